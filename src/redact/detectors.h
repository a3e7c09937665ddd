// The built-in secret detectors: each a name, an RE2 pattern, and a check
// that what the pattern found is a secret rather than something that merely
// looks like one (a number, a variable reference, an ordinary word).

#ifndef SESSIONSTORE_REDACT_DETECTORS_H_
#define SESSIONSTORE_REDACT_DETECTORS_H_

#include <span>
#include <string_view>

namespace sessionstore::redact {

struct Detector {
  std::string_view name;
  // RE2 syntax. With a capturing group, the group is the secret; without,
  // the whole match is.
  std::string_view pattern;
  // false: the match is left as it is. Null: every match is a secret.
  bool (*plausible)(std::string_view secret) = nullptr;
};

// In the order they are tried: the specific ones (whose markers a later,
// more general detector would otherwise claim) first.
std::span<const Detector> BuiltIn();

}  // namespace sessionstore::redact

#endif  // SESSIONSTORE_REDACT_DETECTORS_H_
