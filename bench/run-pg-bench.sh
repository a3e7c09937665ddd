#!/usr/bin/env bash
# The PostgreSQL store's speed figures: starts a throwaway server (default
# durability: fsync and synchronous_commit on, loopback), copies a file store
# into it with `sessionstore copy` (verified), runs bench/pg_bench.cc and
# prints medians and ratios against bare libpq in the same run.
#
#   bench/run-pg-bench.sh STORE_DIR [REPS]
#
# STORE_DIR: a file store, e.g. the peer harness's 5,000 sessions
# (peer_driver build-store). REPS: repetitions (default 5). The message pool
# comes from $SESSIONSTORE_BENCH_DATA as for bench/run-bench.sh.
set -euo pipefail
store="$(realpath "${1:?STORE_DIR}")"
reps="${2:-5}"
bench_targets=(pg_bench sessionstore_cli)
source "$(dirname "${BASH_SOURCE[0]}")/prepare.sh"
server="$(mktemp -d)"
trap 'scripts/pg-test-server.sh stop "$server"' EXIT
url="$(scripts/pg-test-server.sh start "$server")"
export SESSIONSTORE_BENCH_PG="$url"
start=$(date +%s%N)
build/sessionstore copy --from "$store" --to "$url" >/dev/null
echo "copy of $(ls "$store/sessions" | wc -l) sessions into PostgreSQL, each verified:" \
  "$(( ($(date +%s%N) - start) / 1000000 )) ms"
out="$(mktemp)"
build/bench/pg_bench --benchmark_repetitions="$reps" --benchmark_format=json --benchmark_out="$out" \
  --benchmark_out_format=json >/dev/null
python3 - "$out" <<'PY'
import json, sys
runs = json.load(open(sys.argv[1]))["benchmarks"]
med = {r["run_name"]: r for r in runs if r.get("aggregate_name") == "median"}
def get(prefix):
    return next(v for k, v in med.items() if k.startswith(prefix))
app, short, bare = get("BM_PgAppend/"), get("BM_PgAppendShort"), get("BM_BareInsert")
print(f"appends, 8 writers, synced: {app['items_per_second']:,.0f}/s of the pool's messages,"
      f" {short['items_per_second']:,.0f}/s of a short one (bare INSERT commits of the same lines:"
      f" {bare['items_per_second']:,.0f}/s; ratio {app['items_per_second'] / bare['items_per_second']:.2f})")
lst, sel = get("BM_PgList"), get("BM_BareSelectSessions")
print(f"list of {lst['sessions']:.0f} sessions: {lst['real_time']:.1f} ms"
      f" (bare SELECT of the rows: {sel['real_time']:.1f} ms; ratio {lst['real_time'] / sel['real_time']:.2f})")
for q in ("common", "rare", "absent", "phrase"):
    mine, bare = get(f"BM_PgSearch/{q}"), get(f"BM_BareSearch/{q}")
    print(f"search, {q} ({mine['hits']:.0f} hits): {mine['real_time']:.1f} ms"
          f" (bare SELECT of the newest 20 matches, as the planner runs it: {bare['real_time']:.1f} ms)")
load, lines, files = get("BM_PgLoad"), get("BM_BareSelectLines"), get("BM_FileLoad")
print(f"load of a {load['MB']:.1f} MB session ({load['entries']:.0f} entries): {load['real_time']:.0f} ms,"
      f" {load['bytes_per_second'] / 1e6:.0f} MB/s (bare SELECT of its lines: {lines['real_time']:.0f} ms,"
      f" ratio {load['real_time'] / lines['real_time']:.2f}; file store: {files['real_time']:.0f} ms,"
      f" {files['bytes_per_second'] / 1e6:.0f} MB/s)")
PY
