#!/usr/bin/env bash
# Installs the Debian packages socreport needs to build, render and test, when any is missing.
set -euo pipefail
packages=(
  pkg-config libcairo2-dev libpango1.0-dev libfontconfig1-dev libsqlite3-dev
  fonts-morisawa-bizud-gothic fonts-noto-cjk fonts-dejavu-core
  poppler-utils qpdf time
  zlib1g-dev python3-pikepdf python3-pdfminer
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
