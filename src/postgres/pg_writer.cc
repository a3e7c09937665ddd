#include "postgres/pg_writer.h"

#include <algorithm>

#include "format/entry_chain.h"
#include "format/time_format.h"
#include "history/usage_buckets.h"
#include "postgres/pg_session_lock.h"
#include "store/errors.h"

namespace sessionstore::postgres {

namespace {

// The writer's commit: the session's summary, guarded by the last seq the
// writer knows ($13); with `labels`, also the labels its entries set ($14,
// $15). The entries go in only if the guard matched (EntryRows::Insert).
// Most commits set no label and leave that part out.
std::string CommitGuard(bool labels) {
  std::string sql =
      std::string("s AS (UPDATE sessions SET ") + kSummarySet + " WHERE id = $1 AND last_seq = $13 RETURNING id)";
  if (labels) {
    sql +=
        ", l AS (INSERT INTO labels SELECT s.id, x.t, x.l FROM s, unnest($14::text[], $15::text[]) AS x(t, l)"
        " ON CONFLICT (session_id, target) DO UPDATE SET label = excluded.label)";
  }
  return sql;
}

std::string Entries(size_t n) { return n == 1 ? "1 entry" : std::to_string(n) + " entries"; }

// `s` saying that `n` buffered entries were not stored.
Status WithLost(const Status& s, size_t n) {
  const std::string what = s.message() + "; " + Entries(n) + " buffered " + (n == 1 ? "was" : "were") + " not stored";
  switch (s.code()) {
    case StatusCode::kUnavailable: return Status::Unavailable(what, s.context());
    case StatusCode::kBusy: return Status::Busy(what, s.context());
    default: return Status::IOError(what, s.context());
  }
}

}  // namespace

PgWriter::PgWriter(std::string id, PgConnection conn, const WriterOptions& options, const StoreOptions& store_options)
    : id_(std::move(id)),
      options_(options),
      conn_(std::make_unique<PgConnection>(std::move(conn))),
      pending_(store_options.search_thinking),
      encoder_(store_options.read) {}

PgWriter::~PgWriter() { (void)Close(); }

Result<std::unique_ptr<Writer>> PgWriter::Open(const std::string& url, std::string_view id,
                                               const WriterOptions& options, const StoreOptions& store_options) {
  Result<PgConnection> conn = PgConnection::Connect(url);
  if (!conn.ok()) return conn.status();
  // A new connection would not hold the lock: Attach makes one and locks.
  conn->set_auto_reconnect(false);
  std::unique_ptr<PgWriter> w(new PgWriter(std::string(id), std::move(*conn), options, store_options));
  {
    std::lock_guard<std::mutex> l(w->mu_);
    if (Status s = w->Attach(); !s.ok()) return s;
  }
  if (options.durability == Durability::kInterval) {
    w->interval_thread_ = std::thread([p = w.get()] { p->IntervalLoop(); });
  }
  return std::unique_ptr<Writer>(std::move(w));
}

Status PgWriter::CheckOpen() {
  if (conn_ == nullptr) {
    return Status::FailedPrecondition("the writer of session \"" + id_ + "\" is closed");
  }
  return Status::OK();
}

Status PgWriter::Attach() {
  if (attached_generation_ == conn_->generation() && conn_->connected() && !reload_) return Status::OK();
  if (Status s = conn_->Reconnect(); !s.ok()) return s;
  if (attached_generation_ != conn_->generation()) {
    attached_generation_ = 0;
    // The lost connection's server process may hold the lock yet.
    if (Status s = LockSession(*conn_, id_, LockScope::kSession, locked_by_); !s.ok()) return s;
    attached_generation_ = conn_->generation();
    locked_by_ = conn_->backend_pid();
    const bool sync = options_.durability == Durability::kSync;
    if (Status s = conn_->Run(sync ? "SET synchronous_commit = on" : "SET synchronous_commit = off"); !s.ok()) {
      return s;
    }
  }
  Result<PgResult> row = conn_->Exec(
      std::string("SELECT ") + kSummaryColumns + ", last_seq, last_id, usage_buckets FROM sessions WHERE id = $1",
      {id_});
  if (!row.ok()) return row.status();
  if (row->rows() == 0) {
    (void)UnlockSession(*conn_, id_);
    attached_generation_ = 0;
    return store::NoSuchSession(id_);
  }
  Result<std::map<std::string, std::string>> labels = ReadLabels(*conn_, id_);
  if (!labels.ok()) return labels.status();
  State s;
  bool archived = false;
  s.summary = SummaryFromRow(*row, 0, 0, &s.bytes, &archived);
  s.summary.labels = std::move(*labels);
  s.last_seq = static_cast<uint64_t>(row->Int(0, kSummaryColumnCount));
  s.last_id = row->Text(0, kSummaryColumnCount + 1);
  s.usage_known = !row->IsNull(0, kSummaryColumnCount + 2);
  if (s.usage_known) {
    Result<history::UsageBuckets> usage = history::DecodeUsageBuckets(row->Text(0, kSummaryColumnCount + 2));
    if (!usage.ok()) return usage.status().WithContext({.op = "open writer", .path = SessionPlace(id_)});
    s.summary.usage = std::move(*usage);
  }
  s.leaf = s.last_id;
  reload_ = false;
  if (attached_once_ && s.last_seq == committed_.last_seq) {
    // Nothing was written while the connection was away: the leaf and what
    // is pending still follow the session's last entry.
    s.leaf = std::move(committed_.leaf);
    committed_ = std::move(s);
    return Status::OK();
  }
  if (pending_.size() > 0 && s.last_seq == next_.last_seq && s.last_id == next_.last_id) {
    // The commit that the lost connection cut off had landed.
    ClearPending();
    committed_ = next_;
    return Status::OK();
  }
  attached_once_ = true;
  const size_t dropped = pending_.size();
  ClearPending();
  committed_ = s;
  next_ = std::move(s);
  if (dropped == 0) return Status::OK();
  return Status::FailedPrecondition("session \"" + id_ + "\" changed while its writer was disconnected; " +
                                    Entries(dropped) + " buffered " + (dropped == 1 ? "was" : "were") + " not stored");
}

void PgWriter::ClearPending() {
  pending_.Clear();
  pending_ids_.clear();
  pending_labels_.clear();
}

Result<std::vector<std::string>> PgWriter::AppendBatch(std::span<const Record> records) {
  std::lock_guard<std::mutex> l(mu_);
  if (Status s = CheckOpen(); !s.ok()) return s;
  if (Status s = Attach(); !s.ok()) return s;
  // Stamp and encode them all before anything changes: an invalid record
  // fails alone and leaves nothing behind.
  batch_.Clear();
  format::EncodedChain chain;
  if (Status s =
          format::EncodeChain(&encoder_, &ids_, records, next_.last_seq, next_.leaf, format::NowMs(), &batch_, &chain);
      !s.ok()) {
    return s.WithContext({.op = "append", .path = SessionPlace(id_)});
  }
  // kBuffered keeps less than buffer_bytes, as the file writer does: what is
  // pending goes first when this batch would pass it, and a batch as big
  // goes at once (below).
  if (options_.durability == Durability::kBuffered && pending_.size() > 0 &&
      pending_.line_bytes() + batch_.size() > options_.buffer_bytes) {
    if (Status s = CommitPending(); !s.ok()) return s;
  }
  // The rows first (splitting words may fail), then the rest, which cannot.
  const size_t pending_before = pending_.size();
  for (size_t i = 0; i < records.size(); ++i) {
    if (Status s = pending_.Add(records[i], chain.stamps[i], chain.Line(batch_, i)); !s.ok()) {
      pending_.Truncate(pending_before);
      return s.WithContext({.op = "append", .path = SessionPlace(id_)});
    }
  }
  for (size_t i = 0; i < records.size(); ++i) {
    const Record& r = records[i];
    history::AddToSummary(r, chain.stamps[i].timestamp_ms, chain.stamps[i].id, &next_.summary);
    if (r.type == RecordType::kLabel) pending_labels_[r.target] = r.label;
    pending_ids_.push_back(chain.ids[i]);
  }
  if (!records.empty()) {
    next_.bytes += batch_.size();
    next_.last_seq += records.size();
    next_.last_id = chain.ids.back();
    next_.leaf = chain.ids.back();
  }
  if (options_.durability != Durability::kBuffered || pending_.line_bytes() >= options_.buffer_bytes) {
    if (Status s = CommitPending(); !s.ok()) return s;
  }
  return std::move(chain.ids);
}

Status PgWriter::CommitPending() {
  for (int attempt = 0; pending_.size() > 0; ++attempt) {
    // After a lost connection: the lock again, and the session as it
    // stands, which tells whether a commit the loss cut off had landed.
    Status s = Attach();
    if (s.ok() && pending_.size() > 0) s = InsertPending();
    if (s.ok()) return s;
    // The connection went while committing: once more, and Attach decides.
    if (attempt == 0 && s.code() == StatusCode::kUnavailable && !conn_->connected()) continue;
    if (options_.durability == Durability::kBuffered && pending_.size() > 0 &&
        s.code() != StatusCode::kFailedPrecondition) {  // those say it themselves
      // The caller was told these entries were appended: say how many are not.
      s = WithLost(s, pending_.size());
    }
    ClearPending();
    next_ = committed_;
    reload_ = true;
    return s.WithContext({.op = "append", .path = SessionPlace(id_)});
  }
  return Status::OK();
}

Status PgWriter::InsertPending() {
  const size_t count = pending_.size();
  const bool with_labels = !pending_labels_.empty();
  const auto [targets, labels] = with_labels ? LabelArrays(pending_labels_) : std::pair<std::string, std::string>();
  const std::vector<std::string> v =
      SummaryValues(next_.summary, next_.bytes, next_.last_seq, next_.last_id, next_.usage_known);
  const std::string known_seq = std::to_string(committed_.last_seq);
  const PgConnection::Param guard_params[] = {v[0],
                                              v[1],
                                              v[2],
                                              v[3],
                                              v[4],
                                              v[5],
                                              v[6],
                                              v[7],
                                              v[8],
                                              v[9],
                                              v[10],
                                              known_seq,
                                              PgConnection::Param::Binary(targets),
                                              PgConnection::Param::Binary(labels)};
  static const std::string kCommit = "sessionstore_commit", kCommitLabels = "sessionstore_commit_labels";
  static const std::string guard = CommitGuard(false), guard_labels = CommitGuard(true);
  Result<int64_t> inserted = pending_.Insert(*conn_, id_, with_labels ? guard_labels : guard,
                                             std::span<const PgConnection::Param>(guard_params, with_labels ? 14 : 12),
                                             with_labels ? &kCommitLabels : &kCommit);
  if (!inserted.ok()) return inserted.status();
  if (static_cast<size_t>(*inserted) != count) {
    return Status::FailedPrecondition("session \"" + id_ + "\" changed under its writer (deleted, or its lock was " +
                                      "lost); " + Entries(count) + " not stored");
  }
  ClearPending();
  committed_ = next_;
  unflushed_ = options_.durability != Durability::kSync;
  return Status::OK();
}

Status PgWriter::SyncCommitted() {
  if (options_.durability == Durability::kSync) return Status::OK();
  if (Status s = Attach(); !s.ok()) return s;
  // A transaction that writes WAL, committed with synchronous_commit on,
  // flushes the WAL up to its commit: every earlier commit with it. (One
  // that only takes a transaction id writes no WAL before its commit record
  // and commits asynchronously.) The write is a no-op update of the
  // session's row, which this writer's lock covers.
  Status s = conn_->InTransaction([&] {
    if (Status set = conn_->Run("SET LOCAL synchronous_commit = on"); !set.ok()) return set;
    return conn_->Run("UPDATE sessions SET bytes = bytes WHERE id = $1", {id_});
  });
  if (s.ok()) unflushed_ = false;
  return s;
}

void PgWriter::IntervalLoop() {
  const auto interval = std::chrono::milliseconds(options_.interval_ms > 0 ? options_.interval_ms : 1);
  std::unique_lock<std::mutex> l(mu_);
  while (!closing_cv_.wait_for(l, interval, [this] { return closing_; })) {
    // On a live connection only: a lost one is the next call's to mend, and
    // meanwhile the server's WAL writer flushes what was committed.
    if (unflushed_ && conn_->connected() && attached_generation_ == conn_->generation()) (void)SyncCommitted();
  }
}

Status PgWriter::SetLeaf(std::string_view entry) {
  std::lock_guard<std::mutex> l(mu_);
  if (Status s = CheckOpen(); !s.ok()) return s;
  if (!entry.empty() && std::find(pending_ids_.begin(), pending_ids_.end(), entry) == pending_ids_.end()) {
    if (Status s = Attach(); !s.ok()) return s;
    Result<PgResult> r = conn_->Exec("SELECT 1 FROM entries WHERE session_id = $1 AND id = $2 LIMIT 1", {id_, entry});
    if (!r.ok()) return r.status();
    if (r->rows() == 0) return store::NoSuchEntry(id_, entry);
  }
  next_.leaf = entry;
  if (pending_.size() == 0) committed_.leaf = entry;
  return Status::OK();
}

Status PgWriter::Flush() {
  std::lock_guard<std::mutex> l(mu_);
  if (Status s = CheckOpen(); !s.ok()) return s;
  return CommitPending();
}

Status PgWriter::Sync() {
  std::lock_guard<std::mutex> l(mu_);
  if (Status s = CheckOpen(); !s.ok()) return s;
  if (Status s = CommitPending(); !s.ok()) return s;
  return SyncCommitted();
}

Status PgWriter::Close() {
  std::thread interval;  // joined by one Close only
  {
    std::lock_guard<std::mutex> l(mu_);
    closing_ = true;
    interval = std::move(interval_thread_);
  }
  closing_cv_.notify_all();
  if (interval.joinable()) interval.join();
  std::lock_guard<std::mutex> l(mu_);
  if (conn_ == nullptr) return Status::OK();
  Status s = CommitPending();
  if (s.ok() && options_.durability == Durability::kInterval) s = SyncCommitted();
  if (attached_generation_ == conn_->generation() && conn_->connected()) (void)UnlockSession(*conn_, id_);
  conn_.reset();  // the lock goes with the connection in any case
  return s;
}

std::string PgWriter::leaf() const {
  std::lock_guard<std::mutex> l(mu_);
  return next_.leaf;
}

uint64_t PgWriter::last_seq() const {
  std::lock_guard<std::mutex> l(mu_);
  return next_.last_seq;
}

}  // namespace sessionstore::postgres
