// SessionReader: a session file read forwards, entry by entry: the header,
// then the entries, with bad lines skipped and reported (or fatal with
// ReadOptions::strict) and a torn tail left out.
//
// Reads a snapshot: the complete lines present when it was opened. Never
// locks. Not thread-safe.

#ifndef SESSIONSTORE_FILE_SESSION_READER_H_
#define SESSIONSTORE_FILE_SESSION_READER_H_

#include <sys/stat.h>

#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "file/session_files.h"
#include "format/line_decoder.h"
#include "io/fs.h"
#include "io/line_reader.h"
#include "sessionstore/options.h"
#include "sessionstore/result.h"
#include "sessionstore/session.h"

namespace sessionstore::file {

// The first line of a session file, decoded.
struct HeaderLine {
  SessionHeader header;
  std::string text;  // as stored, without '\n'
  uint64_t end = 0;  // offset of the byte after its '\n'
};

// Reads and decodes the header of the open session file `fd`, whose complete
// lines end at `complete_end`, and checks that it names session `id`.
// Corruption (with line 1) if it does not; NotSupported for a newer major
// format version.
Result<HeaderLine> ReadHeaderLine(io::Fs* fs, int fd, const std::string& path, std::string_view id,
                                  uint64_t complete_end, const ReadOptions& options, format::LineDecoder* decoder);

// Decodes one line into *entry. A bad line is reported in `skipped` (and
// *entry's id left empty) or, with ReadOptions::strict, returned as the error.
Status DecodeLine(format::LineDecoder* decoder, const io::Line& line, const std::string& path,
                  const ReadOptions& options, Entry* entry, std::vector<SkippedLine>* skipped);

// The number of '\n' in [begin, end) of the file.
Result<size_t> CountLines(io::Fs* fs, int fd, const std::string& path, uint64_t begin, uint64_t end);

// Decodes the whole lines of [begin, end) into `out`, one slot per line (the
// caller counted them); bad lines as DecodeLine says. `first_line` numbers
// the first line (0: unknown). Thread-safe for disjoint ranges.
Status DecodeLines(io::Fs* fs, int fd, const std::string& path, uint64_t begin, uint64_t end, int64_t first_line,
                   const ReadOptions& options, std::span<Entry> out, std::vector<SkippedLine>* skipped);

class SessionReader {
 public:
  // Opens the session and decodes its header. With `last_n` > 0 the entries
  // start at the last `last_n` lines, found by reading backwards; with
  // `from_offset` past the header, at that offset (a line start). Line
  // numbers are then unknown and left out of reports.
  static Result<std::unique_ptr<SessionReader>> Open(const SessionFiles& files, std::string_view id,
                                                     const ReadOptions& options, size_t last_n = 0,
                                                     uint64_t from_offset = 0);

  const SessionHeader& header() const { return header_.header; }
  int fd() const { return fd_.get(); }
  const std::string& path() const { return path_; }
  uint64_t header_end() const { return header_.end; }
  // Where the complete lines end: the file size less a torn tail.
  uint64_t complete_end() const { return complete_end_; }
  const ReadOptions& options() const { return options_; }
  const std::string& header_line() const { return header_.text; }
  // The line of the entry Next() returned last; valid until the next call.
  std::string_view line() const { return line_; }
  Where where() const { return where_; }
  // The file as it was when opened.
  const struct stat& file_stat() const { return stat_; }

  // Decodes the next entry into *entry. False at the end, or after an error
  // (status() says which).
  bool Next(Entry* entry);
  const Status& status() const { return status_; }
  const LoadReport& report() const { return report_; }

 private:
  SessionReader(io::Fd fd, std::string path, const ReadOptions& options)
      : fd_(std::move(fd)), path_(std::move(path)), options_(options), decoder_(options) {}

  io::Fd fd_;
  std::string path_;
  ReadOptions options_;
  format::LineDecoder decoder_;
  std::optional<io::LineReader> lines_;
  HeaderLine header_;
  uint64_t complete_end_ = 0;
  std::string_view line_;
  Where where_ = Where::kNone;
  struct stat stat_ {};
  LoadReport report_;
  Status status_;
};

}  // namespace sessionstore::file

#endif  // SESSIONSTORE_FILE_SESSION_READER_H_
