// Migration of legacy whole-session JSON files as picoclaw wrote them, into
// both stores.

#include <gtest/gtest.h>

#include <filesystem>

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

TEST_P(MigrateTest, ABadFileLeavesEveryOriginalAndNoSession) {
  testing::WriteFile(legacy_ + "/zzz.json", "{\"key\": \"z\", \"messages\": [");
  auto report = MigrateLegacy(*store_, legacy_);
  EXPECT_EQ(report.status().code(), StatusCode::kCorruption);
  EXPECT_NE(report.status().ToString().find("zzz.json"), std::string::npos) << report.status().ToString();
  EXPECT_TRUE(fs::exists(legacy_ + "/telegram_123456.json"));
  EXPECT_TRUE(fs::exists(legacy_ + "/web_chat_42.json"));
  EXPECT_TRUE(store_->List()->empty());
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
  EXPECT_EQ(report.status().code(), StatusCode::kAlreadyExists);
  EXPECT_TRUE(fs::exists(legacy_ + "/telegram_123456.json"));
  EXPECT_TRUE(fs::exists(legacy_ + "/web_chat_42.json")) << "no original is renamed before all sessions exist";
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
