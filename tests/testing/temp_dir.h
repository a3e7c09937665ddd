// A fresh directory for one test, removed with everything in it afterwards.

#ifndef SESSIONSTORE_TESTS_TESTING_TEMP_DIR_H_
#define SESSIONSTORE_TESTS_TESTING_TEMP_DIR_H_

#include <string>

namespace sessionstore::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// The whole content of a file; empty if it cannot be read.
std::string ReadFile(const std::string& path);
void WriteFile(const std::string& path, const std::string& content);

}  // namespace sessionstore::testing

#endif  // SESSIONSTORE_TESTS_TESTING_TEMP_DIR_H_
