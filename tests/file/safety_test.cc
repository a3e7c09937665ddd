// The safety rules of the file store: ids, permissions, symlinks, one writer.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include "testing/store_fixture.h"

namespace sessionstore {
namespace {

using testing::StoreTest;
using testing::UserText;
namespace fs = std::filesystem;

mode_t ModeOf(const std::string& path) {
  struct stat st;
  EXPECT_EQ(::lstat(path.c_str(), &st), 0) << path;
  return st.st_mode & 07777;
}

TEST_F(StoreTest, InvalidIdsAreRefusedByEveryCallAndTouchNothing) {
  const std::string outside = dir_ / "outside";
  fs::create_directory(outside);
  testing::WriteFile(outside + "/victim.jsonl", "precious\n");
  for (const std::string& bad :
       {std::string("../outside/victim"), std::string("a/b"), std::string(".hidden"), std::string(""),
        std::string(129, 'x'), std::string(10000, 'a'), std::string("sp ace"), std::string("/etc/passwd"),
        std::string("."), std::string(".."), std::string("line\nbreak"), std::string("nul\0byte", 8),
        std::string("caf\xC3\xA9"), std::string("back\\slash"), std::string("..\\..\\x")}) {
    auto is_invalid = [&](const Status& s) {
      EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << "id \"" << bad << "\": " << s.ToString();
    };
    if (!bad.empty()) is_invalid(store_->Create({.id = bad}).status());
    is_invalid(store_->GetOrCreate({.id = bad.empty() ? "x/y" : bad}).status());
    is_invalid(store_->Exists(bad).status());
    is_invalid(store_->Load(bad).status());
    is_invalid(store_->Read(bad).status());
    is_invalid(store_->OpenWriter(bad).status());
    is_invalid(store_->Delete(bad));
    is_invalid(store_->Archive(bad));
    is_invalid(store_->Restore(bad));
    is_invalid(store_->Rename(bad, "t"));
    is_invalid(store_->Context(bad, {}).status());
    is_invalid(store_->Branches(bad).status());
    is_invalid(store_->Fork(bad, "e", {}).status());
    is_invalid(store_->Label(bad, "e", "l"));
    is_invalid(store_->Labels(bad).status());
    is_invalid(store_->SetSummary(bad, "s"));
    is_invalid(store_->GetSummary(bad).status());
    is_invalid(store_->TruncateHistory(bad, 1));
    is_invalid(store_->Compact(bad).status());
  }
  EXPECT_EQ(testing::ReadFile(outside + "/victim.jsonl"), "precious\n");
  EXPECT_TRUE(fs::is_empty(dir_ / "sessions"));
  EXPECT_TRUE(fs::is_empty(dir_ / "locks"));
}

TEST(PermissionsTest, FilesAre0600AndDirectories0700WhateverTheUmask) {
  for (mode_t mask : {mode_t{0}, mode_t{022}, mode_t{077}, mode_t{0777}}) {
    testing::TempDir dir;
    const mode_t old = ::umask(mask);
    const std::string root = dir / "store/nested";
    {
      auto store = Store::Open(root);
      ASSERT_TRUE(store.ok()) << store.status().ToString();
      ASSERT_TRUE((*store)->Create({.id = "s"}).ok());
      auto w = (*store)->OpenWriter("s");
      ASSERT_TRUE(w.ok()) << w.status().ToString();
      EXPECT_EQ(ModeOf(root + "/locks/s.lock"), 0600u) << "umask " << mask;
      ASSERT_TRUE((*w)->Append(UserText("x")).ok());
      ASSERT_TRUE((*w)->Close().ok());
      ASSERT_TRUE((*store)->Archive("s").ok());
    }
    ::umask(old);
    EXPECT_EQ(ModeOf(root), 0700u) << "umask " << mask;
    for (const char* sub : {"sessions", "archive", "locks"}) EXPECT_EQ(ModeOf(root + "/" + sub), 0700u);
    EXPECT_EQ(ModeOf(root + "/archive/s.jsonl"), 0600u) << "umask " << mask;
  }
}

TEST_F(StoreTest, APlantedSessionSymlinkIsNeverFollowed) {
  const std::string outside = dir_ / "outside.jsonl";
  const std::string content =
      R"({"type":"session","version":"1.0","id":"evil","created":"2026-01-01T00:00:00Z","workspace":""})"
      "\n";
  testing::WriteFile(outside, content);
  fs::create_symlink(outside, SessionPath("evil"));
  EXPECT_EQ(store_->Load("evil").status().code(), StatusCode::kCorruption);
  EXPECT_EQ(store_->Read("evil").status().code(), StatusCode::kCorruption);
  EXPECT_FALSE(store_->OpenWriter("evil").ok());
  EXPECT_FALSE(store_->Rename("evil", "t").ok());
  EXPECT_FALSE(store_->Delete("evil").ok());
  EXPECT_FALSE(store_->Archive("evil").ok());
  EXPECT_TRUE(store_->List()->empty()) << "a symlink is not a session";
  EXPECT_EQ(testing::ReadFile(outside), content);
  EXPECT_TRUE(fs::is_symlink(SessionPath("evil")));
}

TEST_F(StoreTest, APlantedLockSymlinkIsNeverFollowed) {
  Create({.id = "s"});
  const std::string outside = dir_ / "outside";
  testing::WriteFile(outside, "untouched");
  fs::create_symlink(outside, dir_ / "locks/s.lock");
  auto w = store_->OpenWriter("s");
  EXPECT_FALSE(w.ok());
  EXPECT_EQ(testing::ReadFile(outside), "untouched");
}

// A store path beginning with "file:" is a path: its catalog is inside it,
// never where SQLite would take a URI to point.
TEST(StorePathTest, AStorePathThatLooksLikeAUriIsAPath) {
  testing::TempDir dir;
  const fs::path before = fs::current_path();
  fs::current_path(dir.path());
  fs::create_directory("x");
  {
    auto store = Store::Open("file:x");
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    ASSERT_TRUE((*store)->Create({.id = "s"}).ok());
    EXPECT_EQ((*store)->List()->size(), 1u);
  }
  const bool inside = fs::exists("file:x/catalog.sqlite");
  const bool outside = fs::exists("x/catalog.sqlite");
  fs::current_path(before);
  EXPECT_TRUE(inside);
  EXPECT_FALSE(outside);
}

TEST(SymlinkedDirectoriesTest, APlantedStoreDirectorySymlinkIsRefused) {
  for (const char* sub : {"sessions", "archive", "locks"}) {
    testing::TempDir dir;
    fs::create_directory(dir / "elsewhere");
    fs::create_directory(dir / "store");
    fs::create_directory_symlink(dir / "elsewhere", dir / ("store/" + std::string(sub)));
    auto store = Store::Open(dir / "store");
    EXPECT_EQ(store.status().code(), StatusCode::kCorruption) << sub << ": " << store.status().ToString();
    EXPECT_TRUE(fs::is_empty(dir / "elsewhere"));
  }
}

TEST_F(StoreTest, OneWriterPerSessionWithinAProcess) {
  Create({.id = "s"});
  auto first = store_->OpenWriter("s");
  ASSERT_TRUE(first.ok());
  auto second = store_->OpenWriter("s");
  EXPECT_EQ(second.status().code(), StatusCode::kBusy);
  EXPECT_NE(second.status().message().find("pid " + std::to_string(::getpid())), std::string::npos)
      << second.status().ToString();
  auto other_store = OpenStore();
  EXPECT_EQ(other_store->OpenWriter("s").status().code(), StatusCode::kBusy);
  ASSERT_TRUE((*first)->Close().ok());
  EXPECT_TRUE(store_->OpenWriter("s").ok());
}

// A child process takes the writer and waits; the parent sees Busy naming the
// child's pid; once the child is killed (no cleanup runs) the kernel has
// released the lock and the parent takes it.
TEST_F(StoreTest, OneWriterAcrossProcessesAndACrashedHolderReleases) {
  Create({.id = "s"});
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto store = Store::Open(dir_.path());
    auto w = (*store)->OpenWriter("s");
    char ok = w.ok() ? 'y' : 'n';
    (void)!::write(ready[1], &ok, 1);
    ::pause();
    ::_exit(0);
  }
  char ok = 0;
  ASSERT_EQ(::read(ready[0], &ok, 1), 1);
  ASSERT_EQ(ok, 'y');
  auto busy = store_->OpenWriter("s");
  EXPECT_EQ(busy.status().code(), StatusCode::kBusy);
  EXPECT_NE(busy.status().message().find("pid " + std::to_string(child)), std::string::npos)
      << busy.status().ToString();
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  EXPECT_TRUE(fs::exists(dir_ / "locks/s.lock")) << "the dead holder left its lock file behind";
  auto w = store_->OpenWriter("s");
  EXPECT_TRUE(w.ok()) << w.status().ToString();
  ::close(ready[0]);
  ::close(ready[1]);
}

}  // namespace
}  // namespace sessionstore
