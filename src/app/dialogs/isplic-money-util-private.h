/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "isplic-core.h"

G_BEGIN_DECLS

/*
 * Money helpers shared by the window and the dialogs (issue 8). Every money function of the
 * server is optional: a NOT_OFFERED error hides the piece that needed it, quietly.
 */

/* TRUE for ISPLIC_CLIENT_ERROR_NOT_OFFERED. */
gboolean isplic_money_error_is_not_offered (const GError        *error);


/* (transfer full) "500.00 EUR", or with a credit limit "500.00 EUR (credit limit 100.00 EUR)". */
char    *isplic_balance_format             (const IsplicBalance *balance);

/* (transfer full) a copy of @balance; NULL for NULL. */
IsplicBalance *isplic_balance_copy         (const IsplicBalance *balance);

/* Shows @text in @label with the "warning" style, or hides it for NULL. */
void     isplic_money_set_warning          (GtkLabel            *label,
                                            const char          *text);

/* (transfer full) "Total: X, charged now from your balance of Y", or without the balance when
 * @balance is NULL. */
char    *isplic_money_charge_text          (const IsplicMoney   *total,
                                            const IsplicBalance *balance);

/* A short balance: @warning (NULL when the balance covers the charge) in @label, and @check,
 * the explicit confirmation, shown; else both hidden and the check unticked. */
void     isplic_money_show_shortfall       (GtkLabel            *label,
                                            GtkCheckButton      *check,
                                            const char          *warning);

/* Asks the server for the balance for @dialog (a GObject, kept alive meanwhile). When it comes
 * and *@disposed is still FALSE, it replaces *@slot (a field of @dialog) and @update (@dialog)
 * runs; a balance not offered or not read leaves *@slot as it was. */
void     isplic_dialog_load_balance        (gpointer             dialog,
                                            IsplicClient        *client,
                                            GCancellable        *cancellable,
                                            IsplicBalance      **slot,
                                            const gboolean      *disposed,
                                            void               (*update) (gpointer dialog));

/* (transfer full, nullable) the billing panel's address for a browser: @base_url's scheme, host,
 * port and path, without user, password, query or fragment (no credential leaves the app);
 * NULL when @base_url is not an absolute http(s) URI. */
char    *isplic_billing_panel_uri          (const char          *base_url);

G_END_DECLS
