#include "search/search_query.h"

namespace sessionstore::search {

namespace {

bool IsWordByte(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

Result<std::vector<SearchTerm>> ParseSearchQuery(std::string_view query) {
  auto invalid = [query] {
    return Status::InvalidArgument("search query \"" + std::string(query) +
                                   "\" is not valid: use words, \"a phrase\" in double quotes, or a prefix*");
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
      if (close == std::string_view::npos) return invalid();
      std::string_view phrase = query.substr(i + 1, close - i - 1);
      bool has_word = false;
      for (char c : phrase) has_word = has_word || IsWordByte(static_cast<unsigned char>(c));
      if (!has_word) return invalid();
      terms.push_back({SearchTerm::Kind::kPhrase, std::string(phrase)});
      i = close + 1;
      continue;
    }
    size_t end = i;
    while (end < query.size() && IsWordByte(static_cast<unsigned char>(query[end]))) ++end;
    std::string_view word = query.substr(i, end - i);
    if (word.empty() || word == "AND" || word == "OR" || word == "NOT" || word == "NEAR") return invalid();
    SearchTerm::Kind kind = SearchTerm::Kind::kWord;
    if (end < query.size() && query[end] == '*') {
      kind = SearchTerm::Kind::kPrefix;
      ++end;
    }
    if (end < query.size() && !IsSpace(query[end])) return invalid();
    terms.push_back({kind, std::string(word)});
    i = end;
  }
  if (terms.empty()) return invalid();
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
