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

# ---- file names that hold a name: named by role, by path only with --verbose
card '{}' >"$TMP/card.json"
run_rc "$BIN" declaration --data "$TMP/鷹司麗華.json" -o "$TMP/out.pdf"
expect_eq "missing --data file named after the patient: exit 7" 7 "$RC"
no_secrets "missing --data file named after the patient" "$ERR$OUT"
expect_contains "missing --data file: named by role" "$ERR" "--data file: cannot open"
run_rc "$BIN" declaration --data "$TMP/card.json" -o "$TMP/nodir/鷹司麗華.pdf"
expect_eq "unwritable -o named after the patient: exit 7" 7 "$RC"
no_secrets "unwritable -o named after the patient" "$ERR$OUT"
expect_contains "unwritable -o: named by role" "$ERR" "output file: cannot"
run_rc "$BIN" declaration --data "$TMP/card.json" -o "$TMP/nodir/鷹司麗華.pdf" --verbose
expect_contains "unwritable -o, --verbose: the path is shown" "$ERR" "鷹司麗華.pdf"

# ---- a patient's file in the template directory: it is not a template, and
# neither its name nor what it holds is shown without --verbose
mkdir -p "$TMP/tpl"
cp "$SRC"/templates/*.json "$TMP/tpl/"
card '{}' >"$TMP/tpl/鷹司麗華_19870304.json"
for c in "declaration --blank -o $TMP/out.pdf" "templates"; do
  run_rc "$BIN" $c --template-dir "$TMP/tpl"
  expect_eq "patient JSON in --template-dir ($c): a template error" 5 "$RC"
  no_secrets "patient JSON in --template-dir ($c)" "$ERR$OUT"
  expect_contains "patient JSON in --template-dir ($c): said" "$ERR" \
    "a file in the template directory is not a mynaform template"
done
run_rc "$BIN" templates --template-dir "$TMP/tpl" --verbose
expect_contains "patient JSON in --template-dir, --verbose: named" "$ERR" "template 鷹司麗華_19870304: not a mynaform template"
printf '{"name": 鷹司麗華}' >"$TMP/tpl/鷹司麗華_19870304.json"
run_rc "$BIN" templates --template-dir "$TMP/tpl"
expect_eq "bad JSON named after a patient in --template-dir: a template error" 5 "$RC"
no_secrets "bad JSON named after a patient in --template-dir (the parser quotes it)" "$ERR$OUT"
expect_contains "bad JSON in --template-dir: where" "$ERR" "not valid JSON: line 1, column"
python3 -c "print('{\"name\": \"鷹司麗華\"}'.ljust(300000))" >"$TMP/tpl/鷹司麗華_19870304.json"
run_rc "$BIN" templates --template-dir "$TMP/tpl"
expect_eq "an oversized file named after a patient in --template-dir: a template error" 5 "$RC"
no_secrets "an oversized file named after a patient in --template-dir" "$ERR$OUT"
rm -f "$TMP/tpl/鷹司麗華_19870304.json"
ln -s "$TMP/nowhere" "$TMP/tpl/鷹司麗華_19870304.json"
run_rc "$BIN" templates --template-dir "$TMP/tpl"
expect_eq "an unreadable file named after a patient in --template-dir: exit 7" 7 "$RC"
no_secrets "an unreadable file named after a patient in --template-dir" "$ERR$OUT"
expect_contains "an unreadable file in --template-dir: said" "$ERR" "a file in the template directory: cannot open"
rm -f "$TMP/tpl/鷹司麗華_19870304.json"
# a template whose file name holds a terminal escape: refused, and no raw
# control character reaches the terminal in any message
cp "$SRC/templates/notice-2023.json" "$TMP/tpl/x"$'\e'"[31mred.json"
run_rc "$BIN" templates --template-dir "$TMP/tpl"
expect_eq "a template file name with ESC: a template error" 5 "$RC"
expect_contains "a template file name with ESC: escaped in the message" "$ERR" 'template x\x1B[31mred:'
check "a template file name with ESC: no raw ESC on stderr or stdout" \
  bash -c "! printf '%s' \"\$1\" | grep -q \$'\\e'" _ "$ERR$OUT"
rm -f "$TMP/tpl/x"*
printf '{"format":"mynaform-template/1","document":"declaration","title":"t","edition":"e","date":"2023-01-01","items":[{"type":"text","x":20,"y":20,"w":50,"text":"a","style":"nope"}]}' \
  >"$TMP/tpl/broken"$'\xe2\x80\xae'"x.json"
run_rc "$BIN" templates --template-dir "$TMP/tpl"
expect_eq "a malformed template whose name has a bidi control: exit 5" 5 "$RC"
check "a bidi control in a template name is escaped in messages" \
  bash -c "! printf '%s' \"\$1\" | grep -q \$'\\xe2\\x80\\xae'" _ "$ERR"
expect_contains "a bidi control in a template name: shown as an escape" "$ERR" 'broken\u202Ex'
rm -rf "$TMP/tpl"
# with --verbose, paths are shown, escaped the same way (by the CLI and by
# the library)
ESCNAME="$TMP/x"$'\e'"[2J"$'\xe2\x80\xae'"y"
run_rc "$BIN" declaration --data "$ESCNAME.json" -o "$TMP/out.pdf" --verbose
expect_contains "--verbose: a --data path with ESC and a bidi control, escaped" "$ERR" 'x\x1B[2J\u202Ey.json: cannot open'
ALL=$ERR
run_rc "$BIN" declaration --blank -o "$TMP/nodir/${ESCNAME##*/}.pdf" --verbose
expect_contains "--verbose: an -o path with ESC, escaped by the library" "$ERR" 'x\x1B[2J\u202Ey.pdf'
ALL+=$ERR
run_rc "$BIN" declaration --blank --dump-layout -o "$TMP/nodir/${ESCNAME##*/}.txt" --verbose
expect_contains "--verbose: a --dump-layout path with ESC, escaped" "$ERR" 'x\x1B[2J\u202Ey.txt: cannot'
ALL+=$ERR
check "--verbose paths: no raw ESC or bidi control" \
  bash -c "! printf '%s' \"\$1\" | grep -q \$'\\e\\|\\xe2\\x80\\xae'" _ "$ALL"

# ---- control: the values are really in the data, and the check sees them
card '{}' >"$TMP/card.json"
expect_contains "control: the record holds the name" "$(cat "$TMP/card.json")" "鷹司"
run_rc "$BIN" declaration --data "$TMP/card.json" -o "$TMP/out.pdf"
expect_eq "control: the full record renders" 0 "$RC"

# ---- one record, every error path
one "bad calendar date" 3 '{"birth_date": "1987-13-45"}'
one "not a date" 3 '{"birth_date": "昭和62年3月4日生"}'
one "no such day of the era" 3 '{"birth_date": "昭和62年2月30日"}'
one "two-digit year" 3 '{"birth_date": "62/3/4"}'
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

# ---- a headerless CSV whose first row is romaji and digits: the row is not
# taken for a header (only card-data paths and naming columns are), and the
# message names the column by number, with or without --allow-unknown
{
  printf 'Takatsukasa,Reika,19870304\n'
  printf 'Suzuki,Hanako,19900101\n'
} >"$TMP/romaji.csv"
run_rc "$BIN" batch --doc declaration --in "$TMP/romaji.csv" --out-dir "$TMP/br" -q
expect_eq "batch CSV, romaji first row: refused (usage)" 2 "$RC"
expect_contains "batch CSV, romaji first row: names the column" "$ERR" "CSV header, column 1: not a card-data field"
expect_contains "batch CSV, romaji first row: says why" "$ERR" "is the header row missing?"
no_secrets "batch CSV, romaji first row" "$ERR$OUT$(cat "$TMP/br/errors.tsv" 2>/dev/null)"
check "batch CSV, romaji first row: nothing written" test -z "$(ls -A "$TMP/br" 2>/dev/null)"
run_rc "$BIN" batch --doc declaration --in "$TMP/romaji.csv" --out-dir "$TMP/br2" -q --allow-unknown
expect_eq "batch CSV, romaji first row, --allow-unknown: refused" 2 "$RC"
expect_contains "batch CSV, romaji first row, --allow-unknown: says why" "$ERR" "no column is a card-data field"
no_secrets "batch CSV, romaji first row, --allow-unknown" "$ERR$OUT$(cat "$TMP/br2/errors.tsv" 2>/dev/null)"
run_rc "$BIN" batch --doc declaration --in "$TMP/romaji.csv" --out-dir "$TMP/br3" -q --verbose
expect_contains "batch CSV, romaji first row, --verbose: the cell is quoted" "$ERR" '("Takatsukasa")'
# a real header with a column that is no card-data path, named like a patient
printf 'name,Takatsukasa,birth_date\n%s,鷹司家の秘密,1987-03-04\n' "$NAME" >"$TMP/ucol.csv"
run_rc "$BIN" batch --doc declaration --in "$TMP/ucol.csv" --out-dir "$TMP/bu" -q
expect_eq "batch CSV, unknown column: refused" 2 "$RC"
expect_contains "batch CSV, unknown column: named by number" "$ERR" "column 2: not a card-data field"
no_secrets "batch CSV, unknown column" "$ERR$OUT"
run_rc "$BIN" batch --doc declaration --in "$TMP/ucol.csv" --out-dir "$TMP/bu2" -q --allow-unknown
expect_eq "batch CSV, unknown column, --allow-unknown: written" 0 "$RC"
R=$(cat "$TMP/bu2/errors.tsv" 2>/dev/null)
expect_contains "batch CSV, unknown column, --allow-unknown: a warning by column number" "$R" \
  $'1\t2\twarning\t$.csv_column_2: unknown field'
no_secrets "batch CSV, unknown column, --allow-unknown" "$ERR$OUT$R"
# a repeated column: named by numbers (the column names a file here)
printf 'Takatsukasa,name,Takatsukasa\nx,%s,y\n' "$NAME" >"$TMP/dcol.csv"
run_rc "$BIN" batch --doc declaration --in "$TMP/dcol.csv" --out-dir "$TMP/bd" -q --name-field Takatsukasa
expect_eq "batch CSV, repeated column: refused" 2 "$RC"
expect_contains "batch CSV, repeated column: named by numbers" "$ERR" "column 3 repeats the name of column 1"
no_secrets "batch CSV, repeated column" "$ERR$OUT"

# ---- a NUL byte in a CSV cell or a JSON Lines record: a bad record, and
# the message quotes nothing around it
printf 'name,address\n%s,北海道\0札幌市南十条\n%s,%s\n' "$NAME" "$NAME" "$ADDR" >"$TMP/nul.csv"
run_rc "$BIN" batch --doc declaration --in "$TMP/nul.csv" --out-dir "$TMP/bz" -q
expect_eq "batch CSV, NUL byte in a cell: that record fails" 1 "$RC"
R=$(cat "$TMP/bz/errors.tsv" 2>/dev/null)
expect_contains "batch CSV, NUL byte: record, line and column" "$R" \
  $'1\t2\tdata\t$.address: contains a NUL byte (CSV column 2)'
no_secrets "batch CSV, NUL byte" "$ERR$OUT$R"
{ card '{}' | tr -d '\n'; printf '\n'; printf '{"name":"%s","address":"札幌\0南十条"}\n' "$NAME"; } >"$TMP/nul.jsonl"
run_rc "$BIN" batch --doc declaration --in "$TMP/nul.jsonl" --out-dir "$TMP/bz2" -q
expect_eq "batch JSON Lines, NUL byte: that record fails" 1 "$RC"
R=$(cat "$TMP/bz2/errors.tsv" 2>/dev/null)
expect_contains "batch JSON Lines, NUL byte: record and line" "$R" $'2\t2\tdata\t$: contains a NUL byte'
no_secrets "batch JSON Lines, NUL byte" "$ERR$OUT$R"

# ---- a write error names the record, not the file named after a member
printf '{"id":"Takatsukasa-Reika","name":"%s"}\n' "$NAME" >"$TMP/wn.jsonl"
run_rc env MYNAFORM_TEST_FAIL_WRITE_AFTER=100 "$BIN" batch --doc declaration --in "$TMP/wn.jsonl" \
  --out-dir "$TMP/bw" --name-field id -q
expect_eq "batch write error: exit 7" 7 "$RC"
expect_contains "batch write error: names the record" "$ERR" "record 1: cannot write its PDF"
no_secrets "batch write error" "$ERR$OUT"
run_rc env MYNAFORM_TEST_FAIL_WRITE_AFTER=100 "$BIN" batch --doc declaration --in "$TMP/wn.jsonl" \
  --out-dir "$TMP/bw" --name-field id -q --verbose
expect_contains "batch write error, --verbose: the file is named" "$ERR" "Takatsukasa-Reika.pdf: cannot write"

# ---- a command line with data typed in the wrong place: an argument is
# repeated only if it looks like an option name, and then only up to '='
card '{}' >"$TMP/card.json"
run_rc "$BIN" declaration --data "$TMP/card.json" Takatsukasa -o "$TMP/out.pdf"
expect_eq "a stray argument: usage" 2 "$RC"
expect_contains "a stray argument: named by position" "$ERR" "unknown option (argument 4)"
no_secrets "a stray argument" "$ERR$OUT"
run_rc "$BIN" declaration --data "$TMP/card.json" "$NAME" -o "$TMP/out.pdf"
expect_contains "a stray name in kanji: named by position" "$ERR" "unknown option (argument 4)"
no_secrets "a stray name in kanji" "$ERR$OUT"
run_rc "$BIN" declaration --name="$NAME" -o "$TMP/out.pdf"
expect_contains "an unknown option with a value: the name only" "$ERR" "unknown option '--name'"
no_secrets "an unknown option with a value" "$ERR$OUT"
run_rc "$BIN" declaration "--$(printf 'x%.0s' $(seq 1 41))" -o "$TMP/out.pdf"
expect_contains "an option name over 40 characters is not repeated" "$ERR" "unknown option (argument 2)"
run_rc "$BIN" "-Reika鷹司" -o "$TMP/out.pdf"
expect_eq "a command that is not one: usage" 2 "$RC"
no_secrets "a command that is not ASCII" "$ERR$OUT"
run_rc "$BIN" Takatsukasa
expect_contains "a command that is a word: not repeated" "$ERR" "unknown command"
no_secrets "a command that is a word" "$ERR$OUT"
run_rc "$BIN" help Takatsukasa
no_secrets "help for a command that is a word" "$ERR$OUT"
for c in batch typeset templates; do
  run_rc "$BIN" "$c" Takatsukasa --bogus
  expect_eq "$c with a stray argument: usage" 2 "$RC"
  no_secrets "$c with a stray argument" "$ERR$OUT"
done
run_rc "$BIN" batch --doc Takatsukasa --in "$TMP/in.jsonl" --out-dir "$TMP/bx"
expect_eq "batch --doc with a name: usage" 2 "$RC"
no_secrets "batch --doc with a name" "$ERR$OUT"

finish
