// The Redactor: every built-in detector finds what it is named for, in the
// places agents leave it (prose, shell, .env files, JSON, tool output), and
// leaves alone the near-misses that fill real sessions (git hashes, UUIDs,
// base64 images, numbers, ordinary words); JSON stays valid; records are
// redacted everywhere a person's or a model's text is; patterns files.

#include <gtest/gtest.h>
#include <simdjson.h>

#include <fstream>

#include "sessionstore/json.h"
#include "sessionstore/redact.h"
#include "testing/temp_dir.h"

namespace sessionstore {
namespace {

// A detector, a text holding one secret, and the secret.
struct Planted {
  std::string detector;
  std::string text;
  std::string secret;
};

const std::vector<Planted>& TruePositives() {
  static const std::vector<Planted> corpus = {
      {"openai-api-key", "export OPENAI_API_KEY=sk-u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8dKLzdocJ2isAj\n",
       "sk-u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8dKLzdocJ2isAj"},
      {"openai-api-key", "use key sk-proj-pNxnyVmihA-2O76UMFxFkM-R5Kjp1vRt_1fjORS-6ilI8ihN5KXSc7Tvo-hBKqFY please",
       "sk-proj-pNxnyVmihA-2O76UMFxFkM-R5Kjp1vRt_1fjORS-6ilI8ihN5KXSc7Tvo-hBKqFY"},
      {"anthropic-api-key",
       "ANTHROPIC_API_KEY=\"sk-ant-api03-Y-kv5ZJr3J1TWDtkwtDDb_xHKas1VOqg6YYZYn9ZhyiA4uoRgnatmUdjAWtGSU8po_"
       "799NksnRH9ucAUsdMlHUvTCQCyEAA\"",
       "sk-ant-api03-Y-kv5ZJr3J1TWDtkwtDDb_xHKas1VOqg6YYZYn9ZhyiA4uoRgnatmUdjAWtGSU8po_799NksnRH9ucAUsdMlHUvTCQCyEAA"},
      {"aws-access-key", "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n", "AKIAIOSFODNN7EXAMPLE"},
      {"aws-secret-key", "aws_secret_access_key = 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\n",
       "+PlJhx2jIclHkCiHp6bR1IqfEouHgxzNNAL5wISc"},
      {"github-token", "git clone https://x:ghp_0zVZomHFwUbbYrEqmSM9wCZ7Uw9xfogoEmvn@github.com/o/r",
       "ghp_0zVZomHFwUbbYrEqmSM9wCZ7Uw9xfogoEmvn"},
      {"github-token",
       "GH token: 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.",
       "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"},
      {"gitlab-token", "curl --header 'PRIVATE-TOKEN: glpat-HA064GiIjHGb3CXlMaXZ' https://gitlab.com/api",
       "glpat-HA064GiIjHGb3CXlMaXZ"},
      {"slack-token", "SLACK_BOT=xoxb-222791805888-7180334018780-W56eCuNGMGmSrCGIZEG8pSH4",
       "xoxb-222791805888-7180334018780-W56eCuNGMGmSrCGIZEG8pSH4"},
      {"slack-webhook", "post to https://hooks.slack.com/services/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 now",
       "https://hooks.slack.com/services/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"},
      {"google-api-key", "https://maps.googleapis.com/maps/api/js?key=AIzaHz5r1pY4OjE2jBMptUsGr7CmY_uCu3ZR1zT&v=3",
       "AIzaHz5r1pY4OjE2jBMptUsGr7CmY_uCu3ZR1zT"},
      {"stripe-key", "Stripe.api_key = 'sk_live_ufUxbvJDCTbyvHNsG9eh6Yo4'", "sk_live_ufUxbvJDCTbyvHNsG9eh6Yo4"},
      {"stripe-key", "restricted rk_test_gfqrc5XlrWi0B26R08qzjI6G", "rk_test_gfqrc5XlrWi0B26R08qzjI6G"},
      {"jwt",
       "cookie: session=eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ."
       "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c;",
       "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ."
       "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"},
      {"private-key",
       "$ cat id_rsa\n-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA1c7+9z5Pad7OejecsQ0bu3aumgVTYg\n"
       "s3x9Ow7rbzNnXe9+ZtQW\n-----END RSA PRIVATE KEY-----\n$ ls",
       "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA1c7+9z5Pad7OejecsQ0bu3aumgVTYg\ns3x9Ow7rbzNnXe9+ZtQW\n"
       "-----END RSA PRIVATE KEY-----"},
      {"private-key", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9u\n[output cut]",
       "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9u"},
      {"bearer-token", "curl -H \"Authorization: Bearer 5f2b8c1d9e7a4f3b6c0d2e8a1b7c9d4e\" https://api.example.com",
       "5f2b8c1d9e7a4f3b6c0d2e8a1b7c9d4e"},
      {"url-password", "DATABASE_URL=postgres://admin:s3cr3t-P4ss@db.internal:5432/app", "s3cr3t-P4ss"},
      {"secret-assignment", "DB_PASSWORD=hunter2x\nDB_HOST=localhost\n", "hunter2x"},
      {"secret-assignment", R"({"client_secret": "9f8e7d6c5b4a3f2e1d0c", "name": "app"})", "9f8e7d6c5b4a3f2e1d0c"},
      {"secret-assignment", "password: Tr0ub4dor&3\nuser: bob", "Tr0ub4dor&3"},
      {"secret-assignment", "export MY_SERVICE_TOKEN='correcthorsebatterystaple'", "correcthorsebatterystaple"},
  };
  return corpus;
}

// Text that must come out as it went in.
const std::vector<std::string>& NearMisses() {
  static const std::vector<std::string> corpus = {
      "commit 3f2c9a1b7e4d5f60718293a4b5c6d7e8f9012345 (HEAD -> main)",
      "sha256:81006f7e3dfc967a64cb14028d512c9791e558e08baa7196b50ac2f86702824c",
      "session 0193ab12-3c4d-7e5f-8a9b-0c1d2e3f4a5b resumed",
      "![chart](data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA"
      "60e6kgAAAABJRU5ErkJggg==)",
      "max_tokens=4096, temperature=0.2",
      "prompt_tokens: 1234\ncompletion_tokens: 56",
      "token_type: bearer",
      "The secret: always write the test first.",
      "password=${DB_PASSWORD}",
      "api_key = settings.openai_api_key",
      "api_key=os.environ.get",
      "TOKEN=$GITHUB_TOKEN",
      "api_key: <your-api-key>",
      "password=********",
      "tokenizer=cl100k_base",
      "pip install scikit-learn # sk-learn",
      "the risk-assessment-framework-for-production-systems is long",
      "https://example.com:8080/path?q=1",
      "git@github.com:org/repo.git",
      "a Bearer token goes in the header; the bearer of bad news",
      "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 user@host",
      "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----",
      "pk_live_ufUxbvJDCTbyvHNsG9eh6Yo4 is the publishable key",
      "AKIA is how AWS key ids start",
      "Ordinary words: secrets, tokens and passwords are discussed here.",
      "日本語のテキストとトークン: 特になし ✓",
      "",
  };
  return corpus;
}

std::shared_ptr<const Redactor> BuiltIn() {
  Result<std::shared_ptr<const Redactor>> r = Redactor::Make({});
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : nullptr;
}

bool ValidJson(const std::string& text) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(text);
  return parser.parse(padded).error() == simdjson::SUCCESS;
}

TEST(RedactorTest, EveryDetectorFindsItsSecret) {
  auto r = BuiltIn();
  std::set<std::string> covered;
  for (const Planted& p : TruePositives()) {
    std::string text = p.text;
    RedactionCounts counts;
    EXPECT_EQ(r->RedactText(&text, &counts), 1u) << p.detector << ": " << p.text << "\n-> " << text;
    EXPECT_EQ(text.find(p.secret), std::string::npos) << p.detector << ": " << text;
    std::string want = p.text;
    want.replace(want.find(p.secret), p.secret.size(), "[REDACTED:" + p.detector + "]");
    EXPECT_EQ(text, want) << p.detector;
    EXPECT_EQ(counts.by_detector[p.detector], 1u) << p.detector << ": " << counts.ToString();
    covered.insert(p.detector);
  }
  for (const RedactionPattern& d : BuiltInDetectors()) {
    EXPECT_TRUE(covered.contains(d.name)) << "no true positive for " << d.name;
  }
  EXPECT_EQ(r->detector_names().size(), BuiltInDetectors().size());
}

TEST(RedactorTest, NearMissesSurvive) {
  auto r = BuiltIn();
  for (const std::string& text : NearMisses()) {
    std::string copy = text;
    RedactionCounts counts;
    EXPECT_EQ(r->RedactText(&copy, &counts), 0u) << text << "\n-> " << copy << "\n" << counts.ToString();
    EXPECT_EQ(copy, text);
  }
}

TEST(RedactorTest, ManySecretsInOneTextAreCountedByKind) {
  auto r = BuiltIn();
  std::string env =
      "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nAWS_SECRET_ACCESS_KEY=+PlJhx2jIclHkCiHp6bR1IqfEouHgxzNNAL5wISc\n"
      "GITHUB_TOKEN=ghp_0zVZomHFwUbbYrEqmSM9wCZ7Uw9xfogoEmvn\nOTHER=AKIAI44QH8DHBEXAMPLE\nDEBUG=true\n";
  RedactionCounts counts;
  EXPECT_EQ(r->RedactText(&env, &counts), 4u) << env;
  EXPECT_EQ(counts.by_detector["aws-access-key"], 2u);
  EXPECT_EQ(counts.by_detector["aws-secret-key"], 1u);
  EXPECT_EQ(counts.by_detector["github-token"], 1u);
  EXPECT_EQ(counts.total(), 4u);
  EXPECT_EQ(counts.ToString(), "aws-access-key 2, aws-secret-key 1, github-token 1");
  EXPECT_EQ(counts.ToJson(), R"({"aws-access-key":2,"aws-secret-key":1,"github-token":1})");
  EXPECT_EQ(env,
            "AWS_ACCESS_KEY_ID=[REDACTED:aws-access-key]\nAWS_SECRET_ACCESS_KEY=[REDACTED:aws-secret-key]\n"
            "GITHUB_TOKEN=[REDACTED:github-token]\nOTHER=[REDACTED:aws-access-key]\nDEBUG=true\n");
  // Redacting again finds nothing: a marker is never a secret.
  RedactionCounts again;
  EXPECT_EQ(r->RedactText(&env, &again), 0u) << env;
}

TEST(RedactorTest, JsonKeepsItsShapeAndKeys) {
  auto r = BuiltIn();
  // A PEM key inside JSON is escaped: its newlines are \n in the text.
  std::string json =
      R"({"path":".env","content":"-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n",)"
      R"("sk-u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8dKLzdocJ2isAj":1,"n":[1.5,true,null,"say \"AKIAIOSFODNN7EXAMPLE\""]})";
  RedactionCounts counts;
  EXPECT_EQ(r->RedactJson(&json, &counts), 2u) << json;
  EXPECT_TRUE(ValidJson(json)) << json;
  EXPECT_EQ(
      json,
      R"({"path":".env","content":"[REDACTED:private-key]\n",)"
      R"("sk-u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8dKLzdocJ2isAj":1,"n":[1.5,true,null,"say \"[REDACTED:aws-access-key]\""]})")
      << "keys are structure, not text: they stay";
  std::string clean = R"({"a": "b", "c" : [1, 2, "ordinary text"]})";
  const std::string before = clean;
  EXPECT_EQ(r->RedactJson(&clean, nullptr), 0u);
  EXPECT_EQ(clean, before);
}

TEST(RedactorTest, RecordsAreRedactedWhereverTextIsAndOnlyThere) {
  auto r = BuiltIn();
  const std::string key = "AKIAIOSFODNN7EXAMPLE";
  Message m = Message::Assistant("here: " + key);
  m.content.push_back(ContentBlock::Thinking("the user pasted " + key, "sig-" + key));
  m.content.push_back(ContentBlock::ToolCall("call-1", "bash", R"({"cmd":"echo )" + key + R"("})"));
  ContentBlock result = ContentBlock::ToolResult("call-1", "printed " + key);
  result.content.push_back(ContentBlock::Image("image/png", "iVBORw0KGgo" + key));
  m.content.push_back(result);
  m.extra.push_back({.key = "raw", .json = "{\"note\":\"" + key + "\"}"});
  m.usage = Usage{.input_tokens = 5};
  m.usage->extra.push_back({.key = "trace", .json = "\"" + key + "\""});
  Record rec = Record::FromMessage(m);
  rec.extra.push_back({.key = "meta", .json = "[\"" + key + "\"]"});
  RedactionCounts counts;
  EXPECT_EQ(r->RedactRecord(&rec, &counts), 7u);
  const Message& out = rec.message;
  EXPECT_EQ(out.content[0].text, "here: [REDACTED:aws-access-key]");
  EXPECT_EQ(out.content[1].text, "the user pasted [REDACTED:aws-access-key]");
  EXPECT_EQ(out.content[1].signature, "sig-" + key) << "a provider's signature is not text";
  EXPECT_EQ(out.content[2].arguments, R"({"cmd":"echo [REDACTED:aws-access-key]"})");
  EXPECT_EQ(out.content[2].id, "call-1");
  EXPECT_EQ(out.content[3].content[0].text, "printed [REDACTED:aws-access-key]");
  EXPECT_EQ(out.content[3].content[1].data, "iVBORw0KGgo" + key) << "image bytes are not text";
  EXPECT_EQ(out.extra[0].json, R"({"note":"[REDACTED:aws-access-key]"})");
  EXPECT_EQ(out.usage->extra[0].json, R"("[REDACTED:aws-access-key]")");
  EXPECT_EQ(rec.extra[0].json, R"(["[REDACTED:aws-access-key]"])");

  Record title = Record::Title("deploy " + key);
  Record summary = Record::Compaction("the key " + key + " was used", "e1");
  Record label = Record::Label("e1", key);
  EXPECT_EQ(r->RedactRecord(&title, nullptr) + r->RedactRecord(&summary, nullptr) + r->RedactRecord(&label, nullptr),
            3u);
  EXPECT_EQ(title.title, "deploy [REDACTED:aws-access-key]");
  EXPECT_EQ(summary.summary, "the key [REDACTED:aws-access-key] was used");
  EXPECT_EQ(label.label, "[REDACTED:aws-access-key]");

  SessionHeader h{.title = key, .metadata = R"({"env":{"KEY":")" + key + R"("}})"};
  EXPECT_EQ(r->RedactHeader(&h, nullptr), 2u);
  EXPECT_EQ(h.metadata, R"({"env":{"KEY":"[REDACTED:aws-access-key]"}})");
  // What was redacted still encodes as a line.
  EXPECT_TRUE(ToJson(Entry{rec}).ok());
}

TEST(RedactorTest, PatternsOfYourOwnFromAFile) {
  testing::TempDir dir;
  const std::string file = dir / "patterns.txt";
  std::ofstream(file) << "# hosts of the company\n\ninternal-host   \\b[a-z0-9-]+\\.corp\\.example\\.com\\b\n"
                      << "employee-id\tEMP-([0-9]{6})\n";
  Result<std::shared_ptr<const Redactor>> r = Redactor::Make({.patterns_file = file});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  std::string text = "ssh build-01.corp.example.com as EMP-123456 with AKIAIOSFODNN7EXAMPLE";
  RedactionCounts counts;
  EXPECT_EQ((*r)->RedactText(&text, &counts), 3u);
  EXPECT_EQ(text, "ssh [REDACTED:internal-host] as EMP-[REDACTED:employee-id] with [REDACTED:aws-access-key]");

  Result<std::shared_ptr<const Redactor>> only =
      Redactor::Make({.built_in = false, .patterns = {{"ticket", "JIRA-[0-9]+"}}});
  ASSERT_TRUE(only.ok());
  std::string t = "JIRA-42 and AKIAIOSFODNN7EXAMPLE";
  EXPECT_EQ((*only)->RedactText(&t, nullptr), 1u);
  EXPECT_EQ(t, "[REDACTED:ticket] and AKIAIOSFODNN7EXAMPLE");
}

TEST(RedactorTest, BadPatternsAreRefusedSayingWhere) {
  testing::TempDir dir;
  const std::string file = dir / "patterns.txt";
  std::ofstream(file) << "good  abc[0-9]+\nbroken  (unclosed\n";
  Result<std::shared_ptr<const Redactor>> r = Redactor::Make({.patterns_file = file});
  ASSERT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find(file + ":2: "), std::string::npos) << r.status().ToString();
  EXPECT_NE(r.status().message().find("\"broken\""), std::string::npos) << r.status().ToString();
  EXPECT_NE(r.status().message().find("missing )"), std::string::npos) << r.status().ToString();

  std::ofstream(file) << "just-a-name\n";
  EXPECT_EQ(Redactor::Make({.patterns_file = file}).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Redactor::Make({.patterns = {{"bad name", "x"}}}).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Redactor::Make({.built_in = false}).status().code(), StatusCode::kInvalidArgument);
  const Status missing = Redactor::Make({.patterns_file = dir / "missing.txt"}).status();
  EXPECT_EQ(missing.code(), StatusCode::kIOError);
  EXPECT_NE(missing.ToString().find("missing.txt"), std::string::npos) << missing.ToString();
}

TEST(RedactorTest, HugeTextIsLinear) {
  auto r = BuiltIn();
  // 8 MB of tool output: a key, then a PEM header whose end was cut off,
  // then lines that look like base64, then words.
  std::string lines;
  while (lines.size() < (8u << 20)) lines += std::string(80, 'a') + "\n";
  lines.pop_back();
  std::string text = "AKIAIOSFODNN7EXAMPLE\n-----BEGIN PRIVATE KEY-----\n" + lines + "\n[cut] end of output.";
  RedactionCounts counts;
  EXPECT_EQ(r->RedactText(&text, &counts), 2u) << counts.ToString();
  EXPECT_EQ(text, "[REDACTED:aws-access-key]\n[REDACTED:private-key]\n[cut] end of output.");
  // Long text with nothing in it.
  std::string plain(16 << 20, 'x');
  EXPECT_EQ(r->RedactText(&plain, nullptr), 0u);
}

}  // namespace
}  // namespace sessionstore
