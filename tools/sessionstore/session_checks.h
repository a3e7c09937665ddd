// The checks of `sessionstore verify` on one session, shared with
// `repair` (which checks again after it mends): every line reads, seqs
// increase, entry ids are unique, parents and the entries that records name
// exist, tool calls have results, and the store's derived summary (the
// catalog on files) matches the session.

#ifndef SESSIONSTORE_TOOLS_SESSION_CHECKS_H_
#define SESSIONSTORE_TOOLS_SESSION_CHECKS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "sessionstore/store.h"

namespace sessionstore::cli {

struct Finding {
  std::string session;
  std::string place;  // file path, or the store's name for the session
  int64_t line = -1;  // 1-based; -1 if it is not one line's
  std::string kind;
  std::string message;
};

// Adds the findings on session `id` to `out`. `row`: the session's row in
// the store's listing; null if it has none.
void CheckSession(Store& store, const std::string& id, const SessionInfo* row, std::vector<Finding>* out);

// Prints one finding: "place:line: kind: message", or with `json` one JSON
// object (session, place, line, kind, message).
void PrintFinding(const Finding& f, bool json);

}  // namespace sessionstore::cli

#endif  // SESSIONSTORE_TOOLS_SESSION_CHECKS_H_
