#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on 127.0.0.1 for tests and benchmarks: Debian's `postgresql`
# binaries (scripts/setup.sh --postgres installs them), run as an unprivileged user (PostgreSQL
# refuses to run as root: as root this uses the `postgres` account the package creates).
#   scripts/postgres.sh start DIR [PORT]   initdb (once) and start; prints the admin URL (the
#                                          port: PORT, else the first free one from 55432)
#   scripts/postgres.sh stop DIR           stop (the directory stays until you remove it)
# Trust authentication on loopback only: a test cluster, never one for data that matters.
set -euo pipefail
cmd="${1:-}"
dir="${2:-}"
port="${3:-}"
if [ -z "$cmd" ] || [ -z "$dir" ]; then
  echo "usage: scripts/postgres.sh start|stop DIR [PORT]" >&2
  exit 2
fi
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
if [ -z "$bin" ] || [ ! -x "$bin/pg_ctl" ]; then
  echo "postgres.sh: PostgreSQL is not installed; run scripts/setup.sh --postgres" >&2
  exit 1
fi
as_user=()
owner="$(id -un)"
if [ "$(id -u)" -eq 0 ]; then
  owner=postgres
  as_user=(runuser -u postgres --)
fi
mkdir -p "$dir"
dir="$(realpath "$dir")"
data="$dir/data"
case "$cmd" in
  start)
    chown "$owner" "$dir"
    if [ ! -s "$data/PG_VERSION" ]; then
      "${as_user[@]}" "$bin/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 \
        --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    if "${as_user[@]}" "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
      port="$(cat "$dir/port" 2>/dev/null || echo 55432)"
    else
      if [ -z "$port" ]; then
        port=55432
        while (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
      fi
      echo "$port" >"$dir/port"
      # Loopback only, the socket in the cluster's own directory, fsync on as in production.
      "${as_user[@]}" "$bin/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 \
        -o "-h 127.0.0.1 -p $port -k $dir -c max_connections=200" start >/dev/null \
        || { cat "$dir/server.log" >&2; exit 1; }
    fi
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    if [ -s "$data/PG_VERSION" ]; then
      "${as_user[@]}" "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    ;;
  *)
    echo "postgres.sh: unknown command $cmd" >&2
    exit 2
    ;;
esac
