// CommonStore::MigrateLegacy: legacy whole-session JSON files to sessions.

#include <fcntl.h>

#include <cerrno>

#include "common/common_store.h"
#include "format/codec.h"
#include "format/ids.h"
#include "format/json_writer.h"
#include "interop/picoclaw_import.h"

namespace sessionstore {

namespace {

// The lines of a legacy session's entries, chained, with fresh ids; its
// summary keeps every message.
Status EncodeLegacyEntries(interop::LegacySession& s, format::LineEncoder* encoder, format::ByteBuffer* out) {
  format::EntryIdGenerator ids;
  std::string parent, first;
  uint64_t seq = 0;
  for (Record& r : s.records) {
    const std::string id = ids.Next();
    if (first.empty()) first = id;
    if (r.type == RecordType::kCompaction) r.first_kept = first == id ? std::string() : first;
    format::EntryStamp stamp{.seq = ++seq, .id = id, .parent = parent, .timestamp_ms = r.timestamp_ms};
    if (Status st = encoder->EncodeEntry(r, stamp, out); !st.ok()) return st;
    parent = id;
  }
  return Status::OK();
}

}  // namespace

Result<MigrationReport> CommonStore::MigrateLegacy(std::string_view dir_view) {
  const std::string dir(dir_view);
  file::Fs* fs = legacy_fs();
  file::Fd dir_fd(fs, fs->OpenAt(AT_FDCWD, dir.c_str(), O_RDONLY | O_DIRECTORY, 0));
  if (!dir_fd.valid()) return Status::FromErrno(errno, "migrate", dir);
  Result<std::vector<std::string>> names = interop::ListLegacyFiles(fs, dir_fd.get(), dir);
  if (!names.ok()) return names.status();

  // Read and check everything before writing anything.
  std::vector<interop::LegacySession> sessions;
  std::vector<std::string> contents;
  format::LineEncoder encoder(options_.read.max_depth);
  for (const std::string& name : *names) {
    Result<interop::LegacySession> s = interop::ReadLegacyFile(fs, dir_fd.get(), dir, name);
    if (!s.ok()) return s.status();
    format::ByteBuffer lines;
    if (Status st = EncodeLegacyEntries(*s, &encoder, &lines); !st.ok()) {
      return st.WithContext({.op = "migrate", .path = dir + "/" + name});
    }
    contents.emplace_back(lines.view());
    sessions.push_back(std::move(*s));
  }

  // Each session appears whole or not at all (CreateWith); the originals
  // are renamed only once every session exists.
  MigrationReport report;
  for (size_t i = 0; i < sessions.size(); ++i) {
    interop::LegacySession& s = sessions[i];
    Result<SessionHeader> created = CreateWith(s.header, contents[i]);
    if (created.ok()) {
      report.migrated.push_back({.source = s.file, .session = s.header.id});
      continue;
    }
    if (created.status().code() != StatusCode::kAlreadyExists) return created.status();
    // Made by an earlier run that stopped before renaming its source?
    Result<SessionHeader> existing = Header(s.header.id);
    if (!existing.ok()) return existing.status();
    format::ByteBuffer key;
    format::AppendJsonString(s.key, &key);
    if (existing->metadata.find("\"key\":" + std::string(key.view())) == std::string::npos) {
      return Status::AlreadyExists("session \"" + s.header.id + "\" exists and was not made from this file",
                                   ErrorContext{.op = "migrate", .path = dir + "/" + s.file});
    }
    report.already.push_back(s.file);
  }
  for (const interop::LegacySession& s : sessions) {
    const std::string migrated = s.file + ".migrated";
    if (fs->RenameAt(dir_fd.get(), s.file.c_str(), dir_fd.get(), migrated.c_str()) != 0) {
      return Status::FromErrno(errno, "migrate", dir + "/" + s.file);
    }
  }
  if (!sessions.empty() && fs->FSync(dir_fd.get()) != 0) return Status::FromErrno(errno, "migrate", dir);
  return report;
}

}  // namespace sessionstore
