#!/usr/bin/env bash
# check_pdf.sh — renders every document with the CLI and checks the real
# PDFs with independent tools: qpdf --check, pdffonts (embedded, subset,
# ToUnicode), pdftotext round trips of the filled values and the official
# sentences, zbarimg on a 150 dpi render, page order of the packet.
source "$(dirname "$0")/../lib/assert.sh"
need qpdf; need pdffonts; need pdftotext; need pdftoppm; need zbarimg

EX=$SRC/examples
IVS_KUZU=$'\xe8\x91\x9b\xf3\xa0\x84\x80'   # 葛 U+845B + U+E0100
YOSHI=$'\xf0\xa0\xae\xb7'                    # 𠮷 U+20BB7

# fonts: every font embedded, subset, with a ToUnicode map
fonts_ok() {
  pdffonts "$1" | awk 'NR>2 { if ($(NF-4)!="yes" || $(NF-3)!="yes" || $(NF-2)!="yes") bad=1; n++ }
                       END { exit (bad || n==0) }'
}
# the text layer in content order (-raw), all white space (ASCII, U+3000) removed
text_of() { pdftotext -raw -enc UTF-8 "$@" - 2>/dev/null | perl -CSD -0777 -pe 's/[\s\x{3000}]//g'; }
# the text in page layout order (how a viewer's selection reads), no space
layout_of() { pdftotext -layout -enc UTF-8 "$@" - 2>/dev/null | perl -CSD -0777 -pe 's/[\s\x{3000}]//g'; }
qr_of() { pdftoppm -r 150 -png -f "${2:-1}" -l "${2:-1}" "$1" "$TMP/qr" && zbarimg -q --raw "$TMP"/qr*.png 2>/dev/null; rm -f "$TMP"/qr*.png; }

# ---- filled declaration
"$BIN" declaration --data "$EX/patient.json" -o "$TMP/decl.pdf"
check "declaration renders" test -s "$TMP/decl.pdf"
check "qpdf --check declaration" qpdf --check "$TMP/decl.pdf"
check "declaration fonts embedded+subset+unicode" fonts_ok "$TMP/decl.pdf"
T=$(text_of "$TMP/decl.pdf")
expect_contains "name with 𠮷 and IVS 葛󠄀 round-trips exactly" "$T" "${YOSHI}田${IVS_KUZU}子"
expect_contains "kana normalised to katakana" "$T" "ヨシダクズコ"
# the digits are data, 年月日 belong to the form: read them in layout order
expect_contains "birth date in era, box ticked (1989-01-07 = 昭和64年)" "$(layout_of "$TMP/decl.pdf")" "✓昭和平成令和64年1月7日"
expect_contains "address with 髙﨑" "$T" "東京都葛飾区東金町八丁目23番地の45髙﨑ハイツ101号室"
expect_contains "insurer" "$T" "全国健康保険協会東京支部"
expect_contains "employer with IVS 辻󠄀" "$T" $'株式会社辻\xf3\xa0\x84\x80商店'
# F17: the form's own 年　月　日 is printed filled or blank, in reading order
# after ※3; the filing date's parts fill it (a reader sees 令和8年11月22日)
expect_contains "filing date in 令和, on the form's 年月日 line" "$(layout_of "$TMP/decl.pdf")" "そのまま記載してください。令和8年11月22日署名"
expect_contains "filled form: 年月日 printed in reading order" "$T" "そのまま記載してください。年月日署名(患者との関係"
expect_contains "phone" "$T" "03-1234-5678"
expect_contains "official statement" "$T" "有効な保険証の交付を受けており、医療保険等の被保険者資格について、下記の通り申し立てます。"
expect_contains "※3 note" "$T" "マイナンバーカードの表面に記載された内容（フリガナを除く）をそのまま記載してください。"
# F3: the form's four half-width pairs, as the source has them (its ※1 and
# ※3 keep full-width ones)
expect_contains "declaration: (わかる範囲でご記入ください。) half-width" "$T" "(わかる範囲でご記入ください。)"
expect_contains "declaration: (フリガナ) half-width" "$T" "(フリガナ)"
expect_contains "declaration: (患者との関係※4： half-width" "$T" "(患者との関係※4："
expect_contains "declaration: ※4 (患者との関係)欄 half-width" "$T" "※4(患者との関係)欄は、保護者の方が署名された場合にご記入ください。"
expect_contains "declaration: ※1 keeps its full-width pair" "$T" "社保（保険者が健康保険組合、共済組合、全国健康保険協会の場合）"
# F13: an edition line like the other two documents'
expect_contains "declaration: edition footer" "$T" "厚生労働省保険局長通知保発0710第1号（令和5年7月10日）別紙様式"
expect_eq "output mode 0600" "600" "$(stat -c %a "$TMP/decl.pdf")"
# the ticks: one ✓ each for insured, 社保, 1か月以内, 3割, 昭和, 女 (6), plus
# the two ✓ printed in the form's own instructions (※ and ※1)
expect_eq "six ticks on the filled form" "8" "$(printf '%s' "$T" | grep -o '✓' | wc -l | tr -d ' ')"
# 𠮷 comes from IPAmj (BIZ UD lacks it)
expect_contains "fallback font IPAmj embedded" "$(pdffonts "$TMP/decl.pdf")" "IPAmjMincho"

# ---- blank declaration
"$BIN" declaration --blank -o "$TMP/blank.pdf"
check "qpdf --check blank" qpdf --check "$TMP/blank.pdf"
TB=$(text_of "$TMP/blank.pdf")
expect_not_contains "blank form has no filled name" "$TB" "${YOSHI}田"
expect_contains "blank form has the date line for handwriting, after ※3 (F17)" "$TB" "そのまま記載してください。年月日署名(患者との関係"
expect_eq "no ticks on the blank form (2 ✓ in the instructions)" "2" "$(printf '%s' "$TB" | grep -o '✓' | wc -l | tr -d ' ')"

# ---- notice with QR and imprint
"$BIN" notice --clinic "$EX/clinic.json" -o "$TMP/notice.pdf"
check "qpdf --check notice" qpdf --check "$TMP/notice.pdf"
check "notice fonts" fonts_ok "$TMP/notice.pdf"
expect_eq "QR decodes to マイナポータル" "https://myna.go.jp/" "$(qr_of "$TMP/notice.pdf")"
TN=$(text_of "$TMP/notice.pdf")
expect_contains "notice official sentence" "$TN" "あなたの資格情報を速やかに登録・確認いただけるよう、加入されている保険者(健康保険組合、協会けんぽ、市区町村等)にお問合せいただくなど、ご協力をお願いいたします。"
# F3: the notice's own half-width parentheses (sources/notice-jma-2023-07-24.txt)
expect_contains "notice: 資格(無効) half-width as in the source" "$TN" "「資格(無効)」や「資格情報なし」"
expect_contains "notice: 被用者保険(社保) half-width as in the source" "$TN" "被用者保険(社保)にご加入の方は"
expect_not_contains "notice: no full-width 資格（無効）" "$TN" "資格（無効）"
# F2: the QR box is marked as the clinic's addition, not MHLW's
expect_contains "notice: the QR box is marked as the clinic's addition" "$TN" "（この枠は医療機関が追加したもので、厚生労働省の資料にはありません）"
expect_contains "notice menu path" "$TN" "「わたしの情報」→「健康・医療」→「健康保険証情報」をご覧ください。"
expect_contains "imprint name" "$TN" "神田内科クリニック"
expect_contains "imprint phone" "$TN" "03-9876-5432"

# configurable URL
"$BIN" notice --url "https://example.jp/myna" -o "$TMP/notice-url.pdf"
expect_eq "QR decodes to the configured URL" "https://example.jp/myna" "$(qr_of "$TMP/notice-url.pdf")"
expect_contains "the URL is printed under the code" "$(text_of "$TMP/notice-url.pdf")" "https://example.jp/myna"

# ---- PIN-less variant: no QR, the advice, not passed off as MHLW's
"$BIN" notice --pinless -o "$TMP/pinless.pdf"
check "qpdf --check pinless" qpdf --check "$TMP/pinless.pdf"
expect_eq "pinless notice has no QR code" "" "$(qr_of "$TMP/pinless.pdf")"
TP=$(text_of "$TMP/pinless.pdf")
expect_contains "pinless: 資格確認書 advice" "$TP" "「資格確認書」または「資格情報のお知らせ」"
expect_contains "pinless: says it is not MHLW's" "$TP" "厚生労働省の公式の文書ではありません。"
expect_not_contains "pinless: no QR box, no caption of one" "$TP" "この枠は"
expect_not_contains "pinless: does not send to マイナポータル login" "$TP" "マイナポータルにログイン"

# ---- explanation sheet
"$BIN" explanation -o "$TMP/expl.pdf"
check "qpdf --check explanation" qpdf --check "$TMP/expl.pdf"
TE=$(text_of "$TMP/expl.pdf")
expect_contains "explanation official sentence" "$TE" "本申立書をご記載いただくことにより、3割負担（※未就学児は2割負担。70歳以上等の方は1～3割）により自己負担額を計算します。"
expect_contains "explanation published sentence" "$TE" "被保険者番号等の情報（保険証のコピーや写真を含む。）がわかり次第、必ず受診された医療機関等にお伝えください。"

# ---- packet: explanation, declaration, notice, in that order
"$BIN" packet --data "$EX/patient.json" --clinic "$EX/clinic.json" -o "$TMP/packet.pdf"
check "qpdf --check packet" qpdf --check "$TMP/packet.pdf"
expect_eq "packet has 3 pages" "3" "$(pdfinfo "$TMP/packet.pdf" | awk '/^Pages:/ {print $2}')"
expect_contains "packet page 1 = explanation" "$(text_of -f 1 -l 1 "$TMP/packet.pdf")" "被保険者資格申立書に関する説明書"
expect_contains "packet page 2 = declaration, filled" "$(text_of -f 2 -l 2 "$TMP/packet.pdf")" "${YOSHI}田${IVS_KUZU}子"
expect_contains "packet page 3 = notice" "$(text_of -f 3 -l 3 "$TMP/packet.pdf")" "オンライン資格確認ができない場合"
expect_eq "packet QR on page 3" "https://myna.go.jp/" "$(qr_of "$TMP/packet.pdf" 3)"
"$BIN" packet --data "$EX/patient.json" --pinless -o "$TMP/packet-pl.pdf"
expect_contains "pinless packet carries the pinless notice" "$(text_of -f 3 -l 3 "$TMP/packet-pl.pdf")" "顔認証マイナンバーカード"

# ---- several records in one PDF: every page has the form's own text and its
# own patient; the static layer (content and fonts) is shared, not repeated
printf '%s\n' '{"name":"山田　太郎","birth_date":"1980-01-02"}' '{"name":"佐藤　花子","sex":"2"}' \
  '{"name":"鈴木　一郎","address":"大阪府大阪市北区梅田一丁目1番1号"}' > "$TMP/three.jsonl"
"$BIN" batch --doc declaration --in "$TMP/three.jsonl" --merge "$TMP/three.pdf" --quiet 2>/dev/null
check "merged PDF passes qpdf --check" qpdf --check "$TMP/three.pdf"
check "merged PDF fonts" fonts_ok "$TMP/three.pdf"
i=1
for who in 山田太郎 佐藤花子 鈴木一郎; do
  P=$(text_of -f $i -l $i "$TMP/three.pdf")
  expect_contains "merged page $i: the official statement" "$P" "下記の通り申し立てます。"
  expect_contains "merged page $i: its own patient" "$P" "$who"
  i=$((i + 1))
done
expect_not_contains "merged page 1 has only its own patient" "$(text_of -f 1 -l 1 "$TMP/three.pdf")" "佐藤花子"
"$BIN" declaration --data-dir "$SRC" --data - -o "$TMP/one.pdf" <<< '{"name":"山田　太郎","birth_date":"1980-01-02"}'
one=$(stat -c %s "$TMP/one.pdf"); three=$(stat -c %s "$TMP/three.pdf")
check "three pages share the static layer ($three bytes < 1.5 × one page, $one)" test "$three" -lt $((one * 3 / 2))

# ---- "tick_font": a template printed in BIZ UD Mincho only (the peer
# benchmark's page) ticks its boxes with Mincho's ✓ and embeds no other face
"$BIN" declaration --template-dir "$SRC/bench/peers/templates" --data "$EX/patient.json" -o "$TMP/one-face.pdf"
check "one-face template renders" qpdf --check "$TMP/one-face.pdf"
expect_eq "one-face template: only BIZ UD Mincho (+ IPAmj for 𠮷)" "BIZUDMincho-Regular BIZUDMincho-Regular IPAmjMincho" \
  "$(pdffonts "$TMP/one-face.pdf" | awk 'NR>2 {sub(/^[A-Z]+\+/, "", $1); print $1}' | sort | tr '\n' ' ' | sed 's/ $//')"
expect_contains "one-face template: the tick is text" "$(layout_of "$TMP/one-face.pdf")" "✓女"

# ---- a base with many combining marks is one cluster whose text one glyph
# stands for; poppler reads a ToUnicode entry of at most 63 UTF-16 units, so
# the whole text also goes as /ActualText: copy and search give it back
for n in 62 63 64 200; do
  python3 -c "import json; print(json.dumps({'name': '山' + '\u0301' * $n + '　太郎'}))" > "$TMP/marks.json"
  "$BIN" declaration --data "$TMP/marks.json" -o "$TMP/marks.pdf"
  check "$n combining marks: qpdf --check" qpdf --check "$TMP/marks.pdf"
  pdftotext -enc UTF-8 "$TMP/marks.pdf" - 2>&1 >/dev/null | cat > "$TMP/marks.err"
  expect_eq "$n combining marks: poppler reads the PDF without complaint" "" "$(cat "$TMP/marks.err")"
  expect_contains "$n combining marks: pdftotext gives the name back" "$(text_of "$TMP/marks.pdf")" \
    "山$(python3 -c "print('\u0301' * $n, end='')")太郎"
done

# ---- the text layer is the printed text (issue 15, item 4): kana given
# decomposed (す U+3099, か U+3099, は U+309A) print as one glyph and copy as
# the composed kana; the compatibility ideograph 神 U+FA19 and the IVS of 葛󠄀
# stay as given (no NFC)
python3 -c "import json; print(json.dumps({'name': '\uFA19田\u3000葛\U000E0100す\u3099す\u3099', 'address': '東京都か\u3099は\u309Aく', 'insurance': {'insurer_name': 'す\u3099かん\uFA19'}}))" > "$TMP/nfd.json"
"$BIN" declaration --data "$TMP/nfd.json" -o "$TMP/nfd.pdf"
T=$(text_of "$TMP/nfd.pdf")
expect_contains "decomposed kana copy as printed: name" "$T" $'\xef\xa8\x99田'"${IVS_KUZU}ずず"
expect_contains "decomposed kana copy as printed: address" "$T" "東京都がぱく"
expect_contains "decomposed kana copy as printed: insurer, 神 U+FA19 kept" "$T" $'ずかん\xef\xa8\x99'
expect_not_contains "no combining voiced mark left in the text layer" "$T" $'\xe3\x82\x99'
expect_not_contains "no combining semi-voiced mark left in the text layer" "$T" $'\xe3\x82\x9a'
expect_not_contains "神 U+FA19 is not unified to U+795E" "$T" "神"

# ---- stdout
"$BIN" declaration --blank -o - > "$TMP/stdout.pdf"
check "-o - writes a valid PDF to stdout" qpdf --check "$TMP/stdout.pdf"

finish
