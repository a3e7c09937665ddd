// Redaction on every backend: with StoreOptions::redact_before_write no
// secret reaches the store through any write (append, create, import, fork),
// what was replaced is heard, and an export with a Redactor holds none of
// the secrets a store already has.

#include <gtest/gtest.h>

#include "sessionstore/export.h"
#include "sessionstore/redact.h"
#include "testing/store_fixture.h"

namespace sessionstore {
namespace {

using testing::ContractTest;
using testing::UserText;

constexpr char kAwsKey[] = "AKIAIOSFODNN7EXAMPLE";
constexpr char kGithubToken[] = "ghp_0zVZomHFwUbbYrEqmSM9wCZ7Uw9xfogoEmvn";

class RedactTest : public ContractTest {
 protected:
  std::shared_ptr<const Redactor> BuiltIn() {
    Result<std::shared_ptr<const Redactor>> r = Redactor::Make({});
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return *r;
  }
  // The store again, redacting before it writes; what it says is kept.
  std::unique_ptr<Store> RedactingStore() {
    return OpenStore(
        {.on_notice = [this](std::string_view n) { notices_.emplace_back(n); }, .redact_before_write = BuiltIn()});
  }
  // A message as agents leave them: a key in the text, a token in a tool's
  // arguments and in its output.
  std::vector<Record> Leaky() {
    Message call = Message::Assistant("Checking the deploy.");
    call.content.push_back(ContentBlock::ToolCall(
        "c1", "bash", std::string(R"({"cmd":"gh auth login --with-token )") + kGithubToken + R"("})"));
    Message result;
    result.role = "tool";
    result.content.push_back(ContentBlock::ToolResult("c1", std::string("AWS_ACCESS_KEY_ID=") + kAwsKey + "\n"));
    return {UserText(std::string("my key is ") + kAwsKey), Record::FromMessage(call), Record::FromMessage(result)};
  }
  std::vector<std::string> notices_;
};

TEST_P(RedactTest, NoSecretReachesTheStoreThroughAnAppend) {
  std::unique_ptr<Store> store = RedactingStore();
  Result<SessionHeader> h = store->Create({.title = std::string("deploy ") + kAwsKey});
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  auto w = store->OpenWriter(h->id);
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  Result<std::vector<std::string>> ids = (*w)->AppendBatch(Leaky());
  ASSERT_TRUE(ids.ok()) << ids.status().ToString();
  ASSERT_EQ(ids->size(), 3u);
  ASSERT_TRUE((*w)->Close().ok());

  const std::string stored = Stored(h->id);
  EXPECT_EQ(stored.find(kAwsKey), std::string::npos) << stored;
  EXPECT_EQ(stored.find(kGithubToken), std::string::npos) << stored;
  Result<Session> s = store_->Load(h->id);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->header.title, "deploy [REDACTED:aws-access-key]");
  ASSERT_EQ(s->entries.size(), 3u);
  EXPECT_EQ(s->entries[0].message.Text(), "my key is [REDACTED:aws-access-key]");
  EXPECT_EQ(s->entries[1].message.content[1].arguments,
            R"({"cmd":"gh auth login --with-token [REDACTED:github-token]"})");
  EXPECT_EQ(s->entries[2].message.content[0].content[0].text, "AWS_ACCESS_KEY_ID=[REDACTED:aws-access-key]\n");
  EXPECT_EQ(s->entries[1].id, (*ids)[1]) << "the ids the append returned are the entries'";

  std::string heard;
  for (const std::string& n : notices_) heard += n + "\n";
  EXPECT_NE(heard.find("redacted before writing session " + h->id + ": aws-access-key 1\n"), std::string::npos)
      << heard;
  EXPECT_NE(heard.find("aws-access-key 2, github-token 1"), std::string::npos) << heard;
  EXPECT_EQ(heard.find(kAwsKey), std::string::npos) << "a notice never holds the secret";

  // Rename and label go through the writer too.
  ASSERT_TRUE(store->Rename(h->id, std::string("key ") + kAwsKey).ok());
  EXPECT_EQ(Stored(h->id).find(kAwsKey), std::string::npos);
  // A store opened without it writes what it is given.
  ASSERT_TRUE(store_->Rename(h->id, std::string("plain ") + kAwsKey).ok());
  EXPECT_NE(Stored(h->id).find(kAwsKey), std::string::npos);
}

TEST_P(RedactTest, NoSecretReachesTheStoreThroughImportOrFork) {
  // A session with secrets, stored before redaction was turned on.
  const std::string id = Create({.metadata = std::string(R"({"env":")") + kAwsKey + "\"}"});
  const std::vector<std::string> ids = Append(id, Leaky());
  Result<Session> plain = store_->Load(id);
  ASSERT_TRUE(plain.ok());

  std::unique_ptr<Store> store = RedactingStore();
  Session copy = *plain;
  copy.header.id = "imported-copy";
  ASSERT_TRUE(store->Import(copy).ok());
  const std::string imported = Stored("imported-copy");
  EXPECT_EQ(imported.find(kAwsKey), std::string::npos) << imported;
  EXPECT_EQ(imported.find(kGithubToken), std::string::npos) << imported;
  EXPECT_NE(imported.find(R"({"env":"[REDACTED:aws-access-key]"})"), std::string::npos) << imported;

  Result<SessionHeader> fork = store->Fork(id, ids[1], {.id = "forked"});
  ASSERT_TRUE(fork.ok()) << fork.status().ToString();
  const std::string forked = Stored("forked");
  EXPECT_EQ(forked.find(kAwsKey), std::string::npos) << forked;
  EXPECT_EQ(forked.find(kGithubToken), std::string::npos) << forked;
  Result<Session> f = store_->Load("forked");
  ASSERT_TRUE(f.ok());
  ASSERT_EQ(f->entries.size(), 2u);
  EXPECT_EQ(f->entries[1].id, ids[1]) << "a fork keeps its entries' ids";
  // The source itself is untouched: redaction changes what is written, not what was.
  EXPECT_NE(Stored(id).find(kAwsKey), std::string::npos);
}

TEST_P(RedactTest, ExportsHoldNoSecretAndCountWhatTheyReplaced) {
  const std::string id = Create({.title = std::string("deploy ") + kAwsKey});
  Append(id, Leaky());
  auto redactor = BuiltIn();
  for (ExportFormat format : {ExportFormat::kMarkdown, ExportFormat::kJsonl, ExportFormat::kAnthropic,
                              ExportFormat::kOpenAIChat, ExportFormat::kOpenAIResponses}) {
    SCOPED_TRACE(ExportFormatName(format));
    Result<Exported> plain = ExportSession(*store_, id, {.format = format});
    ASSERT_TRUE(plain.ok()) << plain.status().ToString();
    EXPECT_NE(plain->text.find(kAwsKey), std::string::npos);
    EXPECT_EQ(plain->redacted.total(), 0u);
    Result<Exported> out = ExportSession(*store_, id, {.format = format, .redact = redactor.get()});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    EXPECT_EQ(out->text.find(kAwsKey), std::string::npos) << out->text;
    EXPECT_EQ(out->text.find(kGithubToken), std::string::npos) << out->text;
    EXPECT_NE(out->text.find("[REDACTED:aws-access-key]"), std::string::npos) << out->text;
    EXPECT_EQ(out->redacted.by_detector.at("github-token"), 1u);
    // The title is in the document and the header line; the API shapes
    // carry only the context.
    const bool with_title = format == ExportFormat::kMarkdown || format == ExportFormat::kJsonl;
    EXPECT_EQ(out->redacted.by_detector.at("aws-access-key"), with_title ? 3u : 2u) << out->redacted.ToString();
  }
}

INSTANTIATE_CONTRACT_TEST(RedactTest);

}  // namespace
}  // namespace sessionstore
