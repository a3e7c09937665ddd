#include "session_arg.h"

#include <fmt/core.h>

#include <charconv>
#include <vector>

#include "options.h"

namespace sessionstore::cli {

namespace {

constexpr std::string_view kLatest = "@latest";
// Candidates an ambiguous name lists.
constexpr size_t kShownCandidates = 10;

Status Ambiguous(std::string_view what, std::string_view arg, const std::vector<std::string>& candidates, bool more) {
  std::string message = fmt::format("{} '{}' is ambiguous; it starts", what, Shown(arg, true));
  for (const std::string& c : candidates) message += "\n  " + c;
  if (more) message += "\n  ...";
  return Status::InvalidArgument(message + "\n(give more characters)");
}

// @latest~N: N, or nullopt if `arg` is not of that form.
std::optional<size_t> LatestBack(std::string_view arg) {
  if (!arg.starts_with(kLatest)) return std::nullopt;
  std::string_view rest = arg.substr(kLatest.size());
  if (rest.empty()) return 0;
  if (rest.front() != '~') return std::nullopt;
  rest.remove_prefix(1);
  if (rest.empty()) return 1;  // git: HEAD~ is HEAD~1
  size_t n = 0;
  const auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), n);
  if (ec != std::errc() || end != rest.data() + rest.size() || n > 1000000) return std::nullopt;
  return n;
}

Result<std::string> Latest(Store& store, size_t back, const Globals& globals) {
  const std::string workspace = globals.all_workspaces ? std::string() : CurrentWorkspace();
  Result<SessionPage> page = store.ListPage({.workspace = workspace, .limit = back + 1});
  if (!page.ok()) return page.status();
  if (page->rows.size() > back) return page->rows[back].id;
  const std::string where = workspace.empty() ? "in the store" : "in workspace " + Shown(workspace, true);
  std::string message = page->rows.empty()
                            ? "no session " + where
                            : fmt::format("@latest~{}: there are only {} sessions {}", back, page->rows.size(), where);
  if (!workspace.empty()) message += " (--all-workspaces for every workspace)";
  return Status::NotFound(message);
}

}  // namespace

Result<std::string> ResolveSession(Store& store, std::string_view arg, const Globals& globals) {
  if (std::optional<size_t> back = LatestBack(arg)) {
    // A session may be called @latest: its id wins.
    Result<bool> exists = store.Exists(arg);
    if (exists.ok() && *exists) return std::string(arg);
    return Latest(store, *back, globals);
  }
  Result<bool> exists = store.Exists(arg);
  if (!exists.ok()) return exists.status();
  if (*exists) return std::string(arg);
  Result<SessionPage> page =
      store.ListPage({.include_archived = true, .id_prefix = std::string(arg), .limit = kShownCandidates + 1});
  if (!page.ok()) return page.status();
  if (page->rows.empty()) return Status::NotFound("no session " + Shown(arg, true));
  if (page->rows.size() == 1) return page->rows.front().id;
  std::vector<std::string> candidates;
  for (size_t i = 0; i < page->rows.size() && i < kShownCandidates; ++i) {
    const SessionInfo& row = page->rows[i];
    candidates.push_back(fmt::format("{}  {}", row.id, Shown(row.title, true)));
  }
  return Ambiguous("session id", arg, candidates, page->rows.size() > kShownCandidates);
}

Result<std::string> ResolveEntry(Store& store, std::string_view id, std::string_view arg) {
  if (arg.empty()) return Status::InvalidArgument("an empty entry id");
  Result<std::unique_ptr<Cursor>> cursor = store.Read(id);
  if (!cursor.ok()) return cursor.status();
  std::vector<std::string> matches;
  for (const Entry& e : **cursor) {
    if (e.id == arg) return e.id;
    if (e.id.starts_with(arg) && std::find(matches.begin(), matches.end(), e.id) == matches.end()) {
      matches.push_back(e.id);
    }
  }
  if (!(*cursor)->status().ok()) return (*cursor)->status();
  if (matches.size() == 1) return matches.front();
  if (matches.empty()) {
    return Status::NotFound(fmt::format("no entry {} in session {}", Shown(arg, true), id));
  }
  const bool more = matches.size() > kShownCandidates;
  if (more) matches.resize(kShownCandidates);
  return Ambiguous("entry id", arg, matches, more);
}

int FailName(const Status& status) {
  Fail(status.code() == StatusCode::kInvalidArgument ? status.message() : status.ToString());
  return status.code() == StatusCode::kInvalidArgument ? kExitUsage : kExitFailure;
}

int OpenSession(const Globals& globals, std::string_view arg, OpenedSession* out,
                std::shared_ptr<const Redactor> redact) {
  Result<std::unique_ptr<Store>> store = OpenStore(globals, /*create=*/false, std::move(redact));
  if (!store.ok()) return Fail(store.status());
  Result<std::string> id = ResolveSession(**store, arg, globals);
  if (!id.ok()) return FailName(id.status());
  out->store = std::move(*store);
  out->id = std::move(*id);
  return kExitOk;
}

}  // namespace sessionstore::cli
