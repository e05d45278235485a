/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "isplic-accounts-window.h"
#include "isplic-window-private.h"

struct _IsplicAccountsWindow
{
  AdwPreferencesWindow parent_instance;

  IsplicWindow *parent;          /* weak */
  GSettings *settings;           /* owned */
  AdwPreferencesPage *page;
  AdwPreferencesGroup *group;    /* rebuilt when the accounts change */
};

G_DEFINE_FINAL_TYPE (IsplicAccountsWindow, isplic_accounts_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
toast (IsplicAccountsWindow *self,
       const char           *message)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (message));
}

static void
rename_cb (AdwEntryRow          *row,
           IsplicAccountsWindow *self)
{
  const char *name = g_object_get_data (G_OBJECT (row), "account-name");
  g_autofree char *new_name = g_strdup (gtk_editable_get_text (GTK_EDITABLE (row)));
  g_autoptr(GError) error = NULL;

  g_strstrip (new_name);
  if (!isplic_accounts_rename (self->settings, name, new_name, &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      toast (self, error->message);
    }
}

static void
remove_response_cb (AdwMessageDialog     *dialog,
                    const char           *response,
                    IsplicAccountsWindow *self)
{
  const char *name = g_object_get_data (G_OBJECT (dialog), "account-name");
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "remove") != 0 || self->parent == NULL)
    return;
  if (!isplic_window_remove_account (self->parent, name, &error))
    toast (self, error->message);
}

static void
remove_clicked_cb (GtkButton            *button,
                   IsplicAccountsWindow *self)
{
  const char *name = g_object_get_data (G_OBJECT (button), "account-name");
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  /* Translators: %s is an account's name. */
  heading = g_strdup_printf (_("Remove “%s”?"), name);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   _("IspLic will forget this account’s saved password, its kept "
                                     "list and its notifications. Nothing changes on the server; "
                                     "you can add the account again at any time."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "account-name", g_strdup (name), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
account_row (IsplicAccountsWindow      *self,
             const IsplicStoredAccount *account,
             gboolean                   active)
{
  GtkWidget *row = adw_entry_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autoptr(GUri) uri = g_uri_parse (account->server_url, G_URI_FLAGS_NONE, NULL);
  const char *host = uri != NULL && g_uri_get_host (uri) != NULL ? g_uri_get_host (uri)
                                                                 : account->server_url;
  g_autofree char *title = NULL;
  g_autofree char *remove_label = NULL;

  /* Translators: over an account's name field: the user name and the server's host name; the
   * second form is for the active account. */
  title = active ? g_strdup_printf (_("%s on %s (active)"), account->user, host)
                 : g_strdup_printf (_("%s on %s"), account->user, host);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (row), account->name);
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "account-name", g_strdup (account->name), g_free);
  g_signal_connect_object (row, "apply", G_CALLBACK (rename_cb), self, 0);
  /* "Name of the account a@example.com on api-eu.ispmanager.com": a screen reader says whose. */
  {
    g_autofree char *label = g_strdup_printf (_("Name of the account %s"), title);

    gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                    -1);
  }

  /* Translators: a button's accessible name; %s is an account's name. */
  remove_label = g_strdup_printf (_("Remove account “%s”"), account->name);
  gtk_widget_set_tooltip_text (remove, _("Remove Account"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  remove_label, -1);
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  g_object_set_data_full (G_OBJECT (remove), "account-name", g_strdup (account->name), g_free);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_clicked_cb), self, 0);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), remove);
  return row;
}

static void
rebuild (IsplicAccountsWindow *self)
{
  g_autoptr(GPtrArray) list = isplic_accounts_list (self->settings);
  g_autofree char *active = isplic_accounts_dup_active (self->settings);

  if (self->group != NULL)
    adw_preferences_page_remove (self->page, self->group);
  self->group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->group, _("Accounts"));
  adw_preferences_group_set_description (
    self->group, list->len > 0
      ? _("Rename an account by editing its name. Add one from the main menu.")
      : _("No accounts are stored. Add one from the main menu."));
  for (guint i = 0; i < list->len; i++)
    {
      IsplicStoredAccount *account = list->pdata[i];

      adw_preferences_group_add (self->group,
                                 account_row (self, account,
                                              g_strcmp0 (active, account->name) == 0));
    }
  adw_preferences_page_add (self->page, self->group);
}

static void
isplic_accounts_window_dispose (GObject *object)
{
  IsplicAccountsWindow *self = ISPLIC_ACCOUNTS_WINDOW (object);

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_weak_pointer (&self->parent);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (isplic_accounts_window_parent_class)->dispose (object);
}

static void
isplic_accounts_window_class_init (IsplicAccountsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = isplic_accounts_window_dispose;
}

static void
isplic_accounts_window_init (IsplicAccountsWindow *self)
{
  gtk_window_set_title (GTK_WINDOW (self), _("Manage Accounts"));
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (self), 560, 420);
  adw_preferences_window_set_search_enabled (ADW_PREFERENCES_WINDOW (self), FALSE);
  self->page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), self->page);
}

GtkWindow *
isplic_accounts_window_new (IsplicWindow *parent,
                            GSettings    *settings)
{
  IsplicAccountsWindow *self;

  g_return_val_if_fail (ISPLIC_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (ISPLIC_TYPE_ACCOUNTS_WINDOW, "transient-for", parent, NULL);
  g_set_weak_pointer (&self->parent, parent);
  self->settings = g_object_ref (settings);
  g_signal_connect_object (settings, "changed::accounts", G_CALLBACK (rebuild), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::active-account", G_CALLBACK (rebuild), self,
                           G_CONNECT_SWAPPED);
  rebuild (self);
  return GTK_WINDOW (self);
}
