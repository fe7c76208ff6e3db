/* test-mdns.c
 * What an mDNS message announces (apple-mdns.h). Every distinct mDNS
 * payload of the shared captures (nDPI__iphone: an iMac's announcements and
 * queries, an iPhone's; zeek__dns__mdns: a Linux host's addresses, probes
 * and queries; nDPI__wa_voice: a Mac's queries; nDPI__android's and
 * nDPI__whatsapp_login_chat's are the same bytes as nDPI__iphone frame 16
 * and nDPI__wa_voice frame 199), each compared with what Wireshark 4.0.17
 * reads in it and cut at every length; hand-made messages
 * for instance names with escaped dots and UTF-8, other domains, names
 * that are no service instance, TXT keys and models, goodbyes, subtype and
 * enumeration questions, opcodes, bounds; and Apple's model identifiers.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "unit-support.h"

#include "vectors.h"

#include "apple-mdns.h"

#include <arpa/inet.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- What Wireshark reads (tshark -T json), record by record ---- */

/* An SRV record as Wireshark splits its owner: dns.srv.service (the first
 * label), dns.srv.proto (the second) and dns.srv.name (the rest). */
typedef struct {
    const char *service, *proto, *name;
    uint16_t    port;
    const char *target;
    uint32_t    ttl;
} ws_srv_t;

typedef struct {
    const char *owner, *address;       /* dns.resp.name, dns.a or dns.aaaa */
    uint32_t    ttl;
} ws_address_t;

typedef struct {
    const char *owner;
    const char *strings[8];            /* dns.txt */
} ws_txt_t;

typedef struct {
    const char *owner, *target;        /* dns.resp.name, dns.ptr.domain_name */
    uint32_t    ttl;
} ws_ptr_t;

typedef struct {
    const char *name;                  /* dns.qry.name */
    unsigned    type;
} ws_question_t;

typedef struct {
    bool                 is_response;
    const ws_srv_t      *srv;
    size_t               n_srv;
    const ws_address_t  *address;
    size_t               n_address;
    const ws_txt_t      *txt;
    size_t               n_txt;
    const ws_ptr_t      *ptr;
    size_t               n_ptr;
    const ws_question_t *question;
    size_t               n_question;
} ws_frame_t;

/* ---- Real messages ---- */

/* What Wireshark 4.0.17 reads in it (tshark -T json): */
static const ws_srv_t iphone_3_ws_srv[] = {
    { "Luca\xe2\x80\x99s iMac", "_odisk", "_tcp.local", 49152, "Lucas-iMac.local", 120 },
    { "Luca\xe2\x80\x99s iMac", "_smb", "_tcp.local", 445, "Lucas-iMac.local", 120 },
    { "Luca\xe2\x80\x99s iMac", "_afpovertcp", "_tcp.local", 548, "Lucas-iMac.local", 120 },
    { "Luca\xe2\x80\x99s iMac", "_ssh", "_tcp.local", 22, "Lucas-iMac.local", 120 },
    { "Luca\xe2\x80\x99s iMac", "_sftp-ssh", "_tcp.local", 22, "Lucas-iMac.local", 120 },
    { "Luca\xe2\x80\x99s iMac", "_nfs", "_tcp.local", 2049, "Lucas-iMac.local", 120 },
    { "Luca\xe2\x80\x99s iMac", "_companion-link", "_tcp.local", 49155, "Lucas-iMac.local", 120 },
};
static const ws_address_t iphone_3_ws_address[] = {
    { "Lucas-iMac.local", "192.168.2.1", 120 },
    { "Lucas-iMac.local", "fe80::c42c:3ff:fe60:6a64", 120 },
};
static const ws_txt_t iphone_3_ws_txt[] = {
    { "Luca\xe2\x80\x99s iMac._odisk._tcp.local", { "sys=waMA=C4:2C:03:06:49:FE,adVF=0x4,adDT=0x3,adCC=0" } },
    { "Luca\xe2\x80\x99s iMac._device-info._tcp.local", { "model=iMac11,3", "osxvers=17" } },
    { "_kerberos.Lucas-iMac.local", { "LKDC:SHA1.492480C3EA8282771A0D288F111EF9E751F95A63" } },
    { "Luca\xe2\x80\x99s iMac._smb._tcp.local", { "" } },
    { "Luca\xe2\x80\x99s iMac._afpovertcp._tcp.local", { "" } },
    { "Luca\xe2\x80\x99s iMac._ssh._tcp.local", { "" } },
    { "Luca\xe2\x80\x99s iMac._sftp-ssh._tcp.local", { "" } },
    { "Luca\xe2\x80\x99s iMac._nfs._tcp.local", { "" } },
    { "Luca\xe2\x80\x99s iMac._companion-link._tcp.local", { "rpBA=59:51:02:2F:A4:FF", "rpVr=152.1", "rpHI=0716d05944af", "rpHN=8b5324359d7d", "rpHA=28d4bed51780" } },
};
static const ws_ptr_t iphone_3_ws_ptr[] = {
    { "_services._dns-sd._udp.local", "_odisk._tcp.local", 4500 },
    { "_odisk._tcp.local", "Luca\xe2\x80\x99s iMac._odisk._tcp.local", 4500 },
    { "_services._dns-sd._udp.local", "_smb._tcp.local", 4500 },
    { "_smb._tcp.local", "Luca\xe2\x80\x99s iMac._smb._tcp.local", 4500 },
    { "_services._dns-sd._udp.local", "_afpovertcp._tcp.local", 4500 },
    { "_afpovertcp._tcp.local", "Luca\xe2\x80\x99s iMac._afpovertcp._tcp.local", 4500 },
    { "_services._dns-sd._udp.local", "_ssh._tcp.local", 4500 },
    { "_ssh._tcp.local", "Luca\xe2\x80\x99s iMac._ssh._tcp.local", 4500 },
    { "_services._dns-sd._udp.local", "_sftp-ssh._tcp.local", 4500 },
    { "_sftp-ssh._tcp.local", "Luca\xe2\x80\x99s iMac._sftp-ssh._tcp.local", 4500 },
    { "_services._dns-sd._udp.local", "_nfs._tcp.local", 4500 },
    { "_nfs._tcp.local", "Luca\xe2\x80\x99s iMac._nfs._tcp.local", 4500 },
    { "_services._dns-sd._udp.local", "_companion-link._tcp.local", 4500 },
    { "_companion-link._tcp.local", "Luca\xe2\x80\x99s iMac._companion-link._tcp.local", 4500 },
};
static const ws_frame_t iphone_3_ws = {
    .is_response = true,
    .srv = iphone_3_ws_srv, .n_srv = 7,
    .address = iphone_3_ws_address, .n_address = 2,
    .txt = iphone_3_ws_txt, .n_txt = 9,
    .ptr = iphone_3_ws_ptr, .n_ptr = 14,
};

/* What Wireshark 4.0.17 reads in it (tshark -T json): */
static const ws_srv_t iphone_5_ws_srv[] = {
    { "Luca\xe2\x80\x99s iMac", "_odisk", "_tcp.local", 49152, "Lucas-iMac.local", 120 },
    { "Luca\xe2\x80\x99s iMac", "_smb", "_tcp.local", 445, "Lucas-iMac.local", 120 },
    { "Luca\xe2\x80\x99s iMac", "_afpovertcp", "_tcp.local", 548, "Lucas-iMac.local", 120 },
    { "Luca\xe2\x80\x99s iMac", "_ssh", "_tcp.local", 22, "Lucas-iMac.local", 120 },
    { "Luca\xe2\x80\x99s iMac", "_sftp-ssh", "_tcp.local", 22, "Lucas-iMac.local", 120 },
    { "Luca\xe2\x80\x99s iMac", "_nfs", "_tcp.local", 2049, "Lucas-iMac.local", 120 },
    { "Luca\xe2\x80\x99s iMac", "_companion-link", "_tcp.local", 49155, "Lucas-iMac.local", 120 },
};
static const ws_address_t iphone_5_ws_address[] = {
    { "Lucas-iMac.local", "169.254.225.216", 120 },
};
static const ws_txt_t iphone_5_ws_txt[] = {
    { "Luca\xe2\x80\x99s iMac._odisk._tcp.local", { "sys=waMA=C4:2C:03:06:49:FE,adVF=0x4,adDT=0x3,adCC=0" } },
    { "Luca\xe2\x80\x99s iMac._device-info._tcp.local", { "model=iMac11,3", "osxvers=17" } },
    { "_kerberos.Lucas-iMac.local", { "LKDC:SHA1.492480C3EA8282771A0D288F111EF9E751F95A63" } },
    { "Luca\xe2\x80\x99s iMac._smb._tcp.local", { "" } },
    { "Luca\xe2\x80\x99s iMac._afpovertcp._tcp.local", { "" } },
    { "Luca\xe2\x80\x99s iMac._ssh._tcp.local", { "" } },
    { "Luca\xe2\x80\x99s iMac._sftp-ssh._tcp.local", { "" } },
    { "Luca\xe2\x80\x99s iMac._nfs._tcp.local", { "" } },
    { "Luca\xe2\x80\x99s iMac._companion-link._tcp.local", { "rpBA=59:51:02:2F:A4:FF", "rpVr=152.1", "rpHI=0716d05944af", "rpHN=8b5324359d7d", "rpHA=28d4bed51780" } },
};
static const ws_ptr_t iphone_5_ws_ptr[] = {
    { "_services._dns-sd._udp.local", "_odisk._tcp.local", 4500 },
    { "_odisk._tcp.local", "Luca\xe2\x80\x99s iMac._odisk._tcp.local", 4500 },
    { "_services._dns-sd._udp.local", "_smb._tcp.local", 4500 },
    { "_smb._tcp.local", "Luca\xe2\x80\x99s iMac._smb._tcp.local", 4500 },
    { "_services._dns-sd._udp.local", "_afpovertcp._tcp.local", 4500 },
    { "_afpovertcp._tcp.local", "Luca\xe2\x80\x99s iMac._afpovertcp._tcp.local", 4500 },
    { "_services._dns-sd._udp.local", "_ssh._tcp.local", 4500 },
    { "_ssh._tcp.local", "Luca\xe2\x80\x99s iMac._ssh._tcp.local", 4500 },
    { "_services._dns-sd._udp.local", "_sftp-ssh._tcp.local", 4500 },
    { "_sftp-ssh._tcp.local", "Luca\xe2\x80\x99s iMac._sftp-ssh._tcp.local", 4500 },
    { "_services._dns-sd._udp.local", "_nfs._tcp.local", 4500 },
    { "_nfs._tcp.local", "Luca\xe2\x80\x99s iMac._nfs._tcp.local", 4500 },
    { "_services._dns-sd._udp.local", "_companion-link._tcp.local", 4500 },
    { "_companion-link._tcp.local", "Luca\xe2\x80\x99s iMac._companion-link._tcp.local", 4500 },
    { "216.225.254.169.in-addr.arpa", "Lucas-iMac.local", 120 },
};
static const ws_frame_t iphone_5_ws = {
    .is_response = true,
    .srv = iphone_5_ws_srv, .n_srv = 7,
    .address = iphone_5_ws_address, .n_address = 1,
    .txt = iphone_5_ws_txt, .n_txt = 9,
    .ptr = iphone_5_ws_ptr, .n_ptr = 15,
};

/* What Wireshark 4.0.17 reads in it (tshark -T json): */
static const ws_ptr_t iphone_7_ws_ptr[] = {
    { "_companion-link._tcp.local", "Luca\xe2\x80\x99s iMac._companion-link._tcp.local", 3594 },
};
static const ws_question_t iphone_7_ws_question[] = {
    { "_airport._tcp.local", 12 },
    { "_companion-link._tcp.local", 12 },
    { "_apple-mobdev._tcp.local", 12 },
    { "8fb207de._sub._apple-mobdev2._tcp.local", 12 },
    { "_apple-pairable._tcp.local", 12 },
    { "_googlecast._tcp.local", 12 },
    { "_uscan._tcp.local", 12 },
    { "_uscans._tcp.local", 12 },
    { "_ippusb._tcp.local", 12 },
    { "_scanner._tcp.local", 12 },
    { "_ipp._tcp.local", 12 },
    { "_ipps._tcp.local", 12 },
    { "_printer._tcp.local", 12 },
    { "_pdl-datastream._tcp.local", 12 },
    { "_ptp._tcp.local", 12 },
    { "_rfb._tcp.local", 12 },
    { "_adisk._tcp.local", 12 },
};
static const ws_frame_t iphone_7_ws = {
    .is_response = false,
    .ptr = iphone_7_ws_ptr, .n_ptr = 1,
    .question = iphone_7_ws_question, .n_question = 17,
};

/* nDPI__iphone.pcap frame 9 (tshark -r ... -T fields -e udp.payload) */
static const uint8_t iphone_9[] = {
    0x00, 0x00, 0x00, 0x00, 0x00, 0x11, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,
    0x08, 0x5f, 0x61, 0x69, 0x72, 0x70, 0x6f, 0x72, 0x74, 0x04, 0x5f, 0x74,
    0x63, 0x70, 0x05, 0x6c, 0x6f, 0x63, 0x61, 0x6c, 0x00, 0x00, 0x0c, 0x00,
    0x01, 0x0f, 0x5f, 0x63, 0x6f, 0x6d, 0x70, 0x61, 0x6e, 0x69, 0x6f, 0x6e,
    0x2d, 0x6c, 0x69, 0x6e, 0x6b, 0xc0, 0x15, 0x00, 0x0c, 0x00, 0x01, 0x0d,
    0x5f, 0x61, 0x70, 0x70, 0x6c, 0x65, 0x2d, 0x6d, 0x6f, 0x62, 0x64, 0x65,
    0x76, 0xc0, 0x15, 0x00, 0x0c, 0x00, 0x01, 0x08, 0x38, 0x66, 0x62, 0x32,
    0x30, 0x37, 0x64, 0x65, 0x04, 0x5f, 0x73, 0x75, 0x62, 0x0e, 0x5f, 0x61,
    0x70, 0x70, 0x6c, 0x65, 0x2d, 0x6d, 0x6f, 0x62, 0x64, 0x65, 0x76, 0x32,
    0xc0, 0x15, 0x00, 0x0c, 0x00, 0x01, 0x0f, 0x5f, 0x61, 0x70, 0x70, 0x6c,
    0x65, 0x2d, 0x70, 0x61, 0x69, 0x72, 0x61, 0x62, 0x6c, 0x65, 0xc0, 0x15,
    0x00, 0x0c, 0x00, 0x01, 0x0b, 0x5f, 0x67, 0x6f, 0x6f, 0x67, 0x6c, 0x65,
    0x63, 0x61, 0x73, 0x74, 0xc0, 0x15, 0x00, 0x0c, 0x00, 0x01, 0x06, 0x5f,
    0x75, 0x73, 0x63, 0x61, 0x6e, 0xc0, 0x15, 0x00, 0x0c, 0x00, 0x01, 0x07,
    0x5f, 0x75, 0x73, 0x63, 0x61, 0x6e, 0x73, 0xc0, 0x15, 0x00, 0x0c, 0x00,
    0x01, 0x07, 0x5f, 0x69, 0x70, 0x70, 0x75, 0x73, 0x62, 0xc0, 0x15, 0x00,
    0x0c, 0x00, 0x01, 0x08, 0x5f, 0x73, 0x63, 0x61, 0x6e, 0x6e, 0x65, 0x72,
    0xc0, 0x15, 0x00, 0x0c, 0x00, 0x01, 0x04, 0x5f, 0x69, 0x70, 0x70, 0xc0,
    0x15, 0x00, 0x0c, 0x00, 0x01, 0x05, 0x5f, 0x69, 0x70, 0x70, 0x73, 0xc0,
    0x15, 0x00, 0x0c, 0x00, 0x01, 0x08, 0x5f, 0x70, 0x72, 0x69, 0x6e, 0x74,
    0x65, 0x72, 0xc0, 0x15, 0x00, 0x0c, 0x00, 0x01, 0x0f, 0x5f, 0x70, 0x64,
    0x6c, 0x2d, 0x64, 0x61, 0x74, 0x61, 0x73, 0x74, 0x72, 0x65, 0x61, 0x6d,
    0xc0, 0x15, 0x00, 0x0c, 0x00, 0x01, 0x04, 0x5f, 0x70, 0x74, 0x70, 0xc0,
    0x15, 0x00, 0x0c, 0x00, 0x01, 0x04, 0x5f, 0x72, 0x66, 0x62, 0xc0, 0x15,
    0x00, 0x0c, 0x00, 0x01, 0x06, 0x5f, 0x61, 0x64, 0x69, 0x73, 0x6b, 0xc0,
    0x15, 0x00, 0x0c, 0x00, 0x01, 0xc0, 0x25, 0x00, 0x0c, 0x00, 0x01, 0x00,
    0x00, 0x0e, 0x0a, 0x00, 0x10, 0x0d, 0x4c, 0x75, 0x63, 0x61, 0xe2, 0x80,
    0x99, 0x73, 0x20, 0x69, 0x4d, 0x61, 0x63, 0xc0, 0x25, 0x00, 0x00, 0x29,
    0x05, 0xa0, 0x00, 0x00, 0x11, 0x94, 0x00, 0x12, 0x00, 0x04, 0x00, 0x0e,
    0x00, 0x00, 0xc4, 0x2c, 0x03, 0x06, 0x49, 0xfe, 0xd8, 0x30, 0x62, 0x56,
    0x00, 0x1c,
};
/* What Wireshark 4.0.17 reads in it (tshark -T json): */
static const ws_ptr_t iphone_9_ws_ptr[] = {
    { "_companion-link._tcp.local", "Luca\xe2\x80\x99s iMac._companion-link._tcp.local", 3594 },
};
static const ws_question_t iphone_9_ws_question[] = {
    { "_airport._tcp.local", 12 },
    { "_companion-link._tcp.local", 12 },
    { "_apple-mobdev._tcp.local", 12 },
    { "8fb207de._sub._apple-mobdev2._tcp.local", 12 },
    { "_apple-pairable._tcp.local", 12 },
    { "_googlecast._tcp.local", 12 },
    { "_uscan._tcp.local", 12 },
    { "_uscans._tcp.local", 12 },
    { "_ippusb._tcp.local", 12 },
    { "_scanner._tcp.local", 12 },
    { "_ipp._tcp.local", 12 },
    { "_ipps._tcp.local", 12 },
    { "_printer._tcp.local", 12 },
    { "_pdl-datastream._tcp.local", 12 },
    { "_ptp._tcp.local", 12 },
    { "_rfb._tcp.local", 12 },
    { "_adisk._tcp.local", 12 },
};
static const ws_frame_t iphone_9_ws = {
    .is_response = false,
    .ptr = iphone_9_ws_ptr, .n_ptr = 1,
    .question = iphone_9_ws_question, .n_question = 17,
};

/* nDPI__iphone.pcap frame 16 (tshark -r ... -T fields -e udp.payload) */
static const uint8_t iphone_16[] = {
    0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x10, 0x5f, 0x73, 0x70, 0x6f, 0x74, 0x69, 0x66, 0x79, 0x2d, 0x63, 0x6f,
    0x6e, 0x6e, 0x65, 0x63, 0x74, 0x04, 0x5f, 0x74, 0x63, 0x70, 0x05, 0x6c,
    0x6f, 0x63, 0x61, 0x6c, 0x00, 0x00, 0x0c, 0x00, 0x01,
};
/* What Wireshark 4.0.17 reads in it (tshark -T json): */
static const ws_question_t iphone_16_ws_question[] = {
    { "_spotify-connect._tcp.local", 12 },
};
static const ws_frame_t iphone_16_ws = {
    .is_response = false,
    .question = iphone_16_ws_question, .n_question = 1,
};

/* nDPI__iphone.pcap frame 21 (tshark -r ... -T fields -e udp.payload) */
static const uint8_t iphone_21[] = {
    0x00, 0x00, 0x00, 0x00, 0x00, 0x11, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,
    0x08, 0x5f, 0x61, 0x69, 0x72, 0x70, 0x6f, 0x72, 0x74, 0x04, 0x5f, 0x74,
    0x63, 0x70, 0x05, 0x6c, 0x6f, 0x63, 0x61, 0x6c, 0x00, 0x00, 0x0c, 0x00,
    0x01, 0x0f, 0x5f, 0x63, 0x6f, 0x6d, 0x70, 0x61, 0x6e, 0x69, 0x6f, 0x6e,
    0x2d, 0x6c, 0x69, 0x6e, 0x6b, 0xc0, 0x15, 0x00, 0x0c, 0x00, 0x01, 0x0d,
    0x5f, 0x61, 0x70, 0x70, 0x6c, 0x65, 0x2d, 0x6d, 0x6f, 0x62, 0x64, 0x65,
    0x76, 0xc0, 0x15, 0x00, 0x0c, 0x00, 0x01, 0x08, 0x38, 0x66, 0x62, 0x32,
    0x30, 0x37, 0x64, 0x65, 0x04, 0x5f, 0x73, 0x75, 0x62, 0x0e, 0x5f, 0x61,
    0x70, 0x70, 0x6c, 0x65, 0x2d, 0x6d, 0x6f, 0x62, 0x64, 0x65, 0x76, 0x32,
    0xc0, 0x15, 0x00, 0x0c, 0x00, 0x01, 0x0f, 0x5f, 0x61, 0x70, 0x70, 0x6c,
    0x65, 0x2d, 0x70, 0x61, 0x69, 0x72, 0x61, 0x62, 0x6c, 0x65, 0xc0, 0x15,
    0x00, 0x0c, 0x00, 0x01, 0x0b, 0x5f, 0x67, 0x6f, 0x6f, 0x67, 0x6c, 0x65,
    0x63, 0x61, 0x73, 0x74, 0xc0, 0x15, 0x00, 0x0c, 0x00, 0x01, 0x06, 0x5f,
    0x75, 0x73, 0x63, 0x61, 0x6e, 0xc0, 0x15, 0x00, 0x0c, 0x00, 0x01, 0x07,
    0x5f, 0x75, 0x73, 0x63, 0x61, 0x6e, 0x73, 0xc0, 0x15, 0x00, 0x0c, 0x00,
    0x01, 0x07, 0x5f, 0x69, 0x70, 0x70, 0x75, 0x73, 0x62, 0xc0, 0x15, 0x00,
    0x0c, 0x00, 0x01, 0x08, 0x5f, 0x73, 0x63, 0x61, 0x6e, 0x6e, 0x65, 0x72,
    0xc0, 0x15, 0x00, 0x0c, 0x00, 0x01, 0x04, 0x5f, 0x69, 0x70, 0x70, 0xc0,
    0x15, 0x00, 0x0c, 0x00, 0x01, 0x05, 0x5f, 0x69, 0x70, 0x70, 0x73, 0xc0,
    0x15, 0x00, 0x0c, 0x00, 0x01, 0x08, 0x5f, 0x70, 0x72, 0x69, 0x6e, 0x74,
    0x65, 0x72, 0xc0, 0x15, 0x00, 0x0c, 0x00, 0x01, 0x0f, 0x5f, 0x70, 0x64,
    0x6c, 0x2d, 0x64, 0x61, 0x74, 0x61, 0x73, 0x74, 0x72, 0x65, 0x61, 0x6d,
    0xc0, 0x15, 0x00, 0x0c, 0x00, 0x01, 0x04, 0x5f, 0x70, 0x74, 0x70, 0xc0,
    0x15, 0x00, 0x0c, 0x00, 0x01, 0x04, 0x5f, 0x72, 0x66, 0x62, 0xc0, 0x15,
    0x00, 0x0c, 0x00, 0x01, 0x06, 0x5f, 0x61, 0x64, 0x69, 0x73, 0x6b, 0xc0,
    0x15, 0x00, 0x0c, 0x00, 0x01, 0xc0, 0x25, 0x00, 0x0c, 0x00, 0x01, 0x00,
    0x00, 0x0d, 0xef, 0x00, 0x10, 0x0d, 0x4c, 0x75, 0x63, 0x61, 0xe2, 0x80,
    0x99, 0x73, 0x20, 0x69, 0x4d, 0x61, 0x63, 0xc0, 0x25, 0x00, 0x00, 0x29,
    0x05, 0xa0, 0x00, 0x00, 0x11, 0x94, 0x00, 0x12, 0x00, 0x04, 0x00, 0x0e,
    0x00, 0x00, 0xc4, 0x2c, 0x03, 0x06, 0x49, 0xfe, 0xc6, 0x2c, 0x03, 0x60,
    0x6a, 0x64,
};
/* What Wireshark 4.0.17 reads in it (tshark -T json): */
static const ws_ptr_t iphone_21_ws_ptr[] = {
    { "_companion-link._tcp.local", "Luca\xe2\x80\x99s iMac._companion-link._tcp.local", 3567 },
};
static const ws_question_t iphone_21_ws_question[] = {
    { "_airport._tcp.local", 12 },
    { "_companion-link._tcp.local", 12 },
    { "_apple-mobdev._tcp.local", 12 },
    { "8fb207de._sub._apple-mobdev2._tcp.local", 12 },
    { "_apple-pairable._tcp.local", 12 },
    { "_googlecast._tcp.local", 12 },
    { "_uscan._tcp.local", 12 },
    { "_uscans._tcp.local", 12 },
    { "_ippusb._tcp.local", 12 },
    { "_scanner._tcp.local", 12 },
    { "_ipp._tcp.local", 12 },
    { "_ipps._tcp.local", 12 },
    { "_printer._tcp.local", 12 },
    { "_pdl-datastream._tcp.local", 12 },
    { "_ptp._tcp.local", 12 },
    { "_rfb._tcp.local", 12 },
    { "_adisk._tcp.local", 12 },
};
static const ws_frame_t iphone_21_ws = {
    .is_response = false,
    .ptr = iphone_21_ws_ptr, .n_ptr = 1,
    .question = iphone_21_ws_question, .n_question = 17,
};

/* nDPI__iphone.pcap frame 23 (tshark -r ... -T fields -e udp.payload) */
static const uint8_t iphone_23[] = {
    0x00, 0x00, 0x00, 0x00, 0x00, 0x11, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,
    0x08, 0x5f, 0x61, 0x69, 0x72, 0x70, 0x6f, 0x72, 0x74, 0x04, 0x5f, 0x74,
    0x63, 0x70, 0x05, 0x6c, 0x6f, 0x63, 0x61, 0x6c, 0x00, 0x00, 0x0c, 0x00,
    0x01, 0x0f, 0x5f, 0x63, 0x6f, 0x6d, 0x70, 0x61, 0x6e, 0x69, 0x6f, 0x6e,
    0x2d, 0x6c, 0x69, 0x6e, 0x6b, 0xc0, 0x15, 0x00, 0x0c, 0x00, 0x01, 0x0d,
    0x5f, 0x61, 0x70, 0x70, 0x6c, 0x65, 0x2d, 0x6d, 0x6f, 0x62, 0x64, 0x65,
    0x76, 0xc0, 0x15, 0x00, 0x0c, 0x00, 0x01, 0x08, 0x38, 0x66, 0x62, 0x32,
    0x30, 0x37, 0x64, 0x65, 0x04, 0x5f, 0x73, 0x75, 0x62, 0x0e, 0x5f, 0x61,
    0x70, 0x70, 0x6c, 0x65, 0x2d, 0x6d, 0x6f, 0x62, 0x64, 0x65, 0x76, 0x32,
    0xc0, 0x15, 0x00, 0x0c, 0x00, 0x01, 0x0f, 0x5f, 0x61, 0x70, 0x70, 0x6c,
    0x65, 0x2d, 0x70, 0x61, 0x69, 0x72, 0x61, 0x62, 0x6c, 0x65, 0xc0, 0x15,
    0x00, 0x0c, 0x00, 0x01, 0x0b, 0x5f, 0x67, 0x6f, 0x6f, 0x67, 0x6c, 0x65,
    0x63, 0x61, 0x73, 0x74, 0xc0, 0x15, 0x00, 0x0c, 0x00, 0x01, 0x06, 0x5f,
    0x75, 0x73, 0x63, 0x61, 0x6e, 0xc0, 0x15, 0x00, 0x0c, 0x00, 0x01, 0x07,
    0x5f, 0x75, 0x73, 0x63, 0x61, 0x6e, 0x73, 0xc0, 0x15, 0x00, 0x0c, 0x00,
    0x01, 0x07, 0x5f, 0x69, 0x70, 0x70, 0x75, 0x73, 0x62, 0xc0, 0x15, 0x00,
    0x0c, 0x00, 0x01, 0x08, 0x5f, 0x73, 0x63, 0x61, 0x6e, 0x6e, 0x65, 0x72,
    0xc0, 0x15, 0x00, 0x0c, 0x00, 0x01, 0x04, 0x5f, 0x69, 0x70, 0x70, 0xc0,
    0x15, 0x00, 0x0c, 0x00, 0x01, 0x05, 0x5f, 0x69, 0x70, 0x70, 0x73, 0xc0,
    0x15, 0x00, 0x0c, 0x00, 0x01, 0x08, 0x5f, 0x70, 0x72, 0x69, 0x6e, 0x74,
    0x65, 0x72, 0xc0, 0x15, 0x00, 0x0c, 0x00, 0x01, 0x0f, 0x5f, 0x70, 0x64,
    0x6c, 0x2d, 0x64, 0x61, 0x74, 0x61, 0x73, 0x74, 0x72, 0x65, 0x61, 0x6d,
    0xc0, 0x15, 0x00, 0x0c, 0x00, 0x01, 0x04, 0x5f, 0x70, 0x74, 0x70, 0xc0,
    0x15, 0x00, 0x0c, 0x00, 0x01, 0x04, 0x5f, 0x72, 0x66, 0x62, 0xc0, 0x15,
    0x00, 0x0c, 0x00, 0x01, 0x06, 0x5f, 0x61, 0x64, 0x69, 0x73, 0x6b, 0xc0,
    0x15, 0x00, 0x0c, 0x00, 0x01, 0xc0, 0x25, 0x00, 0x0c, 0x00, 0x01, 0x00,
    0x00, 0x0d, 0xef, 0x00, 0x10, 0x0d, 0x4c, 0x75, 0x63, 0x61, 0xe2, 0x80,
    0x99, 0x73, 0x20, 0x69, 0x4d, 0x61, 0x63, 0xc0, 0x25, 0x00, 0x00, 0x29,
    0x05, 0xa0, 0x00, 0x00, 0x11, 0x94, 0x00, 0x12, 0x00, 0x04, 0x00, 0x0e,
    0x00, 0x00, 0xc4, 0x2c, 0x03, 0x06, 0x49, 0xfe, 0xd8, 0x30, 0x62, 0x56,
    0x00, 0x1c,
};
/* What Wireshark 4.0.17 reads in it (tshark -T json): */
static const ws_ptr_t iphone_23_ws_ptr[] = {
    { "_companion-link._tcp.local", "Luca\xe2\x80\x99s iMac._companion-link._tcp.local", 3567 },
};
static const ws_question_t iphone_23_ws_question[] = {
    { "_airport._tcp.local", 12 },
    { "_companion-link._tcp.local", 12 },
    { "_apple-mobdev._tcp.local", 12 },
    { "8fb207de._sub._apple-mobdev2._tcp.local", 12 },
    { "_apple-pairable._tcp.local", 12 },
    { "_googlecast._tcp.local", 12 },
    { "_uscan._tcp.local", 12 },
    { "_uscans._tcp.local", 12 },
    { "_ippusb._tcp.local", 12 },
    { "_scanner._tcp.local", 12 },
    { "_ipp._tcp.local", 12 },
    { "_ipps._tcp.local", 12 },
    { "_printer._tcp.local", 12 },
    { "_pdl-datastream._tcp.local", 12 },
    { "_ptp._tcp.local", 12 },
    { "_rfb._tcp.local", 12 },
    { "_adisk._tcp.local", 12 },
};
static const ws_frame_t iphone_23_ws = {
    .is_response = false,
    .ptr = iphone_23_ws_ptr, .n_ptr = 1,
    .question = iphone_23_ws_question, .n_question = 17,
};

/* What Wireshark 4.0.17 reads in it (tshark -T json): */
static const ws_question_t iphone_33_ws_question[] = {
    { "_homekit._tcp.local", 12 },
};
static const ws_frame_t iphone_33_ws = {
    .is_response = false,
    .question = iphone_33_ws_question, .n_question = 1,
};

/* nDPI__iphone.pcap frame 275 (tshark -r ... -T fields -e udp.payload) */
static const uint8_t iphone_275[] = {
    0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
    0x08, 0x5f, 0x68, 0x6f, 0x6d, 0x65, 0x6b, 0x69, 0x74, 0x04, 0x5f, 0x74,
    0x63, 0x70, 0x05, 0x6c, 0x6f, 0x63, 0x61, 0x6c, 0x00, 0x00, 0x0c, 0x00,
    0x01, 0x00, 0x00, 0x29, 0x05, 0xa0, 0x00, 0x00, 0x11, 0x94, 0x00, 0x12,
    0x00, 0x04, 0x00, 0x0e, 0x00, 0x00, 0xe6, 0x61, 0x8b, 0x35, 0x82, 0xa9,
    0xc4, 0x61, 0x8b, 0x35, 0x82, 0xa9,
};
/* What Wireshark 4.0.17 reads in it (tshark -T json): */
static const ws_question_t iphone_275_ws_question[] = {
    { "_homekit._tcp.local", 12 },
};
static const ws_frame_t iphone_275_ws = {
    .is_response = false,
    .question = iphone_275_ws_question, .n_question = 1,
};

/* What Wireshark 4.0.17 reads in it (tshark -T json): */
static const ws_question_t zeek_1_ws_question[] = {
    { "_ipp._tcp.local", 12 },
    { "_ipps._tcp.local", 12 },
};
static const ws_frame_t zeek_1_ws = {
    .is_response = false,
    .question = zeek_1_ws_question, .n_question = 2,
};

/* What Wireshark 4.0.17 reads in it (tshark -T json): */
static const ws_address_t zeek_3_ws_address[] = {
    { "johanna-QEMU-Virtual-Machine.local", "fd52:429e:c03c:8235:883c:d6ff:fee1:4dc4", 0 },
    { "johanna-QEMU-Virtual-Machine.local", "fd52:429e:c03c:8235:5968:5bc6:1563:f82f", 0 },
};
static const ws_ptr_t zeek_3_ws_ptr[] = {
    { "4.c.d.4.1.e.e.f.f.f.6.d.c.3.8.8.5.3.2.8.c.3.0.c.e.9.2.4.2.5.d.f.ip6.arpa", "johanna-QEMU-Virtual-Machine.local", 0 },
    { "f.2.8.f.3.6.5.1.6.c.b.5.8.6.9.5.5.3.2.8.c.3.0.c.e.9.2.4.2.5.d.f.ip6.arpa", "johanna-QEMU-Virtual-Machine.local", 0 },
};
static const ws_frame_t zeek_3_ws = {
    .is_response = true,
    .address = zeek_3_ws_address, .n_address = 2,
    .ptr = zeek_3_ws_ptr, .n_ptr = 2,
};

/* What Wireshark 4.0.17 reads in it (tshark -T json): */
static const ws_address_t zeek_4_ws_address[] = {
    { "johanna-QEMU-Virtual-Machine.local", "fd52:429e:c03c:8235:883c:d6ff:fee1:4dc4", 0 },
    { "johanna-QEMU-Virtual-Machine.local", "fd52:429e:c03c:8235:5968:5bc6:1563:f82f", 0 },
    { "johanna-QEMU-Virtual-Machine.local", "10.0.2.7", 0 },
};
static const ws_ptr_t zeek_4_ws_ptr[] = {
    { "4.c.d.4.1.e.e.f.f.f.6.d.c.3.8.8.5.3.2.8.c.3.0.c.e.9.2.4.2.5.d.f.ip6.arpa", "johanna-QEMU-Virtual-Machine.local", 0 },
    { "f.2.8.f.3.6.5.1.6.c.b.5.8.6.9.5.5.3.2.8.c.3.0.c.e.9.2.4.2.5.d.f.ip6.arpa", "johanna-QEMU-Virtual-Machine.local", 0 },
    { "7.2.0.10.in-addr.arpa", "johanna-QEMU-Virtual-Machine.local", 0 },
};
static const ws_frame_t zeek_4_ws = {
    .is_response = true,
    .address = zeek_4_ws_address, .n_address = 3,
    .ptr = zeek_4_ws_ptr, .n_ptr = 3,
};

/* What Wireshark 4.0.17 reads in it (tshark -T json): */
static const ws_address_t zeek_12_ws_address[] = {
    { "johanna-QEMU-Virtual-Machine.local", "10.0.2.7", 120 },
    { "johanna-QEMU-Virtual-Machine.local", "fd52:429e:c03c:8235:5968:5bc6:1563:f82f", 120 },
    { "johanna-QEMU-Virtual-Machine.local", "fd52:429e:c03c:8235:883c:d6ff:fee1:4dc4", 120 },
};
static const ws_ptr_t zeek_12_ws_ptr[] = {
    { "7.2.0.10.in-addr.arpa", "johanna-QEMU-Virtual-Machine.local", 120 },
    { "f.2.8.f.3.6.5.1.6.c.b.5.8.6.9.5.5.3.2.8.c.3.0.c.e.9.2.4.2.5.d.f.ip6.arpa", "johanna-QEMU-Virtual-Machine.local", 120 },
    { "4.c.d.4.1.e.e.f.f.f.6.d.c.3.8.8.5.3.2.8.c.3.0.c.e.9.2.4.2.5.d.f.ip6.arpa", "johanna-QEMU-Virtual-Machine.local", 120 },
};
static const ws_question_t zeek_12_ws_question[] = {
    { "4.c.d.4.1.e.e.f.f.f.6.d.c.3.8.8.5.3.2.8.c.3.0.c.e.9.2.4.2.5.d.f.ip6.arpa", 255 },
    { "johanna-QEMU-Virtual-Machine.local", 255 },
    { "7.2.0.10.in-addr.arpa", 255 },
    { "f.2.8.f.3.6.5.1.6.c.b.5.8.6.9.5.5.3.2.8.c.3.0.c.e.9.2.4.2.5.d.f.ip6.arpa", 255 },
};
static const ws_frame_t zeek_12_ws = {
    .is_response = false,
    .address = zeek_12_ws_address, .n_address = 3,
    .ptr = zeek_12_ws_ptr, .n_ptr = 3,
    .question = zeek_12_ws_question, .n_question = 4,
};

/* What Wireshark 4.0.17 reads in it (tshark -T json): */
static const ws_address_t zeek_19_ws_address[] = {
    { "johanna-QEMU-Virtual-Machine.local", "10.0.2.7", 120 },
    { "johanna-QEMU-Virtual-Machine.local", "fd52:429e:c03c:8235:5968:5bc6:1563:f82f", 120 },
    { "johanna-QEMU-Virtual-Machine.local", "fd52:429e:c03c:8235:883c:d6ff:fee1:4dc4", 120 },
};
static const ws_ptr_t zeek_19_ws_ptr[] = {
    { "4.c.d.4.1.e.e.f.f.f.6.d.c.3.8.8.5.3.2.8.c.3.0.c.e.9.2.4.2.5.d.f.ip6.arpa", "johanna-QEMU-Virtual-Machine.local", 120 },
    { "7.2.0.10.in-addr.arpa", "johanna-QEMU-Virtual-Machine.local", 120 },
    { "f.2.8.f.3.6.5.1.6.c.b.5.8.6.9.5.5.3.2.8.c.3.0.c.e.9.2.4.2.5.d.f.ip6.arpa", "johanna-QEMU-Virtual-Machine.local", 120 },
};
static const ws_frame_t zeek_19_ws = {
    .is_response = true,
    .address = zeek_19_ws_address, .n_address = 3,
    .ptr = zeek_19_ws_ptr, .n_ptr = 3,
};

/* What Wireshark 4.0.17 reads in it (tshark -T json): */
static const ws_question_t wa_voice_199_ws_question[] = {
    { "_raop._tcp.local", 12 },
    { "_airplay._tcp.local", 12 },
};
static const ws_frame_t wa_voice_199_ws = {
    .is_response = false,
    .question = wa_voice_199_ws_question, .n_question = 2,
};

/* nDPI__wa_voice.pcap frame 210 (tshark -r ... -T fields -e udp.payload) */
static const uint8_t wa_voice_210[] = {
    0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x05, 0x5f, 0x72, 0x61, 0x6f, 0x70, 0x04, 0x5f, 0x74, 0x63, 0x70, 0x05,
    0x6c, 0x6f, 0x63, 0x61, 0x6c, 0x00, 0x00, 0x0c, 0x00, 0x01, 0x08, 0x5f,
    0x61, 0x69, 0x72, 0x70, 0x6c, 0x61, 0x79, 0xc0, 0x12, 0x00, 0x0c, 0x00,
    0x01,
};
/* What Wireshark 4.0.17 reads in it (tshark -T json): */
static const ws_question_t wa_voice_210_ws_question[] = {
    { "_raop._tcp.local", 12 },
    { "_airplay._tcp.local", 12 },
};
static const ws_frame_t wa_voice_210_ws = {
    .is_response = false,
    .question = wa_voice_210_ws_question, .n_question = 2,
};

/* What Wireshark 4.0.17 reads in it (tshark -T json): */
static const ws_ptr_t wa_voice_632_ws_ptr[] = {
    { "_companion-link._tcp.local", "Luca\xe2\x80\x99s iMac._companion-link._tcp.local", 3477 },
};
static const ws_question_t wa_voice_632_ws_question[] = {
    { "_homekit._tcp.local", 12 },
    { "_companion-link._tcp.local", 12 },
    { "_sleep-proxy._udp.local", 12 },
    { "_raop._tcp.local", 12 },
    { "_airplay._tcp.local", 12 },
};
static const ws_frame_t wa_voice_632_ws = {
    .is_response = false,
    .ptr = wa_voice_632_ws_ptr, .n_ptr = 1,
    .question = wa_voice_632_ws_question, .n_question = 5,
};


/* A captured message, what Wireshark reads in it, and what only a person
 * can say: the service types its PTR questions ask for (a subtype's
 * question asks for its type), and the model its TXT records name with
 * the instance, where no SRV record of the message has it. */
typedef struct {
    const char        *label;
    const uint8_t     *bytes;
    size_t             len;
    const ws_frame_t  *ws;
    const char *const *queries;        /* NULL-terminated */
    const char        *device_info_instance, *device_info_model;
} capture_t;

static const char *const iphone_7_queries[] = {
    "_airport._tcp", "_companion-link._tcp", "_apple-mobdev._tcp", "_apple-mobdev2._tcp",
    "_apple-pairable._tcp", "_googlecast._tcp", "_uscan._tcp", "_uscans._tcp", "_ippusb._tcp",
    "_scanner._tcp", "_ipp._tcp", "_ipps._tcp", "_printer._tcp", "_pdl-datastream._tcp",
    "_ptp._tcp", "_rfb._tcp", "_adisk._tcp", NULL
};
static const char *const iphone_16_queries[] = { "_spotify-connect._tcp", NULL };
static const char *const iphone_33_queries[] = { "_homekit._tcp", NULL };
static const char *const zeek_1_queries[] = { "_ipp._tcp", "_ipps._tcp", NULL };
static const char *const wa_voice_199_queries[] = { "_raop._tcp", "_airplay._tcp", NULL };
static const char *const wa_voice_632_queries[] = {
    "_homekit._tcp", "_companion-link._tcp", "_sleep-proxy._udp", "_raop._tcp", "_airplay._tcp",
    NULL
};
static const char *const no_queries[] = { NULL };

#define LUCA "Luca\xe2\x80\x99s iMac"  /* U+2019, not an ASCII apostrophe */

static const capture_t captures[] = {
    { "iphone 3", iphone_3, sizeof iphone_3, &iphone_3_ws, no_queries, LUCA, "iMac11,3" },
    { "iphone 5", iphone_5, sizeof iphone_5, &iphone_5_ws, no_queries, LUCA, "iMac11,3" },
    { "iphone 7", iphone_7, sizeof iphone_7, &iphone_7_ws, iphone_7_queries, "", "" },
    { "iphone 9", iphone_9, sizeof iphone_9, &iphone_9_ws, iphone_7_queries, "", "" },
    { "iphone 16", iphone_16, sizeof iphone_16, &iphone_16_ws, iphone_16_queries, "", "" },
    { "iphone 21", iphone_21, sizeof iphone_21, &iphone_21_ws, iphone_7_queries, "", "" },
    { "iphone 23", iphone_23, sizeof iphone_23, &iphone_23_ws, iphone_7_queries, "", "" },
    { "iphone 33", iphone_33, sizeof iphone_33, &iphone_33_ws, iphone_33_queries, "", "" },
    { "iphone 275", iphone_275, sizeof iphone_275, &iphone_275_ws, iphone_33_queries, "", "" },
    { "zeek 1", zeek_1, sizeof zeek_1, &zeek_1_ws, zeek_1_queries, "", "" },
    { "zeek 3", zeek_3, sizeof zeek_3, &zeek_3_ws, no_queries, "", "" },
    { "zeek 4", zeek_4, sizeof zeek_4, &zeek_4_ws, no_queries, "", "" },
    { "zeek 12", zeek_12, sizeof zeek_12, &zeek_12_ws, no_queries, "", "" },
    { "zeek 19", zeek_19, sizeof zeek_19, &zeek_19_ws, no_queries, "", "" },
    { "wa_voice 199", wa_voice_199, sizeof wa_voice_199, &wa_voice_199_ws, wa_voice_199_queries,
      "", "" },
    { "wa_voice 210", wa_voice_210, sizeof wa_voice_210, &wa_voice_210_ws, wa_voice_199_queries,
      "", "" },
    { "wa_voice 632", wa_voice_632, sizeof wa_voice_632, &wa_voice_632_ws, wa_voice_632_queries,
      "", "" },
};

/* Large: not on the stack. */
static apple_mdns_message_t message, cut;

/* The bytes of an address as Wireshark prints it. */
static unsigned address_bytes(const char *text, uint8_t out[16])
{
    memset(out, 0, 16);
    if (inet_pton(AF_INET, text, out) == 1)
        return 4;
    assert_int_equal(inet_pton(AF_INET6, text, out), 1);
    return 6;
}

/* The value of the first model key (model=, am=, rpMd=, any case) among
 * Wireshark's strings of a TXT record, or NULL. */
static const char *ws_txt_model(const ws_txt_t *txt)
{
    for (size_t i = 0; i < 8 && txt->strings[i]; i++) {
        const char *s = txt->strings[i];
        const char *equals = strchr(s, '=');
        size_t key_len = equals ? (size_t)(equals - s) : 0;

        if (equals && ((key_len == 5 && g_ascii_strncasecmp(s, "model", 5) == 0)
                       || (key_len == 2 && g_ascii_strncasecmp(s, "am", 2) == 0)
                       || (key_len == 4 && g_ascii_strncasecmp(s, "rpMd", 4) == 0)))
            return equals + 1;
    }
    return NULL;
}

/* Wireshark's SRV record srv read as the reader reads a service: the
 * instance is dns.srv.service, the type dns.srv.proto and the first label
 * of dns.srv.name. */
static void assert_service_is(const apple_mdns_service_t *got, const ws_srv_t *srv,
                              const ws_frame_t *ws)
{
    char type[APPLE_MDNS_TYPE_MAX], owner[APPLE_DNS_NAME_MAX];
    const char *dot = strchr(srv->name, '.');
    const char *model = "";

    assert_non_null(dot);
    snprintf(type, sizeof type, "%s.%.*s", srv->proto, (int)(dot - srv->name), srv->name);
    assert_string_equal(got->instance, srv->service);
    assert_string_equal(got->type, type);
    assert_int_equal(got->transport, strncmp(srv->name, "_udp", 4) == 0 ? APPLE_UDP : APPLE_TCP);
    assert_string_equal(got->target, srv->target);
    assert_int_equal(got->port, srv->port);
    assert_int_equal(got->ttl, srv->ttl);
    /* the model of the TXT record of the same owner, if it names one */
    snprintf(owner, sizeof owner, "%s.%s.%s", srv->service, srv->proto, srv->name);
    for (size_t t = 0; t < ws->n_txt; t++)
        if (strcmp(ws->txt[t].owner, owner) == 0 && ws_txt_model(&ws->txt[t]))
            model = ws_txt_model(&ws->txt[t]);
    assert_string_equal(got->model, model);
}

static void assert_reads_as_wireshark(const capture_t *c)
{
    const ws_frame_t *ws = c->ws;
    size_t n_queries = 0, n_goodbyes = 0;

    print_message("%s\n", c->label);
    assert_true(apple_mdns_read(c->bytes, c->len, &message));
    assert_int_equal(message.is_response, ws->is_response);

    assert_int_equal(message.n_services, ws->n_srv);
    for (size_t i = 0; i < ws->n_srv; i++)
        assert_service_is(&message.services[i], &ws->srv[i], ws);

    assert_int_equal(message.n_addresses, ws->n_address);
    for (size_t i = 0; i < ws->n_address; i++) {
        uint8_t bytes[16];
        unsigned version = address_bytes(ws->address[i].address, bytes);

        assert_string_equal(message.addresses[i].host, ws->address[i].owner);
        assert_int_equal(message.addresses[i].ip_version, version);
        assert_memory_equal(message.addresses[i].address, bytes, 16);
        assert_int_equal(message.addresses[i].ttl, ws->address[i].ttl);
    }

    /* every type asked for is a PTR question Wireshark shows, for the type
     * or a subtype of it */
    for (; c->queries[n_queries]; n_queries++) {
        char plain[128], sub[128];
        bool seen = false;

        assert_string_equal(message.queries[n_queries], c->queries[n_queries]);
        snprintf(plain, sizeof plain, "%s.local", c->queries[n_queries]);
        snprintf(sub, sizeof sub, "._sub.%s.local", c->queries[n_queries]);
        for (size_t q = 0; q < ws->n_question; q++) {
            const char *name = ws->question[q].name;
            size_t n = strlen(name);

            if (ws->question[q].type == 12
                && (strcmp(name, plain) == 0
                    || (n > strlen(sub) && strcmp(name + n - strlen(sub), sub) == 0)))
                seen = true;
        }
        assert_true(seen);
    }
    assert_int_equal(message.n_queries, n_queries);

    /* goodbyes: PTR records with TTL 0 that point to an instance; these
     * captures have none (zeek's TTL 0 PTR records are reverse names) */
    for (size_t i = 0; i < ws->n_ptr; i++)
        if (ws->ptr[i].ttl == 0 && strstr(ws->ptr[i].target, "._tcp.") != NULL)
            n_goodbyes++;
    assert_int_equal(message.n_goodbyes, n_goodbyes);

    assert_string_equal(message.device_info_instance, c->device_info_instance);
    assert_string_equal(message.device_info_model, c->device_info_model);
    if (c->device_info_model[0] != '\0') {
        /* Wireshark shows it in the TXT record of that instance's _device-info */
        char owner[APPLE_DNS_NAME_MAX];
        bool seen = false;

        snprintf(owner, sizeof owner, "%s._device-info._tcp.local", c->device_info_instance);
        for (size_t t = 0; t < ws->n_txt; t++)
            if (strcmp(ws->txt[t].owner, owner) == 0 && ws_txt_model(&ws->txt[t])
                && strcmp(ws_txt_model(&ws->txt[t]), c->device_info_model) == 0)
                seen = true;
        assert_true(seen);
    }
}

static void test_captured_messages_read_as_wireshark_reads_them(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof captures / sizeof captures[0]; i++)
        assert_reads_as_wireshark(&captures[i]);
}

static bool same_service_but_model(const apple_mdns_service_t *a, const apple_mdns_service_t *b)
{
    return strcmp(a->instance, b->instance) == 0 && strcmp(a->type, b->type) == 0
           && a->transport == b->transport && strcmp(a->target, b->target) == 0
           && a->port == b->port && a->ttl == b->ttl;
}

/* Cut at every length, a message keeps what came before the cut: a prefix
 * of each list, with the models its TXT records before the cut gave. */
static void test_captured_messages_cut_at_every_length(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof captures / sizeof captures[0]; i++) {
        const capture_t *c = &captures[i];

        assert_true(apple_mdns_read(c->bytes, c->len, &message));
        for (size_t len = 0; len < c->len; len++) {
            bool ok = apple_mdns_read(c->bytes, len, &cut);

            if (len < 12) {
                assert_false(ok);
                continue;
            }
            assert_true(ok || (cut.n_services == 0 && cut.n_addresses == 0 && cut.n_queries == 0));
            assert_true(cut.n_services <= message.n_services);
            for (size_t s = 0; s < cut.n_services; s++) {
                assert_true(same_service_but_model(&cut.services[s], &message.services[s]));
                assert_true(cut.services[s].model[0] == '\0'
                            || strcmp(cut.services[s].model, message.services[s].model) == 0);
            }
            assert_true(cut.n_addresses <= message.n_addresses);
            for (size_t a = 0; a < cut.n_addresses; a++)
                assert_memory_equal(&cut.addresses[a], &message.addresses[a],
                                    sizeof cut.addresses[a]);
            assert_true(cut.n_queries <= message.n_queries);
            for (size_t q = 0; q < cut.n_queries; q++)
                assert_string_equal(cut.queries[q], message.queries[q]);
            assert_true(cut.device_info_model[0] == '\0'
                        || strcmp(cut.device_info_model, message.device_info_model) == 0);
        }
    }
}

/* ---- Hand-made messages ---- */

typedef struct {
    uint8_t bytes[8192];
    size_t  len;
} wire_t;

static wire_t w;

static void put_bytes(wire_t *wire, const void *bytes, size_t n)
{
    if (n == 0)
        return;
    assert_true(n <= sizeof wire->bytes - wire->len);
    memcpy(wire->bytes + wire->len, bytes, n);
    wire->len += n;
}

static void put_u8(wire_t *wire, unsigned value)
{
    uint8_t byte = (uint8_t)value;

    put_bytes(wire, &byte, 1);
}

static void put_u16(wire_t *wire, unsigned value)
{
    put_u8(wire, value >> 8);
    put_u8(wire, value);
}

static void put_u32(wire_t *wire, uint32_t value)
{
    put_u16(wire, value >> 16);
    put_u16(wire, value & 0xffff);
}

static void put_header(wire_t *wire, unsigned flags, unsigned qd, unsigned an, unsigned ns,
                       unsigned ar)
{
    wire->len = 0;
    put_u16(wire, 0);
    put_u16(wire, flags);
    put_u16(wire, qd);
    put_u16(wire, an);
    put_u16(wire, ns);
    put_u16(wire, ar);
}

/* A name from its labels joined by '|' (so that a label may hold a '.'):
 * "Kitchen|_airplay|_tcp|local". */
static void put_name(wire_t *wire, const char *labels)
{
    const char *p = labels;

    while (*p) {
        const char *bar = strchr(p, '|');
        size_t n = bar ? (size_t)(bar - p) : strlen(p);

        assert_true(n > 0 && n < 64);
        put_u8(wire, (unsigned)n);
        put_bytes(wire, p, n);
        p += n;
        if (*p == '|')
            p++;
    }
    put_u8(wire, 0);
}

static void put_question(wire_t *wire, const char *labels, unsigned type)
{
    put_name(wire, labels);
    put_u16(wire, type);
    put_u16(wire, 1);
}

/* A record's owner, type, class IN with the cache-flush bit, TTL, and a
 * place for the rdata length: returns where it goes. */
static size_t put_record_start(wire_t *wire, const char *labels, unsigned type, uint32_t ttl)
{
    put_name(wire, labels);
    put_u16(wire, type);
    put_u16(wire, 0x8001);
    put_u32(wire, ttl);
    put_u16(wire, 0);
    return wire->len;
}

static void put_record_end(wire_t *wire, size_t start)
{
    size_t rdata_len = wire->len - start;

    wire->bytes[start - 2] = (uint8_t)(rdata_len >> 8);
    wire->bytes[start - 1] = (uint8_t)rdata_len;
}

static void put_srv(wire_t *wire, const char *owner, uint32_t ttl, unsigned port,
                    const char *target)
{
    size_t start = put_record_start(wire, owner, 33, ttl);

    put_u16(wire, 0);
    put_u16(wire, 0);
    put_u16(wire, port);
    put_name(wire, target);
    put_record_end(wire, start);
}

/* A TXT record of strings joined by '|'. */
static void put_txt(wire_t *wire, const char *owner, const char *strings)
{
    size_t start = put_record_start(wire, owner, 16, 4500);
    const char *p = strings;

    for (;;) {
        const char *bar = strchr(p, '|');
        size_t n = bar ? (size_t)(bar - p) : strlen(p);

        put_u8(wire, (unsigned)n);
        put_bytes(wire, p, n);
        if (!bar)
            break;
        p = bar + 1;
    }
    put_record_end(wire, start);
}

static void put_ptr(wire_t *wire, const char *owner, uint32_t ttl, const char *target)
{
    size_t start = put_record_start(wire, owner, 12, ttl);

    put_name(wire, target);
    put_record_end(wire, start);
}

static void put_a(wire_t *wire, const char *owner, uint32_t ttl, uint8_t a, uint8_t b, uint8_t c,
                  uint8_t d)
{
    size_t start = put_record_start(wire, owner, 1, ttl);
    const uint8_t bytes[4] = { a, b, c, d };

    put_bytes(wire, bytes, 4);
    put_record_end(wire, start);
}

static void read_wire(void)
{
    assert_true(apple_mdns_read(w.bytes, w.len, &message));
}

static void test_instance_names_are_the_first_label(void **state)
{
    (void)state;
    put_header(&w, 0x8400, 0, 4, 0, 0);
    /* a '.' inside the instance label comes escaped; UTF-8 stays */
    put_srv(&w, "Anna's Mac.mini \xe2\x80\x94 2|_smb|_tcp|local", 120, 445, "Annas-Mac-mini|local");
    /* another domain keeps the type as the two labels after the instance */
    put_srv(&w, "Office Printer|_ipp|_tcp|example|com", 120, 631, "printer|example|com");
    /* UDP, and a type in capitals kept as it is */
    put_srv(&w, "Living Room|_Sleep-Proxy|_UDP|local", 120, 5353, "Apple-TV|local");
    /* a subtype-looking instance still splits at its first label */
    put_srv(&w, "x|_raop|_tcp|local", 0, 7000, "speaker|local");
    read_wire();
    assert_int_equal(message.n_services, 4);
    /* the instance as its own text: a '.' inside it is no longer escaped */
    assert_string_equal(message.services[0].instance, "Anna's Mac.mini \xe2\x80\x94 2");
    assert_string_equal(message.services[0].type, "_smb._tcp");
    assert_int_equal(message.services[0].transport, APPLE_TCP);
    assert_string_equal(message.services[0].target, "Annas-Mac-mini.local");
    assert_int_equal(message.services[0].port, 445);
    assert_string_equal(message.services[1].instance, "Office Printer");
    assert_string_equal(message.services[1].type, "_ipp._tcp");
    assert_string_equal(message.services[1].target, "printer.example.com");
    assert_string_equal(message.services[2].type, "_Sleep-Proxy._UDP");
    assert_int_equal(message.services[2].transport, APPLE_UDP);
    assert_int_equal(message.services[3].ttl, 0);       /* a goodbye */
    assert_int_equal(message.services[3].port, 7000);
}

static void test_names_that_are_no_service_instance(void **state)
{
    char long_type[80];

    (void)state;
    memset(long_type, 0, sizeof long_type);
    long_type[0] = '_';
    memset(long_type + 1, 'a', 61);         /* "_" + 61: with "._tcp", 67 characters */
    put_header(&w, 0x8400, 0, 7, 0, 0);
    put_srv(&w, "_ldap|_tcp|example|com", 120, 389, "dc|example|com");      /* no instance */
    put_srv(&w, "Box|_http|_tcp", 120, 80, "box|local");                     /* no domain */
    put_srv(&w, "Box|http|_tcp|local", 120, 80, "box|local");                /* no '_' */
    put_srv(&w, "Box|_http|_sctp|local", 120, 80, "box|local");              /* not tcp/udp */
    put_srv(&w, "Box|_|_tcp|local", 120, 80, "box|local");                   /* an empty name */
    {
        char owner[128];

        snprintf(owner, sizeof owner, "Box|%s|_tcp|local", long_type);
        put_srv(&w, owner, 120, 80, "box|local");                            /* too long */
    }
    put_srv(&w, "Box|_http|_tcp|local", 120, 80, "");                        /* no target */
    read_wire();
    assert_int_equal(message.n_services, 0);
}

static void test_txt_models_go_to_their_instance(void **state)
{
    (void)state;
    put_header(&w, 0x8400, 0, 6, 0, 0);
    /* the TXT record before its SRV record; the key in capitals */
    put_txt(&w, "Kitchen|_airplay|_tcp|local", "deviceid=AA:BB|MODEL=AppleTV6,2");
    put_srv(&w, "Kitchen|_airplay|_tcp|local", 120, 7000, "Kitchen-TV|local");
    /* am= after a model= whose value has a control octet */
    put_srv(&w, "AA11BB22@Kitchen|_raop|_tcp|local", 120, 7000, "Kitchen-TV|local");
    put_txt(&w, "AA11BB22@Kitchen|_raop|_tcp|local", "model=Apple\x01TV|am=AppleTV6,2");
    /* rpMd= of Companion Link; the same instance in another domain is another owner */
    put_srv(&w, "Kitchen|_companion-link|_tcp|local", 120, 49153, "Kitchen-TV|local");
    put_txt(&w, "Kitchen|_companion-link|_tcp|example", "rpMd=AppleTV6,2");
    read_wire();
    assert_int_equal(message.n_services, 3);
    assert_string_equal(message.services[0].model, "AppleTV6,2");
    assert_string_equal(message.services[1].model, "AppleTV6,2");
    assert_string_equal(message.services[2].model, "");
    /* the TXT record whose owner has no SRV record here */
    assert_string_equal(message.device_info_instance, "Kitchen");
    assert_string_equal(message.device_info_model, "AppleTV6,2");
}

static void test_device_info_record_wins_over_other_lone_txt(void **state)
{
    char too_long[80];

    (void)state;
    put_header(&w, 0x8400, 0, 5, 0, 0);
    put_txt(&w, "Den|_hap|_tcp|local", "md=Bridge|model=Hue");
    put_txt(&w, "Study|_device-info|_tcp|local", "model=");           /* empty: no model */
    memset(too_long, 'M', sizeof too_long);
    memcpy(too_long, "model=", 6);
    too_long[6 + APPLE_MDNS_MODEL_MAX] = '\0';                          /* 64 characters */
    put_txt(&w, "Study|_device-info|_tcp|local", too_long);
    put_txt(&w, "Luca\xe2\x80\x99s iMac|_device-info|_tcp|local", "rpmd=MacBookPro18,1|osxvers=21");
    put_txt(&w, "Other|_device-info|_tcp|local", "model=iMac11,3");
    read_wire();
    assert_string_equal(message.device_info_instance, LUCA);
    assert_string_equal(message.device_info_model, "MacBookPro18,1");
}

static void test_ptr_goodbyes(void **state)
{
    (void)state;
    put_header(&w, 0x8400, 0, 5, 0, 0);
    put_ptr(&w, "_airplay|_tcp|local", 0, "Kitchen|_airplay|_tcp|local");
    put_ptr(&w, "_airplay|_tcp|local", 0, "Kitchen|_airplay|_tcp|local");      /* again: once */
    put_ptr(&w, "_raop|_tcp|local", 4500, "AA@Kitchen|_raop|_tcp|local");      /* not a goodbye */
    put_ptr(&w, "7|2|0|10|in-addr|arpa", 0, "kitchen|local");                  /* not an instance */
    put_ptr(&w, "_services|_dns-sd|_udp|local", 0, "_airplay|_tcp|local");     /* a type */
    read_wire();
    assert_int_equal(message.n_goodbyes, 1);
    assert_string_equal(message.goodbyes[0].instance, "Kitchen");
    assert_string_equal(message.goodbyes[0].type, "_airplay._tcp");
    assert_int_equal(message.n_services, 0);
}

static void test_questions_for_service_types(void **state)
{
    (void)state;
    put_header(&w, 0, 7, 0, 0, 0);
    put_question(&w, "_airplay|_tcp|local", 12);
    put_question(&w, "_AirPlay|_tcp|local", 12);                       /* the same, once */
    put_question(&w, "_services|_dns-sd|_udp|local", 12);              /* no type */
    put_question(&w, "_printer|_sub|_http|_tcp|local", 12);            /* a subtype */
    put_question(&w, "Kitchen|_airplay|_tcp|local", 255);              /* a probe: not PTR */
    put_question(&w, "_raop|_tcp|local", 33);                          /* not PTR */
    put_question(&w, "7|2|0|10|in-addr|arpa", 12);                     /* a reverse name */
    read_wire();
    assert_false(message.is_response);
    assert_int_equal(message.n_queries, 2);
    assert_string_equal(message.queries[0], "_airplay._tcp");
    assert_string_equal(message.queries[1], "_http._tcp");
}

/* Records from the answer, authority and additional sections alike: a
 * probe carries its proposed records in the authority section. The same
 * SRV record in two sections counts once. */
static void test_every_section_counts(void **state)
{
    (void)state;
    put_header(&w, 0, 1, 1, 2, 1);
    put_question(&w, "Kitchen|_airplay|_tcp|local", 255);
    put_srv(&w, "Kitchen|_airplay|_tcp|local", 120, 7000, "Kitchen-TV|local");
    put_srv(&w, "Kitchen|_airplay|_tcp|local", 120, 7000, "Kitchen-TV|local");
    put_a(&w, "Kitchen-TV|local", 120, 10, 0, 0, 5);
    put_srv(&w, "Kitchen|_raop|_tcp|local", 120, 7000, "Kitchen-TV|local");
    read_wire();
    assert_int_equal(message.n_services, 2);
    assert_string_equal(message.services[1].type, "_raop._tcp");
    assert_int_equal(message.n_addresses, 1);
    assert_string_equal(message.addresses[0].host, "Kitchen-TV.local");
    assert_int_equal(message.addresses[0].ip_version, 4);
    assert_memory_equal(message.addresses[0].address, ((const uint8_t[]){ 10, 0, 0, 5 }), 4);
}

static void test_bounds(void **state)
{
    char owner[64];

    (void)state;
    put_header(&w, 0x8400, 40, 30 + 20 + 20, 0, 0);
    for (unsigned i = 0; i < 40; i++) {
        snprintf(owner, sizeof owner, "_t%u|_tcp|local", i);
        put_question(&w, owner, 12);
    }
    for (unsigned i = 0; i < 30; i++) {
        snprintf(owner, sizeof owner, "Box %u|_http|_tcp|local", i);
        put_srv(&w, owner, 120, 8000 + i, "box|local");
    }
    for (unsigned i = 0; i < 20; i++)
        put_a(&w, "box|local", 120, 10, 0, 0, (uint8_t)i);
    for (unsigned i = 0; i < 20; i++) {
        snprintf(owner, sizeof owner, "_airplay|_tcp|local");
        {
            char target[64];

            snprintf(target, sizeof target, "Box %u|_airplay|_tcp|local", i);
            put_ptr(&w, owner, 0, target);
        }
    }
    read_wire();
    assert_int_equal(message.n_queries, APPLE_MDNS_QUERIES_MAX);
    assert_string_equal(message.queries[APPLE_MDNS_QUERIES_MAX - 1], "_t31._tcp");
    assert_int_equal(message.n_services, APPLE_MDNS_SERVICES_MAX);
    assert_int_equal(message.services[APPLE_MDNS_SERVICES_MAX - 1].port,
                     8000 + APPLE_MDNS_SERVICES_MAX - 1);
    assert_int_equal(message.n_addresses, APPLE_MDNS_ADDRESSES_MAX);
    assert_int_equal(message.n_goodbyes, APPLE_MDNS_GOODBYES_MAX);
}

/* RFC 6762 section 18.3 and 18.11: a message with another opcode or a
 * response code is ignored. */
static void test_opcode_and_rcode_announce_nothing(void **state)
{
    (void)state;
    put_header(&w, 0x8400 | (5u << 11), 0, 1, 0, 0);
    put_srv(&w, "Kitchen|_airplay|_tcp|local", 120, 7000, "Kitchen-TV|local");
    read_wire();
    assert_true(message.is_response);
    assert_int_equal(message.n_services, 0);

    w.bytes[2] = 0x84;
    w.bytes[3] = 0x03;                       /* NXDOMAIN */
    read_wire();
    assert_int_equal(message.n_services, 0);

    w.bytes[3] = 0x00;
    read_wire();
    assert_int_equal(message.n_services, 1);
}

static void test_what_is_no_dns_message(void **state)
{
    (void)state;
    assert_false(apple_mdns_read(NULL, 0, &message));
    assert_false(apple_mdns_read(w.bytes, 11, &message));
    assert_false(apple_mdns_read(w.bytes, 12, NULL));
    /* a first question that does not parse */
    put_header(&w, 0, 1, 0, 0, 0);
    put_u8(&w, 0x80);
    assert_false(apple_mdns_read(w.bytes, w.len, &message));
    /* a message that breaks after its first record keeps it */
    put_header(&w, 0x8400, 0, 2, 0, 0);
    put_srv(&w, "Kitchen|_airplay|_tcp|local", 120, 7000, "Kitchen-TV|local");
    put_u8(&w, 0x80);
    read_wire();
    assert_int_equal(message.n_services, 1);
    /* an empty message is one */
    put_header(&w, 0x8400, 0, 0, 0, 0);
    read_wire();
    assert_int_equal(message.n_services, 0);
}

/* ---- Apple's model identifiers ---- */

static void test_apple_models(void **state)
{
    static const char *const apple[] = {
        "iMac11,3",             /* nDPI__iphone.pcap frame 3 */
        "iMacPro1,1", "Mac14,2", "Mac13,1", "MacBook10,1", "MacBookPro18,1", "MacBookAir10,1",
        "Macmini9,1", "MacPro7,1", "iPhone14,2", "iPad13,4", "iPod9,1", "AppleTV11,1",
        "AppleTV6,2", "AudioAccessory5,1", "AudioAccessory1,1", "AudioAccessorySingle5,1",
        "Watch6,1", "RealityDevice14,1", "TimeCapsule8,119", "AirPort10,115", "RackMac3,1",
        "PowerMac10,1", "PowerBook6,8", "Xserve3,1", "VirtualMac2,1",
        "J42dAP", "J105aAP", "J305AP", "J33IAP", "J255AP",
    };
    static const char *const not_apple[] = {
        "", "Macintosh", "iMacFake", "iMac", "iMac11", "iMac11,", "iMac,3", "iMac11,3x",
        "imac11,3", "IMAC11,3", "iMac11.3", "iMac11,3,1", "iMac1111,3", "MacSamba", "Xserve",
        "Kodi", "Samsung TV", "AppleTV", "AudioAccessory", "J42d", "J42dAp", "JAP", "J42abcAP",
        "K66AP", "Mac 14,2", " iMac11,3", "iPhone14,2 ",
    };

    (void)state;
    for (size_t i = 0; i < sizeof apple / sizeof apple[0]; i++) {
        print_message("%s\n", apple[i]);
        assert_true(apple_mdns_model_is_apple(apple[i]));
    }
    for (size_t i = 0; i < sizeof not_apple / sizeof not_apple[0]; i++) {
        print_message("not %s\n", not_apple[i]);
        assert_false(apple_mdns_model_is_apple(not_apple[i]));
    }
    assert_false(apple_mdns_model_is_apple(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_captured_messages_read_as_wireshark_reads_them),
        cmocka_unit_test(test_captured_messages_cut_at_every_length),
        cmocka_unit_test(test_instance_names_are_the_first_label),
        cmocka_unit_test(test_names_that_are_no_service_instance),
        cmocka_unit_test(test_txt_models_go_to_their_instance),
        cmocka_unit_test(test_device_info_record_wins_over_other_lone_txt),
        cmocka_unit_test(test_ptr_goodbyes),
        cmocka_unit_test(test_questions_for_service_types),
        cmocka_unit_test(test_every_section_counts),
        cmocka_unit_test(test_bounds),
        cmocka_unit_test(test_opcode_and_rcode_announce_nothing),
        cmocka_unit_test(test_what_is_no_dns_message),
        cmocka_unit_test(test_apple_models),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
