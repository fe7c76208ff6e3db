/* test-bonjour.c
 * The store of what Bonjour announcements teach (apple-bonjour.h), fed
 * with messages read by apple-mdns.h: the real messages of the shared
 * captures (nDPI__iphone's iMac, zeek__dns__mdns's Linux host,
 * nDPI__wa_voice's queries) with their senders as Wireshark shows them,
 * and hand-made ones for goodbyes (SRV and PTR), a Sleep Proxy answering
 * for another host, generic and unknown types from Apple and other
 * devices, an SRV record before its address, a change of address, two
 * types on one port, models that are and are not Apple's, device-info
 * records on their own, types without a service behind them, and the
 * bounds (devices, hosts, endpoints, periods, lists, memory).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "unit-support.h"

#include "vectors.h"

#include "apple-bonjour.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
#include <malloc.h>
#define HAVE_MALLINFO2 1
#endif

#include <glib.h>

#define LUCA "Luca\xe2\x80\x99s iMac"  /* U+2019, not an ASCII apostrophe */

/* ---- Real messages ---- */

/* zeek__dns__mdns.pcap frame 11 (and 13, 17): a probe, its addresses in the authority section */
static const uint8_t zeek_11[] = {
    0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00,
    0x01, 0x34, 0x01, 0x63, 0x01, 0x64, 0x01, 0x34, 0x01, 0x31, 0x01, 0x65,
    0x01, 0x65, 0x01, 0x66, 0x01, 0x66, 0x01, 0x66, 0x01, 0x36, 0x01, 0x64,
    0x01, 0x63, 0x01, 0x33, 0x01, 0x38, 0x01, 0x38, 0x01, 0x35, 0x01, 0x33,
    0x01, 0x32, 0x01, 0x38, 0x01, 0x63, 0x01, 0x33, 0x01, 0x30, 0x01, 0x63,
    0x01, 0x65, 0x01, 0x39, 0x01, 0x32, 0x01, 0x34, 0x01, 0x32, 0x01, 0x35,
    0x01, 0x64, 0x01, 0x66, 0x03, 0x69, 0x70, 0x36, 0x04, 0x61, 0x72, 0x70,
    0x61, 0x00, 0x00, 0xff, 0x00, 0x01, 0x1c, 0x6a, 0x6f, 0x68, 0x61, 0x6e,
    0x6e, 0x61, 0x2d, 0x51, 0x45, 0x4d, 0x55, 0x2d, 0x56, 0x69, 0x72, 0x74,
    0x75, 0x61, 0x6c, 0x2d, 0x4d, 0x61, 0x63, 0x68, 0x69, 0x6e, 0x65, 0x05,
    0x6c, 0x6f, 0x63, 0x61, 0x6c, 0x00, 0x00, 0xff, 0x00, 0x01, 0x01, 0x66,
    0x01, 0x32, 0x01, 0x38, 0x01, 0x66, 0x01, 0x33, 0x01, 0x36, 0x01, 0x35,
    0x01, 0x31, 0x01, 0x36, 0x01, 0x63, 0x01, 0x62, 0x01, 0x35, 0x01, 0x38,
    0x01, 0x36, 0x01, 0x39, 0x01, 0x35, 0xc0, 0x2c, 0x00, 0xff, 0x00, 0x01,
    0xc0, 0x5a, 0x00, 0x1c, 0x00, 0x01, 0x00, 0x00, 0x00, 0x78, 0x00, 0x10,
    0xfd, 0x52, 0x42, 0x9e, 0xc0, 0x3c, 0x82, 0x35, 0x59, 0x68, 0x5b, 0xc6,
    0x15, 0x63, 0xf8, 0x2f, 0xc0, 0x82, 0x00, 0x0c, 0x00, 0x01, 0x00, 0x00,
    0x00, 0x78, 0x00, 0x02, 0xc0, 0x5a, 0xc0, 0x5a, 0x00, 0x1c, 0x00, 0x01,
    0x00, 0x00, 0x00, 0x78, 0x00, 0x10, 0xfd, 0x52, 0x42, 0x9e, 0xc0, 0x3c,
    0x82, 0x35, 0x88, 0x3c, 0xd6, 0xff, 0xfe, 0xe1, 0x4d, 0xc4, 0xc0, 0x0c,
    0x00, 0x0c, 0x00, 0x01, 0x00, 0x00, 0x00, 0x78, 0x00, 0x02, 0xc0, 0x5a,
};

/* zeek__dns__mdns.pcap frame 20: the same over IPv6 */
static const uint8_t zeek_20[] = {
    0x00, 0x00, 0x84, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00,
    0x01, 0x34, 0x01, 0x63, 0x01, 0x64, 0x01, 0x34, 0x01, 0x31, 0x01, 0x65,
    0x01, 0x65, 0x01, 0x66, 0x01, 0x66, 0x01, 0x66, 0x01, 0x36, 0x01, 0x64,
    0x01, 0x63, 0x01, 0x33, 0x01, 0x38, 0x01, 0x38, 0x01, 0x35, 0x01, 0x33,
    0x01, 0x32, 0x01, 0x38, 0x01, 0x63, 0x01, 0x33, 0x01, 0x30, 0x01, 0x63,
    0x01, 0x65, 0x01, 0x39, 0x01, 0x32, 0x01, 0x34, 0x01, 0x32, 0x01, 0x35,
    0x01, 0x64, 0x01, 0x66, 0x03, 0x69, 0x70, 0x36, 0x04, 0x61, 0x72, 0x70,
    0x61, 0x00, 0x00, 0x0c, 0x80, 0x01, 0x00, 0x00, 0x00, 0x78, 0x00, 0x24,
    0x1c, 0x6a, 0x6f, 0x68, 0x61, 0x6e, 0x6e, 0x61, 0x2d, 0x51, 0x45, 0x4d,
    0x55, 0x2d, 0x56, 0x69, 0x72, 0x74, 0x75, 0x61, 0x6c, 0x2d, 0x4d, 0x61,
    0x63, 0x68, 0x69, 0x6e, 0x65, 0x05, 0x6c, 0x6f, 0x63, 0x61, 0x6c, 0x00,
    0xc0, 0x60, 0x00, 0x1c, 0x80, 0x01, 0x00, 0x00, 0x00, 0x78, 0x00, 0x10,
    0xfd, 0x52, 0x42, 0x9e, 0xc0, 0x3c, 0x82, 0x35, 0x59, 0x68, 0x5b, 0xc6,
    0x15, 0x63, 0xf8, 0x2f, 0x01, 0x66, 0x01, 0x32, 0x01, 0x38, 0x01, 0x66,
    0x01, 0x33, 0x01, 0x36, 0x01, 0x35, 0x01, 0x31, 0x01, 0x36, 0x01, 0x63,
    0x01, 0x62, 0x01, 0x35, 0x01, 0x38, 0x01, 0x36, 0x01, 0x39, 0x01, 0x35,
    0xc0, 0x2c, 0x00, 0x0c, 0x80, 0x01, 0x00, 0x00, 0x00, 0x78, 0x00, 0x02,
    0xc0, 0x60, 0xc0, 0x60, 0x00, 0x1c, 0x80, 0x01, 0x00, 0x00, 0x00, 0x78,
    0x00, 0x10, 0xfd, 0x52, 0x42, 0x9e, 0xc0, 0x3c, 0x82, 0x35, 0x88, 0x3c,
    0xd6, 0xff, 0xfe, 0xe1, 0x4d, 0xc4,
};

/* zeek__dns__mdns.pcap frame 23: announced again */
static const uint8_t zeek_23[] = {
    0x00, 0x00, 0x84, 0x00, 0x00, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00, 0x00,
    0x01, 0x34, 0x01, 0x63, 0x01, 0x64, 0x01, 0x34, 0x01, 0x31, 0x01, 0x65,
    0x01, 0x65, 0x01, 0x66, 0x01, 0x66, 0x01, 0x66, 0x01, 0x36, 0x01, 0x64,
    0x01, 0x63, 0x01, 0x33, 0x01, 0x38, 0x01, 0x38, 0x01, 0x35, 0x01, 0x33,
    0x01, 0x32, 0x01, 0x38, 0x01, 0x63, 0x01, 0x33, 0x01, 0x30, 0x01, 0x63,
    0x01, 0x65, 0x01, 0x39, 0x01, 0x32, 0x01, 0x34, 0x01, 0x32, 0x01, 0x35,
    0x01, 0x64, 0x01, 0x66, 0x03, 0x69, 0x70, 0x36, 0x04, 0x61, 0x72, 0x70,
    0x61, 0x00, 0x00, 0x0c, 0x80, 0x01, 0x00, 0x00, 0x00, 0x78, 0x00, 0x24,
    0x1c, 0x6a, 0x6f, 0x68, 0x61, 0x6e, 0x6e, 0x61, 0x2d, 0x51, 0x45, 0x4d,
    0x55, 0x2d, 0x56, 0x69, 0x72, 0x74, 0x75, 0x61, 0x6c, 0x2d, 0x4d, 0x61,
    0x63, 0x68, 0x69, 0x6e, 0x65, 0x05, 0x6c, 0x6f, 0x63, 0x61, 0x6c, 0x00,
    0xc0, 0x60, 0x00, 0x01, 0x80, 0x01, 0x00, 0x00, 0x00, 0x78, 0x00, 0x04,
    0x0a, 0x00, 0x02, 0x07, 0x01, 0x37, 0x01, 0x32, 0x01, 0x30, 0x02, 0x31,
    0x30, 0x07, 0x69, 0x6e, 0x2d, 0x61, 0x64, 0x64, 0x72, 0xc0, 0x50, 0x00,
    0x0c, 0x80, 0x01, 0x00, 0x00, 0x00, 0x78, 0x00, 0x02, 0xc0, 0x60, 0x01,
    0x66, 0x01, 0x32, 0x01, 0x38, 0x01, 0x66, 0x01, 0x33, 0x01, 0x36, 0x01,
    0x35, 0x01, 0x31, 0x01, 0x36, 0x01, 0x63, 0x01, 0x62, 0x01, 0x35, 0x01,
    0x38, 0x01, 0x36, 0x01, 0x39, 0x01, 0x35, 0xc0, 0x2c, 0x00, 0x0c, 0x80,
    0x01, 0x00, 0x00, 0x00, 0x78, 0x00, 0x02, 0xc0, 0x60, 0xc0, 0x60, 0x00,
    0x1c, 0x80, 0x01, 0x00, 0x00, 0x00, 0x78, 0x00, 0x10, 0xfd, 0x52, 0x42,
    0x9e, 0xc0, 0x3c, 0x82, 0x35, 0x59, 0x68, 0x5b, 0xc6, 0x15, 0x63, 0xf8,
    0x2f, 0xc0, 0x60, 0x00, 0x1c, 0x80, 0x01, 0x00, 0x00, 0x00, 0x78, 0x00,
    0x10, 0xfd, 0x52, 0x42, 0x9e, 0xc0, 0x3c, 0x82, 0x35, 0x88, 0x3c, 0xd6,
    0xff, 0xfe, 0xe1, 0x4d, 0xc4,
};

/* zeek__dns__mdns.pcap frame 24: the same over IPv6 */
static const uint8_t zeek_24[] = {
    0x00, 0x00, 0x84, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00,
    0x01, 0x34, 0x01, 0x63, 0x01, 0x64, 0x01, 0x34, 0x01, 0x31, 0x01, 0x65,
    0x01, 0x65, 0x01, 0x66, 0x01, 0x66, 0x01, 0x66, 0x01, 0x36, 0x01, 0x64,
    0x01, 0x63, 0x01, 0x33, 0x01, 0x38, 0x01, 0x38, 0x01, 0x35, 0x01, 0x33,
    0x01, 0x32, 0x01, 0x38, 0x01, 0x63, 0x01, 0x33, 0x01, 0x30, 0x01, 0x63,
    0x01, 0x65, 0x01, 0x39, 0x01, 0x32, 0x01, 0x34, 0x01, 0x32, 0x01, 0x35,
    0x01, 0x64, 0x01, 0x66, 0x03, 0x69, 0x70, 0x36, 0x04, 0x61, 0x72, 0x70,
    0x61, 0x00, 0x00, 0x0c, 0x80, 0x01, 0x00, 0x00, 0x00, 0x78, 0x00, 0x24,
    0x1c, 0x6a, 0x6f, 0x68, 0x61, 0x6e, 0x6e, 0x61, 0x2d, 0x51, 0x45, 0x4d,
    0x55, 0x2d, 0x56, 0x69, 0x72, 0x74, 0x75, 0x61, 0x6c, 0x2d, 0x4d, 0x61,
    0x63, 0x68, 0x69, 0x6e, 0x65, 0x05, 0x6c, 0x6f, 0x63, 0x61, 0x6c, 0x00,
    0x01, 0x66, 0x01, 0x32, 0x01, 0x38, 0x01, 0x66, 0x01, 0x33, 0x01, 0x36,
    0x01, 0x35, 0x01, 0x31, 0x01, 0x36, 0x01, 0x63, 0x01, 0x62, 0x01, 0x35,
    0x01, 0x38, 0x01, 0x36, 0x01, 0x39, 0x01, 0x35, 0xc0, 0x2c, 0x00, 0x0c,
    0x80, 0x01, 0x00, 0x00, 0x00, 0x78, 0x00, 0x02, 0xc0, 0x60, 0xc0, 0x60,
    0x00, 0x1c, 0x80, 0x01, 0x00, 0x00, 0x00, 0x78, 0x00, 0x10, 0xfd, 0x52,
    0x42, 0x9e, 0xc0, 0x3c, 0x82, 0x35, 0x59, 0x68, 0x5b, 0xc6, 0x15, 0x63,
    0xf8, 0x2f, 0xc0, 0x60, 0x00, 0x1c, 0x80, 0x01, 0x00, 0x00, 0x00, 0x78,
    0x00, 0x10, 0xfd, 0x52, 0x42, 0x9e, 0xc0, 0x3c, 0x82, 0x35, 0x88, 0x3c,
    0xd6, 0xff, 0xfe, 0xe1, 0x4d, 0xc4,
};


/* Large: not on the stack. */
static apple_mdns_message_t message;

/* An address as Wireshark prints it: its version, bytes into out. */
static unsigned address_of(const char *text, uint8_t out[16])
{
    memset(out, 0, 16);
    if (inet_pton(AF_INET, text, out) == 1)
        return 4;
    assert_int_equal(inet_pton(AF_INET6, text, out), 1);
    return 6;
}

static apple_bonjour_sender_t sender_of(const char *address, const char *mac, bool apple_mac)
{
    apple_bonjour_sender_t sender;
    unsigned m[6];

    memset(&sender, 0, sizeof sender);
    sender.ip_version = address_of(address, sender.address);
    assert_int_equal(sscanf(mac, "%x:%x:%x:%x:%x:%x", &m[0], &m[1], &m[2], &m[3], &m[4], &m[5]), 6);
    for (size_t i = 0; i < 6; i++)
        sender.mac[i] = (uint8_t)m[i];
    sender.has_mac = true;
    sender.apple_mac = apple_mac;
    return sender;
}

static void learn_bytes(apple_bonjour_t *store, const uint8_t *bytes, size_t len,
                        const apple_bonjour_sender_t *sender, uint32_t frame)
{
    assert_true(apple_mdns_read(bytes, len, &message));
    apple_bonjour_learn(store, &message, sender, frame);
}

/* The lookup of a TCP or UDP endpoint given as text. */
static bool lookup(const apple_bonjour_t *store, apple_transport_t t, const char *address,
                   uint16_t port, uint32_t flow_start, apple_bonjour_offer_info_t *info)
{
    uint8_t bytes[16];
    unsigned version = address_of(address, bytes);

    return apple_bonjour_lookup(store, t, version, bytes, port, flow_start, info);
}

static void assert_found(const apple_bonjour_t *store, apple_transport_t t, const char *address,
                         uint16_t port, uint32_t flow_start, const char *type,
                         const char *instance, uint32_t frame)
{
    apple_bonjour_offer_info_t info;

    print_message("%s %s:%u from %u\n", t == APPLE_TCP ? "TCP" : "UDP", address, port, flow_start);
    assert_true(lookup(store, t, address, port, flow_start, &info));
    assert_string_equal(info.type, type);
    assert_string_equal(info.instance, instance);
    assert_int_equal(info.frame, frame);
    assert_non_null(info.device);
    assert_non_null(info.service);
}

static void assert_not_found(const apple_bonjour_t *store, apple_transport_t t,
                             const char *address, uint16_t port, uint32_t flow_start)
{
    apple_bonjour_offer_info_t info;

    print_message("not %s %s:%u from %u\n", t == APPLE_TCP ? "TCP" : "UDP", address, port,
                  flow_start);
    memset(&info, 0xa5, sizeof info);
    assert_false(lookup(store, t, address, port, flow_start, &info));
    assert_null(info.type);
    assert_null(info.device);
}

static bool device_has_address(const apple_bonjour_device_t *device, const char *address)
{
    uint8_t bytes[16];
    unsigned version = address_of(address, bytes);

    for (size_t i = 0; i < device->n_addresses; i++)
        if (device->addresses[i].ip_version == version
            && memcmp(device->addresses[i].address, bytes, version == 4 ? 4 : 16) == 0)
            return true;
    return false;
}

static bool device_offers(const apple_bonjour_device_t *device, const char *type,
                          apple_transport_t t, uint16_t port)
{
    for (size_t i = 0; i < device->n_offers; i++)
        if (strcmp(device->offers[i].type, type) == 0 && device->offers[i].transport == t
            && device->offers[i].port == port)
            return true;
    return false;
}

/* The device known by host name host, or NULL. */
static const apple_bonjour_device_t *device_named(const apple_bonjour_t *store, const char *host)
{
    for (size_t i = 0; i < apple_bonjour_device_count(store); i++) {
        const apple_bonjour_device_t *device = apple_bonjour_device(store, i);

        if (device->host && strcmp(device->host, host) == 0)
            return device;
    }
    return NULL;
}

static size_t apple_device_count(const apple_bonjour_t *store)
{
    size_t n = 0;

    for (size_t i = 0; i < apple_bonjour_device_count(store); i++)
        if (apple_bonjour_device(store, i)->apple_by != 0)
            n++;
    return n;
}

/* nDPI__iphone.pcap frames 3, 4 and 5, with their senders as Wireshark
 * shows them: frame 3 from 192.168.2.1 and frame 4 from
 * fe80::c42c:3ff:fe60:6a64, both from c6:2c:03:60:6a:64 (a locally
 * administered MAC: eth.src.lg is 1, so not Apple's OUI evidence), frame 5
 * from 169.254.225.216 and d8:30:62:56:00:1c (eth.src_resolved
 * Apple_56:00:1c). */
static void learn_imac(apple_bonjour_t *store, uint32_t up_to_frame)
{
    apple_bonjour_sender_t s3 = sender_of("192.168.2.1", "c6:2c:03:60:6a:64", false);
    apple_bonjour_sender_t s4 = sender_of("fe80::c42c:3ff:fe60:6a64", "c6:2c:03:60:6a:64", false);
    apple_bonjour_sender_t s5 = sender_of("169.254.225.216", "d8:30:62:56:00:1c", true);

    learn_bytes(store, iphone_3, sizeof iphone_3, &s3, 3);
    if (up_to_frame >= 4)
        learn_bytes(store, iphone_3, sizeof iphone_3, &s4, 4);
    if (up_to_frame >= 5)
        learn_bytes(store, iphone_5, sizeof iphone_5, &s5, 5);
    if (up_to_frame >= 7)
        learn_bytes(store, iphone_7, sizeof iphone_7, &s3, 7);
}

static void test_the_imac_of_nDPI_iphone(void **state)
{
    apple_bonjour_t *store = apple_bonjour_new();
    const apple_bonjour_device_t *imac;
    apple_bonjour_offer_info_t info;
    static const uint8_t imac_mac[6] = { 0xd8, 0x30, 0x62, 0x56, 0x00, 0x1c };
    apple_bonjour_sender_t s3_again = sender_of("192.168.2.1", "c6:2c:03:60:6a:64", false);

    (void)state;
    learn_imac(store, 7);
    assert_int_equal(apple_bonjour_device_count(store), 1);
    imac = apple_bonjour_device(store, 0);
    assert_string_equal(imac->host, "Lucas-iMac.local");
    assert_string_equal(imac->model, "iMac11,3");
    /* _odisk and _companion-link are Apple's own; the model; frame 5's MAC */
    assert_int_equal(imac->apple_by,
                     APPLE_DEVICE_BY_TYPE | APPLE_DEVICE_BY_MODEL | APPLE_DEVICE_BY_OUI);
    assert_true(imac->has_mac);
    assert_memory_equal(imac->mac, imac_mac, 6);
    assert_int_equal(imac->first_frame, 3);
    assert_int_equal(imac->n_names, 1);
    assert_string_equal(imac->names[0], LUCA);
    assert_int_equal(imac->n_addresses, 3);
    assert_true(device_has_address(imac, "192.168.2.1"));
    assert_true(device_has_address(imac, "fe80::c42c:3ff:fe60:6a64"));
    assert_true(device_has_address(imac, "169.254.225.216"));
    assert_int_equal(imac->n_offers, 7);
    assert_true(device_offers(imac, "_odisk._tcp", APPLE_TCP, 49152));
    assert_true(device_offers(imac, "_smb._tcp", APPLE_TCP, 445));
    assert_true(device_offers(imac, "_afpovertcp._tcp", APPLE_TCP, 548));
    assert_true(device_offers(imac, "_ssh._tcp", APPLE_TCP, 22));
    assert_true(device_offers(imac, "_sftp-ssh._tcp", APPLE_TCP, 22));
    assert_true(device_offers(imac, "_nfs._tcp", APPLE_TCP, 2049));
    assert_true(device_offers(imac, "_companion-link._tcp", APPLE_TCP, 49155));

    assert_true(lookup(store, APPLE_TCP, "192.168.2.1", 49155, 100, &info));
    assert_string_equal(info.type, "_companion-link._tcp");
    assert_string_equal(info.service, "companion-link");
    assert_string_equal(info.instance, LUCA);
    assert_ptr_equal(info.device, imac);
    assert_int_equal(info.frame, 3);
    assert_non_null(info.known);
    assert_string_equal(info.known->product, "Continuity");
    assert_found(store, APPLE_TCP, "fe80::c42c:3ff:fe60:6a64", 49155, 100,
                 "_companion-link._tcp", LUCA, 3);
    /* the address of frame 5: its endpoints from frame 5 on */
    assert_found(store, APPLE_TCP, "169.254.225.216", 49155, 100, "_companion-link._tcp", LUCA, 5);
    assert_found(store, APPLE_TCP, "169.254.225.216", 49152, 100, "_odisk._tcp", LUCA, 5);
    /* generic types label the flows of an Apple device */
    assert_found(store, APPLE_TCP, "192.168.2.1", 445, 100, "_smb._tcp", LUCA, 3);
    assert_found(store, APPLE_TCP, "192.168.2.1", 2049, 100, "_nfs._tcp", LUCA, 3);
    assert_found(store, APPLE_TCP, "192.168.2.1", 548, 100, "_afpovertcp._tcp", LUCA, 3);
    /* _ssh and _sftp-ssh on port 22: the first announced keeps it */
    assert_found(store, APPLE_TCP, "192.168.2.1", 22, 100, "_ssh._tcp", LUCA, 3);
    assert_true(lookup(store, APPLE_TCP, "192.168.2.1", 22, 100, &info));
    assert_string_equal(info.service, "ssh");
    /* not announced: UDP, another port, another host (the iPhone) */
    assert_not_found(store, APPLE_UDP, "192.168.2.1", 49155, 100);
    assert_not_found(store, APPLE_TCP, "192.168.2.1", 80, 100);
    assert_not_found(store, APPLE_TCP, "192.168.2.17", 49155, 100);
    assert_int_equal(apple_bonjour_dropped(store), 0);
    /* frame 3's announcement again from the randomised MAC: the Apple one stays */
    learn_bytes(store, iphone_3, sizeof iphone_3, &s3_again, 8);
    assert_memory_equal(imac->mac, imac_mac, 6);
    apple_bonjour_free(store);
}

/* In a single pass, a fact is there from its frame on: before frame 5 the
 * iMac's link-local address runs nothing, and it is not Apple's by its MAC
 * yet. */
static void test_single_pass_learns_in_frame_order(void **state)
{
    apple_bonjour_t *store = apple_bonjour_new();

    (void)state;
    learn_imac(store, 4);
    assert_not_found(store, APPLE_TCP, "169.254.225.216", 49155, 4);
    assert_int_equal(apple_bonjour_device(store, 0)->apple_by,
                     APPLE_DEVICE_BY_TYPE | APPLE_DEVICE_BY_MODEL);
    /* its MAC is its own but randomised (locally administered): kept, no evidence */
    assert_true(apple_bonjour_device(store, 0)->has_mac);
    learn_bytes(store, iphone_5, sizeof iphone_5, NULL, 5);
    assert_found(store, APPLE_TCP, "169.254.225.216", 49155, 6, "_companion-link._tcp", LUCA, 5);
    /* no sender: no OUI evidence */
    assert_int_equal(apple_bonjour_device(store, 0)->apple_by,
                     APPLE_DEVICE_BY_TYPE | APPLE_DEVICE_BY_MODEL);
    apple_bonjour_free(store);
}

/* zeek__dns__mdns.pcap, every mDNS frame in order, senders as Wireshark
 * shows them (8a:3c:d6:e1:4d:c4 is locally administered). */
typedef struct {
    uint32_t       frame;
    const uint8_t *bytes;
    size_t         len;
    bool           ipv6;
} zeek_frame_t;

#define ZEEK(frame, payload, ipv6) { frame, payload, sizeof payload, ipv6 }

static const zeek_frame_t zeek_frames[] = {
    ZEEK(1, zeek_1, true), ZEEK(2, zeek_1, false), ZEEK(3, zeek_3, true), ZEEK(4, zeek_4, false),
    ZEEK(9, zeek_1, true), ZEEK(10, zeek_1, false), ZEEK(11, zeek_11, true),
    ZEEK(12, zeek_12, false), ZEEK(13, zeek_11, true), ZEEK(14, zeek_12, false),
    ZEEK(17, zeek_11, true), ZEEK(18, zeek_12, false), ZEEK(19, zeek_19, false),
    ZEEK(20, zeek_20, true), ZEEK(21, zeek_1, true), ZEEK(22, zeek_1, false),
    ZEEK(23, zeek_23, false), ZEEK(24, zeek_24, true),
};

#define ZEEK_HOST "johanna-QEMU-Virtual-Machine|local"

static void test_the_linux_host_of_zeek(void **state);

/* ---- Hand-made messages ---- */

typedef struct {
    uint8_t bytes[8192];
    size_t  len;
    size_t  counts_at;     /* where the header's counts are */
    unsigned n_answers;
} wire_t;

static wire_t w;

static void put_bytes(const void *bytes, size_t n)
{
    if (n == 0)
        return;
    assert_true(n <= sizeof w.bytes - w.len);
    memcpy(w.bytes + w.len, bytes, n);
    w.len += n;
}

static void put_u8(unsigned value)
{
    uint8_t byte = (uint8_t)value;

    put_bytes(&byte, 1);
}

static void put_u16(unsigned value)
{
    put_u8(value >> 8);
    put_u8(value);
}

static void put_u32(uint32_t value)
{
    put_u16(value >> 16);
    put_u16(value & 0xffff);
}

/* A response whose records all go in the answer section; its count is
 * written as records are put. */
static void begin_response(void)
{
    w.len = 0;
    w.n_answers = 0;
    put_u16(0);
    put_u16(0x8400);
    put_u16(0);
    put_u16(0);
    put_u16(0);
    put_u16(0);
}

/* A name from its labels joined by '|': "Kitchen|_airplay|_tcp|local". */
static void put_name(const char *labels)
{
    const char *p = labels;

    while (*p) {
        const char *bar = strchr(p, '|');
        size_t n = bar ? (size_t)(bar - p) : strlen(p);

        assert_true(n > 0 && n < 64);
        put_u8((unsigned)n);
        put_bytes(p, n);
        p += n;
        if (*p == '|')
            p++;
    }
    put_u8(0);
}

static size_t put_record_start(const char *owner, unsigned type, uint32_t ttl)
{
    w.n_answers++;
    w.bytes[6] = (uint8_t)(w.n_answers >> 8);
    w.bytes[7] = (uint8_t)w.n_answers;
    put_name(owner);
    put_u16(type);
    put_u16(0x8001);
    put_u32(ttl);
    put_u16(0);
    return w.len;
}

static void put_record_end(size_t start)
{
    size_t rdata_len = w.len - start;

    w.bytes[start - 2] = (uint8_t)(rdata_len >> 8);
    w.bytes[start - 1] = (uint8_t)rdata_len;
}

static void put_srv(const char *owner, uint32_t ttl, unsigned port, const char *target)
{
    size_t start = put_record_start(owner, 33, ttl);

    put_u16(0);
    put_u16(0);
    put_u16(port);
    put_name(target);
    put_record_end(start);
}

static void put_txt(const char *owner, const char *string)
{
    size_t start = put_record_start(owner, 16, 4500);

    put_u8((unsigned)strlen(string));
    put_bytes(string, strlen(string));
    put_record_end(start);
}

static void put_ptr(const char *owner, uint32_t ttl, const char *target)
{
    size_t start = put_record_start(owner, 12, ttl);

    put_name(target);
    put_record_end(start);
}

/* An A or AAAA record of the address given as text. */
static void put_address(const char *owner, uint32_t ttl, const char *address)
{
    uint8_t bytes[16];
    unsigned version = address_of(address, bytes);
    size_t start = put_record_start(owner, version == 4 ? 1 : 28, ttl);

    put_bytes(bytes, version == 4 ? 4 : 16);
    put_record_end(start);
}

static void learn_wire(apple_bonjour_t *store, const apple_bonjour_sender_t *sender,
                       uint32_t frame)
{
    learn_bytes(store, w.bytes, w.len, sender, frame);
}

/* The zeek host, and then, made by hand since the capture only asks and
 * announces addresses, the services avahi announces on such a host. */
static void test_the_linux_host_of_zeek(void **state)
{
    apple_bonjour_t *store = apple_bonjour_new();
    apple_bonjour_sender_t v4 = sender_of("10.0.2.7", "8a:3c:d6:e1:4d:c4", false);
    apple_bonjour_sender_t v6 = sender_of("fd52:429e:c03c:8235:883c:d6ff:fee1:4dc4",
                                          "8a:3c:d6:e1:4d:c4", false);
    const apple_bonjour_device_t *linux_host;

    (void)state;
    for (size_t i = 0; i < sizeof zeek_frames / sizeof zeek_frames[0]; i++)
        learn_bytes(store, zeek_frames[i].bytes, zeek_frames[i].len,
                    zeek_frames[i].ipv6 ? &v6 : &v4, zeek_frames[i].frame);
    /* addresses only: no device */
    assert_int_equal(apple_bonjour_device_count(store), 0);

    begin_response();
    put_srv("johanna-QEMU-Virtual-Machine|_ssh|_tcp|local", 120, 22, ZEEK_HOST);
    put_srv("johanna-QEMU-Virtual-Machine|_sftp-ssh|_tcp|local", 120, 22, ZEEK_HOST);
    put_srv("Printer on johanna|_ipp|_tcp|local", 120, 631, ZEEK_HOST);
    put_srv("Printer on johanna|_ipps|_tcp|local", 120, 631, ZEEK_HOST);
    put_srv("johanna [8a:3c:d6:e1:4d:c4]|_workstation|_tcp|local", 120, 9, ZEEK_HOST);
    put_txt("johanna-QEMU-Virtual-Machine|_device-info|_tcp|local", "model=Macintosh");
    put_address(ZEEK_HOST, 120, "10.0.2.7");
    learn_wire(store, &v4, 30);

    assert_int_equal(apple_bonjour_device_count(store), 1);
    linux_host = apple_bonjour_device(store, 0);
    assert_string_equal(linux_host->host, "johanna-QEMU-Virtual-Machine.local");
    assert_int_equal(linux_host->apple_by, 0);
    assert_string_equal(linux_host->model, "Macintosh");
    /* its addresses from frames 19-24 and 30 */
    assert_int_equal(linux_host->n_addresses, 3);
    assert_true(device_has_address(linux_host, "fd52:429e:c03c:8235:5968:5bc6:1563:f82f"));
    assert_int_equal(linux_host->n_offers, 5);
    assert_int_equal(apple_device_count(store), 0);
    /* its generic and unknown types label nothing */
    assert_not_found(store, APPLE_TCP, "10.0.2.7", 22, 40);
    assert_not_found(store, APPLE_TCP, "10.0.2.7", 631, 40);
    assert_not_found(store, APPLE_TCP, "fd52:429e:c03c:8235:883c:d6ff:fee1:4dc4", 631, 40);
    assert_not_found(store, APPLE_TCP, "10.0.2.7", 9, 40);
    apple_bonjour_free(store);
}

/* nDPI__wa_voice.pcap: a Mac's queries teach nothing. */
static void test_queries_teach_nothing(void **state)
{
    apple_bonjour_t *store = apple_bonjour_new();
    apple_bonjour_sender_t s = sender_of("192.168.2.12", "90:b9:31:28:fa:ca", true);

    (void)state;
    learn_bytes(store, wa_voice_199, sizeof wa_voice_199, &s, 199);
    assert_int_equal(message.n_queries, 2);
    learn_bytes(store, wa_voice_632, sizeof wa_voice_632, &s, 632);
    assert_int_equal(message.n_queries, 5);
    assert_int_equal(apple_bonjour_device_count(store), 0);
    assert_not_found(store, APPLE_TCP, "192.168.2.12", 7000, 700);
    assert_int_equal(apple_bonjour_dropped(store), 0);
    apple_bonjour_free(store);
}

#define TV_HOST "Kitchen-TV|local"

static void announce_airplay(apple_bonjour_t *store, uint32_t ttl, uint32_t frame)
{
    begin_response();
    put_srv("Kitchen|_airplay|_tcp|local", ttl, 7000, TV_HOST);
    put_txt("Kitchen|_airplay|_tcp|local", "model=AppleTV6,2");
    put_address(TV_HOST, 120, "10.0.0.5");
    learn_wire(store, NULL, frame);
}

/* A goodbye (SRV with TTL 0) ends the announcement for flows that begin
 * after it; a re-announcement starts a new period. */
static void test_srv_goodbye(void **state)
{
    apple_bonjour_t *store = apple_bonjour_new();

    (void)state;
    announce_airplay(store, 120, 10);
    announce_airplay(store, 120, 15);           /* again: the same period */
    announce_airplay(store, 0, 20);
    /* what a single pass knows at frame 25 */
    assert_found(store, APPLE_TCP, "10.0.0.5", 7000, 12, "_airplay._tcp", "Kitchen", 10);
    assert_found(store, APPLE_TCP, "10.0.0.5", 7000, 20, "_airplay._tcp", "Kitchen", 10);
    assert_not_found(store, APPLE_TCP, "10.0.0.5", 7000, 21);
    assert_not_found(store, APPLE_TCP, "10.0.0.5", 7000, 25);
    announce_airplay(store, 120, 30);
    /* and after the whole capture */
    assert_found(store, APPLE_TCP, "10.0.0.5", 7000, 5, "_airplay._tcp", "Kitchen", 10);
    assert_found(store, APPLE_TCP, "10.0.0.5", 7000, 12, "_airplay._tcp", "Kitchen", 10);
    assert_found(store, APPLE_TCP, "10.0.0.5", 7000, 25, "_airplay._tcp", "Kitchen", 30);
    assert_found(store, APPLE_TCP, "10.0.0.5", 7000, 35, "_airplay._tcp", "Kitchen", 30);
    assert_int_equal(apple_bonjour_dropped(store), 0);
    apple_bonjour_free(store);
}

/* The goodbye of an instance's PTR record (TTL 0) counts too, in a message
 * that names neither the host nor the port. */
static void test_ptr_goodbye(void **state)
{
    apple_bonjour_t *store = apple_bonjour_new();

    (void)state;
    announce_airplay(store, 120, 10);
    begin_response();
    put_ptr("_airplay|_tcp|local", 0, "Kitchen|_airplay|_tcp|local");
    learn_wire(store, NULL, 20);
    assert_found(store, APPLE_TCP, "10.0.0.5", 7000, 19, "_airplay._tcp", "Kitchen", 10);
    assert_not_found(store, APPLE_TCP, "10.0.0.5", 7000, 21);
    /* a PTR goodbye for an instance nobody announced changes nothing */
    begin_response();
    put_ptr("_airplay|_tcp|local", 0, "Bedroom|_airplay|_tcp|local");
    learn_wire(store, NULL, 22);
    announce_airplay(store, 120, 30);
    assert_found(store, APPLE_TCP, "10.0.0.5", 7000, 31, "_airplay._tcp", "Kitchen", 30);
    apple_bonjour_free(store);
}

/* AirPlay announces _airplay._tcp and _raop._tcp on one port: the first
 * keeps the endpoint, the device lists both; the other's goodbye does not
 * end it. */
static void test_two_types_on_one_port(void **state)
{
    apple_bonjour_t *store = apple_bonjour_new();
    const apple_bonjour_device_t *tv;

    (void)state;
    begin_response();
    put_srv("Kitchen|_airplay|_tcp|local", 120, 7000, TV_HOST);
    put_srv("AABBCCDDEEFF@Kitchen|_raop|_tcp|local", 120, 7000, TV_HOST);
    put_address(TV_HOST, 120, "10.0.0.5");
    learn_wire(store, NULL, 10);
    tv = device_named(store, "Kitchen-TV.local");
    assert_non_null(tv);
    assert_true(device_offers(tv, "_airplay._tcp", APPLE_TCP, 7000));
    assert_true(device_offers(tv, "_raop._tcp", APPLE_TCP, 7000));
    assert_int_equal(tv->n_names, 2);
    assert_found(store, APPLE_TCP, "10.0.0.5", 7000, 11, "_airplay._tcp", "Kitchen", 10);

    begin_response();
    put_srv("AABBCCDDEEFF@Kitchen|_raop|_tcp|local", 0, 7000, TV_HOST);
    learn_wire(store, NULL, 20);
    assert_found(store, APPLE_TCP, "10.0.0.5", 7000, 25, "_airplay._tcp", "Kitchen", 10);
    begin_response();
    put_srv("Kitchen|_airplay|_tcp|local", 0, 7000, TV_HOST);
    learn_wire(store, NULL, 40);
    assert_not_found(store, APPLE_TCP, "10.0.0.5", 7000, 45);
    /* now _raop, announced again, takes the endpoint */
    begin_response();
    put_srv("AABBCCDDEEFF@Kitchen|_raop|_tcp|local", 120, 7000, TV_HOST);
    learn_wire(store, NULL, 50);
    assert_found(store, APPLE_TCP, "10.0.0.5", 7000, 55, "_raop._tcp", "AABBCCDDEEFF@Kitchen", 50);
    apple_bonjour_free(store);
}

/* A Sleep Proxy (an Apple TV) answers for a sleeping Mac: the SRV target
 * and its address are the Mac's, the sender's MAC and address the
 * proxy's, which must not make the Mac Apple's by OUI. */
/* Who sent an mDNS message: the first device that has the sender's
 * address or is the host the message's services name. message holds the
 * Bedroom-Mac announcement; proxy is the device at 10.0.0.1. */
static void assert_sender(const apple_bonjour_t *store, const char *own_address,
                          const apple_bonjour_device_t *proxy,
                          const apple_bonjour_device_t *named)
{
    uint8_t bytes[16];
    apple_mdns_message_t none;
    unsigned v;

    v = address_of("10.0.0.1", bytes);
    /* the proxy comes first in the list, though the message names the other host */
    assert_ptr_equal(apple_bonjour_find_sender(store, &message, v, bytes), proxy);
    v = address_of(own_address, bytes);
    assert_ptr_equal(apple_bonjour_find_sender(store, &message, v, bytes), named);
    v = address_of("10.0.0.77", bytes);
    assert_ptr_equal(apple_bonjour_find_sender(store, &message, v, bytes), named);
    memset(&none, 0, sizeof none);
    assert_null(apple_bonjour_find_sender(store, &none, v, bytes));
    assert_null(apple_bonjour_find_sender(store, NULL, v, bytes));
    assert_null(apple_bonjour_find_sender(NULL, &message, v, bytes));
    assert_null(apple_bonjour_find_sender(store, &message, 5, bytes));
}

static void test_sleep_proxy_answers_for_another_host(void **state)
{
    apple_bonjour_t *store = apple_bonjour_new();
    apple_bonjour_sender_t proxy = sender_of("10.0.0.1", "d8:30:62:00:00:01", true);
    apple_bonjour_sender_t mac = sender_of("10.0.0.9", "d8:30:62:00:00:09", true);
    static const uint8_t mac_mac[6] = { 0xd8, 0x30, 0x62, 0x00, 0x00, 0x09 };
    const apple_bonjour_device_t *bedroom, *living_room;

    (void)state;
    /* the proxy announces itself */
    begin_response();
    put_srv("70-35-60-63.1 Living Room|_sleep-proxy|_udp|local", 120, 60000, "Living-Room|local");
    put_address("Living-Room|local", 120, "10.0.0.1");
    learn_wire(store, &proxy, 10);
    /* and answers for the Mac, with a generic type */
    begin_response();
    put_srv("Bedroom|_smb|_tcp|local", 120, 445, "Bedroom-Mac|local");
    put_address("Bedroom-Mac|local", 120, "10.0.0.9");
    learn_wire(store, &proxy, 20);

    living_room = device_named(store, "Living-Room.local");
    assert_non_null(living_room);
    assert_int_equal(living_room->apple_by, APPLE_DEVICE_BY_TYPE | APPLE_DEVICE_BY_OUI);
    assert_found(store, APPLE_UDP, "10.0.0.1", 60000, 30, "_sleep-proxy._udp",
                 "70-35-60-63.1 Living Room", 10);
    bedroom = device_named(store, "Bedroom-Mac.local");
    assert_non_null(bedroom);
    assert_int_equal(bedroom->apple_by, 0);
    assert_false(bedroom->has_mac);
    assert_false(device_has_address(bedroom, "10.0.0.1"));
    assert_not_found(store, APPLE_TCP, "10.0.0.9", 445, 30);
    assert_not_found(store, APPLE_TCP, "10.0.0.1", 445, 30);

    /* the Mac wakes and announces itself from its own MAC and address */
    begin_response();
    put_srv("Bedroom|_smb|_tcp|local", 120, 445, "Bedroom-Mac|local");
    put_address("Bedroom-Mac|local", 120, "10.0.0.9");
    learn_wire(store, &mac, 40);
    assert_int_equal(bedroom->apple_by, APPLE_DEVICE_BY_OUI);
    assert_true(bedroom->has_mac);
    assert_memory_equal(bedroom->mac, mac_mac, 6);
    /* the announcement of frame 20 labels now that the device is Apple's */
    assert_found(store, APPLE_TCP, "10.0.0.9", 445, 30, "_smb._tcp", "Bedroom", 20);
    assert_int_equal(apple_bonjour_device_count(store), 2);
    assert_sender(store, "10.0.0.9", living_room, bedroom);
    apple_bonjour_free(store);
}

/* A generic type, or one the data does not list, labels an Apple device's
 * flows only; Apple's protocols label anyone's. */
static void test_which_types_label_whose_flows(void **state)
{
    apple_bonjour_t *store = apple_bonjour_new();
    apple_bonjour_offer_info_t info;
    const apple_bonjour_device_t *kodi;

    (void)state;
    begin_response();                            /* an Apple TV, by its model */
    put_srv("Apple TV|_ssh|_tcp|local", 120, 22, "Apple-TV|local");
    put_srv("Apple TV|_foo|_tcp|local", 120, 4000, "Apple-TV|local");
    put_txt("Apple TV|_device-info|_tcp|local", "model=J105aAP");
    put_address("Apple-TV|local", 120, "10.0.0.2");
    learn_wire(store, NULL, 10);
    begin_response();                            /* a Kodi box, not Apple's */
    put_srv("Kodi|_ssh|_tcp|local", 120, 22, "kodi|local");
    put_srv("Kodi|_foo|_tcp|local", 120, 4000, "kodi|local");
    put_srv("AABB@Kodi|_raop|_tcp|local", 120, 36666, "kodi|local");
    put_txt("AABB@Kodi|_raop|_tcp|local", "am=Kodi");
    put_address("kodi|local", 120, "10.0.0.3");
    learn_wire(store, NULL, 11);

    assert_int_equal(device_named(store, "Apple-TV.local")->apple_by, APPLE_DEVICE_BY_MODEL);
    assert_string_equal(device_named(store, "Apple-TV.local")->model, "J105aAP");
    assert_found(store, APPLE_TCP, "10.0.0.2", 22, 20, "_ssh._tcp", "Apple TV", 10);
    assert_true(lookup(store, APPLE_TCP, "10.0.0.2", 4000, 20, &info));
    assert_string_equal(info.service, "foo");
    assert_null(info.known);
    assert_not_found(store, APPLE_TCP, "10.0.0.3", 22, 20);
    assert_not_found(store, APPLE_TCP, "10.0.0.3", 4000, 20);
    /* AirPlay's protocol from a Kodi box labels its flows, which stay Kodi's */
    assert_found(store, APPLE_TCP, "10.0.0.3", 36666, 20, "_raop._tcp", "AABB@Kodi", 11);
    assert_true(lookup(store, APPLE_TCP, "10.0.0.3", 36666, 20, &info));
    assert_int_equal(info.known->kind, APPLE_BONJOUR_APPLE_PROTOCOL);
    assert_int_equal(info.device->apple_by, 0);
    kodi = device_named(store, "kodi.local");
    assert_string_equal(kodi->model, "Kodi");
    assert_int_equal(apple_device_count(store), 1);
    apple_bonjour_free(store);
}

/* An SRV record whose target's address comes in a later message: the
 * endpoint from the address's frame on. */
static void test_srv_before_its_address(void **state)
{
    apple_bonjour_t *store = apple_bonjour_new();

    (void)state;
    begin_response();
    put_srv("Kitchen|_companion-link|_tcp|local", 120, 52721, "Kitchen-HomePod|local");
    learn_wire(store, NULL, 10);
    assert_not_found(store, APPLE_TCP, "10.0.0.7", 52721, 11);
    assert_int_equal(apple_bonjour_device(store, 0)->n_addresses, 0);
    begin_response();
    put_address("Kitchen-HomePod|local", 120, "10.0.0.7");
    put_address("Kitchen-HomePod|local", 120, "fe80::1c2b:3aff:fe4d:5e6f");
    learn_wire(store, NULL, 12);
    assert_found(store, APPLE_TCP, "10.0.0.7", 52721, 13, "_companion-link._tcp", "Kitchen", 12);
    assert_found(store, APPLE_TCP, "fe80::1c2b:3aff:fe4d:5e6f", 52721, 13,
                 "_companion-link._tcp", "Kitchen", 12);
    assert_int_equal(apple_bonjour_device(store, 0)->n_addresses, 2);
    /* an address's goodbye (TTL 0) adds nothing */
    begin_response();
    put_address("Kitchen-HomePod|local", 0, "10.0.0.8");
    learn_wire(store, NULL, 14);
    assert_not_found(store, APPLE_TCP, "10.0.0.8", 52721, 15);
    assert_int_equal(apple_bonjour_device(store, 0)->n_addresses, 2);
    apple_bonjour_free(store);
}

/* A device that changes its address keeps its old endpoints and gets new
 * ones, from the frame of the new address. */
static void test_address_change(void **state)
{
    apple_bonjour_t *store = apple_bonjour_new();
    const apple_bonjour_device_t *tv;

    (void)state;
    announce_airplay(store, 120, 10);
    begin_response();
    put_address(TV_HOST, 120, "10.0.0.6");
    learn_wire(store, NULL, 20);
    assert_found(store, APPLE_TCP, "10.0.0.5", 7000, 30, "_airplay._tcp", "Kitchen", 10);
    assert_found(store, APPLE_TCP, "10.0.0.6", 7000, 30, "_airplay._tcp", "Kitchen", 20);
    tv = device_named(store, "Kitchen-TV.local");
    assert_int_equal(tv->n_addresses, 2);
    /* a goodbye ends both */
    announce_airplay(store, 0, 40);
    assert_not_found(store, APPLE_TCP, "10.0.0.5", 7000, 41);
    assert_not_found(store, APPLE_TCP, "10.0.0.6", 7000, 41);
    /* and a service said goodbye to gives no endpoint on a new address */
    begin_response();
    put_address(TV_HOST, 120, "10.0.0.4");
    learn_wire(store, NULL, 50);
    assert_not_found(store, APPLE_TCP, "10.0.0.4", 7000, 30);
    apple_bonjour_free(store);
}

/* Models: a model that is not Apple's is kept but makes no Apple device,
 * until an Apple model names it. */
static void test_models(void **state)
{
    apple_bonjour_t *store = apple_bonjour_new();
    const apple_bonjour_device_t *device;

    (void)state;
    begin_response();
    put_srv("Share|_smb|_tcp|local", 120, 445, "nas|local");
    put_txt("Share|_device-info|_tcp|local", "model=MacSamba");
    put_address("nas|local", 120, "10.0.0.20");
    learn_wire(store, NULL, 10);
    device = device_named(store, "nas.local");
    assert_string_equal(device->model, "MacSamba");
    assert_int_equal(device->apple_by, 0);
    begin_response();
    put_txt("Share|_device-info|_tcp|local", "model=Macintosh");
    learn_wire(store, NULL, 11);
    assert_string_equal(device->model, "MacSamba");
    assert_int_equal(device->apple_by, 0);
    begin_response();
    put_srv("HomePod|_companion-link|_tcp|local", 120, 49153, "HomePod|local");
    put_txt("HomePod|_companion-link|_tcp|local", "rpMd=AudioAccessory5,1");
    learn_wire(store, NULL, 12);
    device = device_named(store, "HomePod.local");
    assert_string_equal(device->model, "AudioAccessory5,1");
    assert_int_equal(device->apple_by, APPLE_DEVICE_BY_TYPE | APPLE_DEVICE_BY_MODEL);
    /* an Apple model replaces one that is not; a later model does not */
    begin_response();
    put_srv("Share|_smb|_tcp|local", 120, 445, "nas|local");
    put_txt("Share|_smb|_tcp|local", "model=Xserve3,1");
    learn_wire(store, NULL, 13);
    device = device_named(store, "nas.local");
    assert_string_equal(device->model, "Xserve3,1");
    assert_int_equal(device->apple_by, APPLE_DEVICE_BY_MODEL);
    begin_response();
    put_srv("Share|_smb|_tcp|local", 120, 445, "nas|local");
    put_txt("Share|_smb|_tcp|local", "model=MacPro7,1");
    learn_wire(store, NULL, 14);
    assert_string_equal(device->model, "Xserve3,1");
    apple_bonjour_free(store);
}

/* A device-info record in a message of its own: for the device whose
 * instance names match; else for the sender, known by its address. */
static void test_device_info_alone(void **state)
{
    apple_bonjour_t *store = apple_bonjour_new();
    apple_bonjour_sender_t stranger = sender_of("10.0.0.77", "d8:30:62:00:00:77", true);
    const apple_bonjour_device_t *device;

    (void)state;
    begin_response();
    put_srv("Den|_smb|_tcp|local", 120, 445, "Den-Mac|local");
    put_address("Den-Mac|local", 120, "10.0.0.30");
    learn_wire(store, NULL, 10);
    assert_not_found(store, APPLE_TCP, "10.0.0.30", 445, 11);
    begin_response();
    put_txt("DEN|_device-info|_tcp|local", "model=MacBookPro18,1");
    learn_wire(store, NULL, 11);
    device = device_named(store, "Den-Mac.local");
    assert_string_equal(device->model, "MacBookPro18,1");
    assert_int_equal(device->apple_by, APPLE_DEVICE_BY_MODEL);
    assert_found(store, APPLE_TCP, "10.0.0.30", 445, 12, "_smb._tcp", "Den", 10);

    /* an instance no device has, and no SRV record: the sender */
    begin_response();
    put_txt("Attic|_device-info|_tcp|local", "model=iMac20,1");
    learn_wire(store, &stranger, 12);
    assert_int_equal(apple_bonjour_device_count(store), 2);
    device = apple_bonjour_device(store, 1);
    assert_null(device->host);
    assert_int_equal(device->n_addresses, 1);
    assert_true(device_has_address(device, "10.0.0.77"));
    assert_string_equal(device->model, "iMac20,1");
    assert_int_equal(device->apple_by, APPLE_DEVICE_BY_MODEL | APPLE_DEVICE_BY_OUI);
    assert_int_equal(device->first_frame, 12);
    /* again from the same sender: the same device */
    learn_wire(store, &stranger, 13);
    assert_int_equal(apple_bonjour_device_count(store), 2);
    apple_bonjour_free(store);
}

/* Types without a service behind them (_adisk, '-' in the data) and port
 * 0 make no endpoint; the device lists them. */
static void test_types_without_a_service(void **state)
{
    apple_bonjour_t *store = apple_bonjour_new();
    const apple_bonjour_device_t *device;

    (void)state;
    begin_response();
    put_srv("Backup|_adisk|_tcp|local", 120, 9, "Time-Capsule|local");
    put_srv("Backup|_afpovertcp|_tcp|local", 120, 0, "Time-Capsule|local");
    put_address("Time-Capsule|local", 120, "10.0.0.40");
    learn_wire(store, NULL, 10);
    device = device_named(store, "Time-Capsule.local");
    assert_true(device_offers(device, "_adisk._tcp", APPLE_TCP, 9));
    assert_not_found(store, APPLE_TCP, "10.0.0.40", 9, 11);
    assert_not_found(store, APPLE_TCP, "10.0.0.40", 0, 11);
    apple_bonjour_free(store);
}

/* ---- Bounds ---- */

/* Host i of a bound test: "h<i>.local", 10.<i / 256>.<i % 256>.<k>. */
static void host_labels(char *out, size_t size, unsigned i)
{
    snprintf(out, size, "h%u|local", i);
}

static void host_address(char *out, size_t size, unsigned i, unsigned k)
{
    snprintf(out, size, "10.%u.%u.%u", (i / 256) % 256, i % 256, k);
}

static void test_bound_on_devices_and_hosts(void **state)
{
    apple_bonjour_t *store = apple_bonjour_new();
    char host[64], address[64];
    size_t dropped;

    (void)state;
    for (unsigned i = 0; i < APPLE_BONJOUR_DEVICES_MAX + 100; i++) {
        host_labels(host, sizeof host, i);
        host_address(address, sizeof address, i, 1);
        begin_response();
        put_srv("TV|_airplay|_tcp|local", 120, 7000, host);
        put_address(host, 120, address);
        learn_wire(store, NULL, i + 1);
    }
    assert_int_equal(apple_bonjour_device_count(store), APPLE_BONJOUR_DEVICES_MAX);
    assert_true(apple_bonjour_dropped(store) >= 100);
    host_address(address, sizeof address, APPLE_BONJOUR_DEVICES_MAX - 1, 1);
    assert_found(store, APPLE_TCP, address, 7000, 1, "_airplay._tcp", "TV",
                 APPLE_BONJOUR_DEVICES_MAX);
    host_address(address, sizeof address, APPLE_BONJOUR_DEVICES_MAX, 1);
    assert_not_found(store, APPLE_TCP, address, 7000, 1);

    /* hosts with addresses only fill up too, and stop */
    for (unsigned i = 0; i < 4 * APPLE_BONJOUR_DEVICES_MAX; i++) {
        host_labels(host, sizeof host, 100000 + i);
        begin_response();
        put_address(host, 120, "10.200.0.1");
        learn_wire(store, NULL, 5000 + i);
    }
    dropped = apple_bonjour_dropped(store);
    assert_true(dropped >= 100 + APPLE_BONJOUR_DEVICES_MAX);
    begin_response();
    put_address("one-more|local", 120, "10.200.0.2");
    learn_wire(store, NULL, 99999);
    assert_int_equal(apple_bonjour_dropped(store), dropped + 1);
    apple_bonjour_free(store);
}

/* More endpoints than the bound: 16 addresses and 24 services a host. */
static void test_bound_on_endpoints(void **state)
{
    apple_bonjour_t *store = apple_bonjour_new();
    const unsigned per_host = APPLE_BONJOUR_DEVICE_LIST_MAX * APPLE_MDNS_SERVICES_MAX;
    const unsigned hosts = APPLE_BONJOUR_ENDPOINTS_MAX / per_host + 2;
    char host[64], address[64], owner[64];
    size_t found = 0;

    (void)state;
    for (unsigned i = 0; i < hosts; i++) {
        host_labels(host, sizeof host, i);
        begin_response();
        for (unsigned s = 0; s < APPLE_MDNS_SERVICES_MAX; s++) {
            snprintf(owner, sizeof owner, "S%u|_airplay|_tcp|local", s);
            put_srv(owner, 120, 7000 + s, host);
        }
        for (unsigned k = 0; k < APPLE_BONJOUR_DEVICE_LIST_MAX; k++) {
            host_address(address, sizeof address, i, k + 1);
            put_address(host, 120, address);
        }
        learn_wire(store, NULL, i + 1);
    }
    for (unsigned i = 0; i < hosts; i++)
        for (unsigned k = 0; k < APPLE_BONJOUR_DEVICE_LIST_MAX; k++)
            for (unsigned s = 0; s < APPLE_MDNS_SERVICES_MAX; s++) {
                host_address(address, sizeof address, i, k + 1);
                found += lookup(store, APPLE_TCP, address, (uint16_t)(7000 + s), 1, NULL);
            }
    assert_int_equal(found, APPLE_BONJOUR_ENDPOINTS_MAX);
    assert_true(apple_bonjour_dropped(store)
                >= (size_t)hosts * per_host - APPLE_BONJOUR_ENDPOINTS_MAX);
    apple_bonjour_free(store);
}

/* More announce/goodbye periods than the bound: the oldest go first. */
static void test_bound_on_periods(void **state)
{
    apple_bonjour_t *store = apple_bonjour_new();
    const unsigned periods = APPLE_BONJOUR_PERIODS_MAX + 2;

    (void)state;
    for (unsigned p = 0; p < periods; p++) {
        announce_airplay(store, 120, 10 * (p + 1));
        announce_airplay(store, 0, 10 * (p + 1) + 5);
    }
    assert_int_equal(apple_bonjour_dropped(store), periods - APPLE_BONJOUR_PERIODS_MAX);
    /* frames 10-15 and 20-25 are forgotten: a flow then gets the first kept period */
    assert_found(store, APPLE_TCP, "10.0.0.5", 7000, 12, "_airplay._tcp", "Kitchen", 30);
    assert_found(store, APPLE_TCP, "10.0.0.5", 7000, 22, "_airplay._tcp", "Kitchen", 30);
    assert_found(store, APPLE_TCP, "10.0.0.5", 7000, 32, "_airplay._tcp", "Kitchen", 30);
    assert_found(store, APPLE_TCP, "10.0.0.5", 7000, 10 * periods + 2, "_airplay._tcp", "Kitchen",
                 10 * periods);
    assert_not_found(store, APPLE_TCP, "10.0.0.5", 7000, 10 * periods + 6);
    apple_bonjour_free(store);
}

/* A device's lists hold APPLE_BONJOUR_DEVICE_LIST_MAX items each. */
static void test_bound_on_device_lists(void **state)
{
    apple_bonjour_t *store = apple_bonjour_new();
    const apple_bonjour_device_t *device;
    char owner[64], address[64];
    size_t dropped;

    (void)state;
    begin_response();
    for (unsigned s = 0; s < APPLE_BONJOUR_DEVICE_LIST_MAX + 4; s++) {
        snprintf(owner, sizeof owner, "Name %u|_ssh|_tcp|local", s);
        put_srv(owner, 120, 2200 + s, "box|local");
    }
    learn_wire(store, NULL, 1);
    /* a message holds APPLE_MDNS_ADDRESSES_MAX addresses: two of them */
    for (unsigned m = 0; m < 2; m++) {
        begin_response();
        for (unsigned k = 0; k < (APPLE_BONJOUR_DEVICE_LIST_MAX + 4) / 2; k++) {
            snprintf(address, sizeof address, "10.0.1.%u",
                     m * (APPLE_BONJOUR_DEVICE_LIST_MAX + 4) / 2 + k + 1);
            put_address("box|local", 120, address);
        }
        learn_wire(store, NULL, 2 + m);
    }
    device = device_named(store, "box.local");
    assert_int_equal(device->n_names, APPLE_BONJOUR_DEVICE_LIST_MAX);
    assert_int_equal(device->n_offers, APPLE_BONJOUR_DEVICE_LIST_MAX);
    assert_int_equal(device->n_addresses, APPLE_BONJOUR_DEVICE_LIST_MAX);
    assert_true(device_has_address(device, "10.0.1.16"));
    assert_false(device_has_address(device, "10.0.1.17"));
    /* 4 names and 4 offers at frame 1; 4 addresses at frame 3 */
    dropped = apple_bonjour_dropped(store);
    assert_int_equal(dropped, 3 * 4);
    apple_bonjour_free(store);
}

#ifdef HAVE_MALLINFO2
static size_t heap_in_use(void)
{
    return mallinfo2().uordblks;
}
#endif

/* Once the bounds are reached, a storm of announcements (new hosts, new
 * names for a full device, new types, goodbyes and re-announcements) does
 * not grow the store. */
static void test_memory_stops_growing(void **state)
{
    apple_bonjour_t *store = apple_bonjour_new();
    char host[64], address[64], owner[128];
    size_t dropped;
#ifdef HAVE_MALLINFO2
    size_t before;
#endif

    (void)state;
    for (unsigned i = 0; i < 2 * APPLE_BONJOUR_DEVICES_MAX + 10; i++) {
        host_labels(host, sizeof host, i);
        host_address(address, sizeof address, i, 1);
        begin_response();
        for (unsigned s = 0; s < APPLE_MDNS_SERVICES_MAX; s++) {
            snprintf(owner, sizeof owner, "S%u|_t%u|_tcp|local", s, s);
            put_srv(owner, 120, 7000 + s, host);
        }
        put_address(host, 120, address);
        learn_wire(store, NULL, i + 1);
    }
    assert_int_equal(apple_bonjour_device_count(store), APPLE_BONJOUR_DEVICES_MAX);
    dropped = apple_bonjour_dropped(store);
#ifdef HAVE_MALLINFO2
    before = heap_in_use();
#endif
    for (unsigned round = 0; round < 3000; round++) {
        begin_response();
        host_labels(host, sizeof host, 50000 + round);                /* a new host */
        put_srv("New|_airplay|_tcp|local", 120, 7000, host);
        put_address(host, 120, "10.99.0.1");
        snprintf(owner, sizeof owner,
                 "Storm %u with a long instance name to take room|_x%u|_tcp|local", round, round);
        put_srv(owner, 120, 9000 + round % 1000, "h0|local");          /* a full device */
        put_srv("S0|_t0|_tcp|local", round % 2 ? 0 : 120, 7000, "h0|local"); /* goodbye, again */
        learn_wire(store, NULL, 100000 + round);
    }
    assert_int_equal(apple_bonjour_device_count(store), APPLE_BONJOUR_DEVICES_MAX);
    assert_true(apple_bonjour_dropped(store) > dropped + 3000);
#ifdef HAVE_MALLINFO2
    print_message("heap: %zu before the storm, %zu after\n", before, heap_in_use());
    assert_true(heap_in_use() <= before + 4096);
#endif
    apple_bonjour_free(store);
}

static void test_null_and_out_of_range(void **state)
{
    apple_bonjour_t *store = apple_bonjour_new();
    uint8_t address[16] = { 10, 0, 0, 5 };
    apple_bonjour_offer_info_t info;

    (void)state;
    apple_bonjour_learn(NULL, &message, NULL, 1);
    apple_bonjour_learn(store, NULL, NULL, 1);
    assert_false(apple_bonjour_lookup(NULL, APPLE_TCP, 4, address, 7000, 1, &info));
    assert_false(apple_bonjour_lookup(store, APPLE_TCP, 4, NULL, 7000, 1, &info));
    announce_airplay(store, 120, 10);
    assert_true(apple_bonjour_lookup(store, APPLE_TCP, 4, address, 7000, 1, NULL));
    assert_false(apple_bonjour_lookup(store, APPLE_TCP, 5, address, 7000, 1, &info));
    assert_null(apple_bonjour_device(store, 1));
    assert_null(apple_bonjour_device(NULL, 0));
    assert_int_equal(apple_bonjour_device_count(NULL), 0);
    assert_int_equal(apple_bonjour_dropped(NULL), 0);
    apple_bonjour_free(store);
    apple_bonjour_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_imac_of_nDPI_iphone),
        cmocka_unit_test(test_single_pass_learns_in_frame_order),
        cmocka_unit_test(test_the_linux_host_of_zeek),
        cmocka_unit_test(test_queries_teach_nothing),
        cmocka_unit_test(test_srv_goodbye),
        cmocka_unit_test(test_ptr_goodbye),
        cmocka_unit_test(test_two_types_on_one_port),
        cmocka_unit_test(test_sleep_proxy_answers_for_another_host),
        cmocka_unit_test(test_which_types_label_whose_flows),
        cmocka_unit_test(test_srv_before_its_address),
        cmocka_unit_test(test_address_change),
        cmocka_unit_test(test_models),
        cmocka_unit_test(test_device_info_alone),
        cmocka_unit_test(test_types_without_a_service),
        cmocka_unit_test(test_bound_on_devices_and_hosts),
        cmocka_unit_test(test_bound_on_endpoints),
        cmocka_unit_test(test_bound_on_periods),
        cmocka_unit_test(test_bound_on_device_lists),
        cmocka_unit_test(test_memory_stops_growing),
        cmocka_unit_test(test_null_and_out_of_range),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
