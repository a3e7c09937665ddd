// The C API (sessionstore/c.h) over the public C++ API: handles that own a
// Store, Writer, Cursor or a result, errors that carry a Status, and JSON
// text in and out through the library's codec.

#include <simdjson.h>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "c/json_options.h"
#include "sessionstore/c.h"
#include "sessionstore/json.h"
#include "sessionstore/redact.h"
#include "sessionstore/request.h"
#include "sessionstore/store.h"
#include "sessionstore/version.h"

using sessionstore::Entry;
using sessionstore::Message;
using sessionstore::Record;
using sessionstore::Result;
using sessionstore::Status;
using sessionstore::c_api::JsonOptions;

struct sessionstore_error_t {
  Status status;
  std::string message, code_name;
};

struct sessionstore_store_t {
  std::unique_ptr<sessionstore::Store> store;
};

struct sessionstore_writer_t {
  std::unique_ptr<sessionstore::Writer> writer;
};

struct sessionstore_cursor_t {
  std::unique_ptr<sessionstore::Cursor> cursor;
  std::string header;
  std::string line;  // the current entry's line, NUL-terminated
};

struct sessionstore_session_t {
  std::string header;
  std::vector<std::string> entries;
  size_t skipped = 0;
  bool archived = false;
};

struct sessionstore_list_t {
  std::vector<std::string> rows, ids;
  std::string next_cursor;
};

struct sessionstore_hits_t {
  std::vector<std::string> hits;
};

namespace {

void SetError(sessionstore_error_t** err, const Status& s) {
  if (err == nullptr) return;
  delete *err;
  *err = new sessionstore_error_t{s, s.ToString(), std::string(sessionstore::StatusCodeName(s.code()))};
}

char* Dup(std::string_view s) {
  char* out = static_cast<char*>(std::malloc(s.size() + 1));
  if (out == nullptr) return nullptr;
  std::memcpy(out, s.data(), s.size());
  out[s.size()] = '\0';
  return out;
}

// The text of a char* argument, or an error naming it when it is NULL.
bool Arg(const char* value, const char* name, std::string_view* out, sessionstore_error_t** err) {
  if (value == nullptr) {
    SetError(err, Status::InvalidArgument(std::string(name) + " is NULL"));
    return false;
  }
  *out = value;
  return true;
}

// The store of a handle, or null with an error for NULL and closed ones.
sessionstore::Store* StoreOf(sessionstore_store_t* store, sessionstore_error_t** err) {
  if (store == nullptr) {
    SetError(err, Status::InvalidArgument("store is NULL"));
    return nullptr;
  }
  if (store->store == nullptr) {
    SetError(err, Status::FailedPrecondition("the store is closed"));
    return nullptr;
  }
  return store->store.get();
}

sessionstore::Writer* WriterOf(sessionstore_writer_t* writer, sessionstore_error_t** err) {
  if (writer == nullptr) {
    SetError(err, Status::InvalidArgument("writer is NULL"));
    return nullptr;
  }
  if (writer->writer == nullptr) {
    SetError(err, Status::FailedPrecondition("the writer is closed"));
    return nullptr;
  }
  return writer->writer.get();
}

// 0, or -1 with the error.
int Done(const Status& s, sessionstore_error_t** err) {
  if (s.ok()) return 0;
  SetError(err, s);
  return -1;
}

// The value as a malloc'd string, or NULL with the error.
char* Text(const Result<std::string>& r, sessionstore_error_t** err) {
  if (!r.ok()) {
    SetError(err, r.status());
    return nullptr;
  }
  return Dup(*r);
}

std::string JsonArray(const std::vector<std::string>& values, bool quoted) {
  std::string out = "[";
  for (const std::string& v : values) {
    if (out.size() > 1) out += ",";
    out += quoted ? sessionstore::JsonString(v) : v;
  }
  return out + "]";
}

Result<sessionstore::NewSession> ParseNewSession(const char* json) {
  sessionstore::NewSession s;
  JsonOptions o("session", json);
  o.String("id", &s.id);
  o.String("workspace", &s.workspace);
  o.String("title", &s.title);
  o.String("model", &s.model);
  o.String("provider", &s.provider);
  o.Raw("metadata", &s.metadata);
  if (Status st = o.status(); !st.ok()) return st;
  return s;
}

// A JSON array of messages, each in any shape.
Result<std::vector<Message>> ParseMessages(std::string_view json) {
  simdjson::ondemand::parser parser;
  const simdjson::padded_string padded(json);
  simdjson::ondemand::document doc;
  simdjson::ondemand::array array;
  const Status not_array = Status::InvalidArgument("messages: not a JSON array of message objects");
  if (parser.iterate(padded).get(doc) != simdjson::SUCCESS || doc.get_array().get(array) != simdjson::SUCCESS) {
    return not_array;
  }
  std::vector<Message> messages;
  for (auto element : array) {
    simdjson::ondemand::object object;
    std::string_view raw;
    if (element.get_object().get(object) != simdjson::SUCCESS || object.raw_json().get(raw) != simdjson::SUCCESS) {
      return not_array;
    }
    Result<Message> m = sessionstore::ParseMessage(raw);
    if (!m.ok()) {
      return Status::InvalidArgument("message " + std::to_string(messages.size()) + ": " + m.status().message());
    }
    messages.push_back(std::move(*m));
  }
  const char* rest = nullptr;
  if (!doc.current_location().get(rest)) return not_array;  // more after the array
  return messages;
}

// A shape to write messages in: any but auto.
Result<sessionstore::Shape> ShapeToWrite(const std::string& name, const std::string& what) {
  Result<sessionstore::Shape> shape = sessionstore::ShapeFromName(name);
  if (!shape.ok() || *shape == sessionstore::Shape::kAuto) {
    return Status::InvalidArgument(what + " is native, anthropic, openai-chat or openai-responses, not \"" + name +
                                   "\"");
  }
  return shape;
}

// "request": the request, "left_out": what it could not carry.
std::string RequestMembers(const sessionstore::Request& request) {
  std::vector<std::string> left_out;
  for (const sessionstore::LeftOut& l : request.left_out) {
    left_out.push_back("{\"entry_id\":" + sessionstore::JsonString(l.entry_id) +
                       ",\"what\":" + sessionstore::JsonString(l.what) + "}");
  }
  return "\"request\":" + request.json + ",\"left_out\":" + JsonArray(left_out, false);
}

}  // namespace

extern "C" {

// ---- Errors ----

int sessionstore_error_code(const sessionstore_error_t* err) {
  return err == nullptr ? SESSIONSTORE_OK : static_cast<int>(err->status.code());
}
const char* sessionstore_error_code_name(const sessionstore_error_t* err) {
  return err == nullptr ? "OK" : err->code_name.c_str();
}
const char* sessionstore_error_message(const sessionstore_error_t* err) {
  return err == nullptr ? "" : err->message.c_str();
}
const char* sessionstore_error_path(const sessionstore_error_t* err) {
  return err == nullptr ? "" : err->status.context().path.c_str();
}
int64_t sessionstore_error_line(const sessionstore_error_t* err) {
  return err == nullptr ? -1 : err->status.context().line;
}
int64_t sessionstore_error_offset(const sessionstore_error_t* err) {
  return err == nullptr ? -1 : err->status.context().offset;
}
void sessionstore_error_destroy(sessionstore_error_t* err) { delete err; }

void sessionstore_free(void* ptr) { std::free(ptr); }

const char* sessionstore_version(void) { return SESSIONSTORE_VERSION_STRING; }

// ---- The store ----

sessionstore_store_t* sessionstore_open(const char* location, const char* options, sessionstore_error_t** err) {
  std::string_view where;
  if (!Arg(location, "location", &where, err)) return nullptr;
  sessionstore::StoreOptions o;
  JsonOptions json("store options", options);
  json.Bool("create_if_missing", &o.create_if_missing);
  json.Bool("search_thinking", &o.search_thinking);
  json.Bool("verify_every_file", &o.verify_every_file);
  json.Bool("strict", &o.read.strict);
  json.Size("max_line_bytes", &o.read.max_line_bytes);
  bool redact = false;
  std::string patterns;
  json.Bool("redact", &redact);
  json.String("redact_patterns", &patterns);
  if (Status s = json.status(); !s.ok()) return SetError(err, s), nullptr;
  if (redact || !patterns.empty()) {
    Result<std::shared_ptr<const sessionstore::Redactor>> r = sessionstore::Redactor::Make({.patterns_file = patterns});
    if (!r.ok()) return SetError(err, r.status()), nullptr;
    o.redact_before_write = std::move(*r);
  }
  Result<std::unique_ptr<sessionstore::Store>> store = sessionstore::Store::Open(where, o);
  if (!store.ok()) return SetError(err, store.status()), nullptr;
  return new sessionstore_store_t{std::move(*store)};
}

void sessionstore_store_close(sessionstore_store_t* store) {
  if (store != nullptr) store->store.reset();
}

void sessionstore_store_destroy(sessionstore_store_t* store) { delete store; }

// ---- Sessions ----

char* sessionstore_create(sessionstore_store_t* store, const char* session, sessionstore_error_t** err) {
  sessionstore::Store* s = StoreOf(store, err);
  if (s == nullptr) return nullptr;
  Result<sessionstore::NewSession> n = ParseNewSession(session);
  if (!n.ok()) return SetError(err, n.status()), nullptr;
  Result<sessionstore::SessionHeader> h = s->Create(*n);
  if (!h.ok()) return SetError(err, h.status()), nullptr;
  return Dup(h->id);
}

char* sessionstore_get_or_create(sessionstore_store_t* store, const char* session, sessionstore_error_t** err) {
  sessionstore::Store* s = StoreOf(store, err);
  if (s == nullptr) return nullptr;
  Result<sessionstore::NewSession> n = ParseNewSession(session);
  if (!n.ok()) return SetError(err, n.status()), nullptr;
  Result<sessionstore::SessionHeader> h = s->GetOrCreate(*n);
  if (!h.ok()) return SetError(err, h.status()), nullptr;
  return Dup(h->id);
}

int sessionstore_exists(sessionstore_store_t* store, const char* id, sessionstore_error_t** err) {
  sessionstore::Store* s = StoreOf(store, err);
  std::string_view i;
  if (s == nullptr || !Arg(id, "id", &i, err)) return -1;
  Result<bool> r = s->Exists(i);
  if (!r.ok()) return SetError(err, r.status()), -1;
  return *r ? 1 : 0;
}

char* sessionstore_title(sessionstore_store_t* store, const char* id, sessionstore_error_t** err) {
  sessionstore::Store* s = StoreOf(store, err);
  std::string_view i;
  if (s == nullptr || !Arg(id, "id", &i, err)) return nullptr;
  return Text(s->Title(i), err);
}

char* sessionstore_place(sessionstore_store_t* store, const char* id, sessionstore_error_t** err) {
  sessionstore::Store* s = StoreOf(store, err);
  std::string_view i;
  if (s == nullptr || !Arg(id, "id", &i, err)) return nullptr;
  return Text(s->Place(i), err);
}

#define SESSIONSTORE_C_ID_CALL(name, call)                                                           \
  int sessionstore_##name(sessionstore_store_t* store, const char* id, sessionstore_error_t** err) { \
    sessionstore::Store* s = StoreOf(store, err);                                                    \
    std::string_view i;                                                                              \
    if (s == nullptr || !Arg(id, "id", &i, err)) return -1;                                          \
    return Done(s->call(i), err);                                                                    \
  }
SESSIONSTORE_C_ID_CALL(delete, Delete)
SESSIONSTORE_C_ID_CALL(archive, Archive)
SESSIONSTORE_C_ID_CALL(restore, Restore)
SESSIONSTORE_C_ID_CALL(trash, Trash)
SESSIONSTORE_C_ID_CALL(untrash, Untrash)
#undef SESSIONSTORE_C_ID_CALL

int sessionstore_rename(sessionstore_store_t* store, const char* id, const char* title, sessionstore_error_t** err) {
  sessionstore::Store* s = StoreOf(store, err);
  std::string_view i, t;
  if (s == nullptr || !Arg(id, "id", &i, err) || !Arg(title, "title", &t, err)) return -1;
  return Done(s->Rename(i, t), err);
}

int sessionstore_label(sessionstore_store_t* store, const char* id, const char* entry, const char* label,
                       sessionstore_error_t** err) {
  sessionstore::Store* s = StoreOf(store, err);
  std::string_view i, e, l;
  if (s == nullptr || !Arg(id, "id", &i, err) || !Arg(entry, "entry", &e, err) || !Arg(label, "label", &l, err)) {
    return -1;
  }
  return Done(s->Label(i, e, l), err);
}

int sessionstore_set_summary(sessionstore_store_t* store, const char* id, const char* summary,
                             sessionstore_error_t** err) {
  sessionstore::Store* s = StoreOf(store, err);
  std::string_view i, text;
  if (s == nullptr || !Arg(id, "id", &i, err) || !Arg(summary, "summary", &text, err)) return -1;
  return Done(s->SetSummary(i, text), err);
}

char* sessionstore_get_summary(sessionstore_store_t* store, const char* id, sessionstore_error_t** err) {
  sessionstore::Store* s = StoreOf(store, err);
  std::string_view i;
  if (s == nullptr || !Arg(id, "id", &i, err)) return nullptr;
  return Text(s->GetSummary(i), err);
}

// ---- Reading a session ----

sessionstore_session_t* sessionstore_load(sessionstore_store_t* store, const char* id, sessionstore_error_t** err) {
  sessionstore::Store* s = StoreOf(store, err);
  std::string_view i;
  if (s == nullptr || !Arg(id, "id", &i, err)) return nullptr;
  Result<sessionstore::Session> loaded = s->Load(i);
  if (!loaded.ok()) return SetError(err, loaded.status()), nullptr;
  auto out = std::make_unique<sessionstore_session_t>();
  Result<std::string> header = sessionstore::ToJson(loaded->header);
  if (!header.ok()) return SetError(err, header.status()), nullptr;
  out->header = std::move(*header);
  out->entries.reserve(loaded->entries.size());
  for (const Entry& e : loaded->entries) {
    Result<std::string> line = sessionstore::ToJson(e);
    if (!line.ok()) return SetError(err, line.status()), nullptr;
    out->entries.push_back(std::move(*line));
  }
  out->skipped = loaded->report.skipped.size();
  out->archived = loaded->archived;
  return out.release();
}

const char* sessionstore_session_header(const sessionstore_session_t* session) {
  return session == nullptr ? nullptr : session->header.c_str();
}
size_t sessionstore_session_count(const sessionstore_session_t* session) {
  return session == nullptr ? 0 : session->entries.size();
}
const char* sessionstore_session_entry(const sessionstore_session_t* session, size_t i) {
  return session == nullptr || i >= session->entries.size() ? nullptr : session->entries[i].c_str();
}
size_t sessionstore_session_skipped(const sessionstore_session_t* session) {
  return session == nullptr ? 0 : session->skipped;
}
int sessionstore_session_archived(const sessionstore_session_t* session) {
  return session != nullptr && session->archived ? 1 : 0;
}
void sessionstore_session_destroy(sessionstore_session_t* session) { delete session; }

sessionstore_cursor_t* sessionstore_read(sessionstore_store_t* store, const char* id, const char* options,
                                         sessionstore_error_t** err) {
  sessionstore::Store* s = StoreOf(store, err);
  std::string_view i;
  if (s == nullptr || !Arg(id, "id", &i, err)) return nullptr;
  sessionstore::CursorOptions o;
  JsonOptions json("read options", options);
  json.Size("last_n", &o.last_n);
  if (Status st = json.status(); !st.ok()) return SetError(err, st), nullptr;
  Result<std::unique_ptr<sessionstore::Cursor>> cursor = s->Read(i, o);
  if (!cursor.ok()) return SetError(err, cursor.status()), nullptr;
  auto out = std::make_unique<sessionstore_cursor_t>();
  out->header = std::string((*cursor)->header_line());
  out->cursor = std::move(*cursor);
  if (out->cursor->Valid()) out->line = std::string(out->cursor->line());
  return out.release();
}

int sessionstore_cursor_valid(const sessionstore_cursor_t* cursor) {
  return cursor != nullptr && cursor->cursor != nullptr && cursor->cursor->Valid() ? 1 : 0;
}

void sessionstore_cursor_next(sessionstore_cursor_t* cursor) {
  if (sessionstore_cursor_valid(cursor) == 0) return;
  cursor->cursor->Next();
  if (cursor->cursor->Valid()) cursor->line.assign(cursor->cursor->line());
}

const char* sessionstore_cursor_entry(const sessionstore_cursor_t* cursor) {
  return sessionstore_cursor_valid(cursor) != 0 ? cursor->line.c_str() : nullptr;
}

const char* sessionstore_cursor_header(const sessionstore_cursor_t* cursor) {
  return cursor == nullptr ? nullptr : cursor->header.c_str();
}

int sessionstore_cursor_status(const sessionstore_cursor_t* cursor, sessionstore_error_t** err) {
  if (cursor == nullptr) return Done(Status::InvalidArgument("cursor is NULL"), err);
  if (cursor->cursor == nullptr) return Done(Status::FailedPrecondition("the cursor is closed"), err);
  return Done(cursor->cursor->status(), err);
}

void sessionstore_cursor_close(sessionstore_cursor_t* cursor) {
  if (cursor != nullptr) cursor->cursor.reset();
}

void sessionstore_cursor_destroy(sessionstore_cursor_t* cursor) { delete cursor; }

char* sessionstore_context(sessionstore_store_t* store, const char* id, const char* options,
                           sessionstore_error_t** err) {
  sessionstore::Store* s = StoreOf(store, err);
  std::string_view i;
  if (s == nullptr || !Arg(id, "id", &i, err)) return nullptr;
  sessionstore::ContextOptions o;
  std::string shape_name = "native";
  JsonOptions json("context options", options);
  json.String("leaf", &o.leaf);
  json.String("shape", &shape_name);
  if (Status st = json.status(); !st.ok()) return SetError(err, st), nullptr;
  Result<sessionstore::Shape> shape = ShapeToWrite(shape_name, "context options: \"shape\"");
  if (!shape.ok()) return SetError(err, shape.status()), nullptr;
  Result<sessionstore::ContextView> view = s->Context(i, o);
  if (!view.ok()) return SetError(err, view.status()), nullptr;
  Result<sessionstore::Request> request = sessionstore::ToRequest(*view, *shape);
  if (!request.ok()) return SetError(err, request.status()), nullptr;
  std::vector<std::string> repairs;
  for (const sessionstore::ContextRepair& r : view->repairs) {
    repairs.push_back("{\"kind\":" + sessionstore::JsonString(sessionstore::KindName(r.kind)) +
                      ",\"call_id\":" + sessionstore::JsonString(r.call_id) +
                      ",\"entry_id\":" + sessionstore::JsonString(r.entry_id) + "}");
  }
  return Dup("{\"leaf\":" + sessionstore::JsonString(view->leaf) + ",\"compaction\":" +
             sessionstore::JsonString(view->compaction) + ",\"summary\":" + sessionstore::JsonString(view->summary) +
             "," + RequestMembers(*request) + ",\"repairs\":" + JsonArray(repairs, false) + "}");
}

char* sessionstore_convert_message(const char* message, const char* options, sessionstore_error_t** err) {
  std::string_view json;
  if (!Arg(message, "message", &json, err)) return nullptr;
  std::string from = "auto", to = "native";
  JsonOptions o("convert options", options);
  o.String("from", &from);
  o.String("to", &to);
  if (Status st = o.status(); !st.ok()) return SetError(err, st), nullptr;
  Result<sessionstore::Shape> from_shape = sessionstore::ShapeFromName(from);
  Result<sessionstore::Shape> to_shape = ShapeToWrite(to, "convert options: \"to\"");
  if (!from_shape.ok()) return SetError(err, from_shape.status()), nullptr;
  if (!to_shape.ok()) return SetError(err, to_shape.status()), nullptr;
  Result<Message> m = sessionstore::ParseMessage(json, *from_shape);
  if (!m.ok()) return SetError(err, m.status()), nullptr;
  sessionstore::ContextView view;
  view.items.push_back({.kind = sessionstore::ContextItem::Kind::kMessage, .message = std::move(*m)});
  Result<sessionstore::Request> request = sessionstore::ToRequest(view, *to_shape);
  if (!request.ok()) return SetError(err, request.status()), nullptr;
  return Dup("{" + RequestMembers(*request) + "}");
}

// ---- Listing and search ----

sessionstore_list_t* sessionstore_list(sessionstore_store_t* store, const char* options, sessionstore_error_t** err) {
  sessionstore::Store* s = StoreOf(store, err);
  if (s == nullptr) return nullptr;
  sessionstore::ListOptions o;
  std::string sort = "updated";
  JsonOptions json("list options", options);
  json.String("workspace", &o.workspace);
  json.Bool("include_archived", &o.include_archived);
  json.String("label", &o.label);
  json.String("title_contains", &o.title_contains);
  json.String("fork_of", &o.fork_of);
  json.String("id_prefix", &o.id_prefix);
  json.String("model", &o.model);
  json.String("provider", &o.provider);
  json.String("sort", &sort);
  json.Size("limit", &o.limit);
  json.String("cursor", &o.cursor);
  json.Int("created_after_ms", &o.created_after_ms);
  json.Int("created_before_ms", &o.created_before_ms);
  json.Int("updated_after_ms", &o.updated_after_ms);
  json.Int("updated_before_ms", &o.updated_before_ms);
  if (Status st = json.status(); !st.ok()) return SetError(err, st), nullptr;
  if (sort != "updated" && sort != "created") {
    return SetError(err, Status::InvalidArgument("list options: \"sort\" is updated or created, not \"" + sort + "\"")),
           nullptr;
  }
  o.sort = sort == "created" ? sessionstore::ListOptions::Sort::kCreated : sessionstore::ListOptions::Sort::kUpdated;
  Result<sessionstore::SessionPage> page = s->ListPage(o);
  if (!page.ok()) return SetError(err, page.status()), nullptr;
  auto out = std::make_unique<sessionstore_list_t>();
  for (const sessionstore::SessionInfo& info : page->rows) {
    out->rows.push_back(sessionstore::ToJson(info));
    out->ids.push_back(info.id);
  }
  out->next_cursor = page->next_cursor;
  return out.release();
}

size_t sessionstore_list_count(const sessionstore_list_t* list) { return list == nullptr ? 0 : list->rows.size(); }
const char* sessionstore_list_row(const sessionstore_list_t* list, size_t i) {
  return list == nullptr || i >= list->rows.size() ? nullptr : list->rows[i].c_str();
}
const char* sessionstore_list_id(const sessionstore_list_t* list, size_t i) {
  return list == nullptr || i >= list->ids.size() ? nullptr : list->ids[i].c_str();
}
const char* sessionstore_list_next_cursor(const sessionstore_list_t* list) {
  return list == nullptr ? "" : list->next_cursor.c_str();
}
void sessionstore_list_destroy(sessionstore_list_t* list) { delete list; }

char* sessionstore_latest(sessionstore_store_t* store, const char* workspace, sessionstore_error_t** err) {
  sessionstore::Store* s = StoreOf(store, err);
  if (s == nullptr) return nullptr;
  Result<sessionstore::SessionInfo> latest = s->Latest(workspace == nullptr ? "" : workspace);
  if (!latest.ok()) return SetError(err, latest.status()), nullptr;
  return Dup(latest->id);
}

sessionstore_hits_t* sessionstore_search(sessionstore_store_t* store, const char* query, const char* options,
                                         sessionstore_error_t** err) {
  sessionstore::Store* s = StoreOf(store, err);
  std::string_view q;
  if (s == nullptr || !Arg(query, "query", &q, err)) return nullptr;
  sessionstore::SearchOptions o;
  JsonOptions json("search options", options);
  json.String("workspace", &o.workspace);
  json.Bool("include_archived", &o.include_archived);
  json.String("session_id", &o.session_id);
  json.Int("since_ms", &o.since_ms);
  json.Size("limit", &o.limit);
  if (Status st = json.status(); !st.ok()) return SetError(err, st), nullptr;
  Result<std::vector<sessionstore::SearchHit>> hits = s->Search(q, o);
  if (!hits.ok()) return SetError(err, hits.status()), nullptr;
  auto out = std::make_unique<sessionstore_hits_t>();
  for (const sessionstore::SearchHit& h : *hits) out->hits.push_back(sessionstore::ToJson(h));
  return out.release();
}

size_t sessionstore_hits_count(const sessionstore_hits_t* hits) { return hits == nullptr ? 0 : hits->hits.size(); }
const char* sessionstore_hits_hit(const sessionstore_hits_t* hits, size_t i) {
  return hits == nullptr || i >= hits->hits.size() ? nullptr : hits->hits[i].c_str();
}
void sessionstore_hits_destroy(sessionstore_hits_t* hits) { delete hits; }

// ---- Writing ----

sessionstore_writer_t* sessionstore_writer_open(sessionstore_store_t* store, const char* id, const char* options,
                                                sessionstore_error_t** err) {
  sessionstore::Store* s = StoreOf(store, err);
  std::string_view i;
  if (s == nullptr || !Arg(id, "id", &i, err)) return nullptr;
  sessionstore::WriterOptions o;
  std::string durability = "sync";
  int64_t interval_ms = o.interval_ms;
  JsonOptions json("writer options", options);
  json.String("durability", &durability);
  json.Int("interval_ms", &interval_ms);
  json.Size("buffer_bytes", &o.buffer_bytes);
  json.Int("lock_timeout_ms", &o.lock_timeout_ms);
  if (Status st = json.status(); !st.ok()) return SetError(err, st), nullptr;
  if (durability == "sync") {
    o.durability = sessionstore::Durability::kSync;
  } else if (durability == "process") {
    o.durability = sessionstore::Durability::kProcess;
  } else if (durability == "interval") {
    o.durability = sessionstore::Durability::kInterval;
  } else if (durability == "buffered") {
    o.durability = sessionstore::Durability::kBuffered;
  } else {
    return SetError(err, Status::InvalidArgument("writer options: \"durability\" is sync, process, interval or "
                                                 "buffered, not \"" +
                                                 durability + "\"")),
           nullptr;
  }
  o.interval_ms = static_cast<int>(interval_ms);
  Result<std::unique_ptr<sessionstore::Writer>> w = s->OpenWriter(i, o);
  if (!w.ok()) return SetError(err, w.status()), nullptr;
  return new sessionstore_writer_t{std::move(*w)};
}

char* sessionstore_writer_append(sessionstore_writer_t* writer, const char* message, sessionstore_error_t** err) {
  sessionstore::Writer* w = WriterOf(writer, err);
  std::string_view json;
  if (w == nullptr || !Arg(message, "message", &json, err)) return nullptr;
  Result<Message> m = sessionstore::ParseMessage(json);
  if (!m.ok()) return SetError(err, m.status()), nullptr;
  return Text(w->Append(Record::FromMessage(std::move(*m))), err);
}

char* sessionstore_writer_append_record(sessionstore_writer_t* writer, const char* record, sessionstore_error_t** err) {
  sessionstore::Writer* w = WriterOf(writer, err);
  std::string_view json;
  if (w == nullptr || !Arg(record, "record", &json, err)) return nullptr;
  Result<Entry> r = sessionstore::ParseRecord(json);
  if (!r.ok()) return SetError(err, r.status()), nullptr;
  return Text(w->Append(static_cast<const Record&>(*r)), err);
}

char* sessionstore_writer_append_batch(sessionstore_writer_t* writer, const char* messages,
                                       sessionstore_error_t** err) {
  sessionstore::Writer* w = WriterOf(writer, err);
  std::string_view json;
  if (w == nullptr || !Arg(messages, "messages", &json, err)) return nullptr;
  Result<std::vector<Message>> parsed = ParseMessages(json);
  if (!parsed.ok()) return SetError(err, parsed.status()), nullptr;
  std::vector<Record> records;
  records.reserve(parsed->size());
  for (Message& m : *parsed) records.push_back(Record::FromMessage(std::move(m)));
  Result<std::vector<std::string>> ids = w->AppendBatch(records);
  if (!ids.ok()) return SetError(err, ids.status()), nullptr;
  return Dup(JsonArray(*ids, true));
}

int sessionstore_writer_set_leaf(sessionstore_writer_t* writer, const char* entry, sessionstore_error_t** err) {
  sessionstore::Writer* w = WriterOf(writer, err);
  std::string_view e;
  if (w == nullptr || !Arg(entry, "entry", &e, err)) return -1;
  return Done(w->SetLeaf(e), err);
}

char* sessionstore_writer_leaf(sessionstore_writer_t* writer, sessionstore_error_t** err) {
  sessionstore::Writer* w = WriterOf(writer, err);
  return w == nullptr ? nullptr : Dup(w->leaf());
}

int sessionstore_writer_flush(sessionstore_writer_t* writer, sessionstore_error_t** err) {
  sessionstore::Writer* w = WriterOf(writer, err);
  return w == nullptr ? -1 : Done(w->Flush(), err);
}

int sessionstore_writer_sync(sessionstore_writer_t* writer, sessionstore_error_t** err) {
  sessionstore::Writer* w = WriterOf(writer, err);
  return w == nullptr ? -1 : Done(w->Sync(), err);
}

int sessionstore_writer_close(sessionstore_writer_t* writer, sessionstore_error_t** err) {
  sessionstore::Writer* w = WriterOf(writer, err);
  if (w == nullptr) return -1;
  const Status s = w->Close();
  writer->writer.reset();
  return Done(s, err);
}

void sessionstore_writer_destroy(sessionstore_writer_t* writer) { delete writer; }

// ---- History ----

char* sessionstore_pop_message(sessionstore_store_t* store, const char* id, sessionstore_error_t** err) {
  sessionstore::Store* s = StoreOf(store, err);
  std::string_view i;
  if (s == nullptr || !Arg(id, "id", &i, err)) return nullptr;
  Result<Entry> popped = s->PopMessage(i);
  if (!popped.ok()) return SetError(err, popped.status()), nullptr;
  return Text(sessionstore::ToJson(*popped), err);
}

char* sessionstore_set_history(sessionstore_store_t* store, const char* id, const char* messages, int rewrite,
                               sessionstore_error_t** err) {
  sessionstore::Store* s = StoreOf(store, err);
  std::string_view i, json;
  if (s == nullptr || !Arg(id, "id", &i, err) || !Arg(messages, "messages", &json, err)) return nullptr;
  Result<std::vector<Message>> parsed = ParseMessages(json);
  if (!parsed.ok()) return SetError(err, parsed.status()), nullptr;
  Result<std::vector<std::string>> ids = s->SetHistory(i, *parsed, {.rewrite = rewrite != 0});
  if (!ids.ok()) return SetError(err, ids.status()), nullptr;
  return Dup(JsonArray(*ids, true));
}

char* sessionstore_truncate_history(sessionstore_store_t* store, const char* id, size_t keep_last,
                                    sessionstore_error_t** err) {
  sessionstore::Store* s = StoreOf(store, err);
  std::string_view i;
  if (s == nullptr || !Arg(id, "id", &i, err)) return nullptr;
  Result<sessionstore::TruncateReport> r = s->TruncateHistory(i, keep_last);
  if (!r.ok()) return SetError(err, r.status()), nullptr;
  return Dup(std::string("{\"truncated\":") + (r->truncated ? "true" : "false") +
             ",\"kept\":" + std::to_string(r->kept) + ",\"first_kept\":" + sessionstore::JsonString(r->first_kept) +
             ",\"widened\":" + std::to_string(r->widened) + "}");
}

char* sessionstore_fork(sessionstore_store_t* store, const char* id, const char* entry, const char* session,
                        sessionstore_error_t** err) {
  sessionstore::Store* s = StoreOf(store, err);
  std::string_view i, e;
  if (s == nullptr || !Arg(id, "id", &i, err) || !Arg(entry, "entry", &e, err)) return nullptr;
  Result<sessionstore::NewSession> n = ParseNewSession(session);
  if (!n.ok()) return SetError(err, n.status()), nullptr;
  Result<sessionstore::SessionHeader> h = s->Fork(i, e, *n);
  if (!h.ok()) return SetError(err, h.status()), nullptr;
  return Dup(h->id);
}

char* sessionstore_compact(sessionstore_store_t* store, const char* id, int dry_run, sessionstore_error_t** err) {
  sessionstore::Store* s = StoreOf(store, err);
  std::string_view i;
  if (s == nullptr || !Arg(id, "id", &i, err)) return nullptr;
  Result<sessionstore::CompactReport> r = s->Compact(i, {.dry_run = dry_run != 0});
  if (!r.ok()) return SetError(err, r.status()), nullptr;
  return Dup("{\"bytes_before\":" + std::to_string(r->bytes_before) + ",\"bytes_after\":" +
             std::to_string(r->bytes_after) + ",\"entries_before\":" + std::to_string(r->entries_before) +
             ",\"entries_after\":" + std::to_string(r->entries_after) + "}");
}

char* sessionstore_cleanup_older_than(sessionstore_store_t* store, int64_t time_ms, int dry_run,
                                      sessionstore_error_t** err) {
  sessionstore::Store* s = StoreOf(store, err);
  if (s == nullptr) return nullptr;
  Result<std::vector<sessionstore::SessionInfo>> removed = s->CleanupOlderThan(time_ms, {.dry_run = dry_run != 0});
  if (!removed.ok()) return SetError(err, removed.status()), nullptr;
  std::vector<std::string> rows;
  for (const sessionstore::SessionInfo& info : *removed) rows.push_back(sessionstore::ToJson(info));
  return Dup(JsonArray(rows, false));
}

}  // extern "C"
