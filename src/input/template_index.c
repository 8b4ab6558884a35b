/* template_index.c — template headers in the on-disk cache (template_index.h). */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/serial.h"
#include "input/template_index.h"
#include "input/utf8.h"

#define MAGIC "MYNAFORM-TINDEX\x01"
#define MAX_FILE (1u << 20)

static int by_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

bool mf_template_index_key(const char *dir, mf_buf *key) {
  DIR *d = opendir(dir);
  if (!d) return false;
  char **names = NULL;
  size_t n = 0, cap = 0;
  bool ok = true;
  struct dirent *e;
  while (ok && (e = readdir(d))) {
    if (!mf_template_is_file_name(e->d_name)) continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 16;
      char **nn = mf_reallocarray(names, cap, sizeof *names);
      if (!nn) {
        ok = false;
        break;
      }
      names = nn;
    }
    if (!(names[n] = mf_strdup(e->d_name))) ok = false;
    else n++;
  }
  closedir(d);
  if (ok) qsort(names, n, sizeof *names, by_str);
  /* 2: a template whose file name has a control character is refused, so
   * an index of version 1 may list one */
  mf_buf_printf(key, "mynaform %s template-index 2\ndir %s\n", MYNA_VERSION_STRING, dir);
  for (size_t i = 0; ok && i < n; i++) {
    char *path = mf_path_join(dir, names[i]);
    mf_buf_puts(key, names[i]);
    ok = path && mf_buf_file_id(key, path);
    free(path);
  }
  for (size_t i = 0; i < n; i++) free(names[i]);
  free(names);
  return ok && mf_buf_ok(key);
}

static void file_name(const mf_buf *key, char out[64]) {
  snprintf(out, 64, "templates-%016llx.idx",
           (unsigned long long)mf_hash64(key->data, key->len, 0));
}

void mf_template_index_save(const char *cache_dir, const mf_buf *key,
                            const mf_template_set *s) {
  if (!cache_dir) return;
  mf_buf p, file;
  mf_buf_init(&p);
  mf_buf_init(&file);
  mf_ser_u32(&p, (uint32_t)s->n);
  for (size_t i = 0; i < s->n; i++) {
    const mf_template *t = s->t[i];
    mf_ser_str(&p, t->name);
    mf_ser_str(&p, t->path);
    mf_ser_u32(&p, (uint32_t)t->document);
    mf_ser_str(&p, t->title);
    mf_ser_str(&p, t->edition);
    mf_ser_str(&p, t->date);
    mf_ser_str(&p, t->variant);
  }
  mf_cache_pack(&file, MAGIC, key, &p);
  char name[64];
  file_name(key, name);
  if (mf_buf_ok(&p) && mf_buf_ok(&file)) mf_cache_file_write(cache_dir, name, file.data, file.len);
  mf_buf_free(&p);
  mf_buf_free(&file);
}

/* The directory a key names ("…\ndir DIR\n", mf_template_index_key) and
 * where its list of files starts. */
static bool key_dir(const mf_buf *key, char **dir, const char **files) {
  const char *p = key->data, *end = p + key->len;
  const char *nl = key->len ? memchr(p, '\n', key->len) : NULL;
  if (!nl || end - nl < 5 || memcmp(nl + 1, "dir ", 4) != 0) return false;
  const char *d = nl + 5, *dn = memchr(d, '\n', (size_t)(end - d));
  if (!dn || memchr(d, '\0', (size_t)(dn - d))) return false;
  *dir = mf_strndup(d, (size_t)(dn - d));
  *files = dn + 1;
  return *dir != NULL;
}

/* The next file name of a key's list ("NAME DEV INO SIZE MTIME\n"). */
static bool key_file(const char **p, const char *end, const char **name, size_t *len) {
  const char *nl = *p < end ? memchr(*p, '\n', (size_t)(end - *p)) : NULL;
  if (!nl) return false;
  const char *q = nl;
  for (int spaces = 0; spaces < 4;) {
    if (q == *p) return false;
    if (*--q == ' ') spaces++;
  }
  *name = *p;
  *len = (size_t)(q - *p);
  *p = nl + 1;
  return true;
}

/* Template text as template.c accepts it: UTF-8 without control characters
 * other than LF. */
static bool text_ok(const char *s) {
  size_t n = strlen(s);
  for (size_t i = 0; i < n; i++)
    if (((unsigned char)s[i] < 0x20 && s[i] != '\n') || s[i] == 0x7F) return false;
  return mf_utf8_validate(s, n, NULL) == MF_UTF8_OK;
}

/* The set is the directory's: one template per file the key lists, each
 * named after its file and at its path (as set_load_all loads them), with
 * header strings the parser could have given.  An index that says
 * otherwise would load other files or choose another default template. */
static bool matches_key(const mf_template_set *s, const mf_buf *key) {
  char *dir;
  const char *files, *end = key->data + key->len, *p, *f;
  size_t fl, nfiles = 0;
  if (!key_dir(key, &dir, &files)) return false;
  for (p = files; key_file(&p, end, &f, &fl);) nfiles++;
  bool ok = p == end && nfiles == s->n;
  for (size_t i = 0; ok && i < s->n; i++) {
    const mf_template *t = s->t[i];
    size_t n = strlen(t->name);
    bool listed = false;
    for (p = files; !listed && key_file(&p, end, &f, &fl);)
      listed = fl == n + 5 && memcmp(f, t->name, n) == 0 && memcmp(f + n, ".json", 5) == 0;
    for (size_t j = 0; listed && j < i; j++)
      if (strcmp(s->t[j]->name, t->name) == 0) listed = false;
    char *file = listed ? mf_malloc(n + 6) : NULL;
    char *path = NULL;
    if (file) {
      memcpy(file, t->name, n);
      memcpy(file + n, ".json", 6);
      path = mf_path_join(dir, file);
    }
    ok = path && strcmp(path, t->path) == 0 && text_ok(t->title) && text_ok(t->edition) &&
         text_ok(t->variant) && strlen(t->date) == 10 && t->date[4] == '-' &&
         t->date[7] == '-' && text_ok(t->date);
    free(file);
    free(path);
  }
  free(dir);
  return ok;
}

static bool decode(mf_rd *r, const mf_buf *key, mf_template_set *s) {
  uint32_t n = mf_rd_u32(r);
  if (r->bad || n > MYNA_LIMIT_TEMPLATES || n > (r->n - r->pos) / 28) return false;
  for (uint32_t i = 0; i < n; i++) {
    mf_template *t = mf_calloc(1, sizeof *t);
    if (!t) return false;
    s->t[s->n++] = t;
    t->name = mf_rd_str(r);
    t->path = mf_rd_str(r);
    uint32_t doc = mf_rd_u32(r);
    t->title = mf_rd_str(r);
    t->edition = mf_rd_str(r);
    t->date = mf_rd_str(r);
    t->variant = mf_rd_str(r);
    if (r->bad || doc < MYNA_DOC_DECLARATION || doc > MYNA_DOC_NOTICE) return false;
    t->document = (myna_document)doc;
    t->parsed = false;
  }
  return mf_rd_done(r) && matches_key(s, key);
}

bool mf_template_index_decode(const unsigned char *data, size_t len, const mf_buf *key,
                              mf_template_set *s) {
  mf_rd r;
  if (mf_cache_unpack(data, len, MAGIC, key, &r) && decode(&r, key, s)) return true;
  for (size_t i = 0; i < s->n; i++) mf_template_free(s->t[i]);
  s->n = 0;
  return false;
}

bool mf_template_index_load(const char *cache_dir, const mf_buf *key, mf_template_set *s) {
  char name[64];
  file_name(key, name);
  unsigned char *data;
  size_t len;
  if (!mf_cache_file_read(cache_dir, name, MAX_FILE, &data, &len)) return false;
  bool ok = mf_template_index_decode(data, len, key, s);
  free(data);
  return ok;
}
