#include "workload.h"

#include <simdjson.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "format/line_encoder.h"

namespace sessionstore::bench {

namespace {

[[noreturn]] void Die(const std::string& msg) {
  std::fprintf(stderr, "bench: %s\n", msg.c_str());
  std::exit(2);
}

std::string Str(simdjson::ondemand::value v) {
  std::string_view s;
  if (v.get_string().get(s)) Die("pool: expected a string");
  return std::string(s);
}

}  // namespace

std::vector<std::string> EncodeLines(const std::vector<Record>& records) {
  std::vector<std::string> out;
  format::LineEncoder encoder;
  uint64_t seq = 0;
  for (const Record& r : records) {
    format::ByteBuffer line;
    format::EntryStamp stamp{
        .seq = ++seq, .id = "0123456789abcdef", .parent = "fedcba9876543210", .timestamp_ms = 1763776000000};
    if (!encoder.EncodeEntry(r, stamp, &line).ok()) Die("pool: a record does not encode");
    out.emplace_back(line.view());
  }
  return out;
}

std::string DataDir() {
  const char* dir = std::getenv("SESSIONSTORE_BENCH_DATA");
  if (dir == nullptr || *dir == '\0') {
    Die("set SESSIONSTORE_BENCH_DATA to a directory made by the peer generator (bench/run-bench.sh does)");
  }
  return dir;
}

std::vector<Record> LoadPool(const std::string& data_dir, size_t limit) {
  simdjson::padded_string text;
  if (simdjson::padded_string::load(data_dir + "/messages.jsonl").get(text)) {
    Die("cannot read " + data_dir + "/messages.jsonl");
  }
  simdjson::ondemand::parser parser;
  simdjson::ondemand::document_stream stream;
  if (parser.iterate_many(text, 1 << 20).get(stream)) Die("pool: bad JSONL");
  std::vector<Record> pool;
  for (auto doc_result : stream) {
    if (limit != 0 && pool.size() >= limit) break;
    simdjson::ondemand::document_reference doc;
    if (std::move(doc_result).get(doc)) Die("pool: bad line");
    Message m;
    std::string_view role;
    if (doc["role"].get_string().get(role)) Die("pool: no role");
    m.role = std::string(role);
    if (role == "tool") {
      ContentBlock result = ContentBlock::ToolResult(Str(doc["call_id"]), Str(doc["text"]));
      result.name = Str(doc["name"]);
      m.content.push_back(std::move(result));
    } else {
      m.content.push_back(ContentBlock::Text(Str(doc["text"])));
      simdjson::ondemand::array calls;
      if (!doc["tool_calls"].get_array().get(calls)) {
        for (auto call_result : calls) {
          simdjson::ondemand::object call;
          if (std::move(call_result).get(call)) Die("pool: bad tool call");
          std::string id = Str(call["id"]);
          std::string name = Str(call["name"]);
          simdjson::ondemand::object args;
          std::string_view raw;
          if (call["arguments"].get_object().get(args) || args.raw_json().get(raw)) Die("pool: bad arguments");
          m.content.push_back(ContentBlock::ToolCall(id, name, std::string(raw)));
        }
      }
    }
    pool.push_back(Record::FromMessage(std::move(m)));
  }
  if (pool.empty()) Die("pool: no messages");
  return pool;
}

std::string FreshDir(const std::string& name) {
  const char* base = std::getenv("SESSIONSTORE_BENCH_DIR");
  std::filesystem::path dir =
      std::filesystem::path(base && *base ? base : std::filesystem::temp_directory_path().string()) /
      ("sessionstore-bench-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

}  // namespace sessionstore::bench
