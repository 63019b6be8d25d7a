#!/usr/bin/env python3
"""Fresh-process render times of socreport against Typst (the peer of ../shared/bench), run in pairs.

Each repetition starts one `socreport incident|monthly render` and one Typst render of the same input
back to back, in alternating order, and takes the ratio of the two wall times; the table gives the
median of those ratios with each engine's median time. Pairing keeps a busy or quiet spell of the
shared machine from landing on one engine only.

    python3 bench/paired.py --peers-dir ../shared/bench --reps 15
    python3 bench/paired.py --socreport /tmp/socreport-before --inputs typical --reps 5
    python3 bench/paired.py --typst-flags=--tags        # against Typst's tagged PDF

The peers' folder is copied into --work (../shared is read-only) and gets a virtualenv with the pinned
`typst` package from its requirements.txt on first use. Typst runs as run_peers.py runs it:
`peers/typst_report.py KIND INPUT OUTPUT` from the peers' folder, untagged unless told.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

INPUTS = {"typical": ("incident", "inputs/typical-incident.json"),
          "large": ("incident", "inputs/large-incident.json"),
          "monthly": ("monthly", "inputs/monthly.json")}


def wall(cmd, cwd):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - t0
    if p.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{p.stderr[-2000:]}")
    return elapsed


def peers_python(peers_src, work):
    """A copy of the peers' folder with a virtualenv holding the pinned typst."""
    peers = os.path.join(work, "peers")
    if not os.path.isdir(peers):
        shutil.copytree(peers_src, peers, ignore=shutil.ignore_patterns(".venv", "results"))
    python = os.path.join(peers, ".venv", "bin", "python")
    if not os.path.exists(python):
        pin = next(line.strip() for line in open(os.path.join(peers, "requirements.txt")) if line.startswith("typst"))
        subprocess.run([sys.executable, "-m", "venv", os.path.join(peers, ".venv")], check=True)
        subprocess.run([python, "-m", "pip", "install", "-q", pin], check=True)
    return peers, python


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--peers-dir", default=os.path.join(here, "..", "..", "shared", "bench"))
    ap.add_argument("--socreport", default=os.path.join(here, "..", ".build", "release", "socreport"))
    ap.add_argument("--inputs", default="typical,large,monthly")
    ap.add_argument("--reps", type=int, default=15)
    ap.add_argument("--typst-flags", default="", help="extra flags for the Typst peer, e.g. --tags")
    ap.add_argument("--work", default="/tmp/socreport-paired")
    ap.add_argument("--json", action="store_true", help="print every pair's times as JSON too")
    a = ap.parse_args()
    os.makedirs(os.path.join(a.work, "pdf"), exist_ok=True)
    peers, python = peers_python(os.path.abspath(a.peers_dir), a.work)
    socreport = os.path.abspath(a.socreport)

    rows = []
    for name in a.inputs.split(","):
        kind, inp = INPUTS[name]
        path = os.path.join(peers, inp)
        ours = [socreport, kind, "render", path, "-o", os.path.join(a.work, "pdf", f"socreport-{name}.pdf")]
        typst = [python, os.path.join("peers", "typst_report.py"), kind, inp,
                 os.path.join(a.work, "pdf", f"typst-{name}.pdf")] + a.typst_flags.split()
        # One unpaired run of each first: the page cache then holds both engines' files for every pair.
        wall(ours, peers), wall(typst, peers)
        pairs = []
        for rep in range(a.reps):
            if rep % 2 == 0:
                s, t = wall(ours, peers), wall(typst, peers)
            else:
                t, s = wall(typst, peers), wall(ours, peers)
            pairs.append((s, t))
        ratio = statistics.median(s / t for s, t in pairs)
        rows.append((name, statistics.median(s for s, _ in pairs), statistics.median(t for _, t in pairs), ratio,
                     min(s / t for s, t in pairs), max(s / t for s, t in pairs)))
        if a.json:
            print(json.dumps({"input": name, "pairs": pairs}))
    flags = f" {a.typst_flags}" if a.typst_flags else ""
    print(f"| input | socreport s (median) | Typst{flags} s (median) | socreport / Typst (median of {a.reps} pairs) | range |")
    print("|---|---|---|---|---|")
    for name, s, t, ratio, low, high in rows:
        print(f"| {name} | {s:.3f} | {t:.3f} | {ratio:.2f} | {low:.2f}–{high:.2f} |")


if __name__ == "__main__":
    main()
