#!/usr/bin/env bash
# test_template_geometry.sh — a template cannot put ink off the page or into
# the 5 mm margin printers cannot print: each kind of item, placed there in
# each way a template can place it, is a template error (exit 5) that names
# the template and the item, for a blank form too, with no output file;
# the shipped templates and ink exactly 5 mm from the edge pass.
source "$(dirname "$0")/../lib/assert.sh"
need python3

# tpl NAME PYTHON-ITEMS [PYTHON-STYLES]: a declaration template $TMP/NAME/t.json
tpl() {
  mkdir -p "$TMP/$1"
  python3 -c "
import json
d = {'format': 'mynaform-template/1', 'document': 'declaration', 'title': 't',
     'edition': 'e', 'date': '2023-01-01', 'styles': ${3:-dict()}, 'items': $2}
open('$TMP/$1/t.json', 'w').write(json.dumps(d, ensure_ascii=False))"
}
# refused NAME DESCRIPTION NEEDLE...: the template of $TMP/NAME is a
# template error for a blank form, a filled one and the layout dump
refused() {
  local name=$1 d=$2
  shift 2
  local args
  for args in "--blank -o $TMP/out.pdf" "--data $SRC/examples/patient.json -o $TMP/out.pdf" \
              "--blank --dump-layout -o $TMP/out.pdf"; do
    rm -f "$TMP/out.pdf"
    run_rc "$BIN" declaration --template-dir "$TMP/$name" $args
    expect_eq "$d ($args): exit 5" 5 "$RC"
    local n
    for n in "$@"; do expect_contains "$d ($args): the message says where" "$ERR" "$n"; done
    check "$d ($args): no output file" test ! -e "$TMP/out.pdf"
  done
}
accepted() {
  run_rc "$BIN" declaration --template-dir "$TMP/$1" --blank -o "$TMP/ok.pdf"
  expect_eq "$2: accepted" 0 "$RC"
  expect_eq "$2: no message" "" "$ERR"
}
MARGIN="printers cannot print within 5 mm of an edge"

# ---- the review's case: a clinic lengthens the explanation sheet's last
# paragraph (no "h"), which then runs 6 lines below the bottom of the page
mkdir -p "$TMP/expl"
cp "$SRC"/templates/*.json "$TMP/expl/"
python3 -c "
import json
t = json.load(open('$TMP/expl/explanation-2023.json'))
t['items'][-1]['text'] += 'お支払いは現金のほか各種クレジットカード、電子マネーがご利用いただけます。駐車場は二時間まで無料です。休診日は日曜・祝日および木曜午後です。' * 8
t['date'] = '2023-07-11'
json.dump(t, open('$TMP/expl/explanation-clinic.json', 'w'), ensure_ascii=False)"
for args in "-o $TMP/out.pdf" "--blank -o $TMP/out.pdf" "--dump-layout -o $TMP/out.pdf"; do
  rm -f "$TMP/out.pdf"
  run_rc "$BIN" explanation --template-dir "$TMP/expl" $args
  expect_eq "a paragraph below the page ($args): exit 5" 5 "$RC"
  expect_contains "a paragraph below the page ($args): named" "$ERR" \
    "template explanation-clinic: item 12 (text): its ink runs 16.5 mm beyond the bottom edge of the page"
  check "a paragraph below the page ($args): no output file" test ! -e "$TMP/out.pdf"
done
run_rc "$BIN" packet --template-dir "$TMP/expl" -o "$TMP/out.pdf"
expect_eq "a paragraph below the page, in the packet: exit 5" 5 "$RC"

# ---- static text laid out into the margin or off the page
tpl text-long "[{'type': 'text', 'x': 20, 'y': 250, 'w': 170, 'text': '長い段落。' * 200}]"
refused text-long "a paragraph without h" "item 0 (text): its ink runs" "beyond the bottom edge"
tpl text-top "[{'type': 'text', 'x': 20, 'y': 2, 'w': 100, 'text': 'あ'}]"
refused text-top "a line in the top margin" "item 0 (text): its ink comes within 2.9 mm of the top edge" "$MARGIN"
tpl text-wide "[{'type': 'text', 'x': 202, 'y': 20, 'w': 2, 'text': 'あ'}]"
refused text-wide "a character wider than its box, into the right margin" \
  "item 0 (text): its ink comes within 4.3 mm of the right edge"
tpl text-valign "[{'type': 'text', 'x': 20, 'y': 6, 'w': 20, 'h': 1, 'valign': 'bottom', 'text': 'あ\nい\nう'}]"
refused text-valign "lines above a bottom-aligned box" "item 0 (text)" "top edge"
tpl text-cond "[{'type': 'text', 'if': 'insured', 'x': 20, 'y': 290, 'w': 100, 'text': 'あ'}]"
accepted text-cond "conditional text not drawn on a blank form"
run_rc "$BIN" declaration --template-dir "$TMP/text-cond" --data "$SRC/examples/patient.json" -o "$TMP/out.pdf"
expect_eq "conditional text in the margin, when drawn: exit 5" 5 "$RC"
expect_contains "conditional text in the margin: named" "$ERR" "item 0 (text): its ink"
tpl distribute "[{'type': 'text', 'x': 20, 'y': 20, 'w': 150, 'align': 'distribute', 'size': 4, 'text': 'あ' * 80000}]"
refused distribute "distribute text below 4 pt" "item 0 (text): distributed text would be set at" "below the minimum 4 pt"
tpl distribute-ok "[{'type': 'text', 'x': 20, 'y': 20, 'w': 150, 'align': 'distribute', 'size': 10, 'text': 'あ' * 100}]"
accepted distribute-ok "distribute text set smaller, at 4.25 pt"

# ---- checkbox rows
tpl checks "[{'type': 'checks', 'x': 150, 'y': 20, 'options': [['sex.male', '男性の方はこちらを選んでください'] for _ in range(20)]}]"
refused checks "a row of checkboxes 3.8 m long" "item 0 (checks): its ink runs" "beyond the right edge"
tpl checks-margin "[{'type': 'checks', 'x': 20, 'y': 292, 'options': [['sex.male', '男'], ['sex.female', '女']]}]"
refused checks-margin "a row of checkboxes in the bottom margin" "item 0 (checks)" "bottom edge"

# ---- grid cells and "in" offsets
GRID="{'type': 'grid', 'id': 'g', 'x': 20, 'y': 20, 'cols': [50, 50], 'rows': [10, 10]}"
tpl in-neg "[$GRID, {'type': 'text', 'in': ['g', 0, 0], 'x': -300, 'y': -300, 'text': 'あ'}]"
refused in-neg "an in offset to negative coordinates" 'template t: $.items[1]: text: negative coordinates'
tpl in-margin "[$GRID, {'type': 'text', 'in': ['g', 0, 0], 'x': -17, 'text': 'あ'}]"
refused in-margin "an in offset into the left margin" "item 1 (text): its ink comes within 4.5 mm of the left edge"
tpl in-field "[$GRID, {'type': 'field', 'key': 'name', 'in': ['g', 0, 0], 'x': -16}]"
refused in-field "a field's cell box moved into the margin" '$.items[1]: field: its ink comes within 4 mm of the left edge'

# ---- what the template alone places is refused when the template is read
# (mynaform templates too): rules, boxes, grids, the boxes of fields, QR codes
tpl rule "[{'type': 'rule', 'x': 20, 'y': 1, 'x2': 100, 'y2': 1}]"
refused rule "a rule in the top margin" '$.items[0]: rule: its ink comes within 0.9 mm of the top edge'
run_rc "$BIN" templates --template-dir "$TMP/rule"
expect_eq "a rule in the margin: mynaform templates refuses it too" 5 "$RC"
tpl rule-edge "[{'type': 'rule', 'x': 5, 'y': 5, 'x2': 205, 'y2': 5, 'line': 0}]"
accepted rule-edge "a hairline rule exactly 5 mm from the edges"
tpl rule-stroke "[{'type': 'rule', 'x': 5, 'y': 5, 'x2': 205, 'y2': 5, 'line': 1}]"
refused rule-stroke "a 1 pt rule on the 5 mm line (half its stroke in the margin)" \
  '$.items[0]: rule: its ink comes within 4.8 mm of the left edge'
tpl box "[{'type': 'box', 'x': 20, 'y': 20, 'w': 188, 'h': 10}]"
refused box "a box into the right margin" '$.items[0]: box: its ink comes within 1.9 mm of the right edge'
tpl fill "[{'type': 'box', 'x': 5, 'y': 5, 'w': 200, 'h': 287, 'fill': 0.9}]"
accepted fill "a fill exactly on the printable area"
tpl grid "[{'type': 'grid', 'id': 'g', 'x': 20, 'y': 200, 'cols': [50], 'rows': [50, 45]}]"
refused grid "a grid into the bottom margin" '$.items[0]: grid: its ink comes within 1.9 mm of the bottom edge'
tpl field "[{'type': 'field', 'key': 'name', 'x': 3, 'y': 20, 'w': 50, 'h': 8}]"
refused field "a field box in the left margin (blank forms too)" '$.items[0]: field: its ink comes within 3 mm of the left edge'
tpl qr "[{'type': 'qr', 'x': 170, 'y': 20, 'side': 38}]"
refused qr "a QR code into the right margin" '$.items[0]: qr: its ink comes within 2 mm of the right edge'

# ---- items placed by "after" are checked where they land
tpl after "[{'type': 'text', 'x': 20, 'y': 20, 'w': 170, 'text': 'あ'}, {'type': 'box', 'x': 20, 'after': 200, 'w': 10, 'h': 68}]"
refused after "a box flowed into the bottom margin" "item 1 (box): its ink comes within" "bottom edge"
tpl after-text "[{'type': 'text', 'x': 20, 'y': 20, 'w': 170, 'text': 'あ'}, {'type': 'text', 'x': 20, 'after': 200, 'w': 170, 'text': '段落。' * 400}]"
refused after-text "a paragraph flowed below the page" "item 1 (text): its ink runs" "bottom edge"

# ---- a field's value is never quoted in these messages
tpl field-data "[{'type': 'field', 'key': 'name', 'x': 20, 'y': 293, 'w': 50, 'h': 3}]"
run_rc "$BIN" declaration --template-dir "$TMP/field-data" --data "$SRC/examples/patient.json" -o "$TMP/out.pdf"
expect_eq "a field box in the margin, filled: exit 5" 5 "$RC"
expect_not_contains "a field box in the margin: the value is not quoted" "$ERR" "クズコ"

# ---- the shipped templates are inside the printable area
for d in declaration explanation notice packet; do
  run_rc "$BIN" "$d" --data "$SRC/examples/patient.json" --clinic "$SRC/examples/clinic.json" -o "$TMP/ok.pdf"
  expect_eq "shipped $d: renders" 0 "$RC"
done
run_rc "$BIN" notice --pinless -o "$TMP/ok.pdf"
expect_eq "shipped pinless notice: renders" 0 "$RC"
run_rc "$BIN" declaration --template-dir "$SRC/bench/peers/templates" --blank -o "$TMP/ok.pdf"
expect_eq "the peer benchmark's template: renders" 0 "$RC"

finish
