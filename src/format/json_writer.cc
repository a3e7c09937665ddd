#include "format/json_writer.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace sessionstore::format {

namespace {

// For each byte: 0 if it is copied as is, else the character after the
// backslash of its escape ('u' for \u00XX).
constexpr std::array<char, 256> MakeEscapeTable() {
  std::array<char, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[c] = 'u';
  t['\b'] = 'b';
  t['\f'] = 'f';
  t['\n'] = 'n';
  t['\r'] = 'r';
  t['\t'] = 't';
  t['"'] = '"';
  t['\\'] = '\\';
  return t;
}
constexpr std::array<char, 256> kEscape = MakeEscapeTable();

inline char* PutEscaped(char* dst, char c) {
  char e = kEscape[static_cast<unsigned char>(c)];
  if (e == 0) {
    *dst = c;
    return dst + 1;
  }
  if (e == 'u') {
    static constexpr char kHex[] = "0123456789abcdef";
    unsigned char u = static_cast<unsigned char>(c);
    const char esc[6] = {'\\', 'u', '0', '0', kHex[u >> 4], kHex[u & 15]};
    std::memcpy(dst, esc, 6);
    return dst + 6;
  }
  dst[0] = '\\';
  dst[1] = e;
  return dst + 2;
}

#if defined(__x86_64__)
// SSSE3 and POPCNT are not part of baseline x86-64: the block escaper is
// compiled for them alone and used when the CPU has them (every x86-64 CPU
// since about 2008).
#define SESSIONSTORE_SSSE3 __attribute__((target("ssse3,popcnt")))

bool HaveSsse3() {
  static const bool have = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("ssse3") && __builtin_cpu_supports("popcnt");
  }();
  return have;
}

// Escaping 16 bytes at a time without a branch per special byte: each half
// of a block is expanded by one shuffle that puts a backslash before every
// byte that needs one (the table holds the shuffle for each 8-bit mask), after
// the specials were translated to their escape letters (\n -> n, ...).
struct ExpandTable {
  alignas(16) uint8_t shuffle[256][16];
};

constexpr ExpandTable MakeExpandTable() {
  ExpandTable t{};
  for (int mask = 0; mask < 256; ++mask) {
    int o = 0;
    for (int i = 0; i < 8; ++i) {
      if ((mask >> i) & 1) t.shuffle[mask][o++] = 8;  // lane 8 holds a backslash
      t.shuffle[mask][o++] = static_cast<uint8_t>(i);
    }
    while (o < 16) t.shuffle[mask][o++] = 0x80;  // zero
  }
  return t;
}
constexpr ExpandTable kExpand = MakeExpandTable();

// Escapes the 16 bytes at `in` into `dst` (room for 32) and returns the new
// end, or null if the block holds a control byte that needs \u00XX.
SESSIONSTORE_SSSE3 inline char* EscapeBlock(const char* in, char* dst) {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in));
  const __m128i control = _mm_cmpeq_epi8(_mm_max_epu8(v, _mm_set1_epi8(0x1f)), _mm_set1_epi8(0x1f));
  const __m128i special = _mm_or_si128(
      control, _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
  const unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(special));
  if (mask == 0) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst), v);
    return dst + 16;
  }
  // \b \t \n \f \r have letters; other control bytes need the long form.
  const __m128i letters = _mm_setr_epi8(0, 0, 0, 0, 0, 0, 0, 0, 'b', 't', 'n', 0, 'f', 'r', 0, 0);
  const __m128i letter = _mm_shuffle_epi8(letters, _mm_and_si128(v, _mm_set1_epi8(0x0f)));
  const __m128i unnamed = _mm_andnot_si128(_mm_cmpeq_epi8(letter, _mm_setzero_si128()), control);
  if (_mm_movemask_epi8(_mm_xor_si128(unnamed, control)) != 0) return nullptr;
  const __m128i translated = _mm_or_si128(_mm_and_si128(control, letter), _mm_andnot_si128(control, v));
  const __m128i backslash = _mm_set1_epi8('\\');
  const unsigned lo = mask & 0xff, hi = mask >> 8;
  const __m128i out_lo = _mm_shuffle_epi8(_mm_unpacklo_epi64(translated, backslash),
                                          _mm_load_si128(reinterpret_cast<const __m128i*>(kExpand.shuffle[lo])));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(dst), out_lo);
  dst += 8 + __builtin_popcount(lo);
  const __m128i out_hi = _mm_shuffle_epi8(_mm_unpackhi_epi64(translated, backslash),
                                          _mm_load_si128(reinterpret_cast<const __m128i*>(kExpand.shuffle[hi])));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(dst), out_hi);
  return dst + 8 + __builtin_popcount(hi);
}

// Escapes the whole 16-byte blocks of in[0, n) into *dst (advanced past
// what it wrote) and returns the bytes of `in` it consumed.
SESSIONSTORE_SSSE3 size_t EscapeBlocks(const char* in, size_t n, char** dst) {
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    char* next = EscapeBlock(in + i, *dst);
    if (next == nullptr) {
      for (size_t k = 0; k < 16; ++k) *dst = PutEscaped(*dst, in[i + k]);
    } else {
      *dst = next;
    }
  }
  return i;
}
#endif

}  // namespace

void AppendJsonString(std::string_view s, ByteBuffer* out) {
  // Input is escaped in chunks, each into room for its worst case (every
  // byte a \u00XX) plus slack, so the loops need no bounds checks.
  constexpr size_t kChunk = 4096;
  out->push_back('"');
  const char* in = s.data();
  const char* const end = in + s.size();
  while (in < end) {
    const size_t n = std::min<size_t>(static_cast<size_t>(end - in), kChunk);
    char* const begin = out->Room(6 * n + 32);
    char* dst = begin;
    size_t i = 0;
#if defined(__x86_64__)
    if (HaveSsse3()) i = EscapeBlocks(in, n, &dst);
#endif
    for (; i < n; ++i) dst = PutEscaped(dst, in[i]);
    out->Commit(static_cast<size_t>(dst - begin));
    in += n;
  }
  out->push_back('"');
}

void JsonWriter::Key(std::string_view key) {
  if (need_comma_) out_->push_back(',');
  AppendJsonString(key, out_);
  out_->push_back(':');
  need_comma_ = false;
}

void JsonWriter::RawKey(std::string_view written) {
  if (need_comma_) out_->push_back(',');
  out_->push_back('"');
  out_->Append(written);
  out_->Append("\":");
  need_comma_ = false;
}

void JsonWriter::String(std::string_view s) {
  BeforeValue();
  AppendJsonString(s, out_);
}

void JsonWriter::Int(int64_t v) {
  BeforeValue();
  char* p = out_->Room(24);
  out_->Commit(static_cast<size_t>(std::to_chars(p, p + 24, v).ptr - p));
}

void JsonWriter::Uint(uint64_t v) {
  BeforeValue();
  char* p = out_->Room(24);
  out_->Commit(static_cast<size_t>(std::to_chars(p, p + 24, v).ptr - p));
}

void JsonWriter::Double(double v) {
  BeforeValue();
  // Shortest representation that reads back as the same double.
  char* p = out_->Room(32);  // the shortest form of a double needs at most 24
  out_->Commit(static_cast<size_t>(fmt::format_to_n(p, 32, "{}", v).out - p));
}

void JsonWriter::Bool(bool v) {
  BeforeValue();
  out_->Append(v ? "true" : "false");
}

void JsonWriter::Null() {
  BeforeValue();
  out_->Append("null");
}

void JsonWriter::Raw(std::string_view json) {
  BeforeValue();
  out_->Append(json);
}

}  // namespace sessionstore::format
