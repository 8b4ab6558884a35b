/*
 * context.c — opening and closing a context: finding the data directory,
 * opening the fonts, loading the templates.
 *
 * The data directory (holding templates/ and fonts/) is, in order: the
 * config's data_dir; $MYNAFORM_DATA_DIR; the source tree when the library
 * runs from its build directory; <prefix>/share/mynaform relative to where
 * the library (or the program it is linked into) is installed, so an
 * installed tree can be moved; the compiled-in install location.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/core.h"
#include "input/template.h"
#include "layout/fontset.h"
#include "render_cache.h"

const char *myna_version(void) { return MYNA_VERSION_STRING; }

static bool is_dir(const char *p) {
  struct stat st;
  return p && stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool has_templates(const char *dir) {
  char *t = mf_path_join(dir, "templates");
  bool ok = t && is_dir(t);
  free(t);
  return ok;
}

/* Directory of the file this function's code was loaded from. */
static char *own_dir(void) {
  Dl_info info;
  if (!dladdr((void *)own_dir, &info) || !info.dli_fname) return NULL;
  char real[PATH_MAX];
  if (!realpath(info.dli_fname, real)) return NULL;
  char *slash = strrchr(real, '/');
  if (!slash) return NULL;
  *slash = '\0';
  return mf_strdup(real);
}

static char *find_data_dir(void) {
  const char *env = getenv("MYNAFORM_DATA_DIR");
  if (env && *env) return mf_strdup(env);
  char *own = own_dir();
  if (own) {
#ifdef MYNAFORM_BUILD_DIR
    /* running from the build tree: use the source tree's data */
    size_t bl = strlen(MYNAFORM_BUILD_DIR);
    if (strncmp(own, MYNAFORM_BUILD_DIR, bl) == 0 &&
        (own[bl] == '/' || own[bl] == '\0') &&
        has_templates(MYNAFORM_SOURCE_DATA_DIR)) {
      free(own);
      return mf_strdup(MYNAFORM_SOURCE_DATA_DIR);
    }
#endif
    /* relocatable install: <prefix>/{bin,lib,lib/<multiarch>}/ → share */
    static const char *const up[] = {"/../" MYNAFORM_DATA_SUBDIR,
                                      "/../../" MYNAFORM_DATA_SUBDIR};
    for (size_t i = 0; i < MF_ARRAY_LEN(up); i++) {
      size_t n = strlen(own) + strlen(up[i]) + 1;
      char *cand = mf_malloc(n);
      if (!cand) break;
      strcpy(cand, own);
      strcat(cand, up[i]);
      char real[PATH_MAX];
      if (realpath(cand, real) && has_templates(real)) {
        free(cand);
        free(own);
        return mf_strdup(real);
      }
      free(cand);
    }
    free(own);
  }
  return mf_strdup(MYNAFORM_INSTALL_DATA_DIR);
}

/* First non-empty of: explicit, environment, data_dir/sub. */
static char *pick_dir(const char *explicit, const char *env_name,
                      const char *data_dir, const char *sub) {
  if (explicit && *explicit) return mf_strdup(explicit);
  const char *env = getenv(env_name);
  if (env && *env) return mf_strdup(env);
  return mf_path_join(data_dir, sub);
}

/* The on-disk cache directory (static_store.h), or NULL for none. */
static char *pick_cache_dir(const myna_config *c) {
  if (c->flags & MYNA_CONFIG_NO_DISK_CACHE) return NULL;
  if (c->cache_dir && *c->cache_dir) return mf_strdup(c->cache_dir);
  const char *env = getenv("MYNAFORM_CACHE_DIR");
  if (env && *env) return strcmp(env, "off") == 0 ? NULL : mf_strdup(env);
  const char *xdg = getenv("XDG_CACHE_HOME");
  if (xdg && xdg[0] == '/') return mf_path_join(xdg, "mynaform");
  const char *home = getenv("HOME");
  if (home && home[0] == '/') return mf_path_join(home, ".cache/mynaform");
  return NULL;
}

myna_status myna_ctx_open(const myna_config *cfg, myna_ctx **out) {
  if (!out) return MYNA_ERR_USAGE;
  *out = NULL;
  myna_ctx *ctx = mf_calloc(1, sizeof *ctx);
  if (!ctx) return MYNA_ERR_NOMEM;
  *out = ctx;
  myna_config c = {0};
  if (cfg) {
    if (cfg->struct_size < sizeof(size_t) || cfg->struct_size > sizeof c)
      return mf_fail(ctx, MYNA_ERR_USAGE,
                     "myna_config.struct_size must be sizeof(myna_config)");
    memcpy(&c, cfg, cfg->struct_size);
  }
  ctx->flags = c.flags;
  ctx->data_dir = c.data_dir && *c.data_dir ? mf_strdup(c.data_dir) : find_data_dir();
  if (!ctx->data_dir) return mf_fail(ctx, MYNA_ERR_NOMEM, "out of memory");
  ctx->font_dir = pick_dir(c.font_dir, "MYNAFORM_FONT_DIR", ctx->data_dir, "fonts");
  ctx->template_dir =
      pick_dir(c.template_dir, "MYNAFORM_TEMPLATE_DIR", ctx->data_dir, "templates");
  ctx->cache_dir = pick_cache_dir(&c);
  if (c.fallback_font && *c.fallback_font)
    ctx->fallback_font = mf_strdup(c.fallback_font);
  if (!ctx->font_dir || !ctx->template_dir)
    return mf_fail(ctx, MYNA_ERR_NOMEM, "out of memory");

  myna_status st = mf_fontset_open(ctx, ctx->font_dir, ctx->fallback_font, &ctx->fonts);
  if (st == MYNA_OK) st = mf_template_set_load(ctx, ctx->template_dir, &ctx->templates);
  if (st == MYNA_OK && !(ctx->cache = mf_cache_new()))
    st = mf_fail(ctx, MYNA_ERR_NOMEM, "out of memory");
  return st;
}

myna_status mf_ctx_clone(const myna_ctx *src, myna_ctx **out) {
  myna_config c = {0};
  c.struct_size = sizeof c;
  c.data_dir = src->data_dir;
  c.font_dir = src->font_dir;
  c.template_dir = src->template_dir;
  c.fallback_font = src->fallback_font;
  c.cache_dir = src->cache_dir;
  c.flags = src->flags | (src->cache_dir ? 0 : MYNA_CONFIG_NO_DISK_CACHE);
  return myna_ctx_open(&c, out);
}

void myna_ctx_free(myna_ctx *ctx) {
  if (!ctx) return;
  mf_ctx_reset(ctx);
  mf_ctx_free_pdfs(ctx); /* before the caches and fonts they use */
  mf_cache_free(ctx->cache);
  mf_template_set_free(ctx->templates);
  mf_fontset_free(ctx->fonts);
  free(ctx->data_dir);
  free(ctx->font_dir);
  free(ctx->template_dir);
  free(ctx->fallback_font);
  free(ctx->cache_dir);
  free(ctx);
}

size_t myna_template_count(const myna_ctx *ctx) {
  return ctx && ctx->templates ? ctx->templates->n : 0;
}

int myna_template_get(const myna_ctx *ctx, size_t index, myna_template_info *info) {
  if (!ctx || !ctx->templates || !info || index >= ctx->templates->n) return -1;
  const mf_template *t = ctx->templates->t[index];
  info->name = t->name;
  info->document = t->document;
  info->edition = t->edition;
  info->date = t->date;
  info->title = t->title;
  info->variant = t->variant;
  return 0;
}
