#!/usr/bin/env bash
# test_print.sh — --print hands the PDF to CUPS's lp.  A stub lp on PATH
# records its arguments and standard input: this checks the invocation (A4,
# actual size, the printer, a job title that is the document's name, the
# same bytes as -o writes) and the errors (lp missing, lp failing, a bad
# printer name), not CUPS itself — no print queue is set up here.
source "$(dirname "$0")/../lib/assert.sh"
EX=$SRC/examples
export MYNAFORM_CACHE_DIR=off
STUB=$TMP/stub
mkdir -p "$STUB"
cat >"$STUB/lp" <<'SH'
#!/bin/sh
printf '%s\n' "$@" >"$LP_LOG.args"
cat >"$LP_LOG.stdin"
[ -n "${LP_FAIL:-}" ] && { echo "lp: The printer or class does not exist." >&2; exit 1; }
exit 0
SH
chmod +x "$STUB/lp"
export LP_LOG=$TMP/lp
args() { tr '\n' ' ' <"$LP_LOG.args"; }

"$BIN" declaration --data "$EX/patient.json" -o "$TMP/ref.pdf"

# ---- the default destination
run_rc env PATH="$STUB:$PATH" "$BIN" declaration --data "$EX/patient.json" --print
expect_eq "--print: exit 0" 0 "$RC"
expect_eq "--print: lp's arguments (A4, actual size, title = the document)" \
  "-t declaration -o media=A4 -o print-scaling=none " "$(args)"
check "--print: lp reads the same PDF as -o writes" cmp "$TMP/ref.pdf" "$LP_LOG.stdin"
expect_not_contains "--print: no patient data in lp's arguments" "$(args)" "吉田"

# ---- a named printer, and -o at the same time
rm -f "$LP_LOG".*
run_rc env PATH="$STUB:$PATH" "$BIN" notice --print Reception_1 -o "$TMP/notice.pdf"
expect_eq "--print PRINTER -o FILE: exit 0" 0 "$RC"
expect_eq "--print PRINTER: lp -d PRINTER" "-d Reception_1 -t notice -o media=A4 -o print-scaling=none " "$(args)"
check "--print PRINTER -o FILE: the file and the job are the same PDF" cmp "$TMP/notice.pdf" "$LP_LOG.stdin"
expect_eq "--print -o FILE: the file keeps mode 0600" 600 "$(stat -c %a "$TMP/notice.pdf")"

# ---- --pdfa goes through too
rm -f "$LP_LOG".*
run_rc env PATH="$STUB:$PATH" "$BIN" declaration --blank --pdfa --print
expect_eq "--pdfa --print: exit 0" 0 "$RC"
check "--pdfa --print: lp gets the PDF/A file" grep -q GTS_PDFA1 "$LP_LOG.stdin"

# ---- errors
rm -f "$LP_LOG".*
run_rc env PATH="$TMP/nothing-here" "$BIN" declaration --blank --print
expect_eq "lp missing: exit 7" 7 "$RC"
expect_contains "lp missing: said, with the package" "$ERR" "lp not found on PATH"
expect_contains "lp missing: names cups-client" "$ERR" "cups-client"
run_rc env PATH="$STUB:$PATH" LP_FAIL=1 "$BIN" declaration --blank --print NoSuchQueue
expect_eq "lp fails: exit 7" 7 "$RC"
expect_contains "lp fails: said" "$ERR" "lp failed (exit status 1"
expect_contains "lp fails: lp's own message is shown" "$ERR" "does not exist"
rm -f "$LP_LOG".*
run_rc env PATH="$STUB:$PATH" "$BIN" declaration --blank --print 'bad/queue'
expect_eq "a printer name with '/': exit 2" 2 "$RC"
expect_not_contains "the bad name is not echoed" "$ERR" "bad/queue"
run_rc env PATH="$STUB:$PATH" "$BIN" declaration --blank --print --dump-layout
expect_eq "--print with --dump-layout: exit 2" 2 "$RC"
run_rc env PATH="$STUB:$PATH" "$BIN" declaration --blank --print -o -
expect_eq "--print with -o -: exit 2" 2 "$RC"
printf '{"birth_date":"1989-13-40"}' >"$TMP/bad.json"
run_rc env PATH="$STUB:$PATH" "$BIN" declaration --data "$TMP/bad.json" --print
expect_eq "bad data with --print: exit 3" 3 "$RC"
check "bad data: lp is never run" test ! -e "$LP_LOG.args"
finish
