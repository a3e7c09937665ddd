#include "common/list_query.h"

#include <charconv>

namespace sessionstore {

Result<ListCursor> ParseListCursor(std::string_view cursor) {
  ListCursor c;
  if (cursor.empty()) return c;
  const size_t slash = cursor.find('/');
  const auto [end, ec] = std::from_chars(cursor.data(), cursor.data() + cursor.size(), c.key);
  if (slash == std::string_view::npos || ec != std::errc() || end != cursor.data() + slash) {
    return Status::InvalidArgument("not a listing cursor: " + std::string(cursor));
  }
  c.id = cursor.substr(slash + 1);
  return c;
}

std::string NextListCursor(const SessionPage& page, const ListOptions& options) {
  if (options.limit == 0 || page.rows.size() != options.limit) return {};
  const SessionInfo& last = page.rows.back();
  return std::to_string(options.sort == ListOptions::Sort::kCreated ? last.created_ms : last.updated_ms) + "/" +
         last.id;
}

std::string LikeEscaped(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

}  // namespace sessionstore
