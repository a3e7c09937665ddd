// The benchmark workload: the neutral message pool written by the peer
// benchmark's generator (gen.py: 40% user, 40% assistant with 0-2 tool
// calls, 20% tool results of 1-20 KB), turned into sessionstore records.
//
// The pool is read from $SESSIONSTORE_BENCH_DATA/messages.jsonl;
// bench/run-bench.sh generates it.

#ifndef SESSIONSTORE_BENCH_WORKLOAD_H_
#define SESSIONSTORE_BENCH_WORKLOAD_H_

#include <string>
#include <vector>

#include "sessionstore/record.h"

namespace sessionstore::bench {

// The directory holding messages.jsonl; exits with a message if unset.
std::string DataDir();

// Neutral messages as records, in pool order. Exits on a malformed pool.
std::vector<Record> LoadPool(const std::string& data_dir, size_t limit = 0);

// The records as the lines a writer appends (same bytes, '\n' included),
// with a fixed envelope. Exits if one does not encode.
std::vector<std::string> EncodeLines(const std::vector<Record>& records);

// A fresh empty directory for a benchmark's store, under
// $SESSIONSTORE_BENCH_DIR (default: the system temporary directory).
std::string FreshDir(const std::string& name);

}  // namespace sessionstore::bench

#endif  // SESSIONSTORE_BENCH_WORKLOAD_H_
