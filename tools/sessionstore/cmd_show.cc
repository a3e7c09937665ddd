// sessionstore show: a session as a transcript, or its lines as stored.

#include <fmt/core.h>

#include <cstdio>

#include "cli.h"
#include "commands.h"
#include "transcript.h"

namespace sessionstore::cli {

namespace {

// Bad lines were skipped: say so on stderr, never silently.
void ReportSkipped(const LoadReport& report) {
  for (const SkippedLine& s : report.skipped) {
    fmt::print(stderr, "sessionstore: skipped a bad line: {}\n", s.reason.ToString());
  }
}

}  // namespace

Run SetupShow(CLI::App* sub, const Globals& globals) {
  auto id = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  sub->add_option("ID", *id, "Session id")->required();
  sub->add_flag("--json", *json, "Print the session's lines exactly as stored");
  return [&globals, id, json] {
    auto store = OpenStore(globals);
    if (!store.ok()) return Fail(store.status());
    auto cursor = (*store)->Read(*id);
    if (!cursor.ok()) return Fail(cursor.status());
    Cursor& c = **cursor;
    if (*json) {
      fmt::print("{}\n", c.header_line());
      for (; c.Valid(); c.Next()) fmt::print("{}\n", c.line());
    } else {
      Result<std::string> title = (*store)->Title(*id);
      if (!title.ok()) return Fail(title.status());
      PrintTranscript(c, *title, stdout);
    }
    if (!c.status().ok()) return Fail(c.status());
    ReportSkipped(c.report());
    return kExitOk;
  };
}

}  // namespace sessionstore::cli
