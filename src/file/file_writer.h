// FileWriter: the Writer of the file store. See sessionstore/writer.h for
// the contract; this file adds how it is kept.
//
// Every call (append, flush, sync, close) queues up under the writer's mutex.
// The call at the front of the queue leads: it takes the appends queued
// behind it as one group, stamps and encodes them, writes them in one
// write(2) on the O_APPEND descriptor and, for kSync, fdatasyncs once for the
// whole group (group commit, as in leveldb's DBImpl::Write). The leader does
// its I/O without holding the mutex, so the next group forms meanwhile. When
// the last synced group was bigger than the queue a leader finds, it waits up
// to a quarter of the last sync's duration for that many appenders to queue:
// they are the threads the last sync just released, on their way back.
//
// A failed or short write is cut back (ftruncate) to the size before the
// group; if that fails too, or an fdatasync fails, the writer is failed for
// good and refuses every further call.

#ifndef SESSIONSTORE_FILE_FILE_WRITER_H_
#define SESSIONSTORE_FILE_FILE_WRITER_H_

#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "file/session_files.h"
#include "file/session_lock.h"
#include "format/ids.h"
#include "format/line_encoder.h"
#include "io/fs.h"
#include "sessionstore/writer.h"

namespace sessionstore::file {

class FileWriter final : public Writer {
 public:
  // Takes the session's lock, cuts off a torn tail (synced) and finds the
  // last entry. The writer shares `files`: it outlives the store.
  static Result<std::unique_ptr<Writer>> Open(std::shared_ptr<const SessionFiles> files, std::string_view id,
                                              const WriterOptions& options, const ReadOptions& read_options);
  ~FileWriter() override;

  Result<std::vector<std::string>> AppendBatch(std::span<const Record> records) override;
  Status SetLeaf(std::string_view entry) override;
  Status Flush() override;
  Status Sync() override;
  Status Close() override;

  const std::string& session_id() const override { return id_; }
  std::string leaf() const override;
  uint64_t last_seq() const override;
  uint64_t dropped_tail_bytes() const override { return dropped_; }

 private:
  enum class Op { kAppend, kSetLeaf, kFlush, kSync, kClose };
  struct Call;

  FileWriter(std::shared_ptr<const SessionFiles> files, std::string id, std::string path, SessionLock lock, io::Fd fd,
             const WriterOptions& options, const ReadOptions& read_options);

  // Queues `call`, waits until it is done or leads, and returns its status.
  Status Run(Call* call);
  // The leader's work for the appends in group_, without the mutex: stamps
  // them, continuing from *seq and *leaf, which it advances past them if
  // they reach the file (or the buffer).
  Status AppendGroup(uint64_t* seq, std::string* leaf);
  // Writes `data` to the file. On failure the file is cut back to where it
  // was, or, with `kept`, to the end of the last whole line written, whose
  // bytes *kept says.
  Status WriteOut(std::string_view data, size_t* kept = nullptr);
  Status FlushPending();
  // Whether the file holds an entry with this id, read backwards from its end.
  Result<bool> HasEntry(std::string_view entry);
  Status SyncFile();
  void IntervalLoop();

  const std::shared_ptr<const SessionFiles> files_;
  const std::string id_;
  const std::string path_;
  const WriterOptions options_;
  SessionLock lock_;
  io::Fd fd_;
  uint64_t dropped_ = 0;
  uint64_t header_end_ = 0;
  ReadOptions read_options_;

  // Guarded by mu_.
  mutable std::mutex mu_;
  std::deque<Call*> queue_;
  uint64_t last_seq_ = 0;
  std::string leaf_;
  Status failed_;  // sticky
  bool closed_ = false;
  std::condition_variable stop_cv_;
  // Group commit: the size of the last synced group, how long its sync
  // took, and whether a leader is waiting for a group that big.
  size_t expected_group_ = 1;
  std::chrono::microseconds last_sync_time_{0};
  bool leader_waiting_ = false;

  // Used only by the leader of the moment (one at a time), without mu_.
  std::vector<Call*> group_;  // the calls it serves; still queued until it is done
  format::LineEncoder encoder_;
  format::EntryIdGenerator ids_;
  format::ByteBuffer encoded_;  // the group's lines
  std::string pending_;         // kBuffered: encoded, not yet written
  uint64_t file_size_ = 0;      // bytes in the file
  uint64_t synced_size_ = 0;

  std::thread interval_thread_;
};

}  // namespace sessionstore::file

#endif  // SESSIONSTORE_FILE_FILE_WRITER_H_
