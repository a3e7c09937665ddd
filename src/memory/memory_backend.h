// The memory backend: sessions in this process's memory
// (Store::Open("memory:") or "memory:NAME"), for the tests of programs
// that use sessionstore, and as the smallest complete backend: it shows
// what a backend must do (store/backend.h) and runs the same contract tests
// as the file and PostgreSQL stores.
//
// Sessions are kept as their lines, exactly as a session file holds them.
// "Durable" means: in memory until the process ends; nothing survives it.
// Every durability mode writes at once: an append is visible to readers
// when it returns, and Flush and Sync have nothing to do. The writer lock
// is a flag of the session, held within the process.
//
// "memory:" is a new empty store at each Open; "memory:NAME" is the same
// store for every Open of that name until the process ends.
//
// Thread-safe: one mutex guards a store's sessions; writers and cursors
// share the store's state and stay valid after the backend is gone.

#ifndef SESSIONSTORE_MEMORY_MEMORY_BACKEND_H_
#define SESSIONSTORE_MEMORY_MEMORY_BACKEND_H_

#include <memory>
#include <string_view>

#include "sessionstore/options.h"
#include "store/backend.h"

namespace sessionstore::memory {

Result<std::unique_ptr<store::Backend>> OpenBackend(std::string_view location, const StoreOptions& options);

}  // namespace sessionstore::memory

#endif  // SESSIONSTORE_MEMORY_MEMORY_BACKEND_H_
