#include "search/search_query.h"

namespace sessionstore::search {

namespace {

bool IsWordByte(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

Result<std::vector<SearchTerm>> ParseSearchQuery(std::string_view query) {
  auto invalid = [query](std::string_view why) {
    return Status::InvalidArgument("search query \"" + std::string(query) + "\" " + std::string(why) +
                                   ": use words, \"a phrase\" in double quotes, or a prefix*");
  };
  auto has_word = [](std::string_view text) {
    for (char c : text) {
      if (IsWordByte(static_cast<unsigned char>(c))) return true;
    }
    return false;
  };
  std::vector<SearchTerm> terms;
  size_t i = 0;
  while (i < query.size()) {
    if (IsSpace(query[i])) {
      ++i;
      continue;
    }
    if (query[i] == '"') {
      const size_t close = query.find('"', i + 1);
      if (close == std::string_view::npos) return invalid("has a quote that is not closed");
      std::string_view phrase = query.substr(i + 1, close - i - 1);
      if (has_word(phrase)) terms.push_back({SearchTerm::Kind::kPhrase, std::string(phrase)});
      i = close + 1;
      continue;
    }
    size_t end = i;
    while (end < query.size() && !IsSpace(query[end])) ++end;
    std::string_view token = query.substr(i, end - i);
    i = end;
    size_t word_end = 0;
    while (word_end < token.size() && IsWordByte(static_cast<unsigned char>(token[word_end]))) ++word_end;
    if (word_end == token.size() || (word_end > 0 && word_end + 1 == token.size() && token.back() == '*')) {
      std::string_view word = token.substr(0, word_end);
      if (word == "AND" || word == "OR" || word == "NOT" || word == "NEAR") {
        return invalid("has " + std::string(word) + ", which is not an operator here (write it in lower case)");
      }
      terms.push_back(
          {word_end == token.size() ? SearchTerm::Kind::kWord : SearchTerm::Kind::kPrefix, std::string(word)});
      continue;
    }
    // A word with punctuation in it (foo-bar, it's, src/parser.c, C++):
    // the phrase of its words, as the text was split when it was indexed.
    if (!has_word(token)) continue;
    std::string phrase(token);
    for (char& c : phrase) {
      if (c == '"') c = ' ';
    }
    terms.push_back({SearchTerm::Kind::kPhrase, std::move(phrase)});
  }
  if (terms.empty()) return invalid("has no word to search for");
  return terms;
}

std::string ToFts5Query(const std::vector<SearchTerm>& terms) {
  std::string out;
  for (const SearchTerm& t : terms) {
    if (!out.empty()) out.push_back(' ');
    out.push_back('"');
    out.append(t.text);  // a phrase holds no '"'; a word no punctuation
    out.push_back('"');
    if (t.kind == SearchTerm::Kind::kPrefix) out.push_back('*');
  }
  return out;
}

}  // namespace sessionstore::search
