// Status: the outcome of a sessionstore call, with a code that says what the
// caller should do next and the context of the failure as fields.
//
// No exception crosses the sessionstore API: every fallible call returns a
// Status or a Result<T>. A Status is a cheap value (a shared pointer; OK is
// null); copies share their immutable state, so a Status may be read from any
// number of threads.

#ifndef SESSIONSTORE_STATUS_H_
#define SESSIONSTORE_STATUS_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace sessionstore {

// Chosen by what the caller does next.
enum class StatusCode {
  kOk = 0,
  kNotFound,            // no such session or entry
  kInvalidArgument,     // the call's input breaks a rule; the message names it
  kAlreadyExists,       // a session with that id exists
  kCorruption,          // stored data is damaged; context names file, line, offset
  kIOError,             // the system refused; context names the errno
  kBusy,                // another writer holds the session; retry later
  kUnavailable,         // the backend is down or overloaded; retry later
  kFailedPrecondition,  // the object refuses work, e.g. a writer after a failed sync
  kNotSupported,        // the data needs a newer sessionstore (newer format version)
  kPermissionDenied,    // the store refused who the caller is (a wrong password); retrying will not help
};

// Where a failure happened. Unset fields are empty or -1 / 0.
struct ErrorContext {
  std::string op;       // the operation, e.g. "append", "open", "load"
  std::string path;     // the file, relative to the store where possible
  int sys_errno = 0;    // errno of the failed system call, 0 if none
  int64_t line = -1;    // 1-based line number in a JSONL file
  int64_t offset = -1;  // byte offset of that line's first byte
};

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK

  static Status OK() { return Status(); }
  static Status NotFound(std::string msg, ErrorContext ctx = {});
  static Status InvalidArgument(std::string msg, ErrorContext ctx = {});
  static Status AlreadyExists(std::string msg, ErrorContext ctx = {});
  static Status Corruption(std::string msg, ErrorContext ctx = {});
  static Status IOError(std::string msg, ErrorContext ctx = {});
  static Status Busy(std::string msg, ErrorContext ctx = {});
  static Status Unavailable(std::string msg, ErrorContext ctx = {});
  static Status FailedPrecondition(std::string msg, ErrorContext ctx = {});
  static Status NotSupported(std::string msg, ErrorContext ctx = {});
  static Status PermissionDenied(std::string msg, ErrorContext ctx = {});
  // An IOError for a failed system call: message is strerror(err).
  static Status FromErrno(int err, std::string op, std::string path);

  bool ok() const { return state_ == nullptr; }
  StatusCode code() const { return state_ ? state_->code : StatusCode::kOk; }
  // The message without the context; empty for OK.
  const std::string& message() const;
  const ErrorContext& context() const;

  // "Corruption: sessions/x.jsonl:1042 (offset 88312): unterminated string" or
  // "IO error: append sessions/x.jsonl: No space left on device".
  std::string ToString() const;

  // The same failure with more context: fields already set are kept.
  Status WithContext(const ErrorContext& more) const;

 private:
  struct State {
    StatusCode code;
    std::string message;
    ErrorContext context;
  };
  Status(StatusCode code, std::string msg, ErrorContext ctx);

  std::shared_ptr<const State> state_;
};

std::string_view StatusCodeName(StatusCode code);

}  // namespace sessionstore

#endif  // SESSIONSTORE_STATUS_H_
