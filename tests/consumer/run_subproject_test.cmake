# Configures, builds and runs tests/consumer/subproject: sessionstore as a
# subproject without libpq. Then checks that nothing links libpq. Run with
# cmake -P; see tests/CMakeLists.txt.
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})

include(${CMAKE_CURRENT_LIST_DIR}/run.cmake)

# -O0: this test is about what is linked, not how fast it runs.
run(${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/consumer/subproject -B ${WORK_DIR}/build -G ${GENERATOR}
    -DCMAKE_BUILD_TYPE=Debug -DSESSIONSTORE_SOURCE_DIR=${SOURCE_DIR})
run(${CMAKE_COMMAND} --build ${WORK_DIR}/build --target consumer)
run(${WORK_DIR}/build/consumer ${WORK_DIR}/store)
run(ldd ${WORK_DIR}/build/consumer)
if(last_output MATCHES "libpq")
  message(FATAL_ERROR "the consumer links libpq:\n${last_output}")
endif()
file(READ ${WORK_DIR}/build/CMakeCache.txt cache)
if(cache MATCHES "PostgreSQL_LIBRARY:FILEPATH=/")
  message(FATAL_ERROR "the subproject looked for libpq and found it")
endif()
