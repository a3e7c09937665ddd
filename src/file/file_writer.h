// FileWriter: the Writer of the file store. See sessionstore/writer.h for
// the contract; this file adds how it is kept.
//
// Appends are whole lines in one write(2) on an O_APPEND descriptor, under
// the writer's mutex. A failed or short write is cut back (ftruncate) to the
// size before it; if that fails too, or an fdatasync fails, the writer is
// failed for good. kSync appenders wait for an fdatasync that started after
// their write; one such sync serves every thread waiting (group commit).

#ifndef SESSIONSTORE_FILE_FILE_WRITER_H_
#define SESSIONSTORE_FILE_FILE_WRITER_H_

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "file/fs.h"
#include "file/session_files.h"
#include "file/session_lock.h"
#include "format/codec.h"
#include "format/ids.h"
#include "sessionstore/writer.h"

namespace sessionstore::file {

class FileWriter final : public Writer {
 public:
  // Takes the session's lock, cuts off a torn tail (synced) and finds the
  // last entry. `files` must outlive the writer.
  static Result<std::unique_ptr<Writer>> Open(const SessionFiles& files, std::string_view id,
                                              const WriterOptions& options,
                                              const ReadOptions& read_options);
  ~FileWriter() override;

  Result<std::string> Append(const Record& record) override;
  Result<std::vector<std::string>> AppendBatch(std::span<const Record> records) override;
  Status Flush() override;
  Status Sync() override;
  Status Close() override;

  const std::string& session_id() const override { return id_; }
  std::string leaf() const override;
  uint64_t last_seq() const override;
  uint64_t dropped_tail_bytes() const override { return dropped_; }

 private:
  FileWriter(const SessionFiles& files, std::string id, std::string path, SessionLock lock, Fd fd,
             const WriterOptions& options, const ReadOptions& read_options);

  Status UsableLocked() const;
  // One write of `data` at the end of the file; cut back on failure.
  Status WriteLocked(std::string_view data);
  Status FlushLocked();
  // Returns once the file is synced at least up to `target` bytes.
  Status SyncLocked(std::unique_lock<std::mutex>& lock, uint64_t target);
  void IntervalLoop();

  const SessionFiles& files_;
  const std::string id_;
  const std::string path_;
  const WriterOptions options_;
  SessionLock lock_;
  Fd fd_;
  uint64_t dropped_ = 0;

  mutable std::mutex mu_;
  std::condition_variable synced_cv_;  // a sync finished
  std::condition_variable stop_cv_;    // the interval thread should stop
  format::LineEncoder encoder_;
  format::EntryIdGenerator ids_;
  std::string encoded_;  // reused encode buffer
  std::string pending_;  // kBuffered: encoded, not yet written
  uint64_t file_size_ = 0;
  uint64_t synced_size_ = 0;
  bool syncing_ = false;
  uint64_t last_seq_ = 0;
  std::string leaf_;
  Status failed_;  // sticky
  bool closed_ = false;
  std::thread interval_thread_;
};

}  // namespace sessionstore::file

#endif  // SESSIONSTORE_FILE_FILE_WRITER_H_
