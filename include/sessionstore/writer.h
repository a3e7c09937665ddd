// Writer: the one handle through which a session grows.
//
// A store hands out at most one writer per session at a time, across
// processes and within one: OpenWriter on a session that has a writer fails
// with Busy naming the holder's pid. The lock is held by the kernel and
// released when the writer is closed or its process dies.
//
// A writer is thread-safe: several threads may append through one writer at
// once. With Durability::kSync they share fdatasync calls (group commit).
//
// A writer owns what it uses: it may outlive the Store that opened it.
//
// After a failed fdatasync, or a failed write that could not be cut back, the
// writer refuses every further append with FailedPrecondition: what the disk
// holds is unknown, so it must be reopened (which re-reads the file) before
// more is written.

#ifndef SESSIONSTORE_WRITER_H_
#define SESSIONSTORE_WRITER_H_

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "sessionstore/options.h"
#include "sessionstore/record.h"
#include "sessionstore/result.h"

namespace sessionstore {

class Writer {
 public:
  Writer() = default;
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;
  // Closes the writer as Close() does, ignoring its status.
  virtual ~Writer() = default;

  // Appends `record` as the child of the current leaf and returns its new
  // entry id, which becomes the leaf.
  // When it returns OK:
  //   kBuffered: the entry is in this writer's memory. A process crash or a
  //     power loss loses it until Flush() / Sync() return.
  //   kProcess, kInterval: the entry is in the kernel (write(2) done): it
  //     survives a process crash; a power loss may lose it (kInterval: at
  //     most the last interval_ms).
  //   kSync: the entry is on disk (fdatasync done): it survives a process
  //     crash and a power loss.
  // On error nothing of the record is in the file: a failed or short write
  // is cut back to the size before the call.
  Result<std::string> Append(const Record& record) {
    Result<std::vector<std::string>> ids = AppendBatch(std::span<const Record>(&record, 1));
    if (!ids.ok()) return ids.status();
    return std::move(ids->front());
  }

  // Appends the records in order as a chain (each the child of the one
  // before) in one write(2), and returns their ids. Durability as Append, for
  // all of them at once. On error none of them is in the file.
  virtual Result<std::vector<std::string>> AppendBatch(std::span<const Record> records) = 0;

  // Makes `entry` the leaf: the next append becomes its child, starting a
  // branch if it already has one. An empty id makes the next append a new
  // root. NotFound if the session has no such entry. Writes nothing.
  virtual Status SetLeaf(std::string_view entry) = 0;

  // Writes what kBuffered holds to the kernel: it then survives a process
  // crash, not a power loss. A no-op in the other modes.
  virtual Status Flush() = 0;

  // Writes what is buffered and fdatasyncs: everything appended so far then
  // survives a power loss.
  virtual Status Sync() = 0;

  // Flushes (kBuffered), syncs (kInterval) and releases the session. Further
  // calls fail with FailedPrecondition. Idempotent.
  virtual Status Close() = 0;

  virtual const std::string& session_id() const = 0;
  // The id of the entry the next append follows; empty before the first.
  virtual std::string leaf() const = 0;
  // The seq of the last entry in the file; 0 if there is none.
  virtual uint64_t last_seq() const = 0;
  // Bytes of a torn last line that opening the writer cut off.
  virtual uint64_t dropped_tail_bytes() const = 0;
};

}  // namespace sessionstore

#endif  // SESSIONSTORE_WRITER_H_
