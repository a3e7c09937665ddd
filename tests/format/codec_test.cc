#include <gtest/gtest.h>

#include <string>

#include "format/line_decoder.h"
#include "format/line_encoder.h"
#include "format/lone_surrogates.h"

namespace sessionstore::format {
namespace {

std::string EncodeEntry(const Record& r, uint64_t seq = 1, std::string_view parent = {}) {
  LineEncoder enc;
  ByteBuffer out;
  Status s = enc.EncodeEntry(r, {.seq = seq, .id = "e1", .parent = parent, .timestamp_ms = 1763776438123}, &out);
  EXPECT_TRUE(s.ok()) << s.ToString();
  std::string line(out.view());
  EXPECT_EQ(line.back(), '\n');
  line.pop_back();
  return line;
}

Entry Decode(const std::string& line, Status* status = nullptr) {
  LineDecoder dec;
  Entry e;
  Status s = dec.DecodeEntry(line, false, &e);
  if (status != nullptr) {
    *status = s;
  } else {
    EXPECT_TRUE(s.ok()) << s.ToString() << "\n" << line;
  }
  return e;
}

Message RichAssistant() {
  Message m;
  m.role = kRoleAssistant;
  m.model = "claude-sonnet-4-5";
  m.provider = "anthropic";
  m.stop_reason = "tool_use";
  m.content.push_back(ContentBlock::Thinking("let me see \"why\"", "sig=="));
  m.content.back().redacted_data = "opaque";
  m.content.push_back(ContentBlock::Text("Running it.\n\tNow."));
  m.content.push_back(ContentBlock::ToolCall("call_1", "bash", R"({"command":"ls -la","timeout":30})"));
  m.content.push_back(ContentBlock::Image("image/png", "iVBORw0KGgo="));
  ContentBlock url_image;
  url_image.type = BlockType::kImage;
  url_image.media_type = "image/jpeg";
  url_image.url = "https://example.com/x.jpg";
  m.content.push_back(url_image);
  m.usage = Usage{.input_tokens = 1200,
                  .output_tokens = 80,
                  .cache_read_tokens = 1000,
                  .cache_write_tokens = 5,
                  .cost_usd = 0.01234};
  return m;
}

TEST(CodecTest, MessageRoundTripsEveryBlockType) {
  Entry e = Decode(EncodeEntry(Record::FromMessage(RichAssistant()), 7, "p0"));
  EXPECT_EQ(e.type, RecordType::kMessage);
  EXPECT_EQ(e.seq, 7u);
  EXPECT_EQ(e.id, "e1");
  EXPECT_EQ(e.parent, "p0");
  EXPECT_EQ(e.timestamp_ms, 1763776438123);
  const Message& m = e.message;
  EXPECT_EQ(m.role, "assistant");
  EXPECT_EQ(m.model, "claude-sonnet-4-5");
  EXPECT_EQ(m.provider, "anthropic");
  EXPECT_EQ(m.stop_reason, "tool_use");
  ASSERT_EQ(m.content.size(), 5u);
  EXPECT_EQ(m.content[0].type, BlockType::kThinking);
  EXPECT_EQ(m.content[0].text, "let me see \"why\"");
  EXPECT_EQ(m.content[0].signature, "sig==");
  EXPECT_EQ(m.content[0].redacted_data, "opaque");
  EXPECT_EQ(m.content[1].text, "Running it.\n\tNow.");
  EXPECT_EQ(m.content[2].type, BlockType::kToolCall);
  EXPECT_EQ(m.content[2].id, "call_1");
  EXPECT_EQ(m.content[2].name, "bash");
  EXPECT_EQ(m.content[2].arguments, R"({"command":"ls -la","timeout":30})");
  EXPECT_EQ(m.content[3].data, "iVBORw0KGgo=");
  EXPECT_EQ(m.content[4].url, "https://example.com/x.jpg");
  ASSERT_TRUE(m.usage.has_value());
  EXPECT_EQ(m.usage->input_tokens, 1200);
  EXPECT_EQ(m.usage->cache_read_tokens, 1000);
  EXPECT_EQ(m.usage->cache_write_tokens, 5);
  EXPECT_DOUBLE_EQ(m.usage->cost_usd, 0.01234);
}

TEST(CodecTest, ToolResultsRoundTrip) {
  Message m;
  m.role = kRoleTool;
  m.content.push_back(ContentBlock::ToolResult("call_1", "exit 1", true));
  m.content.back().name = "bash";
  m.content.push_back(ContentBlock::ToolResult("call_2", "ok"));
  Entry e = Decode(EncodeEntry(Record::FromMessage(m)));
  ASSERT_EQ(e.message.content.size(), 2u);
  const ContentBlock& r = e.message.content[0];
  EXPECT_EQ(r.type, BlockType::kToolResult);
  EXPECT_EQ(r.id, "call_1");
  EXPECT_EQ(r.name, "bash");
  EXPECT_TRUE(r.is_error);
  ASSERT_EQ(r.content.size(), 1u);
  EXPECT_EQ(r.content[0].text, "exit 1");
  EXPECT_FALSE(e.message.content[1].is_error);
}

TEST(CodecTest, OtherRecordTypesRoundTrip) {
  Entry mc = Decode(EncodeEntry(Record::ModelChange("gpt-5", "openai")));
  EXPECT_EQ(mc.type, RecordType::kModelChange);
  EXPECT_EQ(mc.model, "gpt-5");
  EXPECT_EQ(mc.provider, "openai");
  Entry t = Decode(EncodeEntry(Record::Title("A title")));
  EXPECT_EQ(t.type, RecordType::kTitle);
  EXPECT_EQ(t.title, "A title");
  Entry u = Decode(EncodeEntry(Record::FromUsage(Usage{.input_tokens = 3, .cost_usd = 0.5})));
  EXPECT_EQ(u.type, RecordType::kUsage);
  EXPECT_EQ(u.usage.input_tokens, 3);
  EXPECT_EQ(u.usage.cost_usd, 0.5);
  Entry root = Decode(EncodeEntry(Record::Title("x"), 1, ""));
  EXPECT_TRUE(root.parent.empty());
}

// Members and types this version does not know come back byte for byte,
// wherever they stand, and survive a re-encode.
TEST(CodecTest, UnknownFieldsAndTypesAreKeptByteForByte) {
  const std::string line =
      R"({"x_first":1.50,"type":"message","seq":3,"id":"a","parent":null,"ts":"2026-01-02T03:04:05.000Z",)"
      R"("message":{"role":"user","content":[{"type":"text","text":"hi","cache_control":{"type": "ephemeral"}},)"
      R"({"type":"audio","format":"wav","data":"UklG"}],"x_msg":[1, 2 ,3]},"x_entry":{"deep":{"er":true}},"x_num":-0.0e+10})";
  Entry e = Decode(line);
  ASSERT_EQ(e.extra.size(), 3u);
  EXPECT_EQ(e.extra[0].key, "x_first");
  EXPECT_EQ(e.extra[0].json, "1.50");
  EXPECT_EQ(e.extra[1].json, R"({"deep":{"er":true}})");
  EXPECT_EQ(e.extra[2].json, "-0.0e+10");
  ASSERT_EQ(e.message.extra.size(), 1u);
  EXPECT_EQ(e.message.extra[0].json, "[1, 2 ,3]");
  ASSERT_EQ(e.message.content.size(), 2u);
  EXPECT_EQ(e.message.content[0].extra[0].key, "cache_control");
  EXPECT_EQ(e.message.content[0].extra[0].json, R"({"type": "ephemeral"})");
  const ContentBlock& audio = e.message.content[1];
  EXPECT_EQ(audio.type, BlockType::kUnknown);
  EXPECT_EQ(audio.type_name, "audio");
  ASSERT_EQ(audio.extra.size(), 2u);
  EXPECT_EQ(audio.extra[0].json, "\"wav\"");

  // Re-encoded, every unknown value is the same bytes again.
  Entry again = Decode(EncodeEntry(e, e.seq));
  EXPECT_EQ(again.extra[0].json, "1.50");
  EXPECT_EQ(again.extra[2].json, "-0.0e+10");
  EXPECT_EQ(again.message.extra[0].json, "[1, 2 ,3]");
  EXPECT_EQ(again.message.content[1].type_name, "audio");
  EXPECT_EQ(again.message.content[1].extra[1].json, "\"UklG\"");
}

TEST(CodecTest, UnknownRecordTypesAreKept) {
  const std::string line =
      R"({"type":"checkpoint","seq":9,"id":"c","parent":"b","ts":"2026-01-02T03:04:05.000Z","files":["a.c"],"n":1})";
  Entry e = Decode(line);
  EXPECT_EQ(e.type, RecordType::kUnknown);
  EXPECT_EQ(e.type_name, "checkpoint");
  ASSERT_EQ(e.extra.size(), 2u);
  EXPECT_EQ(e.extra[0].json, R"(["a.c"])");
  Entry again = Decode(EncodeEntry(e, 9, "b"));
  EXPECT_EQ(again.type_name, "checkpoint");
  EXPECT_EQ(again.extra[1].json, "1");
}

TEST(CodecTest, CustomRecordsNeedValidJsonAndAnUnknownType) {
  LineEncoder enc;
  ByteBuffer out;
  EntryStamp stamp{.seq = 1, .id = "x", .timestamp_ms = 1};
  EXPECT_TRUE(enc.EncodeEntry(Record::Custom("app_state", {{"k", "{\"v\":1}"}}), stamp, &out).ok());
  Status bad = enc.EncodeEntry(Record::Custom("app_state", {{"k", "{nope"}}), stamp, &out);
  EXPECT_EQ(bad.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.message().find("\"k\""), std::string::npos) << bad.ToString();
  EXPECT_EQ(enc.EncodeEntry(Record::Custom("message", {}), stamp, &out).code(), StatusCode::kInvalidArgument);
}

TEST(CodecTest, EncoderRejectsWhatWouldNotReadBack) {
  LineEncoder enc;
  ByteBuffer out;
  EntryStamp stamp{.seq = 1, .id = "x", .timestamp_ms = 1};
  auto encode = [&](const Record& r) {
    size_t before = out.size();
    Status s = enc.EncodeEntry(r, stamp, &out);
    EXPECT_EQ(out.size(), before) << "a failed encode must leave the buffer as it was";
    return s;
  };
  EXPECT_EQ(encode(Record::FromMessage(Message::User("bad \xff utf8"))).code(), StatusCode::kInvalidArgument);
  Message m;
  m.role = kRoleAssistant;
  m.content.push_back(ContentBlock::ToolCall("c", "t", "{\"a\":"));
  EXPECT_EQ(encode(Record::FromMessage(m)).code(), StatusCode::kInvalidArgument);
  m.content[0].arguments = std::string(70, '[') + std::string(70, ']');
  EXPECT_EQ(encode(Record::FromMessage(m)).code(), StatusCode::kInvalidArgument);
  Message nan_cost = Message::Assistant("x");
  nan_cost.usage = Usage{.cost_usd = std::numeric_limits<double>::quiet_NaN()};
  EXPECT_EQ(encode(Record::FromMessage(nan_cost)).code(), StatusCode::kInvalidArgument);
  Message no_role;
  EXPECT_EQ(encode(Record::FromMessage(no_role)).code(), StatusCode::kInvalidArgument);
}

TEST(CodecTest, HeaderRoundTripsAndNewerMajorVersionIsRefused) {
  SessionHeader h;
  h.id = "s1";
  h.created_ms = 1763776438123;
  h.workspace = "/src/app";
  h.title = "T";
  h.model = "m";
  h.provider = "p";
  h.parent = ParentRef{.session = "s0", .entry = "e9"};
  h.metadata = R"({"channel":"telegram"})";
  LineEncoder enc;
  ByteBuffer out;
  ASSERT_TRUE(enc.EncodeHeader(h, &out).ok());
  std::string line(out.view().substr(0, out.size() - 1));
  LineDecoder dec;
  SessionHeader back;
  ASSERT_TRUE(dec.DecodeHeader(line, false, &back).ok());
  EXPECT_EQ(back.id, "s1");
  EXPECT_EQ(back.format_major, 1);
  EXPECT_EQ(back.created_ms, h.created_ms);
  EXPECT_EQ(back.workspace, "/src/app");
  EXPECT_EQ(back.title, "T");
  ASSERT_TRUE(back.parent.has_value());
  EXPECT_EQ(back.parent->session, "s0");
  EXPECT_EQ(back.parent->entry, "e9");
  EXPECT_EQ(back.metadata, R"({"channel":"telegram"})");

  std::string minor =
      R"({"type":"session","version":"1.7","id":"s","created":"2026-01-01T00:00:00Z","workspace":"","new_field":1})";
  ASSERT_TRUE(dec.DecodeHeader(minor, false, &back).ok());
  EXPECT_EQ(back.format_minor, 7);
  EXPECT_EQ(back.extra[0].key, "new_field");

  std::string major = R"({"type":"session","version":"2.0","id":"s","created":"2026-01-01T00:00:00Z","workspace":""})";
  Status s = dec.DecodeHeader(major, false, &back);
  EXPECT_EQ(s.code(), StatusCode::kNotSupported);
  EXPECT_NE(s.message().find("2.0"), std::string::npos) << s.ToString();
}

// JSON does not bound numbers; what other programs wrote is kept as is.
TEST(CodecTest, UnknownMembersKeepNumbersOfAnySize) {
  LineDecoder dec;
  for (const char* value : {"123456789012345678901234567890", "-98765432109876543210", "1e400", "[1e999,-0,0.5e-400]",
                            R"({"n":340282366920938463463374607431768211456})"}) {
    const std::string line = std::string(R"({"type":"title","seq":1,"id":"a","title":"t","n":)") + value + "}";
    Entry e;
    Status s = dec.DecodeEntry(line, false, &e);
    ASSERT_TRUE(s.ok()) << value << ": " << s.ToString();
    ASSERT_EQ(e.extra.size(), 1u);
    EXPECT_EQ(e.extra[0].json, value);
  }
  for (const char* value : {"01", "1.", "-", "1e", "123456789012345678901234567890 1", "[1,]", "+1"}) {
    const std::string line = std::string(R"({"type":"title","seq":1,"id":"a","title":"t","n":)") + value + "}";
    Entry e;
    EXPECT_EQ(dec.DecodeEntry(line, false, &e).code(), StatusCode::kCorruption) << value;
  }
}

TEST(CodecTest, BadLinesAreCorruptionSayingWhat) {
  for (
      const std::string& bad : {
          std::string("not json"),
          std::string(
              R"({"type":"message","seq":1,"id":"a","ts":"2026-01-01T00:00:00Z","message":{"role":"user","content":[]})"),
          std::string(R"({"type":"message","seq":1,"id":"a"}})"),
          std::string(R"({"type":"message","seq":1,"id":"a"} x)"),
          std::string("{\"type\":\"title\",\"seq\":1,\"id\":\"a\",\"title\":\"\xff\"}"),
          std::string(R"({"type":"title","seq":"one","id":"a","title":"t"})"),
          std::string(R"({"type":"title","id":"a","title":"t"})"),
          std::string(R"({"type":"title","seq":1,"title":"t"})"),
          std::string(R"({"seq":1,"id":"a","title":"t"})"),
          std::string(R"({"type":"title","seq":1,"id":"a","ts":"noon","title":"t"})"),
          std::string(R"({"type":"title","seq":1,"id":"a","x":{"y":tru}})"),
          std::string(R"(["type","title"])"),
          // Found by fuzzing: read back, it could not be written again.
          std::string(R"({"type":"message","seq":1,"id":"a","messa]ge":{"role":"user","content":"hi"}})"),
          std::string(R"({"type":"","seq":1,"id":"a"})"),
          std::string(R"({"type":"message","seq":1,"id":"a","message":{"role":"user","content":[{"type":""}]}})"),
          std::string(
              R"({"type":"message","seq":1,"id":"a","message":{"role":"user","content":[{"type":"text","text":"a","text":"b"}]}})"),
      }) {
    Status s;
    Decode(bad, &s);
    EXPECT_EQ(s.code(), StatusCode::kCorruption) << bad;
    EXPECT_FALSE(s.message().empty());
  }
}

TEST(CodecTest, NestingDeeperThanTheLimitIsCorruption) {
  ReadOptions opts;
  opts.max_depth = 16;
  LineDecoder dec(opts);
  Entry e;
  auto line = [](int depth) {
    return R"({"type":"x","seq":1,"id":"a","v":)" + std::string(depth, '[') + std::string(depth, ']') + "}";
  };
  EXPECT_TRUE(dec.DecodeEntry(line(15), false, &e).ok());
  Status s = dec.DecodeEntry(line(16), false, &e);
  EXPECT_EQ(s.code(), StatusCode::kCorruption);
  EXPECT_NE(s.message().find("deep"), std::string::npos) << s.ToString();
}

TEST(CodecTest, BareMessagesAcceptStringContent) {
  LineDecoder dec;
  Message m;
  ASSERT_TRUE(dec.DecodeMessage(R"({"role":"user","content":"hello"})", false, &m).ok());
  ASSERT_EQ(m.content.size(), 1u);
  EXPECT_EQ(m.content[0].type, BlockType::kText);
  EXPECT_EQ(m.content[0].text, "hello");
  EXPECT_FALSE(dec.DecodeMessage(R"({"content":"no role"})", false, &m).ok());
}

// A key is the same key however it is escaped: "t\u0079pe" is "type" in
// a header, an entry and a block, as "s\u0065q" is "seq".
TEST(CodecTest, AKeyIsTheSameKeyHoweverItIsEscaped) {
  Entry e = Decode(R"({"t\u0079pe":"message","s\u0065q":2,"id":"a","message":{"role":"user",)"
                   R"("content":[{"\u0074ype":"text","text":"hi"}]}})");
  EXPECT_EQ(e.type, RecordType::kMessage);
  EXPECT_EQ(e.seq, 2u);
  ASSERT_EQ(e.message.content.size(), 1u);
  EXPECT_EQ(e.message.content[0].type, BlockType::kText);
  EXPECT_EQ(e.message.content[0].text, "hi");
  LineDecoder dec;
  SessionHeader h;
  ASSERT_TRUE(dec.DecodeHeader(R"({"typ\u0065":"session","version":"1.0","id":"s","created":"2026-01-01T00:00:00Z"})",
                               false, &h)
                  .ok());
  EXPECT_EQ(h.id, "s");
  Status twice;
  Decode(R"({"type":"title","t\u0079pe":"title","seq":1,"id":"a","title":"t"})", &twice);
  EXPECT_EQ(twice.code(), StatusCode::kCorruption);
  EXPECT_NE(twice.message().find("\"type\" appears twice"), std::string::npos) << twice.ToString();
}

// An unknown member's key is written again as the line wrote it.
TEST(CodecTest, AnUnknownKeyIsKeptAsWritten) {
  Entry e = Decode(R"({"type":"title","seq":1,"id":"e1","title":"t","\u0041bc":1,"caf\u00e9":[2],"plain":3})");
  ASSERT_EQ(e.extra.size(), 3u);
  EXPECT_EQ(e.extra[0].key, "Abc");
  EXPECT_EQ(e.extra[0].written_key, R"(\u0041bc)");
  EXPECT_EQ(e.extra[1].key, "caf\u00e9");
  EXPECT_EQ(e.extra[2].written_key, "") << "written as it reads";
  const std::string again = EncodeEntry(e, 1);
  EXPECT_NE(again.find(R"("\u0041bc":1,"caf\u00e9":[2],"plain":3)"), std::string::npos) << again;
  e.extra[0].key = "Abd";
  EXPECT_NE(EncodeEntry(e, 1).find(R"("Abd":1)"), std::string::npos) << "a changed key is written plainly";
  e.extra[0] = {.key = "x", .json = "1", .written_key = R"(y","z)"};
  const std::string forged = EncodeEntry(e, 1);
  EXPECT_NE(forged.find(R"("x":1)"), std::string::npos) << "a written key that does not read as the key is ignored";
  EXPECT_TRUE(Decode(forged).extra[0].key == "x");
}

// A lone surrogate, which JavaScript writes when it cuts a string by UTF-16
// length, reads as U+FFFD; a pair is one character; an escaped backslash
// before "ud800" is text.
TEST(CodecTest, LoneSurrogatesReadAsTheReplacementCharacter) {
  Entry e = Decode(R"({"type":"message","seq":1,"id":"a","message":{"role":"user","content":[)"
                   R"({"type":"text","text":"cut \ud83d"},{"type":"text","text":"\udc00 \ud83d\ude00 \\ud800"}]},)"
                   R"("x":{"k":"\uDBFF"}})");
  ASSERT_EQ(e.message.content.size(), 2u);
  EXPECT_EQ(e.message.content[0].text, "cut \xEF\xBF\xBD");
  EXPECT_EQ(e.message.content[1].text, "\xEF\xBF\xBD \xF0\x9F\x98\x80 \\ud800");
  ASSERT_EQ(e.extra.size(), 1u);
  EXPECT_EQ(e.extra[0].json, R"({"k":"\ufffd"})");
  Entry again = Decode(EncodeEntry(e, 1));
  EXPECT_EQ(again.message.content[1].text, e.message.content[1].text);
  Entry only_extra = Decode(R"({"type":"title","seq":1,"id":"a","title":"t","x":["\ud800"]})");
  ASSERT_EQ(only_extra.extra.size(), 1u);
  EXPECT_EQ(Decode(EncodeEntry(only_extra, 1)).extra[0].json, only_extra.extra[0].json) << "written again as read";
  EXPECT_EQ(WithoutLoneSurrogates(R"("\ud83d\ude00 \\ud800")"), std::nullopt);
  EXPECT_EQ(WithoutLoneSurrogates(R"("\ud800\ud800")"), R"("\ufffd\ufffd")");
  Status still_bad;
  Decode(R"({"type":"title","seq":1,"id":"a","title":"\ud800)", &still_bad);
  EXPECT_EQ(still_bad.code(), StatusCode::kCorruption) << "a line that is bad besides stays bad";
}

}  // namespace
}  // namespace sessionstore::format
