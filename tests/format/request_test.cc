// A context as each provider's API takes it: what each shape wants where
// it wants it, a conversation read in a shape goes back out the same, and
// what a shape cannot carry is reported, never dropped in silence.

#include "sessionstore/request.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sessionstore/json.h"

namespace sessionstore {
namespace {

// A context of the given lines, each read in `shape`; entry ids e1, e2, ...
ContextView ContextOf(const std::vector<std::string>& lines, Shape shape) {
  ContextView v;
  for (const std::string& line : lines) {
    Result<Message> m = ParseMessage(line, shape);
    EXPECT_TRUE(m.ok()) << m.status().ToString() << "\n" << line;
    v.items.push_back(ContextItem{.entry_id = "e" + std::to_string(v.items.size() + 1), .message = *m});
  }
  return v;
}

Request Shaped(const ContextView& v, Shape shape) {
  Result<Request> r = ToRequest(v, shape);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : Request{};
}

std::string Joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& i : items) out += (out.empty() ? "" : ",") + i;
  return out;
}

std::vector<std::string> Notes(const Request& r) {
  std::vector<std::string> notes;
  for (const LeftOut& l : r.left_out) notes.push_back(l.entry_id + ": " + l.what);
  return notes;
}

// An Anthropic conversation read into the store's model goes back out as
// it came: thinking with its signature, tool use and results, images, the
// members only Anthropic has (cache_control), blocks of types sessionstore
// does not model.
TEST(RequestTest, AnAnthropicConversationGoesBackAsItCame) {
  const std::vector<std::string> messages = {
      R"({"role":"user","content":[{"type":"text","text":"What is in this picture?","cache_control":{"type":"ephemeral"}},)"
      R"({"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}}]})",
      R"({"role":"assistant","content":[{"type":"thinking","thinking":"Look closer.","signature":"EqQBCkYIBxgCKkA"},)"
      R"({"type":"redacted_thinking","data":"EmwKAhgBEgy3"},)"
      R"({"type":"tool_use","id":"toolu_01","name":"zoom","input":{"factor":2}}]})",
      R"({"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_01","content":[{"type":"text","text":"a cat"}],"is_error":true},)"
      R"({"type":"text","text":"Well?"}]})",
      R"({"role":"assistant","content":[{"type":"text","text":"A cat."},)"
      R"({"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{"query":"cats"}}]})",
  };
  Request r = Shaped(ContextOf(messages, Shape::kAnthropic), Shape::kAnthropic);
  EXPECT_EQ(r.json, R"({"messages":[)" + Joined(messages) + "]}");
  EXPECT_TRUE(r.left_out.empty()) << Notes(r)[0];
}

// What Anthropic requires of a conversation stored in another shape: the
// system prompt apart, strict alternation, tool results first in the
// user's message right after the call, thinking only with a signature.
TEST(RequestTest, AnthropicGetsAlternationToolResultsInTheUsersMessageAndSignedThinkingOnly) {
  ContextView v = ContextOf(
      {
          R"({"role":"system","content":"Be brief."})",
          R"({"role":"user","content":"hi"})",
          R"({"role":"user","content":"list /tmp"})",
          R"({"role":"assistant","content":"Looking.","reasoning_content":"ls it",)"
          R"("tool_calls":[{"id":"call_1","type":"function","function":{"name":"bash","arguments":"{\"cmd\":\"ls\"}"}},)"
          R"({"id":"call_2","type":"function","function":{"name":"echo","arguments":"not json"}}]})",
          R"({"role":"tool","tool_call_id":"call_1","content":"a.txt"})",
          R"({"role":"tool","tool_call_id":"call_2","content":"ok"})",
          R"({"role":"user","content":[{"type":"text","text":"and?"},{"type":"input_audio","input_audio":{"data":"AAA","format":"wav"}}]})",
      },
      Shape::kOpenAIChat);
  Request r = Shaped(v, Shape::kAnthropic);
  EXPECT_EQ(
      r.json,
      R"({"system":[{"type":"text","text":"Be brief."}],"messages":[)"
      R"({"role":"user","content":[{"type":"text","text":"hi"},{"type":"text","text":"list /tmp"}]},)"
      R"({"role":"assistant","content":[{"type":"text","text":"Looking."},)"
      R"({"type":"tool_use","id":"call_1","name":"bash","input":{"cmd":"ls"}},)"
      R"({"type":"tool_use","id":"call_2","name":"echo","input":{"arguments":"not json"}}]},)"
      R"({"role":"user","content":[{"type":"tool_result","tool_use_id":"call_1","content":[{"type":"text","text":"a.txt"}]},)"
      R"({"type":"tool_result","tool_use_id":"call_2","content":[{"type":"text","text":"ok"}]},)"
      R"({"type":"text","text":"and?"}]}]})");
  EXPECT_EQ(Notes(r), (std::vector<std::string>{
                          "e4: a thinking block without a signature",
                          "e4: the arguments of tool call call_2 are not an object: sent as {\"arguments\": ...}",
                          "e7: a block of type input_audio",
                      }));
}

// An OpenAI Chat conversation goes back as it came, Gemini's thought
// signature with its call.
TEST(RequestTest, AnOpenAiChatConversationGoesBackAsItCame) {
  const std::vector<std::string> messages = {
      R"({"role":"developer","content":"Answer in French."})",
      R"({"role":"user","content":[{"type":"text","text":"Describe it"},)"
      R"({"type":"image_url","image_url":{"url":"data:image/jpeg;base64,/9j/4AAQ","detail":"high"}}]})",
      R"({"role":"assistant","content":null,"tool_calls":[{"id":"call_9","type":"function","function":)"
      R"({"name":"web_search","arguments":"{\"q\":\"x\"}","thought_signature":"c2ln"}}]})",
      R"({"role":"tool","tool_call_id":"call_9","content":"results"})",
      R"({"role":"assistant","content":"Un chat."})",
  };
  Request r = Shaped(ContextOf(messages, Shape::kOpenAIChat), Shape::kOpenAIChat);
  EXPECT_EQ(r.json, R"({"messages":[)" + Joined(messages) + "]}");
  EXPECT_TRUE(r.left_out.empty()) << Notes(r)[0];
}

// What Chat requires of an Anthropic conversation: each tool result a tool
// message right after the calls (before the user's text that came with
// them), arguments as JSON text, no thinking, images only from the user.
TEST(RequestTest, OpenAiChatGetsToolMessagesAfterTheCallsAndSaysWhatItCannotCarry) {
  ContextView v = ContextOf(
      {
          R"({"role":"assistant","content":[{"type":"thinking","thinking":"hmm","signature":"s"},)"
          R"({"type":"tool_use","id":"toolu_1","name":"shot","input":{}}]})",
          R"({"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":[{"type":"text","text":"taken"},)"
          R"({"type":"image","source":{"type":"base64","media_type":"image/png","data":"AAAA"}}]},{"type":"text","text":"See?"}]})",
      },
      Shape::kAnthropic);
  Request r = Shaped(v, Shape::kOpenAIChat);
  EXPECT_EQ(r.json,
            R"({"messages":[{"role":"assistant","content":null,"tool_calls":[{"id":"toolu_1","type":"function",)"
            R"("function":{"name":"shot","arguments":"{}"}}]},)"
            R"({"role":"tool","tool_call_id":"toolu_1","content":"taken"},)"
            R"({"role":"user","content":"See?"}]})");
  EXPECT_EQ(Notes(r), (std::vector<std::string>{"e1: a thinking block (the API takes none)",
                                                "e2: an image in the result of tool call toolu_1"}));
}

// Responses items, as the OpenAI Agents SDK keeps them, go back as they
// came: reasoning with its id and encrypted content.
TEST(RequestTest, OpenAiResponsesItemsGoBackAsTheyCame) {
  const std::vector<std::string> items = {
      R"({"type":"message","role":"user","content":[{"type":"input_text","text":"Weather in Paris?"}]})",
      R"({"type":"reasoning","id":"rs_1","summary":[{"type":"summary_text","text":"Call the tool."}],)"
      R"("encrypted_content":"gAAAAB"})",
      R"({"type":"function_call","call_id":"call_1","name":"weather","arguments":"{\"city\":\"Paris\"}"})",
      R"({"type":"function_call_output","call_id":"call_1","output":"18C"})",
      R"({"type":"message","role":"assistant","content":[{"type":"output_text","text":"18C and sunny."}]})",
  };
  Request r = Shaped(ContextOf(items, Shape::kOpenAIResponses), Shape::kOpenAIResponses);
  EXPECT_EQ(r.json, R"({"input":[)" + Joined(items) + "]}");
  EXPECT_TRUE(r.left_out.empty()) << Notes(r)[0];
}

TEST(RequestTest, OpenAiResponsesSplitsAMessageAroundItsCallsAndLeavesOutUnsignedThinking) {
  ContextView v = ContextOf({R"({"role":"assistant","content":[{"type":"thinking","text":"hmm"},)"
                             R"({"type":"text","text":"Checking."},)"
                             R"({"type":"tool_call","id":"c1","name":"ls","arguments":{"dir":"/"}},)"
                             R"({"type":"text","text":"Done."}]})"},
                            Shape::kNative);
  Request r = Shaped(v, Shape::kOpenAIResponses);
  EXPECT_EQ(r.json,
            R"({"input":[{"type":"message","role":"assistant","content":[{"type":"output_text","text":"Checking."}]},)"
            R"({"type":"function_call","call_id":"c1","name":"ls","arguments":"{\"dir\":\"/\"}"},)"
            R"({"type":"message","role":"assistant","content":[{"type":"output_text","text":"Done."}]}]})");
  EXPECT_EQ(Notes(r), (std::vector<std::string>{"e1: a thinking block without its encrypted content or item id"}));
}

TEST(RequestTest, NativeIsTheStoredMessagesAndAutoIsNoShape) {
  ContextView v = ContextOf({R"({"role":"user","content":"hi"})"}, Shape::kNative);
  EXPECT_EQ(Shaped(v, Shape::kNative).json,
            R"({"messages":[{"role":"user","content":[{"type":"text","text":"hi"}]}]})");
  EXPECT_EQ(ToRequest(v, Shape::kAuto).status().code(), StatusCode::kInvalidArgument);
  v.items[0].message.content[0].extra.push_back(JsonField{.key = "cache_control", .json = "{not json"});
  EXPECT_EQ(ToRequest(v, Shape::kAnthropic).status().code(), StatusCode::kInvalidArgument) << "what is sent is JSON";
}

}  // namespace
}  // namespace sessionstore
