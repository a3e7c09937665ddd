// PgBackend: sessions in PostgreSQL (Store::Open("postgresql://...")), for
// agents on several machines sharing their sessions.
//
// Schema (pg_schema.cc): a row per session with its header line and its
// listing's summary, a row per entry with its exact JSON line, and labels.
// What each call does:
//   - Every call that changes a session runs in one transaction that first
//     takes the session's lock: a transaction-scoped advisory lock keyed by
//     the session id, which a writer holds at session level for its life
//     (pg_writer.h). Busy while another holds it, as on files.
//   - Durable when it returns means committed with synchronous_commit on.
//   - Readers read one snapshot (REPEATABLE READ) and never lock.
//   - Search is PostgreSQL's full text search over a GIN index of the
//     words FTS5 finds, as on files (pg_text_search.h; no language's
//     stemming), kept in the transaction of each append; snippets are cut
//     by FTS5 from the hits' lines. There is no catalog to catch up and
//     Reindex is never needed, except to apply StoreOptions::search_thinking
//     to older text, or FTS5's folding to the words of a database made at
//     schema 1.
//
// Thread-safe: calls lease connections from a pool, which cursors share:
// they stay valid after the backend is gone. Writers hold connections of
// their own.

#ifndef SESSIONSTORE_POSTGRES_PG_BACKEND_H_
#define SESSIONSTORE_POSTGRES_PG_BACKEND_H_

#include <functional>
#include <memory>
#include <string>

#include "postgres/pg_pool.h"
#include "store/backend.h"

namespace sessionstore::postgres {

// Connects to `url` and brings the database's schema up to date.
Result<std::unique_ptr<store::Backend>> OpenBackend(std::string_view url, const StoreOptions& options);

class PgBackend final : public store::Backend {
 public:
  // OpenBackend.
  static Result<std::unique_ptr<store::Backend>> Open(std::string_view url, const StoreOptions& options);

  Status Create(const SessionHeader& header, std::string_view content, size_t header_bytes, bool archived) override;
  Result<SessionHeader> Header(std::string_view id) override;
  Result<bool> Exists(std::string_view id) override;
  Result<Session> Load(std::string_view id) override;
  Result<std::unique_ptr<Cursor>> Read(std::string_view id, const CursorOptions& options) override;
  Status WalkBackward(std::string_view id, const std::function<bool(Entry&)>& visit, LoadReport* report) override;
  Status Rewrite(std::string_view id, const store::Rewriter& rewrite) override;
  store::RepairPlaces RepairPlacesOf(std::string_view id) override;
  // From the rows' usage buckets (schema 5); sessions stored before are
  // replayed.
  Result<std::vector<store::SessionUsage>> UsageOfSessions(const std::string& workspace,
                                                           bool include_archived) override;
  Result<SessionPage> ListPage(const store::ListQuery& query) override;  // pg_backend_list.cc
  Result<std::vector<SearchHit>> Search(const std::vector<search::SearchTerm>& terms,
                                        const SearchOptions& options) override;  // pg_backend_list.cc
  Status Reindex() override;
  Result<std::unique_ptr<store::Backend>> OpenTrash(bool create) override;
  Result<std::string> Place(std::string_view id) override;
  Result<uint64_t> IndexBytes() override;
  Result<std::string> WriterHolder(std::string_view id) override;
  Result<std::unique_ptr<Writer>> OpenWriter(std::string_view id, const WriterOptions& options) override;
  Status Delete(std::string_view id) override;
  Status SetArchived(std::string_view id, bool archived) override;

 private:
  PgBackend(std::string url, const StoreOptions& options)
      : options_(options), pool_(std::make_shared<PgPool>(std::move(url))) {}

  // Runs `body` in one transaction that first takes session `id`'s lock
  // (Busy while a writer or another change holds it).
  Status ChangeSession(std::string_view id, const std::function<Status(PgConnection&)>& body);
  // Runs one statement on a leased connection.
  Result<PgResult> Query(std::string_view sql, std::initializer_list<PgConnection::Param> params = {});

  const StoreOptions options_;
  const std::shared_ptr<PgPool> pool_;
};

}  // namespace sessionstore::postgres

#endif  // SESSIONSTORE_POSTGRES_PG_BACKEND_H_
