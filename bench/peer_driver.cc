// sessionstore as a peer of the reference session stores in
// ../shared/peers: speaks their one-line JSON protocol.
//
//   peer_driver <op> -data DATA_DIR -dir STORE_DIR [-n N]
//   ops: append | append-json | prepare-load | load | build-store | list | latest
//
// append-json appends the same messages as append, each given as the JSON
// text of a message (ParseMessage, then Append): the C++ counterpart of an
// append through the C API and the bindings (bench/run-bindings-bench.sh).
//
// Appends use Durability::kProcess (written before return, no fsync, like
// the references); FSYNC=1 selects kSync. Each op prints one JSON line with
// the keys the harness reads; `secs` times the operation only.

#include <simdjson.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "format/json_writer.h"
#include "sessionstore/json.h"
#include "sessionstore/store.h"
#include "workload.h"

namespace sessionstore::bench {
namespace {

constexpr int64_t kBaseMs = 1735689600000;  // 2025-01-01, as the references

[[noreturn]] void Die(const std::string& msg) {
  std::fprintf(stderr, "peer_driver: %s\n", msg.c_str());
  std::exit(1);
}

template <typename T>
T Check(Result<T> r) {
  if (!r.ok()) Die(r.status().ToString());
  return std::move(*r);
}
void Check(const Status& s) {
  if (!s.ok()) Die(s.ToString());
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

// Prints {"peer":"sessionstore","op":op, key: value...}.
class Output {
 public:
  explicit Output(std::string_view op) : w_(&out_) {
    w_.BeginObject();
    w_.Key("peer");
    w_.String("sessionstore");
    w_.Key("op");
    w_.String(op);
  }
  Output& Num(std::string_view key, double v) {
    w_.Key(key);
    w_.Double(v);
    return *this;
  }
  Output& Str(std::string_view key, std::string_view v) {
    w_.Key(key);
    w_.String(v);
    return *this;
  }
  Output& Bool(std::string_view key, bool v) {
    w_.Key(key);
    w_.Bool(v);
    return *this;
  }
  void Print() {
    w_.EndObject();
    std::printf("%.*s\n", static_cast<int>(out_.size()), out_.data());
  }

 private:
  format::ByteBuffer out_;
  format::JsonWriter w_;
};

uint64_t DirBytes(const std::string& dir) {
  uint64_t total = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    if (e.is_regular_file() && e.path().extension() == ".jsonl") total += e.file_size();
  }
  return total;
}

std::string FindSingleSession(const std::string& dir) {
  for (const auto& e : std::filesystem::directory_iterator(dir + "/sessions")) {
    if (e.path().extension() == ".jsonl") return e.path().stem().string();
  }
  Die("no session in " + dir);
}

struct PlanItem {
  size_t offset, length;
  std::string title;
};

std::vector<PlanItem> ReadPlan(const std::string& data) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.load(data + "/store_plan.json").get(root)) Die("cannot read store_plan.json");
  std::vector<PlanItem> plan;
  for (simdjson::dom::element s : root["sessions"].get_array()) {
    simdjson::dom::array a = s.get_array();
    plan.push_back({static_cast<size_t>(int64_t(a.at(0))), static_cast<size_t>(int64_t(a.at(1))),
                    std::string(std::string_view(a.at(2)))});
  }
  return plan;
}

int Main(int argc, char** argv) {
  if (argc < 2) Die("usage: peer_driver <op> -data DIR -dir DIR [-n N]");
  const std::string op = argv[1];
  std::string data, dir;
  size_t n = 10000;
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string key = argv[i];
    if (key == "-data") data = argv[i + 1];
    if (key == "-dir") dir = argv[i + 1];
    if (key == "-n") n = std::strtoull(argv[i + 1], nullptr, 10);
  }
  const bool fsync = std::getenv("FSYNC") != nullptr && std::string(std::getenv("FSYNC")) == "1";
  const Durability durability = fsync ? Durability::kSync : Durability::kProcess;
  Output out(op);

  if (op == "append" || op == "prepare-load") {
    std::vector<Record> pool = LoadPool(data);
    if (op == "append" && pool.size() > n) pool.resize(n);
    auto store = Check(Store::Open(dir));
    const auto t0 = std::chrono::steady_clock::now();
    Check(store->Create({.id = "w-session", .workspace = "/bench"}));
    auto writer = Check(store->OpenWriter("w-session", {.durability = durability}));
    for (size_t i = 0; i < pool.size(); ++i) {
      pool[i].timestamp_ms = kBaseMs + static_cast<int64_t>(i) * 1000;
      Check(writer->Append(pool[i]));
    }
    Check(writer->Close());
    const double secs = Seconds(t0);
    out.Num("n", static_cast<double>(pool.size()))
        .Num("secs", secs)
        .Num("per_sec", static_cast<double>(pool.size()) / secs)
        .Num("bytes", static_cast<double>(DirBytes(dir)))
        .Bool("fsync", fsync);
  } else if (op == "append-json") {
    std::vector<Record> pool = LoadPool(data);
    if (pool.size() > n) pool.resize(n);
    std::vector<std::string> texts;
    for (const Record& r : pool) texts.push_back(Check(ToJson(r.message)));
    auto store = Check(Store::Open(dir));
    const auto t0 = std::chrono::steady_clock::now();
    Check(store->Create({.id = "w-session", .workspace = "/bench"}));
    auto writer = Check(store->OpenWriter("w-session", {.durability = durability}));
    for (const std::string& text : texts) Check(writer->Append(Record::FromMessage(Check(ParseMessage(text)))));
    Check(writer->Close());
    const double secs = Seconds(t0);
    out.Num("n", static_cast<double>(texts.size()))
        .Num("secs", secs)
        .Num("per_sec", static_cast<double>(texts.size()) / secs)
        .Bool("fsync", fsync);
  } else if (op == "load") {
    auto store = Check(Store::Open(dir));
    const std::string id = FindSingleSession(dir);
    const double bytes = static_cast<double>(DirBytes(dir));
    const auto t0 = std::chrono::steady_clock::now();
    Session s = Check(store->Load(id));
    const double secs = Seconds(t0);
    out.Num("count", static_cast<double>(s.entries.size()))
        .Num("secs", secs)
        .Num("bytes", bytes)
        .Num("mb_per_sec", bytes / 1e6 / secs);
  } else if (op == "build-store") {
    const std::vector<Record> pool = LoadPool(data);
    const std::vector<PlanItem> plan = ReadPlan(data);
    auto store = Check(Store::Open(dir));
    const auto t0 = std::chrono::steady_clock::now();
    size_t total = 0;
    for (size_t k = 0; k < plan.size(); ++k) {
      char id[32];
      std::snprintf(id, sizeof id, "sess-%05zu", k);
      Check(store->Create({.id = id, .workspace = "/bench"}));
      auto writer = Check(store->OpenWriter(id, {.durability = Durability::kBuffered}));
      std::vector<Record> records = {Record::FromMessage(Message::User(plan[k].title))};
      for (size_t i = 0; i + 1 < plan[k].length; ++i) records.push_back(pool[plan[k].offset + i]);
      for (size_t i = 0; i < records.size(); ++i) {
        records[i].timestamp_ms = kBaseMs + static_cast<int64_t>(k * 1000 + i) * 1000;
      }
      Check(writer->AppendBatch(records));
      Check(writer->Close());
      total += records.size();
    }
    out.Num("sessions", static_cast<double>(plan.size()))
        .Num("messages", static_cast<double>(total))
        .Num("secs", Seconds(t0))
        .Num("bytes", static_cast<double>(DirBytes(dir)));
  } else if (op == "list") {
    const auto t0 = std::chrono::steady_clock::now();
    auto store = Check(Store::Open(dir));
    std::vector<SessionInfo> rows = Check(store->List());
    const double secs = Seconds(t0);
    double messages = 0;
    for (const SessionInfo& r : rows) messages += static_cast<double>(r.message_count);
    out.Num("sessions", static_cast<double>(rows.size()))
        .Num("messages", messages)
        .Num("secs", secs)
        .Str("sample_title", rows.empty() ? "" : rows.front().title);
  } else if (op == "latest") {
    const auto t0 = std::chrono::steady_clock::now();
    auto store = Check(Store::Open(dir));
    SessionInfo latest = Check(store->Latest());
    Session s = Check(store->Load(latest.id));
    out.Num("secs", Seconds(t0)).Str("latest", latest.id).Num("count", static_cast<double>(s.entries.size()));
  } else {
    Die("unknown op " + op);
  }
  out.Print();
  return 0;
}

}  // namespace
}  // namespace sessionstore::bench

int main(int argc, char** argv) { return sessionstore::bench::Main(argc, argv); }
