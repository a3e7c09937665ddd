#include "store/bad_lines.h"

#include <string>
#include <utility>

namespace sessionstore::store {

Status SkipOrFail(const Status& why, ErrorContext where, const ReadOptions& options,
                  std::vector<SkippedLine>* skipped) {
  if (where.op.empty()) where.op = "read";
  const int64_t line = where.line, offset = where.offset;
  Status bad = why.WithContext(where);
  if (options.strict) return bad;
  skipped->push_back(SkippedLine{.line = line, .offset = offset, .reason = std::move(bad)});
  return Status::OK();
}

Status LineTooLong(const ReadOptions& options) {
  return Status::Corruption("line longer than " + std::to_string(options.max_line_bytes) + " bytes");
}

Status RefuseToDropBadLines(const LoadReport& report, std::string_view op) {
  if (report.skipped.empty()) return Status::OK();
  return Status::FailedPrecondition(
      std::to_string(report.skipped.size()) + " bad lines would be lost; " + std::string(op) + " refuses",
      ErrorContext{.op = std::string(op), .path = report.skipped.front().reason.context().path});
}

}  // namespace sessionstore::store
