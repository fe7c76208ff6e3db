/* fuzz-mdns.c
 * libFuzzer target for the mDNS reader (apple-mdns.h) and the Bonjour store
 * (apple-bonjour.h).
 *
 * The whole input is read as one message, and what the reader hands out is
 * checked: within its bounds, strings NUL-terminated in their buffers,
 * instances, types, targets and models of the promised form, the same
 * answer twice, and a cut message giving a prefix of what the whole one
 * gives.
 *
 * Then the input is read as a series of messages, each
 *   [length: 2 bytes, big-endian] [control: 1 byte] [message: length bytes]
 * (the last one cut to what is left). The control byte chooses the sender
 * (bit 0: IPv6; bit 1: an Apple MAC; bit 2: the sender is the message's
 * first address rather than a fixed one; bit 3: no sender at all) and how
 * far the frame number moves on (bits 4-7: 0 to 15 frames, so several
 * messages can share a frame). Each message is learned by one store, and
 * every endpoint it names (each service's port on each of its addresses)
 * is looked up at three flow starts; what a lookup finds and the device
 * list are checked. The store is freed at the end (LeakSanitizer sees the
 * rest).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "apple-bonjour.h"
#include "apple-mdns.h"

#include <stdlib.h>
#include <string.h>

/* Large: not on the stack. */
static apple_mdns_message_t whole, again, cut;

static void check(bool ok)
{
    if (!ok)
        abort();
}

/* NUL-terminated inside its buffer of size bytes; returns its length. */
static size_t check_string(const char *s, size_t size)
{
    const char *nul = memchr(s, '\0', size);

    check(nul != NULL);
    return (size_t)(nul - s);
}

/* "_name._tcp" or "_name._udp" (any case), matching transport. */
static void check_type(const char *type, apple_transport_t transport)
{
    size_t len = check_string(type, APPLE_MDNS_TYPE_MAX);
    const char *dot = strrchr(type, '.');

    check(len >= 7 && type[0] == '_' && dot != NULL && dot > type + 1);
    check(strlen(dot) == 5 && dot[1] == '_');
    check((dot[2] == 't' || dot[2] == 'T') ? transport == APPLE_TCP : transport == APPLE_UDP);
}

static void check_message(const apple_mdns_message_t *m)
{
    check(m->n_services <= APPLE_MDNS_SERVICES_MAX);
    check(m->n_addresses <= APPLE_MDNS_ADDRESSES_MAX);
    check(m->n_queries <= APPLE_MDNS_QUERIES_MAX);
    check(m->n_goodbyes <= APPLE_MDNS_GOODBYES_MAX);
    for (size_t i = 0; i < m->n_services; i++) {
        const apple_mdns_service_t *s = &m->services[i];
        size_t model_len;

        check(check_string(s->instance, sizeof s->instance) > 0);
        check_type(s->type, s->transport);
        check(check_string(s->target, sizeof s->target) > 0);
        model_len = check_string(s->model, sizeof s->model);
        for (size_t c = 0; c < model_len; c++)
            check(s->model[c] >= 0x20 && s->model[c] <= 0x7e);
        (void)apple_mdns_model_is_apple(s->model);
    }
    for (size_t i = 0; i < m->n_addresses; i++) {
        check(check_string(m->addresses[i].host, sizeof m->addresses[i].host) > 0);
        check(m->addresses[i].ip_version == 4 || m->addresses[i].ip_version == 6);
    }
    for (size_t i = 0; i < m->n_queries; i++) {
        check(check_string(m->queries[i], APPLE_MDNS_TYPE_MAX) > 0);
        check(m->queries[i][0] == '_');
    }
    for (size_t i = 0; i < m->n_goodbyes; i++) {
        check(check_string(m->goodbyes[i].instance, sizeof m->goodbyes[i].instance) > 0);
        check(check_string(m->goodbyes[i].type, APPLE_MDNS_TYPE_MAX) > 0);
    }
    check_string(m->device_info_instance, sizeof m->device_info_instance);
    check((check_string(m->device_info_model, sizeof m->device_info_model) == 0)
          == (m->device_info_instance[0] == '\0'));
}

/* What a message cut short gives is a prefix of what the whole one gives. */
static void check_prefix(const apple_mdns_message_t *part, const apple_mdns_message_t *full)
{
    check(part->n_services <= full->n_services);
    for (size_t i = 0; i < part->n_services; i++) {
        check(strcmp(part->services[i].instance, full->services[i].instance) == 0);
        check(strcmp(part->services[i].type, full->services[i].type) == 0);
        check(strcmp(part->services[i].target, full->services[i].target) == 0);
        check(part->services[i].port == full->services[i].port);
    }
    check(part->n_addresses <= full->n_addresses);
    check(memcmp(part->addresses, full->addresses, part->n_addresses * sizeof part->addresses[0])
          == 0);
    check(part->n_queries <= full->n_queries);
    check(part->n_goodbyes <= full->n_goodbyes);
}

static bool is_listed(const apple_bonjour_t *store, const apple_bonjour_device_t *device)
{
    for (size_t i = 0; i < apple_bonjour_device_count(store); i++)
        if (apple_bonjour_device(store, i) == device)
            return true;
    return false;
}

static void check_lookup(const apple_bonjour_t *store, apple_transport_t transport,
                         const apple_mdns_address_t *address, uint16_t port, uint32_t flow_start,
                         uint32_t last_frame)
{
    apple_bonjour_offer_info_t info;

    if (!apple_bonjour_lookup(store, transport, address->ip_version, address->address, port,
                              flow_start, &info)) {
        check(info.type == NULL && info.device == NULL);
        return;
    }
    check(info.type != NULL && info.service != NULL && info.instance != NULL);
    check(info.device != NULL && is_listed(store, info.device));
    check(info.frame <= last_frame);
    /* a type that is not Apple's own labels only an Apple device's flows */
    check((info.known && info.known->kind != APPLE_BONJOUR_GENERIC) || info.device->apple_by != 0);
}

static void check_devices(const apple_bonjour_t *store)
{
    size_t n = apple_bonjour_device_count(store);

    check(n <= APPLE_BONJOUR_DEVICES_MAX);
    check(apple_bonjour_device(store, n) == NULL);
    for (size_t i = 0; i < n; i++) {
        const apple_bonjour_device_t *d = apple_bonjour_device(store, i);

        check(d != NULL);
        check(d->n_addresses <= APPLE_BONJOUR_DEVICE_LIST_MAX);
        check(d->n_names <= APPLE_BONJOUR_DEVICE_LIST_MAX);
        check(d->n_offers <= APPLE_BONJOUR_DEVICE_LIST_MAX);
        check((d->apple_by & ~(unsigned)(APPLE_DEVICE_BY_TYPE | APPLE_DEVICE_BY_MODEL
                                         | APPLE_DEVICE_BY_OUI)) == 0);
        /* a MAC is kept for every device; only an Apple OUI makes it a reason */
        check(!(d->apple_by & APPLE_DEVICE_BY_OUI) || d->has_mac);
        check(!(d->apple_by & APPLE_DEVICE_BY_MODEL)
              || (d->model && apple_mdns_model_is_apple(d->model)));
        check(d->host != NULL || d->n_addresses == 1);
        for (size_t k = 0; k < d->n_names; k++)
            check(d->names[k] != NULL);
        for (size_t k = 0; k < d->n_offers; k++)
            check(d->offers[k].type != NULL);
    }
}

static void learn_series(const uint8_t *data, size_t size)
{
    apple_bonjour_t *store = apple_bonjour_new();
    uint32_t frame = 1;
    size_t pos = 0;

    while (size - pos >= 3) {
        size_t len = ((size_t)data[pos] << 8) | data[pos + 1];
        uint8_t control = data[pos + 2];
        apple_bonjour_sender_t sender;

        pos += 3;
        if (len > size - pos)
            len = size - pos;
        frame += control >> 4;
        if (apple_mdns_read(data + pos, len, &whole)) {
            check_message(&whole);
            memset(&sender, 0, sizeof sender);
            sender.has_mac = (control & 1) != 0;
            sender.apple_mac = sender.has_mac && (control & 2) != 0;
            sender.mac[0] = 0xd8;
            sender.mac[5] = control;
            if ((control & 4) && whole.n_addresses > 0) {
                sender.ip_version = whole.addresses[0].ip_version;
                memcpy(sender.address, whole.addresses[0].address, 16);
            } else {
                sender.ip_version = (control & 1) ? 6 : 4;
                sender.address[0] = (control & 1) ? 0xfe : 10;
                sender.address[3] = control;
            }
            apple_bonjour_learn(store, &whole, (control & 8) ? NULL : &sender, frame);
            for (size_t s = 0; s < whole.n_services; s++)
                for (size_t a = 0; a < whole.n_addresses; a++) {
                    check_lookup(store, whole.services[s].transport, &whole.addresses[a],
                                 whole.services[s].port, 0, frame);
                    check_lookup(store, whole.services[s].transport, &whole.addresses[a],
                                 whole.services[s].port, frame, frame);
                    check_lookup(store, whole.services[s].transport, &whole.addresses[a],
                                 whole.services[s].port, UINT32_MAX, frame);
                }
        }
        pos += len;
    }
    check_devices(store);
    apple_bonjour_free(store);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char model[APPLE_MDNS_MODEL_MAX];
    size_t model_len = size < sizeof model - 1 ? size : sizeof model - 1;

    if (apple_mdns_read(data, size, &whole)) {
        check(size >= 12);
        check_message(&whole);
        check(apple_mdns_read(data, size, &again));
        check(memcmp(&whole, &again, sizeof whole) == 0);
        if (apple_mdns_read(data, size / 2 + 6, &cut))
            check_prefix(&cut, &whole);
    } else {
        check(whole.n_services == 0 && whole.n_addresses == 0 && whole.n_queries == 0);
    }
    /* the input as a model name */
    memcpy(model, data, model_len);
    model[model_len] = '\0';
    (void)apple_mdns_model_is_apple(model);

    learn_series(data, size);
    return 0;
}
