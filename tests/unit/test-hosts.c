/* test-hosts.c
 * Apple's host names (apple-hosts.h): every built-in row found through its
 * pattern with the services of all its rows; the Apple names seen in the
 * shared captures (data/README.md, "Checked against the captures") with
 * the services the data gives them; the three pattern forms and their
 * precedence; user rows; names only the domains cover; and names that
 * are not Apple's, however much they look like it.
 *
 * A name equal to a wildcard's base ("push.apple.com" for
 * "*.push.apple.com") is not matched by it: data/README.md defines "*.name"
 * as "any name below name, not name itself", as DNS wildcards (RFC 4592)
 * and certificate wildcards do. Such a name is still Apple's when it is
 * under one of Apple's domains (push.apple.com is, through apple.com), with
 * that domain's general service.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "unit-support.h"

#include "apple-hosts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#define MAX_USER_ROWS 16

/* A table over the built-in rows followed by n_user user rows. */
static apple_host_table_t *new_table(const apple_host_row_t *const *user_rows, size_t n_user)
{
    size_t n = apple_builtin_host_row_count + n_user;
    const apple_host_row_t **rows = g_new(const apple_host_row_t *, n);
    apple_host_table_t *table;

    for (size_t i = 0; i < apple_builtin_host_row_count; i++)
        rows[i] = &apple_builtin_host_rows[i];
    for (size_t i = 0; i < n_user; i++)
        rows[apple_builtin_host_row_count + i] = user_rows[i];
    table = apple_host_table_new(rows, n);
    g_free(rows);                       /* the table keeps the rows, not the array */
    assert_non_null(table);
    return table;
}

static int setup_builtin(void **state)
{
    *state = new_table(NULL, 0);
    return 0;
}

static int teardown_table(void **state)
{
    apple_host_table_free(*state);
    return 0;
}

/* The vocabulary entry named name. */
static const apple_host_service_t *service(const char *name)
{
    for (size_t i = 0; i < apple_builtin_host_service_count; i++)
        if (strcmp(apple_builtin_host_services[i].name[APPLE_LANG_EN], name) == 0)
            return &apple_builtin_host_services[i];
    fail_msg("no host service '%s'", name);
    return NULL;
}

/* Looks name up from an exact-size heap copy (a read past its NUL shows
 * under ASan or valgrind) into a match full of junk. */
static bool lookup(const apple_host_table_t *table, const char *name, apple_host_match_t *match)
{
    char *copy = g_strdup(name);
    bool found;

    memset(match, 0x5a, sizeof *match);
    found = apple_hosts_lookup(table, copy, match);
    g_free(copy);
    return found;
}

/* Asserts that name matches pattern (a domain if by_domain) with exactly
 * the services named, in this order, NULL-terminated. */
#define assert_host(table, name, pattern, by_domain, ...) \
    assert_host_((table), (name), (pattern), (by_domain), false, \
                 (const char *const[]){ __VA_ARGS__, NULL }, __FILE__, __LINE__)
#define assert_user_host(table, name, pattern, ...) \
    assert_host_((table), (name), (pattern), false, true, \
                 (const char *const[]){ __VA_ARGS__, NULL }, __FILE__, __LINE__)

static void assert_host_(const apple_host_table_t *table, const char *name, const char *pattern,
                         bool by_domain, bool from_user_table, const char *const *services,
                         const char *file, int line)
{
    apple_host_match_t match;
    size_t n = 0;
    bool same;

    while (services[n])
        n++;
    if (!lookup(table, name, &match)) {
        fprintf(stderr, "%s:%d: %s: not Apple's, expected '%s'\n", file, line, name, pattern);
        fail();
    }
    same = strcmp(match.pattern, pattern) == 0 && match.by_domain == by_domain &&
           match.from_user_table == from_user_table && match.n_services == n;
    for (size_t i = 0; same && i < n; i++)
        same = strcmp(match.services[i]->name[APPLE_LANG_EN], services[i]) == 0;
    if (!same) {
        /* says where and what, before CMocka's message, which names this line */
        fprintf(stderr, "%s:%d: %s: matched '%s'%s%s with", file, line, name, match.pattern,
                match.by_domain ? " (domain)" : "", match.from_user_table ? " (user)" : "");
        for (size_t i = 0; i < match.n_services && i < APPLE_HOST_SERVICES_MAX; i++)
            fprintf(stderr, " '%s'", match.services[i]->name[APPLE_LANG_EN]);
        fprintf(stderr, "; expected '%s'%s%s with", pattern, by_domain ? " (domain)" : "",
                from_user_table ? " (user)" : "");
        for (size_t i = 0; i < n; i++)
            fprintf(stderr, " '%s'", services[i]);
        fprintf(stderr, "\n");
    }
    assert_true(same);
}

static void assert_not_apple(const apple_host_table_t *table, const char *name)
{
    apple_host_match_t match;

    if (lookup(table, name, &match)) {
        fprintf(stderr, "%s: matched '%s'\n", name, match.pattern);
        fail();
    }
    assert_int_equal(match.n_services, 0);
}

/* ---- The built-in data ----------------------------------------------------- */

/* The name a pattern stands for: itself, or one just under its base. */
static void name_for(const char *pattern, char *out, size_t outlen)
{
    if (pattern[0] == '*')
        snprintf(out, outlen, "%s%s", pattern[1] == '-' ? "h7" : "h7-probe", pattern + 1);
    else
        snprintf(out, outlen, "%s", pattern);
}

/* Every row: a name of its pattern matches that pattern, with the services
 * of every row of the pattern in row order (the generator writes the rows
 * in the order of data/apple-host-services.tsv), each once. */
static void test_every_row(void **state)
{
    const apple_host_table_t *table = *state;

    for (size_t i = 0; i < apple_builtin_host_row_count; i++) {
        const char *pattern = apple_builtin_host_rows[i].pattern;
        const apple_host_service_t *want[APPLE_HOST_SERVICES_MAX];
        size_t n_want = 0;
        apple_host_match_t match;
        char name[APPLE_HOSTNAME_MAX + 16];

        for (size_t j = 0; j < apple_builtin_host_row_count; j++) {
            const apple_host_row_t *row = &apple_builtin_host_rows[j];
            bool known = false;

            if (strcmp(row->pattern, pattern) != 0)
                continue;
            for (size_t k = 0; k < n_want; k++)
                known = known || want[k] == row->service;
            assert_true(n_want < APPLE_HOST_SERVICES_MAX);
            if (!known)
                want[n_want++] = row->service;
        }
        name_for(pattern, name, sizeof name);
        if (!lookup(table, name, &match))
            fail_msg("%s (%s): not found", name, pattern);
        if (strcmp(match.pattern, pattern) != 0)
            fail_msg("%s: matched '%s', expected '%s'", name, match.pattern, pattern);
        assert_false(match.by_domain);
        assert_false(match.from_user_table);
        assert_int_equal(match.n_services, n_want);
        for (size_t k = 0; k < n_want; k++)
            assert_ptr_equal(match.services[k], want[k]);
    }
}

/* Every domain matches itself and the names below it, with its service,
 * when no row does. */
static void test_every_domain(void **state)
{
    const apple_host_table_t *table = *state;

    for (size_t i = 0; i < apple_builtin_domain_count; i++) {
        const apple_domain_t *domain = &apple_builtin_domains[i];
        apple_host_match_t match;
        char name[APPLE_HOSTNAME_MAX + 16];

        /* "apple.com" is a domain and no row */
        assert_true(lookup(table, domain->domain, &match));
        if (match.by_domain) {
            assert_string_equal(match.pattern, domain->domain);
            assert_int_equal(match.n_services, 1);
            assert_ptr_equal(match.services[0], domain->service);
        }
        /* two labels below it, where no row in the data reaches */
        snprintf(name, sizeof name, "h7-a.h7-b.%s", domain->domain);
        assert_true(lookup(table, name, &match));
        if (match.by_domain) {
            assert_string_equal(match.pattern, domain->domain);
            assert_ptr_equal(match.services[0], domain->service);
        } else {
            /* then a "*.name" row under the domain covers it */
            assert_int_equal(match.pattern[0], '*');
        }
    }
}

/* Every Apple name of the TLS SNI, HTTP Host and DNS queries of
 * nDPI__iphone.pcap (frame of its first occurrence), with what the data
 * says of it. */
static void test_capture_names(void **state)
{
    const apple_host_table_t *table = *state;

    /* exact rows */
    assert_host(table, "captive.apple.com", "captive.apple.com", false, "Device setup");  /* 53 */
    assert_host(table, "mesu.apple.com", "mesu.apple.com", false, "Software updates");    /* 60 */
    assert_host(table, "gateway.icloud.com", "gateway.icloud.com", false,
                "Apps and additional content");                                          /* 85 */
    assert_host(table, "play.itunes.apple.com", "play.itunes.apple.com", false,
                "Classroom and Schoolwork");                                             /* 140 */
    assert_host(table, "gsa.apple.com", "gsa.apple.com", false, "Apple Account");         /* 246 */
    /* "*.itunes.apple.com": rows in two sections */
    assert_host(table, "bag.itunes.apple.com", "*.itunes.apple.com", false,
                "Apps and additional content", "Apple Business Manager");                /* 139 */
    assert_host(table, "init.itunes.apple.com", "*.itunes.apple.com", false,
                "Apps and additional content", "Apple Business Manager");                /* 142 */
    assert_host(table, "sync.itunes.apple.com", "*.itunes.apple.com", false,
                "Apps and additional content", "Apple Business Manager");                /* 419 */
    /* "*.icloud.com" */
    assert_host(table, "p26-keyvalueservice.icloud.com", "*.icloud.com", false, "iCloud"); /* 49 */
    assert_host(table, "p26-fmfmobile.icloud.com", "*.icloud.com", false, "iCloud");      /* 50 */
    assert_host(table, "www.icloud.com", "*.icloud.com", false, "iCloud");                /* 135 */
    /* only the apple.com domain */
    assert_host(table, "gspe35-ssl.ls.apple.com", "apple.com", true, "Apple services");   /* 51 */
    assert_host(table, "gsp85-ssl.ls.apple.com", "apple.com", true, "Apple services");    /* 52 */
    assert_host(table, "basejumper.apple.com", "apple.com", true, "Apple services");      /* 136 */
    assert_host(table, "iphone-ld.apple.com", "apple.com", true, "Apple services");       /* 137 */
    assert_host(table, "cl4.apple.com", "apple.com", true, "Apple services");             /* 138 */
    /* frame 174, the answer for basejumper.apple.com: the SOA's apple.com */
    assert_host(table, "apple.com", "apple.com", true, "Apple services");
}

/* The names in the DNS answers of nDPI__iphone.pcap: Apple's own targets
 * are Apple's, the Akamai names of the chains are not. */
static void test_capture_answers(void **state)
{
    const apple_host_table_t *table = *state;

    /* frames 54, 55, 110: the iCloud names' CNAMEs (Apple's list has an
     * iCloud row "*.apple-dns.net") */
    assert_host(table, "fmfmobile.fe.apple-dns.net", "*.apple-dns.net", false, "iCloud");
    assert_host(table, "keyvalueservice.fe.apple-dns.net", "*.apple-dns.net", false, "iCloud");
    assert_host(table, "gateway.fe.apple-dns.net", "*.apple-dns.net", false, "iCloud");
    /* frames 59 and 70 */
    assert_host(table, "captive.g.aaplimg.com", "aaplimg.com", true, "Apple services");
    assert_host(table, "mesu.g.aaplimg.com", "aaplimg.com", true, "Apple services");
    /* Akamai's names in the chains of frames 56, 59, 70, 172, 173, 177,
     * 182, 183 and 260 */
    assert_not_apple(table, "captive-cidr.origin-apple.com.akadns.net");
    assert_not_apple(table, "mesu-cdn.apple.com.akadns.net");
    assert_not_apple(table, "gspe35-ssl.ls-apple.com.akadns.net");
    assert_not_apple(table, "gspe35-ssl.ls.apple.com.edgekey.net");
    assert_not_apple(table, "gsp85-ssl.ls2-apple.com.akadns.net");
    assert_not_apple(table, "e6987.e9.akamaiedge.net");
    assert_not_apple(table, "www-cdn.icloud.com.akadns.net");
    assert_not_apple(table, "www.icloud.com.edgekey.net");
    assert_not_apple(table, "iphone-ld-ar.apple.com.edgekey.net");
    assert_not_apple(table, "init-cdn.itunes-apple.com.akadns.net");
    assert_not_apple(table, "itunes.apple.com.edgekey.net");
    assert_not_apple(table, "play.itunes.apple.com.edgesuite.net");
    assert_not_apple(table, "a1806.dscb.akamai.net");
    assert_not_apple(table, "cl5.apple.com.edgekey.net");
    assert_not_apple(table, "gsa.apple.com.akadns.net");
    /* but Apple's list names this one Akamai name */
    assert_host(table, "appldnld.apple.com.edgesuite.net", "appldnld.apple.com.edgesuite.net",
                false, "Carrier updates");
}

/* Names of the shared captures that are not Apple's: nDPI__wa_voice.pcap
 * (SNI www.google.com, DNS pps.whatsapp.net, g.whatsapp.net,
 * media-mxp1-1.cdn.whatsapp.net), nDPI__android.pcap. */
static void test_capture_other_names(void **state)
{
    const apple_host_table_t *table = *state;

    assert_not_apple(table, "www.google.com");
    assert_not_apple(table, "pps.whatsapp.net");
    assert_not_apple(table, "g.whatsapp.net");
    assert_not_apple(table, "media-mxp1-1.cdn.whatsapp.net");
    assert_not_apple(table, "time.android.com");
    assert_not_apple(table, "connectivitycheck.gstatic.com");
    assert_not_apple(table, "app-measurement.com");
    /* an mDNS name and an SSDP Host of nDPI__iphone.pcap */
    assert_not_apple(table, "lucas-imac.local");
    assert_not_apple(table, "239.255.255.250");
}

/* ---- The pattern forms and their precedence ---------------------------------- */

static void test_pattern_forms(void **state)
{
    const apple_host_table_t *table = *state;

    /* "*-SUFFIX.NAME" wins over "*.NAME" for one label ending in -SUFFIX */
    assert_host(table, "1-courier.push.apple.com", "*-courier.push.apple.com", false,
                "Push notifications");
    assert_host(table, "50-courier.push.apple.com", "*-courier.push.apple.com", false,
                "Push notifications");
    assert_host(table, "x-y-courier.push.apple.com", "*-courier.push.apple.com", false,
                "Push notifications");
    /* not -SUFFIX with something before it, or not directly below NAME */
    assert_host(table, "courier.push.apple.com", "*.push.apple.com", false,
                "Push notifications", "Device management");
    assert_host(table, "-courier.push.apple.com", "*.push.apple.com", false,
                "Push notifications", "Device management");
    assert_host(table, "1courier.push.apple.com", "*.push.apple.com", false,
                "Push notifications", "Device management");
    assert_host(table, "1-courierx.push.apple.com", "*.push.apple.com", false,
                "Push notifications", "Device management");
    assert_host(table, "a.1-courier.push.apple.com", "*.push.apple.com", false,
                "Push notifications", "Device management");
    assert_host(table, "1-courier.x.push.apple.com", "*.push.apple.com", false,
                "Push notifications", "Device management");
    /* "*.NAME" reaches any depth below NAME */
    assert_host(table, "a.b.c.d.push.apple.com", "*.push.apple.com", false,
                "Push notifications", "Device management");
    /* an exact name wins over both */
    assert_host(table, "api.push.apple.com", "api.push.apple.com", false, "Push notifications");
    assert_host(table, "feedback.push.apple.com", "feedback.push.apple.com", false,
                "Push notifications");
    /* in the order of data/apple-host-services.tsv, the most telling first */
    assert_host(table, "mask.icloud.com", "mask.icloud.com", false, "iCloud Private Relay",
                "iCloud");
    assert_host(table, "gs.apple.com", "gs.apple.com", false, "Software updates", "Device setup");
    assert_host(table, "gdmf.apple.com", "gdmf.apple.com", false, "Software updates",
                "Device management");
    /* the exact name's own rows only: not those of "*.itunes.apple.com" */
    assert_host(table, "vpp.itunes.apple.com", "vpp.itunes.apple.com", false,
                "Device management");
    /* an exact name matches itself only */
    assert_host(table, "x.gs.apple.com", "apple.com", true, "Apple services");
}

/* A wildcard's base is not below itself (see the header comment). */
static void test_wildcard_base(void **state)
{
    const apple_host_table_t *table = *state;

    assert_host(table, "push.apple.com", "apple.com", true, "Apple services");
    assert_host(table, "smoot.apple.com", "apple.com", true, "Apple services");
    assert_host(table, "icloud.com", "icloud.com", true, "iCloud");
    assert_host(table, "mzstatic.com", "mzstatic.com", true, "Apps and additional content");
    assert_host(table, "apple-dns.net", "apple-dns.net", true, "Apple services");
    /* "itunes.apple.com" has rows of its own */
    assert_host(table, "itunes.apple.com", "itunes.apple.com", false,
                "Apps and additional content", "Carrier updates");
}

/* Names that only the domains file covers. */
static void test_domains_only(void **state)
{
    const apple_host_table_t *table = *state;

    assert_host(table, "www.me.com", "me.com", true, "iCloud");
    assert_host(table, "p01-imap.mail.me.com", "me.com", true, "iCloud");
    assert_host(table, "mac.com", "mac.com", true, "iCloud");
    assert_host(table, "support.apple.com", "apple.com", true, "Apple services");
    assert_host(table, "x.networking.apple", "networking.apple", true, "Apple services");
    assert_host(table, "applemusic.com", "applemusic.com", true, "Apple services");
    assert_host(table, "itunes.com", "itunes.com", false, "Carrier updates");   /* a row too */
    assert_host(table, "www.itunes.com", "itunes.com", true, "Apps and additional content");
    /* the longest domain: icloud.com.cn is not under icloud.com, nor is
     * it com.cn */
    assert_host(table, "icloud.com.cn", "icloud.com.cn", true, "iCloud");
    assert_host(table, "a.b.axm-usercontent-apple.com", "axm-usercontent-apple.com", true,
                "Apple Business Essentials");
}

/* Names that are not Apple's, however close. */
static void test_not_apple(void **state)
{
    const apple_host_table_t *table = *state;

    assert_not_apple(table, "apple.com.evil.example");
    assert_not_apple(table, "notapple.com");
    assert_not_apple(table, "xapple.com");
    assert_not_apple(table, "apple.co");
    assert_not_apple(table, "apple.comm");
    assert_not_apple(table, "pple.com");
    assert_not_apple(table, "apple-com.example");
    assert_not_apple(table, "apple");
    assert_not_apple(table, "com");
    assert_not_apple(table, "icloud.co");
    assert_not_apple(table, "myicloud.com");
    assert_not_apple(table, "gs.apple.com.evil.example");
    assert_not_apple(table, "push.apple.com.evil.example");
    assert_not_apple(table, "1-courier.push.apple.com.evil.example");
    assert_not_apple(table, "evilpush.apple.co");
    assert_not_apple(table, "me.co");
    assert_not_apple(table, "com.cn");
    assert_not_apple(table, "cloudflare.com");
    assert_not_apple(table, "x.apple-relay.cloudflare.com");    /* only that exact name */
    assert_not_apple(table, "fastly-edge.com");
    assert_not_apple(table, "edgesuite.net");
    assert_not_apple(table, "apple.com.edgesuite.net");
    assert_host(table, "apple-relay.cloudflare.com", "apple-relay.cloudflare.com", false,
                "Apple Intelligence and Siri");
}

static void test_not_a_name(void **state)
{
    const apple_host_table_t *table = *state;
    apple_host_match_t match;
    char *long_name = g_malloc(APPLE_HOSTNAME_MAX + 20);

    assert_not_apple(table, "");
    assert_false(apple_hosts_lookup(table, NULL, &match));
    assert_false(apple_hosts_lookup(NULL, "apple.com", &match));
    /* no match is needed for the answer alone */
    assert_true(apple_hosts_lookup(table, "gs.apple.com", NULL));
    assert_false(apple_hosts_lookup(table, "notapple.com", NULL));
    /* longer than a host name can be: never read past APPLE_HOSTNAME_MAX */
    memset(long_name, 'a', APPLE_HOSTNAME_MAX + 19);
    memcpy(long_name + APPLE_HOSTNAME_MAX + 19 - 10, ".apple.com", 10);
    long_name[APPLE_HOSTNAME_MAX + 19] = '\0';
    assert_not_apple(table, long_name);
    g_free(long_name);
}

/* ---- User rows ---------------------------------------------------------------- */

static apple_host_row_t user(const char *pattern, const char *service_name)
{
    apple_host_row_t row = { pattern, service(service_name), true };
    return row;
}

static void test_user_rows(void **state)
{
    apple_host_row_t rows[] = {
        user("mdm.example.org", "Device management"),
        user("*.caching.example.org", "Content caching"),
        user("*-xcode.example.org", "Apps and additional content"),
        /* a pattern of Apple's: its services come first */
        user("gs.apple.com", "Content caching"),
        /* a service the built-in rows of the pattern already give: once */
        user("gdmf.apple.com", "Software updates"),
        /* a shorter base than Apple's rows: loses to them, wins over the domain */
        user("*.apple.com", "Beta updates"),
        user("Mixed.Example.ORG", "iCloud"),
    };
    const apple_host_row_t *pointers[G_N_ELEMENTS(rows)];
    apple_host_table_t *table;
    apple_host_match_t match;

    (void)state;
    for (size_t i = 0; i < G_N_ELEMENTS(rows); i++)
        pointers[i] = &rows[i];
    table = new_table(pointers, G_N_ELEMENTS(rows));

    assert_user_host(table, "mdm.example.org", "mdm.example.org", "Device management");
    assert_user_host(table, "a.b.caching.example.org", "*.caching.example.org", "Content caching");
    assert_user_host(table, "ci-xcode.example.org", "*-xcode.example.org",
                     "Apps and additional content");
    assert_not_apple(table, "caching.example.org");
    assert_not_apple(table, "xcode.example.org");
    assert_not_apple(table, "example.org");

    /* user rows first, then Apple's, each service once */
    assert_user_host(table, "gs.apple.com", "gs.apple.com", "Content caching", "Software updates",
                     "Device setup");
    assert_true(lookup(table, "gs.apple.com", &match));
    assert_ptr_equal(match.pattern, rows[3].pattern);
    assert_user_host(table, "gdmf.apple.com", "gdmf.apple.com", "Software updates",
                     "Device management");

    /* the most specific pattern still wins over a user's wider one */
    assert_host(table, "mesu.apple.com", "mesu.apple.com", false, "Software updates");
    assert_host(table, "x.push.apple.com", "*.push.apple.com", false,
                "Push notifications", "Device management");
    assert_host(table, "1-courier.push.apple.com", "*-courier.push.apple.com", false,
                "Push notifications");
    /* and the user's "*.apple.com" wins over the apple.com domain */
    assert_user_host(table, "cl4.apple.com", "*.apple.com", "Beta updates");
    assert_user_host(table, "push.apple.com", "*.apple.com", "Beta updates");
    assert_host(table, "apple.com", "apple.com", true, "Apple services");
    /* a pattern written with capitals still matches the normalized name */
    assert_user_host(table, "mixed.example.org", "Mixed.Example.ORG", "iCloud");
    apple_host_table_free(table);
}

/* The same pattern in user rows with more services than a match holds:
 * the first APPLE_HOST_SERVICES_MAX, in row order. */
static void test_user_rows_beyond_max(void **state)
{
    apple_host_row_t rows[APPLE_HOST_SERVICES_MAX + 2];
    const apple_host_row_t *pointers[APPLE_HOST_SERVICES_MAX + 2];
    apple_host_table_t *table;
    apple_host_match_t match;

    (void)state;
    assert_true(apple_builtin_host_service_count >= G_N_ELEMENTS(rows));
    for (size_t i = 0; i < G_N_ELEMENTS(rows); i++) {
        rows[i].pattern = "many.example.org";
        rows[i].service = &apple_builtin_host_services[i];
        rows[i].from_user_table = true;
        pointers[i] = &rows[i];
    }
    table = new_table(pointers, G_N_ELEMENTS(rows));
    assert_true(lookup(table, "many.example.org", &match));
    assert_int_equal(match.n_services, APPLE_HOST_SERVICES_MAX);
    for (size_t i = 0; i < APPLE_HOST_SERVICES_MAX; i++)
        assert_ptr_equal(match.services[i], &apple_builtin_host_services[i]);
    apple_host_table_free(table);
}

/* Rows with nothing to index are left out; a table of no rows still
 * knows Apple's domains. */
static void test_odd_rows(void **state)
{
    apple_host_row_t no_service = { "x.example.org", NULL, true };
    apple_host_row_t no_pattern = { NULL, NULL, true };
    apple_host_row_t star = { "*", NULL, true };
    apple_host_row_t only_star_dot = { "*.", NULL, true };
    apple_host_row_t suffix_no_base = { "*-x", NULL, true };
    const apple_host_row_t *pointers[6];
    apple_host_table_t *table;

    (void)state;
    star.service = only_star_dot.service = suffix_no_base.service = service("iCloud");
    pointers[0] = &no_service;
    pointers[1] = &no_pattern;
    pointers[2] = NULL;
    pointers[3] = &star;
    pointers[4] = &only_star_dot;
    pointers[5] = &suffix_no_base;
    table = apple_host_table_new(pointers, G_N_ELEMENTS(pointers));
    assert_not_apple(table, "x.example.org");
    assert_not_apple(table, "a.example.org");
    assert_not_apple(table, "a-x");
    assert_not_apple(table, "b.a-x");
    /* no built-in rows were given: only the domains */
    assert_host(table, "gs.apple.com", "apple.com", true, "Apple services");
    apple_host_table_free(table);

    table = apple_host_table_new(NULL, 0);
    assert_host(table, "mesu.apple.com", "apple.com", true, "Apple services");
    assert_not_apple(table, "www.google.com");
    apple_host_table_free(table);
    apple_host_table_free(NULL);
}

/* The generated vocabulary: Danish falls back to English. */
static void test_vocabulary(void **state)
{
    (void)state;
    for (size_t i = 0; i < apple_builtin_host_service_count; i++) {
        const apple_host_service_t *s = &apple_builtin_host_services[i];
        assert_non_null(s->name[APPLE_LANG_EN]);
        assert_non_null(s->name[APPLE_LANG_DA]);
    }
    assert_string_equal(service("Push notifications")->name[APPLE_LANG_DA], "Push notifications");
    assert_non_null(service("Apple services"));
    assert_non_null(service("iCloud Private Relay"));
}

int main(void)
{
    const struct CMUnitTest builtin[] = {
        cmocka_unit_test(test_every_row),
        cmocka_unit_test(test_every_domain),
        cmocka_unit_test(test_capture_names),
        cmocka_unit_test(test_capture_answers),
        cmocka_unit_test(test_capture_other_names),
        cmocka_unit_test(test_pattern_forms),
        cmocka_unit_test(test_wildcard_base),
        cmocka_unit_test(test_domains_only),
        cmocka_unit_test(test_not_apple),
        cmocka_unit_test(test_not_a_name),
    };
    const struct CMUnitTest own[] = {
        cmocka_unit_test(test_user_rows),
        cmocka_unit_test(test_user_rows_beyond_max),
        cmocka_unit_test(test_odd_rows),
        cmocka_unit_test(test_vocabulary),
    };
    int failed = cmocka_run_group_tests_name("built-in rows", builtin, setup_builtin, teardown_table);

    return failed + cmocka_run_group_tests_name("own tables", own, NULL, NULL);
}
