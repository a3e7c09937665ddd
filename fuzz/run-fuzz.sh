#!/usr/bin/env bash
# Builds the fuzz targets with clang and libFuzzer (ASan+UBSan) in
# build-fuzz/ and runs each for SECONDS (default 60), FUZZ_JOBS at a time
# (default: one per core), starting from its saved
# corpus (fuzz/corpus/<target>/, copied, never modified). Prints executions
# and coverage per target. Exit 1 if any target found a crash; the input is
# kept under build-fuzz/findings/ and belongs in fuzz/corpus/<target>/ under
# a name that says what it broke, once fixed.
#
#   fuzz/run-fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(line_decoder_fuzz session_load_fuzz legacy_import_fuzz session_id_fuzz)

CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DSESSIONSTORE_FUZZ=ON -DSESSIONSTORE_BUILD_TESTS=OFF -DSESSIONSTORE_BUILD_BENCH=OFF \
  -DSESSIONSTORE_BUILD_CLI=OFF -DSESSIONSTORE_AVX2=OFF >/dev/null
cmake --build build-fuzz --target "${targets[@]}"

work=build-fuzz/work
mkdir -p build-fuzz/findings
run_target() {
  local t=$1 log=build-fuzz/$1.log
  rm -rf "$work/$t" && mkdir -p "$work/$t"
  cp fuzz/corpus/"$t"/* "$work/$t"/
  # -rss_limit_mb: the session loader may hold a 64 MiB line and its copy.
  if build-fuzz/fuzz/"$t" "$work/$t" -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=65536 \
      -artifact_prefix=build-fuzz/findings/"$t"- -print_final_stats=1 >"$log" 2>&1; then
    result=ok
  else
    result="FOUND A CRASH (see $log and build-fuzz/findings/): $(grep -m1 -E "property broken|ERROR" "$log" || true)"
  fi
  local runs cov
  runs=$(grep -oE '^stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo '?')
  cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1 || echo '?')
  echo "$t: ${seconds}s, $runs executions, $cov, corpus $(ls "$work/$t" | wc -l) inputs: $result"
}

rm -f build-fuzz/*.result
# FUZZ_JOBS targets at a time (default: one per core).
jobs=${FUZZ_JOBS:-$(nproc)}
for t in "${targets[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
  run_target "$t" > build-fuzz/"$t".result &
done
wait
cat build-fuzz/*.result
! grep -q "FOUND A CRASH" build-fuzz/*.result
