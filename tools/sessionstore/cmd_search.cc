// sessionstore search: full-text search across the store, hits grouped by
// session.

#include <fmt/core.h>

#include <map>
#include <string>
#include <vector>

#include "cli.h"
#include "color.h"
#include "commands.h"
#include "options.h"
#include "session_arg.h"
#include "sessionstore/json.h"
#include "times.h"

namespace sessionstore::cli {

namespace {

struct SearchArgs {
  std::vector<std::string> words;
  std::string workspace, session;
  int64_t since_ms = 0;
  size_t limit = 20;
  size_t page = 1;
  bool archived = false, json = false, all_hits = false;
};

// The snippet on one line, its matches painted.
std::string ShownSnippet(const SearchHit& h, bool color) {
  std::string out;
  size_t at = 0;
  auto plain = [](std::string_view text) {
    std::string s(text);
    for (char& c : s) {
      if (c == '\n' || c == '\t') c = ' ';
    }
    return Shown(s, true);
  };
  for (const SearchHit::Match& m : h.matches) {
    if (m.offset < at || m.offset + m.length > h.snippet.size()) continue;
    out += plain(std::string_view(h.snippet).substr(at, m.offset - at));
    out += Painted(plain(std::string_view(h.snippet).substr(m.offset, m.length)), Paint::kMatch, color);
    at = m.offset + m.length;
  }
  return out + plain(std::string_view(h.snippet).substr(at));
}

// Hits grouped by session, sessions in the order of their newest hit.
void PrintGrouped(Store& store, const std::vector<SearchHit>& hits, bool all_hits, bool color) {
  std::vector<std::string> order;
  std::map<std::string, std::vector<const SearchHit*>> by_session;
  for (const SearchHit& h : hits) {
    auto& group = by_session[h.session_id];
    if (group.empty()) order.push_back(h.session_id);
    group.push_back(&h);
  }
  for (const std::string& id : order) {
    const auto& group = by_session[id];
    Result<std::string> title = store.Title(id);
    fmt::print("{}  {}\n", Painted(id, Paint::kHeading, color),
               Painted(title.ok() ? Shown(*title, true) : std::string("(title unreadable)"), Paint::kHeading, color));
    const size_t shown = all_hits ? group.size() : 1;
    for (size_t i = 0; i < shown; ++i) {
      const SearchHit& h = *group[i];
      fmt::print("  {}  {}  {:<9}  {}\n", Painted(Shown(h.entry_id.substr(0, 8), true), Paint::kDim, color),
                 TableTime(h.timestamp_ms), Shown(h.role, true), ShownSnippet(h, color));
    }
    if (shown < group.size()) {
      fmt::print("  {}\n", Painted(fmt::format("(+{} more hit{} here: --all-hits, or --session {})",
                                               group.size() - shown, group.size() - shown == 1 ? "" : "s", id),
                                   Paint::kDim, color));
    }
  }
}

}  // namespace

Run SetupSearch(CLI::App* sub, const Globals& globals) {
  auto a = std::make_shared<SearchArgs>();
  sub->add_option("QUERY", a->words,
                  "Words (all must match; foo-bar and src/a.c match as written), \"a phrase\", prefix*")
      ->required();
  AddWorkspace(sub, "--workspace", &a->workspace, "Only sessions of this workspace");
  NotEmpty(sub->add_option("--session", a->session, "Only this session (" + std::string(kSessionArgHelp) + ")"));
  AddTime(sub, "--since", &a->since_ms, "Only entries written since this time (30d, 2026-11-22)");
  AddCount(sub, "--limit", &a->limit, "At most N hits a page (default 20)", 100000)->check(CLI::Range(1, 100000));
  AddCount(sub, "--page", &a->page, "The page of hits to show (default 1, the newest)", 100000)
      ->check(CLI::Range(1, 100000));
  sub->add_flag("--all-hits", a->all_hits, "Every hit of each session, not only its newest");
  sub->add_flag("--archived", a->archived, "Search archived sessions too");
  sub->add_flag("--json", a->json,
                "One JSON object per hit: session_id, entry_id, role, ts, snippet, matches ([byte offset, length] "
                "of each matched word in the snippet)");
  sub->footer(
      "Examples:\n"
      "  sessionstore search parser.c                     every session that mentions parser.c\n"
      "  sessionstore search 'retry*' --since 7d --all-hits\n"
      "  sessionstore search \"connection refused\" --session @latest\n");
  return [&globals, a] {
    auto store = OpenStore(globals);
    if (!store.ok()) return Fail(store.status());
    std::string session;
    if (!a->session.empty()) {
      Result<std::string> id = ResolveSession(**store, a->session, globals);
      if (!id.ok()) return FailName(id.status());
      session = *id;
    }
    std::string query;
    for (const std::string& w : a->words) query += (query.empty() ? "" : " ") + w;
    // A page is the hits after those of the pages before it (newest first).
    const size_t skip = a->limit * (a->page - 1);
    auto found = (*store)->Search(query, {.workspace = a->workspace,
                                          .include_archived = a->archived,
                                          .session_id = session,
                                          .since_ms = a->since_ms,
                                          .limit = skip + a->limit + 1});
    if (!found.ok()) return Fail(found.status());
    std::vector<SearchHit> hits;
    for (size_t i = skip; i < found->size() && hits.size() < a->limit; ++i) hits.push_back(std::move((*found)[i]));
    const bool more = found->size() > skip + a->limit;
    if (a->json) {
      for (const SearchHit& h : hits) PrintJsonLine(ToJson(h));
    } else {
      PrintGrouped(**store, hits, a->all_hits, UseColor(globals));
    }
    if (more) fmt::print(stderr, "sessionstore: more hits: --page {}\n", a->page + 1);
    return kExitOk;
  };
}

}  // namespace sessionstore::cli
