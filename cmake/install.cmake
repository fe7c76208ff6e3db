# Installing and packaging the plugin. Included at the end of CMakeLists.txt,
# after the `apple` target and find_package(Wireshark).
#
#   cmake --install build                 -> personal plugin folder (default)
#   cmake --install build --prefix DIR    -> DIR/lib/wireshark/plugins/X.Y/epan
#   -DAPPLE_INSTALL_GLOBAL=ON             -> Wireshark's global plugin folder
#   cmake --build build --target package-plugin
#       -> build/apple-services-<version>-wireshark-X.Y-<arch>.tar.gz
#          (packaging/package-plugin.cmake says what it holds)
#
# A plugin only loads into the Wireshark major.minor it was built against, so
# every folder and file name carries X.Y.
#
# SPDX-License-Identifier: GPL-2.0-or-later

option(APPLE_INSTALL_GLOBAL
  "Install into Wireshark's global plugin folder instead of the personal one" OFF)

# Wireshark's folder name for this version: X.Y, but X-Y on macOS.
if(CMAKE_SYSTEM_NAME STREQUAL "Darwin")
  set(APPLE_WS_PLUGIN_VERSION_DIR "${Wireshark_MAJOR_VERSION}-${Wireshark_MINOR_VERSION}")
else()
  set(APPLE_WS_PLUGIN_VERSION_DIR "${Wireshark_MAJOR_VERSION}.${Wireshark_MINOR_VERSION}")
endif()

# The personal folder is <prefix>/<APPLE_PERSONAL_PLUGIN_DIR>, and the default
# prefix is the configuring user's personal root: ~/.local on Linux and macOS
# (Wireshark uses $HOME/.local/lib/wireshark/plugins there), %APPDATA%\Wireshark
# on Windows. --prefix at install time, and DESTDIR, work as usual.
if(WIN32)
  set(APPLE_PERSONAL_PLUGIN_DIR "plugins/${APPLE_WS_PLUGIN_VERSION_DIR}/epan")
  file(TO_CMAKE_PATH "$ENV{APPDATA}/Wireshark" _apple_personal_prefix)
else()
  set(APPLE_PERSONAL_PLUGIN_DIR
      "lib/wireshark/plugins/${APPLE_WS_PLUGIN_VERSION_DIR}/epan")
  set(_apple_personal_prefix "$ENV{HOME}/.local")
endif()
if(CMAKE_INSTALL_PREFIX_INITIALIZED_TO_DEFAULT)
  set(CMAKE_INSTALL_PREFIX "${_apple_personal_prefix}" CACHE PATH
      "Install prefix: the personal plugin folder is <prefix>/${APPLE_PERSONAL_PLUGIN_DIR}"
      FORCE)
endif()

# Wireshark_PLUGIN_INSTALL_DIR is .../wireshark/plugins/X.Y (absolute).
set(APPLE_GLOBAL_PLUGIN_DIR "${Wireshark_PLUGIN_INSTALL_DIR}/epan")

if(APPLE_INSTALL_GLOBAL)
  if(NOT Wireshark_PLUGIN_INSTALL_DIR)
    message(FATAL_ERROR "APPLE_INSTALL_GLOBAL: WiresharkConfig.cmake gives no Wireshark_PLUGIN_INSTALL_DIR")
  endif()
  set(_apple_install_dest "${APPLE_GLOBAL_PLUGIN_DIR}")
  set(_apple_install_where "${APPLE_GLOBAL_PLUGIN_DIR}")
  set(_apple_install_kind "global")
else()
  set(_apple_install_dest "${APPLE_PERSONAL_PLUGIN_DIR}")
  set(_apple_install_where "${CMAKE_INSTALL_PREFIX}/${APPLE_PERSONAL_PLUGIN_DIR}")
  set(_apple_install_kind "personal")
endif()
message(STATUS "cmake --install puts apple.so in the ${_apple_install_kind} plugin folder "
               "${_apple_install_where}")

install(TARGETS apple
        LIBRARY DESTINATION "${_apple_install_dest}" COMPONENT plugin
        RUNTIME DESTINATION "${_apple_install_dest}" COMPONENT plugin)

# Say where it went (DESTDIR and --prefix included) and how to check.
if(APPLE_INSTALL_GLOBAL)
  set(_apple_dest_code "set(_dest \"${_apple_install_dest}\")")
else()
  set(_apple_dest_code "set(_dest \"\${CMAKE_INSTALL_PREFIX}/${_apple_install_dest}\")")
endif()
set(_apple_root_note "")
if(NOT WIN32 AND NOT APPLE_INSTALL_GLOBAL)
  set(_apple_root_note "
  if(\"\$ENV{DESTDIR}\" STREQUAL \"\")
    execute_process(COMMAND id -u OUTPUT_VARIABLE _uid OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    if(_uid STREQUAL \"0\")
      message(STATUS \"Note: Wireshark run as root ignores personal plugin folders; configure with -DAPPLE_INSTALL_GLOBAL=ON to install for root.\")
    endif()
  endif()")
endif()
install(CODE "
  ${_apple_dest_code}
  message(STATUS \"Apple Services ${PROJECT_VERSION} for Wireshark ${APPLE_WS_VERSION}: installed in \$ENV{DESTDIR}\${_dest}\")
  message(STATUS \"Check with: tshark -G plugins | grep apple.so\")${_apple_root_note}
" COMPONENT plugin)

# --- The binary package -----------------------------------------------------
string(TOLOWER "${CMAKE_SYSTEM_PROCESSOR}" _apple_arch)
if(_apple_arch STREQUAL "amd64")
  set(_apple_arch "x86_64")
elseif(_apple_arch STREQUAL "")
  set(_apple_arch "unknown")
endif()
set(APPLE_PACKAGE_NAME
    "apple-services-${PROJECT_VERSION}-wireshark-${APPLE_WS_VERSION}-${_apple_arch}")
set(APPLE_PACKAGE_FILE "${PROJECT_BINARY_DIR}/${APPLE_PACKAGE_NAME}.tar.gz")

add_custom_target(package-plugin
  COMMAND ${CMAKE_COMMAND}
          -DPLUGIN=$<TARGET_FILE:apple>
          -DNAME=${APPLE_PACKAGE_NAME}
          -DOUTPUT=${APPLE_PACKAGE_FILE}
          -DSTAGING=${PROJECT_BINARY_DIR}/package-staging
          -DSOURCE_DIR=${PROJECT_SOURCE_DIR}
          -DPLUGIN_VERSION=${PROJECT_VERSION}
          -DWS_VERSION=${Wireshark_VERSION}
          -DWS_MAJOR_MINOR=${APPLE_WS_VERSION}
          -DARCH=${_apple_arch}
          -DGLOBAL_DIR=${Wireshark_PLUGIN_INSTALL_DIR}
          -P ${PROJECT_SOURCE_DIR}/packaging/package-plugin.cmake
  DEPENDS apple
  COMMENT "Packaging ${APPLE_PACKAGE_NAME}.tar.gz"
  VERBATIM)
