#!/usr/bin/env bash
# Installs the Debian packages socreport needs to build, render and test, when any is missing.
set -euo pipefail
packages=(
  pkg-config libcairo2-dev libpango1.0-dev libfontconfig1-dev libsqlite3-dev
  fonts-morisawa-bizud-gothic fonts-noto-cjk fonts-dejavu-core
  poppler-utils qpdf time openssl
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
# The mail tests run a real SMTP relay on loopback (Tests/Support/smtp_sink.py).
if ! python3 -c "import aiosmtpd" 2>/dev/null; then
  if ! python3 -m pip --version >/dev/null 2>&1; then
    sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends python3-pip
  fi
  # Debian's own Python refuses installs outside a virtual environment unless told (PEP 668).
  python3 -m pip install -q aiosmtpd 2>/dev/null || python3 -m pip install -q --break-system-packages aiosmtpd
fi
