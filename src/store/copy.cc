// Store::CopyTo: one session into another store, checked entry by entry.

#include <string>
#include <vector>

#include "format/byte_buffer.h"
#include "format/line_encoder.h"
#include "format/names.h"
#include "sessionstore/store.h"
#include "store/backend.h"
#include "store/bad_lines.h"
#include "store/errors.h"

namespace sessionstore {

namespace {

// The session's lines as this sessionstore writes them: equal lines mean
// equal JSON, whichever store the session was read from.
Result<std::vector<std::string>> Lines(const Session& s, const ReadOptions& options) {
  format::LineEncoder encoder(options);
  std::vector<std::string> lines;
  SessionHeader header = s.header;
  header.format_major = format::kFormatMajor;
  header.format_minor = format::kFormatMinor;
  format::ByteBuffer out;
  if (Status st = encoder.EncodeHeader(header, &out); !st.ok()) return st;
  lines.emplace_back(out.view());
  for (const Entry& e : s.entries) {
    out.Clear();
    if (Status st = encoder.EncodeStoredEntry(e, &out); !st.ok()) return st;
    lines.emplace_back(out.view());
  }
  return lines;
}

}  // namespace

Result<CopyReport> Store::CopyTo(std::string_view id, Store& target) {
  // As stored (the header keeps the title it was created with), on both
  // sides.
  if (Status s = store::CheckSessionId(id, "copy"); !s.ok()) return s;
  Result<Session> session = backend_->Load(id);
  if (!session.ok()) return session.status();
  // A copy without the lines that do not read would lose them silently.
  if (Status bad = store::RefuseToDropBadLines(session->report, "copy"); !bad.ok()) return bad;
  Result<std::vector<std::string>> want = Lines(*session, options_.read);
  if (!want.ok()) return want.status();
  const CopyReport report{.entries = static_cast<int64_t>(session->entries.size())};
  Result<bool> there = target.Exists(id);
  if (!there.ok()) return there.status();
  if (!*there) {
    // Created whole, archived at once if it is archived here: a copy cut
    // short leaves the session in the target as it is here, or not at all.
    if (Result<SessionHeader> made = target.Import(*session); !made.ok()) return made.status();
  }
  Result<Session> back = target.backend_->Load(id);
  if (!back.ok()) return back.status();
  Result<std::vector<std::string>> got = Lines(*back, options_.read);
  if (!got.ok()) return got.status();
  if (*want != *got) {
    if (*there) {
      return Status::AlreadyExists("the target holds another session \"" + std::string(id) + "\"",
                                   ErrorContext{.op = "copy"});
    }
    return Status::Corruption(
        "session \"" + std::string(id) + "\" differs after the copy; the copy is not to be trusted",
        ErrorContext{.op = "copy"});
  }
  if (back->archived != session->archived) {
    // Copied by an earlier copy that stopped before it archived.
    if (Status s = session->archived ? target.Archive(id) : target.Restore(id); !s.ok()) return s;
  }
  return CopyReport{.entries = report.entries, .already = *there};
}

}  // namespace sessionstore
