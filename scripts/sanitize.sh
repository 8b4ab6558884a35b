#!/usr/bin/env bash
# sanitize.sh [CTEST ARGS] — builds mynaform with AddressSanitizer and
# UndefinedBehaviorSanitizer (-DCMAKE_BUILD_TYPE=Asan) into build-asan/ and
# runs the whole ctest suite with it.  The shell tests call the sanitized
# mynaform binary, and the fuzz replays (tests/fuzz/replay.cmake) feed every
# seed and kept crasher to the sanitized library.
#
# Every sanitizer report is written to a log file (log_path), so a report
# from a child process whose exit status a test does not look at still
# fails the run; the reports are printed at the end.  Leaks count.
#
# Environment: ASAN_BUILD (build directory, default build-asan), CC/CXX.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${ASAN_BUILD:-build-asan}
echo "sanitize: building with ASan + UBSan into $BUILD"
# The flags come from the Asan build type (CMakeLists.txt); the check below
# makes sure the build really is sanitized.
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Asan >/dev/null
cmake --build "$BUILD" -j"$(nproc)" >/dev/null
# a sanitizer build that is not one would pass everything
for bin in "$BUILD/cli/mynaform" "$BUILD/tests/replay_render"; do
  if ! nm "$bin" 2>/dev/null | grep -q __asan_init && ! ldd "$bin" | grep -q libasan; then
    echo "sanitize: $bin is not built with AddressSanitizer" >&2
    exit 1
  fi
done

LOGS=$(mktemp -d)
trap 'rm -rf "$LOGS"' EXIT
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:exitcode=86:log_path=$LOGS/asan:strict_string_checks=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:exitcode=87:log_path=$LOGS/ubsan"
export LSAN_OPTIONS="exitcode=88"

rc=0
(cd "$BUILD" && ctest --output-on-failure -j"$(nproc)" "$@") || rc=$?

reports=$(find "$LOGS" -type f | sort)
if [ -n "$reports" ]; then
  echo "sanitize: sanitizer reports:" >&2
  for f in $reports; do
    echo "---- $(basename "$f")" >&2
    cat "$f" >&2
  done
  rc=1
fi
if [ "$rc" -eq 0 ]; then echo "sanitize: all tests passed under ASan + UBSan, no reports"; fi
exit $rc
