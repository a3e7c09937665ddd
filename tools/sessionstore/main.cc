// sessionstore: store, list and read the conversations of LLM agents.

#include <fmt/core.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <vector>

#include "cli.h"
#include "sessionstore/version.h"

namespace {

using sessionstore::cli::Setup;

struct Command {
  const char* name;
  const char* help;
  Setup setup;
};

// The one table of subcommands; it also drives --help.
constexpr Command kCommands[] = {
    {"new", "Create a session and print its id", sessionstore::cli::SetupNew},
    {"append", "Append messages (JSON lines on stdin, or --role/--text) and print their ids",
     sessionstore::cli::SetupAppend},
    {"show", "Print a session as a transcript, or its lines as stored (--json)", sessionstore::cli::SetupShow},
    {"list", "List sessions, newest-updated first", sessionstore::cli::SetupList},
    {"search", "Search the text of every session", sessionstore::cli::SetupSearch},
    {"latest", "Print the id of the most recently updated session", sessionstore::cli::SetupLatest},
    {"rm", "Delete a session for good", sessionstore::cli::SetupRemove},
    {"archive", "Move a session out of the default listing", sessionstore::cli::SetupArchive},
    {"restore", "Bring an archived session back", sessionstore::cli::SetupRestore},
    {"rename", "Set a session's title", sessionstore::cli::SetupRename},
    {"context", "Print the messages an agent sends to its model for a leaf", sessionstore::cli::SetupContext},
    {"branches", "List a session's branches (its leaves)", sessionstore::cli::SetupBranches},
    {"fork", "Start a new session from a session's path up to an entry", sessionstore::cli::SetupFork},
    {"label", "Label an entry (an empty label clears it)", sessionstore::cli::SetupLabel},
    {"summary", "Print a session's summary, or set one", sessionstore::cli::SetupSummary},
    {"truncate", "Keep only the last N messages in the context (the file keeps everything)",
     sessionstore::cli::SetupTruncate},
    {"compact", "Rewrite a session without what no context reaches (destructive)", sessionstore::cli::SetupCompact},
    {"cleanup", "Delete sessions not updated for a while", sessionstore::cli::SetupCleanup},
    {"migrate", "Turn legacy whole-session JSON files into sessions", sessionstore::cli::SetupMigrate},
    {"reindex", "Rebuild the catalog that list is served from (PostgreSQL: the rows derived from the lines)",
     sessionstore::cli::SetupReindex},
    {"copy", "Copy sessions from one store to another, verified entry by entry", sessionstore::cli::SetupCopy},
    {"demo", "Write a sample agent session into the store and print it", sessionstore::cli::SetupDemo},
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app("Store, list and read the conversations of LLM agents.", "sessionstore");
  app.set_version_flag("--version", "sessionstore " SESSIONSTORE_VERSION_STRING);
  app.require_subcommand(1);
  sessionstore::cli::Globals globals;
  app.add_option("--store", globals.store,
                 "Store: a directory, or a PostgreSQL URL (postgresql://user@host:port/db) "
                 "(default: $SESSIONSTORE_DIR, else $XDG_DATA_HOME/sessionstore, else ~/.local/share/sessionstore)");
  std::vector<std::pair<CLI::App*, sessionstore::cli::Run>> runs;
  for (const Command& c : kCommands) {
    CLI::App* sub = app.add_subcommand(c.name, c.help);
    runs.emplace_back(sub, c.setup(sub, globals));
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version: stdout
    std::fflush(stdout);
    fmt::print(stderr, "sessionstore: error: {}\nRun 'sessionstore --help' for usage.\n", e.what());
    return sessionstore::cli::kExitUsage;
  }
  for (auto& [sub, run] : runs) {
    if (sub->parsed()) return run();
  }
  return sessionstore::cli::kExitUsage;
}
