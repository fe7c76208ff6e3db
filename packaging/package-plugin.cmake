# Builds the binary package, run by the package-plugin target of
# cmake/install.cmake (cmake -P). The archive OUTPUT (NAME.tar.gz) holds one
# folder, NAME, with
#   README.md                 packaging/README.md.in, versions filled in
#   LICENSE                   the source tree's licence text
#   apple.so                  the plugin
#   install.sh                packaging/install.sh.in: the plugin and the profile
#   tools/install-profile.sh  installs the profile (install.sh runs it)
#   profiles/Apple/...        the Wireshark profile "Apple"
# so the package has the source tree's layout for the profile and its script.
#
# SPDX-License-Identifier: GPL-2.0-or-later
foreach(var PLUGIN NAME OUTPUT STAGING SOURCE_DIR PLUGIN_VERSION WS_VERSION WS_MAJOR_MINOR ARCH)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "package-plugin.cmake: -D${var}=... is missing")
  endif()
endforeach()

set(dir "${STAGING}/${NAME}")
set(templates "${CMAKE_CURRENT_LIST_DIR}")
file(REMOVE_RECURSE "${STAGING}")
file(MAKE_DIRECTORY "${dir}")

set(readable OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
set(runnable ${readable} OWNER_EXECUTE GROUP_EXECUTE WORLD_EXECUTE)

file(COPY "${PLUGIN}" DESTINATION "${dir}" FILE_PERMISSIONS ${readable})
configure_file("${templates}/install.sh.in" "${STAGING}/tmp/install.sh" @ONLY)
file(COPY "${STAGING}/tmp/install.sh" DESTINATION "${dir}" FILE_PERMISSIONS ${runnable})
file(REMOVE_RECURSE "${STAGING}/tmp")
configure_file("${templates}/README.md.in" "${dir}/README.md" @ONLY)
file(COPY "${SOURCE_DIR}/tools/install-profile.sh" DESTINATION "${dir}/tools"
     FILE_PERMISSIONS ${runnable})
file(COPY "${SOURCE_DIR}/profiles/Apple" DESTINATION "${dir}/profiles"
     FILE_PERMISSIONS ${readable}
     DIRECTORY_PERMISSIONS ${runnable})

set(license "")
foreach(candidate LICENSE LICENSE.txt LICENSE.md COPYING)
  if(EXISTS "${SOURCE_DIR}/${candidate}")
    set(license "${SOURCE_DIR}/${candidate}")
    break()
  endif()
endforeach()
if(license)
  configure_file("${license}" "${dir}/LICENSE" COPYONLY)
else()
  message(FATAL_ERROR "No LICENSE or COPYING in ${SOURCE_DIR}: README.md points at LICENSE")
endif()

# Sorted names and a fixed date, so the same build gives the same archive.
file(GLOB_RECURSE files RELATIVE "${STAGING}" "${dir}/*")
list(SORT files)
file(REMOVE "${OUTPUT}")
execute_process(
  COMMAND ${CMAKE_COMMAND} -E tar czf "${OUTPUT}" "--mtime=2000-01-01 00:00:00 UTC" ${files}
  WORKING_DIRECTORY "${STAGING}"
  RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "Could not write ${OUTPUT}")
endif()
message(STATUS "Wrote ${OUTPUT}")
