// The lock of one session on PostgreSQL: an advisory lock keyed by a 64-bit
// hash (hashtextextended) of the store's schema and the session id, so that a writer, and every
// call that changes the session, exclude each other across machines. A
// writer holds it at session level on its own connection, so a crashed
// writer's lock goes with its connection; other calls hold it for their
// transaction. (Two ids whose hashes collide would exclude each other too:
// a Busy where none was due, at odds of 2^-64 per pair.)

#ifndef SESSIONSTORE_POSTGRES_PG_SESSION_LOCK_H_
#define SESSIONSTORE_POSTGRES_PG_SESSION_LOCK_H_

#include <string>
#include <string_view>

#include "postgres/pg_connection.h"

namespace sessionstore::postgres {

enum class LockScope { kTransaction, kSession };

// Takes the lock without waiting; Busy naming its holder (the client's
// application name and the server process) if another connection has it.
//
// `lost_holder`: the server process of a connection of this program that
// was lost (0: none). If that process still holds the lock, the server has
// not noticed the loss (after a network cut it may not for hours, until
// TCP keepalives tell it): it is ended, and the lock taken once it is gone
// (within 5 s, else Busy). Only a holder of this program's application
// name (PgConnection::Connect) is ended.
Status LockSession(PgConnection& db, std::string_view id, LockScope scope, int lost_holder = 0);
// Who holds the lock ("sessionstore (PostgreSQL backend 1234)"), empty if
// no connection does; takes nothing.
Result<std::string> SessionHolder(PgConnection& db, std::string_view id);
// Gives back a kSession lock.
Status UnlockSession(PgConnection& db, std::string_view id);

}  // namespace sessionstore::postgres

#endif  // SESSIONSTORE_POSTGRES_PG_SESSION_LOCK_H_
