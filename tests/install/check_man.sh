#!/usr/bin/env bash
# check_man.sh MAN_PAGE — mynaform(1) renders without a warning (groff with
# all warnings, and man -l where man-db is installed), and documents every
# command `mynaform --help` lists, every option of every command's --help,
# and every exit code of cli/cli.h.
source "$(dirname "$0")/../lib/assert.sh"
PAGE=${1:?man page}
need groff

# groff: -k runs preconv (the page is UTF-8), -ww enables every warning
run_rc groff -k -man -Tutf8 -ww -z "$PAGE"
expect_eq "groff renders the page" 0 "$RC"
expect_eq "groff gives no warning" "" "$ERR"
TEXT=$(groff -k -man -Tutf8 -rLL=200n -P-c -P-b -P-u "$PAGE" 2>/dev/null)
expect_contains "rendered: NAME" "$TEXT" "mynaform - print the documents"
version=$("$BIN" --version)
expect_contains "the page is of this version ($version)" "$(grep '^\.TH' "$PAGE")" "\"$version\""
if command -v man >/dev/null 2>&1; then
  run_rc env MANWIDTH=80 MAN_KEEP_FORMATTING= man --warnings=w -l "$PAGE"
  expect_eq "man -l renders the page" 0 "$RC"
  expect_eq "man -l gives no warning" "" "$ERR"
  expect_contains "man -l: SYNOPSIS" "$OUT" "SYNOPSIS"
fi

for s in NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS "EXIT STATUS" ENVIRONMENT FILES \
  PRIVACY EXAMPLES "SEE ALSO"; do
  expect_contains "section $s" "$TEXT" "
$s"
done

# every command of `mynaform --help`, and every option of its --help
cmds=$("$BIN" --help | awk '/^Commands:/ {on = 1; next} on && /^  [a-z]/ {print $1} on && /^$/ {on = 0}')
expect_contains "mynaform --help lists commands" "$cmds" "declaration"
for c in $cmds; do
  expect_contains "command $c documented" "$TEXT" "mynaform $c"
  opts=$("$BIN" "$c" --help | grep -oE '(^|[ ,])--?[a-zA-Z][a-zA-Z-]*' | sed 's/^[ ,]*//' | sort -u)
  for o in $opts; do
    expect_contains "$c: option $o documented" "$TEXT" "$o"
  done
done
expect_contains "--version documented" "$TEXT" "--version"

# every exit code of cli/cli.h
for code in $(grep -oE 'EXIT_[A-Z_]+ = [0-9]+' "$SRC/cli/cli.h" | awk '{print $3}'); do
  printf '%s\n' "$TEXT" | sed -n '/^EXIT STATUS/,/^ENVIRONMENT/p' | grep -qE "^ +$code " &&
    ok || fail "exit code $code documented under EXIT STATUS"
done
for v in MYNAFORM_DATA_DIR MYNAFORM_FONT_DIR MYNAFORM_TEMPLATE_DIR; do
  expect_contains "environment $v" "$TEXT" "$v"
done
finish
