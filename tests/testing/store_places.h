// StorePlace: an empty place for a store of one backend, made for one test
// and removed after it, and the table of every backend the contract tests
// run on. A new backend is one row of kBackends (store_places.cc).

#ifndef SESSIONSTORE_TESTS_TESTING_STORE_PLACES_H_
#define SESSIONSTORE_TESTS_TESTING_STORE_PLACES_H_

#include <memory>
#include <string>
#include <vector>

namespace sessionstore::testing {

class StorePlace {
 public:
  virtual ~StorePlace() = default;
  // What Store::Open takes; empty if the place could not be made, and
  // error() says why.
  virtual std::string location() const = 0;
  virtual std::string error() const { return {}; }
  // The session as the place holds it, as the bytes of a session file:
  // header line, entry lines, each with its '\n'. Empty if there is none.
  virtual std::string Stored(const std::string& id) const = 0;
  // Damage, planted behind the store's back: the session as stored becomes
  // `content` (a header line, then lines that need not read, each with its
  // '\n'). False where the backend holds nothing unread (memory).
  virtual bool Plant(const std::string& id, const std::string& content) const = 0;
  // What Store::Repair set aside for the session: its rejected lines and
  // its backup, each as one text of lines. Empty if none.
  virtual std::string Rejected(const std::string& id) const = 0;
  virtual std::string Backup(const std::string& id) const = 0;
};

struct BackendRow {
  const char* name;
  // Its writers keep Durability::kBuffered appends in memory (the memory
  // store writes every append at once).
  bool buffering;
  // StorePlace::Plant works.
  bool plantable;
  // A place of this backend; `dir` is an empty directory the place may use
  // (the file store is made there), which outlives it.
  std::unique_ptr<StorePlace> (*make)(const std::string& dir);
};

// Every backend of this build.
const std::vector<BackendRow>& Backends();
// The names of those that have what `want` asks for.
struct BackendFilter {
  bool buffering = false;
  bool plantable = false;  // StorePlace::Plant works
};
std::vector<std::string> BackendNames(const BackendFilter& want = {});
// The place of the backend named `name` (Backends()).
std::unique_ptr<StorePlace> MakePlace(const std::string& name, const std::string& dir);

}  // namespace sessionstore::testing

#endif  // SESSIONSTORE_TESTS_TESTING_STORE_PLACES_H_
