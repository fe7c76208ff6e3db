/* test-bonjour-types.c
 * The DNS-SD service types (apple-bonjour-types.h): every generated entry
 * is found by its type, in any case, with or without ".local", and only
 * from the bytes given; the kinds the data gives Apple's own types,
 * Apple's protocols and generic types; the fields derived from the data
 * (service, transport, port, dynamic, connectable); and the names the
 * mDNS packets of the shared captures carry.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "unit-support.h"

#include "apple-bonjour-types.h"

#include <stdio.h>
#include <string.h>

#include <glib.h>

/* Looks up an exact-size heap copy of the len bytes (no NUL after them),
 * so that a read past them shows under ASan or valgrind. */
static const apple_bonjour_type_t *lookup_len(const char *type, size_t len)
{
    char *copy = g_malloc(len ? len : 1);
    const apple_bonjour_type_t *found;

    memcpy(copy, type, len);
    found = apple_bonjour_type_lookup(copy, len);
    g_free(copy);
    return found;
}

static const apple_bonjour_type_t *lookup(const char *type)
{
    return lookup_len(type, strlen(type));
}

static const apple_bonjour_type_t *must_find(const char *type)
{
    const apple_bonjour_type_t *found = lookup(type);

    if (!found)
        fail_msg("%s: not found", type);
    return found;
}

/* The table is sorted and unique, so the binary search can find every
 * entry; each type is lower case "_name._tcp" or "_name._udp", and its
 * service and transport are the name and the suffix. */
static void test_table(void **state)
{
    (void)state;
    assert_true(apple_builtin_bonjour_type_count > 0);
    for (size_t i = 0; i < apple_builtin_bonjour_type_count; i++) {
        const apple_bonjour_type_t *entry = &apple_builtin_bonjour_types[i];
        size_t len = strlen(entry->type);
        char want_service[32];

        if (i > 0)
            assert_true(strcmp(apple_builtin_bonjour_types[i - 1].type, entry->type) < 0);
        assert_true(len > 6 && entry->type[0] == '_');
        for (size_t c = 0; c < len; c++)
            assert_false(g_ascii_isupper(entry->type[c]));
        if (strcmp(entry->type + len - 5, "._tcp") == 0)
            assert_int_equal(entry->transport, APPLE_TCP);
        else if (strcmp(entry->type + len - 5, "._udp") == 0)
            assert_int_equal(entry->transport, APPLE_UDP);
        else
            fail_msg("%s: neither ._tcp nor ._udp", entry->type);
        snprintf(want_service, sizeof want_service, "%.*s", (int)(len - 6), entry->type + 1);
        assert_string_equal(entry->service, want_service);
        assert_non_null(entry->product);
        assert_true(entry->product[0] != '\0');
        assert_true(entry->kind == APPLE_BONJOUR_APPLE_ONLY ||
                    entry->kind == APPLE_BONJOUR_APPLE_PROTOCOL ||
                    entry->kind == APPLE_BONJOUR_GENERIC);
        /* a dynamic port has no number; a type one cannot connect to has neither */
        if (entry->dynamic_port || !entry->connectable)
            assert_int_equal(entry->port, 0);
        else
            assert_true(entry->port > 0);
        assert_false(entry->dynamic_port && !entry->connectable);
    }
}

/* Every entry by its own type, in upper and mixed case, with ".local" in
 * any case. */
static void test_every_entry(void **state)
{
    (void)state;
    for (size_t i = 0; i < apple_builtin_bonjour_type_count; i++) {
        const apple_bonjour_type_t *entry = &apple_builtin_bonjour_types[i];
        char upper[64], mixed[64], local[80], local_upper[80];

        snprintf(upper, sizeof upper, "%s", entry->type);
        for (char *c = upper; *c; c++)
            *c = g_ascii_toupper(*c);
        snprintf(mixed, sizeof mixed, "%s", entry->type);
        for (size_t c = 0; c < strlen(mixed); c += 2)
            mixed[c] = g_ascii_toupper(mixed[c]);
        snprintf(local, sizeof local, "%s.local", entry->type);
        snprintf(local_upper, sizeof local_upper, "%s.LoCaL", upper);

        assert_ptr_equal(lookup(entry->type), entry);
        assert_ptr_equal(lookup(upper), entry);
        assert_ptr_equal(lookup(mixed), entry);
        assert_ptr_equal(lookup(local), entry);
        assert_ptr_equal(lookup(local_upper), entry);
    }
}

/* The three kinds, as data/README.md explains them. */
static void test_kinds(void **state)
{
    static const char *const apple_only[] = {
        "_companion-link._tcp", "_homekit._tcp", "_airport._tcp", "_apple-mobdev2._tcp",
        "_sleep-proxy._udp", "_mediaremotetv._tcp", "_remotepairing._tcp", "_rdlink._tcp",
        "_odisk._tcp", "_apple-pairable._tcp",
    };
    /* Apple's protocols that others announce too */
    static const char *const protocols[] = {
        "_airplay._tcp", "_raop._tcp", "_hap._tcp", "_hap._udp", "_afpovertcp._tcp",
        "_adisk._tcp", "_daap._tcp", "_dacp._tcp", "_touch-able._tcp", "_home-sharing._tcp",
        "_apple-midi._udp",
    };
    static const char *const generic[] = {
        "_ipp._tcp", "_printer._tcp", "_smb._tcp", "_ssh._tcp", "_sftp-ssh._tcp", "_nfs._tcp",
        "_rfb._tcp", "_http._tcp", "_device-info._tcp",
    };
    size_t n_protocols = 0;

    (void)state;
    for (size_t i = 0; i < G_N_ELEMENTS(apple_only); i++)
        assert_int_equal(must_find(apple_only[i])->kind, APPLE_BONJOUR_APPLE_ONLY);
    for (size_t i = 0; i < G_N_ELEMENTS(protocols); i++)
        assert_int_equal(must_find(protocols[i])->kind, APPLE_BONJOUR_APPLE_PROTOCOL);
    for (size_t i = 0; i < G_N_ELEMENTS(generic); i++)
        assert_int_equal(must_find(generic[i])->kind, APPLE_BONJOUR_GENERIC);
    /* and no other type is a protocol */
    for (size_t i = 0; i < apple_builtin_bonjour_type_count; i++)
        n_protocols += apple_builtin_bonjour_types[i].kind == APPLE_BONJOUR_APPLE_PROTOCOL;
    assert_int_equal(n_protocols, G_N_ELEMENTS(protocols));
}

static void test_fields(void **state)
{
    const apple_bonjour_type_t *t;

    (void)state;
    t = must_find("_hap._tcp");
    assert_string_equal(t->service, "hap");
    assert_int_equal(t->transport, APPLE_TCP);
    assert_string_equal(t->product, "HomeKit");
    t = must_find("_hap._udp");
    assert_string_equal(t->service, "hap");
    assert_int_equal(t->transport, APPLE_UDP);
    assert_ptr_not_equal(t, must_find("_hap._tcp"));

    t = must_find("_companion-link._tcp");
    assert_string_equal(t->service, "companion-link");
    assert_string_equal(t->product, "Continuity");
    assert_true(t->dynamic_port);
    assert_true(t->connectable);
    assert_int_equal(t->port, 0);

    t = must_find("_airplay._tcp");
    assert_string_equal(t->product, "AirPlay");
    assert_false(t->dynamic_port);
    assert_int_equal(t->port, 7000);

    t = must_find("_afpovertcp._tcp");
    assert_int_equal(t->port, 548);
    t = must_find("_ipp._tcp");
    assert_string_equal(t->service, "ipp");          /* the port table's service too */
    assert_int_equal(t->port, 631);

    t = must_find("_sleep-proxy._udp");
    assert_int_equal(t->transport, APPLE_UDP);
    assert_true(t->dynamic_port);

    /* TXT-only records: nothing to connect to */
    t = must_find("_device-info._tcp");
    assert_false(t->connectable);
    assert_false(t->dynamic_port);
    assert_int_equal(t->port, 0);
    t = must_find("_adisk._tcp");
    assert_false(t->connectable);
}

/* What the mDNS packets of the shared captures ask for and announce. */
static void test_capture_names(void **state)
{
    (void)state;
    /* nDPI__iphone.pcap: the iMac "Luca's iMac" announces these (frames
     * with SRV records for _odisk 49152 and _companion-link 49155) */
    assert_int_equal(must_find("_companion-link._tcp.local")->kind, APPLE_BONJOUR_APPLE_ONLY);
    assert_int_equal(must_find("_odisk._tcp.local")->kind, APPLE_BONJOUR_APPLE_ONLY);
    assert_int_equal(must_find("_afpovertcp._tcp.local")->kind, APPLE_BONJOUR_APPLE_PROTOCOL);
    assert_int_equal(must_find("_smb._tcp.local")->kind, APPLE_BONJOUR_GENERIC);
    assert_int_equal(must_find("_nfs._tcp.local")->kind, APPLE_BONJOUR_GENERIC);
    assert_int_equal(must_find("_ssh._tcp.local")->kind, APPLE_BONJOUR_GENERIC);
    assert_int_equal(must_find("_sftp-ssh._tcp.local")->kind, APPLE_BONJOUR_GENERIC);
    assert_int_equal(must_find("_device-info._tcp.local")->kind, APPLE_BONJOUR_GENERIC);
    /* queries in nDPI__iphone.pcap and nDPI__wa_voice.pcap */
    must_find("_homekit._tcp.local");
    must_find("_apple-mobdev._tcp.local");
    must_find("_apple-pairable._tcp.local");
    must_find("_airport._tcp.local");
    must_find("_uscans._tcp.local");
    must_find("_pdl-datastream._tcp.local");
    must_find("_raop._tcp.local");
    must_find("_airplay._tcp.local");
    must_find("_sleep-proxy._udp.local");
    /* types the data leaves out (not Apple's) */
    assert_null(lookup("_googlecast._tcp.local"));
    assert_null(lookup("_spotify-connect._tcp.local"));
    assert_null(lookup("_ippusb._tcp.local"));
    /* names that are not a bare type: the caller takes the type out */
    assert_null(lookup("_services._dns-sd._udp.local"));
    assert_null(lookup("8fb207de._sub._apple-mobdev2._tcp.local"));
    assert_null(lookup("Luca\xe2\x80\x99s iMac._companion-link._tcp.local"));
    assert_null(lookup("Lucas-iMac.local"));
}

static void test_not_types(void **state)
{
    (void)state;
    assert_null(lookup(""));
    assert_null(lookup(".local"));
    assert_null(lookup("local"));
    assert_null(lookup("_airplay"));
    assert_null(lookup("_airplay."));
    assert_null(lookup("airplay._tcp"));
    assert_null(lookup("_airplay._udp"));          /* AirPlay is TCP only */
    assert_null(lookup("_airplay._tcp."));
    assert_null(lookup("_airplay._tcp.local."));   /* no root dot */
    assert_null(lookup("_airplay._tcp.local.local"));
    assert_null(lookup("_airplay._tcp.locale"));
    assert_null(lookup("_airplay._tcp.lan"));
    assert_null(lookup("__airplay._tcp"));
    assert_null(lookup("_airplay._tcpx"));
    assert_null(lookup("x_airplay._tcp"));
    assert_null(lookup(" _airplay._tcp"));
    assert_null(lookup("_airplay._tcp "));
    assert_null(lookup("_companion-link-and-much-more._tcp.local"));
    /* a NUL inside the bytes given is not the end of the name */
    assert_null(lookup_len("_ipp._tcp\0junk", 14));
    assert_null(lookup_len("_ipp\0_tcp", 9));
    /* bytes whose lower case is not ASCII do not fold */
    assert_null(lookup("_\xc4\xb0pp._tcp"));
    assert_null(apple_bonjour_type_lookup(NULL, 0));
    assert_null(apple_bonjour_type_lookup(NULL, 9));
}

/* Only the len bytes given are read. */
static void test_length_given(void **state)
{
    (void)state;
    assert_ptr_equal(lookup_len("_ipp._tcp.local and more", 15), must_find("_ipp._tcp"));
    assert_ptr_equal(lookup_len("_ipp._tcpXYZ", 9), must_find("_ipp._tcp"));
    assert_ptr_equal(lookup_len("_ipps._tcp", 10), must_find("_ipps._tcp"));
    assert_null(lookup_len("_ipps._tcp", 9));          /* "_ipps._tc" */
    assert_null(lookup_len("_ipp._tcp", 0));
    /* every cut of a listed name short of its end finds nothing, or
     * another type it starts with */
    for (size_t i = 0; i < apple_builtin_bonjour_type_count; i++) {
        const char *type = apple_builtin_bonjour_types[i].type;

        for (size_t len = 0; len < strlen(type); len++) {
            const apple_bonjour_type_t *found = lookup_len(type, len);
            assert_true(found == NULL || (strlen(found->type) == len &&
                                          strncmp(found->type, type, len) == 0));
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_every_entry),
        cmocka_unit_test(test_kinds),
        cmocka_unit_test(test_fields),
        cmocka_unit_test(test_capture_names),
        cmocka_unit_test(test_not_types),
        cmocka_unit_test(test_length_given),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
