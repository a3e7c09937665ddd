// sessionstore archive | restore | rename: a session as a whole.

#include "cli.h"
#include "commands.h"
#include "session_arg.h"

namespace sessionstore::cli {

namespace {

// A subcommand that takes an id and calls one Store method.
Run SetupIdCommand(CLI::App* sub, const Globals& globals, Status (Store::*op)(std::string_view)) {
  auto id = std::make_shared<std::string>();
  sub->add_option("ID", *id, kSessionArgHelp)->required();
  return [&globals, id, op] {
    OpenedSession opened;
    if (int rc = OpenSession(globals, *id, &opened); rc != kExitOk) return rc;
    if (Status s = ((*opened.store).*op)(opened.id); !s.ok()) return Fail(s);
    return kExitOk;
  };
}

}  // namespace

Run SetupArchive(CLI::App* sub, const Globals& globals) { return SetupIdCommand(sub, globals, &Store::Archive); }
Run SetupRestore(CLI::App* sub, const Globals& globals) { return SetupIdCommand(sub, globals, &Store::Restore); }

Run SetupRename(CLI::App* sub, const Globals& globals) {
  auto id = std::make_shared<std::string>();
  auto title = std::make_shared<std::string>();
  sub->add_option("ID", *id, kSessionArgHelp)->required();
  sub->add_option("TITLE", *title, "New title")->required();
  return [&globals, id, title] {
    OpenedSession opened;
    if (int rc = OpenSession(globals, *id, &opened); rc != kExitOk) return rc;
    if (Status s = opened.store->Rename(opened.id, *title); !s.ok()) return Fail(s);
    return kExitOk;
  };
}

}  // namespace sessionstore::cli
