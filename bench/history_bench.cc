// Benchmarks of the history operations on a ~100 MB session: the peer
// workload's pool written twice (40,000 messages) with a compaction every
// 2,000 entries keeping the last 200, as a long-running agent leaves it.
//
//   BM_ContextLatest   Store::Context of the latest leaf: reads back from
//                      the end to the last compaction's first kept entry
//   BM_LoadWhole       Store::Load of the same file, for scale
//
// bench/run-bench.sh prints the median of BM_ContextLatest in ms.

#include <benchmark/benchmark.h>

#include <cstdio>
#include <memory>

#include "sessionstore/store.h"
#include "workload.h"

namespace sessionstore::bench {
namespace {

struct Fixture {
  std::unique_ptr<Store> store;
  uint64_t bytes = 0;
  size_t context_items = 0;
};

const Fixture& BigSession() {
  static Fixture* f = [] {
    auto* fx = new Fixture();
    fx->store = std::move(Store::Open(FreshDir("history")).value());
    if (!fx->store->Create({.id = "big", .workspace = "/bench"}).ok()) std::abort();
    auto w = fx->store->OpenWriter("big", {.durability = Durability::kBuffered});
    if (!w.ok()) std::abort();
    const std::vector<Record> pool = LoadPool(DataDir());
    std::vector<std::string> ids;
    for (int pass = 0; pass < 2; ++pass) {
      for (const Record& r : pool) {
        auto id = (*w)->Append(r);
        if (!id.ok()) std::abort();
        ids.push_back(*id);
        if (ids.size() % 2000 == 0) {
          auto c = (*w)->Append(Record::Compaction("summary of everything so far", ids[ids.size() - 200], 150000));
          if (!c.ok()) std::abort();
          ids.push_back(*c);
        }
      }
    }
    if (!(*w)->Close().ok()) std::abort();
    fx->bytes = fx->store->List()->front().bytes;
    return fx;
  }();
  return *f;
}

void BM_ContextLatest(benchmark::State& state) {
  const Fixture& f = BigSession();
  size_t items = 0;
  for (auto _ : state) {
    auto v = f.store->Context("big");
    if (!v.ok()) state.SkipWithError(v.status().ToString().c_str());
    items = v->items.size();
  }
  state.counters["items"] = static_cast<double>(items);
  state.counters["file_MB"] = static_cast<double>(f.bytes) / 1e6;
}

void BM_LoadWhole(benchmark::State& state) {
  const Fixture& f = BigSession();
  for (auto _ : state) {
    auto s = f.store->Load("big");
    if (!s.ok()) state.SkipWithError(s.status().ToString().c_str());
    benchmark::DoNotOptimize(s->entries.data());
  }
  state.counters["file_MB"] = static_cast<double>(f.bytes) / 1e6;
}

BENCHMARK(BM_ContextLatest)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK(BM_LoadWhole)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();

}  // namespace
}  // namespace sessionstore::bench

BENCHMARK_MAIN();
