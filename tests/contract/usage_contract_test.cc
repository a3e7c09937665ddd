// Store::Usage, on every backend: the totals are the sum of the sessions'
// usage, to the token and the cent, however grouped.

#include <gtest/gtest.h>

#include <map>

#include "testing/store_fixture.h"

namespace sessionstore {
namespace {

using testing::ContractTest;
using testing::UserText;

class UsageTest : public ContractTest {
 protected:
  static Record Answer(const std::string& model, int64_t in, int64_t out, double cost, int64_t ts_ms = 0) {
    Message m = Message::Assistant("answer");
    m.model = model;
    m.usage = Usage{.input_tokens = in,
                    .output_tokens = out,
                    .cache_read_tokens = in / 2,
                    .cache_write_tokens = 1,
                    .cost_usd = cost};
    Record r = Record::FromMessage(std::move(m));
    r.timestamp_ms = ts_ms;
    return r;
  }
  // The sum, read back from every session, that Usage must match.
  UsageRow SumOfSessions() {
    UsageRow sum;
    const std::vector<SessionInfo> sessions = *store_->List({.include_archived = true});
    for (const SessionInfo& info : sessions) {
      const Session session = *store_->Load(info.id);
      for (const Entry& e : session.entries) {
        const Usage* u = e.type == RecordType::kUsage                        ? &e.usage
                         : e.type == RecordType::kMessage && e.message.usage ? &*e.message.usage
                                                                             : nullptr;
        if (e.type == RecordType::kMessage) ++sum.messages;
        if (u == nullptr) continue;
        sum.input_tokens += u->input_tokens;
        sum.output_tokens += u->output_tokens;
        sum.cache_read_tokens += u->cache_read_tokens;
        sum.cache_write_tokens += u->cache_write_tokens;
        sum.cost_usd += u->cost_usd;
      }
    }
    return sum;
  }
};

TEST_P(UsageTest, TotalsAreTheSumOfTheSessionsUsageHoweverGrouped) {
  const int64_t day_ms = 86400 * 1000;
  const int64_t t0 = 1763800000000;  // 2025-11-22, in the past: stamped as given
  Append(Create({.id = "a", .workspace = "/w1", .model = "m-small", .provider = "p1"}),
         {UserText("q"), Answer("", 100, 10, 0.25, t0), Answer("m-big", 1000, 100, 2.5, t0 + day_ms)});
  Append(Create({.id = "b", .workspace = "/w2", .model = "m-big", .provider = "p2"}),
         {UserText("q"), Answer("", 7, 3, 0.125, t0 + 2 * day_ms)});
  Record loose = Record::FromUsage(Usage{.input_tokens = 5, .output_tokens = 5, .cost_usd = 0.5});
  loose.timestamp_ms = t0 + 2 * day_ms;
  Append("b", {Record::ModelChange("m-other", "p2"), loose});
  ASSERT_TRUE(store_->Archive("b").ok());
  const UsageRow sum = SumOfSessions();
  // A fork holds copies of its parent's entries: spent once, counted once.
  const Session a = *store_->Load("a");
  ASSERT_TRUE(store_->Fork("a", a.entries.back().id, {.id = "a-fork"}).ok());
  Append("a-fork", {Answer("m-big", 1, 1, 1.0)});
  ASSERT_EQ(SumOfSessions().input_tokens, 2 * 1100 + 7 + 5 + 1) << "the copies are in the fork's file";
  ASSERT_EQ(sum.input_tokens, 1112);
  for (UsageOptions::By by : {UsageOptions::By::kTotal, UsageOptions::By::kDay, UsageOptions::By::kWeek,
                              UsageOptions::By::kMonth, UsageOptions::By::kModel, UsageOptions::By::kProvider,
                              UsageOptions::By::kWorkspace, UsageOptions::By::kSession}) {
    Result<std::vector<UsageRow>> rows = store_->Usage({.by = by});
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();
    UsageRow total;
    for (const UsageRow& r : *rows) {
      total.messages += r.messages;
      total.input_tokens += r.input_tokens;
      total.output_tokens += r.output_tokens;
      total.cache_read_tokens += r.cache_read_tokens;
      total.cache_write_tokens += r.cache_write_tokens;
      total.cost_usd += r.cost_usd;
    }
    // The sum before the fork, and what the fork spent itself.
    EXPECT_EQ(total.messages, sum.messages + 1) << static_cast<int>(by);
    EXPECT_EQ(total.input_tokens, sum.input_tokens + 1) << static_cast<int>(by);
    EXPECT_EQ(total.output_tokens, sum.output_tokens + 1) << static_cast<int>(by);
    EXPECT_EQ(total.cache_read_tokens, sum.cache_read_tokens) << static_cast<int>(by);
    EXPECT_EQ(total.cache_write_tokens, sum.cache_write_tokens + 1) << static_cast<int>(by);
    EXPECT_EQ(total.cost_usd, sum.cost_usd + 1.0) << static_cast<int>(by) << ": costs exact in binary stay exact";
  }
  auto by = [&](UsageOptions::By group) {
    std::map<std::string, UsageRow> out;
    Result<std::vector<UsageRow>> rows = store_->Usage({.by = group});
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    for (const UsageRow& r : *rows) out[r.key] = r;
    return out;
  };
  // A message's own model, else the session's model at that point.
  auto models = by(UsageOptions::By::kModel);
  EXPECT_EQ(models["m-small"].input_tokens, 100);
  EXPECT_EQ(models["m-big"].input_tokens, 1008) << "a's, b's and the fork's own";
  EXPECT_EQ(models["m-other"].input_tokens, 5) << "the usage record, after the model change";
  EXPECT_EQ(by(UsageOptions::By::kSession)["a"].sessions, 1);
  EXPECT_EQ(by(UsageOptions::By::kWorkspace)["/w2"].cost_usd, 0.625);
  EXPECT_EQ(by(UsageOptions::By::kProvider)["p1"].output_tokens, 111);
  EXPECT_EQ(by(UsageOptions::By::kTotal)["total"].sessions, 3);
  // Time: the day each was recorded; bounds by the hour.
  Result<std::vector<UsageRow>> days = store_->Usage({.by = UsageOptions::By::kDay, .since_ms = t0 + day_ms});
  ASSERT_TRUE(days.ok());
  int64_t since_input = 0;
  for (const UsageRow& r : *days) since_input += r.input_tokens;
  EXPECT_EQ(since_input, 1013) << "the first day left out";
  Result<std::vector<UsageRow>> window =
      store_->Usage({.by = UsageOptions::By::kTotal, .since_ms = t0, .until_ms = t0 + day_ms});
  ASSERT_TRUE(window.ok());
  ASSERT_EQ(window->size(), 1u);
  EXPECT_EQ(window->front().input_tokens, 100);
  EXPECT_EQ(store_->Usage({.until_ms = t0 + 3 * day_ms, .include_archived = false})->size(), 2u)
      << "b's day is left out with it";
  EXPECT_EQ(store_->Usage({.by = UsageOptions::By::kTotal, .workspace = "/w1"})->front().cost_usd, 3.75)
      << "a's 2.75 and the fork's own 1.0";
}

// The accounting follows a session as it grows and as it is rewritten.
TEST_P(UsageTest, TheAccountingFollowsAppendsAndRewrites) {
  Append(Create({.id = "g"}), {Answer("m", 1, 1, 0.5)});
  EXPECT_EQ(store_->Usage({.by = UsageOptions::By::kTotal})->front().cost_usd, 0.5);
  Append("g", {Answer("m", 2, 2, 0.25)});
  EXPECT_EQ(store_->Usage({.by = UsageOptions::By::kTotal})->front().input_tokens, 3) << "the grown tail counts";
  ASSERT_TRUE(store_->SetHistory("g", std::vector<Message>{Message::User("only this")}, {.rewrite = true}).ok());
  Result<std::vector<UsageRow>> after = store_->Usage({.by = UsageOptions::By::kTotal});
  ASSERT_TRUE(after.ok());
  ASSERT_EQ(after->size(), 1u);
  EXPECT_EQ(after->front().input_tokens, 0) << "a rewrite takes its usage with it";
  EXPECT_EQ(after->front().messages, 1);
  ASSERT_TRUE(store_->Delete("g").ok());
  EXPECT_TRUE(store_->Usage()->empty());
}

INSTANTIATE_CONTRACT_TEST(UsageTest);

}  // namespace
}  // namespace sessionstore
