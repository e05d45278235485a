/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "isplic-license-sort.h"

#define DEFINE_SORT(column)                                                   \
  int                                                                         \
  isplic_sort_by_##column (gconstpointer a, gconstpointer b, gpointer data)   \
  {                                                                           \
    return isplic_license_compare_##column ((IsplicLicense *) a,              \
                                            (IsplicLicense *) b);             \
  }

DEFINE_SORT (name)
DEFINE_SORT (tariff)
DEFINE_SORT (ip)
DEFINE_SORT (status)
DEFINE_SORT (expires)
DEFINE_SORT (auto_renew)
DEFINE_SORT (cost)
