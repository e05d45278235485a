/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "isplic-core.h"

G_BEGIN_DECLS

/*
 * Every field of one license, its key fetched on demand (soft.edit via
 * isplic_client_get_details_async), Copy buttons for key and IP, and the operations as
 * buttons bound to the window's win.* actions.
 */
#define ISPLIC_TYPE_DETAILS_PANE (isplic_details_pane_get_type ())
G_DECLARE_FINAL_TYPE (IsplicDetailsPane, isplic_details_pane, ISPLIC, DETAILS_PANE, AdwBin)

GtkWidget     *isplic_details_pane_new         (void);
void           isplic_details_pane_set_client  (IsplicDetailsPane *self, IsplicClient *client);
/* Shows @license (nullable). Its key is fetched when the pane shows it and it has none. */
void           isplic_details_pane_set_license (IsplicDetailsPane *self, IsplicLicense *license);
IsplicLicense *isplic_details_pane_get_license (IsplicDetailsPane *self);
/* Shows one license as isplic_details_pane_set_license(), none, or with two or more a summary:
 * their number, what they cost together per currency and period, the earliest expiry and the
 * group actions. @licenses (nullable) is copied. */
void           isplic_details_pane_set_licenses (IsplicDetailsPane *self, GPtrArray *licenses);
/* How many licenses the pane shows (0, 1, or the number summed up). */
guint          isplic_details_pane_get_n_licenses (IsplicDetailsPane *self);
/* Whether a trial is among the selected: the Renew buttons say they cannot renew it. */
void           isplic_details_pane_set_trial    (IsplicDetailsPane *self, gboolean any_trial);
/* The key as shown, or NULL while it is unknown. */
const char    *isplic_details_pane_get_key     (IsplicDetailsPane *self);
/* Fetches the key (again). */
void           isplic_details_pane_fetch_key   (IsplicDetailsPane *self);

G_END_DECLS
