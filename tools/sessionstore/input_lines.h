// InputLines: the lines of an input stream (stdin), read in chunks, with no
// line held in memory past a limit: a longer line is reported by its size
// and passed over, never read whole.
//
// Not thread-safe.

#ifndef SESSIONSTORE_TOOLS_INPUT_LINES_H_
#define SESSIONSTORE_TOOLS_INPUT_LINES_H_

#include <cstdint>
#include <cstdio>
#include <string>

namespace sessionstore::cli {

class InputLines {
 public:
  InputLines(std::FILE* in, size_t max_line_bytes) : in_(in), max_(max_line_bytes) {}

  // The next line, without its '\n' (a last line may lack one). False at
  // the end of the input or on a read error (error() then says which). A
  // line longer than the limit comes back empty with *too_long set to its
  // length; otherwise *too_long is 0.
  bool Next(std::string* line, uint64_t* too_long);
  // The number of the line Next() returned last, from 1.
  int64_t number() const { return number_; }
  // errno of a failed read; 0 if none.
  int error() const { return error_; }

 private:
  // Reads more input into buf_ after what is unread. False at the end.
  bool Fill();

  std::FILE* in_;
  size_t max_;
  std::string buf_;
  size_t begin_ = 0;  // the unread part is buf_[begin_, end)
  int64_t number_ = 0;
  int error_ = 0;
  bool eof_ = false;
};

}  // namespace sessionstore::cli

#endif  // SESSIONSTORE_TOOLS_INPUT_LINES_H_
