/*
 * paragraph.c — Japanese line composition of shaped text: the spacing model
 * (約物 as half-width glyphs plus adjustable aki, 和欧間, word spaces), greedy
 * line breaking that prefers 追い込み to 追い出し, justification, first-line
 * and hanging indents (typesetting.md §3–§5, §6.2).
 *
 * Model.  Every cluster has a width and every boundary between two clusters
 * a gap, both in em with an amount that may shrink and one that may stretch,
 * ranked in the priority order of typesetting.md §3 / JIS X 4051 §4.19:
 *   shrink  S1 word spaces (down to 1/4 em), S2 the half em after a line-end
 *           。 (all or nothing), S3 the quarter ems around ・, S4 the half em
 *           after closing brackets and commas and before opening brackets
 *           (down to solid), S5 和欧間 (1/4 down to 1/8 em);
 *   stretch T1 word spaces (by half their width), T2 和欧間 (up to 1/2 em),
 *           T3/T4 every permitted inter-character gap, equally.
 * A full-width bracket, comma, stop or middle dot is set as its inked half
 * (halt emulation, typesetting.md §6.2: BIZ UD has no GPOS) and the other
 * half becomes gap.  The gap at a line boundary is dropped, which gives 天付き
 * opening brackets at the line start and solid 、」 at the line end.
 *
 * Choices where typesetting.md leaves one:
 *  - a line-end 。 keeps its half em on justified lines (JIS X 4051) and
 *    gives it up first when the line must shrink (JLReq 追い込み, S2); on
 *    unjustified and last lines it is not counted in the width;
 *  - push in whenever the next allowed break fits with all shrinkable space
 *    taken (JLReq 3.8: reduction is preferred), brackets down to solid;
 *  - no space is added after ？！ (authors type U+3000); no ぶら下げ;
 *  - a ・ starting a paragraph is a bullet, set on its full em;
 *  - a line with nothing that may stretch (one word, one URL) stays flush
 *    to the start; spaces are stretched past their limit before that.
 */
#include <math.h>
#include <string.h>

#include "layout/linebreak.h"
#include "layout/paragraph.h"

#define EPS 1e-9
#define HALF 0.5
#define QUARTER 0.25
#define EIGHTH 0.125

/* Cluster kinds of the spacing model. */
enum {
  K_NORMAL, /* its advance, no spacing of its own */
  K_OPEN,   /* full-width cl-01: inked right half + 1/2 em aki before */
  K_CLOSE,  /* full-width cl-02, cl-07: inked left half + 1/2 em after */
  K_STOP,   /* full-width cl-06: inked left half + 1/2 em after (fixed) */
  K_MIDDLE, /* full-width cl-05: inked middle half + 1/4 em either side */
  K_SPACE,  /* Western word space: S1 / T1 */
  K_WSPACE, /* a space between Japanese and Latin replaced by 和欧間 (§5.4) */
  K_IDSPACE,/* U+3000: fixed, dropped at a wrapped line's start */
  K_NEWLINE,
  K_JOINED  /* merged into the previous cluster by shaping: no glyph */
};

/* Gap kinds, and the flag for inter-character stretching (T3/T4). */
enum {
  G_NONE = 0,   /* solid, or plain inter-character gap */
  G_PUNCT = 1,  /* 約物 half em, compressible to solid (S4) */
  G_FIXED = 2,  /* half em after a mid-line 。 — never compressed (§3) */
  G_MIDDLE = 3, /* quarter ems around ・ (S3) */
  G_WAKAN = 4,  /* 和欧間 (S5, T2) */
  G_KIND = 0x0F,
  G_STRETCH = 0x10
};

/* ------------------------------------------------------ spacing model */

typedef struct view {
  const mf_shaped *s;
  const uint8_t *cls; /* NULL: classify on the fly */
  bool wakan;
} view;

static mf_lb_cls vcls(const view *v, size_t k) {
  return v->cls ? (mf_lb_cls)v->cls[k] : mf_lb_class(v->s->cl[k].cp);
}

/* Japanese side of 和欧間: kana and kanji (JLReq 3.2.2). */
static bool is_jp(mf_lb_cls c) {
  return c == MF_LB_HIRAGANA || c == MF_LB_KATAKANA || c == MF_LB_IDEO ||
         c == MF_LB_ITER || c == MF_LB_PROLONG || c == MF_LB_SMALL;
}

/* Western side of 和欧間: half-width Latin letters and European numerals
 * (with % as part of a number).  Full-width letters and digits are 和字. */
static bool is_west(uint32_t cp) {
  if (cp < 0x80)
    return (cp >= '0' && cp <= '9') ||
           ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') || cp == '%';
  return (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) ||
         (cp >= 0x370 && cp <= 0x52F);
}

static bool wakan_pair(const view *v, size_t a, size_t b) {
  const mf_cluster *ca = &v->s->cl[a], *cb = &v->s->cl[b];
  return (is_jp(vcls(v, a)) && is_west(cb->cp)) ||
         (is_west(ca->cp) && is_jp(vcls(v, b)));
}

static bool is_space_kind(uint8_t k) {
  return k == K_SPACE || k == K_WSPACE || k == K_IDSPACE;
}

/* Kind and width (em) of cluster k; at_start: k starts a paragraph. */
static uint8_t kind_of(const view *v, size_t k, bool at_start, double *w) {
  const mf_cluster *c = &v->s->cl[k];
  mf_lb_cls cl = vcls(v, k);
  double adv = c->adv;
  *w = adv;
  if ((c->flags & MF_CL_NEWLINE) || cl == MF_LB_NEWLINE) {
    *w = 0;
    return K_NEWLINE;
  }
  if (c->flags & MF_CL_JOINED) {
    *w = 0;
    return K_JOINED;
  }
  bool full = adv >= 0.75; /* the half-width model is for 1 em glyphs only */
  switch (cl) {
    case MF_LB_OPEN: case MF_LB_CLOSE: case MF_LB_COMMA: case MF_LB_STOP:
    case MF_LB_MIDDLE:
      /* ・ can start a paragraph only (it never starts a wrapped line): a
       * bullet, set on its full em (1/4 + 1/2 + 1/4) */
      if (!full || (at_start && cl == MF_LB_MIDDLE)) return K_NORMAL;
      *w = adv * HALF;
      return cl == MF_LB_OPEN ? K_OPEN : cl == MF_LB_STOP ? K_STOP
             : cl == MF_LB_MIDDLE ? K_MIDDLE : K_CLOSE;
    case MF_LB_SPACE: {
      size_t n = v->s->ncl;
      if (v->wakan && c->cp == ' ' && k >= 1 && k + 1 < n &&
          vcls(v, k + 1) != MF_LB_SPACE && vcls(v, k - 1) != MF_LB_SPACE &&
          wakan_pair(v, k - 1, k + 1)) {
        *w = QUARTER; /* replace, do not add (typesetting.md §5.4) */
        return K_WSPACE;
      }
      return K_SPACE;
    }
    case MF_LB_IDSPACE:
      return K_IDSPACE;
    default:
      return K_NORMAL;
  }
}

/* Gap (em) between clusters k-1 and k of kinds pk and nk, JLReq 3.1.2–3.1.6
 * and the pair table of typesetting.md §4; *gk receives its G_ kind. */
static double gap_of(const view *v, size_t k, uint8_t pk, uint8_t nk,
                     uint8_t *gk) {
  *gk = G_NONE;
  if (pk == K_NEWLINE || nk == K_NEWLINE || nk == K_JOINED) return 0;
  if (pk == K_JOINED) pk = K_NORMAL;
  if (pk == K_MIDDLE || nk == K_MIDDLE) { /* 」・ ・「 = 1/4 em, ・・ = 1/2 */
    *gk = G_MIDDLE;
    return (pk == K_MIDDLE ? QUARTER : 0) + (nk == K_MIDDLE ? QUARTER : 0);
  }
  if (pk == K_OPEN) return 0;                   /* 「「 （「 solid */
  if (nk == K_CLOSE || nk == K_STOP) return 0;  /* 。」 」」 」、 solid */
  if (pk == K_CLOSE || pk == K_STOP || nk == K_OPEN) {
    *gk = pk == K_STOP ? G_FIXED : G_PUNCT;     /* 」「 、「 = one half em */
    return HALF;
  }
  if (v->wakan && !is_space_kind(pk) && !is_space_kind(nk) &&
      wakan_pair(v, k - 1, k)) {
    *gk = G_WAKAN;
    return QUARTER;
  }
  return 0;
}

/* Glyph origin relative to the start of the cluster's set width, em. */
static double glyph_off(uint8_t kind, double adv) {
  if (kind == K_OPEN) return -adv * HALF;
  if (kind == K_MIDDLE) return -adv * QUARTER;
  return 0;
}

/* Shrinkable part of a gap (S3, S4, S5; a fixed gap gives nothing). */
static double gap_shrink(uint8_t gk, double g) {
  switch (gk & G_KIND) {
    case G_PUNCT: case G_MIDDLE: return g;
    case G_WAKAN: return g - EIGHTH;
    default: return 0;
  }
}

/* Shrinkable part of a cluster (S1 word spaces, S5 replaced spaces). */
static double width_shrink(uint8_t kind, double w) {
  if (kind == K_SPACE) return w > QUARTER ? w - QUARTER : 0;
  if (kind == K_WSPACE) return EIGHTH;
  return 0;
}

double mf_para_natural_em(const mf_shaped *s, size_t a, size_t b, bool wakan) {
  view v = {s, NULL, wakan};
  if (b > s->ncl) b = s->ncl;
  double run = 0, content = 0;
  uint8_t pk = K_NEWLINE;
  for (size_t k = a; k < b; k++) {
    double w;
    uint8_t kind = kind_of(&v, k, k == a, &w), gk;
    if (k > a) run += gap_of(&v, k, pk, kind, &gk);
    run += w;
    if (!is_space_kind(kind) && kind != K_NEWLINE) content = run;
    pk = kind;
  }
  return content;
}

/* ----------------------------------------------------------- layout */

typedef struct lay {
  const mf_shaped *s;
  const mf_para_opts *o;
  size_t n;
  double *w, *gap;
  uint8_t *cls, *brk, *kind, *gk;
  double measure; /* em */
} lay;

/* Builds the per-cluster arrays: classes, breaks, kinds, widths, gaps. */
static void build(lay *L) {
  const mf_shaped *s = L->s;
  view v = {s, L->cls, L->o->wakan};
  mf_lb_classify(s, L->cls);
  mf_lb_breaks(s, L->cls, L->o->kinsoku, L->brk);
  for (size_t k = 0; k < L->n; k++)
    L->kind[k] = kind_of(&v, k, k == 0 || L->kind[k - 1] == K_NEWLINE, &L->w[k]);
  for (size_t k = 0; k < L->n; k++) {
    L->gap[k] = 0;
    L->gk[k] = G_NONE;
    if (k == 0) continue;
    uint8_t gk;
    L->gap[k] = gap_of(&v, k, L->kind[k - 1], L->kind[k], &gk);
    /* inter-character stretching (JLReq 3.8.3, typesetting.md §3): never
     * inside an unbreakable sequence, after an opening bracket, before a
     * closing bracket, 、 or 。, around ・ ？！ or hyphens, nor next to a
     * word space (spaces stretch themselves) */
    mf_lb_cls p = (mf_lb_cls)L->cls[k - 1], q = (mf_lb_cls)L->cls[k];
    uint8_t pk = L->kind[k - 1], nk = L->kind[k];
    bool ok = !(L->brk[k] & MF_BRK_TOKEN) && gk != G_MIDDLE && gk != G_WAKAN &&
              p != MF_LB_OPEN && q != MF_LB_CLOSE && q != MF_LB_COMMA &&
              q != MF_LB_STOP && q != MF_LB_MIDDLE && p != MF_LB_MIDDLE &&
              p != MF_LB_DIVIDING && q != MF_LB_DIVIDING &&
              p != MF_LB_HYPHEN && q != MF_LB_HYPHEN && p != MF_LB_GLUE &&
              q != MF_LB_GLUE && pk != K_SPACE && nk != K_SPACE &&
              pk != K_WSPACE && nk != K_WSPACE && pk != K_NEWLINE &&
              nk != K_NEWLINE && pk != K_JOINED && nk != K_JOINED;
    L->gk[k] = (uint8_t)(gk | (ok ? G_STRETCH : 0));
  }
}

/* A marker at the start of a paragraph (typesetting.md §5.2): ※, ※1, 注1,
 * ＊, a bullet (・●○◎■□◆◇★☆•), ①, ⑴, ⒈, （１）, (1), （ア）, 【1】, １．, 1),
 * 一、 — then one run of spaces as its separator.  Returns the index after the
 * marker and separator, or 0 if there is none. */
static size_t marker_end(const lay *L, size_t p) {
  const mf_cluster *c = L->s->cl;
  size_t n = L->n, j = p;
  uint32_t cp = c[p].cp;
#define CLS(i) ((mf_lb_cls)L->cls[i])
#define IS_KANSUJI(x)                                                      \
  ((x) == 0x4E00 || (x) == 0x4E8C || (x) == 0x4E09 || (x) == 0x56DB ||     \
   (x) == 0x4E94 || (x) == 0x516D || (x) == 0x4E03 || (x) == 0x516B ||     \
   (x) == 0x4E5D || (x) == 0x5341)
  if (cp == 0x203B || cp == 0xFF0A || cp == '*' || cp == 0x6CE8) { /* ※＊*注 */
    j++;
    size_t d = j;
    while (j < n && CLS(j) == MF_LB_DIGIT && j - d < 3) j++;
    if (cp == 0x6CE8 && j == d) return 0; /* 注 alone is a word */
    if (j > d && j < n && (c[j].cp == ')' || c[j].cp == 0xFF09)) j++;
  } else if (cp == 0x30FB || cp == 0x25CF || cp == 0x25CB || cp == 0x25CE ||
             cp == 0x25A0 || cp == 0x25A1 || cp == 0x25C6 || cp == 0x25C7 ||
             cp == 0x2605 || cp == 0x2606 || cp == 0x2022 || cp == 0x25AA) {
    j++;
  } else if ((cp >= 0x2460 && cp <= 0x249B) || (cp >= 0x3251 && cp <= 0x325F) ||
             (cp >= 0x32B1 && cp <= 0x32BF) || (cp >= 0x2776 && cp <= 0x277F)) {
    j++; /* ①–⑳ ⑴–⒇ ⒈–⒛ ㉑–㊿ ❶–❿ */
  } else if (cp == '(' || cp == 0xFF08 || cp == '[' || cp == 0xFF3B ||
             cp == 0x3014 || cp == 0x3010) { /* ( （ [ ［ 〔 【, not 「『 */
    j++;
    size_t d = j;
    while (j < n && (CLS(j) == MF_LB_DIGIT || IS_KANSUJI(c[j].cp)) && j - d < 3)
      j++;
    if (j == d && j < n && (CLS(j) == MF_LB_LATIN || CLS(j) == MF_LB_KATAKANA))
      j++; /* (a) （ア） */
    if (j == d || j >= n || CLS(j) != MF_LB_CLOSE) return 0;
    j++;
  } else if (CLS(p) == MF_LB_DIGIT || IS_KANSUJI(cp)) {
    bool kansuji = IS_KANSUJI(cp);
    while (j < n && j - p < 3 &&
           (kansuji ? IS_KANSUJI(c[j].cp) : CLS(j) == MF_LB_DIGIT))
      j++;
    if (j >= n) return 0;
    uint32_t t = c[j].cp;
    if (kansuji ? !(t == 0x3001 || t == 0xFF0E) /* 一、 一． */
                : !(t == '.' || t == 0xFF0E || t == ')' || t == 0xFF09))
      return 0; /* 1. １． 1) １） */
    j++;
    if (j < n && CLS(j) == MF_LB_DIGIT) return 0; /* 1.5kg, not a label */
  } else {
    return 0;
  }
#undef IS_KANSUJI
#undef CLS
  while (j < n && is_space_kind(L->kind[j])) j++;
  if (j >= n || L->kind[j] == K_NEWLINE) return 0; /* a marker and nothing */
  return j;
}

/* Fixes a marker in place: no break inside it nor between it and the first
 * character, and its gaps neither shrink nor stretch, so that the text
 * after it lines up with the hanging indent.  Returns its advance in em,
 * up to the first character's box. */
static double fix_marker(lay *L, size_t p, size_t m) {
  double adv = 0;
  for (size_t j = p; j < m; j++) {
    if (j > p) adv += L->gap[j];
    adv += L->w[j];
    if (L->kind[j] == K_SPACE || L->kind[j] == K_WSPACE) L->kind[j] = K_IDSPACE;
  }
  for (size_t j = p + 1; j <= m && j < L->n; j++) {
    L->brk[j] = MF_BRK_NONE | MF_BRK_TOKEN;
    if ((L->gk[j] & G_KIND) != G_NONE || L->gap[j] > 0) L->gk[j] = G_FIXED;
    else L->gk[j] = G_NONE;
  }
  return adv + L->gap[m];
}

enum { HOW_FORCED = 1, HOW_EMERGENCY = 2 };

/* With prefer_spaces (fit.c): the last space break of the line, else its
 * last address component break; 0 if none or not preferring. */
static size_t pref_break(bool prefer, size_t s0, size_t space, size_t comp) {
  if (!prefer) return 0;
  if (space > s0) return space;
  return comp > s0 ? comp : 0;
}

/*
 * Finds the end of the line whose first set cluster is s0 (typesetting.md
 * §3, JLReq 3.8): take clusters at their natural width until one overflows
 * the measure; if the break before it is allowed, break there; otherwise
 * push in (追い込み) up to the next allowed break if the line's shrinkable
 * space absorbs the overflow, else push out (追い出し) to the last allowed
 * break.  With no allowed break on the line: a URL break, then an emergency
 * break, then overflow to the first possible break.
 */
static size_t find_break(const lay *L, size_t s0, double avail, unsigned *how) {
  size_t n = L->n;
  bool prefer = L->o->prefer_spaces, over = false;
  double run = 0, sh = 0, nat = 0, mn = 0;
  size_t best = 0, best_url = 0, best_emerg = 0, best_space = 0, best_comp = 0;
  *how = 0;
  for (size_t k = s0; k < n; k++) {
    if (k > s0) {
      unsigned lv = L->brk[k] & MF_BRK_LEVEL;
      if (!over) {
        if (lv >= MF_BRK_ALLOW) {
          best = k;
          if (lv >= MF_BRK_SPACE) best_space = k;
          else if (lv == MF_BRK_COMPONENT) best_comp = k;
        } else if (lv == MF_BRK_URL) {
          best_url = k;
        } else if (lv == MF_BRK_EMERGENCY) {
          best_emerg = k;
        }
      } else if (lv >= MF_BRK_ALLOW) {
        if (mn <= avail + EPS && !pref_break(prefer, s0, best_space, best_comp))
          return k; /* 追い込み */
        goto push_out;
      }
    }
    if (L->kind[k] == K_NEWLINE) {
      if (!over ||
          (mn <= avail + EPS && !pref_break(prefer, s0, best_space, best_comp))) {
        *how = HOW_FORCED;
        return k + 1;
      }
      goto push_out;
    }
    if (k > s0) {
      run += L->gap[k];
      sh += gap_shrink(L->gk[k], L->gap[k]);
    }
    run += L->w[k];
    sh += width_shrink(L->kind[k], L->w[k]);
    if (is_space_kind(L->kind[k])) continue; /* trailing spaces do not count */
    nat = run;
    mn = run - sh;
    if (!over && nat > avail + EPS) {
      over = true;
      if (k > s0 && best == k) { /* the natural break is allowed */
        size_t pb = pref_break(prefer, s0, best_space, best_comp);
        return pb ? pb : k;
      }
    }
    if (over && mn > avail + EPS) goto push_out;
  }
  if (!over ||
      (mn <= avail + EPS && !pref_break(prefer, s0, best_space, best_comp))) {
    *how = HOW_FORCED;
    return n;
  }
push_out:
  if (pref_break(prefer, s0, best_space, best_comp))
    return pref_break(prefer, s0, best_space, best_comp);
  if (best > s0) return best;
  if (best_url > s0) return best_url;
  *how = HOW_EMERGENCY;
  if (best_emerg > s0) return best_emerg;
  /* a cluster or an unbreakable run wider than the measure: overflow to the
   * first place a break is possible at all */
  for (size_t k = s0 + 1; k < n; k++) {
    if (L->kind[k - 1] == K_NEWLINE) {
      *how |= HOW_FORCED;
      return k;
    }
    if ((L->brk[k] & MF_BRK_LEVEL) >= MF_BRK_EMERGENCY) return k;
  }
  *how |= HOW_FORCED;
  return n;
}

/* Takes up to `total` from *need in proportion; *r receives the ratio. */
static void take(double *need, double total, double *r) {
  *r = 0;
  if (*need <= EPS || total <= EPS) return;
  *r = *need >= total ? 1.0 : *need / total;
  *need -= *r * total;
}

/*
 * Sets the clusters [a, b) as one line starting at start_em: drops spaces at
 * the boundaries (typesetting.md §5.3), compresses in the order S1…S5 if the
 * line is too long, stretches in the order T1…T4 if it is justified, and
 * writes x of every cluster.
 */
static void set_line(const lay *L, size_t a, size_t b, bool wrapped, bool last,
                     double start_em, mf_line *ln, double *x) {
  const mf_cluster *c = L->s->cl;
  double size = L->o->size;
  size_t s0 = a, e = b;
  if (wrapped)
    while (s0 < e && is_space_kind(L->kind[s0])) x[s0++] = NAN;
  while (e > s0 && (is_space_kind(L->kind[e - 1]) || L->kind[e - 1] == K_NEWLINE))
    x[--e] = NAN;
  for (size_t k = e; k < b; k++) x[k] = NAN;

  double nat = 0, s1 = 0, s3 = 0, s4 = 0, s5 = 0, t1 = 0, t2 = 0;
  size_t n3 = 0, nfb = 0;
  for (size_t k = s0; k < e; k++) {
    if (k > s0) {
      double g = L->gap[k];
      nat += g;
      switch (L->gk[k] & G_KIND) {
        case G_PUNCT: s4 += g; break;
        case G_MIDDLE: s3 += g; break;
        case G_WAKAN: s5 += g - EIGHTH; t2 += QUARTER; nfb++; break;
        default: break;
      }
      if (L->gk[k] & G_STRETCH) n3++;
    }
    nat += L->w[k];
    if (L->kind[k] == K_SPACE) {
      s1 += width_shrink(K_SPACE, L->w[k]);
      t1 += L->w[k] * HALF;
      nfb++;
    } else if (L->kind[k] == K_WSPACE) {
      s5 += EIGHTH;
      t2 += QUARTER;
      nfb++;
    }
  }
  bool justify = L->o->justify && !last;
  /* JIS X 4051: a line-end 。 keeps its half em; JLReq lets 追い込み take it
   * first (S2, all or nothing).  Counted on justified lines only. */
  double s2 = (justify && e > s0 && L->kind[e - 1] == K_STOP) ? HALF : 0;
  nat += s2;
  double avail = L->measure - start_em;
  double need = nat - avail, r1 = 0, r3 = 0, r4 = 0, r5 = 0;
  double u1 = 0, u2 = 0, u3 = 0, ufb = 0;
  bool drop = false;
  if (need > EPS) {
    take(&need, s1, &r1);
    if (need > EPS && s2 > 0) {
      drop = true;
      need -= s2;
    }
    take(&need, s3, &r3);
    take(&need, s4, &r4);
    take(&need, s5, &r5);
  }
  if (justify && need < -EPS) {
    double room = -need;
    take(&room, t1, &u1);
    take(&room, t2, &u2);
    if (room > EPS && n3) {
      u3 = room / (double)n3;
    } else if (room > EPS && nfb) { /* no inter-character gap: spaces */
      ufb = room / (double)nfb;
    }
    /* else: nothing may stretch (one word, one URL): flush to the start */
  }

  double pen = 0;
  for (size_t k = s0; k < e; k++) {
    if (k > s0) {
      double g = L->gap[k];
      switch (L->gk[k] & G_KIND) {
        case G_PUNCT: g -= r4 * g; break;
        case G_MIDDLE: g -= r3 * g; break;
        case G_WAKAN: g += -r5 * (g - EIGHTH) + u2 * QUARTER + ufb; break;
        default: break;
      }
      if (L->gk[k] & G_STRETCH) g += u3;
      pen += g;
    }
    x[k] = (start_em + pen + glyph_off(L->kind[k], c[k].adv)) * size;
    double w = L->w[k];
    if (L->kind[k] == K_SPACE)
      w += -r1 * width_shrink(K_SPACE, w) + u1 * w * HALF + ufb;
    else if (L->kind[k] == K_WSPACE)
      w += -r5 * EIGHTH + u2 * QUARTER + ufb;
    pen += w;
  }
  if (s2 > 0 && !drop) pen += s2;
  ln->a = a;
  ln->b = b;
  ln->start = start_em * size;
  ln->natural = nat * size;
  ln->width = pen * size;
}

static myna_status push_line(myna_ctx *ctx, mf_para *p, size_t *cap) {
  if (p->nlines < *cap) return MYNA_OK;
  size_t nc = *cap ? *cap * 2 : 8;
  mf_line *nl = mf_reallocarray(p->lines, nc, sizeof *nl);
  if (!nl) return mf_fail(ctx, MYNA_ERR_NOMEM, "out of memory");
  p->lines = nl;
  *cap = nc;
  return MYNA_OK;
}

void mf_para_free(mf_para *p) {
  if (!p) return;
  mf_free(p->lines);
  mf_free(p->x);
  memset(p, 0, sizeof *p);
}

myna_status mf_para_layout(myna_ctx *ctx, const mf_shaped *s,
                           const mf_para_opts *o, mf_para *out) {
  memset(out, 0, sizeof *out);
  if (!(o->size > 0))
    return mf_fail(ctx, MYNA_ERR_INTERNAL,
                   "paragraph: font size must be positive");
  size_t n = s->ncl;
  if (n == 0) return MYNA_OK;
  lay L = {s, o, n, NULL, NULL, NULL, NULL, NULL, NULL, o->width / o->size};
  unsigned char *blk = mf_malloc(n * (2 * sizeof(double) + 4));
  out->x = mf_malloc(n * sizeof *out->x);
  if (!blk || !out->x) {
    mf_free(blk);
    mf_para_free(out);
    return mf_fail(ctx, MYNA_ERR_NOMEM, "out of memory");
  }
  L.w = (double *)blk;
  L.gap = L.w + n;
  L.cls = (uint8_t *)(L.gap + n);
  L.brk = L.cls + n;
  L.kind = L.brk + n;
  L.gk = L.kind + n;
  build(&L);

  size_t cap = 0;
  /* a rough count of lines, so that most paragraphs allocate once */
  double per = L.measure > 1 ? L.measure : 1;
  cap = (size_t)((double)n / per) + 2;
  out->lines = mf_malloc(cap * sizeof *out->lines);
  if (!out->lines) cap = 0;

  myna_status st = MYNA_OK;
  size_t a = 0;
  bool para_start = true;
  double first = o->indent, hang = o->hang;
  while (a < n && st == MYNA_OK) {
    double start = first;
    if (para_start) {
      hang = o->hang;
      size_t m = o->hang_marker ? marker_end(&L, a) : 0;
      if (m) hang = first + fix_marker(&L, a, m);
    } else {
      start = hang;
    }
    size_t s0 = a;
    if (!para_start)
      while (s0 < n && is_space_kind(L.kind[s0])) s0++;
    if (s0 == n && out->nlines) { /* only spaces left after a wrap */
      mf_line *prev = &out->lines[out->nlines - 1];
      for (size_t k = a; k < n; k++) out->x[k] = NAN;
      prev->b = n;
      prev->forced = true;
      break;
    }
    unsigned how = 0;
    size_t b = s0 < n ? find_break(&L, s0, L.measure - start, &how) : n;
    if (b <= a) b = a + 1; /* cannot happen; never loop */
    st = push_line(ctx, out, &cap);
    if (st != MYNA_OK) break;
    mf_line *ln = &out->lines[out->nlines++];
    bool last = (how & HOW_FORCED) != 0 || b >= n;
    set_line(&L, a, b, !para_start, last, start, ln, out->x);
    ln->forced = last;
    ln->emergency = (how & HOW_EMERGENCY) != 0 ||
                    ln->start + ln->width > o->width + 1e-6;
    if (ln->start + ln->width > out->max_width)
      out->max_width = ln->start + ln->width;
    para_start = b > 0 && L.kind[b - 1] == K_NEWLINE;
    a = b;
  }
  mf_free(blk);
  if (st != MYNA_OK) mf_para_free(out);
  return st;
}
