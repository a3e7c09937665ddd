// The public JSON codec (sessionstore/json.h), over the line codec.

#include "sessionstore/json.h"

#include "format/byte_buffer.h"
#include "format/json_words.h"
#include "format/json_writer.h"
#include "format/line_decoder.h"
#include "format/line_encoder.h"
#include "format/lone_surrogates.h"
#include "format/message_shapes.h"
#include "format/time_format.h"

namespace sessionstore {

namespace {

// The codec of this thread: parsers are costly to make, cheap to reuse.
format::LineDecoder& Decoder() {
  thread_local format::LineDecoder decoder;
  return decoder;
}

format::LineEncoder& Encoder() {
  thread_local format::LineEncoder encoder;
  return encoder;
}

// The decoder says Corruption, as of stored data; given text is an argument.
Status AsArgument(const Status& s) {
  if (s.ok() || s.code() != StatusCode::kCorruption) return s;
  return Status::InvalidArgument(s.message(), s.context());
}

template <typename T, typename Decode>
Result<T> Parse(Decode&& decode) {
  T value;
  if (Status s = AsArgument(decode(&value)); !s.ok()) return s;
  return value;
}

template <typename Encode>
Result<std::string> Write(Encode&& encode, bool line) {
  format::ByteBuffer out;
  if (Status s = encode(&out); !s.ok()) return s;
  std::string_view text = out.view();
  if (line) text.remove_suffix(1);  // the '\n'
  return std::string(text);
}

}  // namespace

std::string_view ShapeName(Shape shape) {
  switch (shape) {
    case Shape::kAuto: return "auto";
    case Shape::kNative: return "native";
    case Shape::kAnthropic: return "anthropic";
    case Shape::kOpenAIChat: return "openai-chat";
    case Shape::kOpenAIResponses: return "openai-responses";
  }
  return "";
}

Result<Shape> ShapeFromName(std::string_view name) {
  for (Shape s : {Shape::kAuto, Shape::kNative, Shape::kAnthropic, Shape::kOpenAIChat, Shape::kOpenAIResponses}) {
    if (ShapeName(s) == name) return s;
  }
  return Status::InvalidArgument("no message shape \"" + std::string(name) +
                                 "\": it is auto, native, anthropic, openai-chat or openai-responses");
}

Result<Message> ParseMessage(std::string_view json, Shape shape) {
  if (shape != Shape::kNative) {
    // The providers' shapes are read from a DOM; so is any message whose
    // shape is to be found.
    thread_local simdjson::dom::parser parser;
    simdjson::dom::element root;
    if (auto error = parser.parse(json.data(), json.size()).get(root)) {
      // Read again with each lone surrogate as U+FFFD (format/lone_surrogates.h).
      std::optional<std::string> replaced = format::WithoutLoneSurrogates(json);
      if (!replaced || parser.parse(*replaced).get(root)) {
        return Status::InvalidArgument("the message " + format::JsonErrorWords(error));
      }
    }
    simdjson::dom::object o;
    if (root.get_object().get(o) != simdjson::SUCCESS) {
      return Status::InvalidArgument("the message is not a JSON object");
    }
    if (shape == Shape::kAuto) {
      Result<Shape> found = format::DetectShape(o);
      if (!found.ok()) return found.status();
      shape = *found;
    }
    if (shape != Shape::kNative) return format::ReadShapedMessage(o, shape);
  }
  Result<Message> m = Parse<Message>([&](Message* out) { return Decoder().DecodeMessage(json, false, out); });
  if (!m.ok()) return m.status();
  if (Status s = format::CheckNewMessage(*m); !s.ok()) return s;
  return m;
}

Result<Entry> ParseRecord(std::string_view json) {
  return Parse<Entry>([&](Entry* e) { return Decoder().DecodeRecord(json, false, e); });
}

Result<Entry> ParseEntry(std::string_view line) {
  return Parse<Entry>([&](Entry* e) { return Decoder().DecodeEntry(line, false, e); });
}

Result<SessionHeader> ParseHeader(std::string_view line) {
  return Parse<SessionHeader>([&](SessionHeader* h) { return Decoder().DecodeHeader(line, false, h); });
}

Result<std::string> ToJson(const Message& message) {
  return Write([&](format::ByteBuffer* out) { return Encoder().EncodeMessage(message, out); }, false);
}

Result<std::string> ToJson(const Record& record) {
  return Write([&](format::ByteBuffer* out) { return Encoder().EncodeRecord(record, out); }, false);
}

Result<std::string> ToJson(const Entry& entry) {
  return Write([&](format::ByteBuffer* out) { return Encoder().EncodeStoredEntry(entry, out); }, true);
}

Result<std::string> ToJson(const SessionHeader& header) {
  return Write([&](format::ByteBuffer* out) { return Encoder().EncodeHeader(header, out); }, true);
}

std::string ToJson(const SessionInfo& s) {
  format::ByteBuffer out;
  format::JsonWriter w(&out);
  w.BeginObject();
  w.Key("id");
  w.String(s.id);
  w.Key("title");
  w.String(s.title);
  w.Key("created_at");
  w.String(format::FormatTimestamp(s.created_ms));
  w.Key("updated_at");
  w.String(format::FormatTimestamp(s.updated_ms));
  w.Key("messages");
  w.Int(s.message_count);
  w.Key("workspace");
  w.String(s.workspace);
  w.Key("model");
  w.String(s.model);
  w.Key("provider");
  w.String(s.provider);
  w.Key("cost_usd");
  w.Double(s.cost_usd);
  w.Key("bytes");
  w.Uint(s.bytes);
  w.Key("archived");
  w.Bool(s.archived);
  w.Key("labels");
  w.BeginArray();
  for (const std::string& l : s.labels) w.String(l);
  w.EndArray();
  w.Key("parent");
  if (s.parent) {
    w.BeginObject();
    w.Key("session");
    w.String(s.parent->session);
    w.Key("entry");
    w.String(s.parent->entry);
    w.EndObject();
  } else {
    w.Null();
  }
  w.EndObject();
  return std::string(out.view());
}

std::string ToJson(const SearchHit& h) {
  format::ByteBuffer out;
  format::JsonWriter w(&out);
  w.BeginObject();
  w.Key("session_id");
  w.String(h.session_id);
  w.Key("entry_id");
  w.String(h.entry_id);
  w.Key("role");
  w.String(h.role);
  w.Key("ts");
  w.String(format::FormatTimestamp(h.timestamp_ms));
  w.Key("snippet");
  w.String(h.snippet);
  w.Key("matches");
  w.BeginArray();
  for (const SearchHit::Match& m : h.matches) {
    w.BeginArray();
    w.Uint(m.offset);
    w.Uint(m.length);
    w.EndArray();
  }
  w.EndArray();
  w.EndObject();
  return std::string(out.view());
}

std::string ToJson(const BranchInfo& b) {
  format::ByteBuffer out;
  format::JsonWriter w(&out);
  w.BeginObject();
  w.Key("leaf");
  w.String(b.leaf);
  w.Key("updated_at");
  w.String(format::FormatTimestamp(b.updated_ms));
  w.Key("messages");
  w.Int(b.message_count);
  w.Key("entries");
  w.Int(b.entry_count);
  w.EndObject();
  return std::string(out.view());
}

Result<std::string> ToJson(const ContextItem& item) {
  Result<std::string> message = ToJson(item.message);
  if (!message.ok()) return message.status();
  format::ByteBuffer out;
  format::JsonWriter w(&out);
  w.BeginObject();
  w.Key("kind");
  w.String(KindName(item.kind));
  w.Key("entry_id");
  w.String(item.entry_id);
  w.Key("message");
  w.Raw(*message);
  w.EndObject();
  return std::string(out.view());
}

std::string JsonString(std::string_view text) {
  format::ByteBuffer out;
  format::AppendJsonString(text, &out);
  return std::string(out.view());
}

std::string FormatTimestamp(int64_t ms) { return format::FormatTimestamp(ms); }

Result<int64_t> ParseTimestamp(std::string_view text) {
  std::optional<int64_t> ms = format::ParseTimestamp(text);
  if (!ms) return Status::InvalidArgument("not an RFC 3339 time: \"" + std::string(text) + "\"");
  return *ms;
}

}  // namespace sessionstore
