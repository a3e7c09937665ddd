#include "file/file_writer.h"

#include <cerrno>
#include <chrono>
#include <cstring>

#include "file/line_reader.h"
#include "format/time_format.h"

namespace sessionstore::file {

namespace {

// The last entry before `end`, read backwards line by line past lines that
// do not decode. Leaves *seq 0 and *id empty if there is none.
Status FindLastEntry(Fs* fs, int fd, const std::string& path, uint64_t header_end, uint64_t end,
                     const ReadOptions& options, uint64_t* seq, std::string* id) {
  format::LineDecoder decoder(options);
  std::string line;
  Entry entry;
  while (end > header_end) {
    Result<uint64_t> start = FindLastLinesStart(fs, fd, path, header_end, end, 1);
    if (!start.ok()) return start.status();
    const size_t len = static_cast<size_t>(end - 1 - *start);
    line.resize(len + format::kJsonPadding);
    if (Status s = PReadFull(fs, fd, line.data(), len, *start, "open writer", path); !s.ok()) return s;
    if (decoder.DecodeEntry(std::string_view(line.data(), len), true, &entry).ok()) {
      *seq = entry.seq;
      *id = entry.id;
      return Status::OK();
    }
    end = *start;
  }
  return Status::OK();
}

}  // namespace

Result<std::unique_ptr<Writer>> FileWriter::Open(const SessionFiles& files, std::string_view id,
                                                 const WriterOptions& options,
                                                 const ReadOptions& read_options) {
  if (Status s = format::ValidateSessionId(id); !s.ok()) return s;
  Result<SessionLock> lock = SessionLock::Acquire(files, id);
  if (!lock.ok()) return lock.status();
  Where where;
  Result<Fd> fd = files.OpenSession(id, true, &where);
  if (!fd.ok()) return fd.status();
  Fs* fs = files.fs();
  const std::string path = files.PathOf(where, id);
  struct stat st;
  if (fs->FStat(fd->get(), &st) != 0) return Status::FromErrno(errno, "open writer", path);
  const uint64_t size = static_cast<uint64_t>(st.st_size);
  Result<uint64_t> complete = CompleteLinesEnd(fs, fd->get(), path, 0, size);
  if (!complete.ok()) return complete.status();

  // The header: the writer must not append to a format it does not know.
  LineReader lines(fs, fd->get(), path, 0, *complete, 1, read_options.max_line_bytes);
  Line first;
  if (!lines.Next(&first)) {
    if (!lines.status().ok()) return lines.status();
    return Status::Corruption("no complete header line",
                              ErrorContext{.op = "open writer", .path = path, .line = 1, .offset = 0});
  }
  format::LineDecoder decoder(read_options);
  SessionHeader header;
  Status s = first.too_long ? Status::Corruption("header line longer than the line limit")
                            : decoder.DecodeHeader(first.text, true, &header);
  if (!s.ok()) return s.WithContext(ErrorContext{.op = "open writer", .path = path, .line = 1, .offset = 0});
  const uint64_t header_end = first.text.size() + 1;

  uint64_t dropped = 0;
  if (*complete < size) {
    // A torn last line: a crash cut an append short. It was never
    // acknowledged; cut it off (durably) so the next line starts clean.
    if (fs->FTruncate(fd->get(), static_cast<off_t>(*complete)) != 0 || fs->FDataSync(fd->get()) != 0) {
      return Status::FromErrno(errno, "cut torn tail", path);
    }
    dropped = size - *complete;
  }
  std::unique_ptr<FileWriter> w(new FileWriter(files, std::string(id), path, std::move(*lock),
                                               std::move(*fd), options, read_options));
  w->dropped_ = dropped;
  w->file_size_ = w->synced_size_ = *complete;
  if (Status found = FindLastEntry(fs, w->fd_.get(), path, header_end, *complete, read_options,
                                   &w->last_seq_, &w->leaf_);
      !found.ok()) {
    return found;
  }
  if (options.durability == Durability::kInterval) {
    w->interval_thread_ = std::thread([p = w.get()] { p->IntervalLoop(); });
  }
  return std::unique_ptr<Writer>(std::move(w));
}

FileWriter::FileWriter(const SessionFiles& files, std::string id, std::string path, SessionLock lock,
                       Fd fd, const WriterOptions& options, const ReadOptions& read_options)
    : files_(files),
      id_(std::move(id)),
      path_(std::move(path)),
      options_(options),
      lock_(std::move(lock)),
      fd_(std::move(fd)),
      encoder_(read_options.max_depth) {}

FileWriter::~FileWriter() { (void)Close(); }

std::string FileWriter::leaf() const {
  std::lock_guard<std::mutex> l(mu_);
  return leaf_;
}

uint64_t FileWriter::last_seq() const {
  std::lock_guard<std::mutex> l(mu_);
  return last_seq_;
}

Status FileWriter::UsableLocked() const {
  if (closed_) return Status::FailedPrecondition("writer is closed", ErrorContext{.op = "append", .path = path_});
  return failed_;
}

Result<std::string> FileWriter::Append(const Record& record) {
  Result<std::vector<std::string>> ids = AppendBatch(std::span<const Record>(&record, 1));
  if (!ids.ok()) return ids.status();
  return std::move(ids->front());
}

Result<std::vector<std::string>> FileWriter::AppendBatch(std::span<const Record> records) {
  std::unique_lock<std::mutex> lock(mu_);
  if (Status s = UsableLocked(); !s.ok()) return s;
  std::vector<std::string> ids;
  if (records.empty()) return ids;
  ids.reserve(records.size());
  encoded_.clear();
  uint64_t seq = last_seq_;
  const int64_t now = format::NowMs();
  for (const Record& r : records) {
    std::string id = ids_.Next();
    format::EntryStamp stamp{.seq = ++seq,
                             .id = id,
                             .parent = ids.empty() ? std::string_view(leaf_) : std::string_view(ids.back()),
                             .timestamp_ms = r.timestamp_ms != 0 ? r.timestamp_ms : now};
    if (Status s = encoder_.EncodeEntry(r, stamp, &encoded_); !s.ok()) {
      return s.WithContext(ErrorContext{.op = "append", .path = path_});
    }
    ids.push_back(std::move(id));
  }

  if (options_.durability == Durability::kBuffered) {
    if (pending_.size() + encoded_.size() > options_.buffer_bytes) {
      if (Status s = FlushLocked(); !s.ok()) return s;
    }
    if (encoded_.size() >= options_.buffer_bytes) {
      if (Status s = WriteLocked(encoded_); !s.ok()) return s;
    } else {
      pending_ += encoded_;
    }
  } else if (Status s = WriteLocked(encoded_); !s.ok()) {
    return s;
  }
  last_seq_ = seq;
  leaf_ = ids.back();
  if (options_.durability == Durability::kSync) {
    if (Status s = SyncLocked(lock, file_size_); !s.ok()) return s;
  }
  return ids;
}

Status FileWriter::WriteLocked(std::string_view data) {
  size_t written = 0;
  Status s = WriteAll(files_.fs(), fd_.get(), data, &written, "append", path_);
  if (s.ok()) {
    file_size_ += data.size();
    return s;
  }
  // Nothing of a failed append may stay behind: a partial line would fuse
  // with the next one.
  if (files_.fs()->FTruncate(fd_.get(), static_cast<off_t>(file_size_)) != 0) {
    failed_ = Status::IOError(
        "an append failed and could not be cut back; the writer refuses further appends",
        ErrorContext{.op = "append", .path = path_, .sys_errno = errno});
  }
  return s;
}

Status FileWriter::FlushLocked() {
  if (pending_.empty()) return Status::OK();
  if (Status s = WriteLocked(pending_); !s.ok()) return s;  // kept for a retry
  pending_.clear();
  return Status::OK();
}

Status FileWriter::SyncLocked(std::unique_lock<std::mutex>& lock, uint64_t target) {
  while (synced_size_ < target) {
    if (!failed_.ok()) return failed_;
    if (syncing_) {
      synced_cv_.wait(lock);
      continue;
    }
    syncing_ = true;
    const uint64_t upto = file_size_;
    lock.unlock();
    const int rc = files_.fs()->FDataSync(fd_.get());
    const int err = errno;
    lock.lock();
    syncing_ = false;
    if (rc != 0) {
      // What reached the disk is unknown now; retrying the sync could
      // report success for data the kernel already dropped.
      failed_ = Status::IOError(std::string("fdatasync failed (") + std::strerror(err) +
                                    "); the writer refuses further appends",
                                ErrorContext{.op = "sync", .path = path_, .sys_errno = err});
    } else if (upto > synced_size_) {
      synced_size_ = upto;
    }
    synced_cv_.notify_all();
  }
  return Status::OK();
}

Status FileWriter::Flush() {
  std::lock_guard<std::mutex> l(mu_);
  if (Status s = UsableLocked(); !s.ok()) return s;
  return FlushLocked();
}

Status FileWriter::Sync() {
  std::unique_lock<std::mutex> lock(mu_);
  if (Status s = UsableLocked(); !s.ok()) return s;
  if (Status s = FlushLocked(); !s.ok()) return s;
  return SyncLocked(lock, file_size_);
}

void FileWriter::IntervalLoop() {
  std::unique_lock<std::mutex> lock(mu_);
  const auto interval = std::chrono::milliseconds(options_.interval_ms > 0 ? options_.interval_ms : 1);
  while (!closed_) {
    stop_cv_.wait_for(lock, interval, [this] { return closed_; });
    if (closed_) break;
    if (failed_.ok() && synced_size_ < file_size_) (void)SyncLocked(lock, file_size_);
  }
}

Status FileWriter::Close() {
  std::unique_lock<std::mutex> lock(mu_);
  if (closed_) return Status::OK();
  Status s = failed_;
  if (s.ok() && options_.durability == Durability::kBuffered) s = FlushLocked();
  if (s.ok() && options_.durability == Durability::kInterval) s = SyncLocked(lock, file_size_);
  closed_ = true;
  stop_cv_.notify_all();
  // An appender's fdatasync may still be running on the descriptor.
  synced_cv_.wait(lock, [this] { return !syncing_; });
  lock.unlock();
  if (interval_thread_.joinable()) interval_thread_.join();
  fd_.reset();
  lock_.Release();
  return s;
}

}  // namespace sessionstore::file
