// --redact and --redact-patterns FILE: the commands that print a session
// (show, context, export) replace the secrets they find in what they print;
// the commands that write one (append, import) replace them before they are
// stored (StoreOptions::redact_before_write). sessionstore/redact.h has the
// detectors.

#ifndef SESSIONSTORE_TOOLS_REDACTION_H_
#define SESSIONSTORE_TOOLS_REDACTION_H_

#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "sessionstore/redact.h"

namespace sessionstore::cli {

struct RedactArgs {
  bool redact = false;
  std::string patterns_file;  // implies redact
};

// Adds --redact and --redact-patterns to `sub`; `what` ends the help of
// --redact ("in what is printed", "before it is stored").
void AddRedactOptions(CLI::App* sub, RedactArgs* args, const std::string& what);

// The redactor the options ask for; null if they ask for none. An error
// names the patterns file and line.
Result<std::shared_ptr<const Redactor>> MakeRedactor(const RedactArgs& args);

// "sessionstore: redacted 3 secrets: aws-access-key 1, github-token 2" on
// stderr, if any was.
void SayRedacted(const RedactionCounts& counts);

}  // namespace sessionstore::cli

#endif  // SESSIONSTORE_TOOLS_REDACTION_H_
