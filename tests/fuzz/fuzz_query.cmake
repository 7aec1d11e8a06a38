# fuzz_query.cmake: the libFuzzer harnesses of the query language
# (fuzz_query) and of catalogue -> DOT/SVG/HTML (fuzz_render).  Included by
# the top-level CMakeLists.txt when RELGRAPH_FUZZ is ON; needs clang:
#   cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DRELGRAPH_FUZZ=ON
#   cmake --build build-fuzz --target fuzz_query fuzz_render
# How to run them: tests/fuzz/README.md.
if(NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "RELGRAPH_FUZZ needs clang (libFuzzer): -DCMAKE_C_COMPILER=clang")
endif()

# The library is instrumented for coverage and checked by ASan, UBSan and
# clang's float-cast-overflow (gcc's UBSan does not check it by default);
# once, whichever harness fragment comes first.
set(RG_FUZZ_SAN address,undefined,float-cast-overflow)
if(NOT TARGET relgraph_fuzz_flags)
  add_library(relgraph_fuzz_flags INTERFACE)
  target_compile_options(relgraph_objs PRIVATE
    -fsanitize=fuzzer-no-link,${RG_FUZZ_SAN} -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(relgraph_lib INTERFACE -fsanitize=${RG_FUZZ_SAN})
endif()

foreach(h fuzz_query fuzz_render)
  add_executable(${h} ${CMAKE_CURRENT_LIST_DIR}/${h}.c)
  target_compile_options(${h} PRIVATE
    -fsanitize=fuzzer,${RG_FUZZ_SAN} -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(${h} PRIVATE -fsanitize=fuzzer,${RG_FUZZ_SAN})
  target_link_libraries(${h} PRIVATE relgraph_lib)
  target_compile_definitions(${h} PRIVATE RELGRAPH_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
endforeach()

# A short run of each on its seeds, inside the test suite's budget.  New
# inputs go to the first folder given, in the build tree: the seeds in the
# source tree are only read.
if(BUILD_TESTING)
  file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/fuzz/query ${CMAKE_BINARY_DIR}/fuzz/render)
  add_test(NAME fuzz/fuzz_query
    COMMAND fuzz_query -max_total_time=20 -timeout=10 -max_len=1024
            ${CMAKE_BINARY_DIR}/fuzz/query ${CMAKE_CURRENT_LIST_DIR}/corpus_query)
  add_test(NAME fuzz/fuzz_render
    COMMAND fuzz_render -max_total_time=20 -timeout=20
            ${CMAKE_BINARY_DIR}/fuzz/render ${CMAKE_CURRENT_LIST_DIR}/corpus_render)
  set_tests_properties(fuzz/fuzz_render PROPERTIES ENVIRONMENT
    "LSAN_OPTIONS=suppressions=${CMAKE_CURRENT_LIST_DIR}/../lsan.supp:print_suppressions=0")
  set_tests_properties(fuzz/fuzz_query fuzz/fuzz_render PROPERTIES TIMEOUT 120)
endif()
