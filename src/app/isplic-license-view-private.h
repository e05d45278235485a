/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "isplic-license-cells.h"
#include "isplic-license-view.h"
#include "isplic-row-model.h"
#include "isplic-sorted-model.h"

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
  guint grow_tick_id;             /* on grow_ticker while the row model grows by steps */
  GtkWidget *grow_ticker;         /* weak: the window the list is in */
  gboolean keep_selected_set;     /* re-applying a partial selection: the set stays as it is */

  /* columns (isplic-license-view-columns.c) */
  GSettings *settings;            /* owned, nullable: where the schema is not installed */
  GSimpleActionGroup *column_actions;
  guint user_hidden;              /* bit per IsplicLicenseColumn: hidden by the person */
  guint narrow_hidden;            /* bit per column: stepped aside in a narrow view */
  int header_widths[ISPLIC_LICENSE_N_COLUMNS]; /* natural widths of the column headers */
  gboolean compact_expires;       /* expiry cells show the date alone */
  GHashTable *expires_cells;      /* GtkInscription* (weak): the expiry cells */
  gboolean follow_selection;      /* a sort is under way: scroll to the selection after it */
  int probe_column;               /* reading the column view's sorter: see read_sort_keys() */
  GArray *probed;                 /* IsplicLicenseColumn: the sorters the probe reached */
  guint save_widths_id;
  gboolean applying_widths;

  /* template children */
  AdwStatusPage *no_match_page;
  GtkColumnView *column_view;
  GtkMultiSelection *selection;
  IsplicRowModel *row_model;
  IsplicSortedModel *filter_model; /* the licenses shown: filtered and sorted */
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
  GMenuModel *context_menu;     /* given to row_popover when it first opens */
};

/* Whether rows are still being added or sorted by steps. */
gboolean isplic_license_view_get_pending    (IsplicLicenseView *self);
/* Ends all of it now (selecting by id needs the final positions). */
void     isplic_license_view_finish_pending (IsplicLicenseView *self);

/* isplic-license-view-selection.c */
void     isplic_license_view_init_selection (IsplicLicenseView *self);
void     isplic_license_view_stop_growing   (IsplicLicenseView *self);
gboolean isplic_license_view_context_key_cb (GtkWidget         *widget,
                                             GVariant          *args,
                                             gpointer           user_data);

/* isplic-license-view-columns.c */
void     isplic_license_view_class_init_columns  (GtkWidgetClass      *widget_class);
void     isplic_license_view_init_columns        (IsplicLicenseView   *self);
void     isplic_license_view_dispose_columns     (IsplicLicenseView   *self);
GtkColumnViewColumn *
         isplic_license_view_get_column          (IsplicLicenseView   *self,
                                                  IsplicLicenseColumn  kind);
/* Shown or hidden by the person (the name cannot be hidden); remembered in GSettings. */
void     isplic_license_view_set_column_shown    (IsplicLicenseView   *self,
                                                  IsplicLicenseColumn  kind,
                                                  gboolean             shown);
gboolean isplic_license_view_get_column_shown    (IsplicLicenseView   *self,
                                                  IsplicLicenseColumn  kind);
/* Bits (1 << IsplicLicenseColumn) of the columns hidden because the view is narrow. */
guint    isplic_license_view_get_narrow_hidden   (IsplicLicenseView   *self);
/* Scrolls the row at @position (of the shown rows) into view. */
void     isplic_license_view_scroll_to           (IsplicLicenseView   *self,
                                                  guint                position);
/* Writes resized widths now rather than once the drag settles. */
void     isplic_license_view_flush_column_widths (IsplicLicenseView   *self);

G_END_DECLS
