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
  /* How many licenses expire within the warning period, and what renewing those without
   * auto-renewal costs (the balance's warning): counted again only after the licenses changed,
   * not per search or sort, a slice per main-loop iteration (100,000 take ~10 ms). */
  IsplicExpiryTally tally;        /* the count under way */
  gboolean tally_dirty;           /* the count starts again at the next summary */
  gboolean tally_running;
  guint n_expiring;               /* the last finished count's */
  IsplicMoney due;
  guint n_due;
  gboolean due_mixed;             /* in several currencies, or unreadable: no sum */
  IsplicLicense *watched;         /* owned, nullable: the one license selected */

  /* template children */
  AdwToastOverlay *toast_overlay;
  GtkStack *main_stack;
  GtkBox *sign_in_box;
  IsplicSignInPage *sign_in_page; /* nullable: built when first shown */
  char *sign_in_url;              /* what the page is to show when it is built */
  char *sign_in_user;
  gboolean sign_in_busy;
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
  GMenuModel *primary_menu;       /* both menu buttons' (made into widgets when first opened) */
  GtkToggleButton *details_button;
  GtkSearchEntry *search_entry;
  GtkDropDown *status_dropdown;
  AdwFlap *flap;
  IsplicDetailsPane *details_pane; /* nullable: built when first shown */
  gboolean any_trial;             /* among the selected: what the pane is told when built */
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

  /* Accounts (isplic-window-accounts.c) */
  GMenu *accounts_menu;           /* owned: the primary menu's accounts section */
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
/* The licenses changed (or the warning period): counts the expiring ones and the renewals due
 * again, then updates the summary line and the balance. */
void       isplic_window_invalidate_counts  (IsplicWindow *self);

/* isplic-window-session.c */
void       isplic_window_connect_session    (IsplicWindow *self);
/* Takes the account's details, money, search and filter off the window (not the list). */
void       isplic_window_clear_account_view (IsplicWindow *self);
/* The sign-in page, filled in with @server_url and @user (nullable), not busy. */
void       isplic_window_show_sign_in       (IsplicWindow *self,
                                             const char   *server_url,
                                             const char   *user);
/* (transfer none) the sign-in page, built on first use (it is when first shown): a start that
 * shows a kept list lays out and paints without it. What it was told before is handed to it. */
IsplicSignInPage *isplic_window_get_sign_in_page (IsplicWindow *self);

/* isplic-window-accounts.c: the primary menu's accounts, switching, adding, managing. */
void       isplic_window_install_accounts   (IsplicWindow *self);
/* Removes the stored account @name (forgetting its password, kept list and notifications); when
 * it is the one on show, the window moves to the next account, or to the sign-in page. */
gboolean   isplic_window_remove_account     (IsplicWindow *self,
                                             const char   *name,
                                             GError      **error);

/* isplic-window-actions.c */
void       isplic_window_install_actions    (IsplicWindow *self);
void       isplic_window_update_actions     (IsplicWindow *self);
/* (transfer container) the selected licenses, in view order. */
GPtrArray *isplic_window_get_selected       (IsplicWindow *self);
/* (transfer none) the details pane, built (and told the client and the selection's trial) on
 * first use: it is not part of the window's first paint. */
IsplicDetailsPane *isplic_window_get_details_pane (IsplicWindow *self);
void       isplic_window_toast              (IsplicWindow *self, const char *message);
void       isplic_window_show_details       (IsplicWindow *self);
/* Refreshes, then selects @ids (nullable) once the list is current. */
void       isplic_window_refresh_and_select (IsplicWindow *self, const char * const *ids);

/* isplic-window-export.c: CSV or JSON of the list as shown, or of the selection. */
typedef enum {
  ISPLIC_EXPORT_SCOPE_SHOWN,     /* the rows the search and filter let through, in view order */
  ISPLIC_EXPORT_SCOPE_SELECTED,  /* the selected ones, in view order */
} IsplicExportScope;

void       isplic_window_install_export_actions (IsplicWindow *self);
/* Enables win.export while the list shows a license and win.export-selected while one is
 * selected. */
void       isplic_window_export_update      (IsplicWindow *self);
guint      isplic_window_export_n_selected  (IsplicWindow *self);
/* (transfer container) the licenses an export of @scope writes, in view order. */
GPtrArray *isplic_window_export_rows        (IsplicWindow *self, IsplicExportScope scope);
/* (transfer full) The save dialog, not shown yet: filters CSV and JSON, the choice "All shown /
 * Selected" (when something is selected) set to @scope; its response exports. */
GtkFileChooserNative *
           isplic_window_export_chooser_new (IsplicWindow *self, IsplicExportScope scope);
/* What the dialog's response does: writes @scope to @file without the keys and shows a toast
 * (the count and "Open", or why it failed). @callback (nullable, for tests) runs after it. */
void       isplic_window_export_to_file     (IsplicWindow        *self,
                                             GFile               *file,
                                             IsplicExportFormat   format,
                                             IsplicExportScope    scope,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean   isplic_window_export_to_file_finish (IsplicWindow  *self,
                                                GAsyncResult  *result,
                                                GError       **error);

/* isplic-window-money.c: the balance and the cart indicator, refreshed with the list. */
void       isplic_window_money_refresh      (IsplicWindow *self);
void       isplic_window_money_clear        (IsplicWindow *self);
/* Shows the balance, marked when it does not cover the renewals due within the warning period
 * (as last counted: see isplic_window_invalidate_counts()). */
void       isplic_window_money_update_label   (IsplicWindow *self);
void       isplic_window_show_cart          (IsplicWindow *self);

G_END_DECLS
