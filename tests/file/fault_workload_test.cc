// A workload of every kind of file operation (testing/store_workload.h)
// with power lost, or a file operation failed, at every point of it.
//
// Power loss: every acknowledged synced append survives, process-safe and
// buffered appends lose no more than what was not synced, a rewrite is the
// old file or the new one, a migration loses nothing, and the store opens,
// lists and takes appends afterwards. The disk is the model of PowerLossFs.
//
// The Nth operation failing (open, write, short write, fsync, fdatasync,
// ftruncate, link, rename, unlink, mkdir, directory fsync) with EIO, ENOSPC
// or EFBIG, once or from then on: the call fails naming the operation and
// path, nothing acknowledged is lost, nothing is acknowledged as synced that
// the disk does not hold, no temporary file survives a list, and the store
// opens valid and takes appends.

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "file/file_backend.h"
#include "testing/power_loss_fs.h"
#include "testing/store_workload.h"
#include "testing/temp_dir.h"

namespace sessionstore {
namespace {

using testing::Acknowledged;
using testing::PowerLossFs;
using testing::StoreWorkload;
using testing::TempDir;

std::string Join(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) out += "\n  " + l;
  return out;
}

// Runs the workload on a fresh store, with `arm` setting up the failure.
template <typename Arm>
std::vector<std::string> RunOnce(Arm arm, bool apply_power_loss, long* operations = nullptr,
                                 Status* first_error = nullptr) {
  TempDir dir;
  StoreWorkload workload(dir.path());
  PowerLossFs disk(dir.path());
  arm(disk);
  Acknowledged acks;
  {
    auto store = file::OpenStore(dir.path(), {}, &disk);
    if (store.ok()) acks = workload.Run(**store, disk);
  }
  if (operations != nullptr) *operations = disk.operations();
  if (first_error != nullptr) *first_error = acks.first_error;
  if (apply_power_loss) disk.ApplyPowerLoss();
  return workload.Check(acks, apply_power_loss);
}

TEST(PowerLossTest, AtEveryOperationOfTheWorkload) {
  long total = 0;
  Status error;
  std::vector<std::string> broken = RunOnce([](PowerLossFs&) {}, false, &total, &error);
  ASSERT_TRUE(error.ok()) << error.ToString();
  ASSERT_TRUE(broken.empty()) << Join(broken);
  ASSERT_GT(total, 50) << "the workload should do many file operations";
  // Without a failure, losing power after the workload keeps what was synced.
  broken = RunOnce([](PowerLossFs&) {}, true);
  EXPECT_TRUE(broken.empty()) << "power lost at the end:" << Join(broken);
  for (long n = 1; n <= total; ++n) {
    broken = RunOnce([n](PowerLossFs& disk) { disk.LosePowerAt(n); }, true);
    EXPECT_TRUE(broken.empty()) << "power lost at operation " << n << " of " << total << ":" << Join(broken);
  }
  RecordProperty("operations", static_cast<int>(total));
}

// kInterval: an append reaches the disk within the interval, without any
// call of the caller's, and Close syncs the rest.
TEST(PowerLossTest, IntervalModeSyncsWithinItsInterval) {
  TempDir dir;
  ASSERT_TRUE(Store::Open(dir.path()).ok());
  PowerLossFs disk(dir.path());
  auto store = file::OpenStore(dir.path(), {}, &disk);
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->Create({.id = "i"}).ok());
  auto w = (*store)->OpenWriter("i", {.durability = Durability::kInterval, .interval_ms = 20});
  ASSERT_TRUE(w.ok());
  for (int i = 0; i < 5; ++i) {
    Result<std::string> id = (*w)->Append(Record::FromMessage(Message::User("tick " + std::to_string(i))));
    ASSERT_TRUE(id.ok());
    std::this_thread::sleep_for(std::chrono::milliseconds(100));  // five intervals
    EXPECT_NE(disk.Durable("sessions/i.jsonl").find(*id), std::string::npos) << "entry " << i << " not synced";
  }
  // Close syncs what the interval has not yet.
  Result<std::string> last = (*w)->Append(Record::FromMessage(Message::User("last")));
  ASSERT_TRUE(last.ok());
  ASSERT_TRUE((*w)->Close().ok());
  EXPECT_NE(disk.Durable("sessions/i.jsonl").find(*last), std::string::npos) << "Close did not sync";
}

struct Fault {
  const char* name;
  int err;
  bool forever;
  bool short_write;
};

TEST(FailNthTest, EveryOperationFailsInEveryWay) {
  long total = 0;
  RunOnce([](PowerLossFs&) {}, false, &total);
  ASSERT_GT(total, 50);
  const Fault faults[] = {
      {"EIO once", EIO, false, false},
      {"EIO from then on", EIO, true, false},
      {"ENOSPC once", ENOSPC, false, false},
      {"ENOSPC from then on", ENOSPC, true, false},
      {"EFBIG once", EFBIG, false, false},
      {"EFBIG from then on", EFBIG, true, false},
      {"a short write, then ENOSPC", ENOSPC, true, true},
  };
  int runs = 0, errors = 0;
  for (const Fault& f : faults) {
    for (long n = 1; n <= total; ++n) {
      Status error;
      std::vector<std::string> broken =
          RunOnce([&](PowerLossFs& disk) { disk.FailAt(n, f.err, f.forever, f.short_write); }, false, nullptr, &error);
      ++runs;
      errors += !error.ok();
      EXPECT_TRUE(broken.empty()) << f.name << " at operation " << n << " of " << total << " (the workload got "
                                  << error.ToString() << "):" << Join(broken);
    }
  }
  // Most failures must reach the caller; only a few (removing a lock file
  // or a temporary file, say) may be absorbed.
  EXPECT_GT(errors, runs * 3 / 4) << errors << " of " << runs << " runs saw an error";
  RecordProperty("runs", runs);
  RecordProperty("errors", errors);
}

}  // namespace
}  // namespace sessionstore
