#include "testing/power_loss_fs.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace sessionstore::testing {

namespace fs = std::filesystem;

namespace {

bool Modelled(const std::string& name) { return !name.starts_with("catalog.sqlite"); }

std::string PathOfFd(int fd) {
  std::error_code ec;
  return fs::read_symlink("/proc/self/fd/" + std::to_string(fd), ec).string();
}

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace

PowerLossFs::PowerLossFs(std::string root) : root_(fs::canonical(root).string()) {
  SnapshotDir(root_);
  for (const auto& e : fs::recursive_directory_iterator(root_)) {
    if (e.is_directory() && !e.is_symlink()) SnapshotDir(e.path().string());
  }
  // What is there now is durable.
  for (const auto& [dir, entries] : dirs_) {
    for (const auto& [name, id] : entries) content_[id] = ReadAll(fs::path(dir) / name);
  }
}

void PowerLossFs::FailAt(long n, int err, bool forever, bool short_write) {
  std::lock_guard<std::mutex> l(mu_);
  fail_at_ = n;
  fail_errno_ = err;
  fail_forever_ = forever;
  short_write_ = short_write;
}

bool PowerLossFs::Inject() {
  ++ops_;
  if (fail_at_ == 0 || ops_ < fail_at_ || (ops_ > fail_at_ && !fail_forever_)) return false;
  errno = fail_errno_;
  return true;
}

PowerLossFs::FileId PowerLossFs::IdOf(ino_t ino) {
  auto [it, added] = ids_.emplace(ino, 0);
  if (added) it->second = ++next_id_;
  return it->second;
}

void PowerLossFs::SnapshotDir(const std::string& path) {
  std::map<std::string, FileId>& entries = dirs_[path];
  entries.clear();
  for (const auto& e : fs::directory_iterator(path)) {
    const std::string name = e.path().filename().string();
    if (!e.is_regular_file() || e.is_symlink() || !Modelled(name)) continue;
    struct stat st;
    if (::lstat(e.path().c_str(), &st) == 0) entries[name] = IdOf(st.st_ino);
  }
}

void PowerLossFs::SnapshotFile(int fd) {
  struct stat st;
  if (::fstat(fd, &st) != 0) return;
  if (S_ISDIR(st.st_mode)) {
    const std::string path = PathOfFd(fd);
    if (dirs_.count(path) != 0) SnapshotDir(path);
    return;
  }
  // The descriptor may be write-only: read the file through /proc.
  content_[IdOf(st.st_ino)] = ReadAll("/proc/self/fd/" + std::to_string(fd));
}

std::string PowerLossFs::Durable(const std::string& path) const {
  std::lock_guard<std::mutex> l(mu_);
  const fs::path full = fs::path(root_) / path;
  auto dir = dirs_.find(full.parent_path().string());
  if (dir == dirs_.end()) return {};
  auto entry = dir->second.find(full.filename().string());
  if (entry == dir->second.end()) return {};
  auto content = content_.find(entry->second);
  return content == content_.end() ? std::string() : content->second;
}

void PowerLossFs::ApplyPowerLoss() {
  std::lock_guard<std::mutex> l(mu_);
  for (const auto& [dir, entries] : dirs_) {
    for (const auto& e : fs::directory_iterator(dir)) {
      if (e.is_regular_file() && !e.is_symlink() && Modelled(e.path().filename().string())) fs::remove(e.path());
    }
    for (const auto& [name, id] : entries) {
      auto content = content_.find(id);
      std::ofstream out(fs::path(dir) / name, std::ios::binary);
      if (content != content_.end()) out << content->second;
      if (!out) throw std::runtime_error("cannot restore " + dir + "/" + name);
    }
  }
}

int PowerLossFs::OpenAt(int dir_fd, const char* name, int flags, mode_t mode) {
  std::lock_guard<std::mutex> l(mu_);
  if (Inject()) return -1;
  struct stat before;
  const bool existed = ::fstatat(dir_fd, name, &before, AT_SYMLINK_NOFOLLOW) == 0;
  const int fd = Fs::OpenAt(dir_fd, name, flags, mode);
  struct stat st;
  if (fd >= 0 && !existed && ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
    ids_[st.st_ino] = ++next_id_;  // a new file, whatever the inode held before
  }
  return fd;
}

ssize_t PowerLossFs::Write(int fd, const void* buf, size_t n) {
  std::lock_guard<std::mutex> l(mu_);
  const long before = ops_;
  if (Inject()) {
    if (short_write_ && before + 1 == fail_at_ && n > 1) return Fs::Write(fd, buf, n / 2);
    return -1;
  }
  return Fs::Write(fd, buf, n);
}

int PowerLossFs::FDataSync(int fd) {
  std::lock_guard<std::mutex> l(mu_);
  if (Inject()) return -1;
  SnapshotFile(fd);
  return 0;
}

int PowerLossFs::FSync(int fd) {
  std::lock_guard<std::mutex> l(mu_);
  if (Inject()) return -1;
  SnapshotFile(fd);
  return 0;
}

int PowerLossFs::FTruncate(int fd, off_t length) {
  std::lock_guard<std::mutex> l(mu_);
  return Inject() ? -1 : Fs::FTruncate(fd, length);
}

int PowerLossFs::MkdirAt(int dir_fd, const char* name, mode_t mode) {
  std::lock_guard<std::mutex> l(mu_);
  return Inject() ? -1 : Fs::MkdirAt(dir_fd, name, mode);
}

int PowerLossFs::LinkAt(int old_dir_fd, const char* old_name, int new_dir_fd, const char* new_name) {
  std::lock_guard<std::mutex> l(mu_);
  return Inject() ? -1 : Fs::LinkAt(old_dir_fd, old_name, new_dir_fd, new_name);
}

int PowerLossFs::UnlinkAt(int dir_fd, const char* name, int flags) {
  std::lock_guard<std::mutex> l(mu_);
  return Inject() ? -1 : Fs::UnlinkAt(dir_fd, name, flags);
}

int PowerLossFs::RenameAt(int old_dir_fd, const char* old_name, int new_dir_fd, const char* new_name) {
  std::lock_guard<std::mutex> l(mu_);
  return Inject() ? -1 : Fs::RenameAt(old_dir_fd, old_name, new_dir_fd, new_name);
}

}  // namespace sessionstore::testing
