# APPLE_SANITIZE: build everything (plugin, core, generator, unit tests) with
# AddressSanitizer and UndefinedBehaviorSanitizer, for tools/fuzz.sh.
#
# The plugin is a module that the installed, uninstrumented tshark loads with
# dlopen(). The ASan runtime must then be preloaded into tshark
# (LD_PRELOAD=<APPLE_SANITIZER_RUNTIME>); tools/fuzz.sh does that by itself
# (it reads the runtime from the plugin's own dependencies). Any undefined
# behaviour aborts (-fno-sanitize-recover), so it shows as a failed run.
#
# Use a separate build tree:
#   cmake -S . -B build-asan -DAPPLE_SANITIZE=ON && cmake --build build-asan
#
# SPDX-License-Identifier: GPL-2.0-or-later
option(APPLE_SANITIZE "Build with -fsanitize=address,undefined (for fuzzing)" OFF)

if(APPLE_SANITIZE)
  set(apple_sanitize_flags -fsanitize=address,undefined -fno-sanitize-recover=all
                           -fno-omit-frame-pointer)
  if(CMAKE_C_COMPILER_ID MATCHES "Clang")
    # Clang links its runtime statically by default, which cannot work in a
    # module dlopen()ed by an uninstrumented program.
    list(APPEND apple_sanitize_flags -shared-libsan)
    set(apple_asan_runtime_name libclang_rt.asan-${CMAKE_SYSTEM_PROCESSOR}.so)
  else()
    set(apple_asan_runtime_name libasan.so)
  endif()
  execute_process(COMMAND ${CMAKE_C_COMPILER} -print-file-name=${apple_asan_runtime_name}
                  OUTPUT_VARIABLE APPLE_SANITIZER_RUNTIME
                  OUTPUT_STRIP_TRAILING_WHITESPACE)
  add_compile_options(${apple_sanitize_flags})
  add_link_options(${apple_sanitize_flags})
  if(CMAKE_C_COMPILER_ID MATCHES "Clang")
    # Clang's shared runtime is not on the loader's path: the generator and
    # the unit tests find it by rpath.
    get_filename_component(apple_asan_runtime_dir "${APPLE_SANITIZER_RUNTIME}" DIRECTORY)
    add_link_options(-Wl,-rpath,${apple_asan_runtime_dir})
  endif()
  message(STATUS "Sanitizers on; preload ${APPLE_SANITIZER_RUNTIME} into tshark")
endif()
