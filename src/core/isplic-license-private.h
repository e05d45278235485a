/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "isplic-license.h"
#include "isplic-money.h"

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
  GDateTime *ip_change_date;   /* owned, nullable: details only */
  GDateTime *key_change_date;  /* owned, nullable: details only */
  int period;
  int auto_renew;
  int nodes;
  IsplicLicenseStatus status;
} IsplicLicenseData;

/* Sort keys and search text (isplic-license-keys.c), kept up to date by the license. */
typedef struct
{
  char *folded;        /* owned: case-folded name, IP and id, separated by \001 */
  char *tariff;        /* owned GRefString, interned: the case-folded tariff name */
  gint64 expires;      /* Unix time; G_MAXINT64 when unknown (sorts last) */
  double cost;         /* the first number of the cost text; 0 without one */
  IsplicMoney cost_money;  /* the cost text parsed (isplic_money_parse()), when cost_known */
  gboolean cost_known;
  guint8 ip_rank;      /* 1 IPv4, 2 IPv6, 3 anything else (compared as text) */
  guint8 ip[16];       /* the address bytes, IPv4 in the first 4 */
} IsplicLicenseKeys;

void        isplic_license_keys_set_text    (IsplicLicenseKeys *keys, const char *id,
                                             const char *name, const char *ip);
void        isplic_license_keys_set_tariff  (IsplicLicenseKeys *keys, const char *tariff_name);
void        isplic_license_keys_set_expires (IsplicLicenseKeys *keys, GDateTime *expires);
void        isplic_license_keys_set_cost    (IsplicLicenseKeys *keys, const char *cost);
void        isplic_license_keys_clear       (IsplicLicenseKeys *keys);
/* Bumps isplic_license_get_keys_serial(): the license's setters call it after a key changed. */
void        isplic_license_keys_changed     (void);

/* The cost text as parsed when it was set (no period filled in): FALSE when it is not money. */
gboolean       isplic_license_peek_cost_money (IsplicLicense *self, IsplicMoney *out);

/* (nullable) The status label as the server gave it, without the translated fallback. */
const char    *isplic_license_get_server_status_label (IsplicLicense *self);

/* Takes @id and everything in @data (which is left cleared). No notifications. */
IsplicLicense *isplic_license_new_take (char              *id,
                                        IsplicLicenseData *data);
void           isplic_license_data_clear (IsplicLicenseData *data);

G_END_DECLS
