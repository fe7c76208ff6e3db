/* apple-facts.c
 * The store of learned facts (see apple-facts.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "apple-facts.h"

#include <string.h>

#include <glib.h>

typedef struct {
    uint8_t bytes[17];       /* the IP version, then the address (IPv4: 4 bytes, rest zero) */
} address_key_t;

struct apple_facts {
    size_t      max_addresses;
    size_t      dropped;
    GHashTable *by_address;  /* address_key_t* -> apple_dns_fact_t* */
    GHashTable *names;       /* the Apple names, each once: char* -> itself */
};

static guint
key_hash(gconstpointer p)
{
    const address_key_t *key = (const address_key_t *)p;
    guint h = 2166136261u;

    for (size_t i = 0; i < sizeof key->bytes; i++)
        h = (h ^ key->bytes[i]) * 16777619u;
    return h;
}

static gboolean
key_equal(gconstpointer a, gconstpointer b)
{
    return memcmp(a, b, sizeof(address_key_t)) == 0;
}

static void
make_key(address_key_t *key, unsigned ip_version, const uint8_t *address)
{
    memset(key, 0, sizeof *key);
    key->bytes[0] = (uint8_t)ip_version;
    memcpy(key->bytes + 1, address, ip_version == 4 ? 4 : 16);
}

apple_facts_t *
apple_facts_new(size_t max_addresses)
{
    apple_facts_t *facts = g_new0(apple_facts_t, 1);

    facts->max_addresses = max_addresses;
    facts->by_address = g_hash_table_new_full(key_hash, key_equal, g_free, g_free);
    facts->names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    return facts;
}

void
apple_facts_free(apple_facts_t *facts)
{
    if (!facts)
        return;
    g_hash_table_destroy(facts->by_address);
    g_hash_table_destroy(facts->names);
    g_free(facts);
}

static const char *
intern(apple_facts_t *facts, const char *name)
{
    char *kept = g_hash_table_lookup(facts->names, name);

    if (!kept) {
        kept = g_strdup(name);
        g_hash_table_add(facts->names, kept);
    }
    return kept;
}

bool
apple_facts_learn_dns(apple_facts_t *facts, unsigned ip_version, const uint8_t *address,
                      const char *apple_name, uint32_t frame)
{
    address_key_t key;
    apple_dns_fact_t *fact;

    make_key(&key, ip_version, address);
    fact = g_hash_table_lookup(facts->by_address, &key);
    if (!fact) {
        if (!apple_name)
            return true;               /* nothing to cancel, nothing to keep */
        if (g_hash_table_size(facts->by_address) >= facts->max_addresses) {
            facts->dropped++;
            return false;
        }
        address_key_t *kept = g_new(address_key_t, 1);

        *kept = key;
        fact = g_new0(apple_dns_fact_t, 1);
        g_hash_table_insert(facts->by_address, kept, fact);
    }
    fact->name = apple_name ? intern(facts, apple_name) : NULL;
    fact->frame = frame;
    return true;
}

const apple_dns_fact_t *
apple_facts_dns(const apple_facts_t *facts, unsigned ip_version, const uint8_t *address)
{
    address_key_t key;
    const apple_dns_fact_t *fact;

    make_key(&key, ip_version, address);
    fact = g_hash_table_lookup(facts->by_address, &key);
    return fact && fact->name ? fact : NULL;
}

size_t
apple_facts_address_count(const apple_facts_t *facts)
{
    return g_hash_table_size(facts->by_address);
}

size_t
apple_facts_dropped(const apple_facts_t *facts)
{
    return facts->dropped;
}
