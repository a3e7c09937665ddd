// The text search finds in an entry, for the search indexes of both stores.

#ifndef SESSIONSTORE_SEARCH_SEARCHABLE_TEXT_H_
#define SESSIONSTORE_SEARCH_SEARCHABLE_TEXT_H_

#include <string>

#include "sessionstore/record.h"

namespace sessionstore::search {

// Text blocks, tool-call names and arguments, tool results, and with
// `thinking` the reasoning, one part per line, with the snippets' match
// marks (kMatchStart, kMatchEnd) turned to spaces. Empty for entries without
// any (and for every record that is not a message).
std::string SearchableText(const Record& record, bool thinking);

}  // namespace sessionstore::search

#endif  // SESSIONSTORE_SEARCH_SEARCHABLE_TEXT_H_
