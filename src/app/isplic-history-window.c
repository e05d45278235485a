/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The History window: the journal's entries of one account in a GtkListView (a row is made only
 * for what is on screen: a journal may hold thousands), filtered as the person types; the
 * selected entry's details and the server's history of its license beside them.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "isplic-history-item.h"
#include "isplic-history-window.h"
#include "isplic-journal-read.h"

/* The most server history entries shown: the billing panel has the rest. */
#define SERVER_HISTORY_MAX 200

/* -------------------------------------------------------------------------------------------- */

struct _IsplicHistoryWindow
{
  AdwWindow parent_instance;

  IsplicClient *client;           /* owned */
  IsplicLicenseList *licenses;    /* owned, nullable */
  char *account;                  /* owned: the journal's name of the account */
  GListStore *store;              /* owned: IsplicHistoryItem, newest first */
  GtkFilterListModel *filtered;   /* owned */
  GtkCustomFilter *filter;        /* owned by filtered */
  GtkSingleSelection *selection;  /* owned */
  char *search;                   /* owned, case-folded; nullable */
  GCancellable *read_cancellable; /* owned, nullable: a journal read in flight */
  gboolean read_failed;
  IsplicHistoryItem *shown;       /* owned, nullable: the entry on the right */
  GtkStringList *license_ids;     /* owned, nullable: the shown entry's licenses */
  GCancellable *server_cancellable; /* owned, nullable: a server history fetch in flight */
  gboolean server_offered;

  /* template children */
  AdwLeaflet *leaflet;
  AdwWindowTitle *window_title;
  GtkSearchEntry *search_entry;
  GtkStack *entries_stack;
  GtkSpinner *loading_spinner;
  GtkListView *list_view;
  AdwStatusPage *empty_page;
  AdwStatusPage *error_page;
  GtkWidget *back_button;
  AdwWindowTitle *detail_title;
  GtkStack *detail_stack;
  AdwActionRow *outcome_row;
  AdwActionRow *message_row;
  AdwActionRow *sent_row;
  AdwActionRow *ended_row;
  AdwActionRow *licenses_row;
  AdwPreferencesGroup *server_group;
  GtkSpinner *server_spinner;
  GtkWidget *license_list;
  AdwComboRow *license_row;
  GtkLabel *server_label;
  GtkListBox *server_list;
};

G_DEFINE_FINAL_TYPE (IsplicHistoryWindow, isplic_history_window, ADW_TYPE_WINDOW)

/* -------------------------------------------------------------------------------------------- */
/* Searching                                                                                    */

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  IsplicHistoryWindow *self = user_data;

  return self->search == NULL || strstr (ISPLIC_HISTORY_ITEM (item)->key, self->search) != NULL;
}

static void
update_entries_page (IsplicHistoryWindow *self)
{
  const char *page;

  if (self->read_cancellable != NULL)
    page = "loading";
  else if (self->read_failed)
    page = "error";
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->store)) == 0)
    page = "empty";
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) == 0)
    page = "no-match";
  else
    page = "list";
  gtk_spinner_set_spinning (self->loading_spinner, self->read_cancellable != NULL);
  gtk_stack_set_visible_child_name (self->entries_stack, page);
}

/* Escape in the search entry: clears it, or closes the window when it is empty. */
static void
stop_search_cb (IsplicHistoryWindow *self)
{
  if (*gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  else
    gtk_window_close (GTK_WINDOW (self));
}

static void
search_changed_cb (IsplicHistoryWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  g_clear_pointer (&self->search, g_free);
  if (*stripped != '\0')
    self->search = g_utf8_casefold (stripped, -1);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_entries_page (self);
}

/* -------------------------------------------------------------------------------------------- */
/* The server's history of the shown entry's license                                           */

static void
clear_server_rows (IsplicHistoryWindow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->server_list))) != NULL)
    gtk_list_box_remove (self->server_list, child);
  gtk_widget_set_visible (GTK_WIDGET (self->server_list), FALSE);
}

static void
show_server_message (IsplicHistoryWindow *self,
                     const char          *message)
{
  gtk_label_set_text (self->server_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->server_label), message != NULL);
}

static void
set_server_loading (IsplicHistoryWindow *self,
                    gboolean             loading)
{
  gtk_widget_set_visible (GTK_WIDGET (self->server_spinner), loading);
  gtk_spinner_set_spinning (self->server_spinner, loading);
}

static void
cancel_server_history (IsplicHistoryWindow *self)
{
  g_cancellable_cancel (self->server_cancellable);
  g_clear_object (&self->server_cancellable);
  set_server_loading (self, FALSE);
}

static void
server_history_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(IsplicHistoryWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;

  entries = isplic_client_get_history_finish (ISPLIC_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->server_cancellable);
  set_server_loading (self, FALSE);
  clear_server_rows (self);
  if (entries == NULL)
    {
      if (g_error_matches (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_NOT_OFFERED))
        {
          /* Not asked again while the window is open. */
          self->server_offered = FALSE;
          show_server_message (self, _("The billing server does not offer history"));
        }
      else
        {
          g_autofree char *message =
            g_strdup_printf (_("Could not load the history: %s"), error->message);

          show_server_message (self, message);
        }
      return;
    }

  show_server_message (self, entries->len == 0 ? _("No changes recorded") : NULL);
  for (guint i = 0; i < entries->len && i < SERVER_HISTORY_MAX; i++)
    {
      IsplicHistoryEntry *entry = g_ptr_array_index (entries, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *date = entry->date != NULL
                              ? g_date_time_format (entry->date, "%x %H:%M") : NULL;
      g_autofree char *subtitle = NULL;

      if (date != NULL && entry->user != NULL && *entry->user != '\0')
        /* Translators: a history entry's date, then who made the change */
        subtitle = g_strdup_printf (_("%s, by %s"), date, entry->user);
      else
        subtitle = g_strdup (date);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     entry->desc != NULL ? entry->desc : "—");
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle != NULL ? subtitle : "");
      gtk_widget_add_css_class (row, "property");
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_list_box_append (self->server_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->server_list), entries->len > 0);
}

static void
fetch_server_history (IsplicHistoryWindow *self)
{
  guint position = adw_combo_row_get_selected (self->license_row);
  const char *id = NULL;

  cancel_server_history (self);
  clear_server_rows (self);
  show_server_message (self, NULL);
  if (self->license_ids != NULL && position != GTK_INVALID_LIST_POSITION)
    id = gtk_string_list_get_string (self->license_ids, position);
  gtk_widget_set_visible (GTK_WIDGET (self->server_group), id != NULL);
  if (id == NULL)
    return;
  if (!self->server_offered)
    {
      show_server_message (self, _("The billing server does not offer history"));
      return;
    }

  set_server_loading (self, TRUE);
  self->server_cancellable = g_cancellable_new ();
  isplic_client_get_history_async (self->client, id, self->server_cancellable,
                                   server_history_cb, g_object_ref (self));
}

static void
license_row_selected_cb (IsplicHistoryWindow *self)
{
  if (self->shown != NULL)
    fetch_server_history (self);
}

/* -------------------------------------------------------------------------------------------- */
/* The selected entry                                                                           */

static void
set_row (AdwActionRow *row,
         const char   *text)
{
  adw_action_row_set_subtitle (row, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (row), text != NULL && *text != '\0');
}

static void
show_entry (IsplicHistoryWindow *self,
            IsplicHistoryItem   *item)
{
  IsplicJournalEntry *entry;
  g_autofree char *sent = NULL;
  g_autofree char *ended = NULL;
  g_autoptr(GtkStringList) names = NULL;

  if (item == self->shown)
    return;
  g_set_object (&self->shown, item);
  cancel_server_history (self);
  clear_server_rows (self);
  show_server_message (self, NULL);
  g_clear_object (&self->license_ids);
  if (item == NULL)
    {
      adw_window_title_set_title (self->detail_title, "");
      gtk_stack_set_visible_child_name (self->detail_stack, "none");
      return;
    }

  entry = item->entry;
  sent = isplic_history_format_time (entry->sent);
  ended = isplic_history_format_time (entry->ended);
  adw_window_title_set_title (self->detail_title, item->description);
  set_row (self->outcome_row, isplic_history_outcome_label (entry->outcome));
  set_row (self->message_row, entry->message);
  set_row (self->sent_row, sent);
  set_row (self->ended_row, ended);
  set_row (self->licenses_row, item->licenses_text);

  /* Several licenses: the person picks whose server history is shown, the first at first. */
  self->license_ids = gtk_string_list_new ((const char * const *) entry->licenses);
  names = gtk_string_list_new (NULL);
  for (guint i = 0; entry->licenses[i] != NULL; i++)
    {
      g_autofree char *text = isplic_history_license_text (self->licenses, entry->licenses[i]);

      gtk_string_list_append (names, text);
    }
  g_signal_handlers_block_by_func (self->license_row, license_row_selected_cb, self);
  adw_combo_row_set_model (self->license_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->license_row, 0);
  g_signal_handlers_unblock_by_func (self->license_row, license_row_selected_cb, self);
  gtk_widget_set_visible (self->license_list, g_strv_length (entry->licenses) > 1);
  gtk_stack_set_visible_child_name (self->detail_stack, "entry");
  fetch_server_history (self);
}

static void
selection_changed_cb (IsplicHistoryWindow *self)
{
  show_entry (self, gtk_single_selection_get_selected_item (self->selection));
}

static void
activate_cb (GtkListView         *view,
             guint                position,
             IsplicHistoryWindow *self)
{
  gtk_single_selection_set_selected (self->selection, position);
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
folded_changed_cb (IsplicHistoryWindow *self)
{
  /* Stacked, a click opens the entry; side by side a click only selects it. */
  gtk_list_view_set_single_click_activate (self->list_view,
                                           adw_leaflet_get_folded (self->leaflet));
}

static void
back_clicked_cb (IsplicHistoryWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

/* -------------------------------------------------------------------------------------------- */
/* Reading the journal                                                                          */

static gboolean
entry_changed (IsplicJournalEntry *old,
               IsplicJournalEntry *now)
{
  return old->outcome != now->outcome || (old->ended == NULL) != (now->ended == NULL)
         || g_strcmp0 (old->message, now->message) != 0;
}

/* Read again while shown: new entries go on top and changed ones are updated in place, so the
 * selection and the scrolling stay where they were. @entries: newest first, ids decreasing. */
static void
update_items (IsplicHistoryWindow *self,
              GPtrArray           *entries)
{
  GListModel *model = G_LIST_MODEL (self->store);
  g_autoptr(IsplicHistoryItem) top = g_list_model_get_item (model, 0);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);
  gboolean shown_changed = FALSE;

  for (guint i = 0; i < entries->len; i++)
    {
      IsplicJournalEntry *entry = entries->pdata[i];

      if (entry->id > top->entry->id)
        g_ptr_array_add (added, isplic_history_item_new (g_steal_pointer (&entries->pdata[i]),
                                                         self->licenses));
      else
        g_hash_table_insert (by_id, &entry->id, entry);
    }
  /* From the bottom: a removal does not move the positions still to look at. */
  for (guint p = g_list_model_get_n_items (model); p > 0; p--)
    {
      g_autoptr(IsplicHistoryItem) item = g_list_model_get_item (model, p - 1);
      IsplicJournalEntry *now = g_hash_table_lookup (by_id, &item->entry->id);

      if (now == NULL)
        /* Older than the part of the journal that is read. */
        g_list_store_remove (self->store, p - 1);
      else if (entry_changed (item->entry, now))
        {
          guint index;

          g_ptr_array_find (entries, now, &index);
          isplic_history_item_set_entry (item, g_steal_pointer (&entries->pdata[index]),
                                         self->licenses);
          /* The same object again: the selection keeps it, its row is bound anew. */
          g_list_store_splice (self->store, p - 1, 1, (gpointer *) &item, 1);
          shown_changed |= item == self->shown;
        }
    }
  g_list_store_splice (self->store, 0, 0, added->pdata, added->len);
  if (shown_changed)
    {
      /* Its outcome changed: shown again, with the server's history fetched again. */
      g_clear_object (&self->shown);
      show_entry (self, gtk_single_selection_get_selected_item (self->selection));
    }
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(IsplicHistoryWindow) self = user_data;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  entries = isplic_journal_read_account_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->read_cancellable);
  self->read_failed = entries == NULL;
  if (entries == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      update_entries_page (self);
      return;
    }
  if (g_list_model_get_n_items (G_LIST_MODEL (self->store)) > 0)
    update_items (self, entries);
  else
    {
      g_autoptr(GPtrArray) items = g_ptr_array_new_full (entries->len, g_object_unref);

      for (guint i = 0; i < entries->len; i++)
        g_ptr_array_add (items, isplic_history_item_new (g_steal_pointer (&entries->pdata[i]),
                                                         self->licenses));
      g_list_store_splice (self->store, 0, 0, items->pdata, items->len);
    }
  update_entries_page (self);
}

void
isplic_history_window_reload (IsplicHistoryWindow *self)
{
  IsplicJournal *journal;

  g_return_if_fail (ISPLIC_IS_HISTORY_WINDOW (self));

  g_cancellable_cancel (self->read_cancellable);
  g_clear_object (&self->read_cancellable);
  journal = isplic_client_get_journal (self->client);
  if (journal == NULL)
    {
      /* The demo keeps no journal. */
      adw_status_page_set_description (self->empty_page,
                                       _("The demo keeps no history: nothing it does is real"));
      update_entries_page (self);
      return;
    }

  self->read_cancellable = g_cancellable_new ();
  isplic_journal_read_account_async (isplic_journal_get_path (journal), self->account, NULL,
                                     self->read_cancellable, read_cb, g_object_ref (self));
  update_entries_page (self);
}

gboolean
isplic_history_window_get_loading (IsplicHistoryWindow *self)
{
  g_return_val_if_fail (ISPLIC_IS_HISTORY_WINDOW (self), FALSE);

  return self->read_cancellable != NULL;
}

/* -------------------------------------------------------------------------------------------- */

static void
isplic_history_window_dispose (GObject *object)
{
  IsplicHistoryWindow *self = ISPLIC_HISTORY_WINDOW (object);

  g_cancellable_cancel (self->read_cancellable);
  g_clear_object (&self->read_cancellable);
  g_cancellable_cancel (self->server_cancellable);
  g_clear_object (&self->server_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), ISPLIC_TYPE_HISTORY_WINDOW);
  g_clear_object (&self->shown);
  g_clear_object (&self->license_ids);
  g_clear_object (&self->selection);
  g_clear_object (&self->filtered);
  g_clear_object (&self->store);
  g_clear_object (&self->client);
  g_clear_object (&self->licenses);
  G_OBJECT_CLASS (isplic_history_window_parent_class)->dispose (object);
}

static void
isplic_history_window_finalize (GObject *object)
{
  IsplicHistoryWindow *self = ISPLIC_HISTORY_WINDOW (object);

  g_free (self->account);
  g_free (self->search);
  G_OBJECT_CLASS (isplic_history_window_parent_class)->finalize (object);
}

static void
isplic_history_window_class_init (IsplicHistoryWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = isplic_history_window_dispose;
  object_class->finalize = isplic_history_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/example/IspLic/isplic-history-window.ui");
  gtk_widget_class_bind_template_child (widget_class, IsplicHistoryWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, IsplicHistoryWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, IsplicHistoryWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, IsplicHistoryWindow, entries_stack);
  gtk_widget_class_bind_template_child (widget_class, IsplicHistoryWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, IsplicHistoryWindow, list_view);
  gtk_widget_class_bind_template_child (widget_class, IsplicHistoryWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, IsplicHistoryWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, IsplicHistoryWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, IsplicHistoryWindow, detail_title);
  gtk_widget_class_bind_template_child (widget_class, IsplicHistoryWindow, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, IsplicHistoryWindow, outcome_row);
  gtk_widget_class_bind_template_child (widget_class, IsplicHistoryWindow, message_row);
  gtk_widget_class_bind_template_child (widget_class, IsplicHistoryWindow, sent_row);
  gtk_widget_class_bind_template_child (widget_class, IsplicHistoryWindow, ended_row);
  gtk_widget_class_bind_template_child (widget_class, IsplicHistoryWindow, licenses_row);
  gtk_widget_class_bind_template_child (widget_class, IsplicHistoryWindow, server_group);
  gtk_widget_class_bind_template_child (widget_class, IsplicHistoryWindow, server_spinner);
  gtk_widget_class_bind_template_child (widget_class, IsplicHistoryWindow, license_list);
  gtk_widget_class_bind_template_child (widget_class, IsplicHistoryWindow, license_row);
  gtk_widget_class_bind_template_child (widget_class, IsplicHistoryWindow, server_label);
  gtk_widget_class_bind_template_child (widget_class, IsplicHistoryWindow, server_list);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close",
                                       NULL);
}

static void
isplic_history_window_init (IsplicHistoryWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = isplic_history_row_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->server_offered = TRUE;

  self->store = g_list_store_new (ISPLIC_TYPE_HISTORY_ITEM);
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->store)),
                                              GTK_FILTER (self->filter));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->filtered)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->list_view, "activate", G_CALLBACK (activate_cb), self, 0);
  g_signal_connect_object (self->leaflet, "notify::folded", G_CALLBACK (folded_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->license_row, "notify::selected",
                           G_CALLBACK (license_row_selected_cb), self, G_CONNECT_SWAPPED);
  folded_changed_cb (self);
}

GtkWidget *
isplic_history_window_new (IsplicClient      *client,
                           IsplicLicenseList *licenses)
{
  IsplicHistoryWindow *self;

  g_return_val_if_fail (ISPLIC_IS_CLIENT (client), NULL);
  g_return_val_if_fail (licenses == NULL || ISPLIC_IS_LICENSE_LIST (licenses), NULL);

  self = g_object_new (ISPLIC_TYPE_HISTORY_WINDOW, NULL);
  self->client = g_object_ref (client);
  self->licenses = licenses != NULL ? g_object_ref (licenses) : NULL;
  self->account = isplic_journal_account_name (isplic_client_get_base_url (client),
                                               isplic_client_get_user (client));
  adw_window_title_set_subtitle (self->window_title, self->account);
  isplic_history_window_reload (self);
  return GTK_WIDGET (self);
}
