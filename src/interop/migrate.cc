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

  // Read and check everything before writing anything.
  std::vector<std::string> files;
  std::vector<std::string> keys;
  std::vector<Session> sessions;
  for (const std::string& name : *names) {
    Result<interop::LegacySession> legacy = interop::ReadLegacyFile(fs, dir_fd.get(), dir, name);
    if (!legacy.ok()) return legacy.status();
    files.push_back(legacy->file);
    keys.push_back(legacy->key);
    Session& s = sessions.emplace_back(ToSession(*legacy));
    for (const Entry& e : s.entries) {
      if (Result<std::string> line = ToJson(e); !line.ok()) {
        return line.status().WithContext({.op = "migrate", .path = dir + "/" + name});
      }
    }
  }

  // Each session appears whole or not at all (Store::Import); the
  // originals are renamed only once every session exists.
  MigrationReport report;
  for (size_t i = 0; i < sessions.size(); ++i) {
    const std::string& id = sessions[i].header.id;
    Result<SessionHeader> created = store.Import(sessions[i]);
    if (created.ok()) {
      report.migrated.push_back({.source = files[i], .session = id});
      continue;
    }
    if (created.status().code() != StatusCode::kAlreadyExists) return created.status();
    // Made by an earlier run that stopped before renaming its source?
    Result<std::unique_ptr<Cursor>> existing = store.Read(id, {.last_n = 1});
    if (!existing.ok()) return existing.status();
    if ((*existing)->header().metadata.find("\"key\":" + JsonString(keys[i])) == std::string::npos) {
      return Status::AlreadyExists("session \"" + id + "\" exists and was not made from this file",
                                   ErrorContext{.op = "migrate", .path = dir + "/" + files[i]});
    }
    report.already.push_back(files[i]);
  }
  for (const std::string& file : files) {
    const std::string migrated = file + ".migrated";
    if (fs->RenameAt(dir_fd.get(), file.c_str(), dir_fd.get(), migrated.c_str()) != 0) {
      return Status::FromErrno(errno, "migrate", dir + "/" + file);
    }
  }
  if (!files.empty() && fs->FSync(dir_fd.get()) != 0) return Status::FromErrno(errno, "migrate", dir);
  return report;
}

}  // namespace sessionstore
