#include "memory/memory_backend.h"

#include <algorithm>
#include <tuple>

#include "format/line_decoder.h"
#include "format/time_format.h"
#include "history/session_summary.h"
#include "memory/memory_sessions.h"
#include "memory/memory_writer.h"
#include "search/fts5_text.h"
#include "search/searchable_text.h"
#include "store/errors.h"

namespace sessionstore::memory {

Status SetContent(std::string_view header_line, std::string_view entry_lines, const ReadOptions& options,
                  MemorySession* s) {
  format::LineDecoder decoder(options);
  SessionHeader header;
  if (Status bad = decoder.DecodeHeader(header_line, false, &header); !bad.ok()) return bad;
  s->header_line.assign(header_line);
  s->lines.clear();
  s->ids.clear();
  s->last_seq = 0;
  s->bytes = header_line.size() + 1 + entry_lines.size();
  s->stored_ms = format::NowMs();
  history::StartSummary(header, &s->summary);
  Entry e;
  while (!entry_lines.empty()) {
    const size_t nl = entry_lines.find('\n');
    const std::string_view line = entry_lines.substr(0, nl);
    entry_lines.remove_prefix(nl == std::string_view::npos ? entry_lines.size() : nl + 1);
    if (Status bad = decoder.DecodeEntry(line, false, &e); !bad.ok()) return bad;
    history::AddToSummary(e, e.timestamp_ms, e.id, &s->summary);
    s->lines.emplace_back(line);
    s->ids.push_back(e.id);
    s->last_seq = e.seq;
  }
  return Status::OK();
}

namespace {

std::string PlaceOf(std::string_view id) { return "memory:" + std::string(id); }

Status Busy(std::string_view id) {
  return Status::Busy("session \"" + std::string(id) + "\" is being written by a writer of this process",
                      ErrorContext{.op = "lock"});
}

// A cursor over a snapshot of a session's lines, taken when it opens.
class MemoryCursor final : public Cursor {
 public:
  MemoryCursor(const MemorySession& s, size_t first, const ReadOptions& options)
      : header_line_(s.header_line), lines_(s.lines.begin() + first, s.lines.end()), decoder_(options) {
    // Lines were encoded by this sessionstore and read back when stored.
    (void)decoder_.DecodeHeader(header_line_, false, &header_);
    Decode();
  }

  bool Valid() const override { return at_ < lines_.size(); }
  void Next() override {
    ++at_;
    Decode();
  }
  const Entry& entry() const override { return entry_; }
  const Status& status() const override { return status_; }
  std::string_view line() const override { return lines_[at_]; }
  const SessionHeader& header() const override { return header_; }
  std::string_view header_line() const override { return header_line_; }
  const LoadReport& report() const override { return report_; }

 private:
  void Decode() {
    if (at_ < lines_.size()) (void)decoder_.DecodeEntry(lines_[at_], false, &entry_);
  }

  const std::string header_line_;
  const std::vector<std::string> lines_;
  format::LineDecoder decoder_;
  SessionHeader header_;
  size_t at_ = 0;
  Entry entry_;
  const Status status_;
  const LoadReport report_;
};

class MemoryBackend final : public store::Backend {
 public:
  MemoryBackend(std::shared_ptr<MemorySessions> sessions, const StoreOptions& options)
      : sessions_(std::move(sessions)), options_(options) {}

  Status Create(const SessionHeader& h, std::string_view content, size_t header_bytes, bool archived) override {
    MemorySession s;
    s.archived = archived;
    if (Status bad = SetContent(content.substr(0, header_bytes - 1), content.substr(header_bytes), options_.read, &s);
        !bad.ok()) {
      return bad.WithContext({.op = "create", .path = PlaceOf(h.id)});
    }
    std::lock_guard<std::mutex> l(sessions_->mu);
    auto [it, made] = sessions_->sessions.try_emplace(h.id, std::move(s));
    if (!made) {
      return Status::AlreadyExists("session \"" + h.id + "\" exists" + (it->second.archived ? " (archived)" : ""),
                                   ErrorContext{.op = "create", .path = PlaceOf(h.id)});
    }
    return Status::OK();
  }

  Result<SessionHeader> Header(std::string_view id) override {
    std::string line;
    {
      std::lock_guard<std::mutex> l(sessions_->mu);
      auto it = sessions_->sessions.find(id);
      if (it == sessions_->sessions.end()) return store::NoSuchSession(id);
      line = it->second.header_line;
    }
    SessionHeader h;
    if (Status s = format::LineDecoder(options_.read).DecodeHeader(line, false, &h); !s.ok()) return s;
    return h;
  }

  Result<bool> Exists(std::string_view id) override {
    std::lock_guard<std::mutex> l(sessions_->mu);
    return sessions_->sessions.contains(id);
  }

  Result<Session> Load(std::string_view id) override {
    Result<std::unique_ptr<Cursor>> cursor = Read(id, {});
    if (!cursor.ok()) return cursor.status();
    Session session{.header = (*cursor)->header()};
    for (const Entry& e : **cursor) session.entries.push_back(e);
    std::lock_guard<std::mutex> l(sessions_->mu);
    auto it = sessions_->sessions.find(id);
    session.archived = it != sessions_->sessions.end() && it->second.archived;
    return session;
  }

  Result<std::unique_ptr<Cursor>> Read(std::string_view id, const CursorOptions& options) override {
    std::lock_guard<std::mutex> l(sessions_->mu);
    auto it = sessions_->sessions.find(id);
    if (it == sessions_->sessions.end()) return store::NoSuchSession(id);
    const std::vector<std::string>& lines = it->second.lines;
    const size_t first = options.last_n > 0 && options.last_n < lines.size() ? lines.size() - options.last_n : 0;
    return std::unique_ptr<Cursor>(new MemoryCursor(it->second, first, options_.read));
  }

  Status WalkBackward(std::string_view id, const std::function<bool(Entry&)>& visit, LoadReport* report) override {
    *report = LoadReport{};
    std::vector<std::string> lines;
    {
      std::lock_guard<std::mutex> l(sessions_->mu);
      auto it = sessions_->sessions.find(id);
      if (it == sessions_->sessions.end()) return store::NoSuchSession(id);
      lines = it->second.lines;
    }
    format::LineDecoder decoder(options_.read);
    Entry e;
    for (size_t i = lines.size(); i-- > 0;) {
      if (Status s = decoder.DecodeEntry(lines[i], false, &e); !s.ok()) return s;
      if (!visit(e)) break;
    }
    return Status::OK();
  }

  Status Rewrite(std::string_view id, const store::Rewriter& rewrite) override {
    std::lock_guard<std::mutex> l(sessions_->mu);
    auto it = sessions_->sessions.find(id);
    if (it == sessions_->sessions.end()) return store::NoSuchSession(id);
    MemorySession& s = it->second;
    if (s.locked) return Busy(id);
    store::StoredSession stored{.header_line = s.header_line, .lines = s.lines, .bytes = s.bytes};
    format::LineDecoder decoder(options_.read);
    for (const std::string& line : s.lines) {
      if (Status bad = decoder.DecodeEntry(line, false, &stored.entries.emplace_back()); !bad.ok()) return bad;
    }
    Result<store::Rewritten> rewritten = rewrite(stored);
    if (!rewritten.ok()) return rewritten.status();
    MemorySession next;
    if (Status bad = SetContent(s.header_line, rewritten->lines, options_.read, &next); !bad.ok()) {
      return bad.WithContext({.op = "rewrite", .path = PlaceOf(id)});
    }
    if (rewritten->keep_backup) {
      std::string& backup = sessions_->backups[std::string(id)];
      backup = s.header_line + "\n";
      for (const std::string& line : s.lines) backup.append(line).push_back('\n');
    }
    if (!rewritten->rejected.empty()) sessions_->rejected[std::string(id)] += rewritten->rejected;
    next.archived = s.archived;
    s = std::move(next);
    return Status::OK();
  }

  store::RepairPlaces RepairPlacesOf(std::string_view id) override {
    return {.rejected = PlaceOf(id) + " (rejected lines)", .backup = PlaceOf(id) + " (backup)"};
  }

  Result<SessionPage> ListPage(const store::ListQuery& query) override {
    const ListOptions& o = query.options;
    const bool by_created = o.sort == ListOptions::Sort::kCreated;
    auto key = [by_created](const SessionInfo& r) { return by_created ? r.created_ms : r.updated_ms; };
    SessionPage page;
    {
      std::lock_guard<std::mutex> l(sessions_->mu);
      for (const auto& [id, s] : sessions_->sessions) {
        const history::SummaryState& st = s.summary;
        const SessionInfo& info = st.info;
        const std::string& title = st.explicit_title.empty() ? st.first_user_title : st.explicit_title;
        const bool labeled = std::any_of(st.labels.begin(), st.labels.end(),
                                         [&](const auto& target_label) { return target_label.second == o.label; });
        if ((!o.workspace.empty() && info.workspace != o.workspace) || (s.archived && !o.include_archived) ||
            (!o.label.empty() && !labeled) || !store::TitleMatches(title, query.title_folded) ||
            (o.created_after_ms != 0 && info.created_ms < o.created_after_ms) ||
            (o.created_before_ms != 0 && info.created_ms >= o.created_before_ms) ||
            (o.updated_after_ms != 0 && info.updated_ms < o.updated_after_ms) ||
            (o.updated_before_ms != 0 && info.updated_ms >= o.updated_before_ms) ||
            (!o.fork_of.empty() && (!info.parent || info.parent->session != o.fork_of)) ||
            !info.id.starts_with(o.id_prefix) || (!o.model.empty() && info.model != o.model) ||
            (!o.provider.empty() && info.provider != o.provider)) {
          continue;
        }
        SessionInfo row = history::FinishSummary(st, s.bytes, s.archived);
        row.stored_ms = s.stored_ms;
        // After the cursor: older, or as old with a greater id.
        if (!query.after.id.empty() &&
            (key(row) > query.after.key || (key(row) == query.after.key && row.id <= query.after.id))) {
          continue;
        }
        page.rows.push_back(std::move(row));
      }
    }
    std::sort(page.rows.begin(), page.rows.end(), [&](const SessionInfo& a, const SessionInfo& b) {
      return std::tuple(-key(a), a.id) < std::tuple(-key(b), b.id);
    });
    if (o.limit > 0 && page.rows.size() > o.limit) page.rows.resize(o.limit);
    return page;
  }

  Result<std::vector<SearchHit>> Search(const std::vector<search::SearchTerm>& terms,
                                        const SearchOptions& options) override {
    // Every entry's text through FTS5 itself: a text matches when it has
    // a snippet, so that the matching is the file store's to the letter.
    struct Candidate {
      SearchHit hit;
      uint64_t seq;
    };
    std::vector<Candidate> candidates;
    std::vector<std::string> texts;
    {
      std::lock_guard<std::mutex> l(sessions_->mu);
      format::LineDecoder decoder(options_.read);
      Entry e;
      for (const auto& [id, s] : sessions_->sessions) {
        if ((!options.workspace.empty() && s.summary.info.workspace != options.workspace) ||
            (s.archived && !options.include_archived) || (!options.session_id.empty() && id != options.session_id)) {
          continue;
        }
        for (const std::string& line : s.lines) {
          if (!decoder.DecodeEntry(line, false, &e).ok() || e.timestamp_ms < options.since_ms) continue;
          std::string text = search::SearchableText(e, options_.search_thinking);
          if (text.empty()) continue;
          candidates.push_back(
              {.hit = {.session_id = id, .entry_id = e.id, .role = e.message.role, .timestamp_ms = e.timestamp_ms},
               .seq = e.seq});
          texts.push_back(std::move(text));
        }
      }
    }
    Result<std::vector<std::string>> snippets = search::Fts5Snippets(texts, search::ToFts5Query(terms));
    if (!snippets.ok()) return snippets.status();
    std::vector<Candidate> hits;
    for (size_t i = 0; i < candidates.size(); ++i) {
      if ((*snippets)[i].empty()) continue;
      candidates[i].hit.snippet = std::move((*snippets)[i]);
      hits.push_back(std::move(candidates[i]));
    }
    // Newest first, as on PostgreSQL.
    std::sort(hits.begin(), hits.end(), [](const Candidate& a, const Candidate& b) {
      return std::tuple(a.hit.timestamp_ms, a.hit.session_id, a.seq) >
             std::tuple(b.hit.timestamp_ms, b.hit.session_id, b.seq);
    });
    std::vector<SearchHit> out;
    for (size_t i = 0; i < hits.size() && i < options.limit; ++i) out.push_back(std::move(hits[i].hit));
    return out;
  }

  Result<uint64_t> IndexBytes() override { return uint64_t{0}; }

  // Nothing is derived ahead of time: list and search read the sessions.
  Status Reindex() override { return Status::OK(); }

  Result<std::unique_ptr<store::Backend>> OpenTrash(bool create) override {
    std::lock_guard<std::mutex> l(sessions_->mu);
    if (sessions_->trash == nullptr) {
      if (!create) return Status::NotFound("no trash yet");
      sessions_->trash = std::make_shared<MemorySessions>();
    }
    return std::unique_ptr<store::Backend>(new MemoryBackend(sessions_->trash, options_));
  }

  Result<std::string> Place(std::string_view id) override {
    std::lock_guard<std::mutex> l(sessions_->mu);
    if (!sessions_->sessions.contains(id)) return store::NoSuchSession(id);
    return PlaceOf(id);
  }

  Result<std::string> WriterHolder(std::string_view id) override {
    std::lock_guard<std::mutex> l(sessions_->mu);
    auto it = sessions_->sessions.find(id);
    if (it == sessions_->sessions.end()) return store::NoSuchSession(id);
    return it->second.locked ? std::string("a writer of this process") : std::string();
  }

  Result<std::unique_ptr<Writer>> OpenWriter(std::string_view id, const WriterOptions&) override {
    return MemoryWriter::Open(sessions_, id, options_.read);
  }

  Status Delete(std::string_view id) override {
    std::lock_guard<std::mutex> l(sessions_->mu);
    auto it = sessions_->sessions.find(id);
    if (it == sessions_->sessions.end()) return store::NoSuchSession(id);
    if (it->second.locked) return Busy(id);
    sessions_->sessions.erase(it);
    return Status::OK();
  }

  Status SetArchived(std::string_view id, bool archived) override {
    std::lock_guard<std::mutex> l(sessions_->mu);
    auto it = sessions_->sessions.find(id);
    if (it == sessions_->sessions.end()) return store::NoSuchSession(id);
    if (it->second.locked) return Busy(id);
    if (it->second.archived == archived) {
      return Status::FailedPrecondition("session \"" + std::string(id) + "\" is " +
                                        (archived ? "already archived" : "not archived"));
    }
    it->second.archived = archived;
    return Status::OK();
  }

 private:
  const std::shared_ptr<MemorySessions> sessions_;
  const StoreOptions options_;
};

}  // namespace

Result<std::unique_ptr<store::Backend>> OpenBackend(std::string_view location, const StoreOptions& options) {
  const std::string_view name = location.substr(location.find(':') + 1);
  std::shared_ptr<MemorySessions> sessions;
  if (name.empty()) {
    sessions = std::make_shared<MemorySessions>();
  } else {
    // Named stores live until the process ends.
    static std::mutex mu;
    static auto* named = new std::map<std::string, std::shared_ptr<MemorySessions>, std::less<>>();
    std::lock_guard<std::mutex> l(mu);
    std::shared_ptr<MemorySessions>& slot = (*named)[std::string(name)];
    if (slot == nullptr) slot = std::make_shared<MemorySessions>();
    sessions = slot;
  }
  return std::unique_ptr<store::Backend>(new MemoryBackend(std::move(sessions), options));
}

}  // namespace sessionstore::memory
