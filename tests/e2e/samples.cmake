# The bundled sample captures, written by tools/make-samples from hand-written
# specs in samples/ (check-spec.py says what each check does).
#
# samples/apple-flows.pcap from samples/flows.spec (a flow for every row and corner case):
#   e2e-samples-pcap      the spec still writes the committed capture, byte for byte
#   e2e-samples-labels    every packet of every flow is labelled as the spec says
#   e2e-samples-fields    every frame's apple.* fields equal samples/expected/, and
#                         plain, -Y, -V and custom-column runs agree (check-capture.sh)
#   e2e-samples-two-pass  tshark -2 gives the same apple.* fields as one pass
#
# samples/apple-evidence.pcap from samples/evidence.spec (TLS and QUIC server
# names, HTTP Host, DNS answers, Apple's address blocks) and
# samples/apple-bonjour.pcap from samples/bonjour.spec (mDNS announcements,
# their flows and the device list):
#   e2e-samples-NAME-pcap         the spec still writes the committed capture
#   e2e-samples-NAME-single-pass  every packet's label and evidence in one pass,
#                                 and -z apple,devices, as the spec expects
#   e2e-samples-NAME-two-pass     the same with tshark -2
set(APPLE_SAMPLES_DIR "${PROJECT_SOURCE_DIR}/samples")
set(APPLE_SAMPLE_SPEC "${APPLE_SAMPLES_DIR}/flows.spec")
set(APPLE_SAMPLE_CAPTURE "${APPLE_SAMPLES_DIR}/apple-flows.pcap")
set(APPLE_CHECK_SPEC "${CMAKE_CURRENT_SOURCE_DIR}/check-spec.py")

foreach(check pcap labels two-pass)
  add_test(NAME e2e-samples-${check}
           COMMAND ${APPLE_CHECK_SPEC} ${check} ${PROJECT_BINARY_DIR}
                   --spec ${APPLE_SAMPLE_SPEC} --capture ${APPLE_SAMPLE_CAPTURE})
endforeach()

add_test(NAME e2e-samples-fields
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/check-capture.sh ${PROJECT_BINARY_DIR}
                 ${APPLE_SAMPLE_CAPTURE} ${APPLE_SAMPLES_DIR}/expected/apple-flows.pcap.tsv)

foreach(sample evidence bonjour)
  foreach(check pcap single-pass two-pass)
    add_test(NAME e2e-samples-${sample}-${check}
             COMMAND ${APPLE_CHECK_SPEC} ${check} ${PROJECT_BINARY_DIR}
                     --spec ${APPLE_SAMPLES_DIR}/${sample}.spec
                     --capture ${APPLE_SAMPLES_DIR}/apple-${sample}.pcap)
  endforeach()
endforeach()
