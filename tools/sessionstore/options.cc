#include "options.h"

#include <charconv>
#include <chrono>
#include <optional>

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

CLI::Option* NotEmpty(CLI::Option* option) {
  return option->check(
      [](const std::string& value) {
        return value.empty() ? std::string("an empty value means nothing here: give one or leave the option out")
                             : std::string();
      },
      "NOT EMPTY");
}

}  // namespace sessionstore::cli
