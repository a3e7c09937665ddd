// Runs the real sessionstore binary as a child process, for CLI tests.

#ifndef SESSIONSTORE_TESTS_CLI_RUN_COMMAND_H_
#define SESSIONSTORE_TESTS_CLI_RUN_COMMAND_H_

#include <string>
#include <vector>

namespace sessionstore::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `argv` (argv[0] is the program path) with `input` on its stdin and the
// environment plus `env` ("NAME=value"), and waits for it.
CommandResult RunCommand(const std::vector<std::string>& argv, const std::string& input = {},
                         const std::vector<std::string>& env = {});

// A child process with pipes to its stdin and from its stdout, for tests
// that talk to it line by line (and kill it).
struct Child {
  int pid = -1;
  int stdin_fd = -1;
  int stdout_fd = -1;
};
Child SpawnChild(const std::vector<std::string>& argv, const std::vector<std::string>& env = {});

}  // namespace sessionstore::testing

#endif  // SESSIONSTORE_TESTS_CLI_RUN_COMMAND_H_
