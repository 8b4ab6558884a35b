#!/usr/bin/env bash
# run_golden.sh [--update] — compares the layout dump of each case with its
# expected file.  A case is cases/NAME.args (the mynaform arguments, one per
# line, $EX standing for the examples folder) and cases/NAME.expected.
# --update rewrites the expected files; review the change with git diff.
source "$(dirname "$0")/../lib/assert.sh"
DIR=$(cd "$(dirname "$0")" && pwd)
EX=$SRC/examples
update=0
[ "${1:-}" = "--update" ] && update=1
for args in "$DIR"/cases/*.args; do
  name=$(basename "$args" .args)
  mapfile -t argv < <(sed "s|\$EX|$EX|g" "$args" | grep -v '^$')
  if ! "$BIN" "${argv[@]}" --dump-layout > "$TMP/$name.dump" 2>"$TMP/$name.err"; then
    fail "$name: mynaform failed: $(cat "$TMP/$name.err")"
    continue
  fi
  if [ $update = 1 ]; then
    cp "$TMP/$name.dump" "$DIR/cases/$name.expected"
    ok
  elif diff -u "$DIR/cases/$name.expected" "$TMP/$name.dump" > "$TMP/$name.diff"; then
    ok
  else
    fail "$name: layout differs from cases/$name.expected:"
    head -40 "$TMP/$name.diff" >&2
  fi
done
finish
