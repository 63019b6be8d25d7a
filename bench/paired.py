#!/usr/bin/env python3
"""Fresh-process render times of socreport against Typst (the peer of ../shared/bench), run in pairs.

Each repetition starts one `socreport incident|monthly render` and one Typst render of the same input
back to back, in alternating order, and takes the ratio of the two wall times; the table gives the
median of those ratios with each engine's median time, for wall time and for CPU time (user + system;
on a busy machine the steadier of the two). With --baseline, a third render by that build
joins every round (the order rotating), and the table adds its ratio to Typst and socreport's to it. Pairing keeps a busy or quiet spell of the
shared machine from landing on one engine only.

    python3 bench/paired.py --peers-dir ../shared/bench --reps 15
    python3 bench/paired.py --socreport /tmp/socreport-before --inputs typical --reps 5
    python3 bench/paired.py --typst-flags=--tags        # against Typst's tagged PDF
    python3 bench/paired.py --baseline /tmp/socreport-before   # and another build, in the same rounds

The peers' folder is copied into --work (../shared is read-only) and gets a virtualenv with the pinned
`typst` package from its requirements.txt on first use. Typst runs as run_peers.py runs it:
`peers/typst_report.py KIND INPUT OUTPUT` from the peers' folder, untagged unless told.
"""
import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time

INPUTS = {"typical": ("incident", "inputs/typical-incident.json"),
          "large": ("incident", "inputs/large-incident.json"),
          "monthly": ("monthly", "inputs/monthly.json")}


def timed(cmd, cwd):
    """Wall time and CPU time (user + system) of one run of `cmd`."""
    before, t0 = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed, after = time.perf_counter() - t0, resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{p.stderr[-2000:]}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


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
    ap.add_argument("--baseline", help="another socreport build to time in the same rounds, e.g. before a change")
    ap.add_argument("--typst-flags", default="", help="extra flags for the Typst peer, e.g. --tags")
    ap.add_argument("--work", default="/tmp/socreport-paired")
    ap.add_argument("--json", action="store_true", help="print every round's (wall, CPU) times as JSON too")
    a = ap.parse_args()
    os.makedirs(os.path.join(a.work, "pdf"), exist_ok=True)
    peers, python = peers_python(os.path.abspath(a.peers_dir), a.work)
    socreport = os.path.abspath(a.socreport)
    baseline = os.path.abspath(a.baseline) if a.baseline else None

    rows = []
    for name in a.inputs.split(","):
        kind, inp = INPUTS[name]
        path = os.path.join(peers, inp)

        def render(binary, label):
            return [binary, kind, "render", path, "-o", os.path.join(a.work, "pdf", f"{label}-{name}.pdf")]
        commands = [render(socreport, "socreport"),
                    [python, os.path.join("peers", "typst_report.py"), kind, inp,
                     os.path.join(a.work, "pdf", f"typst-{name}.pdf")] + a.typst_flags.split()]
        if baseline:
            commands.append(render(baseline, "baseline"))
        # One unpaired run of each first: the page cache then holds every engine's files for every round.
        for command in commands:
            timed(command, peers)
        rounds = []
        for rep in range(a.reps):
            order = list(range(len(commands)))
            order = order[rep % len(order):] + order[:rep % len(order)]   # each engine in each place in turn
            times = [(0.0, 0.0)] * len(commands)
            for i in order:
                times[i] = timed(commands[i], peers)
            rounds.append(times)
        rows.append((name, rounds))
        if a.json:
            print(json.dumps({"input": name, "rounds": rounds}))

    def median(values):
        return statistics.median(list(values))
    flags = f" {a.typst_flags}" if a.typst_flags else ""
    for m, what in ((0, "wall time"), (1, "CPU time, user + system: less swayed by other work")):
        print(f"\n{what}, median of {a.reps} rounds:\n")
        head = f"| input | socreport s | Typst{flags} s | socreport / Typst | range |"
        if baseline:
            head += " baseline s | baseline / Typst | socreport / baseline |"
        print(head)
        print("|---" * head.count(" |") + "|")
        for name, rounds in rows:
            ratios = [r[0][m] / r[1][m] for r in rounds]
            line = (f"| {name} | {median(r[0][m] for r in rounds):.3f} | {median(r[1][m] for r in rounds):.3f} | "
                    f"{median(ratios):.2f} | {min(ratios):.2f}–{max(ratios):.2f} |")
            if baseline:
                line += (f" {median(r[2][m] for r in rounds):.3f} | {median(r[2][m] / r[1][m] for r in rounds):.2f} | "
                         f"{median(r[0][m] / r[2][m] for r in rounds):.2f} |")
            print(line)


if __name__ == "__main__":
    main()
