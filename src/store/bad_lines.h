// The one policy for a stored line that does not read as an entry, on every
// backend and every read (load, cursor, walk, rewrite): with
// ReadOptions::strict the read fails with that line's Corruption; else the
// line is skipped and reported in the read's LoadReport. Either way the
// error names the place (file, or "postgresql:<id>"), the line and, where
// there is one, the byte offset. Nothing stored is changed because of it.

#ifndef SESSIONSTORE_STORE_BAD_LINES_H_
#define SESSIONSTORE_STORE_BAD_LINES_H_

#include <cstddef>
#include <string_view>
#include <vector>

#include "sessionstore/options.h"
#include "sessionstore/session.h"
#include "sessionstore/status.h"

namespace sessionstore::store {

// `why` (a Corruption from the decoder, or LineTooLong) with `where` added
// (op "read" unless it names one): returned with strict, else appended to
// `skipped`, and OK returned.
Status SkipOrFail(const Status& why, ErrorContext where, const ReadOptions& options, std::vector<SkippedLine>* skipped);

// The reason a line longer than ReadOptions::max_line_bytes is bad.
Status LineTooLong(const ReadOptions& options);

// FailedPrecondition if `report` holds lines that did not read as entries:
// a rewrite of the session by `op` would drop them.
Status RefuseToDropBadLines(const LoadReport& report, std::string_view op);

}  // namespace sessionstore::store

#endif  // SESSIONSTORE_STORE_BAD_LINES_H_
