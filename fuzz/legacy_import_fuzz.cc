// The legacy-JSON reader on any file: a session or a Corruption naming the
// file, never a crash; a session it returns encodes to valid lines.

#include <fcntl.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "format/ids.h"
#include "format/line_decoder.h"
#include "format/line_encoder.h"
#include "fuzz_check.h"
#include "interop/picoclaw_legacy.h"
#include "io/fs.h"
#include "scratch_dir.h"

using namespace sessionstore;

namespace {

// The directory the legacy file is written to, opened once.
struct Scratch {
  Scratch() : fd(::open(dir.path().c_str(), O_RDONLY | O_DIRECTORY)) {}
  ~Scratch() { ::close(fd); }
  ScratchDir dir;
  int fd;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Scratch scratch;
  {
    const int fd = ::openat(scratch.fd, "s.json", O_WRONLY | O_CREAT | O_TRUNC, 0600);
    FUZZ_CHECK(fd >= 0);
    FUZZ_CHECK(::write(fd, data, size) == static_cast<ssize_t>(size));
    ::close(fd);
  }
  Result<interop::LegacySession> s =
      interop::ReadLegacyFile(io::Fs::Default(), scratch.fd, scratch.dir.path(), "s.json");
  if (!s.ok()) {
    FUZZ_CHECK(s.status().code() == StatusCode::kCorruption || s.status().code() == StatusCode::kInvalidArgument);
    FUZZ_CHECK(s.status().ToString().find("s.json") != std::string::npos);
    return 0;
  }
  FUZZ_CHECK(format::ValidateSessionId(s->header.id).ok());
  format::LineEncoder encoder;
  format::LineDecoder decoder;
  format::ByteBuffer line;
  FUZZ_CHECK(encoder.EncodeHeader(s->header, &line).ok());
  uint64_t seq = 0;
  for (const Record& r : s->records) {
    line.Truncate(0);
    if (!encoder.EncodeEntry(r, {.seq = ++seq, .id = "e", .timestamp_ms = 1}, &line).ok()) continue;
    Entry back;
    FUZZ_CHECK(decoder.DecodeEntry(line.view().substr(0, line.size() - 1), false, &back).ok());
  }
  return 0;
}
