/* test-table.c
 * The built-in table generated from data/apple-ports.tsv: its rows in seed
 * order, their texts, and the products in both languages.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "unit-support.h"

#include "expected-rows.h"

#include <string.h>

static const apple_product_t *find_product(const apple_row_t *row, apple_lang_t lang,
                                           const char *name)
{
    for (size_t p = 0; p < row->n_products; p++)
        if (strcmp(row->products[lang][p].name, name) == 0)
            return &row->products[lang][p];
    return NULL;
}

static void test_row_count(void **state)
{
    (void)state;
    assert_int_equal(apple_builtin_row_count, 56);
    assert_int_equal(expected_row_count, 56);
}

static void test_first_and_last_rows(void **state)
{
    const apple_row_t *first = &apple_builtin_rows[0];
    const apple_row_t *last = &apple_builtin_rows[55];

    (void)state;
    assert_int_equal(first->number, 1);
    assert_int_equal(first->port_first, 22);
    assert_int_equal(first->port_last, 22);
    assert_int_equal(first->transports, APPLE_TCP_BIT);
    assert_string_equal(first->service, "ssh");

    assert_int_equal(last->number, 56);
    assert_int_equal(last->port_first, 49152);
    assert_int_equal(last->port_last, 65535);
    assert_int_equal(last->transports, APPLE_TCP_BIT);
    assert_string_equal(last->service, "xsan");
}

static void test_rows_in_seed_order(void **state)
{
    (void)state;
    assert_int_equal(apple_builtin_row_count, expected_row_count);
    for (size_t i = 0; i < expected_row_count; i++) {
        const expected_row_t *want = &expected_rows[i];
        const apple_row_t *row = &apple_builtin_rows[i];

        assert_int_equal(want->number, i + 1);
        assert_int_equal(row->number, want->number);
        assert_int_equal(row->port_first, want->port_first);
        assert_int_equal(row->port_last, want->port_last);
        assert_int_equal(row->transports, want->transports);
        assert_string_equal(row->service, want->service);
        assert_true(!row->from_user_table);
    }
}

static void test_row_texts(void **state)
{
    const apple_row_t *ssh = builtin_row(1);
    const apple_row_t *domain = builtin_row(3);
    const apple_row_t *stun = builtin_row(35);

    (void)state;
    assert_string_equal(ssh->iana_printed, "ssh");
    assert_int_equal(ssh->rfc, 4253);
    assert_string_equal(ssh->protocol[APPLE_LANG_EN],
                        "Secure Shell (SSH), SSH File Transfer Protocol (SFTP), and Secure copy (scp)");
    assert_string_equal(ssh->protocol[APPLE_LANG_DA],
                        "Secure Shell (SSH), SSH File Transfer Protocol (SFTP) og Sikker kopi (scp)");
    assert_string_equal(ssh->used_by_printed,
                        "Xcode Server (hostet og ekstern Git+SSH, ekstern SVN+SSH)");

    assert_string_equal(domain->iana_printed, "dom\xc3\xa6ne");
    assert_int_equal(domain->rfc, 1034);
    assert_null(domain->used_by_printed);
    assert_int_equal(domain->n_products, 0);

    assert_int_equal(builtin_row(14)->rfc, 2818);
    assert_int_equal(builtin_row(8)->rfc, 0);
    assert_string_equal(builtin_row(28)->iana_printed, "\xe2\x80\x94");   /* an em dash */
    assert_null(builtin_row(30)->iana_printed);                           /* '-' */

    assert_null(stun->protocol[APPLE_LANG_EN]);
    assert_null(stun->protocol[APPLE_LANG_DA]);
    assert_string_equal(stun->iana_printed, "nat-stun-port - ipether232port");
}

/* "Xcode Server" is one product, with qualifiers, on the rows for 22, 80,
 * 443, 3690 and 9418, and on no other row. */
static void test_xcode_server_rows(void **state)
{
    static const unsigned xcode_rows[] = { 1, 4, 14, 37, 50 };
    size_t found = 0;

    (void)state;
    for (size_t i = 0; i < apple_builtin_row_count; i++) {
        const apple_row_t *row = &apple_builtin_rows[i];
        const apple_product_t *en = find_product(row, APPLE_LANG_EN, "Xcode Server");
        const apple_product_t *da = find_product(row, APPLE_LANG_DA, "Xcode Server");

        assert_true((en == NULL) == (da == NULL));
        if (!en)
            continue;
        assert_true(found < 5);
        assert_int_equal(row->number, xcode_rows[found]);
        assert_true(en->n_qualifiers >= 1);
        assert_int_equal(da->n_qualifiers, en->n_qualifiers);
        found++;
    }
    assert_int_equal(found, 5);
    assert_int_equal(builtin_row(1)->port_first, 22);
    assert_int_equal(builtin_row(4)->port_first, 80);
    assert_int_equal(builtin_row(14)->port_first, 443);
    assert_int_equal(builtin_row(37)->port_first, 3690);
    assert_int_equal(builtin_row(50)->port_first, 9418);
}

/* apple.product is one field per product: no name twice in a row. */
static void test_products_unique_within_row(void **state)
{
    (void)state;
    for (size_t i = 0; i < apple_builtin_row_count; i++) {
        const apple_row_t *row = &apple_builtin_rows[i];
        for (int lang = 0; lang < APPLE_N_LANGS; lang++)
            for (size_t p = 0; p < row->n_products; p++)
                for (size_t q = 0; q < p; q++)
                    assert_true(strcmp(row->products[lang][p].name,
                                       row->products[lang][q].name) != 0);
    }
}

/* Product p is the same product in both languages, with as many
 * qualifiers; the lists end with a NULL name and the qualifiers with NULL. */
static void test_products_aligned(void **state)
{
    (void)state;
    for (size_t i = 0; i < apple_builtin_row_count; i++) {
        const apple_row_t *row = &apple_builtin_rows[i];
        for (int lang = 0; lang < APPLE_N_LANGS; lang++) {
            const apple_product_t *products = row->products[lang];
            assert_non_null(products);
            assert_null(products[row->n_products].name);
            for (size_t p = 0; p < row->n_products; p++) {
                assert_non_null(products[p].name);
                assert_int_equal(products[p].n_qualifiers,
                                 row->products[APPLE_LANG_EN][p].n_qualifiers);
                for (size_t q = 0; q < products[p].n_qualifiers; q++)
                    assert_non_null(products[p].qualifiers[q]);
                assert_null(products[p].qualifiers[products[p].n_qualifiers]);
            }
        }
    }
}

static void test_icloud_on_443_has_three_qualifiers(void **state)
{
    const apple_row_t *https = builtin_row(14);
    const apple_product_t *en = find_product(https, APPLE_LANG_EN, "iCloud");
    const apple_product_t *da = find_product(https, APPLE_LANG_DA, "iCloud");

    (void)state;
    assert_int_equal(https->n_products, 15);
    assert_non_null(en);
    assert_non_null(da);
    assert_int_equal(en->n_qualifiers, 3);
    assert_string_equal(en->qualifiers[0],
                        "authentication and DAV services (Contacts, Calendars, Bookmarks)");
    assert_string_equal(en->qualifiers[2], "Key Value Store (KVS)");
    assert_int_equal(da->n_qualifiers, 3);
    assert_string_equal(da->qualifiers[0],
                        "godkendelse og DAV-tjenester (Kontakter, Kalendere og Bogm\xc3\xa6rker)");
    assert_string_equal(da->qualifiers[2], "Key Value Store (KVS)");
}

static void test_product_names_by_language(void **state)
{
    const apple_row_t *http = builtin_row(4);
    const apple_row_t *connected = builtin_row(51);
    const apple_row_t *smtp = builtin_row(2);

    (void)state;
    assert_int_equal(http->n_products, 15);
    assert_string_equal(http->products[APPLE_LANG_EN][4].name, "Maps");
    assert_string_equal(http->products[APPLE_LANG_DA][4].name, "Kort");
    assert_string_equal(http->products[APPLE_LANG_EN][9].name, "Backup");
    assert_string_equal(http->products[APPLE_LANG_DA][9].name, "Sikkerhedskopi");

    assert_int_equal(connected->n_products, 1);
    assert_string_equal(connected->products[APPLE_LANG_EN][0].name, "Messages");
    assert_string_equal(connected->products[APPLE_LANG_DA][0].name, "Beskeder");
    assert_string_equal(connected->products[APPLE_LANG_EN][0].qualifiers[0],
                        "audio RTP, RTCP; video RTP, RTCP");

    assert_int_equal(smtp->n_products, 2);
    assert_string_equal(smtp->products[APPLE_LANG_EN][1].name, "iCloud Mail");
    assert_string_equal(smtp->products[APPLE_LANG_EN][1].qualifiers[0], "sending email");
    assert_string_equal(smtp->products[APPLE_LANG_DA][1].qualifiers[0], "afsendelse af e-mail");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_row_count),
        cmocka_unit_test(test_first_and_last_rows),
        cmocka_unit_test(test_rows_in_seed_order),
        cmocka_unit_test(test_row_texts),
        cmocka_unit_test(test_xcode_server_rows),
        cmocka_unit_test(test_products_unique_within_row),
        cmocka_unit_test(test_products_aligned),
        cmocka_unit_test(test_icloud_on_443_has_three_qualifiers),
        cmocka_unit_test(test_product_names_by_language),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
