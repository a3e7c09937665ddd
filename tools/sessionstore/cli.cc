#include "cli.h"

#include <fmt/core.h>

#include <cstdio>
#include <cstdlib>

#include "sessionstore/json.h"

namespace sessionstore::cli {

std::string DefaultStoreDir() {
  if (const char* dir = std::getenv("SESSIONSTORE_DIR"); dir != nullptr && *dir != '\0') return dir;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg != nullptr && *xdg != '\0') {
    return std::string(xdg) + "/sessionstore";
  }
  const char* home = std::getenv("HOME");
  return std::string(home != nullptr && *home != '\0' ? home : ".") + "/.local/share/sessionstore";
}

Result<std::unique_ptr<Store>> OpenStore(const Globals& globals) {
  return OpenStoreAt(globals.store.empty() ? DefaultStoreDir() : globals.store, {});
}

Result<std::unique_ptr<Store>> OpenStoreAt(const std::string& location, StoreOptions options) {
  options.on_notice = [](std::string_view notice) { fmt::print(stderr, "sessionstore: {}\n", notice); };
  return Store::Open(location, options);
}

int Fail(const std::string& message) {
  std::fflush(stdout);
  fmt::print(stderr, "sessionstore: error: {}\n", message);
  return kExitFailure;
}

int Fail(const Status& status) { return Fail(status.ToString()); }

void PrintJsonLine(std::string_view json) {
  std::fwrite(json.data(), 1, json.size(), stdout);
  std::fputc('\n', stdout);
}

std::string ShortTime(int64_t ms) {
  std::string s = FormatTimestamp(ms);
  s[10] = ' ';
  return s.substr(0, 16);
}

}  // namespace sessionstore::cli
