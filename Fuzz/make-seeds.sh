#!/usr/bin/env bash
# Seed corpora for the fuzz targets, made from ../shared/samples: the documents as they are, as an
# array and as newline-delimited JSON; the incidents' free texts with their listed indicators; their
# titles, summaries and log rows as paragraphs and tables.
set -euo pipefail
fuzz=$(cd "$(dirname "$0")" && pwd)
samples=${SAMPLES:-$fuzz/../../shared/samples}
[ -d "$samples/incidents" ] || { echo "no samples at $samples" >&2; exit 1; }
python3 - "$samples" "$fuzz/seeds" <<'PY'
import json, pathlib, sys
samples, seeds = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
for t in ("FuzzJSON", "FuzzDocument", "FuzzProse", "FuzzLayout"):
    (seeds / t).mkdir(parents=True, exist_ok=True)
files = sorted(p for p in samples.rglob("*.json"))
def put(target, name, data):
    (seeds / target / name).write_bytes(data if isinstance(data, bytes) else data.encode())
for f in files:
    raw = f.read_bytes()
    put("FuzzJSON", f.stem, raw)
    put("FuzzDocument", f.stem, raw)
incidents = [json.loads(f.read_text()) for f in sorted((samples / "incidents").glob("*.json"))]
lines = [json.dumps(i, ensure_ascii=False) for i in incidents[:3]]
put("FuzzDocument", "array-bom", b"\xef\xbb\xbf" + ("[" + ",".join(lines) + "]").encode())
put("FuzzDocument", "ndjson-crlf", "\r\n".join(lines) + "\r\n\r\n")
for inc in incidents:
    rec = inc["recommendations"]
    texts = [inc["analysis"]["summary"], inc["attack"]["description"]] + [a if isinstance(a, str) else json.dumps(a, ensure_ascii=False) for a in rec.get("actions", [])]
    ind = []
    for d, u, ip in zip(rec.get("blockDomains", []) + [""] * 9, rec.get("blockUrls", []) + [""] * 9, rec.get("blockIps", []) + [""] * 9):
        if d or u or ip: ind += [d, u, ip]
    put("FuzzProse", inc["id"], "\0".join([" ".join(texts)] + ind))
    cells = []
    for log in inc["attack"].get("logs", [])[:12]:
        cells += [str(v) for v in (log.values() if isinstance(log, dict) else [log])]
    cols = max(1, min(8, len(inc["attack"]["logs"][0]) if inc["attack"].get("logs") and isinstance(inc["attack"]["logs"][0], dict) else 4))
    for control, lang in ((cols - 1, "ja"), ((cols - 1) | 0x30, "en")):
        put("FuzzLayout", f'{inc["id"]}-{lang}', bytes([control]) + "\0".join([inc["title"] + "\n\n" + inc["analysis"]["summary"]] + cells).encode())
PY
