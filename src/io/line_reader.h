// LineReader: the complete lines of a byte range of a file, read forwards in
// bounded chunks.
//
// A line is complete when its '\n' is in the range; bytes after the last
// '\n' (a torn tail: an append in progress or cut short by a crash) are never
// returned and are counted in torn_tail_bytes(). A line longer than the
// limit is returned with `too_long` set and empty text, without being held
// in memory. Every returned text has kJsonPadding readable bytes after it.
// Not thread-safe; text is valid until the next call to Next().

#ifndef SESSIONSTORE_IO_LINE_READER_H_
#define SESSIONSTORE_IO_LINE_READER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "io/fs.h"
#include "sessionstore/result.h"

namespace sessionstore::io {

struct Line {
  std::string_view text;  // without the '\n'
  int64_t number = 0;     // 1-based; counted from first_line_number
  uint64_t offset = 0;    // byte offset of the first byte in the file
  bool too_long = false;
};

class LineReader {
 public:
  // Reads [begin, end) of `fd`; the line starting at `begin` is numbered
  // `first_line_number`.
  LineReader(Fs* fs, int fd, std::string path, uint64_t begin, uint64_t end, int64_t first_line_number,
             size_t max_line_bytes);

  // The next complete line; false at the end of the range or on an I/O error
  // (see status()).
  bool Next(Line* line);
  const Status& status() const { return status_; }
  // Known once Next() has returned false.
  uint64_t torn_tail_bytes() const { return torn_tail_; }

 private:
  // Reads more of the file behind the unread bytes. False at the end.
  bool Fill();

  Fs* fs_;
  int fd_;
  std::string path_;
  uint64_t file_pos_;  // file offset of the next byte to read
  uint64_t end_;
  int64_t next_number_;
  size_t max_line_;
  std::unique_ptr<char[]> buf_;
  size_t cap_ = 0;    // usable bytes; kJsonPadding more are allocated
  size_t begin_ = 0;  // unread bytes are buf_[begin_, end_buf_)
  size_t end_buf_ = 0;
  uint64_t buf_offset_ = 0;  // file offset of buf_[0]
  bool skipping_ = false;    // inside a too-long line, looking for its end
  uint64_t skip_start_ = 0;
  uint64_t torn_tail_ = 0;
  Status status_;
};

// ReverseLineReader: the complete lines of [floor, end) of a file, last
// first, read backwards in chunks. `end` must be just past a '\n' (or equal
// `floor`). Lines carry offsets but no line numbers. Every returned text has
// kJsonPadding readable bytes after it. Not thread-safe; text is valid until
// the next call to Prev().
class ReverseLineReader {
 public:
  ReverseLineReader(Fs* fs, int fd, std::string path, uint64_t floor, uint64_t end, size_t max_line_bytes);

  // The line before the last one returned; false at `floor` or on an I/O
  // error (see status()).
  bool Prev(Line* line);
  const Status& status() const { return status_; }

 private:
  Fs* fs_;
  int fd_;
  std::string path_;
  uint64_t floor_;
  uint64_t cur_;  // file offset just past the next line's '\n'
  size_t max_line_;
  std::string buf_;  // file bytes [buf_lo_, buf_lo_ + buf_.size() - kJsonPadding)
  uint64_t buf_lo_;
  Status status_;
};

// The offset just past the last '\n' in [floor, size) of the file, or
// `floor` if there is none there: everything after it is a torn tail.
Result<uint64_t> CompleteLinesEnd(Fs* fs, int fd, const std::string& path, uint64_t floor, uint64_t size);

// Where the last `n` complete lines before `end` start, reading backwards
// from `end` (which is just past a '\n') and never going below `floor` (a
// line start). Returns `floor` if fewer than n lines lie between them.
Result<uint64_t> FindLastLinesStart(Fs* fs, int fd, const std::string& path, uint64_t floor, uint64_t end, size_t n);

}  // namespace sessionstore::io

#endif  // SESSIONSTORE_IO_LINE_READER_H_
