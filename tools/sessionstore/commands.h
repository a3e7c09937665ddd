// The subcommands of sessionstore: each one's Setup, which adds its options
// and returns what runs it, and the one table that lists them for main and
// --help. A new command is a cmd_<noun>.cc with its Setup, and a row here.

#ifndef SESSIONSTORE_TOOLS_COMMANDS_H_
#define SESSIONSTORE_TOOLS_COMMANDS_H_

#include "cli.h"

namespace sessionstore::cli {

Run SetupNew(CLI::App* sub, const Globals& globals);         // cmd_new.cc
Run SetupAppend(CLI::App* sub, const Globals& globals);      // cmd_append.cc
Run SetupShow(CLI::App* sub, const Globals& globals);        // cmd_show.cc
Run SetupExport(CLI::App* sub, const Globals& globals);      // cmd_export.cc
Run SetupImport(CLI::App* sub, const Globals& globals);      // cmd_import.cc
Run SetupInfo(CLI::App* sub, const Globals& globals);        // cmd_info.cc
Run SetupTree(CLI::App* sub, const Globals& globals);        // cmd_tree.cc
Run SetupList(CLI::App* sub, const Globals& globals);        // cmd_list.cc
Run SetupLatest(CLI::App* sub, const Globals& globals);      // cmd_list.cc
Run SetupSearch(CLI::App* sub, const Globals& globals);      // cmd_search.cc
Run SetupStats(CLI::App* sub, const Globals& globals);       // cmd_stats.cc
Run SetupRemove(CLI::App* sub, const Globals& globals);      // cmd_trash.cc
Run SetupArchive(CLI::App* sub, const Globals& globals);     // cmd_session.cc
Run SetupRestore(CLI::App* sub, const Globals& globals);     // cmd_session.cc
Run SetupRename(CLI::App* sub, const Globals& globals);      // cmd_session.cc
Run SetupContext(CLI::App* sub, const Globals& globals);     // cmd_history.cc
Run SetupBranches(CLI::App* sub, const Globals& globals);    // cmd_history.cc
Run SetupFork(CLI::App* sub, const Globals& globals);        // cmd_history.cc
Run SetupLabel(CLI::App* sub, const Globals& globals);       // cmd_history.cc
Run SetupSummary(CLI::App* sub, const Globals& globals);     // cmd_history.cc
Run SetupTruncate(CLI::App* sub, const Globals& globals);    // cmd_history.cc
Run SetupUndo(CLI::App* sub, const Globals& globals);        // cmd_history.cc
Run SetupCompact(CLI::App* sub, const Globals& globals);     // cmd_history.cc
Run SetupDu(CLI::App* sub, const Globals& globals);          // cmd_du.cc
Run SetupVerify(CLI::App* sub, const Globals& globals);      // cmd_verify.cc
Run SetupRepair(CLI::App* sub, const Globals& globals);      // cmd_repair.cc
Run SetupCleanup(CLI::App* sub, const Globals& globals);     // cmd_trash.cc
Run SetupPrune(CLI::App* sub, const Globals& globals);       // cmd_trash.cc
Run SetupPin(CLI::App* sub, const Globals& globals);         // cmd_trash.cc
Run SetupUnpin(CLI::App* sub, const Globals& globals);       // cmd_trash.cc
Run SetupTrash(CLI::App* sub, const Globals& globals);       // cmd_trash.cc
Run SetupMigrate(CLI::App* sub, const Globals& globals);     // cmd_store.cc
Run SetupReindex(CLI::App* sub, const Globals& globals);     // cmd_store.cc
Run SetupCopy(CLI::App* sub, const Globals& globals);        // cmd_store.cc
Run SetupDemo(CLI::App* sub, const Globals& globals);        // cmd_demo.cc
Run SetupCompletion(CLI::App* sub, const Globals& globals);  // cmd_completion.cc
Run SetupManpage(CLI::App* sub, const Globals& globals);     // cmd_completion.cc

struct Command {
  const char* name;
  const char* help;
  Setup setup;
  // Shown in its --help when the command gives no examples of its own.
  const char* example = "";
};

// In the order --help lists them.
inline constexpr Command kCommands[] = {
    {"new", "Create a session and print its id", SetupNew,
     "sessionstore new --title \"Fix the parser\" --model claude-sonnet-4-5"},
    {"append", "Append messages (JSON lines on stdin, or --role/--text) and print their ids", SetupAppend,
     "echo '{\"role\":\"user\",\"content\":\"hello\"}' | sessionstore append @latest"},
    {"show", "Print a session as a transcript, or its lines as stored (--json)", SetupShow},
    {"export", "A session as Markdown, as an API's request, or as its lines", SetupExport},
    {"import",
     "Bring other agents' sessions in (Claude Code, Codex, pi, Go stores), from files, folders or --from AGENT",
     SetupImport},
    {"info", "Everything about one session: models, counts, branches, forks, labels, tokens, cost, writer", SetupInfo},
    {"tree", "A session's branches as a tree, one line per entry", SetupTree},
    {"list", "List sessions, newest-updated first", SetupList},
    {"search", "Search the text of every session", SetupSearch},
    {"stats", "What the agents spent: sessions, messages, tokens and cost by day, model, workspace...", SetupStats},
    {"latest", "Print the id of the most recently updated session", SetupLatest, "sessionstore latest --workspace ."},
    {"rm", "Move sessions to the trash (--permanently: delete for good)", SetupRemove},
    {"archive", "Move a session out of the default listing", SetupArchive, "sessionstore archive @latest"},
    {"restore", "Bring an archived session back", SetupRestore, "sessionstore restore 0193ab"},
    {"rename", "Set a session's title", SetupRename, "sessionstore rename @latest \"Parser fix, take two\""},
    {"context", "Print the messages an agent sends to its model for a leaf", SetupContext,
     "sessionstore context @latest --shape anthropic"},
    {"branches", "List a session's branches (its leaves)", SetupBranches, "sessionstore branches @latest"},
    {"fork", "Start a new session from a session's path up to an entry", SetupFork,
     "sessionstore fork @latest --at 3f9c2a1b"},
    {"label", "Label an entry (an empty label clears it)", SetupLabel,
     "sessionstore label @latest 3f9c2a1b checkpoint"},
    {"summary", "Print a session's summary, or set one", SetupSummary,
     "sessionstore summary @latest \"The user wants the parser fixed.\""},
    {"truncate", "Keep only the last N messages in the context (the file keeps everything)", SetupTruncate,
     "sessionstore truncate @latest --keep 20"},
    {"undo", "Take the latest message out of the context (the file keeps it)", SetupUndo},
    {"compact", "Rewrite a session without what no context reaches (destructive)", SetupCompact,
     "sessionstore compact @latest"},
    {"du", "Where the store's bytes are: per workspace or session, the index, what compact would free", SetupDu},
    {"verify", "Check sessions without changing them; exit 3 when something is damaged", SetupVerify},
    {"repair", "Mend a damaged session; what it takes out is kept aside, never deleted", SetupRepair},
    {"cleanup", "Move sessions not updated for a while to the trash", SetupCleanup},
    {"prune", "Move sessions to the trash by count, age or size, per workspace or overall", SetupPrune},
    {"pin", "Keep a session from cleanup and prune", SetupPin},
    {"unpin", "Let cleanup and prune remove a session again", SetupUnpin, "sessionstore unpin 0193ab"},
    {"trash", "List, restore or empty the trash", SetupTrash},
    {"migrate", "Turn legacy whole-session JSON files into sessions", SetupMigrate,
     "sessionstore migrate ~/.picoclaw/workspace/sessions"},
    {"reindex", "Rebuild the catalog that list is served from (PostgreSQL: the rows derived from the lines)",
     SetupReindex, "sessionstore reindex"},
    {"copy", "Copy sessions from one store to another, verified entry by entry", SetupCopy,
     "sessionstore copy --from ~/.local/share/sessionstore --to postgresql://me@db/sessions"},
    {"demo", "Write a sample agent session into a temporary store and print it", SetupDemo, "sessionstore demo"},
    {"completion", "Print the shell completion script for bash, zsh or fish", SetupCompletion,
     "sessionstore completion bash > ~/.local/share/bash-completion/completions/sessionstore"},
    {"manpage", "Print the man page (troff)", SetupManpage},
};

}  // namespace sessionstore::cli

#endif  // SESSIONSTORE_TOOLS_COMMANDS_H_
