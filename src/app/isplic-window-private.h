/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "isplic-details-pane.h"
#include "isplic-row-model.h"
#include "isplic-session.h"
#include "isplic-sign-in-page.h"
#include "isplic-window.h"

G_BEGIN_DECLS

typedef enum {
  ISPLIC_STATUS_FILTER_ALL,
  ISPLIC_STATUS_FILTER_ACTIVE,
  ISPLIC_STATUS_FILTER_SUSPENDED,
  ISPLIC_STATUS_FILTER_EXPIRING,
} IsplicStatusFilter;

struct _IsplicWindow
{
  AdwApplicationWindow parent_instance;

  GSettings *settings;            /* owned */
  IsplicSession *session;         /* owned: client, sign-in, demo, auto-refresh */
  IsplicLicenseList *licenses;    /* owned: the session's list */
  guint warning_days;
  char *needle;                   /* owned, nullable: lower-case search text */
  IsplicStatusFilter status_filter;
  guint expiring;                 /* licenses within the warning period, for the summary */
  gboolean expiring_dirty;
  AdwToast *refresh_toast;        /* weak */
  guint summary_idle_id;
  guint grow_tick_id;             /* on column_view while the row model grows by steps */
  gboolean keep_selected_set;     /* re-applying a partial selection: the set stays as it is */

  /* template children */
  AdwToastOverlay *toast_overlay;
  GtkStack *main_stack;
  IsplicSignInPage *sign_in_page;
  AdwWindowTitle *window_title;
  GtkWidget *order_button;
  GtkWidget *renew_button;
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
  AdwStatusPage *no_match_page;
  GtkColumnView *column_view;
  GtkMultiSelection *selection;
  IsplicRowModel *row_model;
  GHashTable *selected_set;       /* IsplicLicense* (owned refs): the selection by identity */
  GtkFilterListModel *filter_model;
  GtkCustomFilter *filter;
  GtkSortListModel *sort_model;
  GtkCustomSorter *name_sorter;
  GtkCustomSorter *tariff_sorter;
  GtkCustomSorter *ip_sorter;
  GtkCustomSorter *status_sorter;
  GtkCustomSorter *expires_sorter;
  GtkCustomSorter *cost_sorter;
  GtkCustomSorter *auto_renew_sorter;
  GtkColumnViewColumn *name_column;
  GtkColumnViewColumn *ip_column;
  GtkColumnViewColumn *tariff_column;
  GtkColumnViewColumn *status_column;
  GtkColumnViewColumn *expires_column;
  GtkColumnViewColumn *auto_renew_column;
  GtkColumnViewColumn *cost_column;
  GtkSignalListItemFactory *name_factory;
  GtkSignalListItemFactory *ip_factory;
  GtkSignalListItemFactory *tariff_factory;
  GtkSignalListItemFactory *status_factory;
  GtkSignalListItemFactory *expires_factory;
  GtkSignalListItemFactory *auto_renew_factory;
  GtkSignalListItemFactory *cost_factory;
  GtkLabel *summary_label;
  GtkWidget *cart_button;
  GtkLabel *balance_label;

  /* Money (isplic-window-money.c) */
  IsplicBalance *balance;         /* owned, nullable: the last balance the server gave */
  IsplicCart *cart;               /* owned, nullable: the last cart */
  guint money_serial;             /* the newest balance/cart request */
  GtkPopoverMenu *row_popover;
};

/* (transfer none, nullable) the signed-in client. */
static inline IsplicClient *
isplic_window_client (IsplicWindow *self)
{
  return isplic_session_get_client (self->session);
}

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
void       isplic_window_show_cart          (IsplicWindow *self);

G_END_DECLS
