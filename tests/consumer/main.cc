// Creates a session, appends a turn and reads it back through the installed
// library. Exits non-zero, saying why, if anything differs.

#include <sessionstore/sessionstore.h>

#include <cstdio>
#include <string>

int main(int argc, char** argv) {
  using namespace sessionstore;
  if (argc != 2) return std::fprintf(stderr, "usage: consumer STORE_DIR\n"), 2;
  auto store = Store::Open(argv[1]);
  if (!store.ok()) return std::fprintf(stderr, "%s\n", store.status().ToString().c_str()), 1;
  auto header = (*store)->Create({.workspace = "/consumer"});
  if (!header.ok()) return std::fprintf(stderr, "%s\n", header.status().ToString().c_str()), 1;
  auto writer = (*store)->OpenWriter(header->id, {.durability = Durability::kSync});
  if (!writer.ok()) return std::fprintf(stderr, "%s\n", writer.status().ToString().c_str()), 1;
  auto id = (*writer)->Append(Record::FromMessage(Message::User("hello from a consumer")));
  if (!id.ok() || !(*writer)->Close().ok()) return std::fprintf(stderr, "append failed\n"), 1;
  auto session = (*store)->Load(header->id);
  if (!session.ok() || session->entries.size() != 1 || session->entries[0].id != *id ||
      session->entries[0].message.Text() != "hello from a consumer") {
    return std::fprintf(stderr, "read back something else\n"), 1;
  }
  // The public JSON codec reads back what the store holds.
  auto json = ToJson(session->entries[0]);
  auto back = json.ok() ? ParseEntry(*json) : Result<Entry>(json.status());
  if (!back.ok() || back->id != *id) return std::fprintf(stderr, "the JSON codec lost the entry\n"), 1;
  std::printf("sessionstore %s: ok\n", SESSIONSTORE_VERSION_STRING);
  return 0;
}
