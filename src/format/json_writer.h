// JsonWriter: appends compact JSON to a caller's ByteBuffer.
//
// It writes what it is told, in order, with commas and escaping; it does not
// check that keys and values alternate. Strings must be UTF-8 (the codec
// validates whole lines). Not thread-safe; the output string is borrowed and
// must outlive the writer.

#ifndef SESSIONSTORE_FORMAT_JSON_WRITER_H_
#define SESSIONSTORE_FORMAT_JSON_WRITER_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "format/byte_buffer.h"

namespace sessionstore::format {

// Appends `s` as a JSON string literal, quotes included.
void AppendJsonString(std::string_view s, ByteBuffer* out);

class JsonWriter {
 public:
  explicit JsonWriter(ByteBuffer* out) : out_(out) {}

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }

  // Starts a member; the next call writes its value.
  void Key(std::string_view key);
  // The same for a key already written as JSON, without its quotes
  // ("\u0041bc"); the caller has checked it.
  void RawKey(std::string_view written);

  void String(std::string_view s);
  void Int(int64_t v);
  void Uint(uint64_t v);
  void Double(double v);  // finite only; callers check
  void Bool(bool v);
  void Null();
  // A value that is already JSON text, copied as is.
  void Raw(std::string_view json);

 private:
  void BeforeValue() {
    if (need_comma_) out_->push_back(',');
    need_comma_ = true;
  }
  void Open(char c) {
    BeforeValue();
    out_->push_back(c);
    need_comma_ = false;
  }
  void Close(char c) {
    out_->push_back(c);
    need_comma_ = true;
  }

  ByteBuffer* out_;
  bool need_comma_ = false;
};

}  // namespace sessionstore::format

#endif  // SESSIONSTORE_FORMAT_JSON_WRITER_H_
