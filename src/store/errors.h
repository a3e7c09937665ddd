// The errors every backend gives in the same words: a missing session or
// entry.

#ifndef SESSIONSTORE_STORE_ERRORS_H_
#define SESSIONSTORE_STORE_ERRORS_H_

#include <string_view>

#include "sessionstore/status.h"

namespace sessionstore::store {

Status NoSuchSession(std::string_view id);
Status NoSuchEntry(std::string_view id, std::string_view entry);

}  // namespace sessionstore::store

#endif  // SESSIONSTORE_STORE_ERRORS_H_
