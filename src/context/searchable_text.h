// The text search finds in an entry, for the search indexes of both stores.

#ifndef SESSIONSTORE_CONTEXT_SEARCHABLE_TEXT_H_
#define SESSIONSTORE_CONTEXT_SEARCHABLE_TEXT_H_

#include <string>

#include "sessionstore/record.h"

namespace sessionstore::context {

// Text blocks, tool-call names and arguments, tool results, and with
// `thinking` the reasoning, one part per line. Empty for entries without
// any (and for every record that is not a message).
std::string SearchableText(const Record& record, bool thinking);

}  // namespace sessionstore::context

#endif  // SESSIONSTORE_CONTEXT_SEARCHABLE_TEXT_H_
