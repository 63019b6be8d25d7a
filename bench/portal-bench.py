#!/usr/bin/env python3
"""The portal under load: a tenant with 5,000 published reports, its reports page timed alone, then
200 concurrent wrk connections against the reports page, a report's page, 304s and a download.

    bench/portal-bench.py [--socreport .build/release/socreport] [--entries 5000] [--seconds 15] [--hold]

Needs wrk and curl (Debian). Builds everything in a temporary folder: the tenants and incidents ingested
through `socreport ingest`, the manifest and its files written as publishing would (real digests), a
customer added through `socreport user add`, the server started with `socreport serve`.
"""
import argparse, hashlib, json, os, re, shutil, statistics, subprocess, sys, tempfile, time, urllib.parse
from pathlib import Path

p = argparse.ArgumentParser()
p.add_argument("--socreport", default=".build/release/socreport")
p.add_argument("--entries", type=int, default=5000)
p.add_argument("--seconds", type=int, default=15)
p.add_argument("--connections", type=int, default=200)
p.add_argument("--timeout", type=int, default=10, help="wrk's per-request timeout, seconds (wrk counts a slower answer as an error)")
p.add_argument("--hold", action="store_true", help="set up, print the server's pid, address and cookie, and keep it up until Enter (to profile it)")
a = p.parse_args()
binary = str(Path(a.socreport).resolve())
work = Path(tempfile.mkdtemp(prefix="portal-bench-"))
db, portal = work / "store.sqlite", work / "portal"
tenant = {"id": "big", "name": "株式会社ビッグ", "language": "ja", "timeZone": "Asia/Tokyo",
          "contacts": [{"name": "SOC desk", "email": "soc@big.example"}]}
severities = ["critical", "serious", "medium", "information"]

def run(*args, stdin=None):
    return subprocess.run([binary, *args], input=stdin, text=True, capture_output=True, check=True, cwd=work)

docs = [{"kind": "tenants", "schemaVersion": 1, "tenants": [tenant]}]
entries = []
body = os.urandom(160_000)
for i in range(a.entries):
    year, month = 2022 + i // 1500, 1 + (i // 125) % 12
    when = f"{year}-{month:02d}-{1 + i % 28:02d}T0{i % 10}:00:00Z"
    inc = f"INC-{i:05d}"
    docs.append({"kind": "incident", "schemaVersion": 1, "id": inc, "revision": 1, "tenant": tenant, "title": f"不審な通信 {i}",
                 "severity": severities[i % 4], "threatType": "c2-communication", "detectedAt": when, "determinedAt": when,
                 "analysis": {"summary": "S.", "victims": [{"host": "PC-1"}], "occurredAt": when},
                 "recommendations": {"actions": ["Isolate."]}, "attack": {"overview": "O.", "stage": "delivery", "description": "D."}})
    path = f"incidents/{year}/{month:02d}/{inc}-r1.pdf"
    data = body + inc.encode()
    (portal / "big" / path).parent.mkdir(parents=True, exist_ok=True)
    (portal / "big" / path).write_bytes(data)
    entries.append({"kind": "incident", "id": inc, "revision": 1, "title": f"不審な通信 {i}", "severity": severities[i % 4],
                    "month": f"{year}-{month:02d}", "publishedAt": when, "size": len(data), "sha256": hashlib.sha256(data).hexdigest(),
                    "path": path, "inputSha256": "0" * 64, "renderer": "bench"})
(work / "docs.json").write_text(json.dumps(docs))
run("ingest", "--db", str(db), "docs.json")
entries.sort(key=lambda e: e["path"])
(portal / "big" / "index.json").write_text(json.dumps({"schemaVersion": 1, "tenant": {"id": "big", "name": tenant["name"]},
                                                      "updatedAt": "2026-01-01T00:00:00Z", "documents": entries}))
run("user", "add", "--db", str(db), "--email", "bench@big.example", "--tenant", "big", stdin="correct horse battery\n")

server = subprocess.Popen([binary, "serve", "--db", str(db), "--portal", str(portal), "--listen", "127.0.0.1:0"],
                          cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
try:
    port = None
    for line in server.stderr:
        m = re.search(r"listening.*:(\d+)", line)
        if m:
            port = int(m.group(1)); break
    base = f"http://127.0.0.1:{port}"
    jar = work / "cookies"
    login = subprocess.run(["curl", "-s", "-c", jar, "-b", jar, base + "/login"], capture_output=True, text=True).stdout
    token = re.search(r'name="csrf" value="([0-9a-f]+)"', login).group(1)
    subprocess.run(["curl", "-s", "-o", "/dev/null", "-c", jar, "-b", jar, "--data-urlencode", f"csrf={token}",
                    "--data-urlencode", "email=bench@big.example", "--data-urlencode", "password=correct horse battery", base + "/login"], check=True)
    session = next(l.split("\t")[-1].strip() for l in jar.read_text().splitlines() if "socportal_session" in l)
    cookie = f"socportal_session={session}"
    if a.hold:
        print(f"pid {server.pid}\nbase {base}\ncookie {cookie}", flush=True)
        sys.stdin.readline()
        sys.exit(0)
    page = "/t/big/reports"
    download = f"/t/big/files/{entries[0]['path']}"

    def timed(url):
        out = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code} %{time_total}", "-H", f"Cookie: {cookie}", base + url],
                             capture_output=True, text=True).stdout.split()
        assert out[0] == "200", f"{url}: HTTP {out[0]}"
        return float(out[1]) * 1000
    for url in [page, page + "?severity=critical&page=7", page + "?q=" + urllib.parse.quote("通信 4999"), f"/t/big/reports/incident/INC-00042"]:
        times = [timed(url) for _ in range(30)]
        print(f"{url}: median {statistics.median(times):.1f} ms, max {max(times):.1f} ms over 30 sequential requests")
    # The reports page's ETag for this session, for the revalidation run (answered 304, which wrk counts as non-2xx).
    headers = subprocess.run(["curl", "-s", "-D", "-", "-o", "/dev/null", "-H", f"Cookie: {cookie}", base + page], capture_output=True, text=True).stdout
    etag = re.search(r"(?im)^etag: (.+?)\r?$", headers).group(1)
    report = "/t/big/reports/incident/INC-00042"
    for label, url, extra in [("reports page", page, []), ("a report's page", report, []),
                              ("reports page revalidated (304)", page, ["-H", f"If-None-Match: {etag}"]), ("download", download, [])]:
        time.sleep(5)  # let the previous run's queued requests drain
        result = subprocess.run(["wrk", "-t2", f"-c{a.connections}", f"-d{a.seconds}s", f"--timeout", f"{a.timeout}s", "--latency",
                                 "-H", f"Cookie: {cookie}", *extra, base + url], capture_output=True, text=True).stdout
        rps = re.search(r"Requests/sec:\s+([\d.]+)", result).group(1)
        p99 = re.search(r"99%\s+([\d.]+\w+)", result).group(1)
        errors = re.search(r"Socket errors:.*|Non-2xx.*", result)
        print(f"wrk -c{a.connections} {label} {url}: {rps} requests/s, p99 {p99}, {errors.group(0) if errors else 'no errors'}")
finally:
    server.terminate()
    server.wait()
    shutil.rmtree(work)
