#include "options.h"

#include <unistd.h>

#include <charconv>
#include <chrono>
#include <climits>
#include <ctime>
#include <filesystem>
#include <optional>

#include "sessionstore/json.h"

namespace sessionstore::cli {

namespace {

// Digits only, within [0, max].
std::optional<uint64_t> ParseWhole(std::string_view text, uint64_t max) {
  uint64_t n = 0;
  if (text.empty() || text.front() < '0' || text.front() > '9') return std::nullopt;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size() || n > max) return std::nullopt;
  return n;
}

std::optional<int64_t> ParseAge(std::string_view text) {
  if (text.size() < 2) return std::nullopt;
  int64_t unit = 0;
  switch (text.back()) {
    case 's': unit = 1000; break;
    case 'm': unit = 60 * 1000; break;
    case 'h': unit = 3600 * 1000; break;
    case 'd': unit = 86400 * 1000; break;
    case 'w': unit = 7 * 86400 * 1000; break;
    default: return std::nullopt;
  }
  std::optional<uint64_t> n = ParseWhole(text.substr(0, text.size() - 1), static_cast<uint64_t>(NowMs() / unit));
  if (!n) return std::nullopt;
  return static_cast<int64_t>(*n) * unit;  // at most now: no overflow
}

// 2026-11-22 or 2026-11-22T10:30[:45] in local time.
std::optional<int64_t> ParseLocalTime(std::string_view text) {
  std::tm tm{};
  int consumed = 0;
  const std::string s(text);
  if (text.size() == 10) {
    if (std::sscanf(s.c_str(), "%4d-%2d-%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &consumed) != 3) {
      return std::nullopt;
    }
  } else if (std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                         &tm.tm_min, &consumed) == 5) {
    int more = 0;
    if (static_cast<size_t>(consumed) < s.size() &&
        std::sscanf(s.c_str() + consumed, ":%2d%n", &tm.tm_sec, &more) == 1) {
      consumed += more;
    }
  } else {
    return std::nullopt;
  }
  if (static_cast<size_t>(consumed) != s.size() || tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 ||
      tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60 || tm.tm_year < 1970) {
    return std::nullopt;
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  tm.tm_isdst = -1;
  const std::time_t t = std::mktime(&tm);
  if (t == static_cast<std::time_t>(-1)) return std::nullopt;
  return static_cast<int64_t>(t) * 1000;
}

std::optional<int64_t> ParseTime(std::string_view text) {
  if (std::optional<int64_t> age = ParseAge(text)) return NowMs() - *age;
  if (std::optional<int64_t> local = ParseLocalTime(text)) return local;
  if (Result<int64_t> rfc = ParseTimestamp(text); rfc.ok()) return *rfc;
  return std::nullopt;
}

}  // namespace

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

CLI::Option* AddCount(CLI::App* sub, const std::string& name, size_t* out, const std::string& help, size_t max) {
  return sub
      ->add_option_function<std::string>(
          name, [out, max](const std::string& text) { *out = static_cast<size_t>(*ParseWhole(text, max)); }, help)
      ->check(CLI::Validator(
          [max](std::string& text) {
            return ParseWhole(text, max) ? std::string()
                                         : "not a whole number from 0 to " + std::to_string(max) + ": " + text;
          },
          "N"));
}

CLI::Option* AddAge(CLI::App* sub, const std::string& name, int64_t* out_ms, const std::string& help) {
  return sub
      ->add_option_function<std::string>(
          name, [out_ms](const std::string& text) { *out_ms = *ParseAge(text); }, help)
      ->check(CLI::Validator(
          [](std::string& text) {
            return ParseAge(text) ? std::string() : "not an age like 30d, 12h or 2w (back to 1970 at most): " + text;
          },
          "AGE"));
}

CLI::Option* AddTime(CLI::App* sub, const std::string& name, int64_t* out_ms, const std::string& help) {
  return sub
      ->add_option_function<std::string>(
          name, [out_ms](const std::string& text) { *out_ms = *ParseTime(text); }, help)
      ->check(CLI::Validator(
          [](std::string& text) {
            return ParseTime(text) ? std::string()
                                   : "not a time: give an age (30d, 12h), a date (2026-11-22), a local time "
                                     "(2026-11-22T10:30) or RFC 3339 (2026-11-22T10:30:00Z): " +
                                         text;
          },
          "TIME"));
}

std::string CurrentWorkspace() {
  char buf[PATH_MAX];
  return ::getcwd(buf, sizeof buf) != nullptr ? std::string(buf) : std::string();
}

std::string NormalizeWorkspace(std::string_view path) {
  std::filesystem::path p(path);
  if (p.is_relative()) p = std::filesystem::path(CurrentWorkspace()) / p;
  std::string out = p.lexically_normal().string();
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

CLI::Option* AddWorkspace(CLI::App* sub, const std::string& name, std::string* out, const std::string& help) {
  return NotEmpty(sub->add_option_function<std::string>(
      name, [out](const std::string& text) { *out = NormalizeWorkspace(text); }, help));
}

CLI::Option* NotEmpty(CLI::Option* option) {
  return option->check(
      [](const std::string& value) {
        return value.empty() ? std::string("an empty value means nothing here: give one or leave the option out")
                             : std::string();
      },
      "NOT EMPTY");
}

}  // namespace sessionstore::cli
