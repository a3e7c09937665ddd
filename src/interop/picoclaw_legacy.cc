#include "interop/picoclaw_legacy.h"

#include <fcntl.h>
#include <simdjson.h>

#include <algorithm>
#include <cerrno>

#include "format/ids.h"
#include "format/json_words.h"
#include "format/json_writer.h"
#include "format/message_shapes.h"
#include "format/time_format.h"
#include "sessionstore/json.h"

namespace sessionstore::interop {

namespace {

constexpr std::string_view kSuffix = ".json";
constexpr std::string_view kMetaSuffix = ".meta.json";

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

// Takes member `key` out of `extra` (it has been given its slot).
void Drop(JsonFields* extra, std::string_view key) {
  std::erase_if(*extra, [key](const JsonField& f) { return f.key == key; });
}

// Whether `text` is what `blocks` say in text, joined as a writer may have
// joined them for the plain content string.
bool SaysTheSame(const std::vector<ContentBlock>& blocks, std::string_view text) {
  for (std::string_view separator : {"", "\n", "\n\n"}) {
    std::string joined;
    bool first = true;
    for (const ContentBlock& b : blocks) {
      if (b.type != BlockType::kText) continue;
      if (!first) joined += separator;
      joined += b.text;
      first = false;
    }
    if (!first && joined == text) return true;
  }
  return false;
}

// picoclaw's parts (system_parts: the system prompt in cacheable blocks;
// content_parts: text and images) become the message's blocks. The plain
// content string usually says their text again: then it is kept as
// original_content rather than shown twice; otherwise it stays a block.
Status ReadParts(simdjson::dom::object m, std::vector<ContentBlock>* blocks, JsonFields* extra) {
  for (std::string_view key : {"system_parts", "content_parts"}) {
    simdjson::dom::element parts;
    if (m[key].get(parts) != simdjson::SUCCESS || parts.is_null()) continue;
    std::vector<ContentBlock> read;
    if (Status s = format::ReadOpenAiChatParts(parts, format::JsonPath().Member(key), &read); !s.ok()) return s;
    Drop(extra, key);
    // The content string's block, if any, is the first text block.
    auto text =
        std::find_if(blocks->begin(), blocks->end(), [](const ContentBlock& b) { return b.type == BlockType::kText; });
    if (text != blocks->end() && SaysTheSame(read, text->text)) {
      extra->push_back(JsonField{.key = "original_content", .json = JsonString(text->text)});
      text = blocks->erase(text);
    } else if (text != blocks->end()) {
      ++text;
    } else {
      // After any thinking, before the tool calls.
      text = std::find_if(blocks->begin(), blocks->end(),
                          [](const ContentBlock& b) { return b.type != BlockType::kThinking; });
    }
    blocks->insert(text, std::make_move_iterator(read.begin()), std::make_move_iterator(read.end()));
  }
  return Status::OK();
}

// picoclaw's media (data: URLs and media:// references): images given as
// data become image blocks; what is left (references into picoclaw's
// media store, audio) stays in "media".
void ReadMedia(simdjson::dom::object m, std::vector<ContentBlock>* blocks, JsonFields* extra) {
  simdjson::dom::array media;
  if (m["media"].get_array().get(media) != simdjson::SUCCESS) return;
  format::ByteBuffer rest;
  format::JsonWriter w(&rest);
  w.BeginArray();
  size_t left = 0;
  for (simdjson::dom::element e : media) {
    std::string_view url;
    if (e.get_string().get(url) == simdjson::SUCCESS && url.starts_with("data:image/") &&
        url.find(";base64,") != std::string_view::npos) {
      blocks->push_back(format::ImageFromUrl(url));
      continue;
    }
    w.Raw(format::RawJson(e));
    ++left;
  }
  w.EndArray();
  Drop(extra, "media");
  if (left > 0) extra->push_back(JsonField{.key = "media", .json = std::string(rest.view())});
}

uint64_t Fnv1a(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
  return h;
}

}  // namespace

Result<Record> ReadPicoclawMessage(simdjson::dom::object m, int64_t default_ms) {
  Result<Message> read = format::ReadOpenAiChatMessage(m);
  if (!read.ok()) return read.status();
  Record r = Record::FromMessage(std::move(*read));
  r.timestamp_ms = default_ms;
  Message& message = r.message;
  // A tool's answer holds its content in its result block.
  std::vector<ContentBlock>* blocks = &message.content;
  if (!blocks->empty() && blocks->back().type == BlockType::kToolResult) blocks = &blocks->back().content;
  if (Status s = ReadParts(m, blocks, &message.extra); !s.ok()) return s;
  ReadMedia(m, blocks, &message.extra);
  std::string_view model;
  if (message.model.empty() && m["model_name"].get_string().get(model) == simdjson::SUCCESS) {
    message.model = std::string(model);
    Drop(&message.extra, "model_name");
  }
  std::string_view created;
  if (m["created_at"].get_string().get(created) == simdjson::SUCCESS) {
    // Go's zero time counts as unset; a time it cannot read stays as it was.
    if (std::optional<int64_t> ms = format::ParseTimestamp(created); ms) {
      if (*ms > 0) r.timestamp_ms = *ms;
      Drop(&message.extra, "created_at");
    }
  }
  return r;
}

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
    // <key>.meta.json belongs to picoclaw's later JSONL store.
    if (n.size() > kSuffix.size() && n.ends_with(kSuffix) && !n.ends_with(kMetaSuffix) && n[0] != '.') {
      legacy.push_back(std::move(n));
    }
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
    return Bad(path, "not a legacy session: it " + format::JsonErrorWords(err));
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
    size_t i = 0;
    for (simdjson::dom::element m : messages) {
      const std::string where = "message " + std::to_string(++i) + ": ";
      simdjson::dom::object object;
      if (m.get_object().get(object) != simdjson::SUCCESS) return Bad(path, where + "not an object");
      Result<Record> r = ReadPicoclawMessage(object, s.updated_ms);
      if (!r.ok()) return Bad(path, where + r.status().message());
      s.records.push_back(std::move(*r));
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
