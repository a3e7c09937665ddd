// What StoreOptions::redact_before_write does to the writes of a Store.

#ifndef SESSIONSTORE_STORE_REDACTING_WRITER_H_
#define SESSIONSTORE_STORE_REDACTING_WRITER_H_

#include <memory>
#include <string_view>

#include "sessionstore/options.h"
#include "sessionstore/redact.h"
#include "sessionstore/writer.h"

namespace sessionstore::store {

// Tells options.on_notice what a redaction replaced in session `id`, if
// anything (how many of which kind, never the secret).
void SayRedacted(const StoreOptions& options, std::string_view id, const RedactionCounts& counts);

// A writer that redacts each record with options.redact_before_write and
// then appends it through `inner`. Thread-safe as `inner` is; keeps a copy
// of the options' redactor and notice, so it may outlive the Store.
std::unique_ptr<Writer> RedactingWriter(std::unique_ptr<Writer> inner, const StoreOptions& options);

}  // namespace sessionstore::store

#endif  // SESSIONSTORE_STORE_REDACTING_WRITER_H_
