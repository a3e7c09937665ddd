// The public JSON codec (sessionstore/json.h): values in and out as session
// lines hold them, unknown members kept byte for byte, and bad input an
// InvalidArgument that names the member.

#include "sessionstore/json.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace sessionstore {
namespace {

TEST(JsonTest, AMessageWithStringContentIsOneTextBlock) {
  auto m = ParseMessage(R"({"role":"user","content":"hello"})");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->role, "user");
  ASSERT_EQ(m->content.size(), 1u);
  EXPECT_EQ(m->content[0].type, BlockType::kText);
  EXPECT_EQ(m->Text(), "hello");
  auto json = ToJson(*m);
  ASSERT_TRUE(json.ok());
  EXPECT_EQ(*json, R"({"role":"user","content":[{"type":"text","text":"hello"}]})");
}

TEST(JsonTest, UnknownMembersComeBackByteForByte) {
  const std::string in =
      R"({"role":"assistant","content":[{"type":"tool_call","id":"c1","name":"bash","arguments":{"cmd" : "ls"},)"
      R"("x_block":[1, 2]}],"x_agent":{"trace" : "é\u00e9"}})";
  auto m = ParseMessage(in);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  ASSERT_EQ(m->extra.size(), 1u);
  EXPECT_EQ(m->extra[0].key, "x_agent");
  EXPECT_EQ(m->extra[0].json, R"({"trace" : "é\u00e9"})");
  EXPECT_EQ(m->content[0].arguments, R"({"cmd" : "ls"})");
  auto out = ToJson(*m);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(*out,
            R"({"role":"assistant","content":[{"type":"tool_call","id":"c1","name":"bash","arguments":{"cmd" : "ls"},)"
            R"("x_block":[1, 2]}],"x_agent":{"trace" : "é\u00e9"}})");
}

TEST(JsonTest, BadInputIsAnInvalidArgumentNamingWhatIsWrong) {
  auto no_role = ParseMessage(R"({"content":"hi"})");
  EXPECT_EQ(no_role.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(no_role.status().message().find("role"), std::string::npos) << no_role.status().ToString();
  auto bad_usage = ParseMessage(R"({"role":"assistant","content":[],"usage":{"input":"many"}})");
  EXPECT_EQ(bad_usage.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad_usage.status().message().find("input"), std::string::npos) << bad_usage.status().ToString();
  EXPECT_EQ(ParseMessage("{").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseEntry(R"({"type":"message"})").status().code(), StatusCode::kInvalidArgument);

  Message empty_role;
  EXPECT_EQ(ToJson(empty_role).status().code(), StatusCode::kInvalidArgument);
  Message bad_utf8 = Message::User(std::string("caf\xE9"));
  EXPECT_EQ(ToJson(bad_utf8).status().code(), StatusCode::kInvalidArgument);
  Message bad_args;
  bad_args.role = "assistant";
  bad_args.content.push_back(ContentBlock::ToolCall("c", "f", "{not json"));
  auto s = ToJson(bad_args).status();
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("arguments"), std::string::npos) << s.ToString();
}

TEST(JsonTest, AnEntryLineReadsAndWritesBackTheSame) {
  const std::string line =
      R"({"type":"message","seq":3,"id":"0123456789abcdef","parent":"fedcba9876543210",)"
      R"("ts":"2026-11-22T01:43:58.123Z","message":{"role":"user","content":[{"type":"text","text":"hi"}]},)"
      R"("x":true})";
  auto e = ParseEntry(line);
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_EQ(e->seq, 3u);
  EXPECT_EQ(e->parent, "fedcba9876543210");
  auto back = ToJson(*e);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, line);
}

TEST(JsonTest, ARecordHasNoEnvelopeAndItsTimeOnlyIfSet) {
  auto r = ParseRecord(R"({"type":"title","title":"Parser fix"})");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->type, RecordType::kTitle);
  EXPECT_EQ(r->title, "Parser fix");
  EXPECT_EQ(r->timestamp_ms, 0);
  EXPECT_EQ(*ToJson(static_cast<const Record&>(*r)), R"({"type":"title","title":"Parser fix"})");

  Record custom = Record::Custom("x_checkpoint", {{"files", R"(["a.c"])"}});
  custom.timestamp_ms = 1763776000000;
  auto json = ToJson(custom);
  ASSERT_TRUE(json.ok());
  EXPECT_EQ(*json, R"({"type":"x_checkpoint","ts":"2025-11-22T01:46:40.000Z","files":["a.c"]})");
  auto again = ParseRecord(*json);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->type_name, "x_checkpoint");
  EXPECT_EQ(again->timestamp_ms, 1763776000000);
}

TEST(JsonTest, AHeaderLineReadsAndWritesBackTheSame) {
  const std::string line =
      R"({"type":"session","version":"1.0","id":"s1","created":"2026-11-22T01:43:58.123Z","workspace":"/src",)"
      R"("title":"T","metadata":{"k":1}})";
  auto h = ParseHeader(line);
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  EXPECT_EQ(h->id, "s1");
  EXPECT_EQ(h->metadata, R"({"k":1})");
  EXPECT_EQ(*ToJson(*h), line);
}

TEST(JsonTest, ResultsHaveTheCommandsJsonForms) {
  SessionInfo info{.id = "s",
                   .title = "say \"hi\"",
                   .created_ms = 0,
                   .updated_ms = 1000,
                   .message_count = 2,
                   .cost_usd = 0.5,
                   .bytes = 10,
                   .labels = {"a"}};
  EXPECT_EQ(ToJson(info),
            R"({"id":"s","title":"say \"hi\"","created_at":"1970-01-01T00:00:00.000Z",)"
            R"("updated_at":"1970-01-01T00:00:01.000Z","messages":2,"workspace":"","model":"","provider":"",)"
            R"("cost_usd":0.5,"bytes":10,"archived":false,"labels":["a"],"parent":null})");
  SearchHit hit{.session_id = "s", .entry_id = "e", .role = "user", .snippet = "a [x] b", .matches = {{3, 1}}};
  EXPECT_EQ(
      ToJson(hit),
      R"({"session_id":"s","entry_id":"e","role":"user","ts":"1970-01-01T00:00:00.000Z","snippet":"a [x] b","matches":[[3,1]]})");
  EXPECT_EQ(ToJson(BranchInfo{.leaf = "l", .message_count = 1, .entry_count = 2}),
            R"({"leaf":"l","updated_at":"1970-01-01T00:00:00.000Z","messages":1,"entries":2})");
  ContextItem item{.kind = ContextItem::Kind::kCompactionSummary, .entry_id = "c", .message = Message::User("sum")};
  EXPECT_EQ(*ToJson(item), R"({"kind":"compaction_summary","entry_id":"c","message":)"
                           R"({"role":"user","content":[{"type":"text","text":"sum"}]}})");
}

TEST(JsonTest, StringsAndTimes) {
  EXPECT_EQ(JsonString("a\"b\\c\n\x01é"), R"("a\"b\\c\n\u0001é")");
  EXPECT_EQ(FormatTimestamp(1763776000123), "2025-11-22T01:46:40.123Z");
  EXPECT_EQ(*ParseTimestamp("2025-11-22T02:46:40.123+01:00"), 1763776000123);
  EXPECT_EQ(ParseTimestamp("yesterday").status().code(), StatusCode::kInvalidArgument);
}

TEST(JsonTest, ThreadsParseAndWriteAtOnce) {
  std::vector<std::thread> threads;
  std::vector<int> failures(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t, &failures] {
      for (int i = 0; i < 2000; ++i) {
        const std::string text = "thread " + std::to_string(t) + " line " + std::to_string(i);
        auto json = ToJson(Message::User(text));
        auto back = json.ok() ? ParseMessage(*json) : Result<Message>(json.status());
        if (!back.ok() || back->Text() != text) ++failures[t];
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(failures, std::vector<int>(4, 0));
}

}  // namespace
}  // namespace sessionstore
