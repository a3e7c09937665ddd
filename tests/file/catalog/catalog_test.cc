// The catalog behind List: always right whatever changed behind its back,
// rebuilt when damaged, shared by processes without "database is locked".

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <thread>

#include "format/time_format.h"
#include "testing/small_fs.h"
#include "testing/store_fixture.h"

namespace sessionstore {
namespace {

using testing::UserText;
namespace fs = std::filesystem;

class CatalogTest : public testing::StoreTest {
 protected:
  std::map<std::string, SessionInfo> Rows(Store& store, bool archived = true) {
    auto rows = store.List({.include_archived = archived});
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    std::map<std::string, SessionInfo> by_id;
    if (rows.ok()) {
      for (SessionInfo& r : *rows) by_id[r.id] = std::move(r);
    }
    return by_id;
  }
  std::string CatalogPath() const { return dir_ / "catalog.sqlite"; }
};

TEST_F(CatalogTest, FollowsEveryChangeMadeBehindItsBack) {
  Append(Create({.id = "a"}), {UserText("one")});
  Create({.id = "b"});
  ASSERT_EQ(Rows(*store_).size(), 2u);
  struct stat st;
  ASSERT_EQ(::stat(CatalogPath().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  auto other = OpenStore();                      // another process, as far as the catalog knows
  ASSERT_TRUE(other->Create({.id = "c"}).ok());  // created
  auto w = other->OpenWriter("a");
  ASSERT_TRUE((*w)->AppendBatch(std::vector<Record>{UserText("two"), Record::Title("A")}).ok());  // grew
  ASSERT_TRUE((*w)->Close().ok());
  ASSERT_TRUE(other->Archive("b").ok());  // archived
  auto rows = Rows(*store_);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows["a"].message_count, 2);
  EXPECT_EQ(rows["a"].title, "A");
  EXPECT_EQ(rows["a"].bytes, fs::file_size(SessionPath("a")));
  EXPECT_TRUE(rows["b"].archived);

  ASSERT_TRUE(other->Restore("b").ok());  // restored
  ASSERT_TRUE(other->TruncateHistory("a", 0).ok());
  ASSERT_TRUE(other->Compact("a").ok());                          // rewritten
  ASSERT_TRUE(other->Delete("c").ok());                           // deleted
  fs::copy_file(SessionPath("b"), dir_ / "sessions/copy.jsonl");  // a file dropped in by hand...
  std::string header = testing::ReadFile(dir_ / "sessions/copy.jsonl");
  header.replace(header.find("\"id\":\"b\""), 8, "\"id\":\"copy\"");
  testing::WriteFile(dir_ / "sessions/copy.jsonl", header);
  rows = Rows(*store_);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_FALSE(rows["b"].archived);
  EXPECT_EQ(rows["a"].message_count, 0) << "compaction dropped both messages";
  EXPECT_EQ(rows.count("c"), 0u);
  EXPECT_EQ(rows.count("copy"), 1u);
  fs::remove(dir_ / "sessions/copy.jsonl");  // ... and removed by hand
  EXPECT_EQ(Rows(*store_).count("copy"), 0u);
}

// A grown file is indexed from where indexing stopped, not read again: with
// strict reads, damage before that point does not fail the list.
TEST_F(CatalogTest, IndexesOnlyTheTailOfAGrownFile) {
  Append(Create({.id = "a"}), {UserText("one"), UserText("two")});
  auto strict = OpenStore({.read = {.strict = true}});
  ASSERT_EQ(Rows(*strict).at("a").message_count, 2);
  std::string content = testing::ReadFile(SessionPath("a"));
  const size_t second = content.find('\n') + 1;
  content[second] = '#';  // damage the first entry, same size
  testing::WriteFile(SessionPath("a"), content);
  Append("a", {UserText("three")});
  auto rows = strict->List();
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(rows->front().message_count, 3);
}

// Once the store's directories have stood still, a list stats only the
// files of sessions with a lock file. Writers are still seen — one that
// holds its lock across the list, one that reuses a lock file left behind
// by a dead process — and an edit in place by another program is seen once
// the directories change, or at once with verify_every_file.
TEST_F(CatalogTest, AfterTheDirectoriesSettleOnlyWritersAreLookedAt) {
  Append(Create({.id = "a"}), {UserText("one")});
  Create({.id = "b"});
  Create({.id = "c"});
  testing::WriteFile(dir_ / "locks/c.lock", "999999");  // left by a writer that died
  auto held = store_->OpenWriter("b");
  ASSERT_TRUE(held.ok()) << held.status().ToString();
  auto settle = [&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    ASSERT_EQ(Rows(*store_).size(), 3u);  // a complete look, recorded as the directories stand
  };
  settle();
  auto verifying = OpenStore({.verify_every_file = true});

  const std::string entry =
      testing::ReadFile(SessionPath("a")).substr(testing::ReadFile(SessionPath("a")).find('\n') + 1);
  std::string edited = entry;
  edited.replace(edited.find("\"id\":\""), 6, "\"id\":\"f");  // another entry id
  {
    std::ofstream out(SessionPath("a"), std::ios::app);  // in place, not through sessionstore
    out << edited;
  }
  ASSERT_TRUE((*held)->Append(UserText("while held")).ok());
  auto reused = store_->OpenWriter("c");
  ASSERT_TRUE(reused.ok()) << reused.status().ToString();
  ASSERT_TRUE((*reused)->Append(UserText("through a reused lock file")).ok());

  auto rows = Rows(*store_);
  EXPECT_EQ(rows["b"].message_count, 1);
  EXPECT_EQ(rows["c"].message_count, 1);
  EXPECT_EQ(rows["a"].message_count, 1) << "a file edited in place without a lock is not stat'ed";
  EXPECT_EQ(Rows(*verifying)["a"].message_count, 2);

  ASSERT_TRUE((*held)->Close().ok());  // removes its lock file: the directories changed
  ASSERT_TRUE((*reused)->Close().ok());
  settle();
  Create({.id = "d"});
  rows = Rows(*store_);
  EXPECT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows["a"].message_count, 2);
}

// A file in sessions/ that is not a session (here: a header of a newer
// format) is left out of the listing and said once; the others are listed;
// once the file is a session again, it is listed.
// The directories' times are trusted only once they are old enough that a
// later change cannot share them: right after a change every list looks at
// every file, so even an edit in place without a lock is seen.
TEST_F(CatalogTest, RecentlyChangedDirectoriesAreNotTrusted) {
  Append(Create({.id = "a"}), {UserText("one")});
  ASSERT_EQ(Rows(*store_)["a"].message_count, 1);
  const std::string line =
      testing::ReadFile(SessionPath("a")).substr(testing::ReadFile(SessionPath("a")).find('\n') + 1);
  std::string copy = line;
  copy.replace(copy.find("\"id\":\""), 6, "\"id\":\"f");
  {
    std::ofstream out(SessionPath("a"), std::ios::app);  // in place, no lock, within milliseconds
    out << copy;
  }
  EXPECT_EQ(Rows(*store_)["a"].message_count, 2);
}

TEST_F(CatalogTest, AFileThatIsNotASessionIsLeftOutAndSaidOnce) {
  Create({.id = "good"});
  std::vector<std::string> notices;
  auto store = OpenStore({.on_notice = [&](std::string_view n) { notices.emplace_back(n); }});
  ASSERT_EQ(Rows(*store).size(), 1u);
  notices.clear();  // that the catalog was built
  const std::string header = R"({"type":"session","version":"7.0","id":"odd","created":"2026-01-01T00:00:00Z"})";
  testing::WriteFile(dir_ / "sessions/odd.jsonl", header + "\n");
  for (int i = 0; i < 3; ++i) {
    auto rows = Rows(*store);
    EXPECT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows.count("good"), 1u);
  }
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_NE(notices[0].find("odd.jsonl"), std::string::npos) << notices[0];
  EXPECT_NE(notices[0].find("7.0"), std::string::npos) << notices[0];
  std::string fixed = header;
  fixed.replace(fixed.find("7.0"), 3, "1.0");
  testing::WriteFile(dir_ / "sessions/odd.jsonl", fixed + "\n");
  EXPECT_EQ(Rows(*store).count("odd"), 1u);
}

TEST_F(CatalogTest, ADamagedCatalogIsRebuiltAndSaysSo) {
  Append(Create({.id = "a"}), {UserText("one")});
  ASSERT_EQ(Rows(*store_).size(), 1u);
  store_.reset();
  testing::WriteFile(CatalogPath(), std::string(4096, 'x'));
  fs::remove(CatalogPath() + "-wal");
  fs::remove(CatalogPath() + "-shm");
  std::vector<std::string> notices;
  auto store = OpenStore({.on_notice = [&](std::string_view n) { notices.emplace_back(n); }});
  auto rows = Rows(*store);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows["a"].message_count, 1);
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_NE(notices[0].find("rebuilt"), std::string::npos) << notices[0];
}

TEST_F(CatalogTest, ACatalogOfAnotherSchemaIsRebuilt) {
  Create({.id = "a"});
  ASSERT_EQ(Rows(*store_).size(), 1u);
  store_.reset();
  {
    // What an older sessionstore would have left: another schema version.
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(CatalogPath().c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "UPDATE meta SET value = '0' WHERE key = 'schema'", nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
  }
  int notices = 0;
  auto store = OpenStore({.on_notice = [&](std::string_view) { ++notices; }});
  EXPECT_EQ(Rows(*store).size(), 1u);
  EXPECT_EQ(notices, 1);
}

TEST_F(CatalogTest, DeletingOrRebuildingTheCatalogLosesNothing) {
  Append(Create({.id = "a", .workspace = "/w"}), {UserText("hello"), Record::Label("x", "")});
  ASSERT_TRUE(store_->Label("a", store_->Load("a")->entries[0].id, "keep").ok());
  auto before = Rows(*store_);
  ASSERT_TRUE(store_->Reindex().ok());
  auto after_reindex = Rows(*store_);
  store_.reset();
  fs::remove(CatalogPath());
  fs::remove(CatalogPath() + "-wal");
  fs::remove(CatalogPath() + "-shm");
  std::vector<std::string> notices;
  auto after_delete = Rows(*OpenStore({.on_notice = [&](std::string_view n) { notices.emplace_back(n); }}));
  ASSERT_EQ(notices.size(), 1u) << "a missing catalog is built with one notice";
  EXPECT_NE(notices[0].find("built from"), std::string::npos) << notices[0];
  for (auto* rows : {&after_reindex, &after_delete}) {
    ASSERT_EQ(rows->size(), 1u);
    const SessionInfo& a = rows->at("a");
    EXPECT_EQ(a.title, before["a"].title);
    EXPECT_EQ(a.message_count, before["a"].message_count);
    EXPECT_EQ(a.updated_ms, before["a"].updated_ms);
    EXPECT_EQ(a.labels, (std::vector<std::string>{"keep"}));
    EXPECT_EQ(a.bytes, before["a"].bytes);
  }
}

// Two processes listing while a third appends and a fourth archives and
// restores: nobody sees an error ("database is locked" or any other), and
// the final listing is exact.
TEST_F(CatalogTest, ProcessesListAppendAndArchiveAtOnce) {
  Create({.id = "busy"});
  Create({.id = "moved"});
  store_.reset();
  auto child = [&](auto&& work) {
    pid_t pid = ::fork();
    if (pid == 0) {
      auto store = Store::Open(dir_.path());
      ::_exit(store.ok() && work(**store) ? 0 : 1);
    }
    return pid;
  };
  constexpr int kRounds = 150;
  std::vector<pid_t> pids;
  for (int lister = 0; lister < 2; ++lister) {
    pids.push_back(child([](Store& s) {
      for (int i = 0; i < kRounds; ++i) {
        auto rows = s.List({.include_archived = true});
        if (!rows.ok()) {
          std::fprintf(stderr, "list: %s\n", rows.status().ToString().c_str());
          return false;
        }
      }
      return true;
    }));
  }
  pids.push_back(child([](Store& s) {
    auto w = s.OpenWriter("busy", {.durability = Durability::kProcess});
    for (int i = 0; i < kRounds; ++i) {
      if (!w.ok() || !(*w)->Append(Record::FromMessage(Message::User("m" + std::to_string(i)))).ok()) return false;
    }
    return (*w)->Close().ok();
  }));
  pids.push_back(child([](Store& s) {
    for (int i = 0; i < kRounds / 3; ++i) {
      if (!s.Archive("moved").ok() || !s.Restore("moved").ok()) return false;
    }
    return true;
  }));
  for (pid_t pid : pids) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "a child failed";
  }
  auto rows = Rows(*OpenStore());
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows["busy"].message_count, kRounds);
  EXPECT_FALSE(rows["moved"].archived);
}

}  // namespace
}  // namespace sessionstore

namespace sessionstore {
namespace {

class CatalogSafetyTest : public testing::StoreTest {};

TEST_F(CatalogSafetyTest, APlantedCatalogSymlinkIsNeverFollowedButMovedAside) {
  Create({.id = "a"});
  const std::string outside = dir_ / "outside";
  testing::WriteFile(outside, "precious");
  fs::create_symlink(outside, dir_ / "catalog.sqlite");
  auto rows = store_->List();
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(rows->size(), 1u);
  EXPECT_EQ(testing::ReadFile(outside), "precious");
  EXPECT_TRUE(fs::is_regular_file(fs::symlink_status(dir_ / "catalog.sqlite")));
}

// The catalog is a cache: whatever stands at its names that is not a file
// is moved aside, once, with a notice, and the catalog is rebuilt.
TEST_F(CatalogSafetyTest, ACatalogPathThatIsNotAFileIsMovedAsideAndTheCatalogRebuilt) {
  Append(Create({.id = "a"}), {UserText("needle")});
  ASSERT_TRUE(store_->List().ok());
  store_.reset();
  struct Case {
    std::string name;
    std::function<void(const std::string&)> plant;
  };
  const std::vector<Case> cases = {
      {"catalog.sqlite", [](const std::string& p) { fs::create_directory(p); }},
      {"catalog.sqlite", [](const std::string& p) { ASSERT_EQ(::mkfifo(p.c_str(), 0600), 0); }},
      {"catalog.sqlite-wal", [](const std::string& p) { fs::create_directory(p); }},
      {"catalog.sqlite-wal", [this](const std::string& p) { fs::create_symlink(dir_ / "nowhere", p); }},
      {"catalog.sqlite-shm", [](const std::string& p) { ASSERT_EQ(::mkfifo(p.c_str(), 0600), 0); }},
  };
  for (const Case& c : cases) {
    const std::string path = dir_ / c.name;
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(dir_ / (std::string("catalog.sqlite") + suffix));
    c.plant(path);
    std::vector<std::string> notices;
    auto store = OpenStore({.on_notice = [&](std::string_view n) { notices.emplace_back(n); }});
    auto rows = store->List();
    ASSERT_TRUE(rows.ok()) << c.name << ": " << rows.status().ToString();
    EXPECT_EQ(rows->size(), 1u) << c.name;
    auto hits = store->Search("needle");
    ASSERT_TRUE(hits.ok()) << hits.status().ToString();
    EXPECT_EQ(hits->size(), 1u);
    ASSERT_EQ(notices.size(), 1u) << c.name;
    EXPECT_NE(notices[0].find(c.name + " was a "), std::string::npos) << notices[0];
    EXPECT_NE(notices[0].find("moved to " + c.name + ".aside-"), std::string::npos) << notices[0];
    EXPECT_FALSE(fs::exists(dir_ / "nowhere")) << "a symlink is never followed";
    store.reset();
    EXPECT_TRUE(OpenStore()->List().ok()) << "and the next open finds a catalog";
  }
}

// On a full disk (here: out of inodes) a catalog that cannot be made says
// why, and takes none of the inodes that `rm` needs to free space.
TEST(CatalogFullDiskTest, ACatalogThatCannotBeMadeSaysWhyAndTakesNoInodes) {
  testing::SmallFs disk("size=4m,nr_inodes=24");
  if (!disk.skip_reason().empty()) GTEST_SKIP() << disk.skip_reason();
  const std::string store_dir = disk.path() + "/store";
  {
    auto store = Store::Open(store_dir);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    for (const char* id : {"s1", "s2"}) ASSERT_TRUE((*store)->Create({.id = id}).ok());
  }
  fs::remove(store_dir + "/catalog.sqlite");
  fs::remove(store_dir + "/catalog.sqlite-wal");
  fs::remove(store_dir + "/catalog.sqlite-shm");
  disk.TakeInodes(1);

  auto store = Store::Open(store_dir);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto rows = (*store)->List();
  ASSERT_FALSE(rows.ok()) << "a catalog needs two files, and one inode is free";
  EXPECT_NE(rows.status().ToString().find("the file system has no free inodes"), std::string::npos)
      << rows.status().ToString();
  EXPECT_FALSE(fs::exists(store_dir + "/catalog.sqlite")) << "the catalog it began is gone";
  Status removed = (*store)->Delete("s1");
  EXPECT_TRUE(removed.ok()) << "rm still frees space: " << removed.ToString();
}

// On a disk with no byte free, where the catalog cannot work, a cleanup
// still frees space: it judges the files by themselves.
TEST(CatalogFullDiskTest, CleanupFreesSpaceOnAFullDisk) {
  testing::SmallFs disk("size=2m");
  if (!disk.skip_reason().empty()) GTEST_SKIP() << disk.skip_reason();
  const std::string store_dir = disk.path() + "/store";
  auto store = Store::Open(store_dir);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  for (const char* id : {"old", "older"}) {
    ASSERT_TRUE((*store)->Create({.id = id}).ok());
    auto w = (*store)->OpenWriter(id);
    ASSERT_TRUE((*w)->Append(UserText(std::string(200000, 'x'))).ok());
    ASSERT_TRUE((*w)->Close().ok());
  }
  ASSERT_EQ((*store)->List()->size(), 2u);
  store->reset();
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(store_dir + "/catalog.sqlite" + suffix);
  disk.TakeSpace();
  struct statvfs v;
  ASSERT_EQ(::statvfs(disk.path().c_str(), &v), 0);
  ASSERT_EQ(v.f_bavail, 0u) << "the disk is full";
  store = Store::Open(store_dir);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_FALSE((*store)->List().ok()) << "the catalog cannot be made";
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  auto removed = (*store)->CleanupOlderThan(format::NowMs());
  ASSERT_TRUE(removed.ok()) << removed.status().ToString();
  EXPECT_EQ(removed->size(), 2u);
  ASSERT_EQ(::statvfs(disk.path().c_str(), &v), 0);
  EXPECT_GT(v.f_bavail, 0u) << "space was freed";
}

// One store, many threads: listing and searching while another appends.
TEST_F(CatalogSafetyTest, ThreadsShareOneCatalog) {
  Create({.id = "a"});
  std::atomic<int> failures{0};
  std::thread writer([&] {
    auto w = store_->OpenWriter("a", {.durability = Durability::kProcess});
    for (int i = 0; i < 200; ++i) {
      if (!w.ok() || !(*w)->Append(testing::UserText("word" + std::to_string(i))).ok()) ++failures;
    }
  });
  std::vector<std::thread> readers;
  for (int t = 0; t < 4; ++t) {
    readers.emplace_back([&, t] {
      for (int i = 0; i < 30; ++i) {
        if (t % 2 == 0 ? !store_->List().ok() : !store_->Search("word1*").ok()) ++failures;
      }
    });
  }
  writer.join();
  for (auto& r : readers) r.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(store_->List()->front().message_count, 200);
  EXPECT_EQ(store_->Search("word199")->size(), 1u);
}

}  // namespace
}  // namespace sessionstore
