// Record and Entry: one line of a session after its header.
//
// A Record is what a caller appends; the writer stamps it with seq, id, parent
// and (unless given) a timestamp, and it is then an Entry. Plain value types.

#ifndef SESSIONSTORE_RECORD_H_
#define SESSIONSTORE_RECORD_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "sessionstore/json_fields.h"
#include "sessionstore/message.h"

namespace sessionstore {

enum class RecordType {
  kMessage,        // message
  kModelChange,    // model, provider: the session switched model
  kTitle,          // title: the session's title from now on
  kUsage,          // usage: tokens and cost not attached to a message
  kCompaction,     // summary, first_kept, tokens_before: the context from
                   // here is the summary, then the entries from first_kept on
  kBranchSummary,  // summary, branch_leaf: a summary of the branch that ended
                   // at branch_leaf, where the agent came back from it
  kLabel,          // target, label: labels an entry; a later label on the
                   // same entry replaces it, an empty one clears it
  kUnknown,        // a type this version does not know, or an application's
                   // own (custom) record: type_name + extra
};

// The type of the record Store::PopMessage appends: {"type":"undo",
// "removed":"<entry id>"}. It holds nothing a context needs (its place in
// the tree does the work), so readers take it as any other custom record.
inline constexpr std::string_view kUndoRecord = "undo";

struct Record {
  RecordType type = RecordType::kMessage;
  std::string type_name;      // kUnknown: the "type" as stored
  int64_t timestamp_ms = 0;   // Unix ms; 0 on append means "now"
  Message message;            // kMessage
  std::string model;          // kModelChange
  std::string provider;       // kModelChange
  std::string title;          // kTitle
  Usage usage;                // kUsage
  std::string summary;        // kCompaction, kBranchSummary
  std::string first_kept;     // kCompaction: the first entry kept after it
  int64_t tokens_before = 0;  // kCompaction: context tokens it replaced
  std::string branch_leaf;    // kBranchSummary: the leaf of the branch left
  std::string target;         // kLabel: the labeled entry
  std::string label;          // kLabel: empty clears
  JsonFields extra;           // members this version does not know, in order

  static Record FromMessage(Message message);
  static Record ModelChange(std::string model, std::string provider);
  static Record Title(std::string title);
  static Record FromUsage(Usage usage);
  static Record Compaction(std::string summary, std::string first_kept, int64_t tokens_before = 0);
  static Record BranchSummary(std::string summary, std::string branch_leaf);
  static Record Label(std::string target, std::string label);
  // An application's own record: `type_name` must not be a known type, and
  // each field's json must be valid JSON.
  static Record Custom(std::string type_name, JsonFields fields);
};

struct Entry : Record {
  uint64_t seq = 0;    // 1, 2, ... in append order within the session
  std::string id;      // unique within the session
  std::string parent;  // the id of the entry it follows; empty for a root
};

}  // namespace sessionstore

#endif  // SESSIONSTORE_RECORD_H_
