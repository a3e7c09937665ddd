// Runs a program (the real sessionstore binary, a crash child) as a child
// process, for CLI and crash tests.

#ifndef SESSIONSTORE_TESTS_TESTING_RUN_COMMAND_H_
#define SESSIONSTORE_TESTS_TESTING_RUN_COMMAND_H_

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace sessionstore::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
  long max_rss_kb = 0;  // the child's peak resident memory
};

// Runs `argv` (argv[0] is the program path) with `input` on its stdin and the
// environment plus `env` ("NAME=value"), and waits for it.
CommandResult RunCommand(const std::vector<std::string>& argv, const std::string& input = {},
                         const std::vector<std::string>& env = {});
// The same in working directory `cwd`.
CommandResult RunCommandIn(const std::string& cwd, const std::vector<std::string>& argv, const std::string& input = {},
                           const std::vector<std::string>& env = {});
// The same with the file at `input_path` on its stdin, for inputs too big to
// hold: the child's peak memory then does not count the test's own (a
// spawned child starts from its parent's high-water mark).
CommandResult RunCommandOnFile(const std::vector<std::string>& argv, const std::string& input_path);
// The same with `input` on its stdin and its stdout on `stdout_fd` (the
// caller's: /dev/full, a pipe nobody reads); CommandResult::out is empty.
CommandResult RunCommandWithStdout(const std::vector<std::string>& argv, int stdout_fd, const std::string& input = {});

// A child process with pipes to its stdin and from its stdout, for tests
// that talk to it line by line (and kill it).
struct Child {
  int pid = -1;
  int stdin_fd = -1;
  int stdout_fd = -1;
};
Child SpawnChild(const std::vector<std::string>& argv, const std::vector<std::string>& env = {});

// Reads the child's stdout for `delay`, then kills it with SIGKILL, reaps
// it, and closes its stdout (its stdin is the caller's to close). With
// `start`, the delay counts from the first line for which start(line) is
// true (or from the child's exit, or 30 s). Returns the whole lines it printed (what it
// acknowledged before dying); a last line without '\n' is left out.
std::vector<std::string> KillAfter(Child& child, std::chrono::microseconds delay,
                                   const std::function<bool(std::string_view line)>& start = nullptr);

}  // namespace sessionstore::testing

#endif  // SESSIONSTORE_TESTS_TESTING_RUN_COMMAND_H_
