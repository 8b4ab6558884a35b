#!/usr/bin/env bash
# check_symbols.sh LIB — every symbol the shared library exports starts with
# myna_, and the main entry points are there.
set -u
lib=$1
syms=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBRVW]$/ {print $3}' | sed 's/@.*//' | sort -u)
bad=$(printf '%s\n' "$syms" | grep -v '^myna_' | grep -v '^$' || true)
n=$(printf '%s\n' "$syms" | grep -c '^myna_')
fail=0
if [ -n "$bad" ]; then echo "symbols without the myna_ prefix:"; echo "$bad"; fail=1; fi
for s in myna_ctx_open myna_render_file myna_render_memory myna_typeset myna_pdf_add; do
  printf '%s\n' "$syms" | grep -qx "$s" || { echo "missing export: $s"; fail=1; }
done
echo "$n myna_ symbols exported"
if [ $fail = 0 ]; then echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; fi
exit $fail
