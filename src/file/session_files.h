// SessionFiles: the directory layout of a file store and the only code that
// turns session ids into file names.
//
//   <root>/sessions/<id>.jsonl   live sessions
//   <root>/archive/<id>.jsonl    archived sessions
//   <root>/locks/<id>.lock       writer locks (exist while a writer holds one)
//   <root>/trash/                the store's trash: a file store of its own
//   <root>/repair/<id>.rejected.jsonl  lines repairs set aside (never removed)
//   <root>/repair/<id>.backup.jsonl    the session before its last repair
//
// (The repair files are not beside the session files: ids may hold '.', so
// "<id>.rejected.jsonl" in sessions/ would read as a session of its own.)
//
// Directories are opened once, without following symlinks, and every file is
// reached relative to them with O_NOFOLLOW: a symlink planted in the store is
// never followed, and no path is built from anything but a validated id.
// Thread-safe: the directory descriptors are read-only after Open.

#ifndef SESSIONSTORE_FILE_SESSION_FILES_H_
#define SESSIONSTORE_FILE_SESSION_FILES_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "io/fs.h"
#include "sessionstore/result.h"

namespace sessionstore::file {

enum class Where { kNone, kLive, kArchived };

// The trash's directory in the root (Store::Trash).
inline constexpr char kTrashDir[] = "trash";

// A hidden temporary file of a create or rewrite in progress, or left by one
// that crashed (SessionFiles::TempFileOwner names its session).
struct TempFile {
  Where where = Where::kLive;
  std::string name;
};

class SessionFiles {
 public:
  // Opens (creating, with `create`) the store at `root`. Directories it
  // creates are 0700 whatever the umask.
  static Result<std::unique_ptr<SessionFiles>> Open(io::Fs* fs, std::string root, bool create);

  // Gives a file or directory this process made in the store to the
  // store's owner (the owner of its root directory), so that root running
  // `compact` on a user's store leaves files that user can still open.
  // Nothing to do (and nothing done) when this process is the owner.
  Status KeepOwner(int fd, const std::string& path) const;

  io::Fs* fs() const { return fs_; }
  const std::string& root() const { return root_; }
  int dir_fd(Where where) const { return where == Where::kArchived ? archive_.get() : sessions_.get(); }
  int locks_fd() const { return locks_.get(); }
  int root_fd() const { return root_fd_.get(); }

  static std::string FileName(std::string_view id) { return std::string(id) + ".jsonl"; }
  // The full path, for messages.
  std::string PathOf(Where where, std::string_view id) const;

  // Where the session's file is. Corruption if the name exists but is not a
  // regular file (a planted symlink, a directory).
  Result<Where> Locate(std::string_view id) const;

  // Opens the session's file (read-only, or read-write for appending).
  // NotFound if there is none.
  Result<io::Fd> OpenSession(std::string_view id, bool for_append, Where* where) const;

  // Writes `content` (a header line, and entries if any) to a hidden
  // temporary file, syncs it and links it in as the session's file in
  // `where` (live or archived), then syncs the directory. AlreadyExists if
  // the name is taken. The caller holds the session's lock and has checked
  // that the other directory holds no such session.
  Status CreateSessionFile(std::string_view id, Where where, std::string_view content) const;

  // Replaces the session's file by `content` atomically: a hidden temporary
  // file, fsync, rename over the old one, directory fsync. A crash leaves
  // the old file or the new one, never a mix. The caller holds the lock.
  Status ReplaceSessionFile(std::string_view id, Where where, std::string_view content) const;

  // Moves the session's file between sessions/ and archive/ without ever
  // replacing a file, and syncs both directories. The caller holds the lock.
  Status Move(std::string_view id, Where from, Where to) const;

  // The path of a repair file of the session ("rejected" or "backup"), for
  // messages.
  std::string RepairPath(std::string_view id, std::string_view kind) const;
  // Appends `lines` to the session's rejected lines, durably. The caller
  // holds the lock.
  Status AppendRejected(std::string_view id, std::string_view lines) const;
  // Replaces the session's repair backup by `content`, atomically and
  // durably. The caller holds the lock.
  Status KeepBackup(std::string_view id, std::string_view content) const;

  // Removes the session's file and syncs the directory. The caller holds the lock.
  Status Remove(std::string_view id, Where where) const;

  // The session files in a directory with their stat, in no particular
  // order. Names that are not valid ids or not regular files (a planted
  // symlink) are left out. With `temp_files`, also the names of the hidden
  // temporary files there (being written now, or left by a crash).
  struct FileInfo {
    std::string id;
    struct stat st;
  };
  Result<std::vector<FileInfo>> ListFiles(Where where, std::vector<std::string>* temp_files = nullptr) const;

  // The session a temporary file name was made for; empty if `name` is not
  // one.
  static std::string TempFileOwner(std::string_view name);
  // Removes a temporary file. The caller holds the lock of its owner, so
  // nobody is writing it.
  void RemoveTempFile(Where where, std::string_view name) const;
  // The same for one session in one directory: false if it has no file
  // there (or not a regular one).
  bool StatFile(Where where, std::string_view id, FileInfo* info) const;

  // The ids of the sessions that have a lock file: held by a writer now, or
  // left behind by one that died.
  Result<std::vector<std::string>> ListLocks() const;

  // The change times (ctime, which no program can set) of sessions/,
  // archive/ and locks/. Every create, delete, move and rewrite of a
  // session file changes one of the first two, and every writer creates and
  // removes a lock file; only a program other than sessionstore editing a
  // file in place changes none of them.
  struct DirTimes {
    struct timespec live, archived, locks;
  };
  Result<DirTimes> DirectoryTimes() const;

  // Creates <root>/<name> as an empty 0600 file if it does not exist (never
  // through a symlink), for files the store keeps beside the sessions.
  // Whether it made it.
  Result<bool> EnsurePrivateFile(std::string_view name) const;
  // If <root>/<name> is there and is not a plain file (a directory, FIFO,
  // symlink, ...), renames it to <name>.aside-<n> and says what it was and
  // where it went, for a file that is only a cache; else says nothing.
  Result<std::string> MoveAsideIfNotAFile(std::string_view name) const;
  // `s`, saying so if the store's file system is full (of bytes or of
  // inodes): SQLite's "disk I/O error" or "unable to open database file"
  // do not.
  Status WithDiskState(Status s) const;
  // Removes <root>/<name> if it is there.
  Status RemovePrivateFile(std::string_view name) const;

 private:
  SessionFiles(io::Fs* fs, std::string root) : fs_(fs), root_(std::move(root)) {}

  // fsync(2) of a session directory; an error names the directory.
  Status SyncDir(Where where, std::string_view op) const;

  // The repair directory, made (0700) and synced into the root if missing.
  Result<io::Fd> OpenRepairDir() const;

  // Writes `content` to a new hidden temporary file in `dir_fd` and syncs it;
  // returns its name. On error nothing is left behind.
  Result<std::string> WriteTempFile(int dir_fd, std::string_view id, std::string_view content,
                                    const std::string& path) const;

  io::Fs* fs_;
  std::string root_;
  uid_t owner_ = 0;  // the root directory's owner and group
  gid_t group_ = 0;
  io::Fd root_fd_;
  io::Fd sessions_;
  io::Fd archive_;
  io::Fd locks_;
};

}  // namespace sessionstore::file

#endif  // SESSIONSTORE_FILE_SESSION_FILES_H_
