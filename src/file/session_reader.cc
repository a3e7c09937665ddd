#include "file/session_reader.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>

#include "store/bad_lines.h"

namespace sessionstore::file {

namespace {

ErrorContext LineContext(const std::string& path, const io::Line& line) {
  return ErrorContext{.op = "read",
                      .path = path,
                      .line = line.number > 0 ? line.number : -1,
                      .offset = static_cast<int64_t>(line.offset)};
}

}  // namespace

Result<HeaderLine> ReadHeaderLine(io::Fs* fs, int fd, const std::string& path, std::string_view id,
                                  uint64_t complete_end, const ReadOptions& options, format::LineDecoder* decoder) {
  io::LineReader lines(fs, fd, path, 0, complete_end, 1, options.max_line_bytes);
  io::Line first;
  if (!lines.Next(&first)) {
    if (!lines.status().ok()) return lines.status();
    return Status::Corruption("no complete header line",
                              ErrorContext{.op = "read", .path = path, .line = 1, .offset = 0});
  }
  HeaderLine h;
  Status s = first.too_long ? store::LineTooLong(options) : decoder->DecodeHeader(first.text, true, &h.header);
  if (s.ok() && h.header.id != id) s = Status::Corruption("header names session \"" + h.header.id + "\"");
  if (!s.ok()) return s.WithContext(LineContext(path, first));
  h.text.assign(first.text);
  h.end = first.text.size() + 1;
  return h;
}

Result<std::unique_ptr<SessionReader>> SessionReader::Open(const SessionFiles& files, std::string_view id,
                                                           const ReadOptions& options, size_t last_n,
                                                           uint64_t from_offset) {
  Where where;
  Result<io::Fd> fd = files.OpenSession(id, false, &where);
  if (!fd.ok()) return fd.status();
  std::unique_ptr<SessionReader> r(new SessionReader(std::move(*fd), files.PathOf(where, id), options));
  r->where_ = where;
  io::Fs* fs = files.fs();
  if (fs->FStat(r->fd_.get(), &r->stat_) != 0) return Status::FromErrno(errno, "stat", r->path_);
  const uint64_t size = static_cast<uint64_t>(r->stat_.st_size);
  Result<uint64_t> complete = io::CompleteLinesEnd(fs, r->fd_.get(), r->path_, 0, size);
  if (!complete.ok()) return complete.status();
  r->report_.torn_tail_bytes = size - *complete;
  r->complete_end_ = *complete;
  Result<HeaderLine> header = ReadHeaderLine(fs, r->fd_.get(), r->path_, id, *complete, options, &r->decoder_);
  if (!header.ok()) return header.status();
  r->header_ = std::move(*header);

  // Entries start after the header, or at the last N lines.
  uint64_t start = std::clamp(from_offset, r->header_.end, *complete);
  if (last_n > 0) {
    Result<uint64_t> tail = io::FindLastLinesStart(fs, r->fd_.get(), r->path_, start, *complete, last_n);
    if (!tail.ok()) return tail.status();
    start = *tail;
  }
  // Line numbers are known from the header on; past it they would need counting.
  r->lines_.emplace(fs, r->fd_.get(), r->path_, start, *complete, start == r->header_.end ? 2 : 0,
                    options.max_line_bytes);
  return r;
}

Status DecodeLine(format::LineDecoder* decoder, const io::Line& line, const std::string& path,
                  const ReadOptions& options, Entry* entry, std::vector<SkippedLine>* skipped) {
  Status bad = line.too_long ? store::LineTooLong(options) : decoder->DecodeEntry(line.text, true, entry);
  if (bad.ok()) return bad;
  entry->id.clear();  // marks the slot as holding no entry
  return store::SkipOrFail(bad, LineContext(path, line), options, skipped);
}

Result<size_t> CountLines(io::Fs* fs, int fd, const std::string& path, uint64_t begin, uint64_t end) {
  constexpr size_t kChunk = size_t{1} << 20;
  std::unique_ptr<char[]> buf(new char[kChunk]);
  size_t lines = 0;
  for (uint64_t at = begin; at < end;) {
    const size_t n = static_cast<size_t>(std::min<uint64_t>(kChunk, end - at));
    if (Status s = io::PReadFull(fs, fd, buf.get(), n, at, "read", path); !s.ok()) return s;
    for (const char* p = buf.get(); (p = static_cast<const char*>(std::memchr(p, '\n', buf.get() + n - p))); ++p) {
      ++lines;
    }
    at += n;
  }
  return lines;
}

Status DecodeLines(io::Fs* fs, int fd, const std::string& path, uint64_t begin, uint64_t end, int64_t first_line,
                   const ReadOptions& options, std::span<Entry> out, std::vector<SkippedLine>* skipped) {
  io::LineReader lines(fs, fd, path, begin, end, first_line, options.max_line_bytes);
  format::LineDecoder decoder(options);
  io::Line line;
  size_t i = 0;
  while (i < out.size() && lines.Next(&line)) {
    if (Status s = DecodeLine(&decoder, line, path, options, &out[i++], skipped); !s.ok()) return s;
  }
  if (!lines.status().ok()) return lines.status();
  if (i != out.size() || lines.Next(&line)) {
    return Status::Corruption("the file changed while it was read", ErrorContext{.op = "read", .path = path});
  }
  return Status::OK();
}

bool SessionReader::Next(Entry* entry) {
  if (!status_.ok()) return false;
  io::Line line;
  while (lines_->Next(&line)) {
    status_ = DecodeLine(&decoder_, line, path_, options_, entry, &report_.skipped);
    if (!status_.ok()) return false;
    if (!entry->id.empty()) {
      line_ = line.text;
      return true;
    }
  }
  status_ = lines_->status();
  report_.torn_tail_bytes += lines_->torn_tail_bytes();
  return false;
}

}  // namespace sessionstore::file
