// The PostgreSQL store's schema, made and upgraded by versioned migrations
// kept in the code. The database records the version it is at in
// sessionstore_schema; Migrate applies the migrations after it, each in the
// transaction that records it, under a transaction-scoped advisory lock so
// that stores opening at once migrate one at a time. A database of a newer
// version than this build knows is NotSupported.

#ifndef SESSIONSTORE_POSTGRES_PG_SCHEMA_H_
#define SESSIONSTORE_POSTGRES_PG_SCHEMA_H_

#include "postgres/pg_connection.h"
#include "sessionstore/status.h"

namespace sessionstore::postgres {

// The version this build's migrations lead to.
int LatestSchemaVersion();

// Brings the database to version `target` (LatestSchemaVersion() but in
// tests of upgrades); a no-op when it is there.
Status Migrate(PgConnection& db, int target = LatestSchemaVersion());

}  // namespace sessionstore::postgres

#endif  // SESSIONSTORE_POSTGRES_PG_SCHEMA_H_
