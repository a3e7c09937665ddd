// Benchmarks of the file store against the bare system calls beneath it,
// on the peer benchmark's message mix (workload.h).
//
// Workloads:
//   BM_BareWrite            write(2) of pre-encoded lines: the floor for
//                           process-safe appends
//   BM_AppendProcess        Writer::Append, Durability::kProcess
//   BM_BareWriteFdatasync   write(2) + fdatasync(2) per line: the floor for
//                           synced appends
//   BM_AppendSync           Writer::Append, Durability::kSync, 1 and 8 threads
//                           on one writer (group commit)
//   BM_Load                 Store::Load of one 20,000-message session
//                           (bytes/s = file bytes per second)
//
// bench/run-bench.sh runs them with repetitions and prints medians and the
// ratios the targets are stated in.

#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <memory>

#include "file/file_backend.h"
#include "format/line_encoder.h"
#include "sessionstore/store.h"
#include "workload.h"

namespace sessionstore::bench {
namespace {

const std::vector<Record>& Pool() {
  static const std::vector<Record>* pool = new std::vector<Record>(LoadPool(DataDir()));
  return *pool;
}

// The pool's messages as the lines a writer appends (same bytes).
const std::vector<std::string>& EncodedPool() {
  static const std::vector<std::string>* lines = new std::vector<std::string>(EncodeLines(Pool()));
  return *lines;
}

std::unique_ptr<Store> OpenFresh(const std::string& name) {
  auto store = Store::Open(FreshDir(name));
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.status().ToString().c_str());
    std::abort();
  }
  return std::move(*store);
}

void BareLoop(benchmark::State& state, bool sync) {
  const auto& lines = EncodedPool();
  const std::string path = FreshDir(sync ? "bare-sync" : "bare") + "/bare.jsonl";
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  size_t i = 0, bytes = 0;
  for (auto _ : state) {
    const std::string& line = lines[i++ % lines.size()];
    if (::write(fd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) std::abort();
    if (sync && ::fdatasync(fd) != 0) std::abort();
    bytes += line.size();
  }
  ::close(fd);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}

void BM_BareWrite(benchmark::State& state) { BareLoop(state, false); }

// The CPU cost of turning a record into its line, without I/O.
void BM_Encode(benchmark::State& state) {
  const auto& pool = Pool();
  format::LineEncoder encoder;
  format::ByteBuffer line;
  size_t i = 0, bytes = 0;
  for (auto _ : state) {
    line.Clear();
    format::EntryStamp stamp{
        .seq = i + 1, .id = "0123456789abcdef", .parent = "fedcba9876543210", .timestamp_ms = 1763776000000};
    if (!encoder.EncodeEntry(pool[i++ % pool.size()], stamp, &line).ok()) std::abort();
    bytes += line.size();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
void BM_BareWriteFdatasync(benchmark::State& state) { BareLoop(state, true); }

void AppendLoop(benchmark::State& state, Durability durability) {
  // One writer shared by all threads of the run: thread 0 sets it up before
  // the start barrier of the timed loop and tears it down after the end one.
  static std::unique_ptr<Store> store;
  static std::unique_ptr<Writer> writer;
  static std::atomic<size_t> next{0};
  const auto& pool = Pool();
  if (state.thread_index() == 0) {
    store = OpenFresh("append-" + std::string(DurabilityName(durability)));
    auto header = store->Create({.workspace = "/bench"});
    auto w = store->OpenWriter(header->id, {.durability = durability});
    if (!w.ok()) std::abort();
    writer = std::move(*w);
    next = 0;
  }
  for (auto _ : state) {
    const Record& r = pool[next.fetch_add(1, std::memory_order_relaxed) % pool.size()];
    auto id = writer->Append(r);
    if (!id.ok()) state.SkipWithError(id.status().ToString().c_str());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  if (state.thread_index() == 0) {
    if (!writer->Close().ok()) std::abort();
    writer.reset();
    store.reset();
  }
}

void BM_AppendProcess(benchmark::State& state) { AppendLoop(state, Durability::kProcess); }

// A file system whose write(2) does nothing: what an append costs besides the
// system call (encoding, stamping, the writer's queue).
class DiscardingFs : public io::Fs {
 public:
  bool discard = false;  // set once the session's header is written
  ssize_t Write(int fd, const void* buf, size_t n) override {
    return discard ? static_cast<ssize_t>(n) : Fs::Write(fd, buf, n);
  }
};

void BM_AppendCpu(benchmark::State& state) {
  static DiscardingFs fs;
  auto store = file::OpenStore(FreshDir("append-cpu"), {}, &fs);
  auto header = (*store)->Create({.workspace = "/bench"});
  auto writer = (*store)->OpenWriter(header->id, {.durability = Durability::kProcess});
  fs.discard = true;
  const auto& pool = Pool();
  size_t i = 0;
  for (auto _ : state) {
    if (!(*writer)->Append(pool[i++ % pool.size()]).ok()) std::abort();
  }
  fs.discard = false;
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
void BM_AppendSync(benchmark::State& state) { AppendLoop(state, Durability::kSync); }

// One session of the whole pool (~20,000 messages), written once.
struct LoadFixture {
  std::unique_ptr<Store> store;
  std::string id;
  uint64_t bytes = 0;
};

const LoadFixture& LoadSession() {
  static LoadFixture* f = [] {
    auto* fx = new LoadFixture();
    fx->store = OpenFresh("load");
    auto header = fx->store->Create({.workspace = "/bench"});
    fx->id = header->id;
    auto w = fx->store->OpenWriter(fx->id, {.durability = Durability::kBuffered});
    if (!w.ok() || !(*w)->AppendBatch(Pool()).ok() || !(*w)->Close().ok()) std::abort();
    auto rows = fx->store->List();
    fx->bytes = rows->front().bytes;
    return fx;
  }();
  return *f;
}

void BM_Load(benchmark::State& state) {
  const LoadFixture& f = LoadSession();
  size_t entries = 0;
  for (auto _ : state) {
    auto session = f.store->Load(f.id);
    if (!session.ok()) state.SkipWithError(session.status().ToString().c_str());
    entries = session->entries.size();
    benchmark::DoNotOptimize(session->entries.data());
    // Freeing the entries is the caller's business, not loading.
    state.PauseTiming();
    session = Status::NotFound("");
    state.ResumeTiming();
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * f.bytes));
  state.counters["entries"] = static_cast<double>(entries);
  state.counters["file_MB"] = static_cast<double>(f.bytes) / 1e6;
}

// Equal counts, so that both loops grow their file to the same size.
constexpr int64_t kAppends = 40000;
BENCHMARK(BM_Encode)->MinTime(1.0);
BENCHMARK(BM_BareWrite)->Iterations(kAppends);
BENCHMARK(BM_AppendProcess)->Iterations(kAppends);
BENCHMARK(BM_AppendCpu)->MinTime(1.0);
BENCHMARK(BM_BareWriteFdatasync)->MinTime(1.0)->UseRealTime();
BENCHMARK(BM_AppendSync)->MinTime(1.0)->UseRealTime()->Threads(1)->Threads(8);
BENCHMARK(BM_Load)->MinTime(2.0)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace sessionstore::bench

BENCHMARK_MAIN();
