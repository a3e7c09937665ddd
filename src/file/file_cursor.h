// FileCursor: the Cursor of the file store, over a SessionReader.

#ifndef SESSIONSTORE_FILE_FILE_CURSOR_H_
#define SESSIONSTORE_FILE_FILE_CURSOR_H_

#include <memory>

#include "file/session_reader.h"
#include "sessionstore/cursor.h"

namespace sessionstore::file {

class FileCursor final : public Cursor {
 public:
  explicit FileCursor(std::unique_ptr<SessionReader> reader) : reader_(std::move(reader)) {
    valid_ = reader_->Next(&entry_);
  }

  bool Valid() const override { return valid_; }
  void Next() override { valid_ = reader_->Next(&entry_); }
  const Entry& entry() const override { return entry_; }
  const Status& status() const override { return reader_->status(); }
  std::string_view line() const override { return reader_->line(); }
  const SessionHeader& header() const override { return reader_->header(); }
  std::string_view header_line() const override { return reader_->header_line(); }
  const LoadReport& report() const override { return reader_->report(); }

 private:
  std::unique_ptr<SessionReader> reader_;
  Entry entry_;
  bool valid_ = false;
};

}  // namespace sessionstore::file

#endif  // SESSIONSTORE_FILE_FILE_CURSOR_H_
