#!/usr/bin/env bash
# test_faults.sh — output files under failure: a full disk (a real 64 KiB
# tmpfs, and an injected ENOSPC), no free inodes, a read-only file system.
# Whatever fails, no file or partial file appears at the target, no
# temporary file is left, an existing file of the same name is untouched;
# files are created with mode 0600 whatever the umask, or --mode.
#
# The tmpfs part needs to mount: as root, or in a user namespace
# (unshare -rm).  Without either, the injected-failure part still runs and
# the test ends with 77 (skipped) if it passed.
if [ "$(id -u)" != 0 ] && [ -z "${FAULTS_IN_NS:-}" ] &&
   command -v unshare >/dev/null && unshare -rm true 2>/dev/null; then
  FAULTS_IN_NS=1 exec unshare -rm bash "$0" "$@"
fi
source "$(dirname "$0")/../lib/assert.sh"
EX=$SRC/examples
MNT=$TMP/small
MOUNTED=0
trap '[ "$MOUNTED" = 1 ] && umount "$MNT" 2>/dev/null; rm -rf "$TMP"' EXIT

# no_trace DESCRIPTION DIR NAME: no NAME and no temporary file in DIR
no_trace() {
  check "$1: no output file" test ! -e "$2/$3"
  check "$1: no temporary file" no_tmp_files "$2"
}

# ---------------------------------------------------- injected ENOSPC
size=$("$BIN" declaration --blank -o - | wc -c)
for after in 0 1 4096 $((size - 1)); do
  run_rc env MYNAFORM_TEST_FAIL_WRITE_AFTER=$after "$BIN" declaration --blank -o "$TMP/inj.pdf"
  expect_eq "ENOSPC after $after bytes: exit 7" 7 "$RC"
  expect_contains "ENOSPC after $after bytes: says so" "$ERR" "No space left on device"
  no_trace "ENOSPC after $after bytes" "$TMP" inj.pdf
done
run_rc env MYNAFORM_TEST_FAIL_WRITE_AFTER=$size "$BIN" declaration --blank -o "$TMP/inj.pdf"
expect_eq "ENOSPC just after the last byte: written" 0 "$RC"
rm -f "$TMP/inj.pdf"
printf 'OLD' >"$TMP/keep.pdf"
run_rc env MYNAFORM_TEST_FAIL_WRITE_AFTER=1000 "$BIN" packet --data "$EX/patient.json" -o "$TMP/keep.pdf"
expect_eq "ENOSPC over an existing file: exit 7" 7 "$RC"
expect_eq "ENOSPC over an existing file: the old file is untouched" OLD "$(cat "$TMP/keep.pdf")"
run_rc env MYNAFORM_TEST_FAIL_WRITE_AFTER=1000 "$BIN" typeset --width 100 --pdf "$TMP/ts.pdf" "吾輩は猫である。"
expect_eq "typeset --pdf with ENOSPC: exit 7" 7 "$RC"
no_trace "typeset --pdf with ENOSPC" "$TMP" ts.pdf
printf '{"name":"山田　太郎"}\n{"name":"鈴木　花子"}\n' >"$TMP/two.jsonl"
run_rc env MYNAFORM_TEST_FAIL_WRITE_AFTER=1000 "$BIN" batch --doc declaration --in "$TMP/two.jsonl" \
  --merge "$TMP/merged.pdf" -q
expect_eq "batch --merge with ENOSPC: exit 7" 7 "$RC"
no_trace "batch --merge with ENOSPC" "$TMP" merged.pdf
run_rc env MYNAFORM_TEST_FAIL_WRITE_AFTER=1000 "$BIN" batch --doc declaration --in "$TMP/two.jsonl" \
  --out-dir "$TMP/bo" -q
expect_eq "batch --out-dir with ENOSPC: exit 7" 7 "$RC"
check "batch --out-dir with ENOSPC: no PDF" bash -c "! ls '$TMP/bo' | grep -q 'pdf'"

# ---------------------------------------------------- modes
(umask 000 && "$BIN" declaration --blank -o "$TMP/mode.pdf")
expect_eq "mode 0600 by default, whatever the umask" 600 "$(stat -c %a "$TMP/mode.pdf")"
(umask 077 && "$BIN" declaration --blank --mode 0644 -o "$TMP/mode2.pdf")
expect_eq "--mode 0644 is applied exactly, whatever the umask" 644 "$(stat -c %a "$TMP/mode2.pdf")"
chmod 0644 "$TMP/mode.pdf"
"$BIN" declaration --blank -o "$TMP/mode.pdf"
expect_eq "a replaced file gets 0600 again" 600 "$(stat -c %a "$TMP/mode.pdf")"
(umask 000 && "$BIN" batch --doc declaration --in "$TMP/two.jsonl" --out-dir "$TMP/bm" -q 2>/dev/null)
expect_eq "batch PDFs are 0600" "600 600" "$(stat -c %a "$TMP"/bm/*.pdf | tr '\n' ' ' | sed 's/ $//')"

# ---------------------------------------------------- a real small disk
if ! mkdir -p "$MNT" || ! mount -t tmpfs -o size=64k,mode=0755 tmpfs "$MNT" 2>/dev/null; then
  echo "SKIP: cannot mount a tmpfs here (not root, no user namespaces); injected failures only"
  finish || exit 1
  exit 77
fi
MOUNTED=1
used() { df --output=used -k "$MNT" | tail -1 | tr -d ' '; }
base=$(used)

run_rc "$BIN" packet --data "$EX/patient.json" -o "$MNT/packet.pdf"
expect_eq "full disk (packet > 64 KiB): exit 7" 7 "$RC"
expect_contains "full disk: says so" "$ERR" "No space left on device"
no_trace "full disk" "$MNT" packet.pdf
expect_eq "full disk: the space is given back" "$base" "$(used)"

run_rc "$BIN" declaration --blank -o "$MNT/blank.pdf"
expect_eq "a PDF that fits is written" 0 "$RC"
check "the PDF that fits is whole" bash -c "tail -c 10 '$MNT/blank.pdf' | grep -q '%%EOF'"
run_rc "$BIN" declaration --data "$EX/patient.json" -o "$MNT/blank.pdf"
expect_eq "replacing a file on a disk too full for both: exit 7" 7 "$RC"
check "the old file is untouched" bash -c "tail -c 10 '$MNT/blank.pdf' | grep -q '%%EOF'"
check "no temporary file is left" no_tmp_files "$MNT"
rm -f "$MNT/blank.pdf"

run_rc "$BIN" typeset --width 100 --pdf "$MNT/ts.pdf" "$(cat "$EX/specimen.txt")"
if [ "$RC" -ne 0 ]; then
  expect_eq "typeset --pdf on a full disk: exit 7" 7 "$RC"
  no_trace "typeset --pdf on a full disk" "$MNT" ts.pdf
fi
rm -f "$MNT/ts.pdf"

run_rc "$BIN" batch --doc packet --in "$TMP/two.jsonl" --out-dir "$MNT/out" -q
expect_eq "batch --out-dir on a full disk: exit 7" 7 "$RC"
check "batch --out-dir on a full disk: no PDF" bash -c "! ls -A '$MNT/out' | grep -q 'pdf'"
rm -rf "$MNT/out"
run_rc "$BIN" batch --doc packet --in "$TMP/two.jsonl" --merge "$MNT/merged.pdf" \
  --errors "$TMP/merged.errors.tsv" -q
expect_eq "batch --merge on a full disk: exit 7" 7 "$RC"
no_trace "batch --merge on a full disk" "$MNT" merged.pdf
expect_eq "batch on a full disk: the space is given back" "$base" "$(used)"

# no free inode: creating the temporary file fails
umount "$MNT"
mount -t tmpfs -o size=1m,nr_inodes=2 tmpfs "$MNT"
touch "$MNT/a" 2>/dev/null
run_rc "$BIN" declaration --blank -o "$MNT/inode.pdf"
expect_eq "no free inode: exit 7" 7 "$RC"
expect_contains "no free inode: cannot create" "$ERR" "cannot create"
no_trace "no free inode" "$MNT" inode.pdf

# a read-only file system
umount "$MNT"
mount -t tmpfs -o size=1m,ro tmpfs "$MNT"
run_rc "$BIN" declaration --blank -o "$MNT/ro.pdf"
expect_eq "read-only file system: exit 7" 7 "$RC"
expect_contains "read-only file system: says so" "$ERR" "Read-only file system"
umount "$MNT"
MOUNTED=0

finish
