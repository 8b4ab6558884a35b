#!/usr/bin/env bash
# build.sh — sets up the machine, builds mynaform and renders the sample
# documents into out/samples/.  (The README's first command.)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
BUILD=${BUILD:-build}
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo} >/dev/null
cmake --build "$BUILD" -j"$(nproc)"
scripts/render-samples.sh "$BUILD/cli/mynaform" out/samples
