#include "format/line_decoder.h"

#include <simdjson.h>

#include <array>
#include <charconv>
#include <cstring>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "format/json_words.h"
#include "format/lone_surrogates.h"
#include "format/names.h"
#include "format/raw_json.h"
#include "format/time_format.h"

namespace sessionstore::format {

namespace od = simdjson::ondemand;

namespace {

// Errors in words: a value of the wrong type says what was expected.
Status Bad(std::string_view what, simdjson::error_code e, std::string_view expected = {}) {
  if (e == simdjson::INCORRECT_TYPE && !expected.empty()) {
    return Status::Corruption(std::string(what) + ": expected " + std::string(expected));
  }
  return Status::Corruption(std::string(what) + ": " + JsonErrorWords(e));
}

Status Bad(std::string_view what, std::string_view why) {
  return Status::Corruption(std::string(what) + ": " + std::string(why));
}

#define SS_JSON_TRY(expr, what)                     \
  do {                                              \
    if (auto err_ = (expr)) return Bad(what, err_); \
  } while (0)

// The same for a value of a known type: `expected` says which.
#define SS_JSON_EXPECT(expr, what, expected)                  \
  do {                                                        \
    if (auto err_ = (expr)) return Bad(what, err_, expected); \
  } while (0)

#define SS_TRY(expr)                             \
  do {                                           \
    if (Status s_ = (expr); !s_.ok()) return s_; \
  } while (0)

std::string_view TrimRight(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// A member's key as the line writes it, between its quotes, if it holds
// escapes ("\u0041bc" for Abc); empty if it is written as it reads.
// `raw` points past the key's opening quote, `key` is the key unescaped.
std::string_view WrittenKey(const char* raw, std::string_view key) {
  // Escapes only lengthen a key: one written as it reads ends at key.size().
  if (raw[key.size()] == '"' && std::memchr(raw, '\\', key.size()) == nullptr) return {};
  size_t end = 0;
  while (raw[end] != '"') end += raw[end] == '\\' ? 2 : 1;
  return std::string_view(raw, end);
}

// Calls fn(key, value) for each member of `obj` in order, and stops at the
// first error, the JSON's or fn's. An fn that takes a third argument gets
// where the key is written too, for WrittenKey (only unknown members need
// it: the load path does not pay for it).
template <typename Fn>
Status ForEachMember(od::object obj, std::string_view what, Fn&& fn) {
  for (auto member : obj) {
    od::field field;
    SS_JSON_TRY(std::move(member).get(field), what);
    const char* raw_key = field.key().raw();  // before unescaped_key(), which consumes it
    std::string_view key;
    SS_JSON_TRY(field.unescaped_key().get(key), what);
    if constexpr (std::is_invocable_v<Fn, std::string_view, od::value, const char*>) {
      SS_TRY(fn(key, field.value(), raw_key));
    } else {
      SS_TRY(fn(key, field.value()));
    }
  }
  return Status::OK();
}

// Member "type" of `obj` as a string, found by its key unescaped
// ("t\u0079pe" is "type"), as every other member is; `member` names it in
// errors. The object is read from its start again afterwards by the caller.
Status TypeMember(od::object& obj, std::string_view what, std::string_view member, std::string_view* type) {
  auto found = obj.find_field_unordered("type");
  if (found.error() != simdjson::NO_SUCH_FIELD) {
    SS_JSON_EXPECT(found.get_string().get(*type), member, "a string");
    return Status::OK();
  }
  // Not written plainly: looked for among the keys unescaped (rare; the
  // quick lookup above compares keys as written).
  SS_JSON_TRY(obj.reset().error(), what);
  for (auto m : obj) {
    od::field field;
    SS_JSON_TRY(std::move(m).get(field), what);
    std::string_view key;
    SS_JSON_TRY(field.unescaped_key().get(key), what);
    if (key == "type") {
      SS_JSON_EXPECT(field.value().get_string().get(*type), member, "a string");
      return Status::OK();
    }
  }
  return Bad(member, simdjson::NO_SUCH_FIELD);
}

// The known members of one object seen so far. A known member twice is
// ambiguous (which one counts?), so the line is bad; unknown members are
// kept however often they appear. On the load path: no allocation. The
// keys are views into the parser's string buffer, valid for the line.
class Seen {
 public:
  Status Once(std::string_view key, std::string_view what) {
    for (size_t i = 0; i < count_; ++i) {
      if (keys_[i] == key) return Bad(what, "field \"" + std::string(key) + "\" appears twice");
    }
    // An object has fewer known members than this; a longer list only
    // stops catching repeats.
    if (count_ < keys_.size()) keys_[count_++] = key;
    return Status::OK();
  }

 private:
  std::array<std::string_view, 16> keys_;
  size_t count_ = 0;
};

}  // namespace

class LineDecoder::Impl {
 public:
  explicit Impl(const ReadOptions& options) : options_(options) {
    // Sets the depth limit; on failure iterate() allocates (and reports) again.
    simdjson::error_code ignored = parser_.allocate(1 << 16, options_.max_depth + 1);
    (void)ignored;
  }

  Status Header(std::string_view line, bool padded, SessionHeader* h) {
    od::object obj;
    SS_TRY(Root(line, padded, &obj));
    *h = SessionHeader{};
    std::string_view type;
    SS_TRY(TypeMember(obj, "header", "header: field \"type\"", &type));
    if (type != "session") return Bad("header", "the first line is not a session header");
    bool have_version = false;
    SS_JSON_TRY(obj.reset().error(), "header");
    Seen seen;
    Status members =
        ForEachMember(obj, "header", [&](std::string_view key, od::value v, const char* raw_key) -> Status {
          if (key == "type") {
            // Read above.
          } else if (key == "version") {
            std::string_view version;
            SS_JSON_EXPECT(v.get_string().get(version), "header: field \"version\"", "a string");
            SS_TRY(ParseVersion(version, h));
            have_version = true;
          } else if (key == "id") {
            SS_TRY(String(v, "header: field \"id\"", &h->id));
          } else if (key == "created") {
            SS_TRY(Time(v, "header: field \"created\"", &h->created_ms));
          } else if (key == "workspace") {
            SS_TRY(String(v, "header: field \"workspace\"", &h->workspace));
          } else if (key == "title") {
            SS_TRY(String(v, "header: field \"title\"", &h->title));
          } else if (key == "model") {
            SS_TRY(String(v, "header: field \"model\"", &h->model));
          } else if (key == "provider") {
            SS_TRY(String(v, "header: field \"provider\"", &h->provider));
          } else if (key == "parent") {
            SS_TRY(Parent(v, h));
          } else if (key == "metadata") {
            SS_TRY(Raw(v, 1, "header: field \"metadata\"", &h->metadata));
          } else {
            return Extra(key, raw_key, v, 1, &h->extra);
          }
          return seen.Once(key, "header");
        });
    if (!members.ok()) return members;
    if (!have_version) return Bad("header", "no format version");
    if (h->id.empty()) return Bad("header", "no session id");
    return End();
  }

  Status BareMessage(std::string_view line, bool padded, Message* m) {
    od::object obj;
    SS_TRY(Root(line, padded, &obj));
    *m = Message{};
    SS_TRY(MessageFields(obj, 0, m));
    return End();
  }

  // With `envelope`, seq and id are required.
  Status Entry(std::string_view line, bool padded, bool envelope, sessionstore::Entry* e) {
    od::object obj;
    SS_TRY(Root(line, padded, &obj));
    *e = sessionstore::Entry{};
    std::string_view type;
    SS_TRY(TypeMember(obj, "entry", "entry: field \"type\"", &type));
    if (type == "session") return Bad("entry", "a second session header");
    if (type.empty()) return Bad("entry", "an empty type");
    e->type = RecordTypeFromName(type);
    if (e->type == RecordType::kUnknown) e->type_name.assign(type);
    bool have_seq = false;
    SS_JSON_TRY(obj.reset().error(), "entry");
    Seen seen;
    Status members = ForEachMember(obj, "entry", [&](std::string_view key, od::value v, const char* raw_key) -> Status {
      if (key == "type") {
        // Read above.
      } else if (key == "seq") {
        SS_JSON_EXPECT(v.get_uint64().get(e->seq), "entry: field \"seq\"", "a whole number");
        have_seq = true;
      } else if (key == "id") {
        SS_TRY(String(v, "entry: field \"id\"", &e->id));
      } else if (key == "parent") {
        bool is_null = false;
        SS_JSON_TRY(v.is_null().get(is_null), "entry: field \"parent\"");
        if (!is_null) SS_TRY(String(v, "entry: field \"parent\"", &e->parent));
      } else if (key == "ts") {
        SS_TRY(Time(v, "entry: field \"ts\"", &e->timestamp_ms));
      } else {
        bool handled = false;
        SS_TRY(Payload(key, v, e, &handled));
        if (!handled) return Extra(key, raw_key, v, 1, &e->extra);
      }
      return seen.Once(key, "entry");
    });
    if (!members.ok()) return members;
    if (envelope && !have_seq) return Bad("entry", "no seq");
    if (envelope && e->id.empty()) return Bad("entry", "no id");
    if (e->type == RecordType::kMessage && e->message.role.empty()) return Bad("message", "no \"message\" object");
    return End();
  }

 private:
  // Starts a line: the root must be an object.
  Status Root(std::string_view line, bool padded, od::object* obj) {
    const char* data = line.data();
    size_t capacity = line.size() + kJsonPadding;
    if (!padded) {
      scratch_.reserve(line.size() + kJsonPadding);
      scratch_.assign(line);
      data = scratch_.data();
      capacity = scratch_.capacity();
    }
    SS_JSON_TRY(parser_.iterate(data, line.size(), capacity).get(doc_), "invalid JSON");
    SS_JSON_EXPECT(doc_.get_object().get(*obj), "invalid JSON", "a JSON object");
    return Status::OK();
  }

  // Ends a line: nothing may follow the root object.
  Status End() {
    const char* rest = nullptr;
    if (!doc_.current_location().get(rest)) return Bad("invalid JSON", "characters after the object");
    return Status::OK();
  }

  static Status ParseVersion(std::string_view v, SessionHeader* h) {
    size_t dot = v.find('.');
    std::string_view major = v.substr(0, dot);
    std::string_view minor = dot == std::string_view::npos ? std::string_view("0") : v.substr(dot + 1);
    auto a = std::from_chars(major.data(), major.data() + major.size(), h->format_major);
    auto b = std::from_chars(minor.data(), minor.data() + minor.size(), h->format_minor);
    if (a.ec != std::errc() || a.ptr != major.data() + major.size() || b.ec != std::errc() ||
        b.ptr != minor.data() + minor.size()) {
      return Bad("header: field \"version\"", "not MAJOR.MINOR");
    }
    if (h->format_major > kFormatMajor) {
      return Status::NotSupported("session format " + std::string(v) + " is newer than this sessionstore reads (" +
                                  std::to_string(kFormatMajor) + ".x); upgrade sessionstore");
    }
    return Status::OK();
  }

  static Status String(od::value v, std::string_view what, std::string* out) {
    std::string_view sv;
    SS_JSON_EXPECT(v.get_string().get(sv), what, "a string");
    out->assign(sv);
    return Status::OK();
  }

  static Status Time(od::value v, std::string_view what, int64_t* out) {
    std::string_view sv;
    SS_JSON_EXPECT(v.get_string().get(sv), what, "a string");
    auto ms = ParseTimestamp(sv);
    if (!ms) return Bad(what, "not an RFC 3339 time");
    *out = *ms;
    return Status::OK();
  }

  Status Int(od::value v, std::string_view what, int64_t* out) {
    SS_JSON_EXPECT(v.get_int64().get(*out), what, "a whole number");
    return Status::OK();
  }

  // The value's JSON text exactly as it stands in the line, checked in full.
  Status Raw(od::value v, size_t depth, std::string_view what, std::string* out) {
    od::json_type type;
    SS_JSON_TRY(v.type().get(type), what);
    std::string_view raw;
    if (type == od::json_type::object) {
      od::object o;
      SS_JSON_TRY(v.get_object().get(o), what);
      SS_JSON_TRY(o.raw_json().get(raw), what);
    } else if (type == od::json_type::array) {
      od::array a;
      SS_JSON_TRY(v.get_array().get(a), what);
      SS_JSON_TRY(a.raw_json().get(raw), what);
    } else {
      raw = TrimRight(v.raw_json_token());
    }
    if (depth > options_.max_depth) return Bad(what, "nested too deep");
    if (Status s = raw_.Check(raw, options_.max_depth - depth, true); !s.ok()) {
      return Bad(what, s.message());
    }
    out->assign(raw);
    return Status::OK();
  }

  // `raw_key` is where the line writes the key (ForEachMember).
  Status Extra(std::string_view key, const char* raw_key, od::value v, size_t depth, JsonFields* extra) {
    JsonField& f = extra->emplace_back();
    f.key.assign(key);
    f.written_key.assign(WrittenKey(raw_key, key));
    return Raw(v, depth, "field \"" + f.key + "\"", &f.json);
  }

  Status Parent(od::value v, SessionHeader* h) {
    od::object o;
    SS_JSON_EXPECT(v.get_object().get(o), "header: field \"parent\"", "an object");
    ParentRef& p = h->parent.emplace();
    return ForEachMember(o, "header: field \"parent\"", [&](std::string_view key, od::value member) -> Status {
      if (key == "session") return String(member, "header: field \"parent.session\"", &p.session);
      if (key == "entry") return String(member, "header: field \"parent.entry\"", &p.entry);
      return Status::OK();
    });
  }

  // Decodes a payload member of a known record type. *handled is false if
  // `key` is not one; the caller then keeps it in extra.
  Status Payload(std::string_view key, od::value v, sessionstore::Entry* e, bool* handled) {
    *handled = true;
    switch (e->type) {
      case RecordType::kMessage:
        if (key == "message") return MessageObject(v, 1, &e->message);
        break;
      case RecordType::kModelChange:
        if (key == "model") return String(v, "model_change: field \"model\"", &e->model);
        if (key == "provider") return String(v, "model_change: field \"provider\"", &e->provider);
        break;
      case RecordType::kTitle:
        if (key == "title") return String(v, "title: field \"title\"", &e->title);
        break;
      case RecordType::kUsage:
        if (key == "usage") return UsageObject(v, 1, &e->usage);
        break;
      case RecordType::kCompaction:
        if (key == "summary") return String(v, "compaction: field \"summary\"", &e->summary);
        if (key == "first_kept") return String(v, "compaction: field \"first_kept\"", &e->first_kept);
        if (key == "tokens_before") return Int(v, "compaction: field \"tokens_before\"", &e->tokens_before);
        break;
      case RecordType::kBranchSummary:
        if (key == "summary") return String(v, "branch_summary: field \"summary\"", &e->summary);
        if (key == "branch_leaf") return String(v, "branch_summary: field \"branch_leaf\"", &e->branch_leaf);
        break;
      case RecordType::kLabel:
        if (key == "target") return String(v, "label: field \"target\"", &e->target);
        if (key == "label") return String(v, "label: field \"label\"", &e->label);
        break;
      case RecordType::kUnknown: break;
    }
    *handled = false;
    return Status::OK();
  }

  Status UsageObject(od::value v, size_t depth, Usage* u) {
    od::object o;
    SS_JSON_EXPECT(v.get_object().get(o), "usage", "an object");
    return ForEachMember(o, "usage", [&](std::string_view key, od::value fv, const char* raw_key) -> Status {
      if (key == "input") {
        SS_TRY(Int(fv, "usage: field \"input\"", &u->input_tokens));
      } else if (key == "output") {
        SS_TRY(Int(fv, "usage: field \"output\"", &u->output_tokens));
      } else if (key == "cache_read") {
        SS_TRY(Int(fv, "usage: field \"cache_read\"", &u->cache_read_tokens));
      } else if (key == "cache_write") {
        SS_TRY(Int(fv, "usage: field \"cache_write\"", &u->cache_write_tokens));
      } else if (key == "cost_usd") {
        SS_JSON_EXPECT(fv.get_double().get(u->cost_usd), "usage: field \"cost_usd\"", "a number");
      } else {
        SS_TRY(Extra(key, raw_key, fv, depth + 1, &u->extra));
      }
      return Status::OK();
    });
  }

  Status MessageObject(od::value v, size_t depth, Message* m) {
    od::object o;
    SS_JSON_EXPECT(v.get_object().get(o), "message", "an object");
    return MessageFields(o, depth, m);
  }

  // `depth`: containers open around the message object.
  Status MessageFields(od::object o, size_t depth, Message* m) {
    Seen seen;
    Status members =
        ForEachMember(o, "message", [&](std::string_view key, od::value fv, const char* raw_key) -> Status {
          if (key == "role") {
            SS_TRY(String(fv, "message: field \"role\"", &m->role));
          } else if (key == "content") {
            SS_TRY(Blocks(fv, depth + 1, &m->content));
          } else if (key == "model") {
            SS_TRY(String(fv, "message: field \"model\"", &m->model));
          } else if (key == "provider") {
            SS_TRY(String(fv, "message: field \"provider\"", &m->provider));
          } else if (key == "usage") {
            SS_TRY(UsageObject(fv, depth + 1, &m->usage.emplace()));
          } else if (key == "stop_reason") {
            SS_TRY(String(fv, "message: field \"stop_reason\"", &m->stop_reason));
          } else {
            return Extra(key, raw_key, fv, depth + 1, &m->extra);
          }
          return seen.Once(key, "message");
        });
    if (!members.ok()) return members;
    if (m->role.empty()) return Bad("message", "no role");
    return Status::OK();
  }

  // Content: an array of blocks, or a string standing for one text block.
  Status Blocks(od::value v, size_t depth, std::vector<ContentBlock>* out) {
    if (depth + 2 > options_.max_depth) return Bad("content", "nested too deep");
    od::json_type type;
    SS_JSON_TRY(v.type().get(type), "content");
    if (type == od::json_type::string) {
      ContentBlock& b = out->emplace_back();
      return String(v, "content", &b.text);
    }
    od::array a;
    SS_JSON_EXPECT(v.get_array().get(a), "content", "a string or an array");
    for (auto element : a) {
      od::value ev;
      SS_JSON_TRY(std::move(element).get(ev), "content");
      SS_TRY(Block(ev, depth + 1, &out->emplace_back()));
    }
    return Status::OK();
  }

  Status Block(od::value v, size_t depth, ContentBlock* b) {
    od::object o;
    SS_JSON_EXPECT(v.get_object().get(o), "content block", "an object");
    std::string_view type;
    SS_TRY(TypeMember(o, "content block", "content block: field \"type\"", &type));
    if (type.empty()) return Bad("content block", "an empty type");
    b->type = BlockTypeFromName(type);
    if (b->type == BlockType::kUnknown) b->type_name.assign(type);
    SS_JSON_TRY(o.reset().error(), "content block");
    Seen seen;
    return ForEachMember(o, "content block", [&](std::string_view key, od::value fv, const char* raw_key) -> Status {
      std::string* target = BlockString(b, key);
      if (key == "type") {
        // Read above.
      } else if (target != nullptr) {
        std::string_view sv;
        if (auto err = fv.get_string().get(sv)) {
          return Bad("content block: field \"" + std::string(key) + "\"", err, "a string");
        }
        target->assign(sv);
      } else if (b->type == BlockType::kToolCall && key == "arguments") {
        SS_TRY(Raw(fv, depth + 1, "tool_call: field \"arguments\"", &b->arguments));
      } else if (b->type == BlockType::kToolResult && key == "content") {
        SS_TRY(Blocks(fv, depth + 1, &b->content));
      } else if (b->type == BlockType::kToolResult && key == "is_error") {
        SS_JSON_EXPECT(fv.get_bool().get(b->is_error), "tool_result: field \"is_error\"", "true or false");
      } else {
        return Extra(key, raw_key, fv, depth + 1, &b->extra);
      }
      return seen.Once(key, "content block");
    });
  }

  // The string member `key` of a block of b's type, or null.
  static std::string* BlockString(ContentBlock* b, std::string_view key) {
    switch (b->type) {
      case BlockType::kText: return key == "text" ? &b->text : nullptr;
      case BlockType::kImage:
        if (key == "media_type") return &b->media_type;
        if (key == "data") return &b->data;
        if (key == "url") return &b->url;
        return nullptr;
      case BlockType::kThinking:
        if (key == "text") return &b->text;
        if (key == "signature") return &b->signature;
        if (key == "redacted_data") return &b->redacted_data;
        return nullptr;
      case BlockType::kToolCall:
        if (key == "id") return &b->id;
        if (key == "name") return &b->name;
        return nullptr;
      case BlockType::kToolResult:
        if (key == "call_id") return &b->id;
        if (key == "name") return &b->name;
        return nullptr;
      case BlockType::kUnknown: return nullptr;
    }
    return nullptr;
  }

  ReadOptions options_;
  od::parser parser_;
  od::document doc_;
  std::string scratch_;
  RawJsonValidator raw_;
};

LineDecoder::LineDecoder(const ReadOptions& options) : impl_(std::make_unique<Impl>(options)) {}
LineDecoder::~LineDecoder() = default;

namespace {

// Runs `decode` on `line`; a line it refuses that holds a lone surrogate
// is decoded again with U+FFFD in its place (format/lone_surrogates.h).
template <typename Decode>
Status ReadingLoneSurrogates(std::string_view line, bool padded, Decode&& decode) {
  Status s = decode(line, padded);
  if (s.ok()) return s;
  std::optional<std::string> replaced = WithoutLoneSurrogates(line);
  return replaced ? decode(*replaced, false) : s;
}

}  // namespace

Status LineDecoder::DecodeHeader(std::string_view line, bool padded, SessionHeader* out) {
  return ReadingLoneSurrogates(line, padded, [&](std::string_view l, bool p) { return impl_->Header(l, p, out); });
}

Status LineDecoder::DecodeEntry(std::string_view line, bool padded, Entry* out) {
  return ReadingLoneSurrogates(line, padded, [&](std::string_view l, bool p) { return impl_->Entry(l, p, true, out); });
}

Status LineDecoder::DecodeRecord(std::string_view json, bool padded, Entry* out) {
  return ReadingLoneSurrogates(json, padded,
                               [&](std::string_view l, bool p) { return impl_->Entry(l, p, false, out); });
}

Status LineDecoder::DecodeMessage(std::string_view json, bool padded, Message* out) {
  return ReadingLoneSurrogates(json, padded, [&](std::string_view l, bool p) { return impl_->BareMessage(l, p, out); });
}

}  // namespace sessionstore::format
