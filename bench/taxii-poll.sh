#!/usr/bin/env bash
# 200 TAXII clients polling at once with nothing new: `socreport demo` fills a store and portal (its
# publications fill the TAXII index), a key for one tenant is made, `socreport serve` starts, and `wrk`
# asks the tenant's objects endpoint for what was added after now, with 200 connections for DURATION
# seconds. Prints wrk's requests/s and latency percentiles (p99 among them; a request slower than TIMEOUT
# is counted as a timeout, not in the percentiles) and the count of answers that were not 200 (there must be none).
#   bench/taxii-poll.sh [BINARY]       # default .build/release/socreport, else .build/debug/socreport
#   CONNECTIONS=200 DURATION=30 THREADS=2 TIMEOUT=10s bench/taxii-poll.sh .build/debug/socreport
# Needs wrk (Debian: apt-get install wrk). The store, portal and server log stay in $WORK_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-}
[ -n "$bin" ] || { [ -x .build/release/socreport ] && bin=.build/release/socreport || bin=.build/debug/socreport; }
work=${WORK_DIR:-/tmp/socreport-taxii-bench}
connections=${CONNECTIONS:-200}
duration=${DURATION:-30}
threads=${THREADS:-2}
timeout=${TIMEOUT:-10s}
tenant=northwind
accept='application/taxii+json;version=2.1'

rm -rf "$work"
mkdir -p "$work"
echo "binary: $bin"
"$bin" demo "$work/demo" --jobs 1 >"$work/demo.log"
db=$work/demo/socreport.sqlite
token=$("$bin" apikey create --db "$db" --name poller --scope taxii --tenant "$tenant" | tail -1)

"$bin" serve --db "$db" --portal "$work/demo/portal" --listen 127.0.0.1:0 --workers 1 2>"$work/serve.log" &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
port=
for _ in $(seq 100); do
  port=$(sed -n 's/.*listening.*:\([0-9][0-9]*\).*/\1/p' "$work/serve.log" | head -1)
  [ -n "$port" ] && break
  sleep 0.2
done
[ -n "$port" ] || { echo "the server did not start: $work/serve.log" >&2; exit 1; }
base=http://127.0.0.1:$port/taxii2/$tenant
collection=$(curl -sS -H "Accept: $accept" -H "Authorization: Bearer $token" "$base/collections/" \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["collections"][0]["id"])')
objects=$(curl -sS -H "Accept: $accept" -H "Authorization: Bearer $token" "$base/collections/$collection/manifest/?limit=1000" \
  | python3 -c 'import json, sys; print(len(json.load(sys.stdin).get("objects", [])))')
now=$(date -u +%Y-%m-%dT%H:%M:%S.%6NZ)
url="$base/collections/$collection/objects/?added_after=$now"
echo "tenant $tenant: $objects objects indexed; polling $url"
echo "one poll: $(curl -sS -H "Accept: $accept" -H "Authorization: Bearer $token" "$url")"

wrk -t"$threads" -c"$connections" -d"${duration}s" --timeout "$timeout" --latency \
  -H "Authorization: Bearer $token" -H "Accept: $accept" "$url" | tee "$work/wrk.txt"
grep -q "Non-2xx" "$work/wrk.txt" && { echo "some answers were not 200" >&2; exit 1; }
echo "no answer other than 200"
