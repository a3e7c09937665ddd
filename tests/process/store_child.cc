// A process that works on a store through the library, for the crash
// tests (which kill it) and the concurrency test (which runs many at once).
// It reports on stdout, one line each, what it was told is done:
//
//   store_child append STORE ID SEED   synced appends of 10 B to 16 MiB
//                                      (log-uniform); prints each entry id
//                                      once Append returned, and "w BYTES"
//                                      right before each write(2) of 1 MiB
//                                      or more
//   store_child compact STORE ID       compacts the session, then prints "done"
//   store_child archive STORE ID       archives and restores the session in a
//                                      loop, printing "archived" / "restored"
//   store_child migrate STORE DIR      migrates the legacy files in DIR
//   store_child reindex STORE          rebuilds the catalog
//
// For SECONDS, then a last line "#done N" (N: operations done):
//   store_child writer STORE SECONDS ID    opens a writer (waiting out Busy),
//                                          appends 20 entries, closes; again.
//                                          Prints each entry id.
//   store_child taker STORE SECONDS ID     tries to open a writer; if it gets
//                                          one, appends one entry (printed)
//   store_child follower STORE SECONDS ID...  loads the sessions again and
//                                          again; each must hold only whole
//                                          entries, seq 1, 2, 3, ... in order
//   store_child compactor STORE SECONDS ID...  compacts them (Busy is fine)
//   store_child lister STORE SECONDS       lists and searches
//
// Exit status 1 with a message on stderr if a call fails.

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "file/file_backend.h"
#include "io/fs.h"
#include "sessionstore/migrate.h"
#include "sessionstore/store.h"

using namespace sessionstore;

namespace {

[[noreturn]] void Fail(const Status& s) {
  std::fprintf(stderr, "store_child: %s\n", s.ToString().c_str());
  std::exit(1);
}

void Say(const std::string& line) {
  std::fputs((line + "\n").c_str(), stdout);
  std::fflush(stdout);
}

// The real file system, saying when a large write(2) starts, so that the
// test can kill inside it.
class AnnouncingFs : public io::Fs {
 public:
  ssize_t Write(int fd, const void* buf, size_t n) override {
    if (n >= (size_t{1} << 20)) Say("w " + std::to_string(n));
    return Fs::Write(fd, buf, n);
  }
};

int Append(const std::string& dir, const std::string& id, unsigned long seed) {
  static AnnouncingFs fs;
  auto opened = file::OpenStore(dir, {}, &fs);
  if (!opened.ok()) Fail(opened.status());
  Store& store = **opened;
  std::mt19937_64 rng(seed);
  // One text to cut messages from; generating 16 MiB per message would
  // leave too little of the time in the store. Few characters need
  // escaping, so that most of an append's time is spent in write(2) and
  // fdatasync(2), where the kills must land.
  std::string text;
  while (text.size() < (size_t{16} << 20)) {
    text += std::string(1000, 'x') + " a line of tool output with \"quotes\" and caf\xC3\xA9\n";
  }
  auto w = store.OpenWriter(id, {.durability = Durability::kSync});
  if (!w.ok()) Fail(w.status());
  std::uniform_real_distribution<double> log_size(std::log(10.0), std::log(16.0 * 1024 * 1024));
  for (;;) {
    size_t size = static_cast<size_t>(std::exp(log_size(rng)));
    while (size > 0 && (static_cast<unsigned char>(text[size]) & 0xC0) == 0x80) --size;  // whole characters
    Result<std::string> entry = (*w)->Append(Record::FromMessage(Message::User(text.substr(0, size))));
    if (!entry.ok()) Fail(entry.status());
    Say(*entry);
  }
}

// Runs `step` until `seconds` have passed, then says how many times it ran.
template <typename Step>
int For(const char* seconds, Step step) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(std::stoi(seconds));
  long n = 0;
  for (; std::chrono::steady_clock::now() < end; ++n) step();
  Say("#done " + std::to_string(n));
  return 0;
}

// Whether `s` is Busy; then waits a moment before the next try.
bool Busy(const Status& s) {
  if (s.code() != StatusCode::kBusy) return false;
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return true;
}

int Concurrent(Store& s, const std::string& mode, const char* seconds, const std::vector<std::string>& ids) {
  if (mode == "writer" && ids.size() == 1) {
    return For(seconds, [&] {
      auto w = s.OpenWriter(ids[0], {.durability = Durability::kProcess});
      if (!w.ok() && Busy(w.status())) return;
      if (!w.ok()) Fail(w.status());
      for (int i = 0; i < 20; ++i) {
        Result<std::string> id = (*w)->Append(Record::FromMessage(Message::User("alpha entry " + std::to_string(i))));
        if (!id.ok()) Fail(id.status());
        Say(*id);
      }
      if (Status st = (*w)->Close(); !st.ok()) Fail(st);
    });
  }
  if (mode == "taker" && ids.size() == 1) {
    return For(seconds, [&] {
      auto w = s.OpenWriter(ids[0], {});
      if (!w.ok() && Busy(w.status())) return;
      if (!w.ok()) Fail(w.status());
      Result<std::string> id = (*w)->Append(Record::FromMessage(Message::User("taken")));
      if (!id.ok()) Fail(id.status());
      Say(*id);
      if (Status st = (*w)->Close(); !st.ok()) Fail(st);
    });
  }
  if (mode == "follower" && !ids.empty()) {
    return For(seconds, [&] {
      for (const std::string& id : ids) {
        Result<Session> session = s.Load(id);
        if (!session.ok()) Fail(session.status());
        if (!session->report.skipped.empty()) Fail(Status::Corruption("a bad line in " + id));
        for (size_t i = 0; i < session->entries.size(); ++i) {
          if (session->entries[i].seq != i + 1) Fail(Status::Corruption("entries out of order in " + id));
        }
      }
    });
  }
  if (mode == "compactor" && !ids.empty()) {
    return For(seconds, [&] {
      for (const std::string& id : ids) {
        if (auto r = s.Compact(id); !r.ok() && !Busy(r.status())) Fail(r.status());
      }
    });
  }
  if (mode == "lister" && ids.empty()) {
    return For(seconds, [&] {
      if (auto rows = s.List(); !rows.ok()) Fail(rows.status());
      if (auto hits = s.Search("alpha", {}); !hits.ok()) Fail(hits.status());
    });
  }
  std::fprintf(stderr, "store_child: bad arguments for %s\n", mode.c_str());
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: store_child MODE STORE [ARGS]\n");
    return 2;
  }
  const std::string mode = argv[1];
  auto store = Store::Open(argv[2]);
  if (!store.ok()) Fail(store.status());
  Store& s = **store;
  if (mode == "append" && argc == 5) return Append(argv[2], argv[3], std::stoul(argv[4]));
  if (mode == "compact" && argc == 4) {
    if (auto r = s.Compact(argv[3]); !r.ok()) Fail(r.status());
    Say("done");
    return 0;
  }
  if (mode == "archive" && argc == 4) {
    for (;;) {
      if (Status st = s.Archive(argv[3]); !st.ok()) Fail(st);
      Say("archived");
      if (Status st = s.Restore(argv[3]); !st.ok()) Fail(st);
      Say("restored");
    }
  }
  if (mode == "migrate" && argc == 4) {
    if (auto r = MigrateLegacy(s, argv[3]); !r.ok()) Fail(r.status());
    Say("done");
    return 0;
  }
  if (mode == "reindex" && argc == 3) {
    if (Status st = s.Reindex(); !st.ok()) Fail(st);
    Say("done");
    return 0;
  }
  if (argc >= 4 &&
      (mode == "writer" || mode == "taker" || mode == "follower" || mode == "compactor" || mode == "lister")) {
    return Concurrent(s, mode, argv[3], std::vector<std::string>(argv + 4, argv + argc));
  }
  std::fprintf(stderr, "store_child: bad arguments for %s\n", mode.c_str());
  return 2;
}
