#!/usr/bin/env bash
# test_install.sh BUILD_DIR SOURCE_DIR [C_COMPILER [BUILD_TYPE]] — mynaform
# installed as a clinic-system vendor or a user would install it:
#   - `cmake --install --prefix` puts the tool, both libraries, the headers,
#     the pkg-config file, the CMake package, the data and the man page;
#   - a program outside the tree builds against it with pkg-config (shared,
#     then static with --static) and with find_package (shared, static), and
#     renders a declaration (checked with qpdf);
#   - the tree still works after it is moved (relocatable): the tool, also
#     through a symbolic link, the shared library and the CMake package; the
#     tool run from the build directory uses the source tree;
#   - DESTDIR staging.
# No MYNAFORM_* variable is set while the installed tree is used.
source "$(dirname "$0")/../lib/assert.sh"
BUILD=$(cd "${1:?build dir}" && pwd)
SOURCE=$(cd "${2:?source dir}" && pwd)
CC=${3:-${CC:-cc}}
BUILD_TYPE=${4:-}
HERE=$SOURCE/tests/install
need qpdf
need pkg-config
need cmake
need "$CC"
unset MYNAFORM_DATA_DIR MYNAFORM_FONT_DIR MYNAFORM_TEMPLATE_DIR
unset PKG_CONFIG_PATH PKG_CONFIG_LIBDIR

# An ASan build installs instrumented libraries: consumers need the runtime.
SAN=()
shopt -s nocasematch
[[ $BUILD_TYPE == asan ]] && SAN=(-fsanitize=address,undefined)
shopt -u nocasematch
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}

pdf_ok() { # pdf_ok DESCRIPTION FILE: a PDF that qpdf finds no fault in
  if [ -s "$2" ] && qpdf --check "$2" >"$TMP/qpdf.out" 2>&1 &&
    grep -q "No syntax or stream encoding errors" "$TMP/qpdf.out"; then
    ok
  else
    fail "$1: $2 is not a good PDF: $(head -c 300 "$TMP/qpdf.out" 2>/dev/null)"
  fi
}

# ---- cmake --install into a temporary prefix (outside the build tree)
PREFIX=$TMP/prefix
run_rc cmake --install "$BUILD" --prefix "$PREFIX"
expect_eq "cmake --install exits 0" 0 "$RC"
[ "$RC" = 0 ] || { echo "$ERR" >&2; finish; exit; }
PC=$(find "$PREFIX" -name mynaform.pc -path '*/pkgconfig/*' | head -1)
check "mynaform.pc installed" test -f "$PC"
LIBDIR=$(dirname "$(dirname "$PC")")
version=$("$PREFIX/bin/mynaform" --version)
VERSION=${version#mynaform }
for f in bin/mynaform include/mynaform.h include/mynaform_export.h \
  share/man/man1/mynaform.1 \
  share/mynaform/templates/README.md \
  share/mynaform/templates/declaration-2023.json \
  share/mynaform/templates/explanation-2023.json \
  share/mynaform/templates/notice-2023.json \
  share/mynaform/templates/notice-pinless-2024.json \
  share/mynaform/fonts/BIZUDMincho-Regular.ttf \
  share/mynaform/fonts/BIZUDGothic-Regular.ttf \
  share/mynaform/fonts/BIZUDGothic-Bold.ttf \
  share/mynaform/fonts/OFL.txt \
  share/mynaform/fonts/IPA_Font_License_Agreement_v1.0.txt \
  share/mynaform/fonts/README.md \
  share/mynaform/data/tekiyo-labels.json \
  share/doc/mynaform/README.md share/doc/mynaform/doc/card-data.md \
  share/doc/mynaform/doc/card-reading.md \
  share/doc/mynaform/schema/card-data.schema.json \
  share/doc/mynaform/schema/clinic.schema.json; do
  check "installed: $f" test -f "$PREFIX/$f"
done
for f in libmynaform.a libmynaform.so "libmynaform.so.${VERSION%%.*}" "libmynaform.so.$VERSION" \
  cmake/mynaform/mynaformConfig.cmake cmake/mynaform/mynaformConfigVersion.cmake \
  cmake/mynaform/mynaformTargets.cmake cmake/mynaform/mynaformStaticTargets.cmake; do
  check "installed: <libdir>/$f" test -e "$LIBDIR/$f"
done
check "the tool is executable" test -x "$PREFIX/bin/mynaform"
check "IPAmj Mincho is not bundled" test ! -e "$PREFIX/share/mynaform/fonts/ipamjm.ttf"
check "the installed header compiles as C" \
  "$CC" -std=c99 -pedantic -Wall -Wextra -Werror -fsyntax-only -x c -I"$PREFIX/include" \
  - <<<'#include <mynaform.h>'
run_rc bash "$SOURCE/tests/api/check_symbols.sh" "$LIBDIR/libmynaform.so"
expect_eq "installed shared library exports only myna_*: $OUT" 0 "$RC"

# ---- pkg-config
export PKG_CONFIG_PATH=$LIBDIR/pkgconfig
expect_eq "pkg-config --modversion" "$VERSION" "$(pkg-config --modversion mynaform)"
expect_eq "pkg-config prefix is the install prefix" "$PREFIX" "$(pkg-config --variable=prefix mynaform)"
DATADIR=$(pkg-config --variable=pkgdatadir mynaform)
check "pkg-config pkgdatadir holds the templates" test -d "$DATADIR/templates"
run_rc pkg-config --print-requires-private mynaform
for dep in harfbuzz harfbuzz-subset freetype2 libqrencode jansson libdeflate zlib; do
  expect_contains "Requires.private names $dep" "$OUT" "$dep"
done
expect_contains "Libs.private names libharu" "$(pkg-config --static --libs mynaform)" "-lhpdf"
expect_not_contains "shared link needs only -lmynaform" "$(pkg-config --libs mynaform)" "-lhpdf"

CONSUMER=$HERE/consumer/consumer.c
# shellcheck disable=SC2046
run_rc "$CC" -std=c99 -pedantic -Wall -Wextra -Werror "${SAN[@]}" "$CONSUMER" -o "$TMP/c-pc" \
  $(pkg-config --cflags --libs mynaform)
expect_eq "pkg-config: consumer builds${ERR:+: $ERR}" 0 "$RC"
run_rc env LD_LIBRARY_PATH="$LIBDIR" "$TMP/c-pc" "$TMP/pc.pdf"
expect_eq "pkg-config: consumer renders${ERR:+: $ERR}" 0 "$RC"
expect_contains "pkg-config: consumer runs the installed library" "$OUT" "bytes $VERSION"
pdf_ok "pkg-config consumer" "$TMP/pc.pdf"
expect_contains "pkg-config: consumer uses the installed libmynaform.so" \
  "$(LD_LIBRARY_PATH="$LIBDIR" ldd "$TMP/c-pc")" "$LIBDIR/libmynaform.so"

# static: libmynaform.a and the private dependencies from --static
# shellcheck disable=SC2046
run_rc "$CC" -std=c99 -Wall -Werror "${SAN[@]}" "$CONSUMER" -o "$TMP/c-pc-static" \
  $(pkg-config --cflags mynaform) \
  $(pkg-config --static --libs mynaform | sed 's/-lmynaform\b/-l:libmynaform.a/')
expect_eq "pkg-config --static: consumer builds${ERR:+: $ERR}" 0 "$RC"
expect_not_contains "pkg-config --static: libmynaform linked in" \
  "$(readelf -d "$TMP/c-pc-static" 2>&1)" "libmynaform"
run_rc "$TMP/c-pc-static" "$TMP/pc-static.pdf" "$DATADIR"
expect_eq "pkg-config --static: consumer renders${ERR:+: $ERR}" 0 "$RC"
pdf_ok "pkg-config --static consumer" "$TMP/pc-static.pdf"
unset PKG_CONFIG_PATH

# ---- find_package(mynaform)
cmake_consumer() { # cmake_consumer BUILD_SUBDIR [CMAKE ARGS...]: configure and build
  local dir=$TMP/$1
  shift
  run_rc cmake -S "$HERE/consumer" -B "$dir" -DCMAKE_C_COMPILER="$CC" \
    -DCMAKE_PREFIX_PATH="$PREFIX" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF \
    -DCMAKE_C_FLAGS="${SAN[*]}" -DCMAKE_EXE_LINKER_FLAGS="${SAN[*]}" "$@"
  [ "$RC" = 0 ] && run_rc cmake --build "$dir"
}
cmake_consumer cm
expect_eq "find_package: consumer builds${ERR:+: $ERR}" 0 "$RC"
run_rc cat "$TMP/cm/CMakeCache.txt"
expect_contains "find_package found the installed package" "$OUT" "mynaform_DIR:PATH=$LIBDIR/cmake/mynaform"
run_rc env -u LD_LIBRARY_PATH "$TMP/cm/consumer" "$TMP/cm.pdf"
expect_eq "find_package: consumer renders (build RPATH)${ERR:+: $ERR}" 0 "$RC"
pdf_ok "find_package consumer" "$TMP/cm.pdf"
expect_contains "find_package: linked to the shared library" \
  "$(readelf -d "$TMP/cm/consumer" 2>&1)" "libmynaform.so"

cmake_consumer cms -DCONSUMER_STATIC=ON
expect_eq "find_package static: consumer builds${ERR:+: $ERR}" 0 "$RC"
run_rc "$TMP/cms/consumer" "$TMP/cms.pdf" "$PREFIX/share/mynaform"
expect_eq "find_package static: consumer renders${ERR:+: $ERR}" 0 "$RC"
pdf_ok "find_package static consumer" "$TMP/cms.pdf"
expect_not_contains "find_package static: libmynaform linked in" \
  "$(readelf -d "$TMP/cms/consumer" 2>&1)" "libmynaform"

# without the dependencies' development files (no .pc found): the shared
# target still works, the static component says what is missing
export PKG_CONFIG_LIBDIR=/nonexistent
cmake_consumer cm-nodeps
expect_eq "find_package without -dev packages: shared consumer builds${ERR:+: $ERR}" 0 "$RC"
cmake_consumer cms-nodeps -DCONSUMER_STATIC=ON
unset PKG_CONFIG_LIBDIR
check "find_package without -dev packages: static component not found" test "$RC" != 0
expect_contains "find_package without -dev packages: names what is missing" "$OUT$ERR" "PkgConfig::HARFBUZZ"

cmake_consumer cmv -DCONSUMER_MYNAFORM_VERSION=$((${VERSION%%.*} + 1)).0
check "find_package refuses another major version" test "$RC" != 0
expect_contains "find_package says which version it has" "$OUT$ERR" "$VERSION"

# ---- the tool run from the build directory uses the source tree
run_rc "$BIN" templates
expect_eq "build-tree tool finds the source tree's data${ERR:+: $ERR}" 0 "$RC"
expect_contains "build-tree tool lists the source templates" "$OUT" "declaration-2023"

# ---- relocation: move the whole tree, nothing set in the environment
MOVED=$TMP/elsewhere/opt/mynaform-moved
mkdir -p "$(dirname "$MOVED")"
mv "$PREFIX" "$MOVED"
check "the old prefix is gone" test ! -e "$PREFIX"
rm "$MOVED/share/mynaform/templates/notice-pinless-2024.json" # marks the moved tree
run_rc "$MOVED/bin/mynaform" --version
expect_eq "moved: --version exits 0" 0 "$RC"
expect_eq "moved: --version" "mynaform $VERSION" "$OUT"
run_rc "$MOVED/bin/mynaform" templates
expect_eq "moved: templates found${ERR:+: $ERR}" 0 "$RC"
expect_contains "moved: the moved tree's templates" "$OUT" "declaration-2023"
expect_not_contains "moved: no other tree's templates" "$OUT" "notice-pinless-2024"
cd "$TMP" || exit 1
run_rc "$MOVED/bin/mynaform" declaration --blank -o x.pdf
expect_eq "moved: declaration --blank finds templates and fonts${ERR:+: $ERR}" 0 "$RC"
pdf_ok "moved: declaration --blank" "$TMP/x.pdf"
"$MOVED/bin/mynaform" packet --data - -o - <"$SOURCE/examples/patient.json" >"$TMP/packet.pdf" 2>"$TMP/err"
RC=$?
expect_eq "moved: packet from standard input to standard output: $(cat "$TMP/err")" 0 "$RC"
pdf_ok "moved: packet" "$TMP/packet.pdf"
run_rc "$MOVED/bin/mynaform" tekiyo --data "$SOURCE/examples/patient.json"
expect_eq "moved: tekiyo finds its labels file${ERR:+: $ERR}" 0 "$RC"
expect_contains "moved: tekiyo text" "$OUT" "住所："
mkdir -p "$TMP/links"
ln -s "$MOVED/bin/mynaform" "$TMP/links/mynaform"
run_rc "$TMP/links/mynaform" declaration --blank -o "$TMP/link.pdf"
expect_eq "moved: through a symbolic link${ERR:+: $ERR}" 0 "$RC"
pdf_ok "moved: through a symbolic link" "$TMP/link.pdf"
# the shared library finds the data beside itself too
MOVED_LIBDIR=$MOVED/${LIBDIR#"$PREFIX"/}
run_rc env LD_LIBRARY_PATH="$MOVED_LIBDIR" "$TMP/c-pc" "$TMP/pc-moved.pdf"
expect_eq "moved: the shared library finds its data${ERR:+: $ERR}" 0 "$RC"
pdf_ok "moved: shared library consumer" "$TMP/pc-moved.pdf"
# the CMake package is relocatable: find_package in the moved tree
PREFIX=$MOVED cmake_consumer cm-moved
expect_eq "moved: find_package consumer builds${ERR:+: $ERR}" 0 "$RC"
run_rc cat "$TMP/cm-moved/CMakeCache.txt"
expect_contains "moved: find_package found the moved package" "$OUT" "mynaform_DIR:PATH=$MOVED_LIBDIR/cmake/mynaform"
run_rc env -u LD_LIBRARY_PATH "$TMP/cm-moved/consumer" "$TMP/cm-moved.pdf"
expect_eq "moved: find_package consumer renders${ERR:+: $ERR}" 0 "$RC"
pdf_ok "moved: find_package consumer" "$TMP/cm-moved.pdf"
cd - >/dev/null || exit 1

# ---- DESTDIR staging: files under DESTDIR, paths without it
run_rc env DESTDIR="$TMP/stage" cmake --install "$BUILD" --prefix /opt/mynaform
expect_eq "DESTDIR install exits 0" 0 "$RC"
check "DESTDIR: the tool is staged" test -x "$TMP/stage/opt/mynaform/bin/mynaform"
STAGED_PC=$(find "$TMP/stage" -name mynaform.pc | head -1)
expect_eq "DESTDIR: mynaform.pc names the final prefix" "prefix=/opt/mynaform" "$(head -1 "$STAGED_PC")"

finish
