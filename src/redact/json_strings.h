// Rewriting the string values of JSON text in place, byte for byte
// elsewhere.

#ifndef SESSIONSTORE_REDACT_JSON_STRINGS_H_
#define SESSIONSTORE_REDACT_JSON_STRINGS_H_

#include <functional>
#include <string>

namespace sessionstore::redact {

// Calls `edit` with each string value of `json` (not object keys), decoded;
// where it returns true it changed the string, which is then written back
// as a JSON string literal. Everything else in `json` is kept as it was.
// `json` must be valid JSON (as a stored line, or a record's raw member,
// is); a string that does not decode is passed over.
void EditJsonStrings(std::string* json, const std::function<bool(std::string*)>& edit);

}  // namespace sessionstore::redact

#endif  // SESSIONSTORE_REDACT_JSON_STRINGS_H_
