// FileBackend's primitives for the Store's history calls: walking a session
// file backwards, and rewriting it whole.

#include <algorithm>

#include "file/file_backend.h"
#include "file/session_lock.h"
#include "file/session_reader.h"
#include "format/line_decoder.h"
#include "io/line_reader.h"
#include "store/bad_lines.h"

namespace sessionstore::file {

Status FileBackend::WalkBackward(std::string_view id, const std::function<bool(Entry&)>& visit, LoadReport* report) {
  Result<std::unique_ptr<SessionReader>> reader = SessionReader::Open(*files_, id, options_.read);
  if (!reader.ok()) return reader.status();
  SessionReader& r = **reader;
  *report = r.report();
  io::ReverseLineReader lines(files_->fs(), r.fd(), r.path(), r.header_end(), r.complete_end(),
                              options_.read.max_line_bytes);
  format::LineDecoder decoder(options_.read);
  Entry e;
  io::Line line;
  while (lines.Prev(&line)) {
    Status bad = line.too_long ? store::LineTooLong(options_.read) : decoder.DecodeEntry(line.text, true, &e);
    if (!bad.ok()) {
      // Lines read backwards carry no numbers: count them, for this rare line.
      Result<size_t> before = CountLines(files_->fs(), r.fd(), r.path(), 0, line.offset);
      if (!before.ok()) return before.status();
      ErrorContext where{
          .path = r.path(), .line = static_cast<int64_t>(*before) + 1, .offset = static_cast<int64_t>(line.offset)};
      if (Status s = store::SkipOrFail(bad, where, options_.read, &report->skipped); !s.ok()) return s;
      continue;
    }
    if (!visit(e)) break;
  }
  return lines.status();
}

Status FileBackend::Rewrite(std::string_view id, const store::Rewriter& rewrite) {
  Result<SessionLock> lock = SessionLock::Acquire(files_, id);
  if (!lock.ok()) return lock.status();
  Result<std::unique_ptr<SessionReader>> reader = SessionReader::Open(*files_, id, options_.read);
  if (!reader.ok()) return reader.status();
  SessionReader& r = **reader;
  store::StoredSession stored{.header_line = std::string(r.header_line())};
  while (r.Next(&stored.entries.emplace_back())) stored.lines.emplace_back(r.line());
  stored.entries.pop_back();
  if (!r.status().ok()) return r.status();
  stored.report = r.report();
  stored.bytes = r.complete_end();
  // The file as it is (the lock keeps it so), read whole only for what a
  // rewrite may set aside: lines that did not read, a torn tail, a backup.
  std::string file;
  auto read_file = [&]() -> Status {
    if (!file.empty()) return Status::OK();
    file.resize(static_cast<size_t>(r.file_stat().st_size));
    return io::PReadFull(files_->fs(), r.fd(), file.data(), file.size(), 0, "read", r.path());
  };
  if (!stored.report.skipped.empty() || stored.report.torn_tail_bytes > 0) {
    if (Status s = read_file(); !s.ok()) return s;
    for (const SkippedLine& l : stored.report.skipped) {
      const size_t start = std::min(static_cast<size_t>(std::max<int64_t>(l.offset, 0)), file.size());
      const size_t end = std::min(file.find('\n', start), static_cast<size_t>(stored.bytes));
      stored.skipped_text.emplace_back(file.substr(start, end - start));
    }
    stored.torn_tail = file.substr(std::min(static_cast<size_t>(stored.bytes), file.size()));
  }
  Result<store::Rewritten> next = rewrite(stored);
  if (!next.ok()) return next.status();
  if (next->keep_backup) {
    if (Status s = read_file(); !s.ok()) return s;
    if (Status s = files_->KeepBackup(id, file); !s.ok()) return s;
  }
  if (!next->rejected.empty()) {
    if (Status s = files_->AppendRejected(id, next->rejected); !s.ok()) return s;
  }
  std::string content = std::move(stored.header_line);
  content.push_back('\n');
  content.append(next->lines);
  return files_->ReplaceSessionFile(id, r.where(), content);
}

store::RepairPlaces FileBackend::RepairPlacesOf(std::string_view id) {
  return {.rejected = files_->RepairPath(id, "rejected"), .backup = files_->RepairPath(id, "backup")};
}

}  // namespace sessionstore::file
