// What the exporters to agents' formats share: the branch to write, and
// ways to write back the raw members an import kept.

#ifndef SESSIONSTORE_INTEROP_EXPORT_EXPORT_LINES_H_
#define SESSIONSTORE_INTEROP_EXPORT_EXPORT_LINES_H_

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "format/byte_buffer.h"
#include "format/json_writer.h"
#include "sessionstore/export.h"
#include "sessionstore/import.h"
#include "sessionstore/result.h"
#include "sessionstore/session.h"

namespace sessionstore::interop {

// The lines of an exported file: each one JSON object, whose members the
// caller writes.
class JsonLines {
 public:
  // A line: `members(JsonWriter*)` writes the object's members.
  template <typename Members>
  void Line(Members members) {
    format::JsonWriter w(&buf_);
    w.BeginObject();
    members(&w);
    w.EndObject();
    buf_.push_back('\n');
    ++count_;
  }
  size_t count() const { return count_; }
  std::string text() const { return std::string(buf_.view()); }

 private:
  format::ByteBuffer buf_;
  size_t count_ = 0;
};

// The entries from the root to `leaf` (default: the session's last entry),
// in order; NotFound naming the entry if the session has none of that id.
Result<std::vector<const Entry*>> PathTo(const Session& s, const std::string& leaf);

// Whether `e` is an import's bookkeeping (kImportRecord), which no agent's
// format holds and none needs.
bool IsImportRecord(const Entry& e);

// Says in `out` that the entries of `s` not on `path` (other branches)
// were left out, if there are any.
void NoteOtherBranches(const Session& s, const std::vector<const Entry*>& path, Exported* out);

// Says in `out` that `what` of entry `e` was left out.
void NoteLeftOut(const Entry& e, std::string what, Exported* out);

// Writes each of `fields` as a member, but for those named in `written`
// (members the exporter wrote itself from the common model's slots).
void WriteFields(const JsonFields& fields, format::JsonWriter* w, std::initializer_list<std::string_view> written = {});

// Writes the members of the JSON object text `object` (as an importer kept
// a source's members: {"version":3,...}), but for those named in `written`.
void WriteMembers(std::string_view object, format::JsonWriter* w, std::initializer_list<std::string_view> written = {});

}  // namespace sessionstore::interop

#endif  // SESSIONSTORE_INTEROP_EXPORT_EXPORT_LINES_H_
