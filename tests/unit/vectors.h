/* vectors.h
 * Real bytes from the shared captures that several unit tests use: each
 * definition in vectors.c says which capture and frame it comes from.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VECTORS_H
#define VECTORS_H

#include <stddef.h>
#include <stdint.h>

/* nDPI__iphone.pcap frame 68: a TLS ClientHello record, SNI p26-fmfmobile.icloud.com */
extern const uint8_t iphone_68[517];

/* nDPI__iphone.pcap frame 87: an HTTP request, Host captive.apple.com */
extern const char iphone_87[];

/* nDPI__quic_frags_ch_in_multiple_packets.pcapng frames 1 and 2: a client's
 * first two Initials (hex, spaces allowed), the ClientHello split over both */
extern const char capture_frame1_hex[];
extern const char capture_frame2_hex[];

/* RFC 9001 appendix A.2: a client's protected Initial (hex), DCID
 * 8394c8f03e515708, its ClientHello naming example.com */
extern const char rfc9001_packet_hex[];

/* Decodes hex (spaces ignored) into out (cap bytes); returns the byte
 * count, failing the test on a bad character or too little room. */
size_t vectors_from_hex(const char *hex, uint8_t *out, size_t cap);

#endif /* VECTORS_H */
