/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "isplic-core.h"

G_BEGIN_DECLS

/* The list's column orders, as GCompareDataFunc on two IsplicLicense (@user_data unused): the
 * core's compare functions, which read the keys each license keeps (no parsing, no folding, no
 * allocation per comparison). Unknown values go last. */
int isplic_sort_by_name       (gconstpointer a, gconstpointer b, gpointer user_data);
int isplic_sort_by_tariff     (gconstpointer a, gconstpointer b, gpointer user_data);
int isplic_sort_by_ip         (gconstpointer a, gconstpointer b, gpointer user_data);
int isplic_sort_by_status     (gconstpointer a, gconstpointer b, gpointer user_data);
int isplic_sort_by_expires    (gconstpointer a, gconstpointer b, gpointer user_data);
int isplic_sort_by_auto_renew (gconstpointer a, gconstpointer b, gpointer user_data);
int isplic_sort_by_cost       (gconstpointer a, gconstpointer b, gpointer user_data);

G_END_DECLS
