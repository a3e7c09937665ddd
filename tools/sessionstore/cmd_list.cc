// sessionstore list | latest.

#include <fmt/core.h>
#include <unistd.h>

#include <cstdio>
#include <set>
#include <string>

#include "cli.h"
#include "commands.h"
#include "options.h"
#include "session_arg.h"
#include "sessionstore/json.h"
#include "times.h"

namespace sessionstore::cli {

namespace {

struct ListArgs {
  std::string workspace;
  bool all = false;
  std::string label;
  std::string title;
  std::string model;
  std::string provider;
  int64_t since_ms = 0;
  int64_t until_ms = 0;
  std::string sort = "updated";
  std::string forks_of;
  std::string cursor;
  size_t limit = 0;
  bool archived = false;
  bool json = false;
  bool porcelain = false;
  bool long_form = false;
  std::string format;
};

// The fields of --format, by name.
std::string Field(const SessionInfo& s, std::string_view name) {
  if (name == "id") return s.id;
  if (name == "title") return Shown(s.title, true);
  if (name == "workspace") return Shown(s.workspace, true);
  if (name == "model") return Shown(s.model, true);
  if (name == "provider") return Shown(s.provider, true);
  if (name == "created") return FormatTimestamp(s.created_ms);
  if (name == "updated") return FormatTimestamp(s.updated_ms);
  if (name == "ago") return Ago(s.updated_ms, NowMs());
  if (name == "messages") return std::to_string(s.message_count);
  if (name == "cost") return fmt::format("{:.4f}", s.cost_usd);
  if (name == "bytes") return std::to_string(s.bytes);
  if (name == "archived") return s.archived ? "archived" : "";
  if (name == "parent") return s.parent ? s.parent->session : "";
  if (name == "labels") {
    std::string out;
    for (const std::string& l : s.labels) out += (out.empty() ? "" : ",") + Shown(l, true);
    return out;
  }
  return {};
}

constexpr const char* kFields =
    "id title workspace model provider created updated ago messages cost bytes archived parent labels";

// Checks a --format template: every {name} a field, braces doubled to be
// literal.
std::string CheckTemplate(const std::string& text) {
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '}' && (i + 1 == text.size() || text[i + 1] != '}')) return "a lone } (write }} for one)";
    if (text[i] == '}') ++i;
    if (text[i] != '{') continue;
    if (i + 1 < text.size() && text[i + 1] == '{') {
      ++i;
      continue;
    }
    const size_t close = text.find('}', i);
    if (close == std::string::npos) return "a { without its } (write {{ for one)";
    const std::string name = text.substr(i + 1, close - i - 1);
    if ((" " + std::string(kFields) + " ").find(" " + name + " ") == std::string::npos) {
      return "no field {" + name + "}; the fields are " + kFields;
    }
    i = close;
  }
  return {};
}

// One row through a checked template; \t and \n stand for tab and newline.
std::string Expand(const std::string& text, const SessionInfo& s) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if ((c == '{' || c == '}') && i + 1 < text.size() && text[i + 1] == c) {
      out += c;
      ++i;
    } else if (c == '{') {
      const size_t close = text.find('}', i);
      out += Field(s, std::string_view(text).substr(i + 1, close - i - 1));
      i = close;
    } else if (c == '\\' && i + 1 < text.size() && (text[i + 1] == 't' || text[i + 1] == 'n')) {
      out += text[++i] == 't' ? '\t' : '\n';
    } else {
      out += c;
    }
  }
  return out;
}

void PrintTable(const std::vector<SessionInfo>& rows, bool long_form) {
  std::set<std::string_view> workspaces;
  for (const SessionInfo& s : rows) workspaces.insert(s.workspace);
  const bool workspace_column = long_form || workspaces.size() > 1;
  auto time = [long_form](int64_t ms) { return long_form ? LocalTime(ms, true) : TableTime(ms); };
  size_t id_width = 2, time_width = 7, workspace_width = 9, model_width = 5;
  for (const SessionInfo& s : rows) {
    id_width = std::max(id_width, s.id.size());
    time_width = std::max(time_width, time(s.updated_ms).size());
    if (long_form) time_width = std::max(time_width, time(s.created_ms).size());
    workspace_width = std::max(workspace_width, Shown(s.workspace, true).size());
    model_width = std::max(model_width, Shown(s.model, true).size());
  }
  std::string header = fmt::format("{:<{}}  ", "ID", id_width);
  if (long_form) header += fmt::format("{:<{}}  ", "CREATED", time_width);
  header += fmt::format("{:<{}}  {:>5}  {:>8}  ", "UPDATED", time_width, "MSGS", "COST");
  if (long_form) header += fmt::format("{:<{}}  ", "MODEL", model_width);
  if (workspace_column) header += fmt::format("{:<{}}  ", "WORKSPACE", workspace_width);
  fmt::print("{}TITLE\n", header);
  for (const SessionInfo& s : rows) {
    std::string line = fmt::format("{:<{}}  ", s.id, id_width);
    if (long_form) line += fmt::format("{:<{}}  ", time(s.created_ms), time_width);
    line += fmt::format("{:<{}}  {:>5}  {:>8}  ", time(s.updated_ms), time_width, s.message_count,
                        fmt::format("${:.4f}", s.cost_usd));
    if (long_form) line += fmt::format("{:<{}}  ", Shown(s.model, true), model_width);
    if (workspace_column) line += fmt::format("{:<{}}  ", Shown(s.workspace, true), workspace_width);
    fmt::print("{}{}{}{}\n", line, Shown(s.title, true), s.archived ? "  [archived]" : "",
               s.parent ? "  [fork of " + s.parent->session + "]" : "");
  }
}

// The listing's workspace: --workspace; every workspace with --all (or
// --all-workspaces, or --forks-of); else the current directory's if it has
// sessions (as agents list a project's own), else every workspace.
Result<std::string> ListedWorkspace(Store& store, const ListArgs& a, const Globals& globals) {
  if (!a.workspace.empty()) return a.workspace;
  if (a.all || globals.all_workspaces || !a.forks_of.empty()) return std::string();
  const std::string here = CurrentWorkspace();
  Result<SessionPage> page = store.ListPage({.workspace = here, .include_archived = a.archived, .limit = 1});
  if (!page.ok()) return page.status();
  return page->rows.empty() ? std::string() : here;
}

}  // namespace

Run SetupList(CLI::App* sub, const Globals& globals) {
  auto a = std::make_shared<ListArgs>();
  auto* workspace = AddWorkspace(sub, "--workspace", &a->workspace,
                                 "Only sessions of this workspace (default: the current directory's, if it has any)");
  sub->add_flag("--all", a->all, "Sessions of every workspace")->excludes(workspace);
  NotEmpty(sub->add_option("--label", a->label, "Only sessions with an entry carrying this label"));
  NotEmpty(sub->add_option("--title", a->title, "Only sessions whose title contains this"));
  NotEmpty(sub->add_option("--model", a->model, "Only sessions whose current model is this"));
  NotEmpty(sub->add_option("--provider", a->provider, "Only sessions whose current provider is this"));
  AddTime(sub, "--since", &a->since_ms, "Only sessions updated (created, with --sort created) since this time");
  AddTime(sub, "--until", &a->until_ms, "Only sessions updated (created, with --sort created) before this time");
  NotEmpty(
      sub->add_option("--forks-of", a->forks_of, "Only forks of this session (" + std::string(kSessionArgHelp) + ")"));
  sub->add_option("--sort", a->sort, "updated (default) or created, newest first")
      ->check(CLI::IsMember({"updated", "created"}));
  NotEmpty(sub->add_option("--cursor", a->cursor, "Continue a listing cut by --limit where it stopped"));
  AddCount(sub, "--limit", &a->limit, "At most N sessions (default: all)");
  sub->add_flag("--archived", a->archived, "Include archived sessions");
  auto* json = sub->add_flag("--json", a->json, "One JSON object per line (times in RFC 3339)");
  auto* porcelain = sub->add_flag("--porcelain", a->porcelain,
                                  "One line per session for scripts and fzf, fields parted by tabs, in an order "
                                  "that never changes: id, updated (RFC 3339), messages, workspace, title")
                        ->excludes(json);
  sub->add_option("--format", a->format,
                  "One line per session from a template: {id} {title} {workspace} {model} {provider} {created} "
                  "{updated} {ago} {messages} {cost} {bytes} {archived} {parent} {labels}; \\t is a tab")
      ->check(CheckTemplate, "TEMPLATE")
      ->excludes(json)
      ->excludes(porcelain);
  sub->add_flag("--long", a->long_form, "Also the creation time, the model and the workspace; local times with zone")
      ->excludes(json)
      ->excludes(porcelain);
  sub->footer(
      "Examples:\n"
      "  sessionstore list                       this workspace's sessions (every workspace's if it has none)\n"
      "  sessionstore list --all --since 7d      every session updated in the last week\n"
      "  sessionstore show $(sessionstore list --porcelain | fzf | cut -f1)\n");
  return [&globals, a, sub] {
    auto store = OpenStore(globals);
    if (!store.ok()) return Fail(store.status());
    Result<std::string> listed = ListedWorkspace(**store, *a, globals);
    if (!listed.ok()) return Fail(listed.status());
    std::string forks_of;
    if (!a->forks_of.empty()) {
      Result<std::string> parent = ResolveSession(**store, a->forks_of, globals);
      if (!parent.ok()) return FailName(parent.status());
      forks_of = *parent;
    }
    const bool by_created = a->sort == "created";
    auto page =
        (*store)->ListPage(ListOptions{.workspace = *listed,
                                       .include_archived = a->archived,
                                       .label = a->label,
                                       .title_contains = a->title,
                                       .created_after_ms = by_created ? a->since_ms : 0,
                                       .created_before_ms = by_created ? a->until_ms : 0,
                                       .updated_after_ms = by_created ? 0 : a->since_ms,
                                       .updated_before_ms = by_created ? 0 : a->until_ms,
                                       .fork_of = forks_of,
                                       .model = a->model,
                                       .provider = a->provider,
                                       .sort = by_created ? ListOptions::Sort::kCreated : ListOptions::Sort::kUpdated,
                                       .limit = a->limit,
                                       .cursor = a->cursor});
    if (!page.ok()) return Fail(page.status());
    if (a->json) {
      for (const SessionInfo& s : page->rows) PrintJsonLine(ToJson(s));
    } else if (a->porcelain) {
      for (const SessionInfo& s : page->rows) {
        fmt::print("{}\t{}\t{}\t{}\t{}\n", s.id, FormatTimestamp(s.updated_ms), s.message_count,
                   Shown(s.workspace, true), Shown(s.title, true));
      }
    } else if (sub->count("--format") > 0) {
      for (const SessionInfo& s : page->rows) fmt::print("{}\n", Expand(a->format, s));
    } else {
      PrintTable(page->rows, a->long_form);
      if (!listed->empty() && a->workspace.empty() && ::isatty(STDERR_FILENO) == 1) {
        fmt::print(stderr, "sessionstore: the sessions of {}; --all for every workspace\n", Shown(*listed, true));
      }
    }
    if (!page->next_cursor.empty()) fmt::print(stderr, "sessionstore: more: --cursor {}\n", page->next_cursor);
    return kExitOk;
  };
}

Run SetupLatest(CLI::App* sub, const Globals& globals) {
  auto workspace = std::make_shared<std::string>();
  AddWorkspace(sub, "--workspace", workspace.get(), "Only sessions of this workspace (default: every workspace)");
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
