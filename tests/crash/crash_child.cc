// The process that crash_test kills. It works on a store through the
// library and reports on stdout, one line each, what it was told is done:
//
//   crash_child append STORE ID SEED   synced appends of 10 B to 16 MiB
//                                      (log-uniform); prints each entry id
//                                      once Append returned
//   crash_child compact STORE ID       compacts the session, then prints "done"
//   crash_child archive STORE ID       archives and restores the session in a
//                                      loop, printing "archived" / "restored"
//   crash_child migrate STORE DIR      migrates the legacy files in DIR
//   crash_child reindex STORE          rebuilds the catalog
//
// Exit status 1 with a message on stderr if a call fails.

#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>

#include "sessionstore/store.h"

using namespace sessionstore;

namespace {

[[noreturn]] void Fail(const Status& s) {
  std::fprintf(stderr, "crash_child: %s\n", s.ToString().c_str());
  std::exit(1);
}

void Say(const std::string& line) {
  std::fputs((line + "\n").c_str(), stdout);
  std::fflush(stdout);
}

int Append(Store& store, const std::string& id, unsigned long seed) {
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

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: crash_child MODE STORE [ARGS]\n");
    return 2;
  }
  const std::string mode = argv[1];
  auto store = Store::Open(argv[2]);
  if (!store.ok()) Fail(store.status());
  Store& s = **store;
  if (mode == "append" && argc == 5) return Append(s, argv[3], std::stoul(argv[4]));
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
    if (auto r = s.MigrateLegacy(argv[3]); !r.ok()) Fail(r.status());
    Say("done");
    return 0;
  }
  if (mode == "reindex" && argc == 3) {
    if (Status st = s.Reindex(); !st.ok()) Fail(st);
    Say("done");
    return 0;
  }
  std::fprintf(stderr, "crash_child: bad arguments for %s\n", mode.c_str());
  return 2;
}
