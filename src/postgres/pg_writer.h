// PgWriter: the Writer of the PostgreSQL store. See sessionstore/writer.h
// for the contract; this file adds how it is kept.
//
// Each writer has its own connection, on which it holds the session's lock
// (pg_session_lock.h) at session level: a second writer, anywhere, gets
// Busy, and a crashed writer's lock goes with its connection. Each append
// (or batch, or the buffer of kBuffered) is one transaction: the entries'
// rows, the session's summary and its labels, guarded by the last seq the
// writer knows, so nothing is written over a session that changed under it.
//
// Durability, when an append returns OK:
//   kSync: committed with synchronous_commit on: on the server's disk.
//   kProcess: committed with synchronous_commit off: it survives the crash
//     of this process (the server has it), not a crash of the server: its
//     processes or its machine dying loses the commits its WAL writer had
//     not yet flushed (at most about 3 × wal_writer_delay, 600 ms by
//     default; PostgreSQL's "asynchronous commit"). Sync() flushes them.
//   kInterval: as kProcess, and a thread of the writer flushes the WAL
//     every WriterOptions::interval_ms after commits: a crash of the
//     server loses at most the last interval. Close() flushes.
//   kBuffered: in this writer's memory until Flush(), Sync(), Close() or
//     WriterOptions::buffer_bytes, then as kProcess.
// A commit cut off by a lost connection is resolved, not guessed: the writer
// connects again, takes its lock again (ending its lost connection's server
// process, which holds the lock while the server has not noticed the loss,
// pg_session_lock.h) and reads the session's last seq and id, which say
// whether the commit landed (then the append succeeded) or not (then it is
// sent once more). If the server is still away the append
// fails with Unavailable and nothing of it is stored; if another writer
// took the session meanwhile, Busy (and what was buffered is refused with
// FailedPrecondition, never merged into what the other wrote).
//
// Thread-safe: calls are serialized under one mutex (no group commit within
// one writer; the server's WAL flushes group the commits of many writers).

#ifndef SESSIONSTORE_POSTGRES_PG_WRITER_H_
#define SESSIONSTORE_POSTGRES_PG_WRITER_H_

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "format/ids.h"
#include "format/line_encoder.h"
#include "history/session_summary.h"
#include "postgres/pg_connection.h"
#include "postgres/pg_rows.h"
#include "sessionstore/writer.h"

namespace sessionstore::postgres {

class PgWriter final : public Writer {
 public:
  static Result<std::unique_ptr<Writer>> Open(const std::string& url, std::string_view id, const WriterOptions& options,
                                              const StoreOptions& store_options);
  ~PgWriter() override;

  Result<std::vector<std::string>> AppendBatch(std::span<const Record> records) override;
  Status SetLeaf(std::string_view entry) override;
  Status Flush() override;
  Status Sync() override;
  Status Close() override;

  const std::string& session_id() const override { return id_; }
  std::string leaf() const override;
  uint64_t last_seq() const override;
  uint64_t dropped_tail_bytes() const override { return 0; }

 private:
  // Where the session stands: committed, or with the pending rows too.
  struct State {
    history::SummaryState summary;
    uint64_t bytes = 0;
    uint64_t last_seq = 0;
    std::string last_id;
    std::string leaf;
    // The row holds the session's usage buckets (summary.usage); false for
    // a session stored before schema 5, whose buckets stay unknown (NULL).
    bool usage_known = true;
  };

  PgWriter(std::string id, PgConnection conn, const WriterOptions& options, const StoreOptions& store_options);

  // Takes the lock on the connection, (again) after it was lost, and reads
  // where the session stands. All below: under mu_.
  Status Attach();
  Status CheckOpen();
  void ClearPending();
  // Commits the pending rows in one transaction; a commit cut off by a lost
  // connection is resolved by the session's last seq after reconnecting,
  // and sent once more if it had not landed. On failure nothing pending
  // stays.
  Status CommitPending();
  // One attempt; what is pending stays on failure.
  Status InsertPending();
  // Makes everything committed so far durable (see above).
  Status SyncCommitted();
  // kInterval: SyncCommitted every interval after commits, until closed.
  void IntervalLoop();

  const std::string id_;
  const WriterOptions options_;

  mutable std::mutex mu_;
  std::unique_ptr<PgConnection> conn_;  // null once closed
  uint64_t attached_generation_ = 0;    // conn_->generation() when the lock was taken; 0: not held
  int locked_by_ = 0;                   // the server process that took the lock last
  bool reload_ = false;                 // a commit failed: read the session's state again
  bool attached_once_ = false;
  State committed_, next_;
  EntryRows pending_;
  std::vector<std::string> pending_ids_;
  std::map<std::string, std::string> pending_labels_;  // target -> label, set by the pending rows
  format::LineEncoder encoder_;
  format::EntryIdGenerator ids_;
  format::ByteBuffer batch_;  // the lines of the batch being appended
  bool unflushed_ = false;    // commits since the last SyncCommitted (kInterval)
  bool closing_ = false;      // tells IntervalLoop to end
  std::condition_variable closing_cv_;
  std::thread interval_thread_;  // kInterval
};

}  // namespace sessionstore::postgres

#endif  // SESSIONSTORE_POSTGRES_PG_WRITER_H_
