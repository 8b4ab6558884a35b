#!/usr/bin/env bash
# check_header.sh INCLUDE_DIR CC CXX — the public header, alone, compiles
# cleanly (-pedantic -Wall -Wextra -Werror and more) as C89, C99, C11 and C17
# and as C++98, C++11, C++17 and C++20, with CC and CXX and with clang where
# installed; it may be included twice; and every macro it defines starts with
# MYNA_ or MYNAFORM_.
set -u
INC=${1:?include dir}
CC=${2:-cc}
CXX=${3:-c++}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
passed=0
failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }

printf '#include "mynaform.h"\n#include "mynaform.h"\nint main(void) { return myna_version() ? 0 : 1; }\n' >"$TMP/t.c"
cp "$TMP/t.c" "$TMP/t.cpp"
WARN=(-pedantic-errors -Wall -Wextra -Werror -Wshadow -Wundef -Wcast-qual -Wconversion
  -Wsign-conversion -Wredundant-decls)
CWARN=(-Wstrict-prototypes -Wmissing-prototypes -Wold-style-definition -Wc++-compat)

compilers_c=("$CC")
compilers_cxx=("$CXX")
if command -v clang >/dev/null 2>&1 && [ "$(basename "$CC")" != clang ]; then compilers_c+=(clang); fi
if command -v clang++ >/dev/null 2>&1 && [ "$(basename "$CXX")" != clang++ ]; then compilers_cxx+=(clang++); fi

for cc in "${compilers_c[@]}"; do
  for std in c89 c99 c11 c17; do
    if "$cc" -std=$std "${WARN[@]}" "${CWARN[@]}" -I"$INC" -fsyntax-only "$TMP/t.c" 2>"$TMP/err"; then ok
    else bad "$cc -std=$std: $(cat "$TMP/err")"; fi
  done
done
for cxx in "${compilers_cxx[@]}"; do
  for std in c++98 c++11 c++17 c++20; do
    if "$cxx" -std=$std "${WARN[@]}" -Wold-style-cast -Wzero-as-null-pointer-constant \
      -I"$INC" -fsyntax-only "$TMP/t.cpp" 2>"$TMP/err"; then ok
    else bad "$cxx -std=$std: $(cat "$TMP/err")"; fi
  done
done

# macros: those of mynaform.h minus those of an empty file
printf '#include <stddef.h>\n' >"$TMP/base.c"
printf '#include <stddef.h>\n#include "mynaform.h"\n' >"$TMP/hdr.c"
"$CC" -dM -E "$TMP/base.c" | awk '{print $2}' | sed 's/(.*//' | sort -u >"$TMP/base.m"
"$CC" -dM -E -I"$INC" "$TMP/hdr.c" | awk '{print $2}' | sed 's/(.*//' | sort -u >"$TMP/hdr.m"
extra=$(comm -13 "$TMP/base.m" "$TMP/hdr.m" | grep -vE '^(MYNA_|MYNAFORM_)' || true)
if [ -z "$extra" ]; then ok; else bad "macros without the MYNA_/MYNAFORM_ prefix: $extra"; fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
