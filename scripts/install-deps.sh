#!/usr/bin/env bash
# Installs the Debian packages socreport needs to build, render and test, when any is missing.
set -euo pipefail
packages=(
  pkg-config libcairo2-dev libpango1.0-dev libfontconfig1-dev libsqlite3-dev
  fonts-morisawa-bizud-gothic fonts-noto-cjk fonts-dejavu-core
  poppler-utils qpdf time python3 python3-pip
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
# The STIX 2.1 tools the indicator tests check every exported bundle with (Tests/SOCIndicatorsTests);
# Debian 12 marks its Python externally managed, hence PIP_BREAK_SYSTEM_PACKAGES (ignored elsewhere).
python3 -c "import stix2, stix2validator, stix2patterns" 2>/dev/null \
  || PIP_BREAK_SYSTEM_PACKAGES=1 python3 -m pip install -q "stix2-validator==3.3.2" "stix2-patterns==2.1.2" "stix2==3.0.2"
