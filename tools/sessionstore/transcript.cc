#include "transcript.h"

#include <fmt/core.h>

#include <map>
#include <set>
#include <string>
#include <string_view>

#include "cli.h"
#include "color.h"
#include "times.h"

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
  return std::string(s.substr(0, cut)) + fmt::format(" … [{} more bytes; --full shows all]", s.size() - cut);
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

std::string ResultText(const ContentBlock& result) {
  std::string text;
  for (const ContentBlock& c : result.content) {
    if (c.type == BlockType::kText) text += c.text;
    if (c.type == BlockType::kImage) text += "[image]";
  }
  return text;
}

Paint RolePaint(std::string_view role) {
  if (role == kRoleUser) return Paint::kUser;
  if (role == kRoleAssistant) return Paint::kAssistant;
  return Paint::kTool;
}

class Printer {
 public:
  Printer(std::span<const Entry> entries, const TranscriptOptions& options, std::FILE* out)
      : options_(options), out_(out) {
    // The results whose calls are printed: each goes under its call.
    std::set<std::string_view> calls;
    for (const Entry& e : entries) {
      if (e.type != RecordType::kMessage) continue;
      for (const ContentBlock& b : e.message.content) {
        if (b.type == BlockType::kToolCall && !b.id.empty()) calls.insert(b.id);
        if (b.type == BlockType::kToolResult && calls.contains(b.id)) results_.emplace(b.id, &b);
      }
    }
  }

  void Print(const Entry& e) {
    switch (e.type) {
      case RecordType::kMessage: PrintMessage(e); break;
      case RecordType::kModelChange:
        Head(e, "model changed to " + Shown(e.model, true) +
                    (e.provider.empty() ? "" : " (" + Shown(e.provider, true) + ")"));
        break;
      case RecordType::kTitle: Head(e, "title: " + Shown(e.title, true)); break;
      case RecordType::kUsage: PrintUsage(out_, e.usage); break;
      case RecordType::kCompaction:
        Head(e, e.first_kept.empty() ? std::string("compacted: the context continues after this summary")
                                     : "compacted: the context continues from " +
                                           Shown(e.first_kept.substr(0, kShortId), true) + " after this summary");
        PrintIndented(out_, "  ", Cut(e.summary, kMaxToolBytes, kMaxToolLines));
        break;
      case RecordType::kBranchSummary:
        Head(e, "back from branch " + Shown(e.branch_leaf.substr(0, kShortId), true) + ":");
        PrintIndented(out_, "  ", Cut(e.summary, kMaxToolBytes, kMaxToolLines));
        break;
      case RecordType::kLabel:
        Head(e, "label " + (e.label.empty() ? std::string("cleared") : "\"" + Shown(e.label, true) + "\"") + " on " +
                    Shown(e.target.substr(0, kShortId), true));
        break;
      case RecordType::kUnknown: Head(e, "(" + Shown(e.type_name, true) + " record)"); break;
    }
  }

 private:
  std::string Cut(std::string_view s, size_t max_bytes, size_t max_lines) const {
    return options_.full ? std::string(s) : Shorten(s, max_bytes, max_lines);
  }

  void Head(const Entry& e, const std::string& what) {
    fmt::print(out_, "\n{} {} {}\n", Painted(Shown(e.id.substr(0, kShortId), true), Paint::kDim, options_.color),
               Painted(LocalTime(e.timestamp_ms), Paint::kDim, options_.color), what);
  }

  void PrintMessage(const Entry& e) {
    const Message& m = e.message;
    // A tool message whose every result stands under its call says nothing
    // more.
    bool all_placed = !m.content.empty();
    for (const ContentBlock& b : m.content) all_placed = all_placed && b.type == BlockType::kToolResult && Placed(b);
    if (all_placed && !m.usage) return;
    Head(e, Painted(Shown(m.role, true), RolePaint(m.role), options_.color) +
                (m.model.empty() ? "" : " (" + Shown(m.model, true) + ")"));
    for (const ContentBlock& b : m.content) PrintBlock(b);
    if (m.usage) PrintUsage(out_, *m.usage);
  }

  bool Placed(const ContentBlock& result) const {
    auto it = results_.find(result.id);
    return it != results_.end() && it->second == &result;
  }

  void PrintResult(const ContentBlock& b, std::string_view indent) {
    fmt::print(out_, "{}<- {}{}\n", indent, b.name.empty() ? "result" : Shown(b.name, true),
               b.is_error ? Painted(" (error)", Paint::kError, options_.color) : "");
    PrintIndented(out_, std::string(indent) + "   ", Cut(ResultText(b), kMaxToolBytes, kMaxToolLines));
  }

  void PrintBlock(const ContentBlock& b) {
    switch (b.type) {
      case BlockType::kText: PrintIndented(out_, "  ", b.text); break;
      case BlockType::kThinking: PrintIndented(out_, "  (thinking) ", Cut(b.text, kMaxToolBytes, kMaxToolLines)); break;
      case BlockType::kImage:
        fmt::print(out_, "  [image {}{}]\n", Shown(b.media_type, true), b.url.empty() ? "" : " " + Shown(b.url, true));
        break;
      case BlockType::kToolCall: {
        fmt::print(out_, "  -> {} {} [{}]\n", Painted(Shown(b.name, true), Paint::kTool, options_.color),
                   Shown(Cut(b.arguments, kMaxArgumentBytes, 1), true), Shown(b.id, true));
        auto it = results_.find(b.id);
        if (it != results_.end()) PrintResult(*it->second, "     ");
        break;
      }
      case BlockType::kToolResult:
        if (Placed(b)) break;
        fmt::print(out_, "  [{}]\n", Shown(b.id, true));
        PrintResult(b, "  ");
        break;
      case BlockType::kUnknown: fmt::print(out_, "  [{} block]\n", Shown(b.type_name, true)); break;
    }
  }

  const TranscriptOptions& options_;
  std::FILE* out_;
  std::map<std::string_view, const ContentBlock*> results_;
};

}  // namespace

void PrintTranscriptHeader(const SessionHeader& h, std::string_view title, const TranscriptOptions& options,
                           std::FILE* out) {
  fmt::print(out, "session   {}\n", Painted(h.id, Paint::kHeading, options.color));
  if (!title.empty()) fmt::print(out, "title     {}\n", Shown(title, true));
  if (!h.workspace.empty()) fmt::print(out, "workspace {}\n", Shown(h.workspace, true));
  if (!h.model.empty()) {
    fmt::print(out, "model     {}{}\n", Shown(h.model, true),
               h.provider.empty() ? "" : " (" + Shown(h.provider, true) + ")");
  }
  fmt::print(out, "created   {}\n", LocalTime(h.created_ms));
}

void PrintTranscriptEntries(std::span<const Entry> entries, const TranscriptOptions& options, std::FILE* out) {
  Printer printer(entries, options, out);
  for (const Entry& e : entries) printer.Print(e);
}

std::string EntryPreview(const Entry& e, size_t width) {
  std::string what;
  switch (e.type) {
    case RecordType::kMessage: {
      what = e.message.role + ": ";
      std::string text;
      for (const ContentBlock& b : e.message.content) {
        if (!text.empty()) text += " ";
        if (b.type == BlockType::kText) text += b.text;
        if (b.type == BlockType::kToolCall) text += "-> " + b.name + " " + b.arguments;
        if (b.type == BlockType::kToolResult) text += std::string(b.is_error ? "<- error " : "<- ") + ResultText(b);
        if (b.type == BlockType::kImage) text += "[image]";
      }
      what += text;
      break;
    }
    case RecordType::kModelChange: what = "model changed to " + e.model; break;
    case RecordType::kTitle: what = "title: " + e.title; break;
    case RecordType::kUsage: what = "usage"; break;
    case RecordType::kCompaction: what = "[compaction] " + e.summary; break;
    case RecordType::kBranchSummary: what = "[branch summary] " + e.summary; break;
    case RecordType::kLabel: what = "label \"" + e.label + "\" on " + e.target.substr(0, kShortId); break;
    case RecordType::kUnknown: what = "(" + e.type_name + " record)"; break;
  }
  for (char& c : what) {
    if (c == '\n' || c == '\t' || c == '\r') c = ' ';
  }
  // At most `width` code points.
  size_t points = 0, cut = what.size();
  for (size_t i = 0; i < what.size(); ++i) {
    if ((static_cast<unsigned char>(what[i]) & 0xC0) != 0x80 && points++ == width) {
      cut = i;
      break;
    }
  }
  if (cut < what.size()) what = what.substr(0, cut) + "…";
  return Shown(what, true);
}

}  // namespace sessionstore::cli
