/*
 * linebreak.h — Japanese character classes and line-break opportunities
 * between shaped clusters (typesetting.md §1, §2; JLReq 3.1.7–3.1.10,
 * Appendix A; JIS X 4051 §4.3–4.5).
 *
 * A rule-based implementation (no ICU, no libunibreak): every cluster gets a
 * class from its base code point, and every boundary between two clusters a
 * break level.  The levels are ordered, so a line breaker can take the best
 * one available: a hard 行頭/行末禁則 pair is MF_BRK_NONE and is never broken;
 * a boundary inside an unbreakable sequence (分割禁止: ——, 10,000, ¥1,000,
 * 50%, 令和6年4月1日, 03-1234-5678, 〒100-0001, ※1, Latin words) or before a
 * negotiable character under the strict profile is MF_BRK_EMERGENCY, used
 * only when a line has no other break.
 */
#ifndef MF_LINEBREAK_H
#define MF_LINEBREAK_H

#include "layout/paragraph.h"

/* Character classes, horizontal composition.  The JLReq class is named on
 * each; full-width and half-width forms (FFxx) are members too. */
typedef enum mf_lb_cls {
  MF_LB_OTHER = 0,  /* symbols (● ○ 〒 …): like cl-19 for breaking */
  MF_LB_OPEN,       /* cl-01 opening brackets */
  MF_LB_CLOSE,      /* cl-02 closing brackets */
  MF_LB_HYPHEN,     /* cl-03 hyphens ‐ 〜 ～ ゠ – */
  MF_LB_DIVIDING,   /* cl-04 dividing punctuation ！？‼⁇⁈⁉ */
  MF_LB_MIDDLE,     /* cl-05 middle dots ・：； */
  MF_LB_STOP,       /* cl-06 full stops 。． */
  MF_LB_COMMA,      /* cl-07 commas 、， */
  MF_LB_INSEP,      /* cl-08 inseparable — … ‥ ― */
  MF_LB_ITER,       /* cl-09 iteration marks ヽヾゝゞ々〻 */
  MF_LB_PROLONG,    /* cl-10 prolonged sound mark ー ｰ */
  MF_LB_SMALL,      /* cl-11 small kana */
  MF_LB_PREFIX,     /* cl-12 prefixed abbreviations ¥ $ £ # € */
  MF_LB_POSTFIX,    /* cl-13 postfixed abbreviations % ℃ ‰ ° ㎏ … */
  MF_LB_IDSPACE,    /* cl-14 ideographic space U+3000 */
  MF_LB_HIRAGANA,   /* cl-15 */
  MF_LB_KATAKANA,   /* cl-16 (and half-width katakana) */
  MF_LB_MATH_REL,   /* cl-17 mathematical relations ＝ ≠ ＜ ＞ */
  MF_LB_MATH_OP,    /* cl-18 mathematical operators ＋ − ± × ÷ － */
  MF_LB_IDEO,       /* cl-19 ideographic characters */
  MF_LB_REFMARK,    /* reference marks ※ ＊ (cl-19/cl-20; kept with a number) */
  MF_LB_DIGIT,      /* cl-24 grouped numerals: 0-9 and ０-９ */
  MF_LB_SPACE,      /* cl-26 Western word space (U+0020, U+2000–U+200A) */
  MF_LB_LATIN,      /* cl-27 Western characters (cl-25 unit symbols such as
                       kg and mg are Latin words bound to their number) */
  MF_LB_VOICED,     /* spacing voiced marks ゛゜ﾞﾟ (hard: never start a line) */
  MF_LB_GLUE,       /* no-break space, word joiner: no break either side */
  MF_LB_NEWLINE,    /* line feed: forced break after it */
  MF_LB_COUNT
} mf_lb_cls;

/* Break levels of the boundary before a cluster, best last.  The low three
 * bits are the level; MF_BRK_TOKEN marks a boundary inside an unbreakable
 * sequence, where justification must not add space either. */
enum {
  MF_BRK_NONE = 0,      /* never (行頭/行末禁則, before a space, before \n) */
  MF_BRK_EMERGENCY = 1, /* inside an unbreakable sequence, or before a
                           negotiable character (strict): only if nothing
                           else fits */
  MF_BRK_URL = 2,       /* after / or . inside a Latin word: last resort */
  MF_BRK_ALLOW = 3,     /* an ordinary break opportunity */
  MF_BRK_COMPONENT = 4, /* also the end of an address component
                           (after 都道府県, 市区町村, 郡) or of a name's
                           part (after ・): preferred by fit.c */
  MF_BRK_SPACE = 5,     /* after a space: preferred by fit.c */
  MF_BRK_FORCED = 6,    /* after a line feed */
  MF_BRK_LEVEL = 0x07,
  MF_BRK_TOKEN = 0x08,
  /* with MF_BRK_EMERGENCY | MF_BRK_TOKEN: inside a date, after 年 or 月
   * before the next number (令和5年|7月).  Kept whole in values and by the
   * line-by-line breaker; a justified paragraph (totalfit.c) may break
   * there at a cost rather than spread a line (JLReq allows it; the rule
   * that keeps dates whole is for form values, typesetting.md §2) */
  MF_BRK_DATE = 0x10
};

/* The class of a code point. */
mf_lb_cls mf_lb_class(uint32_t cp);

/* Fills cls[0..s->ncl) with the class of every cluster's base. */
void mf_lb_classify(const mf_shaped *s, uint8_t *cls);

/* The break code (level | flags) of the boundary between clusters i-1 and
 * i, 0 < i < s->ncl (MF_BRK_NONE otherwise).  cls is the array from
 * mf_lb_classify, or NULL to classify on the fly.  Looks at no more than
 * four clusters on either side, plus a run of spaces before i. */
uint8_t mf_lb_break_at(const mf_shaped *s, const uint8_t *cls, size_t i,
                       mf_kinsoku k);

/* Fills brk[0..s->ncl) with mf_lb_break_at for every boundary (brk[0] is
 * MF_BRK_NONE).  O(n). */
void mf_lb_breaks(const mf_shaped *s, const uint8_t *cls, mf_kinsoku k,
                  uint8_t *brk);

/* True if a line may end between clusters i-1 and i as an ordinary break
 * (level ≥ MF_BRK_ALLOW: no rule of §1 or §2 is broken). */
bool mf_lb_can_break(const mf_shaped *s, size_t i, mf_kinsoku k);

/* True for the classes that never start a line (the hard set of
 * typesetting.md §1, "Decision for this project"), and in the strict
 * profile the negotiable set too. */
bool mf_lb_no_start(mf_lb_cls c, mf_kinsoku k);
/* True for the classes that never end a line (cl-01). */
bool mf_lb_no_end(mf_lb_cls c);

#endif
