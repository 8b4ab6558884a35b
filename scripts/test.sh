#!/usr/bin/env bash
# test.sh — sets up the machine, builds mynaform and runs the whole test
# suite under ctest.  (The README's second command; .ci/run calls it.)
# With CI=true or MYNAFORM_FULL=1 it then runs the suite again under ASan +
# UBSan and each fuzz target for a minute (a clean clone: 9 min 17 s in all on 2 cores).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
BUILD=${BUILD:-build}
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo} >/dev/null
cmake --build "$BUILD" -j"$(nproc)"
(cd "$BUILD" && ctest --output-on-failure -j"$(nproc)" "$@")

# CI (CI=true) or MYNAFORM_FULL=1: also the whole suite under ASan + UBSan
# and every fuzz target for 60 s (scripts/sanitize.sh, scripts/fuzz.sh).
if [ "${CI:-}" = true ] || [ "${MYNAFORM_FULL:-}" = 1 ]; then
  scripts/sanitize.sh
  scripts/fuzz.sh "${MYNAFORM_FUZZ_SECONDS:-60}"
fi
