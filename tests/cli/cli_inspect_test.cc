// Looking at and working on one session with the real binary: info, tree,
// show's selections, show --follow, append --parent and --wait, undo, demo.

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "cli/cli_fixture.h"

namespace sessionstore::testing {
namespace {

// A session with a branch: u1 -> a1 -> u2 (abandoned), and a1 -> u3 (latest).
struct Branched {
  std::string id, u1, a1, u2, u3;
};

class CliInspectTest : public CliTest {
 protected:
  Branched MakeBranched() {
    Branched b;
    b.id = New({"--title", "branchy", "--model", "m1", "--provider", "p1"});
    b.u1 = Say(b.id, "user", "first question");
    CommandResult a =
        Run({"append", b.id}, R"({"role":"assistant","content":[{"type":"text","text":"calling"},)"
                              R"({"type":"tool_call","id":"c1","name":"bash","arguments":{"cmd":"ls"}}],)"
                              R"("usage":{"input":100,"output":20,"cache_read":5,"cache_write":1,"cost_usd":0.25}})"
                              "\n"
                              R"({"role":"tool","content":[{"type":"tool_result","call_id":"c1","name":"bash",)"
                              R"("content":[{"type":"text","text":"README.md\nsrc"}]}]})"
                              "\n");
    EXPECT_EQ(a.exit_code, 0) << a.err;
    b.a1 = Lines(a.out)[1];  // the tool message: the branch point
    b.u2 = Say(b.id, "user", "the abandoned way");
    CommandResult branch =
        Run({"append", b.id, "--parent", b.a1.substr(0, 6), "--role", "user", "--text", "the way taken"});
    EXPECT_EQ(branch.exit_code, 0) << branch.err;
    b.u3 = Lines(branch.out)[0];
    return b;
  }
};

TEST_F(CliInspectTest, InfoSaysEverythingAboutASession) {
  const Branched b = MakeBranched();
  ASSERT_EQ(Run({"label", b.id, b.u1, "start"}).exit_code, 0);
  ASSERT_EQ(Run({"fork", b.id, "--at", b.u1, "--id", "child"}).exit_code, 0);
  CommandResult info = Run({"info", b.id});
  ASSERT_EQ(info.exit_code, 0) << info.err;
  for (const std::string& want :
       {"session   " + b.id, std::string("title     branchy"), "workspace " + cwd_.path(),
        std::string("model     m1 (p1)"), std::string("messages  5 (1 assistant, 1 tool, 3 user)"),
        std::string("branches  2"), std::string("forks     child  branchy"),
        "labels    " + b.u1.substr(0, 8) + "  start",
        std::string("tokens    100 in, 20 out, 5 cache read, 1 cache write"), std::string("cost      $0.2500"),
        std::string("archived  no"), std::string("writer    none")}) {
    EXPECT_NE(info.out.find(want + "\n"), std::string::npos) << want << "\n" << info.out;
  }
  EXPECT_NE(Run({"info", "child"}).out.find("fork of   " + b.id + " at entry " + b.u1.substr(0, 8)), std::string::npos);
  CommandResult json = Run({"info", b.id, "--json"});
  EXPECT_EQ(Lines(json.out).size(), 1u);
  EXPECT_NE(json.out.find("\"tokens\":{\"input\":100,\"output\":20,\"cache_read\":5,\"cache_write\":1}"),
            std::string::npos)
      << json.out;
  EXPECT_NE(json.out.find("\"forks\":[\"child\"]"), std::string::npos);
  EXPECT_NE(json.out.find("\"writer\":null"), std::string::npos);
  // Who holds the writer: an append waiting on stdin holds it.
  Child holder = SpawnChild({SESSIONSTORE_BIN, "--store", dir_.path(), "append", b.id});
  std::string said;
  for (int i = 0; i < 200 && said.find("writer    pid") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    said = Run({"info", b.id}).out;
  }
  EXPECT_NE(said.find("writer    pid " + std::to_string(holder.pid)), std::string::npos) << said;
  close(holder.stdin_fd);
  int status = 0;
  waitpid(holder.pid, &status, 0);
  close(holder.stdout_fd);
}

TEST_F(CliInspectTest, TreeShowsTheBranchesWithPreviewsAndMarks) {
  const Branched b = MakeBranched();
  ASSERT_EQ(Run({"label", b.id, b.u2, "dead end"}).exit_code, 0);
  CommandResult tree = Run({"tree", b.id});
  ASSERT_EQ(tree.exit_code, 0) << tree.err;
  const std::vector<std::string> lines = Lines(tree.out);
  ASSERT_EQ(lines.size(), 6u) << tree.out;
  EXPECT_EQ(lines[0], b.u1.substr(0, 8) + " user: first question");
  EXPECT_NE(lines[1].find("assistant: calling -> bash {\"cmd\":\"ls\"}"), std::string::npos) << lines[1];
  EXPECT_EQ(lines[2], b.a1.substr(0, 8) + " tool: <- README.md src") << "a run without a fork stays at one depth";
  EXPECT_EQ(lines[3], "├─ " + b.u2.substr(0, 8) + " user: the abandoned way  [dead end]  (leaf)");
  EXPECT_EQ(lines[4], "└─ " + b.u3.substr(0, 8) + " user: the way taken") << lines[4];
  // The label record follows the active leaf, and is the active leaf now.
  EXPECT_EQ(lines[5].rfind("   ", 0), 0u) << lines[5];
  EXPECT_NE(lines[5].find(" label \"dead end\" on " + b.u2.substr(0, 8) + "  <- active"), std::string::npos)
      << lines[5];
}

TEST_F(CliInspectTest, ShowPrintsTheActiveBranchOrTheOneAskedFor) {
  const Branched b = MakeBranched();
  CommandResult active = Run({"show", b.id});
  ASSERT_EQ(active.exit_code, 0) << active.err;
  EXPECT_NE(active.out.find("the way taken"), std::string::npos);
  EXPECT_EQ(active.out.find("the abandoned way"), std::string::npos) << "another branch";
  EXPECT_NE(active.out.find("\n" + b.u1.substr(0, 8) + " "), std::string::npos) << "entries headed by short ids";
  // The tool's result stands under its call.
  const size_t call = active.out.find("-> bash {\"cmd\":\"ls\"} [c1]");
  ASSERT_NE(call, std::string::npos) << active.out;
  EXPECT_EQ(active.out.find("     <- bash\n        README.md\n        src\n", call), active.out.find('\n', call) + 1)
      << active.out;
  CommandResult other = Run({"show", b.id, "--leaf", b.u2.substr(0, 7)});
  EXPECT_NE(other.out.find("the abandoned way"), std::string::npos);
  EXPECT_EQ(other.out.find("the way taken"), std::string::npos);
  CommandResult all = Run({"show", b.id, "--all-branches"});
  EXPECT_NE(all.out.find("the abandoned way"), std::string::npos);
  EXPECT_NE(all.out.find("the way taken"), std::string::npos);
  CommandResult last = Run({"show", b.id, "--last", "1"});
  EXPECT_NE(last.out.find("the way taken"), std::string::npos);
  EXPECT_EQ(last.out.find("first question"), std::string::npos);
  EXPECT_EQ(Lines(Run({"show", b.id, "--json"}).out).size(), 6u) << "--json: every line, as stored";
  EXPECT_EQ(Lines(Run({"show", b.id, "--json", "--leaf", b.u2}).out).size(), 5u) << "header and the path";
  EXPECT_EQ(Run({"show", b.id, "--leaf", b.u2, "--all-branches"}).exit_code, 2);
}

TEST_F(CliInspectTest, ShowShortensLongToolOutputUnlessFull) {
  const std::string id = New();
  std::string big;
  for (int i = 0; i < 50; ++i) big += "line " + std::to_string(i) + "\\n";
  ASSERT_EQ(Run({"append", id},
                R"({"role":"tool","content":[{"type":"tool_result","call_id":"x","content":")" + big + "\"}]}\n")
                .exit_code,
            0);
  CommandResult shortened = Run({"show", id});
  EXPECT_EQ(shortened.out.find("line 49"), std::string::npos);
  EXPECT_NE(shortened.out.find("more bytes; --full shows all]"), std::string::npos) << shortened.out;
  EXPECT_NE(Run({"show", id, "--full"}).out.find("line 49"), std::string::npos);
}

TEST_F(CliInspectTest, ColourOnlyWhenAskedOrOnATerminal) {
  const std::string id = New();
  Say(id, "user", "hi");
  EXPECT_EQ(Run({"show", id}).out.find('\x1b'), std::string::npos) << "not a terminal";
  EXPECT_NE(Run({"show", id, "--color", "always"}).out.find("\x1b[1;32muser\x1b[0m"), std::string::npos);
  EXPECT_EQ(Run({"show", id, "--color", "never"}).out.find('\x1b'), std::string::npos);
  EXPECT_EQ(Run({"show", id, "--color", "sometimes"}).exit_code, 2);
}

TEST_F(CliInspectTest, FollowPrintsWhatIsAppendedThroughCompactionAndArchiveAndStopsOnSigint) {
  const std::string id = New();
  Say(id, "user", "before following");
  Child follower = SpawnChild({SESSIONSTORE_BIN, "--store", dir_.path(), "show", id, "--follow"});
  close(follower.stdin_fd);
  std::string out;
  auto read_until = [&](const std::string& want) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    char buf[4096];
    while (out.find(want) == std::string::npos && std::chrono::steady_clock::now() < deadline) {
      const ssize_t n = read(follower.stdout_fd, buf, sizeof buf);
      if (n <= 0) break;
      out.append(buf, static_cast<size_t>(n));
    }
    return out.find(want) != std::string::npos;
  };
  ASSERT_TRUE(read_until("before following")) << out;
  const auto start = std::chrono::steady_clock::now();
  Say(id, "assistant", "appended while followed");
  ASSERT_TRUE(read_until("appended while followed")) << out;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2)) << "shown as it comes";
  ASSERT_EQ(Run({"compact", id}).exit_code, 0);
  Say(id, "user", "after the compaction");
  ASSERT_TRUE(read_until("after the compaction")) << out;
  ASSERT_EQ(Run({"archive", id}).exit_code, 0);
  Say(id, "user", "while archived");
  ASSERT_TRUE(read_until("while archived")) << out;
  kill(follower.pid, SIGINT);
  int status = 0;
  waitpid(follower.pid, &status, 0);
  close(follower.stdout_fd);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130) << "interrupted, cleanly";
}

TEST_F(CliInspectTest, AppendWaitsForABusyWriterWhenTold) {
  const std::string id = New();
  Child holder = SpawnChild({SESSIONSTORE_BIN, "--store", dir_.path(), "append", id});
  for (int i = 0; i < 200 && Run({"info", id}).out.find("writer    pid") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  CommandResult busy = Run({"append", id, "--role", "user", "--text", "now"});
  EXPECT_EQ(busy.exit_code, 1);
  EXPECT_NE(busy.err.find("is being written by pid " + std::to_string(holder.pid)), std::string::npos) << busy.err;
  std::thread release([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    close(holder.stdin_fd);
  });
  CommandResult waited = Run({"append", id, "--wait", "20s", "--role", "user", "--text", "after the wait"});
  release.join();
  int status = 0;
  waitpid(holder.pid, &status, 0);
  close(holder.stdout_fd);
  EXPECT_EQ(waited.exit_code, 0) << waited.err;
  EXPECT_NE(Run({"show", id}).out.find("after the wait"), std::string::npos);
  EXPECT_EQ(Run({"append", id, "--wait", "soon"}).exit_code, 2);
}

TEST_F(CliInspectTest, UndoTakesTheLastMessageOutAndTheFileKeepsIt) {
  const std::string id = New();
  Say(id, "user", "keep me");
  const std::string oops = Say(id, "assistant", "a wrong answer");
  CommandResult undo = Run({"undo", id});
  ASSERT_EQ(undo.exit_code, 0) << undo.err;
  EXPECT_EQ(undo.out, "took " + oops.substr(0, 8) + " out of the context: assistant: a wrong answer\n");
  CommandResult context = Run({"context", id, "--json"});
  EXPECT_EQ(Lines(context.out).size(), 1u) << context.out;
  EXPECT_NE(Run({"show", id, "--all-branches"}).out.find("a wrong answer"), std::string::npos) << "the file keeps it";
  Say(id, "assistant", "a better answer");
  CommandResult shown = Run({"show", id});
  EXPECT_NE(shown.out.find("a better answer"), std::string::npos);
  EXPECT_EQ(shown.out.find("a wrong answer"), std::string::npos);
  ASSERT_EQ(Run({"undo", id}).exit_code, 0);
  ASSERT_EQ(Run({"undo", id}).exit_code, 0);
  CommandResult empty = Run({"undo", id});
  EXPECT_EQ(empty.exit_code, 1);
  EXPECT_NE(empty.err.find("no message in its context"), std::string::npos) << empty.err;
}

TEST_F(CliInspectTest, StatsSumsWhatWasSpentByDayModelAndSession) {
  const Branched b = MakeBranched();  // 100 in, 20 out, $0.25 on m1
  const std::string other = New({"--model", "m2"});
  ASSERT_EQ(Run({"append", other}, R"({"role":"assistant","content":"x","usage":{"input":7,"output":3,"cost_usd":0.5}})"
                                   "\n")
                .exit_code,
            0);
  CommandResult day = Run({"stats"});
  ASSERT_EQ(day.exit_code, 0) << day.err;
  const std::vector<std::string> lines = Lines(day.out);
  ASSERT_EQ(lines.size(), 2u) << day.out;
  EXPECT_EQ(lines[0].rfind("DAY ", 0), 0u) << lines[0];
  EXPECT_NE(lines[1].find("         2         6           107            23             5             1       $0.7500"),
            std::string::npos)
      << lines[1];
  CommandResult models = Run({"stats", "--by", "model", "--json"});
  ASSERT_EQ(Lines(models.out).size(), 2u) << models.out;
  EXPECT_EQ(Lines(models.out)[0],
            "{\"key\":\"m2\",\"sessions\":1,\"messages\":1,\"input_tokens\":7,\"output_tokens\":3,"
            "\"cache_read_tokens\":0,\"cache_write_tokens\":0,\"cost_usd\":0.5}")
      << "the costliest first";
  CommandResult sessions = Run({"stats", "--by", "session"});
  EXPECT_NE(sessions.out.find("TOTAL"), std::string::npos);
  EXPECT_NE(sessions.out.find(b.id), std::string::npos);
  EXPECT_TRUE(Lines(Run({"stats", "--since", "2999-01-01"}).out).size() == 1u) << "the header alone";
  EXPECT_EQ(Run({"stats", "--by", "year"}).exit_code, 2);
}

TEST_F(CliInspectTest, VerifyFindsDamageSaysWhereAndExits3) {
  const Branched b = MakeBranched();
  const std::string clean = New();
  Say(clean, "user", "all well");
  CommandResult ok = Run({"verify", "--all"});
  EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
  EXPECT_TRUE(ok.out.empty()) << ok.out;
  EXPECT_NE(ok.err.find("2 sessions checked, 0 with findings"), std::string::npos) << ok.err;
  // Damage, of every kind, by hand: a line that does not read, a seq that
  // goes back, an id used twice, a parent that is nowhere, a call without
  // its result.
  const std::string file = dir_ / ("sessions/" + b.id + ".jsonl");
  std::string text = ReadFile(file);
  text += "{\"type\":\"message\",\"seq\":\n";
  text += "{\"type\":\"message\",\"seq\":2,\"id\":\"" + b.u1 +
          "\",\"parent\":\"nowhere0\",\"ts\":\"2026-01-01T00:00:00.000Z\","
          "\"message\":{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_call\",\"id\":\"c9\","
          "\"name\":\"bash\",\"arguments\":{}}]}}\n";
  WriteFile(file, text);
  CommandResult bad = Run({"verify", b.id.substr(0, 30), clean});
  EXPECT_EQ(bad.exit_code, 3) << bad.err;
  const std::vector<std::string> lines = Lines(bad.out);
  for (const std::string& want : {file + ":7: bad line: ", file + ":8: seq: seq 2 after seq 5",
                                  file + ":8: parent: entry " + b.u1 + " names parent nowhere0",
                                  file + ":8: duplicate id: entry id " + b.u1 + " is used twice",
                                  file + ": interrupted_tool_call: tool call c9 in entry " + b.u1 + " has no result"}) {
    bool found = false;
    for (const std::string& l : lines) found = found || l.rfind(want, 0) == 0;
    EXPECT_TRUE(found) << want << "\n" << bad.out;
  }
  EXPECT_NE(bad.err.find("2 sessions checked, 1 with findings"), std::string::npos) << bad.err;
  CommandResult json = Run({"verify", b.id, "--json"});
  EXPECT_EQ(json.exit_code, 3);
  EXPECT_NE(json.out.find("{\"session\":\"" + b.id + "\",\"place\":\"" + file + "\",\"line\":7,\"kind\":\"bad line\""),
            std::string::npos)
      << json.out;
  EXPECT_EQ(text, ReadFile(file)) << "verify changes nothing";
  EXPECT_EQ(Run({"verify"}).exit_code, 1) << "what to verify must be said";
}

TEST_F(CliInspectTest, RepairMendsWhatVerifyFindsAndKeepsWhatItTakesOut) {
  const Branched b = MakeBranched();
  const std::string file = dir_ / ("sessions/" + b.id + ".jsonl");
  const std::string whole = ReadFile(file);
  // A line that does not read, an entry reusing an id with a parent that
  // is nowhere and a call without its result, and a torn last line.
  const std::string damaged = whole + "{\"type\":\"message\",\"seq\":\n" + "{\"type\":\"message\",\"seq\":2,\"id\":\"" +
                              b.u1 +
                              "\",\"parent\":\"nowhere0\",\"ts\":\"2026-01-01T00:00:00.000Z\","
                              "\"message\":{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_call\",\"id\":\"c9\","
                              "\"name\":\"bash\",\"arguments\":{}}]}}\n" +
                              "{\"type\":\"message\",\"se";
  WriteFile(file, damaged);

  CommandResult dry = Run({"repair", b.id.substr(0, 30), "--dry-run"});
  EXPECT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find(file + ":7: would: set aside: "), std::string::npos) << dry.out;
  EXPECT_NE(dry.err.find("5 changes would be made; nothing was changed"), std::string::npos) << dry.err;
  EXPECT_EQ(ReadFile(file), damaged) << "a dry run changes nothing";

  CommandResult r = Run({"repair", b.id});
  const std::vector<std::string> out = Lines(r.out);
  ASSERT_GE(out.size(), 5u) << r.out;
  EXPECT_EQ(out[0].rfind(file + ":7: set aside: invalid JSON", 0), 0u) << r.out;
  EXPECT_EQ(out[1].rfind(file + ":8: entry id " + b.u1 + " was used before: now ", 0), 0u) << r.out;
  EXPECT_EQ(out[2].rfind(file + ":8: parent nowhere0 comes nowhere before it: re-linked to the entry before it", 0), 0u)
      << r.out;
  EXPECT_EQ(out[3].rfind(file + ":8: seq 2 after seq 5: now 6", 0), 0u) << r.out;
  EXPECT_EQ(out[4], file + ": set aside: 21 bytes after the last line end (an append cut short)") << r.out;
  const std::string rejected = dir_ / ("repair/" + b.id + ".rejected.jsonl");
  const std::string backup = dir_ / ("repair/" + b.id + ".backup.jsonl");
  EXPECT_NE(r.err.find("repaired " + b.id + ": 5 changes; 2 lines set aside in " + rejected +
                       "; the session as it was is kept in " + backup + " until the next repair"),
            std::string::npos)
      << r.err;
  // The call without a result is left (the context answers it), and said.
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("still found after the repair"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("interrupted_tool_call: tool call c9"), std::string::npos) << r.out;
  EXPECT_EQ(ReadFile(backup), damaged);
  const std::vector<std::string> set_aside = Lines(ReadFile(rejected));
  ASSERT_EQ(set_aside.size(), 2u);
  EXPECT_NE(set_aside[0].find("\"line\":7,"), std::string::npos) << set_aside[0];
  EXPECT_NE(set_aside[0].find(R"("text":"{\"type\":\"message\",\"seq\":")"), std::string::npos) << set_aside[0];
  EXPECT_NE(set_aside[1].find(R"("text":"{\"type\":\"message\",\"se")"), std::string::npos) << set_aside[1];
  EXPECT_EQ(ReadFile(file).rfind(whole, 0), 0u) << "every whole line stays byte for byte";

  CommandResult verify = Run({"verify", b.id});
  EXPECT_EQ(verify.exit_code, 3);
  EXPECT_EQ(Lines(verify.out).size(), 1u) << verify.out;
  CommandResult again = Run({"repair", b.id, "--json"});
  EXPECT_EQ(again.exit_code, 3);
  EXPECT_EQ(Lines(again.out)[0], "{\"session\":\"" + b.id +
                                     "\",\"dry_run\":false,\"actions\":[],\"rejected\":0,\"rejected_place\":null,"
                                     "\"backup_place\":null}")
      << again.out;
  EXPECT_NE(again.err.find("nothing to repair"), std::string::npos) << again.err;
  EXPECT_EQ(ReadFile(backup), damaged) << "the backup stays until a repair changes something";
  EXPECT_EQ(Run({"repair", "no-such-session"}).exit_code, 1);
  EXPECT_EQ(Run({"repair"}).exit_code, 2);
}

TEST_F(CliInspectTest, ExportWritesADocumentOrARequestAndSaysWhatItLeftOut) {
  const Branched b = MakeBranched();
  CommandResult md = Run({"export", b.id.substr(0, 30)});
  ASSERT_EQ(md.exit_code, 0) << md.err;
  EXPECT_EQ(md.out.rfind("# ", 0), 0u) << md.out;
  EXPECT_NE(md.out.find("## User · "), std::string::npos) << md.out;
  const std::string file = cwd_ / "session.md";
  CommandResult to_file = Run({"export", b.id, "-o", file, "--json"});
  ASSERT_EQ(to_file.exit_code, 0) << to_file.err;
  EXPECT_EQ(ReadFile(file), md.out);
  EXPECT_NE(to_file.out.find("\"file\":\"" + file + "\""), std::string::npos) << to_file.out;
  CommandResult chat = Run({"export", b.id, "--to", "openai-chat"});
  ASSERT_EQ(chat.exit_code, 0) << chat.err;
  EXPECT_EQ(chat.out.rfind("{\"messages\":[", 0), 0u) << chat.out;
  // A line that does not read: exported without it, and said.
  const std::string session = dir_ / ("sessions/" + b.id + ".jsonl");
  WriteFile(session, ReadFile(session) + "{\"type\":\"message\",\"seq\":\n");
  CommandResult lines = Run({"export", b.id, "--to", "jsonl"});
  ASSERT_EQ(lines.exit_code, 0) << lines.err;
  EXPECT_EQ(lines.out.find("\"seq\":\n"), std::string::npos);
  EXPECT_NE(lines.err.find("sessionstore: left out: line 7 does not read"), std::string::npos) << lines.err;
  EXPECT_EQ(Run({"export", b.id, "--to", "pdf"}).exit_code, 2);
  EXPECT_EQ(Run({"export", b.id, "-o", cwd_ / "no-such-dir/x.md"}).exit_code, 1);
  EXPECT_EQ(Run({"export", b.id, "--leaf", "zzzz"}).exit_code, 1);
}

TEST_F(CliInspectTest, RedactKeepsSecretsOutOfWhatIsPrintedAndStored) {
  const std::string key = "AKIAIOSFODNN7EXAMPLE";
  const std::string token = "ghp_0zVZomHFwUbbYrEqmSM9wCZ7Uw9xfogoEmvn";
  const std::string id = New({"--title", "deploy " + key});
  const std::string lines =
      R"({"role":"user","content":"use )" + key +
      R"( and EMP-123456"})"
      "\n" +
      R"({"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"bash","input":{"cmd":"echo )" + token +
      R"("}}]})"
      "\n";
  ASSERT_EQ(Run({"append", id}, lines).exit_code, 0);
  const std::string session = dir_ / ("sessions/" + id + ".jsonl");
  ASSERT_NE(ReadFile(session).find(key), std::string::npos) << "stored as given without --redact";

  for (std::vector<std::string> args : {std::vector<std::string>{"show", id, "--no-pager"},
                                        {"show", id, "--json"},
                                        {"context", id},
                                        {"context", id, "--shape", "anthropic"},
                                        {"export", id},
                                        {"export", id, "--to", "jsonl"},
                                        {"export", id, "--to", "openai-responses"}}) {
    const std::string shown = [&] {
      std::string s;
      for (const std::string& a : args) s += a + " ";
      return s;
    }();
    CommandResult plain = Run(args);
    ASSERT_EQ(plain.exit_code, 0) << shown << plain.err;
    EXPECT_NE(plain.out.find(key), std::string::npos) << shown;
    args.push_back("--redact");
    CommandResult r = Run(args);
    ASSERT_EQ(r.exit_code, 0) << shown << r.err;
    EXPECT_EQ(r.out.find(key), std::string::npos) << shown << r.out;
    EXPECT_EQ(r.out.find(token), std::string::npos) << shown << r.out;
    EXPECT_NE(r.out.find("[REDACTED:aws-access-key]"), std::string::npos) << shown << r.out;
    EXPECT_NE(r.err.find("sessionstore: redacted "), std::string::npos) << shown << r.err;
    EXPECT_NE(r.err.find("github-token 1"), std::string::npos) << shown << r.err;
    EXPECT_EQ(r.err.find(key), std::string::npos) << shown << r.err;
  }
  CommandResult json = Run({"export", id, "--redact", "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_NE(json.out.find(R"("redacted":{"aws-access-key":2,"github-token":1})"), std::string::npos) << json.out;

  // Patterns of one's own, and a patterns file that is wrong, said with its line.
  const std::string patterns = cwd_ / "patterns.txt";
  WriteFile(patterns, "# ours\nemployee-id  EMP-[0-9]{6}\n");
  CommandResult ours = Run({"export", id, "--to", "jsonl", "--redact-patterns", patterns});
  ASSERT_EQ(ours.exit_code, 0) << ours.err;
  EXPECT_NE(ours.out.find("[REDACTED:employee-id]"), std::string::npos) << ours.out;
  EXPECT_EQ(ours.out.find(key), std::string::npos) << "the built-in detectors run too";
  WriteFile(patterns, "employee-id  EMP-[0-9]{6}\nbroken (x\n");
  CommandResult bad = Run({"show", id, "--redact-patterns", patterns});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find(patterns + ":2: redaction pattern \"broken\" is not a valid RE2 pattern: missing )"),
            std::string::npos)
      << bad.err;
  EXPECT_TRUE(bad.out.empty()) << bad.out;

  // --redact on a write: the secret never reaches the file.
  const std::string clean = New();
  CommandResult appended = Run({"append", clean, "--redact"}, lines);
  ASSERT_EQ(appended.exit_code, 0) << appended.err;
  EXPECT_EQ(Lines(appended.out).size(), 2u) << appended.out;
  const std::string stored = ReadFile(dir_ / ("sessions/" + clean + ".jsonl"));
  EXPECT_EQ(stored.find(key), std::string::npos) << stored;
  EXPECT_EQ(stored.find(token), std::string::npos) << stored;
  EXPECT_NE(appended.err.find("redacted before writing session " + clean + ": aws-access-key 1"), std::string::npos)
      << appended.err;
}

TEST_F(CliInspectTest, ExportToAnAgentsFormatImportsBackTheSameConversation) {
  const std::string id = New({"--title", "agents"});
  const std::string lines =
      R"({"role":"user","content":"list the files ✓"})"
      "\n"
      R"({"role":"assistant","content":[{"type":"thinking","thinking":"ls","signature":"c2ln"},{"type":"tool_use","id":"t1","name":"bash","input":{"cmd":"ls"}}]})"
      "\n"
      R"({"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":"a.txt"}]})"
      "\n"
      R"({"role":"assistant","content":"One file."})"
      "\n";
  ASSERT_EQ(Run({"append", id}, lines).exit_code, 0);
  ASSERT_EQ(Run({"summary", id, "Listed the files."}).exit_code, 0);
  for (const std::string format : {"pi", "zot", "eino", "picoclaw"}) {
    const std::string dir = cwd_ / format;
    std::filesystem::create_directories(dir);
    const std::string file = dir + "/" + id + ".jsonl";
    CommandResult out = Run({"export", id, "--to", format, "-o", file, "--json"});
    ASSERT_EQ(out.exit_code, 0) << format << out.err;
    EXPECT_EQ(std::filesystem::exists(dir + "/" + id + ".meta.json"), format == "picoclaw") << format;
    if (format == "zot" || format == "eino") {
      EXPECT_NE(out.err.find("a thinking block's signature"), std::string::npos) << format << out.err;
    }
    // Settled, as a finished agent's file is.
    std::filesystem::last_write_time(file, std::filesystem::file_time_type::clock::now() - std::chrono::hours(1));
    CommandResult imported = Run({"import", file, "--json"});
    ASSERT_EQ(imported.exit_code, 0) << format << imported.err;
    ASSERT_NE(imported.out.find("\"format\":\"" + format + "\""), std::string::npos) << imported.out;
    // A new session beside the one exported (whose id the file carries).
    const size_t at = imported.out.find("\"session\":\"") + 11;
    const std::string back = imported.out.substr(at, imported.out.find('"', at) - at);
    EXPECT_EQ(back.rfind(id + ".v", 0), 0u) << back;
    CommandResult now = Run({"show", back, "--no-pager"});
    ASSERT_EQ(now.exit_code, 0) << now.err;
    for (std::string_view said : {"list the files ✓", "bash", "a.txt", "One file."}) {
      EXPECT_NE(now.out.find(said), std::string::npos) << format << ": " << said << "\n" << now.out;
    }
    // The summary, where the format has a place for it.
    const bool summary = format == "pi" || format == "picoclaw";
    EXPECT_EQ(now.out.find("Listed the files.") != std::string::npos, summary) << format << "\n" << now.out;
  }
  CommandResult stdout_picoclaw = Run({"export", id, "--to", "picoclaw"});
  ASSERT_EQ(stdout_picoclaw.exit_code, 0);
  EXPECT_NE(stdout_picoclaw.err.find(".meta.json beside the lines (give -o FILE)"), std::string::npos)
      << stdout_picoclaw.err;
}

TEST_F(CliInspectTest, DemoWritesToATemporaryStoreUnlessOneIsNamed) {
  TempDir home, tmp;
  CommandResult demo =
      RunCommand({SESSIONSTORE_BIN, "demo"}, {},
                 {"HOME=" + home.path(), "SESSIONSTORE_DIR=", "XDG_DATA_HOME=", "TMPDIR=" + tmp.path()});
  EXPECT_EQ(demo.exit_code, 0) << demo.err;
  EXPECT_NE(demo.out.find("Why does `make test` fail"), std::string::npos);
  EXPECT_NE(demo.out.find("temporary store, now removed"), std::string::npos) << demo.out;
  EXPECT_FALSE(std::filesystem::exists(home / ".local/share/sessionstore")) << "the real store is untouched";
  EXPECT_TRUE(std::filesystem::is_empty(tmp.path())) << "and the temporary one is gone";
  CommandResult kept = Run({"demo"});
  EXPECT_NE(kept.out.find("stored in " + dir_.path()), std::string::npos) << kept.out;
  EXPECT_EQ(Lines(Run({"list", "--all", "--porcelain"}).out).size(), 1u);
}

TEST_F(CliInspectTest, ImportBringsClaudeCodeSessionsInFromWhereClaudeKeepsThem) {
  namespace fs = std::filesystem;
  const std::string session = "9b1e2c3d-0000-4000-8000-000000000001";
  const fs::path project = fs::path(cwd_.path()) / "home/.claude/projects/-home-u-app";
  fs::create_directories(project);
  fs::copy_file(std::string(SOURCE_DIR) + "/tests/fixtures/import/claude/-home-u-app/" + session + ".jsonl",
                project / (session + ".jsonl"));
  // A day old: Claude Code is done with it (a live one's last message waits).
  fs::last_write_time(project / (session + ".jsonl"), fs::file_time_type::clock::now() - std::chrono::hours(24));
  const std::string home = cwd_ / "home";
  CommandResult first = Run({"import", "--from", "claude", "--home", home});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(
      first.out.rfind("created " + session + " <- " + (project / session).string() + ".jsonl (claude, 15 entries)", 0),
      0u)
      << first.out;
  EXPECT_NE(first.err.find(session + ".jsonl:17 (byte "), std::string::npos) << first.err;
  EXPECT_NE(first.err.find("1 created, 0 appended, 0 unchanged, 0 new versions; 1 problems"), std::string::npos)
      << first.err;
  CommandResult shown = Run({"show", session.substr(0, 8) + "-0000"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_NE(shown.out.find("All 42 tests pass."), std::string::npos) << shown.out;
  CommandResult again = Run({"import", "--json", home + "/.claude/projects"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("\"outcome\":\"unchanged\""), std::string::npos) << again.out;
  CommandResult found = Run({"search", "statically", "--json"});
  EXPECT_NE(found.out.find(session), std::string::npos) << found.out;
  CommandResult nothing = Run({"import", "--from", "claude", "--home", cwd_ / "nobody"});
  EXPECT_EQ(nothing.exit_code, 1);
  EXPECT_NE(nothing.err.find("no claude sessions: "), std::string::npos) << nothing.err;
  EXPECT_EQ(Run({"import"}).exit_code, 1);
  EXPECT_EQ(Run({"import", "--format", "word", home}).exit_code, 2);
}

TEST_F(CliInspectTest, ExportAllWritesAFilePerSession) {
  const std::string a = New({"--workspace", "/src/a"});
  Say(a, "user", "in a");
  const std::string b = New({"--workspace", "/src/b"});
  Say(b, "user", "in b");
  const std::string dir = cwd_ / "out";
  CommandResult one = Run({"export", "--all", "--workspace", "/src/a", "-o", dir});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_EQ(one.out, dir + "/" + a + ".md\n");
  EXPECT_EQ(ReadFile(dir + "/" + a + ".md"), Run({"export", a}).out);
  CommandResult all = Run({"export", "--all", "--to", "jsonl", "-o", dir, "--json"});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  EXPECT_EQ(Lines(all.out).size(), 2u) << all.out;
  EXPECT_EQ(ReadFile(dir + "/" + b + ".jsonl"), Run({"export", b, "--to", "jsonl"}).out);
  EXPECT_EQ(Run({"export", "--all"}).exit_code, 1) << "a folder is needed";
  EXPECT_EQ(Run({"export"}).exit_code, 1);
}

}  // namespace
}  // namespace sessionstore::testing
