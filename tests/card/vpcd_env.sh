# vpcd_env.sh — sourced (bash) by the tests that read the card through the
# real PC/SC stack: tests/card/test_vpcd.sh (the CLI and the API) and
# tests/card/test_page_card.sh (the staff page in chromium).  It sets up
# pcscd + Debian's vsmartcard-vpcd virtual reader ("Virtual PCD", from
# /etc/reader.conf.d/vpcd) + the project's card emulator (vpcd_card.py, on
# Debian's /usr/bin/python3).
#
# The caller sets BIN (mynaform) and SRC (the source tree) and calls:
#   vpcd_env_init       a temporary directory $T, the EXIT trap that stops
#                       every process in PIDS (append yours), the checks
#                       that the packages are there
#   vpcd_start_pcscd    pcscd: ours (as root: `pcscd -f`) when none answers
#   vpcd_start_card [ARGS]  the emulator (extra options: --pin …), logging
#                       every APDU to $T/apdu.log; waits until pcscd sees
#                       the card in "Virtual PCD"; its pid is EMU
#   vpcd_check_apdus    no command outside the allowlist reached the card,
#                       EF 0001 / 0003 / 0014 never selected
#   vpcd_stop_card      ends the emulator; fails if it saw a forbidden
#                       command (its exit status)
# Every wait is bounded.  vpcd listens on all interfaces (0.0.0.0:35963):
# test use only, and one test at a time (the ctest tests share the
# RESOURCE_LOCK vpcd).  When pcscd cannot be started the test fails under
# CI (CI=true) and is skipped (exit 77) otherwise.

# the card's four items as vpcd_card.py serves them by default
CARD_NAME=$'\xF0\xA0\xAE\xB7\xE7\x94\xB0\xE3\x80\x80\xE8\x91\x9B\xF3\xA0\x84\x80\xE5\xAD\x90' # 𠮷田　葛󠄀子
CARD_ADDRESS='東京都葛飾区立石五丁目１３番１号'
CARD_JSON="{\"name\":\"$CARD_NAME\",\"address\":\"$CARD_ADDRESS\",\"birth_date\":\"19890107\",\"sex\":\"2\"}"

fail() {
  echo "FAIL: $*" >&2
  exit 1
}
skip_or_fail() {
  if [ "${CI:-}" = true ]; then fail "$* (CI=true: the card test must run)"; fi
  echo "SKIP: $*" >&2
  exit 77
}

vpcd_cleanup() {
  local p
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do
    for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$p" 2>/dev/null || true
  done
  rm -rf "$T"
}

vpcd_env_init() {
  # one test on the virtual reader at a time on this machine, also across
  # build trees and checkouts (ctest's RESOURCE_LOCK covers one ctest run):
  # vpcd takes one card on its port, and a second emulator or pcscd would
  # answer another test's commands.  The lock goes with the shell.
  exec 9>>"${TMPDIR:-/tmp}/mynaform-vpcd.lock"
  flock -w 90 9 || fail "another test holds the virtual reader (${TMPDIR:-/tmp}/mynaform-vpcd.lock) for 90 s"
  T=$(mktemp -d)
  PIDS=()
  trap vpcd_cleanup EXIT
  # a command that fails under set -e says where (not silently exit 1)
  trap 'echo "FAIL: ${0##*/}:$LINENO: a command failed (exit $?)" >&2' ERR
  export MYNAFORM_CACHE_DIR=off
  PCSCD=$(command -v pcscd || echo /usr/sbin/pcscd)
  [ -x "$PCSCD" ] || skip_or_fail "pcscd is not installed (scripts/setup.sh)"
  [ -f /etc/reader.conf.d/vpcd ] || skip_or_fail "vsmartcard-vpcd is not installed (scripts/setup.sh)"
  [ -x /usr/bin/python3 ] || skip_or_fail "/usr/bin/python3 is missing"
}

vpcd_start_pcscd() {
  "$BIN" card --list-readers >/dev/null 2>&1 && return 0
  [ "$(id -u)" = 0 ] || skip_or_fail "pcscd is not running and we are not root to start it"
  "$PCSCD" -f >"$T/pcscd.log" 2>&1 9>&- &
  PIDS+=($!)
  for _ in $(seq 100); do
    "$BIN" card --list-readers >/dev/null 2>&1 && break
    kill -0 "${PIDS[-1]}" 2>/dev/null || break
    sleep 0.1
  done
  "$BIN" card --list-readers >/dev/null 2>&1 || {
    cat "$T/pcscd.log" >&2
    skip_or_fail "pcscd could not be started"
  }
}

vpcd_start_card() {
  /usr/bin/python3 "$SRC/tests/card/vpcd_card.py" --log "$T/apdu.log" "$@" >"$T/emu.log" 2>&1 9>&- &
  EMU=$!
  PIDS+=($EMU)
  # the reader with the card in it: this emulator connected (its log says
  # so) and pcscd saw the card (an empty PIN on standard input: `mynaform
  # card` says the tries left, then refuses the PIN without sending it)
  local out=
  for _ in $(seq 200); do
    if grep -q CONNECTED "$T/apdu.log" 2>/dev/null; then
      out=$(printf '' | "$BIN" card --pin-stdin --reader "Virtual PCD" 2>&1 || true)
      case "$out" in *"tries left"*) break ;; esac
    fi
    kill -0 "$EMU" 2>/dev/null || break
    sleep 0.1
  done
  grep -q CONNECTED "$T/apdu.log" 2>/dev/null || {
    cat "$T/emu.log" >&2
    fail "the emulator did not connect to vpcd"
  }
  case "$out" in *"tries left"*) ;; *) fail "pcscd does not see the card in Virtual PCD: $out" ;; esac
}

vpcd_check_apdus() {
  grep -q FORBIDDEN "$T/apdu.log" && fail "a forbidden command reached the card: $(grep FORBIDDEN "$T/apdu.log")"
  grep -qi '^00A402..020001' "$T/apdu.log" && fail "EF 0001 (個人番号) was selected"
  grep -qi '^00A402..020003' "$T/apdu.log" && fail "EF 0003 was selected"
  grep -qi '^00A402..020014' "$T/apdu.log" && fail "EF 0014 (PIN-A) was selected"
  return 0
}

vpcd_stop_card() {
  kill "$EMU"
  local rc
  set +e
  wait "$EMU"
  rc=$?
  set -e
  [ "$rc" = 0 ] || fail "the emulator ended with $rc: $(cat "$T/emu.log")"
}
