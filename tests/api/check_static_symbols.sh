#!/usr/bin/env bash
# check_static_symbols.sh LIBMYNAFORM.A — a program linking the static library
# sees the public API (myna_*) and internal functions named mf_*, nothing
# else: no global symbol that could clash with a clinic system's own.
set -u
lib=$1
syms=$(nm -g --defined-only "$lib" 2>/dev/null | awk 'NF == 3 && $2 ~ /^[TDBRVWGS]$/ {print $3}' | sort -u)
# (__odr_asan.* are AddressSanitizer's one-definition-rule markers of the
# globals, in the Asan build only)
bad=$(printf '%s\n' "$syms" | grep -vE '^(myna_|mf_|__odr_asan\.(myna_|mf_))' | grep -v '^$' || true)
fail=0
if [ -z "$syms" ]; then echo "no symbols found in $lib"; fail=1; fi
if [ -n "$bad" ]; then echo "global symbols without the myna_ or mf_ prefix:"; echo "$bad"; fail=1; fi
printf '%s\n' "$syms" | grep -qx myna_ctx_open || { echo "missing: myna_ctx_open"; fail=1; }
echo "$(printf '%s\n' "$syms" | grep -c .) global symbols in $(basename "$lib")"
if [ $fail = 0 ]; then echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; fi
exit $fail
