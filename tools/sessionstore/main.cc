// sessionstore: store, list and read the conversations of LLM agents.

#include <fmt/core.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <system_error>
#include <vector>

#include "cli.h"
#include "commands.h"
#include "options.h"
#include "sessionstore/version.h"
#include "usage.h"

int main(int argc, char** argv) {
  CLI::App app("Store, list and read the conversations of LLM agents.", "sessionstore");
  app.set_version_flag("--version", "sessionstore " SESSIONSTORE_VERSION_STRING);
  app.require_subcommand(1);
  sessionstore::cli::Globals globals;
  sessionstore::cli::NotEmpty(app.add_option(
      "--store", globals.store,
      "Store: a directory, or a PostgreSQL URL (postgresql://user@host:port/db) "
      "(default: $SESSIONSTORE_DIR, else $XDG_DATA_HOME/sessionstore, else ~/.local/share/sessionstore)"));
  app.add_flag("--all-workspaces", globals.all_workspaces,
               "@latest and list span every workspace, not only the current directory's");
  app.add_option("--color", globals.color, "Colour: auto (default: on a terminal, unless $NO_COLOR), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  // Global options may also come after the command (list --store X).
  app.fallthrough();
  std::vector<std::pair<CLI::App*, sessionstore::cli::Run>> runs;
  app.footer(
      "A session is named by its id, any unique prefix of one, or @latest[~N] (the newest session of the current "
      "directory's workspace).\n"
      "Exit codes: 0 done, 1 failed (the error is on stderr), 2 the command line is not understood, 3 damage "
      "found (verify), 130 interrupted.\n");
  for (const sessionstore::cli::Command& c : sessionstore::cli::kCommands) {
    CLI::App* sub = app.add_subcommand(c.name, c.help);
    runs.emplace_back(sub, c.setup(sub, globals));
    // A subcommand starts with the program's footer; a command that wrote
    // none of its own gets its example.
    if (sub->get_footer() == app.get_footer() && *c.example != '\0')
      sub->footer(std::string("Example:\n  ") + c.example + "\n");
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version: stdout
    std::fflush(stdout);
    fmt::print(stderr, "sessionstore: error: {}\n", sessionstore::cli::UsageError(argc, argv, e));
    return sessionstore::cli::kExitUsage;
  }
  // Output errors are met where they happen (sessionstore::cli::FinishOutput).
  std::signal(SIGPIPE, SIG_IGN);
  for (auto& [sub, run] : runs) {
    if (!sub->parsed()) continue;
    try {
      return sessionstore::cli::FinishOutput(run());
    } catch (const std::system_error& e) {  // fmt::print to stdout failed
      return sessionstore::cli::FinishOutput(sessionstore::cli::kExitFailure, e.code().value());
    }
  }
  return sessionstore::cli::kExitUsage;
}
