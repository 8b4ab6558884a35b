#!/usr/bin/env bash
# setup.sh — installs from Debian every package that mynaform's build, tests
# and benchmarks need.  Idempotent: installs only what is missing.
set -euo pipefail

PACKAGES=(
  # build
  cmake make gcc g++ pkg-config
  libhpdf-dev libharfbuzz-dev libfreetype-dev libqrencode-dev
  libjansson-dev libcsv-dev libdeflate-dev zlib1g-dev libunistring-dev
  # reading the My Number card (PC/SC); pcscd, libccid (real readers) and
  # vsmartcard-vpcd (the virtual reader of the card test, tests/card/)
  libpcsclite-dev pcscd libccid vsmartcard-vpcd
  # mynaform serve (GnuTLS support built in)
  libmicrohttpd-dev
  # tests
  libcmocka-dev poppler-utils qpdf zbar-tools clang libclang-rt-14-dev groff-base man-db
  # the schema differential test (Draft202012Validator: jsonschema 4.x)
  python3 python3-jsonschema
  # the PDF tests: metadata read back with pikepdf; PDF/A-1b validated by
  # Apache PDFBox Preflight on a headless JRE (tests/pdf/check_pdfa.sh)
  python3-pikepdf libpdfbox2-java default-jre-headless libactivation-java libjaxb-api-java
  # the service tests: a self-signed certificate for the HTTPS test
  openssl
  # the fallback font for name characters (IPAmj Mincho, IPA Font License)
  fonts-ipamj-mincho
  # the staff page's browser test (tests/browser): Debian's chromium, driven
  # by playwright-core from npm (no browser download)
  chromium
  # benchmarks (wrk: the load generator of bench/serve_bench.sh)
  time wrk
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "setup: all packages present"

# The browser test's npm packages (playwright-core, @axe-core/playwright),
# exactly as tests/browser/package-lock.json pins them.  They need Node.js
# 20 or later with npm (the machine's own; Debian 12's nodejs is 18).
BROWSER=tests/browser
if ! command -v npm >/dev/null || ! command -v node >/dev/null; then
  echo "setup: node and npm (Node.js 20 or later) are needed for tests/browser" >&2
  exit 1
fi
if [ "$(node -p 'parseInt(process.versions.node, 10)')" -lt 20 ]; then
  echo "setup: tests/browser needs Node.js 20 or later (found $(node --version))" >&2
  exit 1
fi
if ! cmp -s "$BROWSER/package-lock.json" "$BROWSER/node_modules/.package-lock.json.ci" 2>/dev/null; then
  echo "setup: npm ci in $BROWSER"
  (cd "$BROWSER" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  cp "$BROWSER/package-lock.json" "$BROWSER/node_modules/.package-lock.json.ci"
fi
echo "setup: browser test packages present"
