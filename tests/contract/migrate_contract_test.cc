// Migration of legacy whole-session JSON files as picoclaw wrote them, into
// both stores.

#include <gtest/gtest.h>

#include <filesystem>

#include "format/time_format.h"
#include "sessionstore/json.h"
#include "sessionstore/migrate.h"
#include "testing/store_fixture.h"

namespace sessionstore {
namespace {

using testing::ContractTest;
namespace fs = std::filesystem;

const char kTelegram[] = R"({
 "key": "telegram:123456",
 "messages": [
  {"role": "user", "content": "What is in /tmp?"},
  {"role": "assistant", "content": "", "tool_calls": [
    {"id": "call_1", "type": "function", "function": {"name": "list_dir", "arguments": "{\"path\":\"/tmp\"}"}}]},
  {"role": "tool", "content": "a.txt\nb.txt", "tool_call_id": "call_1"},
  {"role": "assistant", "content": "Two files.", "reasoning_content": "count them"}
 ],
 "summary": "Earlier they talked about the weather.",
 "created": "2025-03-01T10:00:00.123456789+01:00",
 "updated": "2025-03-02T08:30:00Z"
})";

const char kOddKey[] = R"({"key": "web chat/42", "messages": [{"role": "user", "content": "hi"}],
 "created": "2025-03-01T00:00:00Z", "updated": "0001-01-01T00:00:00Z"})";

class MigrateTest : public ContractTest {
 protected:
  void SetUp() override {
    ContractTest::SetUp();
    if (HasFatalFailure()) return;
    legacy_ = dir_ / "legacy";
    fs::create_directory(legacy_);
    testing::WriteFile(legacy_ + "/telegram_123456.json", kTelegram);
    testing::WriteFile(legacy_ + "/web_chat_42.json", kOddKey);
  }
  std::string legacy_;
};

TEST_P(MigrateTest, EachFileBecomesASessionAndIsRenamed) {
  auto report = MigrateLegacy(*store_, legacy_);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(report->migrated.size(), 2u);
  EXPECT_TRUE(fs::exists(legacy_ + "/telegram_123456.json.migrated"));
  EXPECT_FALSE(fs::exists(legacy_ + "/telegram_123456.json"));

  auto s = store_->Load("telegram:123456");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->header.created_ms, 1740819600123);
  EXPECT_NE(s->header.metadata.find("\"key\":\"telegram:123456\""), std::string::npos) << s->header.metadata;
  ASSERT_EQ(s->entries.size(), 5u);
  const Message& call = s->entries[1].message;
  ASSERT_EQ(call.content.size(), 1u);
  EXPECT_EQ(call.content[0].type, BlockType::kToolCall);
  EXPECT_EQ(call.content[0].name, "list_dir");
  EXPECT_EQ(call.content[0].arguments, R"({"path":"/tmp"})");
  const ContentBlock& result = s->entries[2].message.content.at(0);
  EXPECT_EQ(result.type, BlockType::kToolResult);
  EXPECT_EQ(result.id, "call_1");
  EXPECT_EQ(result.content.at(0).text, "a.txt\nb.txt");
  EXPECT_EQ(s->entries[3].message.content.at(0).type, BlockType::kThinking);
  EXPECT_EQ(s->entries[4].type, RecordType::kCompaction);
  EXPECT_EQ(s->entries[4].first_kept, s->entries[0].id);
  EXPECT_EQ(s->entries[4].timestamp_ms, 1740904200000);

  auto context = store_->Context("telegram:123456");
  ASSERT_TRUE(context.ok());
  ASSERT_EQ(context->items.size(), 5u) << "the summary, then every message";
  EXPECT_EQ(context->summary, "Earlier they talked about the weather.");
  EXPECT_TRUE(context->repairs.empty());

  // A key that is no valid id gets a mapped one, recorded in the header.
  std::string odd;
  for (const auto& m : report->migrated) {
    if (m.source == "web_chat_42.json") odd = m.session;
  }
  ASSERT_FALSE(odd.empty());
  EXPECT_EQ(odd.rfind("web_chat_42-", 0), 0u) << odd;
  auto o = store_->Load(odd);
  ASSERT_TRUE(o.ok());
  EXPECT_NE(o->header.metadata.find("web chat/42"), std::string::npos);

  auto again = MigrateLegacy(*store_, legacy_);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->migrated.empty()) << "idempotent";
}

// A file that is not a legacy session, or a broken one, is reported and
// left as it is; every other file is migrated.
TEST_P(MigrateTest, AFileThatIsNotALegacySessionIsSkippedAndTheOthersMigrate) {
  testing::WriteFile(legacy_ + "/config.json", R"({"model": "gpt-5"})");
  testing::WriteFile(legacy_ + "/zzz.json", "{\"key\": \"z\", \"messages\": [");
  testing::WriteFile(legacy_ + "/bad_call.json",
                     R"({"key": "bad", "messages": [{"role": "assistant", "content": "",)"
                     R"( "tool_calls": [{"type": "function", "function": {"name": "ls", "arguments": "{}"}}]}]})");
  testing::WriteFile(legacy_ + "/agent_main.meta.json", R"({"key": "agent:main", "count": 0})");
  auto report = MigrateLegacy(*store_, legacy_);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->migrated.size(), 2u);
  ASSERT_EQ(report->skipped.size(), 3u) << "the .meta.json of picoclaw's later store is not a legacy file";
  EXPECT_EQ(report->skipped[0].file, "bad_call.json");
  EXPECT_EQ(report->skipped[0].reason, "message 1: member tool_calls[0].id: missing");
  EXPECT_EQ(report->skipped[1].file, "config.json");
  EXPECT_EQ(report->skipped[1].reason, "not a legacy session: no \"key\"");
  EXPECT_EQ(report->skipped[2].file, "zzz.json");
  EXPECT_EQ(report->skipped[2].reason, "not a legacy session: it is not valid JSON") << report->skipped[2].reason;
  for (const char* left : {"config.json", "zzz.json", "bad_call.json", "agent_main.meta.json"}) {
    EXPECT_TRUE(fs::exists(legacy_ + "/" + left)) << left;
  }
  EXPECT_TRUE(fs::exists(legacy_ + "/telegram_123456.json.migrated"));
  EXPECT_EQ(store_->List()->size(), 2u);
}

// Every member of every message is kept: what has a slot in sessionstore's
// model goes there, the rest stays as raw JSON.
TEST_P(MigrateTest, EveryMemberOfAMessageIsKept) {
  testing::WriteFile(legacy_ + "/rich.json", R"({"key": "rich", "messages": [
  {"role": "system", "content": "Be brief.\n\nUse tools.", "system_parts": [
    {"type": "text", "text": "Be brief."}, {"type": "text", "text": "Use tools.", "cache_control": {"type": "ephemeral"}}]},
  {"role": "user", "content": "What is this?", "content_parts": [
    {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}}],
   "media": ["media://abc", "data:image/jpeg;base64,/9j/4AAQ"], "created_at": "2026-05-30T10:00:00.1+02:00"},
  {"role": "assistant", "content": "Sunny.", "reasoning_content": "easy", "model_name": "deepseek-r1",
   "tool_calls": [{"id": "call_9", "type": "function",
     "function": {"name": "web_search", "arguments": "{\"q\":\"x\"}", "thought_signature": "c2ln"},
     "extra_content": {"google": {"thought_signature": "c2ln"}}}],
   "future_member": {"a": [1, 2]}}
 ], "created": "2026-05-30T09:00:00Z", "updated": "2026-05-30T11:00:00Z"})");
  auto report = MigrateLegacy(*store_, legacy_);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_TRUE(report->skipped.empty()) << report->skipped[0].reason;
  auto s = store_->Load("rich");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ASSERT_EQ(s->entries.size(), 3u);

  const Message& system = s->entries[0].message;
  ASSERT_EQ(system.content.size(), 2u) << "the parts, not the same text twice";
  EXPECT_EQ(system.content[0].text, "Be brief.");
  EXPECT_EQ(system.content[1].text, "Use tools.");
  Result<std::string> system_line = ToJson(s->entries[0]);
  ASSERT_TRUE(system_line.ok());
  EXPECT_NE(system_line->find(R"("cache_control":{"type":"ephemeral"})"), std::string::npos) << *system_line;
  EXPECT_NE(system_line->find(R"("original_content":"Be brief.\n\nUse tools.")"), std::string::npos) << *system_line;

  const Entry& user = s->entries[1];
  ASSERT_EQ(user.message.content.size(), 3u);
  EXPECT_EQ(user.message.content[0].text, "What is this?");
  EXPECT_EQ(user.message.content[1].type, BlockType::kImage);
  EXPECT_EQ(user.message.content[1].media_type, "image/png");
  EXPECT_EQ(user.message.content[1].data, "iVBORw0KGgo=");
  EXPECT_EQ(user.message.content[2].media_type, "image/jpeg");
  EXPECT_EQ(user.timestamp_ms, 1780128000100) << "the message's own time";
  Result<std::string> user_line = ToJson(user);
  ASSERT_TRUE(user_line.ok());
  EXPECT_NE(user_line->find(R"("media":["media://abc"])"), std::string::npos) << *user_line;

  const Entry& assistant = s->entries[2];
  EXPECT_EQ(assistant.timestamp_ms, 1780138800000) << "the file's updated time";
  EXPECT_EQ(assistant.message.model, "deepseek-r1");
  ASSERT_EQ(assistant.message.content.size(), 3u);
  EXPECT_EQ(assistant.message.content[0].type, BlockType::kThinking);
  EXPECT_EQ(assistant.message.content[0].text, "easy");
  EXPECT_EQ(assistant.message.content[1].type, BlockType::kText);
  EXPECT_EQ(assistant.message.content[1].text, "Sunny.") << "the answer beside the reasoning";
  EXPECT_EQ(assistant.message.content[2].type, BlockType::kToolCall);
  EXPECT_EQ(assistant.message.content[2].arguments, R"({"q":"x"})");
  Result<std::string> line = ToJson(assistant);
  ASSERT_TRUE(line.ok());
  EXPECT_NE(line->find(R"("function":{"thought_signature":"c2ln"})"), std::string::npos) << *line;
  EXPECT_NE(line->find(R"("extra_content":{"google":{"thought_signature":"c2ln"}})"), std::string::npos) << *line;
  EXPECT_NE(line->find(R"("future_member":{"a":[1,2]})"), std::string::npos) << *line;
  EXPECT_EQ(line->find("model_name"), std::string::npos) << "it has its slot: " << *line;
}

// A migrated session keeps its times, but it has only just come into the
// store: a cleanup by age does not take it at once.
TEST_P(MigrateTest, AMigratedSessionKeepsItsTimesButIsNotOldHere) {
  const int64_t before = format::NowMs();
  ASSERT_TRUE(MigrateLegacy(*store_, legacy_).ok());
  auto rows = store_->List();
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  for (const SessionInfo& row : *rows) {
    EXPECT_LT(row.updated_ms, before - int64_t{365} * 24 * 3600 * 1000) << row.id << ": the time it carries";
    EXPECT_GE(row.stored_ms, before - 1000) << row.id << ": the time it came in";
  }
  const int64_t thirty_days_ago = format::NowMs() - int64_t{30} * 24 * 3600 * 1000;
  auto cleaned = store_->CleanupOlderThan(thirty_days_ago);
  ASSERT_TRUE(cleaned.ok()) << cleaned.status().ToString();
  EXPECT_TRUE(cleaned->empty());
  EXPECT_EQ(store_->List()->size(), 2u);
  auto later = store_->CleanupOlderThan(format::NowMs() + 2000, {.dry_run = true});
  ASSERT_TRUE(later.ok());
  EXPECT_EQ(later->size(), 2u) << "once it has been here as long, it is as old as any";
}

TEST_P(MigrateTest, ARunInterruptedBeforeTheRenamesIsFinishedByTheNext) {
  ASSERT_TRUE(MigrateLegacy(*store_, legacy_).ok());
  const std::string made = Stored("telegram:123456");
  fs::rename(legacy_ + "/telegram_123456.json.migrated", legacy_ + "/telegram_123456.json");
  auto report = MigrateLegacy(*store_, legacy_);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->migrated.empty());
  EXPECT_EQ(report->already, (std::vector<std::string>{"telegram_123456.json"}));
  EXPECT_TRUE(fs::exists(legacy_ + "/telegram_123456.json.migrated"));
  EXPECT_EQ(Stored("telegram:123456"), made);
}

TEST_P(MigrateTest, ASessionInTheWayIsAConflictNotAMerge) {
  Create({.id = "telegram:123456"});
  auto report = MigrateLegacy(*store_, legacy_);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(report->skipped.size(), 1u);
  EXPECT_EQ(report->skipped[0].file, "telegram_123456.json");
  EXPECT_EQ(report->skipped[0].reason, "session \"telegram:123456\" exists and was not made from it");
  EXPECT_TRUE(fs::exists(legacy_ + "/telegram_123456.json"));
  EXPECT_TRUE(store_->Load("telegram:123456")->entries.empty()) << "not merged";
  EXPECT_TRUE(fs::exists(legacy_ + "/web_chat_42.json.migrated")) << "the other file is migrated";
}

TEST_P(MigrateTest, OpenCanMigrate) {
  testing::OtherStore other(backend());
  auto store = Store::Open(other.location(), {.migrate_legacy_from = legacy_});
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ((*store)->List()->size(), 2u);
}

INSTANTIATE_CONTRACT_TEST(MigrateTest);

}  // namespace
}  // namespace sessionstore
