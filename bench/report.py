#!/usr/bin/env python3
"""Prints the medians of the benchmark runs and the ratios of the targets.

usage: report.py STORE_BENCH_JSON HISTORY_BENCH_JSON LOAD_MEMORY_JSON_LINE
"""
import json
import statistics
import sys


def main():
    runs = json.load(open(sys.argv[1]))["benchmarks"] + json.load(open(sys.argv[2]))["benchmarks"]
    by_name = {}
    for r in runs:
        if r.get("run_type") != "iteration":
            continue
        name = r["run_name"]
        by_name.setdefault(name, []).append(r)

    def med(prefix, key):
        for name, rs in by_name.items():
            if name.startswith(prefix):
                return statistics.median(x[key] for x in rs)
        return None

    print(f"{'benchmark':<55} {'median items/s':>15} {'median MB/s':>12} {'median ms':>10} {'reps':>5}")
    for name, rs in sorted(by_name.items()):
        ips = statistics.median(x.get("items_per_second", 0) for x in rs)
        bps = statistics.median(x.get("bytes_per_second", 0) for x in rs)
        ms = statistics.median(x["real_time"] for x in rs) if rs[0].get("time_unit") == "ms" else 0
        print(f"{name:<55} {ips:>15,.0f} {bps / 1e6:>12,.1f} {ms:>10,.2f} {len(rs):>5}")

    bare = med("BM_BareWrite/", "items_per_second")
    proc = med("BM_AppendProcess", "items_per_second")
    bare_sync = med("BM_BareWriteFdatasync", "items_per_second")
    sync1 = med("BM_AppendSync/min_time:1.000/real_time/threads:1", "items_per_second")
    sync8 = med("BM_AppendSync/min_time:1.000/real_time/threads:8", "items_per_second")
    load = med("BM_Load/", "bytes_per_second")
    context_ms = med("BM_ContextLatest", "real_time")
    whole_ms = med("BM_LoadWhole", "real_time")
    file_mb = med("BM_ContextLatest", "file_MB")
    print()
    print("target                                               measured   goal")
    print(f"process-safe append / bare write(2)                  {proc / bare:8.2f}   >= 0.80")
    print(f"synced append (1 thread) / bare write+fdatasync      {sync1 / bare_sync:8.2f}   >= 0.80")
    print(f"synced append (8 threads) / bare write+fdatasync     {sync8 / bare_sync:8.2f}   >= 4.00")
    print(f"load, warm (GB/s of file)                            {load / 1e9:8.2f}   >= 1.00")
    print(f"context of the latest leaf, {file_mb:.0f} MB session (ms)      {context_ms:8.2f}   <= 10"
          f"   (whole load: {whole_ms:.0f} ms)")
    if len(sys.argv) > 3:
        mem = json.loads(sys.argv[3])
        print(f"load peak memory / file size                         {mem['ratio']:8.2f}   <= 1.50"
              f"   ({mem['peak_rss_added_mb']} MB for {mem['file_mb']} MB)")


if __name__ == "__main__":
    main()
