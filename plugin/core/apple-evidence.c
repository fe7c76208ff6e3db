/* apple-evidence.c
 * The verdict from a flow's evidence (see apple-evidence.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "apple-evidence.h"

static const char *const evidence_names[APPLE_EVIDENCE_KINDS] = {
    "address", "tls-sni", "quic-sni", "http-host", "dns", "dns-name", "bonjour",
};

const char *
apple_evidence_name(unsigned i)
{
    return i < APPLE_EVIDENCE_KINDS ? evidence_names[i] : NULL;
}

static void
add_service(apple_verdict_t *v, const apple_host_service_t *service)
{
    for (size_t i = 0; i < v->n_services; i++)
        if (v->services[i] == service)
            return;
    if (v->n_services < APPLE_HOST_SERVICES_MAX)
        v->services[v->n_services++] = service;
}

static void
add_match(apple_verdict_t *v, const char *name, const apple_host_match_t *match)
{
    if (!v->host)
        v->host = name;
    for (size_t i = 0; i < match->n_services; i++)
        add_service(v, match->services[i]);
}

static unsigned
name_evidence(apple_name_kind_t kind)
{
    switch (kind) {
    case APPLE_NAME_TLS_SNI:   return APPLE_EVIDENCE_TLS_SNI;
    case APPLE_NAME_QUIC_SNI:  return APPLE_EVIDENCE_QUIC_SNI;
    case APPLE_NAME_HTTP_HOST: return APPLE_EVIDENCE_HTTP_HOST;
    case APPLE_NAME_NONE:      break;
    }
    return 0;
}

void
apple_evidence_decide(const apple_evidence_input_t *in, apple_verdict_t *v)
{
    bool own_name = in->name_kind != APPLE_NAME_NONE;

    v->verified = false;
    v->kinds = 0;
    v->host = NULL;
    v->n_services = 0;

    if (own_name && in->name_match) {
        v->kinds |= name_evidence(in->name_kind);
        add_match(v, in->name, in->name_match);
    }
    /* a name of the flow's own that is not Apple's outweighs DNS */
    if (in->dns_name && in->dns_match && (!own_name || in->name_match)) {
        v->kinds |= APPLE_EVIDENCE_DNS;
        add_match(v, in->dns_name, in->dns_match);
    }
    if (in->packet_name && in->packet_match) {
        v->kinds |= APPLE_EVIDENCE_DNS_NAME;
        add_match(v, in->packet_name, in->packet_match);
    }
    if (in->apple_query)
        v->kinds |= APPLE_EVIDENCE_DNS_NAME;
    if (in->network) {
        v->kinds |= APPLE_EVIDENCE_ADDRESS;
        if (in->network->scope == APPLE_NETWORK_APNS && in->push_service)
            add_service(v, in->push_service);
    }
    if (in->bonjour)
        v->kinds |= APPLE_EVIDENCE_BONJOUR;
    v->verified = v->kinds != 0;
}
