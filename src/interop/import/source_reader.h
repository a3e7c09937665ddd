// SourceReader: what every format's reader of a line-per-record file has:
// the file's place for problems, a JSON parser, the session being made,
// and a chain to append entries to; ReadWith runs one over a file.

#ifndef SESSIONSTORE_INTEROP_IMPORT_SOURCE_READER_H_
#define SESSIONSTORE_INTEROP_IMPORT_SOURCE_READER_H_

#include <simdjson.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "interop/import/json_lines.h"
#include "interop/import/source_session.h"

namespace sessionstore::interop {

class SourceReader {
 public:
  // `prefix` names the entries Chain makes: "<prefix>-line-<number>".
  SourceReader(std::string_view path, std::string_view prefix) : path_(path), prefix_(prefix) {}

  // The line ReadWith gives first (the first that is not blank).
  void FirstLineIs(int64_t number) { first_line_ = first_line_ < 0 ? number : first_line_; }

 protected:
  bool IsFirstLine(int64_t number) const { return number == first_line_; }

  // Reports the line as skipped, with `reason` in a user's words.
  void Skip(int64_t number, int64_t offset, std::string reason) {
    out_.problems.push_back({.file = path_, .line = number, .offset = offset, .reason = std::move(reason)});
  }

  // The line as a JSON object; false, having reported it, if it is none.
  bool Parse(std::string_view line, int64_t number, int64_t offset, simdjson::dom::object* o) {
    Result<simdjson::dom::object> parsed = ParseLine(&parser_, line);
    if (!parsed.ok()) {
      Skip(number, offset, parsed.status().message());
      return false;
    }
    *o = *parsed;
    return true;
  }

  // Appends `r` after the last entry, as the entry of line `number`
  // (`suffix` tells apart two entries of one line); a time of 0 is the
  // one before's, or the session's creation.
  void Chain(Record r, int64_t ts, int64_t number, int64_t offset, std::string_view suffix = {}) {
    Entry e;
    static_cast<Record&>(e) = std::move(r);
    e.timestamp_ms = ts != 0 ? ts : out_.entries.empty() ? out_.header.created_ms : out_.entries.back().timestamp_ms;
    e.id = prefix_ + "-line-" + std::to_string(number) + (suffix.empty() ? "" : "-" + std::string(suffix));
    e.parent = out_.leaf;
    out_.leaf = e.id;
    out_.entries.push_back(std::move(e));
    out_.offsets.push_back(offset);
  }

  std::string path_;
  std::string prefix_;
  simdjson::dom::parser parser_;
  SourceSession out_;

 private:
  int64_t first_line_ = -1;
};

// Runs a Reader(path) over the lines of `content`: Line(line, number,
// offset) for each one that is not blank, then Finish().
template <class Reader>
Result<SourceSession> ReadWith(std::string_view path, std::string_view content) {
  Reader reader(path);
  ForEachLine(content, [&](std::string_view line, int64_t number, int64_t offset) {
    reader.FirstLineIs(number);
    reader.Line(line, number, offset);
  });
  return reader.Finish();
}

}  // namespace sessionstore::interop

#endif  // SESSIONSTORE_INTEROP_IMPORT_SOURCE_READER_H_
