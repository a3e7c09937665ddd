// PgCursor: the Cursor of the PostgreSQL store. It reads the entries that
// the session held when it was opened (up to its last seq then), a page of
// kPage rows at a time, each page on a connection leased for that query
// only, so memory does not grow with the session and no connection is held
// between pages. A session compacted or rewritten while a cursor reads it
// stops the cursor with FailedPrecondition (its seqs changed meaning); one
// deleted meanwhile stops it with NotFound. Used by one thread at a time.

#ifndef SESSIONSTORE_POSTGRES_PG_CURSOR_H_
#define SESSIONSTORE_POSTGRES_PG_CURSOR_H_

#include <memory>
#include <optional>
#include <string>

#include "format/line_decoder.h"
#include "postgres/pg_pool.h"
#include "sessionstore/cursor.h"
#include "sessionstore/options.h"

namespace sessionstore::postgres {

class PgCursor final : public Cursor {
 public:
  // The cursor shares `pool`: it stays valid when the store is gone.
  static Result<std::unique_ptr<Cursor>> Open(std::shared_ptr<PgPool> pool, std::string_view id,
                                              const CursorOptions& options, const ReadOptions& read_options);

  bool Valid() const override { return valid_; }
  void Next() override;
  const Entry& entry() const override { return entry_; }
  const Status& status() const override { return status_; }
  std::string_view line() const override { return page_->Text(row_, 2); }
  const SessionHeader& header() const override { return header_; }
  std::string_view header_line() const override { return header_line_; }
  const LoadReport& report() const override { return report_; }

 private:
  static constexpr int kPage = 1000;

  PgCursor(std::shared_ptr<PgPool> pool, std::string id, const ReadOptions& read_options)
      : pool_(std::move(pool)), id_(std::move(id)), read_(read_options), decoder_(read_options) {}
  // The page after after_seq_; false with status_ set on error.
  bool Fetch();

  const std::shared_ptr<PgPool> pool_;
  const std::string id_;
  const ReadOptions read_;
  format::LineDecoder decoder_;
  SessionHeader header_;
  std::string header_line_;
  LoadReport report_;
  uint64_t after_seq_ = 0;        // the last seq read
  uint64_t end_seq_ = 0;          // the session's last seq when opened
  std::string rewrites_;          // the session's rewrite count when opened
  std::optional<PgResult> page_;  // rows: rewrites, seq, line
  int row_ = -1;
  Entry entry_;
  bool valid_ = false;
  Status status_;
};

}  // namespace sessionstore::postgres

#endif  // SESSIONSTORE_POSTGRES_PG_CURSOR_H_
