# install.cmake: what `cmake --install` puts where (GNUInstallDirs):
#   bin/relgraph
#   lib/librelgraph.a, librelgraph.so.VERSION (+ SOVERSION links)
#   include/relgraph/relgraph.h and the library's headers, by module
#   lib/pkgconfig/relgraph.pc, lib/cmake/relgraph/relgraphConfig*.cmake
#   share/relgraph/: the default catalogue, its schema, the saved queries
#   share/man/man1/relgraph.1, share/man/man5/relgraph-catalogue.5
#   share/bash-completion/completions/relgraph
#   share/doc/relgraph/: README.md and docs/
# Included by the top-level CMakeLists.txt.
include(CMakePackageConfigHelpers)

install(TARGETS relgraph RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS ${RELGRAPH_LIBS} EXPORT relgraphTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

# The public headers: every header of the library's modules but the one
# that exposes jansson (load/rg_jpos.h, the loader's own); their relative
# includes ("../core/rg_buf.h") hold in include/relgraph/ as in src/.
install(FILES src/relgraph.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/relgraph)
foreach(dir core graph load analysis query render report)
  install(DIRECTORY src/${dir}/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/relgraph/${dir}
    FILES_MATCHING PATTERN "*.h" PATTERN "rg_jpos.h" EXCLUDE)
endforeach()

install(FILES graphs/icann-ssr.json graphs/schema.json DESTINATION ${RELGRAPH_DATADIR})
install(DIRECTORY queries/ DESTINATION ${RELGRAPH_DATADIR}/queries FILES_MATCHING PATTERN "*.rgq")
install(FILES README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs FILES_MATCHING PATTERN "*.md"
  PATTERN "output.head.md" EXCLUDE)

# pkg-config: relocatable (${pcfiledir}), so that a tree installed with
# --prefix elsewhere, or moved, still describes itself.
file(RELATIVE_PATH RELGRAPH_PC_TO_PREFIX "${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig"
     "${CMAKE_INSTALL_PREFIX}")
string(REGEX REPLACE "/$" "" RELGRAPH_PC_TO_PREFIX "${RELGRAPH_PC_TO_PREFIX}")
configure_file(cmake/relgraph.pc.in ${CMAKE_CURRENT_BINARY_DIR}/relgraph.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/relgraph.pc
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# CMake: find_package(relgraph) gives relgraph::relgraph (shared) and
# relgraph::relgraph_static.
set(RELGRAPH_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/relgraph)
install(EXPORT relgraphTargets NAMESPACE relgraph:: DESTINATION ${RELGRAPH_CMAKEDIR})
configure_package_config_file(cmake/relgraphConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/relgraphConfig.cmake INSTALL_DESTINATION ${RELGRAPH_CMAKEDIR})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/relgraphConfigVersion.cmake
  COMPATIBILITY SameMajorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/relgraphConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/relgraphConfigVersion.cmake DESTINATION ${RELGRAPH_CMAKEDIR})

# Man pages, made from the built program's --help (every command, every
# option) and from docs/format.md, so they cannot drift from either.
find_package(Python3 COMPONENTS Interpreter)
if(Python3_Interpreter_FOUND)
  set(RELGRAPH_MAN ${CMAKE_CURRENT_BINARY_DIR}/man/relgraph.1
    ${CMAKE_CURRENT_BINARY_DIR}/man/relgraph-catalogue.5)
  add_custom_command(OUTPUT ${RELGRAPH_MAN}
    COMMAND ${CMAKE_COMMAND} -E env ASAN_OPTIONS=detect_leaks=0 RELGRAPH_GRAPH=
      ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/scripts/man.py $<TARGET_FILE:relgraph>
      ${CMAKE_CURRENT_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/man
    DEPENDS relgraph ${CMAKE_CURRENT_SOURCE_DIR}/scripts/man.py
      ${CMAKE_CURRENT_SOURCE_DIR}/docs/format.md
    COMMENT "Writing the man pages from --help and docs/format.md")
  add_custom_target(relgraph_man ALL DEPENDS ${RELGRAPH_MAN})
  install(FILES ${CMAKE_CURRENT_BINARY_DIR}/man/relgraph.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
  install(FILES ${CMAKE_CURRENT_BINARY_DIR}/man/relgraph-catalogue.5
    DESTINATION ${CMAKE_INSTALL_MANDIR}/man5)
else()
  message(WARNING "python3 not found: the man pages are not built")
endif()

install(FILES completion/relgraph.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
  RENAME relgraph)
