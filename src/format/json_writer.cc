#include "format/json_writer.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>

#include <fmt/format.h>

#if defined(__SSE2__)
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

// Blocks of input are tested for bytes that need escaping with SIMD: 32 bytes
// at a time with AVX2, 16 with SSE2 (every x86-64), else byte by byte.
#if defined(__AVX2__)
using Block = __m256i;
using BlockMask = uint32_t;
constexpr size_t kBlock = 32;
inline Block LoadBlock(const char* p) { return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)); }
inline void StoreBlock(char* p, Block v) { _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), v); }
inline BlockMask SpecialMask(Block v) {
  const __m256i control = _mm256_cmpeq_epi8(_mm256_max_epu8(v, _mm256_set1_epi8(0x1f)), _mm256_set1_epi8(0x1f));
  const __m256i quote = _mm256_cmpeq_epi8(v, _mm256_set1_epi8('"'));
  const __m256i backslash = _mm256_cmpeq_epi8(v, _mm256_set1_epi8('\\'));
  return static_cast<BlockMask>(_mm256_movemask_epi8(_mm256_or_si256(control, _mm256_or_si256(quote, backslash))));
}
#elif defined(__SSE2__)
using Block = __m128i;
using BlockMask = uint32_t;
constexpr size_t kBlock = 16;
inline Block LoadBlock(const char* p) { return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p)); }
inline void StoreBlock(char* p, Block v) { _mm_storeu_si128(reinterpret_cast<__m128i*>(p), v); }
inline BlockMask SpecialMask(Block v) {
  const __m128i control = _mm_cmpeq_epi8(_mm_max_epu8(v, _mm_set1_epi8(0x1f)), _mm_set1_epi8(0x1f));
  const __m128i quote = _mm_cmpeq_epi8(v, _mm_set1_epi8('"'));
  const __m128i backslash = _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'));
  return static_cast<BlockMask>(_mm_movemask_epi8(_mm_or_si128(control, _mm_or_si128(quote, backslash))));
}
#else
constexpr size_t kBlock = 1;
#endif

}  // namespace

void AppendJsonString(std::string_view s, ByteBuffer* out) {
  // Input is escaped in chunks, each into room for its worst case (every
  // byte a \u00XX) plus a block of slack, so the loops need no bounds checks:
  // runs between specials are copied a whole block at a time.
  constexpr size_t kChunk = 4096;
  out->push_back('"');
  const char* in = s.data();
  const char* const end = in + s.size();
  while (in < end) {
    const size_t n = std::min<size_t>(static_cast<size_t>(end - in), kChunk);
    char* const begin = out->Room(6 * n + kBlock);
    char* dst = begin;
    size_t i = 0;
#if defined(__SSE2__)
    for (; i + kBlock <= n; i += kBlock) {
      const Block v = LoadBlock(in + i);
      BlockMask mask = SpecialMask(v);
      if (mask == 0) {
        StoreBlock(dst, v);
        dst += kBlock;
        continue;
      }
      // Runs are copied a block at a time: from the input while a whole
      // block past the run start lies inside it, else from a padded copy.
      const char* src = in + i;
      alignas(32) char padded[2 * kBlock];
      if (in + i + 2 * kBlock > end) {
        StoreBlock(padded, v);
        StoreBlock(padded + kBlock, v);  // never escaped; only read as slack
        src = padded;
      }
      size_t copied = 0;
      for (; mask != 0; mask &= mask - 1) {
        const size_t at = static_cast<size_t>(__builtin_ctz(mask));
        StoreBlock(dst, LoadBlock(src + copied));
        dst = PutEscaped(dst + (at - copied), src[at]);
        copied = at + 1;
      }
      StoreBlock(dst, LoadBlock(src + copied));
      dst += kBlock - copied;
    }
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
