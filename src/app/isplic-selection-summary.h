/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "isplic-core.h"

G_BEGIN_DECLS

/* What several selected licenses come to, for the details pane's summary. */

/* One line per currency and period, in the order first met:
 * "3 × 10.00 EUR per month = 30.00 EUR per month" when they cost the same,
 * "2 licenses: 25.00 EUR per year" when they do not, and "1 without a known cost" for those whose
 * cost cannot be read. NULL for an empty array. (transfer full) */
char          *isplic_selection_format_cost    (GPtrArray *licenses);
/* (transfer none, nullable) the license that expires first (those without a date are skipped). */
IsplicLicense *isplic_selection_earliest_expiry (GPtrArray *licenses);

G_END_DECLS
