// The NotFound errors every store gives, in the same words.

#ifndef SESSIONSTORE_COMMON_STORE_ERRORS_H_
#define SESSIONSTORE_COMMON_STORE_ERRORS_H_

#include <string_view>

#include "sessionstore/status.h"

namespace sessionstore {

Status NoSuchSession(std::string_view id);
Status NoSuchEntry(std::string_view id, std::string_view entry);

}  // namespace sessionstore

#endif  // SESSIONSTORE_COMMON_STORE_ERRORS_H_
