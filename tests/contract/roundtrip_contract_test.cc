// Import, export to an agent's format, import again, on every backend:
// every fixture of every import format (tests/fixtures/import/) through
// every export target that is also an import format (pi, zot, eino,
// picoclaw) gives back the session's messages, tool links, thinking, usage
// and tree, as far as the target holds them; what it cannot hold is what
// the exporter lists as left out.

#include <gtest/gtest.h>
#include <simdjson.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>

#include "sessionstore/export.h"
#include "sessionstore/import.h"
#include "sessionstore/json.h"
#include "testing/store_fixture.h"
#include "testing/temp_dir.h"

namespace sessionstore {
namespace {

namespace fs = std::filesystem;
using testing::ContractTest;

// What each target holds of the common model.
struct Target {
  ExportFormat format;
  bool tree;            // every branch (pi); else the active path
  bool system;          // system messages and roles of its own
  bool signatures;      // thinking signatures and redacted reasoning
  bool errors;          // a tool result's error flag
  bool usage_records;   // usage not attached to a message
  bool message_usage;   // usage on a message
  bool cache_write;     // cache writes and cost
  bool unknown_blocks;  // blocks of types it does not know
};

constexpr Target kTargets[] = {
    {ExportFormat::kPi, true, false, true, true, false, true, true, true},
    {ExportFormat::kZot, false, false, false, true, true, true, true, false},
    {ExportFormat::kEino, false, true, false, false, false, true, false, false},
    {ExportFormat::kPicoclaw, false, true, false, false, false, false, false, false},
};

constexpr std::string_view kSources[] = {"claude", "codex", "pi", "zot", "ggcode", "eino", "picoclaw", "microkernel"};

std::string Minified(const std::string& json) {
  simdjson::dom::parser parser;
  simdjson::dom::element e;
  if (parser.parse(json).get(e) != simdjson::SUCCESS) return json;
  return simdjson::minify(e);
}

std::string Block(const ContentBlock& b, const Target& t) {
  switch (b.type) {
    case BlockType::kText: return "text " + b.text;
    case BlockType::kThinking: return "thinking";  // the texts are compared joined, below
    case BlockType::kImage: return "image " + b.media_type + " " + b.data;
    case BlockType::kToolCall: return "call " + b.id + " " + b.name + " " + Minified(b.arguments);
    case BlockType::kToolResult: {
      std::string text;
      for (const ContentBlock& c : b.content) {
        if (c.type == BlockType::kText) text += (text.empty() ? "" : "\n") + c.text;
        if (c.type == BlockType::kImage) text += " [image " + c.data + "]";
      }
      return "result " + b.id + (t.errors && b.is_error ? " error " : " ") + text;
    }
    case BlockType::kUnknown: return "block " + b.type_name;
  }
  return "";
}

// What of the branch ending at `leaf` the target holds, as lines to compare.
std::vector<std::string> Held(const Session& s, const Target& t) {
  std::map<std::string, const Entry*> by_id;
  for (const Entry& e : s.entries) by_id[e.id] = &e;
  std::vector<const Entry*> path;
  for (const Entry* e = s.entries.empty() ? nullptr : &s.entries.back(); e != nullptr;) {
    path.insert(path.begin(), e);
    auto parent = by_id.find(e->parent);
    e = parent == by_id.end() ? nullptr : parent->second;
  }
  std::vector<std::string> out;
  Usage total;
  auto add = [&](const Usage& u) {
    total.input_tokens += u.input_tokens;
    total.output_tokens += u.output_tokens;
    total.cache_read_tokens += u.cache_read_tokens;
    total.cache_write_tokens += u.cache_write_tokens;
    total.cost_usd += u.cost_usd;
  };
  for (const Entry* e : path) {
    if (e->type == RecordType::kUsage && t.usage_records) add(e->usage);
    if (e->type != RecordType::kMessage) continue;
    const Message& m = e->message;
    const bool own_role = m.role == kRoleUser || m.role == kRoleAssistant || m.role == kRoleTool;
    if (!own_role && !t.system) continue;
    if (m.usage && t.message_usage) add(*m.usage);
    // Results first, as one message each (the formats that split them).
    for (const ContentBlock& b : m.content) {
      if (b.type == BlockType::kToolResult) out.push_back("tool: " + Block(b, t));
    }
    std::string thinking, signature, text;
    for (const ContentBlock& b : m.content) {
      if (b.type == BlockType::kThinking) {
        if (!b.text.empty()) thinking += (thinking.empty() ? "" : "\n") + b.text;
        signature += b.signature + b.redacted_data;
      } else if (b.type == BlockType::kText && !b.text.empty()) {
        text += (text.empty() ? "" : "\n") + b.text;
      }
    }
    const std::string role = m.role + ": ";
    if (!thinking.empty()) out.push_back(role + "thinking " + thinking);
    if (t.signatures && !signature.empty()) out.push_back(role + "signature " + signature);
    if (!text.empty()) out.push_back(role + "text " + text);
    for (const ContentBlock& b : m.content) {
      if (b.type == BlockType::kImage && !b.data.empty()) out.push_back(role + Block(b, t));
      if (b.type == BlockType::kToolCall) out.push_back(role + Block(b, t));
      if (b.type == BlockType::kUnknown && t.unknown_blocks) out.push_back(role + Block(b, t));
    }
  }
  const bool any_usage = t.usage_records || t.message_usage;
  if (any_usage) {
    out.push_back("usage in " + std::to_string(total.input_tokens) + " out " + std::to_string(total.output_tokens) +
                  " cache read " + std::to_string(total.cache_read_tokens));
    if (t.cache_write) {
      char cost[64];
      std::snprintf(cost, sizeof cost, "%.6f", total.cost_usd);
      out.push_back("cache write " + std::to_string(total.cache_write_tokens) + " cost " + cost);
    }
  }
  return out;
}

class RoundTripTest : public ContractTest {
 protected:
  // The fixtures of `format`, copied where an import may read them as
  // settled files (not live ones, whose last message may still grow).
  std::string Fixtures(std::string_view format) {
    const std::string dir = scratch_ / std::string(format);
    fs::copy(std::string(SOURCE_DIR) + "/tests/fixtures/import/" + std::string(format), dir,
             fs::copy_options::recursive);
    for (const auto& f : fs::recursive_directory_iterator(dir)) {
      if (f.is_regular_file()) {
        fs::last_write_time(f.path(), fs::file_time_type::clock::now() - std::chrono::hours(24));
      }
    }
    return dir;
  }

  std::vector<std::string> Import(const std::string& path, std::string_view format) {
    ImportReport report;
    const std::vector<std::string> paths = {path};
    Status s = ImportSessions(*store_, paths, {.format = std::string(format)}, &report);
    EXPECT_TRUE(s.ok()) << s.ToString();
    std::vector<std::string> ids;
    for (const ImportedSession& i : report.sessions) {
      if (i.outcome == ImportedSession::Outcome::kCreated) ids.push_back(i.session);
    }
    return ids;
  }

  // Exports session `id` to `t`, imports the file, and checks that what
  // `t` holds came back; the session made of it.
  Session RoundTrip(const std::string& id, const Target& t) {
    const std::string target(ExportFormatName(t.format));
    Result<Session> original = store_->Load(id);
    EXPECT_TRUE(original.ok()) << original.status().ToString();
    Result<Exported> exported = ExportSession(*store_, id, {.format = t.format});
    EXPECT_TRUE(exported.ok()) << exported.status().ToString();
    if (!original.ok() || !exported.ok()) return {};
    const std::string dir = scratch_ / ("out-" + target + "-" + id);
    fs::create_directories(dir);
    const std::string file = dir + "/" + id + ".jsonl";
    std::ofstream(file, std::ios::binary) << exported->text;
    if (!exported->companion.empty()) std::ofstream(dir + "/" + id + ".meta.json") << exported->companion;
    fs::last_write_time(file, fs::file_time_type::clock::now() - std::chrono::hours(24));

    const std::vector<std::string> again = Import(file, target);
    EXPECT_EQ(again.size(), 1u) << exported->text;
    if (again.size() != 1) return {};
    Result<Session> back = store_->Load(again[0]);
    EXPECT_TRUE(back.ok()) << back.status().ToString();
    if (!back.ok()) return {};
    EXPECT_EQ(Held(*back, t), Held(*original, t)) << exported->text;
    if (t.tree) {
      EXPECT_EQ(store_->Branches(again[0])->size(), store_->Branches(id)->size()) << exported->text;
    }
    return *back;
  }

  testing::TempDir scratch_;
};

TEST_P(RoundTripTest, EveryFixtureThroughEveryAgentFormat) {
  for (std::string_view source : kSources) {
    const std::vector<std::string> ids = Import(Fixtures(source), source);
    ASSERT_FALSE(ids.empty()) << source;
    for (const std::string& id : ids) {
      Result<Session> original = store_->Load(id);
      ASSERT_TRUE(original.ok()) << original.status().ToString();
      for (const Target& t : kTargets) {
        const std::string target(ExportFormatName(t.format));
        SCOPED_TRACE(std::string(source) + " " + id + " -> " + target);
        const Session back = RoundTrip(id, t);
        if (target == source) {
          // Back to its own format: the title and workspace too.
          EXPECT_EQ(back.header.title, original->header.title);
          EXPECT_EQ(back.header.workspace, original->header.workspace);
        }
      }
    }
  }
}

TEST_P(RoundTripTest, AMessageOfAnImageAloneComesBack) {
  const std::string id = Create({.workspace = "/src/app"});
  Message picture;
  picture.role = kRoleUser;
  picture.content.push_back(ContentBlock::Image("image/png", "iVBORw0KGgo="));
  Append(id, {Record::FromMessage(picture), Record::FromMessage(Message::Assistant("A picture."))});
  for (const Target& t : kTargets) {
    SCOPED_TRACE(ExportFormatName(t.format));
    const Session back = RoundTrip(id, t);
    ASSERT_FALSE(back.entries.empty());
    const Message& first = back.entries.front().message;
    ASSERT_EQ(first.content.size(), 1u);
    EXPECT_EQ(first.content[0].type, BlockType::kImage);
    EXPECT_EQ(first.content[0].data, "iVBORw0KGgo=");
  }
}

TEST_P(RoundTripTest, WhatATargetCannotHoldIsListed) {
  const std::string id = Create({.workspace = "/src/app"});
  Message thinking = Message::Assistant("Let me look.");
  thinking.content.insert(thinking.content.begin(), ContentBlock::Thinking("Look first.", "sig-1"));
  Message failed;
  failed.role = kRoleTool;
  failed.content.push_back(ContentBlock::ToolResult("c1", "no such file", /*is_error=*/true));
  Message system;
  system.role = kRoleSystem;
  system.content.push_back(ContentBlock::Text("Be brief."));
  const std::vector<std::string> ids =
      Append(id, {Record::FromMessage(system), testing::UserText("hi"), Record::FromMessage(thinking),
                  Record::FromMessage(failed), Record::Title("a title")});
  // A branch beside the path.
  auto w = store_->OpenWriter(id);
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE((*w)->SetLeaf(ids[1]).ok());
  ASSERT_TRUE((*w)->Append(testing::UserText("other way")).ok());
  ASSERT_TRUE((*w)->SetLeaf(ids[4]).ok());
  ASSERT_TRUE((*w)->Append(testing::UserText("back")).ok());
  ASSERT_TRUE((*w)->Close().ok());

  auto said = [&](ExportFormat f) {
    Result<Exported> e = ExportSession(*store_, id, {.format = f});
    EXPECT_TRUE(e.ok()) << e.status().ToString();
    std::string all;
    for (const LeftOut& l : e->left_out) all += l.entry_id + ": " + l.what + "\n";
    return all;
  };
  const std::string pi = said(ExportFormat::kPi);
  EXPECT_NE(pi.find(ids[0] + ": a message of role \"system\""), std::string::npos) << pi;
  EXPECT_EQ(pi.find("other branches"), std::string::npos) << "pi holds the tree";
  const std::string zot = said(ExportFormat::kZot);
  EXPECT_NE(zot.find(ids[2] + ": a thinking block's signature"), std::string::npos) << zot;
  EXPECT_NE(zot.find("1 entries of other branches"), std::string::npos) << zot;
  const std::string eino = said(ExportFormat::kEino);
  EXPECT_NE(eino.find(ids[3] + ": a tool result's error flag"), std::string::npos) << eino;
  EXPECT_NE(eino.find(ids[4] + ": a title"), std::string::npos) << eino;
  const std::string picoclaw = said(ExportFormat::kPicoclaw);
  EXPECT_NE(picoclaw.find(ids[2] + ": a thinking block's signature"), std::string::npos) << picoclaw;
}

INSTANTIATE_CONTRACT_TEST(RoundTripTest);

}  // namespace
}  // namespace sessionstore
