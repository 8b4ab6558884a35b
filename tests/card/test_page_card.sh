#!/usr/bin/env bash
# test_page_card.sh — the staff page's カード読取 through real components,
# end to end: pcscd + Debian's vsmartcard-vpcd + the card emulator
# (vpcd_env.sh, shared with test_vpcd.sh), `mynaform serve --card-reader
# "Virtual PCD"` on loopback, and Debian's chromium driving the real page
# (tests/browser/test_card_page.js: the dialog's tries, the PIN typed, the
# fields filled from the chip, the ※3 reminders, 𠮷 and 葛󠄀 in the preview
# PDF, a wrong PIN's tries left).  Then: the emulator saw only the
# allowlist (never EF 0001 / 0003 / 0014), exactly the two VERIFYs the page
# sent, and the service's log has nothing of the PINs, the name or the
# address.  Screenshots go to $1 (default: a temporary directory).
set -euo pipefail
BIN=${MYNAFORM_BIN:?}
SRC=${MYNAFORM_SOURCE_DIR:?}
OUT=${1:-}
. "$SRC/tests/card/vpcd_env.sh"
vpcd_env_init
[ -n "$OUT" ] || OUT=$T/screenshots
command -v node >/dev/null || fail "node is missing (scripts/setup.sh)"
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || fail "chromium is missing (scripts/setup.sh)"
[ -d "$SRC/tests/browser/node_modules/playwright-core" ] ||
  fail "tests/browser/node_modules is missing: run scripts/setup.sh (npm ci there)"

PIN=4071
WRONG=5820
vpcd_start_pcscd
vpcd_start_card --pin "$PIN"

"$BIN" serve --listen 127.0.0.1:0 --port-file "$T/port" --threads 2 \
  --card-reader "Virtual PCD" 2>"$T/serve.log" 9>&- &
SERVE=$!
PIDS+=($SERVE)
for _ in $(seq 100); do
  [ -s "$T/port" ] && break
  kill -0 "$SERVE" 2>/dev/null || break
  sleep 0.1
done
[ -s "$T/port" ] || fail "the service did not start: $(cat "$T/serve.log")"
U="http://127.0.0.1:$(cat "$T/port")"

CARD_PIN=$PIN CARD_WRONG_PIN=$WRONG CARD_NAME=$CARD_NAME CARD_ADDRESS=$CARD_ADDRESS \
  timeout -k 5 90 node "$SRC/tests/browser/test_card_page.js" "$U" "$OUT" 9>&- ||
  fail "the page's card read (test_card_page.js)"

# the card: the allowlist only; the page's right and wrong PIN, nothing more
vpcd_check_apdus
n=$(grep -c '^0020008004' "$T/apdu.log" || true)
[ "$n" = 2 ] || fail "VERIFY with a PIN: $n (want 2: the right one, the wrong one)"
vpcd_stop_card

# the service's log: the request lines' form only, none of the PINs, the
# name or the address (numbers such as sizes and times aside)
kill "$SERVE"
for _ in $(seq 100); do kill -0 "$SERVE" 2>/dev/null || break; sleep 0.1; done
/usr/bin/python3 - "$T/serve.log" "$PIN" "$WRONG" "$CARD_NAME" "$CARD_ADDRESS" <<'PY' ||
import re, sys
log = open(sys.argv[1], encoding="utf-8", errors="replace").read()
pins, name, address = sys.argv[2:4], sys.argv[4], sys.argv[5]
req = re.compile(r"^\S+ req=\d+ (GET|HEAD|POST) (\S+) \d{3} \d+ [0-9.]+ms$")
lines = [l for l in log.splitlines() if " req=" in l]
assert len(lines) >= 5, "too few request lines: %d" % len(lines)
for l in lines:
    m = req.match(l)
    assert m, "not a request line's form: " + l
    assert m.group(2) in ("/", "/app.css", "/app.js", "/health", "/v1/card",
                          "/v1/render/{doc}", "-"), "route: " + m.group(2)
rest = "\n".join(l for l in log.splitlines() if " req=" not in l)
for s in pins:
    assert s not in rest, "a PIN in the log"
for s in (name, address, name[:2], "葛", "立石", "19890107"):
    assert s not in log, "card data in the log"
PY
  fail "the service's log: $(cat "$T/serve.log")"
echo "the staff page reads the card through pcscd + vpcd: ok (screenshots in $OUT)"
