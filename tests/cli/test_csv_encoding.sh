#!/usr/bin/env bash
# test_csv_encoding.sh — mynaform batch on a CSV a Japanese Excel saves: CP932
# (built here with iconv from the UTF-8 source fixtures/excel-cp932-source.csv,
# which holds ①, 髙 (IBM extension), ㈱, 〜, −, ‖ and ¢£¬), read with
# --encoding cp932 the way Windows reads it; refused without --encoding; bad
# bytes as bad records naming their line; the dates, sexes, copays and
# booleans people write; a mixed batch whose report names each bad record's
# field and never a value.
source "$(dirname "$0")/../lib/assert.sh"
need iconv
need pdftotext

SRC_CSV="$SRC/tests/cli/fixtures/excel-cp932-source.csv"
iconv -f UTF-8 -t CP932 "$SRC_CSV" >"$TMP/excel.csv" || { fail "iconv cannot write CP932"; finish; exit; }
check "the fixture is not UTF-8" bash -c "! iconv -f UTF-8 -t UTF-8 '$TMP/excel.csv' >/dev/null 2>&1"
# the text as the page reads, white space removed (the filing date's parts
# stand in the form's 年　月　日)
text() { pdftotext -layout "$1" - 2>/dev/null | perl -CSD -0777 -pe 's/[\s\x{3000}]//g'; }
# report DIR: the error report without its header line
report() { tail -n +2 "$1/errors.tsv" 2>/dev/null; }

# ---- CP932 read as Windows reads it
run_rc "$BIN" batch --doc declaration --in "$TMP/excel.csv" --out-dir "$TMP/o" --name-field id \
  --encoding cp932 -q
expect_eq "cp932: some records fail (exit 1)" 1 "$RC"
for id in e1 e2 e3 e11; do check "cp932: $id.pdf written" test -f "$TMP/o/$id.pdf"; done
for id in e4 e5 e6 e7 e8 e9 e10; do check "cp932: no $id.pdf" test ! -e "$TMP/o/$id.pdf"; done
T=$(text "$TMP/o/e1.pdf")
expect_contains "cp932: 髙 (IBM extension 0xFBFC)" "$T" "髙橋"
expect_contains "cp932: ① (NEC row 13)" "$T" "①子"
expect_contains "cp932: 0x8160 is ～ U+FF5E, as Windows reads it" "$T" "芝公園1～3丁目"
expect_not_contains "cp932: 0x8160 is not 〜 U+301C" "$T" "1〜3"
expect_contains "cp932: ㈱" "$T" "㈱サンプル寮"
expect_contains "cp932: half-width kana with a half-width space → katakana" "$(pdftotext -raw "$TMP/o/e1.pdf" - 2>/dev/null)" "タカハシ イチコ"
expect_contains "cp932: 0x817C (U+FF0D) in a phone → -" "$T" "03-1234-5678"
expect_contains "cp932: 昭和64年1月7日: 64" "$T" "64"
expect_contains "cp932: the filing date 令和8年11月22日" "$T" "令和8年11月22日"
T=$(text "$TMP/o/e2.pdf")
expect_contains "cp932: 0x8161 is ∥ U+2225" "$T" "ハイツ∥101"
expect_contains "cp932: H1.1.8 is 平成元年" "$T" "元"
expect_contains "cp932: R8.11.22" "$T" "令和8年11月22日"
T=$(text "$TMP/o/e3.pdf")
expect_contains "cp932: ¢£¬ are ￠￡￢ (U+FFE0–FFE2)" "$T" "京都市￠￡￢"
expect_contains "cp932: 1926/12/25 is 昭和元年" "$T" "元"
expect_contains "cp932: 2026/11/22" "$T" "令和8年11月22日"

# ---- the mixed batch: each bad record's field, never the value
R=$(report "$TMP/o")
expect_eq "report: one line per bad record" 7 "$(printf '%s\n' "$R" | grep -c .)"
expect_contains "report: 昭和64年1月8日 (S64.1.8)" "$R" \
  $'4\t6\tdata\t$.birth_date: no such day of 昭和, which ended on 昭和64年1月7日 (1989-01-07); the day is in 平成'
expect_contains "report: two-digit year" "$R" $'5\t7\tdata\t$.birth_date: a two-digit year is not accepted'
expect_contains "report: sex lists the accepted forms" "$R" \
  $'6\t8\tdata\t$.sex: unknown value (expected "male", "female", "男", "女", "男性", "女性" or an ISO 5218 code 1, 2 or 9)'
expect_contains "report: copay lists the accepted forms" "$R" \
  $'7\t9\tdata\t$.insurance.copay: unknown value (expected 3, 2, 1, "3割", "2割", "1割"'
expect_contains "report: a CSV boolean lists はい/いいえ" "$R" \
  $'8\t10\tdata\t$.pinless: expected true or false (in a CSV cell also はい or いいえ)'
expect_contains "report: 平成31年5月1日" "$R" \
  $'9\t11\tdata\t$.filing_date: no such day of 平成, which ended on 平成31年4月30日 (2019-04-30); the day is in 令和'
expect_contains "report: 昭和65年" "$R" $'10\t12\tdata\t$.birth_date: 昭和 has no such year'
for s in 佐藤 一郎 二郎 サトウ ジロウ 男の子 4割 yes s64 65年1月1日; do
  expect_not_contains "report and summary quote no value ($s)" "$R$ERR" "$s"
done

# ---- the same records in UTF-8: the same result
run_rc "$BIN" batch --doc declaration --in "$SRC_CSV" --out-dir "$TMP/u" --name-field id -q
expect_eq "utf-8: the same exit" 1 "$RC"
expect_eq "utf-8: the same report" "$(report "$TMP/o")" "$(report "$TMP/u")"
expect_contains "utf-8: 〜 stays 〜 in UTF-8" "$(text "$TMP/u/e1.pdf")" "1〜3"

# ---- CP932 without --encoding: refused, naming the option; nothing written
run_rc "$BIN" batch --doc declaration --in "$TMP/excel.csv" --out-dir "$TMP/n" --name-field id
expect_eq "no --encoding: exit 2" 2 "$RC"
expect_contains "no --encoding: says what to do" "$ERR" \
  "line 2: the input is not UTF-8 but CP932 (Shift_JIS, as a Japanese Excel saves CSV): give --encoding cp932"
check "no --encoding: no PDF" test -z "$(ls "$TMP/n"/*.pdf 2>/dev/null)"
run_rc "$BIN" batch --doc declaration --in "$TMP/excel.csv" --merge "$TMP/n.pdf"
expect_eq "no --encoding, --merge: exit 2" 2 "$RC"
check "no --encoding, --merge: no file" test ! -e "$TMP/n.pdf"
run_rc bash -c "'$BIN' batch --doc declaration --in - --format csv --out-dir '$TMP/n2' < '$TMP/excel.csv'"
expect_eq "no --encoding, standard input: exit 2" 2 "$RC"
# --encoding utf-8: no check, every non-ASCII row is bad
run_rc "$BIN" batch --doc declaration --in "$TMP/excel.csv" --out-dir "$TMP/n3" --name-field id \
  --encoding utf-8 -q
expect_eq "--encoding utf-8 on CP932: records fail" 1 "$RC"
expect_contains "--encoding utf-8 on CP932: not valid UTF-8, with line and column" "$(report "$TMP/n3")" \
  $'1\t2\tdata\t$.name: not valid UTF-8 at line 2 (CSV column 2)'
# a UTF-8 file with a byte order mark read as CP932
printf '\xef\xbb\xbfname\n山田\n' >"$TMP/bom.csv"
run_rc "$BIN" batch --doc declaration --in "$TMP/bom.csv" --out-dir "$TMP/b" --encoding cp932
expect_eq "UTF-8 BOM with --encoding cp932: exit 2" 2 "$RC"
expect_contains "UTF-8 BOM with --encoding cp932: says why" "$ERR" "starts with a UTF-8 byte order mark"

# ---- bytes that are not CP932: a bad record naming the line of the byte
{
  printf 'id,name,address\r\n'
  printf 'x1,\x8e\x52\x93\x63,"\x93\x8c\x8b\x9e\r\n\x82\xa0\xa0"\r\n'
  printf 'x2,\x8e\x52\x93\x63,\x93\x8c\x8b\x9e\r\n'
  printf 'x3,\x8e\x52\x81,x\r\n'
} >"$TMP/bad.csv"
run_rc "$BIN" batch --doc declaration --in "$TMP/bad.csv" --out-dir "$TMP/x" --name-field id \
  --encoding sjis -q
expect_eq "bad CP932 bytes: exit 1" 1 "$RC"
check "bad CP932 bytes: the good record is written" test -f "$TMP/x/x2.pdf"
R=$(report "$TMP/x")
expect_contains "bad CP932 bytes: 0xA0 on the row's second line" "$R" \
  $'1\t2\tdata\t$.address: not valid CP932 at line 3 (CSV column 3)'
expect_contains "bad CP932 bytes: a lead byte without its trail byte" "$R" \
  $'3\t5\tdata\t$.name: not valid CP932 at line 5 (CSV column 2)'
expect_not_contains "bad CP932 bytes: no replacement character" "$R$ERR" $'\xef\xbf\xbd'

# ---- a value converted from CP932 is screened for a 個人番号 like any other
printf 'name,address\r\n%s,%s\r\n' "$(printf '山田' | iconv -f UTF-8 -t CP932)" \
  "$(printf '１２３４ ５６７８ ９０１８' | iconv -f UTF-8 -t CP932)" >"$TMP/mn.csv"
run_rc "$BIN" batch --doc declaration --in "$TMP/mn.csv" --out-dir "$TMP/m" --encoding cp932 -q
expect_eq "a My Number in CP932: the record fails" 1 "$RC"
expect_contains "a My Number in CP932: refused by the library" "$(report "$TMP/m")" \
  $'1\t2\tmy_number\t$.address: contains a 12-digit 個人番号 (My Number)'
expect_not_contains "a My Number in CP932: never shown" "$ERR$(report "$TMP/m")" "９０１８"

# ---- usage
run_rc "$BIN" batch --doc declaration --in "$TMP/excel.csv" --out-dir "$TMP/u1" --encoding euc-jp
expect_eq "--encoding euc-jp: exit 2" 2 "$RC"
expect_contains "--encoding euc-jp: lists the encodings" "$ERR" "expected utf-8 or cp932"
printf '{}\n' >"$TMP/r.jsonl"
run_rc "$BIN" batch --doc declaration --in "$TMP/r.jsonl" --out-dir "$TMP/u2" --encoding cp932
expect_eq "--encoding with JSON Lines: exit 2" 2 "$RC"
expect_contains "--encoding with JSON Lines: says why" "$ERR" "JSON Lines is always UTF-8"
run_rc "$BIN" batch --help
expect_contains "batch --help documents --encoding" "$OUT" "--encoding ENC"
finish
