/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "isplic-core.h"

G_BEGIN_DECLS

/* Presentation helpers for licenses, shared by the list, the details pane and the tests. */

/* "1,234": digits grouped with the locale's separator, or a comma when it has none. */
char       *isplic_format_count            (guint                n);
/* "in 5 days", "today", "tomorrow", "expired yesterday", "expired 2 days ago"; NULL when unknown. */
char       *isplic_format_relative_days    (int                  days_left);
/* "2027-12-01 (in 5 days)", or "—" when there is no expiry date. */
char       *isplic_format_expires          (IsplicLicense       *license);
/* Days from today (local) to the expiry date, G_MAXINT when unknown, negative when expired.
 * Unlike isplic_license_days_left() it allocates nothing and does not look up the time zone
 * per call (that dominated filtering and drawing 10,000 rows); "today" is re-read every 30 s. */
int         isplic_format_days_left        (IsplicLicense       *license);
/* The tariff's short name for lists: "Lite", "Pro", "Host", "Trial", "Business · 3 nodes" (the
 * node count for a tariff that takes nodes). See isplic_tariff_short_name(). */
char       *isplic_license_format_tariff_short (IsplicLicense *license);
/* "Off", "Monthly", "Yearly" (translated). */
const char *isplic_format_auto_renew       (int                  auto_renew);
/* "1 month", "1 year", "Trial" (translated), "—" when unknown. */
char       *isplic_format_period           (int                  period);
/* CSS class for the status badge: "status-active", "status-suspended"… */
const char *isplic_status_css_class        (IsplicLicenseStatus  status);
/* "1,234 licenses · 12 expiring within 14 days"; with @shown < @total:
 * "Showing 5 of 1,234 licenses · …". */
char       *isplic_format_summary          (guint                total,
                                            guint                shown,
                                            guint                expiring,
                                            guint                warning_days);

/* TRUE when the license expires within @warning_days (today counts; expired ones do not).
 * Main thread only: the window of dates is kept for 30 s. */
gboolean    isplic_license_is_expiring     (IsplicLicense       *license,
                                            guint                warning_days);
/* Sort helpers: numeric IP order (IPv4 before IPv6, unparsable last), leading number of a cost. */
int         isplic_compare_ip              (const char          *a,
                                            const char          *b);
double      isplic_cost_value              (const char          *cost);
/* Rank of a status for sorting: active, processing, ordered, suspended, deleted, unknown. */
int         isplic_status_rank             (IsplicLicenseStatus  status);

/* (transfer full) The license's cost in the locale's own words ("10.00 EUR per month", in
 * Russian in lower case), or the server's text when it cannot be read; "" without a cost. */
char       *isplic_format_cost             (IsplicLicense       *license);

G_END_DECLS
