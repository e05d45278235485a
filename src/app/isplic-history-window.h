/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "isplic-core.h"

G_BEGIN_DECLS

/*
 * The History window (issue 11): what IspLic sent on the signed-in account, from the local
 * journal (read in a worker thread), newest first, with each entry's outcome; and beside it the
 * billing server's own history of the license an entry concerns. Two panes in an AdwLeaflet:
 * stacked with a back button on narrow windows.
 */

#define ISPLIC_TYPE_HISTORY_WINDOW (isplic_history_window_get_type ())
G_DECLARE_FINAL_TYPE (IsplicHistoryWindow, isplic_history_window, ISPLIC, HISTORY_WINDOW,
                      AdwWindow)

/* @client: the signed-in account (its journal and its server's history; the demo's client has
 * no journal); @licenses (nullable): the account's list, for the licenses' names. */
GtkWidget  *isplic_history_window_new     (IsplicClient      *client,
                                           IsplicLicenseList *licenses);
/* Reads the journal again (in a worker thread). */
void        isplic_history_window_reload  (IsplicHistoryWindow *self);
/* Whether a journal read is in flight. */
gboolean    isplic_history_window_get_loading (IsplicHistoryWindow *self);

G_END_DECLS
