// Cleaning up without regret, with the real binary: rm, cleanup and prune
// move sessions to the trash; pins keep them; dry runs list exactly what
// the real run removes; trash list, restore and empty.

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "cli/cli_fixture.h"

namespace sessionstore::testing {
namespace {

class CliCleanupTest : public CliTest {
 protected:
  std::vector<std::string> Ids(std::vector<std::string> args) {
    args.insert(args.begin(), {"list", "--all", "--archived", "--format", "{id}"});
    std::vector<std::string> ids = Lines(Run(args).out);
    std::sort(ids.begin(), ids.end());
    return ids;
  }
  std::vector<std::string> Trashed() {
    std::vector<std::string> ids;
    for (const std::string& line : Lines(Run({"trash", "list"}).out)) ids.push_back(line.substr(0, line.find(' ')));
    std::sort(ids.begin(), ids.end());
    return ids;
  }
  // The session of each line of `out` ("trashed ID ...", "would trash ID ...").
  static std::vector<std::string> Named(const std::string& out) {
    std::vector<std::string> ids;
    for (std::string line : Lines(out)) {
      for (const char* verb : {"would trash ", "trashed "}) {
        if (line.rfind(verb, 0) == 0) line.erase(0, std::string(verb).size());
      }
      ids.push_back(line.substr(0, line.find(' ')));
    }
    std::sort(ids.begin(), ids.end());
    return ids;
  }
};

TEST_F(CliCleanupTest, RmMovesToTheTrashAndRestoreBringsBack) {
  New({"--id", "a"});
  Say("a", "user", "precious");
  New({"--id", "b"});
  CommandResult rm = Run({"rm", "a", "b"});
  EXPECT_EQ(rm.exit_code, 0) << rm.err;
  EXPECT_NE(rm.err.find("trash restore"), std::string::npos) << "says how to undo";
  EXPECT_TRUE(Ids({}).empty());
  EXPECT_EQ(Trashed(), (std::vector<std::string>{"a", "b"}));
  EXPECT_NE(Run({"trash", "list", "--json"}).out.find("\"trashed_at\":\"20"), std::string::npos);
  CommandResult restore = Run({"trash", "restore", "a"});
  EXPECT_EQ(restore.exit_code, 0) << restore.err;
  EXPECT_NE(Run({"show", "a"}).out.find("precious"), std::string::npos) << "back whole";
  EXPECT_EQ(Trashed(), std::vector<std::string>{"b"});
  EXPECT_EQ(Run({"trash", "restore", "zzz"}).exit_code, 1);
  CommandResult dry = Run({"trash", "empty", "--dry-run"});
  EXPECT_EQ(dry.out, "would delete b\n");
  EXPECT_EQ(Trashed(), std::vector<std::string>{"b"});
  EXPECT_TRUE(Run({"trash", "empty", "--older-than", "1d"}).out.empty()) << "trashed just now";
  EXPECT_EQ(Run({"trash", "empty"}).out, "deleted b\n");
  EXPECT_TRUE(Trashed().empty());
  ASSERT_EQ(Run({"rm", "a", "--permanently"}).exit_code, 0);
  EXPECT_TRUE(Trashed().empty()) << "for good: not in the trash";
  EXPECT_TRUE(Ids({}).empty());
}

TEST_F(CliCleanupTest, PruneByCountAgeAndSizeKeepsPinnedArchivedAndHeldSessions) {
  // Two workspaces, three sessions each, oldest first.
  TempDir w1, w2;
  std::vector<std::string> one, two;
  for (int i = 0; i < 3; ++i) {
    one.push_back(Lines(RunIn(w1.path(), {"new", "--title", "one" + std::to_string(i)}).out)[0]);
    two.push_back(Lines(RunIn(w2.path(), {"new", "--title", "two" + std::to_string(i)}).out)[0]);
    Say(one.back(), "user", std::string(1000 * (i + 1), 'x'));
    Say(two.back(), "user", "small");
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  // Keep the last one of each workspace; one[0] is pinned, two[0] archived.
  ASSERT_EQ(Run({"pin", one[0]}).exit_code, 0);
  EXPECT_NE(Run({"list", "--all", "--label", "pinned", "--format", "{id}"}).out.find(one[0]), std::string::npos);
  ASSERT_EQ(Run({"archive", two[0]}).exit_code, 0);
  CommandResult dry = Run({"prune", "--keep-last", "1", "--per-workspace", "--dry-run"});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  std::vector<std::string> want = {one[1], two[1]};
  std::sort(want.begin(), want.end());
  // one[0] is pinned (and updated last by its pin), two[0] archived.
  EXPECT_EQ(Named(dry.out), want) << dry.out;
  CommandResult real = Run({"prune", "--keep-last", "1", "--per-workspace"});
  EXPECT_EQ(Named(real.out), want) << "the dry run listed exactly what the real run removes";
  EXPECT_EQ(Trashed(), want);
  // Overall, by size: the oldest go until the rest fit.
  CommandResult big = Run({"prune", "--max-size", "1", "--include-archived", "--dry-run"});
  EXPECT_EQ(Named(big.out).size(), 3u) << big.out << "all but the pinned one";
  // A session a writer holds stays, in the dry run as in the real one.
  Child holder = SpawnChild({SESSIONSTORE_BIN, "--store", dir_.path(), "append", two[2]});
  for (int i = 0; i < 200 && Run({"info", two[2]}).out.find("writer    pid") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  CommandResult held = Run({"prune", "--older-than", "0s", "--dry-run"});
  EXPECT_EQ(held.out.find(two[2]), std::string::npos) << held.out;
  EXPECT_NE(held.err.find("left " + two[2] + ": a writer holds it"), std::string::npos) << held.err;
  close(holder.stdin_fd);
  int status = 0;
  waitpid(holder.pid, &status, 0);
  close(holder.stdout_fd);
  ASSERT_EQ(Run({"unpin", one[0]}).exit_code, 0);
  CommandResult all = Run({"prune", "--older-than", "0s"});
  EXPECT_NE(all.out.find(one[0]), std::string::npos) << "unpinned: removed";
  EXPECT_EQ(Ids({}), std::vector<std::string>{two[0]}) << "the archived one stays";
  EXPECT_EQ(Run({"prune"}).exit_code, 1) << "prune by what?";
  EXPECT_EQ(Run({"prune", "--max-size", "lots"}).exit_code, 2);
}

TEST_F(CliCleanupTest, CleanupMovesOldSessionsToTheTrashAndItsDryRunMatches) {
  New({"--id", "old"});
  New({"--id", "kept"});
  ASSERT_EQ(Run({"pin", "kept"}).exit_code, 0);
  CommandResult dry = Run({"cleanup", "--older-than", "0s", "--dry-run"});
  EXPECT_EQ(Named(dry.out), std::vector<std::string>{"old"}) << dry.out;
  CommandResult real = Run({"cleanup", "--older-than", "0s"});
  EXPECT_EQ(Named(real.out), std::vector<std::string>{"old"});
  EXPECT_EQ(Trashed(), std::vector<std::string>{"old"});
  EXPECT_EQ(Ids({}), std::vector<std::string>{"kept"});
}

TEST_F(CliCleanupTest, DuSaysWhereTheBytesAreAndWhatCompactWouldFree) {
  TempDir w1, w2;
  const std::string big = Lines(RunIn(w1.path(), {"new", "--title", "big"}).out)[0];
  const std::string small = Lines(RunIn(w2.path(), {"new", "--title", "small"}).out)[0];
  Say(big, "user", std::string(20000, 'x'));
  Say(big, "user", "after");
  Say(small, "user", "tiny");
  ASSERT_EQ(Run({"truncate", big, "--keep", "1"}).exit_code, 0);  // the 20 KB message: no context reaches it
  CommandResult dry = Run({"compact", big, "--dry-run"});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_EQ(dry.out.rfind("would reclaim 2", 0), 0u) << dry.out;
  CommandResult du = Run({"du", "--json"});
  ASSERT_EQ(du.exit_code, 0) << du.err;
  const std::vector<std::string> lines = Lines(du.out);
  ASSERT_EQ(lines.size(), 3u) << du.out;
  EXPECT_EQ(lines[0].rfind("{\"key\":\"" + w1.path() + "\",\"sessions\":1,\"bytes\":2", 0), 0u) << "the largest first";
  EXPECT_NE(lines[2].find("\"key\":\"(total)\",\"sessions\":2"), std::string::npos);
  EXPECT_EQ(lines[2].find("\"index_bytes\":0"), std::string::npos) << "the catalog has bytes";
  CommandResult reclaim = Run({"du", "--by", "session", "--reclaimable", "--json"});
  EXPECT_NE(reclaim.out.find("\"reclaimable\":2"), std::string::npos) << reclaim.out;
  EXPECT_EQ(Lines(Run({"show", big, "--all-branches", "--json"}).out).size(), 4u) << "du wrote nothing";
  CommandResult table = Run({"du"});
  EXPECT_NE(table.out.find("all sessions"), std::string::npos);
  EXPECT_NE(table.out.find("KiB"), std::string::npos) << table.out;
}

}  // namespace
}  // namespace sessionstore::testing
