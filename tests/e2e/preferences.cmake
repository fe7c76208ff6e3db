# Preferences, the user port table and the heuristic handlers, set the way
# users set them from tshark (-o, --enable-heuristic, a profile's apple_ports).
foreach(check language info-tag wide-ranges user-table bad-rows heuristics evidence user-hosts)
  add_test(NAME e2e-prefs-${check}
           COMMAND ${APPLE_E2E_DIR}/check-preferences.sh ${PROJECT_BINARY_DIR}
                   ${APPLE_CAPTURES_DIR} ${check})
endforeach()
