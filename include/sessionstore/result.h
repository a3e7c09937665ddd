// Result<T>: either a value or the Status that says why there is none.
//
// Like absl::StatusOr. Not thread-safe for mutation; const access from several
// threads is fine.

#ifndef SESSIONSTORE_RESULT_H_
#define SESSIONSTORE_RESULT_H_

#include <cassert>
#include <optional>
#include <utility>

#include "sessionstore/status.h"

namespace sessionstore {

template <typename T>
class [[nodiscard]] Result {
 public:
  // Implicit on purpose: `return value;` and `return status;` both work.
  Result(T value) : value_(std::move(value)) {}         // NOLINT
  Result(Status status) : status_(std::move(status)) {  // NOLINT
    assert(!status_.ok() && "a Result needs a value or an error");
  }

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }

  // Precondition: ok().
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace sessionstore

#endif  // SESSIONSTORE_RESULT_H_
