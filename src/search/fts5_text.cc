#include "search/fts5_text.h"

#include <climits>
#include <memory>
#include <span>

#include "sqlite/sqlite_db.h"

namespace sessionstore::search {

namespace {

// A thread's in-memory database: FTS5's tokenizer, and a full-text table
// for snippets, whose text is kept in a table of its own (external
// content), so that emptying the index needs no second pass over the text.
class Fts5Thread {
 public:
  // This thread's, made on first use.
  static Result<Fts5Thread*> Get();
  ~Fts5Thread() {
    if (instance_ != nullptr) tokenizer_.xDelete(instance_);
  }

  Status ForEachWord(std::string_view text, const std::function<void(std::string_view)>& word);
  Result<std::vector<std::string>> Snippets(std::span<const std::string> texts, std::string_view fts5_query);

 private:
  Fts5Thread() = default;
  Status Init();

  sqlite::Db db_;
  fts5_tokenizer tokenizer_{};
  Fts5Tokenizer* instance_ = nullptr;
  sqlite::Statement clear_text_, clear_index_, insert_text_, insert_index_, snippets_;
};

Status Fts5Error(std::string message) { return Status::IOError("FTS5: " + std::move(message)); }

Result<Fts5Thread*> Fts5Thread::Get() {
  thread_local std::unique_ptr<Fts5Thread> mine;
  if (mine == nullptr) {
    std::unique_ptr<Fts5Thread> made(new Fts5Thread());
    if (Status s = made->Init(); !s.ok()) return s;
    mine = std::move(made);
  }
  return mine.get();
}

Status Fts5Thread::Init() {
  Result<sqlite::Db> db = sqlite::Db::Open(std::string(sqlite::kInMemory), 0);
  if (!db.ok()) return db.status();
  db_ = std::move(*db);
  if (Status s = db_.Exec(std::string("CREATE TABLE texts(id INTEGER PRIMARY KEY, text TEXT);"
                                      " CREATE VIRTUAL TABLE entries_fts USING fts5(text, content = 'texts',"
                                      " content_rowid = 'id', tokenize = '") +
                          kFts5Tokenizer + "')");
      !s.ok()) {
    return s;
  }
  // The tokenizer, by name, with its arguments: kFts5Tokenizer's words.
  fts5_api* api = nullptr;
  Result<sqlite::Statement> get = db_.Prepare("SELECT fts5(?1)");
  if (!get.ok()) return get.status();
  if (Status s = get->BindPointer(1, &api, "fts5_api_ptr").Run(); !s.ok()) return s;
  if (api == nullptr) return Fts5Error("this SQLite has no FTS5");
  std::vector<std::string> words;
  for (std::string_view rest = kFts5Tokenizer; !rest.empty();) {
    const size_t end = std::min(rest.find(' '), rest.size());
    words.emplace_back(rest.substr(0, end));
    rest.remove_prefix(std::min(end + 1, rest.size()));
  }
  std::vector<const char*> args;
  for (size_t i = 1; i < words.size(); ++i) args.push_back(words[i].c_str());
  void* user_data = nullptr;
  if (api->xFindTokenizer(api, words[0].c_str(), &user_data, &tokenizer_) != SQLITE_OK) {
    return Fts5Error("no tokenizer " + words[0]);
  }
  if (tokenizer_.xCreate(user_data, args.data(), static_cast<int>(args.size()), &instance_) != SQLITE_OK) {
    instance_ = nullptr;
    return Fts5Error(std::string("cannot make tokenizer ") + kFts5Tokenizer);
  }
  const std::string select_snippets =
      std::string("SELECT rowid, ") + kFts5Snippet + " FROM entries_fts WHERE entries_fts MATCH ?1";
  for (auto [statement, sql] : {
           std::pair{&clear_text_, "DELETE FROM texts"},
           std::pair{&clear_index_, "INSERT INTO entries_fts(entries_fts) VALUES('delete-all')"},
           std::pair{&insert_text_, "INSERT INTO texts(id, text) VALUES(?1, ?2)"},
           std::pair{&insert_index_, "INSERT INTO entries_fts(rowid, text) VALUES(?1, ?2)"},
           std::pair{&snippets_, select_snippets.c_str()},
       }) {
    Result<sqlite::Statement> st = db_.Prepare(sql);
    if (!st.ok()) return st.status();
    *statement = std::move(*st);
  }
  return Status::OK();
}

Status Fts5Thread::ForEachWord(std::string_view text, const std::function<void(std::string_view)>& word) {
  if (text.size() > INT_MAX) return Fts5Error("a text of " + std::to_string(text.size()) + " bytes is too long");
  auto each = [](void* context, int /*flags*/, const char* token, int size, int /*start*/, int /*end*/) {
    (*static_cast<const std::function<void(std::string_view)>*>(context))(
        std::string_view(token, static_cast<size_t>(size)));
    return SQLITE_OK;
  };
  const int rc = tokenizer_.xTokenize(instance_, const_cast<std::function<void(std::string_view)>*>(&word),
                                      FTS5_TOKENIZE_DOCUMENT, text.data(), static_cast<int>(text.size()), each);
  return rc == SQLITE_OK ? Status::OK() : Fts5Error(std::string("splitting words: ") + sqlite3_errstr(rc));
}

Result<std::vector<std::string>> Fts5Thread::Snippets(std::span<const std::string> texts, std::string_view fts5_query) {
  auto run = [](sqlite::Statement& st) {
    Status s = st.Run();
    st.Reset();
    return s;
  };
  for (sqlite::Statement* clear : {&clear_index_, &clear_text_}) {
    if (Status s = run(*clear); !s.ok()) return s;
  }
  for (size_t i = 0; i < texts.size(); ++i) {
    for (sqlite::Statement* insert : {&insert_text_, &insert_index_}) {
      insert->Bind(1, static_cast<int64_t>(i)).Bind(2, texts[i]);
      if (Status s = run(*insert); !s.ok()) return s;
    }
  }
  std::vector<std::string> out(texts.size());
  snippets_.Bind(1, fts5_query);
  Status s;
  while (snippets_.Step(&s)) out[static_cast<size_t>(snippets_.Int(0))] = snippets_.Text(1);
  snippets_.Reset();
  if (!s.ok()) return s;
  return out;
}

}  // namespace

Status ForEachFts5Word(std::string_view text, const std::function<void(std::string_view)>& word) {
  Result<Fts5Thread*> t = Fts5Thread::Get();
  if (!t.ok()) return t.status();
  return (*t)->ForEachWord(text, word);
}

Result<std::vector<std::string>> Fts5Words(std::string_view text) {
  std::vector<std::string> words;
  if (Status s = ForEachFts5Word(text, [&](std::string_view w) { words.emplace_back(w); }); !s.ok()) return s;
  return words;
}

Result<std::vector<std::string>> Fts5Snippets(std::span<const std::string> texts, std::string_view fts5_query) {
  Result<Fts5Thread*> t = Fts5Thread::Get();
  if (!t.ok()) return t.status();
  return (*t)->Snippets(texts, fts5_query);
}

void UnmarkSnippet(SearchHit* hit) {
  std::string text;
  text.reserve(hit->snippet.size());
  hit->matches.clear();
  size_t start = std::string::npos;
  for (char c : hit->snippet) {
    if (c == kMatchStart) {
      start = text.size();
    } else if (c == kMatchEnd) {
      if (start != std::string::npos && text.size() > start) {
        hit->matches.push_back({.offset = start, .length = text.size() - start});
      }
      start = std::string::npos;
    } else {
      text.push_back(c);
    }
  }
  hit->snippet = std::move(text);
}

}  // namespace sessionstore::search
