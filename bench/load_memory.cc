// Peak memory of loading one session: `load_memory prepare DIR` writes the
// pool as one session into a store at DIR; `load_memory load DIR` loads it
// in a fresh process and prints one JSON line with the file size and the
// peak resident memory the load added (ru_maxrss after minus before).

#include <sys/resource.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "sessionstore/store.h"
#include "workload.h"

namespace {

long PeakRssKb() {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

int PrintUsage() {
  std::fprintf(stderr, "usage: load_memory prepare|load STORE_DIR\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace sessionstore;
  if (argc != 3) return PrintUsage();
  const std::string op = argv[1], dir = argv[2];
  if (op == "prepare") {
    auto pool = bench::LoadPool(bench::DataDir());
    auto store = Store::Open(dir);
    if (!store.ok()) return std::fprintf(stderr, "%s\n", store.status().ToString().c_str()), 1;
    auto header = (*store)->Create({.id = "load", .workspace = "/bench"});
    if (!header.ok()) return std::fprintf(stderr, "%s\n", header.status().ToString().c_str()), 1;
    auto w = (*store)->OpenWriter("load", {.durability = Durability::kBuffered});
    if (!w.ok() || !(*w)->AppendBatch(pool).ok() || !(*w)->Close().ok()) return 1;
    return 0;
  }
  if (op != "load") return PrintUsage();
  auto store = Store::Open(dir);
  if (!store.ok()) return 1;
  const long before = PeakRssKb();
  auto session = (*store)->Load("load");
  if (!session.ok()) return std::fprintf(stderr, "%s\n", session.status().ToString().c_str()), 1;
  const long after = PeakRssKb();
  auto rows = (*store)->List();
  const double file_mb = static_cast<double>(rows->front().bytes) / 1e6;
  const double added_mb = static_cast<double>(after - before) * 1024 / 1e6;
  std::printf("{\"entries\":%zu,\"file_mb\":%.1f,\"peak_rss_added_mb\":%.1f,\"ratio\":%.2f}\n", session->entries.size(),
              file_mb, added_mb, added_mb / file_mb);
  return 0;
}
