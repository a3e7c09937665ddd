#include "redaction.h"

#include <fmt/core.h>

#include <cstdio>

namespace sessionstore::cli {

void AddRedactOptions(CLI::App* sub, RedactArgs* args, const std::string& what) {
  sub->add_flag("--redact", args->redact,
                "Replace API keys, tokens, passwords and private keys with [REDACTED:<kind>] " + what);
  sub->add_option("--redact-patterns", args->patterns_file,
                  "Also redact what these patterns find (implies --redact): one a line, a name, blanks, an RE2 "
                  "pattern; with a group, only the group is replaced")
      ->check(CLI::ExistingFile);
}

Result<std::shared_ptr<const Redactor>> MakeRedactor(const RedactArgs& args) {
  if (!args.redact && args.patterns_file.empty()) return std::shared_ptr<const Redactor>();
  return Redactor::Make({.patterns_file = args.patterns_file});
}

void SayRedacted(const RedactionCounts& counts) {
  const uint64_t n = counts.total();
  if (n == 0) return;
  std::fflush(stdout);
  fmt::print(stderr, "sessionstore: redacted {} secret{}: {}\n", n, n == 1 ? "" : "s", counts.ToString());
}

}  // namespace sessionstore::cli
