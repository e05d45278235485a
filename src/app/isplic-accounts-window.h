/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "isplic-window.h"

G_BEGIN_DECLS

/* "Manage Accounts": each stored account's user and server, its name (renamed in place, applied
 * with Enter or the row's apply button), the language of its server's messages, and a remove
 * button that asks first, then forgets
 * the account's password, kept list and notifications (isplic_window_remove_account()). Follows
 * the "accounts" key while it is open. */
#define ISPLIC_TYPE_ACCOUNTS_WINDOW (isplic_accounts_window_get_type ())
G_DECLARE_FINAL_TYPE (IsplicAccountsWindow, isplic_accounts_window, ISPLIC, ACCOUNTS_WINDOW,
                      AdwPreferencesWindow)

GtkWindow *isplic_accounts_window_new (IsplicWindow *parent,
                                       GSettings    *settings);

G_END_DECLS
