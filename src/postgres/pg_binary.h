// The binary forms of values (what PostgreSQL's receive functions read,
// e.g. int8recv, array_recv), for parameters sent as
// PgConnection::Param::Binary: the server copies them instead of parsing
// text, and text needs no quoting. The tsvector's form is made with the
// words, in pg_text_search.h. Pure functions.

#ifndef SESSIONSTORE_POSTGRES_PG_BINARY_H_
#define SESSIONSTORE_POSTGRES_PG_BINARY_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sessionstore::postgres::binary {

// Type OIDs of the server's built-in types (pg_type.dat; fixed).
inline constexpr uint32_t kInt8 = 20;
inline constexpr uint32_t kText = 25;
inline constexpr uint32_t kTsVector = 3614;

// Appends `v` in network byte order (big-endian), as the wire has it.
void AppendUint16(uint16_t v, std::string* out);
void AppendUint32(uint32_t v, std::string* out);
void AppendInt64(int64_t v, std::string* out);

// A bigint.
std::string Int8(int64_t v);

// A one-dimensional array of the type `element_type`; elements in the
// binary form of that type. (The binary form of text is its bytes.)
class ArrayBuilder {
 public:
  explicit ArrayBuilder(uint32_t element_type) : element_type_(element_type) {}

  void Add(std::string_view element);
  void AddNull();
  // The array; the builder is left empty.
  std::string Finish();

 private:
  uint32_t element_type_;
  uint32_t count_ = 0;
  bool has_null_ = false;
  std::string elements_;
};

// A text[] of `values`.
std::string TextArray(const std::vector<std::string>& values);

}  // namespace sessionstore::postgres::binary

#endif  // SESSIONSTORE_POSTGRES_PG_BINARY_H_
