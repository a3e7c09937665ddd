#include "postgres/pg_text_search.h"

#include <algorithm>
#include <functional>
#include <utility>

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

std::string TsVectorText(std::string_view text) {
  // Every word with its hash and position, sorted by hash then position
  // (integers compare faster than words): equal words come together, each
  // then written once with its positions. Should two words share a hash,
  // their runs may interleave and a word be written twice; PostgreSQL
  // merges such duplicates. The words are views into one lowercased copy.
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
  std::sort(words.begin(), words.end(), [](const Word& a, const Word& b) {
    return a.hash != b.hash ? a.hash < b.hash : a.position < b.position;
  });
  std::string out;
  for (size_t i = 0; i < words.size();) {
    const std::string_view word = words[i].text;
    if (out.size() + word.size() + 16 > kMaxTsVectorBytes) break;
    if (!out.empty()) out.push_back(' ');
    AppendLexeme(word, &out);
    size_t kept = 0;
    int last = 0;
    for (; i < words.size() && words[i].text == word; ++i) {
      if (kept == kMaxPositions || words[i].position == last) continue;
      out.push_back(kept++ == 0 ? ':' : ',');
      out.append(std::to_string(words[i].position));
      last = words[i].position;
    }
  }
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
