#include "sessionstore/status.h"

#include <cstring>
#include <string>

namespace sessionstore {

namespace {
const std::string& EmptyString() {
  static const std::string* empty = new std::string();
  return *empty;
}
const ErrorContext& EmptyContext() {
  static const ErrorContext* empty = new ErrorContext();
  return *empty;
}
}  // namespace

Status::Status(StatusCode code, std::string msg, ErrorContext ctx)
    : state_(std::make_shared<const State>(State{code, std::move(msg), std::move(ctx)})) {}

#define SESSIONSTORE_STATUS_FACTORY(Name)                               \
  Status Status::Name(std::string msg, ErrorContext ctx) {              \
    return Status(StatusCode::k##Name, std::move(msg), std::move(ctx)); \
  }
SESSIONSTORE_STATUS_FACTORY(NotFound)
SESSIONSTORE_STATUS_FACTORY(InvalidArgument)
SESSIONSTORE_STATUS_FACTORY(AlreadyExists)
SESSIONSTORE_STATUS_FACTORY(Corruption)
SESSIONSTORE_STATUS_FACTORY(IOError)
SESSIONSTORE_STATUS_FACTORY(Busy)
SESSIONSTORE_STATUS_FACTORY(Unavailable)
SESSIONSTORE_STATUS_FACTORY(FailedPrecondition)
SESSIONSTORE_STATUS_FACTORY(NotSupported)
SESSIONSTORE_STATUS_FACTORY(PermissionDenied)
#undef SESSIONSTORE_STATUS_FACTORY

Status Status::FromErrno(int err, std::string op, std::string path) {
  return Status(StatusCode::kIOError, std::strerror(err),
                ErrorContext{.op = std::move(op), .path = std::move(path), .sys_errno = err});
}

const std::string& Status::message() const { return state_ ? state_->message : EmptyString(); }

const ErrorContext& Status::context() const { return state_ ? state_->context : EmptyContext(); }

Status Status::WithContext(const ErrorContext& more) const {
  if (ok()) return *this;
  ErrorContext c = state_->context;
  if (c.op.empty()) c.op = more.op;
  if (c.path.empty()) c.path = more.path;
  if (c.sys_errno == 0) c.sys_errno = more.sys_errno;
  if (c.line < 0) c.line = more.line;
  if (c.offset < 0) c.offset = more.offset;
  return Status(state_->code, state_->message, std::move(c));
}

std::string_view StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return "OK";
    case StatusCode::kNotFound: return "Not found";
    case StatusCode::kInvalidArgument: return "Invalid argument";
    case StatusCode::kAlreadyExists: return "Already exists";
    case StatusCode::kCorruption: return "Corruption";
    case StatusCode::kIOError: return "IO error";
    case StatusCode::kBusy: return "Busy";
    case StatusCode::kUnavailable: return "Unavailable";
    case StatusCode::kFailedPrecondition: return "Failed precondition";
    case StatusCode::kNotSupported: return "Not supported";
    case StatusCode::kPermissionDenied: return "Permission denied";
  }
  return "Unknown";
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  const ErrorContext& c = state_->context;
  std::string s(StatusCodeName(state_->code));
  s += ": ";
  std::string where;
  if (!c.op.empty()) where += c.op;
  if (!c.path.empty()) {
    if (!where.empty()) where += ' ';
    where += c.path;
    if (c.line >= 0) where += ":" + std::to_string(c.line);
  }
  if (c.offset >= 0) {
    if (!where.empty()) where += ' ';
    where += "(offset " + std::to_string(c.offset) + ")";
  }
  if (!where.empty()) s += where + ": ";
  s += state_->message;
  return s;
}

}  // namespace sessionstore
