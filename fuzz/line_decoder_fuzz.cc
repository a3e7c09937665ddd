// The line decoder on any bytes: it returns an entry or an error, never
// crashes, and what it returns re-encodes to a line that decodes to the same
// line again (unknown members kept byte for byte).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "format/line_decoder.h"
#include "format/line_encoder.h"
#include "fuzz_check.h"

using namespace sessionstore;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  format::LineDecoder decoder;
  format::LineEncoder encoder;

  SessionHeader header;
  if (decoder.DecodeHeader(line, false, &header).ok()) {
    format::ByteBuffer once;
    FUZZ_CHECK(encoder.EncodeHeader(header, &once).ok());
    SessionHeader again;
    FUZZ_CHECK(decoder.DecodeHeader(once.view().substr(0, once.size() - 1), false, &again).ok());
    format::ByteBuffer twice;
    FUZZ_CHECK(encoder.EncodeHeader(again, &twice).ok());
    FUZZ_CHECK(once.view() == twice.view());
  }

  Entry entry;
  if (!decoder.DecodeEntry(line, false, &entry).ok()) return 0;
  format::ByteBuffer once;
  FUZZ_CHECK(encoder.EncodeStoredEntry(entry, &once).ok());
  Entry again;
  FUZZ_CHECK(decoder.DecodeEntry(once.view().substr(0, once.size() - 1), false, &again).ok());
  format::ByteBuffer twice;
  FUZZ_CHECK(encoder.EncodeStoredEntry(again, &twice).ok());
  FUZZ_CHECK(once.view() == twice.view());
  return 0;
}
