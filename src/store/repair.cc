// Store::Repair: mends what `sessionstore verify` finds in a session, over
// the backend's Rewrite, keeping what it takes out (doc/format.md, "Repair").

#include <fmt/core.h>
#include <simdjson.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "format/byte_buffer.h"
#include "format/ids.h"
#include "format/json_writer.h"
#include "format/line_encoder.h"
#include "format/time_format.h"
#include "sessionstore/store.h"
#include "store/backend.h"
#include "store/errors.h"

namespace sessionstore {

namespace {

// One rejected line: why, where it was, and its text (as hex when it is
// not UTF-8, which a JSON string cannot hold).
void AppendRejected(int64_t now_ms, int64_t line, int64_t offset, std::string_view why, std::string_view text,
                    format::ByteBuffer* out) {
  format::JsonWriter w(out);
  w.BeginObject();
  w.Key("rejected_ms");
  w.Int(now_ms);
  w.Key("line");
  line > 0 ? w.Int(line) : w.Null();
  w.Key("offset");
  offset >= 0 ? w.Int(offset) : w.Null();
  w.Key("reason");
  w.String(why);
  if (simdjson::validate_utf8(text.data(), text.size())) {
    w.Key("text");
    w.String(text);
  } else {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(text.size() * 2);
    for (unsigned char c : text) {
      hex.push_back(kHex[c >> 4]);
      hex.push_back(kHex[c & 15]);
    }
    w.Key("hex");
    w.String(hex);
  }
  w.EndObject();
  out->push_back('\n');
}

// The line of each entry of `stored`: after the header (line 1), in order,
// around the lines that did not read.
std::vector<int64_t> EntryLines(const store::StoredSession& stored) {
  std::set<int64_t> bad;
  for (const SkippedLine& l : stored.report.skipped) bad.insert(l.line);
  std::vector<int64_t> lines;
  int64_t line = 2;
  for (size_t i = 0; i < stored.entries.size(); ++i, ++line) {
    while (bad.contains(line)) ++line;
    lines.push_back(line);
  }
  return lines;
}

// The repair of one session as stored: what replaces it, and the report.
class Repairer {
 public:
  Repairer(const store::StoredSession& stored, const ReadOptions& options)
      : stored_(stored), encoder_(options), now_ms_(format::NowMs()) {}

  Result<store::Rewritten> Run(RepairReport* report) {
    report_ = report;
    SetAsideBadLines();
    if (Status s = MendEntries(); !s.ok()) return s;
    // In line order, a torn tail (no line) last.
    auto key = [](const RepairAction& a) { return a.line < 0 ? INT64_MAX : a.line; };
    std::stable_sort(report_->actions.begin(), report_->actions.end(),
                     [&](const RepairAction& a, const RepairAction& b) { return key(a) < key(b); });
    return store::Rewritten{.lines = std::string(lines_.view()),
                            .rejected = std::string(rejected_.view()),
                            .keep_backup = !report_->actions.empty()};
  }

 private:
  void Reject(int64_t line, int64_t offset, std::string why, std::string_view text) {
    AppendRejected(now_ms_, line, offset, why, text, &rejected_);
    ++report_->rejected;
    report_->actions.push_back({line, "set aside: " + why});
  }

  void SetAsideBadLines() {
    const std::vector<SkippedLine>& skipped = stored_.report.skipped;
    for (size_t i = 0; i < skipped.size(); ++i) {
      const std::string_view text = i < stored_.skipped_text.size() ? stored_.skipped_text[i] : std::string_view();
      Reject(skipped[i].line, skipped[i].offset, skipped[i].reason.message(), text);
    }
    if (!stored_.torn_tail.empty()) {
      Reject(-1, static_cast<int64_t>(stored_.bytes),
             fmt::format("{} bytes after the last line end (an append cut short)", stored_.torn_tail.size()),
             stored_.torn_tail);
    }
  }

  Status MendEntries() {
    const std::vector<Entry>& entries = stored_.entries;
    const std::vector<int64_t> lines = EntryLines(stored_);
    bool compacted = false;
    for (const Entry& e : entries) compacted = compacted || e.type == RecordType::kCompaction;
    // Ids as they stand in the output: an entry's id, and for an id an
    // entry reused, the latest entry's new id (what later lines naming it
    // meant: the writer's leaf when they were written).
    std::set<std::string, std::less<>> kept_ids;
    std::map<std::string, std::string, std::less<>> renamed;
    std::map<std::string_view, size_t> first_with_id;
    std::set<std::string_view> all_ids;
    for (const Entry& e : entries) all_ids.insert(e.id);
    std::vector<Entry> out;
    std::vector<size_t> source;  // the input index of each output entry
    uint64_t last_seq = 0;
    for (size_t i = 0; i < entries.size(); ++i) {
      Entry e = entries[i];
      const int64_t line = lines[i];
      if (e.type == RecordType::kLabel && !all_ids.contains(e.target)) {
        Reject(line, -1, "a label on " + e.target + ", which is not an entry of the session", stored_.lines[i]);
        continue;
      }
      auto first = first_with_id.find(entries[i].id);
      if (first != first_with_id.end() && stored_.lines[first->second] == stored_.lines[i]) {
        Reject(line, -1, fmt::format("a second copy of line {}", lines[first->second]), stored_.lines[i]);
        continue;
      }
      if (first == first_with_id.end()) first_with_id.emplace(entries[i].id, i);
      if (kept_ids.contains(e.id)) {
        const std::string fresh = ids_.Next();
        report_->actions.push_back({line, fmt::format("entry id {} was used before: now {}", e.id, fresh)});
        renamed[e.id] = fresh;
        e.id = fresh;
      }
      if (auto r = renamed.find(e.parent); r != renamed.end() && r->second != e.id) e.parent = r->second;
      if (auto r = renamed.find(e.target); r != renamed.end()) e.target = r->second;
      if (!e.parent.empty() && !kept_ids.contains(e.parent) && !compacted) {
        const std::string before = out.empty() ? std::string() : out.back().id;
        report_->actions.push_back(
            {line, fmt::format("parent {} comes nowhere before it: re-linked to {}", entries[i].parent,
                               before.empty() ? std::string("nothing (a root)") : "the entry before it, " + before)});
        e.parent = before;
      }
      if (e.seq <= last_seq) {
        report_->actions.push_back({line, fmt::format("seq {} after seq {}: now {}", e.seq, last_seq, last_seq + 1)});
        e.seq = last_seq + 1;
      }
      last_seq = e.seq;
      kept_ids.insert(e.id);
      out.push_back(std::move(e));
      source.push_back(i);
    }
    for (size_t k = 0; k < out.size(); ++k) {
      const Entry& e = out[k];
      const size_t i = source[k];
      const Entry& was = entries[i];
      if (e.id == was.id && e.parent == was.parent && e.seq == was.seq && e.target == was.target) {
        lines_.Append(stored_.lines[i]);  // as stored, byte for byte
        lines_.push_back('\n');
      } else if (Status s = encoder_.EncodeStoredEntry(e, &lines_); !s.ok()) {
        return s;
      }
    }
    return Status::OK();
  }

  const store::StoredSession& stored_;
  format::LineEncoder encoder_;
  format::EntryIdGenerator ids_;
  const int64_t now_ms_;
  RepairReport* report_ = nullptr;
  format::ByteBuffer lines_;
  format::ByteBuffer rejected_;
};

}  // namespace

Result<RepairReport> Store::Repair(std::string_view id, const RepairOptions& options) {
  if (Status s = store::CheckSessionId(id, "repair"); !s.ok()) return s;
  RepairReport report;
  bool reported = false;
  Status s = backend_->Rewrite(id, [&](const store::StoredSession& stored) -> Result<store::Rewritten> {
    Result<store::Rewritten> next = Repairer(stored, options_.read).Run(&report);
    reported = next.ok();
    // Nothing to mend, or a dry run: the rewrite stops here and the
    // session stays as it is.
    if (next.ok() && (report.actions.empty() || options.dry_run)) return Status::FailedPrecondition("unchanged");
    return next;
  });
  if (!reported) return s;  // the session could not be read, or not mended
  const bool rewritten = !report.actions.empty() && !options.dry_run;
  if (rewritten && !s.ok()) return s;
  if (!report.actions.empty()) {
    const store::RepairPlaces places = backend_->RepairPlacesOf(id);
    if (report.rejected > 0) report.rejected_place = places.rejected;
    if (rewritten) report.backup_place = places.backup;
  }
  return report;
}

}  // namespace sessionstore
