// sessionstore copy --from LOCATION --to LOCATION [ID...]: sessions from one
// store to another (Store::Import), archived ones archived, each verified
// by loading it back and comparing every entry's JSON.

#include <fmt/core.h>

#include <map>

#include "cli.h"
#include "format/names.h"
#include "format/line_encoder.h"

namespace sessionstore::cli {

namespace {

// The session's lines as this sessionstore writes them: equal lines mean
// equal JSON, whichever store the session was read from.
Result<std::vector<std::string>> Lines(const Session& s) {
  format::LineEncoder encoder;
  std::vector<std::string> lines;
  SessionHeader header = s.header;
  header.format_major = format::kFormatMajor;
  header.format_minor = format::kFormatMinor;
  format::ByteBuffer out;
  if (Status st = encoder.EncodeHeader(header, &out); !st.ok()) return st;
  lines.emplace_back(out.view());
  for (const Entry& e : s.entries) {
    out.Truncate(0);
    if (Status st = encoder.EncodeStoredEntry(e, &out); !st.ok()) return st;
    lines.emplace_back(out.view());
  }
  return lines;
}

}  // namespace

Run SetupCopy(CLI::App* sub, const Globals&) {
  auto from = std::make_shared<std::string>();
  auto to = std::make_shared<std::string>();
  auto ids = std::make_shared<std::vector<std::string>>();
  sub->add_option("--from", *from, "The store to copy from (a directory or a PostgreSQL URL)")->required();
  sub->add_option("--to", *to, "The store to copy into, a directory (made if missing) or a PostgreSQL URL")->required();
  sub->add_option("ID", *ids, "Sessions to copy (default: every session, archived ones too)");
  return [from, to, ids] {
    auto source = OpenStoreAt(*from, {.create_if_missing = false, .read = {.strict = true}});
    if (!source.ok()) return Fail(source.status());
    auto target = OpenStoreAt(*to, {});
    if (!target.ok()) return Fail(target.status());
    auto rows = (*source)->List({.include_archived = true});
    if (!rows.ok()) return Fail(rows.status());
    std::map<std::string, bool> archived;
    for (const SessionInfo& r : *rows) archived[r.id] = r.archived;
    if (ids->empty()) {
      for (const auto& [id, a] : archived) ids->push_back(id);
    }
    for (const std::string& id : *ids) {
      Result<Session> session = (*source)->Load(id);
      if (!session.ok()) return Fail(session.status());
      if (auto made = (*target)->Import(*session); !made.ok()) return Fail(made.status());
      if (archived[id]) {
        if (Status s = (*target)->Archive(id); !s.ok()) return Fail(s);
      }
      Result<Session> back = (*target)->Load(id);
      if (!back.ok()) return Fail(back.status());
      Result<std::vector<std::string>> want = Lines(*session), got = Lines(*back);
      if (!want.ok()) return Fail(want.status());
      if (!got.ok()) return Fail(got.status());
      if (*want != *got)
        return Fail("session \"" + id + "\" differs after the copy; the copy in " + *to + " is not to be trusted");
      const size_t n = session->entries.size();
      fmt::print("{} ({} {})\n", id, n, n == 1 ? "entry" : "entries");
    }
    return kExitOk;
  };
}

}  // namespace sessionstore::cli
