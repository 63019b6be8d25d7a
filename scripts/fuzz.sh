#!/usr/bin/env bash
# Builds one libFuzzer target of Fuzz/ (AddressSanitizer on) and runs it for SECONDS on its corpus.
#   scripts/fuzz.sh FuzzJSON|FuzzDocument|FuzzProse|FuzzLayout SECONDS [libFuzzer options...]
# The corpus grows in Fuzz/corpus/TARGET (seeded from Fuzz/seeds/TARGET, made from ../shared/samples
# by Fuzz/make-seeds.sh); inputs that crash, hang or leak are written to Fuzz/findings/TARGET/.
set -euo pipefail
target=${1:?target: FuzzJSON, FuzzDocument, FuzzProse or FuzzLayout}
seconds=${2:?seconds to run}
shift 2
root=$(cd "$(dirname "$0")/.." && pwd)
fuzz="$root/Fuzz"

swift build --package-path "$fuzz" -c release --product "$target" \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -enable-testing >&2
binary="$(swift build --package-path "$fuzz" -c release --show-bin-path)/$target"

[ -d "$fuzz/seeds/$target" ] || "$fuzz/make-seeds.sh"
mkdir -p "$fuzz/corpus/$target" "$fuzz/findings/$target"
export SOCREPORT_HOME="$root"
# Caches held for the whole process are not leaks of a run; anything else still is.
export LSAN_OPTIONS="suppressions=$fuzz/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
exec "$binary" "$fuzz/corpus/$target" "$fuzz/seeds/$target" \
    -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 -max_len=65536 -print_final_stats=1 \
    -artifact_prefix="$fuzz/findings/$target/" "$@"
