/* record.c — the record store and the card-data JSON parser that fills it. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "input/date_parse.h"
#include "input/era.h"
#include "core/my_number.h"
#include "input/record.h"
#include "input/text_norm.h"
#include "input/utf8.h"

/* ------------------------------------------------------------------ store */

static const char *const text_keys[] = {
    "name",           "kana",         "address",     "insurer_name",
    "employer",       "phone",        "birth.era",   "birth.year",
    "birth.month",    "birth.day",    "filing_date", "filing.era",
    "filing.year",    "filing.month", "filing.day",  "clinic.name",
    "clinic.address", "clinic.phone", "birth.text",  "filing.era_year",
};
#define TEXT_KEY_COUNT MF_ARRAY_LEN(text_keys)

static const char *const check_keys[] = {
    "insured",         "insurance.shaho", "insurance.kokuho",
    "insurance.kouki", "insurance.other", "insurance.unknown",
    "issued.recent",   "issued.earlier",  "copay.3",
    "copay.2",         "copay.1",         "copay.unknown",
    "era.meiji",       "era.taisho",      "era.showa",
    "era.heisei",      "era.reiwa",       "sex.male",
    "sex.female",      "pinless",
};
#define CHECK_KEY_COUNT MF_ARRAY_LEN(check_keys)

struct mf_record {
  char *text[TEXT_KEY_COUNT];
  bool check[CHECK_KEY_COUNT];
};

static int key_index(const char *const *keys, size_t n, const char *key) {
  if (!key) return -1;
  for (size_t i = 0; i < n; i++)
    if (strcmp(keys[i], key) == 0) return (int)i;
  return -1;
}

bool mf_record_is_text_key(const char *key) {
  return key_index(text_keys, TEXT_KEY_COUNT, key) >= 0;
}

bool mf_record_is_check_key(const char *key) {
  return key_index(check_keys, CHECK_KEY_COUNT, key) >= 0;
}

const char *mf_record_text_key(size_t i) {
  return i < TEXT_KEY_COUNT ? text_keys[i] : NULL;
}

const char *mf_record_check_key(size_t i) {
  return i < CHECK_KEY_COUNT ? check_keys[i] : NULL;
}

mf_record *mf_record_new(void) { return mf_calloc(1, sizeof(mf_record)); }

void mf_record_free(mf_record *rec) {
  if (!rec) return;
  for (size_t i = 0; i < TEXT_KEY_COUNT; i++) mf_free(rec->text[i]);
  mf_free(rec);
}

const char *mf_record_text(const mf_record *rec, const char *key) {
  int i = key_index(text_keys, TEXT_KEY_COUNT, key);
  return rec && i >= 0 ? rec->text[i] : NULL;
}

bool mf_record_check(const mf_record *rec, const char *key) {
  int i = key_index(check_keys, CHECK_KEY_COUNT, key);
  return rec && i >= 0 && rec->check[i];
}

bool mf_record_set_text(mf_record *rec, const char *key, const char *value,
                        size_t len) {
  int i = key_index(text_keys, TEXT_KEY_COUNT, key);
  if (!rec || i < 0) return false;
  char *v = NULL;
  if (value) {
    v = mf_strndup(value, len);
    if (!v) return false;
  }
  mf_free(rec->text[i]);
  rec->text[i] = v;
  return true;
}

bool mf_record_set_check(mf_record *rec, const char *key, bool on) {
  int i = key_index(check_keys, CHECK_KEY_COUNT, key);
  if (!rec || i < 0) return false;
  rec->check[i] = on;
  return true;
}

/* ------------------------------------------------------------------ paths */

#define MN_LAW "a clinic may not collect it (番号法 art. 19–20)"
#define PATH_KEY_MAX 60 /* longer member names are shortened in paths */
/* A path this long (deep nesting) gets no more components but one "…", so
 * that the message after it (what is wrong) always fits. */
#define PATH_SHOWN_MAX 320

static bool plain_key(const char *key) {
  if (!*key) return false;
  for (const unsigned char *k = (const unsigned char *)key; *k; k++)
    if (*k < 0x80 &&
        !(*k == '_' || *k == '-' || *k == '$' || (*k >= '0' && *k <= '9') ||
          (*k >= 'a' && *k <= 'z') || (*k >= 'A' && *k <= 'Z')))
      return false;
  return true;
}

/* Appends ".key" (or ["key"] for an unusual name) to the path; returns the
 * length to restore. */
/* True (and the path ends in "…") if the path is too long to grow. */
static bool path_full(mf_buf *path) {
  if (path->len < PATH_SHOWN_MAX) return false;
  static const char ell[] = "\xE2\x80\xA6"; /* … */
  if (!path->data || path->len < 3 ||
      memcmp(path->data + path->len - 3, ell, 3) != 0)
    mf_buf_puts(path, ell);
  return true;
}

static void path_pop(mf_buf *path, size_t saved) {
  path->len = saved;
  if (path->data) path->data[saved] = '\0';
}

static size_t path_push_key(mf_buf *path, const char *key) {
  size_t saved = path->len;
  if (path_full(path)) return saved;
  size_t n = strlen(key);
  bool cut = false;
  if (n > PATH_KEY_MAX) {
    n = PATH_KEY_MAX;
    while (n > 0 && ((unsigned char)key[n] & 0xC0) == 0x80) n--;
    cut = true;
  }
  if (plain_key(key)) {
    mf_buf_putc(path, '.');
    mf_buf_append(path, key, n);
    if (cut) mf_buf_puts(path, "…");
  } else {
    mf_buf_putc(path, '[');
    mf_buf_json_str(path, key, n);
    if (cut) mf_buf_puts(path, "…");
    mf_buf_putc(path, ']');
  }
  /* Screened names can still make a My Number in a message: a name cut
   * short (13 digits cut to 12), or names in a row ($.1234.5678.9018).
   * Such a member is written [?]. */
  bool digit_like = false; /* a name of ASCII letters and _ - $ adds none */
  for (const unsigned char *k = (const unsigned char *)key; *k && !digit_like; k++)
    digit_like = (*k >= '0' && *k <= '9') || *k >= 0x80;
  if (digit_like && path->data && mf_buf_ok(path) &&
      mf_my_number_find(path->data, path->len)) {
    path_pop(path, saved);
    mf_buf_puts(path, "[?]");
  }
  return saved;
}

static size_t path_push_index(mf_buf *path, size_t i) {
  size_t saved = path->len;
  if (path_full(path)) return saved;
  mf_buf_printf(path, "[%zu]", i);
  return saved;
}


static const char *path_str(const mf_buf *path) {
  return path->data && mf_buf_ok(path) ? path->data : "$";
}

/* ---------------------------------------------------------------- loading */

static bool blank(const char *s, size_t len) {
  for (size_t i = 0; i < len; i++)
    if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
      return false;
  return true;
}

/*
 * Parses JSON text into *root (NULL for no data: empty, blank or null).
 * what names the input in the size-limit message, prefix starts syntax
 * error messages ("" or "$clinic: ").
 */
static myna_status load(myna_ctx *ctx, const char *root_path, const char *what,
                        const char *prefix, const char *json, size_t len,
                        json_t **root) {
  *root = NULL;
  if (len > MYNA_LIMIT_DATA_BYTES)
    return mf_fail(ctx, MYNA_ERR_LIMIT,
                   "%s: %s is larger than MYNA_LIMIT_DATA_BYTES (%u bytes)",
                   root_path, what, MYNA_LIMIT_DATA_BYTES);
  if (len >= 3 && memcmp(json, "\xEF\xBB\xBF", 3) == 0) json += 3, len -= 3;
  if (blank(json, len)) return MYNA_OK;

  json_error_t err;
  json_t *v =
      json_loadb(json, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &err);
  if (!v) {
    switch (json_error_code(&err)) {
      case json_error_out_of_memory:
        return mf_fail(ctx, MYNA_ERR_NOMEM, "%s: out of memory", root_path);
      case json_error_stack_overflow:
        return mf_fail(ctx, MYNA_ERR_LIMIT,
                       "%s: nested deeper than MYNA_LIMIT_JSON_DEPTH (%u)",
                       root_path, MYNA_LIMIT_JSON_DEPTH);
      default:
        break;
    }
    /* jansson ends its text with " near '<token>'": the token may be a
     * value, so it stays only in verbose mode and never if it holds a
     * My Number. */
    char text[sizeof err.text];
    snprintf(text, sizeof text, "%s", err.text);
    char *near = strstr(text, " near ");
    bool keep = near && ctx && mf_verbose(ctx) &&
                !mf_my_number_find(near, strlen(near));
    if (near && !keep) *near = '\0';
    /* the token ends where the lexer stopped, possibly inside a UTF-8
     * sequence: the message keeps only the valid part */
    size_t bad = 0, room = sizeof text - (size_t)(near ? near - text : 0);
    if (keep && mf_utf8_validate(near, strlen(near), &bad) != MF_UTF8_OK) {
      if (bad + 5 > room) bad = room - 5; /* "…'" and the NUL fit */
      while (bad > 0 && ((unsigned char)near[bad] & 0xC0) == 0x80) bad--;
      memcpy(near + bad, "\xE2\x80\xA6'", 5); /* …' */
    }
    return mf_fail(ctx, MYNA_ERR_DATA, "%sline %d, column %d: %s", prefix,
                   err.line, err.column, text);
  }
  if (json_is_null(v)) {
    json_decref(v);
    return MYNA_OK;
  }
  if (!json_is_object(v)) {
    json_decref(v);
    return mf_fail(ctx, MYNA_ERR_DATA, "%s: expected an object", root_path);
  }
  *root = v;
  return MYNA_OK;
}

/* Whether an unknown member's name may be quoted without --verbose: a
 * name can be data (a clinic system that keys objects by patient:
 * "山田太郎"), so only short ASCII identifiers with few digits are shown
 * (a typo such as "nmae" must be, for the hint to help). */
static bool name_showable(const char *key) {
  size_t digits = 0, n = 0;
  for (const char *k = key; *k; k++, n++) {
    if (*k >= '0' && *k <= '9') digits++;
    else if (!((*k >= 'a' && *k <= 'z') || (*k >= 'A' && *k <= 'Z') ||
               *k == '_' || *k == '-' || *k == '$'))
      return false;
  }
  return n <= 32 && digits <= 4;
}

/* ------------------------------------------------- screening: My Number */

static myna_status refuse_my_number(myna_ctx *ctx, const mf_buf *path,
                                    const char *fmt_tail) {
  return mf_fail(ctx, MYNA_ERR_MY_NUMBER, "%s: %s; " MN_LAW, path_str(path),
                 fmt_tail);
}

/* The JSON text the values came from, read again for numbers: jansson
 * keeps a number only as a value, and the screen must see its digits as
 * written (5.123456789018 is printed by %.17g as 5.1234567890180004). */
typedef struct numbers {
  const char *json;
  size_t len, pos;
} numbers;

/* The next number token in document order (strings skipped), or false.
 * jansson keeps members in document order, so the k-th number value that
 * scan_my_number visits is the k-th token. */
static bool next_number(numbers *nu, const char **tok, size_t *n) {
  bool in_string = false;
  while (nu->pos < nu->len) {
    char c = nu->json[nu->pos];
    if (in_string) {
      if (c == '\\') nu->pos++;
      else if (c == '"') in_string = false;
      nu->pos++;
      continue;
    }
    if (c == '"') {
      in_string = true;
      nu->pos++;
      continue;
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
      size_t start = nu->pos;
      while (nu->pos < nu->len && strchr("+-.0123456789eE", nu->json[nu->pos]) &&
             nu->json[nu->pos] != '\0')
        nu->pos++;
      *tok = nu->json + start;
      *n = nu->pos - start;
      return true;
    }
    nu->pos++;
  }
  return false;
}

/* Walks every member name and every string and number value: each is
 * refused if it folds to a 12-digit My Number (my_number.h), and a member
 * named for one is refused whatever it holds. */
static myna_status scan_my_number(myna_ctx *ctx, mf_buf *path, json_t *v,
                                  numbers *nu) {
  switch (json_typeof(v)) {
    case JSON_OBJECT: {
      const char *key;
      json_t *m;
      json_object_foreach(v, key, m) {
        size_t klen = strlen(key);
        if (mf_my_number_find(key, klen))
          return refuse_my_number(ctx, path,
                                  "a member name contains a 12-digit 個人番号 "
                                  "(My Number)");
        size_t saved = path_push_key(path, key);
        if (mf_my_number_is_key(key, klen)) {
          if (!name_showable(key)) path_pop(path, saved); /* may be data */
          return refuse_my_number(
              ctx, path, "a 個人番号 (My Number) field is not accepted");
        }
        myna_status st = scan_my_number(ctx, path, m, nu);
        if (st != MYNA_OK) return st;
        path_pop(path, saved);
      }
      return MYNA_OK;
    }
    case JSON_ARRAY: {
      size_t i;
      json_t *e;
      json_array_foreach(v, i, e) {
        size_t saved = path_push_index(path, i);
        myna_status st = scan_my_number(ctx, path, e, nu);
        if (st != MYNA_OK) return st;
        path_pop(path, saved);
      }
      return MYNA_OK;
    }
    case JSON_STRING:
      if (mf_my_number_find(json_string_value(v), json_string_length(v)))
        return refuse_my_number(ctx, path,
                                "contains a 12-digit 個人番号 (My Number)");
      return MYNA_OK;
    case JSON_INTEGER:
    case JSON_REAL: {
      const char *tok;
      size_t n;
      char num[64];
      if (!nu || !next_number(nu, &tok, &n)) { /* not expected: reprint */
        if (json_is_integer(v))
          snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT,
                   json_integer_value(v));
        else
          snprintf(num, sizeof num, "%.17g", json_real_value(v));
        tok = num;
        n = strlen(num);
      }
      if (mf_my_number_find(tok, n))
        return refuse_my_number(ctx, path,
                                "contains a 12-digit 個人番号 (My Number)");
      return MYNA_OK;
    }
    default:
      return MYNA_OK;
  }
}

/* ---------------------------------------------------- screening: limits */

static myna_status scan_limits(myna_ctx *ctx, mf_buf *path, json_t *v,
                               unsigned depth) {
  if (json_is_object(v) || json_is_array(v)) {
    if (depth + 1 > MYNA_LIMIT_JSON_DEPTH)
      return mf_fail(ctx, MYNA_ERR_LIMIT,
                     "%s: nested deeper than MYNA_LIMIT_JSON_DEPTH (%u)",
                     path_str(path), MYNA_LIMIT_JSON_DEPTH);
  }
  if (json_is_object(v)) {
    const char *key;
    json_t *m;
    json_object_foreach(v, key, m) {
      if (strlen(key) > MYNA_LIMIT_FIELD_BYTES)
        return mf_fail(ctx, MYNA_ERR_LIMIT,
                       "%s: a member name is longer than "
                       "MYNA_LIMIT_FIELD_BYTES (%u bytes)",
                       path_str(path), MYNA_LIMIT_FIELD_BYTES);
      size_t saved = path_push_key(path, key);
      myna_status st = scan_limits(ctx, path, m, depth + 1);
      if (st != MYNA_OK) return st;
      path_pop(path, saved);
    }
  } else if (json_is_array(v)) {
    size_t i;
    json_t *e;
    json_array_foreach(v, i, e) {
      size_t saved = path_push_index(path, i);
      myna_status st = scan_limits(ctx, path, e, depth + 1);
      if (st != MYNA_OK) return st;
      path_pop(path, saved);
    }
  } else if (json_is_string(v) &&
             json_string_length(v) > MYNA_LIMIT_FIELD_BYTES) {
    return mf_fail(ctx, MYNA_ERR_LIMIT,
                   "%s: longer than MYNA_LIMIT_FIELD_BYTES (%u bytes)",
                   path_str(path), MYNA_LIMIT_FIELD_BYTES);
  }
  return MYNA_OK;
}

/* My Number first (anywhere in the document, json[0..len) being the text
 * root was parsed from), then the limits. */
static myna_status screen(myna_ctx *ctx, mf_buf *path, json_t *root,
                          const char *json, size_t len) {
  numbers nu = {json, len, 0};
  myna_status st = scan_my_number(ctx, path, root, &nu);
  if (st == MYNA_OK) st = scan_limits(ctx, path, root, 0);
  if (st == MYNA_OK && !mf_buf_ok(path))
    st = mf_fail(ctx, MYNA_ERR_NOMEM, "$: out of memory");
  return st;
}

/* ---------------------------------------------------------------- members */

typedef myna_status (*norm_fn)(myna_ctx *, const char *, const char *, size_t,
                               char **);

/* One accepted value of an enumerated member. */
typedef struct enum_val {
  const char *text;  /* accepted string (ASCII compared case-insensitively) */
  long long number;  /* accepted JSON number (3 or 3.0), or -1 */
  const char *check; /* check key it ticks, NULL for none */
} enum_val;

typedef enum kind {
  K_TEXT,      /* string → normaliser → text key */
  K_DATE,      /* date string → era text keys */
  K_BOOL,      /* true/false → check key */
  K_ENUM,      /* enumerated string (or number) → one check key */
  K_INSURANCE, /* the insurance object */
  K_CLINIC,    /* the clinic object */
  K_IGNORED    /* "$schema": a string, ignored */
} kind;

typedef struct member {
  const char *name;
  kind kind;
  const char *key; /* text key, check key, or date key prefix */
  norm_fn norm;
  const enum_val *vals;
  size_t nvals;
  bool numbers;         /* the enum also takes JSON integers */
  const char *expected; /* what an enum accepts, for messages */
} member;

static const enum_val sex_vals[] = {
    {"male", 1, "sex.male"},  {"female", 2, "sex.female"},
    {"1", -1, "sex.male"},    {"2", -1, "sex.female"},
    {"9", 9, NULL},           {"男", -1, "sex.male"},
    {"女", -1, "sex.female"}, {"男性", -1, "sex.male"},
    {"女性", -1, "sex.female"},
};
static const enum_val type_vals[] = {
    {"shaho", -1, "insurance.shaho"},
    {"社保", -1, "insurance.shaho"},
    {"kokuho", -1, "insurance.kokuho"},
    {"国保", -1, "insurance.kokuho"},
    {"kouki", -1, "insurance.kouki"},
    {"後期", -1, "insurance.kouki"},
    {"other", -1, "insurance.other"},
    {"その他", -1, "insurance.other"},
    {"unknown", -1, "insurance.unknown"},
    {"わからない", -1, "insurance.unknown"},
};
static const enum_val issued_vals[] = {
    {"within_1_month", -1, "issued.recent"},
    {"1か月以内", -1, "issued.recent"},
    {"earlier", -1, "issued.earlier"},
    {"それより前", -1, "issued.earlier"},
};
static const enum_val copay_vals[] = {
    {"3", 3, "copay.3"},
    {"2", 2, "copay.2"},
    {"1", 1, "copay.1"},
    {"3割", -1, "copay.3"},
    {"2割", -1, "copay.2"},
    {"1割", -1, "copay.1"},
    {"３割", -1, "copay.3"},
    {"２割", -1, "copay.2"},
    {"１割", -1, "copay.1"},
    {"unknown", -1, "copay.unknown"},
    {"わからない", -1, "copay.unknown"},
};

#define ENUM(v) v, MF_ARRAY_LEN(v)

static const member top_members[] = {
    {"name", K_TEXT, "name", mf_norm_name, NULL, 0, false, NULL},
    {"kana", K_TEXT, "kana", mf_norm_kana, NULL, 0, false, NULL},
    {"birth_date", K_DATE, "birth", NULL, NULL, 0, false, NULL},
    {"sex", K_ENUM, NULL, NULL, ENUM(sex_vals), true,
     "\"male\", \"female\", \"男\", \"女\", \"男性\", \"女性\" or an ISO 5218 "
     "code 1, 2 or 9"},
    {"address", K_TEXT, "address", mf_norm_address, NULL, 0, false, NULL},
    {"insurance", K_INSURANCE, NULL, NULL, NULL, 0, false, NULL},
    {"filing_date", K_DATE, "filing", NULL, NULL, 0, false, NULL},
    {"phone", K_TEXT, "phone", mf_norm_phone, NULL, 0, false, NULL},
    {"pinless", K_BOOL, "pinless", NULL, NULL, 0, false, NULL},
    {"clinic", K_CLINIC, NULL, NULL, NULL, 0, false, NULL},
    {"$schema", K_IGNORED, NULL, NULL, NULL, 0, false, NULL},
};

static const member insurance_members[] = {
    {"has_valid_card", K_BOOL, "insured", NULL, NULL, 0, false, NULL},
    {"type", K_ENUM, NULL, NULL, ENUM(type_vals), false,
     "\"shaho\", \"kokuho\", \"kouki\", \"other\", \"unknown\", \"社保\", "
     "\"国保\", \"後期\", \"その他\" or \"わからない\""},
    {"insurer_name", K_TEXT, "insurer_name", mf_norm_line, NULL, 0, false,
     NULL},
    {"employer", K_TEXT, "employer", mf_norm_line, NULL, 0, false, NULL},
    {"issued", K_ENUM, NULL, NULL, ENUM(issued_vals), false,
     "\"within_1_month\", \"earlier\", \"1か月以内\" or \"それより前\""},
    {"copay", K_ENUM, NULL, NULL, ENUM(copay_vals), true,
     "3, 2, 1, \"3割\", \"2割\", \"1割\" (digits half- or full-width), "
     "\"unknown\" or \"わからない\""},
};

static const member clinic_members[] = {
    {"name", K_TEXT, "clinic.name", mf_norm_line, NULL, 0, false, NULL},
    {"address", K_TEXT, "clinic.address", mf_norm_address, NULL, 0, false,
     NULL},
    {"phone", K_TEXT, "clinic.phone", mf_norm_phone, NULL, 0, false, NULL},
};

/* ----------------------------------------------------------------- parser */

typedef struct parser {
  myna_ctx *ctx;
  mf_buf path;
  unsigned flags;
  mf_record *rec;
  mf_date birth, filing;
  bool has_birth, has_filing;
} parser;

static const char *cur_path(const parser *p) { return path_str(&p->path); }

static myna_status fail_nomem(parser *p) {
  return mf_fail(p->ctx, MYNA_ERR_NOMEM, "%s: out of memory", cur_path(p));
}

static myna_status set_text(parser *p, const char *key, const char *value) {
  if (!mf_record_set_text(p->rec, key, value, strlen(value)))
    return fail_nomem(p);
  return MYNA_OK;
}

static char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool ascii_caseeq(const char *a, size_t alen, const char *b) {
  size_t blen = strlen(b);
  if (alen != blen) return false;
  for (size_t i = 0; i < alen; i++)
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  return true;
}

/* Optimal string alignment distance, ASCII case folded; SIZE_MAX for names
 * too long to bother. */
static size_t edit_distance(const char *a, const char *b) {
  enum { MAX = 32 };
  size_t la = strlen(a), lb = strlen(b);
  if (la > MAX || lb > MAX) return SIZE_MAX;
  size_t d[MAX + 1][MAX + 1];
  for (size_t i = 0; i <= la; i++) d[i][0] = i;
  for (size_t j = 0; j <= lb; j++) d[0][j] = j;
  for (size_t i = 1; i <= la; i++)
    for (size_t j = 1; j <= lb; j++) {
      size_t cost = ascii_lower(a[i - 1]) != ascii_lower(b[j - 1]);
      size_t v = d[i - 1][j] + 1;
      if (d[i][j - 1] + 1 < v) v = d[i][j - 1] + 1;
      if (d[i - 1][j - 1] + cost < v) v = d[i - 1][j - 1] + cost;
      if (i > 1 && j > 1 && ascii_lower(a[i - 1]) == ascii_lower(b[j - 2]) &&
          ascii_lower(a[i - 2]) == ascii_lower(b[j - 1]) &&
          d[i - 2][j - 2] + 1 < v)
        v = d[i - 2][j - 2] + 1;
      d[i][j] = v;
    }
  return d[la][lb];
}

/* The known name an unknown member most likely meant, written into out, or
 * false.  At the top level, a member of insurance or clinic is suggested
 * with its parent ("insurance.copay"). */
static bool suggest(const char *key, const member *list, size_t n, bool top,
                    char *out, size_t size) {
  size_t best = SIZE_MAX;
  const char *name = NULL;
  size_t klen = strlen(key);
  for (size_t i = 0; i < n; i++) {
    size_t d = edit_distance(key, list[i].name);
    size_t l = strlen(list[i].name);
    size_t longest = l > klen ? l : klen;
    if (d <= 2 && 3 * d < longest && d < best) best = d, name = list[i].name;
  }
  if (name) {
    snprintf(out, size, "%s", name);
    return true;
  }
  if (!top) return false;
  for (size_t i = 0; i < MF_ARRAY_LEN(insurance_members); i++)
    if (ascii_caseeq(key, klen, insurance_members[i].name)) {
      snprintf(out, size, "insurance.%s", insurance_members[i].name);
      return true;
    }
  return false;
}

/* An unknown member: an error, or a warning with MF_RECORD_ALLOW_UNKNOWN.
 * The path already ends with the member; parent_len is its parent's. */
static myna_status unknown_member(parser *p, const char *key,
                                  const member *list, size_t n, bool top,
                                  size_t parent_len) {
  char hint[64];
  char msg[MF_ERRMSG_SIZE];
  if (!name_showable(key) && !mf_verbose(p->ctx))
    snprintf(msg, sizeof msg,
             "%.*s: an unknown field (its name is shown with --verbose)",
             (int)parent_len, cur_path(p));
  else if (suggest(key, list, n, top, hint, sizeof hint))
    snprintf(msg, sizeof msg, "%s: unknown field (did you mean %s?)",
             cur_path(p), hint);
  else
    snprintf(msg, sizeof msg, "%s: unknown field", cur_path(p));
  if (p->flags & MF_RECORD_ALLOW_UNKNOWN) {
    mf_warn(p->ctx, "%s", msg);
    return MYNA_OK;
  }
  return mf_fail(p->ctx, MYNA_ERR_DATA, "%s", msg);
}

static myna_status parse_text(parser *p, const member *m, json_t *v) {
  if (!json_is_string(v))
    return mf_fail(p->ctx, MYNA_ERR_DATA, "%s: expected a string", cur_path(p));
  char *out = NULL;
  myna_status st = m->norm(p->ctx, cur_path(p), json_string_value(v),
                           json_string_length(v), &out);
  if (st != MYNA_OK) return st;
  /* What is printed is screened too: normalising can turn a spelling the
   * raw screen let through into one it refuses (hostile review, 1). */
  size_t out_len = strlen(out);
  bool same = out_len == json_string_length(v) &&
              memcmp(out, json_string_value(v), out_len) == 0; /* screened */
  if (!same && mf_my_number_find(out, out_len))
    st = refuse_my_number(p->ctx, &p->path,
                          "contains a 12-digit 個人番号 (My Number)");
  else if (*out)
    st = set_text(p, m->key, out); /* "" leaves the field blank */
  mf_free(out);
  return st;
}

/* The forms a date may take, for messages (date_parse.h has the grammar). */
#define DATE_FORMS                                                       \
  "expected a date such as 1989-01-07, 19890107, 1989/1/7, 1989年1月7日, " \
  "昭和64年1月7日, 平成元年1月8日 or S64.1.7"

/* Refuses a date mf_date_read did not accept, saying why; an era date that
 * falls outside its era names the era's bounds and the era the day is in
 * (and, verbose, the day as it should be written). */
static myna_status date_error(parser *p, mf_date_status ds,
                              const mf_date_read_result *r) {
  mf_date bound;
  mf_era_date e;
  char was[32] = "", is[48] = "";
  switch (ds) {
    case MF_DATE_OK:
      break;
    case MF_DATE_SYNTAX:
      return mf_fail(p->ctx, MYNA_ERR_DATA, "%s: not a date (" DATE_FORMS ")",
                     cur_path(p));
    case MF_DATE_TWO_DIGIT_YEAR:
      return mf_fail(p->ctx, MYNA_ERR_DATA,
                     "%s: a two-digit year is not accepted (write the year "
                     "with four digits, 1989/1/7, or with its era, S64.1.7)",
                     cur_path(p));
    case MF_DATE_INVALID:
      return mf_fail(p->ctx, MYNA_ERR_DATA,
                     "%s: no such calendar date (month 1–12, and a day the "
                     "month has)",
                     cur_path(p));
    case MF_DATE_TOO_EARLY:
      return mf_fail(p->ctx, MYNA_ERR_DATA,
                     "%s: before 1873-01-01 (era dates start with the solar "
                     "calendar in 明治6年)",
                     cur_path(p));
    case MF_DATE_ERA_YEAR:
      if (!mf_era_last_day(r->era, &bound)) /* 令和: only year 0 */
        return mf_fail(p->ctx, MYNA_ERR_DATA,
                       "%s: %s has no year 0 (its first year is 元年)",
                       cur_path(p), mf_era_name(r->era));
      mf_era_from_date(&bound, &e);
      return mf_fail(p->ctx, MYNA_ERR_DATA,
                     "%s: %s has no such year: it ran from 元年 to %s年 "
                     "(it ended on %04d-%02d-%02d)",
                     cur_path(p), e.era_name, e.year_text, bound.year,
                     bound.month, bound.day);
    case MF_DATE_ERA_BEFORE:
    case MF_DATE_ERA_AFTER:
      if (ds == MF_DATE_ERA_BEFORE)
        mf_era_first_day(r->era, &bound);
      else
        mf_era_last_day(r->era, &bound);
      mf_era_from_date(&bound, &e);
      mf_era_format(&e, was, sizeof was);
      if (mf_verbose(p->ctx) && mf_era_from_date(&r->date, &e) == MF_DATE_OK) {
        char day[32];
        mf_era_format(&e, day, sizeof day);
        snprintf(is, sizeof is, ": %s", day);
      }
      return mf_fail(p->ctx, MYNA_ERR_DATA,
                     "%s: no such day of %s, which %s on %s (%04d-%02d-%02d); "
                     "the day is in %s%s",
                     cur_path(p), mf_era_name(r->era),
                     ds == MF_DATE_ERA_BEFORE ? "began" : "ended", was,
                     bound.year, bound.month, bound.day,
                     mf_era_name(r->actual), is);
  }
  return mf_fail(p->ctx, MYNA_ERR_INTERNAL, "%s: unhandled date status",
                 cur_path(p));
}

static myna_status parse_date(parser *p, const member *m, json_t *v) {
  if (!json_is_string(v))
    return mf_fail(p->ctx, MYNA_ERR_DATA, "%s: expected a string (%s)",
                   cur_path(p), "a date such as 1989-01-07 or 昭和64年1月7日");
  if (json_string_length(v) == 0) return MYNA_OK;
  mf_date_read_result r;
  mf_era_date e;
  mf_date_status ds =
      mf_date_read(json_string_value(v), json_string_length(v), &r);
  if (ds == MF_DATE_OK) ds = mf_era_from_date(&r.date, &e);
  if (ds != MF_DATE_OK) return date_error(p, ds, &r);
  mf_date d = r.date;
  bool birth = strcmp(m->key, "birth") == 0;
  char key[32], val[32];
  myna_status st = MYNA_OK;
  if (birth) {
    p->birth = d, p->has_birth = true;
    snprintf(key, sizeof key, "era.%s", e.era_key);
    if (!mf_record_set_check(p->rec, key, true)) return fail_nomem(p);
  } else {
    p->filing = d, p->has_filing = true;
    mf_era_format(&e, val, sizeof val);
    st = set_text(p, "filing_date", val);
    /* "令和8": before the form's own 年 on the date line */
    snprintf(val, sizeof val, "%s%s", e.era_name, e.year_text);
    if (st == MYNA_OK) st = set_text(p, "filing.era_year", val);
  }
  snprintf(key, sizeof key, "%s.era", m->key);
  if (st == MYNA_OK) st = set_text(p, key, e.era_name);
  snprintf(key, sizeof key, "%s.year", m->key);
  if (st == MYNA_OK) st = set_text(p, key, e.year_text);
  snprintf(key, sizeof key, "%s.month", m->key);
  snprintf(val, sizeof val, "%d", e.month);
  if (st == MYNA_OK) st = set_text(p, key, val);
  snprintf(key, sizeof key, "%s.day", m->key);
  snprintf(val, sizeof val, "%d", e.day);
  if (st == MYNA_OK) st = set_text(p, key, val);
  if (birth && st == MYNA_OK) { /* "58年4月1日": after the ticked era box */
    char text[48];
    snprintf(text, sizeof text, "%s年%d月%d日", e.year_text, e.month, e.day);
    st = set_text(p, "birth.text", text);
  }
  return st;
}

static myna_status parse_bool(parser *p, const member *m, json_t *v) {
  if (!json_is_boolean(v))
    return mf_fail(p->ctx, MYNA_ERR_DATA,
                   "%s: expected true or false (in a CSV cell also はい or "
                   "いいえ)",
                   cur_path(p));
  mf_record_set_check(p->rec, m->key, json_is_true(v));
  return MYNA_OK;
}

static myna_status parse_enum(parser *p, const member *m, json_t *v) {
  const enum_val *hit = NULL;
  if (json_is_string(v)) {
    const char *s = json_string_value(v);
    size_t n = json_string_length(v);
    if (n == 0) return MYNA_OK;
    for (size_t i = 0; i < m->nvals && !hit; i++)
      if (ascii_caseeq(s, n, m->vals[i].text)) hit = &m->vals[i];
  } else if (m->numbers && json_is_number(v)) {
    /* 3.0 is the same JSON number as 3 (JSON Schema and JavaScript cannot
     * tell them apart; Python writes 3.0 for a float), so a real with an
     * integral value is matched like the integer. */
    double x = json_number_value(v);
    for (size_t i = 0; i < m->nvals && !hit; i++)
      if (m->vals[i].number >= 0 && x == (double)m->vals[i].number)
        hit = &m->vals[i];
  } else {
    return mf_fail(p->ctx, MYNA_ERR_DATA, "%s: expected a string%s",
                   cur_path(p), m->numbers ? " or number" : "");
  }
  if (!hit)
    return mf_fail(p->ctx, MYNA_ERR_DATA, "%s: unknown value (expected %s)",
                   cur_path(p), m->expected);
  if (hit->check) mf_record_set_check(p->rec, hit->check, true);
  return MYNA_OK;
}

static myna_status parse_object(parser *p, json_t *obj, const member *list,
                                size_t n, bool top);

static myna_status parse_member(parser *p, const member *m, json_t *v) {
  if (json_is_null(v)) return MYNA_OK; /* null means absent */
  switch (m->kind) {
    case K_TEXT:
      return parse_text(p, m, v);
    case K_DATE:
      return parse_date(p, m, v);
    case K_BOOL:
      return parse_bool(p, m, v);
    case K_ENUM:
      return parse_enum(p, m, v);
    case K_INSURANCE:
      return parse_object(p, v, insurance_members,
                          MF_ARRAY_LEN(insurance_members), false);
    case K_CLINIC:
      return parse_object(p, v, clinic_members, MF_ARRAY_LEN(clinic_members),
                          false);
    case K_IGNORED:
      if (!json_is_string(v))
        return mf_fail(p->ctx, MYNA_ERR_DATA, "%s: expected a string",
                       cur_path(p));
      return MYNA_OK;
  }
  return mf_fail(p->ctx, MYNA_ERR_INTERNAL, "%s: unhandled member kind",
                 cur_path(p));
}

/* Walks the members of obj in document order. */
static myna_status parse_object(parser *p, json_t *obj, const member *list,
                                size_t n, bool top) {
  if (!json_is_object(obj))
    return mf_fail(p->ctx, MYNA_ERR_DATA, "%s: expected an object",
                   cur_path(p));
  const char *key;
  json_t *v;
  json_object_foreach(obj, key, v) {
    size_t saved = path_push_key(&p->path, key);
    if (!mf_buf_ok(&p->path)) return fail_nomem(p);
    const member *m = NULL;
    for (size_t i = 0; i < n && !m; i++)
      if (strcmp(list[i].name, key) == 0) m = &list[i];
    myna_status st =
        m ? parse_member(p, m, v)
          : unknown_member(p, key, list, n, top, saved);
    if (st != MYNA_OK) return st;
    path_pop(&p->path, saved);
  }
  return MYNA_OK;
}

/* ----------------------------------------------------------------- public */

myna_status mf_record_parse(myna_ctx *ctx, const char *json, size_t len,
                            unsigned flags, mf_record **out) {
  if (!out) return mf_fail(ctx, MYNA_ERR_USAGE, "mf_record_parse: out is NULL");
  *out = NULL;
  if (!json && len)
    return mf_fail(ctx, MYNA_ERR_USAGE, "mf_record_parse: json is NULL");
  parser p = {.ctx = ctx, .flags = flags};
  p.rec = mf_record_new();
  if (!p.rec) return mf_fail(ctx, MYNA_ERR_NOMEM, "$: out of memory");
  json_t *root = NULL;
  myna_status st =
      json ? load(ctx, "$", "card data", "", json, len, &root) : MYNA_OK;
  mf_buf_init(&p.path);
  mf_buf_puts(&p.path, "$");
  if (st == MYNA_OK && root) st = screen(ctx, &p.path, root, json, len);
  if (st == MYNA_OK && root)
    st = parse_object(&p, root, top_members, MF_ARRAY_LEN(top_members), true);
  if (st == MYNA_OK && p.has_birth && p.has_filing &&
      mf_date_cmp(&p.birth, &p.filing) > 0)
    st = mf_fail(ctx, MYNA_ERR_DATA, "$.birth_date: later than $.filing_date");
  json_decref(root);
  mf_buf_free(&p.path);
  if (st != MYNA_OK) {
    mf_record_free(p.rec);
    return st;
  }
  *out = p.rec;
  return MYNA_OK;
}

myna_status mf_record_set_clinic_ex(myna_ctx *ctx, mf_record *rec,
                                    const char *json, size_t len,
                                    unsigned flags) {
  if (!rec)
    return mf_fail(ctx, MYNA_ERR_USAGE, "mf_record_set_clinic: rec is NULL");
  if (!json && len)
    return mf_fail(ctx, MYNA_ERR_USAGE, "mf_record_set_clinic: json is NULL");
  if (!json) return MYNA_OK;
  json_t *root = NULL;
  myna_status st =
      load(ctx, "$clinic", "clinic data", "$clinic: ", json, len, &root);
  if (st != MYNA_OK || !root) return st;
  parser p = {.ctx = ctx, .flags = flags};
  p.rec = mf_record_new();
  mf_buf_init(&p.path);
  mf_buf_puts(&p.path, "$clinic");
  if (!p.rec) st = mf_fail(ctx, MYNA_ERR_NOMEM, "$clinic: out of memory");
  if (st == MYNA_OK) st = screen(ctx, &p.path, root, json, len);
  if (st == MYNA_OK)
    st = parse_object(&p, root, clinic_members, MF_ARRAY_LEN(clinic_members),
                      false);
  if (st == MYNA_OK) {
    /* Replace every clinic.* key; the values move from the scratch record. */
    for (size_t i = 0; i < MF_ARRAY_LEN(clinic_members); i++) {
      int k = key_index(text_keys, TEXT_KEY_COUNT, clinic_members[i].key);
      mf_free(rec->text[k]);
      rec->text[k] = p.rec->text[k];
      p.rec->text[k] = NULL;
    }
  }
  json_decref(root);
  mf_buf_free(&p.path);
  mf_record_free(p.rec);
  return st;
}

myna_status mf_record_set_clinic(myna_ctx *ctx, mf_record *rec,
                                 const char *json, size_t len) {
  return mf_record_set_clinic_ex(ctx, rec, json, len, 0);
}
