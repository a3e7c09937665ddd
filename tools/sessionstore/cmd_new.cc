// sessionstore new: create a session and print its id.

#include <fmt/core.h>

#include <cstring>

#include "cli.h"
#include "commands.h"
#include "options.h"

namespace sessionstore::cli {

Run SetupNew(CLI::App* sub, const Globals& globals) {
  auto s = std::make_shared<NewSession>();
  auto workspace = std::make_shared<std::string>();
  NotEmpty(sub->add_option("--id", s->id, "Session id (default: a new UUIDv7)"));
  AddWorkspace(sub, "--workspace", workspace.get(), "The agent's working directory (default: the current one)");
  sub->add_option("--title", s->title, "Title");
  sub->add_option("--model", s->model, "Model");
  sub->add_option("--provider", s->provider, "Provider");
  return [&globals, s, workspace, sub] {
    auto store = OpenStore(globals, /*create=*/true);
    if (!store.ok()) return Fail(store.status());
    s->workspace = sub->count("--workspace") > 0 ? *workspace : CurrentWorkspace();
    auto header = (*store)->Create(*s);
    if (!header.ok()) return Fail(header.status());
    // The only copy of a generated id: if it cannot be printed, stderr has it.
    if (int error = PrintNow(header->id); error != 0) {
      return Fail(fmt::format("created session {}, but could not print its id: {}", header->id, std::strerror(error)));
    }
    return kExitOk;
  };
}

}  // namespace sessionstore::cli
