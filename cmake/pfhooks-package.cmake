# SPDX-License-Identifier: GPL-2.0-only
#
# The pfhooks CMake package, for find_package(pfhooks) in users' projects:
#  - from an install (cmake --install): <prefix>/lib/cmake/pfhooks;
#  - from this build tree, uninstalled: CMAKE_PREFIX_PATH or pfhooks_DIR
#    set to the build directory.
# Both give the target pfhooks::pfhooks, PFHOOKS_SOLARIS_INCLUDE_DIR and
# pfhooks_add_solaris_module(); pfhooksConfig.cmake.in serves both.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(TARGETS pfhooks EXPORT pfhooksTargets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY ${PFHOOKS_INCLUDE_ROOT}/ns3 DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PFHOOKS_SOLARIS_INCLUDE_DIR}/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/pfhooks/solaris)
set(PFHOOKS_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/pfhooks)
install(EXPORT pfhooksTargets NAMESPACE pfhooks:: DESTINATION ${PFHOOKS_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/pfhooksConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)

# Installed: the Solaris header tree under the prefix (relocatable).
set(PFHOOKS_PACKAGE_SOLARIS_DIR ${CMAKE_INSTALL_INCLUDEDIR}/pfhooks/solaris)
configure_package_config_file(cmake/pfhooksConfig.cmake.in
  ${PROJECT_BINARY_DIR}/install-config/pfhooksConfig.cmake
  INSTALL_DESTINATION ${PFHOOKS_CMAKE_DIR} PATH_VARS PFHOOKS_PACKAGE_SOLARIS_DIR)
install(FILES ${PROJECT_BINARY_DIR}/install-config/pfhooksConfig.cmake
              ${PROJECT_BINARY_DIR}/pfhooksConfigVersion.cmake
              cmake/pfhooks-solaris.cmake
        DESTINATION ${PFHOOKS_CMAKE_DIR})

# Build tree: the targets as built here (headers in build/include), the
# Solaris header tree of the source tree.
export(EXPORT pfhooksTargets NAMESPACE pfhooks:: FILE ${PROJECT_BINARY_DIR}/pfhooksTargets.cmake)
set(PFHOOKS_PACKAGE_SOLARIS_DIR ${PFHOOKS_SOLARIS_INCLUDE_DIR})
configure_package_config_file(cmake/pfhooksConfig.cmake.in ${PROJECT_BINARY_DIR}/pfhooksConfig.cmake
  INSTALL_DESTINATION ${PROJECT_BINARY_DIR} INSTALL_PREFIX ${PROJECT_BINARY_DIR}
  PATH_VARS PFHOOKS_PACKAGE_SOLARIS_DIR)
configure_file(cmake/pfhooks-solaris.cmake ${PROJECT_BINARY_DIR}/pfhooks-solaris.cmake COPYONLY)
