/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "isplic-license-view.h"
#include "isplic-row-model.h"

G_BEGIN_DECLS

/* For tests that look inside the table. */
struct _IsplicLicenseView
{
  AdwBin parent_instance;

  IsplicLicenseList *licenses;    /* owned, nullable */
  GHashTable *selected_set;       /* IsplicLicense* (owned refs): the selection by identity */
  char *needle;                   /* owned, nullable: lower-case search text */
  IsplicStatusFilter status_filter;
  guint warning_days;
  guint expiring;                 /* licenses within the warning period */
  gboolean expiring_dirty;
  guint grow_tick_id;             /* on column_view while the row model grows by steps */
  gboolean keep_selected_set;     /* re-applying a partial selection: the set stays as it is */
  gboolean scroll_after_sort;     /* bring the selection into view when the sort is done */

  /* template children */
  AdwStatusPage *no_match_page;
  GtkColumnView *column_view;
  GtkMultiSelection *selection;
  IsplicRowModel *row_model;
  GtkFilterListModel *filter_model;
  GtkCustomFilter *filter;
  GtkSortListModel *sort_model;
  GtkCustomSorter *name_sorter;
  GtkCustomSorter *tariff_sorter;
  GtkCustomSorter *ip_sorter;
  GtkCustomSorter *status_sorter;
  GtkCustomSorter *expires_sorter;
  GtkCustomSorter *cost_sorter;
  GtkCustomSorter *auto_renew_sorter;
  GtkColumnViewColumn *name_column;
  GtkColumnViewColumn *ip_column;
  GtkColumnViewColumn *tariff_column;
  GtkColumnViewColumn *status_column;
  GtkColumnViewColumn *expires_column;
  GtkColumnViewColumn *auto_renew_column;
  GtkColumnViewColumn *cost_column;
  GtkSignalListItemFactory *name_factory;
  GtkSignalListItemFactory *ip_factory;
  GtkSignalListItemFactory *tariff_factory;
  GtkSignalListItemFactory *status_factory;
  GtkSignalListItemFactory *expires_factory;
  GtkSignalListItemFactory *auto_renew_factory;
  GtkSignalListItemFactory *cost_factory;
  GtkPopoverMenu *row_popover;
};

/* Whether rows are still being added or sorted by steps. */
gboolean isplic_license_view_get_pending    (IsplicLicenseView *self);
/* Ends all of it now (selecting by id needs the final positions). */
void     isplic_license_view_finish_pending (IsplicLicenseView *self);

/* isplic-license-view-selection.c */
void     isplic_license_view_scroll_to      (IsplicLicenseView *self,
                                             guint              position);
void     isplic_license_view_init_selection (IsplicLicenseView *self);
void     isplic_license_view_stop_growing   (IsplicLicenseView *self);
gboolean isplic_license_view_context_key_cb (GtkWidget         *widget,
                                             GVariant          *args,
                                             gpointer           user_data);

G_END_DECLS
