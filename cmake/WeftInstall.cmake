# Installs headers, the static libraries and a CMake package so that an outside project can
#   find_package(weft REQUIRED)  and  target_link_libraries(app PRIVATE weft::weft)
# plus weft::lincheck for <weft/linearizable.hpp>. The rapidcheck integration
# (<weft/rapidcheck.hpp>, <weft/rapidcheck/*.hpp>) is headers only and is installed with the
# others; the package does not look for rapidcheck: a project using those headers calls
# find_package(rapidcheck) and links `rapidcheck` itself (README, tests/consumer/).
include(CMakePackageConfigHelpers)
install(DIRECTORY include/weft DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
        FILES_MATCHING PATTERN "*.hpp")
install(TARGETS weft weft_vocabulary weft_sim weft_os weft_report weft_detect weft_model weft_api weft_lincheck
        EXPORT weftTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT weftTargets NAMESPACE weft:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/weft)
configure_package_config_file(cmake/weftConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/weftConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/weft)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/weftConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/weftConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/weftConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/weft)
