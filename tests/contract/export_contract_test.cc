// ExportSession on every backend: the Markdown document shows what a person
// needs and cannot be broken out of; jsonl is the session as stored; the
// API shapes are the context's request.

#include <gtest/gtest.h>

#include "sessionstore/export.h"
#include "testing/store_fixture.h"

namespace sessionstore {
namespace {

using testing::ContractTest;
using testing::UserText;

class ExportTest : public ContractTest {
 protected:
  // A session of everything a document must show; its entry ids.
  std::vector<std::string> Everything(const std::string& id) {
    Message thinking = Message::Assistant("Listing it.");
    thinking.content.insert(thinking.content.begin(), ContentBlock::Thinking("The user wants the files."));
    thinking.content.push_back(ContentBlock::ToolCall("c1", "bash", R"({"cmd":"ls"})"));
    thinking.model = "m-big";
    thinking.usage = Usage{.input_tokens = 100, .output_tokens = 20, .cost_usd = 0.5};
    std::string long_output;
    for (int i = 0; i < 100; ++i) long_output += "line " + std::to_string(i) + "\n";
    long_output += "```\nnot the end of the fence";
    Message result;
    result.role = "tool";
    result.content.push_back(ContentBlock::ToolResult("c1", long_output, true));
    Message picture = Message::User("And this?");
    picture.content.push_back(ContentBlock::Image("image/png", "iVBORw0KGgo="));
    return Append(id, {UserText("List the files ✓"), Record::FromMessage(thinking), Record::FromMessage(result),
                       Record::FromMessage(picture)});
  }
};

TEST_P(ExportTest, MarkdownShowsTheConversationAndItsFacts) {
  const std::string id = Create({.workspace = "/src/app", .title = "Files", .model = "m-small", .provider = "p"});
  const std::vector<std::string> ids = Everything(id);
  ASSERT_TRUE(store_->Label(id, ids[0], "start").ok());
  ASSERT_TRUE(store_->SetSummary(id, "The user asked for files.").ok());
  Result<Exported> md = ExportSession(*store_, id);
  ASSERT_TRUE(md.ok()) << md.status().ToString();
  const std::string& t = md->text;
  for (const std::string& want :
       {std::string("# Files\n"), "- **Session:** `" + id + "`", std::string("- **Workspace:** `/src/app`"),
        std::string("- **Model:** m-small, m-big (p)"), std::string("- **Messages:** 4"),
        std::string("- **Tokens:** 100 in, 20 out"), std::string("- **Cost:** $0.5000"),
        "<a id=\"entry-" + ids[0] + "\"></a>\n## User · ", std::string(" · label: start\n\nList the files ✓"),
        std::string("<details><summary>Thinking</summary>\n\nThe user wants the files.\n\n</details>"),
        std::string("**Tool call** `bash` (`c1`)\n\n```json\n{\"cmd\":\"ls\"}\n```"),
        std::string("**Tool result** of `c1` — **error**"),
        std::string("<details><summary>102 lines, 818 bytes</summary>"),
        std::string("![image](data:image/png;base64,iVBORw0KGgo=)"), std::string("> **Compacted** at "),
        std::string("The user asked for files.")}) {
    EXPECT_NE(t.find(want), std::string::npos) << want << "\n---\n" << t;
  }
  // The tool output holds a fence of three: its own is longer, so the
  // output cannot close it.
  EXPECT_NE(t.find("````\nline 0\n"), std::string::npos) << t;
  EXPECT_TRUE(md->left_out.empty());
  // Without a title, the listing's: the first user text.
  const std::string untitled = Create();
  Append(untitled, {UserText("What does this regex do?")});
  EXPECT_EQ(ExportSession(*store_, untitled)->text.rfind("# What does this regex do?\n", 0), 0u);
}

TEST_P(ExportTest, ABranchIsExportedByItsLeaf) {
  const std::string id = Create();
  const std::vector<std::string> ids = Append(id, {UserText("question"), UserText("first answer")});
  auto w = store_->OpenWriter(id);
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE((*w)->SetLeaf(ids[0]).ok());
  ASSERT_TRUE((*w)->Append(UserText("second answer")).ok());
  ASSERT_TRUE((*w)->Close().ok());
  Result<Exported> latest = ExportSession(*store_, id);
  ASSERT_TRUE(latest.ok()) << latest.status().ToString();
  EXPECT_NE(latest->text.find("second answer"), std::string::npos);
  EXPECT_EQ(latest->text.find("first answer"), std::string::npos);
  Result<Exported> first = ExportSession(*store_, id, {.leaf = ids[1]});
  ASSERT_TRUE(first.ok());
  EXPECT_NE(first->text.find("first answer"), std::string::npos);
  EXPECT_EQ(first->text.find("second answer"), std::string::npos);
  EXPECT_EQ(ExportSession(*store_, id, {.leaf = "nowhere"}).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(ExportSession(*store_, "no-such-session").status().code(), StatusCode::kNotFound);
}

TEST_P(ExportTest, JsonlIsTheSessionAsStoredAndTheShapesAreTheContext) {
  const std::string id = Create({.title = "t"});
  Everything(id);
  Result<Exported> lines = ExportSession(*store_, id, {.format = ExportFormat::kJsonl});
  ASSERT_TRUE(lines.ok()) << lines.status().ToString();
  EXPECT_EQ(lines->text, Stored(id));
  Result<Exported> chat = ExportSession(*store_, id, {.format = ExportFormat::kOpenAIChat});
  ASSERT_TRUE(chat.ok()) << chat.status().ToString();
  Result<ContextView> view = store_->Context(id);
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(chat->text, ToRequest(*view, Shape::kOpenAIChat)->json + "\n");
  EXPECT_NE(chat->text.find("\"tool_calls\""), std::string::npos);
  Result<Exported> anthropic = ExportSession(*store_, id, {.format = ExportFormat::kAnthropic});
  ASSERT_TRUE(anthropic.ok());
  EXPECT_NE(anthropic->text.find("\"tool_use\""), std::string::npos);
  EXPECT_FALSE(anthropic->left_out.empty()) << "a thinking block without a signature cannot go to Anthropic";
  EXPECT_EQ(ExportFormatFromName("pdf").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(*ExportFormatFromName(ExportFormatName(ExportFormat::kOpenAIResponses)), ExportFormat::kOpenAIResponses);
}

INSTANTIATE_CONTRACT_TEST(ExportTest);

}  // namespace
}  // namespace sessionstore
