/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "isplic-details-pane.h"
#include "isplic-license-view-private.h"
#include "isplic-session.h"
#include "isplic-sign-in-page.h"
#include "isplic-window.h"

G_BEGIN_DECLS

struct _IsplicWindow
{
  AdwApplicationWindow parent_instance;

  GSettings *settings;            /* owned */
  IsplicSession *session;         /* owned: client, sign-in, demo, auto-refresh */
  IsplicLicenseList *licenses;    /* owned: the session's list */
  guint warning_days;
  AdwToast *refresh_toast;        /* weak */
  guint summary_idle_id;
  /* The renewals due within the warning period without auto-renewal, for the balance's
   * warning: counted again only after the licenses changed, not per search or sort. */
  gboolean due_dirty;
  IsplicMoney due;
  guint n_due;
  gboolean due_mixed;             /* in several currencies: no sum */
  IsplicLicense *watched;         /* owned, nullable: the one license selected */

  /* template children */
  AdwToastOverlay *toast_overlay;
  GtkStack *main_stack;
  IsplicSignInPage *sign_in_page;
  AdwWindowTitle *window_title;
  GtkWidget *order_button;
  GtkWidget *renew_button;        /* the action bar's */
  GtkActionBar *action_bar;
  GtkLabel *selected_label;
  GtkStack *refresh_stack;
  GtkButton *refresh_button;
  GtkSpinner *refresh_spinner;
  GtkWidget *demo_label;
  GtkWidget *menu_button;
  GtkWidget *sign_in_menu_button;
  GtkToggleButton *details_button;
  GtkSearchEntry *search_entry;
  GtkDropDown *status_dropdown;
  AdwFlap *flap;
  IsplicDetailsPane *details_pane;
  GtkStack *content_stack;
  AdwStatusPage *error_page;
  IsplicLicenseView *view;
  GtkLabel *summary_label;
  GtkWidget *cart_button;
  GtkLabel *balance_label;

  /* Money (isplic-window-money.c) */
  IsplicBalance *balance;         /* owned, nullable: the last balance the server gave */
  IsplicCart *cart;               /* owned, nullable: the last cart */
  guint money_serial;             /* the newest balance/cart request */
};

/* (transfer none, nullable) the signed-in client. */
static inline IsplicClient *
isplic_window_client (IsplicWindow *self)
{
  return isplic_session_get_client (self->session);
}

/* isplic-window.c */
/* Shows the page (loading, list, empty, error) and the header's state for the list. */
void       isplic_window_update_state       (IsplicWindow *self);
/* Updates the summary line when idle. */
void       isplic_window_queue_summary      (IsplicWindow *self);

/* isplic-window-session.c */
void       isplic_window_connect_session    (IsplicWindow *self);

/* isplic-window-actions.c */
void       isplic_window_install_actions    (IsplicWindow *self);
void       isplic_window_update_actions     (IsplicWindow *self);
/* (transfer container) the selected licenses, in view order. */
GPtrArray *isplic_window_get_selected       (IsplicWindow *self);
void       isplic_window_toast              (IsplicWindow *self, const char *message);
void       isplic_window_show_details       (IsplicWindow *self);
/* Refreshes, then selects @ids (nullable) once the list is current. */
void       isplic_window_refresh_and_select (IsplicWindow *self, const char * const *ids);

/* isplic-window-money.c: the balance and the cart indicator, refreshed with the list. */
void       isplic_window_money_refresh      (IsplicWindow *self);
void       isplic_window_money_clear        (IsplicWindow *self);
/* Marks the balance when it does not cover the renewals due within the warning period. */
void       isplic_window_money_update_warning (IsplicWindow *self);
/* As above, counting the renewals due again only if isplic_window_money_invalidate_due() was
 * called since (a change of filter or order needs no count over every license). */
void       isplic_window_money_update_label   (IsplicWindow *self);
void       isplic_window_money_invalidate_due (IsplicWindow *self);
void       isplic_window_show_cart          (IsplicWindow *self);

G_END_DECLS
