// Store::Repair, on every backend: a damaged session is mended, what is
// taken out is kept, every other line stays byte for byte, a dry run and a
// whole session change nothing. Damage is planted behind the store's back
// where a backend can hold it (files, PostgreSQL).

#include <gtest/gtest.h>
#include <simdjson.h>

#include <sstream>

#include "sessionstore/json.h"
#include "testing/store_fixture.h"

namespace sessionstore {
namespace {

using testing::ContractTest;
using testing::UserText;

std::vector<std::string> LinesOf(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  return lines;
}

std::string Joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) out += l + "\n";
  return out;
}

// `line` with the first `from` replaced by `to`.
std::string Replaced(std::string line, const std::string& from, const std::string& to) {
  const size_t at = line.find(from);
  EXPECT_NE(at, std::string::npos) << from << " in " << line;
  return at == std::string::npos ? line : line.replace(at, from.size(), to);
}

std::vector<std::string> ContextTexts(Store& store, const std::string& id) {
  Result<ContextView> view = store.Context(id);
  EXPECT_TRUE(view.ok()) << view.status().ToString();
  std::vector<std::string> texts;
  if (view.ok()) {
    for (const ContextItem& item : view->items) texts.push_back(item.message.Text());
  }
  return texts;
}

class RepairTest : public ContractTest {};

TEST_P(RepairTest, AWholeSessionIsLeftUntouched) {
  const std::string id = Create();
  Append(id, {UserText("one"), UserText("two")});
  const std::string before = Stored(id);
  Result<RepairReport> r = store_->Repair(id);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->actions.empty());
  EXPECT_EQ(r->rejected, 0);
  EXPECT_TRUE(r->backup_place.empty());
  EXPECT_EQ(Stored(id), before);
  EXPECT_EQ(store_->Repair("no-such-session").status().code(), StatusCode::kNotFound);
}

TEST_P(RepairTest, BusyWhileAWriterHoldsTheSession) {
  const std::string id = Create();
  Append(id, {UserText("one")});
  auto writer = store_->OpenWriter(id);
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  EXPECT_EQ(store_->Repair(id).status().code(), StatusCode::kBusy);
}

class DamagedRepairTest : public ContractTest {};

TEST_P(DamagedRepairTest, BadLinesSecondCopiesAndLostParentsAreMendedAndKept) {
  const std::string id = Create();
  const std::vector<std::string> ids = Append(id, {UserText("one"), UserText("two"), UserText("three")});
  ASSERT_TRUE(store_->Label(id, ids[0], "start").ok());
  const std::vector<std::string> good = LinesOf(Stored(id));
  ASSERT_EQ(good.size(), 5u);  // header, three messages, a label
  // A line cut in the middle, a second copy of "two", "three" naming a
  // parent that is nowhere, a label of no entry.
  const std::string bad = R"({"type":"message","seq":7,"id":"cut-off)";
  const std::string lost_parent = Replaced(good[3], "\"parent\":\"" + ids[1] + "\"", "\"parent\":\"0000dead0000beef\"");
  const std::string stray_label = Replaced(good[4], "\"target\":\"" + ids[0] + "\"", "\"target\":\"0000000000000bad\"");
  const std::string planted = Joined({good[0], good[1], bad, good[2], good[2], lost_parent, good[4], stray_label});
  ASSERT_TRUE(Plant(id, planted));
  ASSERT_EQ(Stored(id), planted);

  Result<RepairReport> dry = store_->Repair(id, {.dry_run = true});
  ASSERT_TRUE(dry.ok()) << dry.status().ToString();
  EXPECT_EQ(dry->actions.size(), 4u);
  EXPECT_EQ(dry->rejected, 3);
  EXPECT_TRUE(dry->backup_place.empty());
  EXPECT_EQ(Stored(id), planted) << "a dry run changes nothing";
  EXPECT_EQ(Rejected(id), "");

  Result<RepairReport> r = store_->Repair(id);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->actions.size(), 4u);
  EXPECT_EQ(r->actions[0].line, 3);
  EXPECT_NE(r->actions[0].what.find("set aside"), std::string::npos) << r->actions[0].what;
  EXPECT_EQ(r->actions[1].line, 5);
  EXPECT_NE(r->actions[1].what.find("second copy of line 4"), std::string::npos) << r->actions[1].what;
  EXPECT_EQ(r->actions[2].line, 6);
  EXPECT_NE(r->actions[2].what.find("re-linked to the entry before it, " + ids[1]), std::string::npos)
      << r->actions[2].what;
  EXPECT_EQ(r->actions[3].line, 8);
  EXPECT_NE(r->actions[3].what.find("a label on 0000000000000bad"), std::string::npos) << r->actions[3].what;
  EXPECT_EQ(r->rejected, 3);
  EXPECT_FALSE(r->rejected_place.empty());
  EXPECT_FALSE(r->backup_place.empty());

  // The session reads whole, the untouched lines as they were, the context
  // as the agent wrote it.
  const std::vector<std::string> now = LinesOf(Stored(id));
  ASSERT_EQ(now.size(), 5u);
  EXPECT_EQ(now[0], good[0]);
  EXPECT_EQ(now[1], good[1]);
  EXPECT_EQ(now[2], good[2]);
  EXPECT_EQ(now[4], good[4]);
  Result<Session> s = store_->Load(id);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_TRUE(s->report.skipped.empty());
  ASSERT_EQ(s->entries.size(), 4u);
  EXPECT_EQ(s->entries[2].id, ids[2]);
  EXPECT_EQ(s->entries[2].parent, ids[1]);
  EXPECT_EQ(ContextTexts(*store_, id), (std::vector<std::string>{"one", "two", "three"}));
  Result<std::vector<SessionInfo>> listed = store_->List({.id_prefix = id});
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].message_count, 3);

  // Nothing is lost: the rejected lines hold what was taken out, the
  // backup the session as it was.
  const std::vector<std::string> rejected = LinesOf(Rejected(id));
  ASSERT_EQ(rejected.size(), 3u);
  const std::string all = Rejected(id);
  EXPECT_NE(all.find(sessionstore::JsonString(bad)), std::string::npos) << all;
  EXPECT_NE(all.find(sessionstore::JsonString(good[2])), std::string::npos) << all;
  EXPECT_NE(all.find(sessionstore::JsonString(stray_label)), std::string::npos) << all;
  simdjson::dom::parser parser;
  for (const std::string& line : rejected) {
    simdjson::dom::object o;
    ASSERT_EQ(parser.parse(line).get_object().get(o), simdjson::SUCCESS) << line;
    std::string_view reason;
    EXPECT_EQ(o["reason"].get_string().get(reason), simdjson::SUCCESS) << line;
  }
  EXPECT_EQ(Backup(id), planted);

  // Mended: a second repair finds nothing and keeps the backup.
  Result<RepairReport> again = store_->Repair(id);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_TRUE(again->actions.empty());
  EXPECT_EQ(Backup(id), planted);
  EXPECT_EQ(LinesOf(Rejected(id)).size(), 3u);
}

TEST_P(DamagedRepairTest, AReusedIdGetsANewOneAndItsChildrenFollowIt) {
  const std::string id = Create();
  const std::vector<std::string> ids = Append(id, {UserText("one"), UserText("two"), UserText("three")});
  const std::vector<std::string> good = LinesOf(Stored(id));
  // "two" written twice under one id (with a seq that does not increase),
  // the second time with other text; "three" follows the second.
  const std::string other = Replaced(good[2], "\"two\"", "\"two, again\"");
  ASSERT_TRUE(Plant(id, Joined({good[0], good[1], good[2], other, good[3]})));

  Result<RepairReport> r = store_->Repair(id);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->actions.size(), 3u);
  EXPECT_EQ(r->actions[0].line, 4);
  EXPECT_NE(r->actions[0].what.find("was used before"), std::string::npos) << r->actions[0].what;
  EXPECT_NE(r->actions[1].what.find("seq 2 after seq 2: now 3"), std::string::npos) << r->actions[1].what;
  EXPECT_EQ(r->actions[2].line, 5);
  EXPECT_NE(r->actions[2].what.find("seq 3 after seq 3: now 4"), std::string::npos) << r->actions[2].what;
  EXPECT_EQ(r->rejected, 0);

  Result<Session> s = store_->Load(id);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ASSERT_EQ(s->entries.size(), 4u);
  const std::string renamed = s->entries[2].id;
  EXPECT_NE(renamed, ids[1]);
  EXPECT_EQ(s->entries[2].parent, ids[0]) << "a sibling of the first copy, as written";
  EXPECT_EQ(s->entries[2].seq, 3u);
  EXPECT_EQ(s->entries[3].parent, renamed) << "the child follows the entry it was written after";
  EXPECT_EQ(s->entries[3].seq, 4u);
  EXPECT_EQ(ContextTexts(*store_, id), (std::vector<std::string>{"one", "two, again", "three"}));
  EXPECT_EQ(LinesOf(Stored(id))[2], good[2]) << "the first copy stays byte for byte";
}

INSTANTIATE_CONTRACT_TEST(RepairTest);
INSTANTIATE_TEST_SUITE_P(Stores, DamagedRepairTest, ::testing::ValuesIn(testing::BackendNames({.plantable = true})),
                         testing::BackendName);

}  // namespace
}  // namespace sessionstore
