// kill -9 at random moments of processes working on a store
// (store_child.cc):
//  - appending in synced mode, messages of 10 B to 16 MiB: every
//    acknowledged entry is in the file, the file loads, and the next writer
//    cuts off the torn tail that a kill inside write(2) left — the test
//    counts those and requires them in at least 10% of the kills;
//  - compacting, archiving and restoring, migrating, rebuilding the
//    catalog: afterwards a session is its old version or its new one, never
//    a mix, and after a list no temporary file is left (that a list removes
//    one is proven without luck by ALeftoverTemporaryFileIsRemovedByAList).
//
// SESSIONSTORE_SOAK=N multiplies the number of kills by N.

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <thread>

#include "sessionstore/migrate.h"
#include "sessionstore/store.h"
#include "testing/run_command.h"
#include "testing/temp_dir.h"

namespace sessionstore::testing {
namespace {

namespace fs = std::filesystem;
using std::chrono::microseconds;

int Soak() {
  const char* s = std::getenv("SESSIONSTORE_SOAK");
  return s != nullptr && std::atoi(s) > 0 ? std::atoi(s) : 1;
}

Child Start(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {STORE_CHILD};
  argv.insert(argv.end(), args.begin(), args.end());
  return SpawnChild(argv);
}

// Runs the child to its end; returns how long it took.
microseconds TimeToFinish(const std::vector<std::string>& args) {
  const auto t0 = std::chrono::steady_clock::now();
  Child c = Start(args);
  ::close(c.stdin_fd);
  std::vector<std::string> lines = KillAfter(c, std::chrono::seconds(60));
  EXPECT_FALSE(lines.empty()) << "the child did not finish";
  return std::chrono::duration_cast<microseconds>(std::chrono::steady_clock::now() - t0);
}

// The temporary files in the store's directories.
int TempFiles(const std::string& root) {
  int n = 0;
  for (const char* dir : {"sessions", "archive"}) {
    for (const auto& f : fs::directory_iterator(fs::path(root) / dir))
      n += f.path().filename().string().starts_with(".tmp-");
  }
  return n;
}

Record Text(const std::string& text) { return Record::FromMessage(Message::User(text)); }

class CrashTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ::signal(SIGPIPE, SIG_IGN);
    auto s = Store::Open(dir_.path());
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(*s);
  }
  TempDir dir_;
  std::unique_ptr<Store> store_;
  std::mt19937_64 rng_{20261122};
};

TEST_F(CrashTest, SyncedAppendsOfUpTo16MiBSurviveAThousandKills) {
  const int kills = 1000 * Soak();
  int torn_tails = 0, acknowledged_total = 0;
  uint64_t torn_bytes = 0;
  for (int kill = 0; kill < kills; ++kill) {
    const std::string id = "k" + std::to_string(kill);
    ASSERT_TRUE(store_->Create({.id = id}).ok());
    Child child = Start({"append", dir_.path(), id, std::to_string(rng_())});
    ::close(child.stdin_fd);
    // Every other kill at a random moment of its appending (from its first
    // acknowledgement); the others at a random moment of a write(2) of 1 MiB
    // or more (the child says when one starts; at 4 GB/s it would be done),
    // so that torn tails are not left to chance.
    std::vector<std::string> lines;
    if (kill % 2 == 0) {
      lines = KillAfter(child, microseconds(std::uniform_int_distribution<int>(0, 40000)(rng_)),
                        [](std::string_view line) { return !line.starts_with("w "); });
    } else {
      lines = KillAfter(child, microseconds(0), [&](std::string_view line) {
        if (!line.starts_with("w ")) return false;
        const int64_t bytes = std::stoll(std::string(line.substr(2)));
        std::this_thread::sleep_for(microseconds(std::uniform_int_distribution<int64_t>(0, bytes / 4000)(rng_)));
        return true;
      });
    }
    std::erase_if(lines, [](const std::string& l) { return l.starts_with("w "); });
    const std::set<std::string> acked(lines.begin(), lines.end());
    acknowledged_total += static_cast<int>(acked.size());

    Result<Session> loaded = store_->Load(id);
    ASSERT_TRUE(loaded.ok()) << "kill " << kill << ": " << loaded.status().ToString();
    EXPECT_TRUE(loaded->report.skipped.empty()) << "kill " << kill;
    std::set<std::string> stored;
    for (size_t i = 0; i < loaded->entries.size(); ++i) {
      EXPECT_EQ(loaded->entries[i].seq, i + 1);
      stored.insert(loaded->entries[i].id);
    }
    for (const std::string& a : acked)
      EXPECT_TRUE(stored.count(a)) << "kill " << kill << ": acknowledged " << a << " lost";
    const uint64_t torn = loaded->report.torn_tail_bytes;
    torn_tails += torn > 0;
    torn_bytes += torn;

    // The next writer cuts the torn tail off and the session goes on.
    auto w = store_->OpenWriter(id);
    ASSERT_TRUE(w.ok()) << w.status().ToString();
    EXPECT_EQ((*w)->dropped_tail_bytes(), torn) << "kill " << kill;
    ASSERT_TRUE((*w)->Append(Text("after the kill")).ok());
    ASSERT_TRUE((*w)->Close().ok());
    auto again = store_->Load(id);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->entries.size(), loaded->entries.size() + 1);
    EXPECT_EQ(again->report.torn_tail_bytes, 0u);
    ASSERT_TRUE(store_->Delete(id).ok());  // keeps the disk use small
  }
  std::printf("%d kills, %d acknowledged entries, %d torn tails repaired (%.1f%%, %llu bytes cut)\n", kills,
              acknowledged_total, torn_tails, 100.0 * torn_tails / kills, static_cast<unsigned long long>(torn_bytes));
  RecordProperty("kills", kills);
  RecordProperty("torn_tails", torn_tails);
  EXPECT_GT(acknowledged_total, kills) << "the children must have been killed mid-work, not before it";
  EXPECT_GE(torn_tails * 10, kills) << "at least 10% of the kills must leave a torn tail";
}

TEST_F(CrashTest, ACompactionKilledLeavesTheOldFileOrTheNew) {
  // A session of 400 entries of 32 KiB whose context keeps the last 200:
  // the new file takes long enough to write that kills leave it half-made.
  ASSERT_TRUE(store_->Create({.id = "c"}).ok());
  {
    auto w = store_->OpenWriter("c", {.durability = Durability::kBuffered});
    ASSERT_TRUE(w.ok());
    for (int i = 0; i < 400; ++i) ASSERT_TRUE((*w)->Append(Text(std::string(32 << 10, 'a' + i % 26))).ok());
    ASSERT_TRUE((*w)->Close().ok());
  }
  ASSERT_TRUE(store_->TruncateHistory("c", 200).ok());
  const fs::path file = fs::path(dir_.path()) / "sessions/c.jsonl";
  const std::string before = ReadFile(file);
  const microseconds took = TimeToFinish({"compact", dir_.path(), "c"});
  const std::string after = ReadFile(file);
  ASSERT_LT(after.size(), before.size() * 3 / 4);

  const int kills = 60 * Soak();
  int old_seen = 0, new_seen = 0, temp_left = 0;
  for (int kill = 0; kill < kills; ++kill) {
    WriteFile(file, before);
    Child child = Start({"compact", dir_.path(), "c"});
    ::close(child.stdin_fd);
    KillAfter(child, microseconds(std::uniform_int_distribution<int64_t>(0, 2 * took.count())(rng_)));
    const std::string now = ReadFile(file);
    ASSERT_TRUE(now == before || now == after) << "kill " << kill << ": a mix of the old file and the new";
    (now == before ? old_seen : new_seen)++;
    temp_left += TempFiles(dir_.path());
    auto rows = store_->List();
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();
    ASSERT_EQ(rows->size(), 1u);
    EXPECT_EQ(TempFiles(dir_.path()), 0) << "a list removes what a killed rewrite left";
  }
  std::printf("%d kills during compaction: old file %d, new file %d, temporary files removed %d\n", kills, old_seen,
              new_seen, temp_left);
  EXPECT_GT(old_seen, 0);
  EXPECT_GT(new_seen, 0);
}

// What a rewrite killed while writing its new file leaves: a hidden
// temporary file. The next list removes it, unless its session is being
// written now.
TEST_F(CrashTest, ALeftoverTemporaryFileIsRemovedByAList) {
  ASSERT_TRUE(store_->Create({.id = "t"}).ok());
  const fs::path sessions = fs::path(dir_.path()) / "sessions";
  WriteFile(sessions / ".tmp-123-t.jsonl", "half a rewrite");
  WriteFile(sessions / ".tmp-456-busy.jsonl", "a rewrite under way");
  WriteFile(sessions / ".tmp-not-ours", "another program's file");
  ASSERT_TRUE(store_->Create({.id = "busy"}).ok());
  auto held = store_->OpenWriter("busy");
  ASSERT_TRUE(held.ok());
  auto rows = store_->List();
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->size(), 2u);
  EXPECT_FALSE(fs::exists(sessions / ".tmp-123-t.jsonl"));
  EXPECT_TRUE(fs::exists(sessions / ".tmp-456-busy.jsonl")) << "its session is locked: it may be a rewrite under way";
  EXPECT_TRUE(fs::exists(sessions / ".tmp-not-ours")) << "not a name sessionstore makes";
}

TEST_F(CrashTest, AnArchiveOrRestoreKilledLeavesTheSessionWhole) {
  ASSERT_TRUE(store_->Create({.id = "v"}).ok());
  {
    auto w = store_->OpenWriter("v");
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE((*w)->AppendBatch(std::vector<Record>{Text("one"), Text("two")}).ok());
  }
  const std::string content = ReadFile(fs::path(dir_.path()) / "sessions/v.jsonl");
  const int kills = 100 * Soak();
  int both = 0;
  for (int kill = 0; kill < kills; ++kill) {
    Child child = Start({"archive", dir_.path(), "v"});
    ::close(child.stdin_fd);
    KillAfter(child, microseconds(std::uniform_int_distribution<int>(0, 20000)(rng_)));
    const fs::path live = fs::path(dir_.path()) / "sessions/v.jsonl",
                   archived = fs::path(dir_.path()) / "archive/v.jsonl";
    ASSERT_TRUE(fs::exists(live) || fs::exists(archived)) << "kill " << kill << ": the session is gone";
    both += fs::exists(live) && fs::exists(archived);
    for (const fs::path& p : {live, archived}) {
      if (fs::exists(p)) {
        ASSERT_EQ(ReadFile(p), content) << "kill " << kill;
      }
    }
    auto rows = store_->List({.include_archived = true});
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();
    ASSERT_EQ(rows->size(), 1u) << "kill " << kill;
    auto loaded = store_->Load("v");
    ASSERT_TRUE(loaded.ok());
    EXPECT_EQ(loaded->entries.size(), 2u);
  }
  std::printf("%d kills during archive/restore, %d stopped half-way (both names)\n", kills, both);
  // A move stopped half-way is finished by the next one.
  ASSERT_TRUE(store_->Restore("v").ok() || store_->Archive("v").ok());
}

TEST_F(CrashTest, AMigrationKilledLosesNoLegacySession) {
  const int kFiles = 40;
  auto make_legacy = [&](const fs::path& dir) {
    fs::create_directories(dir);
    for (int i = 0; i < kFiles; ++i) {
      std::string messages;
      for (int m = 0; m < 50; ++m) {
        messages += std::string(m ? "," : "") + R"({"role": ")" + (m % 2 ? "assistant" : "user") +
                    R"(", "content": ")" + std::string(2000, 'x') + "\"}";
      }
      WriteFile(dir / ("chat_" + std::to_string(i) + ".json"),
                R"({"key": "chat:)" + std::to_string(i) + R"(", "messages": [)" + messages + "]}");
    }
  };
  const fs::path legacy = fs::path(dir_.path()) / "legacy";
  make_legacy(legacy);
  const microseconds took = TimeToFinish({"migrate", dir_.path(), legacy});
  const size_t entries = store_->Load("chat:0")->entries.size();

  const int kills = 30 * Soak();
  for (int kill = 0; kill < kills; ++kill) {
    TempDir round;
    const fs::path dir = fs::path(round.path()) / "legacy";
    make_legacy(dir);
    Child child = Start({"migrate", round.path(), dir});
    ::close(child.stdin_fd);
    KillAfter(child, microseconds(std::uniform_int_distribution<int64_t>(0, 2 * took.count())(rng_)));
    auto store = Store::Open(round.path());
    ASSERT_TRUE(store.ok());
    for (int i = 0; i < kFiles; ++i) {
      const std::string key = "chat:" + std::to_string(i);
      const bool source_left = fs::exists(dir / ("chat_" + std::to_string(i) + ".json"));
      Result<Session> s = (*store)->Load(key);
      ASSERT_TRUE(source_left || s.ok()) << "kill " << kill << ": " << key << " renamed but its session is missing";
      if (s.ok()) {
        EXPECT_EQ(s->entries.size(), entries) << "kill " << kill << ": " << key << " is partial";
      }
    }
    auto rows = (*store)->List();
    ASSERT_TRUE(rows.ok());
    EXPECT_EQ(TempFiles(round.path()), 0);
    // Running it again finishes the job.
    auto report = MigrateLegacy(**store, dir.string());
    ASSERT_TRUE(report.ok()) << report.status().ToString();
    rows = (*store)->List();
    ASSERT_TRUE(rows.ok());
    EXPECT_EQ(rows->size(), static_cast<size_t>(kFiles));
  }
}

TEST_F(CrashTest, ACatalogRebuildKilledLeavesListRight) {
  for (int i = 0; i < 300; ++i) {
    const std::string id = "s" + std::to_string(i);
    ASSERT_TRUE(store_->Create({.id = id}).ok());
    auto w = store_->OpenWriter(id, {.durability = Durability::kProcess});
    ASSERT_TRUE(w.ok());
    for (int m = 0; m <= i % 5; ++m) ASSERT_TRUE((*w)->Append(Text(std::string(4000, 'r'))).ok());
  }
  const microseconds took = TimeToFinish({"reindex", dir_.path()});
  const int kills = 30 * Soak();
  for (int kill = 0; kill < kills; ++kill) {
    Child child = Start({"reindex", dir_.path()});
    ::close(child.stdin_fd);
    KillAfter(child, microseconds(std::uniform_int_distribution<int64_t>(0, 2 * took.count())(rng_)));
    auto store = Store::Open(dir_.path());
    ASSERT_TRUE(store.ok());
    auto rows = (*store)->List();
    ASSERT_TRUE(rows.ok()) << "kill " << kill << ": " << rows.status().ToString();
    ASSERT_EQ(rows->size(), 300u) << "kill " << kill;
    for (const SessionInfo& r : *rows) {
      EXPECT_EQ(r.message_count, std::stoi(r.id.substr(1)) % 5 + 1) << "kill " << kill << ": " << r.id;
    }
  }
}

}  // namespace
}  // namespace sessionstore::testing
