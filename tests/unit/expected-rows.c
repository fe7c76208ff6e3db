/* expected-rows.c
 * The seed table, row by row (see expected-rows.h). Written by hand: do
 * not generate it from data/apple-ports.tsv.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "expected-rows.h"

#include "apple-table.h"

#define TCP     APPLE_TCP_BIT
#define UDP     APPLE_UDP_BIT
#define TCP_UDP (APPLE_TCP_BIT | APPLE_UDP_BIT)

const expected_row_t expected_rows[] = {
    {  1,    22,    22, TCP,     "ssh" },
    {  2,    25,    25, TCP,     "smtp" },
    {  3,    53,    53, TCP_UDP, "domain" },
    {  4,    80,    80, TCP,     "http" },
    {  5,    88,    88, TCP,     "kerberos" },
    {  6,   110,   110, TCP,     "pop3" },
    {  7,   123,   123, UDP,     "ntp" },
    {  8,   137,   137, UDP,     "netbios-ns" },
    {  9,   138,   138, UDP,     "netbios-dgm" },
    { 10,   139,   139, TCP,     "netbios-ssn" },
    { 11,   143,   143, TCP,     "imap" },
    { 12,   192,   192, UDP,     "osu-nms" },
    { 13,   389,   389, TCP,     "ldap" },
    { 14,   443,   443, TCP,     "https" },
    { 15,   445,   445, TCP,     "microsoft-ds" },
    { 16,   465,   465, TCP,     "submissions" },
    { 17,   500,   500, UDP,     "isakmp" },
    { 18,   515,   515, TCP,     "printer" },
    { 19,   548,   548, TCP,     "afpovertcp" },
    { 20,   554,   554, TCP_UDP, "rtsp" },
    { 21,   587,   587, TCP,     "submission" },
    { 22,   631,   631, TCP,     "ipp" },
    { 23,   636,   636, TCP,     "ldaps" },
    { 24,   749,   749, TCP_UDP, "kerberos-adm" },
    { 25,   993,   993, TCP,     "imaps" },
    { 26,   995,   995, TCP_UDP, "pop3s" },
    { 27,  1900,  1900, UDP,     "ssdp" },
    { 28,  2195,  2195, TCP,     "apns" },
    { 29,  2196,  2196, TCP,     "apns-feedback" },
    { 30,  2197,  2197, TCP,     "apns" },
    { 31,  3031,  3031, TCP_UDP, "eppc" },
    { 32,  3283,  3283, TCP_UDP, "net-assistant" },
    { 33,  3284,  3284, TCP,     "classroom" },
    { 34,  3285,  3285, TCP,     "classroom" },
    { 35,  3478,  3497, UDP,     "nat-stun-port" },
    { 36,  3689,  3689, TCP,     "daap" },
    { 37,  3690,  3690, TCP_UDP, "svn" },
    { 38,  4398,  4398, UDP,     "game-center" },
    { 39,  4500,  4500, UDP,     "ipsec-nat-t" },
    { 40,  5100,  5100, TCP,     "socalia" },
    { 41,  5223,  5223, TCP,     "apns" },
    { 42,  5228,  5228, TCP,     "spotlight" },
    { 43,  5297,  5297, TCP,     "messages-local" },
    { 44,  5350,  5350, UDP,     "nat-pmp-status" },
    { 45,  5351,  5351, UDP,     "nat-pmp" },
    { 46,  5353,  5353, UDP,     "mdns" },
    { 47,  5900,  5900, TCP_UDP, "rfb" },
    { 48,  8000,  8999, TCP,     "irdmi" },
    { 49,  9100,  9100, TCP,     "pdl-datastream" },
    { 50,  9418,  9418, TCP_UDP, "git" },
    { 51, 16384, 16403, UDP,     "connected" },
    { 52, 16384, 16387, UDP,     "connected" },
    { 53, 16393, 16402, UDP,     "facetime-rtp" },
    { 54, 16403, 16472, UDP,     "game-center-rtp" },
    { 55, 42000, 42999, TCP,     "itunes-radio" },
    { 56, 49152, 65535, TCP,     "xsan" },
};

const size_t expected_row_count = sizeof expected_rows / sizeof expected_rows[0];
