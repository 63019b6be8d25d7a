#!/usr/bin/env python3
"""The workbench's preview on a warm server: p50/p90 from the form's post to the answer.

Starts `socreport serve` (release build by default) on a fresh store on loopback, makes the bench
incident a draft through `POST /api/v1/drafts`, signs a staff member in, reads the draft's form as a
browser would and posts it with action=preview REQUESTS times, one after another: each post saves the
draft and renders it with the pool's warm engine (the PDF and a PNG of every page). The first WARMUP
posts are not counted. Only the standard library:
python3 bench/workbench-preview.py [--binary PATH] [--requests 40]
"""
import argparse, atexit, html.parser, http.client, json, os, re, socket, statistics, subprocess, sys, tempfile, time
import urllib.parse, urllib.request

here = os.path.dirname(os.path.abspath(__file__))
parser = argparse.ArgumentParser()
parser.add_argument("--binary", default=os.path.join(here, "..", ".build", "release", "socreport"))
parser.add_argument("--input", default=os.path.join(here, "..", "..", "shared", "bench", "inputs", "typical-incident.json"))
parser.add_argument("--requests", type=int, default=40)
parser.add_argument("--warmup", type=int, default=5)
args = parser.parse_args()

incident = json.load(open(args.input))
work = tempfile.mkdtemp(prefix="socreport-previewbench-")
db = os.path.join(work, "store.sqlite")
password = "bench password, long enough"


def cli(*arguments, stdin=None):
    return subprocess.run([args.binary, *arguments], check=True, capture_output=True, text=True, input=stdin).stdout


with open(os.path.join(work, "tenants.json"), "w") as f:
    json.dump({"kind": "tenants", "schemaVersion": 1, "tenants": [incident["tenant"]]}, f)
cli("ingest", "--db", db, f.name)
cli("user", "add", "--db", db, "--email", "bench@soc.example", "--staff", stdin=password + "\n")
token = cli("apikey", "create", "--db", db, "--name", "bench", "--scope", "draft").strip().splitlines()[-1]
with socket.socket() as probe:
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
log = open(os.path.join(work, "serve.log"), "w")
server = subprocess.Popen([args.binary, "serve", "--db", db, "--portal", os.path.join(work, "portal"), "--listen", f"127.0.0.1:{port}",
                           "--workers", "1"], stdout=subprocess.DEVNULL, stderr=log, env={**os.environ, "SOCREPORT_LOG_LEVEL": "warning"})
atexit.register(lambda: server.poll() is None and server.kill())
for _ in range(600):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz") as ready:
            if ready.status == 200:
                break
    except OSError:
        pass
    if server.poll() is not None:
        sys.exit("the server ended:\n" + open(log.name).read())
    time.sleep(0.1)
else:
    sys.exit("the server did not become ready")

connection = http.client.HTTPConnection("127.0.0.1", port)
cookies = {}


def request(method, path, body=None, headers=None):
    headers = dict(headers or {})
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    connection.request(method, path, body, headers)
    response = connection.getresponse()
    text = response.read().decode()
    for name, value in response.getheaders():
        if name.lower() == "set-cookie":
            pair = value.split(";")[0].split("=", 1)
            cookies[pair[0]] = pair[1]
    return response, text


def post_form(path, fields):
    return request("POST", path, urllib.parse.urlencode(fields), {"Content-Type": "application/x-www-form-urlencoded"})


class Form(html.parser.HTMLParser):
    """The controls of the draft's form, with the values a browser would post."""

    def __init__(self):
        super().__init__()
        self.fields, self.textarea, self.select = {}, None, None

    def handle_starttag(self, tag, attributes):
        a = dict(attributes)
        # A file input posts no text: an empty one must not replace the textarea of the same name (attack.logs).
        if tag == "input" and "name" in a and a.get("type") != "file":
            self.fields[a["name"]] = a.get("value", "")
        elif tag == "textarea" and "name" in a:
            self.textarea = a["name"]
            self.fields[self.textarea] = ""
        elif tag == "select":
            self.select = a.get("name")
        elif tag == "option" and self.select and "selected" in a:
            self.fields[self.select] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None

    def handle_data(self, data):
        if self.textarea:
            self.fields[self.textarea] += data


draft = dict(incident)
connection.request("POST", "/api/v1/drafts", json.dumps(draft), {"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
made = connection.getresponse()
url = json.loads(made.read())["url"]
_, login = request("GET", "/login")
csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', login).group(1)
post_form("/login", {"csrf": csrf, "email": "bench@soc.example", "password": password})

times = []
for n in range(args.warmup + args.requests):
    _, page = request("GET", url)
    form = Form()
    form.feed(page)
    fields = {k: v for k, v in form.fields.items() if k}
    fields["action"] = "preview"
    started = time.perf_counter()
    response, text = post_form(url, fields)
    elapsed = time.perf_counter() - started
    if response.status != 303:
        sys.exit(f"preview answered {response.status}: {text[:2000]}")
    if n >= args.warmup:
        times.append(elapsed * 1000)

times.sort()
# The preview must be the incident's, whole: as many pages as the CLI renders of the same input.
subprocess.run([args.binary, "incident", "render", args.input, "-o", os.path.join(work, "cli.pdf")], check=True, capture_output=True)
info = subprocess.run(["pdfinfo", os.path.join(work, "cli.pdf")], check=True, capture_output=True, text=True).stdout
cli_pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
pages = len(re.findall(r'<img src="[^"]*/preview/\d+"', request("GET", url)[1]))
if pages != cli_pages:
    sys.exit(f"the preview has {pages} pages, the CLI's render of the same input {cli_pages}: the draft lost part of the incident")
print(f"preview of {os.path.basename(args.input)} ({pages} pages, PDF and PNGs), {len(times)} posts after {args.warmup} warm-up:")
print(f"  p50 {statistics.median(times):.0f} ms   p90 {times[int(len(times) * 0.9) - 1]:.0f} ms   max {times[-1]:.0f} ms")
