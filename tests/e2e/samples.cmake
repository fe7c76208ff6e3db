# The bundled sample capture, samples/apple-flows.pcap, written by
# tools/make-samples from the hand-written flows of samples/flows.spec:
#   e2e-samples-pcap      the spec still writes the committed capture, byte for byte
#   e2e-samples-labels    every packet of every flow is labelled as the spec says
#   e2e-samples-fields    every frame's apple.* fields equal samples/expected/, and
#                         plain, -Y, -V and custom-column runs agree (check-capture.sh)
#   e2e-samples-two-pass  tshark -2 gives the same apple.* fields as one pass
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
