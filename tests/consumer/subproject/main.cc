// Through a sessionstore built without PostgreSQL: the file store and the
// memory store work, and a PostgreSQL URL is refused as not in this build.
// Exits non-zero, saying why, if anything differs.

#include <sessionstore/sessionstore.h>

#include <cstdio>
#include <string>

int main(int argc, char** argv) {
  using namespace sessionstore;
  if (argc != 2) return std::fprintf(stderr, "usage: consumer STORE_DIR\n"), 2;
  for (const std::string location : {std::string(argv[1]), std::string("memory:")}) {
    auto store = Store::Open(location);
    if (!store.ok()) return std::fprintf(stderr, "%s\n", store.status().ToString().c_str()), 1;
    auto header = (*store)->Create({});
    auto writer = header.ok() ? (*store)->OpenWriter(header->id) : header.status();
    if (!writer.ok()) return std::fprintf(stderr, "%s\n", writer.status().ToString().c_str()), 1;
    if (!(*writer)->Append(Record::FromMessage(Message::User("hi"))).ok() || !(*writer)->Close().ok()) {
      return std::fprintf(stderr, "append failed on %s\n", location.c_str()), 1;
    }
    auto session = (*store)->Load(header->id);
    if (!session.ok() || session->entries.size() != 1) return std::fprintf(stderr, "read back something else\n"), 1;
  }
  auto pg = Store::Open("postgresql://nobody@127.0.0.1:1/none");
  if (pg.status().code() != StatusCode::kNotSupported) {
    return std::fprintf(stderr, "a PostgreSQL URL gave: %s\n", pg.status().ToString().c_str()), 1;
  }
  std::printf("without PostgreSQL: %s\n", pg.status().ToString().c_str());
  return 0;
}
