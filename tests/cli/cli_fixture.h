// CliTest: runs the real sessionstore binary (SESSIONSTORE_BIN) on a store
// of its own, in a working directory of its own.

#ifndef SESSIONSTORE_TESTS_CLI_CLI_FIXTURE_H_
#define SESSIONSTORE_TESTS_CLI_CLI_FIXTURE_H_

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "testing/run_command.h"
#include "testing/temp_dir.h"

namespace sessionstore::testing {

class CliTest : public ::testing::Test {
 protected:
  // `sessionstore --store <store> args...` in the test's working directory.
  CommandResult Run(std::vector<std::string> args, const std::string& input = {},
                    const std::vector<std::string>& env = {}) {
    return RunIn(cwd_.path(), std::move(args), input, env);
  }
  // The same in working directory `cwd`.
  CommandResult RunIn(const std::string& cwd, std::vector<std::string> args, const std::string& input = {},
                      const std::vector<std::string>& env = {}) {
    args.insert(args.begin(), {SESSIONSTORE_BIN, "--store", dir_.path()});
    return RunCommandIn(cwd, args, input, env);
  }
  // `new extra...`: the new session's id.
  std::string New(std::vector<std::string> extra = {}) {
    extra.insert(extra.begin(), "new");
    CommandResult r = Run(extra);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(r.err.empty()) << r.err;
    std::string id = r.out;
    if (!id.empty() && id.back() == '\n') id.pop_back();
    return id;
  }
  // Appends one message with `role` and `text`; its entry id.
  std::string Say(const std::string& id, const std::string& role, const std::string& text) {
    CommandResult r = Run({"append", id, "--role", role, "--text", text});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::string entry = r.out;
    if (!entry.empty() && entry.back() == '\n') entry.pop_back();
    return entry;
  }
  static std::vector<std::string> Lines(const std::string& s) {
    std::vector<std::string> lines;
    std::istringstream in(s);
    for (std::string l; std::getline(in, l);) lines.push_back(l);
    return lines;
  }

  TempDir dir_;  // the store
  TempDir cwd_;  // the working directory: the workspace of `new`
};

}  // namespace sessionstore::testing

#endif  // SESSIONSTORE_TESTS_CLI_CLI_FIXTURE_H_
