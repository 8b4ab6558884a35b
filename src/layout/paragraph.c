/*
 * paragraph.c — Japanese line composition of shaped text: the spacing model
 * of para_model.h (約物 as half-width glyphs plus adjustable aki, 和欧間, word
 * spaces), line breaking, justification, first-line and hanging indents
 * (typesetting.md §3–§5, §6.2).
 *
 * Breaking.  A justified paragraph is broken as a whole by totalfit.c
 * (Knuth–Plass over the legal breaks: the fewest lines, then the least
 * demerits, so 追い込み and 追い出し are chosen for the paragraph, not line by
 * line).  Unjustified text (fit.c's fields), text preferring spaces, and a
 * paragraph that cannot be set without an emergency break are broken line
 * by line by find_break below: the longest line that fits with all its
 * shrinkable space taken (JLReq 3.8: reduction is preferred).
 *
 * A full-width bracket, comma, stop or middle dot is set as its inked half
 * (halt emulation, typesetting.md §6.2: BIZ UD has no GPOS) and the other
 * half becomes gap.  The gap at a line boundary is dropped, which gives 天付き
 * opening brackets at the line start and solid 、」 at the line end.
 *
 * Choices where typesetting.md leaves one:
 *  - a line-end 。 keeps its half em on justified lines (JIS X 4051) and
 *    gives it up first when the line must shrink (JLReq 追い込み, S2); on
 *    unjustified and last lines it is not counted in the width;
 *  - brackets compress down to solid;
 *  - stretch is spread over every gap that may stretch at one ratio of its
 *    limit instead of filling word spaces and 和欧間 first (para_model.h);
 *  - no space is added after ？！ (authors type U+3000); no ぶら下げ;
 *  - a ・ starting a paragraph is a bullet, set on its full em;
 *  - a line with nothing that may stretch (one word, one URL) stays flush
 *    to the start; spaces are stretched past their limit before that.
 */
#include <math.h>
#include <string.h>

#include "core/my_number.h"
#include "layout/linebreak.h"
#include "layout/para_model.h"
#include "layout/paragraph.h"
#include "layout/totalfit.h"

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


/* Kind and width (em) of cluster k; at_start: k starts a paragraph. */
static uint8_t kind_of(const view *v, size_t k, bool at_start, double *w) {
  const mf_cluster *c = &v->s->cl[k];
  mf_lb_cls cl = vcls(v, k);
  double adv = c->adv;
  *w = adv;
  if ((c->flags & MF_CL_NEWLINE) || cl == MF_LB_NEWLINE) {
    *w = 0;
    return MF_K_NEWLINE;
  }
  if (c->flags & MF_CL_JOINED) {
    *w = 0;
    return MF_K_JOINED;
  }
  bool full = adv >= 0.75; /* the half-width model is for 1 em glyphs only */
  switch (cl) {
    case MF_LB_OPEN: case MF_LB_CLOSE: case MF_LB_COMMA: case MF_LB_STOP:
    case MF_LB_MIDDLE:
      /* ・ can start a paragraph only (it never starts a wrapped line): a
       * bullet, set on its full em (1/4 + 1/2 + 1/4) */
      if (!full || (at_start && cl == MF_LB_MIDDLE)) return MF_K_NORMAL;
      *w = adv * MF_HALF;
      return cl == MF_LB_OPEN ? MF_K_OPEN : cl == MF_LB_STOP ? MF_K_STOP
             : cl == MF_LB_MIDDLE ? MF_K_MIDDLE : MF_K_CLOSE;
    case MF_LB_SPACE: {
      size_t n = v->s->ncl;
      if (v->wakan && c->cp == ' ' && k >= 1 && k + 1 < n &&
          vcls(v, k + 1) != MF_LB_SPACE && vcls(v, k - 1) != MF_LB_SPACE &&
          wakan_pair(v, k - 1, k + 1)) {
        *w = MF_QUARTER; /* replace, do not add (typesetting.md §5.4) */
        return MF_K_WSPACE;
      }
      return MF_K_SPACE;
    }
    case MF_LB_IDSPACE:
      return MF_K_IDSPACE;
    default:
      return MF_K_NORMAL;
  }
}

/* Gap (em) between clusters k-1 and k of kinds pk and nk, JLReq 3.1.2–3.1.6
 * and the pair table of typesetting.md §4; *gk receives its G_ kind. */
static double gap_of(const view *v, size_t k, uint8_t pk, uint8_t nk,
                     uint8_t *gk) {
  *gk = MF_G_NONE;
  if (pk == MF_K_NEWLINE || nk == MF_K_NEWLINE || nk == MF_K_JOINED) return 0;
  if (pk == MF_K_JOINED) pk = MF_K_NORMAL;
  if (pk == MF_K_MIDDLE || nk == MF_K_MIDDLE) { /* 」・ ・「 = 1/4 em, ・・ = 1/2 */
    *gk = MF_G_MIDDLE;
    return (pk == MF_K_MIDDLE ? MF_QUARTER : 0) + (nk == MF_K_MIDDLE ? MF_QUARTER : 0);
  }
  if (pk == MF_K_OPEN) return 0;                   /* 「「 （「 solid */
  if (nk == MF_K_CLOSE || nk == MF_K_STOP) return 0;  /* 。」 」」 」、 solid */
  /* a half-width closing bracket (the source's 「…ください。)」) is set
   * solid after 、。」 too: the half em between would read as a space */
  if ((pk == MF_K_CLOSE || pk == MF_K_STOP) && vcls(v, k) == MF_LB_CLOSE) return 0;
  if (pk == MF_K_CLOSE || pk == MF_K_STOP || nk == MF_K_OPEN) {
    *gk = pk == MF_K_STOP ? MF_G_FIXED : MF_G_PUNCT;     /* 」「 、「 = one half em */
    return MF_HALF;
  }
  if (v->wakan && !mf_is_space_kind(pk) && !mf_is_space_kind(nk) &&
      wakan_pair(v, k - 1, k)) {
    *gk = MF_G_WAKAN;
    return MF_QUARTER;
  }
  return 0;
}

/* Glyph origin relative to the start of the cluster's set width, em. */
static double glyph_off(uint8_t kind, double adv) {
  if (kind == MF_K_OPEN) return -adv * MF_HALF;
  if (kind == MF_K_MIDDLE) return -adv * MF_QUARTER;
  return 0;
}



double mf_para_natural_em(const mf_shaped *s, size_t a, size_t b, bool wakan) {
  view v = {s, NULL, wakan};
  if (b > s->ncl) b = s->ncl;
  double run = 0, content = 0;
  uint8_t pk = MF_K_NEWLINE;
  for (size_t k = a; k < b; k++) {
    double w;
    uint8_t kind = kind_of(&v, k, k == a, &w), gk;
    if (k > a) run += gap_of(&v, k, pk, kind, &gk);
    run += w;
    if (!mf_is_space_kind(kind) && kind != MF_K_NEWLINE) content = run;
    pk = kind;
  }
  return content;
}

/* ----------------------------------------------------------- layout */


/* Builds the per-cluster arrays: classes, breaks, kinds, widths, gaps. */
static void build(mf_lay *L) {
  const mf_shaped *s = L->s;
  view v = {s, L->cls, L->o->wakan};
  mf_lb_classify(s, L->cls);
  mf_lb_breaks(s, L->cls, L->o->kinsoku, L->brk);
  for (size_t k = 0; k < L->n; k++)
    L->kind[k] = kind_of(&v, k, k == 0 || L->kind[k - 1] == MF_K_NEWLINE, &L->w[k]);
  for (size_t k = 0; k < L->n; k++) {
    L->gap[k] = 0;
    L->gk[k] = MF_G_NONE;
    if (k == 0) continue;
    uint8_t gk;
    L->gap[k] = gap_of(&v, k, L->kind[k - 1], L->kind[k], &gk);
    /* inter-character stretching (JLReq 3.8.3, typesetting.md §3): never
     * inside an unbreakable sequence, after an opening bracket, before a
     * closing bracket, 、 or 。, around ・ ？！ or hyphens, nor next to a
     * word space (spaces stretch themselves) */
    mf_lb_cls p = (mf_lb_cls)L->cls[k - 1], q = (mf_lb_cls)L->cls[k];
    uint8_t pk = L->kind[k - 1], nk = L->kind[k];
    bool ok = !(L->brk[k] & MF_BRK_TOKEN) && gk != MF_G_MIDDLE && gk != MF_G_WAKAN &&
              p != MF_LB_OPEN && q != MF_LB_CLOSE && q != MF_LB_COMMA &&
              q != MF_LB_STOP && q != MF_LB_MIDDLE && p != MF_LB_MIDDLE &&
              p != MF_LB_DIVIDING && q != MF_LB_DIVIDING &&
              p != MF_LB_HYPHEN && q != MF_LB_HYPHEN && p != MF_LB_GLUE &&
              q != MF_LB_GLUE && pk != MF_K_SPACE && nk != MF_K_SPACE &&
              pk != MF_K_WSPACE && nk != MF_K_WSPACE && pk != MF_K_NEWLINE &&
              nk != MF_K_NEWLINE && pk != MF_K_JOINED && nk != MF_K_JOINED;
    L->gk[k] = (uint8_t)(gk | (ok ? MF_G_STRETCH : 0));
  }
}

/* A marker at the start of a paragraph (typesetting.md §5.2): ※, ※1, 注1,
 * ＊, a bullet (・●○◎■□◆◇★☆•), ①, ⑴, ⒈, （１）, (1), （ア）, 【1】, １．, 1),
 * 一、 — then one run of spaces as its separator.  Returns the index after the
 * marker and separator, or 0 if there is none. */
static size_t marker_end(const mf_lay *L, size_t p) {
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
  while (j < n && mf_is_space_kind(L->kind[j])) j++;
  if (j >= n || L->kind[j] == MF_K_NEWLINE) return 0; /* a marker and nothing */
  return j;
}

/* Fixes a marker in place: no break inside it nor between it and the first
 * character, and its gaps neither shrink nor stretch, so that the text
 * after it lines up with the hanging indent.  Returns its advance in em,
 * up to the first character's box. */
static double fix_marker(mf_lay *L, size_t p, size_t m) {
  double adv = 0;
  for (size_t j = p; j < m; j++) {
    if (j > p) adv += L->gap[j];
    adv += L->w[j];
    if (L->kind[j] == MF_K_SPACE || L->kind[j] == MF_K_WSPACE) L->kind[j] = MF_K_IDSPACE;
  }
  for (size_t j = p + 1; j <= m && j < L->n; j++) {
    L->brk[j] = MF_BRK_NONE | MF_BRK_TOKEN;
    if ((L->gk[j] & MF_G_KIND) != MF_G_NONE || L->gap[j] > 0) L->gk[j] = MF_G_FIXED;
    else L->gk[j] = MF_G_NONE;
  }
  return adv + L->gap[m];
}

enum { HOW_FORCED = 1, HOW_EMERGENCY = 2 };

/* A preferred break (fit.c) and the width of the line if it is taken. */
typedef struct pref_at {
  size_t k;
  double w;
} pref_at;

/* With prefer_spaces (fit.c): the last space break of the line, else its
 * last address component or name part (・) break, if the line then fills
 * at least two thirds of the measure (東京都|千代田区… would waste the
 * line, and the value shrink for it); 0 if none or not preferring. */
static size_t pref_break(bool prefer, size_t s0, pref_at space, pref_at comp,
                         double avail) {
  if (!prefer) return 0;
  double least = avail * 2 / 3;
  if (space.k > s0 && space.w >= least) return space.k;
  return comp.k > s0 && comp.w >= least ? comp.k : 0;
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
static size_t find_break(const mf_lay *L, size_t s0, double avail, unsigned *how) {
  size_t n = L->n;
  bool prefer = L->o->prefer_spaces, over = false;
  double run = 0, sh = 0, nat = 0, mn = 0;
  size_t best = 0, best_url = 0, best_emerg = 0;
  pref_at best_space = {0, 0}, best_comp = {0, 0};
  *how = 0;
  for (size_t k = s0; k < n; k++) {
    if (k > s0) {
      unsigned lv = L->brk[k] & MF_BRK_LEVEL;
      if (!over) {
        if (lv >= MF_BRK_ALLOW) {
          best = k;
          if (lv >= MF_BRK_SPACE) best_space = (pref_at){k, run};
          else if (lv == MF_BRK_COMPONENT) best_comp = (pref_at){k, run};
        } else if (lv == MF_BRK_URL) {
          best_url = k;
        } else if (lv == MF_BRK_EMERGENCY) {
          best_emerg = k;
        }
      } else if (lv >= MF_BRK_ALLOW) {
        if (mn <= avail + MF_EPS && !pref_break(prefer, s0, best_space, best_comp, avail))
          return k; /* 追い込み */
        goto push_out;
      }
    }
    if (L->kind[k] == MF_K_NEWLINE) {
      if (!over ||
          (mn <= avail + MF_EPS && !pref_break(prefer, s0, best_space, best_comp, avail))) {
        *how = HOW_FORCED;
        return k + 1;
      }
      goto push_out;
    }
    if (k > s0) {
      run += L->gap[k];
      sh += mf_gap_shrink(L->gk[k], L->gap[k]);
    }
    run += L->w[k];
    sh += mf_width_shrink(L->kind[k], L->w[k]);
    if (mf_is_space_kind(L->kind[k])) continue; /* trailing spaces do not count */
    nat = run;
    mn = run - sh;
    if (!over && nat > avail + MF_EPS) {
      over = true;
      if (k > s0 && best == k) { /* the natural break is allowed */
        size_t pb = pref_break(prefer, s0, best_space, best_comp, avail);
        return pb ? pb : k;
      }
    }
    if (over && mn > avail + MF_EPS) goto push_out;
  }
  if (!over ||
      (mn <= avail + MF_EPS && !pref_break(prefer, s0, best_space, best_comp, avail))) {
    *how = HOW_FORCED;
    return n;
  }
push_out:
  if (pref_break(prefer, s0, best_space, best_comp, avail))
    return pref_break(prefer, s0, best_space, best_comp, avail);
  if (best > s0) return best;
  if (best_url > s0) return best_url;
  *how = HOW_EMERGENCY;
  if (best_emerg > s0) return best_emerg;
  /* a cluster or an unbreakable run wider than the measure: overflow to the
   * first place a break is possible at all */
  for (size_t k = s0 + 1; k < n; k++) {
    if (L->kind[k - 1] == MF_K_NEWLINE) {
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
  if (*need <= MF_EPS || total <= MF_EPS) return;
  *r = *need >= total ? 1.0 : *need / total;
  *need -= *r * total;
}

/*
 * Sets the clusters [a, b) as one line starting at start_em: drops spaces at
 * the boundaries (typesetting.md §5.3), compresses in the order S1…S5 if the
 * line is too long, stretches every gap that may stretch at one ratio if it
 * is justified (para_model.h), and writes x of every cluster.
 */
static void set_line(const mf_lay *L, size_t a, size_t b, bool wrapped, bool last,
                     double start_em, mf_line *ln, double *x) {
  const mf_cluster *c = L->s->cl;
  double size = L->o->size;
  size_t s0 = a, e = b;
  if (wrapped)
    while (s0 < e && mf_is_space_kind(L->kind[s0])) x[s0++] = NAN;
  while (e > s0 && (mf_is_space_kind(L->kind[e - 1]) || L->kind[e - 1] == MF_K_NEWLINE))
    x[--e] = NAN;
  for (size_t k = e; k < b; k++) x[k] = NAN;

  double nat = 0, s1 = 0, s3 = 0, s4 = 0, s5 = 0, t1 = 0, t2 = 0;
  size_t n3 = 0, nfb = 0;
  for (size_t k = s0; k < e; k++) {
    if (k > s0) {
      double g = L->gap[k];
      nat += g;
      switch (L->gk[k] & MF_G_KIND) {
        case MF_G_PUNCT: s4 += g; break;
        case MF_G_MIDDLE: s3 += g; break;
        case MF_G_WAKAN: s5 += g - MF_EIGHTH; t2 += MF_ST_WAKAN; nfb++; break;
        default: break;
      }
      if (L->gk[k] & MF_G_STRETCH) n3++;
    }
    nat += L->w[k];
    if (L->kind[k] == MF_K_SPACE) {
      s1 += mf_width_shrink(MF_K_SPACE, L->w[k]);
      t1 += L->w[k] * MF_HALF;
      nfb++;
    } else if (L->kind[k] == MF_K_WSPACE) {
      s5 += MF_EIGHTH;
      t2 += MF_ST_WAKAN;
      nfb++;
    }
  }
  bool justify = L->o->justify && !last;
  /* JIS X 4051: a line-end 。 keeps its half em; JLReq lets 追い込み take it
   * first (S2, all or nothing).  Counted on justified lines only. */
  double s2 = (justify && e > s0 && L->kind[e - 1] == MF_K_STOP) ? MF_HALF : 0;
  nat += s2;
  double avail = L->measure - start_em;
  double need = nat - avail, r1 = 0, r3 = 0, r4 = 0, r5 = 0;
  double u = 0, u3 = 0, ufb = 0;
  bool drop = false;
  if (need > MF_EPS) {
    take(&need, s1, &r1);
    if (need > MF_EPS && s2 > 0) {
      drop = true;
      need -= s2;
    }
    take(&need, s3, &r3);
    take(&need, s4, &r4);
    take(&need, s5, &r5);
  }
  if (justify && need < -MF_EPS) {
    /* every gap that may stretch at the same ratio u of its limit, so that
     * no 和欧間 or word space stands out; past the limits, the rest equally
     * between characters (JLReq 3.8.3 step 4), or between the spaces if
     * there is no inter-character gap */
    double room = -need, total = t1 + t2 + MF_ST_CHAR * (double)n3;
    take(&room, total, &u);
    if (room > MF_EPS && n3) {
      u3 = room / (double)n3;
    } else if (room > MF_EPS && nfb) {
      ufb = room / (double)nfb;
    }
    /* else: nothing may stretch (one word, one URL): flush to the start */
  }

  double pen = 0;
  for (size_t k = s0; k < e; k++) {
    if (k > s0) {
      double g = L->gap[k];
      switch (L->gk[k] & MF_G_KIND) {
        case MF_G_PUNCT: g -= r4 * g; break;
        case MF_G_MIDDLE: g -= r3 * g; break;
        case MF_G_WAKAN: g += -r5 * (g - MF_EIGHTH) + u * MF_ST_WAKAN + ufb; break;
        default: break;
      }
      if (L->gk[k] & MF_G_STRETCH) g += u * MF_ST_CHAR + u3;
      pen += g;
    }
    x[k] = (start_em + pen + glyph_off(L->kind[k], c[k].adv)) * size;
    double w = L->w[k];
    if (L->kind[k] == MF_K_SPACE)
      w += -r1 * mf_width_shrink(MF_K_SPACE, w) + u * w * MF_HALF + ufb;
    else if (L->kind[k] == MF_K_WSPACE)
      w += -r5 * MF_EIGHTH + u * MF_ST_WAKAN + ufb;
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
  mf_lay L = {s, o, n, NULL, NULL, NULL, NULL, NULL, NULL, o->width / o->size};
  /* total fit for justified paragraphs; fit.c's fields (unjustified,
   * preferring spaces) keep the line-by-line breaker */
  bool tf = o->justify && !o->prefer_spaces;
  size_t tfsz = tf ? mf_tf_scratch_size(n) + n * sizeof(size_t) : 0;
  unsigned char *blk = mf_malloc(n * (2 * sizeof(double) + 4) + tfsz);
  out->x = mf_malloc(n * sizeof *out->x);
  if (!blk || !out->x) {
    mf_free(blk);
    mf_para_free(out);
    return mf_fail(ctx, MYNA_ERR_NOMEM, "out of memory");
  }
  L.w = (double *)blk;
  L.gap = L.w + n;
  void *scratch = L.gap + n;
  size_t *ends = (size_t *)((unsigned char *)scratch + (tf ? mf_tf_scratch_size(n) : 0));
  L.cls = (unsigned char *)scratch + tfsz;
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
  size_t qn = 0, qi = 0, pend = n; /* the paragraph's breaks from totalfit.c */
  while (a < n && st == MYNA_OK) {
    double start = first;
    if (para_start) {
      hang = o->hang;
      size_t m = o->hang_marker ? marker_end(&L, a) : 0;
      if (m) hang = first + fix_marker(&L, a, m);
      qn = qi = 0;
      if (tf) {
        pend = a;
        while (pend < n && L.kind[pend] != MF_K_NEWLINE) pend++;
        if (pend < n) pend++;
        qn = mf_tf_break(&L, a, pend, L.measure - first, L.measure - hang,
                         scratch, ends);
      }
    } else {
      start = hang;
    }
    size_t s0 = a;
    if (!para_start)
      while (s0 < n && mf_is_space_kind(L.kind[s0])) s0++;
    if (s0 == n && out->nlines) { /* only spaces left after a wrap */
      mf_line *prev = &out->lines[out->nlines - 1];
      for (size_t k = a; k < n; k++) out->x[k] = NAN;
      prev->b = n;
      prev->forced = true;
      break;
    }
    unsigned how = 0;
    size_t b;
    if (qi < qn) { /* 0 if some line needs an emergency break */
      b = ends[qi++];
      how = b == pend ? HOW_FORCED : 0;
    } else {
      b = s0 < n ? find_break(&L, s0, L.measure - start, &how) : n;
    }
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
    para_start = b > 0 && L.kind[b - 1] == MF_K_NEWLINE;
    a = b;
  }
  mf_free(blk);
  if (st != MYNA_OK) mf_para_free(out);
  return st;
}

void mf_para_line_span(const mf_shaped *s, const mf_para *p, const mf_line *ln,
                       size_t *from, size_t *to) {
  *from = *to = 0;
  bool any = false;
  for (size_t k = ln->a; k < ln->b; k++) {
    if (isnan(p->x[k])) continue;
    if (!any) *from = s->cl[k].start;
    *to = s->cl[k].start + s->cl[k].len;
    any = true;
  }
}

size_t mf_para_my_number_line(const mf_shaped *s, const mf_para *p, const char *text) {
  for (size_t i = 0; p->nlines > 1 && i < p->nlines; i++) {
    size_t a, b;
    mf_para_line_span(s, p, &p->lines[i], &a, &b);
    if (mf_my_number_find(text + a, b - a)) return i + 1;
  }
  return 0;
}
