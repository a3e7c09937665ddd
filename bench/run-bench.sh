#!/usr/bin/env bash
# Runs the in-process benchmarks on the peer benchmark's workload and prints
# medians and the ratios the targets are stated in.
#
#   bench/run-bench.sh [REPS]        REPS repetitions per benchmark (default 5)
#
# Needs the peer harness beside the project (../shared/peers/gen.py) to
# generate the workload once into $SESSIONSTORE_BENCH_DATA (default
# ${TMPDIR:-/tmp}/sessionstore-bench-data). Stores go to $SESSIONSTORE_BENCH_DIR.
set -euo pipefail
reps="${1:-5}"
bench_targets=(store_bench history_bench load_memory)
source "$(dirname "${BASH_SOURCE[0]}")/prepare.sh"
out="$(mktemp)"
history="$(mktemp)"
build/bench/store_bench --benchmark_repetitions="$reps" --benchmark_enable_random_interleaving=true \
  --benchmark_format=json --benchmark_out="$out" --benchmark_out_format=json >/dev/null
build/bench/history_bench --benchmark_repetitions="$reps" \
  --benchmark_format=json --benchmark_out="$history" --benchmark_out_format=json >/dev/null
mem_dir="$(mktemp -d)"
build/bench/load_memory prepare "$mem_dir"
mem="$(build/bench/load_memory load "$mem_dir")"
rm -rf "$mem_dir"
python3 bench/report.py "$out" "$history" "$mem"
rm -f "$out" "$history"
