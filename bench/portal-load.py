#!/usr/bin/env python3
"""The server under load at month start (issue #20's figures): many signed-in sessions on the portal's
pages, the same pages while incidents are published through the API and a monthly run of 1,000 tenants
goes on, and (PostgreSQL only) the pages while another session holds the store's write lock.

    bench/portal-load.py --socreport PATH/TO/release/socreport [--store sqlite|postgres] [--seconds 15]
    scripts/with-postgres.sh bench/portal-load.py --socreport ... --store postgres   # a private cluster

Needs wrk, psql (for --store postgres) and the standard library. Builds everything in a temporary
folder: 100 portal tenants (one with 5,000 reports, the others 20 each) and 1,000 tenants with three
months of small monthly data, all ingested through `socreport ingest`; manifests and files written as
publishing would; --users per tenant added with `socreport user add`, each signed in --signins times
through /login (real sessions the server made; `--users 2 --signins 5` saves 800 bcrypt processes); a
publish-scope key from `socreport apikey create`. The release binary needs its resource bundles beside it
and SOCREPORT_HOME (default: this repository) for Templates/ and Fonts/. One line per figure. The machine is
shared: compare figures from one run; wrk's own threads take CPU from the same cores as the server.
"""
import argparse, http.client, json, hashlib, os, re, shutil, socket, subprocess, sys, tempfile
import threading, time, urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

here = Path(__file__).resolve().parent
p = argparse.ArgumentParser()
p.add_argument("--socreport", required=True)
p.add_argument("--store", choices=["sqlite", "postgres"], default="sqlite",
               help="postgres: the database of $SOCREPORT_TEST_POSTGRES (run under scripts/with-postgres.sh)")
p.add_argument("--seconds", type=int, default=15, help="each wrk run")
p.add_argument("--connections", type=int, default=200)
p.add_argument("--timeout", type=int, default=10, help="wrk's per-request timeout, seconds")
p.add_argument("--entries", type=int, default=5000, help="reports of the big tenant")
p.add_argument("--tenants", type=int, default=100, help="portal tenants, the big one included")
p.add_argument("--users", type=int, default=10, help="users per portal tenant")
p.add_argument("--signins", type=int, default=1, help="sessions per user, each a sign-in of its own (fewer users, fewer `user add` processes)")
p.add_argument("--monthly-tenants", type=int, default=1000)
p.add_argument("--publishers", type=int, default=8, help="client threads publishing through the API")
p.add_argument("--input", default=str(here.parent.parent / "shared" / "bench" / "inputs" / "typical-incident.json"),
               help="the incident the publishers send, under a new id each time")
p.add_argument("--hold", type=int, default=20, help="seconds psql holds the write lock (postgres)")
a = p.parse_args()

binary = str(Path(a.socreport).resolve())
incident_template = json.loads(Path(a.input).read_text())
work = Path(tempfile.mkdtemp(prefix="portal-load-"))
portal = work / "portal"
if a.store == "postgres":
    url, ca = os.environ.get("SOCREPORT_TEST_POSTGRES"), os.environ.get("SOCREPORT_TEST_POSTGRES_CA")
    if not url or not ca:
        sys.exit("--store postgres needs SOCREPORT_TEST_POSTGRES and _CA: run under scripts/with-postgres.sh")
    db = f"{url}?sslmode=verify-full&sslrootcert={ca}"
else:
    db = str(work / "store.sqlite")
# Templates and fonts: the repository's, unless the caller says otherwise.
env = {**os.environ, "SOCREPORT_HOME": os.environ.get("SOCREPORT_HOME", str(here.parent))}
severities = ["critical", "serious", "medium", "information"]
PASSWORD = "correct horse battery"
MONTHS = ["2026-01", "2026-02", "2026-03"]


def run(*args, stdin=None):
    return subprocess.run([binary, *args], input=stdin, text=True, capture_output=True, check=True, cwd=work, env=env)


def step(label, started):
    print(f"  ({label}: {time.monotonic() - started:.1f} s)", flush=True)


# --- The data -------------------------------------------------------------------------------------
started = time.monotonic()
portal_tenants = [f"t{n:03d}" for n in range(a.tenants)]  # t000 is the big one
monthly_tenants = [f"m{n:04d}" for n in range(a.monthly_tenants)]
def tenant(tid): return {"id": tid, "name": f"株式会社 {tid}", "language": "ja", "timeZone": "Asia/Tokyo",
                         "contacts": [{"name": "SOC desk", "email": f"soc@{tid}.example"}]}
# The publishers' incident's own tenant too: publishing needs its tenant stored.
docs = [{"kind": "tenants", "schemaVersion": 1, "tenants": [tenant(t) for t in portal_tenants + monthly_tenants] + [incident_template["tenant"]]}]
reports = {}  # tenant → incident ids in its manifest
for t in portal_tenants:
    count = a.entries if t == portal_tenants[0] else 20
    entries = []
    for i in range(count):
        year, month = 2022 + i // 1500, 1 + (i // 125) % 12
        when = f"{year}-{month:02d}-{1 + i % 28:02d}T0{i % 10}:00:00Z"
        inc = f"INC-{i:05d}"
        docs.append({"kind": "incident", "schemaVersion": 1, "id": inc, "revision": 1, "tenant": tenant(t), "title": f"不審な通信 {i}",
                     "severity": severities[i % 4], "threatType": "c2-communication", "detectedAt": when, "determinedAt": when,
                     "analysis": {"summary": "S.", "victims": [{"host": "PC-1"}], "occurredAt": when},
                     "recommendations": {"actions": ["Isolate."]}, "attack": {"overview": "O.", "stage": "delivery", "description": "D."}})
        path = f"incidents/{year}/{month:02d}/{inc}-r1.pdf"
        data = b"%PDF-1.7 bench " + f"{t} {inc}".encode()
        (portal / t / path).parent.mkdir(parents=True, exist_ok=True)
        (portal / t / path).write_bytes(data)
        entries.append({"kind": "incident", "id": inc, "revision": 1, "title": f"不審な通信 {i}", "severity": severities[i % 4],
                        "month": f"{year}-{month:02d}", "publishedAt": when, "size": len(data), "sha256": hashlib.sha256(data).hexdigest(),
                        "path": path, "inputSha256": "0" * 64, "renderer": "bench"})
    entries.sort(key=lambda e: e["path"])
    reports[t] = [e["id"] for e in entries]
    (portal / t / "index.json").write_text(json.dumps({"schemaVersion": 1, "tenant": {"id": t, "name": f"株式会社 {t}"},
                                                       "updatedAt": "2026-01-01T00:00:00Z", "documents": entries}))
for t in monthly_tenants:  # small monthly data: three months of the funnel, no incidents
    for k, month in enumerate(MONTHS):
        n = int(hashlib.sha256(f"{t}{month}".encode()).hexdigest()[:6], 16)
        docs.append({"kind": "metrics", "schemaVersion": 1, "tenantId": t, "month": month,
                     "funnel": {"logsBySource": {"firewall": 100000 + n, "proxy": 50000 + n // 2, "ids": 900 + n % 1000},
                                "events": 300 + n % 500, "escalated": 3 + n % 20}})
(work / "docs.json").write_text(json.dumps(docs))
run("ingest", "--db", db, "docs.json")
step(f"{len(docs)} documents ingested ({a.store})", started)

# Users: each added through the CLI (a bcrypt hash of cost 12 each), a few at a time.
started = time.monotonic()
users = [(t, f"user{u}@{t}.example") for t in portal_tenants for u in range(a.users)]
def add_user(user):
    run("user", "add", "--db", db, "--email", user[1], "--tenant", user[0], stdin=PASSWORD + "\n")
with ThreadPoolExecutor(4) as pool:
    list(pool.map(add_user, users))
publish_key = run("apikey", "create", "--db", db, "--name", "bench", "--scope", "publish").stdout.strip().splitlines()[-1]
step(f"{len(users)} users added", started)

# --- The server -----------------------------------------------------------------------------------
def free_port():  # so that no log line need be parsed
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
port, admin_port = free_port(), free_port()
log = open(work / "serve.log", "w")
server = subprocess.Popen([binary, "serve", "--db", db, "--portal", str(portal), "--listen", f"127.0.0.1:{port}",
                           "--admin-listen", f"127.0.0.1:{admin_port}"],
                          cwd=work, stdout=subprocess.DEVNULL, stderr=log, env={**env, "SOCREPORT_LOG_LEVEL": "warning"})
base = f"http://127.0.0.1:{port}"


def request(method, path, headers=None, body=None, timeout=60):
    """(status, headers, body, milliseconds) over a new connection."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    began = time.monotonic()
    try:
        connection.request(method, path, body, headers or {})
        response = connection.getresponse()
        data = response.read()
        return response.status, response.headers, data, (time.monotonic() - began) * 1000
    finally:
        connection.close()


def cookie_value(headers, name):
    for value in headers.get_all("Set-Cookie") or []:
        m = re.match(rf"{name}=([^;]*)", value)
        if m: return m.group(1)
    return None


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(q / 100 * len(ordered) + 0.5)) - 1))] if ordered else float("nan")


def wrk(label, lines, extra=()):
    """wrk -t2 over `lines` (path, cookie, etag or ""), rotated by a Lua script; one printed line."""
    listing = work / f"requests-{len(lines)}-{time.monotonic_ns()}.tsv"
    listing.write_text("".join(f"{path}\t{cookie}\t{etag}\n" for path, cookie, etag in lines))
    result = subprocess.run(["wrk", "-t2", f"-c{a.connections}", f"-d{a.seconds}s", "--timeout", f"{a.timeout}s", "--latency",
                             "-s", str(work / "rotate.lua"), base, "--", str(listing)], capture_output=True, text=True).stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", result).group(1)
    p50 = re.search(r"50%\s+([\d.]+\w+)", result).group(1)
    p99 = re.search(r"99%\s+([\d.]+\w+)", result).group(1)
    errors = ", ".join(re.findall(r"Socket errors:.*|Non-2xx or 3xx responses: \d+", result)) or "no errors"
    print(f"{label}: {float(rps):,.0f} requests/s, p50 {p50}, p99 {p99}, {errors}", flush=True)
    return result


# A probe in a process of its own (the publishers' threads share this one's interpreter lock): GETs of
# its targets, each over a new connection as a health checker's, every INTERVAL s until STOP-FILE exists;
# prints [[at, path, status, ms], ...]. Targets ({path: cookie or null}) come on standard input.
PROBE = r"""
import http.client, json, os, sys, time
port, interval, stop_file = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
targets, samples = json.loads(sys.stdin.readline()), []
while not os.path.exists(stop_file):
    for path, cookie in targets.items():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        began = time.monotonic()
        try:
            connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
            response = connection.getresponse()
            response.read()
            status = response.status
        except OSError as error:
            status = str(error)
        samples.append((began, path, status, (time.monotonic() - began) * 1000))
        connection.close()
    time.sleep(interval)
print(json.dumps(samples))
"""


class Probe:
    count = 0

    def __init__(self, interval, targets, on_port=None):
        Probe.count += 1
        self.stop_file = work / f"probe-{Probe.count}.stop"
        self.process = subprocess.Popen([sys.executable, "-c", PROBE, str(on_port or port), str(interval), str(self.stop_file)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.process.stdin.write(json.dumps(targets) + "\n")
        self.process.stdin.flush()

    def stop(self):
        """[(at, path, status, ms)]: every answer, by time.monotonic() when its request began."""
        self.stop_file.touch()
        return [tuple(sample) for sample in json.loads(self.process.communicate()[0])]


# Each thread starts at its own place in the list, so the two do not send the same session together.
(work / "rotate.lua").write_text("""
local threads = 0
function setup(thread) threads = threads + 1; thread:set("offset", threads * 7919) end
function init(args)
  requests = {}
  for line in io.lines(args[1]) do
    local path, cookie, etag = line:match("^([^\\t]*)\\t([^\\t]*)\\t([^\\t]*)$")
    local headers = { Cookie = cookie }
    if etag ~= "" then headers["If-None-Match"] = etag end
    requests[#requests + 1] = wrk.format("GET", path, headers)
  end
  i = (offset or 0) % #requests
end
function request()
  i = i % #requests + 1
  return requests[i]
end
""")

try:
    for _ in range(1200):
        try:
            if request("GET", "/readyz", timeout=2)[0] == 200: break
        except OSError:
            pass
        if server.poll() is not None: sys.exit("the server ended:\n" + (work / "serve.log").read_text())
        time.sleep(0.1)
    else:
        sys.exit("the server did not become ready")

    # Sessions: every user signs in once through the form, as a browser would (its CSRF cookie and field).
    started = time.monotonic()
    def sign_in(user):
        tid, email = user
        status, headers, _, _ = request("GET", "/login")
        csrf = cookie_value(headers, "socportal_signin")
        form = urllib.parse.urlencode({"csrf": csrf, "email": email, "password": PASSWORD})
        status, headers, _, _ = request("POST", "/login", {"Cookie": f"socportal_signin={csrf}",
                                                           "Content-Type": "application/x-www-form-urlencoded"}, form)
        session = cookie_value(headers, "socportal_session")
        assert status in (302, 303) and session, f"sign-in of {email}: HTTP {status}"
        return tid, f"socportal_session={session}"
    with ThreadPoolExecutor(4) as pool:
        sessions = list(pool.map(sign_in, [user for user in users for _ in range(a.signins)]))
    step(f"{len(sessions)} sessions signed in", started)

    # Each session's ETag of its tenant's reports page (it differs per user), checked to revalidate with 304.
    pages, etags = [], {}
    for n, (tid, cookie) in enumerate(sessions):
        page = f"/t/{tid}/reports"
        status, headers, _, _ = request("GET", page, {"Cookie": cookie})
        assert status == 200, f"{page}: HTTP {status}"
        etags[cookie] = headers["ETag"]
        status = request("GET", page, {"Cookie": cookie, "If-None-Match": etags[cookie]})[0]
        assert status == 304, f"{page} revalidated: HTTP {status}"
        ids = reports[tid]
        report = f"/t/{tid}/reports/incident/{ids[(n * 37) % len(ids)]}"
        assert request("GET", report, {"Cookie": cookie})[0] == 200, report
        pages.append((tid, cookie, page, report))
    distinct = len(set(etags.values()))
    big = [(page, cookie, "") for tid, cookie, page, _ in pages if tid == portal_tenants[0]]
    every_page = [(page, cookie, "") for _, cookie, page, _ in pages]
    every_report = [(report, cookie, "") for _, cookie, _, report in pages]
    every_304 = [(page, cookie, etags[cookie]) for _, cookie, page, _ in pages]

    load = os.getloadavg()
    print(f"\nserver: {binary}, {a.store}, 2 cores shared; load average before the runs {load[0]:.1f}")
    print(f"{len(sessions)} sessions over {len(portal_tenants)} tenants ({distinct} distinct ETags); "
          f"big tenant {portal_tenants[0]}: {a.entries} reports, {len(big)} sessions")

    # --- 1. Many sessions ---------------------------------------------------------------------------
    print(f"\n1. wrk -t2 -c{a.connections} -d{a.seconds}s, rotating the Cookie over the sessions")
    wrk(f"reports page, big tenant's {len(big)} sessions", big)
    time.sleep(5)  # let the previous run's queued requests drain
    wrk(f"reports pages, all {len(every_page)} sessions, each its tenant's", every_page)
    time.sleep(5)
    wrk(f"a report's page, all sessions, each a report of its tenant", every_report)
    time.sleep(5)
    wrk(f"reports pages revalidated (304), all sessions, each its ETag", every_304)

    # --- 2. Under publishing and a monthly run --------------------------------------------------------
    counter, lock = iter(range(10 ** 9)), threading.Lock()
    def publish(connection):
        with lock: n = next(counter)
        document = json.loads(json.dumps(incident_template))
        document["id"] = f"LOAD-{n:06d}"
        body = json.dumps(document).encode()
        began = time.monotonic()
        connection.request("POST", "/api/v1/incidents", body, {"Content-Type": "application/json", "Authorization": f"Bearer {publish_key}"})
        response = connection.getresponse()
        answer = response.read()
        return response.status, (time.monotonic() - began) * 1000, answer

    publishes, failures, stop = [], [], threading.Event()  # (finished at, ms)
    def publisher():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while not stop.is_set():
            try:
                status, ms, answer = publish(connection)
                with lock:
                    if status == 201: publishes.append((time.monotonic(), ms))
                    else: failures.append(f"{status}: {answer[:200]!r}")
            except Exception as error:  # counted and shown, never hidden
                with lock: failures.append(str(error))
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def between(t0, t1): return [ms for at, ms in publishes if t0 <= at <= t1]
    api = {"Authorization": f"Bearer {publish_key}", "Content-Type": "application/json"}
    def monthly_run(run_id):
        return json.loads(request("GET", f"/api/v1/monthly-runs/{run_id}", api)[2])

    print(f"\n2. the same pages while {a.publishers} clients publish incidents and a monthly run of {len(monthly_tenants)} tenants goes on")
    warm = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    for _ in range(a.publishers):
        status, _, answer = publish(warm)
        assert status == 201, f"publish: HTTP {status} {answer[:300]!r}"
    threads = [threading.Thread(target=publisher, daemon=True) for _ in range(a.publishers)]
    for t in threads: t.start()
    t0 = time.monotonic(); time.sleep(a.seconds); t1 = time.monotonic()
    alone = between(t0, t1)
    print(f"publishes alone: {len(alone)} in {t1 - t0:.0f} s, p50 {percentile(alone, 50):.0f} ms, p99 {percentile(alone, 99):.0f} ms", flush=True)

    # The public listener's /healthz, and the admin listener's (its own event loop), which a liveness probe calls.
    health, admin_health = Probe(0.02, {"/healthz": None}), Probe(0.02, {"/healthz": None}, on_port=admin_port)

    run_id, month_index, windows = None, 0, []
    for label, lines in [(f"reports page, big tenant's {len(big)} sessions", big),
                         ("a report's page, all sessions", every_report),
                         ("reports pages revalidated (304), all sessions", every_304)]:
        # A monthly run goes on in every window: the last one while it runs, else one for the next month.
        if run_id is None or monthly_run(run_id)["state"] != "running":
            if month_index == len(MONTHS): print("(no month left for a monthly run)"); break
            status, _, body, _ = request("POST", "/api/v1/monthly-runs", api,
                                         json.dumps({"month": MONTHS[month_index], "tenants": monthly_tenants}))
            assert status == 202, f"monthly run: HTTP {status} {body[:300]!r}"
            run_id, month_index = json.loads(body)["id"], month_index + 1
        done_before = monthly_run(run_id)["done"]
        w0 = time.monotonic()
        wrk(f"under load: {label}", lines)
        w1 = time.monotonic()
        state = monthly_run(run_id)
        windows.append((w0, w1))
        under = between(w0, w1)
        print(f"  meanwhile: monthly run {MONTHS[month_index - 1]} finished {state['done'] - done_before} tenants "
              f"({state['done']}/{state['total']}, {state['state']}, {state['failed']} failed); "
              f"{len(under)} publishes, p50 {percentile(under, 50):.0f} ms", flush=True)
    for name, probe in [("public", health), ("admin", admin_health)]:
        in_windows = [ms for at, _, _, ms in probe.stop() if any(w0 <= at <= w1 for w0, w1 in windows)]
        print(f"/healthz of the {name} listener every 20 ms during the wrk runs: {len(in_windows)} answers, "
              f"p50 {percentile(in_windows, 50):.1f} ms, p99 {percentile(in_windows, 99):.1f} ms, max {max(in_windows):.1f} ms")
    under = [ms for at, ms in publishes if any(w0 <= at <= w1 for w0, w1 in windows)]
    print(f"publishes during the wrk runs: {len(under)}, p50 {percentile(under, 50):.0f} ms against {percentile(alone, 50):.0f} ms alone: "
          f"{percentile(under, 50) / percentile(alone, 50):.2f}x; failed publishes: {len(failures)} {failures[:3]}", flush=True)

    # --- 3. A held write lock (PostgreSQL) --------------------------------------------------------------
    if a.store == "postgres":
        probe_tid, probe_cookie, _, probe_report = pages[0]
        assert request("GET", probe_report, {"Cookie": probe_cookie})[0] == 200  # cached
        lock_id = 0x736F6372  # every write transaction of the store takes it first ("socr")
        print(f"\n3. psql holds pg_advisory_xact_lock({lock_id}) for {a.hold} s while {a.publishers} clients keep publishing")
        holder = subprocess.Popen(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "--dbname", db, "-c",
                                   f"BEGIN; SELECT pg_advisory_xact_lock({lock_id}); SELECT pg_sleep({a.hold}); COMMIT;"],
                                  stdout=subprocess.DEVNULL)
        held_from = time.monotonic()
        while subprocess.run(["psql", "-X", "-A", "-t", "--dbname", db, "-c",
                              f"SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = {lock_id} AND granted"],
                             capture_output=True, text=True).stdout.strip() != "1":
            assert time.monotonic() - held_from < 10, "psql did not take the lock"
        published_at_start = len(publishes)
        probe = Probe(0.1, {"/healthz": None, "/login": None, probe_report: probe_cookie})
        time.sleep(max(1, a.hold - 1 - (time.monotonic() - held_from)))
        samples = [sample for sample in probe.stop() if sample[0] < held_from + a.hold - 1]
        refused = [f"{path}: {status}" for _, path, status, _ in samples if status != 200]
        times = {}
        for _, path, _, ms in samples: times.setdefault(path, []).append(ms)
        published_meanwhile = len(publishes) - published_at_start
        for path, values in times.items():
            print(f"while held: {path}: {len(values)} answers, p99 {percentile(values, 99):.1f} ms, max {max(values):.1f} ms")
        print(f"  refused: {refused[:5] or 'none'}; publishes that went through while held: {published_meanwhile}")
        holder.wait()
        time.sleep(3)
        print(f"  after psql let go: {len(publishes) - published_at_start} publishes in all since the lock was taken")

    stop.set()
    for t in threads: t.join(timeout=120)
    if run_id:  # the monthly run, its render pool no longer taken by incidents
        before = monthly_run(run_id)["done"]
        time.sleep(a.seconds)
        state = monthly_run(run_id)
        print(f"\nmonthly run {MONTHS[month_index - 1]}, {a.seconds} s after the publishers stopped: {state['done'] - before} more tenants "
              f"({state['done']}/{state['total']}, {state['state']}, {state['failed']} failed)")
        if state["state"] == "running": request("DELETE", f"/api/v1/monthly-runs/{run_id}", api)
finally:
    server.terminate()
    server.wait()
    if os.environ.get("KEEP_WORK"): print("work folder:", work)
    else: shutil.rmtree(work)
