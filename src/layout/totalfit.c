/*
 * totalfit.c — paragraph-wide line breaking of justified text: Knuth–Plass
 * total fit over the legal breaks (linebreak.c), with the adjustment model
 * of para_model.h (typesetting.md §3, JLReq 3.8).
 *
 * The candidates are the boundaries where a line may end: ordinary breaks
 * (MF_BRK_ALLOW and better) and, with a penalty, the breaks inside a URL or
 * mail address (MF_BRK_URL).  A line from candidate i to candidate j is
 * measured in O(1) from prefix sums of natural width, shrink and stretch.
 *
 * Fewest lines first.  greedy[i], the fewest lines from candidate i to the
 * end, is computed backwards with one pointer (ending a line as late as it
 * fits gives the fewest lines, since a shorter line always fits when a
 * longer one does).  A candidate reached after k lines can then lie on a
 * path of greedy[0] lines only if k + greedy[i] == greedy[0], so the search
 * is layered: from i only the candidates j with greedy[j] == greedy[i] − 1
 * are tried, and of those only the ones whose line neither overflows nor,
 * in the first pass, stretches past the limits (a window that moves forward
 * with i).  The second pass, run only when the first finds no path, allows
 * any stretch: the greedy path itself is then always there.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "layout/linebreak.h"
#include "layout/totalfit.h"

#define LINE_PENALTY 10.0
#define URL_DEMERITS (50.0 * 50.0)
#define ORPHAN_DEMERITS (100.0 * 100.0)
#define STRETCH_WEIGHT 100.0
#define SHRINK_WEIGHT 25.0 /* JLReq 3.8: reduction is preferred */
#define MAX_BADNESS 1e6    /* a line with nothing that may stretch */
#define NONE UINT32_MAX

typedef struct tf {
  const mf_lay *L;
  size_t a, end;
  double avail1, avail;
  double *nat, *shr, *str, *dem; /* prefix sums (index k − a); demerits */
  uint32_t *cand, *greedy, *prev, *first; /* first[g]: first i, greedy g */
  size_t nc;
} tf;

/* One line as set: natural width with the line-end 。's half em (s2), its
 * total shrink (with s2) and stretch at ratio 1, em. */
typedef struct line {
  double nat, shr, str, s2, avail;
  size_t s0, e;
  bool last;
} line;

size_t mf_tf_scratch_size(size_t n) {
  return (n + 1) * (4 * sizeof(double) + 4 * sizeof(uint32_t));
}

static void measure(const tf *T, size_t i, size_t j, line *ln) {
  const mf_lay *L = T->L;
  size_t s0 = T->cand[i], b = T->cand[j], e = b;
  if (i > 0)
    while (s0 < b && mf_is_space_kind(L->kind[s0])) s0++;
  while (e > s0 &&
         (mf_is_space_kind(L->kind[e - 1]) || L->kind[e - 1] == MF_K_NEWLINE))
    e--;
  ln->s0 = s0;
  ln->e = e;
  ln->last = b == T->end;
  ln->avail = i == 0 ? T->avail1 : T->avail;
  ln->s2 = 0;
  if (e <= s0) {
    ln->nat = ln->shr = ln->str = 0;
    return;
  }
  size_t r0 = s0 - T->a, r1 = e - T->a;
  ln->nat = T->nat[r1] - T->nat[r0] - L->gap[s0];
  ln->shr = T->shr[r1] - T->shr[r0] - mf_gap_shrink(L->gk[s0], L->gap[s0]);
  ln->str = T->str[r1] - T->str[r0] - mf_gap_stretch(L->gk[s0]);
  /* JIS X 4051: a line-end 。 keeps its half em on a justified line; JLReq
   * lets 追い込み take it first (S2) */
  if (!ln->last && L->kind[e - 1] == MF_K_STOP) {
    ln->s2 = MF_HALF;
    ln->nat += MF_HALF;
    ln->shr += MF_HALF;
  }
}

static bool fits(const line *ln) {
  return ln->nat - ln->shr <= ln->avail + MF_EPS;
}

/* Badness of a line that fits, or −1 if the first pass must not use it
 * (stretched past the limits, or with nothing that may stretch). */
static double badness(const line *ln, bool loose) {
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
  if (ln->str <= MF_EPS) return loose ? MAX_BADNESS : -1;
  double r = room / ln->str;
  if (r > 1 + MF_EPS && !loose) return -1;
  double b = STRETCH_WEIGHT * r * r * r;
  return b < MAX_BADNESS ? b : MAX_BADNESS;
}

/* A last line of one character (a closing bracket or stop after it does
 * not count: 「す。」). */
static bool orphan(const tf *T, const line *ln) {
  const mf_lay *L = T->L;
  int chars = 0;
  for (size_t k = ln->e; k > ln->s0 && chars < 2; k--) {
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
  /* the first line has its own measure: scan on its own */
  T->greedy[0] = NONE;
  for (size_t j = nc - 1; j > 0; j--) {
    measure(T, 0, j, &ln);
    if (fits(&ln)) {
      if (T->greedy[j] != NONE) T->greedy[0] = T->greedy[j] + 1;
      break;
    }
  }
  size_t k = T->greedy[0];
  if (k == NONE) return 0;
  for (size_t g = 0; g <= k; g++) T->first[g] = NONE;
  for (size_t i = nc; i-- > 0;)
    if (T->greedy[i] != NONE && T->greedy[i] <= k) T->first[T->greedy[i]] = (uint32_t)i;
  return k;
}

/* One pass of the layered search; true if the end was reached. */
static bool search(tf *T, bool loose) {
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
    if (!loose) {
      /* the window: lines ending before w stretch past the limits (the
       * half em covers a line-end 。); for i > 0 it only moves forward */
      size_t w = i == 0 ? 1 : (lo > i ? lo : i + 1);
      for (; w + 1 < nc; w++) {
        measure(T, i, w, &ln);
        if (ln.nat + ln.str + MF_HALF >= ln.avail - MF_EPS) break;
      }
      if (i > 0) lo = w;
      if (w > j) j = w;
    }
    for (; j < nc && T->greedy[j] == target; j++) {
      measure(T, i, j, &ln);
      if (!fits(&ln)) break; /* later ends are longer still */
      double b = badness(&ln, loose);
      if (b < 0) continue;
      double d = T->dem[i] + (LINE_PENALTY + b) * (LINE_PENALTY + b);
      if (ln.last) {
        if (i > 0 && orphan(T, &ln)) d += ORPHAN_DEMERITS;
      } else if ((L->brk[T->cand[j]] & MF_BRK_LEVEL) == MF_BRK_URL) {
        d += URL_DEMERITS;
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
  tf T = {L, a, end, avail1, avail, NULL, NULL, NULL, NULL,
          NULL, NULL, NULL, NULL, 0};
  T.nat = scratch;
  T.shr = T.nat + m + 1;
  T.str = T.shr + m + 1;
  T.dem = T.str + m + 1;
  T.cand = (uint32_t *)(T.dem + m + 1);
  T.greedy = T.cand + m + 1;
  T.prev = T.greedy + m + 1;
  T.first = T.prev + m + 1;

  T.nat[0] = T.shr[0] = T.str[0] = 0;
  T.cand[T.nc++] = (uint32_t)a;
  for (size_t k = a; k < end; k++) {
    size_t r = k - a;
    uint8_t kd = L->kind[k], gk = L->gk[k];
    double w = L->w[k], g = L->gap[k];
    T.nat[r + 1] = T.nat[r] + w + g;
    T.shr[r + 1] = T.shr[r] + mf_width_shrink(kd, w) + mf_gap_shrink(gk, g);
    T.str[r + 1] = T.str[r] + mf_width_stretch(kd, w) + mf_gap_stretch(gk);
    if (k > a) {
      unsigned lv = L->brk[k] & MF_BRK_LEVEL;
      if (lv >= MF_BRK_URL && lv != MF_BRK_FORCED) T.cand[T.nc++] = (uint32_t)k;
    }
  }
  T.cand[T.nc++] = (uint32_t)end;

  size_t lines = count_lines(&T);
  if (!lines) return 0;
  if (!search(&T, false) && !search(&T, true)) return 0;
  size_t j = T.nc - 1, k = lines;
  while (j > 0 && k > 0) {
    ends[--k] = T.cand[j];
    j = T.prev[j];
  }
  if (j != 0 || k != 0) return 0; /* cannot happen: the search is layered */
  return lines;
}
