#include "input_lines.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace sessionstore::cli {

namespace {
constexpr size_t kChunk = size_t{1} << 16;
}  // namespace

bool InputLines::Fill() {
  if (eof_) return false;
  if (begin_ > 0) {
    buf_.erase(0, begin_);
    begin_ = 0;
  }
  const size_t had = buf_.size();
  // Never more room than a line at the limit and a chunk: the buffer does
  // not double past what it can hold.
  if (had + kChunk > buf_.capacity()) {
    buf_.reserve(std::min(max_ + 2 * kChunk, std::max(had + kChunk, 2 * buf_.capacity())));
  }
  buf_.resize(had + kChunk);
  const size_t got = std::fread(buf_.data() + had, 1, kChunk, in_);
  buf_.resize(had + got);
  if (got == 0) {
    if (std::ferror(in_)) error_ = errno != 0 ? errno : EIO;
    eof_ = true;
    return false;
  }
  return true;
}

bool InputLines::Next(std::string* line, uint64_t* too_long) {
  *too_long = 0;
  uint64_t skipped = 0;  // bytes of a too-long line already passed over
  size_t scanned = 0;    // bytes of the unread part known to hold no '\n'
  for (;;) {
    const char* start = buf_.data() + begin_;
    const size_t avail = buf_.size() - begin_;
    const void* nl = std::memchr(start + scanned, '\n', avail - scanned);
    if (nl != nullptr) {
      const size_t len = static_cast<size_t>(static_cast<const char*>(nl) - start);
      ++number_;
      if (skipped > 0 || len > max_) {
        *too_long = skipped + len;
        line->clear();
      } else {
        line->assign(start, len);
      }
      begin_ += len + 1;
      return true;
    }
    scanned = avail;
    if (skipped > 0 || avail > max_) {
      // Too long: pass over what is here, keep looking for its end.
      skipped += avail;
      begin_ = buf_.size();
      scanned = 0;
    }
    if (!Fill()) {
      const size_t rest = buf_.size() - begin_;
      if (rest == 0 && skipped == 0) return false;
      ++number_;
      if (skipped > 0) {
        *too_long = skipped + rest;
        line->clear();
      } else {
        line->assign(buf_.data() + begin_, rest);
      }
      begin_ = buf_.size();
      return true;
    }
  }
}

}  // namespace sessionstore::cli
