/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "isplic-core.h"

G_BEGIN_DECLS

/*
 * IsplicLicenseView is the license table: an IsplicLicenseList sorted by the column headers,
 * filtered by a search text and a status, shown through stable rows (isplic-row-model.h), with a
 * multiple selection that follows the licenses themselves (not their positions) through
 * searches, sorts and refreshes, and a context menu on right-click, Shift+F10 and Menu.
 *
 * Properties: "licenses" (IsplicLicenseList), "search-text" (char*, the lower-case needle, NULL
 * for none), "status-filter" (IsplicStatusFilter as guint), "warning-days" (guint),
 * "context-menu" (GMenuModel, the row menu).
 * Signals:
 *   "selection-changed" (): the selected licenses changed.
 *   "rows-changed"      (): the rows show other licenses but the same ones stay selected (their
 *                           data may have changed).
 *   "row-activated"     (): a row was activated (double-click, Enter); it is selected.
 *   "shown-changed"     (): the number of licenses the filters let through may have changed.
 */

typedef enum {
  ISPLIC_STATUS_FILTER_ALL,
  ISPLIC_STATUS_FILTER_ACTIVE,
  ISPLIC_STATUS_FILTER_SUSPENDED,
  ISPLIC_STATUS_FILTER_EXPIRING,
} IsplicStatusFilter;

#define ISPLIC_TYPE_LICENSE_VIEW (isplic_license_view_get_type ())
G_DECLARE_FINAL_TYPE (IsplicLicenseView, isplic_license_view, ISPLIC, LICENSE_VIEW, AdwBin)

GtkWidget          *isplic_license_view_new               (void);
void                isplic_license_view_set_licenses      (IsplicLicenseView  *self,
                                                           IsplicLicenseList  *licenses);
/* (transfer none, nullable) */
IsplicLicenseList  *isplic_license_view_get_licenses      (IsplicLicenseView  *self);
/* Shows only licenses matching @text (nullable; trimmed, case-insensitive). */
void                isplic_license_view_set_search_text   (IsplicLicenseView  *self,
                                                           const char         *text);
/* (nullable) the lower-case needle in use. */
const char         *isplic_license_view_get_search_text   (IsplicLicenseView  *self);
void                isplic_license_view_set_status_filter (IsplicLicenseView  *self,
                                                           IsplicStatusFilter  filter);
IsplicStatusFilter  isplic_license_view_get_status_filter (IsplicLicenseView  *self);
/* Licenses expiring within @days are highlighted, and shown by the "expiring" filter. */
void                isplic_license_view_set_warning_days  (IsplicLicenseView  *self,
                                                           guint               days);
guint               isplic_license_view_get_warning_days  (IsplicLicenseView  *self);
void                isplic_license_view_set_context_menu  (IsplicLicenseView  *self,
                                                           GMenuModel         *menu);

/* (transfer container) the selected licenses, in view order. */
GPtrArray          *isplic_license_view_get_selected      (IsplicLicenseView  *self);
/* Selects the licenses with these ids (clearing the filters if they hide one) and scrolls to
 * the first. */
void                isplic_license_view_select_ids        (IsplicLicenseView  *self,
                                                           const char * const *ids);

/* Counts for the summary line. */
guint               isplic_license_view_get_n_shown       (IsplicLicenseView  *self);
guint               isplic_license_view_get_n_total       (IsplicLicenseView  *self);

G_END_DECLS
