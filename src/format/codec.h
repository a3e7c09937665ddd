// The session line codec: records to JSON lines and back (doc/format.md).
//
// Encoding validates what it cannot build itself (raw JSON from the caller,
// UTF-8, finite numbers) so that every line it produces reads back. Decoding
// parses with simdjson On Demand and keeps every member it does not know as
// raw JSON text.
//
// LineEncoder and LineDecoder each hold parser state: use one per thread.

#ifndef SESSIONSTORE_FORMAT_CODEC_H_
#define SESSIONSTORE_FORMAT_CODEC_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "format/byte_buffer.h"
#include "sessionstore/options.h"
#include "sessionstore/record.h"
#include "sessionstore/session.h"
#include "sessionstore/status.h"

namespace sessionstore::format {

inline constexpr int kFormatMajor = 1;
inline constexpr int kFormatMinor = 0;

std::string_view RecordTypeName(RecordType type);
// kUnknown for a name that is not one of the types above.
RecordType RecordTypeFromName(std::string_view name);
std::string_view BlockTypeName(BlockType type);

// The envelope the writer adds to a record.
struct EntryStamp {
  uint64_t seq = 0;
  std::string_view id;
  std::string_view parent;  // empty: null (a root)
  int64_t timestamp_ms = 0;
};

class RawJsonValidator;

class LineEncoder {
 public:
  explicit LineEncoder(size_t max_depth = ReadOptions{}.max_depth);
  ~LineEncoder();

  // Append one line, '\n' included, to `out`. On error `out` is unchanged
  // and the status (InvalidArgument) names the offending field.
  Status EncodeHeader(const SessionHeader& header, ByteBuffer* out);
  Status EncodeEntry(const Record& record, const EntryStamp& stamp, ByteBuffer* out);
  // An entry as a store holds it, with its own seq, id, parent and time
  // (for copies between stores, and for checks that a line reads back).
  Status EncodeStoredEntry(const Entry& entry, ByteBuffer* out);
  // A bare message object, as DecodeMessage reads it; no '\n' is added.
  Status EncodeMessage(const Message& message, ByteBuffer* out);

 private:
  std::unique_ptr<RawJsonValidator> validator_;
  size_t max_depth_;
};

class LineDecoder {
 public:
  explicit LineDecoder(const ReadOptions& options = {});
  ~LineDecoder();

  // `line` is one line without its '\n'. At least SIMDJSON_PADDING (64) bytes
  // after it must be readable when `padded` is true; otherwise the line is
  // copied first. Errors are Corruption without file context: the caller
  // adds path, line and offset.
  Status DecodeHeader(std::string_view line, bool padded, SessionHeader* out);
  Status DecodeEntry(std::string_view line, bool padded, Entry* out);
  // A bare message object (the "message" member of a message entry); a
  // string "content" stands for one text block.
  Status DecodeMessage(std::string_view json, bool padded, Message* out);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

// Bytes of padding simdjson needs after a line (SIMDJSON_PADDING).
inline constexpr size_t kJsonPadding = 64;

}  // namespace sessionstore::format

#endif  // SESSIONSTORE_FORMAT_CODEC_H_
