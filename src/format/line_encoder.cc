
#include "format/line_encoder.h"

#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <span>
#include <string>

#include "format/json_writer.h"
#include "format/names.h"
#include "format/raw_json.h"
#include "format/time_format.h"

namespace sessionstore::format {

namespace {

// Writes one line's JSON, checking what it cannot build itself. `depth` is the
// number of containers open around the value being written.
//
// The members each object has of its own, as the decoder reads them: an
// extra member by one of these names would be read twice (a line no reader
// takes) or into the slot instead of the extras, so it is refused.
using Own = std::span<const std::string_view>;
constexpr std::string_view kHeaderOwn[] = {"type",  "version", "id",       "created", "workspace",
                                           "title", "model",   "provider", "parent",  "metadata"};
constexpr std::string_view kMessageOwn[] = {"role", "content", "model", "provider", "usage", "stop_reason"};
constexpr std::string_view kUsageOwn[] = {"input", "output", "cache_read", "cache_write", "cost_usd"};

Own EntryOwn(RecordType type) {
  static constexpr std::string_view kMessage[] = {"type", "seq", "id", "parent", "ts", "message"};
  static constexpr std::string_view kModelChange[] = {"type", "seq", "id", "parent", "ts", "model", "provider"};
  static constexpr std::string_view kTitle[] = {"type", "seq", "id", "parent", "ts", "title"};
  static constexpr std::string_view kUsage[] = {"type", "seq", "id", "parent", "ts", "usage"};
  static constexpr std::string_view kCompaction[] = {"type", "seq",     "id",         "parent",
                                                     "ts",   "summary", "first_kept", "tokens_before"};
  static constexpr std::string_view kBranchSummary[] = {"type", "seq", "id", "parent", "ts", "summary", "branch_leaf"};
  static constexpr std::string_view kLabel[] = {"type", "seq", "id", "parent", "ts", "target", "label"};
  static constexpr std::string_view kCustom[] = {"type", "seq", "id", "parent", "ts"};
  switch (type) {
    case RecordType::kMessage: return kMessage;
    case RecordType::kModelChange: return kModelChange;
    case RecordType::kTitle: return kTitle;
    case RecordType::kUsage: return kUsage;
    case RecordType::kCompaction: return kCompaction;
    case RecordType::kBranchSummary: return kBranchSummary;
    case RecordType::kLabel: return kLabel;
    case RecordType::kUnknown: return kCustom;
  }
  return kCustom;
}

Own BlockOwn(BlockType type) {
  static constexpr std::string_view kText[] = {"type", "text"};
  static constexpr std::string_view kImage[] = {"type", "media_type", "data", "url"};
  static constexpr std::string_view kThinking[] = {"type", "text", "signature", "redacted_data"};
  static constexpr std::string_view kToolCall[] = {"type", "id", "name", "arguments"};
  static constexpr std::string_view kToolResult[] = {"type", "call_id", "name", "content", "is_error"};
  static constexpr std::string_view kUnknown[] = {"type"};
  switch (type) {
    case BlockType::kText: return kText;
    case BlockType::kImage: return kImage;
    case BlockType::kThinking: return kThinking;
    case BlockType::kToolCall: return kToolCall;
    case BlockType::kToolResult: return kToolResult;
    case BlockType::kUnknown: return kUnknown;
  }
  return kUnknown;
}

class Emitter {
 public:
  Emitter(ByteBuffer* out, RawJsonValidator* raw, size_t max_depth) : w_(out), raw_(raw), max_depth_(max_depth) {}

  Status Header(const SessionHeader& h) {
    w_.BeginObject();
    w_.Key("type");
    w_.String("session");
    w_.Key("version");
    w_.String(std::to_string(h.format_major) + "." + std::to_string(h.format_minor));
    w_.Key("id");
    w_.String(h.id);
    w_.Key("created");
    Timestamp(h.created_ms);
    w_.Key("workspace");
    w_.String(h.workspace);
    OptionalString("title", h.title);
    OptionalString("model", h.model);
    OptionalString("provider", h.provider);
    if (h.parent) {
      w_.Key("parent");
      w_.BeginObject();
      w_.Key("session");
      w_.String(h.parent->session);
      w_.Key("entry");
      w_.String(h.parent->entry);
      w_.EndObject();
    }
    if (!h.metadata.empty()) {
      if (auto s = Raw("metadata", h.metadata, 1); !s.ok()) return s;
    }
    if (auto s = Extra(h.extra, 1, "session header", kHeaderOwn); !s.ok()) return s;
    w_.EndObject();
    return Status::OK();
  }

  Status BareMessage(const sessionstore::Message& m) { return Message(m, 0); }

  // With `stamp` a line's entry, without it a bare record (its time only
  // if it has one).
  Status Entry(const Record& r, const EntryStamp* stamp) {
    std::string_view type = r.type == RecordType::kUnknown ? std::string_view(r.type_name) : RecordTypeName(r.type);
    if (type.empty()) return Status::InvalidArgument("record: an unknown record needs a type_name");
    if (r.type == RecordType::kUnknown && (type == "session" || RecordTypeFromName(type) != RecordType::kUnknown)) {
      return Status::InvalidArgument("record: type_name \"" + std::string(type) +
                                     "\" is a known type; build it with its own factory");
    }
    w_.BeginObject();
    w_.Key("type");
    w_.String(type);
    if (stamp != nullptr) {
      w_.Key("seq");
      w_.Uint(stamp->seq);
      w_.Key("id");
      w_.String(stamp->id);
      w_.Key("parent");
      if (stamp->parent.empty()) {
        w_.Null();
      } else {
        w_.String(stamp->parent);
      }
    }
    if (stamp != nullptr || r.timestamp_ms != 0) {
      w_.Key("ts");
      Timestamp(stamp != nullptr ? stamp->timestamp_ms : r.timestamp_ms);
    }
    Status s;
    switch (r.type) {
      case RecordType::kMessage:
        w_.Key("message");
        s = Message(r.message, 1);
        break;
      case RecordType::kModelChange:
        w_.Key("model");
        w_.String(r.model);
        OptionalString("provider", r.provider);
        break;
      case RecordType::kTitle:
        w_.Key("title");
        w_.String(r.title);
        break;
      case RecordType::kUsage:
        w_.Key("usage");
        s = UsageObject(r.usage, 1);
        break;
      case RecordType::kCompaction:
        w_.Key("summary");
        w_.String(r.summary);
        w_.Key("first_kept");
        w_.String(r.first_kept);
        w_.Key("tokens_before");
        w_.Int(r.tokens_before);
        break;
      case RecordType::kBranchSummary:
        w_.Key("summary");
        w_.String(r.summary);
        w_.Key("branch_leaf");
        w_.String(r.branch_leaf);
        break;
      case RecordType::kLabel:
        w_.Key("target");
        w_.String(r.target);
        w_.Key("label");
        w_.String(r.label);
        break;
      case RecordType::kUnknown: break;
    }
    if (!s.ok()) return s;
    if (s = Extra(r.extra, 1, "record", EntryOwn(r.type)); !s.ok()) return s;
    w_.EndObject();
    return Status::OK();
  }

 private:
  void Timestamp(int64_t ms) {
    char ts[kTimestampLength];
    WriteTimestamp(ms, ts);
    w_.String(std::string_view(ts, kTimestampLength));
  }

  void OptionalString(std::string_view key, const std::string& value) {
    if (value.empty()) return;
    w_.Key(key);
    w_.String(value);
  }

  Status Raw(std::string_view key, const std::string& json, size_t depth, std::string_view written_key = {}) {
    if (depth > max_depth_) return Status::InvalidArgument("record nested too deep");
    if (Status s = raw_->Check(json, max_depth_ - depth); !s.ok()) {
      return Status::InvalidArgument("field \"" + std::string(key) + "\": " + s.message());
    }
    // A key as the line wrote it, while it still reads as the key.
    if (!written_key.empty() && raw_->Spells(written_key, key)) {
      w_.RawKey(written_key);
    } else {
      w_.Key(key);
    }
    w_.Raw(Trim(json));
    return Status::OK();
  }

  static std::string_view Trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r'))
      s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r'))
      s.remove_suffix(1);
    return s;
  }

  // The extra members of an object (`what`) whose own members are `own`.
  Status Extra(const JsonFields& extra, size_t depth, std::string_view what, Own own) {
    for (const JsonField& f : extra) {
      if (std::find(own.begin(), own.end(), f.key) != own.end()) {
        return Status::InvalidArgument(std::string(what) + ": an extra member is named \"" + f.key +
                                       "\", a member of its own; give it another name");
      }
      if (Status s = Raw(f.key, f.json, depth, f.written_key); !s.ok()) return s;
    }
    return Status::OK();
  }

  Status Number(std::string_view key, double v) {
    if (!std::isfinite(v)) {
      return Status::InvalidArgument("field \"" + std::string(key) + "\": not a finite number");
    }
    w_.Key(key);
    w_.Double(v);
    return Status::OK();
  }

  Status UsageObject(const Usage& u, size_t depth) {
    w_.BeginObject();
    w_.Key("input");
    w_.Int(u.input_tokens);
    w_.Key("output");
    w_.Int(u.output_tokens);
    w_.Key("cache_read");
    w_.Int(u.cache_read_tokens);
    w_.Key("cache_write");
    w_.Int(u.cache_write_tokens);
    if (Status s = Number("cost_usd", u.cost_usd); !s.ok()) return s;
    if (Status s = Extra(u.extra, depth + 1, "usage", kUsageOwn); !s.ok()) return s;
    w_.EndObject();
    return Status::OK();
  }

  Status Message(const sessionstore::Message& m, size_t depth) {
    if (m.role.empty()) return Status::InvalidArgument("message: role is empty");
    w_.BeginObject();
    w_.Key("role");
    w_.String(m.role);
    w_.Key("content");
    if (Status s = Blocks(m.content, depth + 1); !s.ok()) return s;
    OptionalString("model", m.model);
    OptionalString("provider", m.provider);
    if (m.usage) {
      w_.Key("usage");
      if (Status s = UsageObject(*m.usage, depth + 1); !s.ok()) return s;
    }
    OptionalString("stop_reason", m.stop_reason);
    if (Status s = Extra(m.extra, depth + 1, "message", kMessageOwn); !s.ok()) return s;
    w_.EndObject();
    return Status::OK();
  }

  Status Blocks(const std::vector<ContentBlock>& blocks, size_t depth) {
    if (depth + 2 > max_depth_) return Status::InvalidArgument("content blocks nested too deep");
    w_.BeginArray();
    for (const ContentBlock& b : blocks) {
      if (Status s = Block(b, depth + 1); !s.ok()) return s;
    }
    w_.EndArray();
    return Status::OK();
  }

  Status Block(const ContentBlock& b, size_t depth) {
    std::string_view type = b.type == BlockType::kUnknown ? std::string_view(b.type_name) : BlockTypeName(b.type);
    if (type.empty()) return Status::InvalidArgument("content block: an unknown block needs a type_name");
    w_.BeginObject();
    w_.Key("type");
    w_.String(type);
    switch (b.type) {
      case BlockType::kText:
        w_.Key("text");
        w_.String(b.text);
        break;
      case BlockType::kImage:
        w_.Key("media_type");
        w_.String(b.media_type);
        OptionalString("data", b.data);
        OptionalString("url", b.url);
        break;
      case BlockType::kThinking:
        w_.Key("text");
        w_.String(b.text);
        OptionalString("signature", b.signature);
        OptionalString("redacted_data", b.redacted_data);
        break;
      case BlockType::kToolCall:
        w_.Key("id");
        w_.String(b.id);
        w_.Key("name");
        w_.String(b.name);
        if (Status s = Raw("arguments", b.arguments.empty() ? "{}" : b.arguments, depth + 1); !s.ok()) {
          return s;
        }
        break;
      case BlockType::kToolResult:
        w_.Key("call_id");
        w_.String(b.id);
        OptionalString("name", b.name);
        w_.Key("content");
        if (Status s = Blocks(b.content, depth + 1); !s.ok()) return s;
        if (b.is_error) {
          w_.Key("is_error");
          w_.Bool(true);
        }
        break;
      case BlockType::kUnknown: break;
    }
    if (Status s = Extra(b.extra, depth + 1, "content block", BlockOwn(b.type)); !s.ok()) return s;
    w_.EndObject();
    return Status::OK();
  }

  JsonWriter w_;
  RawJsonValidator* raw_;
  size_t max_depth_;
};

// The bytes of text a value holds: a lower bound of its line's length.
size_t TextBytes(const JsonFields& extra) {
  size_t n = 0;
  for (const JsonField& f : extra) n += f.key.size() + f.json.size();  // a written key is no shorter than its key
  return n;
}

size_t TextBytes(const std::vector<ContentBlock>& blocks) {
  size_t n = 0;
  for (const ContentBlock& b : blocks) {
    n += b.text.size() + b.media_type.size() + b.data.size() + b.url.size() + b.signature.size() +
         b.redacted_data.size() + b.id.size() + b.name.size() + b.arguments.size() + b.type_name.size() +
         TextBytes(b.content) + TextBytes(b.extra);
  }
  return n;
}

size_t TextBytes(const sessionstore::Message& m) {
  return m.role.size() + m.model.size() + m.provider.size() + m.stop_reason.size() + TextBytes(m.content) +
         TextBytes(m.extra) + (m.usage ? TextBytes(m.usage->extra) : 0);
}

size_t TextBytes(const Record& r) {
  return r.type_name.size() + TextBytes(r.message) + r.model.size() + r.provider.size() + r.title.size() +
         TextBytes(r.usage.extra) + r.summary.size() + r.first_kept.size() + r.branch_leaf.size() + r.target.size() +
         r.label.size() + TextBytes(r.extra);
}

size_t TextBytes(const SessionHeader& h) {
  return h.id.size() + h.workspace.size() + h.title.size() + h.model.size() + h.provider.size() + h.metadata.size() +
         TextBytes(h.extra);
}

std::string MiB(size_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f MiB", static_cast<double>(bytes) / (1 << 20));
  return text;
}

Status TooLong(size_t bytes, size_t limit) {
  return Status::InvalidArgument("a line of " + MiB(bytes) + " (" + std::to_string(bytes) +
                                 " bytes) is longer than the limit of " + std::to_string(limit) +
                                 " bytes that every reader keeps (ReadOptions::max_line_bytes); keep large images "
                                 "and documents outside the session and refer to them (ContentBlock::url)");
}

// Runs `emit` into `out` and finishes the line, or restores `out` on error.
// `text_bytes` is a lower bound of the line's length, checked first.
template <typename Fn>
Status EmitLine(ByteBuffer* out, size_t text_bytes, size_t max_line_bytes, Fn&& emit) {
  if (text_bytes > max_line_bytes) return TooLong(text_bytes, max_line_bytes);
  const size_t start = out->size();
  Status s = emit();
  if (s.ok() && out->size() - start > max_line_bytes) s = TooLong(out->size() - start, max_line_bytes);
  if (s.ok() && !simdjson::validate_utf8(out->data() + start, out->size() - start)) {
    s = Status::InvalidArgument("record holds text that is not valid UTF-8");
  }
  if (!s.ok()) {
    out->Truncate(start);
    return s;
  }
  out->push_back('\n');
  return s;
}

}  // namespace

LineEncoder::LineEncoder(const ReadOptions& options)
    : validator_(std::make_unique<RawJsonValidator>()),
      max_depth_(options.max_depth),
      max_line_bytes_(options.max_line_bytes) {}
LineEncoder::~LineEncoder() = default;

Status LineEncoder::EncodeHeader(const SessionHeader& header, ByteBuffer* out) {
  return EmitLine(out, TextBytes(header), max_line_bytes_,
                  [&] { return Emitter(out, validator_.get(), max_depth_).Header(header); });
}

Status LineEncoder::EncodeEntry(const Record& record, const EntryStamp& stamp, ByteBuffer* out) {
  return EmitLine(out, TextBytes(record), max_line_bytes_,
                  [&] { return Emitter(out, validator_.get(), max_depth_).Entry(record, &stamp); });
}

Status LineEncoder::EncodeStoredEntry(const Entry& entry, ByteBuffer* out) {
  return EncodeEntry(
      entry, {.seq = entry.seq, .id = entry.id, .parent = entry.parent, .timestamp_ms = entry.timestamp_ms}, out);
}

Status LineEncoder::EncodeRecord(const Record& record, ByteBuffer* out) {
  Status s = EmitLine(out, TextBytes(record), max_line_bytes_,
                      [&] { return Emitter(out, validator_.get(), max_depth_).Entry(record, nullptr); });
  if (s.ok()) out->Truncate(out->size() - 1);  // no '\n'
  return s;
}

Status LineEncoder::EncodeMessage(const Message& message, ByteBuffer* out) {
  Status s = EmitLine(out, TextBytes(message), max_line_bytes_,
                      [&] { return Emitter(out, validator_.get(), max_depth_).BareMessage(message); });
  if (s.ok()) out->Truncate(out->size() - 1);  // no '\n'
  return s;
}

}  // namespace sessionstore::format
