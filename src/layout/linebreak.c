/*
 * linebreak.c — character classes and break opportunities between clusters
 * (typesetting.md §1 and §2).  Pure functions of the text; no allocation.
 */
#include "layout/linebreak.h"

/* ------------------------------------------------------------ classes */

/* ASCII, JLReq Appendix A: brackets cl-01/02, ! ? cl-04, : ; cl-05, . cl-06,
 * , cl-07, $ # cl-12, % cl-13; letters and the other printable characters
 * (0 here) are Western characters (cl-27). */
static const uint8_t ascii_class[128] = {
    ['\n'] = MF_LB_NEWLINE,  [' '] = MF_LB_SPACE,    ['!'] = MF_LB_DIVIDING,
    ['"'] = MF_LB_LATIN,     ['#'] = MF_LB_PREFIX,   ['$'] = MF_LB_PREFIX,
    ['%'] = MF_LB_POSTFIX,   ['&'] = MF_LB_LATIN,    ['\''] = MF_LB_LATIN,
    ['('] = MF_LB_OPEN,      [')'] = MF_LB_CLOSE,    ['*'] = MF_LB_LATIN,
    ['+'] = MF_LB_LATIN,     [','] = MF_LB_COMMA,    ['-'] = MF_LB_LATIN,
    ['.'] = MF_LB_STOP,      ['/'] = MF_LB_LATIN,    ['0'] = MF_LB_DIGIT,
    ['1'] = MF_LB_DIGIT,     ['2'] = MF_LB_DIGIT,    ['3'] = MF_LB_DIGIT,
    ['4'] = MF_LB_DIGIT,     ['5'] = MF_LB_DIGIT,    ['6'] = MF_LB_DIGIT,
    ['7'] = MF_LB_DIGIT,     ['8'] = MF_LB_DIGIT,    ['9'] = MF_LB_DIGIT,
    [':'] = MF_LB_MIDDLE,    [';'] = MF_LB_MIDDLE,   ['<'] = MF_LB_LATIN,
    ['='] = MF_LB_LATIN,     ['>'] = MF_LB_LATIN,    ['?'] = MF_LB_DIVIDING,
    ['@'] = MF_LB_LATIN,     ['['] = MF_LB_OPEN,     ['\\'] = MF_LB_LATIN,
    [']'] = MF_LB_CLOSE,     ['^'] = MF_LB_LATIN,    ['_'] = MF_LB_LATIN,
    ['`'] = MF_LB_LATIN,     ['{'] = MF_LB_OPEN,     ['|'] = MF_LB_LATIN,
    ['}'] = MF_LB_CLOSE,     ['~'] = MF_LB_LATIN,
};

/* U+3000–U+303F, CJK symbols and punctuation. */
static mf_lb_cls cjk_punct_class(uint32_t cp) {
  switch (cp) {
    case 0x3000: return MF_LB_IDSPACE;
    case 0x3001: return MF_LB_COMMA;                 /* 、 */
    case 0x3002: return MF_LB_STOP;                  /* 。 */
    case 0x3005: case 0x303B: return MF_LB_ITER;     /* 々 〻 */
    case 0x3006: case 0x3007: case 0x3003:
      return MF_LB_IDEO;                             /* 〆 〇 〃 */
    case 0x3008: case 0x300A: case 0x300C: case 0x300E: case 0x3010:
    case 0x3014: case 0x3016: case 0x3018: case 0x301D:
      return MF_LB_OPEN;                             /* 〈《「『【〔〖〘〝 */
    case 0x3009: case 0x300B: case 0x300D: case 0x300F: case 0x3011:
    case 0x3015: case 0x3017: case 0x3019: case 0x301E: case 0x301F:
      return MF_LB_CLOSE;                            /* 〉》」』】〕〗〙〞〟 */
    case 0x301C: return MF_LB_HYPHEN;                /* 〜 */
    case 0x3033: case 0x3034: case 0x3035:
      return MF_LB_INSEP;                            /* 〳〴〵 */
    default: return MF_LB_OTHER;                     /* 〒 〓 … */
  }
}

/* U+3040–U+30FF, hiragana and katakana (cl-09, cl-10, cl-11, cl-15, cl-16). */
static mf_lb_cls kana_class(uint32_t cp) {
  switch (cp) {
    case 0x3041: case 0x3043: case 0x3045: case 0x3047: case 0x3049:
    case 0x3063: case 0x3083: case 0x3085: case 0x3087: case 0x308E:
    case 0x3095: case 0x3096:
    case 0x30A1: case 0x30A3: case 0x30A5: case 0x30A7: case 0x30A9:
    case 0x30C3: case 0x30E3: case 0x30E5: case 0x30E7: case 0x30EE:
    case 0x30F5: case 0x30F6:
      return MF_LB_SMALL;
    case 0x309B: case 0x309C: return MF_LB_VOICED;   /* ゛゜ */
    case 0x309D: case 0x309E: case 0x30FD: case 0x30FE:
      return MF_LB_ITER;                             /* ゝゞヽヾ */
    case 0x30A0: return MF_LB_HYPHEN;                /* ゠ */
    case 0x30FB: return MF_LB_MIDDLE;                /* ・ */
    case 0x30FC: return MF_LB_PROLONG;               /* ー */
    default: return cp < 0x30A0 ? MF_LB_HIRAGANA : MF_LB_KATAKANA;
  }
}

/* U+FF00–U+FFEF, half-width and full-width forms. */
static mf_lb_cls fullwidth_class(uint32_t cp) {
  if (cp >= 0xFF10 && cp <= 0xFF19) return MF_LB_DIGIT;
  if ((cp >= 0xFF21 && cp <= 0xFF3A) || (cp >= 0xFF41 && cp <= 0xFF5A))
    return MF_LB_LATIN;
  if (cp >= 0xFF67 && cp <= 0xFF6F) return MF_LB_SMALL;  /* ｧ–ｯ */
  if (cp == 0xFF70) return MF_LB_PROLONG;                /* ｰ */
  if (cp >= 0xFF66 && cp <= 0xFF9D) return MF_LB_KATAKANA;
  switch (cp) {
    case 0xFF08: case 0xFF3B: case 0xFF5B: case 0xFF5F: case 0xFF62:
      return MF_LB_OPEN;                             /* （［｛｟｢ */
    case 0xFF09: case 0xFF3D: case 0xFF5D: case 0xFF60: case 0xFF63:
      return MF_LB_CLOSE;                            /* ）］｝｠｣ */
    case 0xFF5E: return MF_LB_HYPHEN;                /* ～ (CP932 wave dash) */
    case 0xFF01: case 0xFF1F: return MF_LB_DIVIDING; /* ！？ */
    case 0xFF1A: case 0xFF1B: case 0xFF65:
      return MF_LB_MIDDLE;                           /* ：；･ */
    case 0xFF0E: case 0xFF61: return MF_LB_STOP;     /* ．｡ */
    case 0xFF0C: case 0xFF64: return MF_LB_COMMA;    /* ，､ */
    case 0xFF9E: case 0xFF9F: return MF_LB_VOICED;   /* ﾞﾟ */
    case 0xFFE5: case 0xFF04: case 0xFFE1: case 0xFF03:
      return MF_LB_PREFIX;                           /* ￥＄￡＃ */
    case 0xFF05: case 0xFFE0: return MF_LB_POSTFIX;  /* ％￠ */
    case 0xFF0A: return MF_LB_REFMARK;               /* ＊ */
    case 0xFF1D: case 0xFF1C: case 0xFF1E: return MF_LB_MATH_REL;
    case 0xFF0B: case 0xFF0D: return MF_LB_MATH_OP;  /* ＋－ */
    default: return MF_LB_OTHER;
  }
}

/* General punctuation and letterlike symbols, U+2000–U+2BFF. */
static mf_lb_cls symbol_class(uint32_t cp) {
  if (cp <= 0x200A) return cp == 0x2007 ? MF_LB_GLUE : MF_LB_SPACE;
  if (cp >= 0x3300 && cp <= 0x33FF) {
    switch (cp) { /* cl-13 square unit symbols */
      case 0x33CB: case 0x3303: case 0x330D: case 0x3314: case 0x3318:
      case 0x3322: case 0x3323: case 0x3326: case 0x3327: case 0x332B:
      case 0x3336: case 0x333B: case 0x3349: case 0x334A: case 0x334D:
      case 0x3351: case 0x3357: case 0x338E: case 0x338F: case 0x339C:
      case 0x339D: case 0x339E: case 0x33A1: case 0x33C4:
        return MF_LB_POSTFIX;
      default:
        return MF_LB_OTHER;
    }
  }
  switch (cp) {
    case 0x2010: case 0x2013: return MF_LB_HYPHEN;   /* ‐ – */
    case 0x2014: case 0x2015: case 0x2025: case 0x2026:
      return MF_LB_INSEP;                            /* — ― ‥ … */
    case 0x2018: case 0x201C: case 0x2985: return MF_LB_OPEN;   /* ‘ “ ⦅ */
    case 0x2019: case 0x201D: case 0x2986: return MF_LB_CLOSE;  /* ’ ” ⦆ */
    case 0x203C: case 0x2047: case 0x2048: case 0x2049:
      return MF_LB_DIVIDING;                         /* ‼ ⁇ ⁈ ⁉ */
    case 0x20AC: return MF_LB_PREFIX;                /* € */
    case 0x2030: case 0x2032: case 0x2033: case 0x2103: case 0x2113:
      return MF_LB_POSTFIX;                          /* ‰ ′ ″ ℃ ℓ */
    case 0x203B: return MF_LB_REFMARK;               /* ※ */
    case 0x2011: case 0x202F: case 0x2060: return MF_LB_GLUE;
    case 0x2028: case 0x2029: return MF_LB_NEWLINE;
    case 0x2212: case 0x2213: return MF_LB_MATH_OP;  /* − ∓ */
    case 0x2260: case 0x2261: case 0x2252: case 0x2266: case 0x2267:
    case 0x226A: case 0x226B:
      return MF_LB_MATH_REL;                         /* ≠ ≡ ≒ ≦ ≧ ≪ ≫ */
    default: return MF_LB_OTHER;
  }
}

mf_lb_cls mf_lb_class(uint32_t cp) {
  if (cp < 0x80) {
    mf_lb_cls c = (mf_lb_cls)ascii_class[cp];
    return c == MF_LB_OTHER && cp > 0x20 && cp < 0x7F ? MF_LB_LATIN : c;
  }
  if (cp >= 0x4E00 && cp <= 0x9FFF) return MF_LB_IDEO;
  if (cp >= 0x3040 && cp <= 0x30FF) return kana_class(cp);
  if (cp >= 0x3000 && cp <= 0x303F) return cjk_punct_class(cp);
  if (cp >= 0xFF00 && cp <= 0xFFEF) return fullwidth_class(cp);
  if ((cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
      (cp >= 0x20000 && cp <= 0x3FFFF))
    return MF_LB_IDEO;
  if (cp >= 0x31F0 && cp <= 0x31FF) return MF_LB_SMALL; /* ㇰ–ㇿ */
  if (cp >= 0x2000 && cp <= 0x2BFF) return symbol_class(cp);
  if (cp >= 0x3300 && cp <= 0x33FF) return symbol_class(cp);
  if (cp < 0x2000) {
    switch (cp) {
      case 0x00A0: return MF_LB_GLUE;
      case 0x00A5: case 0x00A3: return MF_LB_PREFIX;   /* ¥ £ */
      case 0x00A2: case 0x00B0: return MF_LB_POSTFIX;  /* ¢ ° */
      case 0x00AB: return MF_LB_OPEN;                  /* « */
      case 0x00BB: return MF_LB_CLOSE;                 /* » */
      case 0x00B1: case 0x00D7: case 0x00F7: return MF_LB_MATH_OP;
      case 0x0085: return MF_LB_NEWLINE;
      default: break;
    }
    if (cp >= 0xC0 && cp <= 0x24F) return MF_LB_LATIN;
    if (cp >= 0x370 && cp <= 0x52F) return MF_LB_LATIN; /* Greek, Cyrillic */
    if (cp >= 0x1E00) return MF_LB_LATIN;
    return MF_LB_OTHER;
  }
  if (cp == 0xFEFF) return MF_LB_GLUE;
  return MF_LB_OTHER;
}

void mf_lb_classify(const mf_shaped *s, uint8_t *cls) {
  for (size_t i = 0; i < s->ncl; i++) cls[i] = (uint8_t)mf_lb_class(s->cl[i].cp);
}

/* typesetting.md §1, "Decision for this project": the hard set (closing
 * brackets, 、。，．, ・：；, ？！‼⁇⁈⁉, ゝゞヽヾ〻々, ゛゜ﾞﾟ) never starts a line;
 * the negotiable set (small kana, ー, ‐〜～゠–) not in the strict profile. */
bool mf_lb_no_start(mf_lb_cls c, mf_kinsoku k) {
  switch (c) {
    case MF_LB_CLOSE: case MF_LB_DIVIDING: case MF_LB_MIDDLE: case MF_LB_STOP:
    case MF_LB_COMMA: case MF_LB_ITER: case MF_LB_VOICED:
      return true;
    case MF_LB_SMALL: case MF_LB_PROLONG: case MF_LB_HYPHEN:
      return k == MF_KINSOKU_STRICT;
    default:
      return false;
  }
}

/* JLReq 3.1.8: opening brackets never end a line. */
bool mf_lb_no_end(mf_lb_cls c) { return c == MF_LB_OPEN; }

/* ---------------------------------------------------- token predicates */

/* Reads classes from the array, or classifies on the fly. */
typedef struct view {
  const mf_shaped *s;
  const uint8_t *cls;
  size_t n;
} view;

static uint32_t cp_at(const view *v, size_t j) {
  return j < v->n ? v->s->cl[j].cp : 0;
}

static mf_lb_cls cls_at(const view *v, size_t j) {
  if (j >= v->n) return MF_LB_COUNT;
  return v->cls ? (mf_lb_cls)v->cls[j] : mf_lb_class(v->s->cl[j].cp);
}

static bool is_space_cls(mf_lb_cls c) {
  return c == MF_LB_SPACE || c == MF_LB_IDSPACE;
}

/* The era names of typesetting.md §2 / §8.5 (令和6年4月1日). */
static bool is_era(uint32_t a, uint32_t b) {
  return (a == 0x4EE4 && b == 0x548C) ||  /* 令和 */
         (a == 0x5E73 && b == 0x6210) ||  /* 平成 */
         (a == 0x662D && b == 0x548C) ||  /* 昭和 */
         (a == 0x5927 && b == 0x6B63) ||  /* 大正 */
         (a == 0x660E && b == 0x6CBB);    /* 明治 */
}

static bool era_ends_at(const view *v, size_t j) {
  return j >= 1 && j < v->n && is_era(cp_at(v, j - 1), cp_at(v, j));
}

/* A numeral: a digit, or 元 right after an era name (令和元年). */
static bool is_num(const view *v, size_t j) {
  if (j >= v->n) return false;
  if (cls_at(v, j) == MF_LB_DIGIT) return true;
  return cp_at(v, j) == 0x5143 && j >= 2 && era_ends_at(v, j - 1);
}

/* Separators inside a digit group (cl-24 and the form tokens of §2, §8.4):
 * 10,000  3.14  10:30  03-1234-5678  ０３－１２３４  2024/4/1  1ー2. */
static bool is_numsep(uint32_t cp) {
  switch (cp) {
    case ',': case '.': case ':': case '-': case '/':
    case 0xFF0C: case 0xFF0E: case 0xFF1A: case 0xFF0D: case 0xFF0F:
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2212:
    case 0x30FC: case 0xFF70: case 0x2009:
      return true;
    default:
      return false;
  }
}

/* Japanese counters and units kept with the number before them (§2:
 * 80,100円, 3割, 20歳, 6年, 1234号室 …). */
static bool is_counter(uint32_t cp) {
  switch (cp) {
    case 0x5186: /* 円 */ case 0x5272: /* 割 */ case 0x5206: /* 分 */
    case 0x5398: /* 厘 */ case 0x6B73: /* 歳 */ case 0x624D: /* 才 */
    case 0x5E74: /* 年 */ case 0x6708: /* 月 */ case 0x65E5: /* 日 */
    case 0x6642: /* 時 */ case 0x79D2: /* 秒 */ case 0x53F7: /* 号 */
    case 0x756A: /* 番 */ case 0x968E: /* 階 */ case 0x500D: /* 倍 */
    case 0x56DE: /* 回 */ case 0x500B: /* 個 */ case 0x679A: /* 枚 */
    case 0x4EF6: /* 件 */ case 0x4EBA: /* 人 */ case 0x540D: /* 名 */
    case 0x9320: /* 錠 */ case 0x9031: /* 週 */ case 0x4EE3: /* 代 */
    case 0x5EA6: /* 度 */ case 0x70B9: /* 点 */ case 0x672C: /* 本 */
    case 0x518A: /* 冊 */ case 0x53F0: /* 台 */ case 0x901A: /* 通 */
    case 0x6761: /* 条 */ case 0x9805: /* 項 */ case 0x4E01: /* 丁 */
    case 0x5305: /* 包 */ case 0x6B69: /* 歩 */ case 0x6CCA: /* 泊 */
      return true;
    default:
      return false;
  }
}

/* Two-character counters: 丁目 番地 号室 か月 ヶ月 箇所 時間 … */
static bool is_counter2(uint32_t a, uint32_t b) {
  switch (a) {
    case 0x4E01: return b == 0x76EE;                      /* 丁目 */
    case 0x756A: return b == 0x5730;                      /* 番地 */
    case 0x53F7: return b == 0x5BA4;                      /* 号室 */
    case 0x304B: case 0x30AB: case 0x30F6: case 0x30B1: case 0x30F5:
    case 0x7B87:                                          /* か カ ヶ ケ ヵ 箇 */
      return b == 0x6708 || b == 0x6240;                  /* 月 所 */
    case 0x6642: case 0x65E5: case 0x9031: case 0x5E74: case 0x5206:
    case 0x79D2: case 0x6708:                             /* 時日週年分秒月 */
      return b == 0x9593;                                 /* 間 */
    default:
      return false;
  }
}

/* Counters after which a date, time or address chain continues with
 * another number: 令和6年4月1日, 10時30分, １丁目２番３号, 3割5分. */
static bool is_chain(uint32_t cp) {
  switch (cp) {
    case 0x5E74: case 0x6708: case 0x65E5: case 0x6642: case 0x5206:
    case 0x756A: case 0x5272:
      return true;
    default:
      return false;
  }
}

/* True if cluster j ends a counter that follows a number (6年, 1丁目). */
static bool counter_ends_at(const view *v, size_t j, bool chain_only) {
  uint32_t c = cp_at(v, j);
  if (j >= 1 && is_num(v, j - 1) && is_counter(c))
    return !chain_only || is_chain(c);
  if (j >= 2 && is_num(v, j - 2) && is_counter2(cp_at(v, j - 1), c))
    return !chain_only || c == 0x76EE /* 丁目 */ || c == 0x5730 /* 番地 */;
  return false;
}

/* Half-width or full-width Latin letters, digits and ASCII punctuation:
 * the characters of a Western word, which breaks only at spaces. */
static bool is_wword(const view *v, size_t j) {
  uint32_t c = cp_at(v, j);
  if (c > 0x20 && c < 0x7F) return true;
  mf_lb_cls k = cls_at(v, j);
  return k == MF_LB_LATIN || k == MF_LB_DIGIT;
}

/* The boundary between clusters i-1 and i (no space between) lies inside an
 * unbreakable sequence of typesetting.md §2.  Returns the break level to use
 * there (MF_BRK_EMERGENCY or MF_BRK_URL), or MF_BRK_ALLOW if none applies. */
static uint8_t token_rule(const view *v, size_t i) {
  size_t a = i - 1;
  uint32_t ca = cp_at(v, a), cb = cp_at(v, i);
  mf_lb_cls ka = cls_at(v, a);
  bool na = is_num(v, a), nb = is_num(v, i);
  /* JLReq 3.1.10: two identical cl-08 characters (―― —— …… ‥‥) */
  if (ka == MF_LB_INSEP && ca == cb) return MF_BRK_EMERGENCY;
  /* digit groups, also full-width and with separators (§2, §8.4) */
  if (na && nb) return MF_BRK_EMERGENCY;
  if (a >= 1 && is_num(v, a - 1) && is_numsep(ca) && nb)
    return MF_BRK_EMERGENCY;
  if (na && is_numsep(cb) && is_num(v, i + 1)) return MF_BRK_EMERGENCY;
  /* (03)1234-5678, ０３（１２３４）５６７８ */
  if (a >= 1 && is_num(v, a - 1) && (ca == ')' || ca == 0xFF09) && nb)
    return MF_BRK_EMERGENCY;
  /* a Latin word, a number with a Latin unit (10kg), *1 */
  if (is_wword(v, a) && is_wword(v, i)) {
    /* a URL, mail address or path may break after / . - (not inside //;
     * not inside 3.14 or 2024/4/1, ruled out above; after . and - not before
     * a number: B-12, No.5) */
    if ((ca == '/' || ((ca == '.' || ca == '-') && !nb)) && cb != '/' &&
        cb != '.' && cb != '-')
      return MF_BRK_URL;
    return MF_BRK_EMERGENCY;
  }
  /* cl-12 prefix and its number: ¥1,000 ＄20; 〒100-0001 */
  if ((ka == MF_LB_PREFIX || ca == 0x3012) && nb) return MF_BRK_EMERGENCY;
  /* a sign before a number: −5℃ ＋3 */
  if ((ca == 0x2212 || ca == 0xFF0B || ca == 0xFF0D || ca == 0x00B1) && nb &&
      !(a >= 1 && is_num(v, a - 1)))
    return MF_BRK_EMERGENCY;
  /* reference mark and its number: ※1 ※１ ＊1 注1 */
  if ((ka == MF_LB_REFMARK || ca == 0x6CE8) && nb) return MF_BRK_EMERGENCY;
  /* number and counter: 80,100円 3割 6年; 丁目 か月 inside */
  if (na && (is_counter(cb) || is_counter2(cb, cp_at(v, i + 1))))
    return MF_BRK_EMERGENCY;
  if (a >= 1 && is_num(v, a - 1) && is_counter2(ca, cb))
    return MF_BRK_EMERGENCY;
  /* chains: 令和6年4月1日, 10時30分, １丁目２番３号; a date may break
   * after 年 or 月 in running text (MF_BRK_DATE) */
  if (nb && counter_ends_at(v, a, true))
    return MF_BRK_EMERGENCY | (ca == 0x5E74 || ca == 0x6708 ? MF_BRK_DATE : 0);
  /* an era name and its year: 令|和, 和|6, 和|元 */
  if (era_ends_at(v, a) && nb) return MF_BRK_EMERGENCY;
  if (is_era(ca, cb)) {
    size_t j = i + 1;
    if (is_space_cls(cls_at(v, j))) j++;
    if (is_num(v, j)) return MF_BRK_EMERGENCY;
  }
  return MF_BRK_ALLOW;
}

/* The boundary before cluster i follows one space at i-1: a padded date
 * (令和 6年 4月 1日), 〒 100-0001, a thin space in a digit group. */
static bool token_across_space(const view *v, size_t i) {
  if (i < 2 || !is_num(v, i)) return false;
  size_t x = i - 2;
  if (is_space_cls(cls_at(v, x))) return false; /* only one space */
  uint32_t cx = cp_at(v, x);
  if (cx == 0x3012) return true;                    /* 〒 */
  if (era_ends_at(v, x)) return true;               /* 令和 6年 */
  if (counter_ends_at(v, x, true)) return true;     /* 6年 4月 */
  return cp_at(v, i - 1) == 0x2009 && is_num(v, x); /* 10 000 */
}

/* ------------------------------------------------------ break levels */

/* The end of a prefecture (東京都 北海道 大阪府 京都府 …県) or of a city,
 * ward, town, village or district (市区町村郡), typesetting.md §7.1 step 4. */
static bool is_component_end(const view *v, size_t a) {
  uint32_t prev = a ? cp_at(v, a - 1) : 0;
  switch (cp_at(v, a)) {
    case 0x90FD: return prev == 0x4EAC;                   /* 東京都 */
    case 0x9053: return prev == 0x6D77;                   /* 北海道 */
    case 0x5E9C: return prev == 0x962A || prev == 0x90FD; /* 大阪府 京都府 */
    case 0x770C:                                          /* 県 */
    case 0x5E02: case 0x533A: case 0x753A: case 0x6751:   /* 市区町村 */
    case 0x90E1:                                          /* 郡 */
      return true;
    default:
      return false;
  }
}

static bool is_kana_kanji(mf_lb_cls c) {
  return c == MF_LB_HIRAGANA || c == MF_LB_KATAKANA || c == MF_LB_IDEO;
}

static uint8_t break_at(const view *v, size_t i, mf_kinsoku k) {
  if (i == 0 || i >= v->n) return MF_BRK_NONE;
  size_t a = i - 1;
  mf_lb_cls kb = cls_at(v, i), ka = cls_at(v, a);
  if (ka == MF_LB_NEWLINE) return MF_BRK_FORCED;
  if (kb == MF_LB_NEWLINE) return MF_BRK_NONE;
  const mf_cluster *cb = &v->s->cl[i];
  if (cb->flags & MF_CL_JOINED) return MF_BRK_NONE | MF_BRK_TOKEN;
  /* a run of spaces is broken after its last space (typesetting.md §5.3) */
  if (is_space_cls(kb)) return MF_BRK_NONE;
  if (kb == MF_LB_GLUE || ka == MF_LB_GLUE)
    return MF_BRK_EMERGENCY | MF_BRK_TOKEN;
  /* fast path, most boundaries of Japanese text: kana or kanji on both
   * sides, no kinsoku class, no number nearby (元 of 令和元年, 3か月) */
  if (is_kana_kanji(ka) && is_kana_kanji(kb)) {
    uint32_t ca = cp_at(v, a), cb_ = cp_at(v, i);
    if (ca != 0x5143 && cb_ != 0x5143 && !is_era(ca, cb_) &&
        !(a >= 1 && is_num(v, a - 1)))
      return ka == MF_LB_IDEO && is_component_end(v, a) ? MF_BRK_COMPONENT
                                                         : MF_BRK_ALLOW;
  }
  /* x: the last non-space before the boundary, the character ending the
   * line if the break is taken */
  size_t x = a;
  bool sp = false;
  while (is_space_cls(cls_at(v, x))) {
    sp = true;
    if (x == 0) break;
    x--;
  }
  mf_lb_cls kx = is_space_cls(cls_at(v, x)) ? MF_LB_COUNT : cls_at(v, x);
  /* 行頭禁則 (JLReq 3.1.7) and 行末禁則 (JLReq 3.1.8), hard set */
  if (mf_lb_no_start(kb, MF_KINSOKU_NORMAL) || mf_lb_no_end(kx))
    return MF_BRK_NONE;
  /* ％℃‰°′″ after a number: hard (§1 decision) */
  if (kb == MF_LB_POSTFIX && !sp && is_num(v, a))
    return MF_BRK_NONE | MF_BRK_TOKEN;
  if (sp) {
    if (token_across_space(v, i))
      return MF_BRK_EMERGENCY | MF_BRK_TOKEN;
    if (mf_lb_no_start(kb, k)) return MF_BRK_EMERGENCY;
    return MF_BRK_SPACE;
  }
  uint8_t t = token_rule(v, i);
  if (t != MF_BRK_ALLOW) return t | MF_BRK_TOKEN;
  /* negotiable set: small kana, ー, hyphens (strict profile) */
  if (mf_lb_no_start(kb, k)) return MF_BRK_EMERGENCY;
  if (ka == MF_LB_IDEO && is_component_end(v, a) &&
      (kb == MF_LB_IDEO || kb == MF_LB_HIRAGANA || kb == MF_LB_KATAKANA ||
       kb == MF_LB_DIGIT))
    return MF_BRK_COMPONENT;
  /* after the ・ between the parts of a name written in kana (マリア・デ・
   * ロス): a word boundary, preferred by fit.c like a space */
  if ((cp_at(v, a) == 0x30FB || cp_at(v, a) == 0xFF65) &&
      (kb == MF_LB_KATAKANA || kb == MF_LB_HIRAGANA || kb == MF_LB_IDEO ||
       kb == MF_LB_LATIN))
    return MF_BRK_COMPONENT;
  return MF_BRK_ALLOW;
}

uint8_t mf_lb_break_at(const mf_shaped *s, const uint8_t *cls, size_t i,
                       mf_kinsoku k) {
  view v = {s, cls, s->ncl};
  return break_at(&v, i, k);
}

void mf_lb_breaks(const mf_shaped *s, const uint8_t *cls, mf_kinsoku k,
                  uint8_t *brk) {
  view v = {s, cls, s->ncl};
  if (s->ncl) brk[0] = MF_BRK_NONE;
  for (size_t i = 1; i < s->ncl; i++) brk[i] = break_at(&v, i, k);
}

bool mf_lb_can_break(const mf_shaped *s, size_t i, mf_kinsoku k) {
  return (mf_lb_break_at(s, NULL, i, k) & MF_BRK_LEVEL) >= MF_BRK_ALLOW;
}
