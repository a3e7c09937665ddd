#include "postgres/pg_cursor.h"

#include "postgres/pg_rows.h"
#include "store/bad_lines.h"
#include "store/errors.h"

namespace sessionstore::postgres {

Result<std::unique_ptr<Cursor>> PgCursor::Open(std::shared_ptr<PgPool> pool, std::string_view id,
                                               const CursorOptions& options, const ReadOptions& read_options) {
  std::unique_ptr<PgCursor> c(new PgCursor(pool, std::string(id), read_options));
  Status s = pool->InSnapshot([&](PgConnection& db) -> Status {
    Result<PgResult> h = db.Exec("SELECT header, last_seq, rewrites FROM sessions WHERE id = $1", {id});
    if (!h.ok()) return h.status();
    if (h->rows() == 0) return store::NoSuchSession(id);
    c->header_line_ = h->Text(0, 0);
    c->end_seq_ = static_cast<uint64_t>(h->Int(0, 1));
    c->rewrites_ = h->Text(0, 2);
    if (options.last_n == 0) return Status::OK();
    // The last N start after the seq of the (N+1)th from the end.
    Result<PgResult> start =
        db.Exec("SELECT seq FROM entries WHERE session_id = $1 ORDER BY seq DESC OFFSET $2 LIMIT 1",
                {id, std::to_string(options.last_n)});
    if (!start.ok()) return start.status();
    if (start->rows() > 0) c->after_seq_ = static_cast<uint64_t>(start->Int(0, 0));
    return Status::OK();
  });
  if (!s.ok()) return s;
  if (Status d = DecodeStoredHeader(c->decoder_, c->header_line_, id, &c->header_); !d.ok()) return d;
  c->valid_ = true;  // so that Next() may run
  c->Next();
  return std::unique_ptr<Cursor>(std::move(c));
}

bool PgCursor::Fetch() {
  Result<PgPool::Lease> db = pool_->Acquire();
  Result<PgResult> page = db.ok()
                              ? (*db)->Exec(
                                    "SELECT s.rewrites, e.seq, e.line FROM sessions s LEFT JOIN LATERAL"
                                    " (SELECT seq, line FROM entries WHERE session_id = s.id AND seq > $2"
                                    " AND seq <= $3 ORDER BY seq LIMIT $4) e ON true WHERE s.id = $1",
                                    {id_, std::to_string(after_seq_), std::to_string(end_seq_), std::to_string(kPage)})
                              : Result<PgResult>(db.status());
  if (!page.ok()) {
    status_ = page.status();
    return false;
  }
  if (page->rows() == 0) {
    status_ = Status::NotFound("session \"" + id_ + "\" was deleted while a cursor read it");
    return false;
  }
  if (page->Text(0, 0) != rewrites_) {
    status_ = Status::FailedPrecondition("session \"" + id_ +
                                         "\" was compacted or rewritten while a cursor read it: open a new one");
    return false;
  }
  if (page->IsNull(0, 1)) return false;  // no more entries
  page_ = std::move(*page);
  row_ = -1;
  return true;
}

void PgCursor::Next() {
  if (!valid_) return;
  while (true) {
    if (!page_ || row_ + 1 >= page_->rows()) {
      const bool full = page_ && page_->rows() == kPage;
      if ((page_ && !full) || after_seq_ >= end_seq_ || !Fetch()) {
        valid_ = false;
        return;
      }
    }
    ++row_;
    after_seq_ = static_cast<uint64_t>(page_->Int(row_, 1));
    Status bad = decoder_.DecodeEntry(page_->Text(row_, 2), false, &entry_);
    if (bad.ok()) return;
    Result<PgPool::Lease> db = pool_->Acquire();
    Result<int64_t> line = db.ok() ? LineOfRow(**db, id_, static_cast<int64_t>(after_seq_)) : db.status();
    status_ = line.ok() ? store::SkipOrFail(bad, {.path = SessionPlace(id_), .line = *line}, read_, &report_.skipped)
                        : line.status();
    if (!status_.ok()) {
      valid_ = false;
      return;
    }
  }
}

}  // namespace sessionstore::postgres
