#!/usr/bin/env bash
# test_vpcd.sh — reading a My Number card through the real PC/SC stack:
# pcscd + Debian's vsmartcard-vpcd virtual reader ("Virtual PCD", from
# /etc/reader.conf.d/vpcd) + the project's card emulator (vpcd_card.py, on
# Debian's /usr/bin/python3).  Runs `mynaform card` (PIN on standard input),
# pipes it into `mynaform declaration --data -`, and the service's GET and
# POST /v1/card; checks the JSON, that 𠮷 reaches the PDF, a wrong PIN's
# count-down, and that the emulator never saw EF 0001 (or any command
# outside the allowlist).
#
# The set-up (pcscd when none runs, the emulator, bounded waits, stopping
# what it started, skip or fail when pcscd cannot be started) is
# vpcd_env.sh's, shared with test_page_card.sh.
set -euo pipefail
BIN=${MYNAFORM_BIN:?}
SRC=${MYNAFORM_SOURCE_DIR:?}
# pcscd, the virtual reader and the emulator: shared with test_page_card.sh
. "$SRC/tests/card/vpcd_env.sh"
vpcd_env_init
vpcd_start_pcscd
vpcd_start_card
"$BIN" card --list-readers | grep -q "^Virtual PCD" || fail "--list-readers does not list Virtual PCD"

NAME=$CARD_NAME
WANT=$CARD_JSON

# 1. the CLI
got=$(printf '1234\n' | "$BIN" card --pin-stdin --reader "Virtual PCD" 2>"$T/err") ||
  fail "mynaform card: exit $?: $(cat "$T/err")"
[ "$got" = "$WANT" ] || fail "mynaform card printed: $got"
grep -q "tries left: 3" "$T/err" || fail "tries left not shown: $(cat "$T/err")"
grep -q "※3" "$T/err" || fail "no reminder to check the card face"
grep -q "1234" "$T/err" && fail "the PIN is on standard error"

# the output is card data by the published schema
printf '%s' "$got" >"$T/got.json"
/usr/bin/python3 - "$SRC/schema/card-data.schema.json" "$T/got.json" <<'PY' || fail "card data does not validate against schema/card-data.schema.json"
import json, sys
import jsonschema
jsonschema.Draft202012Validator(json.load(open(sys.argv[1]))).validate(json.load(open(sys.argv[2])))
PY

# -o: mode 0600
printf '1234\n' | "$BIN" card --pin-stdin --reader "Virtual PCD" -o "$T/card.json" 2>/dev/null
[ "$(stat -c %a "$T/card.json")" = 600 ] || fail "-o file not 0600"
[ "$(cat "$T/card.json")" = "$WANT" ] || fail "-o file content"

# a wrong PIN: exit 14, 2 tries left; never retried; the right one restores
set +e
printf '9999\n' | "$BIN" card --pin-stdin --reader "Virtual PCD" >"$T/out" 2>"$T/err"
rc=$?
set -e
[ "$rc" = 14 ] || fail "wrong PIN: exit $rc (want 14): $(cat "$T/err")"
grep -q "2 tries left" "$T/err" || fail "wrong PIN: tries not said: $(cat "$T/err")"
[ -s "$T/out" ] && fail "wrong PIN: something on standard output"
[ "$(grep -c '^0020008004' "$T/apdu.log")" = 3 ] || fail "VERIFY count: $(grep -c '^0020008004' "$T/apdu.log")"

# a NUL byte in the PIN line is no PIN (it cut the line to "1234", which was
# sent): exit 2, no VERIFY
n_before=$(grep -c '^0020008004' "$T/apdu.log")
set +e
printf '1234\0\n' | "$BIN" card --pin-stdin --reader "Virtual PCD" >"$T/out" 2>"$T/err"
rc=$?
set -e
[ "$rc" = 2 ] || fail "PIN with a NUL byte: exit $rc (want 2): $(cat "$T/err")"
[ -s "$T/out" ] && fail "PIN with a NUL byte: something on standard output"
[ "$(grep -c '^0020008004' "$T/apdu.log")" = "$n_before" ] || fail "PIN with a NUL byte: VERIFY sent"

# standard input that never ends a line (/dev/zero): no PIN, not a hang
set +e
timeout 20 "$BIN" card --pin-stdin --reader "Virtual PCD" </dev/zero >"$T/out" 2>"$T/err"
rc=$?
set -e
[ "$rc" = 2 ] || fail "PIN from /dev/zero: exit $rc (want 2; 124: it hung): $(cat "$T/err")"

# the PIN typed on a terminal: echo off while it is typed, and back on when
# a signal ends the program then (SIGQUIT and SIGHUP left it off)
/usr/bin/python3 - "$BIN" <<'PY' || fail "terminal echo while the PIN is typed"
import os, pty, resource, select, signal, sys, termios, time
PROMPT = "暗証番号".encode()
for name in ("SIGINT", "SIGTERM", "SIGQUIT", "SIGHUP"):
    pid, fd = pty.fork()
    if pid == 0:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # SIGQUIT: no core file
        os.execv(sys.argv[1], [sys.argv[1], "card", "--reader", "Virtual PCD"])
    out, end = b"", time.monotonic() + 20
    while PROMPT not in out and time.monotonic() < end:
        if select.select([fd], [], [], 0.2)[0]:
            out += os.read(fd, 4096)
    assert PROMPT in out, (name, "no prompt", out)
    for _ in range(100):  # the prompt is written before the echo goes off
        if not termios.tcgetattr(fd)[3] & termios.ECHO:
            break
        time.sleep(0.1)
    else:
        raise AssertionError((name, "echo on while the PIN is typed"))
    os.write(fd, b"12")
    os.kill(pid, getattr(signal, name))
    for _ in range(100):
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        time.sleep(0.1)
    else:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        raise AssertionError((name, "the program did not end"))
    assert termios.tcgetattr(fd)[3] & termios.ECHO, (name, "echo left off")
    os.close(fd)
PY

# --pin-stdin with a terminal on standard input: the PIN is typed there with
# the echo off, as without the option (it was shown as it was typed)
/usr/bin/python3 - "$BIN" <<'PY' || fail "--pin-stdin on a terminal"
import os, pty, signal, sys, termios, time
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], [sys.argv[1], "card", "--pin-stdin", "--reader", "Virtual PCD"])
try:
    for _ in range(200):
        if not termios.tcgetattr(fd)[3] & termios.ECHO:
            break
        time.sleep(0.1)
    else:
        raise AssertionError("the echo stayed on while the PIN is read")
finally:
    os.kill(pid, signal.SIGTERM)
    for _ in range(100):
        if os.waitpid(pid, os.WNOHANG)[0]:
            break
        time.sleep(0.1)
    else:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
assert termios.tcgetattr(fd)[3] & termios.ECHO, "echo left off"
PY

# Ctrl+Z while the PIN is typed, then fg, in an interactive bash: the echo is
# off again when the program goes on (bash does not restore it: the PIN was
# shown as it was typed)
HISTFILE="$T/history" /usr/bin/python3 - "$BIN" <<'PY' || fail "terminal echo after Ctrl+Z and fg"
import os, pty, select, sys, termios, time
pid, fd = pty.fork()
if pid == 0:
    os.execv("/bin/bash", ["bash", "--norc", "--noprofile", "-i"])
def read_until(want, seconds=20):
    out, end = b"", time.monotonic() + seconds
    while want not in out and time.monotonic() < end:
        if select.select([fd], [], [], 0.2)[0]:
            out += os.read(fd, 4096)
    return out
def echo():
    return bool(termios.tcgetattr(fd)[3] & termios.ECHO)
def wait_echo(on):
    for _ in range(100):
        if echo() == on:
            return True
        time.sleep(0.1)
    return False
try:
    os.write(fd, b"PS1=READY; echo GO\n")
    assert b"READY" in read_until(b"READY"), "bash did not start"
    os.write(fd, ("'%s' card --reader 'Virtual PCD'\n" % sys.argv[1]).encode())
    assert "暗証番号".encode() in read_until("暗証番号".encode()), "no prompt"
    assert wait_echo(False), "echo on while the PIN is typed"
    os.write(fd, b"\x1a")  # Ctrl+Z
    out = read_until(b"Stopped")
    assert b"Stopped" in out, "Ctrl+Z did not stop it"
    if b"READY" not in out.split(b"Stopped", 1)[1]:
        read_until(b"READY")
    os.write(fd, b"fg\n")
    read_until(b"card --reader")
    assert wait_echo(False), "echo left on after fg"
finally:
    os.kill(pid, 9)
    os.waitpid(pid, 0)
PY

# 2. composed with the renderer: 𠮷 reaches the PDF
printf '1234\n' | "$BIN" card --pin-stdin --reader "Virtual PCD" 2>/dev/null |
  "$BIN" declaration --data - -o "$T/decl.pdf"
pdftotext "$T/decl.pdf" "$T/decl.txt"
grep -q $'\xF0\xA0\xAE\xB7' "$T/decl.txt" || fail "𠮷 is not in the PDF's text"
# the render commands' --card: the same in one command
printf '1234\n' | "$BIN" packet --card "Virtual PCD" --pin-stdin -o "$T/packet.pdf" 2>"$T/err" ||
  fail "packet --card: $(cat "$T/err")"
pdftotext "$T/packet.pdf" "$T/packet.txt"
grep -q $'\xF0\xA0\xAE\xB7' "$T/packet.txt" || fail "packet --card: 𠮷 is not in the PDF"
grep -q "※3" "$T/err" || fail "packet --card: no reminder to check the card face"

# 3. the service
"$BIN" serve --listen 127.0.0.1:0 --port-file "$T/port" --threads 2 \
  --card-reader "Virtual PCD" 2>"$T/serve.log" 9>&- &
PIDS+=($!)
for _ in $(seq 100); do [ -s "$T/port" ] && break; sleep 0.1; done
[ -s "$T/port" ] || fail "the service did not start: $(cat "$T/serve.log")"
PORT=$(cat "$T/port")
U="http://127.0.0.1:$PORT"
curl -sS --max-time 20 "$U/health" | grep -q '"card_reader":true' || fail "health: card_reader"
st=$(curl -sS --max-time 20 -o "$T/get" -w '%{http_code}' "$U/v1/card")
[ "$st" = 200 ] || fail "GET /v1/card: $st $(cat "$T/get")"
/usr/bin/python3 - "$T/get" <<'PY' || fail "GET /v1/card body: $(cat "$T/get")"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["reader"].startswith("Virtual PCD") and d["card_present"] is True and d["tries_left"] == 3, d
PY
post() {
  curl -sS --max-time 20 -o "$T/post" -w '%{http_code}' -H 'Content-Type: application/json' \
    --data-binary "$1" "$U/v1/card"
}
st=$(post '{"pin":"1234"}')
[ "$st" = 200 ] || fail "POST /v1/card: $st $(cat "$T/post")"
[ "$(cat "$T/post")" = "$WANT" ] || fail "POST /v1/card body: $(cat "$T/post")"
st=$(post '{"pin":"8888"}')
[ "$st" = 403 ] || fail "POST wrong PIN: $st"
/usr/bin/python3 - "$T/post" <<'PY' || fail "wrong PIN body: $(cat "$T/post")"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["code"] == "card_pin_wrong" and d["tries_left"] == 2 and d["status"] == 403, d
PY
st=$(post '{"pin":"8888"}')
[ "$st" = 403 ] || fail "POST second wrong PIN: $st"
st=$(post '{"pin":"1234"}')
[ "$st" = 409 ] || fail "POST with one try left, unconfirmed: $st"
grep -q '"code":"card_last_try"' "$T/post" && grep -q '"tries_left":1' "$T/post" ||
  fail "last try body: $(cat "$T/post")"
st=$(post '{"pin":"1234","confirm_last_try":true}')
[ "$st" = 200 ] || fail "POST confirmed last try: $st $(cat "$T/post")"
# the CLI refuses the last try too (exit 16) without asking for the PIN
printf '0000\n' | "$BIN" card --pin-stdin --reader "Virtual PCD" >/dev/null 2>&1 || true
printf '0000\n' | "$BIN" card --pin-stdin --reader "Virtual PCD" >/dev/null 2>&1 || true
n_before=$(grep -c '^0020008004' "$T/apdu.log")
set +e
printf '1234\n' | "$BIN" card --pin-stdin --reader "Virtual PCD" >/dev/null 2>"$T/err"
rc=$?
set -e
[ "$rc" = 16 ] || fail "CLI last try: exit $rc (want 16): $(cat "$T/err")"
[ "$(grep -c '^0020008004' "$T/apdu.log")" = "$n_before" ] || fail "CLI last try sent a VERIFY"
printf '1234\n' | "$BIN" card --pin-stdin --confirm-last-try --reader "Virtual PCD" >/dev/null 2>&1 ||
  fail "CLI confirmed last try"
grep -q "1234\|8888\|$NAME" "$T/serve.log" && fail "the service log holds the PIN or the name"

# 4. the emulator saw only allowed commands, never EF 0001 / 0003 / 0014
vpcd_check_apdus
vpcd_stop_card
echo "card through pcscd + vpcd: ok"
