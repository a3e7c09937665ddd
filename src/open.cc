// Store::Open: the one place that knows every backend. A location is given
// to the first backend whose prefix it has; a directory is the default.

#include <array>

#include "file/file_backend.h"
#include "sessionstore/migrate.h"
#include "sessionstore/store.h"
#include "store/backend.h"
#if SESSIONSTORE_WITH_POSTGRES
#include "postgres/pg_backend.h"
#endif
#if SESSIONSTORE_WITH_MEMORY
#include "memory/memory_backend.h"
#endif

namespace sessionstore {

namespace {

using OpenBackend = Result<std::unique_ptr<store::Backend>> (*)(std::string_view location, const StoreOptions& options);

struct Scheme {
  std::string_view prefix;
  std::string_view name;
  OpenBackend open;  // null: not in this build
};

constexpr std::array kSchemes = {
#if SESSIONSTORE_WITH_POSTGRES
    Scheme{"postgresql://", "PostgreSQL", postgres::OpenBackend},
    Scheme{"postgres://", "PostgreSQL", postgres::OpenBackend},
#else
    Scheme{"postgresql://", "PostgreSQL", nullptr},
    Scheme{"postgres://", "PostgreSQL", nullptr},
#endif
#if SESSIONSTORE_WITH_MEMORY
    Scheme{"memory:", "in-memory", memory::OpenBackend},
#else
    Scheme{"memory:", "in-memory", nullptr},
#endif
};

Result<std::unique_ptr<store::Backend>> OpenLocation(std::string_view location, const StoreOptions& options) {
  for (const Scheme& scheme : kSchemes) {
    if (!location.starts_with(scheme.prefix)) continue;
    if (scheme.open == nullptr) {
      return Status::NotSupported("this sessionstore was built without the " + std::string(scheme.name) + " store",
                                  ErrorContext{.op = "open store", .path = std::string(location)});
    }
    return scheme.open(location, options);
  }
  return file::OpenBackend(location, options);
}

}  // namespace

Result<std::unique_ptr<Store>> Store::Open(std::string_view location, const StoreOptions& options) {
  Result<std::unique_ptr<store::Backend>> backend = OpenLocation(location, options);
  if (!backend.ok()) return backend.status();
  auto store = std::make_unique<Store>(std::move(*backend), options);
  if (!options.migrate_legacy_from.empty()) {
    Result<MigrationReport> migrated = MigrateLegacy(*store, options.migrate_legacy_from);
    if (!migrated.ok()) return migrated.status();
  }
  return store;
}

}  // namespace sessionstore
