// Benchmarks of the PostgreSQL store against bare libpq on the same server,
// in the same run (bench/run-pg-bench.sh starts the server, copies the peer
// store of 5,000 sessions into it and prints medians and ratios).
//
// Workloads:
//   BM_BareSelectSessions     SELECT of the 5,000 session rows: the floor
//                             for listing
//   BM_PgList                 Store::List of the 5,000 sessions
//   BM_BareSearch/<query>     the SELECT of the newest 20 matches of a
//                             query's tsquery, as the planner runs it: what
//                             a bare query gives, without snippets
//   BM_PgSearch/<query>       Store::Search (20 hits, with snippets) of a
//                             word in half the entries, a word in a few, a
//                             word in none, and a phrase of common words
//   BM_BareSelectLines        SELECT of the lines of a session of the whole
//                             message pool (53 MB of messages)
//   BM_PgLoad                 Store::Load of that session (bytes/s = its
//                             size as a file)
//   BM_FileLoad               the file store's Load of the same session
//   BM_BareInsert/threads:8   one INSERT of a pool message's line per
//                             commit (synchronous_commit on) into a table
//                             with only a primary key, 8 connections: the
//                             floor for appends of the same bytes
//   BM_PgAppend/threads:8     Writer::Append of the pool's messages one at
//                             a time, kSync (synchronous_commit on), 8
//                             writers on 8 sessions
//   BM_PgAppendShort/threads:8  the same with a 36-character user message:
//                             the cost of a commit without the bytes
//
// Environment: SESSIONSTORE_BENCH_PG (a database holding the copied store),
// SESSIONSTORE_BENCH_DATA (the message pool, workload.h).

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <random>
#include <span>

#include "postgres/pg_connection.h"
#include "postgres/pg_text_search.h"
#include "search/search_query.h"
#include "sessionstore/store.h"
#include "workload.h"

namespace sessionstore::bench {
namespace {

std::string Url() {
  const char* url = std::getenv("SESSIONSTORE_BENCH_PG");
  if (url == nullptr) {
    std::fprintf(stderr, "set SESSIONSTORE_BENCH_PG (bench/run-pg-bench.sh does)\n");
    std::exit(2);
  }
  return url;
}

template <typename T>
T Check(Result<T> r) {
  if (!r.ok()) {
    std::fprintf(stderr, "%s\n", r.status().ToString().c_str());
    std::exit(1);
  }
  return std::move(*r);
}

Store& TheStore() {
  static Store* store = Check(Store::Open(Url())).release();
  return *store;
}

const std::vector<Record>& Pool() {
  static const std::vector<Record>* pool = new std::vector<Record>(LoadPool(DataDir()));
  return *pool;
}

// Fills session `id` of `store` with the whole pool.
void Fill(Store& store, const std::string& id) {
  Check(store.Create({.id = id}));
  std::unique_ptr<Writer> w = Check(store.OpenWriter(id, {.durability = Durability::kProcess}));
  const std::vector<Record>& pool = Pool();
  for (size_t i = 0; i < pool.size(); i += 1000) {
    Check(w->AppendBatch(std::span<const Record>(pool.data() + i, std::min<size_t>(1000, pool.size() - i))));
  }
  if (!w->Close().ok()) std::exit(1);
}

// A session of the whole pool, made once in the PostgreSQL store, and its
// size as a file.
const SessionInfo& Largest() {
  static const SessionInfo* largest = [] {
    const std::string id = "bench-load-" + std::to_string(std::random_device{}());
    Fill(TheStore(), id);
    for (const SessionInfo& r : Check(TheStore().List())) {
      if (r.id == id) return new SessionInfo(r);
    }
    std::exit(1);
  }();
  return *largest;
}

// The pool's messages as the lines a writer appends (same bytes).
const std::vector<std::string>& PoolLines() {
  static const std::vector<std::string>* lines = new std::vector<std::string>(EncodeLines(Pool()));
  return *lines;
}

void BM_BareSelectSessions(benchmark::State& state) {
  postgres::PgConnection db = Check(postgres::PgConnection::Connect(Url()));
  for (auto _ : state) {
    auto r = db.Exec("SELECT * FROM sessions ORDER BY updated_ms DESC, id");
    if (!r.ok()) state.SkipWithError("select failed");
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_BareSelectSessions)->Unit(benchmark::kMillisecond);

void BM_PgList(benchmark::State& state) {
  size_t rows = 0;
  for (auto _ : state) rows = Check(TheStore().List()).size();
  state.counters["sessions"] = static_cast<double>(rows);
}
BENCHMARK(BM_PgList)->Unit(benchmark::kMillisecond);

void BM_BareSearch(benchmark::State& state, const char* query) {
  postgres::PgConnection db = Check(postgres::PgConnection::Connect(Url()));
  const std::string tsquery = Check(postgres::TsQueryOf(Check(search::ParseSearchQuery(query)))).text;
  size_t hits = 0;
  for (auto _ : state) {
    auto r = db.Exec(
        "SELECT e.session_id, e.id FROM entries e JOIN sessions s ON s.id = e.session_id"
        " WHERE e.search @@ $1::tsquery AND NOT s.archived ORDER BY e.ts_ms DESC, e.session_id DESC, e.seq DESC"
        " LIMIT 20",
        {tsquery});
    if (!r.ok()) state.SkipWithError("select failed");
    hits = r.ok() ? static_cast<size_t>(r->rows()) : 0;
  }
  state.counters["hits"] = static_cast<double>(hits);
}

void BM_PgSearch(benchmark::State& state, const char* query) {
  size_t hits = 0;
  for (auto _ : state) hits = Check(TheStore().Search(query)).size();
  state.counters["hits"] = static_cast<double>(hits);
}

// The peer store's common word, a rare one, one it does not hold, and a
// phrase of two common words that seldom stand together.
BENCHMARK_CAPTURE(BM_BareSearch, common, "große")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_PgSearch, common, "große")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_BareSearch, rare, "996")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_PgSearch, rare, "996")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_BareSearch, absent, "xyzzy")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_PgSearch, absent, "xyzzy")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_BareSearch, phrase, "\"große path\"")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_PgSearch, phrase, "\"große path\"")->Unit(benchmark::kMillisecond);

void BM_BareSelectLines(benchmark::State& state) {
  postgres::PgConnection db = Check(postgres::PgConnection::Connect(Url()));
  for (auto _ : state) {
    auto r = db.Exec("SELECT line FROM entries WHERE session_id = $1 ORDER BY seq", {Largest().id});
    if (!r.ok()) state.SkipWithError("select failed");
    benchmark::DoNotOptimize(r);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * Largest().bytes));
}
BENCHMARK(BM_BareSelectLines)->Unit(benchmark::kMillisecond);

void BM_PgLoad(benchmark::State& state) {
  size_t entries = 0;
  for (auto _ : state) entries = Check(TheStore().Load(Largest().id)).entries.size();
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * Largest().bytes));
  state.counters["entries"] = static_cast<double>(entries);
  state.counters["MB"] = static_cast<double>(Largest().bytes) / 1e6;
}
BENCHMARK(BM_PgLoad)->Unit(benchmark::kMillisecond);

void BM_FileLoad(benchmark::State& state) {
  static Store* files = [] {
    Store* s = Check(Store::Open(FreshDir("pg-bench-file-load"))).release();
    Fill(*s, "load");
    return s;
  }();
  for (auto _ : state) benchmark::DoNotOptimize(Check(files->Load("load")));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * Largest().bytes));
}
BENCHMARK(BM_FileLoad)->Unit(benchmark::kMillisecond);

// The appends come last: the sessions they make stay, and the list above
// is of the copied store alone.
void BM_BareInsert(benchmark::State& state) {
  postgres::PgConnection db = Check(postgres::PgConnection::Connect(Url()));
  if (state.thread_index() == 0) {
    (void)db.Run("CREATE TABLE IF NOT EXISTS bench_bare(id bigserial PRIMARY KEY, line text)");
  }
  const std::vector<std::string>& lines = PoolLines();
  size_t i = static_cast<size_t>(state.thread_index()) * 997;
  (void)db.Run("SET synchronous_commit = on");
  for (auto _ : state) {
    if (!db.Run("INSERT INTO bench_bare(line) VALUES($1)", {lines[i++ % lines.size()]}).ok()) {
      state.SkipWithError("insert failed");
    }
  }
  state.SetItemsProcessed(state.iterations());
  if (state.thread_index() == 0) (void)db.Run("DROP TABLE IF EXISTS bench_bare");
}
BENCHMARK(BM_BareInsert)->Threads(8)->UseRealTime()->MinTime(3);

// One writer per thread, on a session of its own, appending `records` in
// turn, synced.
void AppendEach(benchmark::State& state, const std::vector<Record>& records) {
  const std::string id =
      "bench-append-" + std::to_string(state.thread_index()) + "-" + std::to_string(std::random_device{}());
  Check(TheStore().Create({.id = id}));
  std::unique_ptr<Writer> w = Check(TheStore().OpenWriter(id, {.durability = Durability::kSync}));
  size_t i = static_cast<size_t>(state.thread_index()) * 997;
  for (auto _ : state) {
    if (!w->Append(records[i++ % records.size()]).ok()) state.SkipWithError("append failed");
  }
  state.SetItemsProcessed(state.iterations());
  // The session stays: deleting it would charge the next runs with the
  // vacuum of its rows (the server is thrown away after the benchmark).
  (void)w->Close();
}

void BM_PgAppend(benchmark::State& state) { AppendEach(state, Pool()); }
BENCHMARK(BM_PgAppend)->Threads(8)->UseRealTime()->MinTime(3);

void BM_PgAppendShort(benchmark::State& state) {
  static const std::vector<Record> hello = {Record::FromMessage(Message::User("Where is the retry logic configured?"))};
  AppendEach(state, hello);
}
BENCHMARK(BM_PgAppendShort)->Threads(8)->UseRealTime()->MinTime(3);

}  // namespace
}  // namespace sessionstore::bench

BENCHMARK_MAIN();
