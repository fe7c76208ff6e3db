/* gen-capture.c
 * Writes the benchmark capture: a pcap of interleaved TCP and UDP flows over
 * Ethernet, the same bytes for the same arguments on every machine.
 *
 *   gen-capture OUT.pcap [PACKETS [SEED]]     (default 1000000 packets, seed 1)
 *
 * Flows are started until PACKETS packets are written, then the open ones
 * are finished, so the file holds a few more. A flow has 4 to 36 packets
 * (20 on average, about 50,000 flows per million packets):
 *  - 55% TCP with a handshake: SYN, SYN-ACK, ACK, data and bare ACKs, FINs;
 *  - 15% TCP joined mid-stream: data and bare ACKs only;
 *  - 30% UDP datagrams;
 *  - 20% of all flows over IPv6.
 * A third of the flows go to a port of Apple's table, the rest to ports that
 * are in no row. Clients take Linux ephemeral ports (32768-60999), so many
 * fall in the table's TCP 49152-65535 row, as they do in real captures.
 * Payloads are pseudo-random bytes; checksums are correct.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen-common.h"

#define ACTIVE_FLOWS 512        /* flows open at once, interleaved */
#define MAX_FRAME    1514

typedef enum { FLOW_TCP_HANDSHAKE, FLOW_TCP_MIDSTREAM, FLOW_UDP } flow_kind_t;

typedef struct {
    bool        open;
    flow_kind_t kind;
    bool        ipv6;
    bool        apple;          /* to a port of Apple's table */
    uint8_t     client[16], server[16];
    uint16_t    client_port, server_port;
    uint32_t    client_seq, server_seq;
    unsigned    step, n_steps;      /* packets written, packets in all */
} flow_t;

typedef struct { uint16_t port; unsigned weight; } weighted_port_t;

/* Server ports of the table's rows, weighted roughly as in a home capture. */
static const weighted_port_t apple_tcp_ports[] = {
    { 443, 40 }, { 5223, 12 }, { 80, 10 }, { 993, 4 }, { 587, 2 }, { 22, 2 },
    { 445, 2 }, { 548, 1 }, { 631, 1 }, { 3689, 1 }, { 5900, 1 }, { 8080, 2 },
    { 9100, 1 }, { 2197, 1 }, { 5228, 1 }, { 42001, 1 }, { 88, 1 }, { 143, 1 },
};
static const weighted_port_t apple_udp_ports[] = {
    { 53, 30 }, { 5353, 10 }, { 123, 8 }, { 16393, 6 }, { 16384, 4 }, { 3478, 4 },
    { 4500, 3 }, { 500, 1 }, { 1900, 3 }, { 137, 1 }, { 4398, 1 }, { 5351, 1 },
};
/* Ports that are in no row of the table for that transport. */
static const weighted_port_t other_tcp_ports[] = {
    { 3306, 8 }, { 5432, 6 }, { 6379, 6 }, { 27017, 3 }, { 9200, 3 }, { 1883, 3 },
    { 3389, 4 }, { 1433, 2 }, { 11211, 2 }, { 5672, 2 }, { 6443, 4 }, { 10250, 2 },
    { 25565, 1 }, { 9092, 3 }, { 2049, 2 }, { 21, 1 }, { 23, 1 }, { 7000, 2 },
};
static const weighted_port_t other_udp_ports[] = {
    { 161, 4 }, { 514, 4 }, { 1194, 3 }, { 51820, 4 }, { 5060, 3 }, { 69, 1 },
    { 27015, 2 }, { 1812, 2 }, { 443, 6 }, { 8801, 2 }, { 19302, 3 }, { 6881, 2 },
};

static uint16_t pick_port(const weighted_port_t *ports, size_t n)
{
    unsigned total = 0, r;
    for (size_t i = 0; i < n; i++)
        total += ports[i].weight;
    r = rnd_below(total);
    for (size_t i = 0; i < n; i++) {
        if (r < ports[i].weight)
            return ports[i].port;
        r -= ports[i].weight;
    }
    return ports[0].port;
}

#define PICK(list) pick_port(list, sizeof(list) / sizeof(list[0]))

static void start_flow(flow_t *f)
{
    unsigned r = rnd_below(100);
    bool apple = rnd_below(3) == 0;

    memset(f, 0, sizeof(*f));
    f->open = true;
    f->kind = r < 55 ? FLOW_TCP_HANDSHAKE : r < 70 ? FLOW_TCP_MIDSTREAM : FLOW_UDP;
    f->ipv6 = rnd_below(5) == 0;
    f->apple = apple;
    f->n_steps = 4 + rnd_below(33);
    if (f->kind == FLOW_TCP_HANDSHAKE && f->n_steps < 7)
        f->n_steps = 7;                                 /* handshake, data, FINs */
    f->client_port = (uint16_t)(32768 + rnd_below(61000 - 32768));
    if (f->kind == FLOW_UDP)
        f->server_port = apple ? PICK(apple_udp_ports) : PICK(other_udp_ports);
    else
        f->server_port = apple ? PICK(apple_tcp_ports) : PICK(other_tcp_ports);
    f->client_seq = rnd();
    f->server_seq = rnd();
    if (f->ipv6) {
        static const uint8_t client_net[8] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0 };
        static const uint8_t apple_net[8]  = { 0x26, 0x20, 0x01, 0x49, 0, 0, 0, 0 };
        static const uint8_t other_net[8]  = { 0x20, 0x01, 0x0d, 0xb8, 0, 2, 0, 0 };
        memcpy(f->client, client_net, 8);
        memcpy(f->server, apple ? apple_net : other_net, 8);
        for (int i = 8; i < 16; i++) {
            f->client[i] = (uint8_t)rnd();
            f->server[i] = (uint8_t)rnd();
        }
    } else {
        f->client[0] = 10;
        f->server[0] = apple ? 17 : (uint8_t)(64 + rnd_below(100));
        for (int i = 1; i < 4; i++) {
            f->client[i] = (uint8_t)rnd();
            f->server[i] = (uint8_t)(1 + rnd_below(254));
        }
    }
}

static size_t payload_length(const flow_t *f)
{
    unsigned r = rnd_below(100);
    size_t max = f->ipv6 ? 1440 : 1460;

    if (f->kind != FLOW_UDP && r < 30)
        return 0;                                       /* a bare ACK */
    if (r < 70)
        return 20 + rnd_below(100);
    if (r < 92)
        return 120 + rnd_below(480);
    return max - 200 + rnd_below(200);
}

/* TCP flags of a flow's next packet, and whether it is the client's. */
enum { TCP_FIN = 0x01, TCP_SYN = 0x02, TCP_PSH = 0x08, TCP_ACK = 0x10 };

static uint8_t tcp_step(const flow_t *f, bool *from_client, size_t *len)
{
    unsigned s = f->step, n = f->n_steps;

    if (f->kind == FLOW_TCP_HANDSHAKE) {
        if (s == 0) { *from_client = true;  *len = 0; return TCP_SYN; }
        if (s == 1) { *from_client = false; *len = 0; return TCP_SYN | TCP_ACK; }
        if (s == 2) { *from_client = true;  *len = 0; return TCP_ACK; }
        if (s == n - 3) { *from_client = true;  *len = 0; return TCP_FIN | TCP_ACK; }
        if (s == n - 2) { *from_client = false; *len = 0; return TCP_FIN | TCP_ACK; }
        if (s == n - 1) { *from_client = true;  *len = 0; return TCP_ACK; }
    }
    *from_client = s == 0 || rnd_below(2) == 0;
    *len = payload_length(f);
    return *len ? TCP_PSH | TCP_ACK : TCP_ACK;
}

/* Builds the flow's next frame into frame; returns its length. */
static size_t build_frame(flow_t *f, uint8_t *frame)
{
    static uint16_t ip_id;
    bool from_client;
    size_t len, l4_len, ip_hdr = f->ipv6 ? 40 : 20;
    uint8_t flags = 0, proto = f->kind == FLOW_UDP ? 17 : 6;
    uint8_t *ip = frame + 14, *l4 = ip + ip_hdr, *payload;
    const uint8_t *src, *dst;
    uint16_t sport, dport;
    uint32_t sum;

    if (f->kind == FLOW_UDP) {
        from_client = f->step == 0 || rnd_below(2) == 0;
        len = payload_length(f);
        l4_len = 8 + len;
    } else {
        flags = tcp_step(f, &from_client, &len);
        l4_len = 20 + len;
    }
    src = from_client ? f->client : f->server;
    dst = from_client ? f->server : f->client;
    sport = from_client ? f->client_port : f->server_port;
    dport = from_client ? f->server_port : f->client_port;

    /* Ethernet */
    memcpy(frame, from_client ? "\x02\x00\x00\x00\x00\x01" : "\x02\x00\x00\x00\x00\x02", 6);
    memcpy(frame + 6, from_client ? "\x02\x00\x00\x00\x00\x02" : "\x02\x00\x00\x00\x00\x01", 6);
    put16(frame + 12, f->ipv6 ? 0x86dd : 0x0800);

    /* IP */
    if (f->ipv6) {
        put32(ip, 0x60000000);
        put16(ip + 4, (uint16_t)l4_len);
        ip[6] = proto;
        ip[7] = 64;
        memcpy(ip + 8, src, 16);
        memcpy(ip + 24, dst, 16);
    } else {
        ip[0] = 0x45;
        ip[1] = 0;
        put16(ip + 2, (uint16_t)(20 + l4_len));
        put16(ip + 4, ip_id++);
        put16(ip + 6, 0x4000);                          /* don't fragment */
        ip[8] = 64;
        ip[9] = proto;
        put16(ip + 10, 0);
        memcpy(ip + 12, src, 4);
        memcpy(ip + 16, dst, 4);
        put16(ip + 10, fold(sum16(ip, 20, 0)));
    }

    /* TCP or UDP, then the payload */
    put16(l4, sport);
    put16(l4 + 2, dport);
    if (f->kind == FLOW_UDP) {
        put16(l4 + 4, (uint16_t)l4_len);
        put16(l4 + 6, 0);
        payload = l4 + 8;
    } else {
        uint32_t *seq = from_client ? &f->client_seq : &f->server_seq;
        uint32_t ack = from_client ? f->server_seq : f->client_seq;
        put32(l4 + 4, *seq);
        put32(l4 + 8, (flags & TCP_SYN) && !(flags & TCP_ACK) ? 0 : ack);
        l4[12] = 5 << 4;
        l4[13] = flags;
        put16(l4 + 14, 65535);
        put16(l4 + 16, 0);
        put16(l4 + 18, 0);
        *seq += (uint32_t)len + ((flags & (TCP_SYN | TCP_FIN)) ? 1 : 0);
        payload = l4 + 20;
    }
    for (size_t i = 0; i < len; i += 4) {
        uint32_t r = rnd();
        memcpy(payload + i, &r, len - i < 4 ? len - i : 4);
    }

    /* The checksum over the pseudo-header and the segment */
    sum = sum16(src, f->ipv6 ? 16 : 4, 0);
    sum = sum16(dst, f->ipv6 ? 16 : 4, sum);
    sum += proto + (uint32_t)l4_len;
    sum = fold(sum16(l4, l4_len, sum));
    if (sum == 0 && f->kind == FLOW_UDP)
        sum = 0xffff;
    put16(l4 + (f->kind == FLOW_UDP ? 6 : 16), (uint16_t)sum);

    f->step++;
    if (f->step == f->n_steps)
        f->open = false;
    return 14 + ip_hdr + l4_len;
}

int main(int argc, char **argv)
{
    static flow_t flows[ACTIVE_FLOWS];
    static uint8_t frame[MAX_FRAME];
    unsigned long target = argc > 2 ? strtoul(argv[2], NULL, 10) : 1000000;
    unsigned long seed = argc > 3 ? strtoul(argv[3], NULL, 10) : 1;
    unsigned long packets = 0, n_flows = 0, open = 0, apple_flows = 0;
    unsigned long kinds[3] = { 0, 0, 0 }, ipv6_flows = 0;
    uint64_t usec = 0;
    FILE *out;

    if (argc < 2 || argc > 4 || target == 0) {
        fprintf(stderr, "usage: %s OUT.pcap [PACKETS [SEED]]\n", argv[0]);
        return 2;
    }
    out = fopen(argv[1], "wb");
    if (!out) {
        perror(argv[1]);
        return 1;
    }
    rnd_seed(seed);

    pcap_header(out);

    do {
        flow_t *f = &flows[rnd_below(ACTIVE_FLOWS)];
        size_t len;

        if (!f->open) {
            if (packets >= target)
                continue;
            start_flow(f);
            open++;
            n_flows++;
            kinds[f->kind]++;
            ipv6_flows += f->ipv6;
            apple_flows += f->apple;
        }
        len = build_frame(f, frame);
        open -= !f->open;
        usec += 1 + rnd_below(200);
        pcap_record(out, usec, frame, len);
        packets++;
    } while (open > 0 || packets < target);

    if (fclose(out) != 0) {
        perror(argv[1]);
        return 1;
    }
    printf("%lu packets, %lu flows (%lu TCP with handshake, %lu TCP mid-stream, %lu UDP; "
           "%lu IPv6; %lu to Apple table ports)\n", packets, n_flows,
           kinds[FLOW_TCP_HANDSHAKE], kinds[FLOW_TCP_MIDSTREAM], kinds[FLOW_UDP],
           ipv6_flows, apple_flows);
    return 0;
}
