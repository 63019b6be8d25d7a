#!/usr/bin/env python3
"""Prints socreport's timings beside the peers' from the same run, as ratios (peer time / socreport time)."""
import json
import statistics
import sys

ours = [json.loads(line) for line in open(sys.argv[1])]
peers = json.load(open(sys.argv[2]))

print("| input | engine | warm ms/doc (median) | cold s (median) | peak RSS MB (cold) | warm: peer / socreport | cold: peer / socreport |")
print("|---|---|---|---|---|---|---|")
for o in ours:
    pairs = o["cold"].split()
    runs = [(float(pairs[i]), int(pairs[i + 1])) for i in range(0, len(pairs), 2)]
    cold_s = statistics.median(r[0] for r in runs)
    rss = statistics.median(r[1] for r in runs) / 1024
    warm = o["warm"]["median_ms"]
    print(f"| {o['input']} | socreport | {warm:.1f} | {cold_s:.3f} | {rss:.0f} | 1 | 1 |")
    for p in peers:
        if p["input"] != o["input"] or "error" in p:
            continue
        pw, pc = p.get("batch_median_ms"), p.get("cold_s")
        print(f"| {o['input']} | {p['peer']} | {pw if pw is not None else '-'} | {pc if pc is not None else '-'} | "
              f"{p.get('rss_mb', '-')} | {f'{pw / warm:.1f}x' if pw else '-'} | {f'{pc / cold_s:.1f}x' if pc else '-'} |")
