/* vectors.h
 * Real bytes from the shared captures that several unit tests use: each
 * says which capture and frame it comes from (the UDP or TCP payload, as
 * tshark -T fields -e udp.payload gives it).
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

/* nDPI__iphone.pcap frame 3: a Bonjour announcement from "Luca’s iMac" (U+2019, not an ASCII
 * apostrophe): TXT, PTR and SRV records for _odisk, _smb, _afpovertcp, _ssh, _sftp-ssh, _nfs
 * and _companion-link, the _device-info TXT model=iMac11,3, and A, AAAA, NSEC and OPT in the
 * additional records. The class's top bit is the cache-flush bit. */
extern const uint8_t iphone_3[1157];

/* nDPI__iphone.pcap frame 5: the same from its link-local IPv4 interface, A 169.254.225.216 */
extern const uint8_t iphone_5[1186];

/* nDPI__iphone.pcap frame 7: the iMac asks for 17 types, with a known answer */
extern const uint8_t iphone_7[362];

/* nDPI__iphone.pcap frame 33: a "QU" question (unicast response wanted) for
 * _homekit._tcp.local, with an OPT record (a 1440-byte payload). */
extern const uint8_t iphone_33[66];

/* zeek__dns__mdns.pcap frame 1 (and 2, 9, 10, 21, 22): a Linux host asks for _ipp, _ipps */
extern const uint8_t zeek_1[45];

/* zeek__dns__mdns.pcap frame 3: goodbyes (TTL 0) for its IPv6 addresses and reverse names */
extern const uint8_t zeek_3[234];

/* zeek__dns__mdns.pcap frame 4: an avahi host's addresses and their reverse names under
 * ip6.arpa and in-addr.arpa, cache-flush, TTL 0. */
extern const uint8_t zeek_4[281];

/* zeek__dns__mdns.pcap frame 12: Its probe: four ANY questions, and the records it means to
 * announce in the authority section. */
extern const uint8_t zeek_12[305];

/* zeek__dns__mdns.pcap frame 19 (tshark -r ... -T fields -e udp.payload) */
extern const uint8_t zeek_19[281];

/* nDPI__wa_voice.pcap frame 199: "QU" questions for _raop._tcp.local and _airplay._tcp.local. */
extern const uint8_t wa_voice_199[49];

/* nDPI__wa_voice.pcap frame 632: Five questions and a known answer: PTR to Luca’s
 * iMac._companion-link._tcp.local. */
extern const uint8_t wa_voice_632[138];

/* Decodes hex (spaces ignored) into out (cap bytes); returns the byte
 * count, failing the test on a bad character or too little room. */
size_t vectors_from_hex(const char *hex, uint8_t *out, size_t cap);

#endif /* VECTORS_H */
