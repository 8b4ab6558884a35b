#!/usr/bin/env bash
# test_cli.sh — the command-line tool: exit codes, messages (they name the
# field, never the value), no output file on any error, stdin/stdout, help.
source "$(dirname "$0")/../lib/assert.sh"
EX=$SRC/examples

# ---- help and version
run_rc "$BIN" --version
expect_eq "--version exits 0" 0 "$RC"
expect_contains "--version prints the version" "$OUT" "mynaform 0."
for c in declaration explanation notice packet typeset templates; do
  run_rc "$BIN" "$c" --help
  expect_eq "$c --help exits 0" 0 "$RC"
  expect_contains "$c --help shows usage" "$OUT" "Usage: mynaform $c"
done
run_rc "$BIN"
expect_eq "no command: usage, exit 2" 2 "$RC"
run_rc "$BIN" frobnicate
expect_eq "unknown command: exit 2" 2 "$RC"
run_rc "$BIN" declaration --bogus -o "$TMP/x.pdf"
expect_eq "unknown option: exit 2" 2 "$RC"
expect_contains "unknown option named" "$ERR" "--bogus"
# an argument is repeated only if it looks like an option name (it may be
# data typed in the wrong place), and never past '='
run_rc "$BIN" declaration --bogus=value -o "$TMP/x.pdf"
expect_eq "unknown option with a value: exit 2" 2 "$RC"
expect_contains "unknown option with a value: the name" "$ERR" "unknown option '--bogus'"
expect_not_contains "unknown option with a value: not the value" "$ERR" "value"
run_rc "$BIN" explanation stray -o "$TMP/x.pdf"
expect_eq "a stray argument: exit 2" 2 "$RC"
expect_contains "a stray argument: by position" "$ERR" "unknown option (argument 2)"
expect_not_contains "a stray argument: not repeated" "$ERR" "stray"
run_rc "$BIN" frobnicate
expect_contains "unknown command: said" "$ERR" "unknown command"
expect_not_contains "unknown command: not repeated" "$ERR" "frobnicate"
run_rc "$BIN" declaration --blank
expect_eq "no output given: exit 2" 2 "$RC"

# ---- templates
run_rc "$BIN" templates
expect_eq "templates lists" 0 "$RC"
expect_contains "templates lists the declaration" "$OUT" "declaration-2023"
expect_contains "templates lists the pinless notice" "$OUT" "pinless"

# ---- invalid data: exit 3, field named, value never shown, no file
bad() { # bad DESCRIPTION EXPECTED_RC EXPECTED_MSG JSON [SECRET]
  printf '%s' "$4" > "$TMP/bad.json"
  rm -f "$TMP/bad.pdf"
  run_rc "$BIN" declaration --data "$TMP/bad.json" -o "$TMP/bad.pdf"
  expect_eq "$1: exit code" "$2" "$RC"
  expect_contains "$1: message" "$ERR" "$3"
  check "$1: no output file" test ! -e "$TMP/bad.pdf"
  check "$1: no temporary file left" no_tmp_files "$TMP"
  if [ $# -ge 5 ]; then expect_not_contains "$1: value not in message" "$ERR" "$5"; fi
}
bad "bad birth date" 3 '$.birth_date' '{"name":"山田太郎","birth_date":"1989-02-30"}' "1989-02-30"
bad "bad sex" 3 '$.sex' '{"sex":"x"}'
bad "unknown field" 3 '$.birthdate: unknown field' '{"birthdate":"1990-01-01"}'
bad "control character in name" 3 '$.name' $'{"name":"山田\\u0007太郎"}' "山田"
bad "bidi override in address" 3 '$.address' '{"address":"東京都\u202e千代田区"}' "千代田区"
bad "private use character in name" 3 '$.name' '{"name":"山\ue000田"}'
bad "invalid JSON" 3 'line 1' '{"name": }'
bad "kana with kanji" 3 '$.kana' '{"kana":"山田"}' "山田"
bad "name too long for its box" 3 '$.name' "{\"name\":\"$(printf '寿%.0s' $(seq 1 150))\"}" "寿寿寿"
bad "character in no font" 3 '$.name' '{"name":"张三"}' "张"
# a 個人番号: refused, exit 4, never printed
bad "My Number in a free-text field" 4 '$.insurance.employer' '{"insurance":{"employer":"123456789018"}}' "123456789018"
bad "My Number member" 4 'my_number' '{"my_number":"123456789018"}' "123456789018"
bad "My Number full-width grouped" 4 '$.address' '{"address":"東京都 １２３４ ５６７８ ９０１８"}'
# an invalid check digit is just a number
printf '%s' '{"insurance":{"employer":"123456789012"}}' > "$TMP/ok.json"
run_rc "$BIN" declaration --data "$TMP/ok.json" -o "$TMP/ok.pdf"
expect_eq "12 digits with a wrong check digit are not a My Number" 0 "$RC"

# --verbose may show the offending character
printf '%s' '{"name":"张三"}' > "$TMP/v.json"
run_rc "$BIN" declaration --verbose --data "$TMP/v.json" -o "$TMP/v.pdf"
expect_contains "--verbose names the code point" "$ERR" "U+5F20"

# warnings: ● substitution in a name prints, and warns
printf '%s' '{"name":"●田太郎"}' > "$TMP/w.json"
run_rc "$BIN" declaration --data "$TMP/w.json" -o "$TMP/w.pdf"
expect_eq "● in a name still renders" 0 "$RC"
expect_contains "● in a name warns" "$ERR" "warning"

# unknown fields allowed on request
printf '%s' '{"name":"山田太郎","memo":"x"}' > "$TMP/u.json"
run_rc "$BIN" declaration --allow-unknown --data "$TMP/u.json" -o "$TMP/u.pdf"
expect_eq "--allow-unknown renders" 0 "$RC"
expect_contains "--allow-unknown warns" "$ERR" '$.memo'

# ---- stdin and stdout
run_rc bash -c "'$BIN' declaration --data - -o - < '$EX/patient.json' > '$TMP/s.pdf'"
expect_eq "stdin to stdout" 0 "$RC"
expect_eq "stdout is a PDF" "%PDF" "$(head -c 4 "$TMP/s.pdf")"

# ---- file mode
"$BIN" declaration --blank --mode 0640 -o "$TMP/m.pdf"
expect_eq "--mode 0640" 640 "$(stat -c %a "$TMP/m.pdf")"

# ---- resources and I/O
run_rc env MYNAFORM_FONT_DIR="$TMP/nofonts" "$BIN" declaration --blank -o "$TMP/r.pdf"
expect_eq "missing fonts: exit 6" 6 "$RC"
expect_contains "missing fonts: says which" "$ERR" "BIZUDMincho-Regular.ttf"
mkdir -p "$TMP/tpl"
printf '{"format":"mynaform-template/1","document":"declaration","title":"t","edition":"e","date":"2023-01-01","items":[{"type":"text","x":10,"y":10,"w":50,"text":"a","style":"nope"}]}' > "$TMP/tpl/broken.json"
run_rc "$BIN" declaration --template-dir "$TMP/tpl" --blank -o "$TMP/t.pdf"
expect_eq "malformed template: exit 5" 5 "$RC"
expect_contains "malformed template: names file and path" "$ERR" 'template broken: $.items[0]'
run_rc "$BIN" declaration --blank -o "$TMP/no/such/dir/x.pdf"
expect_eq "unwritable output: exit 7" 7 "$RC"
run_rc "$BIN" declaration --data "$TMP/missing.json" -o "$TMP/x.pdf"
expect_eq "missing input: exit 7" 7 "$RC"
# full disk: an injected write failure leaves nothing behind
run_rc env MYNAFORM_TEST_FAIL_WRITE_AFTER=1000 "$BIN" declaration --blank -o "$TMP/full.pdf"
expect_eq "write failure: exit 7" 7 "$RC"
check "write failure: no file" test ! -e "$TMP/full.pdf"
check "write failure: no temporary file" no_tmp_files "$TMP"

# ---- --url: an http(s) URL of printable ASCII; anything else is a usage
# error naming --url (not the template or the fonts), and never quoted
run_rc "$BIN" notice --url 'HTTPS://Example.JP/a?b=1%E3%81%82' -o "$TMP/u.pdf"
expect_eq "--url https in capitals, percent-encoded: exit 0" 0 "$RC"
for u in $'https://example.jp/\u202e' $'https://example.jp/\e[31mred' $'https://x.jp/\n2nd line' \
         $'https://x.jp/\t' 'https://x.jp/a b' 'https://例え.jp/' $'https://x.jp/\u200b' \
         'javascript:alert(1)' 'ftp://example.jp/' 'https://' 'example.jp'; do
  rm -f "$TMP/u.pdf"
  run_rc "$BIN" notice --url "$u" -o "$TMP/u.pdf"
  expect_eq "--url $(printf %q "$u"): usage" 2 "$RC"
  expect_contains "--url $(printf %q "$u"): the message names --url" "$ERR" "mynaform: --url: "
  expect_not_contains "--url $(printf %q "$u"): the template is not blamed" "$ERR" "template"
  [ -n "${u#*//}" ] && expect_not_contains "--url $(printf %q "$u"): the URL is not quoted" "$ERR" "${u#*//}"
  check "--url $(printf %q "$u"): no output file" test ! -e "$TMP/u.pdf"
done
run_rc "$BIN" declaration --blank --url $'https://x.jp/\e' -o "$TMP/u.pdf"
expect_eq "--url is checked for any document" 2 "$RC"

# ---- typeset
run_rc "$BIN" typeset --width 100 "吾輩は猫である。名前はまだ無い。"
expect_eq "typeset exits 0" 0 "$RC"
expect_contains "typeset prints JSON lines" "$OUT" '"lines":['
run_rc "$BIN" typeset --width 40 --max-lines 1 --size 10.5 --min-size 9 "東京都千代田区霞が関一丁目二番二号"
expect_eq "typeset box that does not fit: exit 3" 3 "$RC"
expect_contains "typeset error object" "$OUT" '"ok":false'
run_rc "$BIN" typeset --width 300 --max-lines 1 --size 12 --min-size 8 "東京都千代田区霞が関一丁目二番二号"
expect_contains "typeset box fits at the nominal size" "$OUT" '"size":12'
run_rc "$BIN" typeset "no width"
expect_eq "typeset without width: exit 2" 2 "$RC"

finish
