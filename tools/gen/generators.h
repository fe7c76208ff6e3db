/* generators.h
 * The build's data generators: each reads data files (data/ *.tsv files), checks
 * every row, and writes the C the plugin is built with. A malformed row
 * fails the build with "file:line: reason" and writes nothing.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef GENERATORS_H
#define GENERATORS_H

/* data/apple-ports.tsv -> apple_builtin_rows */
void gen_ports(const char *input, const char *output);

/* data/apple-host-services.tsv, data/apple-hosts.tsv, data/apple-domains.tsv
 * -> apple_builtin_host_services, apple_builtin_host_rows, apple_builtin_domains */
void gen_hosts(const char *services, const char *hosts, const char *domains, const char *output);

/* data/apple-networks.tsv -> apple_builtin_networks */
void gen_networks(const char *input, const char *output);

/* data/bonjour-services.tsv -> apple_builtin_bonjour_types */
void gen_bonjour(const char *input, const char *output);

#endif /* GENERATORS_H */
