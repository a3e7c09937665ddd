// Summarize a session for a listing by reading its file once.

#ifndef SESSIONSTORE_FILE_SESSION_SCAN_H_
#define SESSIONSTORE_FILE_SESSION_SCAN_H_

#include <string_view>

#include "file/session_files.h"
#include "sessionstore/options.h"
#include "sessionstore/result.h"
#include "sessionstore/session.h"

namespace sessionstore::file {

// The listing row of one session (see SessionInfo for how each field is
// derived). Bad lines are skipped as in Load; a strict ReadOptions makes them
// errors.
Result<SessionInfo> ScanSession(const SessionFiles& files, std::string_view id,
                                const ReadOptions& options);

}  // namespace sessionstore::file

#endif  // SESSIONSTORE_FILE_SESSION_SCAN_H_
