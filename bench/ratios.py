#!/usr/bin/env python3
"""Prints socreport's timings beside the peers' from the same run, as ratios (peer time / socreport time).

socreport is timed before and after the peers (compare.sh); its figures here are the mean of the two
runs' medians, and the table says how far apart the two were.
"""
import json
import statistics
import sys

runs = {}
for line in open(sys.argv[1]):
    o = json.loads(line)
    runs.setdefault(o["input"], []).append(o)
peers = json.load(open(sys.argv[2]))


def cold(o):
    """Median wall time (s) and peak RSS (MB) of the fresh processes of one run."""
    pairs = o["cold"].split()
    times = [float(pairs[i]) for i in range(0, len(pairs), 2)]
    rss = [int(pairs[i + 1]) / 1024 for i in range(0, len(pairs), 2)]
    return statistics.median(times), statistics.median(rss)


print("| input | engine | warm ms/doc (median) | cold s (median) | peak RSS MB (cold) | warm: peer / socreport | cold: peer / socreport |")
print("|---|---|---|---|---|---|---|")
for name, ours in runs.items():
    warms = [o["warm"]["median_ms"] for o in ours]
    colds = [cold(o) for o in ours]
    warm = statistics.mean(warms)
    cold_s = statistics.mean(c[0] for c in colds)
    rss = max(c[1] for c in colds)
    spread = ", ".join(f"{label} {w:.1f}" for label, w in zip(["before", "after"], warms))
    print(f"| {name} | socreport | {warm:.1f} ({spread}) | {cold_s:.3f} | {rss:.0f} | 1 | 1 |")
    for p in peers:
        if p["input"] != name or "error" in p:
            continue
        pw, pc = p.get("batch_median_ms"), p.get("cold_s")
        print(f"| {name} | {p['peer']} | {pw if pw is not None else '-'} | {pc if pc is not None else '-'} | "
              f"{p.get('rss_mb', '-')} | {f'{pw / warm:.1f}x' if pw else '-'} | {f'{pc / cold_s:.1f}x' if pc else '-'} |")
