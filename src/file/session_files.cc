#include "file/session_files.h"

#include <fcntl.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <tuple>

#include "format/ids.h"
#include "store/errors.h"

namespace sessionstore::file {

namespace {

constexpr mode_t kDirMode = 0700;
constexpr mode_t kFileMode = 0600;
constexpr std::string_view kSuffix = ".jsonl";
// Temporary files: .tmp-<random>-<id>.jsonl.
constexpr std::string_view kTempPrefix = ".tmp-";
constexpr char kRepairDir[] = "repair";

// Opens (creating if asked) a directory below `parent_fd` without following
// a symlink in its place.
// Opens the directory `name` of the store, making it (0700) with
// `create`; *made says whether it did.
Status OpenDir(io::Fs* fs, int parent_fd, const char* name, bool create, const std::string& path, io::Fd* out,
               bool* made) {
  *made = false;
  if (create) {
    if (fs->MkdirAt(parent_fd, name, kDirMode) == 0) {
      int fd = fs->OpenAt(parent_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW, 0);
      if (fd < 0) return Status::FromErrno(errno, "open store", path);
      *out = io::Fd(fs, fd);
      *made = true;
      if (fs->FChmod(fd, kDirMode) != 0) return Status::FromErrno(errno, "chmod", path);
      return Status::OK();
    }
    if (errno != EEXIST) return Status::FromErrno(errno, "create directory", path);
  }
  int fd = fs->OpenAt(parent_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW, 0);
  if (fd < 0) {
    if (errno == ELOOP || errno == ENOTDIR) {
      return Status::Corruption("not a directory (a symlink is never followed)",
                                ErrorContext{.op = "open store", .path = path});
    }
    if (errno == ENOENT) {
      return Status::NotFound("no store here", ErrorContext{.op = "open store", .path = path});
    }
    return Status::FromErrno(errno, "open store", path);
  }
  *out = io::Fd(fs, fd);
  return Status::OK();
}

}  // namespace

Result<std::unique_ptr<SessionFiles>> SessionFiles::Open(io::Fs* fs, std::string root, bool create) {
  while (root.size() > 1 && root.back() == '/') root.pop_back();
  std::unique_ptr<SessionFiles> f(new SessionFiles(fs, root));
  if (create) {
    // Create the root and any missing parents, like mkdir -p, each 0700
    // whatever the umask.
    for (size_t pos = 0; pos != std::string::npos;) {
      pos = root.find('/', pos + 1);
      std::string prefix = root.substr(0, pos);
      if (fs->MkdirAt(AT_FDCWD, prefix.c_str(), kDirMode) == 0) {
        io::Fd dir(fs, fs->OpenAt(AT_FDCWD, prefix.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW, 0));
        if (!dir.valid() || fs->FChmod(dir.get(), kDirMode) != 0) {
          return Status::FromErrno(errno, "create store", prefix);
        }
      } else if (errno != EEXIST) {
        return Status::FromErrno(errno, "create store", prefix);
      }
    }
  }
  const Status no_store = Status::NotFound("no store at " + root + " (a store has a sessions directory)");
  int fd = fs->OpenAt(AT_FDCWD, root.c_str(), O_RDONLY | O_DIRECTORY, 0);
  if (fd < 0) {
    if (errno == ENOENT) return no_store;
    return Status::FromErrno(errno, "open store", root);
  }
  f->root_fd_ = io::Fd(fs, fd);
  struct stat st;
  if (fs->FStat(fd, &st) != 0) return Status::FromErrno(errno, "open store", root);
  f->owner_ = st.st_uid;
  f->group_ = st.st_gid;
  // Without `create`, a directory is a store only if it has its sessions
  // directory: nothing is made in a directory that is not one.
  for (auto [name, dir] :
       {std::pair{"sessions", &f->sessions_}, std::pair{"archive", &f->archive_}, std::pair{"locks", &f->locks_}}) {
    const bool make = create || dir != &f->sessions_;
    const std::string path = root + "/" + name;
    bool made = false;
    if (Status s = OpenDir(fs, fd, name, make, path, dir, &made); !s.ok()) {
      return s.code() == StatusCode::kNotFound ? no_store : s;
    }
    if (made) {
      if (Status s = f->KeepOwner(dir->get(), path); !s.ok()) return s;
    }
  }
  return f;
}

Status SessionFiles::KeepOwner(int fd, const std::string& path) const {
  if (::geteuid() == owner_) return Status::OK();
  if (fs_->FChown(fd, owner_, group_) != 0) return Status::FromErrno(errno, "chown", path);
  return Status::OK();
}

namespace {

// Why a file at a session's name is not read, in words.
std::string NotASessionFile(mode_t mode) {
  if (S_ISLNK(mode)) return "a symbolic link, not a session file (a link is never followed)";
  if (S_ISDIR(mode)) return "a directory, not a session file";
  if (S_ISFIFO(mode)) return "a FIFO, not a session file";
  if (S_ISSOCK(mode)) return "a socket, not a session file";
  return "a device, not a session file";
}

}  // namespace

std::string SessionFiles::PathOf(Where where, std::string_view id) const {
  return root_ + (where == Where::kArchived ? "/archive/" : "/sessions/") + FileName(id);
}

Result<Where> SessionFiles::Locate(std::string_view id) const {
  // Every way to a session file passes here first: no name is built from an
  // id that could leave the store.
  if (Status s = format::ValidateSessionId(id); !s.ok()) return s;
  const std::string name = FileName(id);
  for (Where where : {Where::kLive, Where::kArchived}) {
    struct stat st;
    if (fs_->FStatAt(dir_fd(where), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
      if (errno == ENOENT) continue;
      return Status::FromErrno(errno, "stat", PathOf(where, id));
    }
    if (!S_ISREG(st.st_mode)) {
      return Status::Corruption(NotASessionFile(st.st_mode), ErrorContext{.op = "open", .path = PathOf(where, id)});
    }
    return where;
  }
  return Where::kNone;
}

Result<io::Fd> SessionFiles::OpenSession(std::string_view id, bool for_append, Where* where) const {
  Result<Where> found = Locate(id);
  if (!found.ok()) return found.status();
  if (*found == Where::kNone) {
    return store::NoSuchSession(id);
  }
  *where = *found;
  const std::string name = FileName(id);
  int flags = (for_append ? O_RDWR | O_APPEND : O_RDONLY) | O_NOFOLLOW;
  int fd = fs_->OpenAt(dir_fd(*where), name.c_str(), flags, 0);
  if (fd < 0) {
    if (errno == ENOENT) return store::NoSuchSession(id);
    if (errno == ELOOP) {
      return Status::Corruption("is a symlink; never followed", ErrorContext{.op = "open", .path = PathOf(*where, id)});
    }
    return Status::FromErrno(errno, "open", PathOf(*where, id));
  }
  io::Fd file(fs_, fd);
  struct stat st;
  if (fs_->FStat(fd, &st) != 0) return Status::FromErrno(errno, "stat", PathOf(*where, id));
  if (!S_ISREG(st.st_mode)) {
    return Status::Corruption(NotASessionFile(st.st_mode), ErrorContext{.op = "open", .path = PathOf(*where, id)});
  }
  return file;
}

Status SessionFiles::SyncDir(Where where, std::string_view op) const {
  if (fs_->FSync(dir_fd(where)) != 0) {
    return Status::FromErrno(errno, std::string(op), root_ + (where == Where::kArchived ? "/archive" : "/sessions"));
  }
  return Status::OK();
}

Result<std::string> SessionFiles::WriteTempFile(int dir_fd, std::string_view id, std::string_view content,
                                                const std::string& path) const {
  // A leading '.' keeps the temporary name out of every listing: ids never
  // start with one.
  const std::string tmp = std::string(kTempPrefix) + std::to_string(format::RandomU64()) + "-" + FileName(id);
  int fd = fs_->OpenAt(dir_fd, tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, kFileMode);
  if (fd < 0) return Status::FromErrno(errno, "write", path);
  io::Fd file(fs_, fd);
  size_t written = 0;
  Status s;
  if (fs_->FChmod(fd, kFileMode) != 0) s = Status::FromErrno(errno, "write", path);
  if (s.ok()) s = KeepOwner(fd, path);
  if (s.ok()) s = io::WriteAll(fs_, fd, content, &written, "write", path);
  if (s.ok() && fs_->FSync(fd) != 0) s = Status::FromErrno(errno, "sync", path);
  if (!s.ok()) {
    fs_->UnlinkAt(dir_fd, tmp.c_str(), 0);
    return s;
  }
  return tmp;
}

Status SessionFiles::CreateSessionFile(std::string_view id, Where where, std::string_view content) const {
  const std::string path = PathOf(where, id);
  const int dir = dir_fd(where);
  Result<std::string> tmp = WriteTempFile(dir, id, content, path);
  if (!tmp.ok()) return tmp.status();
  // link(2), unlike rename(2), never replaces an existing file.
  const std::string name = FileName(id);
  const int rc = fs_->LinkAt(dir, tmp->c_str(), dir, name.c_str());
  const int err = errno;
  fs_->UnlinkAt(dir, tmp->c_str(), 0);
  if (rc != 0) {
    if (err == EEXIST) return Status::AlreadyExists("session \"" + std::string(id) + "\" exists");
    return Status::FromErrno(err, "create", path);
  }
  return SyncDir(where, "create");
}

Status SessionFiles::ReplaceSessionFile(std::string_view id, Where where, std::string_view content) const {
  const std::string path = PathOf(where, id);
  const int dir = dir_fd(where);
  Result<std::string> tmp = WriteTempFile(dir, id, content, path);
  if (!tmp.ok()) return tmp.status();
  const std::string name = FileName(id);
  if (fs_->RenameAt(dir, tmp->c_str(), dir, name.c_str()) != 0) {
    const int err = errno;
    fs_->UnlinkAt(dir, tmp->c_str(), 0);
    return Status::FromErrno(err, "replace", path);
  }
  return SyncDir(where, "replace");
}

std::string SessionFiles::RepairPath(std::string_view id, std::string_view kind) const {
  return root_ + "/" + kRepairDir + "/" + std::string(id) + "." + std::string(kind) + std::string(kSuffix);
}

Result<io::Fd> SessionFiles::OpenRepairDir() const {
  const std::string path = root_ + "/" + kRepairDir;
  io::Fd dir;
  bool made = false;
  if (Status s = OpenDir(fs_, root_fd_.get(), kRepairDir, true, path, &dir, &made); !s.ok()) return s;
  if (made) {
    if (Status s = KeepOwner(dir.get(), path); !s.ok()) return s;
    if (fs_->FSync(root_fd_.get()) != 0) return Status::FromErrno(errno, "sync", root_);
  }
  return dir;
}

Status SessionFiles::AppendRejected(std::string_view id, std::string_view lines) const {
  const std::string path = RepairPath(id, "rejected");
  Result<io::Fd> dir = OpenRepairDir();
  if (!dir.ok()) return dir.status();
  const std::string name = path.substr(path.rfind('/') + 1);
  struct stat st;
  const bool existed = fs_->FStatAt(dir->get(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0;
  const int fd = fs_->OpenAt(dir->get(), name.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW, kFileMode);
  if (fd < 0) return Status::FromErrno(errno, "set aside", path);
  io::Fd file(fs_, fd);
  size_t written = 0;
  if (Status s = KeepOwner(fd, path); !s.ok()) return s;
  if (Status s = io::WriteAll(fs_, fd, lines, &written, "set aside", path); !s.ok()) return s;
  if (fs_->FSync(fd) != 0) return Status::FromErrno(errno, "sync", path);
  if (!existed && fs_->FSync(dir->get()) != 0) return Status::FromErrno(errno, "sync", root_ + "/" + kRepairDir);
  return Status::OK();
}

Status SessionFiles::KeepBackup(std::string_view id, std::string_view content) const {
  const std::string path = RepairPath(id, "backup");
  Result<io::Fd> dir = OpenRepairDir();
  if (!dir.ok()) return dir.status();
  Result<std::string> tmp = WriteTempFile(dir->get(), id, content, path);
  if (!tmp.ok()) return tmp.status();
  const std::string name = path.substr(path.rfind('/') + 1);
  if (fs_->RenameAt(dir->get(), tmp->c_str(), dir->get(), name.c_str()) != 0) {
    const int err = errno;
    fs_->UnlinkAt(dir->get(), tmp->c_str(), 0);
    return Status::FromErrno(err, "back up", path);
  }
  if (fs_->FSync(dir->get()) != 0) return Status::FromErrno(errno, "sync", root_ + "/" + kRepairDir);
  return Status::OK();
}

Status SessionFiles::Move(std::string_view id, Where from, Where to) const {
  const std::string name = FileName(id);
  const int from_fd = dir_fd(from), to_fd = dir_fd(to);
  if (fs_->LinkAt(from_fd, name.c_str(), to_fd, name.c_str()) != 0) {
    int err = errno;
    if (err != EEXIST) return Status::FromErrno(err, "move", PathOf(from, id));
    // Already linked there by a move that stopped half-way? Only then is
    // removing the old name safe.
    struct stat a, b;
    if (fs_->FStatAt(from_fd, name.c_str(), &a, AT_SYMLINK_NOFOLLOW) != 0 ||
        fs_->FStatAt(to_fd, name.c_str(), &b, AT_SYMLINK_NOFOLLOW) != 0 || a.st_ino != b.st_ino ||
        a.st_dev != b.st_dev) {
      return Status::AlreadyExists("a different file is in the way",
                                   ErrorContext{.op = "move", .path = PathOf(to, id)});
    }
  }
  if (Status s = SyncDir(to, "move"); !s.ok()) return s;
  if (fs_->UnlinkAt(from_fd, name.c_str(), 0) != 0) {
    return Status::FromErrno(errno, "move", PathOf(from, id));
  }
  return SyncDir(from, "move");
}

Status SessionFiles::Remove(std::string_view id, Where where) const {
  const std::string name = FileName(id);
  if (fs_->UnlinkAt(dir_fd(where), name.c_str(), 0) != 0) {
    return Status::FromErrno(errno, "delete", PathOf(where, id));
  }
  return SyncDir(where, "delete");
}

Result<std::vector<SessionFiles::FileInfo>> SessionFiles::ListFiles(Where where,
                                                                    std::vector<std::string>* temp_files) const {
  std::vector<std::string> names;
  if (fs_->ListDir(dir_fd(where), &names) != 0) {
    return Status::FromErrno(errno, "list", root_ + (where == Where::kArchived ? "/archive" : "/sessions"));
  }
  std::vector<FileInfo> files;
  files.reserve(names.size());
  for (std::string& n : names) {
    if (n.size() <= kSuffix.size() || !n.ends_with(kSuffix)) continue;
    if (temp_files != nullptr && !TempFileOwner(n).empty()) temp_files->push_back(n);
    n.resize(n.size() - kSuffix.size());
    FileInfo f;
    if (!StatFile(where, n, &f)) continue;
    f.id = std::move(n);
    files.push_back(std::move(f));
  }
  return files;
}

bool SessionFiles::StatFile(Where where, std::string_view id, FileInfo* info) const {
  if (!format::ValidateSessionId(id).ok()) return false;
  if (fs_->FStatAt(dir_fd(where), FileName(id).c_str(), &info->st, AT_SYMLINK_NOFOLLOW) != 0 ||
      !S_ISREG(info->st.st_mode)) {
    return false;
  }
  info->id = std::string(id);
  return true;
}

std::string SessionFiles::TempFileOwner(std::string_view name) {
  if (!name.starts_with(kTempPrefix) || !name.ends_with(kSuffix)) return {};
  name.remove_prefix(kTempPrefix.size());
  const size_t dash = name.find('-');
  if (dash == std::string_view::npos) return {};
  name = name.substr(dash + 1, name.size() - dash - 1 - kSuffix.size());
  return format::ValidateSessionId(name).ok() ? std::string(name) : std::string();
}

void SessionFiles::RemoveTempFile(Where where, std::string_view name) const {
  if (TempFileOwner(name).empty()) return;
  fs_->UnlinkAt(dir_fd(where), std::string(name).c_str(), 0);
}

Result<std::vector<std::string>> SessionFiles::ListLocks() const {
  constexpr std::string_view kLockSuffix = ".lock";
  std::vector<std::string> names;
  if (fs_->ListDir(locks_fd(), &names) != 0) return Status::FromErrno(errno, "list", root_ + "/locks");
  std::erase_if(names, [&](std::string& n) {
    if (n.size() <= kLockSuffix.size() || !n.ends_with(kLockSuffix)) return true;
    n.resize(n.size() - kLockSuffix.size());
    return !format::ValidateSessionId(n).ok();
  });
  return names;
}

Result<SessionFiles::DirTimes> SessionFiles::DirectoryTimes() const {
  DirTimes times;
  for (auto [fd, name, into] :
       {std::tuple{sessions_.get(), "/sessions", &times.live}, std::tuple{archive_.get(), "/archive", &times.archived},
        std::tuple{locks_.get(), "/locks", &times.locks}}) {
    struct stat st;
    if (fs_->FStat(fd, &st) != 0) return Status::FromErrno(errno, "stat", root_ + name);
    *into = st.st_ctim;
  }
  return times;
}

Result<bool> SessionFiles::EnsurePrivateFile(std::string_view name) const {
  const std::string n(name);
  bool made = true;
  int fd = fs_->OpenAt(root_fd_.get(), n.c_str(), O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW, kFileMode);
  if (fd < 0 && errno == EEXIST) {
    made = false;
    fd = fs_->OpenAt(root_fd_.get(), n.c_str(), O_RDWR | O_NOFOLLOW, 0);
  }
  io::Fd file(fs_, fd);
  if (!file.valid()) return Status::FromErrno(errno, "open", root_ + "/" + n);
  if (fs_->FChmod(fd, kFileMode) != 0) return Status::FromErrno(errno, "chmod", root_ + "/" + n);
  if (Status s = KeepOwner(fd, root_ + "/" + n); !s.ok()) return s;
  return made;
}

Result<std::string> SessionFiles::MoveAsideIfNotAFile(std::string_view name) const {
  const std::string n(name);
  struct stat st;
  if (fs_->FStatAt(root_fd_.get(), n.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
    if (errno == ENOENT) return std::string();
    return Status::FromErrno(errno, "stat", root_ + "/" + n);
  }
  if (S_ISREG(st.st_mode)) return std::string();
  const char* what = S_ISDIR(st.st_mode)    ? "a directory"
                     : S_ISLNK(st.st_mode)  ? "a symlink"
                     : S_ISFIFO(st.st_mode) ? "a FIFO"
                     : S_ISSOCK(st.st_mode) ? "a socket"
                                            : "a device";
  const std::string aside = n + ".aside-" + std::to_string(format::RandomU64() % 1000000);
  if (fs_->RenameAt(root_fd_.get(), n.c_str(), root_fd_.get(), aside.c_str()) != 0) {
    return Status::FromErrno(errno, "move aside", root_ + "/" + n);
  }
  return root_ + "/" + n + " was " + what + ", not a file: moved to " + aside;
}

Status SessionFiles::WithDiskState(Status s) const {
  struct statvfs v;
  if (s.ok() || s.code() != StatusCode::kIOError || ::fstatvfs(root_fd_.get(), &v) != 0) return s;
  const char* full = v.f_bavail == 0   ? "the file system is full"
                     : v.f_favail == 0 ? "the file system has no free inodes"
                                       : nullptr;
  if (full == nullptr) return s;
  return Status::IOError(s.message() + " (" + full + ")", s.context());
}

Status SessionFiles::RemovePrivateFile(std::string_view name) const {
  const std::string n(name);
  if (fs_->UnlinkAt(root_fd_.get(), n.c_str(), 0) != 0 && errno != ENOENT) {
    return Status::FromErrno(errno, "remove", root_ + "/" + n);
  }
  return Status::OK();
}

}  // namespace sessionstore::file
