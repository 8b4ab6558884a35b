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
