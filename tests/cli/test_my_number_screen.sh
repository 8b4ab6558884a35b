#!/usr/bin/env bash
# test_my_number_screen.sh — the 番号法 screen through the tool, with the
# reproduction commands of the hostile review of 2026-12-03 (findings 1, 5,
# 6, 7, 9, 11, 12 and 13): every spelling of a 個人番号 that a reader would
# read as one is refused with exit 4, leaves no output file, and no message
# (not even --verbose) holds its digits.  123456789018 has a valid check
# digit; 123456789010 does not.
source "$(dirname "$0")/../lib/assert.sh"
cd "$TMP" || exit 1

# refused DESCRIPTION COMMAND...: exit 4, no out.pdf, no digits in messages
refused() {
  local d=$1
  shift
  rm -rf out.pdf outdir
  run_rc "$@"
  expect_eq "$d: exit code" 4 "$RC"
  check "$d: no output file" test ! -e out.pdf
  expect_not_contains "$d: message" "$ERR$OUT" "9018"
  expect_not_contains "$d: message" "$ERR$OUT" "５６７８"
  expect_not_contains "$d: message" "$ERR$OUT" "五六七八"
}

# -- finding 1 and 7: spellings the normalisers or a reader fold
U2010=$'\u2010'
for v in "1234${U2010}5678${U2010}9018" '1234  5678  9018' $'1234\u00a05678\u00a09018' \
         $'1234\u22125678\u22129018' $'1234\u20135678\u20139018' '１２３４ー５６７８ー９０１８' \
         '1234.5678.9018' '1234/5678/9018' '1234・5678・9018' '1234_5678_9018' \
         $'1\ufe0e2\ufe0e3\ufe0e4\ufe0e5\ufe0e6\ufe0e7\ufe0e8\ufe0e9\ufe0e0\ufe0e1\ufe0e8' \
         '一二三四五六七八九〇一八' '①②③④⑤⑥⑦⑧⑨⓪①⑧'; do
  for f in name address phone; do
    printf '{"%s":"%s"}' "$f" "$v" >d.json
    run_rc "$BIN" declaration --data d.json -o out.pdf
    if [ "$f" = phone ] && [ "$RC" = 3 ]; then # not a phone number at all: refused too
      check "phone $v: no output" test ! -e out.pdf
      continue
    fi
    refused "$f: $v" "$BIN" declaration --data d.json -o out.pdf
  done
  printf '{"name":"山田","phone":"03-1234-5678"}' >d.json
  printf '{"name":"医院","phone":"%s"}' "$v" >c.json
  run_rc "$BIN" notice --clinic c.json -o out.pdf
  [ "$RC" = 3 ] || refused "--clinic phone: $v" "$BIN" notice --clinic c.json -o out.pdf
  printf '{"clinic":{"address":"%s"}}' "$v" >c2.json
  refused "clinic.address in the data: $v" "$BIN" notice --data c2.json -o out.pdf
done

# -- verbose does not quote it either
printf '{"address":"1234  5678  9018"}' >d.json
refused "verbose" "$BIN" declaration --data d.json -o out.pdf --verbose

# -- finding 13: numbers as written
printf '{"x":5.123456789018}' >f.json
refused "5.123456789018" "$BIN" declaration --data f.json -o out.pdf --allow-unknown
printf '{"x":12345678901.8E1}' >f.json
refused "12345678901.8E1" "$BIN" declaration --data f.json -o out.pdf --allow-unknown

# -- finding 12: field names after NFKC and kana folding
for k in 'ｍｙ＿ｎｕｍｂｅｒ' 'ﾏｲﾅﾝﾊﾞｰ' 'まいなんばー' 'マイナンバー番号' '個人番号（マイナンバー）' \
         'my.number' '個人番號' 'マイナンバ－' $'my\u200bnumber' 'my_no'; do
  printf '{"name":"山田","%s":"未確認"}' "$k" >m.json
  refused "member $k" "$BIN" declaration --data m.json -o out.pdf --allow-unknown
  # a name that is not an ASCII identifier may be data: not quoted
  [ "$k" = my_no ] || expect_not_contains "member $k: not quoted" "$ERR" "$k"
done
# the card is not the number
printf '{"name":"山田","マイナンバーカード":"あり"}' >m.json
run_rc "$BIN" declaration --data m.json -o out.pdf --allow-unknown
expect_eq "マイナンバーカード member: a warning only" 0 "$RC"
# a member name that may be data is quoted only with --verbose
printf '{"name":"山田","鈴木一郎":"x"}' >m.json
run_rc "$BIN" declaration --data m.json -o out.pdf --allow-unknown
expect_not_contains "unknown member name not quoted" "$ERR" "鈴木"
expect_contains "unknown member: says how to see it" "$ERR" "--verbose"
run_rc "$BIN" declaration --data m.json -o out.pdf --allow-unknown --verbose
expect_contains "unknown member name quoted with --verbose" "$ERR" "鈴木一郎"
printf '{"1234%s5678%s9018":"x"}' "$U2010" "$U2010" >m.json
refused "member name that is a My Number" "$BIN" declaration --data m.json -o out.pdf --allow-unknown

# -- finding 9: --url
refused "--url with a My Number" "$BIN" notice --url 'https://example.jp/?n=123456789018' -o out.pdf
refused "--url with a hyphenated My Number" "$BIN" notice --url 'https://example.jp/?n=1234-5678-9018' -o out.pdf

# -- typeset
refused "typeset" "$BIN" typeset --width-mm 60 '番号 1234　5678　9018'
run_rc "$BIN" typeset --width-mm 60 '番号 1234　5678　9010'
expect_eq "typeset: a bad check digit is just text" 0 "$RC"
# a line broken inside a longer digit chain must not show 12 digits that
# read as one (found by fuzz_typeset with the 番号法 oracle)
refused "typeset line 123456789018 / 99" "$BIN" typeset --size 10.5 --width 63 12345678901899
# box mode (form fields) never breaks inside a digit chain: it does not fit
run_rc "$BIN" typeset --size 10.5 --min-size 10.5 --width 63 --max-lines 2 12345678901899
expect_eq "typeset box mode: a chain wider than the box does not fit" 3 "$RC"
run_rc "$BIN" typeset --size 10.5 --width 200 12345678901899
expect_eq "typeset: the 14-digit chain on one line is not a My Number" 0 "$RC"

# -- finding 6: a CSV column for the number, with --allow-unknown too
for h in my_number マイナンバー ﾏｲﾅﾝﾊﾞｰ '個人番号（マイナンバー）'; do
  printf 'name,%s\n山田,未確認\n' "$h" >m.csv
  for extra in "" --allow-unknown; do
    refused "CSV column $h $extra" "$BIN" batch --doc declaration --in m.csv --out-dir outdir -q $extra
    check "CSV column $h $extra: nothing written" test ! -e outdir/000001.pdf
  done
done
printf 'name,マイナンバーカード\n山田,あり\n' >m.csv
run_rc "$BIN" batch --doc declaration --in m.csv --out-dir outdir -q --allow-unknown
expect_eq "CSV column マイナンバーカード: accepted" 0 "$RC"

# -- finding 11: a header row that is a data row, verbose
printf '123456789018,山田\n' >h.csv
refused "CSV header holding a My Number, -v" "$BIN" batch --doc declaration --in h.csv --out-dir outdir -q -v
printf '1234-5678-9010,山田\n' >h.csv
run_rc "$BIN" batch --doc declaration --in h.csv --out-dir outdir -q -v
expect_eq "CSV header that is data: usage error" 2 "$RC"

# -- finding 5: a file name built from several members, or a literal
printf '{"a":"123456","b":"789018","name":"x"}\n{"a":"1","b":"2","name":"y"}\n' >n.jsonl
run_rc "$BIN" batch --doc declaration --in n.jsonl --out-dir outdir -q --name-pattern '{field:a}{field:b}.pdf' --errors e.tsv
expect_eq "name pattern {field:a}{field:b}: a record fails" 1 "$RC"
check "name pattern: no such file" test ! -e outdir/123456789018.pdf
check "name pattern: the other record is written" test -e outdir/12.pdf
expect_contains "name pattern: the report says my_number" "$(cat e.tsv)" "my_number"
expect_not_contains "name pattern: the report has no digits" "$(cat e.tsv)" "789018"
printf '{"a":"1234_5678","name":"x"}\n' >n.jsonl
run_rc "$BIN" batch --doc declaration --in n.jsonl --out-dir outdir -q --name-pattern '{field:a}_9018.pdf'
expect_eq "name pattern with _ separators" 1 "$RC"
check "name pattern with _: no such file" test ! -e outdir/1234_5678_9018.pdf
rm -rf outdir
refused "name pattern literal" "$BIN" batch --doc declaration --in n.jsonl --out-dir outdir -q --name-pattern '123456789018_{n}.pdf'
check "name pattern literal: no directory" test ! -e outdir

# -- every message, whatever it quotes: a template's unknown member named
# with 12 digits (fuzz_template with the 番号法 oracle), a --verbose path
mkdir -p tpl
cp "$SRC/tests/fuzz/regressions/template/unknown-member-name-my-number.json" tpl/x.json
run_rc "$BIN" templates --template-dir tpl -v
expect_eq "template message: exit 5" 5 "$RC"
expect_not_contains "template message: no number" "$ERR" "000000000000"
expect_contains "template message: says why" "$ERR" "not shown"
run_rc "$BIN" declaration --data 123456789018.json -o out.pdf -v
expect_not_contains "--verbose path that is a My Number" "$ERR" "123456789018"

finish
