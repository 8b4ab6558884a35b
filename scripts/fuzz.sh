#!/usr/bin/env bash
# fuzz.sh [SECONDS] — builds the libFuzzer targets with clang (ASan + UBSan)
# and runs each one for SECONDS (default 60), one after the other.
#
# Each target starts from its seed corpus and kept crashers
# (tests/fuzz/corpus/<t>/, tests/fuzz/regressions/<t>/), copied to a
# temporary directory: the committed corpus never grows by itself.  Prints
# executions, execs/s and coverage per target; exits non-zero if a target
# crashes, leaks, times out or runs out of memory, printing the reproducer,
# which is also copied to tests/fuzz/findings/<t>/ (ignored by git).  To keep
# one as a regression test, copy it to tests/fuzz/regressions/<t>/.
#
# Environment: FUZZ_BUILD (build directory, default build-fuzz),
# FUZZ_TARGETS (default "record template typeset csv jsonl render cache date serve card"),
# FUZZ_NICE=1 (run under nice -n 19), FUZZ_KEEP_CORPUS=DIR (keep the grown
# corpora under DIR/<t>/ instead of deleting them), FUZZ_ARGS (more
# libFuzzer flags).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SECONDS_PER=${1:-60}
BUILD=${FUZZ_BUILD:-build-fuzz}
TARGETS=${FUZZ_TARGETS:-record template typeset csv jsonl render cache date serve card}
NICE=()
if [ "${FUZZ_NICE:-0}" = 1 ]; then NICE=(nice -n 19); fi

command -v clang >/dev/null || { echo "fuzz: clang is not installed (scripts/setup.sh)" >&2; exit 2; }
echo "fuzz: building the targets with clang into $BUILD"
CC=clang CXX=clang++ cmake -S . -B "$BUILD" -DMYNAFORM_FUZZ=ON -DBUILD_TESTING=ON \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
targets=()
for t in $TARGETS; do targets+=("fuzz_$t"); done
"${NICE[@]}" cmake --build "$BUILD" -j"$(nproc)" --target "${targets[@]}" >/dev/null

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export MYNAFORM_DATA_DIR=$ROOT
# leaks and UB are failures; libFuzzer keeps the input that shows them
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

failed=0
printf '%-9s %10s %9s %7s %7s %6s  %s\n' target execs execs/s cov ft corp result
for t in $TARGETS; do
  corpus=$WORK/corpus/$t
  art=$WORK/artifacts/$t/
  mkdir -p "$corpus" "$art"
  cp tests/fuzz/corpus/"$t"/* "$corpus"/ 2>/dev/null || true
  cp tests/fuzz/regressions/"$t"/* "$corpus"/ 2>/dev/null || true
  rm -f "$corpus"/README*
  dict=()
  if [ -f tests/fuzz/dict/"$t".dict ]; then dict=(-dict="$ROOT/tests/fuzz/dict/$t.dict"); fi
  log=$WORK/$t.log
  rc=0
  # shellcheck disable=SC2086
  "${NICE[@]}" "$BUILD/tests/fuzz/fuzz_$t" "$corpus" -max_total_time="$SECONDS_PER" \
    -timeout=20 -rss_limit_mb=2560 -print_final_stats=1 -artifact_prefix="$art" \
    "${dict[@]}" ${FUZZ_ARGS:-} >"$log" 2>&1 || rc=$?
  execs=$(awk '/stat::number_of_executed_units/ {print $2}' "$log" | tail -1)
  rate=$(awk '/stat::average_exec_per_sec/ {print $2}' "$log" | tail -1)
  last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  corp=$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<<"$last")
  result=ok
  found=$(find "$art" -type f | head -1)
  if [ "$rc" -ne 0 ] || [ -n "$found" ]; then
    result="FAILED (exit $rc)"
    failed=1
  fi
  printf '%-9s %10s %9s %7s %7s %6s  %s\n' "$t" "${execs:-?}" "${rate:-?}" "${cov:-?}" \
    "${ft:-?}" "${corp:-?}" "$result"
  if [ "$result" != ok ]; then
    grep -E 'ERROR|SUMMARY|fuzz oracle|runtime error|Test unit written' "$log" | head -20 >&2 || true
    if [ -n "$found" ]; then
      mkdir -p tests/fuzz/findings/"$t"
      for f in "$art"*; do
        cp "$f" tests/fuzz/findings/"$t"/
        echo "fuzz: $t: reproducer tests/fuzz/findings/$t/$(basename "$f")" \
             "(replay: $BUILD/tests/fuzz/fuzz_$t FILE)" >&2
      done
    else
      tail -30 "$log" >&2
    fi
  fi
  if [ -n "${FUZZ_KEEP_CORPUS:-}" ]; then
    mkdir -p "$FUZZ_KEEP_CORPUS/$t"
    cp "$corpus"/* "$FUZZ_KEEP_CORPUS/$t"/ 2>/dev/null || true
    cp "$log" "$FUZZ_KEEP_CORPUS/$t.log"
  fi
done
exit $failed
