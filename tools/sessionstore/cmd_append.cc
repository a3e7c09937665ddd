// sessionstore append: append messages and print each new entry's id as soon
// as it is as durable as --durability says.

#include <fmt/core.h>

#include <cstdio>
#include <iostream>
#include <map>
#include <string>

#include "cli.h"
#include "format/line_decoder.h"

namespace sessionstore::cli {

namespace {

struct AppendArgs {
  std::string id;
  std::string durability = "sync";
  std::string role;
  std::string text;
};

Durability ParseDurability(const std::string& name) {
  static const std::map<std::string, Durability> kModes = {
      {"buffered", Durability::kBuffered}, {"process", Durability::kProcess}, {"sync", Durability::kSync}};
  return kModes.at(name);
}

int AppendOne(Writer& writer, const Message& message) {
  auto id = writer.Append(Record::FromMessage(message));
  if (!id.ok()) return Fail(id.status());
  fmt::print("{}\n", *id);
  std::fflush(stdout);
  return kExitOk;
}

}  // namespace

Run SetupAppend(CLI::App* sub, const Globals& globals) {
  auto a = std::make_shared<AppendArgs>();
  sub->add_option("ID", a->id, "Session id")->required();
  sub->add_option("--durability", a->durability,
                  "buffered: lost on a crash until the end; process: survives kill -9; "
                  "sync (default): survives power loss")
      ->check(CLI::IsMember({"buffered", "process", "sync"}));
  auto* role = sub->add_option("--role", a->role, "Append one message with this role (needs --text)");
  sub->add_option("--text", a->text, "The text of that message")->needs(role);
  role->needs("--text");
  return [&globals, a] {
    auto store = OpenStore(globals);
    if (!store.ok()) return Fail(store.status());
    auto writer = (*store)->OpenWriter(a->id, WriterOptions{.durability = ParseDurability(a->durability)});
    if (!writer.ok()) return Fail(writer.status());
    if ((*writer)->dropped_tail_bytes() > 0) {
      fmt::print(stderr, "sessionstore: cut off a torn last line of {} bytes (an append a crash cut short)\n",
                 (*writer)->dropped_tail_bytes());
    }
    if (!a->role.empty()) {
      Message m;
      m.role = a->role;
      m.content.push_back(ContentBlock::Text(a->text));
      if (int rc = AppendOne(**writer, m); rc != kExitOk) return rc;
    } else {
      format::LineDecoder decoder;
      std::string line;
      Message message;
      for (int64_t number = 1; std::getline(std::cin, line); ++number) {
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        if (Status s = decoder.DecodeMessage(line, false, &message); !s.ok()) {
          return Fail(fmt::format("stdin:{}: {} (the lines before it are appended)", number, s.message()));
        }
        if (int rc = AppendOne(**writer, message); rc != kExitOk) return rc;
      }
    }
    if (Status s = (*writer)->Close(); !s.ok()) return Fail(s);
    return kExitOk;
  };
}

}  // namespace sessionstore::cli
