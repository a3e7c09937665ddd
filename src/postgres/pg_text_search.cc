#include "postgres/pg_text_search.h"

#include <algorithm>
#include <functional>
#include <utility>

#include "postgres/pg_binary.h"

namespace sessionstore::postgres {

namespace {

// PostgreSQL's limits (tsearch/ts_type.h): MAXSTRLEN, MAXENTRYPOS,
// MAXNUMPOS, and MAXSTRPOS with room for the positions.
constexpr size_t kMaxWordBytes = 2046;
constexpr int kMaxPosition = 16383;
constexpr size_t kMaxPositions = 256;
constexpr size_t kMaxTsVectorBytes = 768 << 10;

bool IsWordByte(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

// `text` with its ASCII letters lowercased.
std::string Lowercased(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

// Calls `word` with each word of `text` in order, as a view into it.
template <typename F>
void ForEachWord(std::string_view text, F&& word) {
  for (size_t i = 0; i < text.size();) {
    if (!IsWordByte(static_cast<unsigned char>(text[i]))) {
      ++i;
      continue;
    }
    const size_t begin = i;
    while (i < text.size() && IsWordByte(static_cast<unsigned char>(text[i]))) ++i;
    word(text.substr(begin, i - begin));
  }
}

// A word as a quoted tsvector / tsquery lexeme: it holds no quote,
// backslash or space.
void AppendLexeme(std::string_view word, std::string* out) {
  out->push_back('\'');
  out->append(word);
  out->push_back('\'');
}

}  // namespace

std::vector<std::string> SearchWords(std::string_view text) {
  std::vector<std::string> words;
  ForEachWord(Lowercased(text), [&](std::string_view w) { words.emplace_back(w); });
  return words;
}

std::string TsVectorOf(std::string_view text) {
  // Every word with its hash and position, sorted by hash, word, position
  // (the hashes tell most words apart faster than their bytes): the
  // occurrences of a word come together, in order of position. Then the
  // distinct words are put in byte order. All are views into one
  // lowercased copy.
  struct Word {
    size_t hash;
    int position;
    std::string_view text;
  };
  const std::string lower = Lowercased(text);
  std::vector<Word> words;
  int position = 0;
  ForEachWord(lower, [&](std::string_view w) {
    if (position < kMaxPosition) ++position;
    if (w.size() <= kMaxWordBytes) words.push_back({std::hash<std::string_view>()(w), position, w});
  });
  if (words.empty()) return {};
  std::sort(words.begin(), words.end(), [](const Word& a, const Word& b) {
    if (a.hash != b.hash) return a.hash < b.hash;
    if (const int c = a.text.compare(b.text); c != 0) return c < 0;
    return a.position < b.position;
  });
  struct Lexeme {
    std::string_view text;
    size_t first, end;  // its occurrences in `words`
  };
  std::vector<Lexeme> lexemes;
  for (size_t i = 0; i < words.size();) {
    Lexeme& l = lexemes.emplace_back(Lexeme{words[i].text, i, i});
    while (i < words.size() && words[i].text == l.text) ++i;
    l.end = i;
  }
  std::sort(lexemes.begin(), lexemes.end(), [](const Lexeme& a, const Lexeme& b) { return a.text < b.text; });

  std::string out;
  binary::AppendUint32(0, &out);  // the count, set at the end
  uint32_t count = 0;
  for (const Lexeme& l : lexemes) {
    const size_t positions = std::min(l.end - l.first, kMaxPositions);
    if (out.size() + l.text.size() + 3 + 2 * positions > kMaxTsVectorBytes) break;
    out.append(l.text);
    out.push_back('\0');
    const size_t count_at = out.size();
    binary::AppendUint16(0, &out);
    uint16_t kept = 0;
    int last = 0;
    for (size_t i = l.first; i < l.end && kept < kMaxPositions; ++i) {
      if (words[i].position == last) continue;  // past the last position, all share it
      binary::AppendUint16(static_cast<uint16_t>(words[i].position), &out);
      last = words[i].position;
      ++kept;
    }
    out[count_at] = static_cast<char>(kept >> 8);
    out[count_at + 1] = static_cast<char>(kept);
    ++count;
  }
  std::string count_bytes;
  binary::AppendUint32(count, &count_bytes);
  out.replace(0, 4, count_bytes);
  return out;
}

std::string TsQueryText(const std::vector<context::SearchTerm>& terms) {
  std::string out;
  for (const context::SearchTerm& t : terms) {
    const std::vector<std::string> words = SearchWords(t.text);
    if (words.empty()) return {};
    if (!out.empty()) out.append(" & ");
    out.push_back('(');
    for (size_t i = 0; i < words.size(); ++i) {
      if (i > 0) out.append(" <-> ");
      AppendLexeme(words[i], &out);
    }
    if (t.kind == context::SearchTerm::Kind::kPrefix) out.append(":*");
    out.push_back(')');
  }
  return out;
}

}  // namespace sessionstore::postgres
