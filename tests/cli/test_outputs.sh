#!/usr/bin/env bash
# test_outputs.sh — what an output path may be, and never destroying a file
# that is not ours (the file-system findings of the hostile review of
# 2026-12-03: 2, 3, 4, 14, 15, 16, 21, 22, 24, 25).
#  - A FIFO, a character device (/dev/null, /dev/full) or a descriptor's
#    name (/dev/stdout, >(cmd)) is written into, never replaced: -o,
#    --dump-layout -o, typeset --pdf, batch --merge and --errors.
#  - The error report never replaces or removes the input, the merged PDF or
#    a record's PDF; a record never takes the report's name; only a stale
#    report of ours is removed.
#  - One file of a commit group that cannot be renamed fails its record
#    alone; the counts say what is on disk; --resume skips only finished
#    PDFs; stale temporary files of a killed run are removed; a signal to a
#    single-document command leaves no temporary file.
#  - A FIFO in the cache is a miss; two batches may make one --out-dir;
#    root makes no cache directory in another user's home; --mode 0 is 0600
#    everywhere; a 255-byte file name works; JSON Lines errors say the
#    column, not a second "line".
# The /dev cases run as root only in a private mount namespace with a tmpfs
# /dev, so the machine's /dev is never at risk (as another user /dev cannot
# be written).  Races and rename failures come from a preloaded shim.
source "$(dirname "$0")/../lib/assert.sh"
cd "$TMP" || exit 1
SIZE=$("$BIN" declaration --blank -o - | wc -c)
printf '{"name":"山田　太郎"}\n{"birth_date":"1989-02-30"}\n{"name":"鈴木　花子"}\n' >three.jsonl
complete_pdf() { head -c 5 "$1" | grep -q '%PDF-' && tail -c 7 "$1" | grep -q '%%EOF'; }

# fifo_reader FIFO OUT: copies FIFO to OUT in the background (at most 10 s:
# a writer that replaces the FIFO instead of opening it leaves it waiting)
fifo_reader() {
  timeout 10 cat "$1" >"$2" &
  READER=$!
}

# ---- FIFOs are written into, never replaced (any user)
mkfifo p1
fifo_reader p1 got1
run_rc timeout 20 "$BIN" declaration --blank -o p1
wait "$READER"
expect_eq "-o FIFO: exit 0" 0 "$RC"
check "-o FIFO: still a FIFO" test -p p1
expect_eq "-o FIFO: the reader got the whole PDF" "$SIZE" "$(wc -c <got1)"
check "-o FIFO: no temporary file" no_tmp_files .

mkfifo p2
fifo_reader p2 got2
run_rc timeout 20 "$BIN" declaration --blank --dump-layout -o p2
wait "$READER"
expect_eq "--dump-layout -o FIFO: exit 0" 0 "$RC"
check "--dump-layout -o FIFO: still a FIFO" test -p p2
expect_contains "--dump-layout -o FIFO: the reader got the layout" "$(head -c 300 got2)" "page"

mkfifo p3
fifo_reader p3 got3
run_rc timeout 20 "$BIN" typeset --width 100 --pdf p3 "吾輩は猫である。"
wait "$READER"
expect_eq "typeset --pdf FIFO: exit 0" 0 "$RC"
check "typeset --pdf FIFO: still a FIFO" test -p p3
check "typeset --pdf FIFO: the reader got a PDF" complete_pdf got3

mkfifo p4
fifo_reader p4 got4
run_rc timeout 20 "$BIN" batch --doc declaration --in three.jsonl --merge p4 -q
wait "$READER"
expect_eq "--merge FIFO: exit 1 (one bad record)" 1 "$RC"
check "--merge FIFO: still a FIFO" test -p p4
check "--merge FIFO: the reader got the merged PDF" complete_pdf got4
check "--merge FIFO: no report made beside it" test ! -e p4.errors.tsv
expect_contains "--merge FIFO: the report lines go to standard error" "$ERR" "record 2, line 2"
expect_contains "--merge FIFO: the summary" "$ERR" "2 written, 1 failed"

mkfifo p5
fifo_reader p5 got5
run_rc timeout 20 "$BIN" batch --doc declaration --in three.jsonl --out-dir o5 -q --errors p5
wait "$READER"
expect_eq "--errors FIFO: exit 1" 1 "$RC"
check "--errors FIFO: still a FIFO" test -p p5
expect_contains "--errors FIFO: the reader got the report" "$(cat got5)" $'2\t2\tdata\t$.birth_date'

# a shell's >(cmd): /dev/fd/N, a pipe
run_rc "$BIN" declaration --blank -o >(cat >ps.pdf)
wait $! 2>/dev/null
sleep 0.2 # the substituted process may still be writing
expect_eq "-o >(cmd): exit 0" 0 "$RC"
expect_eq "-o >(cmd): the command got the PDF" "$SIZE" "$(wc -c <ps.pdf)"

# a directory, a socket: refused, nothing made
mkdir adir
run_rc "$BIN" declaration --blank -o adir
expect_eq "-o DIRECTORY: exit 7" 7 "$RC"
expect_contains "-o DIRECTORY: says so" "$ERR" "Is a directory"
if command -v python3 >/dev/null; then
  python3 -c 'import socket; socket.socket(socket.AF_UNIX).bind("sock")'
  run_rc "$BIN" declaration --blank -o sock
  expect_eq "-o SOCKET: exit 7" 7 "$RC"
  check "-o SOCKET: still a socket" test -S sock
  run_rc "$BIN" batch --doc declaration --in three.jsonl --merge sock -q
  expect_eq "--merge SOCKET: exit 7 before anything is done" 7 "$RC"
  check "--merge SOCKET: still a socket" test -S sock
fi
check "refused outputs: no temporary file" no_tmp_files .

# ---- devices and /dev/stdout
dev_checks() { # dev_checks BIN DIR: writes "what result" lines to DIR/dev.out
  local B=$1 T=$2
  {
    "$B" declaration --blank -o /dev/null
    echo "null $?"
    "$B" declaration --blank -o /dev/full 2>"$T/full.err"
    echo "full $?"
    echo "stdout $("$B" declaration --blank -o /dev/stdout | wc -c)"
    echo "dump $("$B" declaration --blank --dump-layout -o /dev/stdout | grep -c page)"
    "$B" typeset --width 100 --pdf /dev/null "あいう" >/dev/null
    echo "typeset $?"
    "$B" batch --doc declaration --in "$T/three.jsonl" --out-dir "$T/dn" --errors /dev/null -q 2>/dev/null
    echo "errors $?"
    echo "merge $("$B" batch --doc declaration --in "$T/three.jsonl" --merge /dev/stdout -q 2>"$T/merge.err" | head -c 5)"
    "$B" batch --doc declaration --in "$T/three.jsonl" --merge /dev/stdout --errors - -q >/dev/null 2>&1
    echo "both $?"
    for f in null full stdout; do echo "kind $f $(stat -c %F /dev/$f)"; done
    echo "strays $(ls -A /dev | grep -c -e errors.tsv -e '^\.mynaform-')"
  } >"$T/dev.out" 2>&1
}
DEV=none
if [ "$(id -u)" != 0 ]; then
  DEV=real # /dev cannot be replaced by this user: the real one is safe
  dev_checks "$BIN" "$TMP"
elif unshare -m --propagation private true 2>/dev/null; then
  DEV=private
  unshare -m --propagation private bash -c "
    mount -t tmpfs fakedev /dev || exit 1
    for n in 'null 1 3' 'zero 1 5' 'full 1 7' 'random 1 8' 'urandom 1 9'; do
      set -- \$n; mknod -m 666 /dev/\$1 c \$2 \$3
    done
    ln -s /proc/self/fd /dev/fd; ln -s /proc/self/fd/0 /dev/stdin
    ln -s /proc/self/fd/1 /dev/stdout; ln -s /proc/self/fd/2 /dev/stderr
    $(declare -f dev_checks); dev_checks '$BIN' '$TMP'"
else
  echo "SKIP: devices (root without mount namespaces)"
fi
if [ "$DEV" != none ]; then
  R=$(cat "$TMP/dev.out")
  expect_contains "-o /dev/null: exit 0" "$R" "null 0"
  expect_contains "-o /dev/full: exit 7" "$R" "full 7"
  expect_contains "-o /dev/full: says why" "$(cat full.err)" "No space left on device"
  expect_contains "-o /dev/stdout: the PDF on standard output" "$R" "stdout $SIZE"
  expect_contains "--dump-layout -o /dev/stdout: the layout" "$R" "dump 1"
  expect_contains "typeset --pdf /dev/null: exit 0" "$R" "typeset 0"
  expect_contains "batch --errors /dev/null: exit 1 (one bad record)" "$R" "errors 1"
  expect_contains "batch --merge /dev/stdout: the PDF on standard output" "$R" "merge %PDF-"
  expect_contains "batch --merge /dev/stdout: report lines on standard error" "$(cat merge.err)" "record 2, line 2"
  expect_contains "--merge /dev/stdout --errors -: usage error" "$R" "both 2"
  expect_contains "/dev/null is still a device" "$R" "kind null character special file"
  expect_contains "/dev/full is still a device" "$R" "kind full character special file"
  expect_contains "/dev/stdout is still a link" "$R" "kind stdout symbolic link"
  [ "$DEV" = private ] && expect_contains "nothing new in /dev" "$R" "strays 0"
fi

# ---- the error report never replaces or removes what is not its own
printf '{"name":"山田"}\n{"name":"田中"}\n' >today.jsonl
cp today.jsonl today.orig
run_rc "$BIN" batch --doc declaration --in today.jsonl --out-dir o6 -q --errors today.jsonl
expect_eq "--errors naming the input: usage error" 2 "$RC"
expect_contains "--errors naming the input: says so" "$ERR" "--errors names the input file"
check "--errors naming the input: the input is kept" cmp today.jsonl today.orig
check "--errors naming the input: nothing made" test ! -e o6
cp -f today.orig today.jsonl # each case on its own, whatever the one before did
ln today.jsonl hard.jsonl
run_rc "$BIN" batch --doc declaration --in today.jsonl --out-dir o6 -q --errors hard.jsonl
expect_eq "--errors naming the input by a hard link: usage error" 2 "$RC"
cp -f today.orig today.jsonl
run_rc bash -c "'$BIN' batch --doc declaration --in - --out-dir o6 -q --errors today.jsonl < today.jsonl"
expect_eq "--errors naming the input read as standard input: usage error" 2 "$RC"
cp -f today.orig today.jsonl
run_rc "$BIN" batch --doc declaration --in today.jsonl --merge ./all.pdf -q --errors all.pdf
expect_eq "--errors naming the merged PDF: usage error" 2 "$RC"
check "--errors naming the merged PDF: nothing written" test ! -e all.pdf
cp -f today.orig today.jsonl
run_rc "$BIN" batch --doc declaration --in today.jsonl --merge today.jsonl -q
expect_eq "--merge naming the input: usage error" 2 "$RC"
check "--merge naming the input: the input is kept" cmp today.jsonl today.orig
cp -f today.orig today.jsonl
run_rc "$BIN" batch --doc declaration --in today.jsonl --out-dir o7 -q --errors o7/000002.pdf
expect_eq "--errors naming a record's PDF: usage error" 2 "$RC"
check "--errors naming a record's PDF: nothing made" test ! -e o7
# a record whose name is the report's: a bad record, the report intact
printf '{"id":"errors.tsv","name":"山田"}\n{"id":"b","name":"田中"}\n{"id":"c","birth_date":"x"}\n' >e.jsonl
run_rc "$BIN" batch --doc declaration --in e.jsonl --out-dir o8 -q --name-pattern '{field:id}'
expect_eq "a record named like the report: exit 1" 1 "$RC"
expect_contains "a record named like the report: summary" "$ERR" "3 records: 1 written, 2 failed"
expect_contains "a record named like the report: the report is the report" "$(cat o8/errors.tsv)" \
  $'1\t1\tname\tthe output file name is the error report\'s'
run_rc "$BIN" batch --doc declaration --in e.jsonl --out-dir o8 -q --name-pattern '{field:id}' --resume
expect_contains "--resume does not take the report for a PDF" "$ERR" "0 written, 2 failed, 1 skipped"
# nothing to report: only a report of ours is removed
printf '{"name":"山田"}\n{"name":"田中"}\n' >good.jsonl
echo "my notes" >notes.txt
run_rc "$BIN" batch --doc declaration --in good.jsonl --out-dir o9 -q --errors notes.txt
expect_eq "nothing to report: exit 0" 0 "$RC"
expect_eq "nothing to report: a file that is no report is left alone" "my notes" "$(cat notes.txt)"
run_rc "$BIN" batch --doc declaration --in three.jsonl --out-dir o9 -q --errors rep.tsv
check "a report is written" test -s rep.tsv
run_rc "$BIN" batch --doc declaration --in good.jsonl --out-dir o9 -q --errors rep.tsv
check "nothing to report: the stale report of ours is removed" test ! -e rep.tsv

# ---- a name taken by a directory; one rename of a group failing
printf '{"name":"a"}\n{"name":"b"}\n{"name":"c"}\n' >r.jsonl
mkdir -p o10/000002.pdf
run_rc "$BIN" batch --doc declaration --in r.jsonl --out-dir o10 -q
expect_eq "a directory at a record's name: exit 1" 1 "$RC"
expect_contains "a directory at a record's name: the record is named" "$ERR" \
  "record 2, line 2: the output file name is taken by a directory"
expect_contains "a directory at a record's name: counts" "$ERR" "3 records: 2 written, 1 failed"
check "a directory at a record's name: the others are written" complete_pdf o10/000003.pdf
check "a directory at a record's name: the directory is kept" test -d o10/000002.pdf
run_rc "$BIN" batch --doc declaration --in r.jsonl --out-dir o10 -q --resume
expect_contains "--resume: a directory is no finished PDF" "$ERR" "3 records: 0 written, 1 failed, 2 skipped"
# --resume skips only complete PDFs of ours
rm -rf o10/000002.pdf
: >o10/000001.pdf
head -c 1000 o10/000003.pdf >o10/000002.pdf
run_rc "$BIN" batch --doc declaration --in r.jsonl --out-dir o10 -q --resume
expect_contains "--resume: an empty and a torn file are rendered again" "$ERR" "3 records: 2 written, 0 failed, 1 skipped"
check "--resume: record 1 complete" complete_pdf o10/000001.pdf
check "--resume: record 2 complete" complete_pdf o10/000002.pdf

SHIM=${MYNAFORM_FS_SHIM:-}
# an ASan build checks that its runtime comes first; the shim is harmless to it
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
if [ -n "$SHIM" ] && env LD_PRELOAD="$SHIM" "$BIN" --version >/dev/null 2>&1; then
  run_rc env LD_PRELOAD="$SHIM" SHIM_RENAME_FAIL=000002.pdf \
    "$BIN" batch --doc declaration --in r.jsonl --out-dir o11 -q
  expect_eq "a failed rename: exit 7" 7 "$RC"
  expect_contains "a failed rename: the record is named" "$ERR" "record 2: cannot write its PDF: Input/output error"
  expect_contains "a failed rename: the counts say what is on disk" "$ERR" "3 records: 2 written, 1 failed"
  check "a failed rename: record 1 is there" complete_pdf o11/000001.pdf
  check "a failed rename: record 3 is there" complete_pdf o11/000003.pdf
  check "a failed rename: record 2 is not" test ! -e o11/000002.pdf
  expect_contains "a failed rename: reported" "$(cat o11/errors.tsv)" $'2\t2\twrite\tcannot write its PDF'
  check "a failed rename: no temporary file" no_tmp_files o11
  run_rc "$BIN" batch --doc declaration --in r.jsonl --out-dir o11 -q --resume
  expect_contains "after a failed rename, --resume finishes" "$ERR" "3 records: 1 written, 0 failed, 2 skipped"

  # two batches making one new --out-dir at the same moment
  run_rc env LD_PRELOAD="$SHIM" SHIM_MKDIR_FIRST=race "$BIN" batch --doc declaration --in r.jsonl --out-dir race -q
  expect_eq "--out-dir made by another batch meanwhile: exit 0" 0 "$RC"
  expect_eq "--out-dir made by another batch meanwhile: the PDFs" 3 "$(ls race | wc -l)"
else
  echo "SKIP: the file-system shim cannot be preloaded here"
fi

# ---- temporary files: stale ones of a killed run are removed; a signal to
# a single-document command leaves none
dead=$(sh -c 'echo $$')
mkdir -p o12
echo stale >o12/.mynaform-$dead-AbC123
echo live >o12/.mynaform-$$-AbC123        # this shell is running
echo other >o12/.mynaform-$dead-AbC1234   # not the pattern
mkdir o12/.mynaform-$dead-dIr123          # not a file
run_rc "$BIN" batch --doc declaration --in r.jsonl --out-dir o12 -q --resume
expect_eq "stale temporary files: the run" 0 "$RC"
check "a killed run's temporary file is removed" test ! -e o12/.mynaform-$dead-AbC123
check "a running process's temporary file is kept" test -e o12/.mynaform-$$-AbC123
check "another name is kept" test -e o12/.mynaform-$dead-AbC1234
check "a directory is kept" test -d o12/.mynaform-$dead-dIr123
if [ "$(id -u)" = 0 ]; then
  echo theirs >o12/.mynaform-$dead-ZzZ999
  chown 65534 o12/.mynaform-$dead-ZzZ999
  run_rc "$BIN" batch --doc declaration --in r.jsonl --out-dir o12 -q --resume
  check "another user's temporary file is kept" test -e o12/.mynaform-$dead-ZzZ999
fi
# in_shell CMD...: runs CMD in a shell of its own, which says "Terminated"
# into the captured standard error, not into the test's
in_shell() { bash -c '"$@"; exit $?' _ "$@"; }
for sig in 2 15; do
  mkdir s$sig
  run_rc in_shell env MYNAFORM_TEST_RAISE_IN_WRITE=$sig "$BIN" packet --blank -o s$sig/p.pdf
  expect_eq "signal $sig while writing -o: the signal ends the command" $((128 + sig)) "$RC"
  check "signal $sig while writing -o: no temporary file" no_tmp_files s$sig
  check "signal $sig while writing -o: the PDF is complete" complete_pdf s$sig/p.pdf
  run_rc in_shell env MYNAFORM_TEST_RAISE_IN_WRITE=$sig "$BIN" declaration --blank --dump-layout -o s$sig/l.txt
  expect_eq "signal $sig while writing --dump-layout: the signal ends the command" $((128 + sig)) "$RC"
  check "signal $sig while writing --dump-layout: no temporary file" no_tmp_files s$sig
  run_rc in_shell env MYNAFORM_TEST_RAISE_IN_WRITE=$sig "$BIN" typeset --width 100 --pdf s$sig/t.pdf "あいう"
  check "signal $sig while writing typeset --pdf: no temporary file" no_tmp_files s$sig
done

# ---- a FIFO in the cache is a miss, not a hang
mkdir -m 700 cache
MYNAFORM_CACHE_DIR=$TMP/cache "$BIN" declaration --blank -o c1.pdf
for f in $(ls cache | grep -e '\.idx$' -e '^static-' | head -2); do
  rm "cache/$f"
  mkfifo "cache/$f"
done
run_rc env MYNAFORM_CACHE_DIR="$TMP/cache" timeout 20 "$BIN" declaration --blank -o c2.pdf
expect_eq "a FIFO in the cache: a miss (exit 0, no hang)" 0 "$RC"
check "a FIFO in the cache: the same PDF" cmp c1.pdf c2.pdf

# ---- root with another user's HOME (sudo -E) makes no cache directory there
if [ "$(id -u)" = 0 ]; then
  mkdir -p home/user home/root
  chown 65534 home/user
  run_rc env -u XDG_CACHE_HOME -u MYNAFORM_CACHE_DIR HOME="$TMP/home/user" "$BIN" declaration --blank -o h1.pdf
  expect_eq "root with a user's HOME: exit 0" 0 "$RC"
  check "root with a user's HOME: no cache directory made there" test ! -e home/user/.cache
  check "root with a user's HOME: the same PDF" cmp c1.pdf h1.pdf
  run_rc env -u XDG_CACHE_HOME -u MYNAFORM_CACHE_DIR HOME="$TMP/home/root" "$BIN" declaration --blank -o h2.pdf
  check "root with its own HOME: the cache is made" test -d home/root/.cache/mynaform
fi

# ---- --mode: permission bits only; 0 is the default 0600 everywhere
for m in 4755 2755 1777 10000; do
  run_rc "$BIN" declaration --blank --mode $m -o m.pdf
  expect_eq "--mode $m: usage error" 2 "$RC"
done
check "--mode refused: no file" test ! -e m.pdf
"$BIN" declaration --blank --mode 0 -o m0.pdf
"$BIN" declaration --blank --dump-layout --mode 0 -o m0.txt
"$BIN" batch --doc declaration --in r.jsonl --out-dir m0 -q --mode 0
"$BIN" batch --doc declaration --in r.jsonl --merge m0m.pdf -q --mode 0
expect_eq "--mode 0 is 0600 everywhere" "600 600 600 600" \
  "$(stat -c %a m0.pdf m0.txt m0/000001.pdf m0m.pdf | tr '\n' ' ' | sed 's/ $//')"

# ---- --merge: refused as soon as the page limit is passed, from a pipe too;
# a merged PDF that is not saved counts no record as written
for ((i = 0; i < 6668; i++)); do echo '{}'; done >many.jsonl
run_rc bash -c "cat many.jsonl | '$BIN' batch --doc packet --in - --merge big.pdf -q"
expect_eq "--merge from a pipe over the page limit: usage error" 2 "$RC"
expect_contains "--merge from a pipe over the page limit: says why" "$ERR" "more than 20000 pages"
expect_contains "--merge from a pipe over the page limit: nothing rendered" "$ERR" "nothing written"
check "--merge from a pipe over the page limit: no file" test ! -e big.pdf
run_rc bash -c "cat three.jsonl | '$BIN' batch --doc declaration --in - --merge piped.pdf -q"
expect_eq "--merge from a pipe: exit 1 (one bad record)" 1 "$RC"
expect_contains "--merge from a pipe: the pages" "$ERR" "2 pages in piped.pdf"
check "--merge from a pipe: the PDF" complete_pdf piped.pdf
run_rc env MYNAFORM_TEST_FAIL_WRITE_AFTER=1000 "$BIN" batch --doc declaration --in good.jsonl --merge full.pdf -q
expect_eq "--merge on a full disk: exit 7" 7 "$RC"
expect_contains "--merge on a full disk: nothing counted as written" "$ERR" "2 records: 0 written"
expect_contains "--merge on a full disk: not written" "$ERR" "full.pdf not written"

# ---- 255-byte file names
long=$(printf 'a%.0s' {1..251}).pdf
run_rc "$BIN" declaration --blank -o "$long"
expect_eq "-o a 255-byte name: exit 0" 0 "$RC"
check "-o a 255-byte name: written" complete_pdf "$long"
run_rc "$BIN" declaration --blank --dump-layout -o "$long.txt"
expect_eq "--dump-layout -o a 255-byte name: exit 7 (256 bytes is too long)" 7 "$RC"
run_rc "$BIN" declaration --blank --dump-layout -o "${long%.pdf}.txt"
expect_eq "--dump-layout -o a 255-byte name: exit 0" 0 "$RC"
run_rc "$BIN" batch --doc declaration --in r.jsonl --out-dir long -q --name-pattern "$(printf 'b%.0s' {1..249}){n}"
expect_eq "batch: 255-byte names: exit 0" 0 "$RC"
expect_eq "batch: 255-byte names: 3 PDFs" 3 "$(ls long | wc -l)"

# ---- JSON Lines: a syntax error is placed by its column; the line is the input's
printf '{"name":"a"}\n\n{"name":"b"}\n{"name":"c"\n' >syn.jsonl
run_rc "$BIN" batch --doc declaration --in syn.jsonl --out-dir syn -q
expect_contains "JSON Lines syntax error: record, line, column" "$ERR" "record 3, line 4: column 11:"
expect_not_contains "JSON Lines syntax error: no second line" "$ERR" "line 1, column"
expect_contains "JSON Lines syntax error: the report" "$(cat syn/errors.tsv)" $'3\t4\tdata\tcolumn 11:'

finish
