#!/usr/bin/env bash
# render-samples.sh BIN OUTDIR — renders the sample documents with BIN.
set -euo pipefail
BIN=${1:?usage: render-samples.sh BIN OUTDIR}
OUT=${2:?usage: render-samples.sh BIN OUTDIR}
cd "$(dirname "$0")/.."
mkdir -p "$OUT"
"$BIN" typeset --font mincho --size 10.5 --width-mm 170 --hang-marker \
  --pdf "$OUT/specimen.pdf" < examples/specimen.txt > "$OUT/specimen.json"
"$BIN" declaration --blank -o "$OUT/declaration-blank.pdf"
"$BIN" declaration --data examples/patient.json -o "$OUT/declaration-filled.pdf"
"$BIN" explanation -o "$OUT/explanation.pdf"
"$BIN" notice --clinic examples/clinic.json -o "$OUT/notice.pdf"
"$BIN" notice --pinless --clinic examples/clinic.json -o "$OUT/notice-pinless.pdf"
"$BIN" packet --data examples/patient.json --clinic examples/clinic.json -o "$OUT/packet.pdf"
echo "samples written to $OUT:"
ls -l "$OUT"
