// sessionstore list | latest.

#include <fmt/core.h>

#include <cstdio>
#include <string>

#include "cli.h"
#include "commands.h"
#include "options.h"
#include "sessionstore/json.h"

namespace sessionstore::cli {

namespace {

struct ListArgs {
  std::string workspace;
  std::string label;
  std::string title;
  std::string sort = "updated";
  std::string forks_of;
  std::string cursor;
  size_t limit = 0;
  bool archived = false;
  bool json = false;
};

void PrintTable(const std::vector<SessionInfo>& rows) {
  size_t id_width = 2;
  for (const SessionInfo& s : rows) id_width = std::max(id_width, s.id.size());
  fmt::print("{:<{}}  {:<16}  {:>5}  {:>8}  {}\n", "ID", id_width, "UPDATED", "MSGS", "COST", "TITLE");
  for (const SessionInfo& s : rows) {
    fmt::print("{:<{}}  {:<16}  {:>5}  {:>8}  {}{}{}\n", s.id, id_width, ShortTime(s.updated_ms), s.message_count,
               fmt::format("${:.4f}", s.cost_usd), Shown(s.title, true), s.archived ? "  [archived]" : "",
               s.parent ? "  [fork of " + s.parent->session + "]" : "");
  }
}

}  // namespace

Run SetupList(CLI::App* sub, const Globals& globals) {
  auto a = std::make_shared<ListArgs>();
  NotEmpty(sub->add_option("--workspace", a->workspace, "Only sessions of this workspace"));
  NotEmpty(sub->add_option("--label", a->label, "Only sessions with an entry carrying this label"));
  NotEmpty(sub->add_option("--title", a->title, "Only sessions whose title contains this"));
  NotEmpty(sub->add_option("--forks-of", a->forks_of, "Only forks of this session"));
  sub->add_option("--sort", a->sort, "updated (default) or created, newest first")
      ->check(CLI::IsMember({"updated", "created"}));
  NotEmpty(sub->add_option("--cursor", a->cursor, "Continue a listing cut by --limit where it stopped"));
  AddCount(sub, "--limit", &a->limit, "At most N sessions (default: all)");
  sub->add_flag("--archived", a->archived, "Include archived sessions");
  sub->add_flag("--json", a->json, "One JSON object per line");
  return [&globals, a] {
    auto store = OpenStore(globals);
    if (!store.ok()) return Fail(store.status());
    auto page = (*store)->ListPage(
        ListOptions{.workspace = a->workspace,
                    .include_archived = a->archived,
                    .label = a->label,
                    .title_contains = a->title,
                    .fork_of = a->forks_of,
                    .sort = a->sort == "created" ? ListOptions::Sort::kCreated : ListOptions::Sort::kUpdated,
                    .limit = a->limit,
                    .cursor = a->cursor});
    if (!page.ok()) return Fail(page.status());
    if (a->json) {
      for (const SessionInfo& s : page->rows) PrintJsonLine(ToJson(s));
    } else {
      PrintTable(page->rows);
    }
    if (!page->next_cursor.empty()) fmt::print(stderr, "sessionstore: more: --cursor {}\n", page->next_cursor);
    return kExitOk;
  };
}

Run SetupLatest(CLI::App* sub, const Globals& globals) {
  auto workspace = std::make_shared<std::string>();
  NotEmpty(sub->add_option("--workspace", *workspace, "Only sessions of this workspace"));
  return [&globals, workspace] {
    auto store = OpenStore(globals);
    if (!store.ok()) return Fail(store.status());
    auto latest = (*store)->Latest(*workspace);
    if (!latest.ok()) return Fail(latest.status());
    fmt::print("{}\n", latest->id);
    return kExitOk;
  };
}

}  // namespace sessionstore::cli
