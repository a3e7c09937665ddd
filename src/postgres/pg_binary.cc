#include "postgres/pg_binary.h"

namespace sessionstore::postgres::binary {

void AppendUint16(uint16_t v, std::string* out) {
  out->push_back(static_cast<char>(v >> 8));
  out->push_back(static_cast<char>(v));
}

void AppendUint32(uint32_t v, std::string* out) {
  AppendUint16(static_cast<uint16_t>(v >> 16), out);
  AppendUint16(static_cast<uint16_t>(v), out);
}

void AppendInt64(int64_t v, std::string* out) {
  const uint64_t u = static_cast<uint64_t>(v);
  AppendUint32(static_cast<uint32_t>(u >> 32), out);
  AppendUint32(static_cast<uint32_t>(u), out);
}

std::string Int8(int64_t v) {
  std::string out;
  AppendInt64(v, &out);
  return out;
}

void ArrayBuilder::Add(std::string_view element) {
  AppendUint32(static_cast<uint32_t>(element.size()), &elements_);
  elements_.append(element);
  ++count_;
}

void ArrayBuilder::AddNull() {
  AppendUint32(UINT32_MAX, &elements_);  // length -1
  has_null_ = true;
  ++count_;
}

std::string ArrayBuilder::Finish() {
  // array_recv: dimensions, a has-nulls flag, the element type, then each
  // dimension's length and lower bound, then the elements.
  std::string out;
  out.reserve(20 + elements_.size());
  AppendUint32(1, &out);
  AppendUint32(has_null_ ? 1 : 0, &out);
  AppendUint32(element_type_, &out);
  AppendUint32(count_, &out);
  AppendUint32(1, &out);
  out.append(elements_);
  elements_.clear();
  count_ = 0;
  has_null_ = false;
  return out;
}

std::string TextArray(const std::vector<std::string>& values) {
  ArrayBuilder array(kText);
  for (const std::string& v : values) array.Add(v);
  return array.Finish();
}

}  // namespace sessionstore::postgres::binary
