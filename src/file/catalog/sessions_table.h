// The catalog's tables as its reading and its reconciling share them: the
// schema (catalog_schema.cc makes it), the columns of a session's row and
// how a row becomes a listing's summary.

#ifndef SESSIONSTORE_FILE_CATALOG_SESSIONS_TABLE_H_
#define SESSIONSTORE_FILE_CATALOG_SESSIONS_TABLE_H_

#include <sys/stat.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "history/session_summary.h"
#include "sqlite/sqlite_db.h"

namespace sessionstore::file {

// How long a catalog call waits out other processes' locks.
inline constexpr std::chrono::milliseconds kCatalogBusy{10000};

// The columns of `sessions` that StateFromRow reads, in this order, then
// the file's size (13), how far the summary (14) and the text (15) are
// indexed, the listing's labels (16, EncodeLabelList) and the file's
// modification time (17, MtimeNs).
inline constexpr std::string_view kSessionColumns =
    "id, archived, workspace, explicit_title, first_user_title, created_ms, updated_ms, message_count, model, "
    "provider, cost_usd, parent_session, parent_entry, file_size, indexed_offset, text_offset, label_list, "
    "file_mtime_ns, usage_buckets";

// A row of `sessions` (selected as kSessionColumns) as a summary state;
// labels are the caller's.
history::SummaryState StateFromRow(const sqlite::Statement& row);

// SessionInfo::labels as the row keeps them, so that a listing reads no
// other table: each label as <bytes>:<label>, one after the other.
std::string EncodeLabelList(const std::vector<std::string>& labels);
std::vector<std::string> DecodeLabelList(std::string_view list);

// A file's modification time in nanoseconds, as rows keep it.
inline int64_t MtimeNs(const struct stat& st) {
  return static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
}

}  // namespace sessionstore::file

#endif  // SESSIONSTORE_FILE_CATALOG_SESSIONS_TABLE_H_
