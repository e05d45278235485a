/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "isplic-core.h"
#include "isplic-license-cells.h"
#include "isplic-license-view.h"

G_BEGIN_DECLS

/*
 * IsplicSortedModel shows the licenses of a source GListModel filtered (search text, status)
 * and sorted (a chain of columns, each ascending or descending; ties keep the source's order).
 *
 * From a threshold of licenses on (isplic_sorted_model_set_threaded_min()), the work runs in a
 * worker thread on a copy of the licenses' keys (isplic_license_copy_keys()), and its result
 * replaces the shown licenses in ONE items-changed: no main-loop iteration sorts or filters
 * 100,000 licenses. Until then the old order stays shown and "pending" is TRUE; a newer request
 * supersedes an older one, whose result is dropped. Below the threshold it is done at once.
 *
 * With no sort and no filter the model passes the source through as it is (its changes too).
 *
 * The copy of the keys is made on the main thread (~14 ms at 100,000 licenses on this 2-core
 * machine) only when the source changed or a license's keys changed since the last copy
 * (isplic_license_get_keys_serial()); a keystroke or a click on a column copies nothing. The
 * splice then costs ~4 ms (the ~200 rows on screen take their new licenses) plus GTK measuring
 * those rows in the next frame.
 */

typedef struct
{
  IsplicLicenseColumn column;
  gboolean descending;
} IsplicSortKey;

#define ISPLIC_SORTED_MODEL_MAX_KEYS ISPLIC_LICENSE_N_COLUMNS

#define ISPLIC_TYPE_SORTED_MODEL (isplic_sorted_model_get_type ())
G_DECLARE_FINAL_TYPE (IsplicSortedModel, isplic_sorted_model, ISPLIC, SORTED_MODEL, GObject)

IsplicSortedModel *isplic_sorted_model_new          (GListModel         *source);
void               isplic_sorted_model_set_source   (IsplicSortedModel  *self,
                                                     GListModel         *source);
/* @keys: the primary column first; no column twice. NULL or 0 keys: the source's order. */
void               isplic_sorted_model_set_sort     (IsplicSortedModel  *self,
                                                     const IsplicSortKey *keys,
                                                     guint               n_keys);
/* @folded_needle: from isplic_fold_search_text(), or NULL for none. */
void               isplic_sorted_model_set_filter   (IsplicSortedModel  *self,
                                                     const char         *folded_needle,
                                                     IsplicStatusFilter  status,
                                                     guint              warning_days);
/* Lists of at least @n licenses are sorted and filtered in a worker thread (default 2,000). */
void               isplic_sorted_model_set_threaded_min (IsplicSortedModel *self,
                                                         guint              n);
/* Whether a worker's result is awaited ("pending" notifies). */
gboolean           isplic_sorted_model_get_pending  (IsplicSortedModel  *self);
/* Computes the awaited result here and now, and shows it. */
void               isplic_sorted_model_finish       (IsplicSortedModel  *self);

G_END_DECLS
