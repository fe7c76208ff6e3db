/* test-hostname.c
 * Host name checks (apple-hostname.h): lower case, one trailing dot
 * dropped, labels of 1 to 63 characters, 253 characters in all, and only
 * letters, digits, '-', '_' and the dots between labels.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "unit-support.h"

#include "apple-hostname.h"

#include <stdio.h>
#include <string.h>

#include <glib.h>

/* Normalizes an exact-size heap copy of the len bytes (a read past len is
 * an overflow for ASan or valgrind) into a buffer full of junk. */
static bool normalize(const char *name, size_t len, char out[APPLE_HOSTNAME_MAX])
{
    char *copy = g_malloc(len ? len : 1);
    bool ok;

    if (len)
        memcpy(copy, name, len);
    memset(out, 'x', APPLE_HOSTNAME_MAX);
    ok = apple_hostname_normalize(copy, len, out);
    g_free(copy);
    return ok;
}

static void assert_normalized(const char *name, const char *expected)
{
    char out[APPLE_HOSTNAME_MAX];

    assert_true(normalize(name, strlen(name), out));
    assert_string_equal(out, expected);
}

/* Refused, with out empty. */
static void assert_refused_len(const char *name, size_t len)
{
    char out[APPLE_HOSTNAME_MAX];

    assert_false(normalize(name, len, out));
    assert_int_equal(out[0], '\0');
}

static void assert_refused(const char *name)
{
    assert_refused_len(name, strlen(name));
}

/* len characters: labels of label_len 'a's between dots. */
static void make_name(char *out, size_t len, size_t label_len)
{
    for (size_t i = 0; i < len; i++)
        out[i] = i % (label_len + 1) == label_len ? '.' : 'a';
    out[len] = '\0';
}

static void test_plain_names(void **state)
{
    (void)state;
    assert_normalized("apple.com", "apple.com");
    assert_normalized("a", "a");
    assert_normalized("p26-fmfmobile.icloud.com", "p26-fmfmobile.icloud.com");
    assert_normalized("_dns-sd._udp.local", "_dns-sd._udp.local");
    assert_normalized("17.253.105.202", "17.253.105.202");     /* by these rules, a name */
    assert_normalized("-", "-");
}

static void test_lower_case(void **state)
{
    (void)state;
    assert_normalized("WWW.Apple.COM", "www.apple.com");
    assert_normalized("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz");
    assert_normalized("Mesu.APPLE.com.", "mesu.apple.com");
}

static void test_trailing_dot(void **state)
{
    (void)state;
    assert_normalized("apple.com.", "apple.com");
    assert_normalized("a.", "a");
    assert_refused("apple.com..");
    assert_refused(".");
    assert_refused("..");
    assert_refused("");
    assert_refused(".apple.com");
    assert_refused("apple..com");
}

/* Only len bytes are read, and out ends after the name. */
static void test_length_given(void **state)
{
    char out[APPLE_HOSTNAME_MAX];

    (void)state;
    assert_true(normalize("apple.com:443", 9, out));
    assert_string_equal(out, "apple.com");
    assert_true(normalize("apple.com.X", 10, out));
    assert_string_equal(out, "apple.com");
    assert_refused_len("apple.com", 0);
    assert_refused_len("a\0b", 3);
}

static void test_label_length(void **state)
{
    char label[80], name[200], want[200];

    (void)state;
    /* 63 characters, alone, first, in the middle, last, and before the
     * trailing dot. */
    make_name(label, 63, 63);
    assert_normalized(label, label);
    snprintf(name, sizeof name, "%s.b.c", label);
    assert_normalized(name, name);
    snprintf(name, sizeof name, "b.%s.c", label);
    assert_normalized(name, name);
    snprintf(name, sizeof name, "b.c.%s", label);
    assert_normalized(name, name);
    snprintf(want, sizeof want, "b.c.%s", label);
    snprintf(name, sizeof name, "b.c.%s.", label);
    assert_normalized(name, want);

    /* 64 characters, in the same places. */
    make_name(label, 64, 64);
    assert_refused(label);
    snprintf(name, sizeof name, "%s.b.c", label);
    assert_refused(name);
    snprintf(name, sizeof name, "b.%s.c", label);
    assert_refused(name);
    snprintf(name, sizeof name, "b.c.%s", label);
    assert_refused(name);
    snprintf(name, sizeof name, "b.c.%s.", label);
    assert_refused(name);
}

static void test_name_length(void **state)
{
    char name[300], with_dot[300];

    (void)state;
    /* 253 characters: with a trailing dot (254), too. */
    make_name(name, 253, 63);
    assert_normalized(name, name);
    memcpy(with_dot, name, 253);
    memcpy(with_dot + 253, ".", 2);
    assert_normalized(with_dot, name);
    make_name(name, 253, 1);            /* a.a.a...: 127 labels */
    assert_normalized(name, name);
    /* 254 characters without a dot, or 255 with one. */
    make_name(name, 254, 63);
    assert_refused(name);
    memcpy(with_dot, name, 254);
    memcpy(with_dot + 254, ".", 2);
    assert_refused(with_dot);
    make_name(name, 299, 63);
    assert_refused(name);
}

/* Every byte value in the middle of a name and at its start. */
static void test_characters(void **state)
{
    static const char allowed[] =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";

    (void)state;
    for (unsigned c = 0; c < 256; c++) {
        char name[4] = { 'a', (char)c, 'b', '\0' };
        char start[3] = { (char)c, 'b', '\0' };
        char out[APPLE_HOSTNAME_MAX];
        bool ok = c != 0 && memchr(allowed, (int)c, sizeof allowed - 1) != NULL;

        if (c == '.') {
            assert_true(normalize(name, 3, out));
            assert_string_equal(out, "a.b");
            assert_false(normalize(start, 2, out));
            continue;
        }
        assert_int_equal(normalize(name, 3, out), ok);
        assert_int_equal(normalize(start, 2, out), ok);
        if (ok) {
            char lower = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
            assert_int_equal(out[0], lower);
            assert_int_equal(out[1], 'b');
            assert_int_equal(out[2], '\0');
        } else {
            assert_int_equal(out[0], '\0');
        }
    }
}

/* A server name (SNI, Host) that is an IPv4 literal is an address, not a
 * name; a name that only looks like one is still a name. */
static void test_server_names(void **state)
{
    char out[APPLE_HOSTNAME_MAX];

    (void)state;
    assert_false(apple_hostname_server_name("17.253.144.10", 13, out));
    assert_int_equal(out[0], '\0');
    assert_false(apple_hostname_server_name("1.2.3.4.", 8, out));
    assert_true(apple_hostname_server_name("1.2.3.4.5", 9, out));            /* five labels */
    assert_true(apple_hostname_server_name("1.2.3.1234", 10, out));          /* four digits */
    assert_true(apple_hostname_server_name("10.0.0.apple", 12, out));
    assert_true(apple_hostname_server_name("Gateway.iCloud.com", 18, out));
    assert_string_equal(out, "gateway.icloud.com");
    assert_false(apple_hostname_server_name("bad..name", 9, out));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_names),
        cmocka_unit_test(test_lower_case),
        cmocka_unit_test(test_trailing_dot),
        cmocka_unit_test(test_length_given),
        cmocka_unit_test(test_label_length),
        cmocka_unit_test(test_name_length),
        cmocka_unit_test(test_characters),
        cmocka_unit_test(test_server_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
