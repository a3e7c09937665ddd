// sessionstore du: where the store's bytes are: per workspace or session,
// the index beside them, and with --reclaimable what compact would free.

#include <fmt/core.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "cli.h"
#include "commands.h"
#include "options.h"
#include "progress.h"
#include "sessionstore/json.h"

namespace sessionstore::cli {

namespace {

std::string Human(uint64_t bytes) {
  if (bytes < 1024) return fmt::format("{} B", bytes);
  const char* units[] = {"KiB", "MiB", "GiB", "TiB"};
  double v = static_cast<double>(bytes) / 1024;
  size_t u = 0;
  while (v >= 1024 && u + 1 < std::size(units)) {
    v /= 1024;
    ++u;
  }
  return fmt::format("{:.1f} {}", v, units[u]);
}

struct Usage {
  std::string key, title;
  int64_t sessions = 0;
  uint64_t bytes = 0, reclaimable = 0;
};

}  // namespace

Run SetupDu(CLI::App* sub, const Globals& globals) {
  struct Args {
    std::string by = "workspace";
    size_t limit = 20;
    bool reclaimable = false, json = false;
  };
  auto a = std::make_shared<Args>();
  sub->add_option("--by", a->by, "workspace (default) or session")->check(CLI::IsMember({"workspace", "session"}));
  AddCount(sub, "--limit", &a->limit, "At most N rows, the largest first (default 20; 0: all)");
  sub->add_flag("--reclaimable", a->reclaimable,
                "Also what `compact` would free in each (reads every session: slower)");
  sub->add_flag("--json", a->json, "One JSON object per row: key, sessions, bytes (and reclaimable); then the index");
  sub->footer("Examples:\n  sessionstore du\n  sessionstore du --by session --reclaimable --limit 10\n");
  return [&globals, a] {
    auto store = OpenStore(globals);
    if (!store.ok()) return Fail(store.status());
    Result<std::vector<SessionInfo>> rows = (*store)->List({.include_archived = true});
    if (!rows.ok()) return Fail(rows.status());
    std::map<std::string, Usage> groups;
    uint64_t total = 0, total_reclaimable = 0;
    Progress progress("measuring", rows->size());
    for (size_t i = 0; i < rows->size(); ++i) {
      const SessionInfo& s = (*rows)[i];
      Usage& u = groups[a->by == "session" ? s.id : s.workspace];
      u.key = a->by == "session" ? s.id : s.workspace;
      if (a->by == "session") u.title = s.title;
      ++u.sessions;
      u.bytes += s.bytes;
      total += s.bytes;
      if (a->reclaimable) {
        Result<CompactReport> dry = (*store)->Compact(s.id, {.dry_run = true});
        // A session a writer holds, or with bad lines, has nothing to reclaim now.
        if (dry.ok()) {
          u.reclaimable += dry->bytes_before - dry->bytes_after;
          total_reclaimable += dry->bytes_before - dry->bytes_after;
        }
        progress.Update(i + 1);
      }
    }
    std::vector<Usage> sorted;
    for (auto& [key, u] : groups) sorted.push_back(std::move(u));
    std::stable_sort(sorted.begin(), sorted.end(), [](const Usage& x, const Usage& y) { return x.bytes > y.bytes; });
    if (a->limit > 0 && sorted.size() > a->limit) sorted.resize(a->limit);
    Result<uint64_t> index = (*store)->IndexBytes();
    if (!index.ok()) return Fail(index.status());
    if (a->json) {
      for (const Usage& u : sorted) {
        PrintJsonLine(fmt::format("{{\"key\":{},\"sessions\":{},\"bytes\":{}{}}}", JsonString(u.key), u.sessions,
                                  u.bytes, a->reclaimable ? fmt::format(",\"reclaimable\":{}", u.reclaimable) : ""));
      }
      PrintJsonLine(fmt::format("{{\"key\":\"(total)\",\"sessions\":{},\"bytes\":{},\"index_bytes\":{}{}}}",
                                rows->size(), total, *index,
                                a->reclaimable ? fmt::format(",\"reclaimable\":{}", total_reclaimable) : ""));
      return kExitOk;
    }
    const std::string reclaim_head = a->reclaimable ? fmt::format("  {:>11}", "RECLAIMABLE") : "";
    fmt::print("{:>11}  {:>8}{}  {}\n", "BYTES", "SESSIONS", reclaim_head,
               a->by == "session" ? "SESSION" : "WORKSPACE");
    auto reclaim = [&](uint64_t bytes) { return a->reclaimable ? fmt::format("  {:>11}", Human(bytes)) : ""; };
    for (const Usage& u : sorted) {
      fmt::print("{:>11}  {:>8}{}  {}{}\n", Human(u.bytes), u.sessions, reclaim(u.reclaimable),
                 u.key.empty() ? "(none)" : Shown(u.key, true), u.title.empty() ? "" : "  " + Shown(u.title, true));
    }
    fmt::print("{:>11}  {:>8}{}  all sessions\n", Human(total), rows->size(), reclaim(total_reclaimable));
    fmt::print("{:>11}  {:>8}{}  the index beside them (listing and search)\n", Human(*index), "",
               a->reclaimable ? std::string(13, ' ') : "");
    return kExitOk;
  };
}

}  // namespace sessionstore::cli
