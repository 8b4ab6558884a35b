# assert.sh — tiny assertion helpers for the shell tests.  Each test file
# sources it, calls ok/fail through the helpers, and ends with `finish`,
# which prints "N passed, N failed" and sets the exit status.
set -u
PASSED=0
FAILED=0
BIN=${MYNAFORM_BIN:?MYNAFORM_BIN must point at the mynaform binary}
SRC=${MYNAFORM_SOURCE_DIR:?MYNAFORM_SOURCE_DIR must point at the source tree}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

ok() { PASSED=$((PASSED + 1)); }
fail() { FAILED=$((FAILED + 1)); echo "FAIL: $*" >&2; }

# check DESCRIPTION COMMAND... : passes when the command succeeds
check() {
  local d=$1
  shift
  if "$@" >/dev/null 2>&1; then ok; else fail "$d"; fi
}
# expect_eq DESCRIPTION EXPECTED ACTUAL
expect_eq() {
  if [ "$2" == "$3" ]; then ok; else fail "$1: expected [$2], got [$3]"; fi
}
# expect_contains DESCRIPTION HAYSTACK NEEDLE
expect_contains() {
  case "$2" in *"$3"*) ok ;; *) fail "$1: [$3] not found in [${2:0:400}]" ;; esac
}
expect_not_contains() {
  case "$2" in *"$3"*) fail "$1: [$3] must not appear" ;; *) ok ;; esac
}
# run_rc COMMAND...: runs, stores stdout in OUT, stderr in ERR, status in RC
run_rc() {
  "$@" >"$TMP/out" 2>"$TMP/err"
  RC=$?
  OUT=$(cat "$TMP/out")
  ERR=$(cat "$TMP/err")
}
# no_tmp_files DIR: no temporary file of mynaform (.mynaform-PID-XXXXXX, the
# one name every writer of the library and the tool uses) in DIR
no_tmp_files() { ! ls -A "$1" | grep -q '^\.mynaform-'; }
# skip WHY: a test that cannot run here is skipped (exit 77), except under CI
# (CI=true), where scripts/setup.sh installed everything: there it fails.
skip() {
  if [ "${CI:-}" = true ]; then echo "FAIL: $* (CI=true: scripts/setup.sh installs it)"; exit 1; fi
  echo "SKIP: $*"
  exit 77
}
need() {
  command -v "$1" >/dev/null 2>&1 || skip "$1 not installed"
}
finish() {
  echo "$PASSED passed, $FAILED failed"
  [ "$FAILED" -eq 0 ]
}
