// JsonOptions: the option objects of the C API ({"limit": 20, ...}) read
// member by member into the C++ option structs, refusing a member nobody
// asked for, a value of the wrong type, and text that is not one object.
//
// Used by one thread; the text must outlive the reader.

#ifndef SESSIONSTORE_C_JSON_OPTIONS_H_
#define SESSIONSTORE_C_JSON_OPTIONS_H_

#include <simdjson.h>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "sessionstore/status.h"

namespace sessionstore::c_api {

class JsonOptions {
 public:
  // `what` names the options in errors ("list options"). `json` may be
  // null or empty: no members.
  JsonOptions(std::string_view what, const char* json);

  // Each sets *out if the member is there, and is a no-op otherwise. A
  // value of the wrong type makes status() fail.
  void String(std::string_view name, std::string* out);
  void Bool(std::string_view name, bool* out);
  void Int(std::string_view name, int64_t* out);
  void Uint(std::string_view name, uint64_t* out);
  void Size(std::string_view name, size_t* out);
  // The member's JSON text (an object, say), as given.
  void Raw(std::string_view name, std::string* out);

  // OK, or InvalidArgument for the first problem: not an object, a value
  // of the wrong type, or a member no call above asked for.
  Status status() const;

 private:
  // The member `name` parsed, taken out of those not yet asked for; false
  // if there is none.
  bool Take(std::string_view name, simdjson::dom::element* value);
  void Fail(std::string message);

  std::string what_;
  simdjson::dom::parser parser_;
  // Each member's value as its JSON text, as given.
  std::map<std::string, std::string, std::less<>> members_;
  Status status_;
};

}  // namespace sessionstore::c_api

#endif  // SESSIONSTORE_C_JSON_OPTIONS_H_
