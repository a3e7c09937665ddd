// History, on both stores: context, branches, forks, labels, the seeds'
// operations, Compact and cleanup.

#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include "testing/store_fixture.h"

namespace sessionstore {
namespace {

using testing::ContractTest;
using testing::UserText;

std::vector<std::string> Texts(const ContextView& v) {
  std::vector<std::string> t;
  for (const ContextItem& i : v.items) t.push_back(i.message.Text());
  return t;
}

class HistoryTest : public ContractTest {
 protected:
  void SetUp() override {
    ContractTest::SetUp();
    if (HasFatalFailure()) return;
    ids_ = Append(Create({.id = "h"}), {UserText("one"), UserText("two"), UserText("three")});
  }
  std::vector<std::string> ids_;
};

TEST_P(HistoryTest, ContextOfTheLatestAndOfAnyLeaf) {
  auto v = store_->Context("h");
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(Texts(*v), (std::vector<std::string>{"one", "two", "three"}));
  EXPECT_EQ(v->leaf, ids_[2]);
  auto at = store_->Context("h", {.leaf = ids_[1]});
  EXPECT_EQ(Texts(*at), (std::vector<std::string>{"one", "two"}));
  EXPECT_EQ(store_->Context("h", {.leaf = "nope"}).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->Context("missing").status().code(), StatusCode::kNotFound);
}

TEST_P(HistoryTest, AppendingAfterMovingTheLeafMakesABranch) {
  auto w = store_->OpenWriter("h");
  ASSERT_TRUE(w.ok());
  EXPECT_EQ((*w)->SetLeaf("nope").code(), StatusCode::kNotFound);
  ASSERT_TRUE((*w)->SetLeaf(ids_[0]).ok());
  auto alt = (*w)->Append(UserText("two, again"));
  ASSERT_TRUE(alt.ok());
  ASSERT_TRUE((*w)->Close().ok());
  auto latest = store_->Context("h");
  EXPECT_EQ(Texts(*latest), (std::vector<std::string>{"one", "two, again"}));
  EXPECT_EQ(Texts(*store_->Context("h", {.leaf = ids_[2]})), (std::vector<std::string>{"one", "two", "three"}));
  auto branches = store_->Branches("h");
  ASSERT_TRUE(branches.ok());
  ASSERT_EQ(branches->size(), 2u);
  EXPECT_EQ((*branches)[0].leaf, ids_[2]);
  EXPECT_EQ((*branches)[0].message_count, 3);
  EXPECT_EQ((*branches)[1].leaf, *alt);
  EXPECT_EQ((*branches)[1].message_count, 2);
  EXPECT_GE((*branches)[1].updated_ms, (*branches)[0].updated_ms);
}

TEST_P(HistoryTest, ForkCopiesThePathAndNamesItsParent) {
  auto fork = store_->Fork("h", ids_[1], {.id = "h2"});
  ASSERT_TRUE(fork.ok()) << fork.status().ToString();
  ASSERT_TRUE(fork->parent.has_value());
  EXPECT_EQ(fork->parent->session, "h");
  EXPECT_EQ(fork->parent->entry, ids_[1]);
  auto loaded = store_->Load("h2");
  ASSERT_TRUE(loaded.ok());
  ASSERT_EQ(loaded->entries.size(), 2u);
  EXPECT_EQ(loaded->entries[1].id, ids_[1]);
  EXPECT_EQ(loaded->entries[1].seq, 2u);
  EXPECT_EQ(loaded->entries[1].parent, ids_[0]);
  ASSERT_TRUE(loaded->header.parent.has_value());
  auto rows = store_->List();
  for (const SessionInfo& row : *rows) {
    if (row.id == "h2") {
      ASSERT_TRUE(row.parent.has_value());
      EXPECT_EQ(row.parent->session, "h");
    }
  }
  EXPECT_EQ(store_->Fork("h", "nope").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->Fork("h", ids_[0], {.id = "h2"}).status().code(), StatusCode::kAlreadyExists);
}

TEST_P(HistoryTest, LabelsReplaceAndClearAndFilterTheList) {
  ASSERT_TRUE(store_->Label("h", ids_[0], "start").ok());
  ASSERT_TRUE(store_->Label("h", ids_[2], "good").ok());
  ASSERT_TRUE(store_->Label("h", ids_[0], "beginning").ok());
  EXPECT_EQ(store_->Label("h", "nope", "x").code(), StatusCode::kNotFound);
  auto labels = store_->Labels("h");
  ASSERT_TRUE(labels.ok());
  ASSERT_EQ(labels->size(), 2u);
  EXPECT_EQ((*labels)[0].entry_id, ids_[0]);
  EXPECT_EQ((*labels)[0].label, "beginning");
  EXPECT_EQ((*labels)[1].label, "good");
  Create({.id = "other"});
  auto by_label = store_->List({.label = "good"});
  ASSERT_EQ(by_label->size(), 1u);
  EXPECT_EQ(by_label->front().id, "h");
  EXPECT_EQ(by_label->front().labels, (std::vector<std::string>{"beginning", "good"}));
  ASSERT_TRUE(store_->Label("h", ids_[2], "").ok());
  EXPECT_TRUE(store_->List({.label = "good"})->empty());
  EXPECT_EQ(store_->Labels("h")->size(), 1u);
  const std::string odd = "a \"quoted\", {braced} \\ label, NULL";
  ASSERT_TRUE(store_->Label("h", ids_[1], odd).ok());
  labels = store_->Labels("h");
  ASSERT_TRUE(labels.ok());
  ASSERT_EQ(labels->size(), 2u);
  EXPECT_EQ((*labels)[1].label, odd);
  auto by_odd = store_->List({.label = odd});
  ASSERT_TRUE(by_odd.ok());
  ASSERT_EQ(by_odd->size(), 1u);
  EXPECT_EQ(by_odd->front().labels, (std::vector<std::string>{odd, "beginning"}));
  ASSERT_TRUE(store_->Compact("h").ok());
  EXPECT_EQ(store_->List({.label = odd})->size(), 1u) << "a rewrite keeps it";
  // Labels that look like the catalog's own encoding, and non-ASCII ones.
  const std::string digits = "12:ab", colon = ":", unicode = "étiquette 日本";
  ASSERT_TRUE(store_->Label("h", ids_[2], digits).ok());
  ASSERT_TRUE(store_->Label("h", ids_[0], colon).ok());
  ASSERT_TRUE(store_->Label("h", ids_[1], unicode).ok());
  auto rows = store_->List({.limit = 1});
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->front().labels, (std::vector<std::string>{digits, colon, unicode})) << "sorted by byte";
}

TEST_P(HistoryTest, SummariesAndTruncationKeepTheFileWhole) {
  EXPECT_EQ(*store_->GetSummary("h"), "");
  ASSERT_TRUE(store_->SetSummary("h", "greetings were exchanged").ok());
  EXPECT_EQ(*store_->GetSummary("h"), "greetings were exchanged");
  auto v = store_->Context("h");
  EXPECT_EQ(v->items.size(), 4u) << "the summary, then everything still in context";
  ASSERT_TRUE(store_->TruncateHistory("h", 2).ok());
  v = store_->Context("h");
  ASSERT_EQ(v->items.size(), 3u);
  EXPECT_EQ(v->items[0].kind, ContextItem::Kind::kCompactionSummary);
  EXPECT_EQ(v->summary, "greetings were exchanged") << "truncation keeps the summary";
  EXPECT_EQ(Texts(*v)[1], "two");
  EXPECT_EQ(store_->Load("h")->entries.size(), 5u) << "the file keeps everything";
  ASSERT_TRUE(store_->TruncateHistory("h", 5).ok());
  EXPECT_EQ(store_->Load("h")->entries.size(), 5u) << "nothing to truncate: nothing appended";
  ASSERT_TRUE(store_->TruncateHistory("h", 0).ok());
  EXPECT_EQ(store_->Context("h")->items.size(), 1u);
}

// Truncation with no summary to keep puts no summary item first.
TEST_P(HistoryTest, TruncationWithoutASummaryAddsNoSummaryItem) {
  auto report = store_->TruncateHistory("h", 2);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->truncated);
  EXPECT_EQ(report->kept, 2u);
  EXPECT_EQ(report->first_kept, ids_[1]);
  auto v = store_->Context("h");
  EXPECT_EQ(Texts(*v), (std::vector<std::string>{"two", "three"})) << "no empty summary message";
  for (const ContextItem& i : v->items) EXPECT_EQ(i.kind, ContextItem::Kind::kMessage);
}

// The cut falls between turns: a tool's result is never parted from the
// call it answers, and the report says how far the cut moved.
TEST_P(HistoryTest, TruncationCutsBetweenTurnsAndSaysWhere) {
  Message call;
  call.role = kRoleAssistant;
  call.content.push_back(ContentBlock::ToolCall("c1", "ls", "{}"));
  Message result;
  result.role = kRoleTool;
  result.content.push_back(ContentBlock::ToolResult("c1", "a.txt"));
  std::vector<std::string> ids = Append(
      "h", {Record::FromMessage(call), Record::FromMessage(result), Record::FromMessage(Message::Assistant("done"))});
  auto report = store_->TruncateHistory("h", 2);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->kept, 3u);
  EXPECT_EQ(report->widened, 1u);
  EXPECT_EQ(report->first_kept, ids[0]) << "from the call";
  auto v = store_->Context("h");
  ASSERT_EQ(v->items.size(), 3u);
  EXPECT_EQ(v->items[0].message.content.at(0).type, BlockType::kToolCall);
  EXPECT_TRUE(v->repairs.empty()) << "nothing to repair: the result has its call";
}

// An agent that holds its writer titles, labels, summarises and truncates
// through it; the calls that take an id are Busy meanwhile.
TEST_P(HistoryTest, AWriterHeldSessionIsChangedThroughItsWriter) {
  auto w = store_->OpenWriter("h", {.durability = Durability::kBuffered});
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(store_->Rename("h", "busy").code(), StatusCode::kBusy);
  ASSERT_TRUE((*w)->Append(UserText("four")).ok());  // buffered: not in the file yet
  ASSERT_TRUE(store_->Rename(**w, "Titled mid-session").ok());
  ASSERT_TRUE(store_->Label(**w, ids_[0], "start").ok());
  EXPECT_EQ(store_->Label(**w, "nope", "x").code(), StatusCode::kNotFound);
  ASSERT_TRUE(store_->SetSummary(**w, "counting").ok());
  auto report = store_->TruncateHistory(**w, 2);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->kept, 2u);
  ASSERT_TRUE((*w)->Append(UserText("five")).ok());
  ASSERT_TRUE((*w)->Close().ok());
  EXPECT_EQ(Texts(*store_->Context("h")),
            (std::vector<std::string>{"Summary of the conversation so far:\n\ncounting", "three", "four", "five"}));
  auto rows = store_->List();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->front().title, "Titled mid-session");
  EXPECT_EQ(rows->front().labels, (std::vector<std::string>{"start"}));
}

// After a rename, the current title everywhere: Load, Title, the listing.
TEST_P(HistoryTest, ARenamedSessionHasItsNewTitleEverywhere) {
  ASSERT_TRUE(store_->Rename("h", "First").ok());
  Append("h", {UserText("four")});
  ASSERT_TRUE(store_->Rename("h", "Second").ok());
  EXPECT_EQ(store_->Load("h")->header.title, "Second");
  EXPECT_EQ(*store_->Title("h"), "Second");
  EXPECT_EQ(store_->List()->front().title, "Second");
  Create({.id = "plain", .title = "As made"});
  EXPECT_EQ(*store_->Title("plain"), "As made");
  EXPECT_EQ(store_->Load("plain")->header.title, "As made");
}

TEST_P(HistoryTest, SetHistoryStartsANewRootOrRewrites) {
  std::vector<Message> fresh = {Message::User("new start"), Message::Assistant("ok")};
  auto ids = store_->SetHistory("h", fresh);
  ASSERT_TRUE(ids.ok()) << ids.status().ToString();
  EXPECT_EQ(Texts(*store_->Context("h")), (std::vector<std::string>{"new start", "ok"}));
  auto loaded = store_->Load("h");
  EXPECT_EQ(loaded->entries.size(), 5u);
  EXPECT_TRUE(loaded->entries[3].parent.empty()) << "a new root";

  const std::string before = Stored("h");
  auto rewritten = store_->SetHistory("h", fresh, {.rewrite = true});
  ASSERT_TRUE(rewritten.ok());
  loaded = store_->Load("h");
  ASSERT_EQ(loaded->entries.size(), 2u);
  EXPECT_EQ(loaded->entries[0].id, (*rewritten)[0]);
  EXPECT_EQ(Stored("h").substr(0, before.find('\n')), before.substr(0, before.find('\n')))
      << "the header stays as it was";
}

TEST_P(HistoryTest, CompactDropsWhatNoContextReachesAndKeepsEveryContext) {
  auto w = store_->OpenWriter("h");
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE((*w)->Append(Record::Custom("app_state", {{"k", "{\"v\":1}"}})).ok());
  ASSERT_TRUE((*w)->Append(Record::Title("Titled")).ok());
  ASSERT_TRUE((*w)->Close().ok());
  ASSERT_TRUE(store_->Label("h", ids_[2], "keep").ok());
  ASSERT_TRUE(store_->TruncateHistory("h", 1).ok());
  std::vector<std::string> tail_ids = Append("h", {UserText("four")});
  const ContextView before = *store_->Context("h");
  auto report = store_->Compact("h");
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_LT(report->bytes_after, report->bytes_before);
  EXPECT_EQ(report->bytes_after, Stored("h").size()) << "the size of the session as a file";
  EXPECT_LT(report->entries_after, report->entries_before);
  const ContextView after = *store_->Context("h");
  EXPECT_EQ(Texts(after), Texts(before));
  auto loaded = store_->Load("h");
  ASSERT_TRUE(loaded.ok());
  EXPECT_TRUE(loaded->report.skipped.empty());
  bool custom = false;
  for (const Entry& e : loaded->entries) custom |= e.type == RecordType::kUnknown && e.type_name == "app_state";
  EXPECT_TRUE(custom) << "custom records are kept";
  EXPECT_EQ(store_->List()->front().title, "Titled");
  EXPECT_EQ(store_->Labels("h")->size(), 1u);
  for (const Entry& e : loaded->entries) EXPECT_NE(e.message.Text(), "one") << "summarized away and compacted";
  auto again = store_->Compact("h");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->bytes_after, again->bytes_before) << "nothing more to drop";
}

TEST_P(ContractTest, CleanupOlderThanRemovesOnlyOldSessions) {
  Create({.id = "old1"});
  Create({.id = "old2"});
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  const int64_t cut =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  Create({.id = "new"});
  ASSERT_TRUE(store_->Archive("old2").ok());
  auto dry = store_->CleanupOlderThan(cut, {.dry_run = true});
  ASSERT_TRUE(dry.ok());
  EXPECT_EQ(dry->size(), 2u);
  EXPECT_EQ(store_->List({.include_archived = true})->size(), 3u) << "a dry run removes nothing";
  auto held = store_->OpenWriter("old1");
  auto real = store_->CleanupOlderThan(cut);
  ASSERT_TRUE(real.ok());
  ASSERT_EQ(real->size(), 1u) << "a session held by a writer is skipped";
  EXPECT_EQ(real->front().id, "old2");
  (*held)->Close().ok();
  EXPECT_TRUE(*store_->Exists("new"));
}

// PopMessage: the Agents SDK's pop_item; the file keeps the message.
TEST_P(HistoryTest, PopMessageTakesTheLatestMessageOutOfTheContextAndTheFileKeepsIt) {
  Result<Entry> popped = store_->PopMessage("h");
  ASSERT_TRUE(popped.ok()) << popped.status().ToString();
  EXPECT_EQ(popped->id, ids_[2]);
  EXPECT_EQ(popped->message.Text(), "three");
  EXPECT_EQ(Texts(*store_->Context("h")), (std::vector<std::string>{"one", "two"}));
  ASSERT_TRUE(store_->PopMessage("h").ok());
  EXPECT_EQ(Texts(*store_->Context("h")), (std::vector<std::string>{"one"}));
  Append("h", {UserText("two again")});
  EXPECT_EQ(Texts(*store_->Context("h")), (std::vector<std::string>{"one", "two again"}));
  const Session all = *store_->Load("h");
  EXPECT_EQ(all.entries.size(), 6u) << "three messages, two undo records, the new one";
  EXPECT_EQ(all.entries[3].type_name, kUndoRecord);
  EXPECT_EQ(all.entries[3].parent, ids_[1]) << "a sibling of the message it took out";
  ASSERT_TRUE(store_->PopMessage("h").ok());
  ASSERT_TRUE(store_->PopMessage("h").ok());
  EXPECT_TRUE(Texts(*store_->Context("h")).empty());
  EXPECT_EQ(store_->PopMessage("h").status().code(), StatusCode::kFailedPrecondition) << "nothing left";
  Append("h", {UserText("fresh")});
  EXPECT_EQ(Texts(*store_->Context("h")), (std::vector<std::string>{"fresh"}));
  // Behind a summary: refused, not silently taking the summary out too.
  ASSERT_TRUE(store_->SetSummary("h", "the story so far").ok());
  EXPECT_EQ(store_->PopMessage("h").status().code(), StatusCode::kFailedPrecondition);
  // Through a held writer, as an agent pops mid-session.
  auto w = store_->OpenWriter("h");
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE((*w)->Append(UserText("typo")).ok());
  EXPECT_EQ(store_->PopMessage("h").status().code(), StatusCode::kBusy);
  Result<Entry> through = store_->PopMessage(**w);
  ASSERT_TRUE(through.ok()) << through.status().ToString();
  EXPECT_EQ(through->message.Text(), "typo");
  ASSERT_TRUE((*w)->Append(UserText("fixed")).ok());
  ASSERT_TRUE((*w)->Close().ok());
  const std::vector<std::string> texts = Texts(*store_->Context("h"));
  EXPECT_EQ(texts.back(), "fixed");
  EXPECT_EQ(std::count(texts.begin(), texts.end(), "typo"), 0);
}

TEST_P(HistoryTest, ACompactDryRunReportsWithoutWriting) {
  ASSERT_TRUE(store_->TruncateHistory("h", 1).ok());  // "one" and "two" no context reaches
  const Session before = *store_->Load("h");
  Result<CompactReport> dry = store_->Compact("h", {.dry_run = true});
  ASSERT_TRUE(dry.ok()) << dry.status().ToString();
  EXPECT_LT(dry->bytes_after, dry->bytes_before);
  EXPECT_EQ(store_->Load("h")->entries.size(), before.entries.size()) << "nothing written";
  Result<CompactReport> real = store_->Compact("h");
  ASSERT_TRUE(real.ok());
  EXPECT_EQ(real->bytes_after, dry->bytes_after) << "the dry run said what the real one did";
  EXPECT_EQ(real->entries_after, dry->entries_after);
}

TEST_P(HistoryTest, CompactNeedsTheLock) {
  auto w = store_->OpenWriter("h");
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(store_->Compact("h").status().code(), StatusCode::kBusy);
  EXPECT_EQ(store_->SetHistory("h", std::vector<Message>{Message::User("x")}, {.rewrite = true}).status().code(),
            StatusCode::kBusy);
  ASSERT_TRUE((*w)->Close().ok());
  EXPECT_TRUE(store_->Compact("h").ok());
}

INSTANTIATE_CONTRACT_TEST(HistoryTest);
INSTANTIATE_CONTRACT_TEST(ContractTest);

}  // namespace
}  // namespace sessionstore
