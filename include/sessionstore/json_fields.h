// JsonField: a member of a JSON object that sessionstore does not interpret,
// kept as its raw JSON text so that it survives load and rewrite byte for byte.
//
// Plain value type.

#ifndef SESSIONSTORE_JSON_FIELDS_H_
#define SESSIONSTORE_JSON_FIELDS_H_

#include <string>
#include <vector>

namespace sessionstore {

struct JsonField {
  std::string key;   // the member name, unescaped
  std::string json;  // the member's value exactly as it appears in the line
  // The name as the line wrote it, between its quotes, if it was written
  // with escapes ("\u0041bc" for Abc); empty otherwise. Set by readers;
  // writers write it in place of `key` while it reads as `key`, so that a
  // copy keeps the line as it was (a changed `key` is written plainly).
  std::string written_key;
};

// Unknown members in the order they appeared. Writers emit them after the
// known members; a value that is not valid JSON is rejected with
// InvalidArgument when the record is appended.
using JsonFields = std::vector<JsonField>;

}  // namespace sessionstore

#endif  // SESSIONSTORE_JSON_FIELDS_H_
