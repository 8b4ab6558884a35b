/*
 * compose.h — laying out one template page for one record: static text,
 * rules and grids, fields fitted into their boxes, ticked checkboxes, the QR
 * code.  Output is a page display list (page.h).
 */
#ifndef MF_COMPOSE_H
#define MF_COMPOSE_H

#include "input/record.h"
#include "input/template.h"
#include "layout/fontset.h"
#include "layout/page.h"

typedef struct mf_compose_opts {
  const char *qr_url; /* URL of QR items */
} mf_compose_opts;

/* Which part of a page to lay out.  The static part (rules, grids, static
 * text, checkbox frames and labels) is the same for every record and is
 * laid out once per context; the data part (fields, ticks, conditional
 * items, the QR code, and items flowed below a conditional one) for each
 * record.  MF_COMPOSE_ALL does both into one page. */
typedef enum mf_compose_part {
  MF_COMPOSE_ALL = 0,
  MF_COMPOSE_STATIC = 1,
  MF_COMPOSE_DATA = 2
} mf_compose_part;

/* Appends the chosen part of the template's page for rec to page (which the
 * caller cleared).  rec is not read for MF_COMPOSE_STATIC (may be NULL).
 * Fails (MYNA_ERR_FIT, MYNA_ERR_GLYPH, …) with a message naming the field;
 * MYNA_ERR_TEMPLATE naming the item when an item it draws (but a field,
 * whose box the template check placed) puts ink outside the printable area
 * (MF_TPL_MARGIN) or needs distributed text below 4 pt. */
myna_status mf_compose(myna_ctx *ctx, const mf_fontset *fs, const mf_template *t,
                       const mf_record *rec, const mf_compose_opts *o,
                       mf_compose_part part, mf_page *page);

/* The JSON path of a record key, for messages ("insurer_name" →
 * "$.insurance.insurer_name"). */
const char *mf_record_key_path(const char *key, char *buf, size_t size);

#endif
