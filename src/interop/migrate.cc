// MigrateLegacy (sessionstore/migrate.h): picoclaw's legacy files to
// sessions, over the Store's public calls.

#include "sessionstore/migrate.h"

#include <fcntl.h>

#include <cerrno>

#include "format/ids.h"
#include "interop/picoclaw_legacy.h"
#include "io/fs.h"
#include "sessionstore/json.h"

namespace sessionstore {

namespace {

// The session a legacy file becomes: its records chained with fresh ids;
// its summary (a compaction) keeps every message.
Session ToSession(interop::LegacySession& legacy) {
  Session s{.header = std::move(legacy.header)};
  format::EntryIdGenerator ids;
  std::string parent;
  for (Record& r : legacy.records) {
    Entry& e = s.entries.emplace_back();
    static_cast<Record&>(e) = std::move(r);
    e.seq = s.entries.size();
    e.id = ids.Next();
    e.parent = parent;
    if (e.type == RecordType::kCompaction && s.entries.size() > 1) e.first_kept = s.entries.front().id;
    parent = e.id;
  }
  return s;
}

}  // namespace

Result<MigrationReport> MigrateLegacy(Store& store, std::string_view dir_view) {
  const std::string dir(dir_view);
  io::Fs* fs = io::Fs::Default();
  io::Fd dir_fd(fs, fs->OpenAt(AT_FDCWD, dir.c_str(), O_RDONLY | O_DIRECTORY, 0));
  if (!dir_fd.valid()) return Status::FromErrno(errno, "migrate", dir);
  Result<std::vector<std::string>> names = interop::ListLegacyFiles(fs, dir_fd.get(), dir);
  if (!names.ok()) return names.status();

  MigrationReport report;
  for (const std::string& name : *names) {
    const std::string path = dir + "/" + name;
    Result<interop::LegacySession> legacy = interop::ReadLegacyFile(fs, dir_fd.get(), dir, name);
    if (!legacy.ok()) {
      // An I/O error is the store's machine failing, not the file's fault.
      if (legacy.status().code() == StatusCode::kIOError) return legacy.status();
      report.skipped.push_back({.file = name, .reason = legacy.status().message()});
      continue;
    }
    Session session = ToSession(*legacy);
    Status bad_line;
    for (const Entry& e : session.entries) {
      if (Result<std::string> line = ToJson(e); !line.ok()) {
        bad_line = line.status();
        break;
      }
    }
    if (!bad_line.ok()) {
      report.skipped.push_back({.file = name, .reason = bad_line.message()});
      continue;
    }
    const std::string id = session.header.id;
    Result<SessionHeader> created = store.Import(session);
    if (created.ok()) {
      report.migrated.push_back({.source = name, .session = id});
    } else if (created.status().code() != StatusCode::kAlreadyExists) {
      return created.status();
    } else {
      // Made by an earlier run that stopped before renaming its source?
      Result<std::unique_ptr<Cursor>> existing = store.Read(id, {.last_n = 1});
      if (!existing.ok()) return existing.status();
      if ((*existing)->header().metadata.find("\"key\":" + JsonString(legacy->key)) == std::string::npos) {
        report.skipped.push_back({.file = name, .reason = "session \"" + id + "\" exists and was not made from it"});
        continue;
      }
      report.already.push_back(name);
    }
    const std::string migrated = name + ".migrated";
    if (fs->RenameAt(dir_fd.get(), name.c_str(), dir_fd.get(), migrated.c_str()) != 0 || fs->FSync(dir_fd.get()) != 0) {
      return Status::FromErrno(errno, "migrate", path);
    }
  }
  return report;
}

}  // namespace sessionstore
