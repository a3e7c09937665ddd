// The catalog's schema, and what happens to a catalog that is damaged or of
// another version: it is only a cache of the files, so it is made anew.

#include <charconv>
#include <string>

#include "file/catalog/catalog.h"
#include "file/catalog/sessions_table.h"
#include "search/fts5_text.h"

namespace sessionstore::file {

namespace {

constexpr char kSchemaVersion[] = "5";

constexpr std::string_view kSchema = R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sessions(
  id TEXT PRIMARY KEY,
  archived INTEGER NOT NULL,
  workspace TEXT NOT NULL,
  explicit_title TEXT NOT NULL,
  first_user_title TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL,
  message_count INTEGER NOT NULL,
  model TEXT NOT NULL,
  provider TEXT NOT NULL,
  cost_usd REAL NOT NULL,
  parent_session TEXT,
  parent_entry TEXT,
  file_ino INTEGER NOT NULL,
  file_size INTEGER NOT NULL,
  file_mtime_ns INTEGER NOT NULL,
  indexed_offset INTEGER NOT NULL,
  text_offset INTEGER NOT NULL,
  label_list TEXT NOT NULL,
  usage_buckets TEXT NOT NULL);
CREATE INDEX sessions_by_updated ON sessions(updated_ms DESC, id);
CREATE VIRTUAL TABLE entries_fts USING fts5(
  text, session_id UNINDEXED, entry_id UNINDEXED, role UNINDEXED, ts UNINDEXED,
  tokenize = 'unicode61 remove_diacritics 2');
CREATE TABLE labels(
  session_id TEXT NOT NULL,
  target TEXT NOT NULL,
  label TEXT NOT NULL,
  PRIMARY KEY(session_id, target));
CREATE TABLE unreadable(
  id TEXT PRIMARY KEY,
  file_ino INTEGER NOT NULL,
  file_size INTEGER NOT NULL,
  file_mtime_ns INTEGER NOT NULL,
  reason TEXT NOT NULL);
)sql";

// The PostgreSQL store splits words as this table does (fts5_text.h).
static_assert(kSchema.find(search::kFts5Tokenizer) != std::string_view::npos,
              "entries_fts splits words as fts5_text.h says");

}  // namespace

history::SummaryState StateFromRow(const sqlite::Statement& row) {
  history::SummaryState s;
  SessionInfo& info = s.info;
  info.id = row.Text(0);
  info.workspace = row.Text(2);
  s.explicit_title = row.Text(3);
  s.first_user_title = row.Text(4);
  info.created_ms = row.Int(5);
  info.updated_ms = row.Int(6);
  info.message_count = row.Int(7);
  info.model = row.Text(8);
  info.provider = row.Text(9);
  info.cost_usd = row.Double(10);
  if (std::string parent = row.Text(11); !parent.empty()) {
    info.parent = ParentRef{.session = std::move(parent), .entry = row.Text(12)};
  }
  return s;
}

std::string EncodeLabelList(const std::vector<std::string>& labels) {
  std::string out;
  for (const std::string& label : labels) out.append(std::to_string(label.size())).append(":").append(label);
  return out;
}

std::vector<std::string> DecodeLabelList(std::string_view list) {
  std::vector<std::string> labels;
  while (!list.empty()) {
    size_t size = 0;
    const auto [colon, ec] = std::from_chars(list.data(), list.data() + list.size(), size);
    const size_t start = static_cast<size_t>(colon - list.data()) + 1;
    if (ec != std::errc() || colon == list.data() + list.size() || *colon != ':' || list.size() - start < size) break;
    labels.emplace_back(list.substr(start, size));
    list.remove_prefix(start + size);
  }
  return labels;
}

Result<std::unique_ptr<Catalog>> Catalog::Open(const SessionFiles& files, const StoreOptions& options) {
  std::unique_ptr<Catalog> c(new Catalog(files, options));
  if (Status s = sqlite::RetryWhileBusy(kCatalogBusy, [&] { return c->OpenDb(); }); !s.ok()) return s;
  return c;
}

Status Catalog::OpenDb() {
  const std::string path = files_.root() + "/" + kCatalogFile;
  constexpr const char* kSuffixes[] = {"", "-wal", "-shm"};
  auto remove_all = [&]() -> Status {
    db_ = sqlite::Db();
    for (const char* suffix : kSuffixes) {
      if (Status removed = files_.RemovePrivateFile(std::string(kCatalogFile) + suffix); !removed.ok()) return removed;
    }
    return Status::OK();
  };
  // It is only a cache: what stands at its names and is no file (a
  // directory, a FIFO, a symlink) is moved aside, and it is built anew.
  std::string moved_aside;
  for (const char* suffix : kSuffixes) {
    Result<std::string> moved = files_.MoveAsideIfNotAFile(std::string(kCatalogFile) + suffix);
    if (!moved.ok()) return moved.status();
    if (!moved->empty()) moved_aside += (moved_aside.empty() ? "" : "; ") + *moved;
  }
  if (!moved_aside.empty()) {
    if (Status s = remove_all(); !s.ok()) return s;
    if (notice_) notice_("catalog: " + moved_aside + "; the catalog is rebuilt from the session files");
    rebuilt_ = true;  // said once
  }
  for (int attempt = 0; attempt < 2; ++attempt) {
    Result<bool> made = files_.EnsurePrivateFile(kCatalogFile);
    if (!made.ok()) return made.status();
    Result<sqlite::Db> db = sqlite::Db::Open(path, static_cast<int>(kCatalogBusy.count()));
    Status s = db.ok() ? Status::OK() : db.status();
    if (s.ok()) {
      db_ = std::move(*db);
      s = CreateSchema();
      if (s.ok()) return s;
    }
    if (s.code() != StatusCode::kCorruption || attempt > 0) {
      // A catalog this call began and could not finish (a full disk) takes
      // no inodes that `rm` may need. One it could not finish because
      // another process holds it stays: that process has it open, and its
      // files must not vanish under it (Busy is retried by Open).
      const Status why = files_.WithDiskState(s);
      if (*made && s.code() != StatusCode::kBusy) (void)remove_all();
      return why;
    }
    // Damaged or of another version: it is only a cache of the files.
    if (Status removed = remove_all(); !removed.ok()) return removed;
    if (notice_) notice_("catalog " + path + " (" + s.message() + ") rebuilt from the session files");
    rebuilt_ = true;  // said once
  }
  return Status::OK();
}

Status Catalog::CreateSchema() {
  if (Status s = db_.Exec("BEGIN IMMEDIATE"); !s.ok()) return s;
  Result<sqlite::Statement> version = db_.Prepare("SELECT value FROM meta WHERE key = 'schema'");
  Status s;
  if (version.ok()) {
    if (!version->Step(&s) || version->Text(0) != kSchemaVersion) {
      s = s.ok() ? Status::Corruption("schema version is not " + std::string(kSchemaVersion)) : s;
    }
  } else {
    // A new, empty file: make the schema.
    s = db_.Exec(kSchema);
    fresh_ = true;
    if (s.ok()) s = db_.Exec(std::string("INSERT INTO meta VALUES('schema', '") + kSchemaVersion + "')");
  }
  version = sqlite::Statement();
  if (!s.ok()) {
    (void)db_.Exec("ROLLBACK");
    return s;
  }
  return db_.Exec("COMMIT");
}

void Catalog::NoticeBuilt() {
  if (!fresh_) return;
  fresh_ = false;
  Result<sqlite::Statement> count = db_.Prepare("SELECT count(*) FROM sessions");
  Status st;
  if (count.ok() && count->Step(&st) && count->Int(0) > 0 && notice_ && !rebuilt_) {
    // Said on a store's first list or search too: that is when the
    // catalog is made, and why that call takes longer.
    const int64_t n = count->Int(0);
    notice_("catalog " + files_.root() + "/" + kCatalogFile + " (the index of list and search) built from " +
            std::to_string(n) + (n == 1 ? " session file" : " session files"));
  }
}

}  // namespace sessionstore::file
