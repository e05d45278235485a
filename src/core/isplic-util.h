/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE for a literal IPv4 or IPv6 address (no host names, no ports, no scope ids). */
gboolean   isplic_ip_is_valid             (const char *text);
/* TRUE when @url is https://, or http:// to a loopback host (127.0.0.0/8, ::1, localhost). */
gboolean   isplic_url_is_secure           (const char *url);
/* Parses "YYYY-MM-DD" as a local-time midnight; NULL for anything else (never crashes). */
GDateTime *isplic_date_parse              (const char *text);
/* Formats as "YYYY-MM-DD"; NULL when @date is NULL. */
char      *isplic_date_format             (GDateTime  *date);

#define ISPLIC_SERVER_EU "https://api-eu.ispmanager.com/manager/billmgr"
#define ISPLIC_SERVER_RU "https://api.ispmanager.ru/manager/billmgr"

G_END_DECLS
