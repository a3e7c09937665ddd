#include "interop/picoclaw_legacy.h"

#include <fcntl.h>
#include <simdjson.h>

#include <algorithm>
#include <cerrno>

#include "format/ids.h"
#include "format/json_writer.h"
#include "format/time_format.h"

namespace sessionstore::interop {

namespace {

constexpr std::string_view kSuffix = ".json";

Status Bad(const std::string& path, const std::string& what) {
  return Status::Corruption(what, ErrorContext{.op = "migrate", .path = path});
}

std::string Str(simdjson::dom::element e, std::string_view key) {
  std::string_view v;
  return e[key].get_string().get(v) ? std::string() : std::string(v);
}

int64_t Time(simdjson::dom::element e, std::string_view key) {
  auto ms = format::ParseTimestamp(Str(e, key));
  return ms && *ms > 0 ? *ms : 0;  // Go's zero time counts as unset
}

// One OpenAI-style message as a sessionstore message.
Status ConvertMessage(simdjson::dom::element m, const std::string& path, Message* out) {
  out->role = Str(m, "role");
  if (out->role.empty()) return Bad(path, "a message without a role");
  const std::string content = Str(m, "content");
  const std::string call_id = Str(m, "tool_call_id");
  if (!call_id.empty()) {
    out->content.push_back(ContentBlock::ToolResult(call_id, content));
    return Status::OK();
  }
  const std::string reasoning = Str(m, "reasoning_content");
  if (!reasoning.empty()) out->content.push_back(ContentBlock::Thinking(reasoning));
  for (const char* parts : {"system_parts", "content_parts"}) {
    simdjson::dom::array blocks;
    if (m[parts].get_array().get(blocks)) continue;
    for (simdjson::dom::element b : blocks) {
      std::string text = Str(b, "text");
      if (!text.empty()) out->content.push_back(ContentBlock::Text(std::move(text)));
    }
  }
  if (!content.empty() && out->content.empty()) out->content.push_back(ContentBlock::Text(content));
  simdjson::dom::array calls;
  if (!m["tool_calls"].get_array().get(calls)) {
    for (simdjson::dom::element c : calls) {
      simdjson::dom::element fn;
      if (c["function"].get(fn)) return Bad(path, "a tool call without a function");
      std::string args = Str(fn, "arguments");
      // Arguments are a JSON text in a string; keep them as JSON, or as a
      // JSON string if they are not JSON.
      simdjson::dom::parser check;
      if (args.empty()) {
        args = "{}";
      } else if (check.parse(args).error()) {
        format::ByteBuffer quoted;
        format::AppendJsonString(args, &quoted);
        args = std::string(quoted.view());
      }
      out->content.push_back(ContentBlock::ToolCall(Str(c, "id"), Str(fn, "name"), std::move(args)));
    }
  }
  return Status::OK();
}

uint64_t Fnv1a(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
  return h;
}

}  // namespace

std::string SessionIdForKey(std::string_view key) {
  if (format::ValidateSessionId(key).ok()) return std::string(key);
  std::string id;
  for (char c : key.substr(0, 100)) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                    c == '_' || c == ':' || c == '@' || (c == '.' && !id.empty());
    id.push_back(ok ? c : '_');
  }
  static constexpr char kHex[] = "0123456789abcdef";
  id += "-";
  for (uint64_t h = Fnv1a(key), i = 0; i < 16; ++i, h >>= 4) id.push_back(kHex[h & 15]);
  return id;
}

Result<std::vector<std::string>> ListLegacyFiles(io::Fs* fs, int dir_fd, const std::string& dir) {
  std::vector<std::string> names;
  if (fs->ListDir(dir_fd, &names) != 0) return Status::FromErrno(errno, "migrate", dir);
  std::vector<std::string> legacy;
  for (std::string& n : names) {
    if (n.size() > kSuffix.size() && n.ends_with(kSuffix) && n[0] != '.') legacy.push_back(std::move(n));
  }
  std::sort(legacy.begin(), legacy.end());
  return legacy;
}

Result<LegacySession> ReadLegacyFile(io::Fs* fs, int dir_fd, const std::string& dir, const std::string& name) {
  const std::string path = dir + "/" + name;
  io::Fd fd(fs, fs->OpenAt(dir_fd, name.c_str(), O_RDONLY | O_NOFOLLOW, 0));
  if (!fd.valid()) return Status::FromErrno(errno, "migrate", path);
  struct stat st;
  if (fs->FStat(fd.get(), &st) != 0) return Status::FromErrno(errno, "migrate", path);
  simdjson::padded_string text(static_cast<size_t>(st.st_size));
  if (Status s = io::PReadFull(fs, fd.get(), text.data(), text.size(), 0, "migrate", path); !s.ok()) return s;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (auto err = parser.parse(text).get(root)) {
    return Bad(path, std::string("not a legacy session: ") + simdjson::error_message(err));
  }
  if (!root.is_object()) return Bad(path, "not a legacy session: not a JSON object");
  LegacySession s;
  s.file = name;
  s.key = Str(root, "key");
  if (s.key.empty()) return Bad(path, "not a legacy session: no \"key\"");
  const int64_t created = Time(root, "created");
  s.updated_ms = Time(root, "updated");
  if (s.updated_ms == 0) s.updated_ms = created != 0 ? created : format::NowMs();
  s.header.id = SessionIdForKey(s.key);
  s.header.created_ms = created != 0 ? created : s.updated_ms;
  format::ByteBuffer metadata;
  format::JsonWriter w(&metadata);
  w.BeginObject();
  w.Key("migrated_from");
  w.BeginObject();
  w.Key("format");
  w.String("picoclaw");
  w.Key("key");
  w.String(s.key);
  w.Key("file");
  w.String(name);
  w.EndObject();
  w.EndObject();
  s.header.metadata = std::string(metadata.view());
  simdjson::dom::array messages;
  if (!root["messages"].get_array().get(messages)) {
    for (simdjson::dom::element m : messages) {
      if (!m.is_object()) return Bad(path, "a message that is not an object");
      Message converted;
      if (Status bad = ConvertMessage(m, path, &converted); !bad.ok()) return bad;
      Record r = Record::FromMessage(std::move(converted));
      r.timestamp_ms = s.updated_ms;
      s.records.push_back(std::move(r));
    }
  }
  const std::string summary = Str(root, "summary");
  if (!summary.empty()) {
    // The summary stands for what came before the messages kept: all of them.
    Record c = Record::Compaction(summary, "");  // first_kept: set once ids exist
    c.timestamp_ms = s.updated_ms;
    s.records.push_back(std::move(c));
  }
  return s;
}

}  // namespace sessionstore::interop
