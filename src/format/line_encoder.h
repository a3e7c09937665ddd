// LineEncoder: headers and records to the JSON lines of a session
// (doc/format.md).
//
// Encoding validates what it cannot build itself (raw JSON from the caller,
// UTF-8, finite numbers) so that every line it produces reads back.
//
// A LineEncoder holds a JSON parser (for that validation): use one per
// thread.

#ifndef SESSIONSTORE_FORMAT_LINE_ENCODER_H_
#define SESSIONSTORE_FORMAT_LINE_ENCODER_H_

#include <cstdint>
#include <memory>
#include <string_view>

#include "format/byte_buffer.h"
#include "sessionstore/options.h"
#include "sessionstore/record.h"
#include "sessionstore/session.h"
#include "sessionstore/status.h"

namespace sessionstore::format {

// The envelope a writer adds to a record.
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
  // A record without an envelope: its type and its members, and its time
  // if it has one (LineDecoder::DecodeRecord reads it). No '\n' is added.
  Status EncodeRecord(const Record& record, ByteBuffer* out);
  // A bare message object, as LineDecoder::DecodeMessage reads it; no '\n'
  // is added.
  Status EncodeMessage(const Message& message, ByteBuffer* out);

 private:
  std::unique_ptr<RawJsonValidator> validator_;
  size_t max_depth_;
};

}  // namespace sessionstore::format

#endif  // SESSIONSTORE_FORMAT_LINE_ENCODER_H_
