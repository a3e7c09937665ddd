// What the command says about a command line it does not understand: the
// parser's complaint, and for a command it does not know, the nearest one
// it does ("no command 'lst'; did you mean 'list'?").

#ifndef SESSIONSTORE_TOOLS_USAGE_H_
#define SESSIONSTORE_TOOLS_USAGE_H_

#include <CLI/CLI.hpp>
#include <string>
#include <string_view>

namespace sessionstore::cli {

// The message for `error`, met parsing argv.
std::string UsageError(int argc, const char* const* argv, const CLI::ParseError& error);

// The command of kCommands nearest `word` by edit distance, if it is near
// enough to be a typo; empty otherwise.
std::string NearestCommand(std::string_view word);

}  // namespace sessionstore::cli

#endif  // SESSIONSTORE_TOOLS_USAGE_H_
