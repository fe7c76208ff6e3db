# Runs a data generator on good input and passes only if it exits 0,
# says nothing on stderr, and writes OUTPUT holding EXPECT.
#
#   cmake -DGENERATOR=... -DINPUT=apple-ports.tsv -DOUTPUT=table.c
#         -DEXPECT="apple_builtin_row_count = 56;" -P expect-generated.cmake
#
# MODE is the generator's mode (ports if unset); INPUTS, if set, are all
# its input files in order, separated by '|', in place of INPUT. COUNTS,
# if set, is a '|'-separated list of SYMBOL=FILE: OUTPUT must then say
# "SYMBOL = N;" where N is the number of rows of FILE (its lines that are
# not empty nor comments, less the header). EXPECT may be left out when
# COUNTS is given.
#
# SPDX-License-Identifier: GPL-2.0-or-later

foreach(var IN ITEMS GENERATOR OUTPUT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "expect-generated.cmake: ${var} is not set")
  endif()
endforeach()
if(NOT DEFINED INPUT AND NOT DEFINED INPUTS)
  message(FATAL_ERROR "expect-generated.cmake: INPUT is not set")
endif()
if(NOT DEFINED EXPECT AND NOT DEFINED COUNTS)
  message(FATAL_ERROR "expect-generated.cmake: EXPECT is not set")
endif()
if(NOT DEFINED MODE)
  set(MODE ports)
endif()
if(DEFINED INPUTS)
  string(REPLACE "|" ";" inputs "${INPUTS}")
else()
  set(inputs "${INPUT}")
endif()

file(REMOVE "${OUTPUT}")
execute_process(COMMAND "${GENERATOR}" ${MODE} ${inputs} "${OUTPUT}"
                RESULT_VARIABLE status
                ERROR_VARIABLE stderr)

if(NOT status STREQUAL "0")
  message(FATAL_ERROR "the generator refused ${inputs} (${status}):\n${stderr}")
endif()
if(NOT stderr STREQUAL "")
  message(FATAL_ERROR "the generator accepted ${inputs} but said:\n${stderr}")
endif()
if(NOT EXISTS "${OUTPUT}")
  message(FATAL_ERROR "the generator accepted ${inputs} but wrote no ${OUTPUT}")
endif()

file(READ "${OUTPUT}" generated)
if(DEFINED EXPECT)
  string(FIND "${generated}" "${EXPECT}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "${OUTPUT} does not hold \"${EXPECT}\"")
  endif()
endif()

if(DEFINED COUNTS)
  string(REPLACE "|" ";" counts "${COUNTS}")
  foreach(count IN LISTS counts)
    string(FIND "${count}" "=" at)
    string(SUBSTRING "${count}" 0 ${at} symbol)
    math(EXPR at "${at} + 1")
    string(SUBSTRING "${count}" ${at} -1 file)
    # the file's lines as a list: its own ';' must not split them
    file(READ "${file}" text)
    string(REPLACE ";" "," text "${text}")
    string(REPLACE "\r" "" text "${text}")
    string(REPLACE "\n" ";" lines "${text}")
    set(rows -1)                        # the header is not a row
    foreach(line IN LISTS lines)
      if(NOT line STREQUAL "" AND NOT line MATCHES "^#")
        math(EXPR rows "${rows} + 1")
      endif()
    endforeach()
    string(FIND "${generated}" "${symbol} = ${rows};" at)
    if(at EQUAL -1)
      message(FATAL_ERROR "${OUTPUT} does not say \"${symbol} = ${rows};\" (the rows of ${file})")
    endif()
  endforeach()
endif()
