#!/usr/bin/env bash
# serve_bench.sh — the HTTP service against the library in the same run
# (issue #12 item 7).  Not a test: run by hand on a quiet machine.
#
#   bench/serve_bench.sh [SECONDS] [ROUNDS]
#
# Starts `mynaform serve --threads 2` on 127.0.0.1 (port 0), drives it with
# wrk (Debian's wrk 4.1: 2 threads, 8 connections, keep-alive) POSTing
# examples/patient.json to /v1/render/declaration for SECONDS (default 10),
# ROUNDS times (default 1), printing the service's RSS after each round;
# the same declaration is rendered in process on 2 threads
# (build/bench/bench_render declaration N examples/patient.json 2) for about
# as long just before and just after, and the mean of the two is the
# library's rate (the machine's load drifts).  Prints throughput, latency percentiles, errors, peak RSS and the
# ratio.  ROUNDS × SECONDS × rate = requests; about 1,000,000 for the leak
# check (e.g. 8 rounds of 60 s at ~2,200 req/s on a quiet machine).
# WRK_THREADS (default 2) sets wrk's threads (1 was slower here).
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-10}
ROUNDS=${2:-1}
BUILD=${BUILD:-build}
BIN=$BUILD/cli/mynaform
BODY=${BENCH_BODY:-examples/patient.json}
command -v wrk >/dev/null || { echo "serve_bench: wrk is not installed (apt-get install wrk)"; exit 1; }
[ -x "$BIN" ] && [ -x "$BUILD/bench/bench_render" ] || { echo "serve_bench: build first (cmake --build $BUILD)"; exit 1; }
export MYNAFORM_DATA_DIR=${MYNAFORM_DATA_DIR:-$PWD}
TMP=$(mktemp -d)
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT

"$BIN" serve --listen 127.0.0.1:0 --port-file "$TMP/port" --threads 2 --no-access-log \
  2>"$TMP/log" &
PID=$!
for _ in $(seq 100); do [ -s "$TMP/port" ] && break; sleep 0.1; done
PORT=$(cat "$TMP/port")
URL=http://127.0.0.1:$PORT/v1/render/declaration
rss() { awk '/^VmRSS/ {r=$2} /^VmHWM/ {h=$2} END {printf "RSS %.1f MB (peak %.1f MB)", r/1024, h/1024}' /proc/$PID/status; }
# warm up every worker's context
BENCH_BODY=$BODY wrk -t2 -c8 -d2s -s bench/serve_post.lua "$URL" >/dev/null
echo "after warm-up: $(rss)"
# the library in process, 2 threads: N documents a thread
lib_rate() {
  local out
  out=$("$BUILD/bench/bench_render" declaration "$1" "$BODY" 2)
  echo "$out" >&2
  echo "$out" | sed -E 's/.*: ([0-9]+) docs\/s.*/\1/'
}
n=$((SECS * 300))
lib_before=$(lib_rate "$n")
total=0
for r in $(seq "$ROUNDS"); do
  BENCH_BODY=$BODY wrk -t"${WRK_THREADS:-2}" -c8 -d"${SECS}s" --latency -s bench/serve_post.lua "$URL" >"$TMP/wrk"
  req=$(awk '/requests in/ {print $1}' "$TMP/wrk")
  total=$((total + req))
  if [ "$r" = 1 ] || [ "$r" = "$ROUNDS" ]; then cat "$TMP/wrk"; fi
  echo "round $r: $req requests, total $total, $(rss)"
done
http_rate=$(awk '/^Requests\/sec/ {print $2}' "$TMP/wrk")
errors=$(awk '/Non-2xx|Socket errors/ {print}' "$TMP/wrk")
lib_after=$(lib_rate "$n")
lib_rate=$(( (lib_before + lib_after) / 2 ))
awk -v h="$http_rate" -v l="$lib_rate" \
  'BEGIN {printf "service %.0f req/s, library %.0f docs/s on 2 threads: %.1f %%\n", h, l, 100 * h / l}'
echo "errors: ${errors:-none}"
