/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "isplic-core.h"

G_BEGIN_DECLS

/* The list's column orders, as GCompareDataFunc on two IsplicLicense (@user_data unused). They
 * run ~280,000 times per sort of 10,000 licenses, so the common cases skip the general helpers:
 * ASCII names compare without collation keys, plain IPv4 addresses and "1234.50 RUB" costs are
 * parsed here. Unknown expiry dates go last. */
int isplic_license_compare_name       (gconstpointer a, gconstpointer b, gpointer user_data);
int isplic_license_compare_tariff     (gconstpointer a, gconstpointer b, gpointer user_data);
int isplic_license_compare_ip         (gconstpointer a, gconstpointer b, gpointer user_data);
int isplic_license_compare_status     (gconstpointer a, gconstpointer b, gpointer user_data);
int isplic_license_compare_expires    (gconstpointer a, gconstpointer b, gpointer user_data);
int isplic_license_compare_auto_renew (gconstpointer a, gconstpointer b, gpointer user_data);
int isplic_license_compare_cost       (gconstpointer a, gconstpointer b, gpointer user_data);

G_END_DECLS
