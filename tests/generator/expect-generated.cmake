# Runs the table generator on a good table and passes only if it exits 0,
# says nothing on stderr, and writes OUTPUT holding EXPECT.
#
#   cmake -DGENERATOR=... -DINPUT=apple-ports.tsv -DOUTPUT=table.c
#         -DEXPECT="apple_builtin_row_count = 56;" -P expect-generated.cmake
#
# SPDX-License-Identifier: GPL-2.0-or-later

foreach(var IN ITEMS GENERATOR INPUT OUTPUT EXPECT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "expect-generated.cmake: ${var} is not set")
  endif()
endforeach()

file(REMOVE "${OUTPUT}")
execute_process(COMMAND "${GENERATOR}" "${INPUT}" "${OUTPUT}"
                RESULT_VARIABLE status
                ERROR_VARIABLE stderr)

if(NOT status STREQUAL "0")
  message(FATAL_ERROR "the generator refused ${INPUT} (${status}):\n${stderr}")
endif()
if(NOT stderr STREQUAL "")
  message(FATAL_ERROR "the generator accepted ${INPUT} but said:\n${stderr}")
endif()
if(NOT EXISTS "${OUTPUT}")
  message(FATAL_ERROR "the generator accepted ${INPUT} but wrote no ${OUTPUT}")
endif()

file(READ "${OUTPUT}" generated)
string(FIND "${generated}" "${EXPECT}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "${OUTPUT} does not hold \"${EXPECT}\"")
endif()
