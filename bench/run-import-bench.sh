#!/usr/bin/env bash
# Imports a Claude Code projects folder (bench/claude_folder.py: 500
# sessions, 200 MB, from the peer workload's pool) into a new store, then
# again unchanged, beside reading the folder twice (cat, from the page
# cache), in one run; prints the medians.
#
#   bench/run-import-bench.sh [REPS]     REPS runs of each (default 3)
set -euo pipefail
reps="${1:-3}"
bench_targets=(sessionstore_cli)
source "$(dirname "${BASH_SOURCE[0]}")/prepare.sh"
folder="${TMPDIR:-/tmp}/sessionstore-bench-claude"
if [ ! -d "$folder" ]; then
  python3 bench/claude_folder.py "$SESSIONSTORE_BENCH_DATA" "$folder" 500 200 >/dev/null
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
now() { date +%s.%N; }
for _ in $(seq "$reps"); do
  t0=$(now); find "$folder" -name '*.jsonl' -exec cat {} + >/dev/null; find "$folder" -name '*.jsonl' -exec cat {} + >/dev/null
  t1=$(now); rm -rf "$work/store"; build/bin/sessionstore --store "$work/store" import "$folder" >/dev/null 2>&1
  t2=$(now); build/bin/sessionstore --store "$work/store" import "$folder" >/dev/null 2>&1
  t3=$(now); echo "$t0 $t1 $t2 $t3" >>"$work/times"
done
bytes=$(find "$folder" -name '*.jsonl' -printf '%s\n' | awk '{s += $1} END {print s}')
python3 - "$work/times" "$bytes" <<'PY'
import statistics, sys
rows = [list(map(float, l.split())) for l in open(sys.argv[1])]
mb = int(sys.argv[2]) / 1e6
read2 = statistics.median(r[1] - r[0] for r in rows)
first = statistics.median(r[2] - r[1] for r in rows)
again = statistics.median(r[3] - r[2] for r in rows)
print(f"Claude Code folder: {mb:.0f} MB, 500 sessions")
print(f"{'read twice (cat)':<28}{read2:8.2f} s")
print(f"{'import into a new store':<28}{first:8.2f} s  {mb / first:6.0f} MB/s  {first / read2:5.1f}x reading twice")
print(f"{'import again, unchanged':<28}{again:8.2f} s")
print(f"medians of {len(rows)} runs")
PY
