// sessionstore import: other agents' sessions brought into the store
// (ImportSessions), from files and folders or from where an agent keeps
// them; one line per session, the lines skipped on stderr, a summary.

#include <fmt/core.h>

#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cli.h"
#include "commands.h"
#include "progress.h"
#include "redaction.h"
#include "sessionstore/import.h"
#include "sessionstore/json.h"

namespace sessionstore::cli {

Run SetupImport(CLI::App* sub, const Globals& globals) {
  struct Args {
    std::vector<std::string> paths;
    std::string format, from, home;
    bool json = false;
    RedactArgs redact;
  };
  auto a = std::make_shared<Args>();
  std::vector<std::string> formats;
  for (std::string_view f : ImportFormats()) formats.emplace_back(f);
  sub->add_option("PATH", a->paths, "Session files, or folders searched for *.jsonl");
  sub->add_option("--format", a->format, "The files' format (default: found from each file's content)")
      ->check(CLI::IsMember(formats));
  sub->add_option("--from", a->from, "Import every session of this agent, from where it keeps them")
      ->check(CLI::IsMember(formats));
  sub->add_option("--home", a->home, "The home directory --from looks in (default: $HOME)");
  sub->add_flag("--json", a->json,
                "One JSON object per session (source, format, session, outcome, entries), then one per problem");
  AddRedactOptions(sub, &a->redact, "before they are stored (what was replaced is said on stderr)");
  sub->footer(
      "Importing again is safe and cheap: an unchanged source is skipped, one that grew gets its new\n"
      "entries appended, one that was rewritten becomes a new version (<id>.v2). Sources are only read.\n"
      "Lines that cannot be read are skipped and named (file:line) on stderr.\n"
      "Examples:\n  sessionstore import --from claude\n"
      "  sessionstore import ~/.claude/projects/-home-me-app/9b1e2c3d-0000-4000-8000-000000000001.jsonl\n");
  return [&globals, a] {
    std::vector<std::string> paths = a->paths;
    std::string format = a->format;
    if (!a->from.empty()) {
      const char* home = std::getenv("HOME");
      std::string dir = !a->home.empty() ? a->home : home != nullptr ? home : "";
      Result<std::string> found = AgentSessionsDir(a->from, dir);
      if (!found.ok()) return Fail(found.status());
      paths.push_back(*found);
      format = a->from;
    }
    if (paths.empty()) return Fail("say what to import: PATH... or --from AGENT");
    Result<std::shared_ptr<const Redactor>> redactor = MakeRedactor(a->redact);
    if (!redactor.ok()) return Fail(redactor.status());
    auto store = OpenStore(globals, /*create=*/true, *redactor);
    if (!store.ok()) return Fail(store.status());
    std::unique_ptr<Progress> progress;
    ImportReport report;
    const Status s = ImportSessions(**store, paths,
                                    {.format = format,
                                     .on_file =
                                         [&](size_t done, size_t total) {
                                           if (!progress) progress = std::make_unique<Progress>("importing", total);
                                           progress->Update(done);
                                         }},
                                    &report);
    progress.reset();
    std::map<ImportedSession::Outcome, size_t> counts;
    for (const ImportedSession& i : report.sessions) {
      ++counts[i.outcome];
      if (a->json) {
        PrintJsonLine(fmt::format(R"({{"source":{},"format":{},"session":{},"outcome":{},"entries":{}}})",
                                  JsonString(i.source), JsonString(i.format), JsonString(i.session),
                                  JsonString(OutcomeName(i.outcome)), i.entries));
      } else {
        fmt::print("{} {} <- {} ({}, {} entries)\n", OutcomeName(i.outcome), i.session, i.source, i.format, i.entries);
      }
    }
    for (const ImportProblem& p : report.problems) {
      const std::string where = p.line < 0 ? p.file : fmt::format("{}:{} (byte {})", p.file, p.line, p.offset);
      if (a->json) {
        PrintJsonLine(fmt::format(R"({{"problem":{},"file":{},"line":{},"offset":{}}})", JsonString(p.reason),
                                  JsonString(p.file), p.line, p.offset));
      }
      fmt::print(stderr, "sessionstore: {}: {}\n", where, p.reason);
    }
    if (!a->json) {
      fmt::print(stderr, "{} created, {} appended, {} unchanged, {} new versions; {} problems\n",
                 counts[ImportedSession::Outcome::kCreated], counts[ImportedSession::Outcome::kAppended],
                 counts[ImportedSession::Outcome::kUnchanged], counts[ImportedSession::Outcome::kNewVersion],
                 report.problems.size());
    }
    if (!s.ok()) return Fail(s);
    return FinishOutput(kExitOk);
  };
}

}  // namespace sessionstore::cli
