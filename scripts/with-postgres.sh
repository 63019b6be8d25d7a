#!/usr/bin/env bash
# Runs COMMAND against a private PostgreSQL cluster made for it, then stops the cluster and removes it:
#
#   scripts/with-postgres.sh swift test
#
# The cluster lives in a fresh folder under /tmp and listens on 127.0.0.1 only, on a free port, with TLS
# (a certificate for localhost and 127.0.0.1 from a CA made for the run) and scram-sha-256 passwords.
# COMMAND gets SOCREPORT_TEST_POSTGRES (a URL for the role `socreport`, LOGIN CREATEDB, owner of the
# database `socreport`) and SOCREPORT_TEST_POSTGRES_CA (the CA's PEM file); the script exits with its status.
# initdb and the server refuse to run as root, so as root they run as Debian's `postgres` user.
# A TERM sent to this script alone takes effect when COMMAND ends (bash runs traps between commands).
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: $0 COMMAND [ARGS...]" >&2; exit 64; }

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
[ -x "$bin/initdb" ] || { echo "$0: no PostgreSQL server in /usr/lib/postgresql (scripts/install-deps.sh installs it)" >&2; exit 69; }
# As root, the server's commands run as postgres, from / (the caller's folder may be closed to that user).
server_user=$(id -un) as_server=()
if [ "$(id -u)" -eq 0 ]; then server_user=postgres as_server=(runuser -u postgres -- env -C /); fi

dir=$(mktemp -d /tmp/socreport-pg.XXXXXX)
cleanup() {
  if [ -f "$dir/data/postmaster.pid" ]; then
    # Immediate: the data is thrown away, nothing to write back.
    "${as_server[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A CA made for this run and a server certificate it signed, valid for the names clients use.
(
  cd "$dir"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca.key -out ca.pem -days 2 \
    -subj "/CN=socreport test CA $(basename "$dir")" \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout server.key -out server.csr \
    -subj /CN=localhost 2>/dev/null
  printf '%s\n' subjectAltName=DNS:localhost,IP:127.0.0.1 basicConstraints=CA:FALSE \
    keyUsage=critical,digitalSignature extendedKeyUsage=serverAuth >server.ext
  openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile server.ext \
    -out server.crt 2>/dev/null
  chmod 600 server.key ca.key
)
[ ${#as_server[@]} -eq 0 ] || chown -R postgres: "$dir"

# --no-sync: initdb's own flush is wasted on a cluster that lives for one run.
"${as_server[@]}" "$bin/initdb" -D "$dir/data" -U postgres --encoding=UTF8 --locale=C.UTF-8 --no-sync \
  >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 70; }
# The test role signs in over TCP with its password (`host` covers connections with and without TLS); the
# unix socket, in the private folder, is only for the set-up below, as the OS user running the server.
cat >"$dir/data/pg_hba.conf" <<'EOF'
local all postgres peer map=setup
host  all all 127.0.0.1/32 scram-sha-256
EOF
echo "setup $server_user postgres" >"$dir/data/pg_ident.conf"
cat >>"$dir/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
# 4-6 socreport processes with pools of up to 16 connections, plus the tests' own.
max_connections = 300
shared_buffers = 32MB
ssl = on
ssl_cert_file = '$dir/server.crt'
ssl_key_file = '$dir/server.key'
EOF

# A free port, asked of the kernel; another process may take it before the server binds, so try again.
port=""
for attempt in 1 2 3 4 5; do
  candidate=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  if "${as_server[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -o "-p $candidate" -w -t 60 start >/dev/null 2>&1; then
    port=$candidate; break
  fi
  grep -q 'could not bind\|Address already in use' "$dir/server.log" 2>/dev/null || break
done
[ -n "$port" ] || { echo "$0: PostgreSQL did not start:" >&2; cat "$dir/server.log" >&2; exit 70; }

password=$(openssl rand -hex 16)
# The password goes in on standard input, never on a command line others can list.
"${as_server[@]}" "$bin/psql" -X -q -h "$dir" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 >/dev/null <<EOF
CREATE ROLE socreport LOGIN CREATEDB PASSWORD '$password';
CREATE DATABASE socreport OWNER socreport;
EOF

export SOCREPORT_TEST_POSTGRES="postgres://socreport:$password@127.0.0.1:$port/socreport"
export SOCREPORT_TEST_POSTGRES_CA="$dir/ca.pem"
echo "with-postgres: PostgreSQL $("$bin/postgres" --version | awk "{print \$3}") on 127.0.0.1:$port (TLS, CA $SOCREPORT_TEST_POSTGRES_CA), in $dir" >&2

# At most 8 tests at a time (Swift Testing's SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH; unbounded otherwise).
# With every test of the suite started at once, the test process held 1,000-1,300 descriptors, and Foundation's
# Process.run on Linux (Swift 6.3.1; fixed upstream in swift-corelibs-foundation PR #5472) copies 256 bytes of
# each /proc/self/fd entry, past the end of its directory buffer once about 1,350 are open: the suite crashed
# in 2 of 6 full runs. With 8 at a time it holds under 200, and no test waits long for a thread.
export SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH="${SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH:-8}"

status=0
"$@" || status=$?
exit "$status"
