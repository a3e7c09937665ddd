// MemoryWriter: the Writer of the memory store (sessionstore/writer.h).
// Each append is stamped, encoded and added to the session under the
// store's mutex before it returns; every durability mode behaves as
// kProcess would, with nothing past the process.
//
// Thread-safe: calls are serialized under the writer's own mutex.

#ifndef SESSIONSTORE_MEMORY_MEMORY_WRITER_H_
#define SESSIONSTORE_MEMORY_MEMORY_WRITER_H_

#include <memory>
#include <mutex>
#include <string>

#include "format/ids.h"
#include "format/line_encoder.h"
#include "memory/memory_sessions.h"
#include "sessionstore/writer.h"

namespace sessionstore::memory {

class MemoryWriter final : public Writer {
 public:
  // Takes the session's lock: Busy if a writer holds it, NotFound if there
  // is no such session. The writer shares `sessions`.
  static Result<std::unique_ptr<Writer>> Open(std::shared_ptr<MemorySessions> sessions, std::string_view id,
                                              const ReadOptions& read_options);
  ~MemoryWriter() override;

  Result<std::vector<std::string>> AppendBatch(std::span<const Record> records) override;
  Status SetLeaf(std::string_view entry) override;
  Status Flush() override;
  Status Sync() override;
  Status Close() override;

  const std::string& session_id() const override { return id_; }
  std::string leaf() const override;
  uint64_t last_seq() const override;
  uint64_t dropped_tail_bytes() const override { return 0; }

 private:
  MemoryWriter(std::shared_ptr<MemorySessions> sessions, std::string id, std::string leaf, uint64_t last_seq,
               const ReadOptions& read_options)
      : sessions_(std::move(sessions)),
        id_(std::move(id)),
        encoder_(read_options),
        leaf_(std::move(leaf)),
        last_seq_(last_seq) {}

  // FailedPrecondition once closed. Under mu_.
  Status CheckOpen() const;

  const std::shared_ptr<MemorySessions> sessions_;
  const std::string id_;
  mutable std::mutex mu_;
  format::LineEncoder encoder_;   // guarded by mu_
  format::EntryIdGenerator ids_;  // guarded by mu_
  std::string leaf_;              // guarded by mu_
  uint64_t last_seq_;             // guarded by mu_
  bool closed_ = false;           // guarded by mu_
};

}  // namespace sessionstore::memory

#endif  // SESSIONSTORE_MEMORY_MEMORY_WRITER_H_
