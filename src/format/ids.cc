#include "format/ids.h"

#include <sys/random.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "format/time_format.h"

namespace sessionstore::format {

namespace {

bool IsIdChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         c == '.' || c == ':' || c == '@';
}

void AppendHex(uint64_t v, int digits, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (int i = digits - 1; i >= 0; --i) out->push_back(kHex[(v >> (4 * i)) & 15]);
}

}  // namespace

Status ValidateSessionId(std::string_view id) {
  static constexpr char kRule[] =
      "a session id is 1-128 bytes of letters, digits, '-', '_', '.', ':' or '@' and does not "
      "start with '.'";
  if (id.empty() || id.size() > kMaxIdBytes || id[0] == '.') {
    return Status::InvalidArgument(kRule);
  }
  for (char c : id) {
    if (!IsIdChar(c)) return Status::InvalidArgument(kRule);
  }
  return Status::OK();
}

uint64_t RandomU64() {
  uint64_t v = 0;
  size_t got = 0;
  auto* p = reinterpret_cast<unsigned char*>(&v);
  while (got < sizeof v) {
    ssize_t n = getrandom(p + got, sizeof v - got, 0);
    if (n > 0) {
      got += static_cast<size_t>(n);
    } else if (n < 0 && errno != EINTR) {
      // No kernel randomness (pre-3.17 kernels): fall back to the clock.
      return v ^ static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
    }
  }
  return v;
}

std::string NewUuidV7() {
  uint64_t ms = static_cast<uint64_t>(NowMs());
  uint64_t ra = RandomU64();
  uint64_t rb = RandomU64();
  uint64_t hi = (ms << 16) | 0x7000 | (ra & 0x0fff);
  uint64_t lo = (rb & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;
  std::string s;
  s.reserve(36);
  AppendHex(hi >> 32, 8, &s);
  s.push_back('-');
  AppendHex((hi >> 16) & 0xffff, 4, &s);
  s.push_back('-');
  AppendHex(hi & 0xffff, 4, &s);
  s.push_back('-');
  AppendHex(lo >> 48, 4, &s);
  s.push_back('-');
  AppendHex(lo & 0xffffffffffffULL, 12, &s);
  return s;
}

EntryIdGenerator::EntryIdGenerator() : state_(RandomU64()) {}

std::string EntryIdGenerator::Next() {
  // splitmix64: every 64-bit value once per period, so ids from one writer
  // never repeat; different writers start at random points.
  uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  z ^= z >> 31;
  std::string s;
  s.reserve(16);
  AppendHex(z, 16, &s);
  return s;
}

}  // namespace sessionstore::format
