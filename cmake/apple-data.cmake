# apple-data.cmake: the build step that turns data/ into C. data/ is the one
# source of every table; tools/gen/ (gen-apple-data) checks each row and
# writes the C, and a malformed row fails the build with "file:line: reason".
# Included by the top CMakeLists.txt and by the fuzz targets' project
# (tests/fuzz/targets/), which set APPLE_SOURCE_DIR and need PkgConfig::GLIB.
# Gives APPLE_GENERATED_SOURCES: the generated .c files.
#
# SPDX-License-Identifier: GPL-2.0-or-later
if(NOT DEFINED APPLE_SOURCE_DIR)
  set(APPLE_SOURCE_DIR ${CMAKE_CURRENT_LIST_DIR}/..)
endif()
set(apple_data ${APPLE_SOURCE_DIR}/data)
set(apple_generated ${CMAKE_CURRENT_BINARY_DIR}/generated)

add_executable(gen-apple-data
  ${APPLE_SOURCE_DIR}/tools/gen/main.c ${APPLE_SOURCE_DIR}/tools/gen/tsv.c
  ${APPLE_SOURCE_DIR}/tools/gen/gen-ports.c ${APPLE_SOURCE_DIR}/tools/gen/gen-hosts.c
  ${APPLE_SOURCE_DIR}/tools/gen/gen-networks.c ${APPLE_SOURCE_DIR}/tools/gen/gen-bonjour.c
  ${APPLE_SOURCE_DIR}/plugin/core/apple-parse.c ${APPLE_SOURCE_DIR}/plugin/core/apple-hostname.c
  ${APPLE_SOURCE_DIR}/plugin/core/apple-networks.c)
target_include_directories(gen-apple-data PRIVATE ${APPLE_SOURCE_DIR}/plugin/core
                                                  ${APPLE_SOURCE_DIR}/tools/gen)
target_link_libraries(gen-apple-data PRIVATE PkgConfig::GLIB)
# The generator checks prefixes with the plugin's parser, without the
# lookup, whose table it is about to write.
target_compile_definitions(gen-apple-data PRIVATE APPLE_NETWORKS_PARSER_ONLY)

# apple_generate(OUTPUT MODE INPUT... COMMENT text): OUTPUT from the inputs.
function(apple_generate output mode)
  cmake_parse_arguments(gen "" "COMMENT" "" ${ARGN})
  set(inputs)
  foreach(input IN LISTS gen_UNPARSED_ARGUMENTS)
    list(APPEND inputs ${apple_data}/${input})
  endforeach()
  add_custom_command(
    OUTPUT  ${apple_generated}/${output}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${apple_generated}
    COMMAND gen-apple-data ${mode} ${inputs} ${apple_generated}/${output}
    DEPENDS gen-apple-data ${inputs}
    COMMENT "${gen_COMMENT}"
    VERBATIM)
endfunction()

apple_generate(apple-table-data.c ports apple-ports.tsv
               COMMENT "Generating the Apple port table from data/apple-ports.tsv")
apple_generate(apple-hosts-data.c hosts apple-host-services.tsv apple-hosts.tsv apple-domains.tsv
               COMMENT "Generating Apple's host list from data/apple-hosts.tsv and its companions")
apple_generate(apple-networks-data.c networks apple-networks.tsv
               COMMENT "Generating Apple's address blocks from data/apple-networks.tsv")
apple_generate(apple-bonjour-types-data.c bonjour bonjour-services.tsv
               COMMENT "Generating the Bonjour service types from data/bonjour-services.tsv")

set(APPLE_GENERATED_SOURCES
  ${apple_generated}/apple-table-data.c ${apple_generated}/apple-hosts-data.c
  ${apple_generated}/apple-networks-data.c ${apple_generated}/apple-bonjour-types-data.c)
