// Listing filters and paging, on every backend.

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <thread>

#include "testing/store_fixture.h"

namespace sessionstore {
namespace {

class ListFiltersTest : public testing::ContractTest {};

TEST_P(ListFiltersTest, TitleDatesForksAndSort) {
  Append(Create({.id = "a"}), {testing::UserText("Fix the 100% CPU bug")});
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const int64_t mid =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  Create({.id = "b", .title = "Refactor parser"});
  ASSERT_TRUE(store_->Fork("a", store_->Load("a")->entries[0].id, {.id = "a-fork"}).ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  Append("a", {testing::UserText("later")});  // a: created first, updated last

  auto ids = [&](const ListOptions& o) {
    std::vector<std::string> out;
    auto rows = store_->List(o);
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    for (const SessionInfo& r : *rows) out.push_back(r.id);
    return out;
  };
  EXPECT_EQ(ids({.title_contains = "cpu"}), (std::vector<std::string>{"a", "a-fork"})) << "case-insensitive";
  EXPECT_EQ(ids({.title_contains = "100%"}), (std::vector<std::string>{"a", "a-fork"}));
  EXPECT_TRUE(ids({.title_contains = "1_0"}).empty()) << "LIKE wildcards are literal";
  EXPECT_EQ(ids({.title_contains = "PARSER"}), (std::vector<std::string>{"b"}));
  EXPECT_EQ(ids({.created_before_ms = mid}), (std::vector<std::string>{"a"}));
  EXPECT_EQ(ids({.created_after_ms = mid, .sort = ListOptions::Sort::kCreated}),
            (std::vector<std::string>{"a-fork", "b"}));
  EXPECT_EQ(ids({.updated_after_ms = mid}).front(), "a");
  EXPECT_EQ(ids({.fork_of = "a"}), (std::vector<std::string>{"a-fork"}));
  EXPECT_EQ(ids({.sort = ListOptions::Sort::kCreated}).back(), "a") << "created first, listed last";
  EXPECT_EQ(ids({}).front(), "a") << "updated last, listed first";
}

TEST_P(ListFiltersTest, IdPrefixModelAndProvider) {
  Create({.id = "0193ab-one", .model = "claude-sonnet-4-5", .provider = "anthropic"});
  Create({.id = "0193ab-two", .model = "gpt-5", .provider = "openai"});
  Create({.id = "0194cd", .model = "gpt-5", .provider = "openai"});
  Create({.id = "x_y", .model = "gpt-5%"});
  auto ids = [&](const ListOptions& o) {
    std::vector<std::string> out;
    auto rows = store_->List(o);
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    for (const SessionInfo& r : *rows) out.push_back(r.id);
    std::sort(out.begin(), out.end());
    return out;
  };
  EXPECT_EQ(ids({.id_prefix = "0193"}), (std::vector<std::string>{"0193ab-one", "0193ab-two"}));
  EXPECT_EQ(ids({.id_prefix = "0193ab-t"}), (std::vector<std::string>{"0193ab-two"}));
  EXPECT_EQ(ids({.id_prefix = "0194cd"}), (std::vector<std::string>{"0194cd"})) << "a whole id is its own prefix";
  EXPECT_TRUE(ids({.id_prefix = "0194cde"}).empty());
  EXPECT_TRUE(ids({.id_prefix = "x%"}).empty()) << "no wildcards";
  EXPECT_TRUE(ids({.id_prefix = "_"}).empty()) << "no wildcards";
  EXPECT_EQ(ids({.model = "gpt-5"}), (std::vector<std::string>{"0193ab-two", "0194cd"}));
  EXPECT_EQ(ids({.provider = "anthropic"}), (std::vector<std::string>{"0193ab-one"}));
  EXPECT_EQ(ids({.id_prefix = "0193", .model = "gpt-5", .provider = "openai"}),
            (std::vector<std::string>{"0193ab-two"}));
  // The model of the latest model change, not the header's.
  Append("0194cd", {Record::ModelChange("gpt-5-mini", "openai")});
  EXPECT_EQ(ids({.model = "gpt-5-mini"}), (std::vector<std::string>{"0194cd"}));
}

// One rule on every backend, whatever a database's locale: ASCII letters
// compare without case, every other character as it is.
TEST_P(ListFiltersTest, TheTitleFilterFoldsAsciiLettersOnly) {
  Create({.id = "e", .title = "Émile et l'ÉTÉ"});
  Create({.id = "g", .title = "Grüße aus Köln"});
  auto ids = [&](const std::string& text) {
    std::vector<std::string> out;
    auto rows = store_->List({.title_contains = text});
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    for (const SessionInfo& r : *rows) out.push_back(r.id);
    return out;
  };
  EXPECT_EQ(ids("ÉMILE"), (std::vector<std::string>{"e"})) << "ASCII letters folded";
  EXPECT_EQ(ids("émile"), (std::vector<std::string>{})) << "É and é are different characters";
  EXPECT_EQ(ids("été"), (std::vector<std::string>{}));
  EXPECT_EQ(ids("ÉTÉ"), (std::vector<std::string>{"e"}));
  EXPECT_EQ(ids("GRÜSSE"), (std::vector<std::string>{})) << "no Unicode case folding (ß is not ss)";
  EXPECT_EQ(ids("köln"), (std::vector<std::string>{"g"}));
  EXPECT_EQ(ids("KÖLN"), (std::vector<std::string>{})) << "Ö is not ö";
}

TEST_P(ListFiltersTest, PagingNeitherRepeatsNorSkipsWhileSessionsArrive) {
  for (int i = 0; i < 25; ++i) Create({.id = "s" + std::to_string(i)});
  std::set<std::string> seen;
  ListOptions o{.sort = ListOptions::Sort::kCreated, .limit = 10};
  int pages = 0, added = 0;
  for (;;) {
    auto page = store_->ListPage(o);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    for (const SessionInfo& r : page->rows) {
      EXPECT_TRUE(seen.insert(r.id).second) << r.id << " repeated";
    }
    ++pages;
    Create({.id = "new" + std::to_string(added++)});  // arrives between pages
    if (page->next_cursor.empty()) break;
    o.cursor = page->next_cursor;
  }
  for (int i = 0; i < 25; ++i) EXPECT_TRUE(seen.count("s" + std::to_string(i))) << "s" << i << " skipped";
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(store_->ListPage({.limit = 10, .cursor = "garbage"}).status().code(), StatusCode::kInvalidArgument);
}

INSTANTIATE_CONTRACT_TEST(ListFiltersTest);

}  // namespace
}  // namespace sessionstore
