// sessionstore repair: mends a damaged session (Store::Repair), says what it
// did and where what it took out is kept, then checks the session again as
// verify does and says what is left.

#include <fmt/core.h>

#include <string>
#include <vector>

#include "cli.h"
#include "commands.h"
#include "session_arg.h"
#include "session_checks.h"
#include "sessionstore/json.h"

namespace sessionstore::cli {

namespace {

std::string ReportJson(const std::string& id, bool dry_run, const RepairReport& r) {
  std::string actions;
  for (const RepairAction& a : r.actions) {
    if (!actions.empty()) actions += ",";
    actions +=
        fmt::format("{{\"line\":{},\"what\":{}}}", a.line > 0 ? std::to_string(a.line) : "null", JsonString(a.what));
  }
  auto place = [](const std::string& p) { return p.empty() ? std::string("null") : JsonString(p); };
  return fmt::format(
      "{{\"session\":{},\"dry_run\":{},\"actions\":[{}],\"rejected\":{},\"rejected_place\":{},\"backup_place\":{}}}",
      JsonString(id), dry_run, actions, r.rejected, place(r.rejected_place), place(r.backup_place));
}

}  // namespace

Run SetupRepair(CLI::App* sub, const Globals& globals) {
  struct Args {
    std::string id;
    bool dry_run = false, json = false;
  };
  auto a = std::make_shared<Args>();
  sub->add_option("ID", a->id, kSessionArgHelp)->required();
  sub->add_flag("--dry-run", a->dry_run, "Only say what a repair would do; change nothing");
  sub->add_flag("--json", a->json, "Print the report as one JSON object, then what is left as verify --json does");
  sub->footer(
      "Lines that do not read, a torn last line, second copies of a line and labels of no entry are moved\n"
      "to the session's rejected lines (<store>/repair/<id>.rejected.jsonl on files), which nothing deletes;\n"
      "entries with a reused id get a new one, entries whose parent is missing are re-linked to the entry\n"
      "before them, seqs are renumbered. The session as it was is kept (<store>/repair/<id>.backup.jsonl)\n"
      "until the next repair. Then the session is checked again: exit 0 when it is whole, 3 when something\n"
      "repair leaves is still found (a tool call without a result: the context answers it as interrupted).\n"
      "Examples:\n  sessionstore repair 0193ab --dry-run\n  sessionstore repair @latest\n");
  return [&globals, a] {
    OpenedSession opened;
    if (int rc = OpenSession(globals, a->id, &opened); rc != kExitOk) return rc;
    Store& store = *opened.store;
    Result<RepairReport> r = store.Repair(opened.id, {.dry_run = a->dry_run});
    if (!r.ok()) return Fail(r.status());
    if (a->json) {
      PrintJsonLine(ReportJson(opened.id, a->dry_run, *r));
    } else {
      Result<std::string> place = store.Place(opened.id);
      const std::string where = Shown(place.ok() ? *place : opened.id, true);
      for (const RepairAction& action : r->actions) {
        fmt::print("{}{}: {}{}\n", where, action.line > 0 ? ":" + std::to_string(action.line) : "",
                   a->dry_run ? "would: " : "", Shown(action.what, true));
      }
    }
    if (r->actions.empty()) {
      fmt::print(stderr, "sessionstore: nothing to repair in {}\n", opened.id);
    } else if (a->dry_run) {
      fmt::print(stderr, "sessionstore: {} change{} would be made; nothing was changed\n", r->actions.size(),
                 r->actions.size() == 1 ? "" : "s");
    } else {
      fmt::print(stderr, "sessionstore: repaired {}: {} change{}", opened.id, r->actions.size(),
                 r->actions.size() == 1 ? "" : "s");
      if (r->rejected > 0) {
        fmt::print(stderr, "; {} line{} set aside in {}", r->rejected, r->rejected == 1 ? "" : "s",
                   Shown(r->rejected_place, true));
      }
      fmt::print(stderr, "; the session as it was is kept in {} until the next repair\n", Shown(r->backup_place, true));
    }
    if (a->dry_run) return kExitOk;
    // What is left: the checks of verify, against the listing as it is now.
    Result<SessionPage> page = store.ListPage({.include_archived = true, .id_prefix = opened.id});
    if (!page.ok()) return Fail(page.status());
    const SessionInfo* row = nullptr;
    for (const SessionInfo& info : page->rows) {
      if (info.id == opened.id) row = &info;
    }
    std::vector<Finding> left;
    CheckSession(store, opened.id, row, &left);
    if (!left.empty()) fmt::print(stderr, "sessionstore: still found after the repair:\n");
    for (const Finding& f : left) PrintFinding(f, a->json);
    return left.empty() ? kExitOk : kExitDamage;
  };
}

}  // namespace sessionstore::cli
