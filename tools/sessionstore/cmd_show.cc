// sessionstore show: a session as a transcript (the branch it is on, by
// default), or its lines as stored; with --follow, what is appended as it
// comes.

#include <fmt/core.h>
#include <signal.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <unordered_set>

#include "cli.h"
#include "color.h"
#include "commands.h"
#include "options.h"
#include "redaction.h"
#include "session_arg.h"
#include "session_path.h"
#include "sessionstore/follower.h"
#include "sessionstore/json.h"
#include "times.h"
#include "transcript.h"

namespace sessionstore::cli {

namespace {

struct ShowArgs {
  std::string id, leaf;
  size_t last = 0;
  bool json = false, all_branches = false, full = false, follow = false, no_pager = false;
  RedactArgs redact;
};

// Bad lines were skipped: say so on stderr, never silently.
void ReportSkipped(const LoadReport& report) {
  for (const SkippedLine& s : report.skipped) {
    fmt::print(stderr, "sessionstore: skipped a bad line: {}\n", s.reason.ToString());
  }
}

// A pager for a transcript on a terminal: $PAGER, else less (with LESS=FRX
// unless $LESS says otherwise: quits when it fits, keeps colour). None when
// $PAGER is empty or "cat".
class Pager {
 public:
  explicit Pager(bool wanted) {
    if (!wanted || !StdoutIsTerminal()) return;
    const char* pager = std::getenv("PAGER");
    std::string command = pager != nullptr ? pager : "less";
    if (command.empty() || command == "cat") return;
    if (pager == nullptr) ::setenv("LESS", "FRX", /*overwrite=*/0);
    std::fflush(stdout);
    pipe_ = ::popen(command.c_str(), "w");
  }
  ~Pager() {
    if (pipe_ != nullptr) ::pclose(pipe_);
  }
  Pager(const Pager&) = delete;
  Pager& operator=(const Pager&) = delete;
  std::FILE* out() const { return pipe_ != nullptr ? pipe_ : stdout; }

 private:
  std::FILE* pipe_ = nullptr;
};

}  // namespace

std::atomic<bool> interrupted{false};

// Prints what is appended to session `id` after `after_seq` as it comes,
// until SIGINT (exit 130) or the session is deleted.
// Prints what is appended until interrupted; `redact` (if set) redacts it,
// counting into `redacted`.
int FollowSession(Store& store, std::string_view id, uint64_t after_seq, const TranscriptOptions& options,
                  const Redactor* redact, RedactionCounts* redacted) {
  struct sigaction action {};
  action.sa_handler = [](int) { interrupted = true; };
  sigemptyset(&action.sa_mask);
  ::sigaction(SIGINT, &action, nullptr);  // no SA_RESTART: a wait ends at once
  ::sigaction(SIGTERM, &action, nullptr);
  std::fflush(stdout);
  Follower follower(store, std::string(id), after_seq);
  while (!interrupted) {
    Result<std::vector<Entry>> entries = follower.Next(500);
    if (!entries.ok()) {
      if (entries.status().code() == StatusCode::kNotFound) return Fail("session " + std::string(id) + " was deleted");
      return Fail(entries.status());
    }
    if (redact != nullptr) {
      for (Entry& e : *entries) redact->RedactRecord(&e, redacted);
    }
    PrintTranscriptEntries(*entries, options, stdout);
    if (std::fflush(stdout) != 0) return kExitFailure;  // the reader went away: FinishOutput says why
  }
  SayRedacted(*redacted);
  return kExitInterrupted;
}

Run SetupShow(CLI::App* sub, const Globals& globals) {
  auto a = std::make_shared<ShowArgs>();
  sub->add_option("ID", a->id, kSessionArgHelp)->required();
  sub->add_flag("--json", a->json, "The lines exactly as stored (every line, unless --leaf or --last)");
  auto* leaf = NotEmpty(sub->add_option(
      "--leaf", a->leaf, "The branch that ends at this entry (an id or a unique prefix; default: the latest entry's)"));
  sub->add_flag("--all-branches", a->all_branches, "Every entry of every branch, in the order they were written")
      ->excludes(leaf);
  AddCount(sub, "--last", &a->last, "Only the last N entries");
  sub->add_flag("--full", a->full, "Tool output and arguments whole, not shortened");
  sub->add_flag("--follow,-f", a->follow,
                "Then print entries as they are appended, until interrupted (Ctrl-C); survives the session being "
                "compacted or archived");
  sub->add_flag("--no-pager", a->no_pager, "Never page (default: $PAGER or less on a terminal)");
  AddRedactOptions(sub, &a->redact, "in what is shown (how many of each kind is said on stderr)");
  sub->footer(
      "Examples:\n"
      "  sessionstore show @latest                  the branch the newest session here is on\n"
      "  sessionstore show 0193ab --last 10 --full  its last ten entries, tool output whole\n"
      "  sessionstore show @latest -f               watch an agent work\n");
  return [&globals, a] {
    Result<std::shared_ptr<const Redactor>> redactor = MakeRedactor(a->redact);
    if (!redactor.ok()) return Fail(redactor.status());
    const Redactor* redact = redactor->get();
    RedactionCounts redacted;
    OpenedSession opened;
    if (int rc = OpenSession(globals, a->id, &opened); rc != kExitOk) return rc;
    Store& store = *opened.store;
    Result<Session> session = store.Load(opened.id);
    if (!session.ok()) return Fail(session.status());
    if (redact != nullptr && !a->json) {
      redact->RedactHeader(&session->header, &redacted);
      for (Entry& e : session->entries) redact->RedactRecord(&e, &redacted);
    }
    std::vector<Entry> shown;
    if (a->all_branches || (a->json && a->leaf.empty()) || a->follow) {
      shown = std::move(session->entries);
    } else {
      std::string leaf_id;
      if (!a->leaf.empty()) {
        Result<std::string> entry = ResolveEntry(store, opened.id, a->leaf);
        if (!entry.ok()) return FailName(entry.status());
        leaf_id = *entry;
      }
      shown = PathTo(session->entries, leaf_id);
    }
    if (a->last > 0 && shown.size() > a->last) shown.erase(shown.begin(), shown.end() - static_cast<long>(a->last));
    const uint64_t last_seq = session->entries.empty() ? 0 : session->entries.back().seq;
    const TranscriptOptions options{.full = a->full, .color = UseColor(globals)};
    if (a->json) {
      // The lines as stored, of the entries chosen.
      std::unordered_set<std::string> chosen;
      for (const Entry& e : shown) chosen.insert(e.id);
      auto cursor = store.Read(opened.id);
      if (!cursor.ok()) return Fail(cursor.status());
      Cursor& c = **cursor;
      std::string line;
      auto print = [&](std::string_view stored) {
        line.assign(stored);
        if (redact != nullptr) redact->RedactJson(&line, &redacted);
        fmt::print("{}\n", line);
      };
      print(c.header_line());
      for (; c.Valid(); c.Next()) {
        if (chosen.contains(c.entry().id)) print(c.line());
      }
      if (!c.status().ok()) return Fail(c.status());
    } else {
      Pager pager(!a->no_pager && !a->follow);
      PrintTranscriptHeader(session->header, session->header.title, options, pager.out());
      PrintTranscriptEntries(shown, options, pager.out());
    }
    ReportSkipped(session->report);
    if (a->follow) {
      return FollowSession(store, opened.id, session->entries.empty() ? 0 : last_seq, options, redact, &redacted);
    }
    SayRedacted(redacted);
    return kExitOk;
  };
}

}  // namespace sessionstore::cli
