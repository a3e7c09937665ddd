// sessionstore migrate | reindex | copy: the store as a whole.

#include <fmt/core.h>

#include <algorithm>
#include <cerrno>
#include <map>

#include "cli.h"
#include "commands.h"
#include "options.h"
#include "progress.h"
#include "sessionstore/json.h"
#include "sessionstore/migrate.h"

namespace sessionstore::cli {

Run SetupMigrate(CLI::App* sub, const Globals& globals) {
  auto dir = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  NotEmpty(sub->add_option("DIR", *dir,
                           "Directory of picoclaw's legacy <key>.json session files (e.g. "
                           "~/.picoclaw/workspace/sessions)"))
      ->required();
  sub->add_flag("--json", *json, "One JSON object per file: source, and session, already or skipped");
  return [&globals, dir, json] {
    auto store = OpenStore(globals, /*create=*/true);
    if (!store.ok()) return Fail(store.status());
    auto report = MigrateLegacy(**store, *dir);
    if (!report.ok()) return Fail(report.status());
    for (const MigrationReport::Migrated& m : report->migrated) {
      if (*json) {
        PrintJsonLine(fmt::format(R"({{"source":{},"session":{}}})", JsonString(m.source), JsonString(m.session)));
      } else {
        fmt::print("{} -> {}\n", m.source, m.session);
      }
    }
    for (const std::string& f : report->already) {
      if (*json) {
        PrintJsonLine(fmt::format(R"({{"source":{},"already":true}})", JsonString(f)));
      } else {
        fmt::print("{} (already migrated)\n", f);
      }
    }
    for (const MigrationReport::Skipped& s : report->skipped) {
      if (*json) {
        PrintJsonLine(fmt::format(R"({{"source":{},"skipped":{}}})", JsonString(s.file), JsonString(s.reason)));
      } else {
        fmt::print("{} (skipped, left as it is: {})\n", s.file, s.reason);
      }
    }
    return kExitOk;
  };
}

Run SetupReindex(CLI::App* /*sub*/, const Globals& globals) {
  return [&globals] {
    auto store = OpenStore(globals);
    if (!store.ok()) return Fail(store.status());
    if (Status s = (*store)->Reindex(); !s.ok()) return Fail(s);
    return kExitOk;
  };
}

namespace {

// Whether copying failed because the source's session cannot be read (no
// permission, a bad line, a newer format), not because the copy did.
bool CannotBeRead(const Status& s) {
  if (s.context().op == "copy") return false;
  const int err = s.context().sys_errno;
  return s.code() == StatusCode::kCorruption || s.code() == StatusCode::kNotSupported ||
         (s.code() == StatusCode::kIOError && (err == EACCES || err == EPERM));
}

}  // namespace

Run SetupCopy(CLI::App* sub, const Globals&) {
  auto from = std::make_shared<std::string>();
  auto to = std::make_shared<std::string>();
  auto ids = std::make_shared<std::vector<std::string>>();
  NotEmpty(sub->add_option("--from", *from, "The store to copy from (a directory or a PostgreSQL URL)"))->required();
  NotEmpty(sub->add_option("--to", *to, "The store to copy into, a directory (made if missing) or a PostgreSQL URL"))
      ->required();
  sub->add_option("ID", *ids, "Sessions to copy (default: every session, archived ones too)");
  return [from, to, ids] {
    auto source = OpenStoreAt(*from, {.create_if_missing = false, .read = {.strict = true}});
    if (!source.ok()) return Fail(source.status());
    auto target = OpenStoreAt(*to, {});
    if (!target.ok()) return Fail(target.status());
    // Sessions that cannot be read are said and left out; the others are
    // copied all the same.
    std::vector<UnlistedSession> left_out;
    const bool all = ids->empty();
    if (all) {
      auto page = (*source)->ListPage({.include_archived = true});
      if (!page.ok()) return Fail(page.status());
      for (const SessionInfo& r : page->rows) ids->push_back(r.id);
      std::sort(ids->begin(), ids->end());
      left_out = std::move(page->unlisted);
    }
    const size_t total = ids->size() + left_out.size();
    Progress progress("copying", ids->size());
    for (size_t i = 0; i < ids->size(); ++i) {
      const std::string& id = (*ids)[i];
      progress.Update(i);
      Result<CopyReport> copied = (*source)->CopyTo(id, **target);
      if (!copied.ok() && all && CannotBeRead(copied.status())) {
        left_out.push_back({.id = id, .reason = copied.status().ToString()});
        continue;
      }
      if (!copied.ok()) return Fail(copied.status());
      progress.Clear();
      fmt::print("{} ({} {}{})\n", id, copied->entries, copied->entries == 1 ? "entry" : "entries",
                 copied->already ? ", already there" : "");
    }
    for (const UnlistedSession& u : left_out) {
      fmt::print(stderr, "sessionstore: not copied: {}: {}\n", Shown(u.id, true), Shown(u.reason, true));
    }
    if (!left_out.empty()) {
      return Fail(fmt::format("{} of {} sessions could not be read and were not copied", left_out.size(), total));
    }
    return kExitOk;
  };
}

}  // namespace sessionstore::cli
