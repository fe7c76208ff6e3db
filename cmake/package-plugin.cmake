# Builds the binary package, run by the package-plugin target (cmake -P):
#   <NAME>/apple.so, install.sh, README.txt, LICENSE (and README.md if any)
# packed as OUTPUT (NAME.tar.gz).
#
# SPDX-License-Identifier: GPL-2.0-or-later
foreach(var PLUGIN NAME OUTPUT STAGING SOURCE_DIR PLUGIN_VERSION WS_VERSION WS_MAJOR_MINOR ARCH)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "package-plugin.cmake: -D${var}=... is missing")
  endif()
endforeach()

set(dir "${STAGING}/${NAME}")
file(REMOVE_RECURSE "${STAGING}")
file(MAKE_DIRECTORY "${dir}")

file(COPY "${PLUGIN}" DESTINATION "${dir}"
     FILE_PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
configure_file("${CMAKE_CURRENT_LIST_DIR}/package-install.sh.in" "${STAGING}/tmp/install.sh" @ONLY)
file(COPY "${STAGING}/tmp/install.sh" DESTINATION "${dir}" FILE_PERMISSIONS
     OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
file(REMOVE_RECURSE "${STAGING}/tmp")
configure_file("${CMAKE_CURRENT_LIST_DIR}/package-README.txt.in" "${dir}/README.txt" @ONLY)

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
  message(WARNING "No LICENSE or COPYING in ${SOURCE_DIR}: the package names the licence "
                  "(GPL-2.0-or-later) in README.txt but carries no licence text")
endif()
if(EXISTS "${SOURCE_DIR}/README.md")
  configure_file("${SOURCE_DIR}/README.md" "${dir}/README.md" COPYONLY)
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
