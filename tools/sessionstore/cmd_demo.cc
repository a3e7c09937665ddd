// sessionstore demo: a sample agent session written into a store and
// printed: a user turn, an assistant turn with two tool calls, their
// results, the final answer and its usage. Into a temporary store, removed
// afterwards, unless --store names one: trying the command never adds a
// sample to a person's real sessions.

#include <fmt/core.h>
#include <stdlib.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>

#include "cli.h"
#include "color.h"
#include "commands.h"
#include "transcript.h"

namespace sessionstore::cli {

namespace {

std::vector<Record> SampleTurns() {
  std::vector<Record> turns;
  turns.push_back(Record::FromMessage(Message::User("Why does `make test` fail on main?")));

  Message call;
  call.role = kRoleAssistant;
  call.model = "claude-sonnet-4-5";
  call.provider = "anthropic";
  call.stop_reason = "tool_use";
  call.content.push_back(ContentBlock::Text("Let me run the tests and look at the parser."));
  call.content.push_back(ContentBlock::ToolCall("call_1", "bash", R"({"command":"make test 2>&1 | tail -5"})"));
  call.content.push_back(
      ContentBlock::ToolCall("call_2", "read_file", R"({"path":"src/parser.c","offset":110,"limit":20})"));
  call.usage = Usage{.input_tokens = 1840, .output_tokens = 96, .cost_usd = 0.00696};
  turns.push_back(Record::FromMessage(call));

  Message results;
  results.role = kRoleTool;
  ContentBlock r1 = ContentBlock::ToolResult(
      "call_1", "test_parser.c:42: expected 3 tokens, got 2\nFAILED: 1 of 57 tests\nmake: *** [test] Error 1", true);
  r1.name = "bash";
  ContentBlock r2 = ContentBlock::ToolResult(
      "call_2", "118\t  if (c == '\\\\') {\n119\t    i += 1;  /* skips the escaped char */\n120\t  }");
  r2.name = "read_file";
  results.content = {r1, r2};
  turns.push_back(Record::FromMessage(results));

  Message answer = Message::Assistant(
      "The tokenizer skips the character after a backslash but not the backslash itself, so "
      "`a\\b` loses a token. Advancing `i` by 2 at src/parser.c:119 fixes test_parser.c:42.");
  answer.model = "claude-sonnet-4-5";
  answer.provider = "anthropic";
  answer.stop_reason = "end_turn";
  answer.usage = Usage{.input_tokens = 2410, .output_tokens = 71, .cache_read_tokens = 1840, .cost_usd = 0.00888};
  turns.push_back(Record::FromMessage(answer));
  return turns;
}

}  // namespace

Run SetupDemo(CLI::App* sub, const Globals& globals) {
  sub->footer(
      "Writes to a temporary store that it removes, unless --store DIR (or a URL) is given.\n"
      "Examples:\n  sessionstore demo\n  sessionstore --store /tmp/try demo\n");
  return [&globals] {
    std::string location = globals.store;
    std::string temporary;
    if (location.empty()) {
      const char* tmp = std::getenv("TMPDIR");
      std::string pattern = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/sessionstore-demo-XXXXXX";
      if (::mkdtemp(pattern.data()) == nullptr) return Fail(Status::FromErrno(errno, "mkdtemp", pattern));
      location = temporary = pattern;
    }
    // Removed however the demo ends.
    std::unique_ptr<std::string, void (*)(std::string*)> remove(&temporary, [](std::string* dir) {
      if (!dir->empty()) {
        std::error_code ignored;
        std::filesystem::remove_all(*dir, ignored);
      }
    });
    auto store = OpenStoreAt(location, {.create_if_missing = true});
    if (!store.ok()) return Fail(store.status());
    auto header = (*store)->Create(
        NewSession{.workspace = "/home/demo/parser", .model = "claude-sonnet-4-5", .provider = "anthropic"});
    if (!header.ok()) return Fail(header.status());
    {
      auto writer = (*store)->OpenWriter(header->id);
      if (!writer.ok()) return Fail(writer.status());
      std::vector<Record> turns = SampleTurns();
      for (const Record& r : turns) {
        if (auto id = (*writer)->Append(r); !id.ok()) return Fail(id.status());
      }
      if (Status s = (*writer)->Close(); !s.ok()) return Fail(s);
    }
    auto session = (*store)->Load(header->id);
    if (!session.ok()) return Fail(session.status());
    const TranscriptOptions options{.color = UseColor(globals)};
    PrintTranscriptHeader(session->header, session->header.title, options, stdout);
    PrintTranscriptEntries(session->entries, options, stdout);
    if (temporary.empty()) {
      fmt::print("\nstored in {} as session {}\n", location, header->id);
    } else {
      fmt::print("\n(written to a temporary store, now removed; `sessionstore --store DIR demo` keeps it in DIR)\n");
    }
    return kExitOk;
  };
}

}  // namespace sessionstore::cli
