// Finding a session with the real binary: id prefixes, @latest, the list's
// defaults, filters and script outputs, workspaces however written, search
// as people type it, and the command line's own help.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "cli/cli_fixture.h"

namespace sessionstore::testing {
namespace {

TEST_F(CliTest, AUniquePrefixNamesASessionAndAnAmbiguousOneListsTheCandidates) {
  New({"--id", "abc-111", "--title", "first"});
  New({"--id", "abc-222", "--title", "second"});
  New({"--id", "abd"});
  Say("abc-111", "user", "hello prefix");
  CommandResult show = Run({"show", "abc-1"});
  EXPECT_EQ(show.exit_code, 0) << show.err;
  EXPECT_NE(show.out.find("hello prefix"), std::string::npos);
  CommandResult ambiguous = Run({"show", "abc"});
  EXPECT_EQ(ambiguous.exit_code, 2);
  EXPECT_TRUE(ambiguous.out.empty());
  EXPECT_NE(ambiguous.err.find("'abc' is ambiguous"), std::string::npos) << ambiguous.err;
  EXPECT_NE(ambiguous.err.find("abc-111  first"), std::string::npos) << ambiguous.err;
  EXPECT_NE(ambiguous.err.find("abc-222  second"), std::string::npos) << ambiguous.err;
  EXPECT_EQ(ambiguous.err.find("abd"), std::string::npos) << ambiguous.err;
  EXPECT_EQ(Run({"show", "abd"}).exit_code, 0) << "a whole id is taken even where it starts no other";
  CommandResult none = Run({"show", "zzz"});
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_NE(none.err.find("no session zzz"), std::string::npos) << none.err;
  // Archived sessions are named by prefix too; every command takes one.
  EXPECT_EQ(Run({"archive", "abc-2"}).exit_code, 0);
  EXPECT_EQ(Run({"restore", "abc-2"}).exit_code, 0);
  EXPECT_EQ(Run({"rename", "abc-2", "renamed"}).exit_code, 0);
  EXPECT_EQ(Run({"context", "abc-1"}).exit_code, 0);
  EXPECT_EQ(Run({"branches", "abc-1"}).exit_code, 0);
  EXPECT_EQ(Run({"rm", "abd"}).exit_code, 0);
  EXPECT_EQ(Lines(Run({"list", "--porcelain"}).out).size(), 2u);
}

TEST_F(CliTest, EntriesAreNamedByPrefixToo) {
  const std::string id = New();
  const std::string first = Say(id, "user", "one");
  Say(id, "assistant", "two");
  CommandResult label = Run({"label", id, first.substr(0, 6), "start"});
  EXPECT_EQ(label.exit_code, 0) << label.err;
  CommandResult context = Run({"context", id, "--leaf", first.substr(0, 5), "--json"});
  EXPECT_EQ(context.exit_code, 0) << context.err;
  EXPECT_EQ(Lines(context.out).size(), 1u) << "the context up to the first entry";
  CommandResult fork = Run({"fork", id, "--at", first.substr(0, 4), "--id", "forked"});
  EXPECT_EQ(fork.exit_code, 0) << fork.err;
  EXPECT_EQ(Run({"label", id, "ffffffffffffffffff", "x"}).exit_code, 1);
}

TEST_F(CliTest, LatestIsTheNewestSessionOfTheCurrentWorkspace) {
  TempDir other;
  const std::string old_here = New();
  const std::string here = New();
  CommandResult elsewhere = RunIn(other.path(), {"new"});
  ASSERT_EQ(elsewhere.exit_code, 0);
  const std::string there = Lines(elsewhere.out)[0];
  Say(old_here, "user", "I am touched last, so I am the latest here");
  CommandResult latest = Run({"show", "@latest", "--json"});
  EXPECT_EQ(latest.exit_code, 0) << latest.err;
  EXPECT_NE(latest.out.find(old_here), std::string::npos) << "the most recently updated";
  EXPECT_NE(Run({"show", "@latest~1", "--json"}).out.find(here), std::string::npos);
  EXPECT_NE(Run({"show", "@latest~", "--json"}).out.find(here), std::string::npos) << "~ is ~1, as in git";
  CommandResult past = Run({"show", "@latest~2"});
  EXPECT_EQ(past.exit_code, 1);
  EXPECT_NE(past.err.find("only 2 sessions"), std::string::npos) << past.err;
  EXPECT_NE(RunIn(other.path(), {"show", "@latest", "--json"}).out.find(there), std::string::npos);
  Say(here, "user", "now I am");
  CommandResult all = RunIn(other.path(), {"show", "@latest", "--all-workspaces", "--json"});
  EXPECT_EQ(all.exit_code, 0) << all.err;
  EXPECT_NE(all.out.find(here), std::string::npos) << "the newest of every workspace";
  TempDir empty;
  CommandResult nothing = RunIn(empty.path(), {"show", "@latest"});
  EXPECT_EQ(nothing.exit_code, 1);
  EXPECT_NE(nothing.err.find("no session in workspace"), std::string::npos) << nothing.err;
  EXPECT_NE(nothing.err.find("--all-workspaces"), std::string::npos) << nothing.err;
  // append takes it too: the agent's own session, from its directory.
  CommandResult appended = Run({"append", "@latest", "--role", "user", "--text", "to the latest"});
  EXPECT_EQ(appended.exit_code, 0) << appended.err;
  EXPECT_NE(Run({"show", here}).out.find("to the latest"), std::string::npos);
}

TEST_F(CliTest, ListShowsTheCurrentWorkspaceByDefaultAndEveryWorkspaceWithAll) {
  TempDir other;
  New({"--title", "here one"});
  RunIn(other.path(), {"new", "--title", "there one"});
  CommandResult here = Run({"list"});
  EXPECT_EQ(here.exit_code, 0) << here.err;
  EXPECT_NE(here.out.find("here one"), std::string::npos);
  EXPECT_EQ(here.out.find("there one"), std::string::npos) << here.out;
  EXPECT_EQ(here.out.find("WORKSPACE"), std::string::npos) << "one workspace: no column for it";
  CommandResult all = Run({"list", "--all"});
  EXPECT_NE(all.out.find("there one"), std::string::npos);
  EXPECT_NE(all.out.find("WORKSPACE"), std::string::npos) << "several workspaces: a column";
  EXPECT_NE(all.out.find(other.path()), std::string::npos);
  EXPECT_EQ(Lines(Run({"list", "--all-workspaces"}).out).size(), 3u);
  TempDir empty;
  EXPECT_EQ(Lines(RunIn(empty.path(), {"list"}).out).size(), 3u) << "a workspace with none: every workspace";
  EXPECT_EQ(Run({"list", "--all", "--workspace", "/x"}).exit_code, 2) << "both is a contradiction";
}

TEST_F(CliTest, WorkspacesAreTheSamePathHoweverWritten) {
  std::filesystem::create_directories(cwd_ / "proj/sub");
  const std::string proj = cwd_ / "proj";
  for (const std::string& spelling :
       {proj, proj + "/", proj + "//", proj + "/./sub/..", std::string("proj"), std::string("./proj/")}) {
    New({"--workspace", spelling});
  }
  CommandResult r = RunIn(cwd_ / "proj/sub", {"new", "--workspace", ".."});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  CommandResult listed = Run({"list", "--workspace", proj + "/", "--porcelain"});
  EXPECT_EQ(Lines(listed.out).size(), 7u) << listed.out;
  for (const std::string& line : Lines(listed.out)) EXPECT_NE(line.find("\t" + proj + "\t"), std::string::npos);
  EXPECT_EQ(Lines(RunIn(proj, {"list", "--porcelain"}).out).size(), 7u) << "proj's own sessions, from inside it";
  EXPECT_EQ(Lines(RunIn(proj, {"latest", "--workspace", "."}).out).size(), 1u);
  EXPECT_EQ(Lines(Run({"search", "x", "--workspace", "proj/"}).out).size(), 0u);
}

TEST_F(CliTest, ListFiltersByTimeModelAndProvider) {
  New({"--id", "a", "--model", "claude-sonnet-4-5", "--provider", "anthropic"});
  New({"--id", "b", "--model", "gpt-5", "--provider", "openai"});
  auto ids = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"list", "--format", "{id}"});
    CommandResult r = Run(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::vector<std::string> offered = Lines(r.out);
    std::erase(offered, std::string());  // printf prints one empty line for no words
    return offered;
  };
  EXPECT_EQ(ids({"--model", "gpt-5"}), std::vector<std::string>{"b"});
  EXPECT_EQ(ids({"--provider", "anthropic"}), std::vector<std::string>{"a"});
  EXPECT_EQ(ids({"--since", "1h"}).size(), 2u);
  EXPECT_TRUE(ids({"--until", "1h"}).empty());
  EXPECT_EQ(ids({"--since", "2020-01-01"}).size(), 2u);
  EXPECT_TRUE(ids({"--since", "2999-01-01T00:00:00Z"}).empty());
  EXPECT_EQ(ids({"--until", "2999-01-01T10:30"}).size(), 2u);
  for (const char* bad : {"yesterday", "2026-13-01", "2026-11-22T25:00", ""}) {
    CommandResult r = Run({"list", "--since", bad});
    EXPECT_EQ(r.exit_code, 2) << bad;
    EXPECT_NE(r.err.find("--since"), std::string::npos) << r.err;
  }
}

TEST_F(CliTest, PorcelainAndFormatAreOneLinePerSessionForScripts) {
  const std::string id = New({"--title", "tab\there\nand a newline", "--model", "m"});
  Say(id, "user", "hi");
  CommandResult p = Run({"list", "--porcelain"});
  ASSERT_EQ(Lines(p.out).size(), 1u) << p.out;
  const std::string line = Lines(p.out)[0];
  EXPECT_EQ(line.rfind(id + "\t20", 0), 0u) << line;
  EXPECT_NE(line.find("Z\t1\t" + cwd_.path() + "\ttab\\x09here\\x0aand a newline"), std::string::npos) << line;
  CommandResult f = Run({"list", "--format", "{id}|{model}|{messages}|{{literal}}|\\t|"});
  EXPECT_EQ(f.out, id + "|m|1|{literal}|\t|\n");
  for (const char* bad : {"{nope}", "{id", "id}"}) {
    CommandResult r = Run({"list", "--format", bad});
    EXPECT_EQ(r.exit_code, 2) << bad;
  }
  EXPECT_NE(Run({"list", "--format", "{nope}"}).err.find("the fields are id title"), std::string::npos);
  CommandResult json = Run({"list", "--json"});
  EXPECT_NE(json.out.find("\"updated_at\":\"20"), std::string::npos) << json.out;
  CommandResult table = Run({"list", "--long"});
  EXPECT_NE(table.out.find("CREATED"), std::string::npos);
  EXPECT_NE(table.out.find(" +0000"), std::string::npos) << "local time with its zone (TZ is unset: UTC)" << table.out;
  EXPECT_NE(Run({"list"}, {}, {"TZ=Asia/Kolkata"}).out.find(" +0530"), std::string::npos);
}

TEST_F(CliTest, SearchTakesWhatPeopleTypeAndGroupsHitsBySession) {
  const std::string a = New({"--title", "Parser work"});
  Say(a, "user", "the foo-bar flag in src/parser.c breaks C++ builds; it's a.txt too");
  Say(a, "assistant", "looking at src/parser.c now");
  const std::string b = New({"--title", "Other"});
  Say(b, "user", "src/parser.c again");
  EXPECT_EQ(Run({"search", "C++"}).exit_code, 0) << "the word c: no syntax error";
  for (const char* q : {"foo-bar", "it's", "a.txt"}) {
    CommandResult r = Run({"search", q});
    EXPECT_EQ(r.exit_code, 0) << q << ": " << r.err;
    EXPECT_EQ(Lines(r.out).size(), 2u) << q << ": a session line and its hit\n" << r.out;
  }
  CommandResult grouped = Run({"search", "src/parser.c"});
  const std::vector<std::string> lines = Lines(grouped.out);
  ASSERT_EQ(lines.size(), 5u) << grouped.out;
  EXPECT_EQ(lines[0], b + "  Other") << "the session with the newest hit first";
  EXPECT_EQ(lines[2], a + "  Parser work");
  EXPECT_NE(lines[4].find("(+1 more hit here: --all-hits"), std::string::npos) << lines[4];
  EXPECT_EQ(Lines(Run({"search", "src/parser.c", "--all-hits"}).out).size(), 5u);
  EXPECT_EQ(Lines(Run({"search", "src/parser.c", "--session", b}).out).size(), 2u);
  EXPECT_EQ(Lines(Run({"search", "src", "parser", "--json"}).out).size(), 3u) << "words as separate arguments";
  EXPECT_TRUE(Run({"search", "src/parser.c", "--since", "2999-01-01"}).out.empty());
  CommandResult page1 = Run({"search", "src/parser.c", "--json", "--limit", "2"});
  EXPECT_EQ(Lines(page1.out).size(), 2u);
  EXPECT_NE(page1.err.find("more hits: --page 2"), std::string::npos) << page1.err;
  CommandResult page2 = Run({"search", "src/parser.c", "--json", "--limit", "2", "--page", "2"});
  EXPECT_EQ(Lines(page2.out).size(), 1u);
  EXPECT_TRUE(page2.err.empty()) << page2.err;
  // Marks: colour only when asked (or on a terminal), never brackets.
  CommandResult plain = Run({"search", "flag"});
  EXPECT_NE(plain.out.find("the foo-bar flag in"), std::string::npos) << plain.out;
  CommandResult colored = Run({"search", "flag", "--color", "always"});
  EXPECT_NE(colored.out.find("\x1b[1;31mflag\x1b[0m"), std::string::npos) << colored.out;
  EXPECT_EQ(Run({"search", "flag", "--color", "always"}, {}, {"NO_COLOR=1"}).out, colored.out)
      << "--color always wins over NO_COLOR";
  CommandResult none = Run({"search", "--", "--"});
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_NE(none.err.find("no word"), std::string::npos) << none.err;
}

TEST_F(CliTest, GlobalOptionsComeAfterTheCommandAndUnknownCommandsGetANearOne) {
  New({"--title", "found"});
  TempDir elsewhere;
  CommandResult after =
      RunCommandIn(elsewhere.path(), {SESSIONSTORE_BIN, "list", "--all", "--store", dir_.path(), "--porcelain"});
  EXPECT_EQ(after.exit_code, 0) << after.err;
  EXPECT_NE(after.out.find("found"), std::string::npos);
  CommandResult typo = Run({"lsit"});
  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_NE(typo.err.find("no command 'lsit'; did you mean 'list'?"), std::string::npos) << typo.err;
  CommandResult far = Run({"xyzzyq"});
  EXPECT_EQ(far.exit_code, 2);
  EXPECT_NE(far.err.find("no command 'xyzzyq'"), std::string::npos) << far.err;
  EXPECT_EQ(far.err.find("did you mean"), std::string::npos) << far.err;
  CommandResult help = RunCommand({SESSIONSTORE_BIN, "--help"});
  EXPECT_NE(help.out.find("130 interrupted"), std::string::npos) << help.out;
}

// The completions offer the commands, each command's options and the
// store's session ids; every shell reads its script; the man page renders;
// every command's --help has an example.
TEST_F(CliTest, CompletionsAndTheManPageComeFromTheCommandTable) {
  New({"--id", "0193ab-first"});
  New({"--id", "0193cd-second"});
  CommandResult bash = Run({"completion", "bash"});
  ASSERT_EQ(bash.exit_code, 0) << bash.err;
  const std::string script = (cwd_ / "sessionstore.bash");
  WriteFile(script, bash.out);
  const std::string bin_dir = std::filesystem::path(SESSIONSTORE_BIN).parent_path().string();
  auto complete = [&](const std::string& line) {
    // COMP_WORDS as bash splits `line`, the cursor on its last word.
    const std::string words = "(" + line + ")";
    CommandResult r = RunCommand({"/bin/bash", "-c",
                                  "source " + script + "; COMP_WORDS=" + words +
                                      "; COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _sessionstore; "
                                      "printf '%s\\n' \"${COMPREPLY[@]}\""},
                                 {}, {"PATH=" + bin_dir + ":/usr/bin:/bin"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::vector<std::string> offered = Lines(r.out);
    std::erase(offered, std::string());  // printf prints one empty line for no words
    return offered;
  };
  EXPECT_EQ(complete("sessionstore li"), std::vector<std::string>{"list"});
  const std::vector<std::string> options = complete("sessionstore list --por");
  EXPECT_EQ(options, std::vector<std::string>{"--porcelain"});
  std::vector<std::string> ids = complete("sessionstore --store " + dir_.path() + " show 0193");
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<std::string>{"0193ab-first", "0193cd-second"}));
  EXPECT_EQ(complete("sessionstore --store " + dir_.path() + " info 0193c"), std::vector<std::string>{"0193cd-second"});
  EXPECT_EQ(complete("sessionstore show @l"), std::vector<std::string>{"@latest"});
  EXPECT_EQ(complete("sessionstore --store " + dir_.path() + " search x --session 0193c"),
            std::vector<std::string>{"0193cd-second"})
      << "an option that names a session";
  EXPECT_EQ(complete("sessionstore --store " + dir_.path() + " list --forks-of 0193a"),
            std::vector<std::string>{"0193ab-first"});
  EXPECT_TRUE(complete("sessionstore --store " + dir_.path() + " list --title 0193").empty()) << "not a session";
  // A command's own commands, then theirs options.
  EXPECT_EQ(complete("sessionstore trash re"), std::vector<std::string>{"restore"});
  EXPECT_EQ(complete("sessionstore trash empty --old"), std::vector<std::string>{"--older-than"});
  EXPECT_EQ(complete("sessionstore --store " + dir_.path() + " show 0193ab-first --la"),
            std::vector<std::string>{"--last"});
  for (const char* shell : {"zsh", "fish"}) {
    CommandResult made = Run({"completion", shell});
    ASSERT_EQ(made.exit_code, 0) << made.err;
    EXPECT_NE(made.out.find("porcelain"), std::string::npos) << shell;
    EXPECT_NE(made.out.find("older-than"), std::string::npos) << shell << ": trash empty's options";
    const std::string file = cwd_ / (std::string("completion.") + shell);
    WriteFile(file, made.out);
    CommandResult parsed = RunCommand({std::string("/usr/bin/") + shell, "-n", file});
    EXPECT_EQ(parsed.exit_code, 0) << shell << ": " << parsed.err;
  }
  CommandResult man = Run({"manpage"});
  ASSERT_EQ(man.exit_code, 0);
  const std::string page = cwd_ / "sessionstore.1";
  WriteFile(page, man.out);
  CommandResult rendered = RunCommand({"/usr/bin/groff", "-man", "-Tascii", "-P-cbu", page});
  EXPECT_EQ(rendered.exit_code, 0) << rendered.err;
  EXPECT_NE(rendered.out.find("sessionstore show ID [OPTIONS]"), std::string::npos) << rendered.out.substr(0, 2000);
  EXPECT_NE(rendered.out.find("--porcelain"), std::string::npos);
  EXPECT_NE(rendered.out.find("sessionstore trash empty [OPTIONS]"), std::string::npos);
  EXPECT_EQ(RunCommand({SESSIONSTORE_BIN, "--help"}).out.find("manpage"), std::string::npos) << "not a listed command";
  for (const char* command :
       {"new",         "append",  "show",    "export",   "info",    "tree",      "list",       "search",
        "stats",       "latest",  "rm",      "archive",  "restore", "rename",    "context",    "branches",
        "fork",        "label",   "summary", "truncate", "undo",    "compact",   "du",         "verify",
        "repair",      "cleanup", "prune",   "pin",      "unpin",   "trash",     "trash list", "trash restore",
        "trash empty", "migrate", "reindex", "copy",     "demo",    "completion"}) {
    std::vector<std::string> args = {SESSIONSTORE_BIN};
    std::istringstream words(command);
    for (std::string w; words >> w;) args.push_back(w);
    args.push_back("--help");
    CommandResult help = RunCommand(args);
    EXPECT_EQ(help.exit_code, 0) << command;
    EXPECT_NE(help.out.find("Example"), std::string::npos) << command << " --help has no example";
  }
}

}  // namespace
}  // namespace sessionstore::testing
