// Store: the sessions of one store location, behind one backend-neutral
// contract.
//
//   auto store = sessionstore::Store::Open("/home/me/.local/share/sessionstore");
//   auto header = (*store)->Create({.workspace = "/src/app"});
//   auto writer = (*store)->OpenWriter(header->id);
//   auto id = (*writer)->Append(Record::FromMessage(Message::User("hello")));
//
// A Store is thread-safe: any number of threads may call it at once, and any
// number of processes may open the same location. Readers (Load, Read, List,
// Latest, Exists) never lock and never see a torn last line. Calls that change
// a session (OpenWriter, Delete, Archive, Restore, Rename, Create) take that
// session's writer lock and fail with Busy while another writer holds it.

#ifndef SESSIONSTORE_STORE_H_
#define SESSIONSTORE_STORE_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sessionstore/cursor.h"
#include "sessionstore/options.h"
#include "sessionstore/result.h"
#include "sessionstore/session.h"
#include "sessionstore/writer.h"

namespace sessionstore {

class Store {
 public:
  // Opens the store at `location`, a directory (the JSONL file store).
  static Result<std::unique_ptr<Store>> Open(std::string_view location,
                                             const StoreOptions& options = {});

  virtual ~Store() = default;

  // Creates a session and returns its header. The header line is on disk
  // (fsynced, directory synced) when it returns. AlreadyExists if the id is
  // taken, live or archived.
  virtual Result<SessionHeader> Create(const NewSession& session) = 0;
  // The existing session's header, or Create(session). `session.id` is
  // required.
  virtual Result<SessionHeader> GetOrCreate(const NewSession& session) = 0;
  // Live or archived.
  virtual Result<bool> Exists(std::string_view id) = 0;

  // The whole session. Bad lines are skipped and reported (or fatal with
  // ReadOptions::strict); a torn last line is left out and reported.
  virtual Result<Session> Load(std::string_view id) = 0;
  // A cursor over the entries, from the start or the last N.
  virtual Result<std::unique_ptr<Cursor>> Read(std::string_view id,
                                               const CursorOptions& options = {}) = 0;

  // Summaries, newest-updated first.
  virtual Result<std::vector<SessionInfo>> List(const ListOptions& options = {}) = 0;
  // The most recently updated live session of `workspace` (any workspace if
  // empty); NotFound if there is none.
  virtual Result<SessionInfo> Latest(std::string_view workspace = {}) = 0;

  // Takes the session's writer lock. See writer.h.
  virtual Result<std::unique_ptr<Writer>> OpenWriter(std::string_view id,
                                                     const WriterOptions& options = {}) = 0;

  // Removes the session for good. The removal is durable on return.
  virtual Status Delete(std::string_view id) = 0;
  // Moves a session out of the default listing, and back. It still loads.
  // Durable on return.
  virtual Status Archive(std::string_view id) = 0;
  virtual Status Restore(std::string_view id) = 0;
  // Appends a title record (synced).
  virtual Status Rename(std::string_view id, std::string_view title) = 0;
};

}  // namespace sessionstore

#endif  // SESSIONSTORE_STORE_H_
