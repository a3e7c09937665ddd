// FUZZ_CHECK: a property every input must keep. A broken one aborts, so
// that libFuzzer saves the input and the replay test fails on it.

#ifndef SESSIONSTORE_FUZZ_FUZZ_CHECK_H_
#define SESSIONSTORE_FUZZ_FUZZ_CHECK_H_

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(cond)                                                               \
  do {                                                                                 \
    if (!(cond)) {                                                                     \
      std::fprintf(stderr, "%s:%d: property broken: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                    \
    }                                                                                  \
  } while (0)

#endif  // SESSIONSTORE_FUZZ_FUZZ_CHECK_H_
