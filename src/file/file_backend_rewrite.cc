// FileBackend's primitives for the Store's history calls: walking a session
// file backwards, and rewriting it whole.

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
  Result<std::string> lines = rewrite(stored);
  if (!lines.ok()) return lines.status();
  std::string content = std::move(stored.header_line);
  content.push_back('\n');
  content.append(*lines);
  return files_->ReplaceSessionFile(id, r.where(), content);
}

}  // namespace sessionstore::file
