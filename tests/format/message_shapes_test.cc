// Messages in the providers' shapes read into the native model: every
// member mapped or kept, none invented, the shape found by its members, and
// errors that name the member in plain words.

#include <gtest/gtest.h>

#include <string>

#include "sessionstore/json.h"

namespace sessionstore {
namespace {

Message Parse(const std::string& json, Shape shape = Shape::kAuto) {
  Result<Message> m = ParseMessage(json, shape);
  EXPECT_TRUE(m.ok()) << m.status().ToString() << "\n" << json;
  return m.ok() ? *m : Message{};
}

std::string Extra(const JsonFields& extra, const std::string& key) {
  for (const JsonField& f : extra) {
    if (f.key == key) return f.json;
  }
  return "(none)";
}

// The native JSON of a message, which must read back as the same message.
std::string Native(const Message& m) {
  Result<std::string> json = ToJson(m);
  EXPECT_TRUE(json.ok()) << json.status().ToString();
  if (!json.ok()) return {};
  Result<Message> back = ParseMessage(*json, Shape::kNative);
  EXPECT_TRUE(back.ok()) << back.status().ToString();
  if (back.ok()) {
    EXPECT_EQ(*ToJson(*back), *json) << "reads back the same";
  }
  return *json;
}

TEST(MessageShapesTest, AnthropicToolResultsThinkingUsageAndImagesMapWithoutInventions) {
  const Message result = Parse(
      R"({"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_01A","content":"a.txt","is_error":false}]})");
  ASSERT_EQ(result.content.size(), 1u);
  EXPECT_EQ(result.content[0].type, BlockType::kToolResult);
  EXPECT_EQ(result.content[0].id, "toolu_01A");
  ASSERT_EQ(result.content[0].content.size(), 1u);
  EXPECT_EQ(result.content[0].content[0].text, "a.txt");
  EXPECT_FALSE(result.content[0].is_error);
  EXPECT_TRUE(result.content[0].extra.empty()) << "nothing left over, nothing invented";

  const Message answer = Parse(R"({"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5",)"
                               R"("content":[{"type":"thinking","thinking":"Let me look.","signature":"sig=="},)"
                               R"({"type":"redacted_thinking","data":"opaque"},)"
                               R"({"type":"text","text":"Reading it.","citations":null},)"
                               R"({"type":"tool_use","id":"toolu_02","name":"read","input":{"path":"a.txt"},)"
                               R"("cache_control":{"type":"ephemeral"}}],"stop_reason":"tool_use",)"
                               R"("usage":{"input_tokens":120,"output_tokens":30,"cache_read_input_tokens":100,)"
                               R"("cache_creation_input_tokens":7,"service_tier":"standard"}})");
  ASSERT_EQ(answer.content.size(), 4u);
  EXPECT_EQ(answer.content[0].type, BlockType::kThinking);
  EXPECT_EQ(answer.content[0].text, "Let me look.");
  EXPECT_EQ(answer.content[0].signature, "sig==");
  EXPECT_EQ(answer.content[1].redacted_data, "opaque");
  EXPECT_EQ(answer.content[2].text, "Reading it.");
  EXPECT_EQ(answer.content[3].type, BlockType::kToolCall);
  EXPECT_EQ(answer.content[3].arguments, R"({"path":"a.txt"})");
  EXPECT_EQ(Extra(answer.content[3].extra, "cache_control"), R"({"type":"ephemeral"})");
  EXPECT_EQ(answer.model, "claude-sonnet-4-5");
  EXPECT_EQ(answer.stop_reason, "tool_use");
  ASSERT_TRUE(answer.usage);
  EXPECT_EQ(answer.usage->input_tokens, 120);
  EXPECT_EQ(answer.usage->output_tokens, 30);
  EXPECT_EQ(answer.usage->cache_read_tokens, 100);
  EXPECT_EQ(answer.usage->cache_write_tokens, 7);
  EXPECT_EQ(Extra(answer.usage->extra, "service_tier"), R"("standard")");
  EXPECT_EQ(Extra(answer.extra, "id"), R"("msg_1")");
  EXPECT_EQ(Extra(answer.extra, "type"), R"("message")");
  Native(answer);

  const Message image = Parse(
      R"({"role":"user","content":[{"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBO"}},)"
      R"({"type":"image","source":{"type":"url","url":"https://x/y.png"}},)"
      R"({"type":"image","source":{"type":"file","file_id":"file_1"}},{"type":"document","source":{"type":"text"}}]})");
  ASSERT_EQ(image.content.size(), 4u);
  EXPECT_EQ(image.content[0].media_type, "image/png");
  EXPECT_EQ(image.content[0].data, "iVBO");
  EXPECT_EQ(image.content[1].url, "https://x/y.png");
  EXPECT_TRUE(image.content[1].media_type.empty()) << "no media type invented";
  EXPECT_EQ(Extra(image.content[2].extra, "source"), R"({"type":"file","file_id":"file_1"})");
  EXPECT_EQ(image.content[3].type, BlockType::kUnknown);
  EXPECT_EQ(image.content[3].type_name, "document");
  Native(image);
}

TEST(MessageShapesTest, OpenAiChatToolCallsReasoningAndToolAnswers) {
  const Message calls = Parse(
      R"({"role":"assistant","content":null,"reasoning_content":"think first",)"
      R"("tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Oslo\"}"}},)"
      R"({"id":"call_2","type":"function","function":{"name":"f","arguments":"not json","thought_signature":"g=="},)"
      R"("extra_content":{"google":{"thought_signature":"g=="}}}],)"
      R"("usage":{"prompt_tokens":50,"completion_tokens":9,"prompt_tokens_details":{"cached_tokens":40}}})");
  ASSERT_EQ(calls.content.size(), 3u);
  EXPECT_EQ(calls.content[0].type, BlockType::kThinking);
  EXPECT_EQ(calls.content[0].text, "think first");
  EXPECT_EQ(calls.content[1].id, "call_1");
  EXPECT_EQ(calls.content[1].name, "get_weather");
  EXPECT_EQ(calls.content[1].arguments, R"({"city":"Oslo"})");
  EXPECT_EQ(calls.content[2].arguments, R"("not json")") << "kept as the text it was";
  EXPECT_EQ(Extra(calls.content[2].extra, "function"), R"({"thought_signature":"g=="})");
  EXPECT_EQ(Extra(calls.content[2].extra, "extra_content"), R"({"google":{"thought_signature":"g=="}})");
  EXPECT_EQ(calls.usage->input_tokens, 50);
  EXPECT_EQ(calls.usage->cache_read_tokens, 40);
  Native(calls);

  const Message answer = Parse(R"({"role":"tool","tool_call_id":"call_1","content":"12 C"})");
  ASSERT_EQ(answer.content.size(), 1u);
  EXPECT_EQ(answer.role, "tool");
  EXPECT_EQ(answer.content[0].type, BlockType::kToolResult);
  EXPECT_EQ(answer.content[0].id, "call_1");
  EXPECT_EQ(answer.content[0].content.at(0).text, "12 C");

  const Message parts =
      Parse(R"({"role":"user","content":[{"type":"text","text":"what is this?"},)"
            R"({"type":"image_url","image_url":{"url":"data:image/jpeg;base64,/9j/","detail":"high"}},)"
            R"({"type":"input_audio","input_audio":{"data":"UklG","format":"wav"}}],"name":"ann"})");
  ASSERT_EQ(parts.content.size(), 3u);
  EXPECT_EQ(parts.content[1].media_type, "image/jpeg");
  EXPECT_EQ(parts.content[1].data, "/9j/");
  EXPECT_EQ(Extra(parts.content[1].extra, "detail"), R"("high")");
  EXPECT_EQ(parts.content[2].type_name, "input_audio");
  EXPECT_EQ(Extra(parts.extra, "name"), R"("ann")");
  Native(parts);
}

TEST(MessageShapesTest, OpenAiResponsesItems) {
  const Message said = Parse(R"({"type":"message","id":"msg_9","role":"assistant","status":"completed",)"
                             R"("content":[{"type":"output_text","text":"Done.","annotations":[]}]})");
  EXPECT_EQ(said.role, "assistant");
  EXPECT_EQ(said.Text(), "Done.");
  EXPECT_EQ(Extra(said.extra, "id"), R"("msg_9")");
  EXPECT_EQ(Extra(said.content[0].extra, "annotations"), "[]");

  const Message call =
      Parse(R"({"type":"function_call","id":"fc_1","call_id":"call_7","name":"ls","arguments":"{\"dir\":\"/\"}"})");
  EXPECT_EQ(call.role, "assistant");
  ASSERT_EQ(call.content.size(), 1u);
  EXPECT_EQ(call.content[0].id, "call_7");
  EXPECT_EQ(call.content[0].arguments, R"({"dir":"/"})");
  EXPECT_EQ(Extra(call.content[0].extra, "original_id"), R"("fc_1")") << "the item's id, apart from the call's";
  Native(call);

  const Message output = Parse(R"({"type":"function_call_output","call_id":"call_7","output":"bin etc"})");
  EXPECT_EQ(output.role, "tool");
  EXPECT_EQ(output.content[0].id, "call_7");
  EXPECT_EQ(output.content[0].content.at(0).text, "bin etc");

  const Message reasoning =
      Parse(R"({"type":"reasoning","id":"rs_1","summary":[{"type":"summary_text","text":"First."},)"
            R"({"type":"summary_text","text":"Then."}],"encrypted_content":"gAAA"})");
  EXPECT_EQ(reasoning.content[0].type, BlockType::kThinking);
  EXPECT_EQ(reasoning.content[0].text, "First.\n\nThen.");
  EXPECT_EQ(reasoning.content[0].redacted_data, "gAAA");
  Native(reasoning);

  const Message search = Parse(R"({"type":"web_search_call","id":"ws_1","status":"completed"})");
  EXPECT_EQ(search.content.at(0).type_name, "web_search_call");
  Native(search);
}

TEST(MessageShapesTest, AMessageOfTwoShapesOrWithoutWhatItNeedsIsRefusedNamingTheMember) {
  auto refused = [](const std::string& json, const std::string& words) {
    Result<Message> m = ParseMessage(json);
    EXPECT_EQ(m.status().code(), StatusCode::kInvalidArgument) << json;
    EXPECT_NE(m.status().message().find(words), std::string::npos) << m.status().ToString();
  };
  refused(R"({"role":"assistant","content":[{"type":"tool_use","id":"a","name":"f","input":{}},)"
          R"({"type":"tool_call","id":"b","name":"g"}]})",
          "the native and the anthropic shapes");
  refused(R"({"role":"user","content":[{"type":"tool_call","name":"x"}]})", "member content[0].id: missing");
  refused(R"({"role":"user","content":[{"type":"tool_call","id":"c9"}]})", "member content[0].name: missing");
  refused(R"({"role":"user","content":[{"type":"tool_result"}]})", "member content[0].call_id: missing");
  refused(R"({"role":"user","content":[{"type":"image"}]})", "member content[0].data: missing");
  refused(R"({"role":"user"})", "member content: the message has no content");
  refused(R"({"role":"user","content":[{"type":"tool_result","content":"x","tool_use_id":""}]})",
          "member content[0].tool_use_id: empty");
  refused(R"({"role":"assistant","content":null,"tool_calls":[{"type":"function","function":{"name":"f"}}]})",
          "member tool_calls[0].id: missing");
  refused(R"({"type":"function_call","name":"f","arguments":"{}"})", "member call_id: missing");
  // Plain words, never the parser's.
  refused("[1,2]", "not a JSON object");
  refused(R"({"role":"user","content":5})", "expected a string or an array");
  refused(R"({"role":"user","content":"x"} trailing)", "the message");
  Result<Message> native = ParseMessage(R"({"role":"user","content":7})", Shape::kNative);
  EXPECT_NE(native.status().message().find("content: expected a string or an array"), std::string::npos)
      << native.status().ToString();
}

// A lone surrogate reads as U+FFFD in every shape (format/lone_surrogates.h),
// and an escaped key is its key.
TEST(MessageShapesTest, LoneSurrogatesAndEscapedKeysReadInEveryShape) {
  const std::string cut = "cut \xEF\xBF\xBD";
  for (Shape shape : {Shape::kAuto, Shape::kAnthropic, Shape::kNative}) {
    Result<Message> m = ParseMessage(R"({"role":"user","content":[{"t\u0079pe":"text","text":"cut \ud83d"}]})", shape);
    ASSERT_TRUE(m.ok()) << ShapeName(shape) << ": " << m.status().ToString();
    EXPECT_EQ(m->content[0].text, cut);
  }
  Result<Message> chat = ParseMessage(R"({"role":"tool","tool_call_id":"c1","content":"cut \udbff"})");
  ASSERT_TRUE(chat.ok()) << chat.status().ToString();
  EXPECT_EQ(chat->content[0].content.at(0).text, cut);
  Result<Message> item = ParseMessage(R"({"type":"function_call_output","call_id":"c1","output":"cut \ud800"})");
  ASSERT_TRUE(item.ok()) << item.status().ToString();
  EXPECT_EQ(item->content[0].content.at(0).text, cut);
}

TEST(MessageShapesTest, ShapesHaveNames) {
  for (Shape s : {Shape::kAuto, Shape::kNative, Shape::kAnthropic, Shape::kOpenAIChat, Shape::kOpenAIResponses}) {
    EXPECT_EQ(*ShapeFromName(ShapeName(s)), s);
  }
  EXPECT_EQ(ShapeFromName("openai").status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace sessionstore
