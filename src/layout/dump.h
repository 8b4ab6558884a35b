/*
 * dump.h — a deterministic text dump of a laid-out page, for golden tests
 * and for people tuning templates (mynaform --dump-layout).  Positions are
 * printed in pt with two decimals; glyphs by ID, with their source text.
 */
#ifndef MF_DUMP_H
#define MF_DUMP_H

#include "layout/page.h"

void mf_dump_page(mf_buf *out, const mf_fontset *fs, const mf_page *p);

#endif
