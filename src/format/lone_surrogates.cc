#include "format/lone_surrogates.h"

namespace sessionstore::format {

namespace {

// The code unit of the escape "\uXXXX" at `at`, or -1 if there is none.
int EscapedUnit(std::string_view json, size_t at) {
  if (at + 6 > json.size() || json[at] != '\\' || json[at + 1] != 'u') return -1;
  int unit = 0;
  for (size_t i = at + 2; i < at + 6; ++i) {
    const char c = json[i];
    const int digit = c >= '0' && c <= '9'   ? c - '0'
                      : c >= 'a' && c <= 'f' ? c - 'a' + 10
                      : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                             : -1;
    if (digit < 0) return -1;
    unit = unit * 16 + digit;
  }
  return unit;
}

bool IsHigh(int unit) { return unit >= 0xD800 && unit <= 0xDBFF; }
bool IsLow(int unit) { return unit >= 0xDC00 && unit <= 0xDFFF; }

}  // namespace

std::optional<std::string> WithoutLoneSurrogates(std::string_view json) {
  std::optional<std::string> out;
  // Backslashes only occur in strings, each starting an escape: walking
  // escape by escape never mistakes "\\ud800" (a backslash, then text) for one.
  for (size_t at = json.find('\\'); at != std::string_view::npos; at = json.find('\\', at)) {
    const int unit = EscapedUnit(json, at);
    if (unit < 0) {
      at += 2;
      continue;
    }
    if (IsHigh(unit) && IsLow(EscapedUnit(json, at + 6))) {
      at += 12;
      continue;
    }
    if (IsHigh(unit) || IsLow(unit)) {
      if (!out) out.emplace(json);
      out->replace(at, 6, "\\ufffd");
    }
    at += 6;
  }
  return out;
}

}  // namespace sessionstore::format
