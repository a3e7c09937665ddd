// How a person names a session or an entry on the command line, and the
// one place those names are turned into ids:
//   a session: its id; any prefix of one that no other session (live or
//     archived) starts with, as git takes a commit; @latest, the newest
//     session of the current workspace (of every workspace with
//     --all-workspaces), and @latest~N, the one N before it;
//   an entry of a session: its id or a unique prefix of one (show prints
//     the first 8 characters).
// An exact id always wins over a prefix of a longer one.

#ifndef SESSIONSTORE_TOOLS_SESSION_ARG_H_
#define SESSIONSTORE_TOOLS_SESSION_ARG_H_

#include <memory>
#include <string>
#include <string_view>

#include "cli.h"

namespace sessionstore::cli {

// Help text for an ID argument.
inline constexpr const char* kSessionArgHelp = "Session: an id, a unique prefix of one, or @latest[~N]";

// The id of the session `arg` names in `store`. InvalidArgument when the
// name is not one (an ambiguous prefix lists the candidates); NotFound when
// no session has it.
Result<std::string> ResolveSession(Store& store, std::string_view arg, const Globals& globals);
// The id of the entry of session `id` that `arg` names.
Result<std::string> ResolveEntry(Store& store, std::string_view id, std::string_view arg);

// Reports a failed resolution and returns its exit code: kExitUsage for a
// name that is not one, kExitFailure otherwise.
int FailName(const Status& status);

// The store of `globals` and the id of the session `arg` names in it.
struct OpenedSession {
  std::unique_ptr<Store> store;
  std::string id;
};
// Opens the store and resolves `arg` into *out; on failure reports it and
// returns the exit code (kExitOk on success).
// `redact` as OpenStore's.
int OpenSession(const Globals& globals, std::string_view arg, OpenedSession* out,
                std::shared_ptr<const Redactor> redact = nullptr);

}  // namespace sessionstore::cli

#endif  // SESSIONSTORE_TOOLS_SESSION_ARG_H_
