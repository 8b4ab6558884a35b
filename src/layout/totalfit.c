/*
 * totalfit.c — paragraph-wide line breaking of justified text: Knuth–Plass
 * total fit over the legal breaks (linebreak.c), with the adjustment model
 * of para_model.h (typesetting.md §3, JLReq 3.8).
 *
 * The candidates are the boundaries where a line may end: ordinary breaks
 * (MF_BRK_ALLOW and better) and, with a penalty, the breaks inside a URL or
 * mail address (MF_BRK_URL).  A line from candidate i to candidate j is
 * measured in O(1): natural width, shrink and stretch are kept as sums from
 * the paragraph start to each candidate, as a line's end and as its start.
 *
 * Fewest lines first.  greedy[i], the fewest lines from candidate i to the
 * end, is computed backwards with one pointer (ending a line as late as it
 * fits gives the fewest lines, since a shorter line always fits when a
 * longer one does).  A candidate reached after k lines can then lie on a
 * path of greedy[0] lines only if k + greedy[i] == greedy[0], so the search
 * is layered: from i only the candidates j with greedy[j] == greedy[i] − 1
 * are tried, and of those only the ones whose line neither overflows nor,
 * in the first pass, stretches past the limits (a window that moves forward
 * with i).  Only when the first pass finds no path does a second allow four
 * times the limits, and a third any stretch: the greedy path itself is then
 * always there.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "layout/linebreak.h"
#include "layout/totalfit.h"

#define LINE_PENALTY 10.0
#define URL_DEMERITS (50.0 * 50.0)
/* a break inside a date (令和5年|7月, MF_BRK_DATE): preferred to a line
 * spread by more than about 0.3 em between characters */
#define DATE_DEMERITS (25.0 * 25.0)
/* a break inside a short quoted term (「資格情報なし」): a UI label the
 * reader looks for on a screen is kept whole where a line allows */
#define QUOTE_DEMERITS (25.0 * 25.0)
#define QUOTE_MAX 16 /* clusters between 「 and 」 for a short term */
#define ORPHAN_DEMERITS (100.0 * 100.0)
#define STRETCH_WEIGHT 100.0
#define SHRINK_WEIGHT 25.0 /* JLReq 3.8: reduction is preferred */
#define MAX_BADNESS 1e6    /* a line with nothing that may stretch */
#define NONE UINT32_MAX

typedef struct tf {
  const mf_lay *L;
  size_t a, end;
  double avail1, avail;
  /* per candidate j, sums (em) from the paragraph start: natural width,
   * shrink and stretch up to the end of the content of a line ending at j
   * (with the S2 half em of a line-end 。), and before the start of a line
   * starting at j (with the gap before it, which a line start drops) */
  double *endn, *ends, *endt, *startn, *starts, *startt, *dem;
  uint32_t *cand, *greedy, *prev, *first; /* first[g]: first i, greedy g */
  uint8_t *stop; /* STOP: the line ending at j ends with a 。 (S2);
                    QUOTED: j lies inside a short 「…」 */
  size_t nc;
} tf;

/* One line as set: natural width with the line-end 。's half em (s2), its
 * total shrink (with s2) and stretch at ratio 1, em. */
enum { STOP = 1, QUOTED = 2 };

typedef struct line {
  double nat, shr, str, s2, avail;
  bool last;
} line;

size_t mf_tf_scratch_size(size_t n) {
  size_t per = 7 * sizeof(double) + 4 * sizeof(uint32_t) + 1;
  return ((n + 1) * per + 7) / 8 * 8;
}

static inline void measure(const tf *T, size_t i, size_t j, line *ln) {
  ln->last = j + 1 == T->nc;
  ln->avail = i == 0 ? T->avail1 : T->avail;
  ln->s2 = (T->stop[j] & STOP) ? MF_HALF : 0;
  ln->nat = T->endn[j] - T->startn[i];
  ln->shr = T->ends[j] - T->starts[i];
  ln->str = T->endt[j] - T->startt[i];
  if (ln->nat < ln->s2) { /* nothing but spaces */
    ln->nat = ln->shr = ln->str = ln->s2 = 0;
  }
}

static inline bool fits(const line *ln) {
  return ln->nat - ln->shr <= ln->avail + MF_EPS;
}

/* Badness of a line that fits, or −1 if this pass must not use it
 * (stretched past rmax times the limits; with nothing that may stretch,
 * unless rmax is infinite). */
static double badness(const line *ln, double rmax) {
  double need = ln->nat - ln->avail;
  if (ln->last) {
    if (need <= MF_EPS) return 0;
    double rho = need / (ln->shr > MF_EPS ? ln->shr : 1);
    return SHRINK_WEIGHT * rho * rho * rho;
  }
  if (need > MF_EPS && ln->s2 > 0) need -= ln->s2; /* S2, all or nothing */
  if (need > MF_EPS) {
    double sh = ln->shr - ln->s2;
    double rho = need / (sh > MF_EPS ? sh : 1);
    return SHRINK_WEIGHT * rho * rho * rho;
  }
  double room = -need;
  if (room <= MF_EPS) return 0;
  if (ln->str <= MF_EPS) return isinf(rmax) ? MAX_BADNESS : -1;
  double r = room / ln->str;
  if (r > rmax + MF_EPS) return -1;
  double b = STRETCH_WEIGHT * r * r * r;
  return b < MAX_BADNESS ? b : MAX_BADNESS;
}

/* A last line of one character (a closing bracket or stop after it does
 * not count: 「す。」), from candidate i to the end. */
static bool orphan(const tf *T, size_t i) {
  const mf_lay *L = T->L;
  int chars = 0;
  for (size_t k = T->end; k > T->cand[i] && chars < 2; k--) {
    uint8_t kd = L->kind[k - 1];
    if (kd == MF_K_NORMAL || kd == MF_K_OPEN) chars++;
  }
  return chars < 2;
}

/* Fewest lines from every candidate to the end (NONE: some part cannot be
 * set), and first[g], the first candidate needing g lines. */
static size_t count_lines(tf *T) {
  size_t nc = T->nc, jp = nc - 1;
  line ln;
  T->greedy[nc - 1] = 0;
  for (size_t i = nc - 1; i-- > 1;) {
    for (;;) { /* the furthest end that fits; moves back with i */
      measure(T, i, jp, &ln);
      if (fits(&ln) || jp == i + 1) break;
      jp--;
    }
    T->greedy[i] = fits(&ln) && T->greedy[jp] != NONE ? T->greedy[jp] + 1 : NONE;
  }
  /* the first line has its own measure: the furthest end that fits */
  T->greedy[0] = NONE;
  size_t far = 0;
  for (size_t j = 1; j < nc; j++) {
    measure(T, 0, j, &ln);
    if (!fits(&ln)) break;
    far = j;
  }
  if (far && T->greedy[far] != NONE) T->greedy[0] = T->greedy[far] + 1;
  size_t k = T->greedy[0];
  if (k == NONE) return 0;
  for (size_t g = 0; g <= k; g++) T->first[g] = NONE;
  for (size_t i = nc; i-- > 0;)
    if (T->greedy[i] != NONE && T->greedy[i] <= k) T->first[T->greedy[i]] = (uint32_t)i;
  return k;
}

/* One pass of the layered search, with lines stretched up to rmax times
 * the limits; true if the end was reached. */
static bool search(tf *T, double rmax) {
  const mf_lay *L = T->L;
  size_t nc = T->nc, lo = 1;
  for (size_t i = 0; i < nc; i++) {
    T->dem[i] = INFINITY;
    T->prev[i] = NONE;
  }
  T->dem[0] = 0;
  line ln;
  for (size_t i = 0; i + 1 < nc; i++) {
    if (T->dem[i] == INFINITY || T->greedy[i] == NONE || T->greedy[i] == 0)
      continue;
    uint32_t target = T->greedy[i] - 1;
    size_t j = T->first[target];
    if (j == NONE) continue;
    if (j <= i) j = i + 1;
    if (!isinf(rmax)) {
      /* the window: lines ending before w stretch past rmax (the half em
       * covers a line-end 。); for i > 0 it only moves forward */
      size_t w = i == 0 ? 1 : (lo > i ? lo : i + 1);
      for (; w + 1 < nc; w++) {
        measure(T, i, w, &ln);
        if (ln.nat + rmax * ln.str + MF_HALF >= ln.avail - MF_EPS) break;
      }
      if (i > 0) lo = w;
      if (w > j) j = w;
    }
    for (; j < nc && T->greedy[j] == target; j++) {
      measure(T, i, j, &ln);
      if (!fits(&ln)) break; /* later ends are longer still */
      double b = badness(&ln, rmax);
      if (b < 0) continue;
      double d = T->dem[i] + (LINE_PENALTY + b) * (LINE_PENALTY + b);
      if (ln.last) {
        if (i > 0 && orphan(T, i)) d += ORPHAN_DEMERITS;
      } else {
        uint8_t br = L->brk[T->cand[j]];
        if ((br & MF_BRK_LEVEL) == MF_BRK_URL) d += URL_DEMERITS;
        if (br & MF_BRK_DATE) d += DATE_DEMERITS;
        if (T->stop[j] & QUOTED) d += QUOTE_DEMERITS;
      }
      if (d < T->dem[j]) {
        T->dem[j] = d;
        T->prev[j] = (uint32_t)i;
      }
    }
  }
  return T->dem[nc - 1] != INFINITY;
}

size_t mf_tf_break(const mf_lay *L, size_t a, size_t end, double avail1,
                   double avail, void *scratch, size_t *ends) {
  if (end <= a) return 0;
  size_t m = end - a;
  tf T;
  memset(&T, 0, sizeof T);
  T.L = L;
  T.a = a;
  T.end = end;
  T.avail1 = avail1;
  T.avail = avail;
  double *d = scratch;
  T.endn = d;
  T.ends = d + (m + 1);
  T.endt = d + 2 * (m + 1);
  T.startn = d + 3 * (m + 1);
  T.starts = d + 4 * (m + 1);
  T.startt = d + 5 * (m + 1);
  T.dem = d + 6 * (m + 1);
  T.cand = (uint32_t *)(d + 7 * (m + 1));
  T.greedy = T.cand + m + 1;
  T.prev = T.greedy + m + 1;
  T.first = T.prev + m + 1;
  T.stop = (uint8_t *)(T.first + m + 1);

  /* running sums over [a, k), and at the end of the content so far (the
   * last cluster that is not a space or a line feed) */
  double rn = 0, rs = 0, rt = 0, cn = 0, cs = 0, ct = 0;
  uint8_t ck = MF_K_NORMAL;
  size_t qopen = 0, qclose = 0; /* a short quoted term: 「 at qopen, 」 at qclose */
  for (size_t k = a; k <= end; k++) {
    unsigned lv = k < end ? L->brk[k] & MF_BRK_LEVEL : MF_BRK_NONE;
    bool start = k == a, cand = k == end ||
                 (k > a && ((lv >= MF_BRK_URL && lv != MF_BRK_FORCED) ||
                            (L->brk[k] & MF_BRK_DATE)));
    if (k < end && L->s->cl[k].cp == 0x300C) /* 「: find its 」 nearby */
      for (size_t q = k + 1; q < end && q <= k + QUOTE_MAX; q++) {
        uint32_t c = L->s->cl[q].cp;
        if (c == 0x300C || c == 0x000A) break;
        if (c == 0x300D) {
          qopen = k;
          qclose = q;
          break;
        }
      }
    if (start || cand) {
      size_t j = T.nc++;
      T.cand[j] = (uint32_t)k;
      bool s2 = !start && k < end && ck == MF_K_STOP; /* JIS X 4051, S2 */
      T.stop[j] = (uint8_t)((s2 ? STOP : 0) |
                            (k > qopen && k <= qclose && qclose ? QUOTED : 0));
      T.endn[j] = cn + (s2 ? MF_HALF : 0);
      T.ends[j] = cs + (s2 ? MF_HALF : 0);
      T.endt[j] = ct;
      if (k < end) { /* a line start drops the gap before it */
        T.startn[j] = rn + L->gap[k];
        T.starts[j] = rs + mf_gap_shrink(L->gk[k], L->gap[k]);
        T.startt[j] = rt + mf_gap_stretch(L->gk[k]);
      }
    }
    if (k == end) break;
    uint8_t kd = L->kind[k], gk = L->gk[k];
    double w = L->w[k], g = L->gap[k];
    rn += w + g;
    rs += mf_width_shrink(kd, w) + mf_gap_shrink(gk, g);
    rt += mf_width_stretch(kd, w) + mf_gap_stretch(gk);
    if (!mf_is_space_kind(kd) && kd != MF_K_NEWLINE) {
      cn = rn;
      cs = rs;
      ct = rt;
      ck = kd;
    }
  }

  line ln; /* a paragraph that fits on its first line: nothing to choose */
  measure(&T, 0, T.nc - 1, &ln);
  if (fits(&ln)) {
    ends[0] = end;
    return 1;
  }
  size_t lines = count_lines(&T);
  if (!lines) return 0;
  /* within the limits; then up to 4 times them (0.6 em between characters);
   * then anything, which the greedy path always satisfies */
  if (!search(&T, 1) && !search(&T, 4) && !search(&T, INFINITY)) return 0;
  size_t j = T.nc - 1, k = lines;
  while (j > 0 && k > 0) {
    ends[--k] = T.cand[j];
    j = T.prev[j];
  }
  if (j != 0 || k != 0) return 0; /* cannot happen: the search is layered */
  return lines;
}
