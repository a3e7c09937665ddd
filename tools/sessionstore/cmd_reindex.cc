// sessionstore reindex: rebuild the catalog from the session files, or on
// PostgreSQL the rows derived from the stored lines (summaries, words).

#include "cli.h"

namespace sessionstore::cli {

Run SetupReindex(CLI::App* /*sub*/, const Globals& globals) {
  return [&globals] {
    auto store = OpenStore(globals);
    if (!store.ok()) return Fail(store.status());
    if (Status s = (*store)->Reindex(); !s.ok()) return Fail(s);
    return kExitOk;
  };
}

}  // namespace sessionstore::cli
