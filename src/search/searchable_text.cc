#include "search/searchable_text.h"

#include <string_view>

#include "search/fts5_text.h"

namespace sessionstore::search {

std::string SearchableText(const Record& e, bool thinking) {
  std::string text;
  auto add = [&text](std::string_view part) {
    if (part.empty()) return;
    if (!text.empty()) text.push_back('\n');
    const size_t from = text.size();
    text.append(part);
    // The snippets' match marks (fts5_text.h) are never text.
    for (size_t i = from; i < text.size(); ++i) {
      if (text[i] == kMatchStart || text[i] == kMatchEnd) text[i] = ' ';
    }
  };
  if (e.type != RecordType::kMessage) return text;
  for (const ContentBlock& b : e.message.content) {
    switch (b.type) {
      case BlockType::kText: add(b.text); break;
      case BlockType::kToolCall:
        add(b.name);
        add(b.arguments);
        break;
      case BlockType::kToolResult:
        add(b.name);
        for (const ContentBlock& c : b.content) add(c.text);
        break;
      case BlockType::kThinking:
        if (thinking) add(b.text);
        break;
      case BlockType::kImage:
      case BlockType::kUnknown: break;
    }
  }
  return text;
}

}  // namespace sessionstore::search
