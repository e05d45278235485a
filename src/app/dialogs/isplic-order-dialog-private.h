/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The order dialog's internals, shared by isplic-order-dialog.c (the form and the order) and
 * isplic-order-dialog-money.c (quote, balance and prices). */

#include "isplic-dialogs.h"
#include "isplic-ip-check-private.h"

G_BEGIN_DECLS

typedef enum {
  QUOTE_PENDING,   /* waiting for the debounce or the server */
  QUOTE_READY,
  QUOTE_FAILED,    /* the quote failed: ordering is still possible, without a price */
  QUOTE_HIDDEN,    /* the server does not offer quotes */
} QuoteState;

struct _IsplicOrderDialog
{
  AdwWindow parent_instance;

  GtkWidget *cancel_button;
  GtkWidget *order_button;
  GtkWidget *spinner;
  GtkWidget *license_group;
  GtkWidget *server_group;
  GtkWidget *payment_group;
  AdwComboRow *tariff_row;
  AdwComboRow *period_row;
  AdwComboRow *auto_renew_row;
  GtkWidget *nodes_row;
  GtkSpinButton *nodes_spin;
  GtkWidget *name_row;
  GtkLabel *name_label;
  GtkWidget *ip_row;
  GtkLabel *ip_label;
  GtkWidget *check_again_button;
  GtkSwitch *cart_switch;
  GtkLabel *status_label;
  GtkLabel *error_label;
  GtkLabel *quote_label;
  GtkLabel *money_warning_label;
  GtkCheckButton *confirm_check;

  IsplicClient *client;          /* owned */
  IsplicBalance *balance;        /* owned, nullable: unknown or not offered */
  GPtrArray *prices;             /* owned, nullable: the catalogue, of IsplicPrice */
  IsplicQuote *quote;            /* owned, nullable: the quote for the form as it is */
  QuoteState quote_state;
  guint quote_source;
  GCancellable *quote_cancellable; /* owned, nullable */
  GCancellable *cancellable;     /* owned: the balance; cancelled on dispose */
  gboolean retry;                /* the button says Try Again */
  GListModel *period_model;      /* owned: 1 month / 1 year */
  GListModel *trial_model;       /* owned: Trial */
  guint paid_period;             /* selected index of period_model, kept across trials */

  /* The server's check of the IP: Order needs it positive for the fields exactly as they are. */
  IsplicIpCheck *ip_check;       /* owned */

  /* The order in flight (or the last one), kept for reconciling. */
  IsplicOrderParams params;
  char *params_name;             /* owned */
  char *params_ip;               /* owned */
  GStrv ids_before;              /* owned, nullable: the licenses before the order was sent */
  char *uncertain_cause;         /* owned, nullable: why the order's outcome is unknown */

  gboolean busy;                 /* an order or its reconciliation is running */
  gboolean disposed;
};

/* isplic-order-dialog.c */
const IsplicTariff *isplic_order_dialog_get_tariff          (IsplicOrderDialog *self);
int                 isplic_order_dialog_get_period          (IsplicOrderDialog *self);
int                 isplic_order_dialog_get_auto_renew      (IsplicOrderDialog *self);
void                isplic_order_dialog_update_sensitivity  (IsplicOrderDialog *self);

/* isplic-order-dialog-money.c */
/* Asks for the balance and the catalogue (once the client is set). */
void                isplic_order_dialog_load_money          (IsplicOrderDialog *self);
/* The price is known (or cannot be) and a balance that does not cover it was accepted. */
gboolean            isplic_order_dialog_money_is_ready      (IsplicOrderDialog *self);
void                isplic_order_dialog_update_money        (IsplicOrderDialog *self);
void                isplic_order_dialog_cancel_quote        (IsplicOrderDialog *self);
void                isplic_order_dialog_schedule_quote      (IsplicOrderDialog *self);
void                isplic_order_dialog_update_prices       (IsplicOrderDialog *self);
void                isplic_order_dialog_payment_changed_cb  (IsplicOrderDialog *self);

G_END_DECLS
