#include "times.h"

#include <fmt/core.h>
#include <unistd.h>

#include <ctime>

#include "options.h"

namespace sessionstore::cli {

namespace {

std::tm Local(int64_t ms) {
  const std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  ::localtime_r(&t, &tm);
  return tm;
}

}  // namespace

std::string LocalTime(int64_t ms, bool seconds) {
  const std::tm tm = Local(ms);
  char buf[64];
  std::strftime(buf, sizeof buf, seconds ? "%Y-%m-%d %H:%M:%S %z" : "%Y-%m-%d %H:%M %z", &tm);
  return buf;
}

std::string Ago(int64_t ms, int64_t now_ms) {
  const int64_t s = (now_ms - ms) / 1000;
  if (s < -60) return "in the future";
  if (s < 10) return "just now";
  if (s < 60) return fmt::format("{} sec ago", s);
  if (s < 3600) return fmt::format("{} min ago", s / 60);
  if (s < 86400) return fmt::format("{} hour{} ago", s / 3600, s / 3600 == 1 ? "" : "s");
  if (s < 14 * 86400) return fmt::format("{} day{} ago", s / 86400, s / 86400 == 1 ? "" : "s");
  if (s < 8 * 7 * 86400) return fmt::format("{} weeks ago", s / (7 * 86400));
  const std::tm tm = Local(ms);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

bool StdoutIsTerminal() {
  static const bool terminal = ::isatty(STDOUT_FILENO) == 1;
  return terminal;
}

std::string TableTime(int64_t ms) { return StdoutIsTerminal() ? Ago(ms, NowMs()) : LocalTime(ms); }

}  // namespace sessionstore::cli
