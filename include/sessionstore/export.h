// ExportSession: a session out of the store in another form — a Markdown
// document a person reads, the context as a provider's API takes it, or
// the session's own lines — through the store's public calls only.
//
//   auto md = sessionstore::ExportSession(*store, id, {.format = ExportFormat::kMarkdown});
//
// Thread-safe as the Store is.

#ifndef SESSIONSTORE_EXPORT_H_
#define SESSIONSTORE_EXPORT_H_

#include <string>
#include <string_view>
#include <vector>

#include "sessionstore/redact.h"
#include "sessionstore/request.h"
#include "sessionstore/result.h"
#include "sessionstore/store.h"

namespace sessionstore {

enum class ExportFormat {
  kMarkdown,         // a document: the session's facts, then the conversation
  kJsonl,            // the session's lines as stored: its file, byte for byte
  kAnthropic,        // the context as the Anthropic Messages API takes it
  kOpenAIChat,       // ... as OpenAI Chat Completions takes it
  kOpenAIResponses,  // ... as the OpenAI Responses API takes it
  // The agents' own session files, to resume a session there
  // (doc/interop.md). Each reads back with ImportSessions.
  kPi,        // pi: the whole tree, ids and parents kept
  kZot,       // zot: one branch (meta, message, usage, rename lines)
  kEino,      // eino's chat example store: one branch
  kPicoclaw,  // picoclaw's JSONL backend: one branch, and Exported::companion
};
// "markdown", "jsonl", "anthropic", "openai-chat", "openai-responses", "pi",
// "zot", "eino", "picoclaw".
std::string_view ExportFormatName(ExportFormat format);
// InvalidArgument naming the formats for any other name.
Result<ExportFormat> ExportFormatFromName(std::string_view name);

struct ExportOptions {
  ExportFormat format = ExportFormat::kMarkdown;
  // The branch: the path from the root to this entry (default: the latest
  // entry). kJsonl and kPi export the whole session whatever the leaf.
  std::string leaf;
  // If set, the secrets it finds are replaced in what is exported (the
  // document's text; in the JSON formats, the string values of each line
  // or request), and Exported::redacted counts them. Not owned; it must
  // outlive the call.
  const Redactor* redact = nullptr;
};

struct Exported {
  std::string text;  // the document, JSON or lines, ending in '\n'
  // What the format could not carry, and from which entry.
  std::vector<LeftOut> left_out;
  // With ExportOptions::redact: how many secrets of each kind it replaced.
  RedactionCounts redacted;
  // kPicoclaw: the <key>.meta.json that goes beside the lines (the key,
  // times, and the latest compaction's summary with the number of lines
  // it stands for). Empty for the other formats.
  std::string companion;
};

// Markdown: the title; the workspace, model(s), times, messages, tokens and
// cost; then each message of the branch under its role and time: text as
// written (it is Markdown already), thinking folded (<details>), each tool
// call with its arguments as JSON and its result (errors marked, long
// output folded with its size), images inline as data: URLs or as links,
// compactions and branch summaries where they happened. Code fences are
// longer than any run of backticks inside them, so no text breaks out.
// The API shapes: ToRequest of the branch's context (sessionstore/request.h).
// The agents' formats: the inverse of that format's import; what the
// format cannot hold (a signature zot has no place for, the other branches
// of a linear format, ...) is in left_out.
Result<Exported> ExportSession(Store& store, std::string_view id, const ExportOptions& options = {});

}  // namespace sessionstore

#endif  // SESSIONSTORE_EXPORT_H_
