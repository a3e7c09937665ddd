// SessionWatch: a ChangeWatch (store/backend.h) on one session's file, by
// inotify on sessions/ and archive/: a write to the file, its replacement
// by a rewrite (compaction), its move to the archive or back, and its
// removal wake the waiter at once. Where inotify cannot be had (its limits
// reached), it polls.

#ifndef SESSIONSTORE_FILE_SESSION_WATCH_H_
#define SESSIONSTORE_FILE_SESSION_WATCH_H_

#include <memory>
#include <string>
#include <string_view>

#include "file/session_files.h"
#include "store/backend.h"

namespace sessionstore::file {

// A watch on session `id` of `files`; it shares them.
std::unique_ptr<store::ChangeWatch> WatchSessionFile(std::shared_ptr<const SessionFiles> files, std::string_view id);

}  // namespace sessionstore::file

#endif  // SESSIONSTORE_FILE_SESSION_WATCH_H_
