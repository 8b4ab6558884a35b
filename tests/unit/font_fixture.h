/*
 * font_fixture.h — the cmocka fixture of the layout tests: a context for
 * messages and the fonts of the source tree ($MYNAFORM_SOURCE_DIR/fonts,
 * which ctest sets; ./fonts otherwise).
 */
#ifndef MF_TEST_FONT_FIXTURE_H
#define MF_TEST_FONT_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>

#include "core/core.h"
#include "layout/fontset.h"

typedef struct fx {
  myna_ctx ctx;
  mf_fontset *fs;
} fx;

static int setup(void **state) {
  fx *f = calloc(1, sizeof *f);
  if (!f) return -1;
  const char *src = getenv("MYNAFORM_SOURCE_DIR");
  char dir[1024];
  snprintf(dir, sizeof dir, "%s/fonts", src ? src : ".");
  if (mf_fontset_open(&f->ctx, dir, NULL, &f->fs) != MYNA_OK) {
    fprintf(stderr, "fonts: %s\n", f->ctx.errmsg);
    free(f);
    return -1;
  }
  *state = f;
  return 0;
}

static int teardown(void **state) {
  fx *f = *state;
  mf_fontset_free(f->fs);
  mf_ctx_reset(&f->ctx);
  free(f);
  return 0;
}

#endif
