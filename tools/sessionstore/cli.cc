#include "cli.h"

#include <fmt/core.h>
#include <pwd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "progress.h"
#include "sessionstore/json.h"

namespace sessionstore::cli {

Result<std::string> DefaultStoreDir() {
  if (const char* dir = std::getenv("SESSIONSTORE_DIR"); dir != nullptr && *dir != '\0') return std::string(dir);
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg != nullptr && *xdg != '\0') {
    return std::string(xdg) + "/sessionstore";
  }
  // Without $HOME (a service, cron), the user's home from the password
  // database, as ssh and git find it; never the working directory.
  std::string home;
  if (const char* env = std::getenv("HOME"); env != nullptr && *env != '\0') {
    home = env;
  } else if (const passwd* user = ::getpwuid(::getuid()); user != nullptr && user->pw_dir != nullptr) {
    home = user->pw_dir;
  }
  if (home.empty() || home.front() != '/') {
    return Status::InvalidArgument("no default store: $HOME is not set; give --store or $SESSIONSTORE_DIR");
  }
  return home + "/.local/share/sessionstore";
}

Result<std::string> StoreLocation(const Globals& globals) {
  return globals.store.empty() ? DefaultStoreDir() : Result<std::string>(globals.store);
}

Result<std::unique_ptr<Store>> OpenStore(const Globals& globals, bool create, std::shared_ptr<const Redactor> redact) {
  Result<std::string> location = StoreLocation(globals);
  if (!location.ok()) return location.status();
  return OpenStoreAt(*location, {.create_if_missing = create, .redact_before_write = std::move(redact)});
}

Result<std::unique_ptr<Store>> OpenStoreAt(const std::string& location, StoreOptions options) {
  HearTheStore(&options);
  return Store::Open(location, options);
}

int Fail(const std::string& message) {
  std::fflush(stdout);
  // Never throws: a broken stderr must not turn a failure into an abort.
  std::fprintf(stderr, "sessionstore: error: %s\n", message.c_str());
  return kExitFailure;
}

int Fail(const Status& status) { return Fail(status.ToString()); }

int PrintNow(std::string_view line) {
  if (std::fwrite(line.data(), 1, line.size(), stdout) != line.size() || std::fputc('\n', stdout) == EOF ||
      std::fflush(stdout) != 0) {
    const int error = errno != 0 ? errno : EIO;
    std::clearerr(stdout);
    return error;
  }
  return 0;
}

int FinishOutput(int rc, int error) {
  errno = 0;
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
    if (error == 0) error = errno != 0 ? errno : EIO;
  }
  if (error == 0) return rc;
  if (error != EPIPE) return Fail(std::string("could not write the output: ") + std::strerror(error));
  return kExitFailure;
}

void PrintJsonLine(std::string_view json) {
  std::fwrite(json.data(), 1, json.size(), stdout);
  std::fputc('\n', stdout);
}

namespace {

// The UTF-8 of a bidirectional embedding, override or isolate control.
bool BidiControl(std::string_view three) {
  const auto b1 = static_cast<unsigned char>(three[1]), b2 = static_cast<unsigned char>(three[2]);
  return (b1 == 0x80 && b2 >= 0xAA && b2 <= 0xAE) || (b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9);
}

}  // namespace

std::string Shown(std::string_view text, bool one_line) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && (one_line || (c != '\n' && c != '\t'))) || c == 0x7f) {
      out += fmt::format("\\x{:02x}", c);
    } else if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(text[i + 1]) <= 0x9f) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned char>(text[++i]));  // a C1 control
    } else if (c == 0xE2 && i + 2 < text.size() && BidiControl(text.substr(i, 3))) {
      // U+202A-U+202E, U+2066-U+2069: would reorder what the terminal shows.
      const int point = 0x2000 + ((static_cast<unsigned char>(text[i + 1]) & 0x3F) << 6) +
                        (static_cast<unsigned char>(text[i + 2]) & 0x3F);
      out += fmt::format("\\u{:04x}", point);
      i += 2;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace sessionstore::cli
