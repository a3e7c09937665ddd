// Shared pieces of the sessionstore command: global options, opening the
// store, error output and exit codes. The command is a client of the
// public API alone (include/sessionstore/).

#ifndef SESSIONSTORE_TOOLS_CLI_H_
#define SESSIONSTORE_TOOLS_CLI_H_

#include <CLI/CLI.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "sessionstore/store.h"

namespace sessionstore::cli {

// Exit codes (also in --help).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitDamage = 3;         // verify found damage
inline constexpr int kExitInterrupted = 130;  // SIGINT, as a shell counts it

struct Globals {
  std::string store;            // --store; empty: DefaultStoreDir()
  bool all_workspaces = false;  // --all-workspaces: @latest and list span every workspace
  std::string color = "auto";   // --color: auto, always, never (color.h)
};

// $SESSIONSTORE_DIR, else $XDG_DATA_HOME/sessionstore, else
// ~/.local/share/sessionstore (home from $HOME, else the password
// database); InvalidArgument if there is no home.
Result<std::string> DefaultStoreDir();
// --store, else DefaultStoreDir().
Result<std::string> StoreLocation(const Globals& globals);

// The store of --store. Only `create` makes one where there is none (new,
// migrate, demo); otherwise a place with no store is "no store at ...".
// `redact`, if set, redacts what the store writes
// (StoreOptions::redact_before_write).
Result<std::unique_ptr<Store>> OpenStore(const Globals& globals, bool create = false,
                                         std::shared_ptr<const Redactor> redact = nullptr);
// The store at `location` (a directory or a URL), telling its notices on
// stderr.
Result<std::unique_ptr<Store>> OpenStoreAt(const std::string& location, StoreOptions options);

// Prints "sessionstore: error: ..." on stderr and returns kExitFailure.
int Fail(const Status& status);
int Fail(const std::string& message);

// A subcommand adds its options to `sub` and returns what runs it.
using Run = std::function<int()>;
using Setup = Run (*)(CLI::App* sub, const Globals& globals);

// Prints `json` (one JSON object) and a newline on stdout.
void PrintJsonLine(std::string_view json);

// ---- Output that cannot be lost in silence ----
// The command ignores SIGPIPE: a write to a reader that went away fails
// with EPIPE where it happens, as one to a full disk fails with ENOSPC.

// Writes `line` and a newline on stdout and flushes it: what a later crash
// or kill must not take back (an id). 0 if it was written, else the errno.
int PrintNow(std::string_view line);
// The end of every command: flushes stdout, and if any output could not be
// written says so on stderr (not when its reader went away: EPIPE) and
// returns kExitFailure; else `rc`. `error`: an errno seen earlier (a
// print that threw), 0 if none.
int FinishOutput(int rc, int error = 0);

// Stored text as a terminal may show it: control characters (C0 but for
// newline and tab, DEL, C1) as visible escapes ("\x1b", "\u009b"), so
// that text an agent stored (a title, tool output) cannot move the
// cursor, recolour or retitle the terminal; and the bidirectional controls
// (U+202A-U+202E, U+2066-U+2069) as "\u202e", so that it cannot reorder
// what is shown around it. `one_line`: newline and tab
// escaped too (a column of a table). --json output is never escaped.
std::string Shown(std::string_view text, bool one_line = false);

}  // namespace sessionstore::cli

#endif  // SESSIONSTORE_TOOLS_CLI_H_
