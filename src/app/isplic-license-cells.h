/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "isplic-license-view.h"

G_BEGIN_DECLS

/* The cells of the license list: one GtkInscription (or, for the status badge, a GtkLabel) per
 * column, bound to a stable IsplicRow (see isplic-row-model.h) rather than to the license. */

typedef enum {
  ISPLIC_LICENSE_COLUMN_NAME,
  ISPLIC_LICENSE_COLUMN_IP,
  ISPLIC_LICENSE_COLUMN_TARIFF,
  ISPLIC_LICENSE_COLUMN_STATUS,
  ISPLIC_LICENSE_COLUMN_EXPIRES,
  ISPLIC_LICENSE_COLUMN_AUTO_RENEW,
  ISPLIC_LICENSE_COLUMN_COST,
  ISPLIC_LICENSE_N_COLUMNS,
  /* Not a column: the expiry column when it shows the date alone (narrow views). */
  ISPLIC_LICENSE_COLUMN_EXPIRES_DATE = ISPLIC_LICENSE_N_COLUMNS,
} IsplicLicenseColumn;

/* Horizontal padding of a cell (the theme's 6 px either side). */
#define ISPLIC_LICENSE_CELL_PADDING 12

/* Makes @factory build and bind the cells of @column; @view gives the warning period. */
void         isplic_license_cells_init_factory (GtkSignalListItemFactory *factory,
                                                IsplicLicenseColumn       column,
                                                IsplicLicenseView        *view);
/* Widths in characters of the font (so they hold at any text scale): the natural one fits the
 * widest text the column shows in the current language. */
guint        isplic_license_cells_get_nat_chars  (GtkWidget                *widget,
                                                  IsplicLicenseColumn       kind);
guint        isplic_license_cells_get_min_chars  (IsplicLicenseColumn       kind);
/* Pixels a column of @kind needs in @widget's font, padding included (an estimate for layout
 * decisions made before any cell exists). */
int          isplic_license_cells_estimate_width (GtkWidget                *widget,
                                                  IsplicLicenseColumn       kind,
                                                  gboolean                  natural);
/* Expiry cells show the date alone (TRUE) or with how far away it is. */
void         isplic_license_cells_set_compact_expires (IsplicLicenseView *view,
                                                       gboolean           compact);
/* Lets go of the cells (the view is being disposed). */
void         isplic_license_cells_forget         (IsplicLicenseView        *view);
/* (transfer none, nullable) the list item whose cell is @widget or one of its first children. */
GtkListItem *isplic_license_cells_find_item    (GtkWidget                *widget);

G_END_DECLS
