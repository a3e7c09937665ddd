// ImportSessions on every backend: a Claude Code transcript (the fixture in
// tests/fixtures/import/claude, hand-written to the format's rules) becomes a
// session by those rules, losing nothing; importing again skips, appends or
// makes a new version; bad input is reported and left alone.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "sessionstore/import.h"
#include "sessionstore/json.h"
#include "testing/store_fixture.h"
#include "testing/temp_dir.h"

namespace sessionstore {
namespace {

namespace fs = std::filesystem;
using testing::ContractTest;

constexpr char kSession[] = "9b1e2c3d-0000-4000-8000-000000000001";

std::string Fixture() {
  return std::string(SOURCE_DIR) + "/tests/fixtures/import/claude/-home-u-app/" + kSession + ".jsonl";
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void WriteAll(const std::string& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

const JsonField* Member(const JsonFields& fields, std::string_view key) {
  for (const JsonField& f : fields) {
    if (f.key == key) return &f;
  }
  return nullptr;
}

// Sets the file's mtime: a day ago (the agent is done with it) or now (it
// may still be writing its last message).
void Settle(const std::string& path) {
  fs::last_write_time(path, fs::file_time_type::clock::now() - std::chrono::hours(24));
}
void Touch(const std::string& path) { fs::last_write_time(path, fs::file_time_type::clock::now()); }

class ImportTest : public ContractTest {
 protected:
  ImportReport Import(const std::vector<std::string>& paths, const ImportOptions& options = {}) {
    ImportReport report;
    Status s = ImportSessions(*store_, paths, options, &report);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return report;
  }

  const Entry& ById(const Session& s, const std::string& id) {
    for (const Entry& e : s.entries) {
      if (e.id == id) return e;
    }
    ADD_FAILURE() << "no entry " << id;
    return s.entries.front();
  }

  // The entries from the root to `leaf`.
  std::vector<const Entry*> Path(const Session& s, std::string leaf) {
    std::vector<const Entry*> path;
    while (!leaf.empty()) {
      const Entry& e = ById(s, leaf);
      path.insert(path.begin(), &e);
      leaf = e.parent;
    }
    return path;
  }

  testing::TempDir src_;
};

TEST_P(ImportTest, AClaudeCodeTranscriptBecomesASessionByTheFormatsRules) {
  const std::string fixture = src_.path() + "/" + kSession + ".jsonl";
  fs::copy_file(Fixture(), fixture);
  Settle(fixture);
  ImportReport report = Import({fixture});
  ASSERT_EQ(report.sessions.size(), 1u);
  EXPECT_EQ(report.sessions[0].session, kSession);
  EXPECT_EQ(report.sessions[0].format, "claude");
  EXPECT_EQ(report.sessions[0].outcome, ImportedSession::Outcome::kCreated);
  // The damaged line is named with its place; the torn last line (no '\n'
  // yet) is not read at all: the agent is still writing it.
  const std::string content = ReadAll(fixture);
  ASSERT_EQ(report.problems.size(), 1u);
  EXPECT_EQ(report.problems[0].file, fixture);
  EXPECT_EQ(report.problems[0].line, 17);
  EXPECT_EQ(report.problems[0].offset,
            static_cast<int64_t>(content.find("{\"parentUuid\":\"22222222-0000-4000-8000-000000000007\",")));
  EXPECT_NE(report.problems[0].reason.find("not valid JSON"), std::string::npos) << report.problems[0].reason;

  Result<Session> s = store_->Load(kSession);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->header.workspace, "/home/u/app");
  EXPECT_EQ(s->header.title, "make failure") << "custom-title wins over a later ai-title";
  EXPECT_EQ(s->header.model, "claude-opus-4-1-20250805") << "the last real model; <synthetic> is none";
  EXPECT_EQ(s->header.created_ms, *ParseTimestamp("2026-01-05T10:00:00.000Z"));
  EXPECT_NE(s->header.metadata.find("\"source\":" + JsonString(fixture)), std::string::npos) << s->header.metadata;

  // The streamed response (three entries of msg_01) is one message.
  const Entry& merged = ById(*s, "22222222-0000-4000-8000-000000000001");
  ASSERT_EQ(merged.message.content.size(), 3u);
  EXPECT_EQ(merged.message.content[0].type, BlockType::kThinking);
  EXPECT_EQ(merged.message.content[0].signature, "sig1");
  EXPECT_EQ(merged.message.content[1].text, "Let me run it.");
  EXPECT_EQ(merged.message.content[2].type, BlockType::kToolCall);
  EXPECT_EQ(merged.message.content[2].name, "Bash");
  EXPECT_EQ(merged.message.content[2].arguments, R"({"command":"make"})");
  ASSERT_TRUE(merged.message.usage.has_value());
  EXPECT_EQ(merged.message.usage->output_tokens, 60) << "the largest snapshot of the response";
  ASSERT_NE(Member(merged.extra, "claude_split"), nullptr);
  EXPECT_NE(Member(merged.extra, "claude_split")->json.find("22222222-0000-4000-8000-000000000003"), std::string::npos);
  // A user entry of tool results is a tool message, linked to its call.
  const Entry& result = ById(*s, "11111111-0000-4000-8000-000000000002");
  EXPECT_EQ(result.message.role, kRoleTool);
  EXPECT_EQ(result.parent, merged.id);
  ASSERT_EQ(result.message.content.size(), 1u);
  EXPECT_EQ(result.message.content[0].id, "toolu_01");
  EXPECT_TRUE(result.message.content[0].is_error);
  EXPECT_NE(Member(result.extra, "claude")->json.find("\"toolUseResult\""), std::string::npos);
  EXPECT_EQ(ById(*s, "11111111-0000-4000-8000-000000000001").message.Text(), "why does make fail? été 😀");

  // Usage totals: once per response, every branch.
  int64_t in = 0, out = 0;
  for (const Entry& e : s->entries) {
    if (e.type == RecordType::kMessage && e.message.usage) {
      in += e.message.usage->input_tokens;
      out += e.message.usage->output_tokens;
    }
  }
  EXPECT_EQ(in, 4 + 30 + 50 + 60 + 100);
  EXPECT_EQ(out, 60 + 12 + 7 + 9 + 8);

  // The active path runs through the compaction to the last message; the
  // first answer to "Install zlib1g-dev?" stays as a branch.
  Result<std::vector<BranchInfo>> branches = store_->Branches(kSession);
  ASSERT_TRUE(branches.ok());
  EXPECT_EQ(branches->size(), 2u);
  std::vector<std::string> path_messages;
  const Entry* compaction = nullptr;
  for (const Entry* e : Path(*s, s->entries.back().id)) {
    if (e->type == RecordType::kMessage) path_messages.push_back(e->message.role + ":" + e->message.Text());
    if (e->type == RecordType::kCompaction) compaction = e;
  }
  EXPECT_EQ(path_messages, (std::vector<std::string>{
                               "user:why does make fail? été 😀", "assistant:Let me run it.",
                               "tool:", "assistant:zlib is missing. Install zlib1g-dev?", "user:no, link it statically",
                               "assistant:Linked statically; make passes.", "user:now run the tests",
                               "assistant:All 42 tests pass.", "assistant:No response requested."}));
  ASSERT_NE(compaction, nullptr);
  EXPECT_EQ(compaction->id, "33333333-0000-4000-8000-000000000001");
  EXPECT_EQ(compaction->tokens_before, 12000);
  EXPECT_EQ(compaction->summary.rfind("This session is being continued", 0), 0u) << compaction->summary;
  const Entry& synthetic = ById(*s, "22222222-0000-4000-8000-000000000008");
  EXPECT_TRUE(synthetic.message.model.empty());
  EXPECT_NE(Member(synthetic.extra, "claude")->json.find("\"synthetic\":true"), std::string::npos);
  // Lines of no slot are custom records holding every member.
  const Entry& snapshot = s->entries.front();
  EXPECT_EQ(snapshot.type_name, "claude.file-history-snapshot");
  EXPECT_NE(Member(snapshot.extra, "claude")->json.find("\"trackedFileBackups\":{}"), std::string::npos);
  // The context an agent would send: the summary, then what followed.
  Result<ContextView> context = store_->Context(kSession);
  ASSERT_TRUE(context.ok()) << context.status().ToString();
  EXPECT_EQ(context->compaction, compaction->id);
  ASSERT_EQ(context->items.size(), 4u);
  EXPECT_EQ(context->items[0].kind, ContextItem::Kind::kCompactionSummary);
  EXPECT_EQ(context->items[3].message.Text(), "No response requested.");
}

TEST_P(ImportTest, ImportingAgainSkipsTheUnchangedAppendsWhatGrewAndVersionsWhatWasRewritten) {
  const std::string content = ReadAll(Fixture());
  const std::string live = src_.path() + "/" + kSession + ".jsonl";
  auto texts = [&] {
    std::vector<std::string> out;
    Result<Session> loaded = store_->Load(kSession);
    EXPECT_TRUE(loaded.ok()) << loaded.status().ToString();
    if (!loaded.ok()) return out;
    for (const Entry& e : loaded->entries) {
      if (e.type == RecordType::kMessage) out.push_back(e.message.Text());
    }
    return out;
  };
  auto has = [&](const std::string& text) {
    const std::vector<std::string> all = texts();
    return std::find(all.begin(), all.end(), text) != all.end();
  };
  // The session as it was before its last two lines were written, while
  // the agent is at work: its last message may still get blocks, and waits.
  const size_t cut = content.find("{\"type\":\"ai-title\"");
  WriteAll(live, content.substr(0, cut));
  Touch(live);
  ImportReport first = Import({src_.path()});
  ASSERT_EQ(first.sessions.size(), 1u);
  EXPECT_EQ(first.sessions[0].outcome, ImportedSession::Outcome::kCreated);
  EXPECT_EQ(first.sessions[0].entries, 12u);
  EXPECT_FALSE(has("All 42 tests pass."));

  ImportReport again = Import({src_.path()});
  ASSERT_EQ(again.sessions.size(), 1u);
  EXPECT_EQ(again.sessions[0].outcome, ImportedSession::Outcome::kUnchanged);
  EXPECT_TRUE(again.problems.empty()) << "a line reported once is not reported again";

  WriteAll(live, content);  // the agent wrote on
  Touch(live);
  ImportReport grown = Import({src_.path()}, {.format = "claude"});
  ASSERT_EQ(grown.sessions.size(), 1u);
  EXPECT_EQ(grown.sessions[0].outcome, ImportedSession::Outcome::kAppended);
  EXPECT_EQ(grown.sessions[0].entries, 2u) << "the message that waited and the ai-title record";
  EXPECT_TRUE(has("All 42 tests pass."));
  EXPECT_FALSE(has("No response requested."));

  Settle(live);  // the agent is done: the last message comes in too
  ImportReport settled = Import({src_.path()});
  ASSERT_EQ(settled.sessions.size(), 1u);
  EXPECT_EQ(settled.sessions[0].outcome, ImportedSession::Outcome::kAppended);
  EXPECT_EQ(settled.sessions[0].entries, 1u);
  EXPECT_EQ(Import({src_.path()}).sessions.at(0).outcome, ImportedSession::Outcome::kUnchanged);

  Result<Session> s = store_->Load(kSession);
  ASSERT_TRUE(s.ok());
  Result<std::vector<BranchInfo>> branches = store_->Branches(kSession);
  ASSERT_TRUE(branches.ok());
  EXPECT_EQ(branches->size(), 2u) << "the appended entries continue the path; no branch is added";
  EXPECT_EQ(Path(*s, s->entries.back().id).size(), s->entries.size() - 2) << "all but the other branch's two";
  const Entry& last_message = s->entries[s->entries.size() - 2];
  EXPECT_EQ(last_message.message.Text(), "No response requested.");
  EXPECT_EQ(Member(last_message.extra, "source_id")->json, "\"22222222-0000-4000-8000-000000000008\"");

  // Rewritten (an earlier line changed): a new version beside the first.
  std::string rewritten = content;
  rewritten.replace(rewritten.find("now run the tests"), 17, "now run ALL tests");
  WriteAll(live, rewritten);
  Settle(live);
  ImportReport version = Import({live});
  ASSERT_EQ(version.sessions.size(), 1u);
  EXPECT_EQ(version.sessions[0].outcome, ImportedSession::Outcome::kNewVersion);
  EXPECT_EQ(version.sessions[0].session, std::string(kSession) + ".v2");
  EXPECT_EQ(store_->Load(kSession)->entries.size(), s->entries.size()) << "the first is left as it was";
  EXPECT_EQ(Import({live}).sessions[0].outcome, ImportedSession::Outcome::kUnchanged);

  // A session written to since it was imported is not appended to either.
  WriteAll(live, rewritten + content.substr(cut));
  Settle(live);
  ASSERT_TRUE(store_->Rename(std::string(kSession) + ".v2", "mine now").ok());
  ImportReport after_local = Import({live});
  EXPECT_EQ(after_local.sessions[0].session, std::string(kSession) + ".v3");
}

TEST_P(ImportTest, BadInputIsReportedAndLeftAloneAndTheRunGoesOn) {
  const std::string dir = src_.path();
  WriteAll(dir + "/notes.jsonl", "{\"a\":1}\n{\"b\":2}\n");
  WriteAll(dir + "/empty.jsonl", "");
  WriteAll(dir + "/binary.jsonl", std::string("\x00\xff\xfe\n", 4));
  fs::copy_file(Fixture(), dir + "/" + kSession + ".jsonl");
  struct stat before;
  ASSERT_EQ(::stat((dir + "/notes.jsonl").c_str(), &before), 0);
  ImportReport report = Import({dir, dir + "/missing.jsonl"});
  ASSERT_EQ(report.sessions.size(), 1u) << "the one session in the folder";
  std::vector<std::string> named;
  for (const ImportProblem& p : report.problems) named.push_back(fs::path(p.file).filename().string());
  for (const char* file : {"binary.jsonl", "empty.jsonl", "notes.jsonl", "missing.jsonl"}) {
    EXPECT_NE(std::find(named.begin(), named.end(), file), named.end()) << file;
  }
  struct stat after;
  ASSERT_EQ(::stat((dir + "/notes.jsonl").c_str(), &after), 0);
  EXPECT_EQ(after.st_mtim.tv_nsec, before.st_mtim.tv_nsec);
  EXPECT_EQ(ReadAll(dir + "/notes.jsonl"), "{\"a\":1}\n{\"b\":2}\n");
  // Told the format, a file of another is said not to be a session of it.
  ImportReport told = Import({dir + "/notes.jsonl"}, {.format = "claude"});
  ASSERT_EQ(told.problems.size(), 1u);
  EXPECT_NE(told.problems[0].reason.find("not a claude session"), std::string::npos) << told.problems[0].reason;
  ImportReport unknown;
  EXPECT_EQ(ImportSessions(*store_, std::vector<std::string>{dir}, {.format = "word"}, &unknown).code(),
            StatusCode::kInvalidArgument);
}

TEST_P(ImportTest, AnotherSourceWithTheSameIdGetsASessionOfItsOwn) {
  fs::create_directories(src_.path() + "/a");
  fs::create_directories(src_.path() + "/b");
  fs::copy_file(Fixture(), src_.path() + "/a/" + kSession + ".jsonl");
  fs::copy_file(Fixture(), src_.path() + "/b/" + kSession + ".jsonl");
  ImportReport report = Import({src_.path()});
  ASSERT_EQ(report.sessions.size(), 2u);
  EXPECT_EQ(report.sessions[0].session, kSession);
  EXPECT_EQ(report.sessions[1].session, std::string(kSession) + ".v2");
  EXPECT_EQ(report.sessions[1].outcome, ImportedSession::Outcome::kCreated);
  ImportReport again = Import({src_.path()});
  for (const ImportedSession& i : again.sessions) EXPECT_EQ(i.outcome, ImportedSession::Outcome::kUnchanged);
}

TEST_P(ImportTest, APiSessionKeepsItsTreeAndRecords) {
  const std::string file = std::string(SOURCE_DIR) +
                           "/tests/fixtures/import/pi/--home-u-app--/"
                           "2026-03-15T10-20-30-123Z_3c1e0000-0000-4000-8000-000000000001.jsonl";
  ImportReport report = Import({file});
  ASSERT_EQ(report.sessions.size(), 1u);
  const std::string id = "3c1e0000-0000-4000-8000-000000000001";
  EXPECT_EQ(report.sessions[0].session, id);
  EXPECT_EQ(report.sessions[0].format, "pi");
  EXPECT_EQ(report.sessions[0].entries, 14u);
  ASSERT_EQ(report.problems.size(), 1u);
  EXPECT_EQ(report.problems[0].line, 15);
  Result<Session> s = store_->Load(id);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->header.workspace, "/home/u/app");
  EXPECT_EQ(s->header.title, "file listing");
  EXPECT_EQ(s->header.model, "claude-opus-4-1");
  EXPECT_EQ(s->header.created_ms, *ParseTimestamp("2026-03-15T10:20:30.123Z"));
  EXPECT_EQ(ById(*s, "0a1b2c3d").type, RecordType::kModelChange);
  EXPECT_EQ(ById(*s, "0a1b2c3d").model, "claude-sonnet-4-5");
  const Message& call = ById(*s, "5a6b7c8d").message;
  ASSERT_EQ(call.content.size(), 3u);
  EXPECT_EQ(call.content[0].signature, "c2ln");
  EXPECT_EQ(call.content[2].arguments, R"({"command":"ls"})");
  EXPECT_EQ(call.stop_reason, "toolUse");
  ASSERT_TRUE(call.usage.has_value());
  EXPECT_EQ(call.usage->cache_read_tokens, 5);
  EXPECT_DOUBLE_EQ(call.usage->cost_usd, 0.000075);
  EXPECT_NE(Member(call.extra, "api"), nullptr);
  const Message& result = ById(*s, "6b7c8d9e").message;
  EXPECT_EQ(result.role, kRoleTool);
  ASSERT_EQ(result.content.size(), 1u);
  EXPECT_EQ(result.content[0].id, "call_1");
  EXPECT_EQ(result.content[0].name, "bash");
  EXPECT_EQ(result.content[0].content.at(0).text, "a.txt\nb.txt");
  EXPECT_EQ(ById(*s, "8d9e0f1a").type, RecordType::kLabel);
  EXPECT_EQ(ById(*s, "8d9e0f1a").target, "1f2e3d4c");
  EXPECT_EQ(ById(*s, "a0b1c2d3").type, RecordType::kBranchSummary);
  EXPECT_EQ(ById(*s, "a0b1c2d3").branch_leaf, "9e0f1a2b");
  EXPECT_EQ(ById(*s, "b1c2d3e4").message.content.at(1).media_type, "image/png");
  EXPECT_EQ(ById(*s, "c2d3e4f5").type_name, "pi.message") << "bashExecution has no role here";
  EXPECT_EQ(ById(*s, "d3e4f5a6").first_kept, "b1c2d3e4");
  EXPECT_EQ(ById(*s, "d3e4f5a6").tokens_before, 5000);
  EXPECT_EQ(ById(*s, "e4f5a6b7").type_name, "pi.thinking_level_change");
  EXPECT_EQ(ById(*s, "f5a6b7c8").message.Text(), "Done. 日本語 ✓");
  Result<std::vector<BranchInfo>> branches = store_->Branches(id);
  ASSERT_TRUE(branches.ok());
  EXPECT_EQ(branches->size(), 2u);
  Result<std::vector<LabelInfo>> labels = store_->Labels(id);
  ASSERT_TRUE(labels.ok());
  ASSERT_EQ(labels->size(), 1u);
  // The context: the summary, the kept entries from firstKeptEntryId, what followed.
  Result<ContextView> context = store_->Context(id);
  ASSERT_TRUE(context.ok()) << context.status().ToString();
  EXPECT_EQ(context->compaction, "d3e4f5a6");
  ASSERT_FALSE(context->items.empty());
  EXPECT_EQ(context->items.back().message.Text(), "Done. 日本語 ✓");
  EXPECT_EQ(Import({file}).sessions.at(0).outcome, ImportedSession::Outcome::kUnchanged);
}

TEST_P(ImportTest, ACodexRolloutGroupsAResponsesItemsIntoMessages) {
  const std::string file = std::string(SOURCE_DIR) +
                           "/tests/fixtures/import/codex/sessions/2026/03/14/"
                           "rollout-2026-03-14T09-21-07-0199a1b2-0000-7000-8000-000000000001.jsonl";
  ImportReport report = Import({file});
  ASSERT_EQ(report.sessions.size(), 1u);
  const std::string id = "0199a1b2-0000-7000-8000-000000000001";
  EXPECT_EQ(report.sessions[0].session, id);
  EXPECT_EQ(report.sessions[0].format, "codex");
  ASSERT_EQ(report.problems.size(), 1u);
  EXPECT_EQ(report.problems[0].line, 17);
  Result<Session> s = store_->Load(id);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->header.workspace, "/home/u/api");
  EXPECT_EQ(s->header.title, "Fix the failing test") << "the thread's latest name in session_index.jsonl";
  EXPECT_EQ(s->header.model, "gpt-5") << "the model of the last turn";
  EXPECT_EQ(s->header.provider, "openai");
  EXPECT_EQ(s->header.created_ms, *ParseTimestamp("2026-03-14T09:21:07.305Z"));
  ASSERT_NE(Member(s->header.extra, "codex"), nullptr);
  EXPECT_NE(Member(s->header.extra, "codex")->json.find("\"base_instructions\""), std::string::npos);
  std::vector<std::string> roles;
  std::vector<const Message*> messages;
  int64_t in = 0, out = 0, cached = 0;
  int compactions = 0, model_changes = 0;
  for (const Entry& e : s->entries) {
    if (e.type == RecordType::kMessage) {
      roles.push_back(e.message.role);
      messages.push_back(&e.message);
    }
    if (e.type == RecordType::kUsage)
      in += e.usage.input_tokens, out += e.usage.output_tokens, cached += e.usage.cache_read_tokens;
    compactions += e.type == RecordType::kCompaction;
    model_changes += e.type == RecordType::kModelChange;
  }
  EXPECT_EQ(roles, (std::vector<std::string>{"system", "user", "user", "assistant", "tool", "assistant", "tool",
                                             "assistant", "tool", "assistant", "user", "assistant"}));
  EXPECT_NE(Member(messages[0]->extra, "codex_role"), nullptr) << "developer, kept";
  // Reasoning and the call it led to: one assistant message.
  ASSERT_EQ(messages[3]->content.size(), 2u);
  EXPECT_EQ(messages[3]->content[0].type, BlockType::kThinking);
  EXPECT_EQ(messages[3]->content[0].text, "Run the tests first.");
  EXPECT_EQ(messages[3]->content[0].redacted_data, "gAAAAABn-opaque");
  EXPECT_EQ(messages[3]->content[1].id, "call_1");
  // An error by its exit code, in either way Codex writes it.
  EXPECT_TRUE(messages[4]->content.at(0).is_error) << "exit_code 101";
  EXPECT_EQ(messages[5]->content.at(0).name, "apply_patch");
  EXPECT_EQ(messages[6]->content.at(0).id, "call_2");
  EXPECT_FALSE(messages[8]->content.at(0).is_error) << "Exit code: 0";
  EXPECT_EQ(messages[9]->Text(), "Fixed: the off-by-one in src/lib.rs. 日本語 ✓");
  // Usage: what each token_count added; the totals are the last one's.
  EXPECT_EQ(in, 8000);
  EXPECT_EQ(out, 450);
  EXPECT_EQ(cached, 4000);
  EXPECT_EQ(compactions, 1);
  EXPECT_EQ(model_changes, 2);
  Result<ContextView> context = store_->Context(id);
  ASSERT_TRUE(context.ok()) << context.status().ToString();
  EXPECT_EQ(context->items.front().kind, ContextItem::Kind::kCompactionSummary);
  EXPECT_EQ(context->items.back().message.Text(), "Bumped to 1.2.0.");
}

// The Go stores' message lines: eino (a header), picoclaw (a meta file
// beside), the microkernel store (nothing but messages; archived files).
TEST_P(ImportTest, TheGoStoresMessageLinesBecomeChains) {
  const std::string fixtures = std::string(SOURCE_DIR) + "/tests/fixtures/import/";
  ImportReport report = Import({fixtures + "eino", fixtures + "picoclaw", fixtures + "microkernel"});
  std::map<std::string, std::string> format_of;
  for (const ImportedSession& i : report.sessions) format_of[i.session] = i.format;
  const std::string eino = "5f0c0000-0000-4000-8000-000000000001";
  const std::string picoclaw = "agent_main_telegram_direct_42";
  const std::string agentic = "6a1d0000-0000-4000-8000-000000000002";
  EXPECT_EQ(format_of, (std::map<std::string, std::string>{{eino, "eino"},
                                                            {agentic, "eino"},
                                                            {picoclaw, "picoclaw"},
                                                            {"s-0001", "microkernel"},
                                                            {"s-0002", "microkernel"}}));
  ASSERT_EQ(report.problems.size(), 1u);
  EXPECT_EQ(report.problems[0].line, 7) << "eino's garbage line";

  Result<Session> e = store_->Load(eino);
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_EQ(e->header.created_ms, *ParseTimestamp("2026-03-12T08:15:30.512Z"));
  ASSERT_EQ(e->entries.size(), 6u) << "five messages and the import record";
  EXPECT_EQ(e->entries.back().type_name, "import");
  EXPECT_EQ(e->entries[0].message.role, "system");
  EXPECT_EQ(e->entries[1].message.Text(), "weather in Oslo? <b>&</b>");
  const Message& call = e->entries[2].message;
  ASSERT_EQ(call.content.size(), 2u);
  EXPECT_EQ(call.content[0].type, BlockType::kThinking);
  EXPECT_EQ(call.content[1].arguments, R"({"city":"Oslo"})");
  const Message& result = e->entries[3].message;
  EXPECT_EQ(result.role, kRoleTool);
  EXPECT_FALSE(result.content.at(0).is_error) << "eino has no error flag, whatever the text says";
  int64_t in = 0, out = 0, cached = 0;
  for (const Entry& entry : e->entries) {
    if (entry.message.usage) {
      in += entry.message.usage->input_tokens;
      out += entry.message.usage->output_tokens;
      cached += entry.message.usage->cache_read_tokens;
    }
  }
  EXPECT_EQ(in, 90 + 120);
  EXPECT_EQ(out, 12 + 9);
  EXPECT_EQ(cached, 10 + 90);
  EXPECT_NE(Member(e->entries[4].message.extra, "response_meta"), nullptr) << "kept raw";

  // eino's agentic kind: content blocks, each its type's member.
  Result<Session> a = store_->Load(agentic);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  ASSERT_EQ(a->entries.size(), 6u) << "five messages and the import record";
  EXPECT_EQ(a->entries[0].message.role, "system");
  const Message& asked = a->entries[1].message;
  ASSERT_EQ(asked.content.size(), 2u);
  EXPECT_EQ(asked.content[0].text, "what is in notes.txt?");
  EXPECT_EQ(asked.content[1].type, BlockType::kImage);
  EXPECT_EQ(asked.content[1].data, "iVBORw0KGgo=");
  ASSERT_NE(Member(asked.content[1].extra, "detail"), nullptr);
  const Message& thought = a->entries[2].message;
  ASSERT_EQ(thought.content.size(), 2u);
  EXPECT_EQ(thought.content[0].type, BlockType::kThinking);
  EXPECT_EQ(thought.content[0].signature, "c2lnLTE=");
  EXPECT_EQ(thought.content[1].arguments, R"({"path":"notes.txt"})");
  EXPECT_EQ(thought.content[1].id, "call_7");
  EXPECT_NE(Member(thought.content[1].extra, "extra"), nullptr) << "the block's extra, kept";
  EXPECT_NE(Member(thought.extra, "response_meta"), nullptr) << "token_usage kept raw";
  const ContentBlock& read = a->entries[3].message.content.at(0);
  EXPECT_EQ(read.type, BlockType::kToolResult);
  EXPECT_EQ(read.id, "call_7");
  EXPECT_EQ(read.content.at(0).text, "buy milk ✓");
  EXPECT_EQ(a->entries[4].message.content.at(1).type_name, "mcp_tool_call");

  Result<Session> p = store_->Load(picoclaw);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->header.model, "gpt-5");
  ASSERT_NE(Member(p->header.extra, "picoclaw"), nullptr);
  EXPECT_NE(Member(p->header.extra, "picoclaw")->json.find("agent:main:telegram:direct:42"), std::string::npos);
  ASSERT_EQ(p->entries.size(), 8u) << "six messages, the summary, the import record";
  EXPECT_EQ(p->entries[2].type, RecordType::kCompaction) << "the summary stands before the first line kept";
  EXPECT_EQ(p->entries[2].summary, "The user greeted the bot.");
  EXPECT_EQ(p->entries[1].timestamp_ms, *ParseTimestamp("2026-05-30T08:00:01Z"));
  Result<ContextView> context = store_->Context(picoclaw);
  ASSERT_TRUE(context.ok());
  ASSERT_EQ(context->items.size(), 5u) << "the summary, then the four lines after skip";
  EXPECT_EQ(context->items[1].message.Text(), "search x");
  EXPECT_NE(Member(p->entries[6].message.extra, "media"), nullptr);

  Result<Session> m = store_->Load("s-0001");
  ASSERT_TRUE(m.ok());
  ASSERT_EQ(m->entries.size(), 5u);
  EXPECT_EQ(m->entries[2].message.content.at(0).id, "t1");
  EXPECT_EQ(m->entries[3].message.Text(), "Two Go files.");
  EXPECT_FALSE(m->archived);
  Result<Session> archived = store_->Load("s-0002");
  ASSERT_TRUE(archived.ok());
  EXPECT_TRUE(archived->archived) << "archived there, archived here";
}

TEST_P(ImportTest, AZotSessionKeepsItsUntaggedBlocksUsageAndModels) {
  ImportReport report = Import({std::string(SOURCE_DIR) + "/tests/fixtures/import/zot"});
  ASSERT_EQ(report.sessions.size(), 2u) << "the session and its fork";
  const std::string id = "20260417-183638-ab12cd34";
  EXPECT_EQ(report.sessions[0].session, id);
  EXPECT_EQ(report.sessions[0].format, "zot");
  ASSERT_EQ(report.problems.size(), 1u);
  EXPECT_EQ(report.problems[0].line, 10);
  Result<Session> s = store_->Load(id);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->header.workspace, "/home/u/app");
  EXPECT_EQ(s->header.model, "gpt-5") << "the last meta's";
  EXPECT_EQ(s->header.provider, "openai");
  EXPECT_EQ(s->header.title, "fix tests") << "rename wins over meta";
  EXPECT_NE(Member(s->header.extra, "zot")->json.find("ab12cd34-0000-4000-8000-000000000001"), std::string::npos);
  std::vector<const Message*> messages;
  Usage total;
  int model_changes = 0;
  for (const Entry& e : s->entries) {
    if (e.type == RecordType::kMessage) messages.push_back(&e.message);
    if (e.type == RecordType::kUsage) {
      total.input_tokens += e.usage.input_tokens;
      total.output_tokens += e.usage.output_tokens;
      total.cache_read_tokens += e.usage.cache_read_tokens;
      total.cache_write_tokens += e.usage.cache_write_tokens;
      total.cost_usd += e.usage.cost_usd;
    }
    model_changes += e.type == RecordType::kModelChange;
  }
  ASSERT_EQ(messages.size(), 4u);
  EXPECT_EQ(messages[0]->content.at(1).media_type, "image/png");
  EXPECT_EQ(messages[0]->content.at(1).data, "iVBORw0KGgo=");
  ASSERT_EQ(messages[1]->content.size(), 3u);
  EXPECT_EQ(messages[1]->content[0].type, BlockType::kThinking);
  EXPECT_EQ(messages[1]->content[0].text, "Run go test.");
  EXPECT_EQ(messages[1]->content[0].redacted_data, "enc");
  EXPECT_EQ(messages[1]->content[2].arguments, R"({"cmd":"go test ./..."})");
  EXPECT_NE(Member(messages[1]->extra, "meta"), nullptr);
  EXPECT_EQ(messages[2]->role, kRoleTool);
  EXPECT_TRUE(messages[2]->content.at(0).is_error);
  EXPECT_EQ(messages[2]->content.at(0).content.at(0).text, "FAIL x");
  EXPECT_EQ(messages[3]->content.at(0).type, BlockType::kThinking) << "a summary alone is reasoning";
  EXPECT_EQ(total.input_tokens, 1500);
  EXPECT_EQ(total.output_tokens, 90);
  EXPECT_EQ(total.cache_read_tokens, 100);
  EXPECT_EQ(total.cache_write_tokens, 50);
  EXPECT_NEAR(total.cost_usd, 0.01, 1e-12);
  EXPECT_EQ(model_changes, 1);
}

// A fork names the session it came from; imported, it is a fork of that
// session's import, at the entry it was taken from.
TEST_P(ImportTest, ForksKeepTheirParentLink) {
  const std::string fixtures = std::string(SOURCE_DIR) + "/tests/fixtures/import/";
  Import({fixtures + "zot", fixtures + "pi"});
  Result<Session> zot = store_->Load("20260418-090000-cd34ef56");
  ASSERT_TRUE(zot.ok()) << zot.status().ToString();
  ASSERT_TRUE(zot->header.parent.has_value());
  EXPECT_EQ(zot->header.parent->session, "20260417-183638-ab12cd34");
  EXPECT_EQ(zot->header.parent->entry, "zot-line-3") << "its fork_point (2): the parent's second message";
  Result<Session> zot_parent = store_->Load("20260417-183638-ab12cd34");
  ASSERT_TRUE(zot_parent.ok());
  EXPECT_EQ(ById(*zot_parent, "zot-line-3").message.role, kRoleAssistant);
  // pi's parentSession names a path on the machine that wrote it: the
  // file of that name beside the fork is taken.
  Result<Session> pi = store_->Load("4d2f0000-0000-4000-8000-000000000002");
  ASSERT_TRUE(pi.ok()) << pi.status().ToString();
  ASSERT_TRUE(pi->header.parent.has_value());
  EXPECT_EQ(pi->header.parent->session, "3c1e0000-0000-4000-8000-000000000001");
  EXPECT_EQ(pi->header.parent->entry, "7c8d9e0f") << "the last entry both hold";
  Result<std::vector<SessionInfo>> forks =
      store_->List({.include_archived = true, .fork_of = "3c1e0000-0000-4000-8000-000000000001"});
  ASSERT_TRUE(forks.ok()) << forks.status().ToString();
  ASSERT_EQ(forks->size(), 1u);
  EXPECT_EQ(forks->front().id, "4d2f0000-0000-4000-8000-000000000002");
}

TEST_P(ImportTest, AGgcodeSessionTurnsItsCheckpointIntoACompaction) {
  ImportReport report = Import({std::string(SOURCE_DIR) + "/tests/fixtures/import/ggcode"});
  ASSERT_EQ(report.sessions.size(), 1u);
  const std::string id = "20260310-091500-8f3a0000aaaabbbb";
  EXPECT_EQ(report.sessions[0].session, id);
  EXPECT_EQ(report.sessions[0].format, "ggcode");
  EXPECT_TRUE(report.problems.empty());
  Result<Session> s = store_->Load(id);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_TRUE(s->report.skipped.empty()) << "every line it wrote reads";
  EXPECT_EQ(s->header.title, "Fix login (auth.go)") << "the latest meta's";
  EXPECT_EQ(s->header.workspace, "/home/u/app") << "an empty workspace does not overwrite";
  EXPECT_EQ(s->header.model, "gpt-5");
  EXPECT_EQ(s->header.provider, "openai");
  EXPECT_EQ(s->header.created_ms, *ParseTimestamp("2026-03-10T01:15:00.200Z"));
  EXPECT_EQ(Member(s->header.extra, "ggcode")->json.find("0001-01-01"), std::string::npos)
      << "Go's zero values dropped";
  std::vector<const Entry*> messages;
  const Entry* compaction = nullptr;
  int64_t in = 0, cache_write = 0;
  for (const Entry& e : s->entries) {
    if (e.type == RecordType::kMessage) messages.push_back(&e);
    if (e.type == RecordType::kCompaction) compaction = &e;
    if (e.type == RecordType::kUsage) in += e.usage.input_tokens, cache_write += e.usage.cache_write_tokens;
  }
  ASSERT_EQ(messages.size(), 5u);
  EXPECT_EQ(messages[1]->message.content.at(0).signature, "sig");
  EXPECT_EQ(messages[1]->message.content.at(1).arguments, R"({"path":"login.go"})");
  EXPECT_EQ(messages[2]->message.role, kRoleTool);
  EXPECT_TRUE(messages[2]->message.content.at(0).is_error);
  EXPECT_EQ(messages[2]->message.content.at(0).name, "read");
  EXPECT_EQ(messages[3]->message.content.at(0).type, BlockType::kThinking) << "unsigned reasoning in a text block";
  EXPECT_EQ(messages[3]->message.content.at(0).text, "Maybe auth.go.");
  EXPECT_EQ(messages[1]->timestamp_ms, *ParseTimestamp("2026-03-10T01:16:01Z"));
  EXPECT_EQ(in, 500);
  EXPECT_EQ(cache_write, 200);
  ASSERT_NE(compaction, nullptr);
  EXPECT_EQ(compaction->summary, "Login handler lives in auth.go.");
  EXPECT_EQ(compaction->tokens_before, 4000);
  EXPECT_GT(compaction->timestamp_ms, 0);
  Result<ContextView> context = store_->Context(id);
  ASSERT_TRUE(context.ok()) << context.status().ToString();
  ASSERT_EQ(context->items.size(), 3u) << "the summary, the answer after the last message it kept, the last";
  EXPECT_EQ(context->items[1].message.Text(), "The file is auth.go.");
  EXPECT_EQ(context->items[2].message.Text(), "Fixed in auth.go. ✓");
}

// Agents cut text in the middle of a surrogate pair (a truncated emoji): the
// line is JSON a strict parser refuses. It is read, the lone half as U+FFFD.
TEST_P(ImportTest, ALoneSurrogateIsReadAsAReplacementCharacter) {
  const std::string file = src_.path() + "/" + kSession + ".jsonl";
  WriteAll(
      file,
      R"({"parentUuid":null,"type":"user","cwd":"/w","sessionId":"s","uuid":"u1","timestamp":"2026-01-05T10:00:00.000Z","message":{"role":"user","content":"cut \ud83d here"}})"
      "\n");
  Settle(file);
  ImportReport report = Import({file});
  ASSERT_EQ(report.sessions.size(), 1u);
  EXPECT_TRUE(report.problems.empty()) << report.problems[0].reason;
  Result<Session> s = store_->Load(kSession);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->entries.at(0).message.Text(), "cut \xEF\xBF\xBD here");
}

TEST_P(ImportTest, EachFixtureIsFoundByItsContent) {
  ImportReport report = Import({std::string(SOURCE_DIR) + "/tests/fixtures/import"});
  std::set<std::string> formats;
  for (const ImportedSession& i : report.sessions) formats.insert(i.format);
  EXPECT_EQ(formats.size(), ImportFormats().size());
  for (std::string_view f : ImportFormats()) EXPECT_TRUE(formats.contains(std::string(f))) << f;
}

INSTANTIATE_CONTRACT_TEST(ImportTest);

}  // namespace
}  // namespace sessionstore
