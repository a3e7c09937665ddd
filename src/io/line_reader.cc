#include "io/line_reader.h"

#include <algorithm>
#include <cstring>

#include "format/line_decoder.h"

namespace sessionstore::io {

namespace {
constexpr size_t kChunk = size_t{1} << 20;
constexpr size_t kBackChunk = size_t{64} << 10;
}  // namespace

LineReader::LineReader(Fs* fs, int fd, std::string path, uint64_t begin, uint64_t end, int64_t first_line_number,
                       size_t max_line_bytes)
    : fs_(fs),
      fd_(fd),
      path_(std::move(path)),
      file_pos_(begin),
      end_(end),
      next_number_(first_line_number),
      max_line_(max_line_bytes),
      buf_offset_(begin) {}

bool LineReader::Fill() {
  if (file_pos_ >= end_) return false;
  // Keep the unread bytes, moved to the front.
  size_t unread = end_buf_ - begin_;
  if (begin_ > 0 && unread > 0) {
    std::memmove(buf_.get(), buf_.get() + begin_, unread);
  }
  if (begin_ > 0) {
    buf_offset_ += begin_;
    begin_ = 0;
    end_buf_ = unread;
  }
  if (cap_ - unread < kChunk / 2) {
    // Grow for a long line (up to the limit, which bounds it), or start.
    size_t cap = std::max(kChunk, cap_ * 2);
    cap = std::min(cap, max_line_ + kChunk);
    if (cap > cap_) {
      std::unique_ptr<char[]> bigger(new char[cap + format::kJsonPadding]);
      if (unread > 0) std::memcpy(bigger.get(), buf_.get(), unread);
      buf_ = std::move(bigger);
      cap_ = cap;
    }
  }
  size_t want = std::min<uint64_t>(cap_ - end_buf_, end_ - file_pos_);
  size_t got = 0;
  status_ = PReadSome(fs_, fd_, buf_.get() + end_buf_, want, file_pos_, &got, "read", path_);
  if (!status_.ok()) return false;
  if (got == 0) {
    end_ = file_pos_;  // the file shrank under us: stop here
    return false;
  }
  end_buf_ += got;
  file_pos_ += got;
  return true;
}

bool LineReader::Next(Line* line) {
  for (;;) {
    char* start = buf_ ? buf_.get() + begin_ : nullptr;
    size_t avail = end_buf_ - begin_;
    char* nl = avail > 0 ? static_cast<char*>(std::memchr(start, '\n', avail)) : nullptr;
    if (nl != nullptr) {
      size_t len = static_cast<size_t>(nl - start);
      uint64_t offset = buf_offset_ + begin_;
      begin_ += len + 1;
      *line = Line{};
      line->number = next_number_++;
      if (skipping_) {
        skipping_ = false;
        line->offset = skip_start_;
        line->too_long = true;
        return true;
      }
      line->offset = offset;
      if (len > max_line_) {
        line->too_long = true;
      } else {
        line->text = std::string_view(start, len);
      }
      return true;
    }
    // No '\n' in what we hold: a line longer than the limit is dropped from
    // memory while we look for its end.
    if (avail > max_line_) {
      if (!skipping_) {
        skipping_ = true;
        skip_start_ = buf_offset_ + begin_;
      }
      begin_ = end_buf_;
    }
    if (!Fill()) {
      if (!status_.ok()) return false;
      torn_tail_ = skipping_ ? end_ - skip_start_ : end_buf_ - begin_;
      return false;
    }
  }
}

ReverseLineReader::ReverseLineReader(Fs* fs, int fd, std::string path, uint64_t floor, uint64_t end,
                                     size_t max_line_bytes)
    : fs_(fs), fd_(fd), path_(std::move(path)), floor_(floor), cur_(end), max_line_(max_line_bytes), buf_lo_(end) {}

bool ReverseLineReader::Prev(Line* line) {
  if (cur_ <= floor_ || !status_.ok()) return false;
  const uint64_t nl = cur_ - 1;  // the '\n' ending this line
  uint64_t start;
  for (;;) {
    // Look for the '\n' before this line within what is buffered.
    const size_t held = nl > buf_lo_ ? static_cast<size_t>(nl - buf_lo_) : 0;
    const void* prev = held > 0 ? memrchr(buf_.data(), '\n', held) : nullptr;
    if (prev != nullptr) {
      start = buf_lo_ + static_cast<uint64_t>(static_cast<const char*>(prev) - buf_.data()) + 1;
      break;
    }
    if (buf_lo_ <= floor_ && nl >= buf_lo_) {
      start = floor_;
      break;
    }
    // Read the chunk before the buffer; keep only the part not yet returned.
    const uint64_t keep_end = cur_;
    const size_t keep = static_cast<size_t>(keep_end - buf_lo_);
    if (keep > max_line_ + 1) {
      status_ = Status::Corruption("line longer than " + std::to_string(max_line_) + " bytes",
                                   ErrorContext{.op = "read", .path = path_, .offset = static_cast<int64_t>(buf_lo_)});
      return false;
    }
    const uint64_t lo = buf_lo_ - std::min<uint64_t>(std::max<uint64_t>(kChunk, keep), buf_lo_ - floor_);
    const size_t add = static_cast<size_t>(buf_lo_ - lo);
    std::string next(add + keep + format::kJsonPadding, '\0');
    std::memcpy(next.data() + add, buf_.data(), keep);
    if (Status s = PReadFull(fs_, fd_, next.data(), add, lo, "read", path_); !s.ok()) {
      status_ = s;
      return false;
    }
    buf_ = std::move(next);
    buf_lo_ = lo;
  }
  *line = Line{};
  line->offset = start;
  const size_t len = static_cast<size_t>(nl - start);
  if (len > max_line_) {
    line->too_long = true;
  } else {
    line->text = std::string_view(buf_.data() + (start - buf_lo_), len);
  }
  cur_ = start;
  return true;
}

Result<uint64_t> CompleteLinesEnd(Fs* fs, int fd, const std::string& path, uint64_t floor, uint64_t size) {
  std::unique_ptr<char[]> buf(new char[kBackChunk]);
  uint64_t hi = size;
  while (hi > floor) {
    uint64_t lo = hi - std::min<uint64_t>(kBackChunk, hi - floor);
    size_t n = static_cast<size_t>(hi - lo);
    if (Status s = PReadFull(fs, fd, buf.get(), n, lo, "read", path); !s.ok()) return s;
    if (const void* nl = memrchr(buf.get(), '\n', n)) {
      return lo + static_cast<uint64_t>(static_cast<const char*>(nl) - buf.get()) + 1;
    }
    hi = lo;
  }
  return floor;
}

Result<uint64_t> FindLastLinesStart(Fs* fs, int fd, const std::string& path, uint64_t floor, uint64_t end, size_t n) {
  if (n == 0 || end <= floor) return end;
  std::unique_ptr<char[]> buf(new char[kBackChunk]);
  // The '\n' at end - 1 ends the last line; the n-th '\n' before it ends the
  // line before the ones we want.
  uint64_t hi = end - 1;
  size_t seen = 0;
  while (hi > floor) {
    uint64_t lo = hi - std::min<uint64_t>(kBackChunk, hi - floor);
    size_t len = static_cast<size_t>(hi - lo);
    if (Status s = PReadFull(fs, fd, buf.get(), len, lo, "read", path); !s.ok()) return s;
    while (len > 0) {
      const void* nl = memrchr(buf.get(), '\n', len);
      if (nl == nullptr) break;
      len = static_cast<size_t>(static_cast<const char*>(nl) - buf.get());
      if (++seen == n) return lo + len + 1;
    }
    hi = lo;
  }
  return floor;
}

}  // namespace sessionstore::io
