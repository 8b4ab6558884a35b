#!/usr/bin/env bash
# ours.sh RECORDS.jsonl OUTDIR — mynaform in the peer benchmark's OURS slot:
# adapt the records to the card-data contract and render them all with one
# `mynaform batch` process (all cores), into OUTDIR/<id>.pdf.
# Set BUILD to the build directory (default: build/ of the source tree).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
BUILD=${BUILD:-$HERE/../../build}
"$BUILD/bench/peers_adapt" < "$1" |
  "$BUILD/cli/mynaform" batch --doc declaration --in - --format jsonl \
    --template-dir "$HERE/templates" --out-dir "$2" --name-field id --quiet \
    ${WORKERS:+--workers $WORKERS}
