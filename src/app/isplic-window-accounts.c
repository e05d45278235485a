/* SPDX-License-Identifier: GPL-3.0-or-later */
/* IsplicWindow and the stored accounts: the primary menu's "Accounts" section (one radio item
 * each, "Add Account…", "Manage Accounts…"), switching, and the account named in the header. */
#include "config.h"

#include <glib/gi18n.h>

#include "isplic-accounts-window.h"
#include "isplic-window-private.h"

/* (transfer full) @text with its underscores doubled: a menu label takes "_" as a mnemonic. */
static char *
menu_label (const char *text)
{
  g_autoptr(GString) label = g_string_new (text);

  g_string_replace (label, "_", "__", 0);
  return g_string_free (g_steal_pointer (&label), FALSE);
}

/* The account on show: the session's, else the active one. */
static IsplicStoredAccount *
shown_account (IsplicWindow *self)
{
  IsplicStoredAccount *account = isplic_session_dup_account (self->session);
  g_autofree char *active = NULL;

  if (account != NULL || isplic_session_get_demo (self->session))
    return account;
  active = isplic_accounts_dup_active (self->settings);
  return *active != '\0' ? isplic_accounts_lookup (self->settings, active) : NULL;
}

static void
update_title (IsplicWindow *self)
{
  g_autoptr(IsplicStoredAccount) account = NULL;
  gboolean on_list = isplic_session_get_signed_in (self->session)
                     || isplic_session_get_stale (self->session);

  account = on_list ? isplic_session_dup_account (self->session) : NULL;
  if (account != NULL)
    {
      g_autoptr(GUri) uri = g_uri_parse (account->server_url, G_URI_FLAGS_NONE, NULL);
      const char *host = uri != NULL && g_uri_get_host (uri) != NULL ? g_uri_get_host (uri)
                                                                     : account->server_url;
      /* Translators: the window's title: an account's name and its server's host name. */
      g_autofree char *title = g_strdup_printf (_("%s — %s"), account->name, host);

      adw_window_title_set_title (self->window_title, title);
      gtk_window_set_title (GTK_WINDOW (self), title);
    }
  else
    {
      adw_window_title_set_title (self->window_title, _("Licenses"));
      gtk_window_set_title (GTK_WINDOW (self), _("IspLic"));
    }
}

static void
update_accounts (IsplicWindow *self)
{
  g_autoptr(GPtrArray) list = isplic_accounts_list (self->settings);
  g_autoptr(IsplicStoredAccount) shown = shown_account (self);
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "switch-account");

  g_menu_remove_all (self->accounts_menu);
  for (guint i = 0; i < list->len; i++)
    {
      IsplicStoredAccount *account = list->pdata[i];
      g_autofree char *label = menu_label (account->name);
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target_value (item, "win.switch-account",
                                               g_variant_new_string (account->name));
      g_menu_append_item (self->accounts_menu, item);
    }
  g_menu_append (self->accounts_menu, _("_Add Account…"), "win.add-account");
  g_menu_append (self->accounts_menu, _("_Manage Accounts…"), "win.manage-accounts");

  g_simple_action_set_state (G_SIMPLE_ACTION (action),
                             g_variant_new_string (shown != NULL ? shown->name : ""));
  g_simple_action_set_enabled (
    G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "manage-accounts")),
    list->len > 0);
  update_title (self);
}

static void
switch_account_action (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  IsplicWindow *self = user_data;
  const char *name = g_variant_get_string (parameter, NULL);
  g_autoptr(IsplicStoredAccount) shown = isplic_session_dup_account (self->session);
  g_autoptr(IsplicStoredAccount) account = isplic_accounts_lookup (self->settings, name);
  g_autoptr(GError) error = NULL;

  if (account == NULL)
    return;
  /* Already there, or on its way. */
  if (shown != NULL && g_strcmp0 (shown->name, name) == 0)
    return;

  isplic_window_clear_account_view (self);
  if (!isplic_session_switch_account (self->session, name, &error))
    {
      isplic_window_toast (self, error->message);
      return;
    }
  /* As at start: its kept list at once (the "stale" handler shows it), the sign-in page with its
   * server and user while the keyring is asked, and that page to stay when it has no password. */
  isplic_window_show_sign_in (self, account->server_url, account->user);
  if (isplic_session_get_stale (self->session))
    gtk_stack_set_visible_child_name (self->main_stack, "licenses");
  isplic_sign_in_page_set_busy (isplic_window_get_sign_in_page (self), TRUE);
  update_accounts (self);
}

static void
add_account_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  IsplicWindow *self = user_data;

  /* The account on show is left as it is stored: its password and list stay for switching
   * back. Signing in on the page adds the new one. */
  isplic_window_clear_account_view (self);
  isplic_session_leave_account (self->session);
  isplic_window_show_sign_in (self, ISPLIC_SERVER_EU, "");
  update_accounts (self);
}

static void
manage_accounts_action (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  IsplicWindow *self = user_data;
  GtkWindow *window = isplic_accounts_window_new (self, self->settings);

  gtk_window_present (window);
}

gboolean
isplic_window_remove_account (IsplicWindow *self,
                              const char   *name,
                              GError      **error)
{
  g_autoptr(IsplicStoredAccount) shown = isplic_session_dup_account (self->session);
  gboolean was_shown = shown != NULL && g_strcmp0 (shown->name, name) == 0;
  g_autofree char *next = NULL;

  g_return_val_if_fail (ISPLIC_IS_WINDOW (self), FALSE);

  if (was_shown)
    isplic_window_clear_account_view (self);
  if (!isplic_session_remove_account (self->session, name, error))
    return FALSE;
  if (was_shown)
    {
      next = isplic_accounts_dup_active (self->settings);
      if (*next != '\0')
        {
          g_autoptr(IsplicStoredAccount) account = isplic_accounts_lookup (self->settings, next);

          isplic_session_switch_account (self->session, next, NULL);
          isplic_window_show_sign_in (self, account->server_url, account->user);
          if (isplic_session_get_stale (self->session))
            gtk_stack_set_visible_child_name (self->main_stack, "licenses");
          isplic_sign_in_page_set_busy (isplic_window_get_sign_in_page (self), TRUE);
        }
      else
        isplic_window_show_sign_in (self, ISPLIC_SERVER_EU, "");
    }
  update_accounts (self);
  return TRUE;
}

static const GActionEntry account_entries[] = {
  { "switch-account", switch_account_action, "s", "''", NULL },
  { "add-account", add_account_action },
  { "manage-accounts", manage_accounts_action },
};

void
isplic_window_install_accounts (IsplicWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), account_entries,
                                   G_N_ELEMENTS (account_entries), self);

  /* The section is made here, not in isplic-window.ui: its items are the stored accounts. Both
   * menu buttons (the list's and the sign-in page's) share the menu. */
  self->accounts_menu = g_menu_new ();
  if (G_IS_MENU (self->primary_menu))
    g_menu_insert_section (G_MENU (self->primary_menu), 0, _("Accounts"),
                           G_MENU_MODEL (self->accounts_menu));

  g_signal_connect_object (self->settings, "changed::accounts", G_CALLBACK (update_accounts),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::active-account",
                           G_CALLBACK (update_accounts), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::client", G_CALLBACK (update_accounts), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::stale", G_CALLBACK (update_accounts), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::demo", G_CALLBACK (update_accounts), self,
                           G_CONNECT_SWAPPED);
  update_accounts (self);
}
