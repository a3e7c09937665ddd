#include "sessionstore/options.h"

namespace sessionstore {

std::string_view DurabilityName(Durability d) {
  switch (d) {
    case Durability::kBuffered: return "buffered";
    case Durability::kProcess: return "process";
    case Durability::kSync: return "sync";
    case Durability::kInterval: return "interval";
  }
  return "unknown";
}

}  // namespace sessionstore
