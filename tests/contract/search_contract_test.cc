// Full-text search, on both stores.

#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <thread>

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
  EXPECT_EQ(h->front().snippet, "Where is the quux handler registered?");
  ASSERT_EQ(h->front().matches.size(), 1u);
  EXPECT_EQ(h->front().snippet.substr(h->front().matches[0].offset, h->front().matches[0].length), "handler");
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
  EXPECT_EQ(hit->front().snippet, "Der Übergang: ÜNÏCÖDÉ große Straße, naïve café über alles.");
  ASSERT_EQ(hit->front().matches.size(), 1u);
  EXPECT_EQ(hit->front().snippet.substr(hit->front().matches[0].offset, hit->front().matches[0].length), "café");
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
  ASSERT_EQ(hits->front().matches.size(), 1u);
  EXPECT_EQ(hits->front().snippet.substr(hits->front().matches[0].offset, 6), "lwyyyy");
}

TEST_P(SearchTest, MalformedQueriesAreInvalidArgumentsInPlainWords) {
  for (const char* bad : {"\"unclosed", "a AND", "(", "*", "-- ++", "\"\"", ""}) {
    auto hits = store_->Search(bad);
    EXPECT_EQ(hits.status().code(), StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(hits.status().message().find("fts5"), std::string::npos) << hits.status().message();
    EXPECT_EQ(hits.status().message().find("sqlite"), std::string::npos);
  }
}

// What people type: a word with punctuation is the phrase of its words,
// never a syntax error, on both stores.
TEST_P(SearchTest, WordsWithPunctuationArePhrases) {
  const std::vector<std::string> ids = Append(
      Create({.id = "p"}), {UserText("The foo-bar flag: it's in src/parser.c, see a.txt and C++ notes (col:value)."),
                            UserText("bar foo, parser src, txt a")});
  for (const char* query : {"foo-bar", "it's", "src/parser.c", "a.txt", "col:value", "(col:value).", "foo-bar*",
                            "src/parser.c \"C++ notes\"", "-- foo-bar --"}) {
    auto hits = store_->Search(query);
    ASSERT_TRUE(hits.ok()) << query << ": " << hits.status().ToString();
    ASSERT_EQ(hits->size(), 1u) << query << ": the words in their order, not anywhere";
    EXPECT_EQ(hits->front().entry_id, ids[0]) << query;
  }
  auto cpp = store_->Search("C++");
  ASSERT_TRUE(cpp.ok()) << cpp.status().ToString();
  EXPECT_EQ(Entries("C++").count("p/" + ids[0]), 1u) << "C++ is the word c";
}

// Text that looks like a mark is text: the matches are where they are.
TEST_P(SearchTest, MatchMarksCannotBeConfusedWithText) {
  Append(Create({.id = "m"}), {UserText("[not a match] \x02odd\x03 markers and zyzzyva")});
  auto hits = store_->Search("zyzzyva");
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(hits->size(), 1u);
  const SearchHit& h = hits->front();
  ASSERT_EQ(h.matches.size(), 1u);
  EXPECT_EQ(h.snippet.substr(h.matches[0].offset, h.matches[0].length), "zyzzyva");
  EXPECT_NE(h.snippet.find("[not a match]"), std::string::npos) << h.snippet;
}

TEST_P(SearchTest, OneSessionAndSince) {
  EXPECT_EQ(Entries("quux", {.session_id = "b"}).size(), 1u);
  EXPECT_EQ(Entries("quux", {.session_id = "a"}).size(), 1u);
  EXPECT_TRUE(Entries("quux", {.session_id = "nope"}).empty());
  const int64_t later = store_->Load("b")->entries[0].timestamp_ms + 1;
  EXPECT_EQ(Entries("quux", {.since_ms = later}).size(), 0u);
  std::this_thread::sleep_for(std::chrono::milliseconds(3));
  Append("a", {UserText("quux once more")});
  EXPECT_EQ(Entries("quux", {.since_ms = later}).size(), 1u);
}

// A fork shares its parent's entries: each is one hit, and the limit counts
// distinct hits.
TEST_P(SearchTest, AnEntryAForkSharesIsOneHit) {
  ASSERT_TRUE(store_->Fork("a", ids_[2], {.id = "a-fork-1"}).ok());
  ASSERT_TRUE(store_->Fork("a", ids_[2], {.id = "a-fork-2"}).ok());
  EXPECT_EQ(Entries("frobnicate").size(), 2u) << "two entries, not six";
  auto hits = store_->Search("quux", {.limit = 2});
  ASSERT_TRUE(hits.ok());
  EXPECT_EQ(hits->size(), 2u) << "a's entry and b's, whatever copies come first";
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
