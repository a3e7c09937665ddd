#include "testing/store_places.h"

#include <atomic>
#include <stdexcept>

#include "sessionstore/store.h"
#include "testing/temp_dir.h"
#if SESSIONSTORE_WITH_POSTGRES
#include "testing/test_pg.h"
#endif

namespace sessionstore::testing {

namespace {

// A directory: the file itself.
class DirPlace final : public StorePlace {
 public:
  explicit DirPlace(std::string dir) : dir_(std::move(dir)) {}
  std::string location() const override { return dir_; }
  std::string Stored(const std::string& id) const override { return ReadFile(dir_ + "/sessions/" + id + ".jsonl"); }
  bool Plant(const std::string& id, const std::string& content) const override {
    WriteFile(dir_ + "/sessions/" + id + ".jsonl", content);
    return true;
  }
  std::string Rejected(const std::string& id) const override {
    return ReadFile(dir_ + "/repair/" + id + ".rejected.jsonl");
  }
  std::string Backup(const std::string& id) const override {
    return ReadFile(dir_ + "/repair/" + id + ".backup.jsonl");
  }

 private:
  std::string dir_;
};

#if SESSIONSTORE_WITH_POSTGRES
// A schema of its own on the test server: the session's rows, read with SQL.
class PgPlace final : public StorePlace {
 public:
  std::string location() const override { return pg_.url(); }
  std::string error() const override { return pg_.error(); }
  std::string Stored(const std::string& id) const override {
    postgres::PgConnection db = pg_.Connect();
    auto r = db.Exec(
        "SELECT header || E'\\n' || coalesce((SELECT string_agg(line || E'\\n', '' ORDER BY seq) FROM entries"
        " WHERE session_id = $1), '') FROM sessions WHERE id = $1",
        {id});
    if (!r.ok()) throw std::runtime_error(r.status().ToString());
    return r->rows() > 0 ? std::string(r->Text(0, 0)) : std::string();
  }
  // The header line to the session's row; each other line to a row of its
  // own, numbered in order.
  bool Plant(const std::string& id, const std::string& content) const override {
    postgres::PgConnection db = pg_.Connect();
    const size_t header_end = content.find('\n');
    auto run = [&](const char* sql, std::initializer_list<postgres::PgConnection::Param> params) {
      if (Status s = db.Run(sql, params); !s.ok()) throw std::runtime_error(s.ToString());
    };
    run("UPDATE sessions SET header = $2 WHERE id = $1", {id, content.substr(0, header_end)});
    run("DELETE FROM entries WHERE session_id = $1", {id});
    int seq = 0;
    for (size_t at = header_end + 1; at < content.size();) {
      const size_t end = content.find('\n', at);
      run("INSERT INTO entries(session_id, seq, id, line, role, ts_ms) VALUES($1, $2::bigint, $3, $4, '', 0)",
          {id, std::to_string(++seq), "planted-" + std::to_string(seq), content.substr(at, end - at)});
      at = end == std::string::npos ? content.size() : end + 1;
    }
    return true;
  }
  std::string Rejected(const std::string& id) const override {
    return Text(
        "SELECT coalesce(string_agg(line || E'\\n', '' ORDER BY ctid), '') FROM rejected_lines"
        " WHERE session_id = $1",
        id);
  }
  std::string Backup(const std::string& id) const override {
    return Text("SELECT coalesce((SELECT content FROM repair_backups WHERE session_id = $1), '')", id);
  }

 private:
  std::string Text(const char* sql, const std::string& id) const {
    postgres::PgConnection db = pg_.Connect();
    auto r = db.Exec(sql, {id});
    if (!r.ok()) throw std::runtime_error(r.status().ToString());
    return std::string(r->Text(0, 0));
  }

  TestPgSchema pg_;
};
#endif

// A named memory store of its own: its lines, read through a cursor.
class MemoryPlace final : public StorePlace {
 public:
  MemoryPlace() {
    static std::atomic<int> next{0};
    location_ = "memory:place-" + std::to_string(next++);
  }
  std::string location() const override { return location_; }
  std::string Stored(const std::string& id) const override {
    auto store = Store::Open(location_);
    if (!store.ok()) throw std::runtime_error(store.status().ToString());
    auto cursor = (*store)->Read(id);
    if (!cursor.ok()) return {};
    std::string out = std::string((*cursor)->header_line()) + "\n";
    for (Cursor& c = **cursor; c.Valid(); c.Next()) out.append(c.line()).push_back('\n');
    return out;
  }
  bool Plant(const std::string&, const std::string&) const override { return false; }
  std::string Rejected(const std::string&) const override { return {}; }
  std::string Backup(const std::string&) const override { return {}; }

 private:
  std::string location_;
};

}  // namespace

const std::vector<BackendRow>& Backends() {
  static const std::vector<BackendRow> kBackends = {
    {"File", true, true,
     [](const std::string& dir) -> std::unique_ptr<StorePlace> { return std::make_unique<DirPlace>(dir); }},
#if SESSIONSTORE_WITH_POSTGRES
    {"Postgres", true, true,
     [](const std::string&) -> std::unique_ptr<StorePlace> { return std::make_unique<PgPlace>(); }},
#endif
#if SESSIONSTORE_WITH_MEMORY
    {"Memory", false, false,
     [](const std::string&) -> std::unique_ptr<StorePlace> { return std::make_unique<MemoryPlace>(); }},
#endif
  };
  return kBackends;
}

std::vector<std::string> BackendNames(const BackendFilter& want) {
  std::vector<std::string> names;
  for (const BackendRow& row : Backends()) {
    if ((!want.buffering || row.buffering) && (!want.plantable || row.plantable)) names.emplace_back(row.name);
  }
  return names;
}

std::unique_ptr<StorePlace> MakePlace(const std::string& name, const std::string& dir) {
  for (const BackendRow& row : Backends()) {
    if (name == row.name) return row.make(dir);
  }
  throw std::invalid_argument("no backend " + name + " in this build");
}

}  // namespace sessionstore::testing
