#include "postgres/pg_text_search.h"

#include <algorithm>
#include <functional>
#include <utility>

#include "postgres/pg_binary.h"
#include "search/fts5_text.h"

namespace sessionstore::postgres {

namespace {

// PostgreSQL's limits (tsearch/ts_type.h): MAXSTRLEN, MAXENTRYPOS,
// MAXNUMPOS, and MAXSTRPOS with room for the positions.
constexpr int kMaxPosition = 16383;
constexpr size_t kMaxPositions = 256;
constexpr size_t kMaxTsVectorBytes = 768 << 10;

// A word as a quoted tsquery lexeme.
void AppendLexeme(std::string_view word, std::string* out) {
  out->push_back('\'');
  for (char c : word) {
    if (c == '\'' || c == '\\') out->push_back(c == '\'' ? '\'' : '\\');
    out->push_back(c);
  }
  out->push_back('\'');
}

// `word`, or its first kMaxWordBytes cut back to a character's start.
std::string_view IndexedWord(std::string_view word) {
  if (word.size() <= kMaxWordBytes) return word;
  size_t size = kMaxWordBytes;
  while (size > 0 && (static_cast<unsigned char>(word[size]) & 0xC0) == 0x80) --size;
  return word.substr(0, size);
}

}  // namespace

Result<std::string> TsVectorOf(std::string_view text) {
  // One pass finds each distinct word through a hash table (open
  // addressing) and notes every occurrence; then each word's positions are
  // gathered in text order, and the distinct words sorted in byte order.
  // The distinct words are kept in one string, `words`.
  struct Lexeme {
    uint32_t offset, size;  // in `words`
    size_t hash;
    uint64_t prefix;  // its first 8 bytes as a big-endian number: most comparisons need no more
    uint32_t count;   // occurrences
  };
  struct Occurrence {
    uint32_t lexeme;
    uint16_t position;
  };
  std::string words;
  std::vector<Lexeme> lexemes;
  std::vector<Occurrence> occurrences;
  std::vector<uint32_t> slots(64, 0);  // lexeme index + 1; 0: free
  auto text_of = [&](const Lexeme& l) { return std::string_view(words).substr(l.offset, l.size); };
  auto slot_of = [&](size_t hash, std::string_view w) -> uint32_t& {
    for (size_t i = hash & (slots.size() - 1);; i = (i + 1) & (slots.size() - 1)) {
      if (slots[i] == 0 || text_of(lexemes[slots[i] - 1]) == w) return slots[i];
    }
  };
  int position = 0;
  Status split = search::ForEachFts5Word(text, [&](std::string_view whole) {
    if (position < kMaxPosition) ++position;
    const std::string_view w = IndexedWord(whole);
    const size_t hash = std::hash<std::string_view>()(w);
    uint32_t& slot = slot_of(hash, w);
    if (slot == 0) {
      uint64_t prefix = 0;
      for (size_t i = 0; i < 8; ++i) prefix = prefix << 8 | (i < w.size() ? static_cast<unsigned char>(w[i]) : 0);
      lexemes.push_back({static_cast<uint32_t>(words.size()), static_cast<uint32_t>(w.size()), hash, prefix, 0});
      words.append(w);
      slot = static_cast<uint32_t>(lexemes.size());
      if (lexemes.size() * 2 > slots.size()) {  // keep it at most half full
        slots.assign(slots.size() * 2, 0);
        for (size_t l = 0; l < lexemes.size(); ++l) {
          slot_of(lexemes[l].hash, text_of(lexemes[l])) = static_cast<uint32_t>(l + 1);
        }
      }
    }
    const uint32_t lexeme = slot_of(hash, w) - 1;
    ++lexemes[lexeme].count;
    occurrences.push_back({lexeme, static_cast<uint16_t>(position)});
  });
  if (!split.ok()) return split;
  if (lexemes.empty()) return std::string();

  // Each word's positions, together and in order.
  std::vector<uint32_t> first(lexemes.size() + 1, 0);
  for (size_t l = 0; l < lexemes.size(); ++l) first[l + 1] = first[l] + lexemes[l].count;
  std::vector<uint16_t> positions(occurrences.size());
  std::vector<uint32_t> next(first.begin(), first.end() - 1);
  for (const Occurrence& o : occurrences) positions[next[o.lexeme]++] = o.position;

  std::vector<uint32_t> order(lexemes.size());
  for (uint32_t l = 0; l < order.size(); ++l) order[l] = l;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    const Lexeme &x = lexemes[a], &y = lexemes[b];
    return x.prefix != y.prefix ? x.prefix < y.prefix : text_of(x) < text_of(y);
  });

  std::string out;
  binary::AppendUint32(0, &out);  // the count, set at the end
  uint32_t count = 0;
  for (uint32_t l : order) {
    const std::string_view word = text_of(lexemes[l]);
    const size_t kept_at_most = std::min<size_t>(lexemes[l].count, kMaxPositions);
    if (out.size() + word.size() + 3 + 2 * kept_at_most > kMaxTsVectorBytes) break;
    out.append(word);
    out.push_back('\0');
    const size_t count_at = out.size();
    binary::AppendUint16(0, &out);
    uint16_t kept = 0;
    for (uint32_t i = first[l], last = 0; i < first[l + 1] && kept < kMaxPositions; ++i) {
      if (positions[i] == last) continue;  // past the last position, all share it
      binary::AppendUint16(positions[i], &out);
      last = positions[i];
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

Result<TsQuery> TsQueryOf(const std::vector<search::SearchTerm>& terms) {
  TsQuery query;
  std::string& out = query.text;
  for (const search::SearchTerm& t : terms) {
    Result<std::vector<std::string>> words = search::Fts5Words(t.text);
    if (!words.ok()) return words.status();
    if (words->empty()) return TsQuery();
    if (!out.empty()) out.append(" & ");
    out.push_back('(');
    for (size_t i = 0; i < words->size(); ++i) {
      if (i > 0) out.append(" <-> ");
      // A cut word is at least kMaxWordBytes - 3 bytes long (a character
      // is at most 4).
      if ((*words)[i].size() + 3 >= kMaxWordBytes) query.check_matches = true;
      AppendLexeme(IndexedWord((*words)[i]), &out);
    }
    if (t.kind == search::SearchTerm::Kind::kPrefix) out.append(":*");
    out.push_back(')');
  }
  return query;
}

}  // namespace sessionstore::postgres
