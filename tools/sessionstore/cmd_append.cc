// sessionstore append: append messages and print each new entry's id as soon
// as it is as durable as --durability says.

#include <fmt/core.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "cli.h"
#include "input_lines.h"
#include "options.h"
#include "redaction.h"
#include "session_arg.h"
#include "sessionstore/json.h"

namespace sessionstore::cli {

namespace {

struct AppendArgs {
  std::string id;
  std::string durability = "sync";
  std::string role;
  std::string text;
  std::string shape = "auto";
  std::string parent;
  int64_t wait_ms = 0;
  RedactArgs redact;
};

// Appends `message` and prints its id once it is as durable as the writer
// promises. Once stdout fails (its reader went away, a full disk), the
// messages are still appended, and the ids not printed are counted.
class Appender {
 public:
  explicit Appender(Writer* writer) : writer_(writer) {}

  int Append(const Message& message) {
    auto id = writer_->Append(Record::FromMessage(message));
    if (!id.ok()) return Fail(id.status());
    if (output_error_ == 0) output_error_ = PrintNow(*id);
    if (output_error_ != 0) ++unprinted_;
    return kExitOk;
  }

  // kExitOk, or the failure that says what was appended and not printed.
  int Finish() const {
    if (output_error_ == 0) return kExitOk;
    return Fail(
        fmt::format("could not print the ids ({}): every message was appended; the last {} ids were not "
                    "printed",
                    std::strerror(output_error_), unprinted_));
  }

 private:
  Writer* writer_;
  int output_error_ = 0;
  uint64_t unprinted_ = 0;
};

}  // namespace

Run SetupAppend(CLI::App* sub, const Globals& globals) {
  auto a = std::make_shared<AppendArgs>();
  sub->add_option("ID", a->id, kSessionArgHelp)->required();
  sub->add_option("--durability", a->durability,
                  "buffered: lost on a crash until the end; process: survives kill -9 of this command, not a "
                  "power loss (files) or a crash of the PostgreSQL server; sync (default): survives both; "
                  "interval: survives kill -9, and a power loss or server crash but for the last 100 ms")
      ->check([](const std::string& name) {
        Result<Durability> d = DurabilityFromName(name);
        return d.ok() ? std::string() : d.status().message();
      });
  sub->add_option("--shape", a->shape,
                  "The shape of each stdin line: auto (default: told by its members), native, anthropic, "
                  "openai-chat or openai-responses")
      ->check([](const std::string& name) {
        Result<Shape> s = ShapeFromName(name);
        return s.ok() ? std::string() : s.status().message();
      });
  auto* role = NotEmpty(sub->add_option("--role", a->role, "Append one message with this role (needs --text)"));
  NotEmpty(sub->add_option("--text", a->text, "The text of that message"))->needs(role);
  role->needs("--text");
  NotEmpty(sub->add_option("--parent", a->parent,
                           "Append after this entry (an id or a unique prefix) instead of the latest: the start of "
                           "a new branch"));
  AddRedactOptions(sub, &a->redact, "before they are stored (what was replaced is said on stderr)");
  AddAge(sub, "--wait", &a->wait_ms,
         "While another writer holds the session, wait up to this long (5s, 2m) instead of failing");
  return [&globals, a] {
    Result<std::shared_ptr<const Redactor>> redactor = MakeRedactor(a->redact);
    if (!redactor.ok()) return Fail(redactor.status());
    OpenedSession opened;
    if (int rc = OpenSession(globals, a->id, &opened, *redactor); rc != kExitOk) return rc;
    std::string parent;
    if (!a->parent.empty()) {
      Result<std::string> entry = ResolveEntry(*opened.store, opened.id, a->parent);
      if (!entry.ok()) return FailName(entry.status());
      parent = *entry;
    }
    auto writer = opened.store->OpenWriter(
        opened.id, WriterOptions{.durability = *DurabilityFromName(a->durability), .lock_timeout_ms = a->wait_ms});
    if (!writer.ok()) return Fail(writer.status());
    if (!parent.empty()) {
      if (Status s = (*writer)->SetLeaf(parent); !s.ok()) return Fail(s);
    }
    if ((*writer)->dropped_tail_bytes() > 0) {
      fmt::print(stderr, "sessionstore: cut off a torn last line of {} bytes (an append a crash cut short)\n",
                 (*writer)->dropped_tail_bytes());
    }
    Appender appender(writer->get());
    if (!a->role.empty()) {
      Message m;
      m.role = a->role;
      m.content.push_back(ContentBlock::Text(a->text));
      if (int rc = appender.Append(m); rc != kExitOk) return rc;
    } else {
      // No line is read whole past the store's line limit.
      const Shape shape = *ShapeFromName(a->shape);
      InputLines input(stdin, ReadOptions{}.max_line_bytes);
      std::string line;
      uint64_t too_long = 0;
      while (input.Next(&line, &too_long)) {
        if (too_long > 0) {
          return Fail(
              fmt::format("stdin:{}: a line of {} bytes is longer than the limit of {} bytes that every "
                          "reader keeps; keep large images and documents outside the session and refer "
                          "to them by url (the lines before it are appended)",
                          input.number(), too_long, ReadOptions{}.max_line_bytes));
        }
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        Result<Message> message = ParseMessage(line, shape);
        if (!message.ok()) {
          return Fail(fmt::format("stdin:{}: {} (the lines before it are appended)", input.number(),
                                  message.status().message()));
        }
        if (int rc = appender.Append(*message); rc != kExitOk) return rc;
      }
      if (input.error() != 0) return Fail(Status::FromErrno(input.error(), "read", "stdin"));
    }
    if (Status s = (*writer)->Close(); !s.ok()) return Fail(s);
    return appender.Finish();
  };
}

}  // namespace sessionstore::cli
