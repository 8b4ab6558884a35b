#!/usr/bin/env bash
# check_pdfa.sh — every document rendered with --pdfa (the declaration blank
# and filled with 𠮷 and 葛󠄀, the explanation, the notice, the PIN-less
# notice, the packet, a merged batch and a batch's own PDFs, with the
# static-layer cache cold and warm) is valid PDF/A-1b for Apache PDFBox Preflight 2.0 (Debian's
# libpdfbox2-java); a PDF written without --pdfa is not, so the validator is
# seen to judge.  One JVM for every file (Validator_A1b's "group" mode).
source "$(dirname "$0")/../lib/assert.sh"
need java
J=/usr/share/java
CP=
for jar in preflight pdfbox2 fontbox2 xmpbox commons-logging javax.activation jaxb-api; do
  [ -f "$J/$jar.jar" ] || skip "$J/$jar.jar not installed"
  CP=${CP:+$CP:}$J/$jar.jar
done

EX=$SRC/examples
export MYNAFORM_CACHE_DIR=$TMP/cache
render() { # NAME ARGS...: renders with --pdfa into $TMP/pdf/NAME.pdf
  local name=$1
  shift
  check "$name renders with --pdfa" "$BIN" "$@" --pdfa -o "$TMP/pdf/$name.pdf"
}
mkdir -p "$TMP/pdf"
for pass in cold warm; do
  render "$pass-declaration" declaration --data "$EX/patient.json"
  render "$pass-blank" declaration --blank
  render "$pass-explanation" explanation
  render "$pass-notice" notice --clinic "$EX/clinic.json"
  render "$pass-pinless" notice --pinless
  render "$pass-packet" packet --data "$EX/patient.json" --clinic "$EX/clinic.json"
done
printf '%s\n%s\n' "$(tr -d '\n' <"$EX/patient.json")" "$(tr -d '\n' <"$EX/patient.json" | sed 's/03-1234-5678/03-9999-0000/')" >"$TMP/in.jsonl"
check "batch --merge --pdfa" "$BIN" batch --doc packet --in "$TMP/in.jsonl" --merge "$TMP/pdf/batch-packet.pdf" -q --pdfa
check "batch --out-dir --pdfa" "$BIN" batch --doc notice --in "$TMP/in.jsonl" --out-dir "$TMP/each" -q --pdfa
for f in "$TMP"/each/*.pdf; do cp "$f" "$TMP/pdf/batch-notice-$(basename "$f")"; done
"$BIN" declaration --data "$EX/patient.json" -o "$TMP/pdf/plain-declaration.pdf"

ls "$TMP"/pdf/*.pdf >"$TMP/list.txt" # absolute paths; the report names files by base name
run_rc java -cp "$CP" org.apache.pdfbox.preflight.Validator_A1b xml group "$TMP/list.txt"
XML=$(cat "$TMP/list.txt.preflight.xml" 2>/dev/null)
expect_contains "Preflight wrote its report" "$XML" "<preflights count=\"$(wc -l <"$TMP/list.txt" | tr -d ' ')\">"
for f in $(cd "$TMP/pdf" && ls -- *.pdf); do
  # the <preflight name="F"> element up to its </preflight>
  R=$(printf '%s\n' "$XML" | awk -v n="$f" 'index($0, "<preflight name=\"" n "\"") {on = 1} on {print} on && /<\/preflight>/ {exit}')
  case $f in
    plain-*) expect_contains "$f without --pdfa is not PDF/A-1b" "$R" '<isValid type="PDF/A1-b">false</isValid>' ;;
    *) expect_contains "$f is valid PDF/A-1b" "$R" '<isValid type="PDF/A1-b">true</isValid>' ;;
  esac
done
for d in declaration blank explanation notice pinless packet; do
  check "$d: the same bytes with the cache cold and warm" cmp "$TMP/pdf/cold-$d.pdf" "$TMP/pdf/warm-$d.pdf"
done
finish
