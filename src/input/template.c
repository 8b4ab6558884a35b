/*
 * template.c — parsing and validating template JSON into the template model.
 * Templates are authored data, not personal data, so messages may quote them.
 */
#include <dirent.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/record.h"
#include "input/template.h"
#include "input/template_cache.h"
#include "input/template_index.h"
#include "input/utf8.h"

#define FORMAT_ID "mynaform-template/1"
/* the limits are public: MYNA_LIMIT_TEMPLATE_* and MYNA_LIMIT_TEMPLATES */
#define MAX_STYLES MYNA_LIMIT_TEMPLATE_STYLES
#define MAX_GRIDS MYNA_LIMIT_TEMPLATE_GRIDS
#define MAX_TEMPLATES MYNA_LIMIT_TEMPLATES

typedef struct parser {
  myna_ctx *ctx;
  const char *name;
  mf_template *t;
  const char *style_names[MAX_STYLES];
  mf_style styles[MAX_STYLES];
  size_t nstyles;
  struct {
    const char *id;
    size_t item;
  } grids[MAX_GRIDS];
  size_t ngrids;
} parser;

static myna_status perr(parser *p, const char *path, const char *fmt, ...)
    MF_PRINTF(3, 4);
static myna_status perr(parser *p, const char *path, const char *fmt, ...) {
  char msg[600];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  return mf_fail(p->ctx, MYNA_ERR_TEMPLATE, "template %s: %s: %s", p->name, path,
                 msg);
}

/* ------------------------------------------------------------ primitives */

static bool check_keys(parser *p, json_t *obj, const char *path,
                       const char *const *allowed, myna_status *st) {
  const char *k;
  json_t *v;
  json_object_foreach(obj, k, v) {
    bool ok = false;
    for (size_t i = 0; allowed[i]; i++)
      if (strcmp(k, allowed[i]) == 0) ok = true;
    if (!ok) {
      *st = perr(p, path, "unknown member \"%s\"", k);
      return false;
    }
  }
  return true;
}

static myna_status get_num(parser *p, json_t *obj, const char *key,
                           const char *path, double lo, double hi, double *out,
                           bool required) {
  json_t *v = json_object_get(obj, key);
  if (!v) {
    if (required) return perr(p, path, "member \"%s\" is required", key);
    return MYNA_OK;
  }
  if (!json_is_number(v)) return perr(p, path, "\"%s\" must be a number", key);
  double d = json_number_value(v);
  if (!(d >= lo && d <= hi))
    return perr(p, path, "\"%s\" must be between %g and %g", key, lo, hi);
  *out = d;
  return MYNA_OK;
}

/* A string member, validated as UTF-8 text without controls (LF allowed). */
static myna_status get_str(parser *p, json_t *obj, const char *key,
                           const char *path, char **out, bool required) {
  json_t *v = json_object_get(obj, key);
  if (!v) {
    if (required) return perr(p, path, "member \"%s\" is required", key);
    return MYNA_OK;
  }
  if (!json_is_string(v)) return perr(p, path, "\"%s\" must be a string", key);
  const char *s = json_string_value(v);
  size_t n = json_string_length(v);
  if (n > MYNA_LIMIT_TEMPLATE_BYTES)
    return perr(p, path, "\"%s\" is too long", key);
  if (mf_utf8_validate(s, n, NULL) != MF_UTF8_OK) return perr(p, path, "\"%s\" is not valid UTF-8", key);
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if ((c < 0x20 && c != '\n') || c == 0x7F)
      return perr(p, path, "\"%s\" contains a control character", key);
  }
  free(*out);
  *out = mf_strndup(s, n);
  if (!*out) return mf_fail(p->ctx, MYNA_ERR_NOMEM, "out of memory");
  return MYNA_OK;
}

static bool face_by_name(const char *s, mf_face_id *out) {
  static const struct {
    const char *n;
    mf_face_id f;
  } faces[] = {{"mincho", MF_FACE_MINCHO},
               {"gothic", MF_FACE_GOTHIC},
               {"gothic-bold", MF_FACE_GOTHIC_BOLD}};
  for (size_t i = 0; i < MF_ARRAY_LEN(faces); i++)
    if (strcmp(s, faces[i].n) == 0) {
      *out = faces[i].f;
      return true;
    }
  return false;
}

static const char *const style_keys[] = {"font", "size", "leading", "align",
                                         "valign", "indent", "hang", "wakan",
                                         "gray", NULL};

/* Applies the style members present in obj onto *s. */
static myna_status apply_style(parser *p, json_t *obj, const char *path,
                               mf_style *s) {
  myna_status st;
  json_t *v;
  if ((v = json_object_get(obj, "font"))) {
    if (!json_is_string(v) || !face_by_name(json_string_value(v), &s->face))
      return perr(p, path, "\"font\" must be \"mincho\", \"gothic\" or \"gothic-bold\"");
  }
  if ((st = get_num(p, obj, "size", path, MF_TPL_SIZE_MIN, MF_TPL_SIZE_MAX,
                    &s->size, false))) return st;
  if ((st = get_num(p, obj, "leading", path, MF_TPL_LEADING_MIN, MF_TPL_LEADING_MAX,
                    &s->leading, false))) return st;
  if ((st = get_num(p, obj, "indent", path, 0, MF_TPL_INDENT_MAX,
                    &s->indent, false))) return st;
  double gray = s->gray;
  if ((st = get_num(p, obj, "gray", path, 0, 1, &gray, false))) return st;
  s->gray = (float)gray;
  if ((v = json_object_get(obj, "align"))) {
    static const char *const a[] = {"left", "center", "right", "justify",
                                    "distribute"};
    bool ok = false;
    for (size_t i = 0; json_is_string(v) && i < MF_ARRAY_LEN(a); i++)
      if (strcmp(json_string_value(v), a[i]) == 0) {
        s->align = (mf_align)i;
        ok = true;
      }
    if (!ok)
      return perr(p, path, "\"align\" must be left, center, right, justify or distribute");
  }
  if ((v = json_object_get(obj, "valign"))) {
    static const char *const a[] = {"top", "center", "bottom"};
    bool ok = false;
    for (size_t i = 0; json_is_string(v) && i < MF_ARRAY_LEN(a); i++)
      if (strcmp(json_string_value(v), a[i]) == 0) {
        s->valign = (mf_valign)i;
        ok = true;
      }
    if (!ok) return perr(p, path, "\"valign\" must be top, center or bottom");
  }
  if ((v = json_object_get(obj, "hang"))) {
    if (json_is_string(v) && strcmp(json_string_value(v), "marker") == 0) {
      s->hang_marker = true;
    } else if (json_is_number(v) && json_number_value(v) >= 0 &&
               json_number_value(v) <= MF_TPL_INDENT_MAX) {
      s->hang = json_number_value(v);
      s->hang_marker = false;
    } else {
      return perr(p, path, "\"hang\" must be a number of em (0–10) or \"marker\"");
    }
  }
  if ((v = json_object_get(obj, "wakan"))) {
    if (!json_is_boolean(v)) return perr(p, path, "\"wakan\" must be true or false");
    s->wakan = json_is_true(v);
  }
  return MYNA_OK;
}

static const mf_style default_style = {MF_FACE_MINCHO, 10.5, 1.5, MF_ALIGN_LEFT,
                                       MF_VALIGN_TOP,  0,    0,   false,
                                       true,           0};

static myna_status parse_styles(parser *p, json_t *styles) {
  if (!styles) return MYNA_OK;
  if (!json_is_object(styles)) return perr(p, "$.styles", "must be an object");
  const char *k;
  json_t *v;
  json_object_foreach(styles, k, v) {
    char path[128];
    snprintf(path, sizeof path, "$.styles.%s", k);
    if (!json_is_object(v)) return perr(p, path, "must be an object");
    if (p->nstyles >= MAX_STYLES)
      return perr(p, path, "more than %u styles (MYNA_LIMIT_TEMPLATE_STYLES)",
                  MYNA_LIMIT_TEMPLATE_STYLES);
    myna_status st;
    if (!check_keys(p, v, path, style_keys, &st)) return st;
    mf_style s = default_style;
    if ((st = apply_style(p, v, path, &s))) return st;
    p->style_names[p->nstyles] = k;
    p->styles[p->nstyles++] = s;
  }
  return MYNA_OK;
}

/* ------------------------------------------------------------------ items */

static const char *const type_names[] = {"text", "rule", "box", "grid",
                                         "field", "checks", "qr"};

const char *mf_item_type_name(mf_item_type type) {
  return type >= MF_IT_TEXT && type <= MF_IT_QR ? type_names[type - 1] : "item";
}

bool mf_tpl_printable(double x0, double y0, double x1, double y1, char *why, size_t size) {
  const double m = MF_TPL_MARGIN, eps = 1e-6;
  const struct {
    const char *edge;
    double dist; /* from the edge into the page, mm */
  } sides[] = {{"left", x0}, {"right", MF_TPL_PAGE_W - x1},
               {"top", y0},  {"bottom", MF_TPL_PAGE_H - y1}};
  for (size_t i = 0; i < MF_ARRAY_LEN(sides); i++) {
    double d = sides[i].dist;
    if (d >= m - eps) continue;
    char num[32];
    mf_fmt_num(num, sizeof num, d < 0 ? -d : d, 1);
    snprintf(why, size,
             d < 0 ? "its ink runs %s mm beyond the %s edge of the page (printers cannot "
                     "print within %g mm of an edge)"
                   : "its ink comes within %s mm of the %s edge of the page (printers "
                     "cannot print within %g mm of an edge)",
             num, sides[i].edge, m);
    return false;
  }
  return true;
}

bool mf_item_printable(const mf_item *it, bool y_known, char *why, size_t size) {
  double half = it->line / 2 * 25.4 / 72.0; /* mm: the stroke's outer half */
  double x0 = it->x, y0 = it->y, x1 = it->x + it->w, y1 = it->y + it->h;
  switch (it->type) {
    case MF_IT_TEXT:
    case MF_IT_CHECKS:
      return true; /* after layout */
    case MF_IT_RULE: /* projecting square caps: half the width past each end */
      x0 = it->x < it->x2 ? it->x : it->x2;
      x1 = it->x < it->x2 ? it->x2 : it->x;
      y0 = it->y < it->y2 ? it->y : it->y2;
      y1 = it->y < it->y2 ? it->y2 : it->y;
      break;
    case MF_IT_GRID:
      half = (it->outer > it->line ? it->outer : it->line) / 2 * 25.4 / 72.0;
      break;
    case MF_IT_BOX:
      break;
    case MF_IT_FIELD:
    case MF_IT_QR:
      half = 0;
      break;
  }
  if (!y_known) y0 = y1 = MF_TPL_PAGE_H / 2;
  return mf_tpl_printable(x0 - half, y0 - half, x1 + half, y1 + half, why, size);
}

static const char *const item_keys[] = {
    "type", "if", "unless", "style", "x", "y", "w", "h", "x2", "y2", "line",
    "outer", "fill", "text", "key", "min_size", "max_lines", "pad", "cols",
    "rows", "options", "box", "gap", "in", "id", "side", "size", "comment",
    "font", "leading", "align", "valign", "indent", "hang", "wakan", "gray",
    "after", "tick_font", "holds", "sup", NULL};

static myna_status num_array(parser *p, json_t *a, const char *path,
                             const char *key, double **out, size_t *n) {
  if (!json_is_array(a) || json_array_size(a) == 0 ||
      json_array_size(a) > MYNA_LIMIT_TEMPLATE_GRID_TRACKS)
    return perr(p, path,
                "\"%s\" must be an array of 1 to %u numbers (MYNA_LIMIT_TEMPLATE_GRID_TRACKS)",
                key, MYNA_LIMIT_TEMPLATE_GRID_TRACKS);
  *n = json_array_size(a);
  *out = mf_calloc(*n, sizeof **out);
  if (!*out) return mf_fail(p->ctx, MYNA_ERR_NOMEM, "out of memory");
  for (size_t i = 0; i < *n; i++) {
    json_t *v = json_array_get(a, i);
    if (!json_is_number(v) || json_number_value(v) <= 0 ||
        json_number_value(v) > MF_TPL_TRACK_MAX)
      return perr(p, path, "\"%s\"[%zu] must be a positive length in mm", key, i);
    (*out)[i] = json_number_value(v);
  }
  return MYNA_OK;
}

/* "in": [grid, row, col] or [grid, row, col, colspan]: the cell's box. */
static myna_status resolve_cell(parser *p, json_t *in, const char *path,
                                double box[4]) {
  if (!json_is_array(in) || json_array_size(in) < 3 || json_array_size(in) > 4 ||
      !json_is_string(json_array_get(in, 0)))
    return perr(p, path, "\"in\" must be [grid id, row, column] or [grid id, row, column, span]");
  const char *id = json_string_value(json_array_get(in, 0));
  const mf_item *g = NULL;
  for (size_t i = 0; i < p->ngrids; i++)
    if (strcmp(p->grids[i].id, id) == 0) g = &p->t->items[p->grids[i].item];
  if (!g) return perr(p, path, "\"in\": no grid with id \"%s\" before this item", id);
  json_int_t row = json_integer_value(json_array_get(in, 1));
  json_int_t col = json_integer_value(json_array_get(in, 2));
  json_int_t span = json_array_size(in) == 4 ? json_integer_value(json_array_get(in, 3)) : 1;
  if (!json_is_integer(json_array_get(in, 1)) || !json_is_integer(json_array_get(in, 2)) ||
      row < 0 || (size_t)row >= g->nrows || col < 0 || (size_t)col >= g->ncols ||
      span < 1 || (size_t)(col + span) > g->ncols)
    return perr(p, path, "\"in\": no such cell in grid \"%s\" (%zu rows, %zu columns)",
                id, g->nrows, g->ncols);
  double x = g->x, y = g->y, w = 0;
  for (json_int_t c = 0; c < col; c++) x += g->cols[c];
  for (json_int_t c = col; c < col + span; c++) w += g->cols[c];
  for (json_int_t r = 0; r < row; r++) y += g->rows[r];
  box[0] = x;
  box[1] = y;
  box[2] = w;
  box[3] = g->rows[row];
  return MYNA_OK;
}

static myna_status parse_item(parser *p, json_t *o, size_t idx, mf_item *it) {
  char path[64];
  snprintf(path, sizeof path, "$.items[%zu]", idx);
  if (!json_is_object(o)) return perr(p, path, "must be an object");
  myna_status st;
  if (!check_keys(p, o, path, item_keys, &st)) return st;
  it->index = idx;
  it->after = -1;
  it->fill = -1;
  it->line = 0.5;
  it->max_lines = 1;
  it->pad = 1.5;
  it->box = 3.2;
  it->gap = 4;
  it->hold_pad = -1;
  it->style = default_style;

  json_t *type = json_object_get(o, "type");
  for (size_t i = 0; json_is_string(type) && i < MF_ARRAY_LEN(type_names); i++)
    if (strcmp(json_string_value(type), type_names[i]) == 0) it->type = (mf_item_type)(i + 1);
  if (!it->type)
    return perr(p, path, "\"type\" must be one of text, rule, box, grid, field, checks, qr");

  json_t *sv = json_object_get(o, "style");
  if (sv) {
    bool found = false;
    for (size_t i = 0; json_is_string(sv) && i < p->nstyles; i++)
      if (strcmp(p->style_names[i], json_string_value(sv)) == 0) {
        it->style = p->styles[i];
        found = true;
      }
    if (!found)
      return perr(p, path, "\"style\": no style named \"%s\"",
                  json_is_string(sv) ? json_string_value(sv) : "?");
  } else if (it->type == MF_IT_FIELD) {
    it->style.valign = MF_VALIGN_CENTER;
    it->style.wakan = false;
  }
  if ((st = apply_style(p, o, path, &it->style))) return st;

  /* Position: absolute, or relative to a grid cell. */
  json_t *in = json_object_get(o, "in");
  double cell[4] = {0, 0, 0, 0};
  if (in && (st = resolve_cell(p, in, path, cell))) return st;
  double x = 0, y = 0, w = 0, h = 0;
  bool need_pos = !in && it->type != MF_IT_RULE;
  json_t *after = json_object_get(o, "after");
  if (after) {
    if (in || json_object_get(o, "y") || it->type == MF_IT_RULE || it->type == MF_IT_GRID)
      return perr(p, path, "\"after\" replaces \"y\" and \"in\" (not for rules and grids)");
    if ((st = get_num(p, o, "after", path, 0, MF_TPL_AFTER_MAX, &it->after, true))) return st;
  }
  if ((st = get_num(p, o, "x", path, in ? -300 : 0, MF_TPL_PAGE_W, &x, need_pos))) return st;
  if ((st = get_num(p, o, "y", path, in ? -300 : 0, MF_TPL_PAGE_H,
                    &y, need_pos && !after))) return st;
  if ((st = get_num(p, o, "w", path, 0, MF_TPL_PAGE_W, &w, false))) return st;
  /* a box may grow to what it holds: "h": "auto" with "holds" */
  json_t *hv = json_object_get(o, "h");
  bool h_auto = json_is_string(hv) && strcmp(json_string_value(hv), "auto") == 0;
  if (h_auto && it->type != MF_IT_BOX)
    return perr(p, path, "\"h\": \"auto\" is for a box (with \"holds\")");
  if (!h_auto && (st = get_num(p, o, "h", path, 0, MF_TPL_PAGE_H, &h, false))) return st;
  it->x = cell[0] + x;
  it->y = cell[1] + y;
  it->w = json_object_get(o, "w") ? w : (in ? cell[2] - x : 0);
  it->h = json_object_get(o, "h") ? h : (in ? cell[3] - y : 0);
  if (it->x < 0 || it->y < 0)
    return perr(p, path, "%s: negative coordinates (its \"in\" offset puts it off the page)",
                mf_item_type_name(it->type));
  if (it->x + it->w > MF_TPL_PAGE_W + 0.001 || it->y + it->h > MF_TPL_PAGE_H + 0.001)
    return perr(p, path, "extends beyond the A4 page");

  if ((st = get_num(p, o, "line", path, 0, MF_TPL_LINE_MAX, &it->line, false))) return st;
  if ((st = get_str(p, o, "if", path, &it->cond_if, false))) return st;
  if ((st = get_str(p, o, "unless", path, &it->cond_unless, false))) return st;

  switch (it->type) {
    case MF_IT_TEXT:
      if ((st = get_str(p, o, "text", path, &it->text, true))) return st;
      if ((st = get_str(p, o, "sup", path, &it->sup, false))) return st;
      if (it->sup && (!*it->sup || !strstr(it->text, it->sup)))
        return perr(p, path, "\"sup\": \"%s\" does not occur in the text", it->sup);
      if ((st = get_num(p, o, "pad", path, 0, MF_TPL_PAD_MAX, &it->pad, false))) return st;
      if (!json_object_get(o, "pad") && !in) it->pad = 0;
      if (it->w <= 0) return perr(p, path, "text needs a width \"w\" (or a cell)");
      break;
    case MF_IT_RULE:
      if ((st = get_num(p, o, "x", path, 0, MF_TPL_PAGE_W, &it->x, true))) return st;
      if ((st = get_num(p, o, "y", path, 0, MF_TPL_PAGE_H, &it->y, true))) return st;
      if ((st = get_num(p, o, "x2", path, 0, MF_TPL_PAGE_W, &it->x2, true))) return st;
      if ((st = get_num(p, o, "y2", path, 0, MF_TPL_PAGE_H, &it->y2, true))) return st;
      break;
    case MF_IT_BOX: {
      double fill = -1;
      if ((st = get_num(p, o, "fill", path, 0, 1, &fill, false))) return st;
      it->fill = (float)fill;
      if (h_auto) {
        double n = 0;
        if ((st = get_num(p, o, "holds", path, 1, MF_TPL_HOLDS_MAX, &n, true))) return st;
        if (n != (double)(unsigned)n)
          return perr(p, path, "\"holds\" must be a whole number of items");
        it->holds = (unsigned)n;
        if ((st = get_num(p, o, "pad", path, 0, MF_TPL_PAD_MAX, &it->hold_pad, false)))
          return st;
      } else if (json_object_get(o, "holds")) {
        return perr(p, path, "\"holds\" is for a box with \"h\": \"auto\"");
      }
      if (it->w <= 0 || (it->h <= 0 && !it->holds))
        return perr(p, path, "a box needs \"w\" and \"h\" (a number, or \"auto\" with \"holds\")");
      if (!json_object_get(o, "line") && fill >= 0) it->line = 0;
      break;
    }
    case MF_IT_GRID: {
      json_t *id = json_object_get(o, "id");
      if (!json_is_string(id)) return perr(p, path, "a grid needs an \"id\" string");
      for (size_t i = 0; i < p->ngrids; i++)
        if (strcmp(p->grids[i].id, json_string_value(id)) == 0)
          return perr(p, path, "grid id \"%s\" used twice", json_string_value(id));
      if (p->ngrids >= MAX_GRIDS)
        return perr(p, path, "more than %u grids (MYNA_LIMIT_TEMPLATE_GRIDS)",
                    MYNA_LIMIT_TEMPLATE_GRIDS);
      if ((st = num_array(p, json_object_get(o, "cols"), path, "cols", &it->cols, &it->ncols)))
        return st;
      if ((st = num_array(p, json_object_get(o, "rows"), path, "rows", &it->rows, &it->nrows)))
        return st;
      it->outer = it->line;
      if ((st = get_num(p, o, "outer", path, 0, MF_TPL_LINE_MAX, &it->outer, false))) return st;
      double tw = 0, th = 0;
      for (size_t i = 0; i < it->ncols; i++) tw += it->cols[i];
      for (size_t i = 0; i < it->nrows; i++) th += it->rows[i];
      it->w = tw;
      it->h = th;
      if (it->x + tw > MF_TPL_PAGE_W + 0.001 || it->y + th > MF_TPL_PAGE_H + 0.001)
        return perr(p, path, "grid extends beyond the A4 page");
      p->grids[p->ngrids].id = json_string_value(id);
      p->grids[p->ngrids++].item = idx;
      break;
    }
    case MF_IT_FIELD: {
      if ((st = get_str(p, o, "key", path, &it->key, true))) return st;
      if (!mf_record_is_text_key(it->key))
        return perr(p, path, "\"key\": \"%s\" is not a record text key (see templates/README.md)", it->key);
      it->min_size = it->style.size;
      if ((st = get_num(p, o, "min_size", path, MF_TPL_SIZE_MIN, MF_TPL_SIZE_MAX,
                        &it->min_size, false))) return st;
      if (it->min_size > it->style.size) return perr(p, path, "\"min_size\" is larger than the size");
      double ml = 1;
      if ((st = get_num(p, o, "max_lines", path, 1, MF_TPL_MAX_LINES, &ml, false))) return st;
      it->max_lines = (unsigned)ml;
      if ((st = get_num(p, o, "pad", path, 0, MF_TPL_PAD_MAX, &it->pad, false))) return st;
      if (it->w <= 2 * it->pad || it->h <= 0)
        return perr(p, path, "a field needs a box (\"w\" and \"h\", or a cell) wider than its padding");
      break;
    }
    case MF_IT_CHECKS: {
      json_t *opts = json_object_get(o, "options");
      if (!json_is_array(opts) || json_array_size(opts) == 0 ||
          json_array_size(opts) > MYNA_LIMIT_TEMPLATE_OPTIONS)
        return perr(p, path,
                    "\"options\" must be an array of 1 to %u [key, label] pairs "
                    "(MYNA_LIMIT_TEMPLATE_OPTIONS)",
                    MYNA_LIMIT_TEMPLATE_OPTIONS);
      it->nopts = json_array_size(opts);
      it->opts = mf_calloc(it->nopts, sizeof *it->opts);
      if (!it->opts) return mf_fail(p->ctx, MYNA_ERR_NOMEM, "out of memory");
      for (size_t i = 0; i < it->nopts; i++) {
        json_t *pr = json_array_get(opts, i);
        if (!json_is_array(pr) || json_array_size(pr) != 2 ||
            !json_is_string(json_array_get(pr, 0)) ||
            !json_is_string(json_array_get(pr, 1)))
          return perr(p, path, "\"options\"[%zu] must be [key, label]", i);
        const char *lbl = json_string_value(json_array_get(pr, 1));
        if (mf_utf8_validate(lbl, strlen(lbl), NULL) != MF_UTF8_OK)
          return perr(p, path, "\"options\"[%zu]: label is not valid UTF-8", i);
        const char *ck = json_string_value(json_array_get(pr, 0));
        if (!mf_record_is_check_key(ck))
          return perr(p, path, "\"options\"[%zu]: \"%s\" is not a record check key", i, ck);
        it->opts[i].key = mf_strdup(ck);
        it->opts[i].label = mf_strdup(lbl);
        if (!it->opts[i].key || !it->opts[i].label)
          return mf_fail(p->ctx, MYNA_ERR_NOMEM, "out of memory");
      }
      if ((st = get_num(p, o, "box", path, MF_TPL_BOX_MIN, MF_TPL_BOX_MAX,
                        &it->box, false))) return st;
      if ((st = get_num(p, o, "gap", path, 0, MF_TPL_GAP_MAX, &it->gap, false))) return st;
      if ((st = get_num(p, o, "pad", path, 0, MF_TPL_PAD_MAX, &it->pad, false))) return st;
      it->tick_face = MF_FACE_GOTHIC_BOLD;
      json_t *tf = json_object_get(o, "tick_font");
      if (tf && (!json_is_string(tf) || !face_by_name(json_string_value(tf), &it->tick_face)))
        return perr(p, path, "\"tick_font\" must be \"mincho\", \"gothic\" or \"gothic-bold\"");
      if (!json_object_get(o, "pad") && !in) it->pad = 0;
      break;
    }
    case MF_IT_QR: {
      double size = 0; /* "side": "size" is the font size of the caption */
      if ((st = get_num(p, o, "side", path, MF_TPL_QR_MIN, MF_TPL_QR_MAX,
                        &size, true))) return st;
      it->w = it->h = size;
      it->caption = json_object_get(o, "style") != NULL;
      if (it->x + size > MF_TPL_PAGE_W + 0.001 || it->y + size > MF_TPL_PAGE_H + 0.001)
        return perr(p, path, "QR code extends beyond the A4 page");
      break;
    }
  }
  /* what the template alone places must be printable (text and checkbox
   * rows are checked when laid out) */
  char why[256];
  if (!mf_item_printable(it, it->after < 0, why, sizeof why))
    return perr(p, path, "%s: %s", mf_item_type_name(it->type), why);
  return MYNA_OK;
}

void mf_template_free(mf_template *t) {
  if (!t) return;
  for (size_t i = 0; i < t->nitems; i++) {
    mf_item *it = &t->items[i];
    free(it->cond_if);
    free(it->cond_unless);
    free(it->text);
    free(it->sup);
    free(it->key);
    free(it->cols);
    free(it->rows);
    for (size_t k = 0; k < it->nopts; k++) {
      free(it->opts[k].key);
      free(it->opts[k].label);
    }
    free(it->opts);
  }
  free(t->items);
  free(t->name);
  free(t->path);
  free(t->title);
  free(t->edition);
  free(t->date);
  free(t->variant);
  free(t);
}

/* A file of the template directory that is not a template may be anything
 * (a patient's card data saved there by mistake, named after the patient):
 * its name and what it holds are given only in verbose mode. */
static myna_status not_a_template(myna_ctx *ctx, const char *name, const char *why,
                                  const char *detail) {
  if (mf_verbose(ctx))
    return mf_fail(ctx, MYNA_ERR_TEMPLATE, "template %s: not a mynaform template (%s%s%s)",
                   name, why, detail ? ": " : "", detail ? detail : "");
  return mf_fail(ctx, MYNA_ERR_TEMPLATE,
                 "a file in the template directory is not a mynaform template (%s); "
                 "verbose messages name it",
                 why);
}

/* A template's name is printed (messages, the list of templates): UTF-8
 * without control or bidi characters. */
static bool printable_name(const char *s) {
  size_t n = strlen(s), i = 0;
  while (i < n) {
    uint32_t cp;
    size_t adv;
    if (mf_utf8_decode(s + i, n - i, &cp, &adv) != MF_UTF8_OK || mf_cp_is_control(cp) ||
        mf_cp_is_bidi(cp))
      return false;
    i += adv;
  }
  return true;
}

/* A box with "h": "auto" holds the items after it: they must exist and
 * be laid out the same for every record (its height is computed once, for
 * the static layer), and a held box may not grow itself. */
static myna_status check_holds(parser *p) {
  const mf_template *t = p->t;
  for (size_t i = 0; i < t->nitems; i++) {
    const mf_item *b = &t->items[i];
    if (!b->holds) continue;
    char path[64];
    snprintf(path, sizeof path, "$.items[%zu]", i);
    if (i + b->holds >= t->nitems)
      return perr(p, path, "\"holds\": %u items, but %zu follow", b->holds,
                  t->nitems - i - 1);
    for (size_t k = i + 1; k <= i + b->holds; k++) {
      const mf_item *it = &t->items[k];
      if (it->cond_if || it->cond_unless || it->type == MF_IT_FIELD ||
          it->type == MF_IT_QR || it->holds)
        return perr(p, path,
                    "\"holds\": item %zu (%s) depends on the record or grows itself; a "
                    "box with \"h\": \"auto\" holds static text, rules and checkbox rows",
                    k, mf_item_type_name(it->type));
    }
  }
  return MYNA_OK;
}

static myna_status parse_root(parser *p, json_t *root) {
  static const char *const root_keys[] = {"format", "document", "title", "edition",
                                          "date", "variant", "styles", "items",
                                          "comment", NULL};
  myna_status st;
  /* first whether it is a template at all: only then may messages name it */
  if (!json_is_object(root)) return not_a_template(p->ctx, p->name, "not a JSON object", NULL);
  json_t *fmt = json_object_get(root, "format");
  if (!json_is_string(fmt) || strcmp(json_string_value(fmt), FORMAT_ID) != 0)
    return not_a_template(p->ctx, p->name, "no \"format\": \"" FORMAT_ID "\"", NULL);
  if (!check_keys(p, root, "$", root_keys, &st)) return st;
  json_t *doc = json_object_get(root, "document");
  static const char *const docs[] = {"declaration", "explanation", "notice"};
  for (size_t i = 0; json_is_string(doc) && i < MF_ARRAY_LEN(docs); i++)
    if (strcmp(json_string_value(doc), docs[i]) == 0) p->t->document = (myna_document)(i + 1);
  if (!p->t->document)
    return perr(p, "$.document", "must be \"declaration\", \"explanation\" or \"notice\"");
  if ((st = get_str(p, root, "title", "$", &p->t->title, true))) return st;
  if ((st = get_str(p, root, "edition", "$", &p->t->edition, true))) return st;
  if ((st = get_str(p, root, "date", "$", &p->t->date, true))) return st;
  if ((st = get_str(p, root, "variant", "$", &p->t->variant, false))) return st;
  if (!p->t->variant && !(p->t->variant = mf_strdup("")))
    return mf_fail(p->ctx, MYNA_ERR_NOMEM, "out of memory");
  const char *d = p->t->date;
  if (strlen(d) != 10 || d[4] != '-' || d[7] != '-')
    return perr(p, "$.date", "must be YYYY-MM-DD");
  if ((st = parse_styles(p, json_object_get(root, "styles")))) return st;
  json_t *items = json_object_get(root, "items");
  if (!json_is_array(items) || json_array_size(items) == 0)
    return perr(p, "$.items", "must be a non-empty array");
  if (json_array_size(items) > MYNA_LIMIT_TEMPLATE_ITEMS)
    return perr(p, "$.items", "more than %u items (MYNA_LIMIT_TEMPLATE_ITEMS)",
                MYNA_LIMIT_TEMPLATE_ITEMS);
  p->t->items = mf_calloc(json_array_size(items), sizeof *p->t->items);
  if (!p->t->items) return mf_fail(p->ctx, MYNA_ERR_NOMEM, "out of memory");
  for (size_t i = 0; i < json_array_size(items); i++) {
    p->t->nitems = i + 1; /* so that free sees what was filled */
    if ((st = parse_item(p, json_array_get(items, i), i, &p->t->items[i]))) return st;
  }
  return check_holds(p);
}

void mf_template_digest(const char *json, size_t len, uint64_t digest[2]) {
  digest[0] = mf_hash64(json, len, 0);
  digest[1] = mf_hash64(json, len, 0x9E3779B97F4A7C15ull);
}

/* A file of the template directory over MYNA_LIMIT_TEMPLATE_BYTES: a
 * malformed template (exit code 5), not an input limit of card data; named
 * only in verbose mode, as it may not be a template at all. */
static myna_status too_large(myna_ctx *ctx, const char *name) {
  if (mf_verbose(ctx))
    return mf_fail(ctx, MYNA_ERR_TEMPLATE,
                   "template %s: larger than MYNA_LIMIT_TEMPLATE_BYTES (%u bytes)", name,
                   MYNA_LIMIT_TEMPLATE_BYTES);
  return mf_fail(ctx, MYNA_ERR_TEMPLATE,
                 "a file in the template directory is larger than MYNA_LIMIT_TEMPLATE_BYTES "
                 "(%u bytes); verbose messages name it",
                 MYNA_LIMIT_TEMPLATE_BYTES);
}

myna_status mf_template_parse(myna_ctx *ctx, const char *name, const char *json,
                              size_t len, mf_template **out) {
  *out = NULL;
  /* a template over a template limit is malformed: MYNA_ERR_TEMPLATE (exit
   * code 5), not an input limit of card data */
  if (len > MYNA_LIMIT_TEMPLATE_BYTES) return too_large(ctx, name);
  json_error_t je;
  json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
  if (!root) { /* jansson's text may quote the file */
    char why[64];
    snprintf(why, sizeof why, "not valid JSON: line %d, column %d", je.line, je.column);
    return not_a_template(ctx, name, why, je.text);
  }
  parser p = {.ctx = ctx, .name = name};
  p.t = mf_calloc(1, sizeof *p.t);
  myna_status st = p.t ? MYNA_OK : mf_fail(ctx, MYNA_ERR_NOMEM, "out of memory");
  if (st == MYNA_OK && !(p.t->name = mf_strdup(name)))
    st = mf_fail(ctx, MYNA_ERR_NOMEM, "out of memory");
  if (st == MYNA_OK) st = parse_root(&p, root);
  json_decref(root);
  if (st == MYNA_OK) {
    mf_template_digest(json, len, p.t->digest);
    p.t->source_len = len;
    p.t->parsed = true;
  }
  if (st != MYNA_OK) {
    mf_template_free(p.t);
    return st;
  }
  *out = p.t;
  return MYNA_OK;
}

myna_status mf_template_load(myna_ctx *ctx, const char *path, mf_template **out) {
  char *data;
  size_t len;
  *out = NULL;
  myna_status st = mf_read_file(ctx, path, MYNA_LIMIT_TEMPLATE_BYTES,
                                "MYNA_LIMIT_TEMPLATE_BYTES", &data, &len);
  if (st == MYNA_ERR_LIMIT) return too_large(ctx, path);
  if (st != MYNA_OK && !mf_verbose(ctx)) {
    /* "<path>: cannot open: …": the path may name a patient */
    size_t pl = strlen(path);
    char rest[MF_ERRMSG_SIZE];
    snprintf(rest, sizeof rest, "%s",
             strncmp(ctx->errmsg, path, pl) == 0 && ctx->errmsg[pl] == ':' ? ctx->errmsg + pl
                                                                             : ": cannot read");
    return mf_fail(ctx, st, "a file in the template directory%s (verbose messages name it)",
                   rest);
  }
  if (st != MYNA_OK) return st;
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  size_t bl = strlen(base);
  if (bl > 5 && strcmp(base + bl - 5, ".json") == 0) bl -= 5;
  char *name = mf_strndup(base, bl);
  if (!name) {
    free(data);
    return mf_fail(ctx, MYNA_ERR_NOMEM, "out of memory");
  }
  /* a template parsed and validated before comes from the on-disk cache */
  if ((*out = mf_template_cache_load(ctx->cache_dir, name, data, len))) {
    st = MYNA_OK;
  } else {
    st = mf_template_parse(ctx, name, data, len, out);
    if (st == MYNA_OK) mf_template_cache_save(ctx->cache_dir, *out);
  }
  /* its name is printed (messages, the list of templates): once it is known
   * to be a template, a control or bidi character in it is refused */
  if (st == MYNA_OK && !printable_name(name)) {
    st = mf_fail(ctx, MYNA_ERR_TEMPLATE,
                 "template %s: the file name has a control character or is not UTF-8", name);
    mf_template_free(*out);
    *out = NULL;
  }
  free(name);
  free(data);
  if (st == MYNA_OK && !((*out)->path = mf_strdup(path))) {
    mf_template_free(*out);
    *out = NULL;
    st = mf_fail(ctx, MYNA_ERR_NOMEM, "out of memory");
  }
  return st;
}

static int by_name(const void *a, const void *b) {
  const mf_template *x = *(mf_template *const *)a, *y = *(mf_template *const *)b;
  return strcmp(x->name, y->name);
}

bool mf_template_is_file_name(const char *name) {
  size_t n = strlen(name);
  return n >= 6 && name[0] != '.' && strcmp(name + n - 5, ".json") == 0;
}

myna_status mf_template_ready(myna_ctx *ctx, const mf_template *ct) {
  if (ct->parsed) return MYNA_OK;
  mf_template *t = (mf_template *)ct; /* the set owns it; one context, no lock */
  mf_template *full;
  myna_status st = mf_template_load(ctx, t->path, &full);
  if (st != MYNA_OK) return st;
  if (full->document != t->document || strcmp(full->variant, t->variant) != 0) {
    mf_template_free(full);
    return mf_fail(ctx, MYNA_ERR_TEMPLATE,
                   "template %s: changed while in use (open the context again)", t->name);
  }
  mf_template old = *t;
  *t = *full; /* same address, full content */
  free(full);
  old.nitems = 0;
  old.items = NULL;
  mf_template *shell = mf_calloc(1, sizeof *shell);
  if (shell) { /* free the header strings through the usual path */
    *shell = old;
    mf_template_free(shell);
  }
  return MYNA_OK;
}

static myna_status set_load_all(myna_ctx *ctx, const char *dir, mf_template_set **out);

myna_status mf_template_set_load(myna_ctx *ctx, const char *dir,
                                 mf_template_set **out) {
  *out = NULL;
  mf_buf key;
  mf_buf_init(&key);
  bool indexed = ctx->cache_dir && mf_template_index_key(dir, &key);
  if (indexed) {
    mf_template_set *s = mf_calloc(1, sizeof *s);
    if (s && (s->t = mf_calloc(MAX_TEMPLATES, sizeof *s->t)) &&
        mf_template_index_load(ctx->cache_dir, &key, s)) {
      qsort(s->t, s->n, sizeof *s->t, by_name);
      mf_buf_free(&key);
      *out = s;
      return MYNA_OK;
    }
    mf_template_set_free(s);
  }
  myna_status st = set_load_all(ctx, dir, out);
  if (st == MYNA_OK && indexed) mf_template_index_save(ctx->cache_dir, &key, *out);
  mf_buf_free(&key);
  return st;
}

static myna_status set_load_all(myna_ctx *ctx, const char *dir, mf_template_set **out) {
  DIR *d = opendir(dir);
  if (!d)
    return mf_fail(ctx, MYNA_ERR_RESOURCE,
                   "template directory %s not found (set --template-dir or "
                   "MYNAFORM_TEMPLATE_DIR)", dir);
  mf_template_set *s = mf_calloc(1, sizeof *s);
  if (s) s->t = mf_calloc(MYNA_LIMIT_TEMPLATES, sizeof *s->t);
  myna_status st = s && s->t ? MYNA_OK : mf_fail(ctx, MYNA_ERR_NOMEM, "out of memory");
  struct dirent *e;
  while (st == MYNA_OK && (e = readdir(d))) {
    if (!mf_template_is_file_name(e->d_name)) continue;
    if (s->n >= MYNA_LIMIT_TEMPLATES) {
      st = mf_fail(ctx, MYNA_ERR_TEMPLATE, "%s: more than %u templates (MYNA_LIMIT_TEMPLATES)",
                   dir, MYNA_LIMIT_TEMPLATES);
      break;
    }
    char *path = mf_path_join(dir, e->d_name);
    if (!path) {
      st = mf_fail(ctx, MYNA_ERR_NOMEM, "out of memory");
      break;
    }
    st = mf_template_load(ctx, path, &s->t[s->n]);
    free(path);
    if (st == MYNA_OK) s->n++;
  }
  closedir(d);
  if (st != MYNA_OK) {
    mf_template_set_free(s);
    return st;
  }
  qsort(s->t, s->n, sizeof *s->t, by_name);
  *out = s;
  return MYNA_OK;
}

void mf_template_set_free(mf_template_set *s) {
  if (!s) return;
  for (size_t i = 0; s->t && i < s->n; i++) mf_template_free(s->t[i]);
  free(s->t);
  free(s);
}

const mf_template *mf_template_find(const mf_template_set *s, const char *name) {
  for (size_t i = 0; i < s->n; i++)
    if (strcmp(s->t[i]->name, name) == 0) return s->t[i];
  return NULL;
}

const mf_template *mf_template_default(const mf_template_set *s,
                                       myna_document doc, const char *variant) {
  const mf_template *best = NULL;
  if (!variant) variant = "";
  for (size_t i = 0; i < s->n; i++) {
    const mf_template *t = s->t[i];
    if (t->document != doc || strcmp(t->variant, variant) != 0) continue;
    if (!best || strcmp(t->date, best->date) > 0) best = t;
  }
  return best;
}
