// The subcommands of sessionstore: each one's Setup, which adds its options
// and returns what runs it, and the one table that lists them for main and
// --help. A new command is a cmd_<noun>.cc with its Setup, and a row here.

#ifndef SESSIONSTORE_TOOLS_COMMANDS_H_
#define SESSIONSTORE_TOOLS_COMMANDS_H_

#include "cli.h"

namespace sessionstore::cli {

Run SetupNew(CLI::App* sub, const Globals& globals);       // cmd_new.cc
Run SetupAppend(CLI::App* sub, const Globals& globals);    // cmd_append.cc
Run SetupShow(CLI::App* sub, const Globals& globals);      // cmd_show.cc
Run SetupInfo(CLI::App* sub, const Globals& globals);      // cmd_info.cc
Run SetupTree(CLI::App* sub, const Globals& globals);      // cmd_tree.cc
Run SetupList(CLI::App* sub, const Globals& globals);      // cmd_list.cc
Run SetupLatest(CLI::App* sub, const Globals& globals);    // cmd_list.cc
Run SetupSearch(CLI::App* sub, const Globals& globals);    // cmd_search.cc
Run SetupStats(CLI::App* sub, const Globals& globals);     // cmd_stats.cc
Run SetupRemove(CLI::App* sub, const Globals& globals);    // cmd_session.cc
Run SetupArchive(CLI::App* sub, const Globals& globals);   // cmd_session.cc
Run SetupRestore(CLI::App* sub, const Globals& globals);   // cmd_session.cc
Run SetupRename(CLI::App* sub, const Globals& globals);    // cmd_session.cc
Run SetupContext(CLI::App* sub, const Globals& globals);   // cmd_history.cc
Run SetupBranches(CLI::App* sub, const Globals& globals);  // cmd_history.cc
Run SetupFork(CLI::App* sub, const Globals& globals);      // cmd_history.cc
Run SetupLabel(CLI::App* sub, const Globals& globals);     // cmd_history.cc
Run SetupSummary(CLI::App* sub, const Globals& globals);   // cmd_history.cc
Run SetupTruncate(CLI::App* sub, const Globals& globals);  // cmd_history.cc
Run SetupUndo(CLI::App* sub, const Globals& globals);      // cmd_history.cc
Run SetupCompact(CLI::App* sub, const Globals& globals);   // cmd_history.cc
Run SetupCleanup(CLI::App* sub, const Globals& globals);   // cmd_store.cc
Run SetupMigrate(CLI::App* sub, const Globals& globals);   // cmd_store.cc
Run SetupReindex(CLI::App* sub, const Globals& globals);   // cmd_store.cc
Run SetupCopy(CLI::App* sub, const Globals& globals);      // cmd_store.cc
Run SetupDemo(CLI::App* sub, const Globals& globals);      // cmd_demo.cc

struct Command {
  const char* name;
  const char* help;
  Setup setup;
};

// In the order --help lists them.
inline constexpr Command kCommands[] = {
    {"new", "Create a session and print its id", SetupNew},
    {"append", "Append messages (JSON lines on stdin, or --role/--text) and print their ids", SetupAppend},
    {"show", "Print a session as a transcript, or its lines as stored (--json)", SetupShow},
    {"info", "Everything about one session: models, counts, branches, forks, labels, tokens, cost, writer", SetupInfo},
    {"tree", "A session's branches as a tree, one line per entry", SetupTree},
    {"list", "List sessions, newest-updated first", SetupList},
    {"search", "Search the text of every session", SetupSearch},
    {"stats", "What the agents spent: sessions, messages, tokens and cost by day, model, workspace...", SetupStats},
    {"latest", "Print the id of the most recently updated session", SetupLatest},
    {"rm", "Delete a session for good", SetupRemove},
    {"archive", "Move a session out of the default listing", SetupArchive},
    {"restore", "Bring an archived session back", SetupRestore},
    {"rename", "Set a session's title", SetupRename},
    {"context", "Print the messages an agent sends to its model for a leaf", SetupContext},
    {"branches", "List a session's branches (its leaves)", SetupBranches},
    {"fork", "Start a new session from a session's path up to an entry", SetupFork},
    {"label", "Label an entry (an empty label clears it)", SetupLabel},
    {"summary", "Print a session's summary, or set one", SetupSummary},
    {"truncate", "Keep only the last N messages in the context (the file keeps everything)", SetupTruncate},
    {"undo", "Take the latest message out of the context (the file keeps it)", SetupUndo},
    {"compact", "Rewrite a session without what no context reaches (destructive)", SetupCompact},
    {"cleanup", "Delete sessions not updated for a while", SetupCleanup},
    {"migrate", "Turn legacy whole-session JSON files into sessions", SetupMigrate},
    {"reindex", "Rebuild the catalog that list is served from (PostgreSQL: the rows derived from the lines)",
     SetupReindex},
    {"copy", "Copy sessions from one store to another, verified entry by entry", SetupCopy},
    {"demo", "Write a sample agent session into the store and print it", SetupDemo},
};

}  // namespace sessionstore::cli

#endif  // SESSIONSTORE_TOOLS_COMMANDS_H_
