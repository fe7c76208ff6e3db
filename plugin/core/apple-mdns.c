/* apple-mdns.c
 * What one mDNS message announces (see apple-mdns.h), read with the DNS
 * parser (apple-dns.h).
 *
 * A service instance's name is "Instance._type._tcp.domain" in
 * presentation form: the instance is the first label (a '.' inside it
 * comes escaped as "\.", so the first unescaped '.' ends it), the type the
 * next two labels, the domain the rest ("local", but others are kept).
 *
 * The message is parsed twice: first for SRV, A, AAAA, PTR questions and
 * PTR goodbyes, then for TXT records, since a TXT record (model=) often
 * comes before the SRV record of its instance. Both passes see the same
 * records, so a message cut short gives the same prefix to each.
 *
 * As RFC 6762 section 18.3 and 18.11 ask, a message with an opcode or a
 * response code other than zero announces nothing.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "apple-mdns.h"

#include <string.h>

#include <glib.h>

#define DNS_HEADER_LEN 12

/* The TXT keys that name a model: "model=" (_device-info, _airplay and
 * _raop use it too), "am=" (AirPlay's RAOP record), "rpMd=" (Companion
 * Link). Keys compare without case (RFC 6763 section 6.4). */
static const char *const model_keys[] = { "model", "am", "rpMd" };

/* A domain this long or longer is kept out of TXT matching (it is never
 * "local" then); its SRV record still counts. */
#define DOMAIN_KEPT_MAX 256

typedef struct {
    apple_mdns_message_t *out;
    /* Per service: its domain, for matching TXT owners to it; "" with
     * domain_too_long set when it did not fit. */
    char domains[APPLE_MDNS_SERVICES_MAX][DOMAIN_KEPT_MAX];
    bool domain_too_long[APPLE_MDNS_SERVICES_MAX];
    /* The TXT model of an instance without an SRV record here: from the
     * first such record, unless a later one is the "_device-info" record. */
    bool device_info_from_type;
    size_t records_seen;
} reader_t;

/* The length of the label at name in presentation form: up to the first
 * '.' that no '\' escapes, or the end. */
static size_t label_length(const char *name)
{
    size_t i = 0;

    while (name[i] != '\0' && name[i] != '.') {
        if (name[i] == '\\') {
            if (g_ascii_isdigit(name[i + 1]) && g_ascii_isdigit(name[i + 2])
                && g_ascii_isdigit(name[i + 3]))
                i += 4;                 /* "\DDD" */
            else if (name[i + 1] != '\0')
                i += 2;                 /* "\." or "\\" */
            else
                i += 1;                 /* a lone '\' at the end (not from apple-dns.c) */
        } else {
            i++;
        }
    }
    return i;
}

static bool label_is(const char *label, size_t len, const char *text)
{
    return strlen(text) == len && g_ascii_strncasecmp(label, text, len) == 0;
}

/* "_type._tcp" at name (two labels, the first starting with '_', the
 * second "_tcp" or "_udp"), followed by '.' and a domain: copies the type
 * into type and returns the domain, or NULL if name is not of that form or
 * the type does not fit. */
static const char *split_type(const char *name, char type[APPLE_MDNS_TYPE_MAX],
                              apple_transport_t *transport)
{
    size_t first = label_length(name);
    const char *second_label;
    size_t second, type_len;

    if (first < 2 || name[0] != '_' || name[first] != '.')
        return NULL;
    second_label = name + first + 1;
    second = label_length(second_label);
    if (second_label[second] != '.' || second_label[second + 1] == '\0')
        return NULL;
    if (label_is(second_label, second, "_tcp"))
        *transport = APPLE_TCP;
    else if (label_is(second_label, second, "_udp"))
        *transport = APPLE_UDP;
    else
        return NULL;
    type_len = first + 1 + second;
    if (type_len >= APPLE_MDNS_TYPE_MAX)
        return NULL;
    memcpy(type, name, type_len);
    type[type_len] = '\0';
    return second_label + second + 1;
}

/* "Instance._type._tcp.domain": the instance (its first label) into
 * instance, as the text it is: the escapes of '.' and '\' that the
 * presentation form adds are removed ("70-35-60-63.1 Living Room"), those
 * of other octets ("\DDD") kept; the type into type; returns the domain,
 * or NULL. */
static const char *split_instance(const char *name, char instance[APPLE_DNS_NAME_MAX],
                                  char type[APPLE_MDNS_TYPE_MAX], apple_transport_t *transport)
{
    size_t first = label_length(name);
    const char *domain;

    if (first == 0 || name[first] != '.')
        return NULL;
    domain = split_type(name + first + 1, type, transport);
    if (!domain)
        return NULL;
    /* the whole name fits APPLE_DNS_NAME_MAX, so its first label does */
    {
        size_t n = 0;

        for (size_t i = 0; i < first; i++) {
            if (name[i] == '\\' && i + 1 < first && (name[i + 1] == '.' || name[i + 1] == '\\'))
                i++;
            instance[n++] = name[i];
        }
        instance[n] = '\0';
    }
    return domain;
}

static void copy_name(char out[APPLE_DNS_NAME_MAX], const char *name)
{
    g_strlcpy(out, name, APPLE_DNS_NAME_MAX);
}

static bool same_service(const apple_mdns_service_t *a, const char *instance, const char *type,
                         const char *target, uint16_t port, uint32_t ttl)
{
    return g_ascii_strcasecmp(a->instance, instance) == 0 && g_ascii_strcasecmp(a->type, type) == 0
           && g_ascii_strcasecmp(a->target, target) == 0 && a->port == port
           && (a->ttl == 0) == (ttl == 0);
}

static void on_srv(reader_t *reader, const apple_dns_record_t *record)
{
    apple_mdns_message_t *out = reader->out;
    char instance[APPLE_DNS_NAME_MAX];
    char type[APPLE_MDNS_TYPE_MAX];
    apple_transport_t transport;
    apple_mdns_service_t *service;
    const char *domain;
    size_t domain_len;

    if (!record->target || record->target[0] == '\0')
        return;                         /* no target host: nothing to reach */
    domain = split_instance(record->name, instance, type, &transport);
    if (!domain)
        return;
    /* the same record in two sections (a probe's authority and an answer) once */
    for (size_t i = 0; i < out->n_services; i++)
        if (same_service(&out->services[i], instance, type, record->target, record->srv_port,
                         record->ttl))
            return;
    if (out->n_services == APPLE_MDNS_SERVICES_MAX)
        return;
    domain_len = strlen(domain);
    if (domain_len < DOMAIN_KEPT_MAX) {
        memcpy(reader->domains[out->n_services], domain, domain_len + 1);
        reader->domain_too_long[out->n_services] = false;
    } else {
        reader->domains[out->n_services][0] = '\0';
        reader->domain_too_long[out->n_services] = true;
    }
    service = &out->services[out->n_services++];
    memset(service, 0, sizeof *service);
    memcpy(service->instance, instance, strlen(instance) + 1);
    memcpy(service->type, type, strlen(type) + 1);
    service->transport = transport;
    copy_name(service->target, record->target);
    service->port = record->srv_port;
    service->ttl = record->ttl;
}

static void on_address(reader_t *reader, const apple_dns_record_t *record)
{
    apple_mdns_message_t *out = reader->out;
    apple_mdns_address_t *address;

    if (!record->address || record->name[0] == '\0' || out->n_addresses == APPLE_MDNS_ADDRESSES_MAX)
        return;
    address = &out->addresses[out->n_addresses++];
    memset(address, 0, sizeof *address);
    copy_name(address->host, record->name);
    address->ip_version = record->address_len == 4 ? 4 : 6;
    memcpy(address->address, record->address, record->address_len);
    address->ttl = record->ttl;
    address->cache_flush = record->mdns_flag;
}

/* A PTR question for a service type ("_airplay._tcp.local"), or for a
 * subtype of one ("8fb207de._sub._apple-mobdev2._tcp.local" asks for
 * "_apple-mobdev2._tcp"). The enumeration of all types
 * ("_services._dns-sd._udp.local") asks for no type: "_dns-sd" is no
 * transport label. */
static void on_question(reader_t *reader, const apple_dns_record_t *record)
{
    apple_mdns_message_t *out = reader->out;
    const char *name = record->name;
    char type[APPLE_MDNS_TYPE_MAX];
    apple_transport_t transport;
    size_t first = label_length(name);

    if (record->type != APPLE_DNS_TYPE_PTR)
        return;
    if (name[first] == '.') {
        const char *second = name + first + 1;
        size_t second_len = label_length(second);

        if (label_is(second, second_len, "_sub") && second[second_len] == '.')
            name = second + second_len + 1;
    }
    if (!split_type(name, type, &transport))
        return;
    for (size_t i = 0; i < out->n_queries; i++)
        if (g_ascii_strcasecmp(out->queries[i], type) == 0)
            return;
    if (out->n_queries == APPLE_MDNS_QUERIES_MAX)
        return;
    memcpy(out->queries[out->n_queries++], type, strlen(type) + 1);
}

/* A PTR record with TTL 0 that points to a service instance. */
static void on_ptr_goodbye(reader_t *reader, const apple_dns_record_t *record)
{
    apple_mdns_message_t *out = reader->out;
    char instance[APPLE_DNS_NAME_MAX];
    char type[APPLE_MDNS_TYPE_MAX];
    apple_transport_t transport;
    apple_mdns_goodbye_t *goodbye;

    if (!record->target || !split_instance(record->target, instance, type, &transport))
        return;
    for (size_t i = 0; i < out->n_goodbyes; i++)
        if (g_ascii_strcasecmp(out->goodbyes[i].instance, instance) == 0
            && g_ascii_strcasecmp(out->goodbyes[i].type, type) == 0)
            return;
    if (out->n_goodbyes == APPLE_MDNS_GOODBYES_MAX)
        return;
    goodbye = &out->goodbyes[out->n_goodbyes++];
    memcpy(goodbye->instance, instance, strlen(instance) + 1);
    memcpy(goodbye->type, type, strlen(type) + 1);
}

static bool first_pass(const apple_dns_record_t *record, void *user)
{
    reader_t *reader = (reader_t *)user;

    reader->records_seen++;
    if (record->section == APPLE_DNS_QUESTION) {
        on_question(reader, record);
        return true;
    }
    switch (record->type) {
    case APPLE_DNS_TYPE_SRV:
        on_srv(reader, record);
        break;
    case APPLE_DNS_TYPE_A:
    case APPLE_DNS_TYPE_AAAA:
        on_address(reader, record);
        break;
    case APPLE_DNS_TYPE_PTR:
        if (record->ttl == 0)
            on_ptr_goodbye(reader, record);
        break;
    default:
        break;
    }
    return true;
}

/* The model a TXT record's rdata names: the value of its first model key,
 * if it is 1 to APPLE_MDNS_MODEL_MAX - 1 printable ASCII characters (a
 * value with a NUL or control octet is no model name). */
static bool txt_model(const uint8_t *rdata, size_t rdata_len, char model[APPLE_MDNS_MODEL_MAX])
{
    const uint8_t *string;
    size_t string_len, pos = 0;

    while (apple_dns_txt_next(rdata, rdata_len, &pos, &string, &string_len)) {
        const uint8_t *equals = memchr(string, '=', string_len);
        size_t key_len, value_len;
        bool is_model_key = false, printable = true;

        if (!equals)
            continue;
        key_len = (size_t)(equals - string);
        for (size_t k = 0; k < G_N_ELEMENTS(model_keys); k++)
            if (label_is((const char *)string, key_len, model_keys[k]))
                is_model_key = true;
        if (!is_model_key)
            continue;
        value_len = string_len - key_len - 1;
        if (value_len == 0 || value_len >= APPLE_MDNS_MODEL_MAX)
            continue;
        for (size_t i = 0; i < value_len; i++)
            if (equals[1 + i] < 0x20 || equals[1 + i] > 0x7e)
                printable = false;
        if (!printable)
            continue;
        memcpy(model, equals + 1, value_len);
        model[value_len] = '\0';
        return true;
    }
    return false;
}

static bool second_pass(const apple_dns_record_t *record, void *user)
{
    reader_t *reader = (reader_t *)user;
    apple_mdns_message_t *out = reader->out;
    char model[APPLE_MDNS_MODEL_MAX];
    char instance[APPLE_DNS_NAME_MAX];
    char type[APPLE_MDNS_TYPE_MAX];
    apple_transport_t transport;
    const char *domain;
    bool matched = false;
    bool is_device_info;

    if (record->section == APPLE_DNS_QUESTION || record->type != APPLE_DNS_TYPE_TXT)
        return true;
    domain = split_instance(record->name, instance, type, &transport);
    if (!domain || !txt_model(record->rdata, record->rdata_len, model))
        return true;
    for (size_t i = 0; i < out->n_services; i++) {
        apple_mdns_service_t *service = &out->services[i];

        if (!reader->domain_too_long[i] && g_ascii_strcasecmp(reader->domains[i], domain) == 0
            && g_ascii_strcasecmp(service->instance, instance) == 0
            && g_ascii_strcasecmp(service->type, type) == 0) {
            if (service->model[0] == '\0')
                memcpy(service->model, model, strlen(model) + 1);
            matched = true;
        }
    }
    if (matched)
        return true;
    is_device_info = g_ascii_strcasecmp(type, "_device-info._tcp") == 0;
    if (out->device_info_model[0] == '\0' || (is_device_info && !reader->device_info_from_type)) {
        memcpy(out->device_info_instance, instance, strlen(instance) + 1);
        memcpy(out->device_info_model, model, strlen(model) + 1);
        reader->device_info_from_type = is_device_info;
    }
    return true;
}

bool apple_mdns_read(const uint8_t *message, size_t len, apple_mdns_message_t *out)
{
    /* Large (the domains): static would not be reentrant, so on the stack,
     * about 6 KB. */
    reader_t reader;
    apple_dns_header_t header;
    apple_dns_status_t status;

    if (!out)
        return false;
    memset(out, 0, sizeof *out);
    if (!message || len < DNS_HEADER_LEN)
        return false;
    memset(&reader, 0, sizeof reader);
    reader.out = out;
    status = apple_dns_parse(message, len, &header, first_pass, &reader);
    /* A message that breaks before its first record is not DNS at all. */
    if (status != APPLE_DNS_OK && reader.records_seen == 0) {
        memset(out, 0, sizeof *out);
        return false;
    }
    out->is_response = header.is_response;
    if (header.opcode != 0 || header.rcode != 0) {
        memset(out, 0, sizeof *out);
        out->is_response = header.is_response;
        return true;
    }
    apple_dns_parse(message, len, NULL, second_pass, &reader);
    return true;
}

/* ---- Apple model identifiers ---- */

/* Apple's model identifiers are a product name, then two numbers:
 * "iMac11,3", "MacBookPro18,1", "AudioAccessory5,1". The prefixes are
 * Apple's product families as its identifiers name them, from:
 * - the shared capture nDPI__iphone.pcap (model=iMac11,3 in _device-info);
 * - pyatv's model table (postlund/pyatv, pyatv/support/device_info.py):
 *   AirPort, AppleTV, AudioAccessory, AudioAccessorySingle, and the
 *   internal board names such as "J105aAP" that Apple TVs give in
 *   Companion Link's rpMd;
 * - Apple's identifier families as public device tables list them: iPhone,
 *   iPad, iPod, Watch, RealityDevice (Vision Pro), Mac, iMac, iMacPro,
 *   MacBook, MacBookAir, MacBookPro, Macmini, MacPro, TimeCapsule, and the
 *   older RackMac, PowerMac, PowerBook and Xserve; VirtualMac is the model
 *   of a macOS virtual machine on a Mac.
 * A prefix alone ("Xserve", the default of Netatalk's mimic model) or
 * followed by anything but the numbers ("Macintosh", "iMacFake",
 * "MacSamba", Samba's default) is not a model. */
static const char *const apple_model_prefixes[] = {
    "AirPort", "AppleTV", "AudioAccessory", "AudioAccessorySingle", "iMac", "iMacPro", "iPad",
    "iPhone", "iPod", "Mac", "MacBook", "MacBookAir", "MacBookPro", "Macmini", "MacPro",
    "PowerBook", "PowerMac", "RackMac", "RealityDevice", "TimeCapsule", "VirtualMac", "Watch",
    "Xserve",
};

/* 1 to 3 digits at *p; moves *p past them. */
static bool skip_number(const char **p)
{
    size_t n = 0;

    while (g_ascii_isdigit((*p)[n]))
        n++;
    if (n == 0 || n > 3)
        return false;
    *p += n;
    return true;
}

/* "J" + digits + at most two letters + "AP": "J42dAP", "J105aAP", "J33IAP". */
static bool is_board_name(const char *model)
{
    const char *p = model + 1;
    size_t rest;

    if (model[0] != 'J' || !skip_number(&p))
        return false;
    rest = strlen(p);
    if (rest < 2 || rest > 4 || strcmp(p + rest - 2, "AP") != 0)
        return false;
    for (size_t i = 0; i + 2 < rest; i++)
        if (!g_ascii_isalpha(p[i]))
            return false;
    return true;
}

bool apple_mdns_model_is_apple(const char *model)
{
    if (!model || model[0] == '\0')
        return false;
    if (is_board_name(model))
        return true;
    for (size_t i = 0; i < G_N_ELEMENTS(apple_model_prefixes); i++) {
        size_t n = strlen(apple_model_prefixes[i]);
        const char *p = model + n;

        if (strncmp(model, apple_model_prefixes[i], n) != 0)
            continue;
        if (skip_number(&p) && *p == ',' && (p++, skip_number(&p)) && *p == '\0')
            return true;
    }
    return false;
}
