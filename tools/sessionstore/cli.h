// Shared pieces of the sessionstore command: global options, opening the
// store, error output and exit codes.
//
// Exit codes: 0 ok, 1 failure, 2 usage error.

#ifndef SESSIONSTORE_TOOLS_CLI_H_
#define SESSIONSTORE_TOOLS_CLI_H_

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <string>

#include "format/byte_buffer.h"
#include "sessionstore/store.h"

namespace sessionstore::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

struct Globals {
  std::string store;  // --store; empty: DefaultStoreDir()
};

// $SESSIONSTORE_DIR, else $XDG_DATA_HOME/sessionstore, else
// ~/.local/share/sessionstore.
std::string DefaultStoreDir();

Result<std::unique_ptr<Store>> OpenStore(const Globals& globals);
// The store at `location` (a directory or a URL), telling its notices on
// stderr.
Result<std::unique_ptr<Store>> OpenStoreAt(const std::string& location, StoreOptions options);

// Prints "sessionstore: error: ..." on stderr and returns kExitFailure.
int Fail(const Status& status);
int Fail(const std::string& message);

// A subcommand adds its options to `sub` and returns what runs it.
using Run = std::function<int()>;
using Setup = Run (*)(CLI::App* sub, const Globals& globals);

Run SetupNew(CLI::App* sub, const Globals& globals);
Run SetupCopy(CLI::App* sub, const Globals& globals);
Run SetupAppend(CLI::App* sub, const Globals& globals);
Run SetupShow(CLI::App* sub, const Globals& globals);
Run SetupList(CLI::App* sub, const Globals& globals);
Run SetupLatest(CLI::App* sub, const Globals& globals);
Run SetupRemove(CLI::App* sub, const Globals& globals);
Run SetupArchive(CLI::App* sub, const Globals& globals);
Run SetupRestore(CLI::App* sub, const Globals& globals);
Run SetupRename(CLI::App* sub, const Globals& globals);
Run SetupDemo(CLI::App* sub, const Globals& globals);
Run SetupContext(CLI::App* sub, const Globals& globals);
Run SetupBranches(CLI::App* sub, const Globals& globals);
Run SetupFork(CLI::App* sub, const Globals& globals);
Run SetupLabel(CLI::App* sub, const Globals& globals);
Run SetupSummary(CLI::App* sub, const Globals& globals);
Run SetupTruncate(CLI::App* sub, const Globals& globals);
Run SetupCompact(CLI::App* sub, const Globals& globals);
Run SetupCleanup(CLI::App* sub, const Globals& globals);
Run SetupMigrate(CLI::App* sub, const Globals& globals);
Run SetupReindex(CLI::App* sub, const Globals& globals);
Run SetupSearch(CLI::App* sub, const Globals& globals);

// Prints `line` (a JSON object) and a newline on stdout.
void PrintJsonLine(const format::ByteBuffer& line);

// "2026-11-22 01:43" (UTC) for tables.
std::string ShortTime(int64_t ms);

}  // namespace sessionstore::cli

#endif  // SESSIONSTORE_TOOLS_CLI_H_
