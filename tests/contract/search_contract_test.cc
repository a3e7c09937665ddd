// Full-text search, on both stores.

#include <gtest/gtest.h>

#include <set>

#include "testing/store_fixture.h"

namespace sessionstore {
namespace {

using testing::UserText;

class SearchTest : public testing::ContractTest {
 protected:
  void SetUp() override {
    ContractTest::SetUp();
    if (HasFatalFailure()) return;
    Message call;
    call.role = kRoleAssistant;
    call.content = {ContentBlock::Thinking("secretthought about zebras"), ContentBlock::Text("Looking now."),
                    ContentBlock::ToolCall("c1", "grep_files", R"({"pattern":"frobnicate"})")};
    Message result;
    result.role = kRoleTool;
    result.content = {ContentBlock::ToolResult("c1", "src/widget.c:12: frobnicate(widget);")};
    ids_ = Append(Create({.id = "a", .workspace = "/w1"}), {UserText("Where is the quux handler registered?"),
                                                            Record::FromMessage(call), Record::FromMessage(result)});
    Append(Create({.id = "b", .workspace = "/w2"}), {UserText("quux again, in another workspace")});
  }
  std::set<std::string> Entries(const std::string& query, const SearchOptions& options = {}) {
    auto hits = store_->Search(query, options);
    EXPECT_TRUE(hits.ok()) << hits.status().ToString();
    std::set<std::string> out;
    if (hits.ok()) {
      for (const SearchHit& h : *hits) out.insert(h.session_id + "/" + h.entry_id);
    }
    return out;
  }
  std::vector<std::string> ids_;
};

TEST_P(SearchTest, FindsTextToolArgumentsAndToolResults) {
  auto hits = store_->Search("quux");
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(hits->size(), 2u);
  EXPECT_EQ(Entries("frobnicate"), (std::set<std::string>{"a/" + ids_[1], "a/" + ids_[2]}))
      << "the call's arguments and the tool's output";
  EXPECT_EQ(Entries("grep_files"), (std::set<std::string>{"a/" + ids_[1]}));
  EXPECT_TRUE(Entries("secretthought").empty()) << "thinking is not indexed by default";
  auto with_thinking = OpenStore({.search_thinking = true});
  ASSERT_TRUE(with_thinking->Reindex().ok());
  EXPECT_EQ(with_thinking->Search("secretthought")->size(), 1u);
  auto h = store_->Search("handler");
  ASSERT_EQ(h->size(), 1u);
  EXPECT_EQ(h->front().role, "user");
  EXPECT_GT(h->front().timestamp_ms, 0);
  EXPECT_NE(h->front().snippet.find("[handler]"), std::string::npos) << h->front().snippet;
}

TEST_P(SearchTest, PhrasesPrefixesAndFilters) {
  EXPECT_EQ(Entries("\"quux handler\"").size(), 1u);
  EXPECT_EQ(Entries("\"handler quux\"").size(), 0u);
  EXPECT_EQ(Entries("frob*").size(), 2u);
  EXPECT_EQ(Entries("quux", {.workspace = "/w2"}), (std::set<std::string>{"b/" + store_->Load("b")->entries[0].id}));
  EXPECT_EQ(Entries("quux", {.limit = 1}).size(), 1u);
  ASSERT_TRUE(store_->Archive("b").ok());
  EXPECT_EQ(Entries("quux").size(), 1u);
  EXPECT_EQ(Entries("quux", {.include_archived = true}).size(), 2u);
}

// Words are folded alike on both stores: case beyond ASCII, diacritics,
// and the snippet is the same.
TEST_P(SearchTest, WordsAreFoldedAndSnippetsCutAlikeOnBothStores) {
  const std::vector<std::string> ids =
      Append(Create({.id = "u"}), {UserText("Der Übergang: ÜNÏCÖDÉ große Straße, naïve café über alles.")});
  for (const char* query : {"ubergang", "übergang", "ÜBERGANG", "unicode", "Ünïcödé", "cafe", "CAFÉ", "grosse*",
                            "große", "\"naive cafe\""}) {
    auto hits = store_->Search(query);
    ASSERT_TRUE(hits.ok()) << query << ": " << hits.status().ToString();
    if (std::string(query) == "grosse*") {
      EXPECT_TRUE(hits->empty()) << "ß is not ss";
      continue;
    }
    ASSERT_EQ(hits->size(), 1u) << query;
    EXPECT_EQ(hits->front().entry_id, ids[0]);
  }
  auto hit = store_->Search("cafe");
  ASSERT_TRUE(hit.ok());
  ASSERT_EQ(hit->size(), 1u);
  EXPECT_EQ(hit->front().snippet, "Der Übergang: ÜNÏCÖDÉ große Straße, naïve [café] über alles.");
}

// Words longer than PostgreSQL indexes (2046 bytes: a base64 blob, a
// minified line) are found on both stores, by prefix or whole, and a long
// query word is no error; two long words that begin alike stay apart.
TEST_P(SearchTest, WordsOver2046BytesAreFoundAlikeOnBothStores) {
  const std::string long_a = "lwyyyy" + std::string(3000, 'a'), long_b = "lwyyyy" + std::string(3000, 'a') + "b";
  const std::vector<std::string> a = Append(Create({.id = "long-a"}), {UserText("one " + long_a + " two")});
  const std::vector<std::string> b = Append(Create({.id = "long-b"}), {UserText(long_b)});
  EXPECT_EQ(Entries("lwyyyy*"), (std::set<std::string>{"long-a/" + a[0], "long-b/" + b[0]}));
  EXPECT_EQ(Entries(long_a), (std::set<std::string>{"long-a/" + a[0]}));
  EXPECT_EQ(Entries(long_b), (std::set<std::string>{"long-b/" + b[0]}));
  EXPECT_EQ(Entries("\"one " + long_a + " two\""), (std::set<std::string>{"long-a/" + a[0]}));
  EXPECT_TRUE(Entries(std::string(2500, 'q')).empty()) << "a long word found nowhere";
  EXPECT_TRUE(Entries(long_a.substr(0, 2046)).empty()) << "the cut of a long word is not a word of the text";
  auto hits = store_->Search(long_b);
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_NE(hits->front().snippet.find("[lwyyyy"), std::string::npos);
}

TEST_P(SearchTest, MalformedQueriesAreInvalidArgumentsInPlainWords) {
  for (const char* bad : {"\"unclosed", "a AND", "col:value", "(", "*"}) {
    auto hits = store_->Search(bad);
    EXPECT_EQ(hits.status().code(), StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(hits.status().message().find("fts5"), std::string::npos) << hits.status().message();
    EXPECT_EQ(hits.status().message().find("sqlite"), std::string::npos);
  }
}

TEST_P(SearchTest, FollowsAppendsRewritesAndDeletes) {
  ASSERT_EQ(Entries("quux").size(), 2u);  // the text index exists now
  Append("a", {UserText("brandnewword arrives")});
  EXPECT_EQ(Entries("brandnewword").size(), 1u) << "the grown tail is indexed";
  ASSERT_TRUE(store_->SetHistory("a", std::vector<Message>{Message::User("only this now")}, {.rewrite = true}).ok());
  EXPECT_TRUE(Entries("frobnicate").empty()) << "text of the rewritten file is gone";
  EXPECT_EQ(Entries("only").size(), 1u);
  ASSERT_TRUE(store_->Delete("b").ok());
  EXPECT_TRUE(Entries("another").empty());
  auto other = OpenStore();  // another process sees the same
  EXPECT_EQ(other->Search("only")->size(), 1u);
}

INSTANTIATE_CONTRACT_TEST(SearchTest);

}  // namespace
}  // namespace sessionstore
