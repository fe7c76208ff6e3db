/* gen-common.h
 * What the benchmark's capture generators (gen-capture.c, gen-chatter.c)
 * share: the random numbers, big-endian bytes, the Internet checksum and
 * the pcap file. Each generator is one C file that includes this one, so
 * that it builds with a plain "cc NAME.c".
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef GEN_COMMON_H
#define GEN_COMMON_H

#include <stdint.h>
#include <stdio.h>

/* xorshift64*: small, fast and the same everywhere, so that the same seed
 * gives the same capture on every machine. */
static uint64_t rng_state;

static void rnd_seed(unsigned long seed) { rng_state = 0x9E3779B97F4A7C15ULL * (seed + 1); }

static uint32_t rnd(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (uint32_t)((rng_state * 0x2545F4914F6CDD1DULL) >> 32);
}

static unsigned rnd_below(unsigned n) { return rnd() % n; }

static void put16(uint8_t *p, unsigned v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
static void put32(uint8_t *p, uint32_t v) { put16(p, v >> 16); put16(p + 2, v & 0xffff); }

/* The one's-complement sum of len bytes, added to sum. */
static uint32_t sum16(const uint8_t *p, size_t len, uint32_t sum)
{
    for (size_t i = 0; i + 1 < len; i += 2)
        sum += (uint32_t)(p[i] << 8 | p[i + 1]);
    if (len & 1)
        sum += (uint32_t)p[len - 1] << 8;
    return sum;
}

/* The checksum of a sum: folded to 16 bits and complemented. */
static uint16_t fold(uint32_t sum)
{
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

/* pcap in the host's byte order, as its magic number says */
static void pcap_u16(FILE *out, uint16_t v) { fwrite(&v, 2, 1, out); }
static void pcap_u32(FILE *out, uint32_t v) { fwrite(&v, 4, 1, out); }

/* The file header: microseconds, version 2.4, snap length 65535, Ethernet. */
static void pcap_header(FILE *out)
{
    pcap_u32(out, 0xa1b2c3d4);
    pcap_u16(out, 2);
    pcap_u16(out, 4);
    pcap_u32(out, 0);
    pcap_u32(out, 0);
    pcap_u32(out, 65535);
    pcap_u32(out, 1);
}

/* One frame, usec microseconds after the capture's start. */
static void pcap_record(FILE *out, uint64_t usec, const uint8_t *frame, size_t len)
{
    pcap_u32(out, (uint32_t)(1700000000 + usec / 1000000));
    pcap_u32(out, (uint32_t)(usec % 1000000));
    pcap_u32(out, (uint32_t)len);
    pcap_u32(out, (uint32_t)len);
    fwrite(frame, len, 1, out);
}

#endif
