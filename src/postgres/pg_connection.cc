#include "postgres/pg_connection.h"

#include <unistd.h>

#include <charconv>
#include <cstring>
#include <vector>

namespace sessionstore::postgres {

namespace {

std::string Trimmed(const char* message) {
  std::string m = message != nullptr ? message : "";
  while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
  return m;
}

// A connection that failed: the server refused who we are (a wrong or
// missing password, a user it does not know), or could not be reached.
Status Unreachable(PGconn* conn) {
  const std::string message = "PostgreSQL: " + Trimmed(PQerrorMessage(conn));
  if (PQconnectionNeedsPassword(conn) || message.find("authentication failed") != std::string::npos ||
      message.find("no password supplied") != std::string::npos ||
      (message.find("role \"") != std::string::npos && message.find("does not exist") != std::string::npos)) {
    return Status::PermissionDenied(message);
  }
  return Status::Unavailable(message);
}

// The status of a failed statement, by SQLSTATE.
Status StatementError(PGconn* conn, const PGresult* res) {
  if (PQstatus(conn) != CONNECTION_OK) return Unreachable(conn);
  const char* state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
  const std::string sqlstate = state != nullptr ? state : "";
  const std::string message = "PostgreSQL: " + Trimmed(PQresultErrorMessage(res)) + " (SQLSTATE " + sqlstate + ")";
  // Class 08: connection exceptions; 57P: the server is shutting down or
  // restarting; 53: out of resources.
  if (sqlstate.starts_with("08") || sqlstate.starts_with("57P") || sqlstate.starts_with("53")) {
    return Status::Unavailable(message);
  }
  if (sqlstate == "23505") return Status::AlreadyExists(message);
  if (sqlstate == "40001" || sqlstate == "40P01" || sqlstate == "55P03") return Status::Busy(message);
  return Status::IOError(message);
}

}  // namespace

std::string RedactedUrl(std::string_view url) {
  char* error = nullptr;
  std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> options(
      PQconninfoParse(std::string(url).c_str(), &error), &PQconninfoFree);
  PQfreemem(error);
  if (options == nullptr) return "a PostgreSQL URL that cannot be read";
  std::string user, host, port, dbname;
  for (PQconninfoOption* o = options.get(); o->keyword != nullptr; ++o) {
    if (o->val == nullptr) continue;
    const std::string_view key = o->keyword;
    if (key == "user") user = o->val;
    if (key == "host") host = o->val;
    if (key == "port") port = o->val;
    if (key == "dbname") dbname = o->val;
  }
  return "postgresql://" + (user.empty() ? "" : user + "@") + host + (port.empty() ? "" : ":" + port) + "/" + dbname;
}

int64_t PgResult::Int(int row, int col) const {
  const std::string_view t = Text(row, col);
  int64_t v = 0;
  std::from_chars(t.data(), t.data() + t.size(), v);
  return v;
}

int64_t PgResult::affected() const {
  const char* n = PQcmdTuples(res_.get());
  int64_t v = 0;
  std::from_chars(n, n + std::strlen(n), v);
  return v;
}

Result<PgConnection> PgConnection::Connect(const std::string& url) {
  const std::string name = "sessionstore pid " + std::to_string(::getpid());
  const char* keys[] = {"dbname", "client_encoding", "application_name", nullptr};
  const char* values[] = {url.c_str(), "UTF8", name.c_str(), nullptr};
  PgConnection c(PQconnectdbParams(keys, values, /*expand_dbname=*/1));
  if (c.conn_ == nullptr) return Status::Unavailable("PostgreSQL: out of memory");
  if (PQstatus(c.conn_.get()) != CONNECTION_OK) return Unreachable(c.conn_.get());
  // The server's notices ("relation ... already exists, skipping") are not
  // the program's output: libpq would print them to stderr.
  PQsetNoticeProcessor(
      c.conn_.get(), [](void*, const char*) {}, nullptr);
  return c;
}

Status PgConnection::EnsureConnected() {
  if (PQstatus(conn_.get()) == CONNECTION_OK) return Status::OK();
  if (in_transaction_) {
    in_transaction_ = false;
    return Status::Unavailable("PostgreSQL: the connection was lost inside a transaction, which is gone");
  }
  if (!auto_reconnect_) return Status::Unavailable("PostgreSQL: the connection was lost");
  return Reconnect();
}

Status PgConnection::Reconnect() {
  if (PQstatus(conn_.get()) == CONNECTION_OK) return Status::OK();
  in_transaction_ = false;
  PQreset(conn_.get());
  if (PQstatus(conn_.get()) != CONNECTION_OK) return Unreachable(conn_.get());
  ++generation_;
  return Status::OK();
}

Result<PgResult> PgConnection::Exec(std::string_view sql, std::span<const Param> params) {
  const bool fresh_start = !in_transaction_;
  const auto text = [sql] { return std::string(sql); };
  Result<PgResult> r = ExecOnce(text, params, nullptr);
  // A connection that died while idle (a server restarted since the last
  // call) is found only by using it: connect again and send it once more.
  if (!r.ok() && fresh_start && auto_reconnect_ && !connected() && r.status().code() == StatusCode::kUnavailable) {
    r = ExecOnce(text, params, nullptr);
  }
  return r;
}

Result<PgResult> PgConnection::ExecPrepared(const std::string& name, const std::function<std::string()>& sql,
                                            std::span<const Param> params) {
  return ExecOnce(sql, params, &name);
}

Result<PgResult> PgConnection::ExecOnce(const std::function<std::string()>& sql, std::span<const Param> params,
                                        const std::string* name) {
  if (Status s = EnsureConnected(); !s.ok()) return s;
  if (prepared_generation_ != generation_) {
    prepared_.clear();
    prepared_generation_ = generation_;
  }
  // libpq takes text parameters NUL-terminated, binary ones with their
  // length.
  std::vector<std::string> texts;
  std::vector<const char*> pointers;
  std::vector<int> lengths, formats;
  texts.reserve(params.size());
  for (const Param& p : params) {
    const char* data = nullptr;
    if (p.value && p.binary) {
      data = p.value->data() != nullptr ? p.value->data() : "";  // a null pointer would be NULL
    } else if (p.value) {
      data = texts.emplace_back(*p.value).c_str();
    }
    pointers.push_back(data);
    lengths.push_back(p.value ? static_cast<int>(p.value->size()) : 0);
    formats.push_back(p.binary ? 1 : 0);
  }
  const int n = static_cast<int>(pointers.size());
  PGresult* res = nullptr;
  if (name != nullptr) {
    if (!prepared_.contains(*name)) {
      PgResult prepared(PQprepare(conn_.get(), name->c_str(), sql().c_str(), n, nullptr));
      if (PQresultStatus(prepared.res_.get()) != PGRES_COMMAND_OK) {
        return StatementError(conn_.get(), prepared.res_.get());
      }
      prepared_.insert(*name);
    }
    res = PQexecPrepared(conn_.get(), name->c_str(), n, pointers.data(), lengths.data(), formats.data(), 0);
  } else if (pointers.empty()) {
    res = PQexec(conn_.get(), sql().c_str());  // it also takes several statements at once
  } else {
    res = PQexecParams(conn_.get(), sql().c_str(), n, nullptr, pointers.data(), lengths.data(), formats.data(), 0);
  }
  PgResult result(res);
  const PGTransactionStatusType t = PQtransactionStatus(conn_.get());
  in_transaction_ = t == PQTRANS_INTRANS || t == PQTRANS_INERROR || (in_transaction_ && t == PQTRANS_UNKNOWN);
  const ExecStatusType status = PQresultStatus(result.res_.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) return StatementError(conn_.get(), result.res_.get());
  return result;
}

Status PgConnection::Run(std::string_view sql, std::initializer_list<Param> params) {
  Result<PgResult> r = Exec(sql, params);
  return r.ok() ? Status::OK() : r.status();
}

}  // namespace sessionstore::postgres
