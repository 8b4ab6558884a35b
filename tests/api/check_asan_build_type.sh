#!/usr/bin/env bash
# check_asan_build_type.sh CMAKE SOURCE_DIR C_COMPILER CXX_COMPILER — a fresh
# configure with -DCMAKE_BUILD_TYPE=Asan compiles and links with
# -fsanitize=address,undefined (CMake's empty cache entries for the build
# type used to win over the flags CMakeLists.txt sets), and a value given
# with -D is kept.  Configures only: nothing is built.
set -u
cmake=$1 src=$2 cc=$3 cxx=$4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }

conf() { # conf DIR [CMAKE ARGS]: a fresh configure, no tests
  local dir=$1
  shift
  "$cmake" -S "$src" -B "$dir" -DCMAKE_BUILD_TYPE=Asan -DBUILD_TESTING=OFF \
    -DCMAKE_EXPORT_COMPILE_COMMANDS=ON -DCMAKE_C_COMPILER="$cc" \
    -DCMAKE_CXX_COMPILER="$cxx" "$@" >"$dir.log" 2>&1
}
cache() { sed -n "s/^$2:STRING=//p" "$1/CMakeCache.txt"; }

if ! conf "$tmp/a"; then
  cat "$tmp/a.log"
  echo "0 passed, 1 failed"
  exit 1
fi
# every compile of the library, from compile_commands.json
cmds=$(grep '"command"' "$tmp/a/compile_commands.json" | grep '/src/')
n=$(printf '%s\n' "$cmds" | grep -c .)
nsan=$(printf '%s\n' "$cmds" | grep -c -- '-fsanitize=address,undefined')
if [ "$n" -gt 0 ] && [ "$n" = "$nsan" ]; then ok; else
  bad "Asan: $nsan of $n library compile commands have -fsanitize=address,undefined"
fi
for v in CMAKE_C_FLAGS_ASAN CMAKE_CXX_FLAGS_ASAN; do
  case "$(cache "$tmp/a" $v)" in
    *-fsanitize=address,undefined*-fno-sanitize-recover=undefined*) ok ;;
    *) bad "Asan: $v is [$(cache "$tmp/a" $v)]" ;;
  esac
done
for v in CMAKE_EXE_LINKER_FLAGS_ASAN CMAKE_SHARED_LINKER_FLAGS_ASAN CMAKE_MODULE_LINKER_FLAGS_ASAN; do
  case "$(cache "$tmp/a" $v)" in
    *-fsanitize=address,undefined*) ok ;;
    *) bad "Asan: $v is [$(cache "$tmp/a" $v)]" ;;
  esac
done

# a value given on the command line is the user's: kept
if conf "$tmp/b" -DCMAKE_C_FLAGS_ASAN="-O0 -fsanitize=address"; then
  v=$(cache "$tmp/b" CMAKE_C_FLAGS_ASAN)
  if [ "$v" = "-O0 -fsanitize=address" ]; then ok; else bad "-DCMAKE_C_FLAGS_ASAN not kept: [$v]"; fi
else
  bad "configure with -DCMAKE_C_FLAGS_ASAN failed"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
