// Redactor: finds secrets in a session's text — API keys pasted by users,
// tokens printed by tools, .env files read by agents — and replaces each
// with [REDACTED:<detector>], so that a session can be shown, exported or
// stored without them.
//
//   auto redactor = sessionstore::Redactor::Make({});  // the built-in detectors
//   RedactionCounts counts;
//   (*redactor)->RedactRecord(&record, &counts);       // "AKIA..." -> "[REDACTED:aws-access-key]"
//
// The built-in detectors (BuiltInDetectors()) find the keys of OpenAI,
// Anthropic, AWS (access key id, and a secret key named as one), GitHub,
// GitLab, Slack, Google and Stripe, JSON Web Tokens, PEM private keys,
// `Authorization: Bearer` values, passwords in URLs, and the value of
// NAME=value (or NAME: value) where the name says secret, token, password or
// API key. Each is tuned to leave alone what merely looks random: git
// hashes, UUIDs, base64 images, numbers, ordinary words.
//
// Only what a person or a model wrote is searched: text, thinking, tool
// arguments and results, titles, summaries, labels and the string values of
// raw JSON members. Ids, model names, thinking signatures and image data
// are not.
//
// A counts report says how many of each kind were replaced, never what.
//
// Thread safety: a Redactor is immutable once made; any number of threads
// may use one at once.

#ifndef SESSIONSTORE_REDACT_H_
#define SESSIONSTORE_REDACT_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sessionstore/message.h"
#include "sessionstore/record.h"
#include "sessionstore/result.h"
#include "sessionstore/session.h"

namespace sessionstore {

// How many secrets of each detector were replaced.
struct RedactionCounts {
  std::map<std::string, uint64_t, std::less<>> by_detector;

  uint64_t total() const;
  // "aws-access-key 1, github-token 2"; empty when nothing was replaced.
  std::string ToString() const;
  // {"aws-access-key":1,"github-token":2}
  std::string ToJson() const;
};

// A detector: a name (letters, digits, '-' and '_') and an RE2 pattern.
// What the pattern's first capturing group matched is replaced, or the
// whole match if it has no group (so `password=(\S+)` keeps "password=").
struct RedactionPattern {
  std::string name;
  std::string pattern;
};

// The built-in detectors, in the order they are tried.
const std::vector<RedactionPattern>& BuiltInDetectors();

struct RedactorOptions {
  // Use BuiltInDetectors(). Default true.
  bool built_in = true;
  // More detectors, tried after the built-in ones.
  std::vector<RedactionPattern> patterns;
  // A file of more detectors: one a line, its name, then blanks, then its
  // RE2 pattern; blank lines and lines starting with '#' are skipped.
  //   internal-host   \b[a-z0-9-]+\.corp\.example\.com\b
  std::string patterns_file;
};

class Redactor {
 public:
  // InvalidArgument saying which pattern (and, from a file, which line)
  // does not compile, or has a name that is not one; IOError naming the
  // patterns file if it does not read. A Redactor with no detector at
  // all (built_in false and no patterns) is InvalidArgument too.
  static Result<std::shared_ptr<const Redactor>> Make(const RedactorOptions& options);

  ~Redactor();
  Redactor(const Redactor&) = delete;
  Redactor& operator=(const Redactor&) = delete;

  // The detectors' names, in the order they are tried.
  std::vector<std::string> detector_names() const;

  // Each replaces the secrets it finds in place, adds them to `counts` (if
  // not null) and returns how many it replaced.
  //
  // Text as written.
  uint64_t RedactText(std::string* text, RedactionCounts* counts) const;
  // JSON text (a value, or a session's line): the string values are
  // searched as the text they decode to, and a changed one is written back
  // escaped; object keys, numbers and every other byte stay as they were,
  // so valid JSON stays valid.
  uint64_t RedactJson(std::string* json, RedactionCounts* counts) const;
  // A message: its blocks' text, thinking, tool arguments, tool results
  // (recursively), image URLs, and the raw members of the message, its
  // blocks and its usage.
  uint64_t RedactMessage(Message* message, RedactionCounts* counts) const;
  // A record: its message, title, summary, label and raw members.
  uint64_t RedactRecord(Record* record, RedactionCounts* counts) const;
  // A header: its title and metadata (the string values of its JSON).
  uint64_t RedactHeader(SessionHeader* header, RedactionCounts* counts) const;

 private:
  struct Rep;
  explicit Redactor(std::unique_ptr<Rep> rep);
  std::unique_ptr<Rep> rep_;
};

}  // namespace sessionstore

#endif  // SESSIONSTORE_REDACT_H_
