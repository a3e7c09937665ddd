// ByteBuffer: an append-only byte buffer for building lines, reused across
// lines. Unlike std::string it never zero-fills the room it hands out, so a
// writer can reserve a worst case and commit what it used.
//
// Not thread-safe. Pointers from Room() are valid until the next call.

#ifndef SESSIONSTORE_FORMAT_BYTE_BUFFER_H_
#define SESSIONSTORE_FORMAT_BYTE_BUFFER_H_

#include <cstring>
#include <string>
#include <string_view>

namespace sessionstore::format {

class ByteBuffer {
 public:
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const char* data() const { return buf_.data(); }
  std::string_view view() const { return std::string_view(buf_.data(), size_); }

  void Clear() { size_ = 0; }
  // Drops everything after the first n bytes. Precondition: n <= size().
  void Truncate(size_t n) { size_ = n; }

  // At least n writable bytes after the end; Commit(k) keeps k of them.
  char* Room(size_t n) {
    if (buf_.size() - size_ < n) Grow(n);
    return buf_.data() + size_;
  }
  void Commit(size_t k) { size_ += k; }

  void Append(std::string_view s) {
    if (s.empty()) return;  // s.data() may be null
    std::memcpy(Room(s.size()), s.data(), s.size());
    size_ += s.size();
  }
  void push_back(char c) {
    *Room(1) = c;
    ++size_;
  }

 private:
  void Grow(size_t n) {
    size_t want = buf_.size() * 2;
    if (want < size_ + n) want = size_ + n;
    if (want < 256) want = 256;
    buf_.resize(want);  // zero-fills the new room once; it is reused afterwards
  }

  std::string buf_;
  size_t size_ = 0;
};

}  // namespace sessionstore::format

#endif  // SESSIONSTORE_FORMAT_BYTE_BUFFER_H_
