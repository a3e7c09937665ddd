// The line format's version and the names its lines give record and block
// types (doc/format.md). Pure functions, thread-safe.

#ifndef SESSIONSTORE_FORMAT_NAMES_H_
#define SESSIONSTORE_FORMAT_NAMES_H_

#include <string_view>

#include "sessionstore/message.h"
#include "sessionstore/record.h"

namespace sessionstore::format {

// The version this sessionstore writes. Readers refuse a newer major one.
inline constexpr int kFormatMajor = 1;
inline constexpr int kFormatMinor = 0;

// "" for kUnknown, whose name is the record's own.
std::string_view RecordTypeName(RecordType type);
// kUnknown for a name that is not one of the known types.
RecordType RecordTypeFromName(std::string_view name);

// "" for kUnknown, whose name is the block's own.
std::string_view BlockTypeName(BlockType type);
// kUnknown for a name that is not one of the known types.
BlockType BlockTypeFromName(std::string_view name);

}  // namespace sessionstore::format

#endif  // SESSIONSTORE_FORMAT_NAMES_H_
