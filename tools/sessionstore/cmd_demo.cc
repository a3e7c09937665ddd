// sessionstore demo: a sample agent session written into the store and
// printed: a user turn, an assistant turn with two tool calls, their
// results, the final answer and its usage.

#include <fmt/core.h>

#include <cstdio>

#include "cli.h"
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

Run SetupDemo(CLI::App* /*sub*/, const Globals& globals) {
  return [&globals] {
    auto store = OpenStore(globals, /*create=*/true);
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
    auto cursor = (*store)->Read(header->id);
    if (!cursor.ok()) return Fail(cursor.status());
    auto title = (*store)->Title(header->id);
    if (!title.ok()) return Fail(title.status());
    PrintTranscript(**cursor, *title, stdout);
    if (!(*cursor)->status().ok()) return Fail((*cursor)->status());
    fmt::print("\nstored in {} as session {}\n", *StoreLocation(globals), header->id);
    return kExitOk;
  };
}

}  // namespace sessionstore::cli
