// sessionstore info: everything about one session on one screen, or as
// one JSON object.

#include <fmt/core.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "cli.h"
#include "commands.h"
#include "session_arg.h"
#include "sessionstore/json.h"
#include "times.h"
#include "transcript.h"

namespace sessionstore::cli {

namespace {

struct Totals {
  int64_t input = 0, output = 0, cache_read = 0, cache_write = 0;
  double cost = 0;
  void Add(const Usage& u) {
    input += u.input_tokens;
    output += u.output_tokens;
    cache_read += u.cache_read_tokens;
    cache_write += u.cache_write_tokens;
    cost += u.cost_usd;
  }
};

struct Info {
  SessionInfo row;
  std::string title;
  std::vector<std::string> models;  // "model (provider)", in the order first used
  std::map<std::string, int64_t> roles;
  size_t entries = 0;
  size_t branches = 0;
  std::vector<SessionInfo> forks;
  std::vector<LabelInfo> labels;
  Totals usage;
  std::string holder;
  size_t bad_lines = 0;
};

Result<Info> Gather(Store& store, const std::string& id) {
  Info info;
  Result<Session> session = store.Load(id);
  if (!session.ok()) return session.status();
  info.title = session->header.title;
  info.entries = session->entries.size();
  info.bad_lines = session->report.skipped.size();
  std::set<std::string> seen_models;
  auto model = [&](const std::string& name, const std::string& provider) {
    if (name.empty()) return;
    const std::string shown = provider.empty() ? name : name + " (" + provider + ")";
    if (seen_models.insert(shown).second) info.models.push_back(shown);
  };
  model(session->header.model, session->header.provider);
  for (const Entry& e : session->entries) {
    if (e.type == RecordType::kModelChange) model(e.model, e.provider);
    if (e.type == RecordType::kUsage) info.usage.Add(e.usage);
    if (e.type != RecordType::kMessage) continue;
    ++info.roles[e.message.role];
    model(e.message.model, e.message.provider);
    if (e.message.usage) info.usage.Add(*e.message.usage);
  }
  Result<std::vector<SessionInfo>> rows = store.List({.include_archived = true, .id_prefix = id});
  if (!rows.ok()) return rows.status();
  for (SessionInfo& r : *rows) {
    if (r.id == id) info.row = std::move(r);
  }
  Result<std::vector<BranchInfo>> branches = store.Branches(id);
  if (!branches.ok()) return branches.status();
  info.branches = branches->size();
  Result<std::vector<SessionInfo>> forks = store.List({.include_archived = true, .fork_of = id});
  if (!forks.ok()) return forks.status();
  info.forks = std::move(*forks);
  Result<std::vector<LabelInfo>> labels = store.Labels(id);
  if (!labels.ok()) return labels.status();
  info.labels = std::move(*labels);
  Result<std::string> holder = store.WriterHolder(id);
  if (!holder.ok()) return holder.status();
  info.holder = std::move(*holder);
  return info;
}

void PrintText(const Info& i) {
  const SessionInfo& r = i.row;
  auto line = [](std::string_view name, const std::string& value) { fmt::print("{:<10}{}\n", name, value); };
  line("session", r.id);
  line("title", Shown(i.title.empty() ? r.title : i.title, true));
  if (!r.workspace.empty()) line("workspace", Shown(r.workspace, true));
  std::string models;
  for (const std::string& m : i.models) models += (models.empty() ? "" : ", ") + Shown(m, true);
  if (!models.empty()) line(i.models.size() > 1 ? "models" : "model", models);
  line("created", LocalTime(r.created_ms, true));
  line("updated", LocalTime(r.updated_ms, true));
  std::string roles;
  for (const auto& [role, n] : i.roles)
    roles += fmt::format("{}{} {}", roles.empty() ? "" : ", ", n, Shown(role, true));
  line("messages", fmt::format("{}{}", r.message_count, roles.empty() ? "" : " (" + roles + ")"));
  line("entries", fmt::format("{}{}", i.entries,
                              i.bad_lines == 0 ? "" : fmt::format(" ({} bad lines skipped: verify)", i.bad_lines)));
  line("branches", std::to_string(i.branches));
  if (r.parent) line("fork of", fmt::format("{} at entry {}", r.parent->session, r.parent->entry.substr(0, kShortId)));
  for (size_t f = 0; f < i.forks.size(); ++f) {
    line(f == 0 ? "forks" : "", fmt::format("{}  {}", i.forks[f].id, Shown(i.forks[f].title, true)));
  }
  for (size_t l = 0; l < i.labels.size(); ++l) {
    line(l == 0 ? "labels" : "",
         fmt::format("{}  {}", i.labels[l].entry_id.substr(0, kShortId), Shown(i.labels[l].label, true)));
  }
  line("tokens", fmt::format("{} in, {} out, {} cache read, {} cache write", i.usage.input, i.usage.output,
                             i.usage.cache_read, i.usage.cache_write));
  line("cost", fmt::format("${:.4f}", r.cost_usd));
  line("bytes", std::to_string(r.bytes));
  line("archived", r.archived ? "yes" : "no");
  line("writer", i.holder.empty() ? "none" : Shown(i.holder, true));
}

void PrintJson(const Info& i) {
  const SessionInfo& r = i.row;
  std::string out = ToJson(r);
  out.pop_back();  // the listing row's '}', continued
  std::string models, roles, forks, labels;
  for (const std::string& m : i.models) models += (models.empty() ? "" : ",") + JsonString(m);
  for (const auto& [role, n] : i.roles) roles += fmt::format("{}{}:{}", roles.empty() ? "" : ",", JsonString(role), n);
  for (const SessionInfo& f : i.forks) forks += (forks.empty() ? "" : ",") + JsonString(f.id);
  for (const LabelInfo& l : i.labels) {
    labels += fmt::format("{}{{\"entry_id\":{},\"label\":{}}}", labels.empty() ? "" : ",", JsonString(l.entry_id),
                          JsonString(l.label));
  }
  out += fmt::format(
      ",\"models\":[{}],\"roles\":{{{}}},\"entries\":{},\"bad_lines\":{},\"branches\":{},\"forks\":[{}],"
      "\"entry_labels\":[{}],\"tokens\":{{\"input\":{},\"output\":{},\"cache_read\":{},\"cache_write\":{}}},"
      "\"writer\":{}}}",
      models, roles, i.entries, i.bad_lines, i.branches, forks, labels, i.usage.input, i.usage.output,
      i.usage.cache_read, i.usage.cache_write, i.holder.empty() ? "null" : JsonString(i.holder));
  PrintJsonLine(out);
}

}  // namespace

Run SetupInfo(CLI::App* sub, const Globals& globals) {
  auto id = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  sub->add_option("ID", *id, kSessionArgHelp)->required();
  sub->add_flag("--json", *json,
                "One JSON object: the listing's members, and models, roles, entries, bad_lines, branches, forks, "
                "entry_labels, tokens, writer");
  sub->footer("Example:\n  sessionstore info @latest\n");
  return [&globals, id, json] {
    OpenedSession opened;
    if (int rc = OpenSession(globals, *id, &opened); rc != kExitOk) return rc;
    Result<Info> info = Gather(*opened.store, opened.id);
    if (!info.ok()) return Fail(info.status());
    if (*json) {
      PrintJson(*info);
    } else {
      PrintText(*info);
    }
    return kExitOk;
  };
}

}  // namespace sessionstore::cli
