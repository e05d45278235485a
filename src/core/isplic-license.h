/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  ISPLIC_LICENSE_STATUS_UNKNOWN = 0,
  ISPLIC_LICENSE_STATUS_ORDERED = 1,
  ISPLIC_LICENSE_STATUS_ACTIVE = 2,
  ISPLIC_LICENSE_STATUS_SUSPENDED = 3,
  ISPLIC_LICENSE_STATUS_DELETED = 4,
  ISPLIC_LICENSE_STATUS_PROCESSING = 5,
} IsplicLicenseStatus;

GType isplic_license_status_get_type (void) G_GNUC_CONST;
#define ISPLIC_TYPE_LICENSE_STATUS (isplic_license_status_get_type ())
/* Translated label ("Active"…). */
const char *isplic_license_status_to_label (IsplicLicenseStatus status);
/* Stable English nick ("active"…), as used by the CLI's --json output. */
const char *isplic_license_status_to_nick  (IsplicLicenseStatus status);

#define ISPLIC_TYPE_LICENSE (isplic_license_get_type ())
G_DECLARE_FINAL_TYPE (IsplicLicense, isplic_license, ISPLIC, LICENSE, GObject)

/*
 * Properties (all readable and writable, G_PARAM_EXPLICIT_NOTIFY — a notify only on a real change):
 *   "id"            char*      billmgr elid, e.g. "1234567"
 *   "name"          char*      licname
 *   "ip"            char*
 *   "tariff-id"     char*      pricelist code, e.g. "55227" (may be NULL when the list only has a name)
 *   "tariff-name"   char*
 *   "period"        int        months: 1, 12, ISPLIC_TRIAL_PERIOD for trials, 0 unknown
 *   "status"        IsplicLicenseStatus
 *   "status-label"  char*      the server's label if it gave one, else the translated one (read-only)
 *   "created"       GDateTime* nullable
 *   "expires"       GDateTime* nullable
 *   "auto-renew"    int        0 off, 1 monthly, 12 yearly
 *   "cost"          char*      as the server formats it, e.g. "500.00 RUB / Month"
 *   "nodes"         int        0 unless the tariff takes nodes
 *   "key"           char*      license key when known (details), else NULL
 */
IsplicLicense      *isplic_license_new              (const char *id);

const char         *isplic_license_get_id           (IsplicLicense *self);
const char         *isplic_license_get_name         (IsplicLicense *self);
const char         *isplic_license_get_ip           (IsplicLicense *self);
const char         *isplic_license_get_tariff_id    (IsplicLicense *self);
const char         *isplic_license_get_tariff_name  (IsplicLicense *self);
int                 isplic_license_get_period       (IsplicLicense *self);
IsplicLicenseStatus isplic_license_get_status       (IsplicLicense *self);
const char         *isplic_license_get_status_label (IsplicLicense *self);
GDateTime          *isplic_license_get_created      (IsplicLicense *self);
GDateTime          *isplic_license_get_expires      (IsplicLicense *self);
int                 isplic_license_get_auto_renew   (IsplicLicense *self);
const char         *isplic_license_get_cost         (IsplicLicense *self);
int                 isplic_license_get_nodes        (IsplicLicense *self);
const char         *isplic_license_get_key          (IsplicLicense *self);
/* (nullable) When the IP / the key last changed: known from the details (soft.edit) only, kept
 * across list refreshes. Each may change once a month. */
GDateTime          *isplic_license_get_ip_change_date  (IsplicLicense *self);
GDateTime          *isplic_license_get_key_change_date (IsplicLicense *self);

void isplic_license_set_name         (IsplicLicense *self, const char *name);
void isplic_license_set_ip           (IsplicLicense *self, const char *ip);
void isplic_license_set_tariff_id    (IsplicLicense *self, const char *tariff_id);
void isplic_license_set_tariff_name  (IsplicLicense *self, const char *tariff_name);
void isplic_license_set_period       (IsplicLicense *self, int period);
void isplic_license_set_status       (IsplicLicense *self, IsplicLicenseStatus status);
void isplic_license_set_status_label (IsplicLicense *self, const char *label);
void isplic_license_set_created      (IsplicLicense *self, GDateTime *created);
void isplic_license_set_expires      (IsplicLicense *self, GDateTime *expires);
void isplic_license_set_auto_renew   (IsplicLicense *self, int auto_renew);
void isplic_license_set_cost         (IsplicLicense *self, const char *cost);
void isplic_license_set_nodes        (IsplicLicense *self, int nodes);
void isplic_license_set_key          (IsplicLicense *self, const char *key);

/* Copies every property of @from into @self (ids must match), notifying only changed ones.
 * A NULL key in @from keeps @self's known key. */
void isplic_license_update_from (IsplicLicense *self, IsplicLicense *from);

/* Days from today (local) to the expiry date; G_MAXINT when unknown. Negative when expired. */
int  isplic_license_days_left (IsplicLicense *self, GDateTime *now);

/* The expiry dates that count as "expiring soon": from the start of today to the end of the day
 * @warning_days later, in local time. Made once for a pass over many licenses, so the test for
 * each is two comparisons of its expiry key. */
typedef struct
{
  gint64 from;  /* Unix time of today's local midnight */
  gint64 until; /* Unix time of the local midnight after the last day counted */
} IsplicExpiryWindow;

/* @now (nullable): the current time, for tests. */
void     isplic_expiry_window_init   (IsplicExpiryWindow *window, guint warning_days, GDateTime *now);
/* TRUE when the license is not deleted and expires within @window. */
gboolean isplic_license_is_expiring_in (IsplicLicense *self, const IsplicExpiryWindow *window);

/* Sorting and searching. Each license keeps its sort keys and search text, made when it is made
 * (in the thread that parses a list) and when a field they come from changes, so these neither
 * parse nor allocate. Each returns -1, 0 or 1; unknown values sort last. */
int         isplic_license_compare_name       (IsplicLicense *a, IsplicLicense *b);
int         isplic_license_compare_ip         (IsplicLicense *a, IsplicLicense *b);
int         isplic_license_compare_tariff     (IsplicLicense *a, IsplicLicense *b);
int         isplic_license_compare_status     (IsplicLicense *a, IsplicLicense *b);
int         isplic_license_compare_expires    (IsplicLicense *a, IsplicLicense *b);
int         isplic_license_compare_cost       (IsplicLicense *a, IsplicLicense *b);
int         isplic_license_compare_auto_renew (IsplicLicense *a, IsplicLicense *b);
/* Active 0, Processing 1, Ordered 2, Suspended 3, Deleted 4, unknown 5. */
int         isplic_license_status_rank        (IsplicLicenseStatus status);
/* The case-folded name, IP and id the search looks in. */
const char *isplic_license_get_search_text    (IsplicLicense *self);
/* TRUE when @folded_needle (from isplic_fold_search_text(); NULL or "" matches all) is in the
 * license's name, IP or id. */
gboolean    isplic_license_search             (IsplicLicense *self, const char *folded_needle);
/* (transfer full) @text (nullable) made valid UTF-8 and case-folded, as searches compare. */
char       *isplic_fold_search_text           (const char *text);

/* A copy of a license's sort keys and search text that any thread may read while the license
 * changes: the strings are shared, reference-counted and never changed in place. Made on the
 * license's thread; the compare functions order exactly as isplic_license_compare_*(). */
typedef struct
{
  const char *folded;   /* GRefString (a reference): the search text */
  const char *tariff;   /* GRefString (a reference), interned; nullable */
  gint64 expires;
  double cost;
  int nodes;
  int auto_renew;
  guint8 status_rank;
  guint8 ip_rank;
  guint8 ip[16];
} IsplicLicenseKeyCopy;

void     isplic_license_copy_keys           (IsplicLicense *self, IsplicLicenseKeyCopy *copy);
void     isplic_license_key_copy_clear      (IsplicLicenseKeyCopy *copy);
int      isplic_key_copy_compare_name       (const IsplicLicenseKeyCopy *a,
                                             const IsplicLicenseKeyCopy *b);
int      isplic_key_copy_compare_ip         (const IsplicLicenseKeyCopy *a,
                                             const IsplicLicenseKeyCopy *b);
int      isplic_key_copy_compare_tariff     (const IsplicLicenseKeyCopy *a,
                                             const IsplicLicenseKeyCopy *b);
int      isplic_key_copy_compare_status     (const IsplicLicenseKeyCopy *a,
                                             const IsplicLicenseKeyCopy *b);
int      isplic_key_copy_compare_expires    (const IsplicLicenseKeyCopy *a,
                                             const IsplicLicenseKeyCopy *b);
int      isplic_key_copy_compare_cost       (const IsplicLicenseKeyCopy *a,
                                             const IsplicLicenseKeyCopy *b);
int      isplic_key_copy_compare_auto_renew (const IsplicLicenseKeyCopy *a,
                                             const IsplicLicenseKeyCopy *b);
/* Changes whenever any license's keys change (a field they come from, its status, nodes or
 * auto-renewal): copies made under the same serial are still current. */
guint    isplic_license_get_keys_serial     (void);
/* As isplic_license_is_expiring_in(). */
gboolean isplic_key_copy_is_expiring_in     (const IsplicLicenseKeyCopy *copy,
                                             const IsplicExpiryWindow   *window);
/* As isplic_license_search(). */
gboolean isplic_key_copy_search             (const IsplicLicenseKeyCopy *copy,
                                             const char                 *folded_needle);

G_END_DECLS
