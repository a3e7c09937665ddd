#include "testing/store_workload.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <span>

#include "sessionstore/migrate.h"
#include "testing/temp_dir.h"

namespace sessionstore::testing {

namespace fs = std::filesystem;

namespace {

constexpr char kLegacyKey[] = "telegram:42";
constexpr char kLegacyFile[] = R"({"key": "telegram:42", "messages": [
  {"role": "user", "content": "What is in /tmp?"},
  {"role": "assistant", "content": "", "tool_calls": [
    {"id": "call_1", "type": "function", "function": {"name": "list_dir", "arguments": "{\"path\":\"/tmp\"}"}}]},
  {"role": "tool", "content": "a.txt", "tool_call_id": "call_1"},
  {"role": "assistant", "content": "One file."}],
 "summary": "Earlier: the weather.", "created": "2025-03-01T10:00:00Z", "updated": "2025-03-02T08:30:00Z"})";

Record User(const std::string& text) { return Record::FromMessage(Message::User(text)); }
Record Assistant(const std::string& text) { return Record::FromMessage(Message::Assistant(text)); }

bool Holds(const std::string& content, const std::string& id) {
  return content.find("\"id\":\"" + id + "\"") != std::string::npos;
}

// The file of session `id`, live or archived; empty if there is none.
fs::path FileOf(const std::string& root, const std::string& id) {
  for (const char* dir : {"sessions", "archive"}) {
    fs::path p = fs::path(root) / dir / (id + ".jsonl");
    if (fs::exists(p)) return p;
  }
  return {};
}

}  // namespace

StoreWorkload::StoreWorkload(std::string root) : root_(std::move(root)), legacy_dir_(root_ + "/legacy") {
  if (!Store::Open(root_).ok()) throw std::runtime_error("cannot make the store at " + root_);
  fs::create_directories(legacy_dir_);
  std::ofstream(legacy_dir_ + "/chat.json") << kLegacyFile;
  // What a migration of that file makes, from a scratch store.
  TempDir scratch;
  fs::create_directories(scratch / "legacy");
  std::ofstream(scratch / "legacy/chat.json") << kLegacyFile;
  auto store = Store::Open(scratch.path());
  if (!store.ok() || !MigrateLegacy(**store, scratch / "legacy").ok()) throw std::runtime_error("scratch migration");
  migrated_entries_ = (*store)->Load(kLegacyKey)->entries.size();
}

Acknowledged StoreWorkload::Run(Store& store, PowerLossFs& disk) {
  Acknowledged acks;
  // Stops the workload at the first error, which must name what failed.
  auto failed = [&](const Status& s) {
    if (s.ok()) return false;
    acks.first_error = s;
    if (s.context().op.empty() || s.context().path.empty()) {
      acks.broken_promises.push_back("an error that names no operation or path: " + s.ToString());
    }
    return true;
  };
  auto create = [&](const std::string& id) {
    Result<SessionHeader> h = store.Create({.id = id, .workspace = "/w"});
    if (failed(h.status())) return false;
    acks.created.insert(id);
    return true;
  };
  // Acknowledges appended ids; a synced one must be in the disk model.
  auto acknowledge = [&](const std::string& session, std::span<const std::string> ids, Durability d) {
    Acknowledged::Entries& e = acks.entries[session];
    e.ids.insert(e.ids.end(), ids.begin(), ids.end());
    if (d == Durability::kBuffered) return;
    e.written = e.ids.size();
    if (d != Durability::kSync) return;
    e.synced = e.written;
  };
  auto check_synced = [&](const std::string& session) {
    const Acknowledged::Entries& e = acks.entries[session];
    const std::string durable = disk.Durable("sessions/" + session + ".jsonl");
    for (size_t i = 0; i < e.synced; ++i) {
      if (!Holds(durable, e.ids[i])) {
        acks.broken_promises.push_back("entry " + e.ids[i] + " of " + session + " acknowledged as synced, not on disk");
      }
    }
  };
  auto append = [&](Writer& w, const std::string& session, std::vector<Record> records, Durability d) {
    if (records.size() == 1) {
      Result<std::string> id = w.Append(records[0]);
      if (failed(id.status())) return false;
      acknowledge(session, std::span(&*id, 1), d);
    } else {
      Result<std::vector<std::string>> ids = w.AppendBatch(records);
      if (failed(ids.status())) return false;
      acknowledge(session, *ids, d);
    }
    check_synced(session);
    return true;
  };
  auto open = [&](const std::string& session, Durability d) -> std::unique_ptr<Writer> {
    Result<std::unique_ptr<Writer>> w = store.OpenWriter(session, {.durability = d});
    if (failed(w.status())) return nullptr;
    return std::move(*w);
  };
  auto sync = [&](Writer& w, const std::string& session, bool flush_only) {
    if (failed(flush_only ? w.Flush() : w.Sync())) return false;
    Acknowledged::Entries& e = acks.entries[session];
    e.written = e.ids.size();
    if (!flush_only) e.synced = e.written;
    check_synced(session);
    return true;
  };

  // Synced appends, one at a time and as a batch.
  if (!create("a")) return acks;
  {
    auto w = open("a", Durability::kSync);
    if (!w || !append(*w, "a", {User("q1")}, Durability::kSync) ||
        !append(*w, "a", {Assistant("r1")}, Durability::kSync) ||
        !append(*w, "a", {User("q2"), Assistant("r2"), User("q3")}, Durability::kSync) || failed(w->Close())) {
      return acks;
    }
  }
  // Process-safe and buffered appends, with explicit syncs and flushes.
  if (!create("b")) return acks;
  {
    auto w = open("b", Durability::kProcess);
    if (!w || !append(*w, "b", {User("p1")}, Durability::kProcess) ||
        !append(*w, "b", {Assistant("p2")}, Durability::kProcess) || !sync(*w, "b", false) ||
        !append(*w, "b", {User("p3")}, Durability::kProcess) || failed(w->Close())) {
      return acks;
    }
  }
  {
    auto w = open("b", Durability::kBuffered);
    if (!w || !append(*w, "b", {Assistant("m1")}, Durability::kBuffered) ||
        !append(*w, "b", {User("m2")}, Durability::kBuffered) || !sync(*w, "b", true) ||
        !append(*w, "b", {Assistant("m3")}, Durability::kBuffered)) {
      return acks;
    }
    if (failed(w->Close())) return acks;
    acks.entries["b"].written = acks.entries["b"].ids.size();  // Close flushed
  }
  if (failed(store.Archive("b")) || failed(store.Restore("b"))) return acks;
  if (!create("c")) return acks;
  acks.created.erase("c");  // from here on, a failed Delete may or may not have removed it
  if (failed(store.Delete("c"))) return acks;
  acks.deleted.insert("c");
  // A compaction: the first messages of "a" are dropped by a rewrite.
  if (failed(store.TruncateHistory("a", 2).status())) return acks;
  acks.compaction_started = true;
  acks.before_compaction = ReadFile(fs::path(root_) / "sessions/a.jsonl");
  acks.before_compaction_on_disk = disk.Durable("sessions/a.jsonl");
  {
    TempDir scratch;
    fs::create_directories(scratch / "sessions");
    WriteFile(scratch / "sessions/a.jsonl", acks.before_compaction);
    auto copy = Store::Open(scratch.path());
    if (!copy.ok() || !(*copy)->Compact("a").ok()) throw std::runtime_error("scratch compaction");
    acks.after_compaction = ReadFile(scratch / "sessions/a.jsonl");
  }
  if (failed(store.Compact("a").status())) return acks;
  acks.migration_started = true;
  if (failed(MigrateLegacy(store, legacy_dir_).status())) return acks;
  failed(store.Reindex());
  return acks;
}

std::vector<std::string> StoreWorkload::Check(const Acknowledged& acks, bool power_lost) const {
  std::vector<std::string> broken = acks.broken_promises;
  auto store = Store::Open(root_, {.read = {.strict = true}});
  if (!store.ok()) return {"the store does not open: " + store.status().ToString()};
  Result<std::vector<SessionInfo>> rows = (*store)->List({.include_archived = true});
  if (!rows.ok()) return {"the store does not list: " + rows.status().ToString()};
  std::set<std::string> listed;
  for (const SessionInfo& r : *rows) listed.insert(r.id);

  for (const std::string& id : acks.created) {
    if (listed.count(id) == 0) broken.push_back("session " + id + " was created and is gone");
  }
  for (const std::string& id : acks.deleted) {
    if (listed.count(id) != 0) broken.push_back("session " + id + " was deleted and is back");
  }
  for (const std::string& id : listed) {
    Result<Session> s = (*store)->Load(id);
    if (!s.ok()) {
      broken.push_back("session " + id + " does not load: " + s.status().ToString());
      continue;
    }
    auto acked = acks.entries.find(id);
    if (acked == acks.entries.end() || (id == "a" && acks.compaction_started)) continue;
    const Acknowledged::Entries& e = acked->second;
    // The acknowledged entries in the file: a prefix of those acknowledged,
    // no shorter than what was promised.
    std::vector<std::string> found;
    for (const Entry& entry : s->entries) {
      if (std::find(e.ids.begin(), e.ids.end(), entry.id) != e.ids.end()) found.push_back(entry.id);
    }
    const size_t promised = power_lost ? e.synced : e.written;
    if (found.size() < promised || !std::equal(found.begin(), found.end(), e.ids.begin())) {
      broken.push_back("session " + id + " holds " + std::to_string(found.size()) + " of its acknowledged entries " +
                       "(not a prefix, or fewer than the " + std::to_string(promised) + " promised)");
    }
  }

  if (acks.compaction_started) {
    const fs::path a = FileOf(root_, "a");
    const std::string now = a.empty() ? std::string() : ReadFile(a);
    const std::string& before = power_lost ? acks.before_compaction_on_disk : acks.before_compaction;
    if (now != before && now != acks.after_compaction) {
      broken.push_back("session a is neither the file before its compaction nor the one after");
    }
  }
  if (acks.migration_started) {
    const bool source_left = fs::exists(legacy_dir_ + "/chat.json");
    const fs::path session = FileOf(root_, kLegacyKey);
    if (!source_left && session.empty()) broken.push_back("the legacy file was renamed and its session is missing");
    if (!session.empty()) {
      Result<Session> s = (*store)->Load(kLegacyKey);
      if (!s.ok() || s->entries.size() != migrated_entries_) {
        broken.push_back("the migrated session is partial: " +
                         (s.ok() ? std::to_string(s->entries.size()) + " entries" : s.status().ToString()));
      }
    }
  }
  for (const char* dir : {"sessions", "archive"}) {
    for (const auto& f : fs::directory_iterator(fs::path(root_) / dir)) {
      if (f.path().filename().string().starts_with(".tmp-")) {
        broken.push_back("temporary file left after a list: " + f.path().string());
      }
    }
  }
  for (const std::string& id : listed) {
    Result<std::unique_ptr<Writer>> w = (*store)->OpenWriter(id, {});
    Status s = w.ok() ? (*w)->Append(Record::FromMessage(Message::User("after"))).status() : w.status();
    if (s.ok()) s = (*w)->Close();
    if (!s.ok()) broken.push_back("session " + id + " takes no more appends: " + s.ToString());
  }
  return broken;
}

}  // namespace sessionstore::testing
