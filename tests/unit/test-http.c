/* test-http.c
 * The Host of an HTTP/1.x request (apple-http.h): the captive-portal
 * requests of the shared captures, cut at every length and with bare LFs;
 * other protocols' first bytes refused early; Host values with ports,
 * spaces, IPv6 literals; malformed header lines; the
 * APPLE_HTTP_HEADERS_MAX cap. Every case also checks that no shorter
 * prefix of its bytes gives an answer other than "need more" or its own.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "unit-support.h"
#include "vectors.h"

#include "apple-http.h"

#include <stdio.h>
#include <string.h>

#include <glib.h>


/* nDPI__android.pcap frame 83 (TCP payload, 203 bytes, port 80): Host
 * after two other headers; Wireshark: http.host captive.apple.com */
static const char android_83[] =
    "GET / HTTP/1.1\r\n"
    "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/60.0.3112.32 Safari/537.36\r\n"
    "Connection: Close\r\n"
    "Host: captive.apple.com\r\n"
    "Accept-Encoding: gzip\r\n"
    "\r\n";

/* nDPI__ssh.pcap frame 6 (TCP payload, 21 bytes): the client's banner. */
static const char ssh_6[] = "SSH-2.0-OpenSSH_5.6\r\n";

/* nDPI__iphone.pcap frame 68: the first bytes of a TLS ClientHello record
 * (bytes, not a string: gcc 15 warns of a string that loses its NUL). */
static const char tls_68[] = { 0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (char)0xfc, 0x03, 0x03 };

/* --- helpers ------------------------------------------------------------ */

static const char *result_text(apple_http_result_t result)
{
    switch (result) {
    case APPLE_HTTP_NEED_MORE:   return "NEED_MORE";
    case APPLE_HTTP_NOT_REQUEST: return "NOT_REQUEST";
    case APPLE_HTTP_NO_HOST:     return "NO_HOST";
    case APPLE_HTTP_HOST:        return "HOST";
    }
    return "?";
}

/* Runs the parser on an exact-size heap copy of the len bytes, so that a
 * read past len is an overflow that ASan or valgrind report. The host
 * buffer starts full of junk: an answer other than HOST must leave it
 * empty. */
static apple_http_result_t run(const char *bytes, size_t len, char host[APPLE_HOSTNAME_MAX])
{
    uint8_t *copy = g_malloc(len ? len : 1);
    apple_http_result_t result;

    if (len)
        memcpy(copy, bytes, len);
    memset(host, 'x', APPLE_HOSTNAME_MAX - 1);
    host[APPLE_HOSTNAME_MAX - 1] = '\0';
    result = apple_http_request_host(copy, len, host);
    g_free(copy);
    if (result != APPLE_HTTP_HOST)
        assert_string_equal(host, "");
    return result;
}

static void assert_answer_(const char *bytes, size_t len, apple_http_result_t expected,
                           const char *expected_host, const char *file, int line)
{
    char host[APPLE_HOSTNAME_MAX];
    apple_http_result_t got = run(bytes, len, host);

    if (got != expected || (expected == APPLE_HTTP_HOST && strcmp(host, expected_host) != 0))
        fprintf(stderr, "%s:%d: %zu bytes: %s \"%s\", expected %s \"%s\"\n", file, line, len,
                result_text(got), got == APPLE_HTTP_HOST ? host : "", result_text(expected),
                expected_host ? expected_host : "");
    assert_int_equal(got, expected);
    if (expected == APPLE_HTTP_HOST)
        assert_string_equal(host, expected_host);
}

#define assert_answer(bytes, len, expected, host) \
    assert_answer_((bytes), (len), (expected), (host), __FILE__, __LINE__)

/* The answer for len bytes, and for each prefix NEED_MORE up to decided_at
 * bytes, the answer from there on. */
static void assert_decided_at_(const char *bytes, size_t len, size_t decided_at,
                               apple_http_result_t expected, const char *expected_host,
                               const char *file, int line)
{
    assert_true(decided_at <= len);
    for (size_t n = 0; n <= len; n++) {
        if (n < decided_at)
            assert_answer_(bytes, n, APPLE_HTTP_NEED_MORE, NULL, file, line);
        else
            assert_answer_(bytes, n, expected, expected_host, file, line);
    }
}

#define assert_decided_at(bytes, len, decided_at, expected, host) \
    assert_decided_at_((bytes), (len), (decided_at), (expected), (host), __FILE__, __LINE__)

/* A whole request (a C string): decided with its last byte, the empty line
 * that ends its headers. */
#define assert_request(text, expected, host) \
    assert_decided_at_((text), strlen(text), strlen(text), (expected), (host), __FILE__, __LINE__)

/* Bytes refused as a request as soon as their first decided_at bytes are. */
#define assert_refused_at(text, decided_at)                                       \
    assert_decided_at_((text), strlen(text), (decided_at), APPLE_HTTP_NOT_REQUEST, \
                       NULL, __FILE__, __LINE__)

/* A request whose headers are the given lines. */
static const char *with_headers(const char *headers)
{
    static char text[1024];
    int n = snprintf(text, sizeof text, "GET / HTTP/1.1\r\n%s\r\n", headers);

    assert_true(n > 0 && (size_t)n < sizeof text);
    return text;
}

/* A request with this one Host line between two others: a name is the
 * answer at the end of the headers, an unusable one at the end of its line. */
static void assert_host_value_(const char *value, apple_http_result_t expected,
                               const char *expected_host, const char *file, int line)
{
    char headers[512];
    const char *text, *after_host;

    snprintf(headers, sizeof headers, "Accept: */*\r\nHost:%s\r\nConnection: close\r\n", value);
    text = with_headers(headers);
    after_host = strstr(text, "Connection: close");
    assert_non_null(after_host);
    assert_decided_at_(text, strlen(text),
                       expected == APPLE_HTTP_HOST ? strlen(text) : (size_t)(after_host - text),
                       expected, expected_host, file, line);
}

#define assert_host_value(value, expected, host) \
    assert_host_value_((value), (expected), (host), __FILE__, __LINE__)

/* text with each CRLF made a bare LF, in out. */
static size_t bare_lf(const char *text, char *out, size_t size)
{
    size_t n = 0;

    for (const char *p = text; *p; p++) {
        if (p[0] == '\r' && p[1] == '\n')
            continue;
        assert_true(n + 1 < size);
        out[n++] = *p;
    }
    out[n] = '\0';
    return n;
}

/* --- real requests ------------------------------------------------------ */

static void test_real_requests(void **state)
{
    char lf[512];
    char with_body[512];

    (void)state;
    assert_int_equal(strlen(iphone_87), 131);
    assert_int_equal(strlen(android_83), 203);
    assert_request(iphone_87, APPLE_HTTP_HOST, "captive.apple.com");
    assert_request(android_83, APPLE_HTTP_HOST, "captive.apple.com");


    /* With bare LFs. */
    assert_request((bare_lf(iphone_87, lf, sizeof lf), lf), APPLE_HTTP_HOST, "captive.apple.com");
    assert_request((bare_lf(android_83, lf, sizeof lf), lf), APPLE_HTTP_HOST, "captive.apple.com");

    /* A body or the next request after the headers is not read. */
    snprintf(with_body, sizeof with_body, "%sGET / HTTP/1.1\r\nHost: other.example\r\n\r\n",
             android_83);
    assert_decided_at(with_body, strlen(with_body), strlen(android_83), APPLE_HTTP_HOST,
                      "captive.apple.com");
}

/* --- the request line --------------------------------------------------- */

static void test_nothing_yet(void **state)
{
    char host[APPLE_HOSTNAME_MAX];

    (void)state;
    assert_int_equal(apple_http_request_host(NULL, 0, host), APPLE_HTTP_NEED_MORE);
    assert_string_equal(host, "");
}

/* Other protocols are refused on their first bytes. */
static void test_other_protocols(void **state)
{
    (void)state;
    assert_decided_at(tls_68, sizeof tls_68, 1, APPLE_HTTP_NOT_REQUEST, NULL);
    assert_refused_at(ssh_6, 4);                                /* "SSH-" */
    assert_refused_at("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 12);  /* HTTP/2's preface */
    assert_refused_at("M-SEARCH * HTTP/1.1\r\n", 2);           /* capitals only */
    assert_decided_at("\x00\x00\x00\x2c", 4, 1, APPLE_HTTP_NOT_REQUEST, NULL);
    assert_refused_at("\r\nGET / HTTP/1.1\r\n", 1);
    assert_refused_at(" GET / HTTP/1.1\r\n", 1);
}

static void test_method(void **state)
{
    char text[128];

    (void)state;
    assert_request("POST /x HTTP/1.1\r\nHost: a.example\r\nContent-Length: 0\r\n\r\n",
                   APPLE_HTTP_HOST, "a.example");
    assert_request("OPTIONS * HTTP/1.1\r\nHost: a.example\r\n\r\n", APPLE_HTTP_HOST, "a.example");
    assert_request("CONNECT a.example:443 HTTP/1.1\r\nHost: a.example:443\r\n\r\n",
                   APPLE_HTTP_HOST, "a.example");
    assert_request("X / HTTP/1.1\r\nHost: a.example\r\n\r\n", APPLE_HTTP_HOST, "a.example");
    assert_refused_at("get / HTTP/1.1\r\n", 1);
    assert_refused_at("Get / HTTP/1.1\r\n", 2);
    assert_refused_at("GET\t/ HTTP/1.1\r\n", 4);
    assert_refused_at("GET\r\n", 4);

    /* 32 capitals, not 33. */
    snprintf(text, sizeof text, "%.32s / HTTP/1.1\r\nHost: a.example\r\n\r\n",
             "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJ");
    assert_request(text, APPLE_HTTP_HOST, "a.example");
    snprintf(text, sizeof text, "%.33s / HTTP/1.1\r\nHost: a.example\r\n\r\n",
             "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJ");
    assert_refused_at(text, 33);
}

static void test_target(void **state)
{
    (void)state;
    assert_request("GET /caf\xc3\xa9?a=b#c HTTP/1.1\r\nHost: a.example\r\n\r\n",
                   APPLE_HTTP_HOST, "a.example");
    assert_request("GET http://other.example/ HTTP/1.1\r\nHost: a.example\r\n\r\n",
                   APPLE_HTTP_HOST, "a.example");
    assert_refused_at("GET  / HTTP/1.1\r\n", 5);
    assert_refused_at("GET /a\tb HTTP/1.1\r\n", 7);
    assert_refused_at("GET /a\x7f HTTP/1.1\r\n", 7);
    assert_refused_at("GET /a\x01 HTTP/1.1\r\n", 7);
    assert_refused_at("GET /\r\n", 6);                  /* HTTP/0.9 */
    assert_refused_at("GET HTTP/1.1\r\n", 13);          /* no target */
}

static void test_version(void **state)
{
    (void)state;
    assert_request("GET / HTTP/1.0\r\n\r\n", APPLE_HTTP_NO_HOST, NULL);
    assert_request("GET / HTTP/1.1\nHost: a.example\n\n", APPLE_HTTP_HOST, "a.example");
    assert_request("GET / HTTP/1.1\r\nHost: a.example\n\r\n", APPLE_HTTP_HOST, "a.example");
    assert_refused_at("GET / HTTP/2.0\r\n", 12);
    assert_refused_at("GET / HTTP/1.2\r\n", 14);
    assert_refused_at("GET / HTTP/1.\r\n", 14);
    assert_refused_at("GET / HTTP/1.1 \r\n", 15);
    assert_refused_at("GET / HTTP/1.11\r\n", 15);
    assert_refused_at("GET / HTTP/1.1\r\r\n", 16);
    assert_refused_at("GET / http/1.1\r\n", 7);
    assert_refused_at("GET / HTTP/1,1\r\n", 13);
}

/* --- headers ------------------------------------------------------------ */

static void test_host_header_name(void **state)
{
    (void)state;
    assert_request(with_headers("host: a.example\r\n"), APPLE_HTTP_HOST, "a.example");
    assert_request(with_headers("HOST: a.example\r\n"), APPLE_HTTP_HOST, "a.example");
    assert_request(with_headers("hOsT:a.example\r\n"), APPLE_HTTP_HOST, "a.example");
    assert_request(with_headers("X-Host: a.example\r\n"), APPLE_HTTP_NO_HOST, NULL);
    assert_request(with_headers("Hostname: a.example\r\n"), APPLE_HTTP_NO_HOST, NULL);
    assert_request(with_headers("Hos: a.example\r\n"), APPLE_HTTP_NO_HOST, NULL);
    assert_request(with_headers(""), APPLE_HTTP_NO_HOST, NULL);
}

static void test_host_value(void **state)
{
    (void)state;
    assert_host_value(" captive.apple.com", APPLE_HTTP_HOST, "captive.apple.com");
    assert_host_value("captive.apple.com", APPLE_HTTP_HOST, "captive.apple.com");
    assert_host_value(" \t captive.apple.com \t ", APPLE_HTTP_HOST, "captive.apple.com");
    assert_host_value(" CAPTIVE.Apple.com.", APPLE_HTTP_HOST, "captive.apple.com");
    assert_host_value(" captive.apple.com:8080", APPLE_HTTP_HOST, "captive.apple.com");
    assert_host_value(" captive.apple.com:65535", APPLE_HTTP_HOST, "captive.apple.com");
    assert_host_value(" captive.apple.com:", APPLE_HTTP_HOST, "captive.apple.com");
    assert_host_value(" captive.apple.com:0000080", APPLE_HTTP_HOST, "captive.apple.com");
    /* an address names no server */
    assert_host_value(" 17.253.105.202:80", APPLE_HTTP_NO_HOST, NULL);
    assert_host_value(" 23.58.201.101", APPLE_HTTP_NO_HOST, NULL);
    assert_host_value(" captive.apple.com:65536", APPLE_HTTP_NO_HOST, NULL);
    assert_host_value(" captive.apple.com:123456", APPLE_HTTP_NO_HOST, NULL);
    assert_host_value(" captive.apple.com:99999999999999999999999", APPLE_HTTP_NO_HOST, NULL);
    assert_host_value(" captive.apple.com:80a", APPLE_HTTP_NO_HOST, NULL);
    assert_host_value(" captive.apple.com: 80", APPLE_HTTP_NO_HOST, NULL);
    assert_host_value(" captive.apple.com:80:80", APPLE_HTTP_NO_HOST, NULL);
    assert_host_value(" :80", APPLE_HTTP_NO_HOST, NULL);
    assert_host_value("", APPLE_HTTP_NO_HOST, NULL);
    assert_host_value(" \t ", APPLE_HTTP_NO_HOST, NULL);
    /* An IPv6 literal is an address, not a name. */
    assert_host_value(" [2001:db8::1]:80", APPLE_HTTP_NO_HOST, NULL);
    assert_host_value(" [::1]", APPLE_HTTP_NO_HOST, NULL);
    assert_host_value(" 2001:db8::1", APPLE_HTTP_NO_HOST, NULL);
    /* Not host names. */
    assert_host_value(" captive apple.com", APPLE_HTTP_NO_HOST, NULL);
    assert_host_value(" user@captive.apple.com", APPLE_HTTP_NO_HOST, NULL);
    assert_host_value(" captive.apple.com/", APPLE_HTTP_NO_HOST, NULL);
    assert_host_value(" captive\r.apple.com", APPLE_HTTP_NO_HOST, NULL);
    assert_host_value(" caf\xc3\xa9.example", APPLE_HTTP_NO_HOST, NULL);
}

/* Requests a server must refuse (RFC 9112 3.2, 5.1, 5.2) have no usable
 * Host; the answer comes with the line that shows it. */
static void test_malformed_headers(void **state)
{
    const char *text;

    (void)state;
    text = with_headers("Host: a.example\r\nAccept: */*\r\nhost: a.example\r\n");
    assert_decided_at(text, strlen(text), strlen(text) - 2, APPLE_HTTP_NO_HOST, NULL);
    text = with_headers("Host : a.example\r\n");
    assert_decided_at(text, strlen(text), strlen(text) - 2, APPLE_HTTP_NO_HOST, NULL);
    text = with_headers("Host\t: a.example\r\n");
    assert_decided_at(text, strlen(text), strlen(text) - 2, APPLE_HTTP_NO_HOST, NULL);
    text = with_headers(": a.example\r\nHost: a.example\r\n");
    assert_decided_at(text, strlen(text), 16 + 13, APPLE_HTTP_NO_HOST, NULL);
    text = with_headers("Just words\r\nHost: a.example\r\n");
    assert_decided_at(text, strlen(text), 16 + 12, APPLE_HTTP_NO_HOST, NULL);
    text = with_headers("Host: a.example\r\nJust words\r\n");
    assert_decided_at(text, strlen(text), strlen(text) - 2, APPLE_HTTP_NO_HOST, NULL);
    /* A folded Host, and a folded line right after the request line. */
    text = with_headers("Host: a\r\n .example\r\n");
    assert_decided_at(text, strlen(text), strlen(text) - 2, APPLE_HTTP_NO_HOST, NULL);
    text = with_headers(" Accept: */*\r\nHost: a.example\r\n");
    assert_decided_at(text, strlen(text), 16 + 14, APPLE_HTTP_NO_HOST, NULL);
    /* A folded other header does not matter. */
    assert_request(with_headers("Accept: text/html,\r\n\t*/*\r\nHost: a.example\r\n"),
                   APPLE_HTTP_HOST, "a.example");
    assert_request(with_headers("Host: a.example\r\nAccept: text/html,\r\n */*\r\n"),
                   APPLE_HTTP_HOST, "a.example");
    /* Any token is a header name, and other values are not looked at. */
    assert_request(with_headers("X-!#$%&'*+-.^_`|~09: \x01\x7f\xff\r\nHost: a.example\r\n"),
                   APPLE_HTTP_HOST, "a.example");
}

/* --- the cap ------------------------------------------------------------ */

/* A request: the request line, a header of filler bytes, then a Host line
 * whose line end is byte host_end (1-based), then one more header and the
 * empty line; or a Host line first, then the filler to past the cap. */
static size_t build_host_ending_at(char *out, size_t size, size_t host_end)
{
    static const char head[] = "GET / HTTP/1.1\r\nX-Filler: ";
    static const char host[] = "\r\nHost: a.example\r\n";
    static const char tail[] = "Accept: */*\r\n\r\n";
    size_t filler = host_end - (sizeof head - 1) - (sizeof host - 1);
    size_t n = 0;

    assert_true(host_end + sizeof tail <= size);
    memcpy(out, head, sizeof head - 1);
    n += sizeof head - 1;
    memset(out + n, 'f', filler);
    n += filler;
    memcpy(out + n, host, sizeof host - 1);
    n += sizeof host - 1;
    assert_int_equal(n, host_end);
    memcpy(out + n, tail, sizeof tail - 1);
    return n + sizeof tail - 1;
}

static void test_cap(void **state)
{
    static char text[3 * APPLE_HTTP_HEADERS_MAX];
    const size_t max = APPLE_HTTP_HEADERS_MAX;
    size_t len;

    (void)state;
    /* The Host line ends with the cap's last byte: read. */
    len = build_host_ending_at(text, sizeof text, max);
    assert_answer(text, max - 1, APPLE_HTTP_NEED_MORE, NULL);
    assert_answer(text, max, APPLE_HTTP_HOST, "a.example");
    assert_answer(text, len, APPLE_HTTP_HOST, "a.example");
    /* One byte further: given up. */
    len = build_host_ending_at(text, sizeof text, max + 1);
    assert_answer(text, max - 1, APPLE_HTTP_NEED_MORE, NULL);
    assert_answer(text, max, APPLE_HTTP_NO_HOST, NULL);
    assert_answer(text, len, APPLE_HTTP_NO_HOST, NULL);

    /* Headers that end within the cap are answered as usual. */
    len = build_host_ending_at(text, sizeof text, max - 100);
    assert_true(len < max);
    assert_answer(text, len, APPLE_HTTP_HOST, "a.example");

    /* The Host first, then headers past the cap. */
    len = (size_t)snprintf(text, sizeof text, "GET / HTTP/1.1\r\nHost: a.example\r\nX-Filler: ");
    memset(text + len, 'f', 2 * max);
    memcpy(text + len + 2 * max, "\r\n\r\n", 4);
    len += 2 * max + 4;
    assert_answer(text, max - 1, APPLE_HTTP_NEED_MORE, NULL);
    assert_answer(text, max, APPLE_HTTP_HOST, "a.example");
    assert_answer(text, len, APPLE_HTTP_HOST, "a.example");

    /* A request line longer than the cap. */
    len = (size_t)snprintf(text, sizeof text, "GET /");
    memset(text + len, 'p', 2 * max);
    len += 2 * max;
    len += (size_t)snprintf(text + len, sizeof text - len, " HTTP/1.1\r\nHost: a.example\r\n\r\n");
    assert_answer(text, max - 1, APPLE_HTTP_NEED_MORE, NULL);
    assert_answer(text, max, APPLE_HTTP_NO_HOST, NULL);
    assert_answer(text, len, APPLE_HTTP_NO_HOST, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_real_requests),
        cmocka_unit_test(test_nothing_yet),
        cmocka_unit_test(test_other_protocols),
        cmocka_unit_test(test_method),
        cmocka_unit_test(test_target),
        cmocka_unit_test(test_version),
        cmocka_unit_test(test_host_header_name),
        cmocka_unit_test(test_host_value),
        cmocka_unit_test(test_malformed_headers),
        cmocka_unit_test(test_cap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
