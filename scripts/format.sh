#!/usr/bin/env bash
# Formats every Swift file of the project with the toolchain's swift-format and the project's .swift-format;
# with --check (what CI runs) changes nothing and fails on any file that would change or breaks a rule.
set -euo pipefail
cd "$(dirname "$0")/.."
paths=(Package.swift Sources Tests Fuzz)
if [[ "${1:-}" == "--check" ]]; then
    exec swift format lint --strict --parallel --recursive "${paths[@]}"
fi
exec swift format format --in-place --parallel --recursive "${paths[@]}"
