// sessionstore rm | archive | restore | rename: a session as a whole.

#include "cli.h"
#include "commands.h"

namespace sessionstore::cli {

namespace {

// A subcommand that takes an id and calls one Store method.
Run SetupIdCommand(CLI::App* sub, const Globals& globals, Status (Store::*op)(std::string_view)) {
  auto id = std::make_shared<std::string>();
  sub->add_option("ID", *id, "Session id")->required();
  return [&globals, id, op] {
    auto store = OpenStore(globals);
    if (!store.ok()) return Fail(store.status());
    if (Status s = ((**store).*op)(*id); !s.ok()) return Fail(s);
    return kExitOk;
  };
}

}  // namespace

Run SetupRemove(CLI::App* sub, const Globals& globals) { return SetupIdCommand(sub, globals, &Store::Delete); }
Run SetupArchive(CLI::App* sub, const Globals& globals) { return SetupIdCommand(sub, globals, &Store::Archive); }
Run SetupRestore(CLI::App* sub, const Globals& globals) { return SetupIdCommand(sub, globals, &Store::Restore); }

Run SetupRename(CLI::App* sub, const Globals& globals) {
  auto id = std::make_shared<std::string>();
  auto title = std::make_shared<std::string>();
  sub->add_option("ID", *id, "Session id")->required();
  sub->add_option("TITLE", *title, "New title")->required();
  return [&globals, id, title] {
    auto store = OpenStore(globals);
    if (!store.ok()) return Fail(store.status());
    if (Status s = (*store)->Rename(*id, *title); !s.ok()) return Fail(s);
    return kExitOk;
  };
}

}  // namespace sessionstore::cli
