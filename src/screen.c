/*
 * screen.c — the 番号法 screen as public API: the same test that the
 * library applies to card data (core/my_number.c), for clinic systems
 * and for the CLI's file names and CSV headers.
 */
#include "core/my_number.h"
#include "mynaform.h"

int myna_text_has_my_number(const char *text, size_t len) {
  return text && mf_my_number_find(text, len);
}

int myna_name_is_my_number(const char *name, size_t len) {
  return name && mf_my_number_is_key(name, len);
}
