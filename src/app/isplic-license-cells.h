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
} IsplicLicenseColumn;

/* Makes @factory build and bind the cells of @column; @view gives the warning period. */
void         isplic_license_cells_init_factory (GtkSignalListItemFactory *factory,
                                                IsplicLicenseColumn       column,
                                                IsplicLicenseView        *view);
/* (transfer none, nullable) the list item whose cell is @widget or one of its first children. */
GtkListItem *isplic_license_cells_find_item    (GtkWidget                *widget);

G_END_DECLS
