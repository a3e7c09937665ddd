#include "format/time_format.h"

#include <gtest/gtest.h>

namespace sessionstore::format {
namespace {

TEST(TimeFormatTest, FormatsUtcWithMilliseconds) {
  EXPECT_EQ(FormatTimestamp(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatTimestamp(1763776438123), "2025-11-22T01:53:58.123Z");
  EXPECT_EQ(FormatTimestamp(951782400000), "2000-02-29T00:00:00.000Z");
}

TEST(TimeFormatTest, RoundTrips) {
  for (int64_t ms : {int64_t{0}, int64_t{1}, int64_t{999}, int64_t{1763776438123}, int64_t{253402300799999}}) {
    EXPECT_EQ(ParseTimestamp(FormatTimestamp(ms)), ms);
  }
}

TEST(TimeFormatTest, ParsesOffsetsAndFractions) {
  EXPECT_EQ(ParseTimestamp("1970-01-01T01:00:00+01:00"), 0);
  EXPECT_EQ(ParseTimestamp("1970-01-01T00:00:00-00:30"), 1800000);
  EXPECT_EQ(ParseTimestamp("1970-01-01T00:00:00.5Z"), 500);
  EXPECT_EQ(ParseTimestamp("1970-01-01T00:00:00.123456789Z"), 123);
  EXPECT_EQ(ParseTimestamp("1970-01-01 00:00:01Z"), 1000);
}

TEST(TimeFormatTest, RejectsWhatIsNotATime) {
  for (const char* bad : {"", "yesterday", "1970-01-01", "1970-13-01T00:00:00Z", "1970-01-01T00:00:00",
                          "1970-01-01T00:00:00.Z", "1970-01-01T00:00:00Zjunk", "1970-01-01T24:00:00Z"}) {
    EXPECT_FALSE(ParseTimestamp(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace sessionstore::format
