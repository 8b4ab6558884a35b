#!/usr/bin/env bash
# compare.sh [BUILD] — sets paragraphs.txt with mynaform (BUILD/bench/bench_para,
# default build/) and with LuaLaTeX + luatexja at 30, 35 and 40 em, BIZ UD
# Mincho 10.5 pt, and prints the comparison table (summary.py).  Needs
# lualatex with luatexja (Debian: texlive-luatex texlive-lang-japanese
# texlive-latex-recommended).  A benchmark, not a test: run it by hand.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${1:-$ROOT/build}
command -v lualatex >/dev/null || { echo "lualatex not installed (see README.md)" >&2; exit 1; }
[ -x "$BUILD/bench/bench_para" ] || { echo "build bench_para first: cmake --build $BUILD --target bench_para" >&2; exit 1; }
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
"$BUILD/bench/bench_para" --em 30,35,40 "$HERE/paragraphs.txt" > "$OUT/mynaform.jsonl"
cp "$HERE/compare.tex" "$HERE/ltjcmp.lua" "$OUT/"
(cd "$OUT" && LTJCMP_FONTS="$ROOT/fonts" LTJCMP_IN="$HERE/paragraphs.txt" \
   LTJCMP_OUT="$OUT/luatexja.jsonl" lualatex -interaction=nonstopmode -halt-on-error \
   compare.tex > "$OUT/lualatex.log" 2>&1) || { tail -30 "$OUT/lualatex.log" >&2; exit 1; }
python3 "$HERE/summary.py" mynaform="$OUT/mynaform.jsonl" luatexja="$OUT/luatexja.jsonl"
if [ -n "${KEEP:-}" ]; then cp "$OUT"/*.jsonl "$KEEP"/; fi
