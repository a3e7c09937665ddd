// sessionstore context | branches | fork | label | summary | truncate |
// compact: the history of one session.

#include <fmt/core.h>

#include <cstdio>
#include <string>

#include "cli.h"
#include "commands.h"
#include "options.h"
#include "redaction.h"
#include "session_arg.h"
#include "sessionstore/json.h"
#include "sessionstore/request.h"
#include "times.h"
#include "transcript.h"

namespace sessionstore::cli {

namespace {

// --json: one object per context item, with the message as stored.
int PrintContextJson(const ContextView& v) {
  for (const ContextItem& item : v.items) {
    Result<std::string> json = ToJson(item);
    if (!json.ok()) return Fail(json.status());
    PrintJsonLine(*json);
  }
  return kExitOk;
}

void ReportRepairs(const ContextView& v) {
  for (const ContextRepair& r : v.repairs) {
    fmt::print(stderr, "sessionstore: repaired context: {} {} in entry {}\n", KindName(r.kind), Shown(r.call_id, true),
               Shown(r.entry_id, true));
  }
  for (const SkippedLine& s : v.report.skipped) {
    fmt::print(stderr, "sessionstore: skipped a bad line: {}\n", s.reason.ToString());
  }
}

void PrintContextText(const ContextView& v) {
  for (const ContextItem& item : v.items) {
    fmt::print("[{}] {}{}\n", Shown(item.entry_id, true), Shown(item.message.role, true),
               item.kind == ContextItem::Kind::kMessage ? "" : " (" + std::string(KindName(item.kind)) + ")");
    for (const ContentBlock& b : item.message.content) {
      if (b.type == BlockType::kText) {
        std::string text = Shown(b.text);
        for (size_t at = text.find('\n'); at != std::string::npos; at = text.find('\n', at + 3))
          text.insert(at + 1, "  ");
        fmt::print("  {}\n", text);
      }
      if (b.type == BlockType::kToolCall) {
        fmt::print("  -> {} {} [{}]\n", Shown(b.name, true), Shown(b.arguments, true), Shown(b.id, true));
      }
      if (b.type == BlockType::kToolResult) {
        fmt::print("  <- result{} [{}]\n", b.is_error ? " (error)" : "", Shown(b.id, true));
      }
    }
  }
}

}  // namespace

Run SetupContext(CLI::App* sub, const Globals& globals) {
  struct Args {
    std::string id, leaf, shape;
    bool json = false;
    RedactArgs redact;
  };
  auto a = std::make_shared<Args>();
  sub->add_option("ID", a->id, kSessionArgHelp)->required();
  NotEmpty(sub->add_option("--leaf", a->leaf, "The entry whose context to build (default: the latest)"));
  AddRedactOptions(sub, &a->redact, "in the context printed (how many of each kind is said on stderr)");
  auto* json = sub->add_flag("--json", a->json, "One JSON object per item: kind, entry_id, message");
  sub->add_option("--shape", a->shape,
                  "Print the context as one request of a provider's API, ready to send: anthropic "
                  "({system, messages}), openai-chat ({messages}), openai-responses ({input}) or native; what "
                  "the shape cannot carry is listed on stderr")
      ->check([](const std::string& name) {
        Result<Shape> s = ShapeFromName(name);
        if (!s.ok()) return s.status().message();
        return *s == Shape::kAuto ? std::string("the context is printed in a shape, not auto") : std::string();
      })
      ->excludes(json);
  return [&globals, a] {
    OpenedSession opened;
    if (int rc = OpenSession(globals, a->id, &opened); rc != kExitOk) return rc;
    Store& store = *opened.store;
    std::string leaf;
    if (!a->leaf.empty()) {
      Result<std::string> entry = ResolveEntry(store, opened.id, a->leaf);
      if (!entry.ok()) return FailName(entry.status());
      leaf = *entry;
    }
    auto v = store.Context(opened.id, {.leaf = leaf});
    if (!v.ok()) return Fail(v.status());
    Result<std::shared_ptr<const Redactor>> redactor = MakeRedactor(a->redact);
    if (!redactor.ok()) return Fail(redactor.status());
    RedactionCounts redacted;
    if (*redactor) {
      (*redactor)->RedactText(&v->summary, &redacted);
      for (ContextItem& item : v->items) (*redactor)->RedactMessage(&item.message, &redacted);
    }
    int rc = kExitOk;
    if (!a->shape.empty()) {
      Result<Request> request = ToRequest(*v, *ShapeFromName(a->shape));
      if (!request.ok()) return Fail(request.status());
      PrintJsonLine(request->json);
      for (const LeftOut& l : request->left_out) {
        fmt::print(stderr, "sessionstore: left out of the {} request: {} (entry {})\n", a->shape, Shown(l.what, true),
                   Shown(l.entry_id, true));
      }
    } else if (a->json) {
      rc = PrintContextJson(*v);
    } else {
      PrintContextText(*v);
    }
    ReportRepairs(*v);
    SayRedacted(redacted);
    return rc;
  };
}

Run SetupBranches(CLI::App* sub, const Globals& globals) {
  auto id = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  sub->add_option("ID", *id, kSessionArgHelp)->required();
  sub->add_flag("--json", *json, "One JSON object per branch: leaf, updated_at, messages, entries");
  return [&globals, id, json] {
    OpenedSession opened;
    if (int rc = OpenSession(globals, *id, &opened); rc != kExitOk) return rc;
    Store& store = *opened.store;
    auto branches = store.Branches(opened.id);
    if (!branches.ok()) return Fail(branches.status());
    if (!*json) fmt::print("{:<16}  {:<16}  {:>5}  {:>7}\n", "LEAF", "UPDATED", "MSGS", "ENTRIES");
    for (const BranchInfo& b : *branches) {
      if (!*json) {
        fmt::print("{:<16}  {:<16}  {:>5}  {:>7}\n", b.leaf, TableTime(b.updated_ms), b.message_count, b.entry_count);
        continue;
      }
      PrintJsonLine(ToJson(b));
    }
    return kExitOk;
  };
}

Run SetupFork(CLI::App* sub, const Globals& globals) {
  struct Args {
    std::string id, at, new_id;
  };
  auto a = std::make_shared<Args>();
  sub->add_option("ID", a->id, kSessionArgHelp)->required();
  NotEmpty(sub->add_option("--at", a->at, "The entry to fork at (default: the latest)"));
  NotEmpty(sub->add_option("--id", a->new_id, "The new session's id (default: a new UUIDv7)"));
  return [&globals, a] {
    OpenedSession opened;
    if (int rc = OpenSession(globals, a->id, &opened); rc != kExitOk) return rc;
    Store& store = *opened.store;
    std::string at;
    if (!a->at.empty()) {
      Result<std::string> entry = ResolveEntry(store, opened.id, a->at);
      if (!entry.ok()) return FailName(entry.status());
      at = *entry;
    } else {
      auto v = store.Context(opened.id, {});
      if (!v.ok()) return Fail(v.status());
      at = v->leaf;
    }
    auto h = store.Fork(opened.id, at, {.id = a->new_id});
    if (!h.ok()) return Fail(h.status());
    fmt::print("{}\n", h->id);
    return kExitOk;
  };
}

Run SetupLabel(CLI::App* sub, const Globals& globals) {
  struct Args {
    std::string id, entry, text;
  };
  auto a = std::make_shared<Args>();
  sub->add_option("ID", a->id, kSessionArgHelp)->required();
  sub->add_option("ENTRY", a->entry, "Entry: an id or a unique prefix of one")->required();
  sub->add_option("TEXT", a->text, "The label; empty clears it")->required();
  return [&globals, a] {
    OpenedSession opened;
    if (int rc = OpenSession(globals, a->id, &opened); rc != kExitOk) return rc;
    Store& store = *opened.store;
    Result<std::string> entry = ResolveEntry(store, opened.id, a->entry);
    if (!entry.ok()) return FailName(entry.status());
    if (Status s = store.Label(opened.id, *entry, a->text); !s.ok()) return Fail(s);
    return kExitOk;
  };
}

Run SetupSummary(CLI::App* sub, const Globals& globals) {
  struct Args {
    std::string id, text;
  };
  auto a = std::make_shared<Args>();
  sub->add_option("ID", a->id, kSessionArgHelp)->required();
  sub->add_option("TEXT", a->text,
                  "Set this summary (a compaction keeping the current context); without it, print the summary");
  return [&globals, a, sub] {
    OpenedSession opened;
    if (int rc = OpenSession(globals, a->id, &opened); rc != kExitOk) return rc;
    Store& store = *opened.store;
    if (sub->count("TEXT") > 0) {
      if (Status s = store.SetSummary(opened.id, a->text); !s.ok()) return Fail(s);
      return kExitOk;
    }
    auto summary = store.GetSummary(opened.id);
    if (!summary.ok()) return Fail(summary.status());
    if (!summary->empty()) fmt::print("{}\n", Shown(*summary));
    return kExitOk;
  };
}

Run SetupTruncate(CLI::App* sub, const Globals& globals) {
  auto id = std::make_shared<std::string>();
  auto keep = std::make_shared<size_t>(0);
  sub->add_option("ID", *id, kSessionArgHelp)->required();
  AddCount(sub, "--keep", keep.get(), "Messages the context keeps; the file keeps everything")->required();
  return [&globals, id, keep] {
    OpenedSession opened;
    if (int rc = OpenSession(globals, *id, &opened); rc != kExitOk) return rc;
    Store& store = *opened.store;
    Result<TruncateReport> r = store.TruncateHistory(opened.id, *keep);
    if (!r.ok()) return Fail(r.status());
    if (!r->truncated) {
      fmt::print("the context holds {} messages: nothing to cut\n", r->kept);
    } else if (r->kept == 0) {
      fmt::print("the context keeps no message\n");
    } else {
      fmt::print("the context keeps {} messages, from entry {}{}\n", r->kept, r->first_kept,
                 r->widened == 0 ? std::string()
                                 : fmt::format(" ({} more than asked, so that no tool result is parted from its call)",
                                               r->widened));
    }
    return kExitOk;
  };
}

Run SetupUndo(CLI::App* sub, const Globals& globals) {
  auto id = std::make_shared<std::string>();
  sub->add_option("ID", *id, kSessionArgHelp)->required();
  sub->footer(
      "Takes the latest message out of the context (the file keeps it, and `show --all-branches` still shows it);\n"
      "what is appended next follows the message before it.\nExample:\n  sessionstore undo @latest\n");
  return [&globals, id] {
    OpenedSession opened;
    if (int rc = OpenSession(globals, *id, &opened); rc != kExitOk) return rc;
    Result<Entry> popped = opened.store->PopMessage(opened.id);
    if (!popped.ok()) return Fail(popped.status());
    fmt::print("took {} out of the context: {}\n", popped->id.substr(0, kShortId), EntryPreview(*popped, 60));
    return kExitOk;
  };
}

Run SetupCompact(CLI::App* sub, const Globals& globals) {
  auto id = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  sub->add_option("ID", *id, kSessionArgHelp)->required();
  sub->add_flag("--json", *json, "Print the report as JSON");
  auto dry_run = std::make_shared<bool>(false);
  sub->add_flag("--dry-run", *dry_run, "Only say what would be reclaimed; write nothing");
  return [&globals, id, json, dry_run] {
    OpenedSession opened;
    if (int rc = OpenSession(globals, *id, &opened); rc != kExitOk) return rc;
    Store& store = *opened.store;
    auto r = store.Compact(opened.id, {.dry_run = *dry_run});
    if (!r.ok()) return Fail(r.status());
    if (*json) {
      fmt::print("{{\"bytes_before\":{},\"bytes_after\":{},\"entries_before\":{},\"entries_after\":{}}}\n",
                 r->bytes_before, r->bytes_after, r->entries_before, r->entries_after);
    } else {
      fmt::print("{} {} bytes: {} -> {} bytes, {} -> {} entries\n", *dry_run ? "would reclaim" : "reclaimed",
                 r->bytes_before - r->bytes_after, r->bytes_before, r->bytes_after, r->entries_before,
                 r->entries_after);
    }
    return kExitOk;
  };
}

}  // namespace sessionstore::cli
