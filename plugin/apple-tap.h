/* apple-tap.h
 * What the "apple" tap hands its listeners (statistics) for each labelled
 * packet. Queued only when a listener is attached.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef APPLE_TAP_H
#define APPLE_TAP_H

#include "core/apple-flow.h"

#define APPLE_TAP_NAME "apple"

typedef struct {
    apple_transport_t    transport;
    apple_flow_label_t   label;     /* server port, how it was chosen, matching rows
                                       (their services and products: label.match) */
    uint32_t             frame_len; /* bytes on the wire */
} apple_tap_info_t;

#endif /* APPLE_TAP_H */
