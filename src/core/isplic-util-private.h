/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* isplic_date_parse() in a given zone: a parser making many dates looks the zone up once. */
GDateTime *isplic_date_parse_in_zone (const char *text,
                                      GTimeZone  *zone);

G_END_DECLS
