// The errors every backend gives in the same words: a missing session or
// entry; and the check of a session id that the Store makes at its edge,
// once, before a backend sees the id.

#ifndef SESSIONSTORE_STORE_ERRORS_H_
#define SESSIONSTORE_STORE_ERRORS_H_

#include <string_view>

#include "sessionstore/status.h"

namespace sessionstore::store {

// InvalidArgument naming the rule (format/ids.h) and `op` if `id` is not a
// session id.
Status CheckSessionId(std::string_view id, std::string_view op);

Status NoSuchSession(std::string_view id);
Status NoSuchEntry(std::string_view id, std::string_view entry);

}  // namespace sessionstore::store

#endif  // SESSIONSTORE_STORE_ERRORS_H_
