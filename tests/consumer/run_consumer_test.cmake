# Installs this build into a scratch prefix, then configures, builds and runs
# tests/consumer against it. Run with cmake -P; see tests/CMakeLists.txt.
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})

include(${CMAKE_CURRENT_LIST_DIR}/run.cmake)

run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${WORK_DIR}/prefix)
# With the command come its shell completions and man page.
if(EXISTS ${WORK_DIR}/prefix/bin/sessionstore)
  foreach(made IN ITEMS bash-completion/completions/sessionstore zsh/site-functions/_sessionstore
                        fish/vendor_completions.d/sessionstore.fish man/man1/sessionstore.1)
    if(NOT EXISTS ${WORK_DIR}/prefix/share/${made})
      message(FATAL_ERROR "not installed: share/${made}")
    endif()
    file(SIZE ${WORK_DIR}/prefix/share/${made} size)
    if(size LESS 1000)
      message(FATAL_ERROR "installed but nearly empty: share/${made} (${size} bytes)")
    endif()
  endforeach()
endif()
# A sanitizer build of the library needs the sanitizer runtimes at link time.
set(link_flags "")
if(SANITIZE)
  set(link_flags "-fsanitize=address,undefined")
endif()
run(${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/consumer -B ${WORK_DIR}/build -G ${GENERATOR}
    -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix "-DCMAKE_EXE_LINKER_FLAGS=${link_flags}")
run(${CMAKE_COMMAND} --build ${WORK_DIR}/build)
run(${WORK_DIR}/build/consumer ${WORK_DIR}/store)
