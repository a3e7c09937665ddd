// LineEncoder: headers and records to the JSON lines of a session
// (doc/format.md).
//
// Encoding validates what it cannot build itself (raw JSON from the caller,
// UTF-8, finite numbers, the nesting depth and the length of a line) so that
// every line it produces reads back with the same ReadOptions.
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
  // Lines are refused past the readers' limits of `options`: nesting
  // deeper than max_depth, longer than max_line_bytes. A record whose text
  // alone passes max_line_bytes is refused before anything is encoded, so
  // memory stays bounded by the limit.
  explicit LineEncoder(const ReadOptions& options = {});
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
  size_t max_line_bytes_;
};

}  // namespace sessionstore::format

#endif  // SESSIONSTORE_FORMAT_LINE_ENCODER_H_
