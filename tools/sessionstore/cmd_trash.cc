// sessionstore rm | cleanup | prune | pin | unpin | trash: removing
// sessions without regret. Every removal moves sessions to the store's
// trash (Store::Trash), from where `trash restore` brings them back; only
// `trash empty` (and `rm --permanently`) deletes for good. A removal of
// more than one session asks first on a terminal (--yes does not); a dry
// run lists exactly what the real run would remove.

#include <fmt/core.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <climits>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "cli.h"
#include "commands.h"
#include "options.h"
#include "progress.h"
#include "session_arg.h"
#include "sessionstore/json.h"
#include "times.h"

namespace sessionstore::cli {

namespace {

constexpr std::string_view kPinned = "pinned";

bool Pinned(const SessionInfo& s) { return std::find(s.labels.begin(), s.labels.end(), kPinned) != s.labels.end(); }

// Asks on the terminal whether to go on; true without asking when `yes`,
// when stdin is not a terminal (a script), or for a single session.
bool Confirm(size_t count, std::string_view what, bool yes) {
  if (yes || count <= 1 || ::isatty(STDIN_FILENO) != 1) return true;
  fmt::print(stderr, "sessionstore: {} {} sessions? [y/N] ", what, count);
  std::fflush(stderr);
  char answer[16] = {};
  if (std::fgets(answer, sizeof answer, stdin) == nullptr) return false;
  return answer[0] == 'y' || answer[0] == 'Y';
}

void PrintRow(const SessionInfo& s, bool json, std::string_view verb) {
  if (json) {
    PrintJsonLine(ToJson(s));
  } else {
    fmt::print("{} {}  {}  {}\n", verb, s.id, LocalTime(s.updated_ms), Shown(s.title, true));
  }
}

// Moves `chosen` to the trash (or, with dry_run, only lists them), after
// asking. Sessions held by a writer are left, in the dry run as in the
// real one, and said on stderr.
int TrashAll(Store& store, std::vector<SessionInfo> chosen, bool dry_run, bool yes, bool json) {
  std::vector<SessionInfo> held;
  std::erase_if(chosen, [&](const SessionInfo& s) {
    Result<std::string> holder = store.WriterHolder(s.id);
    if (holder.ok() && holder->empty()) return false;
    held.push_back(s);
    return true;
  });
  for (const SessionInfo& s : held) fmt::print(stderr, "sessionstore: left {}: a writer holds it\n", s.id);
  if (dry_run) {
    for (const SessionInfo& s : chosen) PrintRow(s, json, "would trash");
    return kExitOk;
  }
  if (!Confirm(chosen.size(), "Move to the trash", yes)) return Fail(std::string("nothing was removed"));
  int rc = kExitOk;
  Progress progress("moving to the trash", chosen.size());
  for (size_t i = 0; i < chosen.size(); ++i) {
    const SessionInfo& s = chosen[i];
    progress.Update(i);
    if (Status st = store.Trash(s.id); !st.ok()) {
      rc = Fail(st);
      continue;
    }
    progress.Clear();
    PrintRow(s, json, "trashed");
  }
  if (!chosen.empty() && !json) {
    fmt::print(stderr, "sessionstore: `sessionstore trash restore ID` brings a session back\n");
  }
  return rc;
}

// 500, 64K, 500M, 2G (powers of 1024) into bytes.
std::optional<uint64_t> ParseSize(std::string_view text) {
  uint64_t unit = 1;
  if (!text.empty()) {
    switch (text.back()) {
      case 'K':
      case 'k': unit = uint64_t{1} << 10; break;
      case 'M':
      case 'm': unit = uint64_t{1} << 20; break;
      case 'G':
      case 'g': unit = uint64_t{1} << 30; break;
      case 'T':
      case 't': unit = uint64_t{1} << 40; break;
      default: break;
    }
    if (unit != 1) text.remove_suffix(1);
  }
  uint64_t n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || n > UINT64_MAX / unit) {
    return std::nullopt;
  }
  return n * unit;
}

// The sessions a prune removes from `group` (newest-updated first): past
// the newest keep_last, older than the cutoff, or past max_bytes counted
// from the newest.
void ChooseFromGroup(const std::vector<SessionInfo>& group, size_t keep_last, int64_t older_than_cutoff,
                     uint64_t max_bytes, std::vector<SessionInfo>* out) {
  uint64_t bytes = 0;
  for (size_t i = 0; i < group.size(); ++i) {
    const SessionInfo& s = group[i];
    bytes += s.bytes;
    const bool too_many = keep_last > 0 && i >= keep_last;
    const bool too_old = older_than_cutoff != 0 && std::max(s.updated_ms, s.stored_ms) < older_than_cutoff;
    const bool too_big = max_bytes > 0 && bytes > max_bytes;
    if (too_many || too_old || too_big) out->push_back(s);
  }
}

}  // namespace

Run SetupRemove(CLI::App* sub, const Globals& globals) {
  struct Args {
    std::vector<std::string> ids;
    bool permanently = false, yes = false;
  };
  auto a = std::make_shared<Args>();
  sub->add_option("ID", a->ids, kSessionArgHelp)->required();
  sub->add_flag("--permanently", a->permanently, "Delete for good instead of moving to the trash");
  sub->add_flag("--yes,-y", a->yes, "Do not ask (asked only on a terminal, for more than one session)");
  sub->footer("Examples:\n  sessionstore rm 0193ab            to the trash\n  sessionstore trash restore 0193ab\n");
  return [&globals, a] {
    auto store = OpenStore(globals);
    if (!store.ok()) return Fail(store.status());
    std::vector<SessionInfo> chosen;
    for (const std::string& arg : a->ids) {
      Result<std::string> id = ResolveSession(**store, arg, globals);
      if (!id.ok()) return FailName(id.status());
      chosen.push_back({.id = *id});
    }
    if (!a->permanently) return TrashAll(**store, chosen, false, a->yes, false);
    if (!Confirm(chosen.size(), "Delete for good", a->yes)) return Fail(std::string("nothing was removed"));
    for (const SessionInfo& s : chosen) {
      if (Status st = (*store)->Delete(s.id); !st.ok()) return Fail(st);
    }
    return kExitOk;
  };
}

Run SetupCleanup(CLI::App* sub, const Globals& globals) {
  struct Args {
    int64_t older_than_ms = 0;
    bool dry_run = false, json = false, yes = false;
  };
  auto a = std::make_shared<Args>();
  AddAge(sub, "--older-than", &a->older_than_ms, "Age, like 30d, 12h, 2w")->required();
  sub->add_flag("--dry-run", a->dry_run, "Only list what would be moved to the trash");
  sub->add_flag("--json", a->json, "One JSON object per session (the listing's)");
  sub->add_flag("--yes,-y", a->yes, "Do not ask");
  sub->footer(
      "Moves sessions, live or archived, not updated for AGE to the trash (pinned ones stay).\n"
      "Example:\n  sessionstore cleanup --older-than 90d --dry-run\n");
  return [&globals, a] {
    auto store = OpenStore(globals);
    if (!store.ok()) return Fail(store.status());
    auto old = (*store)->CleanupOlderThan(NowMs() - a->older_than_ms, {.dry_run = true});
    if (!old.ok()) return Fail(old.status());
    // The cleanup's rows carry times only: the listing's, for pins and titles.
    Result<std::vector<SessionInfo>> rows = (*store)->List({.include_archived = true});
    if (!rows.ok()) return Fail(rows.status());
    std::map<std::string, const SessionInfo*> by_id;
    for (const SessionInfo& r : *rows) by_id[r.id] = &r;
    std::vector<SessionInfo> chosen;
    for (const SessionInfo& s : *old) {
      auto it = by_id.find(s.id);
      if (it != by_id.end() && !Pinned(*it->second)) chosen.push_back(*it->second);
    }
    return TrashAll(**store, std::move(chosen), a->dry_run, a->yes, a->json);
  };
}

Run SetupPrune(CLI::App* sub, const Globals& globals) {
  struct Args {
    size_t keep_last = 0;
    int64_t older_than_ms = 0;
    std::string max_size, workspace;
    bool per_workspace = false, include_archived = false, dry_run = false, yes = false, json = false;
  };
  auto a = std::make_shared<Args>();
  auto* keep = AddCount(sub, "--keep-last", &a->keep_last, "Keep the N most recently updated (of each workspace)");
  auto* age = AddAge(sub, "--older-than", &a->older_than_ms, "Remove those not updated for AGE (30d, 2w)");
  auto* size =
      sub->add_option("--max-size", a->max_size,
                      "Remove the oldest until the rest take at most SIZE (500M, 2G) (in each workspace)")
          ->check(CLI::Validator(
              [](std::string& text) { return ParseSize(text) ? std::string() : "not a size like 500M or 2G: " + text; },
              "SIZE"));
  sub->add_flag("--per-workspace", a->per_workspace, "Apply the limits to each workspace on its own");
  AddWorkspace(sub, "--workspace", &a->workspace, "Only sessions of this workspace");
  sub->add_flag("--include-archived", a->include_archived, "Archived sessions count too (default: they stay)");
  sub->add_flag("--dry-run", a->dry_run, "Only list what the real run would move to the trash");
  sub->add_flag("--yes,-y", a->yes, "Do not ask");
  sub->add_flag("--json", a->json, "One JSON object per session (the listing's)");
  sub->footer(
      "Pinned sessions (sessionstore pin) and sessions a writer holds always stay. Removed sessions go to the trash.\n"
      "Examples:\n  sessionstore prune --keep-last 50 --per-workspace --dry-run\n"
      "  sessionstore prune --max-size 2G\n");
  return [&globals, a, keep, age, size] {
    if (keep->count() + age->count() + size->count() == 0) {
      return Fail(std::string("prune by what? give --keep-last, --older-than or --max-size"));
    }
    auto store = OpenStore(globals);
    if (!store.ok()) return Fail(store.status());
    Result<std::vector<SessionInfo>> rows =
        (*store)->List({.workspace = a->workspace, .include_archived = a->include_archived});
    if (!rows.ok()) return Fail(rows.status());
    std::map<std::string, std::vector<SessionInfo>> groups;
    for (const SessionInfo& s : *rows) {
      if (!Pinned(s)) groups[a->per_workspace ? s.workspace : std::string()].push_back(s);
    }
    std::vector<SessionInfo> chosen;
    // --older-than 0s removes every session: an age given is a policy.
    const int64_t cutoff = age->count() > 0 ? NowMs() - a->older_than_ms + 1 : 0;
    const uint64_t max_bytes = a->max_size.empty() ? 0 : *ParseSize(a->max_size);
    for (const auto& [workspace, group] : groups) ChooseFromGroup(group, a->keep_last, cutoff, max_bytes, &chosen);
    return TrashAll(**store, std::move(chosen), a->dry_run, a->yes, a->json);
  };
}

Run SetupPin(CLI::App* sub, const Globals& globals) {
  auto id = std::make_shared<std::string>();
  sub->add_option("ID", *id, kSessionArgHelp)->required();
  sub->footer(
      "A pinned session is never removed by cleanup or prune; it is listed with the label \"pinned\".\n"
      "Example:\n  sessionstore pin @latest\n");
  return [&globals, id] {
    OpenedSession opened;
    if (int rc = OpenSession(globals, *id, &opened); rc != kExitOk) return rc;
    Result<std::vector<LabelInfo>> labels = opened.store->Labels(opened.id);
    if (!labels.ok()) return Fail(labels.status());
    for (const LabelInfo& l : *labels) {
      if (l.label == kPinned) return kExitOk;  // pinned already
    }
    // A pin record of its own carries the label: no label of the
    // session's entries is replaced.
    auto writer = opened.store->OpenWriter(opened.id);
    if (!writer.ok()) return Fail(writer.status());
    Result<std::string> pin = (*writer)->Append(Record::Custom("pin", {}));
    if (!pin.ok()) return Fail(pin.status());
    if (Status s = opened.store->Label(**writer, *pin, kPinned); !s.ok()) return Fail(s);
    if (Status s = (*writer)->Close(); !s.ok()) return Fail(s);
    return kExitOk;
  };
}

Run SetupUnpin(CLI::App* sub, const Globals& globals) {
  auto id = std::make_shared<std::string>();
  sub->add_option("ID", *id, kSessionArgHelp)->required();
  return [&globals, id] {
    OpenedSession opened;
    if (int rc = OpenSession(globals, *id, &opened); rc != kExitOk) return rc;
    Result<std::vector<LabelInfo>> labels = opened.store->Labels(opened.id);
    if (!labels.ok()) return Fail(labels.status());
    for (const LabelInfo& l : *labels) {
      if (l.label != kPinned) continue;
      if (Status s = opened.store->Label(opened.id, l.entry_id, ""); !s.ok()) return Fail(s);
    }
    return kExitOk;
  };
}

Run SetupTrash(CLI::App* sub, const Globals& globals) {
  struct Args {
    std::vector<std::string> ids;
    int64_t older_than_ms = 0;
    bool json = false, dry_run = false, yes = false;
  };
  auto a = std::make_shared<Args>();
  sub->require_subcommand(1);
  CLI::App* list = sub->add_subcommand("list", "What the trash holds, the most recently trashed first");
  list->add_flag("--json", a->json, "One JSON object per session (the listing's, and trashed_at: when)");
  list->footer("Example:\n  sessionstore trash list --json\n");
  CLI::App* restore = sub->add_subcommand("restore", "Bring sessions back from the trash, archived if they were");
  restore->add_option("ID", a->ids, "Session id, as `trash list` shows it")->required();
  restore->footer("Example:\n  sessionstore trash restore 0193ab12-3c4d-7e5f-8a9b-0c1d2e3f4a5b\n");
  CLI::App* empty = sub->add_subcommand("empty", "Delete what is in the trash for good");
  AddAge(empty, "--older-than", &a->older_than_ms, "Only what was trashed more than AGE ago (30d)");
  empty->add_flag("--dry-run", a->dry_run, "Only list what would be deleted");
  empty->add_flag("--yes,-y", a->yes, "Do not ask");
  empty->footer("Example:\n  sessionstore trash empty --older-than 30d --dry-run\n");
  sub->footer(
      "Examples:\n  sessionstore trash list\n  sessionstore trash restore 0193ab-...\n"
      "  sessionstore trash empty --older-than 30d\n");
  return [&globals, a, list, restore, empty] {
    auto store = OpenStore(globals);
    if (!store.ok()) return Fail(store.status());
    if (list->parsed()) {
      Result<std::vector<SessionInfo>> rows = (*store)->TrashList();
      if (!rows.ok()) return Fail(rows.status());
      for (const SessionInfo& s : *rows) {
        if (a->json) {
          std::string row = ToJson(s);
          row.pop_back();
          PrintJsonLine(row + ",\"trashed_at\":" + JsonString(FormatTimestamp(s.stored_ms)) + "}");
        } else {
          fmt::print("{}  trashed {}  {}\n", s.id, TableTime(s.stored_ms), Shown(s.title, true));
        }
      }
      return kExitOk;
    }
    if (restore->parsed()) {
      for (const std::string& id : a->ids) {
        if (Status s = (*store)->Untrash(id); !s.ok()) return Fail(s);
        fmt::print("restored {}\n", id);
      }
      return kExitOk;
    }
    const int64_t before = a->older_than_ms > 0 ? NowMs() - a->older_than_ms : INT64_MAX;
    Result<std::vector<SessionInfo>> doomed = (*store)->EmptyTrash(before, {.dry_run = true});
    if (!doomed.ok()) return Fail(doomed.status());
    if (a->dry_run || doomed->empty()) {
      for (const SessionInfo& s : *doomed) fmt::print("would delete {}\n", s.id);
      return kExitOk;
    }
    if (!Confirm(doomed->size(), "Delete for good", a->yes)) return Fail(std::string("nothing was deleted"));
    Result<std::vector<SessionInfo>> deleted = (*store)->EmptyTrash(before);
    if (!deleted.ok()) return Fail(deleted.status());
    for (const SessionInfo& s : *deleted) fmt::print("deleted {}\n", s.id);
    (void)empty;
    return kExitOk;
  };
}

}  // namespace sessionstore::cli
