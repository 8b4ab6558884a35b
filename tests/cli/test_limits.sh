#!/usr/bin/env bash
# test_limits.sh — every input limit, from the outside: each is enforced at
# its boundary, fails with an error that names it, and leaves no output
# file.  The table of limits is in tests/fuzz/README.md.
source "$(dirname "$0")/../lib/assert.sh"

# gen FILE PYTHON-EXPRESSION: writes the bytes the expression evaluates to
gen() { python3 -c "import json,sys; sys.stdout.buffer.write($2)" >"$1"; }
need python3

# limit DESCRIPTION EXPECTED_RC NEEDLE COMMAND...: fails with the limit named,
# no output file (the command writes $TMP/out.pdf if anything)
limit() {
  local d=$1 rc=$2 needle=$3
  shift 3
  rm -f "$TMP/out.pdf"
  run_rc "$@"
  expect_eq "$d: exit code" "$rc" "$RC"
  expect_contains "$d: the error names the limit" "$ERR$OUT" "$needle"
  check "$d: no output file" test ! -e "$TMP/out.pdf"
  check "$d: no temporary file" no_tmp_files "$TMP"
}

# ---- MYNA_LIMIT_DATA_BYTES (65536): card data, clinic imprint, stdin
gen "$TMP/at.json" "b'{\"name\":\"x\"}'.ljust(65536)"
gen "$TMP/over.json" "b'{\"name\":\"x\"}'.ljust(65537)"
run_rc "$BIN" declaration --data "$TMP/at.json" -o "$TMP/ok.pdf"
expect_eq "card data of exactly MYNA_LIMIT_DATA_BYTES is accepted" 0 "$RC"
limit "card data over MYNA_LIMIT_DATA_BYTES" 3 "MYNA_LIMIT_DATA_BYTES" \
  "$BIN" declaration --data "$TMP/over.json" -o "$TMP/out.pdf"
limit "card data on stdin over MYNA_LIMIT_DATA_BYTES" 3 "MYNA_LIMIT_DATA_BYTES" \
  bash -c "'$BIN' declaration --data - -o '$TMP/out.pdf' < '$TMP/over.json'"
limit "clinic imprint over MYNA_LIMIT_DATA_BYTES" 3 "MYNA_LIMIT_DATA_BYTES" \
  "$BIN" notice --clinic "$TMP/over.json" -o "$TMP/out.pdf"
gen "$TMP/huge.json" "b'{\"name\":\"x\"}'.ljust(16*1024*1024)"
limit "card data of 16 MiB (read stops at the limit)" 3 "MYNA_LIMIT_DATA_BYTES" \
  "$BIN" declaration --data "$TMP/huge.json" -o "$TMP/out.pdf"

# ---- MYNA_LIMIT_FIELD_BYTES (1024): a value, a member name
gen "$TMP/f-at.json" "json.dumps({'insurance': {'employer': 'a b ' * 256}}).encode()"
run_rc "$BIN" declaration --data "$TMP/f-at.json" -o "$TMP/ok.pdf"
expect_not_contains "a value of exactly MYNA_LIMIT_FIELD_BYTES is not refused for its length" \
  "$ERR" "MYNA_LIMIT_FIELD_BYTES"
gen "$TMP/f-over.json" "json.dumps({'name': 'a' * 1025}).encode()"
limit "a value over MYNA_LIMIT_FIELD_BYTES" 3 '$.name: longer than MYNA_LIMIT_FIELD_BYTES' \
  "$BIN" declaration --data "$TMP/f-over.json" -o "$TMP/out.pdf"
gen "$TMP/f-utf8.json" "json.dumps({'address': '東' * 342}, ensure_ascii=False).encode()"
limit "the field limit counts UTF-8 bytes (342 kanji = 1026 bytes)" 3 \
  '$.address: longer than MYNA_LIMIT_FIELD_BYTES' \
  "$BIN" declaration --data "$TMP/f-utf8.json" -o "$TMP/out.pdf"
gen "$TMP/f-key.json" "json.dumps({'k' * 1025: 1}).encode()"
limit "a member name over MYNA_LIMIT_FIELD_BYTES" 3 'member name is longer than MYNA_LIMIT_FIELD_BYTES' \
  "$BIN" declaration --allow-unknown --data "$TMP/f-key.json" -o "$TMP/out.pdf"
gen "$TMP/f-clinic.json" "json.dumps({'name': 'a' * 1025}).encode()"
limit "a clinic value over MYNA_LIMIT_FIELD_BYTES" 3 '$clinic.name: longer than MYNA_LIMIT_FIELD_BYTES' \
  "$BIN" notice --clinic "$TMP/f-clinic.json" -o "$TMP/out.pdf"

# ---- MYNA_LIMIT_JSON_DEPTH (8): unknown members nest; jansson's own cap
gen "$TMP/d-at.json" "b'{\"insurance\":{\"a\":[[[[[[1]]]]]]}}'"
run_rc "$BIN" declaration --allow-unknown --data "$TMP/d-at.json" -o "$TMP/ok.pdf"
expect_eq "nesting of exactly MYNA_LIMIT_JSON_DEPTH is accepted (unknown members allowed)" 0 "$RC"
gen "$TMP/d-over.json" "b'{\"insurance\":{\"a\":[[[[[[[1]]]]]]]}}'"
limit "nesting over MYNA_LIMIT_JSON_DEPTH" 3 "nested deeper than MYNA_LIMIT_JSON_DEPTH" \
  "$BIN" declaration --allow-unknown --data "$TMP/d-over.json" -o "$TMP/out.pdf"
gen "$TMP/d-deep.json" "b'[' * 30000 + b']' * 30000"
limit "nesting 30000 deep (the parser's own stack cap)" 3 "MYNA_LIMIT_JSON_DEPTH" \
  "$BIN" declaration --data "$TMP/d-deep.json" -o "$TMP/out.pdf"
gen "$TMP/d-mn.json" "b'{\"x\":' + b'[' * 2000 + b'\"123456789018\"' + b']' * 2000 + b'}'"
run_rc "$BIN" declaration --allow-unknown --data "$TMP/d-mn.json" -o "$TMP/out.pdf"
expect_eq "a My Number 2000 deep is still refused" 4 "$RC"
check "a My Number 2000 deep: the message is valid UTF-8" bash -c "printf '%s' \"\$1\" | iconv -f UTF-8 -t UTF-8 >/dev/null" _ "$ERR"
expect_not_contains "a My Number 2000 deep is not printed" "$ERR" "123456789018"

# ---- MYNA_LIMIT_TYPESET_BYTES (65536)
ok_text=$(python3 -c "print('あ' * 21845, end='')")   # 65535 bytes
run_rc "$BIN" typeset --width 2000 "$ok_text"
expect_eq "typeset text of 65535 bytes is accepted" 0 "$RC"
limit "typeset text over MYNA_LIMIT_TYPESET_BYTES" 3 "MYNA_LIMIT_TYPESET_BYTES" \
  "$BIN" typeset --width 100 "${ok_text}ああ"

# ---- MYNA_LIMIT_TEMPLATE_BYTES (262144) and the limits inside a template
# (MYNA_LIMIT_TEMPLATE_*): a template over one is malformed, exit code 5
tpl() { # tpl DIR PYTHON-ITEMS-EXPRESSION [PYTHON-STYLES-EXPRESSION]
  local styles=${3:-dict()}
  mkdir -p "$1"
  python3 -c "
import json
d = {'format': 'mynaform-template/1', 'document': 'declaration', 'title': 't',
     'edition': 'e', 'date': '2023-01-01', 'styles': $styles, 'items': $2}
open('$1/t.json', 'w').write(json.dumps(d))"
}
RULE='{"type": "rule", "x": 10, "y": 10, "x2": 20, "y2": 20}'
tpl "$TMP/tsmall" "[$RULE]"
mkdir -p "$TMP/tat" "$TMP/tbig"
gen "$TMP/tat/t.json" "open('$TMP/tsmall/t.json', 'rb').read().ljust(262144)"
run_rc "$BIN" declaration --blank --template-dir "$TMP/tat" -o "$TMP/ok.pdf"
expect_eq "a template file of exactly MYNA_LIMIT_TEMPLATE_BYTES is accepted" 0 "$RC"
gen "$TMP/tbig/t.json" "open('$TMP/tsmall/t.json', 'rb').read().ljust(262145)"
limit "a template file over MYNA_LIMIT_TEMPLATE_BYTES: a template error" 5 \
  "larger than MYNA_LIMIT_TEMPLATE_BYTES" \
  "$BIN" declaration --blank --template-dir "$TMP/tbig" -o "$TMP/out.pdf"
tpl "$TMP/titems" "[$RULE] * 2001"
limit "more than 2000 template items" 5 "more than 2000 items (MYNA_LIMIT_TEMPLATE_ITEMS)" \
  "$BIN" declaration --blank --template-dir "$TMP/titems" -o "$TMP/out.pdf"
tpl "$TMP/titems2" "[$RULE] * 2000"
run_rc "$BIN" declaration --blank --template-dir "$TMP/titems2" -o "$TMP/ok.pdf"
expect_eq "exactly 2000 template items are accepted" 0 "$RC"
tpl "$TMP/tstyles" "[$RULE]" "{'s%d' % i: {'size': 10} for i in range(65)}"
limit "more than 64 styles" 5 "more than 64 styles (MYNA_LIMIT_TEMPLATE_STYLES)" \
  "$BIN" declaration --blank --template-dir "$TMP/tstyles" -o "$TMP/out.pdf"
tpl "$TMP/tgrids" "[{'type': 'grid', 'id': 'g%d' % i, 'x': 10, 'y': 10, 'cols': [1], 'rows': [1]} for i in range(33)]"
limit "more than 32 grids" 5 "more than 32 grids (MYNA_LIMIT_TEMPLATE_GRIDS)" \
  "$BIN" declaration --blank --template-dir "$TMP/tgrids" -o "$TMP/out.pdf"
tpl "$TMP/tcols" "[{'type': 'grid', 'id': 'g', 'x': 10, 'y': 10, 'cols': [1] * 101, 'rows': [1]}]"
limit "more than 100 grid columns" 5 "1 to 100 numbers (MYNA_LIMIT_TEMPLATE_GRID_TRACKS)" \
  "$BIN" declaration --blank --template-dir "$TMP/tcols" -o "$TMP/out.pdf"
tpl "$TMP/topts" "[{'type': 'checks', 'x': 10, 'y': 10, 'options': [['sex.male', 'x']] * 21}]"
limit "more than 20 checkbox options" 5 "1 to 20 [key, label] pairs (MYNA_LIMIT_TEMPLATE_OPTIONS)" \
  "$BIN" declaration --blank --template-dir "$TMP/topts" -o "$TMP/out.pdf"
tpl "$TMP/tone" "[$RULE]"
mkdir -p "$TMP/tmany"
for i in $(seq -w 1 257); do cp "$TMP/tone/t.json" "$TMP/tmany/t$i.json"; done
limit "more than 256 templates in a directory" 5 "more than 256 templates (MYNA_LIMIT_TEMPLATES)" \
  "$BIN" declaration --blank --template-dir "$TMP/tmany" -o "$TMP/out.pdf"

# ---- the QR URL (512 bytes, src/render.c)
url512="https://example.jp/$(python3 -c "print('a' * (512 - 19), end='')")"
limit "a QR URL over 512 bytes" 3 "512 bytes" \
  "$BIN" notice --url "${url512}b" -o "$TMP/out.pdf"

# ---- typeset options
run_rc "$BIN" typeset --width 2001 "あ"
expect_eq "typeset width over 2000 pt: usage" 2 "$RC"
expect_contains "typeset width over 2000 pt: named" "$ERR$OUT" "2000"
run_rc "$BIN" typeset --width 100 --max-lines 101 "あ"
expect_eq "typeset --max-lines over 100: usage" 2 "$RC"
# indent and hang: 0-10 em and narrower than the width (9.6 em of 10.5 pt
# is wider than 100 pt); NaN and infinity are not numbers to the CLI
for opt in "--indent 100000" "--hang 100000" "--indent 11" "--indent 9.6" "--size 1000" \
           "--min-size 300" "--indent nan" "--hang inf"; do
  run_rc "$BIN" typeset --width 100 $opt "あいうえお"
  expect_eq "typeset $opt: usage" 2 "$RC"
  name=${opt%% *}
  name=${name#--}
  expect_contains "typeset $opt: the option is named" "${ERR//_/-}" "$name"
  expect_not_contains "typeset $opt: no line is set" "$OUT" '"lines"'
done

# ---- batch: a record (JSON Lines line, CSV row) over MYNA_LIMIT_DATA_BYTES
# is one bad record; a CSV cell over 1 MiB or a header over 256 columns
# stops the batch; --merge holds at most 20000 pages
gen "$TMP/long.jsonl" "b'{\"name\":\"x\"}\n{\"name\":\"' + b'a' * 70000 + b'\"}\n{\"name\":\"y\"}\n'"
run_rc "$BIN" batch --doc declaration --in "$TMP/long.jsonl" --out-dir "$TMP/b1" -q
expect_eq "batch: a JSON Lines record over the limit fails alone" 1 "$RC"
expect_contains "batch: the long line is reported with the limit" "$(cat "$TMP/b1/errors.tsv")" \
  $'2\t2\tlimit\t$: record is larger than MYNA_LIMIT_DATA_BYTES'
expect_eq "batch: the other records are written" 2 "$(find "$TMP/b1" -name '*.pdf' | wc -l | tr -d ' ')"
gen "$TMP/long.csv" "b'name,address\nx,y\nz,\"' + b'a' * 70000 + b'\"\n'"
run_rc "$BIN" batch --doc declaration --in "$TMP/long.csv" --out-dir "$TMP/b2" -q
expect_eq "batch: a CSV row over the limit fails alone" 1 "$RC"
expect_contains "batch: the long row is reported with the limit" "$(cat "$TMP/b2/errors.tsv")" \
  $'2\t3\tlimit\t$: record is larger than MYNA_LIMIT_DATA_BYTES'
gen "$TMP/cell.csv" "b'name,address\nx,\"' + b'a' * 1100000 + b'\n'"
run_rc "$BIN" batch --doc declaration --in "$TMP/cell.csv" --out-dir "$TMP/b3" -q
expect_eq "batch: a CSV cell over 1 MiB stops the batch" 3 "$RC"
expect_contains "batch: the cell limit is named" "$ERR" "longer than 1048576 bytes"
gen "$TMP/cols.csv" "(','.join('c%d' % i for i in range(257)) + '\n').encode()"
run_rc "$BIN" batch --doc declaration --in "$TMP/cols.csv" --out-dir "$TMP/b4" -q
expect_eq "batch: a CSV header over 256 columns: usage" 2 "$RC"
expect_contains "batch: the column limit is named" "$ERR" "more than 256 columns"
gen "$TMP/many.jsonl" "b'{}\n' * 20001"
run_rc "$BIN" batch --doc declaration --in "$TMP/many.jsonl" --merge "$TMP/out.pdf" -q
expect_eq "batch --merge over 20000 pages: refused before rendering" 2 "$RC"
expect_contains "batch --merge: the page limit is named" "$ERR" "more than 20000 pages"
check "batch --merge over the page limit: no file" test ! -e "$TMP/out.pdf"
printf '{"id":"%s","name":"x"}\n' "$(printf 'a%.0s' $(seq 1 101))" >"$TMP/name.jsonl"
run_rc "$BIN" batch --doc declaration --in "$TMP/name.jsonl" --out-dir "$TMP/b5" --name-field id -q
expect_eq "batch: a naming value over 100 characters fails the record" 1 "$RC"
expect_contains "batch: the name limit is named" "$(cat "$TMP/b5/errors.tsv")" "1 to 100 characters"

finish
