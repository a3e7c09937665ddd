// ByteBuffer: an append-only byte buffer for building lines, reused across
// lines. Unlike std::string it never zero-fills the room it hands out, not
// even when it grows, so a writer can reserve a worst case and pay only for
// what it commits.
//
// Not thread-safe. Pointers from Room() are valid until the next call.

#ifndef SESSIONSTORE_FORMAT_BYTE_BUFFER_H_
#define SESSIONSTORE_FORMAT_BYTE_BUFFER_H_

#include <cstring>
#include <memory>
#include <string_view>

namespace sessionstore::format {

class ByteBuffer {
 public:
  ByteBuffer() = default;
  ByteBuffer(ByteBuffer&&) noexcept = default;
  ByteBuffer& operator=(ByteBuffer&&) noexcept = default;

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const char* data() const { return buf_.get(); }
  std::string_view view() const { return std::string_view(buf_.get(), size_); }

  void Clear() { size_ = 0; }
  // Drops everything after the first n bytes. Precondition: n <= size().
  void Truncate(size_t n) { size_ = n; }

  // At least n writable bytes after the end; Commit(k) keeps k of them.
  char* Room(size_t n) {
    if (capacity_ - size_ < n) Grow(n);
    return buf_.get() + size_;
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
    size_t want = capacity_ * 2;
    if (want < size_ + n) want = size_ + n;
    if (want < 256) want = 256;
    // Not zero-filled: a writer reserving a worst case (six bytes a
    // character for an escaped string) pays only for what it writes.
    std::unique_ptr<char[]> bigger(new char[want]);
    if (size_ > 0) std::memcpy(bigger.get(), buf_.get(), size_);
    buf_ = std::move(bigger);
    capacity_ = want;
  }

  std::unique_ptr<char[]> buf_;
  size_t capacity_ = 0;
  size_t size_ = 0;
};

}  // namespace sessionstore::format

#endif  // SESSIONSTORE_FORMAT_BYTE_BUFFER_H_
