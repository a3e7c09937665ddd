#include "usage.h"

#include <fmt/core.h>

#include <algorithm>
#include <vector>

#include "commands.h"

namespace sessionstore::cli {

namespace {

// Levenshtein distance, a swap of two neighbours counting one.
size_t Distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

bool IsCommand(std::string_view word) {
  return std::any_of(std::begin(kCommands), std::end(kCommands), [&](const Command& c) { return word == c.name; });
}

// The first word of argv that is not an option or a global option's value.
std::string_view CommandWord(int argc, const char* const* argv) {
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--store" || arg == "--color") {
      ++i;
    } else if (!arg.starts_with("-")) {
      return arg;
    }
  }
  return {};
}

}  // namespace

std::string NearestCommand(std::string_view word) {
  std::string best;
  size_t best_distance = std::max<size_t>(2, word.size() / 3) + 1;
  for (const Command& c : kCommands) {
    const size_t d = Distance(word, c.name);
    const bool prefix = word.size() >= 2 && std::string_view(c.name).starts_with(word);
    if (prefix || d < best_distance) {
      best = c.name;
      best_distance = prefix ? 0 : d;
    }
  }
  return best;
}

std::string UsageError(int argc, const char* const* argv, const CLI::ParseError& error) {
  const std::string_view word = CommandWord(argc, argv);
  if (!word.empty() && !IsCommand(word)) {
    const std::string nearest = NearestCommand(word);
    return fmt::format("no command '{}'{}\nRun 'sessionstore --help' for the commands.", word,
                       nearest.empty() ? "" : "; did you mean '" + nearest + "'?");
  }
  if (word.empty()) return fmt::format("{}\nRun 'sessionstore --help' for usage.", error.what());
  return fmt::format("{}\nRun 'sessionstore {} --help' for usage.", error.what(), word);
}

}  // namespace sessionstore::cli
