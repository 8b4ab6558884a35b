#!/usr/bin/env bash
# test_card.sh — `mynaform card` without a card: the PIN is never taken from
# the command line (and never echoed), usage errors, and no reader (exit 10)
# whether pcscd runs or not.  The reads themselves: tests/unit/test_card.c
# (fake card) and tests/card/test_vpcd.sh (pcscd + vpcd).
source "$(dirname "$0")/../lib/assert.sh"
export MYNAFORM_CACHE_DIR=off

for a in "--pin 4729" "--pin=4729" "--pin"; do
  run_rc "$BIN" card $a
  expect_eq "card $a: usage error" 2 "$RC"
  expect_not_contains "card $a: the PIN is not echoed" "$ERR" "4729"
done
run_rc "$BIN" card --pin 4729
expect_contains "card --pin: says why" "$ERR" "never taken from the command line"
run_rc "$BIN" card 4729
expect_eq "card with a stray argument: usage error" 2 "$RC"
expect_not_contains "card with a stray argument: not echoed" "$ERR" "4729"
run_rc "$BIN" card --reader
expect_eq "card --reader without a name: usage error" 2 "$RC"
run_rc "$BIN" card -o
expect_eq "card -o without a file: usage error" 2 "$RC"

# a reader that is not there: exit 10, nothing on standard output, no PIN asked
run_rc bash -c "printf '4729\n' | '$BIN' card --pin-stdin --reader 'No Such Reader 4729'"
expect_eq "card: no such reader: exit 10" 10 "$RC"
expect_eq "card: no such reader: nothing on standard output" "" "$OUT"
expect_contains "card: no such reader: says so" "$ERR" "card reader:"
expect_not_contains "card: no such reader: not quoted" "$ERR" "No Such Reader"
run_rc "$BIN" card --pin-stdin --reader 'No Such Reader' -o "$TMP/card.json"
expect_eq "card -o: no such reader: exit 10" 10 "$RC"
check "card -o: no file written on failure" test ! -e "$TMP/card.json"
# the render commands' --card
run_rc "$BIN" declaration --card auto --data "$SRC/examples/patient.json" -o "$TMP/d.pdf"
expect_eq "declaration --card with --data: usage error" 2 "$RC"
run_rc "$BIN" declaration --card auto --blank -o "$TMP/d.pdf"
expect_eq "declaration --card with --blank: usage error" 2 "$RC"
run_rc "$BIN" declaration --pin-stdin --data "$SRC/examples/patient.json" -o "$TMP/d.pdf"
expect_eq "declaration --pin-stdin without --card: usage error" 2 "$RC"
run_rc "$BIN" packet --card auto --pin 4729 -o "$TMP/d.pdf"
expect_eq "packet --pin: usage error" 2 "$RC"
expect_not_contains "packet --pin: not echoed" "$ERR" "4729"
run_rc bash -c "printf '4729\n' | '$BIN' packet --card 'No Such Reader' --pin-stdin -o '$TMP/p.pdf'"
expect_eq "packet --card without the reader: exit 10" 10 "$RC"
check "packet --card without the reader: no PDF" test ! -e "$TMP/p.pdf"
finish
