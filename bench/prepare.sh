# Sourced by the bench/run-*.sh scripts: generates the peer workload's
# message pool once into $SESSIONSTORE_BENCH_DATA (default
# ${TMPDIR:-/tmp}/sessionstore-bench-data) with the peer harness beside the
# project (../shared/peers/gen.py, or $SESSIONSTORE_PEERS), installs what is
# missing, and builds the targets named in $bench_targets (Release).
cd "$(dirname "${BASH_SOURCE[0]}")/.."
gen="${SESSIONSTORE_PEERS:-../shared/peers}/gen.py"
export SESSIONSTORE_BENCH_DATA="${SESSIONSTORE_BENCH_DATA:-${TMPDIR:-/tmp}/sessionstore-bench-data}"
if [ ! -f "$SESSIONSTORE_BENCH_DATA/messages.jsonl" ]; then
  python3 "$gen" "$SESSIONSTORE_BENCH_DATA" >/dev/null
fi
scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DSESSIONSTORE_BUILD_BENCH=ON >/dev/null
# shellcheck disable=SC2154  # set by the sourcing script
cmake --build build --target "${bench_targets[@]}" >&2
