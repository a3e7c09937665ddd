// SessionLock: the writer lock of one session, held across processes and
// within one.
//
// The lock is an open-file-description lock (F_OFD_SETLK) on
// <root>/locks/<id>.lock, which holds the holder's pid for messages. The
// kernel releases it when the holder closes it or dies, so a crashed writer
// never leaves a stale lock; the pid in the file is only informative. Taking
// it never blocks: a held lock is Busy naming the holder's pid.
//
// The lock file is removed on release while the lock is still held; a taker
// checks after locking that the file it locked is still the one at the path,
// so two holders can never both believe they hold it.

#ifndef SESSIONSTORE_FILE_SESSION_LOCK_H_
#define SESSIONSTORE_FILE_SESSION_LOCK_H_

#include <memory>
#include <string>
#include <string_view>

#include "file/session_files.h"
#include "io/fs.h"
#include "sessionstore/result.h"

namespace sessionstore::file {

class SessionLock {
 public:
  // Busy if another open description holds it (in this process or another).
  // The lock shares `files`: it stays valid when the store is gone.
  static Result<SessionLock> Acquire(std::shared_ptr<const SessionFiles> files, std::string_view id);
  // Who holds the lock of session `id` now ("pid 1234"), empty if no one;
  // takes nothing and changes nothing.
  static Result<std::string> Holder(const SessionFiles& files, std::string_view id);

  SessionLock(SessionLock&&) = default;
  SessionLock& operator=(SessionLock&&) = default;
  ~SessionLock() { Release(); }

  // Removes the lock file and closes it (releasing the lock). Idempotent.
  void Release();

 private:
  SessionLock(std::shared_ptr<const SessionFiles> files, std::string name, io::Fd fd)
      : files_(std::move(files)), name_(std::move(name)), fd_(std::move(fd)) {}

  std::shared_ptr<const SessionFiles> files_;
  std::string name_;
  io::Fd fd_;
};

}  // namespace sessionstore::file

#endif  // SESSIONSTORE_FILE_SESSION_LOCK_H_
