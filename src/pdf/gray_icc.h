/*
 * gray_icc.h — the Gray ICC profile of PDF/A output intents
 * (data/icc/Gray.icc, compiled in at build time: see data/icc/README.md).
 */
#ifndef MF_GRAY_ICC_H
#define MF_GRAY_ICC_H

#include <stddef.h>

extern const unsigned char mf_gray_icc[];
extern const size_t mf_gray_icc_len;

#endif
