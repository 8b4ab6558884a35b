/*
 * adapt.c — maps the peer benchmark's records (../shared/bench/peers/spec.md)
 * onto mynaform's card-data contract (schema/card-data.schema.json), one
 * JSON line in, one out.  Written in C so that the adaptation adds no
 * interpreter start-up to the timed command.
 *
 * Mapped: id, name, kana, birth.iso → birth_date, sex, address,
 * insurance_type → insurance.type, insurer → insurance.insurer_name, phone,
 * date.text (令和N年M月D日) → filing_date.  Not in the contract, so not
 * printed: zip, kigo, bango, edaban, relation.  title, sentence, notes and
 * qr are the same for every record: they are the template's static text.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void copy_str(json_t *out, const char *to, json_t *in, const char *from) {
  json_t *v = json_object_get(in, from);
  if (json_is_string(v) && json_string_length(v))
    json_object_set(out, to, v);
}

int main(void) {
  char line[1 << 16];
  int n = 0;
  while (fgets(line, sizeof line, stdin)) {
    n++;
    json_error_t e;
    json_t *in = json_loads(line, 0, &e);
    if (!in) {
      fprintf(stderr, "adapt: line %d: %s\n", n, e.text);
      return 1;
    }
    json_t *out = json_object(), *ins = json_object();
    copy_str(out, "id", in, "id");
    copy_str(out, "name", in, "name");
    copy_str(out, "kana", in, "kana");
    json_t *birth = json_object_get(in, "birth");
    copy_str(out, "birth_date", birth, "iso");
    copy_str(out, "sex", in, "sex");
    copy_str(out, "address", in, "address");
    copy_str(out, "phone", in, "phone");
    copy_str(ins, "type", in, "insurance_type");
    copy_str(ins, "insurer_name", in, "insurer");
    json_object_set_new(out, "insurance", ins);
    /* 令和N年M月D日 → YYYY-MM-DD (令和 starts in 2019) */
    const char *dt = json_string_value(json_object_get(json_object_get(in, "date"), "text"));
    int y, m, d;
    if (dt && sscanf(dt, "令和%d年%d月%d日", &y, &m, &d) == 3) {
      char iso[16];
      snprintf(iso, sizeof iso, "%04d-%02d-%02d", 2018 + y, m, d);
      json_object_set_new(out, "filing_date", json_string(iso));
    }
    char *s = json_dumps(out, JSON_COMPACT);
    puts(s);
    free(s);
    json_decref(out);
    json_decref(in);
  }
  return 0;
}
