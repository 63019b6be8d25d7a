#!/usr/bin/env python3
"""Publishing through the API on a warm server: p50/p90/p99 from request to 201.

Starts `socreport serve` (release build by default) on a fresh store and portal on loopback, warms it
up, then lets CLIENTS threads each POST the bench incident REQUESTS times. Every request carries a new
incident id, so each one renders and publishes a PDF (a repeated revision would be the idempotent path).
Only the standard library: python3 bench/api-publish.py [--binary PATH] [--clients 8] [--requests 25]
"""
import argparse, copy, http.client, json, os, re, signal, statistics, subprocess, sys, tempfile, threading, time

here = os.path.dirname(os.path.abspath(__file__))
parser = argparse.ArgumentParser()
parser.add_argument("--binary", default=os.path.join(here, "..", ".build", "release", "socreport"))
parser.add_argument("--input", default=os.path.join(here, "..", "..", "shared", "bench", "inputs", "typical-incident.json"))
parser.add_argument("--clients", type=int, default=8)
parser.add_argument("--requests", type=int, default=25, help="per client")
parser.add_argument("--warmup", type=int, default=16)
parser.add_argument("--workers", type=int, default=os.cpu_count(), help="the server's render workers")
args = parser.parse_args()

incident = json.load(open(args.input))  # a missing input fails here, loudly
work = tempfile.mkdtemp(prefix="socreport-apibench-")
db, portal = os.path.join(work, "store.sqlite"), os.path.join(work, "portal")
token = subprocess.run([args.binary, "apikey", "create", "--db", db, "--name", "bench", "--scope", "publish"],
                       check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
log = open(os.path.join(work, "serve.log"), "w+")
server = subprocess.Popen([args.binary, "serve", "--db", db, "--portal", portal, "--listen", "127.0.0.1:0",
                           "--workers", str(args.workers)], stderr=log, env={**os.environ, "SOCREPORT_LOG_LEVEL": "warning"})
port = None
for _ in range(600):
    log.seek(0)
    found = re.search(r"listening.*:(\d+)\s*$", log.read(), re.M)
    if found:
        port = int(found.group(1))
        break
    if server.poll() is not None:
        sys.exit("the server ended:\n" + open(log.name).read())
    time.sleep(0.1)
if port is None:
    sys.exit("the server did not start")

counter = iter(range(10**9))
lock = threading.Lock()

def publish(connection):
    with lock:
        n = next(counter)
    document = copy.deepcopy(incident)
    document["id"] = f"BENCH-{n:06d}"
    body = json.dumps(document).encode()
    started = time.perf_counter()
    connection.request("POST", "/api/v1/incidents", body,
                       {"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    response = connection.getresponse()
    answer = response.read()
    elapsed = time.perf_counter() - started
    if response.status != 201:
        raise RuntimeError(f"{response.status}: {answer[:300]!r}")
    return elapsed

connection = http.client.HTTPConnection("127.0.0.1", port)
for _ in range(args.warmup):
    publish(connection)

latencies, errors = [], []
def client():
    connection = http.client.HTTPConnection("127.0.0.1", port)
    for _ in range(args.requests):
        try:
            t = publish(connection)
            with lock:
                latencies.append(t)
        except Exception as error:  # counted and shown, never hidden
            with lock:
                errors.append(str(error))

threads = [threading.Thread(target=client) for _ in range(args.clients)]
started = time.perf_counter()
for t in threads: t.start()
for t in threads: t.join()
wall = time.perf_counter() - started

server.send_signal(signal.SIGTERM)
status = server.wait(timeout=60)
latencies.sort()
def pct(p): return latencies[min(len(latencies) - 1, int(round(p / 100 * len(latencies) + 0.5)) - 1)] * 1000
pdfs = sum(len(files) for _, _, files in os.walk(os.path.join(portal, incident["tenant"]["id"], "incidents")))
print(f"{len(latencies)} publishes by {args.clients} clients, {args.workers} render workers, {wall:.1f} s "
      f"({len(latencies) / wall:.1f}/s); errors: {len(errors)}; PDFs in the portal: {pdfs}; server exit {status}")
print(f"request → 201: p50 {pct(50):.0f} ms, p90 {pct(90):.0f} ms, p99 {pct(99):.0f} ms, "
      f"mean {statistics.mean(latencies) * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms")
for error in errors[:5]: print("error:", error)
sys.exit(1 if errors or status != 0 else 0)
