// The id rule on any bytes: an id it accepts names one file inside its
// directory, and every legacy key maps to an id it accepts.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "format/ids.h"
#include "fuzz_check.h"
#include "interop/picoclaw_legacy.h"

using namespace sessionstore;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view id(reinterpret_cast<const char*>(data), size);
  if (format::ValidateSessionId(id).ok()) {
    FUZZ_CHECK(!id.empty() && id.size() <= format::kMaxIdBytes && id.front() != '.');
    for (char c : id) {
      FUZZ_CHECK((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 std::string_view("-_.:@").find(c) != std::string_view::npos);
    }
  }
  const std::string mapped = interop::SessionIdForKey(id);
  FUZZ_CHECK(format::ValidateSessionId(mapped).ok());
  return 0;
}
