// sessionstore cleanup | migrate: store-wide maintenance.

#include <fmt/core.h>

#include <charconv>
#include <optional>

#include "cli.h"
#include "format/json_writer.h"
#include "format/time_format.h"

namespace sessionstore::cli {

namespace {

// "30d", "12h", "90m", "45s", "2w" in milliseconds.
std::optional<int64_t> ParseAge(std::string_view s) {
  int64_t n = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), n);
  if (r.ec != std::errc() || n < 0 || r.ptr + 1 != s.data() + s.size()) return std::nullopt;
  switch (*r.ptr) {
    case 's': return n * 1000;
    case 'm': return n * 60 * 1000;
    case 'h': return n * 3600 * 1000;
    case 'd': return n * 86400 * 1000;
    case 'w': return n * 7 * 86400 * 1000;
    default: return std::nullopt;
  }
}

}  // namespace

Run SetupCleanup(CLI::App* sub, const Globals& globals) {
  struct Args {
    std::string older_than;
    bool dry_run = false;
    bool json = false;
  };
  auto a = std::make_shared<Args>();
  sub->add_option("--older-than", a->older_than, "Age, like 30d, 12h, 2w")->required();
  sub->add_flag("--dry-run", a->dry_run, "Only list what would be deleted");
  sub->add_flag("--json", a->json, "One JSON object per session: id, updated_at");
  return [&globals, a] {
    std::optional<int64_t> age = ParseAge(a->older_than);
    if (!age) {
      fmt::print(stderr, "sessionstore: error: --older-than: not an age like 30d, 12h or 2w: {}\n", a->older_than);
      return kExitUsage;
    }
    auto store = OpenStore(globals);
    if (!store.ok()) return Fail(store.status());
    auto removed = (*store)->CleanupOlderThan(format::NowMs() - *age, a->dry_run);
    if (!removed.ok()) return Fail(removed.status());
    for (const SessionInfo& s : *removed) {
      if (a->json) {
        format::ByteBuffer out;
        format::JsonWriter w(&out);
        w.BeginObject();
        w.Key("id");
        w.String(s.id);
        w.Key("updated_at");
        w.String(format::FormatTimestamp(s.updated_ms));
        w.EndObject();
        PrintJsonLine(out);
      } else {
        fmt::print("{}\n", s.id);
      }
    }
    return kExitOk;
  };
}

Run SetupMigrate(CLI::App* sub, const Globals& globals) {
  auto dir = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  sub->add_option("DIR", *dir, "Directory of legacy <key>.json session files (default: the store directory)");
  sub->add_flag("--json", *json, "One JSON object per file: source, session, already");
  return [&globals, dir, json] {
    auto store = OpenStore(globals);
    if (!store.ok()) return Fail(store.status());
    const std::string from = !dir->empty() ? *dir : !globals.store.empty() ? globals.store : DefaultStoreDir();
    auto report = (*store)->MigrateLegacy(from);
    if (!report.ok()) return Fail(report.status());
    auto print = [&](const std::string& source, const std::string& session, bool already) {
      if (!*json) {
        fmt::print("{} {}\n", source, already ? "(already migrated)" : "-> " + session);
        return;
      }
      format::ByteBuffer out;
      format::JsonWriter w(&out);
      w.BeginObject();
      w.Key("source");
      w.String(source);
      w.Key("session");
      w.String(session);
      w.Key("already");
      w.Bool(already);
      w.EndObject();
      PrintJsonLine(out);
    };
    for (const MigrationReport::Migrated& m : report->migrated) print(m.source, m.session, false);
    for (const std::string& f : report->already) print(f, "", true);
    return kExitOk;
  };
}

}  // namespace sessionstore::cli
