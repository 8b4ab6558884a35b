#!/usr/bin/env bash
# test_batch.sh — mynaform batch: JSON Lines and CSV in, one PDF per record
# or one merged PDF; bad records reported with record, line and field (never
# the value) and left out; --resume; workers; interrupts leave only complete
# PDFs; no progress bar off a terminal.
source "$(dirname "$0")/../lib/assert.sh"
need qpdf
need pdftotext
need pdfinfo
ESC=$'\033'

# gen_jsonl N FILE: N valid records with "id": "p001" ...
gen_jsonl() {
  local i
  for ((i = 1; i <= $1; i++)); do
    printf '{"id":"p%03d","name":"山田　太郎","kana":"ヤマダ タロウ","birth_date":"1980-01-%02d","sex":"male","address":"東京都千代田区霞が関1-2-%d","insurance":{"type":"shaho","copay":3},"filing_date":"2026-11-22"}\n' \
      "$i" $((i % 28 + 1)) "$i"
  done >"$2"
}
# gen_plain N FILE: N valid records without an id (for --merge)
gen_plain() {
  local i
  for ((i = 1; i <= $1; i++)); do
    printf '{"name":"山田　太郎","birth_date":"1980-01-%02d","filing_date":"2026-11-22"}\n' $((i % 28 + 1))
  done >"$2"
}
# all_pdfs_clean DIR: every PDF in DIR passes qpdf --check
all_pdfs_clean() {
  local f
  for f in "$1"/*.pdf; do
    [ -e "$f" ] || continue
    qpdf --check "$f" >/dev/null 2>&1 || return 1
  done
}
count_pdfs() { find "$1" -maxdepth 1 -name '*.pdf' | wc -l | tr -d ' '; }
# no temporary file left in DIR (no_tmp_files, from assert.sh)
no_temp_files() { no_tmp_files "$1"; }
pages() { pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ {print $2}'; }

# ---- help and usage
run_rc "$BIN" batch --help
expect_eq "batch --help exits 0" 0 "$RC"
expect_contains "batch --help shows usage" "$OUT" "Usage: mynaform batch"
expect_contains "batch --help documents the report" "$OUT" "record, line, status, message"
run_rc "$BIN" --help
expect_contains "batch is in the command list" "$OUT" "batch"
gen_jsonl 3 "$TMP/three.jsonl"
run_rc "$BIN" batch --in "$TMP/three.jsonl" --out-dir "$TMP/u"
expect_eq "no --doc: exit 2" 2 "$RC"
run_rc "$BIN" batch --doc form --in "$TMP/three.jsonl" --out-dir "$TMP/u"
expect_eq "unknown --doc: exit 2" 2 "$RC"
run_rc "$BIN" batch --doc declaration --in "$TMP/three.jsonl"
expect_eq "no output: exit 2" 2 "$RC"
run_rc "$BIN" batch --doc declaration --in "$TMP/three.jsonl" --out-dir "$TMP/u" --merge "$TMP/u.pdf"
expect_eq "--out-dir and --merge: exit 2" 2 "$RC"
run_rc "$BIN" batch --doc declaration --in "$TMP/three.jsonl" --merge "$TMP/u.pdf" --resume
expect_eq "--resume with --merge: exit 2" 2 "$RC"
run_rc "$BIN" batch --doc declaration --in "$TMP/three.jsonl" --out-dir "$TMP/u" --workers 0
expect_eq "--workers 0: exit 2" 2 "$RC"
run_rc "$BIN" batch --doc declaration --in "$TMP/three.jsonl" --out-dir "$TMP/u" --name-pattern 'x.pdf'
expect_eq "a pattern that names every record the same: exit 2" 2 "$RC"
run_rc "$BIN" batch --doc declaration --in "$TMP/three.jsonl" --out-dir "$TMP/u" --name-pattern '../{n}.pdf'
expect_eq "a pattern with a slash: exit 2" 2 "$RC"
run_rc "$BIN" batch --doc declaration --in "$TMP/three.jsonl" --out-dir "$TMP/u" --bogus
expect_eq "unknown option: exit 2" 2 "$RC"
expect_contains "unknown option named" "$ERR" "--bogus"
run_rc "$BIN" batch --doc declaration --in "$TMP/none.jsonl" --out-dir "$TMP/u"
expect_eq "missing input: exit 7" 7 "$RC"
run_rc "$BIN" batch --doc declaration --in "$TMP/three.jsonl" --out-dir "$TMP/u" --font-dir "$TMP/nofonts"
expect_eq "fonts not found: exit 6" 6 "$RC"
check "nothing written when the fonts are missing" test -z "$(ls -A "$TMP/u" 2>/dev/null)"

# ---- JSON Lines: 30 records, default names, all clean
gen_jsonl 30 "$TMP/r30.jsonl"
gen_plain 30 "$TMP/p30.jsonl"
run_rc "$BIN" batch --doc declaration --in "$TMP/p30.jsonl" --out-dir "$TMP/o30"
expect_eq "30 records: exit 0" 0 "$RC"
expect_eq "30 records: 30 PDFs" 30 "$(count_pdfs "$TMP/o30")"
check "30 records: numbered names" test -f "$TMP/o30/000001.pdf" -a -f "$TMP/o30/000030.pdf"
check "30 records: every PDF passes qpdf --check" all_pdfs_clean "$TMP/o30"
expect_contains "summary counts" "$ERR" "30 records: 30 written, 0 failed, 0 skipped"
expect_not_contains "no escape sequences when stderr is not a terminal" "$ERR" "$ESC"
expect_not_contains "no carriage returns when stderr is not a terminal" "$ERR" $'\r'
expect_eq "files are mode 0600" 600 "$(stat -c %a "$TMP/o30/000001.pdf")"
check "no error report when all is well" test ! -e "$TMP/o30/errors.tsv"
check "no temporary files" no_temp_files "$TMP/o30"
# an id that does not name the file is an unknown field: an error, or a
# warning with --allow-unknown
run_rc "$BIN" batch --doc declaration --in "$TMP/three.jsonl" --out-dir "$TMP/o3"
expect_eq "an unknown id member: exit 1" 1 "$RC"
expect_contains "an unknown id member: reported" "$(cat "$TMP/o3/errors.tsv" 2>/dev/null)" $'1\t1\tdata\t$.id: unknown field'
run_rc "$BIN" batch --doc declaration --in "$TMP/three.jsonl" --out-dir "$TMP/o3" --allow-unknown
expect_eq "--allow-unknown: exit 0" 0 "$RC"
expect_contains "--allow-unknown: the id is a warning" "$(cat "$TMP/o3/errors.tsv" 2>/dev/null)" $'1\t1\twarning\t$.id: unknown field'
expect_contains "--allow-unknown: summary counts warnings" "$ERR" "3 warnings"

# --name-field: the id names the file and is taken out before rendering
run_rc "$BIN" batch --doc declaration --in "$TMP/r30.jsonl" --out-dir "$TMP/w1" --name-field id --workers 1
expect_eq "--name-field id, 1 worker: exit 0" 0 "$RC"
check "--name-field id: p001.pdf" test -f "$TMP/w1/p001.pdf" -a -f "$TMP/w1/p030.pdf"
expect_eq "--name-field id: 30 PDFs" 30 "$(count_pdfs "$TMP/w1")"
check "--name-field id: PDFs clean" all_pdfs_clean "$TMP/w1"
expect_contains "the PDF shows the record's address" "$(pdftotext "$TMP/w1/p017.pdf" - 2>/dev/null)" "霞が関1-2-17"
run_rc "$BIN" batch --doc declaration --in "$TMP/r30.jsonl" --out-dir "$TMP/w2" --name-field id --workers 2
expect_eq "--name-field id, 2 workers: exit 0" 0 "$RC"
expect_eq "--workers 1 and 2 give the same files" "$(ls "$TMP/w1")" "$(ls "$TMP/w2")"
expect_eq "--workers 1 and 2 give the same text" \
  "$(pdftotext "$TMP/w1/p023.pdf" - 2>/dev/null)" "$(pdftotext "$TMP/w2/p023.pdf" - 2>/dev/null)"
run_rc "$BIN" batch --doc notice --in "$TMP/r30.jsonl" --out-dir "$TMP/np" --name-pattern 'notice-{field:id}-{n}.pdf'
expect_eq "--name-pattern with a field and the number: exit 0" 0 "$RC"
check "--name-pattern names" test -f "$TMP/np/notice-p007-000007.pdf"

# standard input
run_rc bash -c "'$BIN' batch --doc declaration --in - --out-dir '$TMP/si' --name-field id < '$TMP/three.jsonl'"
expect_eq "--in - reads standard input" 0 "$RC"
expect_eq "--in -: 3 PDFs" 3 "$(count_pdfs "$TMP/si")"

# ---- CSV: BOM, CRLF, a quoted comma, a quoted line break
printf '\xef\xbb\xbfid,name,kana,birth_date,sex,address,insurance.type,insurance.insurer_name,insurance.has_valid_card,insurance.copay,filing_date,pinless\r\n' >"$TMP/c.csv"
printf 'c1,鈴木　一郎,スズキ イチロウ,19620415,1,"東京都港区芝公園1-1-1\r\nみなとハイツ203号",shaho,"協会けんぽ,東京支部",true,3,2026-11-22,false\r\n' >>"$TMP/c.csv"
printf 'c2, 佐藤　花子 ,サトウ ハナコ,1990-05-01,2,大阪府大阪市北区梅田1-1-3,kokuho,大阪市,FALSE,,,\r\n' >>"$TMP/c.csv"
printf '\r\n' >>"$TMP/c.csv"
printf 'c3,高橋　次郎,,1990-02-30,,,,,,,,\r\n' >>"$TMP/c.csv"
printf 'c4,"中村　""三郎""",,,,,,"協会""けんぽ""",,,,\r\n' >>"$TMP/c.csv"
run_rc "$BIN" batch --doc declaration --in "$TMP/c.csv" --out-dir "$TMP/co" --name-field id
expect_eq "CSV: exit 1 (c3 has a bad date)" 1 "$RC"
check "CSV: c1.pdf" test -f "$TMP/co/c1.pdf"
check "CSV: c2.pdf" test -f "$TMP/co/c2.pdf"
check "CSV: c4.pdf" test -f "$TMP/co/c4.pdf"
check "CSV: no c3.pdf" test ! -e "$TMP/co/c3.pdf"
check "CSV: PDFs clean" all_pdfs_clean "$TMP/co"
T=$(pdftotext "$TMP/co/c1.pdf" - 2>/dev/null)
expect_contains "CSV: the name" "$T" "鈴木"
# the separator is U+3000 (a full em), which pdftotext's layout mode reads as
# a column gap: the two words each
expect_contains "CSV: the kana (family name)" "$T" "スズキ"
expect_contains "CSV: the kana (given name)" "$T" "イチロウ"
expect_contains "CSV: the quoted comma" "$T" "協会けんぽ,東京支部"
expect_contains "CSV: the address before the quoted line break" "$T" "東京都港区芝公園1-1-1"
expect_contains "CSV: the address after the quoted line break" "$T" "みなとハイツ203号"
T=$(pdftotext "$TMP/co/c2.pdf" - 2>/dev/null)
expect_contains "CSV: second row" "$T" "大阪府大阪市北区梅田1-1-3"
expect_contains "CSV: doubled quotes" "$(pdftotext "$TMP/co/c4.pdf" - 2>/dev/null)" '協会"けんぽ"'
R=$(cat "$TMP/co/errors.tsv" 2>/dev/null)
expect_contains "CSV: a bad record is numbered by data row and line" "$R" $'3\t6\tdata\t$.birth_date'
run_rc "$BIN" batch --doc declaration --in "$TMP/c.csv" --out-dir "$TMP/co2" --name-field id --format csv
expect_eq "--format csv: same result" 1 "$RC"
cp "$TMP/c.csv" "$TMP/c.txt"
run_rc "$BIN" batch --doc declaration --in "$TMP/c.txt" --out-dir "$TMP/co3" --name-field id
expect_eq "CSV read as JSON Lines without --format: every record fails" 1 "$RC"
expect_eq "CSV read as JSON Lines: no PDF" 0 "$(count_pdfs "$TMP/co3")"

# rows with the wrong number of cells, after a multi-line cell
printf 'id,name,address\nk1,山田　太郎,"東京都\n千代田区"\nk2,山田　太郎\nk3,山田　太郎,東京都,余分\nk4,山田　太郎,東京都\n' >"$TMP/k.csv"
run_rc "$BIN" batch --doc declaration --in "$TMP/k.csv" --out-dir "$TMP/ko" --name-field id
expect_eq "CSV wrong cell counts: exit 1" 1 "$RC"
R=$(cat "$TMP/ko/errors.tsv" 2>/dev/null)
expect_contains "too few cells: record 2, line 4" "$R" $'2\t4\tcsv\tthe row has 2 cells, the header has 3'
expect_contains "too many cells: record 3, line 5" "$R" $'3\t5\tcsv\tthe row has 4 cells, the header has 3'
check "too few cells: no PDF" test ! -e "$TMP/ko/k2.pdf"
check "too many cells: no PDF" test ! -e "$TMP/ko/k3.pdf"
check "good rows written" test -f "$TMP/ko/k1.pdf" -a -f "$TMP/ko/k4.pdf"
expect_not_contains "CSV report quotes no value" "$R" "山田"

# fatal CSV header problems: exit 2, nothing written
: >"$TMP/empty.csv"
run_rc "$BIN" batch --doc declaration --in "$TMP/empty.csv" --out-dir "$TMP/eo"
expect_eq "empty CSV: exit 2" 2 "$RC"
expect_contains "empty CSV: no header" "$ERR" "no header row"
printf 'name,kana,name\n山田,ヤマダ,山田\n' >"$TMP/dup.csv"
run_rc "$BIN" batch --doc declaration --in "$TMP/dup.csv" --out-dir "$TMP/do"
expect_eq "repeated column: exit 2" 2 "$RC"
expect_contains "repeated column named" "$ERR" "repeats the name of column 1"
expect_eq "repeated column: no PDF" 0 "$(count_pdfs "$TMP/do")"
printf '山田　太郎,1980-01-01\n佐藤　花子,1990-01-01\n' >"$TMP/nohead.csv"
run_rc "$BIN" batch --doc declaration --in "$TMP/nohead.csv" --out-dir "$TMP/ho"
expect_eq "header-less CSV: exit 2" 2 "$RC"
expect_contains "header-less CSV: said so" "$ERR" "header row missing"
expect_not_contains "header-less CSV: the data is not quoted" "$ERR" "山田"

# the header: every card-data path of the schema is a column; anything else
# (an object, a misspelt or unknown path, a data row) stops the batch, named
# by column number; --allow-unknown passes unknown columns on as csv_column_N
python3 - "$SRC/schema/card-data.schema.json" >"$TMP/paths.txt" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
def leaves(node, prefix):
    if "$ref" in node:
        node = s["$defs"][node["$ref"].split("/")[-1]]
    props = node.get("properties")
    if not props:
        yield prefix
        return
    for k, v in props.items():
        yield from leaves(v, prefix + "." + k if prefix else k)
print("\n".join(leaves(s, "")))
PY
expect_contains "the schema has nested paths" "$(cat "$TMP/paths.txt")" "insurance.copay"
{
  paste -sd, "$TMP/paths.txt"
  python3 -c "
import sys
vals = {'name': '山田　太郎', 'birth_date': '1980-01-01', 'insurance.has_valid_card': 'true',
        'pinless': 'false', 'insurance.copay': '3', 'clinic.name': '霞が関クリニック'}
print(','.join(vals.get(p, '') for p in open(sys.argv[1]).read().split()))" "$TMP/paths.txt"
} >"$TMP/allpaths.csv"
run_rc "$BIN" batch --doc packet --in "$TMP/allpaths.csv" --out-dir "$TMP/ap"
expect_eq "every schema path is a CSV column" 0 "$RC"
expect_eq "every schema path is a CSV column: one PDF" 1 "$(count_pdfs "$TMP/ap")"
printf 'name,insurance\n山田　太郎,x\n' >"$TMP/obj.csv"
run_rc "$BIN" batch --doc declaration --in "$TMP/obj.csv" --out-dir "$TMP/ob"
expect_eq "an object is not a column: exit 2" 2 "$RC"
expect_contains "an object is not a column: named by number" "$ERR" "CSV header, column 2: not a card-data field"
printf 'name,birthdate\n山田　太郎,1980-01-01\n' >"$TMP/typo.csv"
run_rc "$BIN" batch --doc declaration --in "$TMP/typo.csv" --out-dir "$TMP/ty"
expect_eq "a misspelt column: exit 2" 2 "$RC"
expect_contains "a misspelt column: named by number" "$ERR" "column 2: not a card-data field"
expect_eq "a misspelt column: nothing written" 0 "$(count_pdfs "$TMP/ty")"
run_rc "$BIN" batch --doc declaration --in "$TMP/typo.csv" --out-dir "$TMP/ty" --verbose
expect_contains "a misspelt column, --verbose: quoted" "$ERR" 'column 2 ("birthdate")'
printf 'id,name,memo\nq1,山田　太郎,x\nq2,佐藤　花子,\n' >"$TMP/memo.csv"
run_rc "$BIN" batch --doc declaration --in "$TMP/memo.csv" --out-dir "$TMP/me" --name-field id
expect_eq "an unknown column beside a naming column: exit 2" 2 "$RC"
expect_contains "an unknown column beside a naming column: the third" "$ERR" "column 3: not a card-data field"
run_rc "$BIN" batch --doc declaration --in "$TMP/memo.csv" --out-dir "$TMP/me" --name-field id --allow-unknown
expect_eq "--allow-unknown: an unknown column warns" 0 "$RC"
expect_eq "--allow-unknown: named by the naming column" "q1.pdf q2.pdf" "$(cd "$TMP/me" && echo *.pdf)"
R=$(cat "$TMP/me/errors.tsv" 2>/dev/null)
expect_contains "--allow-unknown: the warning names the column number" "$R" $'1\t2\twarning\t$.csv_column_3: unknown field'
expect_not_contains "--allow-unknown: an empty cell is no member" "$R" $'2\t3\twarning'
run_rc "$BIN" batch --doc declaration --in "$TMP/memo.csv" --out-dir "$TMP/me2" --name-pattern 'x-{field:id}.pdf'
expect_eq "a --name-pattern field is a column too" 2 "$RC"
expect_contains "a --name-pattern field is a column too: memo still refused" "$ERR" "column 3:"
printf 'id,insurance.type\nq1,shaho\n' >"$TMP/idonly.csv"
run_rc "$BIN" batch --doc declaration --in "$TMP/idonly.csv" --out-dir "$TMP/io1" --name-pattern 'x-{field:id}.pdf'
expect_eq "a --name-pattern field is a column" 0 "$RC"
check "a --name-pattern field is a column: x-q1.pdf" test -f "$TMP/io1/x-q1.pdf"
printf 'memo,note\nx,y\n' >"$TMP/none.csv"
run_rc "$BIN" batch --doc declaration --in "$TMP/none.csv" --out-dir "$TMP/no" --allow-unknown
expect_eq "--allow-unknown, no card-data column: exit 2" 2 "$RC"
expect_contains "--allow-unknown, no card-data column: said so" "$ERR" "no column is a card-data field"
printf 'insurance,insurance.type\nx,shaho\n' >"$TMP/conf.csv"
run_rc "$BIN" batch --doc declaration --in "$TMP/conf.csv" --out-dir "$TMP/cf" --name-field insurance
expect_eq "a naming column that holds a path: exit 2" 2 "$RC"
expect_contains "a naming column that holds a path: said so" "$ERR" "columns 1 and 2 cannot both be given"

# a NUL byte in a cell: a bad record naming its column, not a cut value
printf 'id,name,address\nn1,山田　太郎,"東京都\0千代田区"\nn2,山田　太郎,東京都\n' >"$TMP/nul.csv"
run_rc "$BIN" batch --doc declaration --in "$TMP/nul.csv" --out-dir "$TMP/nu" --name-field id
expect_eq "CSV NUL byte: that record fails" 1 "$RC"
expect_contains "CSV NUL byte: record, line, column" "$(cat "$TMP/nu/errors.tsv" 2>/dev/null)" \
  $'1\t2\tdata\t$.address: contains a NUL byte (CSV column 3)'
check "CSV NUL byte: no PDF for it" test ! -e "$TMP/nu/n1.pdf"
check "CSV NUL byte: the next record is written" test -f "$TMP/nu/n2.pdf"

# ---- JSON Lines (cli/jsonl_records.c): BOM, CRLF, blank lines, a lone CR
# inside a line, no LF at the end, a NUL byte, a line over the limit
{
  printf '\xef\xbb\xbf{"id":"j1","name":"山田　太郎"}\r\n'
  printf ' \t\r\n\n'
  printf '{"id":"j2",\r"name":"山田　太郎"}\n'
  printf '{"id":"j3","name":"山田\0太郎"}\n'
  printf '{"id":"j4","name":"%s"}\r\n' "$(head -c 65600 /dev/zero | tr '\0' 'x')"
  printf '{"id":"j5","name":"山田　太郎"}'
} >"$TMP/fmt.jsonl"
run_rc "$BIN" batch --doc declaration --in "$TMP/fmt.jsonl" --out-dir "$TMP/jf" --name-field id
expect_eq "JSON Lines format: exit 1" 1 "$RC"
expect_eq "JSON Lines format: the good records" "j1.pdf j2.pdf j5.pdf" "$(cd "$TMP/jf" && echo *.pdf)"
R=$(cat "$TMP/jf/errors.tsv" 2>/dev/null)
expect_contains "JSON Lines NUL byte: record 3, line 5" "$R" $'3\t5\tdata\t$: contains a NUL byte (byte 26 of the line)'
expect_contains "JSON Lines long line: record 4, line 6" "$R" $'4\t6\tlimit\t$: record is larger than MYNA_LIMIT_DATA_BYTES'
expect_contains "JSON Lines: summary counts" "$ERR" "5 records: 3 written, 2 failed"
# the same through a pipe, read in other pieces
run_rc bash -c "cat '$TMP/fmt.jsonl' | '$BIN' batch --doc declaration --in - --out-dir '$TMP/jf2' --name-field id --errors '$TMP/jf2.tsv'"
expect_eq "JSON Lines through a pipe: same report" "$R" "$(cat "$TMP/jf2.tsv" 2>/dev/null)"

# ---- --max-records: at most N records; a regular file that is counted
# first (--merge) is refused before anything is written
gen_plain 5 "$TMP/five.jsonl"
run_rc "$BIN" batch --doc declaration --in "$TMP/five.jsonl" --out-dir "$TMP/mx" --max-records 5
expect_eq "--max-records N with N records: exit 0" 0 "$RC"
run_rc "$BIN" batch --doc declaration --in "$TMP/five.jsonl" --out-dir "$TMP/mx3" --max-records 3
expect_eq "--max-records 3 with 5 records: exit 3" 3 "$RC"
expect_contains "--max-records: the limit is named" "$ERR" "more than 3 records (--max-records)"
expect_contains "--max-records: the records before it are done" "$ERR" "3 records: 3 written"
expect_eq "--max-records: 3 PDFs" 3 "$(count_pdfs "$TMP/mx3")"
run_rc "$BIN" batch --doc declaration --in "$TMP/five.jsonl" --merge "$TMP/mx.pdf" --max-records 4
expect_eq "--max-records with --merge: exit 3" 3 "$RC"
expect_contains "--max-records with --merge: refused first" "$ERR" "5 records, more than 4 (--max-records); nothing written"
check "--max-records with --merge: no file" test ! -e "$TMP/mx.pdf"
printf 'name\n山田　太郎\n佐藤　花子\n鈴木　一郎\n' >"$TMP/three.csv"
run_rc bash -c "'$BIN' batch --doc declaration --in - --format csv --out-dir '$TMP/mxc' --max-records 2 < '$TMP/three.csv'"
expect_eq "--max-records, CSV: exit 3" 3 "$RC"
expect_eq "--max-records, CSV: 2 PDFs" 2 "$(count_pdfs "$TMP/mxc")"
for bad in 0 -1 x 1e3 99999999999999999999999; do
  run_rc "$BIN" batch --doc declaration --in "$TMP/five.jsonl" --out-dir "$TMP/mx" --max-records "$bad"
  expect_eq "--max-records $bad: usage" 2 "$RC"
done
run_rc "$BIN" batch --help
expect_contains "--max-records is documented with its default" "$OUT" "--max-records N    read at most N records (default 10000000)"

# ---- bad records: reported with record, line, field; never the value
{
  printf '{"id":"b1","name":"山田太郎","birth_date":"1989-02-30"}\n'
  printf '\n'
  printf '{"id":"b2","name":"山田太郎","birthdate":"1990-01-01"}\n'
  printf '{"id":"b3","name":"山田太郎","insurance":{"employer":"123456789018"}}\n'
  printf '{"id":"b4","name": }\n'
  printf '{"id":"g1","name":"山田太郎"}\n'
  printf '{"id":"g1","name":"佐藤花子"}\n'
  printf '{"id":"../etc","name":"山田太郎"}\n'
  printf '{"name":"山田太郎"}\n'
  printf '{"id":"123456789018","name":"山田太郎"}\n'
  printf '{"id":"g2","name":"山田太郎","address":"%s"}\n' "$(head -c 70000 /dev/zero | tr '\0' 'x')"
  printf '{"id":"g3","name":"●田太郎"}\n'
  printf '{"id":"g4","my_number":"123456789018"}\n'
} >"$TMP/bad.jsonl"
run_rc "$BIN" batch --doc declaration --in "$TMP/bad.jsonl" --out-dir "$TMP/bo" --name-field id
expect_eq "bad records: exit 1" 1 "$RC"
R=$(cat "$TMP/bo/errors.tsv" 2>/dev/null)
expect_contains "report header" "$R" $'record\tline\tstatus\tmessage'
expect_contains "bad date: record 1, line 1, field" "$R" $'1\t1\tdata\t$.birth_date'
expect_contains "unknown field: record 2, line 3 (after a blank line)" "$R" $'2\t3\tdata\t$.birthdate: unknown field'
expect_contains "My Number: record 3, line 4" "$R" $'3\t4\tmy_number\t$.insurance.employer'
expect_contains "malformed JSON: record 4, line 5, its column" "$R" $'4\t5\tdata\tcolumn'
expect_contains "duplicate name: record 6" "$R" $'6\t7\tname\t$.id: the output file name is taken by record 5'
expect_contains "unsafe name: record 7" "$R" $'7\t8\tname\t$.id: not usable as a file name'
expect_contains "missing name: record 8" "$R" $'8\t9\tname\t$.id: missing'
expect_contains "My Number as a file name: refused" "$R" $'9\t10\tmy_number\t$.id'
expect_contains "line too long: record 10, line 11" "$R" $'10\t11\tlimit\t$: record is larger than MYNA_LIMIT_DATA_BYTES'
expect_contains "a warning is reported too" "$R" $'11\t12\twarning\t$.name'
expect_contains "My Number member: record 12" "$R" $'12\t13\tmy_number\t$.my_number'
expect_eq "bad records: only the good ones are written" "g1.pdf g3.pdf" "$(cd "$TMP/bo" && echo *.pdf)"
check "no PDF named after a My Number" test ! -e "$TMP/bo/123456789018.pdf"
check "nothing written outside the directory" test ! -e "$TMP/etc.pdf"
expect_contains "summary counts failures" "$ERR" "12 records: 2 written, 10 failed, 0 skipped, 1 warning"
expect_contains "summary lists a failed record" "$ERR" "record 1, line 1: \$.birth_date"
expect_contains "summary names the report" "$ERR" "errors in $TMP/bo/errors.tsv"
for secret in 1989-02-30 123456789018 山田 佐藤 ../etc; do
  expect_not_contains "messages do not quote '$secret'" "$ERR" "$secret"
  expect_not_contains "report does not quote '$secret'" "$R" "$secret"
done
# --errors elsewhere; a clean rerun removes the stale report
run_rc "$BIN" batch --doc declaration --in "$TMP/bad.jsonl" --out-dir "$TMP/bo" --name-field id --errors "$TMP/my-errors.tsv"
check "--errors FILE is written" test -s "$TMP/my-errors.tsv"
gen_jsonl 3 "$TMP/three.jsonl"
run_rc "$BIN" batch --doc declaration --in "$TMP/three.jsonl" --out-dir "$TMP/bo" --name-field id
expect_eq "clean rerun: exit 0" 0 "$RC"
check "clean rerun removes the stale report" test ! -e "$TMP/bo/errors.tsv"

# ---- --merge: one PDF, pages in order, bad records left out
gen_plain 7 "$TMP/m7.jsonl"
printf '{"name":"山田太郎","birth_date":"1989-02-30"}\n' >>"$TMP/m7.jsonl"
gen_plain 2 "$TMP/m2.jsonl"
cat "$TMP/m2.jsonl" >>"$TMP/m7.jsonl"
run_rc "$BIN" batch --doc declaration --in "$TMP/m7.jsonl" --merge "$TMP/merged.pdf"
expect_eq "--merge with a bad record: exit 1" 1 "$RC"
expect_eq "--merge: one page a good record" 9 "$(pages "$TMP/merged.pdf")"
check "--merge: qpdf clean" qpdf --check "$TMP/merged.pdf"
R=$(cat "$TMP/merged.errors.tsv" 2>/dev/null)
expect_contains "--merge: report beside the PDF" "$R" $'8\t8\tdata\t$.birth_date'
run_rc "$BIN" batch --doc packet --in "$TMP/m7.jsonl" --merge "$TMP/packets.pdf" --errors "$TMP/packets.tsv"
expect_eq "--merge packet: exit 1" 1 "$RC"
expect_eq "--merge packet: 3 pages a good record" 27 "$(pages "$TMP/packets.pdf")"
gen_plain 5 "$TMP/m5.jsonl"
run_rc "$BIN" batch --doc notice --in "$TMP/m5.jsonl" --merge "$TMP/notices.pdf"
expect_eq "--merge all good: exit 0" 0 "$RC"
expect_eq "--merge notices: 5 pages" 5 "$(pages "$TMP/notices.pdf")"
expect_contains "--merge summary" "$ERR" "5 pages in $TMP/notices.pdf"
gen_plain 6667 "$TMP/r6667.jsonl"
run_rc "$BIN" batch --doc packet --in "$TMP/r6667.jsonl" --merge "$TMP/big.pdf"
expect_eq "--merge over $((6667 * 3)) pages: exit 2" 2 "$RC"
expect_contains "--merge over the page limit: says why" "$ERR" "use --out-dir"
check "--merge over the page limit: no file" test ! -e "$TMP/big.pdf"
run_rc "$BIN" batch --doc packet --in "$SRC/examples/patient.json" --merge "$TMP/ex.pdf" --format jsonl
expect_eq "a pretty-printed JSON file is not JSON Lines: records fail" 1 "$RC"
check "--merge with no good record writes no file" test ! -e "$TMP/ex.pdf"

# ---- --resume: finished outputs are skipped
gen_jsonl 12 "$TMP/r12.jsonl"
run_rc "$BIN" batch --doc declaration --in "$TMP/r12.jsonl" --out-dir "$TMP/ro" --name-field id
expect_eq "first run: 12 PDFs" 12 "$(count_pdfs "$TMP/ro")"
rm -f "$TMP/ro/p004.pdf" "$TMP/ro/p009.pdf"
: >"$TMP/ro/p010.pdf" # an empty file: no finished PDF, rendered again
touch -d '2000-01-01' "$TMP/ro/p011.pdf"
run_rc "$BIN" batch --doc declaration --in "$TMP/r12.jsonl" --out-dir "$TMP/ro" --name-field id --resume
expect_eq "--resume: exit 0" 0 "$RC"
expect_contains "--resume: counts" "$ERR" "12 records: 3 written, 0 failed, 9 skipped"
check "--resume: the missing ones are back" test -s "$TMP/ro/p004.pdf" -a -s "$TMP/ro/p009.pdf"
check "--resume: an empty file is rendered again" test -s "$TMP/ro/p010.pdf"
expect_eq "--resume: a finished PDF is not touched" 2000 "$(date -r "$TMP/ro/p011.pdf" +%Y)"
run_rc "$BIN" batch --doc declaration --in "$TMP/r12.jsonl" --out-dir "$TMP/ro" --name-field id
expect_contains "without --resume everything is written again" "$ERR" "12 written"
check "without --resume an existing file is replaced" test "$(date -r "$TMP/ro/p011.pdf" +%Y)" != 2000

# ---- a problem that is not about one record stops the batch: disk full
run_rc env MYNAFORM_TEST_FAIL_WRITE_AFTER=100 "$BIN" batch --doc declaration --in "$TMP/r12.jsonl" --out-dir "$TMP/df" --name-field id
expect_eq "disk full: exit 7" 7 "$RC"
expect_contains "disk full: says why" "$ERR" "No space left"
expect_eq "disk full: no PDF" 0 "$(count_pdfs "$TMP/df")"
check "disk full: no temporary files" no_temp_files "$TMP/df"

# ---- an interrupt leaves only complete PDFs, and --resume finishes the job.
# The records come through a pipe that stays open after the first 300, so the
# batch cannot finish before the signal whatever the speed of the machine.
gen_plain 600 "$TMP/r600.jsonl"
head -300 "$TMP/r600.jsonl" > "$TMP/r300.jsonl"
# wait_for_pdfs DIR: until at least one PDF is there (at most ~20 s)
wait_for_pdfs() { for _ in $(seq 200); do [ "$(count_pdfs "$1")" -gt 0 ] && return; sleep 0.1; done; }
{ cat "$TMP/r300.jsonl"; sleep 8; cat "$TMP/r600.jsonl"; } |
  "$BIN" batch --doc packet --in - --out-dir "$TMP/io" --workers 2 2>"$TMP/ierr" &
pid=$!
wait_for_pdfs "$TMP/io"
sleep 0.5
kill -INT "$pid"
wait "$pid"
RC=$?
expect_eq "SIGINT: exit 130" 130 "$RC"
expect_contains "SIGINT: the summary says so" "$(cat "$TMP/ierr")" "interrupted"
n=$(count_pdfs "$TMP/io")
check "SIGINT: stopped before the end ($n of 600)" test "$n" -le 300
check "SIGINT: every PDF left passes qpdf --check" all_pdfs_clean "$TMP/io"
check "SIGINT: no temporary files" no_temp_files "$TMP/io"
run_rc "$BIN" batch --doc packet --in "$TMP/r600.jsonl" --out-dir "$TMP/io" --resume
expect_eq "after SIGINT, --resume finishes" 0 "$RC"
expect_contains "after SIGINT, --resume skips what was done" "$ERR" "$n skipped"
expect_eq "after --resume, 600 PDFs" 600 "$(count_pdfs "$TMP/io")"
check "after --resume, every PDF passes qpdf --check" all_pdfs_clean "$TMP/io"
# SIGTERM, reading standard input
{ cat "$TMP/r300.jsonl"; sleep 8; } |
  "$BIN" batch --doc packet --in - --out-dir "$TMP/it" --workers 2 2>"$TMP/terr" &
pid=$!
wait_for_pdfs "$TMP/it"
kill -TERM "$pid"
wait "$pid"
RC=$?
expect_eq "SIGTERM: exit 130" 130 "$RC"
check "SIGTERM: every PDF left passes qpdf --check" all_pdfs_clean "$TMP/it"
check "SIGTERM: no temporary files" no_temp_files "$TMP/it"
# --merge interrupted: no file at all
{ cat "$TMP/r300.jsonl"; sleep 8; } |
  "$BIN" batch --doc packet --in - --merge "$TMP/im.pdf" 2>/dev/null &
pid=$!
sleep 1.5
kill -INT "$pid"
wait "$pid"
RC=$?
expect_eq "--merge SIGINT: exit 130" 130 "$RC"
check "--merge SIGINT: no merged file" test ! -e "$TMP/im.pdf"
check "--merge SIGINT: no temporary files" no_temp_files "$TMP"

# ---- '-' for the merged PDF and for the error report
run_rc bash -c "'$BIN' batch --doc declaration --in '$TMP/r12.jsonl' --merge - --allow-unknown --quiet > '$TMP/m-.pdf'"
expect_eq "--merge -: exit 0" 0 "$RC"
check "--merge -: a PDF on standard output" qpdf --check "$TMP/m-.pdf"
run_rc "$BIN" batch --doc declaration --in "$TMP/r12.jsonl" --merge - --errors - --quiet
expect_eq "--merge - with --errors -: usage error" 2 "$RC"

# ---- the progress bar: only on a terminal, and not with --quiet
if command -v script >/dev/null 2>&1; then
  script -qec "'$BIN' batch --doc declaration --in '$TMP/r30.jsonl' --out-dir '$TMP/tty' --name-field id" /dev/null >"$TMP/tty.out" 2>&1
  T=$(cat "$TMP/tty.out")
  expect_contains "terminal: a progress bar" "$T" "/30 records"
  expect_contains "terminal: the rate" "$T" "rec/s"
  expect_contains "terminal: the summary" "$T" "30 written"
  script -qec "'$BIN' batch --doc declaration --in '$TMP/r30.jsonl' --out-dir '$TMP/tty' --name-field id --quiet" /dev/null >"$TMP/tty.out" 2>&1
  T=$(cat "$TMP/tty.out")
  expect_not_contains "terminal, --quiet: no progress bar" "$T" "$ESC"
  expect_contains "terminal, --quiet: the summary" "$T" "30 written"
fi

finish
