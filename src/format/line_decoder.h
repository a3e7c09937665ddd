// LineDecoder: the JSON lines of a session to headers and entries
// (doc/format.md), with simdjson On Demand. Members this version does not
// know are kept as raw JSON text in `extra`, in the order they appeared.
//
// A LineDecoder holds parser state: use one per thread.

#ifndef SESSIONSTORE_FORMAT_LINE_DECODER_H_
#define SESSIONSTORE_FORMAT_LINE_DECODER_H_

#include <cstddef>
#include <memory>
#include <string_view>

#include "sessionstore/options.h"
#include "sessionstore/record.h"
#include "sessionstore/session.h"
#include "sessionstore/status.h"

namespace sessionstore::format {

// Bytes of padding simdjson needs after a line (SIMDJSON_PADDING).
inline constexpr size_t kJsonPadding = 64;

class LineDecoder {
 public:
  explicit LineDecoder(const ReadOptions& options = {});
  ~LineDecoder();

  // `line` is one line without its '\n'. At least kJsonPadding bytes after
  // it must be readable when `padded` is true; otherwise the line is copied
  // first. Errors are Corruption without file context: the caller adds
  // path, line and offset.
  Status DecodeHeader(std::string_view line, bool padded, SessionHeader* out);
  Status DecodeEntry(std::string_view line, bool padded, Entry* out);
  // A record without the envelope an entry has: seq, id and parent are not
  // needed (and read if present); ts is read if present.
  Status DecodeRecord(std::string_view json, bool padded, Entry* out);
  // A bare message object (the "message" member of a message entry); a
  // string "content" stands for one text block.
  Status DecodeMessage(std::string_view json, bool padded, Message* out);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sessionstore::format

#endif  // SESSIONSTORE_FORMAT_LINE_DECODER_H_
