/* gen-chatter.c
 * Writes the benchmark's lookup-heavy captures, to show that what the
 * plugin learns from a capture stays within its bounds however long the
 * capture is. The same arguments give the same bytes on every machine.
 *
 *   gen-chatter mdns OUT.pcap [PACKETS [SEED]]     (default 100000 packets, seed 1)
 *   gen-chatter dns  OUT.pcap [PACKETS [SEED]]
 *
 * mdns: Bonjour from DEVICES devices, four times the store's
 * APPLE_BONJOUR_DEVICES_MAX (and twice its hosts' bound), over IPv4 and
 * IPv6 link-local multicast:
 *  - announcements (PTR, SRV, TXT with a model, A and AAAA records with
 *    the cache-flush bit) of each device's services; every third
 *    announcement of a device starts an "epoch" with a new instance name,
 *    new dynamic ports and a new IPv6 address, so that per-device lists
 *    (APPLE_BONJOUR_DEVICE_LIST_MAX) and the endpoints
 *    (APPLE_BONJOUR_ENDPOINTS_MAX) fill up and overflow;
 *  - goodbyes (SRV and PTR with TTL 0), after which the next announcement
 *    opens a new period (past APPLE_BONJOUR_PERIODS_MAX);
 *  - Sleep Proxy answers with 30 SRV and 20 A records, and queries with up
 *    to 40 PTR questions, past the per-message APPLE_MDNS_* bounds;
 *  - short TCP flows to announced endpoints.
 * dns: DNS lookups (queries and answers) of a new name each, 80% of them
 * under Apple's domains, with CNAME chains and 1 to 6 A or AAAA records
 * drawn from a pool of ADDRESS_POOL addresses, twice the plugin's DNS
 * facts bound (APPLE_LEARN_DNS_ADDRESSES_MAX), and TLS-port flows to
 * recently answered addresses.
 *
 * Payloads are well-formed; checksums are correct. A message may be larger
 * than an Ethernet MTU (RFC 6762 allows mDNS messages up to 9000 bytes).
 * Prints a one-line summary.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen-common.h"

#define DEVICES        4096
#define ADDRESS_POOL   131072
#define MESSAGE_MAX    9000
#define FRAME_MAX      (MESSAGE_MAX + 14 + 40 + 20)

/* ---- the pcap file being written (gen-common.h has the rest) ---- */

static FILE *out;
static unsigned long packets;
static uint64_t usec;

/* An endpoint of a packet: MAC, IP version and address, port. */
typedef struct {
    uint8_t  mac[6];
    bool     ipv6;
    uint8_t  ip[16];
    uint16_t port;
} end_t;

enum { PROTO_TCP = 6, PROTO_UDP = 17 };
enum { TCP_FIN = 0x01, TCP_SYN = 0x02, TCP_PSH = 0x08, TCP_ACK = 0x10 };

/* Writes one Ethernet frame from src to dst (both of src's IP version). */
static void write_packet(const end_t *src, const end_t *dst, uint8_t proto, uint8_t hop_limit,
                         uint32_t seq, uint32_t ack, uint8_t flags,
                         const uint8_t *payload, size_t len)
{
    static uint8_t frame[FRAME_MAX];
    static uint16_t ip_id;
    size_t ip_hdr = src->ipv6 ? 40 : 20, l4_hdr = proto == PROTO_TCP ? 20 : 8;
    size_t l4_len = l4_hdr + len, addr_len = src->ipv6 ? 16 : 4, frame_len;
    uint8_t *ip = frame + 14, *l4 = ip + ip_hdr;
    uint32_t sum;

    memcpy(frame, dst->mac, 6);
    memcpy(frame + 6, src->mac, 6);
    put16(frame + 12, src->ipv6 ? 0x86dd : 0x0800);
    if (src->ipv6) {
        put32(ip, 0x60000000);
        put16(ip + 4, (unsigned)l4_len);
        ip[6] = proto;
        ip[7] = hop_limit;
        memcpy(ip + 8, src->ip, 16);
        memcpy(ip + 24, dst->ip, 16);
    } else {
        ip[0] = 0x45;
        ip[1] = 0;
        put16(ip + 2, (unsigned)(20 + l4_len));
        put16(ip + 4, ip_id++);
        put16(ip + 6, 0x4000);
        ip[8] = hop_limit;
        ip[9] = proto;
        put16(ip + 10, 0);
        memcpy(ip + 12, src->ip, 4);
        memcpy(ip + 16, dst->ip, 4);
        put16(ip + 10, fold(sum16(ip, 20, 0)));
    }
    put16(l4, src->port);
    put16(l4 + 2, dst->port);
    if (proto == PROTO_UDP) {
        put16(l4 + 4, (unsigned)l4_len);
        put16(l4 + 6, 0);
    } else {
        put32(l4 + 4, seq);
        put32(l4 + 8, ack);
        l4[12] = 5 << 4;
        l4[13] = flags;
        put16(l4 + 14, 65535);
        put16(l4 + 16, 0);
        put16(l4 + 18, 0);
    }
    memcpy(l4 + l4_hdr, payload, len);
    sum = sum16(src->ip, addr_len, 0);
    sum = sum16(dst->ip, addr_len, sum);
    sum += proto + (uint32_t)l4_len;
    sum = fold(sum16(l4, l4_len, sum));
    if (sum == 0 && proto == PROTO_UDP)
        sum = 0xffff;
    put16(l4 + (proto == PROTO_UDP ? 6 : 16), sum);

    frame_len = 14 + ip_hdr + l4_len;
    usec += 1 + rnd_below(400);
    pcap_record(out, usec, frame, frame_len);
    packets++;
}

/* A short TCP flow from client to server: handshake, a request and an
 * answer of pseudo-random bytes, the client's FIN. */
static void write_tcp_flow(const end_t *client, const end_t *server)
{
    uint8_t data[600];
    uint32_t cs = rnd(), ss = rnd();
    size_t request = 60 + rnd_below(200), answer = 100 + rnd_below(500);

    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (uint8_t)rnd();
    write_packet(client, server, PROTO_TCP, 64, cs, 0, TCP_SYN, NULL, 0);
    write_packet(server, client, PROTO_TCP, 64, ss, cs + 1, TCP_SYN | TCP_ACK, NULL, 0);
    write_packet(client, server, PROTO_TCP, 64, cs + 1, ss + 1, TCP_ACK, NULL, 0);
    write_packet(client, server, PROTO_TCP, 64, cs + 1, ss + 1, TCP_PSH | TCP_ACK, data, request);
    write_packet(server, client, PROTO_TCP, 64, ss + 1, cs + 1 + (uint32_t)request,
                 TCP_PSH | TCP_ACK, data, answer);
    write_packet(client, server, PROTO_TCP, 64, cs + 1 + (uint32_t)request,
                 ss + 1 + (uint32_t)answer, TCP_FIN | TCP_ACK, NULL, 0);
}

/* ---- DNS messages ---- */

typedef struct {
    uint8_t bytes[MESSAGE_MAX];
    size_t  len;
    bool    full;              /* a record did not fit: the counts stop before it */
    unsigned counts[4];        /* question, answer, authority, additional */
} message_t;

enum { SECTION_QUESTION, SECTION_ANSWER, SECTION_AUTHORITY, SECTION_ADDITIONAL };
enum { TYPE_A = 1, TYPE_CNAME = 5, TYPE_PTR = 12, TYPE_TXT = 16, TYPE_AAAA = 28, TYPE_SRV = 33 };
#define CLASS_IN          1
#define CLASS_CACHE_FLUSH 0x8001

static void message_start(message_t *m, unsigned id, unsigned flags)
{
    memset(m, 0, sizeof *m);
    put16(m->bytes, id);
    put16(m->bytes + 2, flags);
    m->len = 12;
}

static void message_end(message_t *m)
{
    for (int i = 0; i < 4; i++)
        put16(m->bytes + 4 + 2 * i, m->counts[i]);
}

/* Room for n more bytes; once full, nothing more is added. */
static bool room(message_t *m, size_t n)
{
    if (m->full || m->len + n > MESSAGE_MAX)
        m->full = true;
    return !m->full;
}

/* The name's labels, uncompressed; name has no escaped dots. */
static size_t name_wire_length(const char *name)
{
    return strlen(name) + 2;
}

static void put_name(uint8_t *p, const char *name)
{
    while (*name) {
        const char *dot = strchr(name, '.');
        size_t n = dot ? (size_t)(dot - name) : strlen(name);

        *p++ = (uint8_t)n;
        memcpy(p, name, n);
        p += n;
        name += n + (dot ? 1 : 0);
    }
    *p = 0;
}

static void add_question(message_t *m, const char *name, unsigned type)
{
    size_t n = name_wire_length(name);

    if (!room(m, n + 4))
        return;
    put_name(m->bytes + m->len, name);
    put16(m->bytes + m->len + n, type);
    put16(m->bytes + m->len + n + 2, CLASS_IN);
    m->len += n + 4;
    m->counts[SECTION_QUESTION]++;
}

/* A record whose rdata is rdata_len bytes; returns where to write it, or
 * NULL if it does not fit. */
static uint8_t *add_record(message_t *m, int section, const char *name, unsigned type,
                           unsigned rclass, uint32_t ttl, size_t rdata_len)
{
    size_t n = name_wire_length(name);
    uint8_t *p;

    if (!room(m, n + 10 + rdata_len))
        return NULL;
    p = m->bytes + m->len;
    put_name(p, name);
    put16(p + n, type);
    put16(p + n + 2, rclass);
    put32(p + n + 4, ttl);
    put16(p + n + 8, (unsigned)rdata_len);
    m->len += n + 10 + rdata_len;
    m->counts[section]++;
    return p + n + 10;
}

static void add_name_record(message_t *m, int section, const char *name, unsigned type,
                            unsigned rclass, uint32_t ttl, const char *target)
{
    uint8_t *rdata = add_record(m, section, name, type, rclass, ttl, name_wire_length(target));

    if (rdata)
        put_name(rdata, target);
}

static void add_address(message_t *m, int section, const char *name, unsigned rclass,
                        uint32_t ttl, bool ipv6, const uint8_t *ip)
{
    uint8_t *rdata = add_record(m, section, name, ipv6 ? TYPE_AAAA : TYPE_A, rclass, ttl,
                                ipv6 ? 16 : 4);

    if (rdata)
        memcpy(rdata, ip, ipv6 ? 16 : 4);
}

static void add_srv(message_t *m, int section, const char *name, uint32_t ttl, uint16_t port,
                    const char *target)
{
    uint8_t *rdata = add_record(m, section, name, TYPE_SRV, CLASS_CACHE_FLUSH, ttl,
                                6 + name_wire_length(target));

    if (!rdata)
        return;
    put16(rdata, 0);
    put16(rdata + 2, 0);
    put16(rdata + 4, port);
    put_name(rdata + 6, target);
}

/* A TXT record of one "key=value" string (or none: an empty string). */
static void add_txt(message_t *m, int section, const char *name, uint32_t ttl, const char *text)
{
    size_t n = text ? strlen(text) : 0;
    uint8_t *rdata = add_record(m, section, name, TYPE_TXT, CLASS_CACHE_FLUSH, ttl, 1 + n);

    if (!rdata)
        return;
    rdata[0] = (uint8_t)n;
    memcpy(rdata + 1, text, n);
}

/* ---- mdns: the devices ---- */

typedef struct {
    const char *type;          /* "_companion-link._tcp" */
    uint16_t    port;          /* 0: a dynamic port, new every epoch */
    const char *txt_key;       /* the TXT key that names the model, or NULL */
} service_t;

/* Four kinds of device, by the services they announce. */
static const service_t mac_services[] = {
    { "_companion-link._tcp", 0, "rpMd" }, { "_smb._tcp", 445, NULL },
    { "_rfb._tcp", 5900, NULL }, { "_device-info._tcp", 0, "model" },
};
static const service_t apple_tv_services[] = {
    { "_airplay._tcp", 7000, "model" }, { "_raop._tcp", 0, "am" },
    { "_companion-link._tcp", 0, "rpMd" }, { "_homekit._tcp", 0, NULL },
};
static const service_t printer_services[] = {
    { "_ipp._tcp", 631, NULL }, { "_http._tcp", 80, NULL }, { "_printer._tcp", 515, NULL },
};
static const service_t linux_services[] = {
    { "_ssh._tcp", 22, NULL }, { "_sftp-ssh._tcp", 22, NULL }, { "_http._tcp", 8080, NULL },
};
static const struct {
    const service_t *services;
    size_t           n;
    const char      *model;
    const char      *label;
} kinds[] = {
    { mac_services, 4, "MacBookPro18,1", "MacBook" },
    { apple_tv_services, 4, "AppleTV11,1", "Living Room" },
    { printer_services, 3, NULL, "Printer" },
    { linux_services, 3, NULL, "raspberrypi" },
};

/* Types that queries ask for: real ones, then made-up ones. */
static const char *const query_types[] = {
    "_airplay._tcp", "_raop._tcp", "_companion-link._tcp", "_homekit._tcp", "_hap._tcp",
    "_sleep-proxy._udp", "_ipp._tcp", "_ipps._tcp", "_printer._tcp", "_smb._tcp",
    "_afpovertcp._tcp", "_rfb._tcp", "_ssh._tcp", "_http._tcp", "_device-info._tcp",
    "_apple-mobdev2._tcp", "_mediaremotetv._tcp", "_airdrop._tcp", "_googlecast._tcp",
    "_spotify-connect._tcp",
};
#define QUERY_TYPES   (sizeof query_types / sizeof query_types[0])
#define MADE_UP_TYPES 40

typedef struct {
    unsigned announcements;
} device_t;

static device_t devices[DEVICES];

static unsigned kind_of(unsigned d) { return d % 4; }
static unsigned epoch_of(unsigned d) { return devices[d].announcements / 3; }

static void device_end(unsigned d, bool ipv6, end_t *e)
{
    unsigned epoch = epoch_of(d);

    memset(e, 0, sizeof *e);
    /* a third of the devices send from an Apple MAC (00:03:93, globally
     * administered), the rest from locally administered ones */
    if (d % 3 == 0)
        memcpy(e->mac, "\x00\x03\x93", 3);
    else
        memcpy(e->mac, "\x02\x42\x00", 3);
    e->mac[3] = (uint8_t)(d >> 8);
    e->mac[4] = (uint8_t)d;
    e->mac[5] = 1;
    e->ipv6 = ipv6;
    if (ipv6) {
        /* fe80::/64 with an interface id that changes every epoch */
        e->ip[0] = 0xfe;
        e->ip[1] = 0x80;
        put16(e->ip + 8, 0x0200 | (d >> 12));
        put16(e->ip + 10, d & 0x0fff);
        put32(e->ip + 12, epoch * 2654435761u + d);
    } else {
        e->ip[0] = 10;
        e->ip[1] = 20;
        e->ip[2] = (uint8_t)(d >> 8);
        e->ip[3] = (uint8_t)(d & 0xff);
    }
    e->port = 5353;
}

static void multicast_end(bool ipv6, end_t *e)
{
    memset(e, 0, sizeof *e);
    e->ipv6 = ipv6;
    if (ipv6) {
        memcpy(e->mac, "\x33\x33\x00\x00\x00\xfb", 6);
        e->ip[0] = 0xff;
        e->ip[1] = 0x02;
        e->ip[15] = 0xfb;
    } else {
        memcpy(e->mac, "\x01\x00\x5e\x00\x00\xfb", 6);
        e->ip[0] = 224;
        e->ip[3] = 251;
    }
    e->port = 5353;
}

static uint16_t service_port(unsigned d, unsigned s)
{
    const service_t *svc = &kinds[kind_of(d)].services[s];

    if (svc->port)
        return svc->port;
    return (uint16_t)(49152 + (d * 131u + s * 7919u + epoch_of(d) * 104729u) % 16000);
}

static void host_name(unsigned d, char *name, size_t size)
{
    snprintf(name, size, "host-%04u.local", d);
}

static void instance_name(unsigned d, unsigned s, char *name, size_t size)
{
    snprintf(name, size, "%s %u-%u._%s.local", kinds[kind_of(d)].label, d, epoch_of(d),
             kinds[kind_of(d)].services[s].type + 1);
}

static void send_mdns(unsigned d, bool ipv6, message_t *m)
{
    end_t src, dst;

    message_end(m);
    device_end(d, ipv6, &src);
    multicast_end(ipv6, &dst);
    write_packet(&src, &dst, PROTO_UDP, 255, 0, 0, 0, m->bytes, m->len);
}

/* The device's services (PTR, SRV, TXT) and its addresses (A, AAAA). */
static void announce(unsigned d)
{
    static message_t m;
    const unsigned kind = kind_of(d);
    char host[64], instance[160], ptr[64], txt[96];
    end_t v4, v6;

    devices[d].announcements++;
    message_start(&m, 0, 0x8400);
    host_name(d, host, sizeof host);
    for (unsigned s = 0; s < kinds[kind].n; s++) {
        const service_t *svc = &kinds[kind].services[s];

        instance_name(d, s, instance, sizeof instance);
        snprintf(ptr, sizeof ptr, "%s.local", svc->type);
        add_name_record(&m, SECTION_ANSWER, ptr, TYPE_PTR, CLASS_IN, 4500, instance);
        if (strcmp(svc->type, "_device-info._tcp") != 0)
            add_srv(&m, SECTION_ANSWER, instance, 120, service_port(d, s), host);
        if (svc->txt_key && kinds[kind].model) {
            snprintf(txt, sizeof txt, "%s=%s", svc->txt_key, kinds[kind].model);
            add_txt(&m, SECTION_ANSWER, instance, 4500, txt);
        } else {
            add_txt(&m, SECTION_ANSWER, instance, 4500, NULL);
        }
    }
    device_end(d, false, &v4);
    device_end(d, true, &v6);
    add_address(&m, SECTION_ADDITIONAL, host, CLASS_CACHE_FLUSH, 120, false, v4.ip);
    add_address(&m, SECTION_ADDITIONAL, host, CLASS_CACHE_FLUSH, 120, true, v6.ip);
    send_mdns(d, rnd_below(4) == 0, &m);
}

/* One service's goodbye: its SRV and PTR records with TTL 0. */
static void goodbye(unsigned d)
{
    static message_t m;
    const unsigned kind = kind_of(d);
    unsigned s = rnd_below((unsigned)kinds[kind].n);
    char host[64], instance[160], ptr[64];

    message_start(&m, 0, 0x8400);
    host_name(d, host, sizeof host);
    instance_name(d, s, instance, sizeof instance);
    snprintf(ptr, sizeof ptr, "%s.local", kinds[kind].services[s].type);
    add_name_record(&m, SECTION_ANSWER, ptr, TYPE_PTR, CLASS_IN, 0, instance);
    add_srv(&m, SECTION_ANSWER, instance, 0, service_port(d, s), host);
    send_mdns(d, false, &m);
}

/* A Sleep Proxy's answer for 30 sleeping hosts: more SRV and A records than
 * a message's bounds keep. */
static void sleep_proxy(unsigned d)
{
    static message_t m;
    char host[64], instance[160];
    unsigned first = rnd_below(20000);

    message_start(&m, 0, 0x8400);
    for (unsigned i = 0; i < 30; i++) {
        snprintf(host, sizeof host, "sleeper-%05u.local", (first + i) % 20000);
        snprintf(instance, sizeof instance, "Sleeper %05u._smb._tcp.local", (first + i) % 20000);
        add_srv(&m, SECTION_ANSWER, instance, 120, 445, host);
    }
    for (unsigned i = 0; i < 20; i++) {
        uint8_t ip[4] = { 10, 30, (uint8_t)(((first + i) % 20000) >> 8), (uint8_t)((first + i) % 20000) };

        snprintf(host, sizeof host, "sleeper-%05u.local", (first + i) % 20000);
        add_address(&m, SECTION_ADDITIONAL, host, CLASS_CACHE_FLUSH, 120, false, ip);
    }
    send_mdns(d, false, &m);
}

/* A query for 1 to 40 service types (PTR questions), more than a message's
 * bound keeps. */
static void query(unsigned d)
{
    static message_t m;
    char name[64];
    unsigned n = 1 + rnd_below(rnd_below(4) == 0 ? 40 : 8);

    message_start(&m, 0, 0);
    for (unsigned i = 0; i < n; i++) {
        unsigned t = rnd_below(QUERY_TYPES + MADE_UP_TYPES);

        if (t < QUERY_TYPES)
            snprintf(name, sizeof name, "%s.local", query_types[t]);
        else
            snprintf(name, sizeof name, "_made-up-%02u._tcp.local", t - (unsigned)QUERY_TYPES);
        add_question(&m, name, TYPE_PTR);
    }
    send_mdns(d, rnd_below(3) == 0, &m);
}

/* A flow from another device to a service an Apple device announced on a
 * dynamic port (no dissector of Wireshark's claims those, so the payload's
 * pseudo-random bytes stay plain data). */
static void flow_to_device(unsigned d)
{
    unsigned apple_tv = rnd_below(2), c = rnd_below(DEVICES);
    unsigned s = apple_tv ? 1 + rnd_below(3) : 0;
    end_t client, server;

    d = (d & ~3u) | apple_tv;                   /* a Mac (kind 0) or an Apple TV (kind 1) */
    device_end(c, false, &client);
    device_end(d, false, &server);
    client.port = (uint16_t)(49152 + rnd_below(16384));
    server.port = service_port(d, s);
    write_tcp_flow(&client, &server);
}

static void write_mdns(unsigned long target)
{
    while (packets < target) {
        unsigned d = rnd_below(DEVICES), r = rnd_below(100);

        if (r < 50)
            announce(d);
        else if (r < 60)
            goodbye(d);
        else if (r < 65)
            sleep_proxy(d);
        else if (r < 85)
            query(d);
        else
            flow_to_device(d);
    }
}

/* ---- dns ---- */

static const char *const apple_domains[] = {
    "icloud.com", "apple.com", "mzstatic.com", "aaplimg.com", "cdn-apple.com",
    "icloud-content.com", "me.com", "apple-dns.net",
};
static const char *const other_domains[] = { "example.net", "akamaiedge.net", "fastly.net" };

static void pool_address(unsigned i, bool ipv6, uint8_t *ip)
{
    memset(ip, 0, 16);
    if (ipv6) {
        /* 2600:1400::/24, not one of Apple's blocks */
        ip[0] = 0x26;
        ip[1] = 0x00;
        ip[2] = 0x14;
        put32(ip + 4, i);
        ip[15] = 1;
    } else {
        /* 23.32.0.0/11, not one of Apple's blocks */
        ip[0] = 23;
        ip[1] = (uint8_t)(32 + (i >> 16));
        ip[2] = (uint8_t)(i >> 8);
        ip[3] = (uint8_t)i;
    }
}

static void client_end(unsigned c, end_t *e)
{
    memset(e, 0, sizeof *e);
    memcpy(e->mac, "\x02\x00\x00\x01", 4);
    e->mac[4] = (uint8_t)(c >> 8);
    e->mac[5] = (uint8_t)c;
    e->ip[0] = 10;
    e->ip[1] = 1;
    e->ip[2] = (uint8_t)(c >> 8);
    e->ip[3] = (uint8_t)c;
    e->port = (uint16_t)(32768 + rnd_below(28000));
}

static void resolver_end(end_t *e)
{
    memset(e, 0, sizeof *e);
    memcpy(e->mac, "\x02\x00\x00\x00\x00\x35", 6);
    e->ip[0] = 10;
    e->ip[3] = 53;
    e->port = 53;
}

/* A lookup of a new name: the query, the answer with a CNAME chain and
 * addresses from the pool, and now and then a flow to one of them. */
static void lookup(unsigned long n)
{
    static message_t m;
    static uint32_t recent[64];
    static unsigned n_recent;
    char name[128], alias[128], target[128];
    bool apple = rnd_below(5) != 0, ipv6 = rnd_below(4) == 0;
    unsigned id = rnd() & 0xffff, cnames = rnd_below(3), addresses = 1 + rnd_below(6);
    const char *domain = apple ? apple_domains[rnd_below(8)] : other_domains[rnd_below(3)];
    end_t client, resolver;

    client_end(rnd_below(1000), &client);
    resolver_end(&resolver);
    snprintf(name, sizeof name, "r%lu.%s", n, domain);

    message_start(&m, id, 0x0100);
    add_question(&m, name, ipv6 ? TYPE_AAAA : TYPE_A);
    message_end(&m);
    write_packet(&client, &resolver, PROTO_UDP, 64, 0, 0, 0, m.bytes, m.len);

    message_start(&m, id, 0x8180);
    add_question(&m, name, ipv6 ? TYPE_AAAA : TYPE_A);
    snprintf(alias, sizeof alias, "%s", name);
    for (unsigned i = 0; i < cnames; i++) {
        snprintf(target, sizeof target, "e%lu-%u.%s", n, i, i == 0 ? "akadns.net" : "cdn-apple.com");
        add_name_record(&m, SECTION_ANSWER, alias, TYPE_CNAME, CLASS_IN, 300, target);
        snprintf(alias, sizeof alias, "%s", target);
    }
    for (unsigned i = 0; i < addresses; i++) {
        uint8_t ip[16];
        uint32_t a = rnd_below(ADDRESS_POOL);

        pool_address(a, ipv6, ip);
        add_address(&m, SECTION_ANSWER, alias, CLASS_IN, 60, ipv6, ip);
        recent[n_recent++ % 64] = a << 1 | ipv6;
    }
    message_end(&m);
    write_packet(&resolver, &client, PROTO_UDP, 64, 0, 0, 0, m.bytes, m.len);

    if (rnd_below(3) == 0) {
        uint32_t a = recent[rnd_below(n_recent < 64 ? n_recent : 64)];
        end_t server;

        memset(&server, 0, sizeof server);
        memcpy(server.mac, "\x02\x00\x00\x00\x00\x01", 6);
        server.ipv6 = a & 1;
        pool_address(a >> 1, server.ipv6, server.ip);
        server.port = 443;
        client.ipv6 = server.ipv6;
        if (client.ipv6) {
            memset(client.ip, 0, 16);
            memcpy(client.ip, "\x20\x01\x0d\xb8", 4);
            put32(client.ip + 12, rnd());
        }
        write_tcp_flow(&client, &server);
    }
}

static void write_dns(unsigned long target)
{
    for (unsigned long n = 0; packets < target; n++)
        lookup(n);
}

int main(int argc, char **argv)
{
    const char *kind = argc > 1 ? argv[1] : "";
    unsigned long target = argc > 3 ? strtoul(argv[3], NULL, 10) : 100000;
    unsigned long seed = argc > 4 ? strtoul(argv[4], NULL, 10) : 1;
    bool mdns = strcmp(kind, "mdns") == 0;

    if (argc < 3 || argc > 5 || target == 0 || (!mdns && strcmp(kind, "dns") != 0)) {
        fprintf(stderr, "usage: %s mdns|dns OUT.pcap [PACKETS [SEED]]\n", argv[0]);
        return 2;
    }
    out = fopen(argv[2], "wb");
    if (!out) {
        perror(argv[2]);
        return 1;
    }
    rnd_seed(seed);

    pcap_header(out);
    if (mdns)
        write_mdns(target);
    else
        write_dns(target);
    if (fclose(out) != 0) {
        perror(argv[2]);
        return 1;
    }
    if (mdns)
        printf("%lu packets of mDNS chatter from %u devices (announcements, goodbyes, "
               "Sleep Proxy answers, queries) and flows to announced services\n",
               packets, DEVICES);
    else
        printf("%lu packets of DNS lookups (a new name each, addresses from a pool of %u) "
               "and TLS-port flows to answered addresses\n", packets, ADDRESS_POOL);
    return 0;
}
