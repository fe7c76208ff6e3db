/* main.c
 * gen-apple-data: the build tool that turns data/ into C (see generators.h).
 *
 *   gen-apple-data ports INPUT.tsv OUTPUT.c
 *   gen-apple-data hosts SERVICES.tsv HOSTS.tsv DOMAINS.tsv OUTPUT.c
 *   gen-apple-data networks INPUT.tsv OUTPUT.c
 *   gen-apple-data bonjour INPUT.tsv OUTPUT.c
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>
#include <string.h>

#include "generators.h"

static int usage(const char *program)
{
    fprintf(stderr,
            "usage: %s ports INPUT.tsv OUTPUT.c\n"
            "       %s hosts SERVICES.tsv HOSTS.tsv DOMAINS.tsv OUTPUT.c\n"
            "       %s networks INPUT.tsv OUTPUT.c\n"
            "       %s bonjour INPUT.tsv OUTPUT.c\n",
            program, program, program, program);
    return 2;
}

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "ports") == 0) {
        gen_ports(argv[2], argv[3]);
        return 0;
    }
    if (argc == 6 && strcmp(argv[1], "hosts") == 0) {
        gen_hosts(argv[2], argv[3], argv[4], argv[5]);
        return 0;
    }
    if (argc == 4 && strcmp(argv[1], "networks") == 0) {
        gen_networks(argv[2], argv[3]);
        return 0;
    }
    if (argc == 4 && strcmp(argv[1], "bonjour") == 0) {
        gen_bonjour(argv[2], argv[3]);
        return 0;
    }
    return usage(argv[0]);
}
