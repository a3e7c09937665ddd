// Torn tails and bad lines: a session cut at any byte, or damaged in the
// middle, loses nothing that was complete and is never rewritten for it.

#include <gtest/gtest.h>

#include "testing/store_fixture.h"

namespace sessionstore {
namespace {

using testing::StoreTest;
using testing::UserText;

std::vector<Record> MixedRecords() {
  std::vector<Record> r;
  r.push_back(UserText("first"));
  Message call;
  call.role = kRoleAssistant;
  call.content = {ContentBlock::Text("calling"), ContentBlock::ToolCall("c1", "bash", R"({"cmd":"ls"})")};
  r.push_back(Record::FromMessage(call));
  Message result;
  result.role = kRoleTool;
  result.content = {ContentBlock::ToolResult("c1", "a.c\nb.c\n\t\"quoted\" caf\xC3\xA9")};
  r.push_back(Record::FromMessage(result));
  r.push_back(UserText(std::string(300, 'w')));
  r.push_back(Record::Title("t"));
  r.push_back(UserText("last \xE2\x9C\x93"));
  return r;
}

// The byte offsets where each line starts, and the file size.
std::vector<size_t> LineStarts(const std::string& bytes) {
  std::vector<size_t> starts = {0};
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (bytes[i] == '\n') starts.push_back(i + 1);
  }
  return starts;  // the last one is bytes.size()
}

TEST_F(StoreTest, TruncatedAtEveryByteOfTheLastThreeLinesLosesOnlyTheCutLine) {
  const std::string id = "cut";
  Create({.id = id});
  std::vector<std::string> ids = Append(id, MixedRecords());
  const std::string full = testing::ReadFile(SessionPath(id));
  const std::vector<size_t> starts = LineStarts(full);
  const size_t lines = starts.size() - 1;  // header + entries
  ASSERT_EQ(lines, ids.size() + 1);
  for (size_t cut = starts[lines - 3]; cut < full.size(); ++cut) {
    testing::WriteFile(SessionPath(id), full.substr(0, cut));
    // Complete entries before the cut: lines fully below it, minus the header.
    size_t complete_lines = 0;
    while (complete_lines < lines && starts[complete_lines + 1] <= cut) ++complete_lines;
    const size_t expect_entries = complete_lines - 1;
    const size_t torn = cut - starts[complete_lines];

    auto loaded = store_->Load(id);
    ASSERT_TRUE(loaded.ok()) << "cut " << cut << ": " << loaded.status().ToString();
    ASSERT_EQ(loaded->entries.size(), expect_entries) << "cut " << cut;
    for (size_t i = 0; i < expect_entries; ++i) EXPECT_EQ(loaded->entries[i].id, ids[i]);
    EXPECT_TRUE(loaded->report.skipped.empty()) << "cut " << cut;
    EXPECT_EQ(loaded->report.torn_tail_bytes, torn) << "cut " << cut;

    auto tail = store_->Read(id, {.last_n = 2});
    ASSERT_TRUE(tail.ok());
    size_t seen = 0;
    for (const Entry& e : **tail) EXPECT_EQ(e.id, ids[expect_entries - 2 + seen++]);
    EXPECT_EQ(seen, 2u);

    // A writer cuts the torn tail off, says how much, and appends cleanly.
    auto w = store_->OpenWriter(id, {.durability = Durability::kProcess});
    ASSERT_TRUE(w.ok()) << w.status().ToString();
    EXPECT_EQ((*w)->dropped_tail_bytes(), torn);
    EXPECT_EQ((*w)->last_seq(), expect_entries);
    EXPECT_EQ((*w)->leaf(), ids[expect_entries - 1]);
    ASSERT_TRUE((*w)->Append(UserText("after the cut")).ok());
    ASSERT_TRUE((*w)->Close().ok());
    auto again = store_->Load(id);
    ASSERT_TRUE(again.ok());
    ASSERT_EQ(again->entries.size(), expect_entries + 1);
    EXPECT_EQ(again->entries.back().parent, ids[expect_entries - 1]);
    EXPECT_EQ(again->entries.back().seq, expect_entries + 1);
    EXPECT_EQ(again->report.torn_tail_bytes, 0u);
  }
}

// Bad lines in the middle, one per kind of damage, each reported with its
// line number and byte offset; the rest loads; the file is never rewritten.
TEST_F(StoreTest, BadLinesInTheMiddleAreSkippedAndReportedOrFatalWhenStrict) {
  const std::string id = "bad";
  Create({.id = id});
  Append(id, {UserText("one"), UserText("two")});
  std::string good = testing::ReadFile(SessionPath(id));
  const std::vector<std::string> bad_lines = {
      "this is not json",
      "{\"type\":\"title\",\"seq\":9,\"id\":\"x\",\"title\":\"\xff\xfe\"}",
      R"({"type":"x","seq":9,"id":"x","deep":)" + std::string(100, '[') + std::string(100, ']') + "}",
      R"({"type":"x","seq":9,"id":"x","big":")" + std::string(2000, 'b') + "\"}",
      R"({"type":"title","seq":9,"id":"x","title":"t"}})",
  };
  std::string content = good;
  std::vector<std::pair<int64_t, int64_t>> where;  // line, offset
  int64_t line = 4;
  for (const std::string& bad : bad_lines) {
    where.emplace_back(line++, static_cast<int64_t>(content.size()));
    content += bad + "\n";
  }
  content += good.substr(good.find('\n') + 1);  // the two entries again, after the damage
  testing::WriteFile(SessionPath(id), content);

  auto store = OpenStore({.read = {.max_line_bytes = 1000}});
  auto loaded = store->Load(id);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->entries.size(), 4u);
  ASSERT_EQ(loaded->report.skipped.size(), bad_lines.size());
  for (size_t i = 0; i < bad_lines.size(); ++i) {
    const SkippedLine& s = loaded->report.skipped[i];
    EXPECT_EQ(s.line, where[i].first);
    EXPECT_EQ(s.offset, where[i].second);
    EXPECT_EQ(s.reason.code(), StatusCode::kCorruption);
    EXPECT_EQ(s.reason.context().path, SessionPath(id));
    EXPECT_NE(s.reason.ToString().find(":" + std::to_string(where[i].first) + " (offset "), std::string::npos)
        << s.reason.ToString();
  }
  EXPECT_EQ(testing::ReadFile(SessionPath(id)), content) << "reading never rewrites";

  auto strict = OpenStore({.read = {.strict = true, .max_line_bytes = 1000}});
  auto fatal = strict->Load(id);
  EXPECT_EQ(fatal.status().code(), StatusCode::kCorruption);
  EXPECT_EQ(fatal.status().context().line, 4);

  // Appending goes on after the damage; the damage stays where it is.
  auto w = store->OpenWriter(id);
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  EXPECT_EQ((*w)->last_seq(), 2u);
  ASSERT_TRUE((*w)->Append(UserText("three")).ok());
  ASSERT_TRUE((*w)->Close().ok());
  EXPECT_EQ(testing::ReadFile(SessionPath(id)).substr(0, content.size()), content);
}

TEST_F(StoreTest, ADamagedHeaderIsCorruptionWithItsPlace) {
  testing::WriteFile(SessionPath("h"), "{\"type\":\"session\"\n");
  auto s = store_->Load("h");
  EXPECT_EQ(s.status().code(), StatusCode::kCorruption);
  EXPECT_EQ(s.status().context().line, 1);
  testing::WriteFile(SessionPath("e"), "");
  EXPECT_EQ(store_->Load("e").status().code(), StatusCode::kCorruption);
  testing::WriteFile(
      SessionPath("w"),
      R"({"type":"session","version":"1.0","id":"other","created":"2026-01-01T00:00:00Z","workspace":""})"
      "\n");
  EXPECT_EQ(store_->Load("w").status().code(), StatusCode::kCorruption) << "the header names another session";
  EXPECT_EQ(store_->OpenWriter("w").status().code(), StatusCode::kCorruption) << "never append to another's file";
  EXPECT_EQ(store_->OpenWriter("h").status().code(), StatusCode::kCorruption);
}

}  // namespace
}  // namespace sessionstore
