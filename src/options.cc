#include "sessionstore/options.h"

#include <string>

namespace sessionstore {

namespace {
constexpr Durability kDurabilities[] = {Durability::kBuffered, Durability::kProcess, Durability::kSync,
                                        Durability::kInterval};
}  // namespace

std::string_view DurabilityName(Durability d) {
  switch (d) {
    case Durability::kBuffered: return "buffered";
    case Durability::kProcess: return "process";
    case Durability::kSync: return "sync";
    case Durability::kInterval: return "interval";
  }
  return "unknown";
}

Result<Durability> DurabilityFromName(std::string_view name) {
  for (Durability d : kDurabilities) {
    if (DurabilityName(d) == name) return d;
  }
  return Status::InvalidArgument("no durability \"" + std::string(name) +
                                 "\": it is buffered, process, sync or interval");
}

}  // namespace sessionstore
