#!/usr/bin/env bash
# Times socreport and the peer engines (../shared/bench) on the same inputs in the same run, and prints
# socreport's figures as ratios against each peer: the machine is shared, so only same-run ratios mean much.
#   bench/compare.sh                        # typst (untagged and tagged) and reportlab, 5 cold runs, 20 warm renders
#   PEERS=typst,reportlab,weasyprint COLD_REPS=3 BATCH_N=10 bench/compare.sh
# Results stay in $WORK_DIR (default /tmp/socreport-bench); PDFs of every engine for a look side by side.
set -euo pipefail
cd "$(dirname "$0")/.."
peers_src=${PEERS_DIR:-../shared/bench}
work=${WORK_DIR:-/tmp/socreport-bench}
peers=${PEERS:-typst,typst:--tags,reportlab}
reps=${COLD_REPS:-5}
n=${BATCH_N:-20}
scratch=${SCRATCH:-.build}

swift build -c release --static-swift-stdlib --scratch-path "$scratch" >/dev/null
bin=$scratch/release/socreport
mkdir -p "$work/peers" "$work/pdf"
# shared/ is read-only: the peers run from a copy, which keeps their virtualenv between runs.
cp -r "$peers_src/." "$work/peers/" && chmod -R u+w "$work/peers"
# socreport is timed before and after the peers, and ratios.py takes the mean of the two, so that a
# quiet or busy spell of the shared machine does not land on one side only.
inputs=(typical:incident:typical-incident.json large:incident:large-incident.json monthly:monthly:monthly.json)
time_socreport() {
  for spec in "${inputs[@]}"; do
    IFS=: read -r name kind file <<<"$spec"
    path="$work/peers/inputs/$file"
    warm=$("$bin" bench --json --iterations "$n" "$path")
    cold=()
    for _ in $(seq "$reps"); do
      cold+=("$( { /usr/bin/time -f "%e %M" "$bin" "$kind" render "$path" -o "$work/pdf/$name.pdf" >/dev/null; } 2>&1 | tail -1)")
    done
    printf '{"input":"%s","warm":%s,"cold":"%s"}\n' "$name" "$warm" "${cold[*]}"
  done
}
time_socreport > "$work/socreport.jsonl"
(cd "$work/peers" && ./run_peers.sh --peers "$peers" --cold-reps "$reps" --batch-n "$n" --out "$work/peer-results" >/dev/null)
time_socreport >> "$work/socreport.jsonl"
python3 bench/ratios.py "$work/socreport.jsonl" "$work/peer-results/results.json"
