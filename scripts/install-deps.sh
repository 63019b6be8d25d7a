#!/usr/bin/env bash
# Installs what socreport needs to build, render and test, when any of it is missing: Debian packages
# (C libraries, fonts, PDF tools, the PostgreSQL server the tests start with scripts/with-postgres.sh) and the
# Python tools the tests run against.
set -euo pipefail
packages=(
  pkg-config libcairo2-dev libpango1.0-dev libfontconfig1-dev libsqlite3-dev
  fonts-morisawa-bizud-gothic fonts-noto-cjk fonts-dejavu-core
  poppler-utils qpdf time openssl python3 python3-pip
  zlib1g-dev python3-pikepdf python3-pdfminer
  chromium chromium-driver
  postgresql postgresql-client
)
# Python packages the tests use, as "module:package" (module is what `import` names).
python_packages=(
  yaml:PyYAML
  kubernetes_validate:kubernetes-validate
  stix2validator:stix2-validator==3.3.2
  stix2patterns:stix2-patterns==2.1.2
  stix2:stix2==3.0.2
  taxii2client:taxii2-client==2.3.0
  aiosmtpd:aiosmtpd
  selenium:selenium
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
if [ ${#missing[@]} -gt 0 ]; then
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

python_missing=()
for entry in "${python_packages[@]}"; do
  python3 -c "import ${entry%%:*}" 2>/dev/null || python_missing+=("${entry#*:}")
done
if [ ${#python_missing[@]} -gt 0 ]; then
  # Debian 12 marks its Python "externally managed" (PEP 668); the variable lets pip install there, and is
  # ignored by a pip that predates it or a Python that is not marked.
  PIP_BREAK_SYSTEM_PACKAGES=1 python3 -m pip install -q --disable-pip-version-check "${python_missing[@]}"
fi
