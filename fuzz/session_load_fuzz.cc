// The session loader on any file: Load (lenient and strict) and a cursor
// over the last entries either succeed or fail with a status, never crash,
// and the backward reader agrees with the forward one about the tail.

#include <fcntl.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "fuzz_check.h"
#include "scratch_dir.h"
#include "sessionstore/store.h"

using namespace sessionstore;

namespace {

// One store per process, lenient and strict.
struct Scratch {
  Scratch() {
    Result<std::unique_ptr<Store>> l = Store::Open(dir.path()), s = Store::Open(dir.path(), {.read = {.strict = true}});
    FUZZ_CHECK(l.ok() && s.ok());
    lenient = std::move(*l);
    strict = std::move(*s);
  }
  ScratchDir dir;
  std::unique_ptr<Store> lenient, strict;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Scratch scratch;
  const std::string path = scratch.dir.path() + "/sessions/f.jsonl";
  {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    FUZZ_CHECK(fd >= 0);
    FUZZ_CHECK(::write(fd, data, size) == static_cast<ssize_t>(size));
    ::close(fd);
  }
  Result<Session> lenient = scratch.lenient->Load("f");
  Result<Session> strict = scratch.strict->Load("f");
  if (strict.ok()) {
    FUZZ_CHECK(lenient.ok());
    FUZZ_CHECK(strict->entries.size() == lenient->entries.size());
  }
  if (!lenient.ok()) return 0;
  for (const Entry& e : lenient->entries) FUZZ_CHECK(!e.id.empty());

  constexpr size_t kTail = 3;
  Result<std::unique_ptr<Cursor>> tail = scratch.lenient->Read("f", {.last_n = kTail});
  FUZZ_CHECK(tail.ok());
  std::vector<std::string> ids;
  for (; (*tail)->Valid(); (*tail)->Next()) ids.push_back((*tail)->entry().id);
  if (!(*tail)->status().ok()) return 0;
  const auto& all = lenient->entries;
  const size_t n = std::min(kTail, all.size());
  FUZZ_CHECK(ids.size() == n);
  for (size_t i = 0; i < n; ++i) FUZZ_CHECK(ids[i] == all[all.size() - n + i].id);
  return 0;
}
