/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "isplic-core.h"

G_BEGIN_DECLS

/*
 * Every operation dialog is a modal window that runs its operation itself through the
 * IsplicClient, shows progress, refuses a second submission while one runs, shows the server's
 * error inline, and on success emits
 *
 *   "succeeded" (IsplicDialog-ish self, const char *message, GStrv affected_ids)
 *
 * with a message for a toast ("srv-01 renewed until 2027-12-01") and the ids to refresh/select,
 * then closes itself. The caller presents it with gtk_window_present() after
 * gtk_window_set_transient_for(). Closing a dialog while its request runs cancels the request,
 * except for money operations (order, renew, change tariff), whose dialog stays until the
 * outcome is known.
 */

/* Order a license (tariff, period, auto-renew, nodes, name, IP with debounced soft.checkip,
 * pay now or add to cart). "succeeded" carries the new license id (no id when the order went
 * to the cart). An order whose answer got lost is reconciled with the server, never resent. */
#define ISPLIC_TYPE_ORDER_DIALOG (isplic_order_dialog_get_type ())
G_DECLARE_FINAL_TYPE (IsplicOrderDialog, isplic_order_dialog, ISPLIC, ORDER_DIALOG, AdwWindow)
GtkWidget *isplic_order_dialog_new (IsplicClient *client);
/* The account's licenses (a GListModel of IsplicLicense): a suspended, paid license of the chosen
 * tariff is then offered for reuse instead of a new order. */
void       isplic_order_dialog_set_licenses (IsplicOrderDialog *self, GListModel *licenses);

/* Renew one or more licenses (GPtrArray of IsplicLicense, copied). */
#define ISPLIC_TYPE_RENEW_DIALOG (isplic_renew_dialog_get_type ())
G_DECLARE_FINAL_TYPE (IsplicRenewDialog, isplic_renew_dialog, ISPLIC, RENEW_DIALOG, AdwWindow)
GtkWidget *isplic_renew_dialog_new (IsplicClient *client, GPtrArray *licenses);

/* Change a license's name and IP. */
#define ISPLIC_TYPE_EDIT_DIALOG (isplic_edit_dialog_get_type ())
G_DECLARE_FINAL_TYPE (IsplicEditDialog, isplic_edit_dialog, ISPLIC, EDIT_DIALOG, AdwWindow)
GtkWidget *isplic_edit_dialog_new (IsplicClient *client, IsplicLicense *license);

/* Change a license's tariff. */
#define ISPLIC_TYPE_TARIFF_DIALOG (isplic_tariff_dialog_get_type ())
G_DECLARE_FINAL_TYPE (IsplicTariffDialog, isplic_tariff_dialog, ISPLIC, TARIFF_DIALOG, AdwWindow)
GtkWidget *isplic_tariff_dialog_new (IsplicClient *client, IsplicLicense *license);

/* Regenerate a license key: a message dialog like Suspend's and Delete's (destructive
 * confirmation, responses "cancel" and "confirm"), then the new key in the same dialog with
 * Close and Copy Key ("confirm" then copies). Unlike the other dialogs it does not close itself:
 * "succeeded" is emitted when the new key is shown, and the dialog stays open until the person
 * has copied the key and closes it. */
#define ISPLIC_TYPE_KEY_DIALOG (isplic_key_dialog_get_type ())
G_DECLARE_FINAL_TYPE (IsplicKeyDialog, isplic_key_dialog, ISPLIC, KEY_DIALOG, AdwMessageDialog)
GtkWidget *isplic_key_dialog_new (IsplicClient *client, IsplicLicense *license);

/* Suspend, resume or delete one or more licenses in one request, after a confirmation that
 * names them (destructive style for suspend and delete). Unlike a plain AdwMessageDialog it
 * stays open after the confirm response, busy, until the server answers; it shows the server's
 * error in its body, or emits "succeeded" and closes. */
typedef enum {
  ISPLIC_GROUP_ACTION_SUSPEND,
  ISPLIC_GROUP_ACTION_RESUME,
  ISPLIC_GROUP_ACTION_DELETE,
} IsplicGroupAction;

#define ISPLIC_TYPE_GROUP_DIALOG (isplic_group_dialog_get_type ())
G_DECLARE_FINAL_TYPE (IsplicGroupDialog, isplic_group_dialog, ISPLIC, GROUP_DIALOG, AdwMessageDialog)
GtkWidget *isplic_group_dialog_new (IsplicClient *client, IsplicGroupAction action,
                                    GPtrArray *licenses);
/* Adds a paragraph to the question (e.g. which of the selected are left alone). */
void       isplic_group_dialog_add_note (IsplicGroupDialog *self, const char *note);

/* Change the node count of a license whose tariff takes nodes (Business): the count, the quote
 * for it and the balance, then soft.edit (a money call, never resent). */
#define ISPLIC_TYPE_NODES_DIALOG (isplic_nodes_dialog_get_type ())
G_DECLARE_FINAL_TYPE (IsplicNodesDialog, isplic_nodes_dialog, ISPLIC, NODES_DIALOG, AdwWindow)
GtkWidget *isplic_nodes_dialog_new (IsplicClient *client, IsplicLicense *license);

/* The cart (issue 8): its items with Remove, Empty Cart, the total, and "Pay in the Billing
 * Panel" (the server's web panel, opened without credentials). Not an operation dialog: no
 * "succeeded"; the caller refreshes what it shows of the cart when the dialog is destroyed. */
#define ISPLIC_TYPE_CART_DIALOG (isplic_cart_dialog_get_type ())
G_DECLARE_FINAL_TYPE (IsplicCartDialog, isplic_cart_dialog, ISPLIC, CART_DIALOG, AdwWindow)
GtkWidget *isplic_cart_dialog_new (IsplicClient *client);

G_END_DECLS
