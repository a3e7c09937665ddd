// ImportSessions (sessionstore/import.h): finds the source files, picks
// each one's format, and decides between creating, appending, skipping and
// a new version from what the store already holds of it.
//
// What the store remembers of a source: the session's header metadata
// {"import": {"format", "source", "source_id", "version"}}, and an "import"
// record after what each import wrote: {"bytes": how far the source was
// read (whole lines), "size" and "mtime_ns" as stat gave them then,
// "hash": FNV-1a 64 of those bytes}. The session of a source is found by
// id: the source's own session id, then "<id>.v2", "<id>.v3", ... for the
// versions made when it was rewritten.

#include <fcntl.h>
#include <simdjson.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <filesystem>
#include <functional>
#include <iterator>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "format/ids.h"
#include "interop/import/source_session.h"
#include "sessionstore/json.h"

namespace sessionstore {

namespace {

using interop::SourceFormat;
using interop::SourceSession;

// In the order a file's content is tried against them: the formats with a
// header of their own first, the header-less message lines last.
constexpr std::array<const SourceFormat*, 8> kFormats = {&interop::kClaudeCode, &interop::kCodex,      &interop::kPi,
                                                         &interop::kZot,        &interop::kGgcode,     &interop::kEino,
                                                         &interop::kPicoclaw,   &interop::kMicrokernel};
constexpr std::array<std::string_view, kFormats.size()> kNames = {"claude", "codex", "pi",       "zot",
                                                                  "ggcode", "eino",  "picoclaw", "microkernel"};
constexpr size_t kHeadBytes = 64 * 1024;
// Files imported at once (by as many threads, at most one a core).
constexpr size_t kImportThreads = 4;
// A source untouched this long is done: its last message is not growing.
constexpr int64_t kSettledAfterNs = 10LL * 60 * 1000000000;

// FNV-1a over 8-byte words (the tail byte by byte): stable across builds
// and machines, as what it is stored for needs, and fast enough to hash a
// source at the speed it is read.
uint64_t Fnv1a(std::string_view bytes) {
  uint64_t h = 0xcbf29ce484222325ULL;
  size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    uint64_t word = 0;
    for (int b = 7; b >= 0; --b) word = (word << 8) | static_cast<unsigned char>(bytes[i + b]);
    h = (h ^ word) * 0x100000001b3ULL;
    h ^= h >> 29;
  }
  for (; i < bytes.size(); ++i) h = (h ^ static_cast<unsigned char>(bytes[i])) * 0x100000001b3ULL;
  return h;
}

std::string FormatList() {
  std::string names;
  for (std::string_view n : kNames) names += (names.empty() ? "" : ", ") + std::string(n);
  return names;
}

std::string Hex(uint64_t v) {
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(v));
  return out;
}

struct Source {
  std::string path;
  uint64_t size = 0;
  int64_t mtime_ns = 0;
  std::string content;  // read when needed: whole lines only
};

Status StatSource(Source* s) {
  struct stat st;
  if (::stat(s->path.c_str(), &st) != 0) return Status::FromErrno(errno, "stat", s->path);
  s->size = static_cast<uint64_t>(st.st_size);
  s->mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  return Status::OK();
}

// Reads the file read-only, up to its last '\n' (a line being written is
// left for the next import), at most `limit` bytes.
Status ReadSource(Source* s, size_t limit = SIZE_MAX) {
  const int fd = ::open(s->path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::FromErrno(errno, "open", s->path);
  s->content.clear();
  s->content.resize(std::min<uint64_t>(s->size, limit));
  size_t got = 0;
  while (got < s->content.size()) {
    const ssize_t n = ::read(fd, s->content.data() + got, s->content.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int error = errno;
      ::close(fd);
      return Status::FromErrno(error, "read", s->path);
    }
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  ::close(fd);
  s->content.resize(got);
  const size_t last = s->content.rfind('\n');
  s->content.resize(last == std::string::npos ? 0 : last + 1);
  return Status::OK();
}

struct Mark {
  uint64_t bytes = 0;
  uint64_t size = 0;
  int64_t mtime_ns = 0;
  std::string hash;
  bool held = false;  // a last message that may still grow was left for later
};

// The record that says how far `s` was read; as old as the newest entry
// read from it, so that an import does not make a session look new.
Record MarkRecord(const Source& s, const SourceSession& read, bool held) {
  Record r = Record::Custom(std::string(kImportRecord), {{.key = "bytes", .json = std::to_string(s.content.size())},
                                                         {.key = "size", .json = std::to_string(s.size)},
                                                         {.key = "mtime_ns", .json = std::to_string(s.mtime_ns)},
                                                         {.key = "hash", .json = JsonString(Hex(Fnv1a(s.content)))},
                                                         {.key = "held", .json = held ? "true" : "false"}});
  for (const Entry& e : read.entries) r.timestamp_ms = std::max(r.timestamp_ms, e.timestamp_ms);
  if (r.timestamp_ms == 0) r.timestamp_ms = s.mtime_ns / 1000000;
  return r;
}

std::optional<Mark> MarkOf(const Entry& e) {
  if (e.type != RecordType::kUnknown || e.type_name != kImportRecord) return std::nullopt;
  Mark m;
  for (const JsonField& f : e.extra) {
    if (f.key == "hash" && f.json.size() >= 2) m.hash = f.json.substr(1, f.json.size() - 2);
    if (f.key == "held") m.held = f.json == "true";
    int64_t v = 0;
    if (f.key != "hash" && f.key != "held") v = std::strtoll(f.json.c_str(), nullptr, 10);
    if (f.key == "bytes") m.bytes = static_cast<uint64_t>(v);
    if (f.key == "size") m.size = static_cast<uint64_t>(v);
    if (f.key == "mtime_ns") m.mtime_ns = v;
  }
  return m;
}

// The source file a session was imported from, from its header's metadata.
std::string SourceOf(const SessionHeader& h) {
  if (h.metadata.empty()) return "";
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  std::string_view source;
  if (parser.parse(h.metadata).get(root) != simdjson::SUCCESS ||
      root.at_pointer("/import/source").get_string().get(source) != simdjson::SUCCESS) {
    return "";
  }
  return std::string(source);
}

std::string SourceIdOf(const Entry& e) {
  for (const JsonField& f : e.extra) {
    if (f.key == "source_id" && f.json.size() >= 2) return f.json.substr(1, f.json.size() - 2);
  }
  return e.id;
}

struct Plan {
  Source source;
  const SourceFormat* format = nullptr;  // null: not to be imported (reported)
  std::string base;                      // the id of its session's first version
};

class Importer {
 public:
  Importer(Store& store, const ImportOptions& options, ImportReport* report)
      : store_(store), options_(options), report_(report) {}

  // The file's format (given, or found by its content) and the id its
  // session is named after. A file that does not read, or is of no format,
  // is reported, and its plan has no format.
  Plan PlanFile(const std::string& path) {
    Plan plan{.source = {.path = path}};
    if (Status s = StatSource(&plan.source); !s.ok()) return Problem(path, s.message()), plan;
    const SourceFormat* format = nullptr;
    if (!options_.format.empty()) {
      for (size_t i = 0; i < kFormats.size(); ++i) format = kNames[i] == options_.format ? kFormats[i] : format;
    } else {
      Source head{.path = path, .size = plan.source.size};
      if (Status s = ReadSource(&head, kHeadBytes); !s.ok()) return Problem(path, s.message()), plan;
      for (const SourceFormat* f : kFormats)
        format = format == nullptr && f->looks_like(path, head.content) ? f : format;
      if (format == nullptr) {
        Problem(path, "not a session of a format sessionstore imports (" + FormatList() + "); left alone");
        return plan;
      }
    }
    plan.format = format;
    plan.base = format->session_id(path);
    if (!format::ValidateSessionId(plan.base).ok()) plan.base = std::string(format->name) + "-" + Hex(Fnv1a(path));
    return plan;
  }

  // Imports the planned file: creates its session, appends what it gained,
  // skips it unchanged, or makes a new version.
  Status File(Plan plan) {
    Source& source = plan.source;
    const std::string& path = source.path;
    const SourceFormat* format = plan.format;
    const std::string& base = plan.base;
    bool imported_before = false;
    for (int version = 1;; ++version) {
      const std::string id = version == 1 ? base : base + ".v" + std::to_string(version);
      Result<bool> exists = store_.Exists(id);
      if (!exists.ok()) return exists.status();
      if (!*exists) {
        if (Status s = Load(&source, *format); !s.ok()) return Problem(path, s.message()), Status::OK();
        HoldBack(&source, *format);
        Status created = Create(source, *format, id, version, imported_before);
        // Another file of the same id was imported at the same moment (by
        // another thread): look at this version again.
        if (created.code() == StatusCode::kAlreadyExists) {
          --version;
          continue;
        }
        return created;
      }
      Result<std::unique_ptr<Cursor>> cursor = store_.Read(id, {.last_n = 1});
      if (!cursor.ok()) return cursor.status();
      if (SourceOf((*cursor)->header()) != path) continue;  // another source's session
      imported_before = true;
      std::optional<Mark> mark = (*cursor)->Valid() ? MarkOf((*cursor)->entry()) : std::nullopt;
      if (!mark) continue;  // written to since it was imported: a new version
      if (mark->size == source.size && mark->mtime_ns == source.mtime_ns && !(mark->held && Settled(source))) {
        report_->sessions.push_back({.source = path,
                                     .format = std::string(format->name),
                                     .session = id,
                                     .outcome = ImportedSession::Outcome::kUnchanged});
        return Status::OK();
      }
      if (Status s = Load(&source, *format); !s.ok()) return Problem(path, s.message()), Status::OK();
      if (source.content.size() < mark->bytes ||
          Hex(Fnv1a(std::string_view(source.content).substr(0, mark->bytes))) != mark->hash) {
        continue;  // rewritten: a new version
      }
      Result<SourceSession> before = format->read(path, std::string_view(source.content).substr(0, mark->bytes));
      HoldBack(&source, *format, mark->bytes);
      if (!before.ok() || !IsPrefix(*before, *read_)) continue;
      return Append(source, *format, id, *before, mark->bytes);
    }
  }

  void Problem(const std::string& file, std::string reason) {
    report_->problems.push_back({.file = file, .reason = std::move(reason)});
  }

 private:
  // Reads the source whole into read_, once.
  Status Load(Source* source, const SourceFormat& format) {
    if (read_ && read_path_ == source->path) return Status::OK();
    if (Status s = ReadSource(source); !s.ok()) return s;
    Result<SourceSession> read = format.read(source->path, source->content);
    if (!read.ok()) {
      return Status::InvalidArgument("not a " + std::string(format.name) + " session: " + read.status().message());
    }
    read_ = std::move(*read);
    read_path_ = source->path;
    return Status::OK();
  }

  static bool Settled(const Source& source) {
    struct timespec now;
    ::clock_gettime(CLOCK_REALTIME, &now);
    return static_cast<int64_t>(now.tv_sec) * 1000000000 + now.tv_nsec - source.mtime_ns >= kSettledAfterNs;
  }

  // A live source's last message may still get blocks (the format writes
  // one line per block): it is left for the next import, and the source
  // counts as read up to its first line. Not once the source has settled,
  // nor a message already stored (it began before byte `stored`).
  void HoldBack(Source* source, const SourceFormat& format, uint64_t stored = 0) {
    if (held_back_) return;  // read_ and the source are held back once
    held_back_ = true;
    held_ = false;
    if (!format.streams_messages || read_->entries.empty() || Settled(*source)) return;
    const Entry& last = read_->entries.back();
    if (last.type != RecordType::kMessage || last.message.role != kRoleAssistant) return;
    if (static_cast<uint64_t>(read_->offsets.back()) < stored) return;
    held_ = true;
    read_->leaf = last.parent;
    source->content.resize(static_cast<size_t>(read_->offsets.back()));
    read_->entries.pop_back();
    read_->offsets.pop_back();
  }

  static bool IsPrefix(const SourceSession& before, const SourceSession& now) {
    if (before.entries.size() > now.entries.size()) return false;
    for (size_t i = 0; i < before.entries.size(); ++i) {
      const Entry& a = before.entries[i];
      const Entry& b = now.entries[i];
      if (a.id != b.id || a.parent != b.parent) return false;
      Result<std::string> line_a = ToJson(static_cast<const Record&>(a));
      Result<std::string> line_b = ToJson(static_cast<const Record&>(b));
      if (!line_a.ok() || !line_b.ok() || *line_a != *line_b) return false;
    }
    return true;
  }

  Status Create(const Source& source, const SourceFormat& format, const std::string& id, int version,
                bool new_version) {
    Session s;
    s.header = read_->header;
    s.header.id = id;
    if (s.header.created_ms == 0) s.header.created_ms = source.mtime_ns / 1000000;
    s.header.metadata = "{\"import\":{\"format\":" + JsonString(format.name) +
                        ",\"source\":" + JsonString(source.path) + ",\"source_id\":" + JsonString(read_->header.id) +
                        ",\"version\":" + std::to_string(version) + "}}";
    Entry mark;
    static_cast<Record&>(mark) = MarkRecord(source, *read_, held_);
    const size_t entries = read_->entries.size();
    s.entries = std::move(read_->entries);  // read_ is done with
    s.archived = read_->archived;
    mark.id = "import-1";
    mark.parent = read_->leaf;
    s.entries.push_back(std::move(mark));
    for (size_t i = 0; i < s.entries.size(); ++i) s.entries[i].seq = i + 1;
    Result<SessionHeader> made = store_.Import(s);
    if (!made.ok()) return made.status();
    Done(format, source.path, id,
         new_version ? ImportedSession::Outcome::kNewVersion : ImportedSession::Outcome::kCreated, entries, 0);
    return Status::OK();
  }

  // Appends what the source gained after `before` (the bytes read last
  // time), each new entry after the one its source parent became.
  Status Append(const Source& source, const SourceFormat& format, const std::string& id, const SourceSession& before,
                uint64_t read_before) {
    Result<Session> stored = store_.Load(id);
    if (!stored.ok()) return stored.status();
    std::map<std::string, std::string> stored_id;  // source id -> entry id in the store
    for (const Entry& e : stored->entries) stored_id[SourceIdOf(e)] = e.id;
    // What followed the entry the last import's mark follows now follows
    // the mark, so that the mark adds no branch.
    const Entry& old_mark = stored->entries.back();
    auto parent_of = [&](const std::string& source_parent) {
      const std::string parent = source_parent.empty() ? "" : stored_id[source_parent];
      return parent == old_mark.parent ? old_mark.id : parent;
    };
    Result<std::unique_ptr<Writer>> writer = store_.OpenWriter(id, {.durability = Durability::kProcess});
    if (!writer.ok()) return writer.status();
    size_t added = 0;
    for (size_t i = before.entries.size(); i < read_->entries.size(); ++i) {
      const Entry& e = read_->entries[i];
      if (Status s = (*writer)->SetLeaf(parent_of(e.parent)); !s.ok()) return s;
      Record r = e;
      r.extra.push_back({.key = "source_id", .json = JsonString(e.id)});
      Result<std::string> appended = (*writer)->Append(r);
      if (!appended.ok()) return appended.status();
      stored_id[e.id] = *appended;
      ++added;
    }
    if (Status s = (*writer)->SetLeaf(parent_of(read_->leaf)); !s.ok()) return s;
    if (Result<std::string> marked = (*writer)->Append(MarkRecord(source, *read_, held_)); !marked.ok()) {
      return marked.status();
    }
    if (Status s = (*writer)->Sync(); !s.ok()) return s;
    if (Status s = (*writer)->Close(); !s.ok()) return s;
    Done(format, source.path, id, ImportedSession::Outcome::kAppended, added, read_before);
    return Status::OK();
  }

  // Reports the session and the lines skipped at or after byte `from`.
  void Done(const SourceFormat& format, const std::string& path, const std::string& id,
            ImportedSession::Outcome outcome, size_t entries, uint64_t from) {
    for (const ImportProblem& p : read_->problems) {
      if (p.offset < 0 || static_cast<uint64_t>(p.offset) >= from) report_->problems.push_back(p);
    }
    report_->sessions.push_back(
        {.source = path, .format = std::string(format.name), .session = id, .outcome = outcome, .entries = entries});
  }

  Store& store_;
  const ImportOptions& options_;
  ImportReport* report_;
  std::optional<SourceSession> read_;
  bool held_back_ = false;  // HoldBack was done
  bool held_ = false;       // HoldBack left read_'s last message out
  std::string read_path_;
};

// The files at `paths`: files as given, folders searched for *.jsonl, in
// name order; what cannot be listed is reported.
std::vector<std::string> FindFiles(std::span<const std::string> paths, ImportReport* report) {
  namespace fs = std::filesystem;
  std::vector<std::string> files;
  for (const std::string& path : paths) {
    std::error_code ec;
    const fs::file_status st = fs::status(path, ec);
    if (ec || !fs::exists(st)) {
      report->problems.push_back({.file = path, .reason = "no such file or folder"});
      continue;
    }
    if (!fs::is_directory(st)) {
      files.push_back(fs::absolute(path).lexically_normal().string());
      continue;
    }
    std::vector<std::string> found;
    for (fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec), end;
         !ec && it != end; it.increment(ec)) {
      const std::string name = it->path().filename().string();
      if (it->is_regular_file(ec) && (name.ends_with(".jsonl") || name.ends_with(".jsonl.archived"))) {
        found.push_back(fs::absolute(it->path()).lexically_normal().string());
      }
    }
    if (ec) report->problems.push_back({.file = path, .reason = "cannot be listed: " + ec.message()});
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

}  // namespace

std::span<const std::string_view> ImportFormats() { return kNames; }

std::string_view OutcomeName(ImportedSession::Outcome outcome) {
  switch (outcome) {
    case ImportedSession::Outcome::kCreated: return "created";
    case ImportedSession::Outcome::kAppended: return "appended";
    case ImportedSession::Outcome::kUnchanged: return "unchanged";
    case ImportedSession::Outcome::kNewVersion: return "new-version";
  }
  return "";
}

Status ImportSessions(Store& store, std::span<const std::string> paths, const ImportOptions& options,
                      ImportReport* report) {
  if (!options.format.empty() && std::find(kNames.begin(), kNames.end(), options.format) == kNames.end()) {
    return Status::InvalidArgument("no import format \"" + options.format + "\": it is one of " + FormatList());
  }
  const std::vector<std::string> files = FindFiles(paths, report);
  // The files are planned (their formats found) and then imported by a few
  // threads at once. The files of one session id are imported by one
  // thread in file order, so that which becomes <id>.v2 does not depend
  // on timing; each file's outcome and problems are reported in file order.
  std::vector<ImportReport> of_file(files.size());
  std::vector<Plan> plans(files.size());
  std::vector<Status> failed(files.size());
  std::mutex progress_mu;
  size_t done = 0;  // guarded by progress_mu
  auto file_done = [&] {
    std::lock_guard<std::mutex> lock(progress_mu);
    ++done;
    if (options.on_file) options.on_file(done, files.size());
  };
  const size_t threads =
      std::min<size_t>({files.size(), kImportThreads, std::max(1u, std::thread::hardware_concurrency())});
  auto in_threads = [threads](const std::function<void()>& work) {
    std::vector<std::thread> helpers;
    for (size_t t = 1; t < threads; ++t) helpers.emplace_back(work);
    work();
    for (std::thread& t : helpers) t.join();
  };
  std::atomic<size_t> next{0};
  in_threads([&] {
    for (size_t i; (i = next++) < files.size();) {
      plans[i] = Importer(store, options, &of_file[i]).PlanFile(files[i]);
      if (plans[i].format == nullptr) file_done();
    }
  });
  std::map<std::string_view, size_t> group_of;  // session id -> its group
  std::vector<std::vector<size_t>> groups;      // file indexes, in file order
  for (size_t i = 0; i < files.size(); ++i) {
    if (plans[i].format == nullptr) continue;
    auto [at, added] = group_of.emplace(plans[i].base, groups.size());
    if (added) groups.emplace_back();
    groups[at->second].push_back(i);
  }
  next = 0;
  std::atomic<bool> stop{false};
  in_threads([&] {
    for (size_t g; !stop && (g = next++) < groups.size();) {
      for (size_t i : groups[g]) {
        failed[i] = Importer(store, options, &of_file[i]).File(std::move(plans[i]));
        file_done();
        if (!failed[i].ok()) {
          stop = true;
          break;
        }
      }
    }
  });
  Status first_failure;
  for (size_t i = 0; i < files.size(); ++i) {
    if (first_failure.ok()) first_failure = failed[i];
    std::move(of_file[i].sessions.begin(), of_file[i].sessions.end(), std::back_inserter(report->sessions));
    std::move(of_file[i].problems.begin(), of_file[i].problems.end(), std::back_inserter(report->problems));
  }
  return first_failure;
}

Result<std::string> AgentSessionsDir(std::string_view agent, std::string_view home) {
  std::string dir;
  if (agent == "claude") dir = std::string(home) + "/.claude/projects";
  if (agent == "codex") dir = std::string(home) + "/.codex/sessions";
  if (agent == "pi") dir = std::string(home) + "/.pi/agent/sessions";
  if (agent == "ggcode") dir = std::string(home) + "/.ggcode/sessions";
  if (agent == "zot") dir = std::string(home) + "/.local/state/zot/sessions";
  if (agent == "picoclaw") dir = std::string(home) + "/.picoclaw/workspace/sessions";
  if (agent == "eino" || agent == "microkernel") {
    return Status::InvalidArgument(std::string(agent) +
                                   " keeps its sessions in a folder its program chooses: import that folder");
  }
  if (dir.empty()) return Status::InvalidArgument("no agent \"" + std::string(agent) + "\" to import from");
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    return Status::NotFound("no " + std::string(agent) + " sessions: " + dir + " is not a folder");
  }
  return dir;
}

}  // namespace sessionstore
