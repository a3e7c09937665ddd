// A randomised history — 10,000 entries, 50 branches, 20 compactions,
// labels, branch summaries, custom records, interrupted tool calls and
// orphaned results — where Context for every leaf equals a brute-force
// reference written here, before and after Compact and after reopening.

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>

#include "testing/store_fixture.h"

namespace sessionstore {
namespace {

constexpr int kEntries = 10000;
constexpr int kBranches = 50;
constexpr int kCompactions = 20;

// The context by the book, from the whole session: walk up from the leaf,
// take the latest compaction's summary and the entries from its first kept
// one, then repair tool calls in one plain pass.
ContextView Reference(const std::vector<Entry>& all, const std::string& leaf) {
  std::map<std::string, const Entry*> by_id;
  for (const Entry& e : all) by_id[e.id] = &e;
  std::vector<const Entry*> path = {by_id.at(leaf)};
  while (!path.back()->parent.empty() && by_id.count(path.back()->parent) != 0) {
    path.push_back(by_id.at(path.back()->parent));
  }
  std::reverse(path.begin(), path.end());
  std::vector<ContextItem> raw;
  int compaction = -1;
  for (int i = 0; i < static_cast<int>(path.size()); ++i) {
    if (path[i]->type == RecordType::kCompaction) compaction = i;
  }
  int start = 0;
  ContextView v;
  v.leaf = leaf;
  if (compaction >= 0) {
    start = compaction + 1;
    for (int i = 0; i < compaction; ++i) {
      if (path[i]->id == path[compaction]->first_kept) start = i;
    }
    v.compaction = path[compaction]->id;
    v.summary = path[compaction]->summary;
    raw.push_back({ContextItem::Kind::kCompactionSummary, path[compaction]->id,
                   Message::User("Summary of the conversation so far:\n\n" + path[compaction]->summary)});
  }
  for (int i = start; i < static_cast<int>(path.size()); ++i) {
    if (path[i]->type == RecordType::kMessage)
      raw.push_back({ContextItem::Kind::kMessage, path[i]->id, path[i]->message});
    if (path[i]->type == RecordType::kBranchSummary) {
      raw.push_back({ContextItem::Kind::kBranchSummary, path[i]->id,
                     Message::User("Summary of a branch explored and left:\n\n" + path[i]->summary)});
    }
  }
  std::set<std::string> calls, answered;
  std::vector<std::pair<std::string, const ContentBlock*>> pending;  // entry, call
  auto interrupt = [&] {
    for (auto& [entry, call] : pending) {
      if (answered.count(call->id)) continue;
      answered.insert(call->id);
      Message m;
      m.role = kRoleTool;
      ContentBlock r =
          ContentBlock::ToolResult(call->id, "The tool call was interrupted: no result was recorded.", true);
      r.name = call->name;
      m.content.push_back(r);
      v.items.push_back({ContextItem::Kind::kInterruptedResult, entry, m});
      v.repairs.push_back({ContextRepair::Kind::kInterruptedToolCall, entry, call->id});
    }
    pending.clear();
  };
  for (ContextItem& item : raw) {
    bool results_only = !item.message.content.empty();
    for (const ContentBlock& b : item.message.content) results_only &= b.type == BlockType::kToolResult;
    if (!results_only) interrupt();
    std::vector<ContentBlock> kept;
    for (const ContentBlock& b : item.message.content) {
      if (b.type == BlockType::kToolResult && (!calls.count(b.id) || answered.count(b.id))) {
        v.repairs.push_back({ContextRepair::Kind::kOrphanToolResult, item.entry_id, b.id});
        continue;
      }
      if (b.type == BlockType::kToolResult) answered.insert(b.id);
      kept.push_back(b);
    }
    if (results_only && kept.empty()) continue;
    item.message.content = kept;
    v.items.push_back(item);
    for (const ContentBlock& b : v.items.back().message.content) {
      if (b.type == BlockType::kToolCall) {
        calls.insert(b.id);
        pending.emplace_back(item.entry_id, &b);
      }
    }
  }
  interrupt();
  return v;
}

void ExpectSameContext(const ContextView& got, const ContextView& want, const std::string& where) {
  ASSERT_EQ(got.leaf, want.leaf) << where;
  EXPECT_EQ(got.compaction, want.compaction) << where;
  EXPECT_EQ(got.summary, want.summary) << where;
  ASSERT_EQ(got.items.size(), want.items.size()) << where;
  for (size_t i = 0; i < got.items.size(); ++i) {
    const ContextItem& g = got.items[i];
    const ContextItem& w = want.items[i];
    ASSERT_EQ(g.kind, w.kind) << where << " item " << i;
    ASSERT_EQ(g.entry_id, w.entry_id) << where << " item " << i;
    ASSERT_EQ(g.message.role, w.message.role) << where << " item " << i;
    ASSERT_EQ(g.message.content.size(), w.message.content.size()) << where << " item " << i;
    for (size_t b = 0; b < g.message.content.size(); ++b) {
      const ContentBlock& gb = g.message.content[b];
      const ContentBlock& wb = w.message.content[b];
      ASSERT_EQ(gb.type, wb.type) << where << " item " << i;
      ASSERT_EQ(gb.id, wb.id) << where << " item " << i;
      ASSERT_EQ(gb.text, wb.text) << where << " item " << i;
      ASSERT_EQ(gb.is_error, wb.is_error) << where << " item " << i;
      ASSERT_EQ(gb.content.size(), wb.content.size()) << where << " item " << i;
      if (!gb.content.empty()) {
        ASSERT_EQ(gb.content[0].text, wb.content[0].text) << where << " item " << i;
      }
    }
  }
  ASSERT_EQ(got.repairs.size(), want.repairs.size()) << where;
  for (size_t i = 0; i < got.repairs.size(); ++i) {
    EXPECT_EQ(got.repairs[i].kind, want.repairs[i].kind) << where;
    EXPECT_EQ(got.repairs[i].entry_id, want.repairs[i].entry_id) << where;
    EXPECT_EQ(got.repairs[i].call_id, want.repairs[i].call_id) << where;
  }
}

std::vector<std::string> LeavesOf(const std::vector<Entry>& all) {
  std::set<std::string> parents;
  for (const Entry& e : all) parents.insert(e.parent);
  std::vector<std::string> leaves;
  for (const Entry& e : all) {
    if (!parents.count(e.id)) leaves.push_back(e.id);
  }
  return leaves;
}

using RandomHistoryTest = testing::StoreTest;

TEST_F(RandomHistoryTest, ContextsOfEveryLeafMatchTheReference) {
  std::mt19937_64 rng(7);
  auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
  Create({.id = "r"});
  auto w = store_->OpenWriter("r", {.durability = Durability::kBuffered});
  ASSERT_TRUE(w.ok());
  std::vector<std::string> ids;
  std::map<std::string, std::string> parent_of;
  std::vector<std::string> recent_calls;
  std::string leaf;
  int branches = 0, compactions = 0, call_no = 0, labels = 0;
  auto path_of = [&](std::string id) {
    std::vector<std::string> path;
    for (; !id.empty(); id = parent_of[id]) path.push_back(id);
    return path;
  };
  while (static_cast<int>(ids.size()) < kEntries) {
    const size_t n = ids.size();
    Record r;
    // Branch points and compactions at regular places, the rest at random.
    if (branches < kBranches && n >= size_t(branches + 1) * (kEntries / kBranches) - 50) {
      leaf = ids[std::uniform_int_distribution<size_t>(0, n - 1)(rng)];
      ASSERT_TRUE((*w)->SetLeaf(leaf).ok());
      ++branches;
      continue;
    }
    if (compactions < kCompactions && n >= size_t(compactions + 1) * (kEntries / kCompactions) - 100) {
      std::vector<std::string> path = path_of(leaf);
      const std::string first_kept =
          chance(0.1) ? "" : path[std::uniform_int_distribution<size_t>(0, path.size() - 1)(rng)];
      r = Record::Compaction("summary " + std::to_string(compactions++), first_kept, 1000);
    } else if (n > 0 && chance(0.02)) {
      r = Record::Label(ids[std::uniform_int_distribution<size_t>(0, n - 1)(rng)],
                        chance(0.2) ? "" : "l" + std::to_string(labels++));
    } else if (n > 0 && chance(0.005)) {
      r = Record::BranchSummary("left a branch", ids[std::uniform_int_distribution<size_t>(0, n - 1)(rng)]);
    } else if (chance(0.005)) {
      r = Record::Custom("app_event", {{"n", std::to_string(n)}});
    } else {
      Message m;
      const double kind = std::uniform_real_distribution<double>(0, 1)(rng);
      if (kind < 0.35) {
        m = Message::User("u" + std::to_string(n));
      } else if (kind < 0.7) {
        m = Message::Assistant("a" + std::to_string(n));
        for (int c = std::uniform_int_distribution<int>(0, 2)(rng); c > 0; --c) {
          recent_calls.push_back("c" + std::to_string(call_no++));
          m.content.push_back(ContentBlock::ToolCall(recent_calls.back(), "bash", "{\"i\":" + std::to_string(n) + "}"));
        }
      } else {
        m.role = kRoleTool;
        for (int c = std::uniform_int_distribution<int>(1, 2)(rng); c > 0; --c) {
          // Mostly a recent call (on this branch or not), sometimes none at all.
          std::string id = recent_calls.empty() || chance(0.05)
                               ? "ghost" + std::to_string(n)
                               : recent_calls[recent_calls.size() - 1 -
                                              std::min<size_t>(recent_calls.size() - 1,
                                                               std::uniform_int_distribution<size_t>(0, 3)(rng))];
          m.content.push_back(ContentBlock::ToolResult(id, "r" + std::to_string(n)));
        }
      }
      r = Record::FromMessage(m);
    }
    auto id = (*w)->Append(r);
    ASSERT_TRUE(id.ok()) << id.status().ToString();
    parent_of[*id] = leaf;
    leaf = *id;
    ids.push_back(*id);
  }
  ASSERT_TRUE((*w)->Close().ok());
  EXPECT_EQ(branches, kBranches);
  EXPECT_EQ(compactions, kCompactions);

  auto loaded = store_->Load("r");
  ASSERT_TRUE(loaded.ok());
  ASSERT_EQ(loaded->entries.size(), size_t{kEntries});
  const std::vector<std::string> leaves = LeavesOf(loaded->entries);
  ASSERT_GE(leaves.size(), size_t{kBranches});
  std::map<std::string, ContextView> reference;
  size_t interrupted = 0, orphans = 0;
  for (const std::string& l : leaves) {
    reference[l] = Reference(loaded->entries, l);
    for (const ContextRepair& rep : reference[l].repairs) {
      (rep.kind == ContextRepair::Kind::kInterruptedToolCall ? interrupted : orphans)++;
    }
    auto got = store_->Context("r", {.leaf = l});
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    ExpectSameContext(*got, reference[l], "before compact, leaf " + l);
  }
  EXPECT_GT(interrupted, 0u);
  EXPECT_GT(orphans, 0u);
  ExpectSameContext(*store_->Context("r"), reference[ids.back()], "latest");

  auto report = store_->Compact("r");
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_LT(report->entries_after, report->entries_before);
  for (const std::string& l : leaves) {
    auto got = store_->Context("r", {.leaf = l});
    ASSERT_TRUE(got.ok()) << l << ": " << got.status().ToString();
    ExpectSameContext(*got, reference[l], "after compact, leaf " + l);
  }
  store_ = OpenStore();
  for (const std::string& l : leaves) {
    auto got = store_->Context("r", {.leaf = l});
    ASSERT_TRUE(got.ok());
    ExpectSameContext(*got, reference[l], "after reopening, leaf " + l);
  }
}

}  // namespace
}  // namespace sessionstore
