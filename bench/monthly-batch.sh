#!/usr/bin/env bash
# The monthly batch over N tenants with a year of history each (cloned from examples/ by `socreport demo
# --bench-tenants`), for the examples' latest month: (a) on a SQLite store in one process, (b) on PostgreSQL
# as four shard processes at once (--shard K/4); (a) and (b) each publish into a fresh portal. Prints the
# wall time of each, the peak RSS and CPU time of every process (/usr/bin/time -v) and the ratio PostgreSQL/SQLite.
# The machine is shared: compare the ratio from one run, not absolute times across runs.
#   bench/monthly-batch.sh [N [POSTGRES-URL]]      # N defaults to 10000; without a URL, SQLite only
#   bench/monthly-batch.sh 10000 postgres://socreport:PW@127.0.0.1:5432/bench
#   scripts/with-postgres.sh bash -c 'bench/monthly-batch.sh 10000 "$SOCREPORT_TEST_POSTGRES"'   # a private cluster
# The PostgreSQL database gets the bench tenants added (an empty one is best; a store already holding them
# is fine, as each run publishes into a fresh portal). Stores, portals and logs stay in $WORK_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
postgres=${2:-}
shards=${SHARDS:-4}
work=${WORK_DIR:-/tmp/socreport-monthly-bench}
scratch=${SCRATCH:-.build}

rm -rf "$work"
mkdir -p "$work"
swift build -c release --static-swift-stdlib --scratch-path "$scratch" >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
bin=$scratch/release/socreport

# The demo prints the command that times the batch; the month is taken from it.
"$bin" demo "$work/sqlite" --bench-tenants "$n" >"$work/demo-sqlite.log"
month=$(sed -n 's/.* monthly run --month \([0-9]*-[0-9]*\) .*/\1/p' "$work/demo-sqlite.log")
[ -n "$month" ] || { echo "no month in the demo's output ($work/demo-sqlite.log)" >&2; exit 1; }
# stored: the demo's first line without the store's location (a URL may hold a password).
stored() { sed -n 's/^.*: \([0-9]* tenants .*\)$/\1/p; q' "$1"; }
echo "SQLite store: $(stored "$work/demo-sqlite.log")"
if [ -n "$postgres" ]; then
  "$bin" demo "$work/postgres" --bench-tenants "$n" --db "$postgres" >"$work/demo-postgres.log"
  echo "PostgreSQL store: $(stored "$work/demo-postgres.log")"
fi

# run NAME STORE PORTAL [ARGS...]: one batch process in the background, timed by /usr/bin/time into NAME.time.
run() {
  local name=$1 store=$2 portal=$3
  shift 3
  /usr/bin/time -v -o "$work/$name.time" "$bin" monthly run --month "$month" --db "$store" --portal "$portal" "$@" \
    >"$work/$name.out" 2>"$work/$name.log" &
}
seconds() { date +%s.%N; }
# elapsed START: seconds since START, to a tenth.
elapsed() { awk -v start="$1" -v now="$(seconds)" 'BEGIN { printf "%.1f", now - start }'; }
# report NAME: the process's peak RSS, CPU time (user + system) and summary line.
report() {
  local rss cpu
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/$1.time")
  cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.0f", s }' "$work/$1.time")
  printf '  %-12s peak RSS %5d MiB, CPU %5d s  %s\n' "$1" $((rss / 1024)) "$cpu" "$(head -1 "$work/$1.out")"
}

echo
echo "monthly batch, $n tenants, $month ($(nproc) cores, jobs per process: the default, one per core)"
start=$(seconds)
run sqlite "$work/sqlite/socreport.sqlite" "$work/portal-sqlite"
failed=0
wait $! || failed=1
sqlite=$(elapsed "$start")
printf '(a) SQLite, 1 process:       %8.1f s wall\n' "$sqlite"
report sqlite

[ -n "$postgres" ] || exit "$failed"
start=$(seconds)
for k in $(seq "$shards"); do run "postgres-$k" "$postgres" "$work/portal-postgres" --shard "$k/$shards"; done
for job in $(jobs -p); do wait "$job" || failed=1; done
pg=$(elapsed "$start")
printf '(b) PostgreSQL, %d shards:    %8.1f s wall\n' "$shards" "$pg"
for k in $(seq "$shards"); do report "postgres-$k"; done
awk -v pg="$pg" -v sqlite="$sqlite" 'BEGIN { printf "PostgreSQL/SQLite wall time: %.2f\n", pg / sqlite }'
exit "$failed"
