#include "history/title.h"

namespace sessionstore::history {

std::string TitleFromText(std::string_view text) {
  std::string out;
  size_t code_points = 0;
  bool pending_space = false;
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v') {
      pending_space = !out.empty();
      ++i;
      continue;
    }
    size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 1;
    if (i + len > text.size()) len = text.size() - i;
    size_t needed = pending_space ? 2 : 1;
    if (code_points + needed > kTitleCodePoints) {
      out += "\u2026";
      return out;
    }
    if (pending_space) {
      out.push_back(' ');
      ++code_points;
      pending_space = false;
    }
    out.append(text.substr(i, len));
    ++code_points;
    i += len;
  }
  return out;
}

}  // namespace sessionstore::history
