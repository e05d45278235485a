/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE for a literal IPv4 or IPv6 address (no host names, no ports, no scope ids). */
gboolean   isplic_ip_is_valid             (const char *text);
gboolean   isplic_ip_equal                (const char *a, const char *b);
/* TRUE when @url is https://, or http:// to a loopback host (127.0.0.0/8, ::1, localhost). */
gboolean   isplic_url_is_secure           (const char *url);
/* Parses "YYYY-MM-DD", also with a time part after a space or a "T" (read as its date), as a
 * local-time midnight; NULL for anything else (never crashes). */
GDateTime *isplic_date_parse              (const char *text);
/* Formats as "YYYY-MM-DD"; NULL when @date is NULL. */
char      *isplic_date_format             (GDateTime  *date);

/* Longest license id, in digits. */
#define ISPLIC_ID_MAX_DIGITS 18
/* TRUE for a license id: a positive decimal integer, no sign, spaces or leading zeros. */
gboolean   isplic_id_is_valid             (const char *id);
/* (transfer full) @ids with repeats left out (the first of each kept, in order). *n_dropped
 * (nullable) is how many were left out. */
char     **isplic_ids_dedup               (const char * const *ids,
                                           guint              *n_dropped);

/* Longest license name accepted, in characters (Unicode code points). */
#define ISPLIC_NAME_MAX_CHARS 100
/* NULL when @name can be a license name, else (transfer full) a sentence saying why not: empty,
 * not UTF-8, longer than ISPLIC_NAME_MAX_CHARS, with line breaks, control characters (C0, C1,
 * DEL), bidi embeddings/overrides/isolates/marks, or with nothing visible. */
char      *isplic_name_check              (const char *name);

/* (transfer full) "1,997": @n with its digits grouped by the locale's thousands separator (a
 * no-break space in Russian), or by a comma when the locale has none (the C locale). For every
 * count shown to a person. */
char      *isplic_count_format            (guint       n);

#define ISPLIC_SERVER_EU "https://api-eu.ispmanager.com/manager/billmgr"
#define ISPLIC_SERVER_RU "https://api.ispmanager.ru/manager/billmgr"

/* Takes @objects (a GPtrArray whose free function drops a reference each) and empties it a few
 * milliseconds per main-loop iteration of the calling thread's context: dropping the last
 * references to 100,000 licenses at once (a sign-out) was a stall of ~50 ms. */
void       isplic_release_in_slices       (GPtrArray  *objects);

/* Removes the file @path; TRUE, with no error, when there is none. */
gboolean   isplic_remove_file             (const char  *path,
                                           GError     **error);

G_END_DECLS
