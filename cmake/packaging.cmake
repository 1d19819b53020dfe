# The Debian package (scripts/package): what goes in beside the install() rules of the main
# CMakeLists — the man page, the reference clients and CI examples as documentation — and how
# CPack names and describes it. Dependencies come from dpkg-shlibdeps, so they are the ones of
# the Debian release it was built on.
find_package(Python3 REQUIRED COMPONENTS Interpreter)

# The man page from `mockgate --help` (scripts/lib/make-manpage.py), so it cannot drift from
# the flags. SOURCE_DATE_EPOCH: the page's date, for a reproducible package.
if(DEFINED ENV{SOURCE_DATE_EPOCH})
  set(MOCKGATE_MAN_DATE $ENV{SOURCE_DATE_EPOCH})
else()
  string(TIMESTAMP MOCKGATE_MAN_DATE "%s" UTC)
endif()
add_custom_command(
  OUTPUT ${CMAKE_BINARY_DIR}/mockgate.1.gz
  COMMAND ${CMAKE_COMMAND} -E env SOURCE_DATE_EPOCH=${MOCKGATE_MAN_DATE}
          ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/scripts/lib/make-manpage.py $<TARGET_FILE:mockgate>
          ${CMAKE_BINARY_DIR}/mockgate.1
  COMMAND gzip -9nf ${CMAKE_BINARY_DIR}/mockgate.1
  DEPENDS mockgate ${CMAKE_SOURCE_DIR}/scripts/lib/make-manpage.py
  COMMENT "Generating the man page from mockgate --help")
add_custom_target(mockgate_manpage ALL DEPENDS ${CMAKE_BINARY_DIR}/mockgate.1.gz)
install(FILES ${CMAKE_BINARY_DIR}/mockgate.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

# The reference clients (one per language of the demo) and the examples, as a user's starting
# point: /usr/share/doc/mockgate/examples.
set(MOCKGATE_DOC_DIR ${CMAKE_INSTALL_DATADIR}/doc/mockgate)
foreach(client IN ITEMS cpp curl node python)
  install(DIRECTORY fixtures/clients/${client} DESTINATION ${MOCKGATE_DOC_DIR}/examples/clients
          PATTERN "node_modules" EXCLUDE PATTERN "__pycache__" EXCLUDE)
endforeach()
install(FILES fixtures/clients/README.md DESTINATION ${MOCKGATE_DOC_DIR}/examples/clients)
install(DIRECTORY examples/ci examples/cpp-sdk examples/python-sdk examples/node-sdk
        DESTINATION ${MOCKGATE_DOC_DIR}/examples)
# The test helpers for users' suites: the pytest plugin's package goes where Debian's python3
# finds it (`-p mockgate_pytest.plugin` then works with no PYTHONPATH), the Node module beside
# the data.
install(DIRECTORY helpers/python/mockgate_pytest DESTINATION lib/python3/dist-packages)
install(DIRECTORY helpers/node/ DESTINATION ${CMAKE_INSTALL_DATADIR}/mockgate/helpers/node PATTERN test EXCLUDE)
install(FILES README.md DESTINATION ${MOCKGATE_DOC_DIR})
install(DIRECTORY docs/ DESTINATION ${MOCKGATE_DOC_DIR} PATTERN "images" EXCLUDE)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME mockgate)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "mockgate developers <mockgate@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "mock provider server and contract-test runner for the API-key auth of SMS APIs")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "mockgate replays offline every documented API-key authentication behaviour of four SMS\n\
providers (missing, malformed and wrong-environment keys, key statuses, IP whitelists, rate\n\
limits, HTTPS-only, rotation, the key-management API), as a server (mockgate serve) or as a\n\
C++ library, and checks any client against YAML scenarios (mockgate run), with JUnit, JSON,\n\
Markdown and HTML reports.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # mockgate_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# For the CMake package's users (find_package(mockgate)) and for the bundled reference clients.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS
    "python3, nodejs, curl, cmake, g++, pkg-config, libcpp-httplib-dev, nlohmann-json3-dev, libyaml-cpp-dev, libssl-dev, libargon2-dev")
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_OUTPUT_FILE_PREFIX ${CMAKE_BINARY_DIR}/packages)
set(CPACK_STRIP_FILES ON)
include(CPack)
