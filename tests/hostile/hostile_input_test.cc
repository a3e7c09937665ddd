// The hostile-input corpus (make_corpus.py writes lines/ and headers/): every
// bad line is reported with file, line and byte offset, skipped by lenient
// reads and fatal to strict ones, and never costs the entries around it; a
// bad header fails the load naming the file; the files are never rewritten
// because of them. Also: a 100 MB line within a stated memory bound, and
// FIFOs planted in the store. (Hostile ids and planted symlinks:
// tests/file/safety_test.cc.)

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "sessionstore/store.h"
#include "testing/temp_dir.h"

namespace sessionstore::testing {
namespace {

namespace fs = std::filesystem;

const fs::path kCorpus = fs::path(SOURCE_DIR) / "tests/hostile";

std::string Header(const std::string& id) {
  return R"({"type":"session","version":"1.0","id":")" + id + R"(","created":"2026-01-01T00:00:00Z"})";
}
const std::string kTrailer =
    R"({"type":"message","seq":2,"id":"t1","parent":null,"ts":"2026-01-01T00:00:01Z","message":{"role":"user","content":"after"}})";

std::map<std::string, std::string> Cases(const std::string& dir) {
  std::map<std::string, std::string> cases;
  for (const auto& f : fs::directory_iterator(kCorpus / dir)) cases[f.path().filename()] = ReadFile(f.path());
  return cases;
}

class HostileInputTest : public ::testing::Test {
 protected:
  std::unique_ptr<Store> Open(bool strict) {
    auto s = Store::Open(dir_.path(), {.read = {.strict = strict}});
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return std::move(*s);
  }
  fs::path Plant(const std::string& id, const std::string& content) {
    const fs::path path = fs::path(dir_.path()) / "sessions" / (id + ".jsonl");
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }
  TempDir dir_;
};

TEST_F(HostileInputTest, EveryBadLineIsReportedWhereItIsAndCostsNothingElse) {
  auto lenient = Open(false), strict = Open(true);
  const auto cases = Cases("lines");
  ASSERT_GE(cases.size(), 300u);
  int index = 0, bad = 0;
  for (const auto& [name, line] : cases) {
    SCOPED_TRACE(name);
    const std::string id = "h" + std::to_string(index++);
    const std::string header = Header(id) + "\n";
    const std::string content = header + line + "\n" + kTrailer + "\n";
    const fs::path path = Plant(id, content);
    Result<Session> loaded = lenient->Load(id);
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    if (name.starts_with("y_")) {
      EXPECT_EQ(loaded->entries.size(), 2u);
      EXPECT_TRUE(loaded->report.skipped.empty()) << loaded->report.skipped.front().reason.ToString();
      continue;
    }
    ++bad;
    ASSERT_EQ(loaded->report.skipped.size(), 1u);
    const SkippedLine& skipped = loaded->report.skipped.front();
    EXPECT_EQ(skipped.line, 2);
    EXPECT_EQ(skipped.offset, static_cast<int64_t>(header.size()));
    EXPECT_EQ(skipped.reason.code(), StatusCode::kCorruption);
    const std::string where = path.string() + ":2 (offset " + std::to_string(header.size()) + ")";
    EXPECT_NE(skipped.reason.ToString().find(where), std::string::npos) << skipped.reason.ToString();
    ASSERT_EQ(loaded->entries.size(), 1u) << "the entry after the bad line is kept";
    EXPECT_EQ(loaded->entries[0].id, "t1");

    Result<Session> refused = strict->Load(id);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.status().code(), StatusCode::kCorruption);
    EXPECT_NE(refused.status().ToString().find(where), std::string::npos) << refused.status().ToString();

    // Appending goes on after it; the bad line stays as it was.
    auto w = lenient->OpenWriter(id, {.durability = Durability::kProcess});
    ASSERT_TRUE(w.ok()) << w.status().ToString();
    ASSERT_TRUE((*w)->Append(Record::FromMessage(Message::User("more"))).ok());
    ASSERT_TRUE((*w)->Close().ok());
    EXPECT_TRUE(ReadFile(path).starts_with(content));
  }
  // The listing counts only what loads; a bad line is no reason to fail it.
  auto rows = lenient->List();
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(rows->size(), cases.size());
  RecordProperty("bad_lines", bad);
}

TEST_F(HostileInputTest, ABadHeaderFailsTheLoadNamingTheFile) {
  auto store = Open(false);
  const auto cases = Cases("headers");
  int index = 0;
  for (const auto& [name, line] : cases) {
    SCOPED_TRACE(name);
    const std::string id = "b" + std::to_string(index++);
    const std::string content = line + "\n" + kTrailer + "\n";
    const fs::path path = Plant(id, content);
    Result<Session> loaded = store->Load(id);
    ASSERT_FALSE(loaded.ok());
    const StatusCode expected = name.starts_with("n_version_newer") || name.starts_with("n_version_far")
                                    ? StatusCode::kNotSupported
                                    : StatusCode::kCorruption;
    EXPECT_EQ(loaded.status().code(), expected) << loaded.status().ToString();
    EXPECT_NE(loaded.status().ToString().find(path.string()), std::string::npos) << loaded.status().ToString();
    auto w = store->OpenWriter(id);
    EXPECT_FALSE(w.ok()) << "a writer never appends to a file it cannot read";
    EXPECT_EQ(ReadFile(path), content);
  }
  EXPECT_TRUE(store->Load("b0").status().ToString().find(":1") != std::string::npos);
  auto rows = store->List();
  ASSERT_TRUE(rows.ok()) << "files with a bad header do not break the listing: " << rows.status().ToString();
}

// A figure of /proc/self/status, in KiB.
long StatusKb(const std::string& key) {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with(key)) return std::stol(line.substr(key.size()));
  }
  return -1;
}

// Memory that reading session `id` whole (Load) or through a cursor, in
// a child process so that the measure is of this read alone: its peak
// resident set minus what it started with. Also returns
// the bad lines it reported and the entries it read.
long PeakKbOfRead(const std::string& dir, const std::string& id, bool cursor, size_t* skipped, size_t* entries) {
  int pipe_fds[2];
  if (::pipe(pipe_fds) != 0) return -1;
  const pid_t pid = ::fork();
  if (pid == 0) {
    const long start_kb = StatusKb("VmRSS:");
    auto store = Store::Open(dir);
    size_t out[2] = {99, 99};
    if (cursor) {
      auto c = (*store)->Read(id, {});
      if (c.ok()) {
        out[1] = 0;
        for (; (*c)->Valid(); (*c)->Next()) ++out[1];
        out[0] = (*c)->report().skipped.size();
      }
    } else if (Result<Session> s = (*store)->Load(id); s.ok()) {
      out[0] = s->report.skipped.size();
      out[1] = s->entries.size();
    }
    const long kb = StatusKb("VmHWM:") - start_kb;
    (void)!::write(pipe_fds[1], out, sizeof out);
    (void)!::write(pipe_fds[1], &kb, sizeof kb);
    ::_exit(0);
  }
  ::close(pipe_fds[1]);
  size_t out[2] = {};
  long kb = -1;
  (void)!::read(pipe_fds[0], out, sizeof out);
  (void)!::read(pipe_fds[0], &kb, sizeof kb);
  ::close(pipe_fds[0]);
  ::waitpid(pid, nullptr, 0);
  *skipped = out[0];
  *entries = out[1];
  return kb;
}

// The bounds: Load holds the file once, and at most half of it again in
// decoded entries; a cursor holds at most one line of max_line_bytes
// (64 MiB), whatever the line's length, and while its buffer grows the old
// one beside the new: twice that, and a few MiB of the process's own.
TEST_F(HostileInputTest, AHundredMegabyteLineIsSkippedWithinBoundedMemory) {
  Open(false);
  const std::string header = Header("big") + "\n";
  std::string line = R"({"type":"title","seq":1,"id":"e1","title":")";
  line.append(size_t{100} << 20, 'x');
  line += "\"}";
  const long file_kb = static_cast<long>(line.size() >> 10);
  Plant("big", header + line + "\n" + kTrailer + "\n");
  std::string().swap(line);  // not counted in the children's memory
  for (const bool cursor : {false, true}) {
    size_t skipped = 0, entries = 0;
    const long peak_kb = PeakKbOfRead(dir_.path(), "big", cursor, &skipped, &entries);
    EXPECT_EQ(skipped, 1u) << "longer than ReadOptions::max_line_bytes (64 MiB)";
    EXPECT_EQ(entries, 1u);
    const long bound_kb = cursor ? 2 * (64 << 10) + (8 << 10) : file_kb * 3 / 2;
    EXPECT_LT(peak_kb, bound_kb) << (cursor ? "cursor" : "Load");
    std::printf("a 100 MB line, %s: skipped, memory %ld KiB (bound %ld KiB)\n", cursor ? "cursor" : "Load", peak_kb,
                bound_kb);
  }
}

TEST_F(HostileInputTest, APlantedFifoIsNeverOpenedForReading) {
  auto store = Open(false);
  ASSERT_EQ(::mkfifo((fs::path(dir_.path()) / "sessions/f.jsonl").c_str(), 0600), 0);
  ASSERT_EQ(::mkfifo((fs::path(dir_.path()) / "archive/g.jsonl").c_str(), 0600), 0);
  // Each of these would block for ever on a FIFO opened for reading.
  EXPECT_EQ(store->Load("f").status().code(), StatusCode::kCorruption);
  EXPECT_FALSE(store->Read("f", {}).ok());
  EXPECT_FALSE(store->OpenWriter("f").ok());
  EXPECT_FALSE(store->Load("g").ok());
  auto rows = store->List({.include_archived = true});
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_TRUE(rows->empty());
  EXPECT_TRUE(store->Create({.id = "f"}).status().code() == StatusCode::kAlreadyExists ||
              store->Create({.id = "f"}).status().code() == StatusCode::kCorruption);
}

}  // namespace
}  // namespace sessionstore::testing
