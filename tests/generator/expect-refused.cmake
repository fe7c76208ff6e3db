# Runs a data generator on a bad input and passes only if it refuses it:
# a non-zero exit (not a crash), "INPUT:LINE: " then REASON on stderr, and
# no OUTPUT file.
#
#   cmake -DGENERATOR=... -DINPUT=bad.tsv -DOUTPUT=bad.c -DLINE=4
#         -DREASON="column 'ports': ..." -P expect-refused.cmake
#
# MODE is the generator's mode (ports if unset). INPUTS, if set, are all
# its input files in order, separated by '|' (a ';' would split the
# argument in add_test); INPUT is then the one whose line is refused, and
# need not be the only one:
#
#   cmake -DGENERATOR=... -DMODE=hosts -DINPUTS="services.tsv|bad.tsv|domains.tsv"
#         -DINPUT=bad.tsv -DOUTPUT=bad.c -DLINE=4 -DREASON=... -P expect-refused.cmake
#
# SPDX-License-Identifier: GPL-2.0-or-later

foreach(var IN ITEMS GENERATOR INPUT OUTPUT LINE REASON)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "expect-refused.cmake: ${var} is not set")
  endif()
endforeach()
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

if(status STREQUAL "0")
  message(FATAL_ERROR "the generator accepted ${INPUT}")
endif()
if(NOT status MATCHES "^[1-9][0-9]*$")
  message(FATAL_ERROR "the generator did not exit cleanly: ${status}\n${stderr}")
endif()

set(location "${INPUT}:${LINE}: ")
string(FIND "${stderr}" "${location}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "stderr does not name \"${location}\":\n${stderr}")
endif()
string(SUBSTRING "${stderr}" ${at} -1 message)
string(FIND "${message}" "${REASON}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "stderr does not say \"${REASON}\" after \"${location}\":\n${stderr}")
endif()

if(EXISTS "${OUTPUT}")
  message(FATAL_ERROR "the generator refused ${INPUT} but wrote ${OUTPUT}")
endif()
