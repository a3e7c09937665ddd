#include "store/list_query.h"

#include <charconv>

namespace sessionstore::store {

Result<ListQuery> MakeListQuery(const ListOptions& options) {
  ListQuery q;
  q.options = options;
  q.title_folded = FoldAscii(options.title_contains);
  std::string_view cursor = options.cursor;
  if (cursor.empty()) return q;
  const size_t slash = cursor.find('/');
  const auto [end, ec] = std::from_chars(cursor.data(), cursor.data() + cursor.size(), q.after.key);
  if (slash == std::string_view::npos || slash + 1 == cursor.size() || ec != std::errc() ||
      end != cursor.data() + slash) {
    return Status::InvalidArgument("not a listing cursor: " + std::string(cursor));
  }
  q.after.id = cursor.substr(slash + 1);
  return q;
}

std::string NextListCursor(const SessionPage& page, const ListOptions& options) {
  if (options.limit == 0 || page.rows.size() != options.limit) return {};
  const SessionInfo& last = page.rows.back();
  return std::to_string(options.sort == ListOptions::Sort::kCreated ? last.created_ms : last.updated_ms) + "/" +
         last.id;
}

std::string FoldAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool TitleMatches(std::string_view title, std::string_view title_folded) {
  return title_folded.empty() || FoldAscii(title).find(title_folded) != std::string::npos;
}

std::string LikeEscaped(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

}  // namespace sessionstore::store
