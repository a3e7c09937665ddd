// The writer: durability modes, group commit, and what happens when the
// file system fails under it.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <set>
#include <thread>

#include "file/file_backend.h"
#include "file/file_writer.h"
#include "testing/fault_fs.h"
#include "testing/store_fixture.h"

namespace sessionstore {
namespace {

using testing::FaultFs;
using testing::UserText;

class WriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = file::OpenStore(dir_.path(), {}, &fs_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
    ASSERT_TRUE(store_->Create({.id = "s"}).ok());
  }

  std::unique_ptr<Writer> Open(const WriterOptions& o = {}) {
    auto w = store_->OpenWriter("s", o);
    EXPECT_TRUE(w.ok()) << w.status().ToString();
    return w.ok() ? std::move(*w) : nullptr;
  }
  std::string FileBytes() const { return testing::ReadFile(dir_ / "sessions/s.jsonl"); }
  std::vector<Entry> Entries() {
    auto s = store_->Load("s");
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    EXPECT_TRUE(s->report.skipped.empty());
    EXPECT_EQ(s->report.torn_tail_bytes, 0u);
    return s.ok() ? s->entries : std::vector<Entry>{};
  }

  testing::TempDir dir_;
  FaultFs fs_;
  std::unique_ptr<Store> store_;
};

TEST_F(WriterTest, BufferedKeepsEntriesInMemoryUntilFlush) {
  auto w = Open({.durability = Durability::kBuffered});
  const std::string before = FileBytes();
  ASSERT_TRUE(w->Append(UserText("one")).ok());
  EXPECT_EQ(FileBytes(), before);
  ASSERT_TRUE(w->Flush().ok());
  EXPECT_EQ(Entries().size(), 1u);
  ASSERT_TRUE(w->Append(UserText("two")).ok());
  ASSERT_TRUE(w->Close().ok());
  EXPECT_EQ(Entries().size(), 2u) << "Close flushes";
}

TEST_F(WriterTest, BufferedWritesWhenTheBufferFills) {
  const long syncs = fs_.syncs;
  auto w = Open({.durability = Durability::kBuffered, .buffer_bytes = 1000});
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(w->Append(UserText(std::string(100, 'x'))).ok());
  EXPECT_GE(Entries().size(), 10u);
  EXPECT_EQ(fs_.syncs, syncs) << "buffered mode never syncs";
}

// A buffered writer whose flush fails keeps the whole lines that were
// written, says how many acknowledged entries were not, and writes them on
// a later flush.
TEST_F(WriterTest, AFailedBufferedFlushKeepsWhatFitAndSaysWhatDidNot) {
  auto w = Open({.durability = Durability::kBuffered, .buffer_bytes = 1 << 20});
  std::vector<std::string> ids;
  for (int i = 0; i < 50; ++i) {
    auto id = w->Append(UserText(std::to_string(i) + std::string(1000, 'x')));
    ASSERT_TRUE(id.ok());
    ids.push_back(*id);
  }
  fs_.write_budget = 20500;  // room for about 18 of the 50 lines, the last one cut short
  Status s = w->Flush();
  ASSERT_EQ(s.code(), StatusCode::kIOError);
  const std::vector<Entry> written = Entries();
  ASSERT_GT(written.size(), 10u);
  ASSERT_LT(written.size(), 25u);
  for (size_t i = 0; i < written.size(); ++i) EXPECT_EQ(written[i].id, ids[i]) << "the whole lines that fit stay";
  EXPECT_NE(s.message().find("; " + std::to_string(50 - written.size()) + " buffered entries were not written"),
            std::string::npos)
      << s.ToString();
  fs_.write_budget = -1;
  ASSERT_TRUE(w->Close().ok()) << "the rest is written when there is room";
  const std::vector<Entry> all = Entries();
  ASSERT_EQ(all.size(), 50u);
  for (size_t i = 0; i < all.size(); ++i) EXPECT_EQ(all[i].id, ids[i]);
}

TEST_F(WriterTest, ProcessModeWritesBeforeReturningWithoutSyncing) {
  auto w = Open({.durability = Durability::kProcess});
  const long syncs = fs_.syncs;
  ASSERT_TRUE(w->Append(UserText("one")).ok());
  EXPECT_EQ(Entries().size(), 1u);
  EXPECT_EQ(fs_.syncs, syncs);
}

TEST_F(WriterTest, SyncModeSyncsBeforeReturning) {
  auto w = Open({.durability = Durability::kSync});
  const long syncs = fs_.syncs;
  ASSERT_TRUE(w->Append(UserText("one")).ok());
  EXPECT_EQ(fs_.syncs, syncs + 1);
  ASSERT_TRUE(w->AppendBatch(std::vector<Record>{UserText("a"), UserText("b")}).ok());
  EXPECT_EQ(fs_.syncs, syncs + 2) << "a batch is one write and one sync";
}

TEST_F(WriterTest, IntervalModeSyncsInTheBackground) {
  auto w = Open({.durability = Durability::kInterval, .interval_ms = 5});
  const long syncs = fs_.syncs;
  ASSERT_TRUE(w->Append(UserText("one")).ok());
  EXPECT_EQ(Entries().size(), 1u) << "written before return";
  for (int i = 0; i < 400 && fs_.syncs == syncs; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_GT(fs_.syncs, syncs);
  ASSERT_TRUE(w->Close().ok());
}

TEST_F(WriterTest, ConcurrentAppendersShareSyncsAndKeepOneChain) {
  auto w = Open({.durability = Durability::kSync});
  constexpr int kThreads = 8, kEach = 100;
  const long syncs = fs_.syncs;
  std::vector<std::thread> threads;
  std::vector<std::vector<std::string>> ids(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        auto id = w->Append(UserText("t" + std::to_string(t) + " " + std::to_string(i)));
        ASSERT_TRUE(id.ok()) << id.status().ToString();
        ids[t].push_back(*id);
      }
    });
  }
  for (auto& th : threads) th.join();
  ASSERT_TRUE(w->Close().ok());
  EXPECT_LT(fs_.syncs - syncs, kThreads * kEach) << "group commit shares syncs";
  std::vector<Entry> entries = Entries();
  ASSERT_EQ(entries.size(), size_t{kThreads * kEach});
  std::set<std::string> all;
  for (size_t i = 0; i < entries.size(); ++i) {
    EXPECT_EQ(entries[i].seq, i + 1);
    if (i > 0) {
      EXPECT_EQ(entries[i].parent, entries[i - 1].id);
    }
    all.insert(entries[i].id);
  }
  for (const auto& per_thread : ids) {
    for (const std::string& id : per_thread) EXPECT_TRUE(all.count(id)) << id;
  }
}

TEST_F(WriterTest, AnInvalidRecordFailsAloneAndWritesNothing) {
  auto w = Open();
  ASSERT_TRUE(w->Append(UserText("good")).ok());
  const std::string before = FileBytes();
  std::vector<Record> batch = {UserText("fine"), UserText("bad \xC3")};
  auto r = w->AppendBatch(batch);
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(FileBytes(), before);
  auto next = w->Append(UserText("after"));
  ASSERT_TRUE(next.ok());
  std::vector<Entry> entries = Entries();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[1].seq, 2u);
  EXPECT_EQ(entries[1].parent, entries[0].id);
}

TEST_F(WriterTest, AShortFailedWriteIsCutBackAndTheWriterGoesOn) {
  auto w = Open({.durability = Durability::kProcess});
  ASSERT_TRUE(w->Append(UserText("one")).ok());
  const std::string before = FileBytes();
  fs_.write_budget = 20;  // 20 bytes go through, then ENOSPC
  auto failed = w->Append(UserText(std::string(500, 'x')));
  EXPECT_EQ(failed.status().code(), StatusCode::kIOError);
  EXPECT_EQ(failed.status().context().sys_errno, ENOSPC);
  EXPECT_EQ(FileBytes(), before) << "the partial line was cut off";
  fs_.write_budget = -1;
  ASSERT_TRUE(w->Append(UserText("two")).ok());
  std::vector<Entry> entries = Entries();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[1].message.Text(), "two");
  EXPECT_EQ(entries[1].parent, entries[0].id);
}

TEST_F(WriterTest, AWriteThatCannotBeCutBackFailsTheWriter) {
  auto w = Open({.durability = Durability::kProcess});
  fs_.write_budget = 10;
  fs_.fail_truncate = true;
  EXPECT_FALSE(w->Append(UserText(std::string(100, 'x'))).ok());
  fs_.write_budget = -1;
  fs_.fail_truncate = false;
  EXPECT_FALSE(w->Append(UserText("refused")).ok());
  EXPECT_FALSE(w->Close().ok());
  // A new writer cuts the torn tail and goes on.
  auto again = Open();
  EXPECT_GT(again->dropped_tail_bytes(), 0u);
  ASSERT_TRUE(again->Append(UserText("fresh")).ok());
  std::vector<Entry> entries = Entries();
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].message.Text(), "fresh");
}

TEST_F(WriterTest, AFailedSyncFailsTheWriterForGood) {
  auto w = Open({.durability = Durability::kSync});
  ASSERT_TRUE(w->Append(UserText("one")).ok());
  fs_.fail_sync = true;
  auto failed = w->Append(UserText("two"));
  EXPECT_EQ(failed.status().code(), StatusCode::kIOError);
  EXPECT_NE(failed.status().message().find("refuses"), std::string::npos) << failed.status().ToString();
  fs_.fail_sync = false;
  EXPECT_FALSE(w->Append(UserText("three")).ok()) << "never retry a sync and assume success";
  EXPECT_FALSE(w->Sync().ok());
  EXPECT_FALSE(w->Close().ok());
  EXPECT_TRUE(Open() != nullptr) << "a reopened writer starts from what the file holds";
}

TEST_F(WriterTest, ClosedWritersRefuseWork) {
  auto w = Open();
  ASSERT_TRUE(w->Close().ok());
  EXPECT_EQ(w->Append(UserText("x")).status().code(), StatusCode::kFailedPrecondition);
  EXPECT_TRUE(w->Close().ok()) << "Close is idempotent";
}

// Out of space for real: a child process with RLIMIT_FSIZE appends until
// the kernel refuses; the append fails cleanly and the file stays valid.
TEST_F(WriterTest, OutOfSpaceUnderRlimitFsizeFailsCleanly) {
  const std::string path = dir_ / "sessions/s.jsonl";
  int status_pipe[2];
  ASSERT_EQ(::pipe(status_pipe), 0);
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::signal(SIGXFSZ, SIG_IGN);  // a write past the limit fails with EFBIG instead of killing
    struct rlimit lim {
      .rlim_cur = 20000, .rlim_max = 20000
    };
    ::setrlimit(RLIMIT_FSIZE, &lim);
    auto store = Store::Open(dir_.path());
    auto w = (*store)->OpenWriter("s", {.durability = Durability::kProcess});
    int appended = 0;
    Status last;
    while (true) {
      auto id = (*w)->Append(UserText(std::string(1500, 'z')));
      if (!id.ok()) {
        last = id.status();
        break;
      }
      ++appended;
    }
    char report[8] = {static_cast<char>(appended), static_cast<char>(last.context().sys_errno)};
    (void)!::write(status_pipe[1], report, 2);
    ::_exit(0);
  }
  char report[2] = {};
  ASSERT_EQ(::read(status_pipe[0], report, 2), 2);
  ::waitpid(child, nullptr, 0);
  EXPECT_EQ(report[1], EFBIG);
  EXPECT_GT(report[0], 5);
  std::vector<Entry> entries = Entries();
  EXPECT_EQ(entries.size(), static_cast<size_t>(report[0])) << "every acknowledged append, nothing else";
  EXPECT_LE(FileBytes().size(), 20000u);
  EXPECT_EQ(FileBytes().back(), '\n');
  ::close(status_pipe[0]);
  ::close(status_pipe[1]);
}

}  // namespace
}  // namespace sessionstore
