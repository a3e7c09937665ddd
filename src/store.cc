#include "sessionstore/store.h"

#include "file/file_store.h"
#include "postgres/pg_store.h"

namespace sessionstore {

Result<std::unique_ptr<Store>> Store::Open(std::string_view location, const StoreOptions& options) {
  if (location.starts_with("postgresql://") || location.starts_with("postgres://")) {
    return postgres::PgStore::Open(location, options);
  }
  return file::FileStore::Open(location, options);
}

}  // namespace sessionstore
