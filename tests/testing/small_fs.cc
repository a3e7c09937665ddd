#include "testing/small_fs.h"

#include <fcntl.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace sessionstore::testing {

SmallFs::SmallFs(const std::string& options) : path_(dir_ / "mnt") {
  if (::geteuid() != 0) {
    skip_reason_ = "a small file system of its own needs root (mount)";
    return;
  }
  std::filesystem::create_directory(path_);
  if (::mount("tmpfs", path_.c_str(), "tmpfs", 0, (options + ",mode=0700").c_str()) != 0) {
    skip_reason_ = std::string("no permission to mount a tmpfs here: ") + std::strerror(errno);
  }
}

SmallFs::~SmallFs() {
  if (skip_reason_.empty()) ::umount2(path_.c_str(), MNT_DETACH);
}

void SmallFs::TakeInodes(int spare) {
  int taken = 0;
  for (int fd;
       (fd = ::open((path_ + "/inode" + std::to_string(taken)).c_str(), O_CREAT | O_WRONLY | O_CLOEXEC, 0600)) >= 0;
       ++taken) {
    ::close(fd);
  }
  for (int i = 1; i <= spare && taken - i >= 0; ++i)
    std::filesystem::remove(path_ + "/inode" + std::to_string(taken - i));
}

void SmallFs::TakeSpace() {
  std::ofstream fill(path_ + "/fill", std::ios::binary);
  const std::string block(4096, '\0');
  while (fill.write(block.data(), block.size())) {
  }
}

}  // namespace sessionstore::testing
