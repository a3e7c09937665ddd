// kill -9 at random moments of a process appending in synced mode: every
// entry it acknowledged is in the file afterwards, the file loads, and the
// next writer cuts off whatever torn line the kill left.
//
// The child is the real binary: `sessionstore append ID --durability sync`
// reads messages on stdin and prints each id once it is durable.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <random>
#include <set>
#include <thread>

#include "sessionstore/store.h"
#include "testing/run_command.h"
#include "testing/temp_dir.h"

namespace sessionstore::testing {
namespace {

constexpr int kKills = 200;

// Messages of 10 bytes to 256 KiB (log-uniform), as JSON lines.
std::string MessageLine(std::mt19937_64& rng, int n) {
  std::uniform_real_distribution<double> log_size(std::log(10.0), std::log(256.0 * 1024));
  size_t size = static_cast<size_t>(std::exp(log_size(rng)));
  std::string text = "m" + std::to_string(n) + " ";
  while (text.size() < size) text += "line of tool output\twith \"quotes\" \\ and caf\xC3\xA9\n";
  text.resize(size);
  while (!text.empty() && (static_cast<unsigned char>(text.back()) & 0xC0) == 0x80) text.pop_back();
  if (!text.empty() && static_cast<unsigned char>(text.back()) >= 0xC0) text.pop_back();
  std::string escaped;
  for (char c : text) {
    if (c == '"' || c == '\\') escaped.push_back('\\');
    if (c == '\n') {
      escaped += "\\n";
    } else if (c == '\t') {
      escaped += "\\t";
    } else {
      escaped.push_back(c);
    }
  }
  return "{\"role\":\"user\",\"content\":\"" + escaped + "\"}\n";
}

TEST(KillTest, AcknowledgedSyncedAppendsSurviveKill9) {
  ::signal(SIGPIPE, SIG_IGN);
  TempDir dir;
  auto store = Store::Open(dir.path());
  ASSERT_TRUE(store.ok());
  std::mt19937_64 rng(20261122);
  int torn_tails = 0, acknowledged_total = 0;
  for (int kill = 0; kill < kKills; ++kill) {
    const std::string id = "k" + std::to_string(kill);
    ASSERT_TRUE((*store)->Create({.id = id}).ok());
    Child child = SpawnChild({SESSIONSTORE_BIN, "--store", dir.path(), "append", id, "--durability", "sync"});
    std::thread feeder([fd = child.stdin_fd, seed = rng()] {
      std::mt19937_64 r(seed);
      for (int n = 0;; ++n) {
        std::string line = MessageLine(r, n);
        size_t off = 0;
        while (off < line.size()) {
          ssize_t w = ::write(fd, line.data() + off, line.size() - off);
          if (w <= 0) return;  // the child is gone
          off += static_cast<size_t>(w);
        }
      }
    });
    // Every other kill counts its delay from the first acknowledgement, so
    // that a loaded machine, where a child may take longer than the delay to
    // start, still kills children mid-work.
    const auto delay = std::chrono::microseconds(std::uniform_int_distribution<int>(0, 40000)(rng));
    const std::vector<std::string> lines =
        kill % 2 == 0 ? KillAfter(child, delay) : KillAfter(child, delay, [](std::string_view) { return true; });
    ::close(child.stdin_fd);
    feeder.join();
    const std::set<std::string> acked(lines.begin(), lines.end());
    acknowledged_total += static_cast<int>(acked.size());

    auto loaded = (*store)->Load(id);
    ASSERT_TRUE(loaded.ok()) << "kill " << kill << ": " << loaded.status().ToString();
    EXPECT_TRUE(loaded->report.skipped.empty()) << "kill " << kill;
    if (loaded->report.torn_tail_bytes > 0) ++torn_tails;
    std::set<std::string> stored;
    for (size_t i = 0; i < loaded->entries.size(); ++i) {
      EXPECT_EQ(loaded->entries[i].seq, i + 1);
      stored.insert(loaded->entries[i].id);
    }
    for (const std::string& a : acked)
      EXPECT_TRUE(stored.count(a)) << "kill " << kill << ": acknowledged " << a << " lost";

    // The next writer repairs the tail and the session goes on.
    auto w = (*store)->OpenWriter(id);
    ASSERT_TRUE(w.ok()) << w.status().ToString();
    EXPECT_EQ((*w)->dropped_tail_bytes(), loaded->report.torn_tail_bytes);
    ASSERT_TRUE((*w)->Append(Record::FromMessage(Message::User("after the kill"))).ok());
    ASSERT_TRUE((*w)->Close().ok());
    auto again = (*store)->Load(id);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->entries.size(), loaded->entries.size() + 1);
    EXPECT_EQ(again->report.torn_tail_bytes, 0u);
  }
  std::printf("%d kills, %d acknowledged entries, %d torn tails repaired\n", kKills, acknowledged_total, torn_tails);
  EXPECT_GT(acknowledged_total, kKills / 2) << "the children must have been killed mid-work, not before it";
}

}  // namespace
}  // namespace sessionstore::testing
