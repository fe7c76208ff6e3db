/* apple-tap.h
 * What the "apple" tap hands its listeners (the statistics) for each
 * labelled packet, queued only when a listener is attached. The server
 * side comes from the label (apple-label.h): the listeners never decide it
 * again.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef APPLE_TAP_H
#define APPLE_TAP_H

#include <epan/address.h>

#include "apple-label.h"

#define APPLE_TAP_NAME "apple"

typedef struct {
    apple_label_t  label;        /* transport, server port, the rows there */
    const address *server;       /* the flow's server and client (pinfo's src or dst) */
    const address *client;
    uint16_t       client_port;
    uint32_t       frame_len;    /* bytes on the wire */
    apple_lang_t   lang;         /* of the texts: apple.language */
} apple_tap_info_t;

#endif /* APPLE_TAP_H */
