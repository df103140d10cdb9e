#!/usr/bin/env bash
# Runs a command with a throw-away PostgreSQL server and TOKENPRINT_TEST_PG pointing at it, then stops it.
#   scripts/with-postgres.sh node scripts/run-tests.mjs ledger
# As root, the server runs as the `postgres` user (initdb refuses root). Installs postgresql with apt-get when
# no binaries are found. Listens only on a unix socket in a temp dir (no TCP port), so it never clashes.
set -euo pipefail
if [ "$#" -eq 0 ]; then echo "usage: $0 COMMAND [ARGS…]" >&2; exit 2; fi

find_bin() {
  for d in /usr/lib/postgresql/*/bin; do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
  done
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then dirname "$(command -v initdb)"; return 0; fi
  return 1
}

BIN="$(find_bin || true)"
if [ -z "$BIN" ]; then
  echo "with-postgres: no PostgreSQL binaries found; installing with apt-get (needs root and network)…" >&2
  if ! command -v apt-get >/dev/null 2>&1; then echo "with-postgres: apt-get not available: install PostgreSQL 15+ and retry" >&2; exit 1; fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 && apt-get install -y -qq postgresql >&2
  BIN="$(find_bin || true)"
  if [ -z "$BIN" ]; then echo "with-postgres: PostgreSQL binaries still not found after install" >&2; exit 1; fi
fi

TMP="$(mktemp -d /tmp/tokenprint-pg.XXXXXX)"
RUN_AS=()
if [ "$(id -u)" = "0" ]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chown postgres "$TMP"
  RUN_AS=(runuser -u postgres --)
fi
cleanup() {
  "${RUN_AS[@]}" "$BIN/pg_ctl" -D "$TMP/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$TMP"
}
trap cleanup EXIT

"${RUN_AS[@]}" "$BIN/initdb" -D "$TMP/data" -U postgres --auth=trust -E UTF8 >/dev/null
"${RUN_AS[@]}" "$BIN/pg_ctl" -D "$TMP/data" -l "$TMP/log" -w -t 30 \
  -o "-c listen_addresses='' -c unix_socket_directories='$TMP' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
"${RUN_AS[@]}" "$BIN/psql" -h "$TMP" -U postgres -d postgres -qc "CREATE DATABASE tokenprint_test" >/dev/null

export TOKENPRINT_TEST_PG="postgresql://postgres@localhost/tokenprint_test?host=$TMP"
echo "with-postgres: PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') at $TMP (TOKENPRINT_TEST_PG set)" >&2
set +e
"$@"
rc=$?
set -e
exit $rc
