// sessionstore search: full-text search across the store.

#include <fmt/core.h>

#include <string>

#include "cli.h"
#include "commands.h"
#include "options.h"
#include "sessionstore/json.h"

namespace sessionstore::cli {

Run SetupSearch(CLI::App* sub, const Globals& globals) {
  struct Args {
    std::string query, workspace;
    size_t limit = 20;
    bool archived = false, json = false;
  };
  auto a = std::make_shared<Args>();
  sub->add_option("QUERY", a->query, "Words (all must match), \"a phrase\", prefix*")->required();
  NotEmpty(sub->add_option("--workspace", a->workspace, "Only sessions of this workspace"));
  AddCount(sub, "--limit", &a->limit, "At most N hits (default 20)", 100000)->check(CLI::Range(1, 100000));
  sub->add_flag("--archived", a->archived, "Search archived sessions too");
  sub->add_flag("--json", a->json, "One JSON object per hit: session_id, entry_id, role, ts, snippet");
  return [&globals, a] {
    auto store = OpenStore(globals);
    if (!store.ok()) return Fail(store.status());
    auto hits =
        (*store)->Search(a->query, {.workspace = a->workspace, .include_archived = a->archived, .limit = a->limit});
    if (!hits.ok()) return Fail(hits.status());
    for (const SearchHit& h : *hits) {
      if (!a->json) {
        std::string snippet = h.snippet;
        for (char& c : snippet) {
          if (c == '\n' || c == '\t') c = ' ';
        }
        fmt::print("{}  {}  {:<9}  {}  {}\n", h.session_id, Shown(h.entry_id, true), Shown(h.role, true),
                   ShortTime(h.timestamp_ms), Shown(snippet, true));
        continue;
      }
      PrintJsonLine(ToJson(h));
    }
    return kExitOk;
  };
}

}  // namespace sessionstore::cli
