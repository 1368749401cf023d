#!/usr/bin/env bash
# Run a command with a throwaway PostgreSQL cluster for the hub's tests and benchmarks:
#   bash scripts/postgres.sh COMMAND [ARGS…]
# Installs PostgreSQL from the Debian packages when it is missing (as root), runs initdb as the
# `postgres` user in a temporary folder (initdb refuses root), starts it on a free loopback port,
# exports WUZHENG_TEST_PG_URL for the command, and stops and deletes the cluster afterwards,
# even when the command fails. Under CI ($CI set) it also exports WUZHENG_TEST_PG_REQUIRED=1, so
# the PostgreSQL tests fail instead of skipping when no cluster could be started. Without root
# (and no $WUZHENG_TEST_PG_URL given) the command runs without PostgreSQL: those tests skip.
set -euo pipefail

if [ -n "${CI:-}" ]; then export WUZHENG_TEST_PG_REQUIRED=1; fi
if [ -n "${WUZHENG_TEST_PG_URL:-}" ]; then exec "$@"; fi
if [ "$(id -u)" != 0 ]; then
  echo "Note: not root, so no throwaway PostgreSQL: the hub's PostgreSQL tests will skip." >&2
  exec "$@"
fi

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
if [ -z "$(pg_bin)" ] || ! id postgres >/dev/null 2>&1; then
  echo "Installing PostgreSQL (Debian packages) …" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
PGBIN=$(pg_bin)
PGROOT=$(mktemp -d /tmp/wuzheng-pg.XXXXXX)
chown postgres:postgres "$PGROOT"
PGPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

stop_postgres() {
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGROOT/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$PGROOT"
}
trap stop_postgres EXIT

runuser -u postgres -- "$PGBIN/initdb" -D "$PGROOT/data" -A trust -U postgres >/dev/null
# throwaway: no fsync; room for two hub workers' pools and the tests' own connections
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/server.log" -w -o \
  "-p $PGPORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
  start >/dev/null
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PGPORT (throwaway)" >&2
export WUZHENG_TEST_PG_URL="postgresql+psycopg://postgres@127.0.0.1:$PGPORT/postgres"
"$@"
