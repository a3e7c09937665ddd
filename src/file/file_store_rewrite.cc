// FileStore's primitives for the history calls of CommonStore: walking a
// session file backwards, and rewriting it whole.

#include "file/file_store.h"
#include "file/line_reader.h"
#include "file/session_lock.h"
#include "file/session_reader.h"
#include "format/codec.h"
#include "format/ids.h"

namespace sessionstore::file {

Status FileStore::WalkBackward(std::string_view id, const std::function<bool(Entry&)>& visit, LoadReport* report) {
  Result<std::unique_ptr<SessionReader>> reader = SessionReader::Open(*files_, id, options_.read);
  if (!reader.ok()) return reader.status();
  SessionReader& r = **reader;
  *report = r.report();
  ReverseLineReader lines(files_->fs(), r.fd(), r.path(), r.header_end(), r.complete_end(),
                          options_.read.max_line_bytes);
  format::LineDecoder decoder(options_.read);
  Entry e;
  Line line;
  while (lines.Prev(&line)) {
    Status s = line.too_long ? Status::Corruption("line longer than the line limit")
                             : decoder.DecodeEntry(line.text, true, &e);
    if (!s.ok()) {
      s = s.WithContext({.op = "read", .path = r.path(), .offset = static_cast<int64_t>(line.offset)});
      if (options_.read.strict) return s;
      report->skipped.push_back({.line = -1, .offset = static_cast<int64_t>(line.offset), .reason = s});
      continue;
    }
    if (!visit(e)) break;
  }
  return lines.status();
}

Status FileStore::RewriteSession(std::string_view id, std::string_view op, const Rewriter& rewrite) {
  if (Status s = format::ValidateSessionId(id); !s.ok()) return s.WithContext({.op = std::string(op)});
  Result<SessionLock> lock = SessionLock::Acquire(*files_, id);
  if (!lock.ok()) return lock.status();
  Result<std::unique_ptr<SessionReader>> reader = SessionReader::Open(*files_, id, options_.read);
  if (!reader.ok()) return reader.status();
  SessionReader& r = **reader;
  StoredSession stored{.header_line = std::string(r.header_line())};
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
