// The sessionstore command, run as a real process: stdout, stderr, exit codes.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <pwd.h>
#include <simdjson.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/cli_fixture.h"
#include "sessionstore/version.h"
#include "testing/run_command.h"
#include "testing/temp_dir.h"
#include "testing/test_pg.h"

namespace sessionstore::testing {
namespace {

TEST_F(CliTest, HelpAndVersionGoToStdout) {
  CommandResult help = RunCommand({SESSIONSTORE_BIN, "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("append"), std::string::npos);
  EXPECT_NE(help.out.find("latest"), std::string::npos);
  EXPECT_TRUE(help.err.empty());
  CommandResult version = RunCommand({SESSIONSTORE_BIN, "--version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.out, "sessionstore " SESSIONSTORE_VERSION_STRING "\n");
  CommandResult sub_help = RunCommand({SESSIONSTORE_BIN, "append", "--help"});
  EXPECT_EQ(sub_help.exit_code, 0);
  EXPECT_NE(sub_help.out.find("--durability"), std::string::npos);
  // What each mode survives, on both stores: process is not durable across
  // a crash of the PostgreSQL server.
  EXPECT_NE(sub_help.out.find("process: survives kill -9 of this command, not a power loss (files) or a crash of the "
                              "PostgreSQL server"),
            std::string::npos)
      << sub_help.out;
}

TEST_F(CliTest, UsageErrorsExit2OnStderr) {
  for (std::vector<std::string> args : {std::vector<std::string>{},
                                        {"bogus"},
                                        {"append"},
                                        {"list", "--limit", "x"},
                                        {"append", "id", "--durability", "sometimes"}}) {
    CommandResult r = Run(args);
    EXPECT_EQ(r.exit_code, 2) << args.size();
    EXPECT_TRUE(r.out.empty());
    EXPECT_EQ(r.err.rfind("sessionstore: error: ", 0), 0u) << r.err;
  }
}

TEST_F(CliTest, NewAppendShow) {
  std::string id =
      New({"--id", "chat:1", "--workspace", "/w", "--title", "Greeting", "--model", "m1", "--provider", "p1"});
  EXPECT_EQ(id, "chat:1");
  CommandResult a = Run({"append", id},
                        "{\"role\":\"user\",\"content\":\"hello there\"}\n"
                        "\n"
                        "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"},"
                        "{\"type\":\"tool_call\",\"id\":\"c1\",\"name\":\"bash\",\"arguments\":{\"cmd\":\"ls\"}}],"
                        "\"usage\":{\"input\":10,\"output\":2,\"cost_usd\":0.5}}\n");
  EXPECT_EQ(a.exit_code, 0) << a.err;
  std::vector<std::string> ids = Lines(a.out);
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_EQ(ids[0].size(), 16u);
  CommandResult one = Run({"append", id, "--role", "user", "--text", "and one more"});
  EXPECT_EQ(one.exit_code, 0) << one.err;
  EXPECT_EQ(Lines(one.out).size(), 1u);

  CommandResult show = Run({"show", id});
  EXPECT_EQ(show.exit_code, 0) << show.err;
  EXPECT_NE(show.out.find("hello there"), std::string::npos);
  EXPECT_NE(show.out.find("-> bash {\"cmd\":\"ls\"} [c1]"), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("and one more"), std::string::npos);
  EXPECT_TRUE(show.err.empty());

  CommandResult json = Run({"show", id, "--json"});
  EXPECT_EQ(json.exit_code, 0);
  EXPECT_EQ(json.out, ReadFile(dir_ / "sessions/chat:1.jsonl")) << "lines exactly as stored";
}

TEST_F(CliTest, AppendStopsAtABadLineSayingWhereAndKeepsTheLinesBefore) {
  std::string id = New();
  CommandResult r = Run({"append", id}, "{\"role\":\"user\",\"content\":\"ok\"}\n{\"role\":\n");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(Lines(r.out).size(), 1u);
  EXPECT_EQ(r.err.rfind("sessionstore: error: stdin:2: ", 0), 0u) << r.err;
  CommandResult json = Run({"show", id, "--json"});
  EXPECT_EQ(Lines(json.out).size(), 2u);
}

// Every reader says where a bad line is: file, line and byte offset.
// context, show and search read on past it; an escaped key and a lone
// surrogate are no bad lines.
TEST_F(CliTest, ReadersNameABadLinesFileLineAndOffset) {
  std::string id = New({"--id", "x"});
  ASSERT_EQ(Run({"append", id},
                "{\"role\":\"user\",\"content\":\"one\"}\n{\"role\":\"user\",\"content\":\"two\"}\n"
                "{\"t\\u0079pe\":\"message\",\"role\":\"user\",\"content\":\"cut \\ud83d\"}\n")
                .exit_code,
            0);
  const std::filesystem::path file = dir_ / "sessions/x.jsonl";
  std::vector<std::string> lines = Lines(ReadFile(file));
  ASSERT_EQ(lines.size(), 4u);
  const size_t offset = lines[0].size() + 1 + lines[1].size() + 1;
  lines[2] = R"({"type":"message","seq":2,"id":"bad","message":{"role":"user","content":[}})";
  std::string text;
  for (const std::string& l : lines) text += l + "\n";
  WriteFile(file, text);
  const std::string where = file.string() + ":3 (offset " + std::to_string(offset) + ")";
  for (std::vector<std::string> command : {std::vector<std::string>{"context", id}, {"show", id}}) {
    CommandResult r = Run(command);
    EXPECT_EQ(r.exit_code, 0) << command[0] << ": " << r.err;
    EXPECT_NE(r.err.find(where), std::string::npos) << command[0] << ": " << r.err;
    EXPECT_NE(r.out.find("cut \xEF\xBF\xBD"), std::string::npos) << command[0] << ": " << r.out;
  }
  CommandResult found = Run({"search", "cut"});
  EXPECT_EQ(found.exit_code, 0) << found.err;
  EXPECT_NE(found.out.find("user       cut \xEF\xBF\xBD"), std::string::npos) << found.out;
}

// What agents send is understood: an Anthropic turn and an OpenAI tool call
// are read by their shape (or as told) and stored in the native model; a
// member the model needs and the line lacks is an error in plain words.
TEST_F(CliTest, AppendReadsTheProvidersShapes) {
  std::string id = New();
  CommandResult a = Run(
      {"append", id}, R"({"role":"assistant","content":[{"type":"thinking","thinking":"hmm","signature":"sig"},)"
                      R"({"type":"tool_use","id":"toolu_1","name":"bash","input":{"cmd":"ls"}}],)"
                      R"("usage":{"input_tokens":7,"output_tokens":3}})"
                      "\n"
                      R"({"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"a.txt"}]})"
                      "\n");
  ASSERT_EQ(a.exit_code, 0) << a.err;
  CommandResult shown = Run({"show", id});
  EXPECT_NE(shown.out.find("-> bash {\"cmd\":\"ls\"} [toolu_1]"), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("a.txt"), std::string::npos) << shown.out;

  CommandResult chat = Run({"append", id, "--shape", "openai-chat"},
                           R"({"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",)"
                           R"("function":{"name":"grep","arguments":"{\"q\":\"x\"}"}}]})"
                           "\n");
  ASSERT_EQ(chat.exit_code, 0) << chat.err;
  EXPECT_NE(Run({"show", id}).out.find("-> grep {\"q\":\"x\"} [call_1]"), std::string::npos);

  CommandResult no_id = Run({"append", id, "--shape", "anthropic"},
                            R"({"role":"assistant","content":[{"type":"tool_use","name":"bash","input":{}}]})"
                            "\n");
  EXPECT_EQ(no_id.exit_code, 1);
  EXPECT_NE(no_id.err.find("stdin:1: "), std::string::npos) << no_id.err;
  EXPECT_NE(no_id.err.find("id"), std::string::npos) << no_id.err;
  EXPECT_EQ(no_id.err.find("JSON element"), std::string::npos) << "no parser words: " << no_id.err;

  CommandResult bad_type = Run({"append", id}, R"({"role":"user","content":7})"
                                               "\n");
  EXPECT_EQ(bad_type.exit_code, 1);
  EXPECT_NE(bad_type.err.find("stdin:1: "), std::string::npos) << bad_type.err;
  EXPECT_NE(bad_type.err.find("content"), std::string::npos) << bad_type.err;
  EXPECT_EQ(bad_type.err.find("JSON element"), std::string::npos) << bad_type.err;

  EXPECT_EQ(Run({"append", id, "--shape", "gemini"}, "").exit_code, 2);
}

// The context goes out ready to send in the shape a provider takes, and
// what the shape cannot carry is said on stderr.
TEST_F(CliTest, ContextInAProvidersShape) {
  std::string id = New();
  ASSERT_EQ(Run({"append", id}, R"({"role":"user","content":"list /tmp"})"
                                "\n"
                                R"({"role":"assistant","content":[{"type":"thinking","text":"unsigned"},)"
                                R"({"type":"tool_call","id":"c1","name":"ls","arguments":{"dir":"/tmp"}}]})"
                                "\n"
                                R"({"role":"tool","content":[{"type":"tool_result","call_id":"c1","content":"a.txt"}]})"
                                "\n")
                .exit_code,
            0);
  CommandResult anthropic = Run({"context", id, "--shape", "anthropic"});
  EXPECT_EQ(anthropic.exit_code, 0) << anthropic.err;
  EXPECT_EQ(
      anthropic.out,
      R"({"messages":[{"role":"user","content":[{"type":"text","text":"list /tmp"}]},)"
      R"({"role":"assistant","content":[{"type":"tool_use","id":"c1","name":"ls","input":{"dir":"/tmp"}}]},)"
      R"({"role":"user","content":[{"type":"tool_result","tool_use_id":"c1","content":[{"type":"text","text":"a.txt"}]}]}]})"
      "\n");
  EXPECT_NE(anthropic.err.find("left out of the anthropic request: a thinking block without a signature (entry "),
            std::string::npos)
      << anthropic.err;
  CommandResult chat = Run({"context", id, "--shape", "openai-chat"});
  EXPECT_NE(chat.out.find(R"({"role":"tool","tool_call_id":"c1","content":"a.txt"})"), std::string::npos) << chat.out;
  EXPECT_EQ(Run({"context", id, "--shape", "auto"}).exit_code, 2);
  EXPECT_EQ(Run({"context", id, "--shape", "anthropic", "--json"}).exit_code, 2);
}

// Output that cannot be written is a failure, said on stderr (not when the
// reader went away), never an abort and never exit 0; append still appends
// all its input and says which ids were not printed.
TEST_F(CliTest, OutputThatCannotBeWrittenIsAFailure) {
  std::string id = New();
  ASSERT_EQ(Run({"append", id, "--role", "user", "--text", "hello"}).exit_code, 0);
  const int full = open("/dev/full", O_WRONLY | O_CLOEXEC);
  ASSERT_GE(full, 0);
  for (std::vector<std::string> args :
       {std::vector<std::string>{"show", id}, {"show", id, "--json"}, {"list"}, {"context", id}, {"search", "hello"}}) {
    args.insert(args.begin(), {SESSIONSTORE_BIN, "--store", dir_.path()});
    CommandResult r = RunCommandWithStdout(args, full);
    EXPECT_EQ(r.exit_code, 1) << args[3];
    EXPECT_NE(r.err.find("could not write the output: No space left on device"), std::string::npos)
        << args[3] << ": " << r.err;
  }
  CommandResult made = RunCommandWithStdout({SESSIONSTORE_BIN, "--store", dir_.path(), "new"}, full);
  close(full);
  EXPECT_EQ(made.exit_code, 1);
  const std::string said = "created session ";
  ASSERT_NE(made.err.find(said), std::string::npos) << made.err;
  const std::string made_id = made.err.substr(made.err.find(said) + said.size(), 36);
  EXPECT_EQ(Run({"list", "--all", "--json"}).out.find(made_id) != std::string::npos, true)
      << "the id on stderr is the session's";

  int pipe_fds[2];
  ASSERT_EQ(pipe2(pipe_fds, O_CLOEXEC), 0);
  close(pipe_fds[0]);  // nobody reads
  CommandResult show = RunCommandWithStdout({SESSIONSTORE_BIN, "--store", dir_.path(), "show", id}, pipe_fds[1]);
  EXPECT_EQ(show.exit_code, 1);
  EXPECT_EQ(show.err, "") << "the reader went away: nothing to say";
  CommandResult append =
      RunCommandWithStdout({SESSIONSTORE_BIN, "--store", dir_.path(), "append", id}, pipe_fds[1],
                           "{\"role\":\"user\",\"content\":\"a\"}\n{\"role\":\"user\",\"content\":\"b\"}\n");
  close(pipe_fds[1]);
  EXPECT_EQ(append.exit_code, 1);
  EXPECT_NE(append.err.find("every message was appended; the last 2 ids were not printed"), std::string::npos)
      << append.err;
  EXPECT_EQ(Lines(Run({"show", id, "--json"}).out).size(), 4u) << "header, hello, a, b";
}

// An empty value where empty means nothing is a usage error (a script with
// an unset variable must not reach the default store), and a command that
// only reads makes nothing where there is no store.
TEST_F(CliTest, EmptyValuesAreUsageErrorsAndReadingMakesNoStore) {
  TempDir elsewhere;
  const std::string home = elsewhere / "home";
  for (std::vector<std::string> args : {std::vector<std::string>{"--store", "", "list"},
                                        {"--store", "", "rm", "x"},
                                        {"--store", dir_.path(), "new", "--id", ""},
                                        {"--store", dir_.path(), "context", "x", "--leaf", ""},
                                        {"--store", dir_.path(), "list", "--workspace", ""},
                                        {"--store", dir_.path(), "append", "x", "--role", "", "--text", "t"},
                                        {"--store", dir_.path(), "append", "x", "--role", "user", "--text", ""},
                                        {"--store", dir_.path(), "migrate", ""}}) {
    args.insert(args.begin(), SESSIONSTORE_BIN);
    CommandResult r = RunCommand(args, "", {"HOME=" + home, "SESSIONSTORE_DIR=", "XDG_DATA_HOME="});
    EXPECT_EQ(r.exit_code, 2) << args[2] << " " << args[3];
    EXPECT_NE(r.err.find("an empty value means nothing here"), std::string::npos) << r.err;
  }
  EXPECT_FALSE(std::filesystem::exists(home)) << "the default store was not touched";
  EXPECT_TRUE(std::filesystem::is_empty(dir_.path())) << "no session was made";

  const std::string nowhere = elsewhere / "no-store";
  for (std::vector<std::string> args : {std::vector<std::string>{"list"},
                                        {"show", "x"},
                                        {"search", "word"},
                                        {"latest"},
                                        {"cleanup", "--older-than", "1d"}}) {
    args.insert(args.begin(), {SESSIONSTORE_BIN, "--store", nowhere});
    CommandResult r = RunCommand(args);
    EXPECT_EQ(r.exit_code, 1) << args[3];
    EXPECT_NE(r.err.find("no store at " + nowhere), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(nowhere)) << args[3] << " made nothing";
  }
  std::filesystem::create_directory(nowhere);
  EXPECT_EQ(RunCommand({SESSIONSTORE_BIN, "--store", nowhere, "list"}).exit_code, 1);
  EXPECT_TRUE(std::filesystem::is_empty(nowhere)) << "a directory that is no store stays as it was";
  EXPECT_EQ(RunCommand({SESSIONSTORE_BIN, "--store", nowhere, "new"}).exit_code, 0) << "new makes one";
  EXPECT_EQ(RunCommand({SESSIONSTORE_BIN, "--store", nowhere, "list"}).exit_code, 0);

  // Without $HOME the default store is in the user's home all the same,
  // never under the working directory.
  CommandResult homeless = RunCommand({SESSIONSTORE_BIN, "list"}, "", {"HOME=", "SESSIONSTORE_DIR=", "XDG_DATA_HOME="});
  EXPECT_EQ(homeless.err.find("./.local"), std::string::npos) << homeless.err;
  const passwd* user = ::getpwuid(::getuid());
  ASSERT_NE(user, nullptr);
  if (homeless.exit_code != 0) {
    EXPECT_NE(homeless.err.find(std::string("no store at ") + user->pw_dir + "/.local/share/sessionstore"),
              std::string::npos)
        << homeless.err;
  }
}

// Terminal escapes in stored text never reach the terminal raw through
// human output; --json keeps the text exact.
TEST_F(CliTest, HumanOutputEscapesControlCharacters) {
  const std::string evil =
      "\x1b]0;pwned\x07\x1b[2J\xc2\x9b"
      "31m";
  std::string id = New({"--title", "t" + evil});
  const std::string line = "{\"role\":\"user\",\"content\":\"hello " + std::string("\\u001b[2J\\u009b") + " world\"}\n";
  ASSERT_EQ(Run({"append", id}, line).exit_code, 0);
  ASSERT_EQ(Run({"rename", id, "r" + evil}).exit_code, 0);
  for (std::vector<std::string> args :
       {std::vector<std::string>{"show", id}, {"list"}, {"search", "hello"}, {"context", id}}) {
    CommandResult r = Run(args);
    EXPECT_EQ(r.exit_code, 0) << args[0] << ": " << r.err;
    EXPECT_EQ(r.out.find('\x1b'), std::string::npos) << args[0] << ": " << r.out;
    EXPECT_EQ(r.out.find("\xc2\x9b"), std::string::npos) << args[0] << ": " << r.out;
    EXPECT_EQ(r.out.find('\x07'), std::string::npos) << args[0];
  }
  EXPECT_NE(Run({"list"}).out.find("r\\x1b]0;pwned\\x07\\x1b[2J\\u009b31m"), std::string::npos) << Run({"list"}).out;
  EXPECT_NE(Run({"show", id}).out.find("hello \\x1b[2J\\u009b world"), std::string::npos);
  CommandResult json = Run({"show", id, "--json"});
  EXPECT_NE(json.out.find("hello \\u001b[2J\xc2\x9b world"), std::string::npos) << json.out;
  // Bidirectional overrides and isolates cannot reorder what is shown;
  // other characters of that block (an en dash) are shown as they are.
  const std::string bidi = New({"--title",
                                "a\u202e"
                                "cba\u2066x\u2069 \u2013 done"});
  for (std::vector<std::string> args : {std::vector<std::string>{"list"}, {"info", bidi}, {"show", bidi}}) {
    CommandResult r = Run(args);
    EXPECT_EQ(r.out.find("\u202e"), std::string::npos) << args[0] << ": " << r.out;
    EXPECT_NE(r.out.find("a\\u202ecba\\u2066x\\u2069 \u2013 done"), std::string::npos) << args[0] << ": " << r.out;
  }
}

// A line past the readers' limit is refused before it is read whole: the
// lines before it are appended, none after, and memory stays bounded.
TEST_F(CliTest, AppendRefusesALineLongerThanTheLimitWithoutHoldingIt) {
  const std::string id = New({"--id", "big"});
  // The input is written in pieces: the test itself holds none of it.
  const std::string input = dir_ / "big-input.jsonl";
  uint64_t big_line = 0;
  {
    std::ofstream out(input, std::ios::binary);
    out << R"({"role":"user","content":"before"})"
        << "\n";
    const std::string head = R"({"role":"user","content":")", piece(1 << 20, 'A'), tail = "\"}";
    out << head;
    for (int i = 0; i < 200; ++i) out << piece;
    out << tail << "\n"
        << R"({"role":"user","content":"after"})"
        << "\n";
    big_line = head.size() + 200 * piece.size() + tail.size();
  }
  CommandResult r = RunCommandOnFile({SESSIONSTORE_BIN, "--store", dir_.path(), "append", id}, input);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(Lines(r.out).size(), 1u) << "the line before it was appended";
  EXPECT_NE(r.err.find("stdin:2: a line of " + std::to_string(big_line) +
                       " bytes is longer than the limit of 67108864 bytes"),
            std::string::npos)
      << r.err;
  EXPECT_LT(r.max_rss_kb, 200 * 1024) << "a 200 MB line is never held whole";
  CommandResult shown = Run({"show", id, "--json"});
  EXPECT_EQ(Lines(shown.out).size(), 2u) << "header and the line before";
  EXPECT_TRUE(shown.err.empty()) << shown.err;
}

// Numbers are read with their ranges: nothing wraps into a harmful value.
TEST_F(CliTest, NumbersOutOfRangeAreUsageErrorsAndChangeNothing) {
  const std::string id = New({"--id", "kept"});
  ASSERT_EQ(Run({"append", id, "--role", "user", "--text", "hello"}).exit_code, 0);
  for (std::vector<std::string> args : {std::vector<std::string>{"cleanup", "--older-than", "9223372036854775807s"},
                                        {"cleanup", "--older-than", "18446744073709552s"},
                                        {"cleanup", "--older-than", "30500568906w"},
                                        {"cleanup", "--older-than", "-1d"},
                                        {"cleanup", "--older-than", "d"},
                                        {"truncate", id, "--keep", "-5"},
                                        {"truncate", id, "--keep", "99999999999999999999"},
                                        {"truncate", id, "--keep", "1.5"},
                                        {"list", "--limit", "-1"},
                                        {"search", "hello", "--limit", "-3"},
                                        {"search", "hello", "--limit", "0"}}) {
    CommandResult r = Run(args);
    EXPECT_EQ(r.exit_code, 2) << args[0] << " " << args.back() << ": " << r.err;
    EXPECT_NE(r.err.find("sessionstore: error: --"), std::string::npos) << r.err;
  }
  CommandResult list = Run({"list", "--json"});
  EXPECT_EQ(Lines(list.out).size(), 1u) << "the overflowing cleanup deleted nothing";
  EXPECT_EQ(Run({"cleanup", "--older-than", "3650d"}).exit_code, 0);
  EXPECT_EQ(Lines(Run({"list", "--json"}).out).size(), 1u);
}

TEST_F(CliTest, ListAsTableAndJson) {
  std::string a = New({"--id", "a", "--workspace", "/w1"});
  Run({"append", a, "--role", "user", "--text", "What does the parser do?"});
  std::string b = New({"--id", "b", "--workspace", "/w2", "--model", "gpt"});
  CommandResult table = Run({"list"});
  EXPECT_EQ(table.exit_code, 0);
  std::vector<std::string> rows = Lines(table.out);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].rfind("ID", 0), 0u);
  EXPECT_NE(table.out.find("What does the parser do?"), std::string::npos);

  CommandResult json = Run({"list", "--json", "--workspace", "/w1"});
  ASSERT_EQ(json.exit_code, 0);
  std::vector<std::string> lines = Lines(json.out);
  ASSERT_EQ(lines.size(), 1u);
  simdjson::dom::parser parser;
  simdjson::dom::object o = parser.parse(lines[0]).get_object();
  for (const char* field : {"id", "title", "created_at", "updated_at", "messages", "workspace", "model", "provider",
                            "cost_usd", "bytes", "archived"}) {
    EXPECT_FALSE(o[field].error()) << field;
  }
  EXPECT_EQ(std::string_view(o["id"].get_string()), "a");
  EXPECT_EQ(int64_t(o["messages"].get_int64()), 1);
  EXPECT_EQ(bool(o["archived"].get_bool()), false);

  CommandResult first = Run({"list", "--limit", "1", "--json"});
  ASSERT_EQ(Lines(first.out).size(), 1u);
  const size_t at = first.err.find("--cursor ");
  ASSERT_NE(at, std::string::npos) << first.err;
  std::string cursor = first.err.substr(at + 9);
  cursor.pop_back();
  CommandResult second = Run({"list", "--limit", "1", "--json", "--cursor", cursor});
  ASSERT_EQ(Lines(second.out).size(), 1u);
  EXPECT_NE(second.out, first.out);
  EXPECT_EQ(Lines(Run({"list", "--title", "PARSER", "--json"}).out).size(), 1u);
}

TEST_F(CliTest, LatestArchiveRestoreRenameRemove) {
  New({"--id", "old", "--workspace", "/w"});
  std::string id = New({"--id", "new", "--workspace", "/w"});
  CommandResult latest = Run({"latest", "--workspace", "/w"});
  EXPECT_EQ(latest.out, "new\n");
  EXPECT_EQ(Run({"archive", id}).exit_code, 0);
  EXPECT_EQ(Run({"latest", "--workspace", "/w"}).out, "old\n");
  EXPECT_EQ(Lines(Run({"list"}).out).size(), 2u);
  CommandResult with = Run({"list", "--archived"});
  EXPECT_NE(with.out.find("[archived]"), std::string::npos);
  EXPECT_EQ(Run({"show", id}).exit_code, 0) << "an archived session still shows";
  EXPECT_EQ(Run({"restore", id}).exit_code, 0);
  EXPECT_EQ(Run({"rename", id, "A better title"}).exit_code, 0);
  EXPECT_NE(Run({"list"}).out.find("A better title"), std::string::npos);
  EXPECT_NE(Run({"show", id}).out.find("title     A better title\n"), std::string::npos) << "the current title";
  EXPECT_EQ(Run({"rm", id}).exit_code, 0);
  CommandResult gone = Run({"show", id});
  EXPECT_EQ(gone.exit_code, 1);
  EXPECT_EQ(gone.err.rfind("sessionstore: error: Not found", 0), 0u) << gone.err;
  EXPECT_TRUE(gone.out.empty());
}

TEST_F(CliTest, FailuresExit1WithAnErrorLine) {
  CommandResult none = Run({"latest"});
  EXPECT_EQ(none.exit_code, 1);
  New({"--id", "dup"});
  CommandResult bad_id = Run({"show", "../etc"});
  EXPECT_EQ(bad_id.exit_code, 2) << "not a session's name: the command line is not understood";
  EXPECT_EQ(bad_id.err.rfind("sessionstore: error: a session id is 1-128 bytes", 0), 0u) << bad_id.err;
  CommandResult dup = Run({"new", "--id", "dup"});
  EXPECT_EQ(dup.exit_code, 1);
  EXPECT_NE(dup.err.find("exists"), std::string::npos);
}

TEST_F(CliTest, DefaultStoreComesFromTheEnvironment) {
  const std::string bin = SESSIONSTORE_BIN;
  CommandResult a = RunCommand({bin, "new", "--id", "e1"}, "", {"SESSIONSTORE_DIR=" + (dir_ / "explicit")});
  EXPECT_EQ(a.exit_code, 0) << a.err;
  EXPECT_FALSE(ReadFile(dir_ / "explicit/sessions/e1.jsonl").empty());
  CommandResult b =
      RunCommand({bin, "new", "--id", "e2"}, "", {"SESSIONSTORE_DIR=", "XDG_DATA_HOME=" + (dir_ / "xdg")});
  EXPECT_EQ(b.exit_code, 0) << b.err;
  EXPECT_FALSE(ReadFile(dir_ / "xdg/sessionstore/sessions/e2.jsonl").empty());
  CommandResult c =
      RunCommand({bin, "new", "--id", "e3"}, "", {"SESSIONSTORE_DIR=", "XDG_DATA_HOME=", "HOME=" + (dir_ / "home")});
  EXPECT_EQ(c.exit_code, 0) << c.err;
  EXPECT_FALSE(ReadFile(dir_ / "home/.local/share/sessionstore/sessions/e3.jsonl").empty());
}

TEST_F(CliTest, DemoWritesAndPrintsASampleSession) {
  CommandResult r = Run({"demo"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("-> bash"), std::string::npos);
  EXPECT_NE(r.out.find("-> read_file"), std::string::npos);
  EXPECT_NE(r.out.find("<- bash (error)"), std::string::npos);
  EXPECT_NE(r.out.find("usage:"), std::string::npos);
  CommandResult list = Run({"list", "--json"});
  EXPECT_NE(list.out.find("\"messages\":4"), std::string::npos) << list.out;
}

}  // namespace
}  // namespace sessionstore::testing

namespace sessionstore::testing {
namespace {

TEST_F(CliTest, HistoryCommands) {
  New({"--id", "h"});
  std::vector<std::string> ids = Lines(Run({"append", "h"},
                                           "{\"role\":\"user\",\"content\":\"first\"}\n"
                                           "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_call\",\"id\":\"c1\","
                                           "\"name\":\"bash\",\"arguments\":{}}]}\n"
                                           "{\"role\":\"user\",\"content\":\"second\"}\n")
                                           .out);
  ASSERT_EQ(ids.size(), 3u);

  CommandResult context = Run({"context", "h", "--json"});
  EXPECT_EQ(context.exit_code, 0) << context.err;
  std::vector<std::string> items = Lines(context.out);
  ASSERT_EQ(items.size(), 4u);
  EXPECT_NE(items[2].find("\"kind\":\"interrupted_result\""), std::string::npos) << items[2];
  EXPECT_NE(context.err.find("interrupted_tool_call c1"), std::string::npos) << "repairs are reported";
  EXPECT_EQ(Lines(Run({"context", "h", "--leaf", ids[0], "--json"}).out).size(), 1u);

  EXPECT_EQ(Run({"label", "h", ids[0], "start"}).exit_code, 0);
  EXPECT_EQ(Run({"label", "h", "nope", "x"}).exit_code, 1);
  EXPECT_EQ(Run({"summary", "h", "we met"}).exit_code, 0);
  EXPECT_EQ(Run({"summary", "h"}).out, "we met\n");
  EXPECT_EQ(Run({"truncate", "h", "--keep", "1"}).exit_code, 0);
  std::vector<std::string> after = Lines(Run({"context", "h", "--json"}).out);
  ASSERT_EQ(after.size(), 2u);
  EXPECT_NE(after[0].find("compaction_summary"), std::string::npos);

  CommandResult branches = Run({"branches", "h", "--json"});
  EXPECT_EQ(Lines(branches.out).size(), 1u);
  EXPECT_NE(branches.out.find("\"messages\":3"), std::string::npos) << branches.out;

  CommandResult fork = Run({"fork", "h", "--at", ids[1], "--id", "h2"});
  EXPECT_EQ(fork.out, "h2\n") << fork.err;
  CommandResult forks = Run({"list", "--json", "--label", "start"});
  ASSERT_EQ(Lines(forks.out).size(), 1u) << "only h carries the label";
  EXPECT_NE(forks.out.find("\"labels\":[\"start\"]"), std::string::npos) << forks.out;
  EXPECT_NE(Run({"list", "--json"}).out.find("\"parent\":{\"session\":\"h\",\"entry\":\"" + ids[1] + "\"}"),
            std::string::npos);
  EXPECT_EQ(Lines(Run({"show", "h2", "--json"}).out).size(), 3u);

  CommandResult compact = Run({"compact", "h", "--json"});
  EXPECT_EQ(compact.exit_code, 0) << compact.err;
  EXPECT_NE(compact.out.find("\"bytes_after\""), std::string::npos);
  EXPECT_EQ(Lines(Run({"context", "h", "--json"}).out), after) << "compaction keeps the context";

  EXPECT_EQ(Run({"cleanup", "--older-than", "1d"}).out, "");
  EXPECT_EQ(Lines(Run({"cleanup", "--older-than", "0s", "--dry-run"}).out).size(), 2u);
  EXPECT_EQ(Run({"cleanup", "--older-than", "soon"}).exit_code, 2);
  EXPECT_EQ(Lines(Run({"cleanup", "--older-than", "0s"}).out).size(), 2u);
  EXPECT_EQ(Lines(Run({"list"}).out).size(), 1u) << "only the table's heading is left";
}

}  // namespace
}  // namespace sessionstore::testing

namespace sessionstore::testing {
namespace {

TEST_F(CliTest, MigrateLegacyFiles) {
  TempDir legacy;
  WriteFile(legacy / "telegram_7.json",
            R"({"key":"telegram:7","messages":[{"role":"user","content":"hello"}],"summary":"before",)"
            R"("created":"2025-01-01T00:00:00Z","updated":"2025-01-02T00:00:00Z"})");
  WriteFile(legacy / "config.json", R"({"model":"gpt-5"})");
  CommandResult r = Run({"migrate", legacy.path()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "telegram_7.json -> telegram:7\n"
            "config.json (skipped, left as it is: not a legacy session: no \"key\")\n");
  EXPECT_EQ(Run({"summary", "telegram:7"}).out, "before\n");
  CommandResult again = Run({"migrate", legacy.path(), "--json"});
  EXPECT_EQ(again.out, R"({"source":"config.json","skipped":"not a legacy session: no \"key\""})"
                       "\n");
  EXPECT_EQ(Run({"migrate"}).exit_code, 2) << "the directory is named, never guessed";
}

}  // namespace
}  // namespace sessionstore::testing

namespace sessionstore::testing {
namespace {

TEST_F(CliTest, SearchAndReindex) {
  New({"--id", "s"});
  Run({"append", "s", "--role", "user", "--text", "the flux capacitor needs 1.21 gigawatts"});
  CommandResult r = Run({"search", "capacitor", "--json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(Lines(r.out).size(), 1u);
  EXPECT_NE(r.out.find("\"snippet\":\"the flux capacitor needs 1.21 gigawatts\",\"matches\":[[9,9]]"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(Run({"reindex"}).exit_code, 0);
  EXPECT_EQ(Lines(Run({"search", "gigawatts"}).out).size(), 2u) << "the session, and its hit";
  CommandResult bad = Run({"search", "\"open"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("a quote that is not closed"), std::string::npos) << bad.err;
}

// copy: every session, archived ones archived, byte for byte here (both
// stores are files), verified; a second copy finds them there and is done.
TEST_F(CliTest, CopyCopiesEverySessionVerified) {
  ASSERT_EQ(Run({"demo"}).exit_code, 0);
  const std::string id = New({"--id", "kept"});
  ASSERT_EQ(Run({"append", id, "--role", "user", "--text", "to archive"}).exit_code, 0);
  ASSERT_EQ(Run({"archive", id}).exit_code, 0);
  TempDir other;
  const std::string to = other.path() + "/copy";
  CommandResult r = RunCommand({SESSIONSTORE_BIN, "copy", "--from", dir_.path(), "--to", to});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 2u) << r.out;
  EXPECT_NE(r.out.find("kept (1 entry)"), std::string::npos) << r.out;
  for (const auto& f : std::filesystem::directory_iterator(dir_ / "sessions")) {
    EXPECT_EQ(ReadFile(to + "/sessions/" + f.path().filename().string()), ReadFile(f.path())) << f.path();
  }
  EXPECT_EQ(ReadFile(to + "/archive/kept.jsonl"), ReadFile(dir_ / "archive/kept.jsonl"));

  CommandResult again = RunCommand({SESSIONSTORE_BIN, "copy", "--from", dir_.path(), "--to", to, "kept"});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(again.out, "kept (1 entry, already there)\n");
  ASSERT_EQ(RunCommand({SESSIONSTORE_BIN, "--store", to, "rename", "kept", "changed there"}).exit_code, 0);
  CommandResult differs = RunCommand({SESSIONSTORE_BIN, "copy", "--from", dir_.path(), "--to", to, "kept"});
  EXPECT_EQ(differs.exit_code, 1);
  EXPECT_NE(differs.err.find("the target holds another session \"kept\""), std::string::npos) << differs.err;
  CommandResult missing = RunCommand({SESSIONSTORE_BIN, "copy", "--from", other.path() + "/nowhere", "--to", to});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("nowhere"), std::string::npos) << missing.err;
}

// File -> PostgreSQL -> file with the real binary: every session comes back
// byte for byte, archived ones archived.
// A session that cannot be read is said and left out; the others are
// copied, and the copy says it is not whole (exit 1).
TEST_F(CliTest, CopyLeavesOutASessionItCannotReadAndSaysSo) {
  New({"--id", "good"});
  New({"--id", "bad"});
  WriteFile(dir_ / "sessions/bad.jsonl", "this is no header\n");
  TempDir to;
  CommandResult r = RunCommand({SESSIONSTORE_BIN, "copy", "--from", dir_.path(), "--to", to / "copy"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "good (0 entries)\n");
  EXPECT_NE(r.err.find("not copied: bad: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("1 of 2 sessions could not be read and were not copied"), std::string::npos) << r.err;
  EXPECT_TRUE(std::filesystem::exists(to / "copy/sessions/good.jsonl"));
}

TEST_F(CliTest, CopyThroughPostgresIsLossless) {
  ASSERT_EQ(Run({"demo"}).exit_code, 0);
  const std::string id = New({"--id", "kept"});
  ASSERT_EQ(Run({"append", id}, "{\"role\":\"user\",\"content\":\"NUL \\u0000, emoji \\ud83d\\ude00\"}\n").exit_code,
            0);
  ASSERT_EQ(Run({"archive", id}).exit_code, 0);
  TestPgSchema pg;
  ASSERT_FALSE(pg.url().empty()) << pg.error();
  CommandResult in = RunCommand({SESSIONSTORE_BIN, "copy", "--from", dir_.path(), "--to", pg.url()});
  ASSERT_EQ(in.exit_code, 0) << in.err;
  EXPECT_EQ(Lines(in.out).size(), 2u) << in.out;
  TempDir other;
  const std::string back = other.path() + "/back";
  CommandResult out = RunCommand({SESSIONSTORE_BIN, "copy", "--from", pg.url(), "--to", back});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  EXPECT_EQ((in.err + out.err).find("NOTICE"), std::string::npos) << "the server's notices are not printed: " << in.err;
  for (const auto& f : std::filesystem::directory_iterator(dir_ / "sessions")) {
    EXPECT_EQ(ReadFile(back + "/sessions/" + f.path().filename().string()), ReadFile(f.path())) << f.path();
  }
  EXPECT_EQ(ReadFile(back + "/archive/kept.jsonl"), ReadFile(dir_ / "archive/kept.jsonl"));
}

}  // namespace
}  // namespace sessionstore::testing
