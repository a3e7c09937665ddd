#include "file/file_writer.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>

#include "file/session_reader.h"
#include "format/entry_chain.h"
#include "format/time_format.h"
#include "io/line_reader.h"
#include "store/errors.h"

namespace sessionstore::file {

namespace {

// The last entry before `end`, read backwards line by line past lines that
// do not decode. Leaves *seq 0 and *id empty if there is none.
Status FindLastEntry(io::Fs* fs, int fd, const std::string& path, uint64_t header_end, uint64_t end,
                     format::LineDecoder* decoder, uint64_t* seq, std::string* id) {
  std::string line;
  Entry entry;
  while (end > header_end) {
    Result<uint64_t> start = io::FindLastLinesStart(fs, fd, path, header_end, end, 1);
    if (!start.ok()) return start.status();
    const size_t len = static_cast<size_t>(end - 1 - *start);
    line.resize(len + format::kJsonPadding);
    if (Status s = io::PReadFull(fs, fd, line.data(), len, *start, "open writer", path); !s.ok()) return s;
    if (decoder->DecodeEntry(std::string_view(line.data(), len), true, &entry).ok()) {
      *seq = entry.seq;
      *id = entry.id;
      return Status::OK();
    }
    end = *start;
  }
  return Status::OK();
}

}  // namespace

Result<std::unique_ptr<Writer>> FileWriter::Open(std::shared_ptr<const SessionFiles> files, std::string_view id,
                                                 const WriterOptions& options, const ReadOptions& read_options) {
  Result<SessionLock> lock = SessionLock::Acquire(files, id);
  if (!lock.ok()) return lock.status();
  Where where;
  Result<io::Fd> fd = files->OpenSession(id, true, &where);
  if (!fd.ok()) return fd.status();
  io::Fs* fs = files->fs();
  const std::string path = files->PathOf(where, id);
  struct stat st;
  if (fs->FStat(fd->get(), &st) != 0) return Status::FromErrno(errno, "open writer", path);
  const uint64_t size = static_cast<uint64_t>(st.st_size);
  Result<uint64_t> complete = io::CompleteLinesEnd(fs, fd->get(), path, 0, size);
  if (!complete.ok()) return complete.status();

  // The writer must not append to a format it does not know, nor to a file
  // that is not this session's.
  format::LineDecoder decoder(read_options);
  Result<HeaderLine> header = ReadHeaderLine(fs, fd->get(), path, id, *complete, read_options, &decoder);
  if (!header.ok()) return header.status().WithContext(ErrorContext{.op = "open writer"});
  const uint64_t header_end = header->end;

  uint64_t dropped = 0;
  if (*complete < size) {
    // A torn last line: a crash cut an append short. It was never
    // acknowledged; cut it off (durably) so the next line starts clean.
    if (fs->FTruncate(fd->get(), static_cast<off_t>(*complete)) != 0 || fs->FDataSync(fd->get()) != 0) {
      return Status::FromErrno(errno, "cut torn tail", path);
    }
    dropped = size - *complete;
  }
  std::unique_ptr<FileWriter> w(
      new FileWriter(std::move(files), std::string(id), path, std::move(*lock), std::move(*fd), options, read_options));
  w->dropped_ = dropped;
  w->header_end_ = header_end;
  w->file_size_ = w->synced_size_ = *complete;
  if (Status found = FindLastEntry(fs, w->fd_.get(), path, header_end, *complete, &decoder, &w->last_seq_, &w->leaf_);
      !found.ok()) {
    return found;
  }
  if (options.durability == Durability::kInterval) {
    w->interval_thread_ = std::thread([p = w.get()] { p->IntervalLoop(); });
  }
  return std::unique_ptr<Writer>(std::move(w));
}

FileWriter::FileWriter(std::shared_ptr<const SessionFiles> files, std::string id, std::string path, SessionLock lock,
                       io::Fd fd, const WriterOptions& options, const ReadOptions& read_options)
    : files_(std::move(files)),
      id_(std::move(id)),
      path_(std::move(path)),
      options_(options),
      lock_(std::move(lock)),
      fd_(std::move(fd)),
      read_options_(read_options),
      encoder_(read_options) {}

FileWriter::~FileWriter() { (void)Close(); }

struct FileWriter::Call {
  Op op = Op::kAppend;
  std::span<const Record> records;
  std::string_view leaf;         // kSetLeaf
  std::vector<std::string> ids;  // filled for appends
  Status status;
  bool done = false;
  std::condition_variable cv;
};

std::string FileWriter::leaf() const {
  std::lock_guard<std::mutex> l(mu_);
  return leaf_;
}

uint64_t FileWriter::last_seq() const {
  std::lock_guard<std::mutex> l(mu_);
  return last_seq_;
}

Result<std::vector<std::string>> FileWriter::AppendBatch(std::span<const Record> records) {
  Call call{.records = records};
  if (Status s = Run(&call); !s.ok()) return s;
  return std::move(call.ids);
}

Status FileWriter::SetLeaf(std::string_view entry) {
  Call call{.op = Op::kSetLeaf, .leaf = entry};
  return Run(&call);
}

Status FileWriter::Flush() {
  Call call{.op = Op::kFlush};
  return Run(&call);
}

Status FileWriter::Sync() {
  Call call{.op = Op::kSync};
  return Run(&call);
}

Status FileWriter::Close() {
  Call call{.op = Op::kClose};
  Status s = Run(&call);
  if (interval_thread_.joinable()) {
    stop_cv_.notify_all();
    interval_thread_.join();
  }
  return s;
}

Status FileWriter::Run(Call* call) {
  std::unique_lock<std::mutex> lock(mu_);
  queue_.push_back(call);
  if (leader_waiting_ && queue_.size() >= expected_group_) queue_.front()->cv.notify_one();
  while (!call->done && call != queue_.front()) call->cv.wait(lock);
  if (call->done) return call->status;

  // Group commit: if the last synced group was bigger than the queue now,
  // its appenders are on their way back; give them a fraction of a sync's
  // time to join, so that one fdatasync serves them all.
  if (call->op == Op::kAppend && options_.durability == Durability::kSync && queue_.size() < expected_group_) {
    leader_waiting_ = true;
    call->cv.wait_for(lock, last_sync_time_ / 4, [&] { return queue_.size() >= expected_group_; });
    leader_waiting_ = false;
  }

  // This call leads: it serves the appends queued behind it, or its own
  // flush, sync or close.
  group_.assign(1, call);
  if (call->op == Op::kAppend) {
    while (group_.size() < queue_.size() && queue_[group_.size()]->op == Op::kAppend) {
      group_.push_back(queue_[group_.size()]);
    }
  }
  Status s;
  if (closed_) {
    if (call->op != Op::kClose) {
      s = Status::FailedPrecondition("writer is closed", ErrorContext{.op = "write", .path = path_});
    }
  } else if (!failed_.ok()) {
    s = failed_;
  } else {
    uint64_t seq = last_seq_;
    std::string leaf = leaf_;
    lock.unlock();
    switch (call->op) {
      case Op::kAppend: s = AppendGroup(&seq, &leaf); break;
      case Op::kSetLeaf: {
        // Buffered entries are looked for in the file too.
        s = FlushPending();
        Result<bool> found = s.ok() && !call->leaf.empty() ? HasEntry(call->leaf) : Result<bool>(true);
        if (!found.ok()) {
          s = found.status();
        } else if (!*found) {
          s = store::NoSuchEntry(id_, call->leaf);
        } else if (s.ok()) {
          leaf.assign(call->leaf);
        }
        break;
      }
      case Op::kFlush: s = FlushPending(); break;
      case Op::kSync:
        s = FlushPending();
        if (s.ok()) s = SyncFile();
        break;
      case Op::kClose:
        if (options_.durability == Durability::kBuffered) s = FlushPending();
        if (s.ok() && options_.durability == Durability::kInterval) s = SyncFile();
        break;
    }
    lock.lock();
    last_seq_ = seq;
    leaf_ = std::move(leaf);
    if (s.ok() && !failed_.ok()) s = failed_;
  }
  if (call->op == Op::kClose && !closed_) {
    closed_ = true;
    fd_.reset();
    lock_.Release();
  }
  for (Call* c : group_) {
    queue_.pop_front();
    // A call whose records failed to encode keeps its own status.
    if (c->status.ok()) c->status = s;
    if (!c->status.ok()) c->ids.clear();
    c->done = true;
    if (c != call) c->cv.notify_one();
  }
  if (!queue_.empty()) queue_.front()->cv.notify_one();
  return call->status;
}

Status FileWriter::AppendGroup(uint64_t* seq, std::string* leaf) {
  // Stamps go on from *seq and *leaf, which change only if the group is kept.
  // `parent` views the caller's leaf or an id in some call's ids, which
  // stay put until the calls are done.
  encoded_.Clear();
  uint64_t next_seq = *seq;
  std::string_view parent = *leaf;
  const int64_t now = format::NowMs();
  format::EncodedChain chain;
  for (Call* c : group_) {
    if (Status s = format::EncodeChain(&encoder_, &ids_, c->records, next_seq, parent, now, &encoded_, &chain);
        !s.ok()) {
      // Only this call fails; the others of the group go ahead.
      c->status = s.WithContext(ErrorContext{.op = "append", .path = path_});
      continue;
    }
    c->ids = std::move(chain.ids);
    next_seq += c->records.size();
    if (!c->ids.empty()) parent = c->ids.back();
  }
  if (encoded_.empty()) return Status::OK();

  const uint64_t size_before = file_size_ + pending_.size();
  Status s;
  if (options_.durability == Durability::kBuffered) {
    if (pending_.size() + encoded_.size() > options_.buffer_bytes) s = FlushPending();
    if (s.ok() && encoded_.size() >= options_.buffer_bytes) {
      s = WriteOut(encoded_.view());
    } else if (s.ok()) {
      pending_ += encoded_.view();
    }
  } else {
    s = WriteOut(encoded_.view());
    if (s.ok() && options_.durability == Durability::kSync) {
      const auto start = std::chrono::steady_clock::now();
      s = SyncFile();
      const auto took = std::chrono::steady_clock::now() - start;
      std::lock_guard<std::mutex> l(mu_);
      last_sync_time_ = std::chrono::duration_cast<std::chrono::microseconds>(took);
      expected_group_ = group_.size();
    }
  }
  if (file_size_ + pending_.size() != size_before) {
    // The group is in the file (or the buffer): the chain goes on from it.
    *seq = next_seq;
    leaf->assign(parent);
  }
  return s;
}

Status FileWriter::WriteOut(std::string_view data, size_t* kept) {
  size_t written = 0;
  Status s = io::WriteAll(files_->fs(), fd_.get(), data, &written, "append", path_);
  if (s.ok()) {
    file_size_ += data.size();
    return s;
  }
  // Nothing of a failed append may stay behind: a partial line would fuse
  // with the next one. With `kept`, the whole lines written stay.
  size_t keep = 0;
  if (kept != nullptr) {
    const size_t last_newline = data.substr(0, written).rfind('\n');
    keep = last_newline == std::string_view::npos ? 0 : last_newline + 1;
  }
  if (files_->fs()->FTruncate(fd_.get(), static_cast<off_t>(file_size_ + keep)) == 0) {
    file_size_ += keep;
    if (kept != nullptr) *kept = keep;
  } else {
    const int err = errno;
    std::lock_guard<std::mutex> l(mu_);
    failed_ = Status::IOError("an append failed and could not be cut back; the writer refuses further appends",
                              ErrorContext{.op = "append", .path = path_, .sys_errno = err});
  }
  return s;
}

Result<bool> FileWriter::HasEntry(std::string_view entry) {
  io::ReverseLineReader lines(files_->fs(), fd_.get(), path_, header_end_, file_size_, read_options_.max_line_bytes);
  format::LineDecoder decoder(read_options_);
  Entry e;
  io::Line line;
  while (lines.Prev(&line)) {
    if (!line.too_long && decoder.DecodeEntry(line.text, true, &e).ok() && e.id == entry) return true;
  }
  if (!lines.status().ok()) return lines.status();
  return false;
}

Status FileWriter::FlushPending() {
  if (pending_.empty()) return Status::OK();
  size_t kept = 0;
  Status s = WriteOut(pending_, &kept);
  if (s.ok()) {
    pending_.clear();
    return s;
  }
  pending_.erase(0, kept);
  // What stays is kept for a retry (Flush, Sync, Close); the caller was
  // told these entries were appended, so the error says how many are not.
  const size_t lost = static_cast<size_t>(std::count(pending_.begin(), pending_.end(), '\n'));
  return Status::IOError(s.message() + "; " + std::to_string(lost) + " buffered " +
                             (lost == 1 ? "entry was" : "entries were") + " not written",
                         s.context());
}

Status FileWriter::SyncFile() {
  if (synced_size_ == file_size_) return Status::OK();
  if (files_->fs()->FDataSync(fd_.get()) != 0) {
    // What reached the disk is unknown now; retrying the sync could report
    // success for data the kernel already dropped.
    const int err = errno;
    Status s = Status::IOError(
        std::string("fdatasync failed (") + std::strerror(err) + "); the writer refuses further appends",
        ErrorContext{.op = "sync", .path = path_, .sys_errno = err});
    std::lock_guard<std::mutex> l(mu_);
    failed_ = s;
    return s;
  }
  synced_size_ = file_size_;
  return Status::OK();
}

void FileWriter::IntervalLoop() {
  const auto interval = std::chrono::milliseconds(options_.interval_ms > 0 ? options_.interval_ms : 1);
  std::unique_lock<std::mutex> lock(mu_);
  while (!closed_ && failed_.ok()) {
    if (stop_cv_.wait_for(lock, interval, [this] { return closed_; })) break;
    lock.unlock();
    (void)Sync();
    lock.lock();
  }
}

}  // namespace sessionstore::file
