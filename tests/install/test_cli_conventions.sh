#!/usr/bin/env bash
# test_cli_conventions.sh — what a user expects of an installed tool:
# --help on every command (also as `mynaform help COMMAND`), --version, and
# '-' for standard input or output wherever a file is read or written.
source "$(dirname "$0")/../lib/assert.sh"
need qpdf
EX=$SRC/examples
export TMPDIR=$TMP/tmpdir # typeset --pdf - must leave nothing here
mkdir -p "$TMPDIR"

pdf_ok() { # pdf_ok DESCRIPTION FILE
  if [ -s "$2" ] && qpdf --check "$2" >/dev/null 2>&1; then ok; else fail "$1: not a good PDF"; fi
}

# ---- --version
want=$(sed -n 's/^#define MYNA_VERSION_STRING "\(.*\)"/\1/p' "$SRC/include/mynaform.h")
for v in --version -V; do
  run_rc "$BIN" $v
  expect_eq "$v exits 0" 0 "$RC"
  expect_eq "$v prints the header's version" "mynaform $want" "$OUT"
done

# ---- --help: the tool, every command it lists, `help COMMAND`
for h in --help -h help; do
  run_rc "$BIN" $h
  expect_eq "mynaform $h exits 0" 0 "$RC"
  expect_contains "mynaform $h: usage on standard output" "$OUT" "Usage: mynaform COMMAND"
  expect_eq "mynaform $h: nothing on standard error" "" "$ERR"
done
cmds=$("$BIN" --help | awk '/^Commands:/ {on = 1; next} on && /^  [a-z]/ {print $1} on && /^$/ {on = 0}')
expect_eq "the commands --help lists" \
  "declaration explanation notice packet batch typeset templates tekiyo card serve" "$(echo $cmds)"
for c in $cmds; do
  for h in --help -h; do
    run_rc "$BIN" "$c" $h
    expect_eq "$c $h exits 0" 0 "$RC"
    expect_contains "$c $h: usage" "$OUT" "Usage: mynaform $c"
    expect_eq "$c $h: nothing on standard error" "" "$ERR"
  done
  help_text=$OUT
  run_rc "$BIN" help "$c"
  expect_eq "help $c exits 0" 0 "$RC"
  expect_eq "help $c = $c --help" "$help_text" "$OUT"
  run_rc "$BIN" "$c" --data-dir "$TMP/none" --help
  expect_eq "$c: --help wins over other options" 0 "$RC"
done
run_rc "$BIN" help frobnicate
expect_eq "help of an unknown command: exit 2" 2 "$RC"
run_rc "$BIN" help declaration notice
expect_eq "help of two commands: exit 2" 2 "$RC"

# ---- render commands: --data -, --clinic -, -o -
"$BIN" declaration --data - -o - <"$EX/patient.json" >"$TMP/d.pdf" 2>"$TMP/err"
RC=$?
expect_eq "declaration --data - -o -: exit 0 $(cat "$TMP/err")" 0 "$RC"
pdf_ok "declaration --data - -o -" "$TMP/d.pdf"
"$BIN" notice --clinic - -o "$TMP/n.pdf" <"$EX/clinic.json" 2>"$TMP/err"
RC=$?
expect_eq "notice --clinic -: exit 0 $(cat "$TMP/err")" 0 "$RC"
pdf_ok "notice --clinic -" "$TMP/n.pdf"
run_rc "$BIN" notice --data - --clinic - -o "$TMP/x.pdf" </dev/null
expect_eq "--data - with --clinic -: usage error" 2 "$RC"
expect_contains "--data - with --clinic -: says why" "$ERR" "standard input"
for c in explanation packet; do
  "$BIN" $c --blank -o - >"$TMP/$c.pdf" 2>"$TMP/err"
  RC=$?
  expect_eq "$c -o -: exit 0 $(cat "$TMP/err")" 0 "$RC"
  pdf_ok "$c -o -" "$TMP/$c.pdf"
done

# --dump-layout: to -o FILE (atomically, mode 0600), or to standard output
run_rc "$BIN" declaration --data "$EX/patient.json" --dump-layout
expect_eq "--dump-layout: exit 0" 0 "$RC"
dump=$OUT
run_rc "$BIN" declaration --data "$EX/patient.json" --dump-layout -o -
expect_eq "--dump-layout -o - = standard output" "$dump" "$OUT"
run_rc "$BIN" declaration --data "$EX/patient.json" --dump-layout -o "$TMP/layout.txt"
expect_eq "--dump-layout -o FILE: exit 0" 0 "$RC"
expect_eq "--dump-layout -o FILE: nothing on standard output" "" "$OUT"
expect_eq "--dump-layout -o FILE: the same dump" "$dump" "$(cat "$TMP/layout.txt")"
expect_eq "--dump-layout -o FILE: mode 0600" 600 "$(stat -c %a "$TMP/layout.txt")"
run_rc "$BIN" declaration --blank --dump-layout -o "$TMP/layout2.txt" --mode 0640
expect_eq "--dump-layout --mode" 640 "$(stat -c %a "$TMP/layout2.txt")"
run_rc "$BIN" declaration --blank --dump-layout -o "$TMP/no/such/dir/layout.txt"
expect_eq "--dump-layout to a missing directory: exit 7" 7 "$RC"
# the path may be named after the patient: named by role, by path with --verbose
expect_contains "--dump-layout to a missing directory: says which file" "$ERR" "output file: cannot create"
expect_not_contains "--dump-layout to a missing directory: no path" "$ERR" "layout.txt"
run_rc "$BIN" declaration --blank --dump-layout --verbose -o "$TMP/no/such/dir/layout.txt"
expect_contains "--dump-layout to a missing directory, --verbose: says where" "$ERR" "layout.txt"

# ---- typeset: TEXT or '-' (standard input), --pdf FILE or '-'
run_rc "$BIN" typeset --width 100 "吾輩は猫である。"
arg_json=$OUT
run_rc bash -c "printf '吾輩は猫である。\n' | '$BIN' typeset --width 100 -"
expect_eq "typeset - reads standard input (less its line break)" "$arg_json" "$OUT"
run_rc bash -c "printf '吾輩は猫である。' | '$BIN' typeset --width 100"
expect_eq "typeset without TEXT reads standard input" "$arg_json" "$OUT"
run_rc "$BIN" typeset --width 100 --pdf "$TMP/ts.pdf" "吾輩は猫である。"
expect_eq "typeset --pdf FILE: JSON on standard output" "$arg_json" "$OUT"
pdf_ok "typeset --pdf FILE" "$TMP/ts.pdf"
"$BIN" typeset --width 100 --pdf - "吾輩は猫である。" >"$TMP/ts-out.pdf" 2>"$TMP/ts-err"
RC=$?
expect_eq "typeset --pdf -: exit 0" 0 "$RC"
pdf_ok "typeset --pdf -: the PDF on standard output" "$TMP/ts-out.pdf"
expect_eq "typeset --pdf -: the JSON on standard error" "$arg_json" "$(cat "$TMP/ts-err")"
expect_eq "typeset --pdf -: no temporary file left" "" "$(ls -A "$TMPDIR")"
"$BIN" typeset --width 40 --max-lines 1 --pdf - "東京都千代田区霞が関一丁目二番二号" >"$TMP/ts-fail.pdf" 2>"$TMP/ts-err"
RC=$?
expect_eq "typeset --pdf - that does not fit: exit 3" 3 "$RC"
expect_eq "typeset --pdf - that does not fit: nothing on standard output" 0 "$(stat -c %s "$TMP/ts-fail.pdf")"
expect_contains "typeset --pdf - that does not fit: the error object" "$(cat "$TMP/ts-err")" '"ok":false'
expect_eq "typeset --pdf - that does not fit: no temporary file left" "" "$(ls -A "$TMPDIR")"

# ---- batch: --in - (standard input)
printf '%s\n' '{"name":"山田太郎"}' '{"name":"佐藤花子"}' >"$TMP/two.jsonl"
"$BIN" batch --doc declaration --in - --merge "$TMP/merged.pdf" -q <"$TMP/two.jsonl" 2>"$TMP/err"
RC=$?
expect_eq "batch --in -: exit 0 $(cat "$TMP/err")" 0 "$RC"
pdf_ok "batch --in - --merge" "$TMP/merged.pdf"

finish
