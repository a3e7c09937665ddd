#include "store/errors.h"

#include <string>

namespace sessionstore::store {

Status NoSuchSession(std::string_view id) { return Status::NotFound("no session \"" + std::string(id) + "\""); }

Status NoSuchEntry(std::string_view id, std::string_view entry) {
  return Status::NotFound("no entry \"" + std::string(entry) + "\" in session \"" + std::string(id) + "\"");
}

}  // namespace sessionstore::store
