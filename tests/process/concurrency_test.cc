// Many processes on one store at once, for SESSIONSTORE_CONCURRENCY_SECONDS
// (10 s by default): 4 writers on 4 sessions, 4 takers trying to open
// writers on the same sessions (Busy, or a turn of their own), 2 followers
// loading the sessions again and again, 1 compacting them, 1 listing and
// searching. Afterwards: every acknowledged entry is in its session once,
// the files hold only whole lines in order, and the catalog matches them.

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <thread>

#include "sessionstore/store.h"
#include "testing/run_command.h"
#include "testing/temp_dir.h"

namespace sessionstore::testing {
namespace {

TEST(ConcurrencyTest, WritersTakersFollowersCompactorAndListerAtOnce) {
  ::signal(SIGPIPE, SIG_IGN);
  const char* env = std::getenv("SESSIONSTORE_CONCURRENCY_SECONDS");
  const std::string seconds = env != nullptr ? env : "10";
  TempDir dir;
  const std::vector<std::string> ids = {"s0", "s1", "s2", "s3"};
  {
    auto store = Store::Open(dir.path());
    ASSERT_TRUE(store.ok());
    for (const std::string& id : ids) ASSERT_TRUE((*store)->Create({.id = id}).ok());
  }
  struct Role {
    std::string name;
    std::vector<std::string> args;
    std::string session;  // whose entries it prints, if any
  };
  std::vector<Role> roles;
  for (const std::string& id : ids) roles.push_back({"writer " + id, {"writer", dir.path(), seconds, id}, id});
  for (const std::string& id : ids) roles.push_back({"taker " + id, {"taker", dir.path(), seconds, id}, id});
  for (int i = 0; i < 2; ++i) {
    std::vector<std::string> args = {"follower", dir.path(), seconds};
    args.insert(args.end(), ids.begin(), ids.end());
    roles.push_back({"follower " + std::to_string(i), args, ""});
  }
  std::vector<std::string> compactor = {"compactor", dir.path(), seconds};
  compactor.insert(compactor.end(), ids.begin(), ids.end());
  roles.push_back({"compactor", compactor, ""});
  roles.push_back({"lister", {"lister", dir.path(), seconds}, ""});

  std::vector<std::vector<std::string>> outputs(roles.size());
  std::vector<std::thread> threads;
  for (size_t i = 0; i < roles.size(); ++i) {
    std::vector<std::string> argv = {STORE_CHILD};
    argv.insert(argv.end(), roles[i].args.begin(), roles[i].args.end());
    Child child = SpawnChild(argv);
    ::close(child.stdin_fd);
    threads.emplace_back([&outputs, i, child]() mutable {
      outputs[i] = KillAfter(child, std::chrono::seconds(600));  // returns when it exits
    });
  }
  for (std::thread& t : threads) t.join();

  std::map<std::string, std::multiset<std::string>> acknowledged;
  for (size_t i = 0; i < roles.size(); ++i) {
    const std::vector<std::string>& out = outputs[i];
    ASSERT_FALSE(out.empty()) << roles[i].name << " printed nothing";
    ASSERT_TRUE(out.back().starts_with("#done ")) << roles[i].name << " failed (its last line: " << out.back() << ")";
    std::printf("%s: %s\n", roles[i].name.c_str(), out.back().c_str());
    if (roles[i].session.empty()) continue;
    for (size_t l = 0; l + 1 < out.size(); ++l) acknowledged[roles[i].session].insert(out[l]);
  }

  auto store = Store::Open(dir.path(), {.read = {.strict = true}});
  ASSERT_TRUE(store.ok());
  auto rows = (*store)->List();
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), ids.size());
  for (const SessionInfo& row : *rows) {
    auto session = (*store)->Load(row.id);
    ASSERT_TRUE(session.ok()) << session.status().ToString();
    std::multiset<std::string> stored;
    for (size_t i = 0; i < session->entries.size(); ++i) {
      EXPECT_EQ(session->entries[i].seq, i + 1) << row.id;
      stored.insert(session->entries[i].id);
    }
    EXPECT_EQ(stored, acknowledged[row.id]) << row.id << ": the file holds exactly the acknowledged entries, once each";
    std::printf("%s: %zu entries acknowledged and stored\n", row.id.c_str(), stored.size());
    EXPECT_EQ(row.message_count, static_cast<int64_t>(session->entries.size())) << row.id;
    EXPECT_EQ(row.bytes, std::filesystem::file_size(dir / ("sessions/" + row.id + ".jsonl"))) << row.id;
  }
}

}  // namespace
}  // namespace sessionstore::testing
