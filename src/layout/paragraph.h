/*
 * paragraph.h — Japanese line composition of shaped text.
 *
 * Input is shaped text (clusters with natural advances in em, see shape.h);
 * output is lines with the x position of every cluster.  The rules are those
 * of doc/typesetting.md (JLReq / JIS X 4051):
 *  - break opportunities with 行頭禁則 / 行末禁則 and unbreakable sequences
 *    (linebreak.c);
 *  - punctuation as half-width glyphs plus adjustable space (約物), with pair
 *    collapsing — the BIZ UD fonts have no halt/palt, so it is done here;
 *  - 和欧間: 1/4 em between kana/kanji and Latin letters or digits;
 *  - 追い込み / 追い出し to resolve violations, then justification of every
 *    line but the last;
 *  - first-line indent, hanging indent after a ※ / bullet / number marker;
 *  - a line feed in the text is a forced break.
 * Advances are in em so one shaping serves every font size (fit.c relies on
 * this to try sizes without shaping again).
 */
#ifndef MF_PARAGRAPH_H
#define MF_PARAGRAPH_H

#include "layout/shape.h"

/* Line-breaking strictness (typesetting.md §1, "Decision for this project"). */
typedef enum mf_kinsoku {
  MF_KINSOKU_STRICT = 0, /* default: small kana, ー, 〜‐゠– may not start a line */
  MF_KINSOKU_NORMAL = 1  /* those may start a line (very narrow measures) */
} mf_kinsoku;

typedef struct mf_para_opts {
  double size;        /* font size, pt */
  double width;       /* measure, pt */
  double indent;      /* first-line indent, em (1.0 for body paragraphs) */
  double hang;        /* start of second and later lines, em */
  bool hang_marker;   /* later lines start after the leading marker (※, ※1,
                         ・, ●, (1), 1. …) plus its separator; overrides hang */
  bool justify;       /* justify every line but the last (両端揃え) */
  bool wakan;         /* 和欧間 on (paragraphs) — off in data fields */
  mf_kinsoku kinsoku;
  bool prefer_spaces; /* end a line at its last space or address component
                         boundary when it has one (fit.c, §7.1 step 4) */
} mf_para_opts;

typedef struct mf_line {
  size_t a, b;     /* clusters [a, b) on this line (spaces dropped at the
                      line boundaries stay inside the range, x = NAN) */
  double start;    /* pt from the paragraph's left edge to the line start */
  double natural;  /* width before justification, pt */
  double width;    /* width as set, pt (== measure − start for justified) */
  bool forced;     /* ended by a line feed or the end of the text */
  bool emergency;  /* no legal break fitted: broken inside an unbreakable
                      sequence or before a negotiable character, or the
                      line overflows the measure */
} mf_line;

typedef struct mf_para {
  mf_line *lines;
  size_t nlines;
  double *x; /* per cluster: x of the cluster's first glyph origin, pt from
                the paragraph's left edge; NAN when not drawn (a space
                dropped at a line boundary, a line feed) */
  double max_width; /* widest line as set, pt, from the paragraph's left
                       edge (max of start + width) */
} mf_para;

/* Lays out the whole shaped text.  Never fails except on OOM; a cluster
 * wider than the measure gets a line of its own (overflowing). */
myna_status mf_para_layout(myna_ctx *ctx, const mf_shaped *s,
                           const mf_para_opts *o, mf_para *out);
void mf_para_free(mf_para *p);

/* The source text text[*from, *to) of the drawn clusters of line ln of p
 * (a cluster whose x is NaN is not drawn); 0, 0 for a line of none. */
void mf_para_line_span(const mf_shaped *s, const mf_para *p, const mf_line *ln,
                       size_t *from, size_t *to);

/* The 番号法 screen on what is printed, line by line: a text screened whole
 * can still show a 個人番号 on one line when a line breaks inside a longer
 * digit chain (12345678901899 set as 123456789018 / 99).  The 1-based
 * number of the first line of p (set from text) that reads as one, or 0;
 * a single line is the whole text and is not screened again. */
size_t mf_para_my_number_line(const mf_shaped *s, const mf_para *p, const char *text);

/* Natural width of clusters [a, b) on one line, em, with punctuation
 * spacing and (if wakan) 和欧間 applied, as mf_para_layout would set them
 * unjustified. */
double mf_para_natural_em(const mf_shaped *s, size_t a, size_t b, bool wakan);

#endif
