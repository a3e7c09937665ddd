#include "format/json_writer.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <random>
#include <string>

namespace sessionstore::format {
namespace {

std::string Escape(std::string_view s) {
  ByteBuffer out;
  AppendJsonString(s, &out);
  return std::string(out.view());
}

// Parses a JSON string literal back with simdjson.
std::string Unescape(const std::string& literal) {
  simdjson::dom::parser parser;
  std::string_view v;
  EXPECT_EQ(parser.parse(literal).get_string().get(v), simdjson::SUCCESS) << literal;
  return std::string(v);
}

TEST(JsonWriterTest, EscapesWhatJsonRequires) {
  EXPECT_EQ(Escape("plain"), "\"plain\"");
  EXPECT_EQ(Escape("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(Escape("\n\t\r\b\f"), "\"\\n\\t\\r\\b\\f\"");
  EXPECT_EQ(Escape(std::string("\x01\x1f", 2)), "\"\\u0001\\u001f\"");
  EXPECT_EQ(Escape(std::string("\0", 1)), "\"\\u0000\"");
  EXPECT_EQ(Escape("caf\xC3\xA9 \xE2\x9C\x93"), "\"caf\xC3\xA9 \xE2\x9C\x93\"");  // UTF-8 as is
  EXPECT_EQ(Escape(""), "\"\"");
}

// Every length around the SIMD block and chunk sizes, with specials at every
// position, must read back unchanged.
TEST(JsonWriterTest, RoundTripsAtEveryBlockBoundary) {
  std::mt19937 rng(42);
  const std::string alphabet = std::string("abc \"\\\n\t\x01\x7f", 11) + "\xC3\xA9";
  for (size_t len : {0, 1, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 4095, 4096, 4097, 9000}) {
    for (int trial = 0; trial < 20; ++trial) {
      std::string s;
      for (size_t i = 0; i < len; ++i) {
        char c = alphabet[rng() % (alphabet.size() - 2)];  // ASCII part only
        s.push_back(c);
      }
      EXPECT_EQ(Unescape(Escape(s)), s) << "length " << len;
    }
  }
}

TEST(JsonWriterTest, WritesCompactObjectsAndArrays) {
  ByteBuffer out;
  JsonWriter w(&out);
  w.BeginObject();
  w.Key("a");
  w.Int(-3);
  w.Key("b");
  w.BeginArray();
  w.Uint(18446744073709551615ULL);
  w.Double(0.1);
  w.Bool(true);
  w.Null();
  w.BeginObject();
  w.EndObject();
  w.EndArray();
  w.Key("c");
  w.Raw("{\"x\":[1,2]}");
  w.EndObject();
  EXPECT_EQ(out.view(), "{\"a\":-3,\"b\":[18446744073709551615,0.1,true,null,{}],\"c\":{\"x\":[1,2]}}");
}

TEST(JsonWriterTest, DoublesReadBackExactly) {
  for (double d : {0.0, 1.0, 0.00696, 123456.789, 1e-12, 3.141592653589793}) {
    ByteBuffer out;
    JsonWriter(&out).Double(d);
    EXPECT_EQ(std::stod(std::string(out.view())), d);
  }
}

}  // namespace
}  // namespace sessionstore::format
