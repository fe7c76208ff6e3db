/* apple-bonjour.c
 * The store of what Bonjour announcements teach (see apple-bonjour.h).
 *
 * Three things are kept:
 * - hosts, by host name (case folded): their addresses (from A and AAAA
 *   records of any message) and the services whose SRV records target them.
 *   An address learned after an SRV record, in a later message, gives the
 *   SRV's endpoint on that address too; a host that changes its address
 *   keeps its old endpoints and gains new ones. A record with TTL 0 for an
 *   address is that address's goodbye: nothing is learned from it.
 * - endpoints, by (transport, IP version, address, port): up to
 *   APPLE_BONJOUR_PERIODS_MAX announce/goodbye periods, oldest first. A
 *   period begins with the frame that first made the endpoint known (the
 *   SRV record, or the address that completed it) and ends with a goodbye
 *   (an SRV record with TTL 0, or a PTR record with TTL 0 for the
 *   instance). While a period is open, another type or instance announcing
 *   the same endpoint (AirPlay's _airplay._tcp and _raop._tcp on one port)
 *   does not take it over: the first keeps it, the device lists both.
 * - devices: one per host that an announcement names, or per sender
 *   address when a device-info record names a model and no host. Their
 *   lists (addresses, instance names, offers) hold each item once. An
 *   index by address gives the first device in the list with an address,
 *   so that finding an mDNS message's sender does not walk the list.
 *
 * Bounded: the header's bounds, and internally at most HOSTS_MAX hosts,
 * HOST_SERVICES_MAX services a host and STRINGS_BYTES_MAX bytes of kept
 * strings (instance names, types, host names, models). Past a bound, what
 * does not fit is refused and counted in apple_bonjour_dropped() (every
 * refusal counts: a device that keeps re-announcing a 17th service counts
 * each time). At the bounds the store holds some 15 MB at the most (7 MB
 * measured in the unit test with 1024 devices, 2048 hosts of one address
 * each and 8192 endpoints).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "apple-bonjour.h"

#include <string.h>

#include <glib.h>

#define HOSTS_MAX          (2 * APPLE_BONJOUR_DEVICES_MAX)
#define HOST_SERVICES_MAX  (2 * APPLE_BONJOUR_DEVICE_LIST_MAX)
#define STRINGS_BYTES_MAX  (2u << 20)

/* An address (transport and port zero) or an endpoint, as bytes only, so
 * that it hashes and compares without padding. */
typedef struct {
    uint8_t ip_version;
    uint8_t transport;
    uint8_t port[2];          /* big-endian */
    uint8_t address[16];      /* IPv4: the first 4, the rest zero */
} bonjour_key_t;

/* A service announced for a host: its SRV record. */
typedef struct {
    const char                 *instance;
    const char                 *type;
    const char                 *service;     /* the flows' apple.service */
    const apple_bonjour_type_t *known;
    apple_transport_t           transport;
    uint16_t                    port;
    bool                        active;      /* announced, and no goodbye since */
} host_service_t;

typedef struct {
    const char              *name;
    size_t                   n_addresses;
    apple_bonjour_address_t  addresses[APPLE_BONJOUR_DEVICE_LIST_MAX];
    /* addresses a cache-flush record took away: their periods still end at a goodbye */
    size_t                   n_former;
    apple_bonjour_address_t  former[APPLE_BONJOUR_DEVICE_LIST_MAX];
    size_t                   n_services;
    host_service_t           services[HOST_SERVICES_MAX];
    apple_bonjour_device_t  *device;         /* NULL until an announcement names it */
} host_t;

typedef struct {
    uint32_t                    announced;
    bool                        ended;
    uint32_t                    goodbye;
    const char                 *type;
    const char                 *service;
    const char                 *instance;
    const apple_bonjour_type_t *known;
    const apple_bonjour_device_t *device;
} period_t;

typedef struct {
    bonjour_key_t key;
    size_t        n_periods;
    period_t      periods[APPLE_BONJOUR_PERIODS_MAX];   /* oldest first */
} endpoint_t;

struct apple_bonjour {
    GHashTable *hosts;          /* folded host name -> host_t* (owned) */
    GHashTable *endpoints;      /* bonjour_key_t* (in the endpoint) -> endpoint_t* (owned) */
    GPtrArray  *devices;        /* apple_bonjour_device_t* (owned), in the order first seen */
    GHashTable *by_address;     /* address key (owned) -> the first host_t* with it */
    GHashTable *by_sender;      /* address key (owned) -> a device known by address only */
    GHashTable *device_by_address; /* address key (owned) -> the first device in the list that has it */
    GHashTable *by_name;        /* folded instance name (owned) -> the first device with it */
    GHashTable *by_instance;    /* folded "type\x1finstance" (owned) -> the first host_t* */
    GHashTable *strings;        /* kept strings, each once: char* (owned) -> itself */
    size_t      string_bytes;
    size_t      dropped;
};

/* ---- Keys and strings ---- */

static guint key_hash(gconstpointer p)
{
    const uint8_t *bytes = (const uint8_t *)p;
    guint h = 2166136261u;

    for (size_t i = 0; i < sizeof(bonjour_key_t); i++)
        h = (h ^ bytes[i]) * 16777619u;
    return h;
}

static gboolean key_equal(gconstpointer a, gconstpointer b)
{
    return memcmp(a, b, sizeof(bonjour_key_t)) == 0;
}

static bonjour_key_t make_key(unsigned ip_version, const uint8_t *address,
                              apple_transport_t transport, uint16_t port)
{
    bonjour_key_t key;

    memset(&key, 0, sizeof key);
    key.ip_version = (uint8_t)ip_version;
    key.transport = (uint8_t)transport;
    key.port[0] = (uint8_t)(port >> 8);
    key.port[1] = (uint8_t)port;
    memcpy(key.address, address, ip_version == 4 ? 4 : 16);
    return key;
}

static bonjour_key_t address_key(const apple_bonjour_address_t *address)
{
    return make_key(address->ip_version, address->address, APPLE_TCP, 0);
}

static bool same_address(const apple_bonjour_address_t *a, unsigned ip_version,
                         const uint8_t *address)
{
    return a->ip_version == ip_version
           && memcmp(a->address, address, ip_version == 4 ? 4 : 16) == 0;
}

/* The store's copy of s, or NULL (counted) when the strings' bound is reached. */
static const char *keep_string(apple_bonjour_t *store, const char *s)
{
    char *kept = g_hash_table_lookup(store->strings, s);
    size_t len;

    if (kept)
        return kept;
    len = strlen(s) + 1;
    if (len > STRINGS_BYTES_MAX - store->string_bytes) {
        store->dropped++;
        return NULL;
    }
    kept = g_strdup(s);
    g_hash_table_add(store->strings, kept);
    store->string_bytes += len;
    return kept;
}

static bonjour_key_t *key_copy(const bonjour_key_t *key)
{
    bonjour_key_t *copy = g_new(bonjour_key_t, 1);

    *copy = *key;
    return copy;
}

/* A folded (ASCII lower case) copy for an index key: the caller frees it. */
static char *folded(const char *s)
{
    return g_ascii_strdown(s, -1);
}

static char *instance_key(const char *type, const char *instance)
{
    char *joined = g_strconcat(type, "\x1f", instance, NULL);
    char *key = folded(joined);

    g_free(joined);
    return key;
}

/* ---- Life ---- */

apple_bonjour_t *apple_bonjour_new(void)
{
    apple_bonjour_t *store = g_new0(apple_bonjour_t, 1);

    store->hosts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    store->endpoints = g_hash_table_new_full(key_hash, key_equal, NULL, g_free);
    store->devices = g_ptr_array_new_with_free_func(g_free);
    store->by_address = g_hash_table_new_full(key_hash, key_equal, g_free, NULL);
    store->by_sender = g_hash_table_new_full(key_hash, key_equal, g_free, NULL);
    store->device_by_address = g_hash_table_new_full(key_hash, key_equal, g_free, NULL);
    store->by_name = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    store->by_instance = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    store->strings = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    return store;
}

void apple_bonjour_free(apple_bonjour_t *store)
{
    if (!store)
        return;
    g_hash_table_destroy(store->hosts);
    g_hash_table_destroy(store->endpoints);
    g_ptr_array_free(store->devices, TRUE);
    g_hash_table_destroy(store->by_address);
    g_hash_table_destroy(store->by_sender);
    g_hash_table_destroy(store->device_by_address);
    g_hash_table_destroy(store->by_name);
    g_hash_table_destroy(store->by_instance);
    g_hash_table_destroy(store->strings);
    g_free(store);
}

/* ---- Devices ---- */

/* A device and its place in the list (the list holds &entry->device). */
typedef struct {
    apple_bonjour_device_t device;
    size_t                 position;
} device_entry_t;

static size_t device_position(const apple_bonjour_device_t *device)
{
    return ((const device_entry_t *)device)->position;
}

static apple_bonjour_device_t *device_new(apple_bonjour_t *store, const char *host, uint32_t frame)
{
    device_entry_t *entry;
    apple_bonjour_device_t *device;

    if (store->devices->len >= APPLE_BONJOUR_DEVICES_MAX) {
        store->dropped++;
        return NULL;
    }
    entry = g_new0(device_entry_t, 1);
    entry->position = store->devices->len;
    device = &entry->device;
    device->host = host;
    device->first_frame = frame;
    g_ptr_array_add(store->devices, device);
    return device;
}

static void device_add_address(apple_bonjour_t *store, apple_bonjour_device_t *device,
                               const apple_bonjour_address_t *address)
{
    bonjour_key_t key;
    const apple_bonjour_device_t *first;

    for (size_t i = 0; i < device->n_addresses; i++)
        if (same_address(&device->addresses[i], address->ip_version, address->address))
            return;
    if (device->n_addresses == APPLE_BONJOUR_DEVICE_LIST_MAX) {
        store->dropped++;
        return;
    }
    device->addresses[device->n_addresses++] = *address;
    key = address_key(address);
    first = g_hash_table_lookup(store->device_by_address, &key);
    if (!first || device_position(device) < device_position(first))
        g_hash_table_insert(store->device_by_address, key_copy(&key), device);
}

static bool device_has_name(const apple_bonjour_device_t *device, const char *instance)
{
    for (size_t i = 0; i < device->n_names; i++)
        if (g_ascii_strcasecmp(device->names[i], instance) == 0)
            return true;
    return false;
}

static void device_add_name(apple_bonjour_t *store, apple_bonjour_device_t *device,
                            const char *instance)
{
    char *key;

    if (device_has_name(device, instance))
        return;
    if (device->n_names == APPLE_BONJOUR_DEVICE_LIST_MAX) {
        store->dropped++;
        return;
    }
    device->names[device->n_names++] = instance;
    key = folded(instance);
    if (g_hash_table_contains(store->by_name, key))
        g_free(key);
    else
        g_hash_table_insert(store->by_name, key, device);
}

static void device_add_offer(apple_bonjour_t *store, apple_bonjour_device_t *device,
                             const char *type, apple_transport_t transport, uint16_t port)
{
    for (size_t i = 0; i < device->n_offers; i++)
        if (device->offers[i].transport == transport && device->offers[i].port == port
            && g_ascii_strcasecmp(device->offers[i].type, type) == 0)
            return;
    if (device->n_offers == APPLE_BONJOUR_DEVICE_LIST_MAX) {
        store->dropped++;
        return;
    }
    device->offers[device->n_offers].type = type;
    device->offers[device->n_offers].transport = transport;
    device->offers[device->n_offers].port = port;
    device->n_offers++;
}

/* An Apple model names the device (and replaces a model that is not
 * Apple's); another model is kept only while there is none. */
static void device_set_model(apple_bonjour_t *store, apple_bonjour_device_t *device,
                             const char *model)
{
    bool apple = apple_mdns_model_is_apple(model);
    const char *kept;

    if (device->model && (!apple || (device->apple_by & APPLE_DEVICE_BY_MODEL)))
        return;
    kept = keep_string(store, model);
    if (!kept)
        return;
    device->model = kept;
    if (apple)
        device->apple_by |= APPLE_DEVICE_BY_MODEL;
}

/* ---- Hosts ---- */

static host_t *host_find(const apple_bonjour_t *store, const char *name)
{
    char *key = folded(name);
    host_t *host = g_hash_table_lookup(store->hosts, key);

    g_free(key);
    return host;
}

static host_t *host_get(apple_bonjour_t *store, const char *name)
{
    host_t *host = host_find(store, name);
    const char *kept;

    if (host)
        return host;
    if (g_hash_table_size(store->hosts) >= HOSTS_MAX) {
        store->dropped++;
        return NULL;
    }
    kept = keep_string(store, name);
    if (!kept)
        return NULL;
    host = g_new0(host_t, 1);
    host->name = kept;
    g_hash_table_insert(store->hosts, folded(name), host);
    return host;
}

static bool host_has_address(const host_t *host, unsigned ip_version, const uint8_t *address)
{
    for (size_t i = 0; i < host->n_addresses; i++)
        if (same_address(&host->addresses[i], ip_version, address))
            return true;
    return false;
}

/* ---- Endpoints ---- */

static endpoint_t *endpoint_find(const apple_bonjour_t *store, const bonjour_key_t *key)
{
    return g_hash_table_lookup(store->endpoints, key);
}

static bool service_is_connectable(const host_service_t *service)
{
    return service->port != 0 && (!service->known || service->known->connectable);
}

/* The service of host is announced on address from frame on. */
static void endpoint_announce(apple_bonjour_t *store, const host_t *host,
                              const host_service_t *service,
                              const apple_bonjour_address_t *address, uint32_t frame)
{
    bonjour_key_t key = make_key(address->ip_version, address->address, service->transport,
                                 service->port);
    endpoint_t *endpoint = endpoint_find(store, &key);
    period_t *period;

    if (!endpoint) {
        if (g_hash_table_size(store->endpoints) >= APPLE_BONJOUR_ENDPOINTS_MAX) {
            store->dropped++;
            return;
        }
        endpoint = g_new0(endpoint_t, 1);
        endpoint->key = key;
        g_hash_table_insert(store->endpoints, &endpoint->key, endpoint);
    }
    /* an open period keeps the endpoint: a re-announcement, or a second
     * type on the same port */
    if (endpoint->n_periods > 0 && !endpoint->periods[endpoint->n_periods - 1].ended)
        return;
    if (endpoint->n_periods == APPLE_BONJOUR_PERIODS_MAX) {
        memmove(&endpoint->periods[0], &endpoint->periods[1],
                (APPLE_BONJOUR_PERIODS_MAX - 1) * sizeof endpoint->periods[0]);
        endpoint->n_periods--;
        store->dropped++;
    }
    period = &endpoint->periods[endpoint->n_periods++];
    memset(period, 0, sizeof *period);
    period->announced = frame;
    period->type = service->type;
    period->service = service->service;
    period->instance = service->instance;
    period->known = service->known;
    period->device = host->device;
}

/* The goodbye of host's service in frame ends its open periods, on the
 * host's addresses and on those it had before. */
static void endpoints_end(apple_bonjour_t *store, const host_t *host,
                          const host_service_t *service, uint32_t frame)
{
    for (size_t i = 0; i < host->n_addresses + host->n_former; i++) {
        const apple_bonjour_address_t *a = i < host->n_addresses ? &host->addresses[i]
                                                                 : &host->former[i - host->n_addresses];
        bonjour_key_t key = make_key(a->ip_version, a->address, service->transport, service->port);
        endpoint_t *endpoint = endpoint_find(store, &key);
        period_t *last;

        if (!endpoint || endpoint->n_periods == 0)
            continue;
        last = &endpoint->periods[endpoint->n_periods - 1];
        /* only the service that holds the endpoint ends it */
        if (last->ended || g_ascii_strcasecmp(last->type, service->type) != 0
            || g_ascii_strcasecmp(last->instance, service->instance) != 0)
            continue;
        last->ended = true;
        last->goodbye = frame;
    }
}

static void host_add_address(apple_bonjour_t *store, host_t *host, unsigned ip_version,
                             const uint8_t *bytes, uint32_t frame)
{
    apple_bonjour_address_t address;
    bonjour_key_t key;

    if (host_has_address(host, ip_version, bytes))
        return;
    if (host->n_addresses == APPLE_BONJOUR_DEVICE_LIST_MAX) {
        store->dropped++;
        return;
    }
    memset(&address, 0, sizeof address);
    address.ip_version = ip_version;
    memcpy(address.address, bytes, ip_version == 4 ? 4 : 16);
    host->addresses[host->n_addresses++] = address;
    key = address_key(&address);
    if (!g_hash_table_contains(store->by_address, &key))
        g_hash_table_insert(store->by_address, key_copy(&key), host);
    if (host->device)
        device_add_address(store, host->device, &address);
    for (size_t i = 0; i < host->n_services; i++)
        if (host->services[i].active && service_is_connectable(&host->services[i]))
            endpoint_announce(store, host, &host->services[i], &address, frame);
}

/* The name of a type's flows: the data's, or the type's own name without
 * its '_' and transport ("_foo._tcp" gives "foo"). */
static const char *service_name(apple_bonjour_t *store, const char *type,
                                const apple_bonjour_type_t *known)
{
    const char *dot;
    char *name;
    const char *kept;

    if (known)
        return known->service;
    dot = strchr(type, '.');
    name = g_strndup(type + 1, dot ? (size_t)(dot - type - 1) : strlen(type + 1));
    kept = keep_string(store, name);
    g_free(name);
    return kept;
}

/* ---- Learning ---- */

static host_service_t *host_service_find(host_t *host, const apple_mdns_service_t *srv)
{
    for (size_t i = 0; i < host->n_services; i++) {
        host_service_t *service = &host->services[i];

        if (service->port == srv->port && service->transport == srv->transport
            && g_ascii_strcasecmp(service->type, srv->type) == 0
            && g_ascii_strcasecmp(service->instance, srv->instance) == 0)
            return service;
    }
    return NULL;
}

static void learn_announcement(apple_bonjour_t *store, const apple_mdns_service_t *srv,
                               uint32_t frame)
{
    const apple_bonjour_type_t *known = apple_bonjour_type_lookup(srv->type, strlen(srv->type));
    host_t *host = host_get(store, srv->target);
    apple_bonjour_device_t *device;
    host_service_t *service;
    const char *instance, *type, *name;

    if (!host)
        return;
    device = host->device;
    if (!device) {
        device = device_new(store, host->name, frame);
        if (!device)
            return;
        host->device = device;
        for (size_t i = 0; i < host->n_addresses; i++)
            device_add_address(store, device, &host->addresses[i]);
    }
    service = host_service_find(host, srv);
    if (service) {
        instance = service->instance;
        type = service->type;
        name = service->service;
    } else {
        /* Strings are kept only for what will hold them: a storm of new
         * names for a host whose lists are full keeps none. */
        if (host->n_services == HOST_SERVICES_MAX
            && device->n_names == APPLE_BONJOUR_DEVICE_LIST_MAX
            && device->n_offers == APPLE_BONJOUR_DEVICE_LIST_MAX
            && !device_has_name(device, srv->instance)) {
            store->dropped++;
            return;
        }
        instance = keep_string(store, srv->instance);
        type = keep_string(store, srv->type);
        name = type ? service_name(store, type, known) : NULL;
        if (!instance || !type || !name)
            return;
    }
    device_add_name(store, device, instance);
    device_add_offer(store, device, type, srv->transport, srv->port);
    if (known && known->kind == APPLE_BONJOUR_APPLE_ONLY)
        device->apple_by |= APPLE_DEVICE_BY_TYPE;
    if (srv->model[0] != '\0')
        device_set_model(store, device, srv->model);

    if (!service) {
        char *index_key;

        if (host->n_services == HOST_SERVICES_MAX) {
            store->dropped++;
            return;
        }
        service = &host->services[host->n_services++];
        service->instance = instance;
        service->type = type;
        service->service = name;
        service->known = known;
        service->transport = srv->transport;
        service->port = srv->port;
        index_key = instance_key(type, instance);
        if (g_hash_table_contains(store->by_instance, index_key))
            g_free(index_key);
        else
            g_hash_table_insert(store->by_instance, index_key, host);
    }
    service->active = true;
    if (!service_is_connectable(service))
        return;
    for (size_t i = 0; i < host->n_addresses; i++)
        endpoint_announce(store, host, service, &host->addresses[i], frame);
}

/* A goodbye for instance of type, on port only if any_port is false. */
static void learn_goodbye(apple_bonjour_t *store, host_t *host, const char *instance,
                          const char *type, bool any_port, uint16_t port, uint32_t frame)
{
    if (!host)
        return;
    for (size_t i = 0; i < host->n_services; i++) {
        host_service_t *service = &host->services[i];

        if ((!any_port && service->port != port)
            || g_ascii_strcasecmp(service->type, type) != 0
            || g_ascii_strcasecmp(service->instance, instance) != 0)
            continue;
        service->active = false;
        endpoints_end(store, host, service, frame);
    }
}

static host_t *host_of_instance(const apple_bonjour_t *store, const char *type,
                                const char *instance)
{
    char *key = instance_key(type, instance);
    host_t *host = g_hash_table_lookup(store->by_instance, key);

    g_free(key);
    return host;
}

/* The device a message's sender is, by its address: a host's that has the
 * address, or one known by the address only (made if need be). */
static apple_bonjour_device_t *sender_device(apple_bonjour_t *store,
                                             const apple_bonjour_sender_t *sender, uint32_t frame)
{
    apple_bonjour_address_t address;
    bonjour_key_t key;
    host_t *host;
    apple_bonjour_device_t *device;

    if (sender->ip_version != 4 && sender->ip_version != 6)
        return NULL;
    memset(&address, 0, sizeof address);
    address.ip_version = sender->ip_version;
    memcpy(address.address, sender->address, sender->ip_version == 4 ? 4 : 16);
    key = address_key(&address);
    host = g_hash_table_lookup(store->by_address, &key);
    if (host && host->device)
        return host->device;
    device = g_hash_table_lookup(store->by_sender, &key);
    if (device)
        return device;
    device = device_new(store, NULL, frame);
    if (!device)
        return NULL;
    device_add_address(store, device, &address);
    g_hash_table_insert(store->by_sender, key_copy(&key), device);
    return device;
}

/* The model of a TXT record whose instance has no SRV record in the
 * message ("_device-info._tcp"): the device whose instance names match,
 * else the one host the message's SRV records name, else the sender. */
static void learn_device_info(apple_bonjour_t *store, const apple_mdns_message_t *message,
                              const apple_bonjour_sender_t *sender, uint32_t frame)
{
    apple_bonjour_device_t *device = NULL;
    const char *one_target = NULL;
    bool several_targets = false;

    for (size_t i = 0; i < message->n_services && !device; i++) {
        const apple_mdns_service_t *srv = &message->services[i];
        host_t *host;

        if (g_ascii_strcasecmp(srv->instance, message->device_info_instance) != 0)
            continue;
        host = host_find(store, srv->target);
        if (host)
            device = host->device;
    }
    if (!device) {
        char *key = folded(message->device_info_instance);

        device = g_hash_table_lookup(store->by_name, key);
        g_free(key);
    }
    for (size_t i = 0; i < message->n_services && !device; i++) {
        if (!one_target)
            one_target = message->services[i].target;
        else if (g_ascii_strcasecmp(one_target, message->services[i].target) != 0)
            several_targets = true;
    }
    if (!device && one_target && !several_targets) {
        host_t *host = host_find(store, one_target);

        if (host)
            device = host->device;
    }
    if (!device && !one_target && sender)
        device = sender_device(store, sender, frame);
    if (device)
        device_set_model(store, device, message->device_info_model);
}

/* The sender's MAC is the device's own; an Apple one makes it Apple's. */
/* The device's MAC is its latest own one, except that an Apple MAC, once
 * seen, stays: it is the one that made the device Apple's (a Mac announces
 * from its Apple MAC on one interface and a randomised one on another). */
static void mark_mac(apple_bonjour_device_t *device, const apple_bonjour_sender_t *sender)
{
    if ((device->apple_by & APPLE_DEVICE_BY_OUI) && !sender->apple_mac)
        return;
    if (sender->apple_mac)
        device->apple_by |= APPLE_DEVICE_BY_OUI;
    device->has_mac = true;
    memcpy(device->mac, sender->mac, sizeof device->mac);
}

/* The sender's MAC is that of a device the message names only when the
 * sender is that device (its address is the device's): a Sleep Proxy
 * answers for other hosts from its own MAC and address. */
static void learn_sender(apple_bonjour_t *store, const apple_mdns_message_t *message,
                         const apple_bonjour_sender_t *sender)
{
    apple_bonjour_address_t address;
    bonjour_key_t key;
    apple_bonjour_device_t *device;

    if (!sender->has_mac || (sender->ip_version != 4 && sender->ip_version != 6))
        return;
    for (size_t i = 0; i < message->n_services + message->n_addresses; i++) {
        const char *name = i < message->n_services
                               ? message->services[i].target
                               : message->addresses[i - message->n_services].host;
        host_t *host = host_find(store, name);

        if (host && host->device && host_has_address(host, sender->ip_version, sender->address))
            mark_mac(host->device, sender);
    }
    memset(&address, 0, sizeof address);
    address.ip_version = sender->ip_version;
    memcpy(address.address, sender->address, sender->ip_version == 4 ? 4 : 16);
    key = address_key(&address);
    device = g_hash_table_lookup(store->by_sender, &key);
    if (device)
        mark_mac(device, sender);
}

/* RFC 6762 10.2: records with the cache-flush bit are the whole set of
 * their name and type. So a host's addresses of that IP version that the
 * message does not give stop being its own: an announcement to come opens
 * no period on them (the periods they had stay, with their goodbyes). */
static void host_flush_addresses(host_t *host, const apple_mdns_message_t *message, unsigned ip_version)
{
    size_t kept = 0;

    for (size_t i = 0; i < host->n_addresses; i++) {
        bool given = host->addresses[i].ip_version != ip_version;

        for (size_t k = 0; k < message->n_addresses && !given; k++) {
            const apple_mdns_address_t *a = &message->addresses[k];

            given = a->cache_flush && a->ttl != 0 && a->ip_version == ip_version &&
                    g_ascii_strcasecmp(a->host, host->name) == 0 &&
                    same_address(&host->addresses[i], ip_version, a->address);
        }
        if (given) {
            host->addresses[kept++] = host->addresses[i];
        } else {
            if (host->n_former == APPLE_BONJOUR_DEVICE_LIST_MAX) {
                memmove(&host->former[0], &host->former[1],
                        (APPLE_BONJOUR_DEVICE_LIST_MAX - 1) * sizeof host->former[0]);
                host->n_former--;
            }
            host->former[host->n_former++] = host->addresses[i];
        }
    }
    host->n_addresses = kept;
}

void apple_bonjour_learn(apple_bonjour_t *store, const apple_mdns_message_t *message,
                         const apple_bonjour_sender_t *sender, uint32_t frame)
{
    if (!store || !message)
        return;
    for (size_t i = 0; i < message->n_addresses && i < APPLE_MDNS_ADDRESSES_MAX; i++) {
        const apple_mdns_address_t *a = &message->addresses[i];
        host_t *host;

        if (!a->cache_flush || a->ttl == 0 || (a->ip_version != 4 && a->ip_version != 6))
            continue;
        host = host_find(store, a->host);
        if (host)
            host_flush_addresses(host, message, a->ip_version);
    }
    for (size_t i = 0; i < message->n_addresses && i < APPLE_MDNS_ADDRESSES_MAX; i++) {
        const apple_mdns_address_t *a = &message->addresses[i];
        host_t *host;

        if (a->ttl == 0 || (a->ip_version != 4 && a->ip_version != 6))
            continue;
        host = host_get(store, a->host);
        if (host)
            host_add_address(store, host, a->ip_version, a->address, frame);
    }
    for (size_t i = 0; i < message->n_services && i < APPLE_MDNS_SERVICES_MAX; i++) {
        const apple_mdns_service_t *srv = &message->services[i];

        if (srv->ttl != 0)
            learn_announcement(store, srv, frame);
        else
            learn_goodbye(store, host_find(store, srv->target), srv->instance, srv->type, false,
                          srv->port, frame);
    }
    for (size_t i = 0; i < message->n_goodbyes && i < APPLE_MDNS_GOODBYES_MAX; i++) {
        const apple_mdns_goodbye_t *goodbye = &message->goodbyes[i];

        learn_goodbye(store, host_of_instance(store, goodbye->type, goodbye->instance),
                      goodbye->instance, goodbye->type, true, 0, frame);
    }
    if (message->device_info_model[0] != '\0')
        learn_device_info(store, message, sender, frame);
    if (sender)
        learn_sender(store, message, sender);
}

/* ---- Reading ---- */

bool apple_bonjour_lookup(const apple_bonjour_t *store, apple_transport_t transport,
                          unsigned ip_version, const uint8_t *address, uint16_t port,
                          uint32_t flow_start, apple_bonjour_offer_info_t *info)
{
    bonjour_key_t key;
    const endpoint_t *endpoint;
    const period_t *chosen = NULL;
    apple_bonjour_kind_t kind;

    if (info)
        memset(info, 0, sizeof *info);
    if (!store || !address || (ip_version != 4 && ip_version != 6))
        return false;
    key = make_key(ip_version, address, transport, port);
    endpoint = endpoint_find(store, &key);
    if (!endpoint)
        return false;
    /* The latest period under way when the flow began (not ended by a
     * goodbye before it); for a flow that began before all of them (seen
     * again after the whole capture was read), the first one after it. */
    for (size_t i = endpoint->n_periods; i-- > 0 && !chosen;) {
        const period_t *p = &endpoint->periods[i];

        if (p->announced <= flow_start && !(p->ended && p->goodbye < flow_start))
            chosen = p;
    }
    for (size_t i = 0; i < endpoint->n_periods && !chosen; i++) {
        const period_t *p = &endpoint->periods[i];

        if (p->announced > flow_start && !(p->ended && p->goodbye < flow_start))
            chosen = p;
    }
    if (!chosen)
        return false;
    kind = chosen->known ? chosen->known->kind : APPLE_BONJOUR_GENERIC;
    if (kind == APPLE_BONJOUR_GENERIC && chosen->device->apple_by == 0)
        return false;
    if (info) {
        info->type = chosen->type;
        info->known = chosen->known;
        info->service = chosen->service;
        info->instance = chosen->instance;
        info->device = chosen->device;
        info->frame = chosen->announced;
    }
    return true;
}

const apple_bonjour_device_t *apple_bonjour_find_sender(const apple_bonjour_t *store,
                                                        const apple_mdns_message_t *message,
                                                        unsigned ip_version, const uint8_t *address)
{
    const apple_bonjour_device_t *found;
    bonjour_key_t key;

    if (!store || !address || (ip_version != 4 && ip_version != 6))
        return NULL;
    key = make_key(ip_version, address, APPLE_TCP, 0);
    found = g_hash_table_lookup(store->device_by_address, &key);
    for (size_t i = 0; message && i < message->n_services; i++) {
        const host_t *host = host_find(store, message->services[i].target);

        if (host && host->device && (!found || device_position(host->device) < device_position(found)))
            found = host->device;
    }
    return found;
}

const apple_bonjour_device_t *apple_bonjour_device(const apple_bonjour_t *store, size_t i)
{
    if (!store || i >= store->devices->len)
        return NULL;
    return g_ptr_array_index(store->devices, i);
}

size_t apple_bonjour_device_count(const apple_bonjour_t *store)
{
    return store ? store->devices->len : 0;
}

size_t apple_bonjour_dropped(const apple_bonjour_t *store)
{
    return store ? store->dropped : 0;
}
