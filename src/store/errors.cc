#include "store/errors.h"

#include <string>

#include "format/ids.h"

namespace sessionstore::store {

Status CheckSessionId(std::string_view id, std::string_view op) {
  Status s = format::ValidateSessionId(id);
  return s.ok() ? s : s.WithContext({.op = std::string(op)});
}

Status NoSuchSession(std::string_view id) { return Status::NotFound("no session \"" + std::string(id) + "\""); }

Status NoSuchEntry(std::string_view id, std::string_view entry) {
  return Status::NotFound("no entry \"" + std::string(entry) + "\" in session \"" + std::string(id) + "\"");
}

}  // namespace sessionstore::store
