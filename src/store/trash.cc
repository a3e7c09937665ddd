// Store's trash: sessions moved to a store of the same kind beside this
// one (Backend::OpenTrash), and back, with the copy's checks of CopyTo.

#include <algorithm>
#include <climits>

#include "sessionstore/store.h"
#include "store/backend.h"
#include "store/errors.h"

namespace sessionstore {

Result<Store*> Store::TrashStore(bool create) {
  std::lock_guard<std::mutex> l(trash_mu_);
  if (trash_ == nullptr) {
    Result<std::unique_ptr<store::Backend>> backend = backend_->OpenTrash(create);
    if (!backend.ok()) return backend.status();
    trash_ = std::make_unique<Store>(std::move(*backend), options_);
  }
  return trash_.get();
}

Status Store::Trash(std::string_view id) {
  if (Status s = store::CheckSessionId(id, "trash"); !s.ok()) return s;
  Result<std::string> holder = WriterHolder(id);
  if (!holder.ok()) return holder.status();
  if (!holder->empty()) {
    return Status::Busy("session \"" + std::string(id) + "\" is being written by " + *holder,
                        ErrorContext{.op = "trash"});
  }
  Result<Store*> trash = TrashStore(/*create=*/true);
  if (!trash.ok()) return trash.status();
  Result<CopyReport> copied = CopyTo(id, **trash);
  if (copied.status().code() == StatusCode::kAlreadyExists) {
    // An older session of that id, trashed before: this one replaces it.
    if (Status s = (*trash)->Delete(id); !s.ok()) return s;
    copied = CopyTo(id, **trash);
  }
  if (!copied.ok()) return copied.status();
  return Delete(id);
}

Status Store::Untrash(std::string_view id) {
  if (Status s = store::CheckSessionId(id, "restore from trash"); !s.ok()) return s;
  Result<Store*> trash = TrashStore(/*create=*/false);
  if (trash.status().code() == StatusCode::kNotFound) {
    return Status::NotFound("the trash holds no session \"" + std::string(id) + "\"");
  }
  if (!trash.ok()) return trash.status();
  Result<bool> trashed = (*trash)->Exists(id);
  if (!trashed.ok()) return trashed.status();
  if (!*trashed) return Status::NotFound("the trash holds no session \"" + std::string(id) + "\"");
  Result<bool> here = Exists(id);
  if (!here.ok()) return here.status();
  if (*here) {
    return Status::AlreadyExists("session \"" + std::string(id) + "\" exists: the trashed one was left in the trash",
                                 ErrorContext{.op = "restore from trash"});
  }
  Result<CopyReport> copied = (*trash)->CopyTo(id, *this);
  if (!copied.ok()) return copied.status();
  return (*trash)->Delete(id);
}

Result<std::vector<SessionInfo>> Store::TrashList() {
  Result<Store*> trash = TrashStore(/*create=*/false);
  if (trash.status().code() == StatusCode::kNotFound) return std::vector<SessionInfo>();
  if (!trash.ok()) return trash.status();
  Result<std::vector<SessionInfo>> rows = (*trash)->List({.include_archived = true});
  if (!rows.ok()) return rows.status();
  std::stable_sort(rows->begin(), rows->end(),
                   [](const SessionInfo& a, const SessionInfo& b) { return a.stored_ms > b.stored_ms; });
  return rows;
}

Result<std::vector<SessionInfo>> Store::EmptyTrash(int64_t trashed_before_ms, const CleanupOptions& options) {
  Result<Store*> trash = TrashStore(/*create=*/false);
  if (trash.status().code() == StatusCode::kNotFound) return std::vector<SessionInfo>();
  if (!trash.ok()) return trash.status();
  // A trashed session was stored when it was trashed: after it was last
  // updated, so its age in the trash is the cleanup's age.
  return (*trash)->CleanupOlderThan(trashed_before_ms, options);
}

}  // namespace sessionstore
