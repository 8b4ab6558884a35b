/*
 * tekiyo.c — the 不詳請求 摘要 text (myna_tekiyo): 住所, 事業所名 and 連絡先
 * of a validated record, labelled and ordered by the data file
 * data/tekiyo-labels.json, with every character an online claim cannot
 * carry (outside JIS X 0208, input/jisx0208.h) reported by path and index.
 * It never writes a レセ電 record: their layout belongs to each レセコン.
 */
#include <jansson.h>
#include <string.h>

#include "core/core.h"
#include "input/jisx0208.h"
#include "core/my_number.h"
#include "input/record.h"
#include "input/utf8.h"
#include "mynaform.h"

#define LABELS_FILE "data/tekiyo-labels.json"
#define LABELS_MAX_BYTES (64u * 1024u)
#define LABEL_MAX_BYTES 256u

/* The fields an item may name: record key and the JSON path it comes from. */
static const struct field {
  const char *name, *path;
} fields[] = {
    {"address", "$.address"},
    {"employer", "$.insurance.employer"},
    {"phone", "$.phone"},
};
#define FIELD_COUNT MF_ARRAY_LEN(fields)

typedef struct labels {
  char *heading, *separator;
  size_t n;                        /* items */
  const struct field *field[FIELD_COUNT];
  char *label[FIELD_COUNT];
} labels;

static void labels_free(labels *l) {
  mf_free(l->heading);
  mf_free(l->separator);
  for (size_t i = 0; i < l->n; i++) mf_free(l->label[i]);
}

/* A string member of the labels file whose every character is in JIS X
 * 0208 (a label the claim cannot carry would be a broken file). */
static myna_status label_text(myna_ctx *ctx, json_t *v, const char *where,
                              char **out) {
  if (!json_is_string(v))
    return mf_fail(ctx, MYNA_ERR_TEMPLATE, LABELS_FILE ": %s: expected a string", where);
  const char *s = json_string_value(v);
  size_t len = json_string_length(v);
  if (len > LABEL_MAX_BYTES)
    return mf_fail(ctx, MYNA_ERR_TEMPLATE, LABELS_FILE ": %s: longer than %u bytes",
                   where, LABEL_MAX_BYTES);
  for (size_t i = 0, k = 0; i < len; k++) {
    uint32_t cp;
    size_t adv;
    if (mf_utf8_decode(s + i, len - i, &cp, &adv) != MF_UTF8_OK || !mf_jisx0208_has(cp))
      return mf_fail(ctx, MYNA_ERR_TEMPLATE,
                     LABELS_FILE ": %s: the character at index %zu is not in JIS X 0208", where, k);
    i += adv;
  }
  if (mf_my_number_find(s, len))
    return mf_fail(ctx, MYNA_ERR_TEMPLATE, LABELS_FILE ": %s: holds a 12-digit number",
                   where);
  *out = mf_strndup(s, len);
  return *out ? MYNA_OK : mf_fail(ctx, MYNA_ERR_NOMEM, "out of memory");
}

static myna_status parse_labels(myna_ctx *ctx, const char *text, size_t len, labels *l) {
  json_error_t err;
  json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
  if (!root)
    return mf_fail(ctx, MYNA_ERR_TEMPLATE, LABELS_FILE ": line %d, column %d: %s",
                   err.line, err.column, err.text);
  myna_status st = MYNA_OK;
  const char *key;
  json_t *m;
  json_object_foreach(root, key, m) {
    if (strcmp(key, "$comment") && strcmp(key, "heading") && strcmp(key, "separator") &&
        strcmp(key, "items")) {
      st = mf_fail(ctx, MYNA_ERR_TEMPLATE, LABELS_FILE ": $: unknown member");
      goto done;
    }
  }
  st = label_text(ctx, json_object_get(root, "heading"), "$.heading", &l->heading);
  if (st == MYNA_OK)
    st = label_text(ctx, json_object_get(root, "separator"), "$.separator", &l->separator);
  if (st != MYNA_OK) goto done;
  json_t *items = json_object_get(root, "items");
  if (!json_is_array(items) || json_array_size(items) == 0 ||
      json_array_size(items) > FIELD_COUNT) {
    st = mf_fail(ctx, MYNA_ERR_TEMPLATE,
                 LABELS_FILE ": $.items: expected an array of 1 to %zu items", FIELD_COUNT);
    goto done;
  }
  size_t i;
  json_t *it;
  json_array_foreach(items, i, it) {
    char where[64];
    snprintf(where, sizeof where, "$.items[%zu]", i);
    json_t *f = json_object_get(it, "field");
    if (!json_is_object(it) || json_object_size(it) != 2 || !json_is_string(f)) {
      st = mf_fail(ctx, MYNA_ERR_TEMPLATE,
                   LABELS_FILE ": %s: expected {\"field\": …, \"label\": …}", where);
      goto done;
    }
    const struct field *fd = NULL;
    for (size_t k = 0; k < FIELD_COUNT; k++)
      if (!strcmp(json_string_value(f), fields[k].name)) fd = &fields[k];
    for (size_t k = 0; fd && k < l->n; k++)
      if (l->field[k] == fd) fd = NULL;
    if (!fd) {
      st = mf_fail(ctx, MYNA_ERR_TEMPLATE,
                   LABELS_FILE ": %s.field: expected \"address\", \"employer\" or "
                   "\"phone\", each once", where);
      goto done;
    }
    strcat(where, ".label");
    char *label = NULL;
    st = label_text(ctx, json_object_get(it, "label"), where, &label);
    if (st != MYNA_OK) goto done;
    l->field[l->n] = fd;
    l->label[l->n++] = label;
  }
done:
  json_decref(root);
  return st;
}

static myna_status load_labels(myna_ctx *ctx, labels *l) {
  char *path = mf_path_join(ctx->data_dir, LABELS_FILE);
  if (!path) return mf_fail(ctx, MYNA_ERR_NOMEM, "out of memory");
  if (!mf_file_exists(path)) {
    free(path);
    return mf_fail(ctx, MYNA_ERR_RESOURCE,
                   LABELS_FILE ": not found in the data directory");
  }
  char *text = NULL;
  size_t len = 0;
  myna_status st = mf_read_file(ctx, path, LABELS_MAX_BYTES, "the labels file limit", &text, &len);
  free(path);
  if (st == MYNA_ERR_LIMIT) st = MYNA_ERR_TEMPLATE;
  if (st == MYNA_OK) st = parse_labels(ctx, text, len, l);
  mf_free(text);
  return st;
}

/* ------------------------------------------------------------ the text */

/* One character an online claim cannot carry. */
typedef struct offender {
  const char *path;
  size_t index;
  uint32_t cp;
} offender;

typedef struct tekiyo {
  mf_buf text;
  json_t *items, *bad; /* JSON mode only */
  offender *off;
  size_t noff, off_cap;
} tekiyo;

/* Appends value (a record text) written full-width to b: printable ASCII
 * to U+FF01–U+FF5E, a space or a line break to U+3000.  Every character
 * not in JIS X 0208 afterwards is added to t->off with its index. */
static bool put_value(tekiyo *t, mf_buf *b, const struct field *fd, const char *v) {
  size_t len = strlen(v), index = 0;
  for (size_t i = 0; i < len; index++) {
    uint32_t cp;
    size_t adv;
    if (mf_utf8_decode(v + i, len - i, &cp, &adv) != MF_UTF8_OK) return false; /* validated */
    i += adv;
    if (cp == 0x20 || cp == 0x0A) cp = 0x3000;
    else if (cp > 0x20 && cp < 0x7F) cp += 0xFF01 - 0x21;
    mf_utf8_append(b, cp);
    if (mf_jisx0208_has(cp)) continue;
    if (t->noff == t->off_cap) {
      size_t cap = t->off_cap ? 2 * t->off_cap : 16;
      offender *o = mf_reallocarray(t->off, cap, sizeof *o);
      if (!o) return false;
      t->off = o;
      t->off_cap = cap;
    }
    t->off[t->noff++] = (offender){fd->path, index, cp};
  }
  return mf_buf_ok(b);
}

static myna_status build(myna_ctx *ctx, const labels *l, const mf_record *rec, bool json,
                         tekiyo *t) {
  mf_buf_puts(&t->text, l->heading);
  size_t shown = 0;
  for (size_t i = 0; i < l->n; i++) {
    const char *v = mf_record_text(rec, l->field[i]->name);
    if (!v || !*v) continue; /* empty items are left out */
    if (t->text.len) mf_buf_puts(&t->text, l->separator);
    mf_buf_puts(&t->text, l->label[i]);
    mf_buf value;
    mf_buf_init(&value);
    bool ok = put_value(t, &value, l->field[i], v);
    if (ok) mf_buf_append(&t->text, value.data, value.len);
    if (ok && json) {
      json_t *item = json_pack("{s:s, s:s, s:s, s:s%}", "field", l->field[i]->name, "path",
                               l->field[i]->path, "label", l->label[i], "value",
                               value.data, value.len);
      ok = item && json_array_append_new(t->items, item) == 0;
    }
    mf_buf_free(&value);
    if (!ok) return mf_fail(ctx, MYNA_ERR_NOMEM, "out of memory");
    shown++;
  }
  if (!shown) {
    size_t n = 0;
    char names[96] = "";
    for (size_t i = 0; i < l->n; i++)
      n += (size_t)snprintf(names + n, sizeof names - n, "%s%s",
                            i == 0 ? "" : i + 1 == l->n ? " or " : ", ", l->field[i]->path);
    return mf_fail(ctx, MYNA_ERR_DATA,
                   "$: the 摘要 of a 不詳請求 needs %s; the data has none of them", names);
  }
  if (!mf_buf_ok(&t->text)) return mf_fail(ctx, MYNA_ERR_NOMEM, "out of memory");
  /* Values are screened one by one; the joined text is screened too (a
   * separator or label of digits could join two values into one number). */
  if (mf_my_number_find(t->text.data, t->text.len))
    return mf_fail(ctx, MYNA_ERR_MY_NUMBER,
                   "$: the 摘要 text would contain a 12-digit 個人番号 (My Number); a "
                   "clinic may not collect it (番号法 art. 19–20)");
  for (size_t i = 0; i < t->noff; i++) {
    const offender *o = &t->off[i];
    char cp[16] = "";
    if (mf_verbose(ctx)) snprintf(cp, sizeof cp, "U+%04X", (unsigned)o->cp);
    mf_warn(ctx,
            "%s: the character at index %zu is not in JIS X 0208: an online claim cannot carry "
            "it%s%s%s",
            o->path, o->index, *cp ? " (" : "", cp, *cp ? ")" : "");
    if (!json) continue;
    json_t *e = *cp ? json_pack("{s:s, s:I, s:s}", "path", o->path, "index",
                                (json_int_t)o->index, "cp", cp)
                    : json_pack("{s:s, s:I}", "path", o->path, "index",
                                (json_int_t)o->index);
    if (!e || json_array_append_new(t->bad, e) != 0)
      return mf_fail(ctx, MYNA_ERR_NOMEM, "out of memory");
  }
  return MYNA_OK;
}

myna_status myna_tekiyo(myna_ctx *ctx, const char *data, size_t data_len,
                        const myna_tekiyo_opts *opts, char **out) {
  if (!ctx) return MYNA_ERR_USAGE;
  mf_ctx_reset(ctx);
  if (!out) return mf_fail(ctx, MYNA_ERR_USAGE, "out is NULL");
  *out = NULL;
  if (!ctx->data_dir) return mf_fail(ctx, MYNA_ERR_USAGE, "the context failed to open");
  if (data_len && !data) return mf_fail(ctx, MYNA_ERR_USAGE, "data is NULL");
  myna_tekiyo_opts o = {0};
  if (opts) {
    if (opts->struct_size < sizeof(size_t) || opts->struct_size > sizeof o)
      return mf_fail(ctx, MYNA_ERR_USAGE,
                     "myna_tekiyo_opts.struct_size must be sizeof(myna_tekiyo_opts)");
    memcpy(&o, opts, opts->struct_size);
  }
  if (o.flags & ~(unsigned)(MYNA_TEKIYO_JSON | MYNA_TEKIYO_ALLOW_UNKNOWN))
    return mf_fail(ctx, MYNA_ERR_USAGE, "myna_tekiyo_opts.flags: unknown flag");
  bool json = o.flags & MYNA_TEKIYO_JSON;

  mf_record *rec = NULL;
  myna_status st = mf_record_parse(ctx, data, data ? data_len : 0,
                                   (o.flags & MYNA_TEKIYO_ALLOW_UNKNOWN)
                                       ? MF_RECORD_ALLOW_UNKNOWN : 0,
                                   &rec);
  if (st != MYNA_OK) return st;
  labels l = {0};
  st = load_labels(ctx, &l);
  tekiyo t = {0};
  mf_buf_init(&t.text);
  if (st == MYNA_OK && json && (!(t.items = json_array()) || !(t.bad = json_array())))
    st = mf_fail(ctx, MYNA_ERR_NOMEM, "out of memory");
  if (st == MYNA_OK) st = build(ctx, &l, rec, json, &t);
  if (st == MYNA_OK && json) {
    json_t *root = json_pack("{s:s%, s:O, s:O}", "text", t.text.data, t.text.len, "items",
                             t.items, "not_jis_x0208", t.bad);
    *out = root ? json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(root);
    if (!*out) st = mf_fail(ctx, MYNA_ERR_NOMEM, "out of memory");
  } else if (st == MYNA_OK) {
    *out = mf_buf_take(&t.text);
    if (!*out) st = mf_fail(ctx, MYNA_ERR_NOMEM, "out of memory");
  }
  json_decref(t.items);
  json_decref(t.bad);
  mf_free(t.off);
  mf_buf_free(&t.text);
  labels_free(&l);
  mf_record_free(rec);
  return st;
}
