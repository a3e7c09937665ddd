// sessionstore stats: what the agents spent (Store::Usage), by day, week,
// month, model, provider, workspace or session.

#include <fmt/core.h>

#include <map>
#include <string>

#include "cli.h"
#include "commands.h"
#include "options.h"
#include "sessionstore/json.h"

namespace sessionstore::cli {

namespace {

const std::map<std::string, UsageOptions::By>& Groups() {
  static const std::map<std::string, UsageOptions::By> groups = {
      {"day", UsageOptions::By::kDay},           {"week", UsageOptions::By::kWeek},
      {"month", UsageOptions::By::kMonth},       {"model", UsageOptions::By::kModel},
      {"provider", UsageOptions::By::kProvider}, {"workspace", UsageOptions::By::kWorkspace},
      {"session", UsageOptions::By::kSession},   {"total", UsageOptions::By::kTotal}};
  return groups;
}

std::string RowJson(const UsageRow& r) {
  return fmt::format(
      "{{\"key\":{},\"sessions\":{},\"messages\":{},\"input_tokens\":{},\"output_tokens\":{},"
      "\"cache_read_tokens\":{},\"cache_write_tokens\":{},\"cost_usd\":{}}}",
      JsonString(r.key), r.sessions, r.messages, r.input_tokens, r.output_tokens, r.cache_read_tokens,
      r.cache_write_tokens, r.cost_usd);
}

void PrintTable(const std::vector<UsageRow>& rows, const std::string& by) {
  UsageRow total{.key = "TOTAL"};
  size_t width = std::max<size_t>(5, by.size());
  for (const UsageRow& r : rows) {
    width = std::max(width, Shown(r.key.empty() ? "(none)" : r.key, true).size());
    total.messages += r.messages;
    total.input_tokens += r.input_tokens;
    total.output_tokens += r.output_tokens;
    total.cache_read_tokens += r.cache_read_tokens;
    total.cache_write_tokens += r.cache_write_tokens;
    total.cost_usd += r.cost_usd;
  }
  std::string header = by;
  for (char& c : header) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const auto line = [&](const std::string& key, const std::string& sessions, const UsageRow& r) {
    fmt::print("{:<{}}  {:>8}  {:>8}  {:>12}  {:>12}  {:>12}  {:>12}  {:>12}\n", key, width, sessions, r.messages,
               r.input_tokens, r.output_tokens, r.cache_read_tokens, r.cache_write_tokens,
               fmt::format("${:.4f}", r.cost_usd));
  };
  fmt::print("{:<{}}  {:>8}  {:>8}  {:>12}  {:>12}  {:>12}  {:>12}  {:>12}\n", header, width, "SESSIONS", "MSGS",
             "INPUT", "OUTPUT", "CACHE READ", "CACHE WRITE", "COST");
  for (const UsageRow& r : rows) line(Shown(r.key.empty() ? "(none)" : r.key, true), std::to_string(r.sessions), r);
  if (rows.size() > 1) line("TOTAL", "", total);
}

}  // namespace

Run SetupStats(CLI::App* sub, const Globals& globals) {
  struct Args {
    std::string by = "day", workspace;
    int64_t since_ms = 0, until_ms = 0;
    bool live = false, json = false;
  };
  auto a = std::make_shared<Args>();
  sub->add_option("--by", a->by, "day (default), week, month, model, provider, workspace, session or total")
      ->check(CLI::IsMember({"day", "week", "month", "model", "provider", "workspace", "session", "total"}));
  AddTime(sub, "--since", &a->since_ms, "Only what was spent since this time (30d, 2026-11-01)");
  AddTime(sub, "--until", &a->until_ms, "Only what was spent before this time");
  AddWorkspace(sub, "--workspace", &a->workspace, "Only sessions of this workspace");
  sub->add_flag("--live", a->live, "Leave archived sessions out (default: they count; what was spent was spent)");
  sub->add_flag("--json", a->json,
                "One JSON object per group: key, sessions, messages, input_tokens, output_tokens, "
                "cache_read_tokens, cache_write_tokens, cost_usd");
  sub->footer(
      "Tokens and cost come from the usage of each message and each usage record, counted by the hour they were "
      "recorded in (days, weeks and months in local time).\n"
      "Examples:\n"
      "  sessionstore stats --since 7d               what each of the last seven days cost\n"
      "  sessionstore stats --by model --since 2026-11-01\n");
  return [&globals, a] {
    auto store = OpenStore(globals);
    if (!store.ok()) return Fail(store.status());
    Result<std::vector<UsageRow>> rows = (*store)->Usage({.by = Groups().at(a->by),
                                                          .since_ms = a->since_ms,
                                                          .until_ms = a->until_ms,
                                                          .workspace = a->workspace,
                                                          .include_archived = !a->live});
    if (!rows.ok()) return Fail(rows.status());
    if (a->json) {
      for (const UsageRow& r : *rows) PrintJsonLine(RowJson(r));
    } else {
      PrintTable(*rows, a->by);
    }
    return kExitOk;
  };
}

}  // namespace sessionstore::cli
