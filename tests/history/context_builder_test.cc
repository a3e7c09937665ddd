#include "history/context_builder.h"

#include <gtest/gtest.h>

#include <deque>

namespace sessionstore::history {
namespace {

// Builds a chain of entries e1, e2, ... and the context of its end.
class ContextBuilderTest : public ::testing::Test {
 protected:
  Entry& Add(Record r) {
    Entry& e = entries_.emplace_back();
    static_cast<Record&>(e) = std::move(r);
    e.seq = entries_.size();
    e.id = "e" + std::to_string(entries_.size());
    if (entries_.size() > 1) e.parent = entries_[entries_.size() - 2].id;
    return e;
  }
  Entry& User(const std::string& text) { return Add(Record::FromMessage(Message::User(text))); }
  Entry& Calls(std::vector<std::string> ids) {
    Message m;
    m.role = kRoleAssistant;
    for (const std::string& id : ids) m.content.push_back(ContentBlock::ToolCall(id, "bash", "{}"));
    return Add(Record::FromMessage(m));
  }
  Entry& Results(std::vector<std::string> ids) {
    Message m;
    m.role = kRoleTool;
    for (const std::string& id : ids) m.content.push_back(ContentBlock::ToolResult(id, "out " + id));
    return Add(Record::FromMessage(m));
  }
  ContextView Build(size_t from = 0) {
    std::vector<const Entry*> path;
    for (size_t i = from; i < entries_.size(); ++i) path.push_back(&entries_[i]);
    return BuildContext(path);
  }
  static std::vector<std::string> Ids(const ContextView& v) {
    std::vector<std::string> ids;
    for (const ContextItem& i : v.items) ids.push_back(i.entry_id);
    return ids;
  }

  std::deque<Entry> entries_;
};

TEST_F(ContextBuilderTest, MessagesInOrderAndOtherRecordsLeftOut) {
  User("a");
  Add(Record::Title("t"));
  Add(Record::FromMessage(Message::Assistant("b")));
  Add(Record::Label("e1", "start"));
  Add(Record::ModelChange("m", "p"));
  Add(Record::Custom("app", {{"k", "1"}}));
  User("c");
  ContextView v = Build();
  EXPECT_EQ(Ids(v), (std::vector<std::string>{"e1", "e3", "e7"}));
  EXPECT_EQ(v.leaf, "e7");
  EXPECT_TRUE(v.compaction.empty());
  EXPECT_TRUE(v.repairs.empty());
  EXPECT_EQ(v.items[1].message.Text(), "b");
}

TEST_F(ContextBuilderTest, LatestCompactionGivesItsSummaryThenTheKeptEntries) {
  User("1");
  User("2");
  User("3");
  Add(Record::Compaction("old summary", "e2"));
  User("5");
  Add(Record::Compaction("new summary", "e3"));
  User("7");
  ContextView v = Build();
  ASSERT_EQ(v.items.size(), 4u);
  EXPECT_EQ(v.items[0].kind, ContextItem::Kind::kCompactionSummary);
  EXPECT_EQ(v.items[0].entry_id, "e6");
  EXPECT_NE(v.items[0].message.Text().find("new summary"), std::string::npos);
  EXPECT_EQ(v.items[0].message.role, kRoleUser);
  EXPECT_EQ(Ids(v), (std::vector<std::string>{"e6", "e3", "e5", "e7"})) << "the older compaction is not a message";
  EXPECT_EQ(v.compaction, "e6");
  EXPECT_EQ(v.summary, "new summary");
}

TEST_F(ContextBuilderTest, CompactionKeepingNothingLeavesOnlyItsSummaryAndWhatFollows) {
  User("1");
  Add(Record::Compaction("all of it", ""));
  User("3");
  EXPECT_EQ(Ids(Build()), (std::vector<std::string>{"e2", "e3"}));
}

TEST_F(ContextBuilderTest, BranchSummariesStandWhereTheyAre) {
  User("1");
  Add(Record::BranchSummary("tried X, failed", "e9"));
  User("3");
  ContextView v = Build();
  ASSERT_EQ(v.items.size(), 3u);
  EXPECT_EQ(v.items[1].kind, ContextItem::Kind::kBranchSummary);
  EXPECT_NE(v.items[1].message.Text().find("tried X, failed"), std::string::npos);
}

TEST_F(ContextBuilderTest, InterruptedCallsGetASyntheticErrorResultBeforeTheConversationMovesOn) {
  User("go");
  Calls({"c1", "c2"});
  Results({"c1"});  // c2 never answered
  User("next");
  Calls({"c3"});  // the agent died here
  ContextView v = Build();
  ASSERT_EQ(v.items.size(), 7u);
  EXPECT_EQ(v.items[3].kind, ContextItem::Kind::kInterruptedResult);
  EXPECT_EQ(v.items[3].entry_id, "e2");
  const ContentBlock& r = v.items[3].message.content.at(0);
  EXPECT_EQ(r.type, BlockType::kToolResult);
  EXPECT_EQ(r.id, "c2");
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.content.at(0).text, kInterruptedText);
  EXPECT_EQ(v.items[4].message.Text(), "next");
  EXPECT_EQ(v.items[6].kind, ContextItem::Kind::kInterruptedResult);
  EXPECT_EQ(v.items[6].message.content.at(0).id, "c3");
  ASSERT_EQ(v.repairs.size(), 2u);
  EXPECT_EQ(v.repairs[0].kind, ContextRepair::Kind::kInterruptedToolCall);
  EXPECT_EQ(v.repairs[0].call_id, "c2");
  EXPECT_EQ(v.repairs[1].call_id, "c3");
}

TEST_F(ContextBuilderTest, ResultsWithoutTheirCallAreLeftOutAndReported) {
  User("1");
  Calls({"c1"});
  User("2");
  Add(Record::Compaction("s", "e3"));  // c1's call is summarized away
  Results({"c1"});
  Calls({"c2"});
  Results({"c2", "c9"});
  ContextView v = Build();
  std::vector<std::string> ids = Ids(v);
  EXPECT_EQ(ids, (std::vector<std::string>{"e4", "e3", "e6", "e7"}));
  ASSERT_EQ(v.items.back().message.content.size(), 1u);
  EXPECT_EQ(v.items.back().message.content[0].id, "c2");
  ASSERT_EQ(v.repairs.size(), 2u);
  EXPECT_EQ(v.repairs[0].kind, ContextRepair::Kind::kOrphanToolResult);
  EXPECT_EQ(v.repairs[0].entry_id, "e5");
  EXPECT_EQ(v.repairs[1].call_id, "c9");
}

TEST_F(ContextBuilderTest, EmptyPathIsAnEmptyView) {
  ContextView v = Build();
  EXPECT_TRUE(v.items.empty());
  EXPECT_TRUE(v.leaf.empty());
}

}  // namespace
}  // namespace sessionstore::history
