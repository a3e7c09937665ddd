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

# The C API: a C program built against the installed library with nothing
# but cc and pkg-config, then run.
if(EXISTS ${WORK_DIR}/prefix/${LIBDIR}/pkgconfig/sessionstore.pc)
  set(ENV{PKG_CONFIG_PATH} ${WORK_DIR}/prefix/${LIBDIR}/pkgconfig)
  run(sh -c "cc -std=c11 -Wall -Wextra -Werror ${link_flags} -o '${WORK_DIR}/c_api_test' \
             '${SOURCE_DIR}/tests/c/c_api_test.c' $(pkg-config --cflags --libs sessionstore)")
  file(MAKE_DIRECTORY ${WORK_DIR}/c)
  set(ENV{LD_LIBRARY_PATH} ${WORK_DIR}/prefix/${LIBDIR})
  run(${WORK_DIR}/c_api_test ${WORK_DIR}/c)
  # libsessionstore.so.0 exports the C API and nothing else.
  execute_process(COMMAND nm -D --defined-only ${WORK_DIR}/prefix/${LIBDIR}/libsessionstore.so.0
                  OUTPUT_VARIABLE symbols RESULT_VARIABLE rc)
  string(REGEX MATCHALL "\n[0-9a-f]+ [TDBRW] [^\n]+" exported "\n${symbols}")
  list(FILTER exported EXCLUDE REGEX " sessionstore_[a-z_]+$")
  if(NOT rc EQUAL 0 OR exported)
    message(FATAL_ERROR "libsessionstore.so.0 exports more than the C API (${rc}): ${exported}")
  endif()
  execute_process(COMMAND objdump -p ${WORK_DIR}/prefix/${LIBDIR}/libsessionstore.so.0 OUTPUT_VARIABLE dynamic)
  if(NOT dynamic MATCHES "SONAME +libsessionstore\\.so\\.0")
    message(FATAL_ERROR "libsessionstore.so.0 has no SONAME libsessionstore.so.0")
  endif()
endif()

# The Python package, imported from the install with nothing set: it finds
# the library it was installed with.
if(PYTHON AND NOT SANITIZE AND EXISTS ${WORK_DIR}/prefix/${PYTHON_DIR}/sessionstore/_install.py)
  unset(ENV{LD_LIBRARY_PATH})
  unset(ENV{SESSIONSTORE_LIBRARY})
  set(ENV{PYTHONPATH} ${WORK_DIR}/prefix/${PYTHON_DIR})
  set(ENV{PYTHONDONTWRITEBYTECODE} 1)
  run(${PYTHON} -c "
import sessionstore, sys
store = sessionstore.Store.open(sys.argv[1])
sid = store.create(title='from the installed package')
with store.writer(sid) as w:
    w.append({'role': 'user', 'content': 'hello'})
assert store.load(sid).entries[0]['message']['content'][0]['text'] == 'hello'
assert sessionstore.__file__.startswith(sys.argv[2]), sessionstore.__file__
print('python package: ok')
" ${WORK_DIR}/python-store ${WORK_DIR}/prefix)
endif()
