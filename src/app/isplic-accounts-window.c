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
  GPtrArray *groups;             /* owned: one per account, rebuilt when the accounts change */
  guint rebuild_id;
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

static const char * const langs[] = { "", "en", "ru" };

static void
lang_selected_cb (AdwComboRow          *row,
                  GParamSpec           *pspec,
                  IsplicAccountsWindow *self)
{
  const char *name = g_object_get_data (G_OBJECT (row), "account-name");
  guint selected = adw_combo_row_get_selected (row);
  g_autoptr(GError) error = NULL;

  if (selected < G_N_ELEMENTS (langs)
      && !isplic_accounts_set_lang (self->settings, name, langs[selected], &error))
    toast (self, error->message);
}

/* One group an account: its user and server over its name, the language of its server's
 * messages, and a remove button in the header. */
static GtkWidget *
account_group (IsplicAccountsWindow      *self,
               const IsplicStoredAccount *account,
               gboolean                   active)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  GtkWidget *name_row = adw_entry_row_new ();
  GtkWidget *lang_row = adw_combo_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  const char *lang_names[] = { _("The desktop’s language"), _("English"), _("Russian"), NULL };
  g_autoptr(GtkStringList) lang_model = gtk_string_list_new (lang_names);
  g_autoptr(GUri) uri = g_uri_parse (account->server_url, G_URI_FLAGS_NONE, NULL);
  const char *host = uri != NULL && g_uri_get_host (uri) != NULL ? g_uri_get_host (uri)
                                                                 : account->server_url;
  g_autofree char *title = NULL;
  g_autofree char *label = NULL;

  /* Translators: an account's user name and its server's host name; the second form is for
   * the active account. */
  title = active ? g_strdup_printf (_("%s on %s (active)"), account->user, host)
                 : g_strdup_printf (_("%s on %s"), account->user, host);
  adw_preferences_group_set_title (group, title);
  adw_preferences_group_set_description (group, account->server_url);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (name_row), _("Name"));
  gtk_editable_set_text (GTK_EDITABLE (name_row), account->name);
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (name_row), TRUE);
  g_object_set_data_full (G_OBJECT (name_row), "account-name", g_strdup (account->name), g_free);
  g_signal_connect_object (name_row, "apply", G_CALLBACK (rename_cb), self, 0);
  /* A screen reader says whose name it is. */
  label = g_strdup_printf (_("Name of the account %s"), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (name_row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label, -1);
  adw_preferences_group_add (group, name_row);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (lang_row), _("Server Messages In"));
  adw_combo_row_set_model (ADW_COMBO_ROW (lang_row), G_LIST_MODEL (lang_model));
  for (guint i = 0; i < G_N_ELEMENTS (langs); i++)
    if (g_strcmp0 (account->lang, langs[i]) == 0)
      adw_combo_row_set_selected (ADW_COMBO_ROW (lang_row), i);
  g_object_set_data_full (G_OBJECT (lang_row), "account-name", g_strdup (account->name), g_free);
  g_signal_connect_object (lang_row, "notify::selected", G_CALLBACK (lang_selected_cb), self, 0);
  adw_preferences_group_add (group, lang_row);

  g_free (label);
  /* Translators: a button's accessible name; %s is an account's name. */
  label = g_strdup_printf (_("Remove account “%s”"), account->name);
  gtk_widget_set_tooltip_text (remove, _("Remove Account"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  g_object_set_data_full (G_OBJECT (remove), "account-name", g_strdup (account->name), g_free);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_clicked_cb), self, 0);
  adw_preferences_group_set_header_suffix (group, remove);
  g_object_set_data (G_OBJECT (group), "name-row", name_row);
  return GTK_WIDGET (group);
}

static void
rebuild (IsplicAccountsWindow *self)
{
  g_autoptr(GPtrArray) list = isplic_accounts_list (self->settings);
  g_autofree char *active = isplic_accounts_dup_active (self->settings);

  self->rebuild_id = 0;
  for (guint i = 0; i < self->groups->len; i++)
    adw_preferences_page_remove (self->page, self->groups->pdata[i]);
  g_ptr_array_set_size (self->groups, 0);

  if (list->len == 0)
    {
      AdwPreferencesGroup *empty = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());

      adw_preferences_group_set_description (empty, _("No accounts are stored. Add one from the "
                                                      "main menu."));
      g_ptr_array_add (self->groups, empty);
    }
  for (guint i = 0; i < list->len; i++)
    {
      IsplicStoredAccount *account = list->pdata[i];

      g_ptr_array_add (self->groups,
                       account_group (self, account, g_strcmp0 (active, account->name) == 0));
    }
  for (guint i = 0; i < self->groups->len; i++)
    adw_preferences_page_add (self->page, self->groups->pdata[i]);
}

static gboolean
rebuild_idle_cb (gpointer user_data)
{
  rebuild (user_data);
  return G_SOURCE_REMOVE;
}

/* Not from inside the handler of a row that would be destroyed. */
static void
queue_rebuild (IsplicAccountsWindow *self)
{
  if (self->rebuild_id == 0)
    self->rebuild_id = g_idle_add (rebuild_idle_cb, self);
}

static void
isplic_accounts_window_dispose (GObject *object)
{
  IsplicAccountsWindow *self = ISPLIC_ACCOUNTS_WINDOW (object);

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  g_clear_weak_pointer (&self->parent);
  g_clear_pointer (&self->groups, g_ptr_array_unref);
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
  self->groups = g_ptr_array_new ();
  self->page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  adw_preferences_page_set_title (self->page, _("Accounts"));
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
  g_signal_connect_object (settings, "changed::accounts", G_CALLBACK (queue_rebuild), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::active-account", G_CALLBACK (queue_rebuild), self,
                           G_CONNECT_SWAPPED);
  rebuild (self);
  /* The first account's name, not its remove button, has the focus when the window opens. */
  if (self->groups->len > 0)
    {
      GtkWidget *name_row = g_object_get_data (self->groups->pdata[0], "name-row");

      if (name_row != NULL)
        gtk_window_set_focus (GTK_WINDOW (self), name_row);
    }
  return GTK_WINDOW (self);
}
