/* apple-hosts.h
 * Apple's host names: which services Apple says a host is for, from its
 * list of hosts for enterprise networks (data/apple-hosts.tsv, whose
 * services are those of data/apple-host-services.tsv), Apple's own domains
 * (data/apple-domains.tsv) and the user host table. Lookups go by label
 * suffix and allocate nothing.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef APPLE_HOSTS_H
#define APPLE_HOSTS_H

#include "apple-hostname.h"
#include "apple-table.h"

/* What Apple says a host is for: one section of its host list
 * ("Software updates"), or a general service of a domain. */
typedef struct {
    const char *name[APPLE_N_LANGS];   /* shown as apple.host_service; Danish falls back to English */
    const char *description;
} apple_host_service_t;

/* One row of the host list or of the user host table. A pattern is an
 * exact name ("gdmf.apple.com"), "*.NAME" for any name below NAME
 * ("*.push.apple.com"), or "*-SUFFIX.NAME" for one label ending in -SUFFIX
 * directly below NAME ("*-courier.push.apple.com"). */
typedef struct {
    const char                 *pattern;
    const apple_host_service_t *service;
    bool                        from_user_table;
} apple_host_row_t;

/* A domain of Apple's own: any name under it is Apple's, with service. */
typedef struct {
    const char                 *domain;     /* "apple.com" */
    const apple_host_service_t *service;
} apple_domain_t;

/* Generated from data/ at build time. */
extern const apple_host_service_t apple_builtin_host_services[];
extern const size_t               apple_builtin_host_service_count;
extern const apple_host_row_t     apple_builtin_host_rows[];
extern const size_t               apple_builtin_host_row_count;
extern const apple_domain_t       apple_builtin_domains[];
extern const size_t               apple_builtin_domain_count;

/* The most services one host gets. */
#define APPLE_HOST_SERVICES_MAX 8

/* What the lookup found for a name. */
typedef struct {
    const char                 *pattern;      /* the matching pattern, or the domain */
    bool                        by_domain;    /* no pattern matched: Apple's domain did */
    bool                        from_user_table;
    size_t                      n_services;
    const apple_host_service_t *services[APPLE_HOST_SERVICES_MAX];
} apple_host_match_t;

typedef struct apple_host_table apple_host_table_t;

/* A table over rows (not copied: they must outlive it), the built-in
 * domains added. */
apple_host_table_t *apple_host_table_new(const apple_host_row_t *const *rows, size_t n_rows);

void apple_host_table_free(apple_host_table_t *table);

/* Looks name up (a normalized host name, apple-hostname.h): true and
 * *match if it is Apple's. The most specific pattern wins (an exact name,
 * then "*-SUFFIX.NAME", then "*.NAME" with the longest NAME), a user row
 * before a built-in one; the host's services are those of every row with
 * that pattern, each once, in row order. A name no pattern matches is
 * Apple's if it is under one of Apple's domains, with the domain's service. */
bool apple_hosts_lookup(const apple_host_table_t *table, const char *name, apple_host_match_t *match);

#endif /* APPLE_HOSTS_H */
