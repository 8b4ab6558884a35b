#!/usr/bin/env bash
# test_cache.sh — the on-disk cache (templates' static layers, parsed
# templates, the template index): output is byte for byte the same cold,
# warm and without the cache; the cache never holds card data; a damaged,
# foreign or stale cache file is a miss, never wrong output; a directory
# others can write to is not used; files are private.
source "$(dirname "$0")/../lib/assert.sh"
need python3
need pdftotext

C=$TMP/cache
export MYNAFORM_CACHE_DIR=$C
cp -r "$SRC/examples" "$TMP/ex"
card_b() {
  python3 - "$1" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
d["name"] = "鷹司　麗華"; d["kana"] = "タカツカサ　レイカ"
d["address"] = "北海道札幌市中央区南十条西九丁目8-7"; d["birth_date"] = "1987-03-04"
print(json.dumps(d, ensure_ascii=False))
EOF
}
card_b "$TMP/ex/patient.json" >"$TMP/b.json"

render() { # render DOC OUT [DATA] — with whatever cache the environment says
  "$BIN" "$1" --data "${3:-$TMP/ex/patient.json}" -o "$2"
}

# ---- cold, warm and off give the same bytes, for every document
for doc in declaration notice explanation packet; do
  rm -rf "$C"
  render $doc "$TMP/cold.pdf"
  expect_eq "$doc: cold render" 0 $?
  render $doc "$TMP/warm.pdf"
  MYNAFORM_CACHE_DIR=off render $doc "$TMP/off.pdf"
  check "$doc: warm = cold" cmp "$TMP/cold.pdf" "$TMP/warm.pdf"
  check "$doc: off = cold" cmp "$TMP/cold.pdf" "$TMP/off.pdf"
done
n=$(ls "$C" | grep -c '^static-')
expect_eq "the packet left a static layer per template" 3 "$n"
expect_eq "one template index" 1 "$(ls "$C" | grep -c '^templates-.*\.idx$')"
check "parsed templates are kept" test "$(ls "$C" | grep -c '^template-.*\.bin$')" -ge 3

# ---- a cold cache keeps the render's warnings (saving the layers must not
# clear them)
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); d['address']='東京都千代田区●●1-1'; print(json.dumps(d, ensure_ascii=False))" \
  "$TMP/ex/patient.json" >"$TMP/mark.json"
rm -rf "$C"
run_rc "$BIN" declaration --data "$TMP/mark.json" -o "$TMP/mark.pdf"
expect_contains "cold cache: the warning is shown" "$ERR" "warning: \$.address"
run_rc "$BIN" declaration --data "$TMP/mark.json" -o "$TMP/mark.pdf"
expect_contains "warm cache: the warning is shown" "$ERR" "warning: \$.address"

# ---- private: directory 0700, files 0600
expect_eq "cache directory mode" 700 "$(stat -c %a "$C")"
bad=$(find "$C" -type f ! -perm 600 | wc -l)
expect_eq "cache files are 0600" 0 "$bad"

# ---- no card data: two different patients leave identical caches
rm -rf "$TMP/c1" "$TMP/c2"
MYNAFORM_CACHE_DIR=$TMP/c1 render packet "$TMP/p1.pdf" "$TMP/ex/patient.json"
MYNAFORM_CACHE_DIR=$TMP/c2 render packet "$TMP/p2.pdf" "$TMP/b.json"
check "patients differ in the PDFs" bash -c "! cmp -s '$TMP/p1.pdf' '$TMP/p2.pdf'"
check "the caches of two patients are identical" diff -r "$TMP/c1" "$TMP/c2"
for f in "$TMP"/c1/*; do
  for s in 麗華 鷹司 札幌; do
    grep -q "$s" "$f" && fail "cache file $(basename "$f") holds $s"
  done
done
ok

# ---- damaged files are misses: flip a byte, truncate, replace with junk
# (every file is read by the packet or the PIN-less notice)
both() { # both PREFIX: the packet and the PIN-less notice
  render packet "$1-packet.pdf" && "$BIN" notice --pinless --data "$TMP/ex/patient.json" -o "$1-pinless.pdf"
}
rm -rf "$C"
render declaration "$TMP/ref.pdf"
both "$TMP/ref"
i=0
for f in "$C"/*; do
  i=$((i + 1))
  cp "$f" "$TMP/keep"
  case $((i % 3)) in
    0) python3 -c "import sys; p=sys.argv[1]; b=bytearray(open(p,'rb').read()); b[len(b)//2]^=0x20; open(p,'wb').write(b)" "$f" ;;
    1) truncate -s $(($(stat -c %s "$f") / 2)) "$f" ;;
    2) head -c 300 /dev/urandom >"$f" ;;
  esac
  both "$TMP/dmg"
  expect_eq "damaged $(basename "$f"): exit" 0 $?
  check "damaged $(basename "$f"): same packet" cmp "$TMP/ref-packet.pdf" "$TMP/dmg-packet.pdf"
  check "damaged $(basename "$f"): same notice" cmp "$TMP/ref-pinless.pdf" "$TMP/dmg-pinless.pdf"
  check "damaged $(basename "$f"): rewritten" cmp "$TMP/keep" "$f"
done

# ---- a changed template is not served from the cache
cp -r "$SRC/templates" "$TMP/tpl"
export MYNAFORM_TEMPLATE_DIR=$TMP/tpl
rm -rf "$C"
render declaration "$TMP/t1.pdf"
render declaration "$TMP/t1.pdf"
python3 - "$TMP/tpl/declaration-2023.json" <<'EOF'
import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
assert "被保険者資格申立書" in s
open(p, "w", encoding="utf-8").write(s.replace("被保険者資格申立書", "被保険者資格申立書（試験）"))
EOF
render declaration "$TMP/t2.pdf"
expect_contains "edited title printed" "$(pdftotext "$TMP/t2.pdf" - | tr -d ' ')" "（試験）"
# a new template file is listed at once (the index follows the directory)
cp "$TMP/tpl/notice-2023.json" "$TMP/tpl/notice-2099.json"
sed -i 's/"date": *"[^"]*"/"date": "2099-01-01"/' "$TMP/tpl/notice-2099.json"
expect_contains "added template listed" "$("$BIN" templates)" "notice-2099"
# a template that breaks is reported, not hidden by the index
echo '{' >"$TMP/tpl/notice-2099.json"
run_rc "$BIN" templates
expect_eq "broken template: exit 5" 5 "$RC"
rm -f "$TMP/tpl/notice-2099.json"
unset MYNAFORM_TEMPLATE_DIR

# ---- a changed font file is a different key
mkdir -p "$TMP/fonts"
cp "$SRC"/fonts/*.ttf "$TMP/fonts/"
export MYNAFORM_FONT_DIR=$TMP/fonts
rm -rf "$C"
render declaration "$TMP/f1.pdf"
before=$(ls "$C" | grep -c '^static-')
touch -d '2001-01-01' "$TMP/fonts/BIZUDMincho-Regular.ttf"
render declaration "$TMP/f2.pdf"
after=$(ls "$C" | grep -c '^static-')
expect_eq "touched font: a new static layer" $((before + 1)) "$after"
check "touched font: same PDF" cmp "$TMP/f1.pdf" "$TMP/f2.pdf"
unset MYNAFORM_FONT_DIR

# ---- a directory others can write to is not used
rm -rf "$C"
mkdir -m 0777 "$C"
chmod 0777 "$C"
render declaration "$TMP/w.pdf"
expect_eq "world-writable cache dir: render works" 0 $?
expect_eq "world-writable cache dir: nothing written" 0 "$(ls -A "$C" | wc -l)"
check "world-writable cache dir: same PDF" cmp "$TMP/ref.pdf" "$TMP/w.pdf"

# ---- off means off
rm -rf "$C"
MYNAFORM_CACHE_DIR=off render declaration "$TMP/o.pdf"
check "MYNAFORM_CACHE_DIR=off writes nothing" test ! -e "$C"

finish
