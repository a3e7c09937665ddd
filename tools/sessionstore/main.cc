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

int main(int argc, char** argv) {
  CLI::App app("Store, list and read the conversations of LLM agents.", "sessionstore");
  app.set_version_flag("--version", "sessionstore " SESSIONSTORE_VERSION_STRING);
  app.require_subcommand(1);
  sessionstore::cli::Globals globals;
  sessionstore::cli::NotEmpty(app.add_option(
      "--store", globals.store,
      "Store: a directory, or a PostgreSQL URL (postgresql://user@host:port/db) "
      "(default: $SESSIONSTORE_DIR, else $XDG_DATA_HOME/sessionstore, else ~/.local/share/sessionstore)"));
  std::vector<std::pair<CLI::App*, sessionstore::cli::Run>> runs;
  app.footer("Exit codes: 0 done, 1 failed (the error is on stderr), 2 the command line is not understood.\n");
  for (const sessionstore::cli::Command& c : sessionstore::cli::kCommands) {
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
