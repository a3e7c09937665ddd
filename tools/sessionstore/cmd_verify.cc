// sessionstore verify: checks sessions without changing them: every line
// reads, seqs increase, entry ids are unique, parents and the entries that
// records name exist, tool calls have results, and the store's derived
// summary (the catalog on files) matches the session. Each finding with
// where it is (file:line); exit 3 when anything was found.

#include <fmt/core.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "cli.h"
#include "commands.h"
#include "progress.h"
#include "session_arg.h"
#include "session_checks.h"

namespace sessionstore::cli {

Run SetupVerify(CLI::App* sub, const Globals& globals) {
  struct Args {
    std::vector<std::string> ids;
    bool all = false, json = false;
  };
  auto a = std::make_shared<Args>();
  auto* id_args = sub->add_option("ID", a->ids, kSessionArgHelp);
  sub->add_flag("--all", a->all, "Every session, archived ones too")->excludes(id_args);
  sub->add_flag("--json", a->json, "One JSON object per finding: session, place, line, kind, message");
  sub->footer(
      "Changes nothing. Exit 0 when every session checked is whole, 3 when something was found.\n"
      "Examples:\n  sessionstore verify @latest\n  sessionstore verify --all --json\n");
  return [&globals, a] {
    auto store = OpenStore(globals);
    if (!store.ok()) return Fail(store.status());
    if (!a->all && a->ids.empty()) return Fail(std::string("verify what? give session ids, or --all"));
    // One listing, for every session's row: the listing to check against.
    Result<SessionPage> page = (*store)->ListPage({.include_archived = true});
    if (!page.ok()) return Fail(page.status());
    std::map<std::string_view, const SessionInfo*> listed;
    for (const SessionInfo& r : page->rows) listed.emplace(r.id, &r);
    std::vector<std::string> ids;
    if (a->all) {
      for (const SessionInfo& r : page->rows) ids.push_back(r.id);
      for (const UnlistedSession& u : page->unlisted) ids.push_back(u.id);
    }
    for (const std::string& arg : a->ids) {
      Result<std::string> id = ResolveSession(**store, arg, globals);
      if (!id.ok()) return FailName(id.status());
      ids.push_back(*id);
    }
    std::vector<Finding> findings;
    {
      Progress progress("verifying", ids.size());
      for (size_t i = 0; i < ids.size(); ++i) {
        auto row = listed.find(ids[i]);
        CheckSession(**store, ids[i], row == listed.end() ? nullptr : row->second, &findings);
        progress.Update(i + 1);
      }
    }
    for (const Finding& f : findings) PrintFinding(f, a->json);
    std::set<std::string_view> damaged;
    for (const Finding& f : findings) damaged.insert(f.session);
    fmt::print(stderr, "sessionstore: {} session{} checked, {} with findings\n", ids.size(), ids.size() == 1 ? "" : "s",
               damaged.size());
    return findings.empty() ? kExitOk : kExitDamage;
  };
}

}  // namespace sessionstore::cli
