#!/usr/bin/env bash
# test_tekiyo.sh — mynaform tekiyo: the 不詳請求 摘要 text on standard
# output, --format json, JIS X 0208 warnings by path and index (code point
# only with --verbose, values never), exit codes of the README table.
source "$(dirname "$0")/../lib/assert.sh"
EX=$SRC/examples
HEAD='不詳請求（被保険者資格申立書による）'

run_rc "$BIN" tekiyo --help
expect_eq "tekiyo --help exits 0" 0 "$RC"
expect_contains "tekiyo --help shows usage" "$OUT" "Usage: mynaform tekiyo"
run_rc "$BIN" --help
expect_contains "mynaform --help lists tekiyo" "$OUT" "tekiyo "

# ---- the text
printf '%s' '{"name":"山田太郎","address":"東京都千代田区1-2","insurance":{"employer":"山田商店"},"phone":"03-1234-5678"}' > "$TMP/p.json"
run_rc "$BIN" tekiyo --data "$TMP/p.json"
expect_eq "text: exit 0" 0 "$RC"
expect_eq "text: heading, 住所, 事業所名, 連絡先 in order" \
  "${HEAD}　住所：東京都千代田区１－２　事業所名：山田商店　連絡先：０３－１２３４－５６７８" "$OUT"
expect_eq "text: nothing on standard error" "" "$ERR"
check "text: ends with one line break" test "$("$BIN" tekiyo --data "$TMP/p.json" | wc -l)" = 1
run_rc "$BIN" tekiyo --data - < "$TMP/p.json"
expect_contains "standard input" "$OUT" "住所：東京都"
printf '%s' '{"address":"東京都"}' > "$TMP/a.json"
run_rc "$BIN" tekiyo --data "$TMP/a.json" --format text
expect_eq "empty items left out" "${HEAD}　住所：東京都" "$OUT"

# ---- JSON
run_rc "$BIN" tekiyo --data "$EX/patient.json" --format json
expect_eq "json: exit 0" 0 "$RC"
check "json: valid, one object" python3 -c 'import json,sys; d=json.loads(sys.argv[1]); assert set(d)=={"text","items","not_jis_x0208"}' "$OUT"
check "json: 髙 﨑 and the IVS of 辻󠄀 by path and index, no code point" python3 -c '
import json,sys
d=json.loads(sys.argv[1])
assert d["not_jis_x0208"]==[{"path":"$.address","index":20},{"path":"$.address","index":21},{"path":"$.insurance.employer","index":5}], d["not_jis_x0208"]
assert [i["field"] for i in d["items"]]==["address","employer","phone"]
' "$OUT"
expect_contains "json: warnings too" "$ERR" '$.address: the character at index 20 is not in JIS X 0208'
expect_not_contains "json: no code point without --verbose" "$ERR" "U+"
expect_not_contains "json: no value in warnings" "$ERR" "髙"
run_rc "$BIN" tekiyo --data "$EX/patient.json" --format json --verbose
check "json --verbose: code points" python3 -c '
import json,sys
d=json.loads(sys.argv[1])
assert [e["cp"] for e in d["not_jis_x0208"]]==["U+9AD9","U+FA11","U+E0100"], d
' "$OUT"
expect_contains "--verbose: code point in the warning" "$ERR" "(U+9AD9)"
run_rc "$BIN" tekiyo --data "$EX/patient.json"
expect_eq "offenders: still exit 0" 0 "$RC"
expect_contains "offenders: never replaced" "$OUT" "髙﨑ハイツ"

# ---- errors: README exit codes, field named, value never shown, nothing on stdout
tek_bad() { # DESCRIPTION EXPECTED_RC EXPECTED_MSG JSON [SECRET]
  printf '%s' "$4" > "$TMP/bad.json"
  run_rc "$BIN" tekiyo --data "$TMP/bad.json" --format json
  expect_eq "$1: exit code" "$2" "$RC"
  expect_contains "$1: message" "$ERR" "$3"
  expect_eq "$1: nothing on standard output" "" "$OUT"
  if [ $# -ge 5 ]; then expect_not_contains "$1: value not in message" "$ERR" "$5"; fi
}
tek_bad "My Number in the phone" 4 '$.phone' '{"address":"東京都","phone":"1234 5678 9018"}' "9018"
tek_bad "My Number member" 4 'my_number' '{"address":"東京都","my_number":"123456789018"}' "123456789018"
tek_bad "bad phone" 3 '$.phone' '{"address":"東京都","phone":"山田"}' "山田"
tek_bad "none of the three" 3 '$.address, $.insurance.employer or $.phone' '{"name":"山田太郎"}' "山田"
tek_bad "not JSON" 3 'line 1' '{"address":'
tek_bad "unknown field" 3 '$.nmae' '{"address":"東京都","nmae":"x"}'
run_rc "$BIN" tekiyo --data "$TMP/bad.json" --allow-unknown
expect_eq "--allow-unknown: exit 0" 0 "$RC"

run_rc "$BIN" tekiyo
expect_eq "no --data: exit 2" 2 "$RC"
run_rc "$BIN" tekiyo --data "$TMP/p.json" --format xml
expect_eq "bad --format: exit 2" 2 "$RC"
run_rc "$BIN" tekiyo --data "$TMP/p.json" --bogus
expect_eq "unknown option: exit 2" 2 "$RC"
run_rc "$BIN" tekiyo --data "$TMP/missing.json"
expect_eq "unreadable --data: exit 7" 7 "$RC"

# ---- the labels file: missing = 6, broken = 5
mkdir -p "$TMP/dd/data"
ln -s "$SRC/templates" "$TMP/dd/templates"
ln -s "$SRC/fonts" "$TMP/dd/fonts"
run_rc "$BIN" tekiyo --data-dir "$TMP/dd" --data "$TMP/p.json"
expect_eq "labels file missing: exit 6" 6 "$RC"
expect_contains "labels file missing: named" "$ERR" "data/tekiyo-labels.json"
printf '%s' '{"heading":"","separator":"","items":[{"field":"phone","label":"TEL"}]}' > "$TMP/dd/data/tekiyo-labels.json"
run_rc "$BIN" tekiyo --data-dir "$TMP/dd" --data "$TMP/p.json"
expect_eq "labels file broken: exit 5" 5 "$RC"
printf '%s' '{"heading":"【不詳】","separator":"／","items":[{"field":"phone","label":"電話"},{"field":"address","label":"住所"}]}' > "$TMP/dd/data/tekiyo-labels.json"
run_rc "$BIN" tekiyo --data-dir "$TMP/dd" --data "$TMP/p.json"
expect_eq "labels and order from the file" "【不詳】／電話０３－１２３４－５６７８／住所東京都千代田区１－２" "$OUT"

finish
