#include "transcript.h"

#include <fmt/core.h>

#include <string>
#include <string_view>

#include "cli.h"

namespace sessionstore::cli {

namespace {

constexpr size_t kMaxToolLines = 6;
constexpr size_t kMaxToolBytes = 400;
constexpr size_t kMaxArgumentBytes = 160;

// At most `max_bytes` (whole code points) and `max_lines` lines of `s`,
// with a note of what was left out.
std::string Shorten(std::string_view s, size_t max_bytes, size_t max_lines) {
  size_t cut = s.size(), lines = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\n' && ++lines == max_lines) {
      cut = i;
      break;
    }
  }
  if (cut > max_bytes) {
    cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  }
  if (cut >= s.size()) return std::string(s);
  return std::string(s.substr(0, cut)) + fmt::format(" … [{} more bytes]", s.size() - cut);
}

void PrintIndented(std::FILE* out, std::string_view prefix, std::string_view text) {
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    std::string_view line = text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    fmt::print(out, "{}{}\n", prefix, Shown(line));
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
}

void PrintUsage(std::FILE* out, const Usage& u) {
  fmt::print(out, "  (usage: {} in, {} out, {} cache read, {} cache write, ${:.4f})\n", u.input_tokens, u.output_tokens,
             u.cache_read_tokens, u.cache_write_tokens, u.cost_usd);
}

void PrintBlocks(std::FILE* out, const std::vector<ContentBlock>& blocks) {
  for (const ContentBlock& b : blocks) {
    switch (b.type) {
      case BlockType::kText: PrintIndented(out, "  ", b.text); break;
      case BlockType::kThinking:
        PrintIndented(out, "  (thinking) ", Shorten(b.text, kMaxToolBytes, kMaxToolLines));
        break;
      case BlockType::kImage:
        fmt::print(out, "  [image {}{}]\n", Shown(b.media_type, true), b.url.empty() ? "" : " " + Shown(b.url, true));
        break;
      case BlockType::kToolCall:
        fmt::print(out, "  -> {} {} [{}]\n", Shown(b.name, true),
                   Shown(Shorten(b.arguments, kMaxArgumentBytes, 1), true), Shown(b.id, true));
        break;
      case BlockType::kToolResult: {
        std::string text;
        for (const ContentBlock& c : b.content) {
          if (c.type == BlockType::kText) text += c.text;
        }
        fmt::print(out, "  <- {}{} [{}]\n", b.name.empty() ? "result" : Shown(b.name, true),
                   b.is_error ? " (error)" : "", Shown(b.id, true));
        PrintIndented(out, "     ", Shorten(text, kMaxToolBytes, kMaxToolLines));
        break;
      }
      case BlockType::kUnknown: fmt::print(out, "  [{} block]\n", Shown(b.type_name, true)); break;
    }
  }
}

}  // namespace

void PrintTranscript(Cursor& cursor, std::string_view title, std::FILE* out) {
  const SessionHeader& h = cursor.header();
  fmt::print(out, "session {}\n", h.id);
  if (!title.empty()) fmt::print(out, "title     {}\n", Shown(title, true));
  if (!h.workspace.empty()) fmt::print(out, "workspace {}\n", Shown(h.workspace, true));
  if (!h.model.empty()) {
    fmt::print(out, "model     {}{}\n", Shown(h.model, true),
               h.provider.empty() ? "" : " (" + Shown(h.provider, true) + ")");
  }
  fmt::print(out, "created   {}\n", ShortTime(h.created_ms));
  for (const Entry& e : cursor) {
    switch (e.type) {
      case RecordType::kMessage: {
        const Message& m = e.message;
        fmt::print(out, "\n[{}] {}{}\n", ShortTime(e.timestamp_ms), Shown(m.role, true),
                   m.model.empty() ? "" : " (" + Shown(m.model, true) + ")");
        PrintBlocks(out, m.content);
        if (m.usage) PrintUsage(out, *m.usage);
        break;
      }
      case RecordType::kModelChange:
        fmt::print(out, "\n[{}] model changed to {}{}\n", ShortTime(e.timestamp_ms), Shown(e.model, true),
                   e.provider.empty() ? "" : " (" + Shown(e.provider, true) + ")");
        break;
      case RecordType::kTitle:
        fmt::print(out, "\n[{}] title: {}\n", ShortTime(e.timestamp_ms), Shown(e.title, true));
        break;
      case RecordType::kUsage: PrintUsage(out, e.usage); break;
      case RecordType::kCompaction:
        fmt::print(out, "\n[{}] compacted: context continues from {} after this summary\n", ShortTime(e.timestamp_ms),
                   Shown(e.first_kept, true));
        PrintIndented(out, "  ", Shorten(e.summary, kMaxToolBytes, kMaxToolLines));
        break;
      case RecordType::kBranchSummary:
        fmt::print(out, "\n[{}] back from branch {}:\n", ShortTime(e.timestamp_ms), Shown(e.branch_leaf, true));
        PrintIndented(out, "  ", Shorten(e.summary, kMaxToolBytes, kMaxToolLines));
        break;
      case RecordType::kLabel:
        fmt::print(out, "\n[{}] label {} on {}\n", ShortTime(e.timestamp_ms),
                   e.label.empty() ? "cleared" : "\"" + Shown(e.label, true) + "\"", Shown(e.target, true));
        break;
      case RecordType::kUnknown:
        fmt::print(out, "\n[{}] ({} record)\n", ShortTime(e.timestamp_ms), Shown(e.type_name, true));
        break;
    }
  }
}

}  // namespace sessionstore::cli
