#!/usr/bin/env bash
# Installs (as root, when missing) and starts what the test suite needs: Debian's chromium and its headless shell
# (the browser tests' Chromium, tests/browser/conftest.py) and a private PostgreSQL cluster on a loopback port. Safe to run twice. Prints the PostgreSQL admin URL on its last line.
set -euo pipefail

PGPORT="${PGPORT:-54329}"
PGROOT="${PGROOT:-/tmp/inburgeringsportaal-pg}"
PGDATA="$PGROOT/data"; PGRUN="$PGROOT/run"

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ -x /usr/lib/chromium/chromium-headless-shell ] || need+=(chromium-headless-shell)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "missing: ${need[*]} (run as root, or install them)" >&2; exit 1
  fi
  echo "installing ${need[*]} ..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq "${need[@]}" >&2
fi

PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ "$(id -u)" = 0 ]; then
  install -d -o postgres -g postgres -m 0700 "$PGDATA"; install -d -o postgres -g postgres "$PGRUN"
else
  install -d -m 0700 "$PGDATA"; install -d "$PGRUN"
fi
if [ ! -f "$PGDATA/PG_VERSION" ]; then
  as_pg "$PGBIN/initdb" -D "$PGDATA" -U postgres -E UTF8 --locale=C.UTF-8 --auth-local=trust --auth-host=scram-sha-256 >/dev/null
fi
if ! as_pg "$PGBIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
  as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w \
    -o "-p $PGPORT -c listen_addresses=127.0.0.1 -k $PGRUN -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c autovacuum=off" start >/dev/null
fi
# No autovacuum in this throwaway cluster: PostgreSQL refuses DROP DATABASE ... WITH (FORCE) while an autovacuum worker
# is on the database ("must be a member of the role whose process is being terminated"). ALTER SYSTEM also turns it
# off in a cluster started before this line existed (a reload suffices).
if [ "$(as_pg "$PGBIN/psql" -h "$PGRUN" -p "$PGPORT" -U postgres -tAc "SHOW autovacuum")" != off ]; then
  as_pg "$PGBIN/psql" -h "$PGRUN" -p "$PGPORT" -U postgres -qc "ALTER SYSTEM SET autovacuum = off" \
    -c "SELECT pg_reload_conf()" >/dev/null
fi
as_pg "$PGBIN/psql" -h "$PGRUN" -p "$PGPORT" -U postgres -tAc "SELECT 1 FROM pg_roles WHERE rolname='portal'" | grep -q 1 ||
  as_pg "$PGBIN/psql" -h "$PGRUN" -p "$PGPORT" -U postgres -qc "CREATE ROLE portal LOGIN PASSWORD 'portal' CREATEDB"
echo "postgresql+psycopg://portal:portal@127.0.0.1:$PGPORT/postgres"
