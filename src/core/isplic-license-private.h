/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "isplic-license.h"

G_BEGIN_DECLS

/* Everything a license holds, for building one in a single step (a parser in a worker thread
 * makes tens of thousands; property setters would emit a notify per field). */
typedef struct
{
  char *name;           /* owned, nullable */
  char *ip;             /* owned, nullable */
  char *tariff_id;      /* owned, nullable */
  char *tariff_name;    /* owned, nullable */
  char *status_label;   /* owned, nullable */
  char *cost;           /* owned, nullable */
  char *key;            /* owned, nullable */
  GDateTime *created;   /* owned, nullable */
  GDateTime *expires;   /* owned, nullable */
  int period;
  int auto_renew;
  int nodes;
  IsplicLicenseStatus status;
} IsplicLicenseData;

/* Takes @id and everything in @data (which is left cleared). No notifications. */
IsplicLicense *isplic_license_new_take (char              *id,
                                        IsplicLicenseData *data);
void           isplic_license_data_clear (IsplicLicenseData *data);

G_END_DECLS
