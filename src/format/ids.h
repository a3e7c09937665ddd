// Session ids and entry ids: the validation rule and the generators.
// The functions are thread-safe; an EntryIdGenerator is not (one per
// writer).

#ifndef SESSIONSTORE_FORMAT_IDS_H_
#define SESSIONSTORE_FORMAT_IDS_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "sessionstore/status.h"

namespace sessionstore::format {

inline constexpr size_t kMaxIdBytes = 128;

// OK if `id` is 1-128 bytes of ASCII letters, digits, '-', '_', '.', ':',
// '@' and does not start with '.'; InvalidArgument naming the rule otherwise.
// Such an id is safe as a file name: no '/', no "..", no hidden file.
Status ValidateSessionId(std::string_view id);

// A new RFC 9562 UUIDv7 in its 36-character text form.
std::string NewUuidV7();

// 64 bits from the kernel's random source.
uint64_t RandomU64();

// Generates entry ids: 16 lowercase hex digits from a 64-bit generator
// seeded from the kernel. Not thread-safe: one per writer, under its lock.
class EntryIdGenerator {
 public:
  EntryIdGenerator();
  std::string Next();

 private:
  uint64_t state_;
};

}  // namespace sessionstore::format

#endif  // SESSIONSTORE_FORMAT_IDS_H_
