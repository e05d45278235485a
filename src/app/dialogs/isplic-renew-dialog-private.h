/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The renew dialog's internals, shared by isplic-renew-dialog.c (dates, previews, the renewal)
 * and isplic-renew-dialog-money.c (quote and balance). */

#include "isplic-dialogs.h"

G_BEGIN_DECLS

typedef enum {
  QUOTE_PENDING,
  QUOTE_READY,
  QUOTE_FAILED,   /* renewing is still possible, without a price */
  QUOTE_HIDDEN,   /* not offered by the server, or nothing to quote (trials) */
} QuoteState;

struct _IsplicRenewDialog
{
  AdwWindow parent_instance;

  AdwWindowTitle *window_title;
  GtkWidget *cancel_button;
  GtkWidget *renew_button;
  GtkWidget *spinner;
  AdwPreferencesGroup *form_group;
  AdwComboRow *period_row;
  AdwActionRow *current_row;
  AdwActionRow *new_row;
  AdwPreferencesGroup *dates_group;
  GtkWidget *earlier_group;
  GtkLabel *earlier_label;
  GtkCheckButton *confirm_check;
  GtkWidget *resume_button;
  GtkLabel *trial_label;
  GtkLabel *status_label;
  GtkLabel *error_label;
  GtkLabel *quote_label;
  GtkLabel *money_warning_label;
  GtkCheckButton *money_confirm_check;

  IsplicClient *client;            /* owned */
  IsplicBalance *balance;          /* owned, nullable */
  IsplicRenewalQuote *quote;       /* owned, nullable: for the period shown */
  QuoteState quote_state;
  gboolean quote_offered;          /* FALSE once the server said it has no quotes */
  gboolean preview_fallback;       /* one license whose quote failed: ask for its preview */
  GCancellable *quote_cancellable; /* owned, nullable */
  GCancellable *cancellable;       /* owned: the balance */
  GPtrArray *licenses;             /* owned, of IsplicLicense */
  gboolean has_trial;

  /* One preview per license, asked of the server one after the other. */
  GPtrArray *previews;             /* owned, of Preview, parallel to licenses */
  guint preview_index;             /* the next preview to ask for */
  GCancellable *preview_cancellable; /* owned, nullable */
  GCancellable *resume_cancellable;  /* owned, nullable: Resume First in flight */
  gboolean earlier;                /* some license would expire earlier than it does now */
  gboolean offered_retry;          /* the primary button says "Try Again" */

  /* Reconciliation after an unknown outcome. */
  int sent_period;
  guint reconcile_index;
  GPtrArray *renewed;              /* owned, of IsplicLicense, nullable */
  GPtrArray *not_renewed;          /* owned, of IsplicLicense, nullable */
  GDateTime *reconciled_expiry;    /* owned, nullable: the single license's expiry now */
  GError *reconcile_error;         /* owned, nullable */
  char *uncertain_cause;           /* owned, nullable: why the renewal's outcome is unknown */
  GPtrArray *resumed_pending;      /* owned, nullable: the licenses Resume First resumes */

  gboolean busy;
  gboolean disposed;
};

typedef struct {
  IsplicLicense *license;          /* owned */
  GDateTime *after;                /* owned, nullable: the server's preview for the period shown */
  AdwActionRow *row;               /* owned by dates_group, nullable: a group's row */
} Preview;

/* isplic-renew-dialog.c */
int       isplic_renew_dialog_get_period       (IsplicRenewDialog *self);
/* Shows every license's dates (and cost), the "expires earlier" warning and the button. */
void      isplic_renew_dialog_update_dates     (IsplicRenewDialog *self);
void      isplic_renew_dialog_ask_next_preview (IsplicRenewDialog *self);

/* isplic-renew-dialog-money.c */
void      isplic_renew_dialog_load_money       (IsplicRenewDialog *self);
/* The price is known (or cannot be) and a balance that does not cover it was accepted. */
gboolean  isplic_renew_dialog_money_is_ready   (IsplicRenewDialog *self);
/* (transfer full, nullable) the quoted cost of renewing @license. */
char     *isplic_renew_dialog_quoted_cost      (IsplicRenewDialog *self,
                                                IsplicLicense     *license);
void      isplic_renew_dialog_update_money     (IsplicRenewDialog *self);
/* One quote for the group and the period shown; an older one is cancelled. */
void      isplic_renew_dialog_ask_quote        (IsplicRenewDialog *self);

G_END_DECLS
