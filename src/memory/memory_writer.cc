#include "memory/memory_writer.h"

#include <algorithm>

#include "format/entry_chain.h"
#include "format/time_format.h"
#include "store/errors.h"

namespace sessionstore::memory {

Result<std::unique_ptr<Writer>> MemoryWriter::Open(std::shared_ptr<MemorySessions> sessions, std::string_view id,
                                                   const ReadOptions& read_options) {
  std::lock_guard<std::mutex> l(sessions->mu);
  auto it = sessions->sessions.find(id);
  if (it == sessions->sessions.end()) return store::NoSuchSession(id);
  MemorySession& s = it->second;
  if (s.locked) {
    return Status::Busy("session \"" + std::string(id) + "\" is being written by a writer of this process",
                        ErrorContext{.op = "lock"});
  }
  s.locked = true;
  std::string leaf = s.ids.empty() ? std::string() : s.ids.back();
  return std::unique_ptr<Writer>(
      new MemoryWriter(std::move(sessions), std::string(id), std::move(leaf), s.last_seq, read_options));
}

MemoryWriter::~MemoryWriter() { (void)Close(); }

Status MemoryWriter::CheckOpen() const {
  if (closed_) return Status::FailedPrecondition("the writer of session \"" + id_ + "\" is closed");
  return Status::OK();
}

Result<std::vector<std::string>> MemoryWriter::AppendBatch(std::span<const Record> records) {
  std::lock_guard<std::mutex> l(mu_);
  if (Status s = CheckOpen(); !s.ok()) return s;
  format::ByteBuffer lines;
  format::EncodedChain chain;
  if (Status s = format::EncodeChain(&encoder_, &ids_, records, last_seq_, leaf_, format::NowMs(), &lines, &chain);
      !s.ok()) {
    return s.WithContext({.op = "append", .path = "memory:" + id_});
  }
  {
    std::lock_guard<std::mutex> sl(sessions_->mu);
    // The lock keeps the session in place: nothing deletes or rewrites it.
    MemorySession& s = sessions_->sessions.find(id_)->second;
    for (size_t i = 0; i < records.size(); ++i) {
      s.lines.emplace_back(chain.Line(lines, i));
      s.ids.push_back(chain.ids[i]);
      history::AddToSummary(records[i], chain.stamps[i].timestamp_ms, chain.stamps[i].id, &s.summary);
    }
    s.bytes += lines.size();
    s.stored_ms = format::NowMs();
    s.last_seq += records.size();
  }
  last_seq_ += records.size();
  if (!records.empty()) leaf_ = chain.ids.back();
  return std::move(chain.ids);
}

Status MemoryWriter::SetLeaf(std::string_view entry) {
  std::lock_guard<std::mutex> l(mu_);
  if (Status s = CheckOpen(); !s.ok()) return s;
  if (!entry.empty()) {
    std::lock_guard<std::mutex> sl(sessions_->mu);
    const std::vector<std::string>& ids = sessions_->sessions.find(id_)->second.ids;
    if (std::find(ids.begin(), ids.end(), entry) == ids.end()) return store::NoSuchEntry(id_, entry);
  }
  leaf_ = entry;
  return Status::OK();
}

Status MemoryWriter::Flush() {
  std::lock_guard<std::mutex> l(mu_);
  return CheckOpen();
}

Status MemoryWriter::Sync() {
  std::lock_guard<std::mutex> l(mu_);
  return CheckOpen();
}

Status MemoryWriter::Close() {
  std::lock_guard<std::mutex> l(mu_);
  if (closed_) return Status::OK();
  closed_ = true;
  std::lock_guard<std::mutex> sl(sessions_->mu);
  sessions_->sessions.find(id_)->second.locked = false;
  return Status::OK();
}

std::string MemoryWriter::leaf() const {
  std::lock_guard<std::mutex> l(mu_);
  return leaf_;
}

uint64_t MemoryWriter::last_seq() const {
  std::lock_guard<std::mutex> l(mu_);
  return last_seq_;
}

}  // namespace sessionstore::memory
