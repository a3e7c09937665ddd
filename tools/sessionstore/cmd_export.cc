// sessionstore export: a session as a Markdown document, the context in a
// provider's API shape, or its own lines (ExportSession), to stdout or a
// file; what the format could not carry is said on stderr.

#include <fmt/core.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>

#include "cli.h"
#include "commands.h"
#include "options.h"
#include "redaction.h"
#include "session_arg.h"
#include "sessionstore/export.h"
#include "sessionstore/json.h"

namespace sessionstore::cli {

namespace {

// Writes `text` to `path`, whole or with an error naming the file.
Status WriteTo(const std::string& path, std::string_view text) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return Status::FromErrno(errno, "write", path);
  const bool written = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  const int error = errno;
  if (std::fclose(f) != 0 || !written) return Status::FromErrno(written ? errno : error, "write", path);
  return Status::OK();
}

// The file name extension of a format's output.
std::string_view Extension(ExportFormat format) {
  switch (format) {
    case ExportFormat::kMarkdown: return ".md";
    case ExportFormat::kAnthropic:
    case ExportFormat::kOpenAIChat:
    case ExportFormat::kOpenAIResponses: return ".json";
    default: return ".jsonl";
  }
}

// Where the companion file of `file` goes (picoclaw's <key>.meta.json
// beside <key>.jsonl).
std::string CompanionPath(const std::string& file) {
  std::string stem = file;
  if (stem.ends_with(".jsonl")) stem.resize(stem.size() - 6);
  return stem + ".meta.json";
}

// Writes the export to `file`, and its companion beside it.
Status WriteExport(const std::string& file, const Exported& exported) {
  if (Status s = WriteTo(file, exported.text); !s.ok()) return s;
  if (exported.companion.empty()) return Status::OK();
  return WriteTo(CompanionPath(file), exported.companion);
}

// export --all: every session (of `workspace`) into `dir`, one file each;
// a session that does not export is said and the rest go on (exit 1).
int ExportAll(const Globals& globals, const std::string& to, const std::string& workspace, const std::string& dir,
              bool json, const Redactor* redact) {
  if (dir.empty() || dir == "-") return Fail("--all writes a file per session: give the folder with -o DIR");
  Result<ExportFormat> format = ExportFormatFromName(to);
  if (!format.ok()) return Fail(format.status());
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Fail(Status::FromErrno(ec.value(), "make folder", dir));
  auto store = OpenStore(globals);
  if (!store.ok()) return Fail(store.status());
  Result<std::vector<SessionInfo>> sessions = (*store)->List({.workspace = workspace});
  if (!sessions.ok()) return Fail(sessions.status());
  int rc = kExitOk;
  RedactionCounts redacted;
  for (const SessionInfo& info : *sessions) {
    Result<Exported> exported = ExportSession(**store, info.id, {.format = *format, .redact = redact});
    const std::string file = dir + "/" + info.id + std::string(Extension(*format));
    Status s = exported.ok() ? WriteExport(file, *exported) : exported.status();
    if (!s.ok()) {
      fmt::print(stderr, "sessionstore: {}: {}\n", info.id, s.ToString());
      rc = kExitFailure;
      continue;
    }
    for (const auto& [kind, n] : exported->redacted.by_detector) redacted.by_detector[kind] += n;
    if (json) {
      PrintJsonLine(fmt::format("{{\"session\":{},\"file\":{},\"bytes\":{},\"left_out\":{},\"redacted\":{}}}",
                                JsonString(info.id), JsonString(file), exported->text.size(), exported->left_out.size(),
                                exported->redacted.ToJson()));
    } else {
      fmt::print("{}\n", file);
    }
  }
  SayRedacted(redacted);
  return FinishOutput(rc);
}

}  // namespace

Run SetupExport(CLI::App* sub, const Globals& globals) {
  struct Args {
    std::string id, to = "markdown", leaf, output, workspace;
    bool json = false, all = false;
    RedactArgs redact;
  };
  auto a = std::make_shared<Args>();
  sub->add_option("ID", a->id, kSessionArgHelp);
  sub->add_flag("--all", a->all, "Export every session (of --workspace), each to a file of its own in -o DIR");
  AddWorkspace(sub, "--workspace", &a->workspace, "With --all: only this workspace's sessions");
  sub->add_option("--to", a->to,
                  "markdown (default), jsonl, anthropic, openai-chat, openai-responses, or an agent's own "
                  "format: pi, zot, eino, picoclaw")
      ->check(CLI::IsMember(
          {"markdown", "jsonl", "anthropic", "openai-chat", "openai-responses", "pi", "zot", "eino", "picoclaw"}));
  sub->add_option("--leaf", a->leaf, "The branch that ends at this entry (default: the latest)");
  sub->add_option("-o,--output", a->output, "Write to FILE instead of stdout");
  sub->add_flag("--json", a->json,
                "Print one JSON object: session, format, output (the file, or the text itself), left_out, redacted");
  AddRedactOptions(sub, &a->redact, "in what is exported (how many of each kind is said on stderr)");
  sub->footer(
      "markdown: the session's facts, then the conversation: thinking folded, tool calls with their\n"
      "arguments and results, images, compactions. jsonl: the session's lines as stored. The API shapes:\n"
      "the context as that API takes it. pi, zot, eino, picoclaw: the agent's own session file, to resume\n"
      "the session there (picoclaw's <key>.meta.json is written beside -o FILE). What the format could not\n"
      "carry is said on stderr.\n"
      "--all writes <id>.md (or .jsonl, .json) for each session into -o DIR, made if missing.\n"
      "Examples:\n  sessionstore export @latest -o session.md\n"
      "  sessionstore export 0193ab --to openai-chat | jq .messages\n"
      "  sessionstore export @latest --to pi -o ~/.pi/agent/sessions/--home-me-app--/resumed.jsonl\n"
      "  sessionstore export --all --workspace . -o exported/\n");
  return [&globals, a] {
    Result<std::shared_ptr<const Redactor>> redactor = MakeRedactor(a->redact);
    if (!redactor.ok()) return Fail(redactor.status());
    if (a->all) return ExportAll(globals, a->to, a->workspace, a->output, a->json, redactor->get());
    if (a->id.empty()) return Fail("say which session: ID, or --all -o DIR");
    OpenedSession opened;
    if (int rc = OpenSession(globals, a->id, &opened); rc != kExitOk) return rc;
    Result<ExportFormat> format = ExportFormatFromName(a->to);
    if (!format.ok()) return Fail(format.status());
    std::string leaf = a->leaf;
    if (!leaf.empty()) {
      Result<std::string> entry = ResolveEntry(*opened.store, opened.id, leaf);
      if (!entry.ok()) return FailName(entry.status());
      leaf = *entry;
    }
    Result<Exported> exported =
        ExportSession(*opened.store, opened.id, {.format = *format, .leaf = leaf, .redact = redactor->get()});
    if (!exported.ok()) return Fail(exported.status());
    const bool to_file = !a->output.empty() && a->output != "-";
    if (to_file) {
      if (Status s = WriteExport(a->output, *exported); !s.ok()) return Fail(s);
    } else if (!exported->companion.empty()) {
      exported->left_out.push_back({.entry_id = "", .what = "the .meta.json beside the lines (give -o FILE)"});
    }
    for (const LeftOut& l : exported->left_out) {
      fmt::print(stderr, "sessionstore: left out{}: {}\n", l.entry_id.empty() ? "" : " of entry " + l.entry_id,
                 Shown(l.what, true));
    }
    if (a->json) {
      std::string left;
      for (const LeftOut& l : exported->left_out) {
        left += (left.empty() ? "" : ",") +
                fmt::format("{{\"entry_id\":{},\"what\":{}}}", JsonString(l.entry_id), JsonString(l.what));
      }
      PrintJsonLine(fmt::format(
          "{{\"session\":{},\"format\":{},\"{}\":{},\"bytes\":{},\"left_out\":[{}],\"redacted\":{}}}",
          JsonString(opened.id), JsonString(a->to), to_file ? "file" : "text",
          JsonString(to_file ? a->output : exported->text), exported->text.size(), left, exported->redacted.ToJson()));
    } else if (!to_file) {
      std::fwrite(exported->text.data(), 1, exported->text.size(), stdout);
    }
    SayRedacted(exported->redacted);
    return FinishOutput(kExitOk);
  };
}

}  // namespace sessionstore::cli
