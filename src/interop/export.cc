// ExportSession (sessionstore/export.h) over the public Store: the session's
// lines, a context in an API's shape, or a Markdown document of a branch.

#include "sessionstore/export.h"

#include <fmt/core.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "interop/export/agent_export.h"
#include "interop/export/export_lines.h"
#include "sessionstore/json.h"

namespace sessionstore {

namespace {

constexpr struct {
  ExportFormat format;
  std::string_view name;
} kFormats[] = {{ExportFormat::kMarkdown, "markdown"},
                {ExportFormat::kJsonl, "jsonl"},
                {ExportFormat::kAnthropic, "anthropic"},
                {ExportFormat::kOpenAIChat, "openai-chat"},
                {ExportFormat::kOpenAIResponses, "openai-responses"},
                {ExportFormat::kPi, "pi"},
                {ExportFormat::kZot, "zot"},
                {ExportFormat::kEino, "eino"},
                {ExportFormat::kPicoclaw, "picoclaw"}};

// Output longer than this is folded under its size.
constexpr size_t kFoldLines = 40;
constexpr size_t kFoldBytes = 4096;

// A fence of backticks longer than any run of them in `text`.
std::string Fence(std::string_view text) {
  size_t longest = 0;
  for (size_t i = 0; i < text.size();) {
    size_t run = 0;
    while (i < text.size() && text[i] == '`') ++run, ++i;
    longest = std::max(longest, run);
    if (run == 0) ++i;
  }
  return std::string(std::max<size_t>(3, longest + 1), '`');
}

void Fenced(std::string_view text, std::string_view language, std::string* out) {
  const std::string fence = Fence(text);
  *out += fence + std::string(language) + "\n" + std::string(text);
  if (text.empty() || text.back() != '\n') *out += "\n";
  *out += fence + "\n";
}

std::string Size(size_t bytes) {
  if (bytes < 1024) return fmt::format("{} bytes", bytes);
  if (bytes < 1024 * 1024) return fmt::format("{:.1f} KB", bytes / 1024.0);
  return fmt::format("{:.1f} MB", bytes / (1024.0 * 1024.0));
}

std::string RoleName(std::string_view role) {
  if (role.empty()) return "Message";
  std::string out(role);
  if (out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

// The blocks of a tool result as text: its text blocks, and a word for
// anything else.
std::string ResultText(const ContentBlock& result) {
  std::string text;
  for (const ContentBlock& b : result.content) {
    if (!text.empty()) text += "\n";
    text +=
        b.type == BlockType::kText ? b.text : "[" + std::string(b.type == BlockType::kImage ? "image" : "block") + "]";
  }
  return text;
}

void RenderBlock(const ContentBlock& b, std::string* out) {
  switch (b.type) {
    case BlockType::kText: *out += b.text + "\n\n"; break;
    case BlockType::kThinking:
      if (b.text.empty()) {
        *out += "*(thinking, redacted by the provider)*\n\n";
      } else {
        *out += "<details><summary>Thinking</summary>\n\n" + b.text + "\n\n</details>\n\n";
      }
      break;
    case BlockType::kImage:
      if (!b.data.empty()) {
        *out += "![image](data:" + b.media_type + ";base64," + b.data + ")\n\n";
      } else {
        *out += "![image](" + b.url + ")\n\n";
      }
      break;
    case BlockType::kToolCall:
      *out += "**Tool call** `" + b.name + "` (`" + b.id + "`)\n\n";
      Fenced(b.arguments, "json", out);
      *out += "\n";
      break;
    case BlockType::kToolResult: {
      const std::string text = ResultText(b);
      *out += "**Tool result** of `" + b.id + "`" + (b.is_error ? " — **error**" : "") + "\n\n";
      const size_t lines = static_cast<size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
      const bool fold = lines > kFoldLines || text.size() > kFoldBytes;
      if (fold) *out += fmt::format("<details><summary>{} lines, {}</summary>\n\n", lines, Size(text.size()));
      Fenced(text, "", out);
      *out += fold ? "\n</details>\n\n" : "\n";
      break;
    }
    case BlockType::kUnknown: *out += "*[" + b.type_name + "]*\n\n"; break;
  }
}

// Redacts the session's header and entries, if asked.
void RedactSession(Session* s, const ExportOptions& options, RedactionCounts* redacted) {
  if (options.redact == nullptr) return;
  options.redact->RedactHeader(&s->header, redacted);
  for (Entry& e : s->entries) options.redact->RedactRecord(&e, redacted);
}

Result<Exported> Markdown(Store& store, std::string_view id, const ExportOptions& options) {
  Result<Session> s = store.Load(id);
  if (!s.ok()) return s.status();
  Result<std::vector<const Entry*>> path = interop::PathTo(*s, options.leaf);
  if (!path.ok()) return path.status();
  // The title the listing shows: the current one, else the first user
  // message's text, else "New session".
  Result<std::vector<SessionInfo>> rows = store.List({.include_archived = true, .id_prefix = std::string(id)});
  if (!rows.ok()) return rows.status();
  s->header.title = "New session";
  for (const SessionInfo& r : *rows) {
    if (r.id == id) s->header.title = r.title;
  }
  RedactionCounts redacted;
  RedactSession(&*s, options, &redacted);
  const std::string& title = s->header.title;

  // The session's facts: every entry counts for models, usage and times.
  std::vector<std::string> models;
  auto add_model = [&](const std::string& m) {
    if (!m.empty() && std::find(models.begin(), models.end(), m) == models.end()) models.push_back(m);
  };
  add_model(s->header.model);
  Usage total;
  int64_t messages = 0, updated_ms = s->header.created_ms;
  std::map<std::string_view, std::string> labels;
  for (const Entry& e : s->entries) {
    updated_ms = std::max(updated_ms, e.timestamp_ms);
    const Usage* u = nullptr;
    if (e.type == RecordType::kMessage) {
      ++messages;
      add_model(e.message.model);
      if (e.message.usage) u = &*e.message.usage;
    } else if (e.type == RecordType::kUsage) {
      u = &e.usage;
    } else if (e.type == RecordType::kModelChange) {
      add_model(e.model);
    } else if (e.type == RecordType::kLabel) {
      labels[e.target] = e.label;
    }
    if (u != nullptr) {
      total.input_tokens += u->input_tokens;
      total.output_tokens += u->output_tokens;
      total.cache_read_tokens += u->cache_read_tokens;
      total.cache_write_tokens += u->cache_write_tokens;
      total.cost_usd += u->cost_usd;
    }
  }
  std::string out = "# " + title + "\n\n";
  out += "- **Session:** `" + s->header.id + "`\n";
  if (!s->header.workspace.empty()) out += "- **Workspace:** `" + s->header.workspace + "`\n";
  if (!models.empty()) {
    std::string joined;
    for (const std::string& m : models) joined += (joined.empty() ? "" : ", ") + m;
    out += "- **Model:** " + joined + (s->header.provider.empty() ? "" : " (" + s->header.provider + ")") + "\n";
  }
  out += "- **Created:** " + FormatTimestamp(s->header.created_ms) + "\n";
  out += "- **Updated:** " + FormatTimestamp(updated_ms) + "\n";
  out += fmt::format("- **Messages:** {}\n", messages);
  if (total.input_tokens + total.output_tokens + total.cache_read_tokens + total.cache_write_tokens > 0 ||
      total.cost_usd > 0) {
    out += fmt::format("- **Tokens:** {} in, {} out, {} cache read, {} cache write\n", total.input_tokens,
                       total.output_tokens, total.cache_read_tokens, total.cache_write_tokens);
    out += fmt::format("- **Cost:** ${:.4f}\n", total.cost_usd);
  }
  if (s->archived) out += "- **Archived**\n";
  out += "\n---\n\n";

  for (const Entry* e : *path) {
    const std::string anchor = "<a id=\"entry-" + e->id + "\"></a>\n";
    switch (e->type) {
      case RecordType::kMessage: {
        out += anchor + "## " + RoleName(e->message.role) + " · " + FormatTimestamp(e->timestamp_ms);
        if (auto l = labels.find(e->id); l != labels.end() && !l->second.empty()) out += " · label: " + l->second;
        out += "\n\n";
        for (const ContentBlock& b : e->message.content) RenderBlock(b, &out);
        if (e->message.usage) {
          const Usage& u = *e->message.usage;
          out += fmt::format("*{} in, {} out, ${:.4f}*\n\n", u.input_tokens, u.output_tokens, u.cost_usd);
        }
        break;
      }
      case RecordType::kCompaction:
        out += anchor + "> **Compacted** at " + FormatTimestamp(e->timestamp_ms) + ": the context goes on from here " +
               "with this summary.\n>\n> " + e->summary + "\n\n";
        break;
      case RecordType::kBranchSummary:
        out += anchor + "> **Back from a branch** at " + FormatTimestamp(e->timestamp_ms) + ":\n>\n> " + e->summary +
               "\n\n";
        break;
      case RecordType::kModelChange:
        out += "*Model: " + e->model + (e->provider.empty() ? "" : " (" + e->provider + ")") + "*\n\n";
        break;
      default: break;
    }
  }
  Exported exported{.text = std::move(out), .redacted = std::move(redacted)};
  for (const SkippedLine& l : s->report.skipped) {
    exported.left_out.push_back({.entry_id = "", .what = "line " + std::to_string(l.line) + " does not read"});
  }
  return exported;
}

// The session's lines, each with its string values redacted if asked.
Result<Exported> Lines(Store& store, std::string_view id, const Redactor* redact) {
  Result<std::unique_ptr<Cursor>> cursor = store.Read(id);
  if (!cursor.ok()) return cursor.status();
  Exported out;
  std::string line;
  auto add = [&](std::string_view stored) {
    if (redact == nullptr) {
      out.text.append(stored).push_back('\n');
      return;
    }
    line.assign(stored);
    redact->RedactJson(&line, &out.redacted);
    out.text.append(line).push_back('\n');
  };
  add((*cursor)->header_line());
  for (Cursor& c = **cursor; c.Valid(); c.Next()) add(c.line());
  if (!(*cursor)->status().ok()) return (*cursor)->status();
  for (const SkippedLine& l : (*cursor)->report().skipped) {
    out.left_out.push_back({.entry_id = "", .what = "line " + std::to_string(l.line) + " does not read"});
  }
  return out;
}

// A session in an agent's format (interop/export/agent_export.h).
Result<Exported> ToAgent(Store& store, std::string_view id, const ExportOptions& options) {
  Result<Session> s = store.Load(id);
  if (!s.ok()) return s.status();
  RedactionCounts redacted;
  RedactSession(&*s, options, &redacted);
  Result<Exported> out = options.format == ExportFormat::kPi     ? interop::ExportPi(*s)
                         : options.format == ExportFormat::kZot  ? interop::ExportZot(*s, options.leaf)
                         : options.format == ExportFormat::kEino ? interop::ExportEino(*s, options.leaf)
                                                                 : interop::ExportPicoclaw(*s, options.leaf);
  if (!out.ok()) return out;
  out->redacted = std::move(redacted);
  for (const SkippedLine& l : s->report.skipped) {
    out->left_out.push_back({.entry_id = "", .what = "line " + std::to_string(l.line) + " does not read"});
  }
  return out;
}

}  // namespace

std::string_view ExportFormatName(ExportFormat format) {
  for (const auto& f : kFormats) {
    if (f.format == format) return f.name;
  }
  return "markdown";
}

Result<ExportFormat> ExportFormatFromName(std::string_view name) {
  for (const auto& f : kFormats) {
    if (f.name == name) return f.format;
  }
  return Status::InvalidArgument("no export format \"" + std::string(name) +
                                 "\": markdown, jsonl, anthropic, openai-chat, openai-responses, pi, zot, eino "
                                 "or picoclaw");
}

Result<Exported> ExportSession(Store& store, std::string_view id, const ExportOptions& options) {
  switch (options.format) {
    case ExportFormat::kMarkdown: return Markdown(store, id, options);
    case ExportFormat::kJsonl: return Lines(store, id, options.redact);
    case ExportFormat::kPi:
    case ExportFormat::kZot:
    case ExportFormat::kEino:
    case ExportFormat::kPicoclaw: return ToAgent(store, id, options);
    default: break;
  }
  const Shape shape = options.format == ExportFormat::kAnthropic    ? Shape::kAnthropic
                      : options.format == ExportFormat::kOpenAIChat ? Shape::kOpenAIChat
                                                                    : Shape::kOpenAIResponses;
  Result<ContextView> view = store.Context(id, {.leaf = options.leaf});
  if (!view.ok()) return view.status();
  Result<Request> request = ToRequest(*view, shape);
  if (!request.ok()) return request.status();
  Exported out{.text = std::move(request->json), .left_out = std::move(request->left_out)};
  if (options.redact != nullptr) options.redact->RedactJson(&out.text, &out.redacted);
  out.text += "\n";
  return out;
}

}  // namespace sessionstore
