#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests, from Debian's packages:
#
#   scripts/pg-test-server.sh start DIR   initdb into DIR as an unprivileged
#                                         user, start it on 127.0.0.1 at a free
#                                         port, print its URL (also in DIR/url)
#   scripts/pg-test-server.sh stop DIR    stop it and remove DIR
#   scripts/pg-test-server.sh halt DIR    stop it, keeping DIR (tests of a lost server)
#   scripts/pg-test-server.sh resume DIR  start it again, at the same port
#
# The server keeps its defaults for durability (fsync, synchronous_commit on).
set -euo pipefail
cmd=${1:?start or stop} dir=${2:?directory}
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as=()
# initdb and postgres refuse to run as root.
[ "$(id -u)" -ne 0 ] || as=(runuser -u postgres --)

case $cmd in
  start)
    mkdir -p "$dir"
    chmod 700 "$dir"
    [ ${#as[@]} -eq 0 ] || chown postgres: "$dir"
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    "${as[@]}" "$bin/initdb" -D "$dir/data" -U sessionstore --auth=trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
    # The tests' own user needs no password; any other user gives its
    # password (the tests of a wrong one).
    printf '%s\n' 'local all all trust' 'host all sessionstore 127.0.0.1/32 trust' \
      'host all all 127.0.0.1/32 scram-sha-256' >"$dir/data/pg_hba.conf"
    echo "$port" >"$dir/port"
    "$0" resume "$dir"
    url="postgresql://sessionstore@127.0.0.1:$port/postgres"
    echo "$url" >"$dir/url"
    echo "$url"
    ;;
  resume)
    "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $(cat "$dir/port") -k $dir -c listen_addresses=127.0.0.1" start >/dev/null ||
      { cat "$dir/server.log" >&2; exit 1; }
    ;;
  halt)
    "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    ;;
  stop)
    [ ! -d "$dir/data" ] || "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start|stop|halt|resume DIR" >&2
    exit 2
    ;;
esac
