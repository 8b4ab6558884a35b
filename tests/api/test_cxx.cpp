// test_cxx.cpp — the public header compiles as C++ and links.
#include "mynaform.h"

#include <cstdio>
#include <cstring>

int main() {
  myna_ctx *ctx = nullptr;
  myna_status st = myna_ctx_open(nullptr, &ctx);
  if (st != MYNA_OK) {
    std::fprintf(stderr, "%s\n", myna_ctx_errmsg(ctx));
    myna_ctx_free(ctx);
    return 1;
  }
  unsigned char *pdf = nullptr;
  size_t len = 0;
  st = myna_render_memory(ctx, MYNA_DOC_EXPLANATION, nullptr, 0, nullptr, &pdf, &len);
  int rc = (st == MYNA_OK && len > 4 && std::memcmp(pdf, "%PDF", 4) == 0) ? 0 : 1;
  myna_free(pdf);
  myna_ctx_free(ctx);
  std::printf("%s\n", rc == 0 ? "1 passed, 0 failed" : "0 passed, 1 failed");
  return rc;
}
