#!/usr/bin/env bash
# Appends and a whole-session load through the C++ API, the Python package
# and the Go package, in one run, on the peer workload: prints the medians
# and what a call through each binding costs against the C++ call.
#
#   bench/run-bindings-bench.sh [REPS]     REPS runs of each (default 5), interleaved
#
# append: 10,000 messages of the pool (and of its short ones), one append each, durability
# "process" (written before return, no fsync: the cost of the call, not of
# the disk). C++ appends a Record (its own call) and, as "C++ JSON", the
# message's JSON text through ParseMessage (what the bindings do after
# encoding their values). load: the 20,000-message session (about 56 MB),
# to each language's values. Each run is a process of its own.
set -euo pipefail
reps="${1:-5}"
bench_targets=(peer_driver sessionstore_c)
source "$(dirname "${BASH_SOURCE[0]}")/prepare.sh"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd go && PKG_CONFIG_PATH="$PWD/../build/pkgconfig-build" GOCACHE="$PWD/../build/go-cache" \
  GOPATH="$PWD/../build/go-path" GOPROXY=off GOFLAGS=-mod=mod go build -o "$work/go-bench" ./cmd/bindings-bench)
export SESSIONSTORE_LIBRARY="$PWD/build/libsessionstore.so.0"
python=/usr/bin/python3
data="$SESSIONSTORE_BENCH_DATA"
results="$work/results.jsonl"
# The pool's messages average 2.7 KB (tool output, much of it not ASCII);
# "short" is the pool without the messages over 400 bytes of JSON: what a
# chat turn is.
mkdir -p "$work/short"
awk 'length($0) <= 400' "$data/messages.jsonl" >"$work/short/messages.jsonl"
fresh() { rm -rf "$work/store"; }
for _ in $(seq "$reps"); do
  for set in pool short; do
    d="$data"; [ "$set" = short ] && d="$work/short"
    tag() { sed "s/\"op\": *\"$1\"/\"op\":\"append-$set\",\"lang\":\"$2\"/"; }
    fresh; build/bench/peer_driver append -data "$d" -dir "$work/store" -n 10000 | tag append "C++" >>"$results"
    fresh; build/bench/peer_driver append-json -data "$d" -dir "$work/store" -n 10000 | tag append-json "C++ JSON" >>"$results"
    fresh; "$python" bench/bindings/bench.py append -data "$d" -dir "$work/store" -n 10000 | tag append "Python" >>"$results"
    fresh; "$work/go-bench" append -data "$d" -dir "$work/store" -n 10000 | tag append "Go" >>"$results"
  done
done
build/bench/peer_driver prepare-load -data "$data" -dir "$work/load" >/dev/null
for _ in $(seq "$reps"); do
  build/bench/peer_driver load -data "$data" -dir "$work/load" | sed 's/"op":"load"/"op":"load","lang":"C++"/' >>"$results"
  "$python" bench/bindings/bench.py load -dir "$work/load" | sed 's/"op": "load"/"op": "load", "lang": "Python"/' >>"$results"
  "$work/go-bench" load -dir "$work/load" | sed 's/"op":"load"/"op":"load","lang":"Go"/' >>"$results"
done
"$python" - "$results" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
def median(op, lang, key):
    return statistics.median(r[key] for r in rows if r["op"] == op and r["lang"] == lang)
for op, what in [("append-pool", "append, pool (2.7 KB avg)"), ("append-short", "append, short (<= 400 B)")]:
    print(f"{what:<26}{'appends/s':>12}{'µs/append':>11}{'× C++':>8}{'× C++ JSON':>12}")
    base = median(op, "C++", "per_sec")
    base_json = median(op, "C++ JSON", "per_sec")
    for lang in ["C++", "C++ JSON", "Python", "Go"]:
        v = median(op, lang, "per_sec")
        print(f"{lang:<26}{v:>12,.0f}{1e6 / v:>11.2f}{base / v:>8.2f}{base_json / v:>12.2f}")
    print()
print(f"{'load (one session)':<26}{'MB/s':>12}{'seconds':>11}{'× C++':>8}")
base = median("load", "C++", "mb_per_sec")
for lang in ["C++", "Python", "Go"]:
    v = median("load", lang, "mb_per_sec")
    print(f"{lang:<26}{v:>12,.0f}{median('load', lang, 'secs'):>11.3f}{base / v:>8.2f}")
mb = next(r["bytes"] for r in rows if r["op"] == "load") / 1e6
print(f"\nmedians of {sum(1 for r in rows if r['op'] == 'load') // 3} runs each; the session loaded is {mb:.1f} MB")
PY
