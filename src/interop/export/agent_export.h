// Sessions written back in the agents' own formats, so that a session can
// be resumed there (doc/interop.md, "Export to the agents' formats"). Each
// is the inverse of that format's importer (src/interop/import/): what an
// import kept raw is written back where it came from, so that importing the
// export gives the session again.

#ifndef SESSIONSTORE_INTEROP_EXPORT_AGENT_EXPORT_H_
#define SESSIONSTORE_INTEROP_EXPORT_AGENT_EXPORT_H_

#include <string>

#include "sessionstore/export.h"
#include "sessionstore/session.h"

namespace sessionstore::interop {

// pi's session file: the header, then every entry of the tree with its id
// and parent (the leaf pi resumes at is the last line, as here).
Result<Exported> ExportPi(const Session& s);

// The linear formats write the branch that ends at `leaf` (default: the
// latest entry), and list the other branches' entries as left out.
// zot: a meta line, messages, usage lines (cumulative), renames.
Result<Exported> ExportZot(const Session& s, const std::string& leaf);
// eino's chat example: a header, then one schema.Message a line.
Result<Exported> ExportEino(const Session& s, const std::string& leaf);
// picoclaw's JSONL backend: one message a line, and in
// Exported::companion the <key>.meta.json with the latest compaction's
// summary and the number of lines it stands for.
Result<Exported> ExportPicoclaw(const Session& s, const std::string& leaf);

}  // namespace sessionstore::interop

#endif  // SESSIONSTORE_INTEROP_EXPORT_AGENT_EXPORT_H_
