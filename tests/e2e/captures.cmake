# The public captures in ../shared/captures (next to this repository; set
# APPLE_SHARED_DIR to use another copy): every frame's apple.* fields against
# tests/e2e/expected/captures/, and hand-written facts in capture-facts.tsv.
set(APPLE_E2E_DIR "${CMAKE_CURRENT_SOURCE_DIR}")

if(NOT EXISTS "${APPLE_CAPTURES_DIR}/MANIFEST.tsv")
  message(WARNING "No shared captures at ${APPLE_CAPTURES_DIR}: the capture tests will fail")
  add_test(NAME e2e-captures-present
           COMMAND ${CMAKE_COMMAND} -E false)
  return()
endif()

file(GLOB captures RELATIVE "${APPLE_CAPTURES_DIR}"
     "${APPLE_CAPTURES_DIR}/*.pcap" "${APPLE_CAPTURES_DIR}/*.pcapng")
foreach(capture IN LISTS captures)
  add_test(NAME e2e-capture-${capture}
           COMMAND ${APPLE_E2E_DIR}/check-capture.sh ${PROJECT_BINARY_DIR}
                   ${APPLE_CAPTURES_DIR}/${capture}
                   ${APPLE_E2E_DIR}/expected/captures/${capture}.tsv)
endforeach()

add_test(NAME e2e-capture-facts
         COMMAND ${APPLE_E2E_DIR}/check-facts.py ${PROJECT_BINARY_DIR} ${APPLE_CAPTURES_DIR}
                 ${APPLE_E2E_DIR}/capture-facts.tsv)

add_test(NAME e2e-plugin-listed
         COMMAND ${APPLE_E2E_DIR}/check-plugin-listed.sh ${PROJECT_BINARY_DIR})
