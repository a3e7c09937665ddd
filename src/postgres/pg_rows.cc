#include "postgres/pg_rows.h"

#include <charconv>
#include <cstdlib>

#include "history/usage_buckets.h"
#include "postgres/pg_binary.h"
#include "postgres/pg_text_search.h"
#include "search/searchable_text.h"

namespace sessionstore::postgres {

std::string SessionPlace(std::string_view id) { return "postgresql:" + std::string(id); }

Status DecodeStoredHeader(format::LineDecoder& decoder, std::string_view line, std::string_view id,
                          SessionHeader* out) {
  Status s = decoder.DecodeHeader(line, false, out);
  return s.ok() ? s : s.WithContext({.op = "read", .path = SessionPlace(id), .line = 1});
}

Result<int64_t> LineOfRow(PgConnection& db, std::string_view id, int64_t seq) {
  Result<PgResult> r =
      db.Exec("SELECT count(*) FROM entries WHERE session_id = $1 AND seq < $2", {id, std::to_string(seq)});
  if (!r.ok()) return r.status();
  return r->Int(0, 0) + 2;
}

Status EntryRows::Add(const Record& e, const format::EntryStamp& stamp, std::string_view line) {
  std::optional<std::string> search;
  if (const std::string text = search::SearchableText(e, search_thinking_); !text.empty()) {
    Result<std::string> words = TsVectorOf(text);
    if (!words.ok()) return words.status();
    if (!words->empty()) search = std::move(*words);
  }
  rows_.push_back(Row{.seq = static_cast<int64_t>(stamp.seq),
                      .ts = stamp.timestamp_ms,
                      .id = std::string(stamp.id),
                      .line = std::string(line),
                      .role = e.type == RecordType::kMessage ? e.message.role : std::string(),
                      .search = std::move(search)});
  line_bytes_ += line.size() + 1;
  return Status::OK();
}

void EntryRows::Truncate(size_t n) {
  while (rows_.size() > n) {
    line_bytes_ -= rows_.back().line.size() + 1;
    rows_.pop_back();
  }
}

void EntryRows::Clear() { Truncate(0); }

Result<int64_t> EntryRows::Insert(PgConnection& db, std::string_view id, std::string_view guard_sql,
                                  std::span<const PgConnection::Param> guard_params,
                                  const std::string* prepared_as) const {
  if (rows_.empty() && guard_sql.empty()) return 0;
  const bool one = rows_.size() == 1;
  const int base = 2 + static_cast<int>(guard_params.size());
  constexpr int kColumns = 6;
  auto sql = [&] {
    constexpr const char* kTypes[kColumns] = {"bigint", "text", "text", "text", "bigint", "tsvector"};
    std::string text;
    if (!guard_sql.empty()) text = "WITH " + std::string(guard_sql) + " ";
    text +=
        "INSERT INTO entries(session_id, seq, id, line, role, ts_ms, search) SELECT $1, e.seq, e.id, e.line, "
        "e.role, e.ts_ms, e.search FROM ";
    if (!guard_sql.empty()) text += "s, ";
    text += one ? "(VALUES (" : "unnest(";
    for (int i = 0; i < kColumns; ++i) {
      text += (i > 0 ? ", $" : "$") + std::to_string(base + i) + "::" + kTypes[i] + (one ? "" : "[]");
    }
    return text + (one ? ")) AS e(seq, id, line, role, ts_ms, search)" : ") AS e(seq, id, line, role, ts_ms, search)");
  };

  std::vector<PgConnection::Param> params;
  params.reserve(base + kColumns);
  params.push_back(id);
  params.insert(params.end(), guard_params.begin(), guard_params.end());
  // The entries' columns in binary form: one row's values, or arrays of
  // every row's.
  auto add = [&params](std::string_view value) { params.push_back(PgConnection::Param::Binary(value)); };
  std::string seq, ts, columns[kColumns];
  if (one) {
    const Row& r = rows_.front();
    seq = binary::Int8(r.seq);
    ts = binary::Int8(r.ts);
    add(seq);
    add(r.id);
    add(r.line);
    add(r.role);
    add(ts);
    if (r.search) {
      add(*r.search);
    } else {
      params.push_back(PgConnection::Param());  // NULL: no words
    }
  } else {
    using binary::ArrayBuilder;
    ArrayBuilder arrays[kColumns] = {ArrayBuilder(binary::kInt8), ArrayBuilder(binary::kText),
                                     ArrayBuilder(binary::kText), ArrayBuilder(binary::kText),
                                     ArrayBuilder(binary::kInt8), ArrayBuilder(binary::kTsVector)};
    for (const Row& r : rows_) {
      arrays[0].Add(binary::Int8(r.seq));
      arrays[1].Add(r.id);
      arrays[2].Add(r.line);
      arrays[3].Add(r.role);
      arrays[4].Add(binary::Int8(r.ts));
      if (r.search) {
        arrays[5].Add(*r.search);
      } else {
        arrays[5].AddNull();
      }
    }
    for (int i = 0; i < kColumns; ++i) {
      columns[i] = arrays[i].Finish();
      add(columns[i]);
    }
  }
  Result<PgResult> r = prepared_as == nullptr ? db.Exec(sql(), params)
                                              : db.ExecPrepared(*prepared_as + (one ? "_one" : "_many"), sql, params);
  if (!r.ok()) return r.status();
  return r->affected();
}

history::SummaryState SummaryFromRow(const PgResult& r, int row, int c, uint64_t* bytes, bool* archived) {
  history::SummaryState s;
  s.info.id = r.Text(row, c);
  *archived = r.Text(row, c + 1) == "t";
  s.info.workspace = r.Text(row, c + 2);
  s.explicit_title = r.Text(row, c + 3);
  s.first_user_title = r.Text(row, c + 4);
  s.info.created_ms = r.Int(row, c + 5);
  s.info.updated_ms = r.Int(row, c + 6);
  s.info.message_count = r.Int(row, c + 7);
  s.info.model = r.Text(row, c + 8);
  s.info.provider = r.Text(row, c + 9);
  s.info.cost_usd = std::strtod(std::string(r.Text(row, c + 10)).c_str(), nullptr);
  *bytes = static_cast<uint64_t>(r.Int(row, c + 11));
  if (!r.IsNull(row, c + 12)) {
    s.info.parent = ParentRef{.session = std::string(r.Text(row, c + 12)), .entry = std::string(r.Text(row, c + 13))};
  }
  s.info.stored_ms = r.Int(row, c + 14);
  return s;
}

std::vector<std::string> SummaryValues(const history::SummaryState& s, uint64_t bytes, uint64_t last_seq,
                                       std::string_view last_id, bool usage_known) {
  char cost[32];
  const auto end = std::to_chars(cost, cost + sizeof cost, s.info.cost_usd).ptr;  // shortest exact form
  return {s.explicit_title,
          s.first_user_title,
          std::to_string(s.info.updated_ms),
          std::to_string(s.info.message_count),
          s.info.model,
          s.info.provider,
          std::string(cost, end),
          std::to_string(bytes),
          std::to_string(last_seq),
          std::string(last_id),
          usage_known ? history::EncodeUsageBuckets(s.usage) : std::string("-")};
}

std::pair<std::string, std::string> LabelArrays(const std::map<std::string, std::string>& labels) {
  binary::ArrayBuilder targets(binary::kText), texts(binary::kText);
  for (const auto& [target, label] : labels) {
    targets.Add(target);
    texts.Add(label);
  }
  return {targets.Finish(), texts.Finish()};
}

Result<std::map<std::string, std::string>> ReadLabels(PgConnection& db, std::string_view id) {
  Result<PgResult> r = db.Exec("SELECT target, label FROM labels WHERE session_id = $1", {id});
  if (!r.ok()) return r.status();
  std::map<std::string, std::string> labels;
  for (int i = 0; i < r->rows(); ++i) labels.emplace(r->Text(i, 0), r->Text(i, 1));
  return labels;
}

}  // namespace sessionstore::postgres
