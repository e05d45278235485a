/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "isplic-details-pane.h"
#include "isplic-history-item.h"
#include "isplic-journal-read.h"
#include "isplic-license-format.h"
#include "isplic-license-text.h"
#include "isplic-selection-summary.h"
#include "isplic-widget-util.h"

/* The most history entries shown: the billing panel has the rest. */
#define HISTORY_MAX 50
/* A license changes several properties at once when the list refreshes: one history fetch. */
#define HISTORY_REFRESH_MS 300

struct _IsplicDetailsPane
{
  AdwBin parent_instance;

  IsplicClient *client;      /* owned, nullable */
  IsplicLicense *license;    /* owned, nullable */
  gulong notify_id;
  GCancellable *key_cancellable; /* owned, nullable: a key fetch in flight */
  char *key_error;           /* owned, nullable */

  /* Money functions (issue 8): optional on the server, hidden once it says it lacks them. */
  gboolean auto_renew_offered;
  gboolean history_offered;
  gboolean updating;         /* update() is setting the switch: not the person's change */
  IsplicLicense *auto_renew_license; /* owned, nullable: a change in flight for this license */
  int auto_renew_months;     /* what that change sets */
  GCancellable *history_cancellable; /* owned, nullable: a history fetch in flight */
  GPtrArray *history_rows;   /* owned array, of rows owned by history_group */
  guint history_source;      /* a history refresh after the license changed */
  guint history_pending;     /* the server's history and the journal's entries: both come */
  GPtrArray *history_server; /* owned, nullable: the server's entries, newest first */
  GPtrArray *history_journal; /* owned, nullable: IspLic's own entries, newest first */
  gboolean disposed;
  GPtrArray *several;        /* owned, nullable: two or more licenses summed up */

  GtkLabel *heading_label;
  GtkStack *stack;
  AdwActionRow *name_row;
  AdwActionRow *id_row;
  AdwActionRow *ip_row;
  AdwActionRow *status_row;
  AdwActionRow *tariff_row;
  AdwActionRow *period_row;
  AdwActionRow *nodes_row;
  AdwActionRow *created_row;
  AdwActionRow *expires_row;
  AdwActionRow *auto_renew_row;
  AdwActionRow *cost_row;
  GtkButton *copy_ip_button;
  GtkButton *copy_key_button;
  GtkButton *fetch_key_button;
  GtkSpinner *key_spinner;
  GtkLabel *key_label;
  GtkLabel *trial_label;
  GtkSwitch *auto_renew_switch;
  GtkWidget *nodes_button;
  AdwPreferencesGroup *history_group;
  GtkSpinner *history_spinner;
  GtkLabel *history_label;
  GtkWidget *renew_button;
  GtkWidget *group_renew_button;
  AdwActionRow *count_row;
  AdwActionRow *total_row;
  AdwActionRow *earliest_row;
};

G_DEFINE_FINAL_TYPE (IsplicDetailsPane, isplic_details_pane, ADW_TYPE_BIN)

enum {
  SIGNAL_LICENSE_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_row (AdwActionRow *row,
         const char   *value)
{
  adw_action_row_set_subtitle (row, value && *value ? value : "—");
}

static void
set_row_date (AdwActionRow *row,
              GDateTime    *date)
{
  g_autofree char *text = isplic_date_format (date);

  set_row (row, text);
}

static void
toast (IsplicDetailsPane *self,
       const char        *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
}

static void
update_auto_renew (IsplicDetailsPane *self)
{
  IsplicLicense *l = self->license;
  IsplicLicenseStatus status;
  gboolean shown;

  if (l == NULL)
    return;
  status = isplic_license_get_status (l);
  shown = self->client != NULL && self->auto_renew_offered && !isplic_license_is_trial (l)
          && status != ISPLIC_LICENSE_STATUS_PROCESSING
          && status != ISPLIC_LICENSE_STATUS_ORDERED;
  gtk_widget_set_visible (GTK_WIDGET (self->auto_renew_switch), shown);
  gtk_widget_set_sensitive (GTK_WIDGET (self->auto_renew_switch),
                            self->auto_renew_license == NULL);
  self->updating = TRUE;
  gtk_switch_set_active (self->auto_renew_switch, isplic_license_get_auto_renew (l) != 0);
  self->updating = FALSE;
}

static void update (IsplicDetailsPane *self);
static void fetch_history (IsplicDetailsPane *self);

static void
set_auto_renew_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(IsplicDetailsPane) self = user_data;
  g_autoptr(IsplicLicense) license = g_steal_pointer (&self->auto_renew_license);
  g_autoptr(GError) error = NULL;
  gboolean done = isplic_client_set_auto_renew_finish (ISPLIC_CLIENT (source), result, &error);

  if (done)
    {
      /* The shared object: the list's row shows the change at once, even with the pane gone. */
      isplic_license_set_auto_renew (license, self->auto_renew_months);
      /* What depends on it (the balance's warning) is recounted. */
      g_signal_emit (self, signals[SIGNAL_LICENSE_CHANGED], 0, license);
    }
  if (self->disposed)
    return;
  /* A details answer still to come was read before the change: it would put the old setting
   * back on the shared license. It is asked again, after the change. */
  if (done && license == self->license && self->key_cancellable != NULL)
    isplic_details_pane_fetch_key (self);
  if (!done)
    {
      if (g_error_matches (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_NOT_OFFERED))
        self->auto_renew_offered = FALSE;
      else
        {
          g_autofree char *message =
            g_strdup_printf (_("Could not change the auto-renewal: %s"), error->message);

          toast (self, message);
        }
      update (self);
      return;
    }

  update (self);
  if (license == self->license)
    fetch_history (self);
}

static void
auto_renew_toggled_cb (IsplicDetailsPane *self)
{
  gboolean active = gtk_switch_get_active (self->auto_renew_switch);

  if (self->updating || self->license == NULL || self->client == NULL
      || self->auto_renew_license != NULL)
    return;
  if (active == (isplic_license_get_auto_renew (self->license) != 0))
    return;

  /* Switched on, a license renews by its own period. */
  self->auto_renew_months = !active ? 0
                            : isplic_license_get_period (self->license) == 12 ? 12 : 1;
  self->auto_renew_license = g_object_ref (self->license);
  gtk_widget_set_sensitive (GTK_WIDGET (self->auto_renew_switch), FALSE);
  /* No cancellable: a change sent is seen through, even when another license is shown. */
  isplic_client_set_auto_renew_async (self->client, isplic_license_get_id (self->license),
                                      self->auto_renew_months, NULL, set_auto_renew_cb,
                                      g_object_ref (self));
}

static void
cancel_history (IsplicDetailsPane *self)
{
  g_clear_handle_id (&self->history_source, g_source_remove);
  g_cancellable_cancel (self->history_cancellable);
  g_clear_object (&self->history_cancellable);
  g_clear_pointer (&self->history_server, g_ptr_array_unref);
  g_clear_pointer (&self->history_journal, g_ptr_array_unref);
  self->history_pending = 0;
}

static void
remove_history_rows (IsplicDetailsPane *self)
{
  for (guint i = 0; self->history_rows != NULL && i < self->history_rows->len; i++)
    adw_preferences_group_remove (self->history_group,
                                  g_ptr_array_index (self->history_rows, i));
  if (self->history_rows != NULL)
    g_ptr_array_set_size (self->history_rows, 0);
  if (self->history_spinner == NULL)
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->history_spinner), FALSE);
  gtk_spinner_set_spinning (self->history_spinner, FALSE);
}

static void
show_history_message (IsplicDetailsPane *self,
                      const char        *message)
{
  gtk_label_set_text (self->history_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->history_label), message != NULL);
}

static void
add_history_row (IsplicDetailsPane *self,
                 const char        *title,
                 const char        *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title != NULL ? title : "—");
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle != NULL ? subtitle : "");
  gtk_widget_add_css_class (row, "property");
  /* Read-only, as the rows above: not Tab stops. */
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  adw_preferences_group_add (self->history_group, row);
  g_ptr_array_add (self->history_rows, row);
}

static void
add_server_row (IsplicDetailsPane  *self,
                IsplicHistoryEntry *entry)
{
  g_autofree char *date = entry->date != NULL ? g_date_time_format (entry->date, "%x %H:%M")
                                              : NULL;
  g_autofree char *subtitle = NULL;

  if (date != NULL && entry->user != NULL && *entry->user != '\0')
    /* Translators: a history entry's date, then who made the change */
    subtitle = g_strdup_printf (_("%s, by %s"), date, entry->user);
  else
    subtitle = g_strdup (date);
  add_history_row (self, entry->desc, subtitle);
}

/* What IspLic itself sent, marked as IspLic's, with its outcome. */
static void
add_journal_row (IsplicDetailsPane  *self,
                 IsplicJournalEntry *entry)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (entry->sent);
  g_autofree char *date = g_date_time_format (local, "%x %H:%M");
  /* Translators: a journal entry in the license's history: its date, then its outcome, e.g.
   * "03/14/2026 10:00, sent by IspLic: Done" */
  g_autofree char *subtitle = g_strdup_printf (_("%s, sent by IspLic: %s"), date,
                                               isplic_history_outcome_label (entry->outcome));

  g_autofree char *what = isplic_journal_entry_describe (entry);

  add_history_row (self, what, subtitle);
}

/* Both came: the server's entries and IspLic's own, merged newest first. */
static void
history_done (IsplicDetailsPane *self)
{
  GPtrArray *server = self->history_server;
  GPtrArray *journal = self->history_journal;
  guint i = 0, j = 0;

  if (--self->history_pending > 0)
    return;
  g_clear_object (&self->history_cancellable);
  remove_history_rows (self);
  show_history_message (self, server->len + journal->len == 0 ? _("No changes recorded") : NULL);
  while ((i < server->len || j < journal->len) && i + j < HISTORY_MAX)
    {
      IsplicHistoryEntry *s = i < server->len ? g_ptr_array_index (server, i) : NULL;
      IsplicJournalEntry *o = j < journal->len ? g_ptr_array_index (journal, j) : NULL;

      /* A server entry without a date keeps its place among the server's. */
      if (o != NULL && (s == NULL || (s->date != NULL
                                      && g_date_time_compare (o->sent, s->date) > 0)))
        add_journal_row (self, g_ptr_array_index (journal, j++));
      else
        add_server_row (self, g_ptr_array_index (server, i++));
    }
  g_clear_pointer (&self->history_server, g_ptr_array_unref);
  g_clear_pointer (&self->history_journal, g_ptr_array_unref);
}

static void
history_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(IsplicDetailsPane) self = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *entries;

  entries = isplic_client_get_history_finish (ISPLIC_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (entries != NULL)
    {
      self->history_server = entries;
      history_done (self);
      return;
    }
  /* The journal's entries are not wanted without the server's. */
  cancel_history (self);
  remove_history_rows (self);
  if (g_error_matches (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_NOT_OFFERED))
    {
      self->history_offered = FALSE;
      gtk_widget_set_visible (GTK_WIDGET (self->history_group), FALSE);
    }
  else
    {
      g_autofree char *message =
        g_strdup_printf (_("Could not load the history: %s"), error->message);

      show_history_message (self, message);
    }
}

static void
journal_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(IsplicDetailsPane) self = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *entries = isplic_journal_read_account_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* An unreadable journal: the server's history alone. */
  if (entries == NULL)
    g_message ("Could not read the journal: %s", error->message);
  self->history_journal = entries != NULL ? entries : g_ptr_array_new ();
  history_done (self);
}

static void
fetch_history (IsplicDetailsPane *self)
{
  gboolean shown = self->license != NULL && self->client != NULL && self->history_offered;

  /* The rows shown stay until the new ones come: a refresh does not blink. */
  cancel_history (self);
  gtk_widget_set_visible (GTK_WIDGET (self->history_group), shown);
  if (!shown)
    {
      remove_history_rows (self);
      show_history_message (self, NULL);
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->history_spinner), TRUE);
  gtk_spinner_set_spinning (self->history_spinner, TRUE);
  self->history_cancellable = g_cancellable_new ();
  self->history_pending = 2;
  isplic_client_get_history_async (self->client, isplic_license_get_id (self->license),
                                   self->history_cancellable, history_cb, g_object_ref (self));
  if (isplic_client_get_journal (self->client) != NULL)
    {
      g_autofree char *account = isplic_journal_account_name (
        isplic_client_get_base_url (self->client), isplic_client_get_user (self->client));

      isplic_journal_read_account_async (isplic_journal_get_path (
                                           isplic_client_get_journal (self->client)),
                                         account, isplic_license_get_id (self->license),
                                         self->history_cancellable, journal_cb,
                                         g_object_ref (self));
    }
  else
    self->history_journal = g_ptr_array_new ();
  if (self->history_journal != NULL)
    self->history_pending--;
}

/* Two or more selected: how many, what they cost together, which expires first. */
static void
update_several (IsplicDetailsPane *self)
{
  guint n = self->several->len;
  g_autofree char *count = isplic_format_count (n);
  g_autofree char *heading = NULL;
  g_autofree char *cost = isplic_selection_format_cost (self->several);
  IsplicLicense *earliest = isplic_selection_earliest_expiry (self->several);

  gtk_stack_set_visible_child_name (self->stack, "several");
  /* Translators: the pane's heading with several licenses selected; %s is their number */
  heading = g_strdup_printf (ngettext ("%s License Selected", "%s Licenses Selected", n), count);
  gtk_label_set_text (self->heading_label, heading);
  set_row (self->count_row, count);
  set_row (self->total_row, cost);
  if (earliest != NULL)
    {
      g_autofree char *expires = isplic_format_expires (earliest);
      /* Translators: the earliest expiry of several licenses, then that license's name */
      g_autofree char *text = g_strdup_printf (_("%s — %s"), expires,
                                               isplic_license_get_name (earliest));

      set_row (self->earliest_row, text);
    }
  else
    set_row (self->earliest_row, NULL);
}

static void
update (IsplicDetailsPane *self)
{
  IsplicLicense *l = self->license;
  g_autofree char *period = NULL;
  g_autofree char *expires = NULL;
  g_autofree char *nodes = NULL;
  const IsplicTariff *tariff;
  gboolean takes_nodes;
  g_autoptr(PangoAttrList) attrs = NULL;
  const char *key;
  gboolean fetching;

  if (l == NULL && self->several != NULL)
    {
      update_several (self);
      return;
    }
  if (l == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "none");
      gtk_label_set_text (self->heading_label, _("Details"));
      return;
    }

  gtk_stack_set_visible_child_name (self->stack, "license");
  gtk_label_set_text (self->heading_label, isplic_license_get_name (l));

  set_row (self->name_row, isplic_license_get_name (l));
  set_row (self->id_row, isplic_license_get_id (l));
  set_row (self->ip_row, isplic_license_get_ip (l));
  set_row (self->status_row, isplic_license_get_status_label (l));
  set_row (self->tariff_row, isplic_license_get_tariff_name (l));
  period = isplic_format_period (isplic_license_get_period (l));
  set_row (self->period_row, period);
  if (isplic_license_get_nodes (l) > 0)
    nodes = g_strdup_printf ("%d", isplic_license_get_nodes (l));
  set_row (self->nodes_row, nodes);
  tariff = isplic_tariff_lookup (isplic_license_get_tariff_id (l));
  takes_nodes = tariff != NULL && tariff->has_nodes;
  gtk_widget_set_visible (GTK_WIDGET (self->nodes_row), nodes != NULL || takes_nodes);
  /* Changed in place through the window's change-nodes action (the license shown is the one
   * selected), so the price is shown before anything is charged. */
  gtk_widget_set_visible (self->nodes_button, takes_nodes && self->client != NULL);
  set_row_date (self->created_row, isplic_license_get_created (l));
  expires = isplic_format_expires (l);
  set_row (self->expires_row, expires);
  set_row (self->auto_renew_row, isplic_format_auto_renew (isplic_license_get_auto_renew (l)));
  update_auto_renew (self);
  {
    g_autofree char *cost = isplic_format_cost (l);

    set_row (self->cost_row, cost);
  }
  gtk_widget_set_visible (GTK_WIDGET (self->trial_label), isplic_license_is_trial (l));
  gtk_widget_set_sensitive (GTK_WIDGET (self->copy_ip_button),
                            isplic_license_get_ip (l) != NULL);

  key = isplic_license_get_key (l);
  fetching = self->key_cancellable != NULL;
  gtk_widget_set_visible (GTK_WIDGET (self->key_spinner), fetching);
  gtk_spinner_set_spinning (self->key_spinner, fetching);
  gtk_widget_set_sensitive (GTK_WIDGET (self->copy_key_button), key != NULL && *key != '\0');
  gtk_widget_set_visible (GTK_WIDGET (self->fetch_key_button),
                          !fetching && (key == NULL || *key == '\0') && self->client != NULL);
  attrs = key != NULL && *key != '\0' ? isplic_key_wrap_attributes (key) : NULL;
  gtk_label_set_attributes (self->key_label, attrs);
  if (key != NULL && *key != '\0')
    gtk_label_set_text (self->key_label, key);
  else if (fetching)
    gtk_label_set_text (self->key_label, _("Fetching the key…"));
  else if (self->key_error != NULL)
    gtk_label_set_text (self->key_label, self->key_error);
  else if (isplic_license_get_status (l) == ISPLIC_LICENSE_STATUS_PROCESSING
           || isplic_license_get_status (l) == ISPLIC_LICENSE_STATUS_ORDERED)
    gtk_label_set_text (self->key_label, _("The key is issued when the order completes"));
  else
    gtk_label_set_text (self->key_label, _("Not loaded yet"));
}

static gboolean
history_refresh_cb (gpointer user_data)
{
  IsplicDetailsPane *self = user_data;

  self->history_source = 0;
  fetch_history (self);
  return G_SOURCE_REMOVE;
}

static void
license_notify_cb (IsplicDetailsPane *self,
                   GParamSpec        *pspec)
{
  update (self);

  /* A change made elsewhere (a renewal, another tariff, a refresh that brings one) is in the
   * license's history now; the key fetched for the pane is not a change. */
  if (self->license == NULL || self->client == NULL || !self->history_offered
      || g_strcmp0 (g_param_spec_get_name (pspec), "key") == 0)
    return;
  g_clear_handle_id (&self->history_source, g_source_remove);
  self->history_source = g_timeout_add (HISTORY_REFRESH_MS, history_refresh_cb, self);
}

static void
get_details_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(IsplicDetailsPane) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(IsplicLicense) details = NULL;
  g_autoptr(IsplicLicense) license = NULL;

  details = isplic_client_get_details_finish (ISPLIC_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->key_cancellable);
  license = self->license ? g_object_ref (self->license) : NULL;

  if (details == NULL)
    {
      g_free (self->key_error);
      self->key_error = g_strdup_printf (_("Could not fetch the key: %s"), error->message);
    }
  else if (license != NULL
           && g_strcmp0 (isplic_license_get_id (license), isplic_license_get_id (details)) == 0)
    {
      /* The shared object updates in place, so the list row shows the same data. */
      isplic_license_update_from (license, details);
    }

  update (self);
}

void
isplic_details_pane_fetch_key (IsplicDetailsPane *self)
{
  g_return_if_fail (ISPLIC_IS_DETAILS_PANE (self));

  if (self->license == NULL || self->client == NULL)
    return;

  g_cancellable_cancel (self->key_cancellable);
  g_clear_object (&self->key_cancellable);
  g_clear_pointer (&self->key_error, g_free);
  self->key_cancellable = g_cancellable_new ();
  isplic_client_get_details_async (self->client, isplic_license_get_id (self->license),
                                   self->key_cancellable, get_details_cb, g_object_ref (self));
  update (self);
}

static void
fetch_key_cb (IsplicDetailsPane *self)
{
  isplic_details_pane_fetch_key (self);
}

static void
copy_text (IsplicDetailsPane *self,
           const char        *text,
           const char        *toast)
{
  GtkWidget *overlay;

  if (text == NULL || *text == '\0')
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (toast));
}

static void
copy_ip_cb (IsplicDetailsPane *self)
{
  if (self->license != NULL)
    copy_text (self, isplic_license_get_ip (self->license), _("IP address copied"));
}

static void
copy_key_cb (IsplicDetailsPane *self)
{
  if (self->license != NULL)
    copy_text (self, isplic_license_get_key (self->license), _("License key copied"));
}

static void
isplic_details_pane_dispose (GObject *object)
{
  IsplicDetailsPane *self = ISPLIC_DETAILS_PANE (object);

  isplic_details_pane_set_license (self, NULL);
  cancel_history (self);
  self->disposed = TRUE;
  g_clear_object (&self->client);

  G_OBJECT_CLASS (isplic_details_pane_parent_class)->dispose (object);
}

static void
isplic_details_pane_finalize (GObject *object)
{
  IsplicDetailsPane *self = ISPLIC_DETAILS_PANE (object);

  g_free (self->key_error);
  g_clear_pointer (&self->history_rows, g_ptr_array_unref);
  g_clear_object (&self->auto_renew_license);
  g_clear_pointer (&self->several, g_ptr_array_unref);

  G_OBJECT_CLASS (isplic_details_pane_parent_class)->finalize (object);
}

static void
isplic_details_pane_class_init (IsplicDetailsPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = isplic_details_pane_dispose;
  object_class->finalize = isplic_details_pane_finalize;

  /* A license was changed from the pane (its auto-renewal). */
  signals[SIGNAL_LICENSE_CHANGED] =
    g_signal_new ("license-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, ISPLIC_TYPE_LICENSE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/example/IspLic/isplic-details-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, IsplicDetailsPane, heading_label);
  gtk_widget_class_bind_template_child (widget_class, IsplicDetailsPane, stack);
  gtk_widget_class_bind_template_child (widget_class, IsplicDetailsPane, name_row);
  gtk_widget_class_bind_template_child (widget_class, IsplicDetailsPane, id_row);
  gtk_widget_class_bind_template_child (widget_class, IsplicDetailsPane, ip_row);
  gtk_widget_class_bind_template_child (widget_class, IsplicDetailsPane, status_row);
  gtk_widget_class_bind_template_child (widget_class, IsplicDetailsPane, tariff_row);
  gtk_widget_class_bind_template_child (widget_class, IsplicDetailsPane, period_row);
  gtk_widget_class_bind_template_child (widget_class, IsplicDetailsPane, nodes_row);
  gtk_widget_class_bind_template_child (widget_class, IsplicDetailsPane, created_row);
  gtk_widget_class_bind_template_child (widget_class, IsplicDetailsPane, expires_row);
  gtk_widget_class_bind_template_child (widget_class, IsplicDetailsPane, auto_renew_row);
  gtk_widget_class_bind_template_child (widget_class, IsplicDetailsPane, cost_row);
  gtk_widget_class_bind_template_child (widget_class, IsplicDetailsPane, copy_ip_button);
  gtk_widget_class_bind_template_child (widget_class, IsplicDetailsPane, copy_key_button);
  gtk_widget_class_bind_template_child (widget_class, IsplicDetailsPane, fetch_key_button);
  gtk_widget_class_bind_template_child (widget_class, IsplicDetailsPane, key_spinner);
  gtk_widget_class_bind_template_child (widget_class, IsplicDetailsPane, key_label);
  gtk_widget_class_bind_template_child (widget_class, IsplicDetailsPane, trial_label);
  gtk_widget_class_bind_template_child (widget_class, IsplicDetailsPane, auto_renew_switch);
  gtk_widget_class_bind_template_child (widget_class, IsplicDetailsPane, nodes_button);
  gtk_widget_class_bind_template_child (widget_class, IsplicDetailsPane, history_group);
  gtk_widget_class_bind_template_child (widget_class, IsplicDetailsPane, history_spinner);
  gtk_widget_class_bind_template_child (widget_class, IsplicDetailsPane, history_label);
  gtk_widget_class_bind_template_child (widget_class, IsplicDetailsPane, renew_button);
  gtk_widget_class_bind_template_child (widget_class, IsplicDetailsPane, group_renew_button);
  gtk_widget_class_bind_template_child (widget_class, IsplicDetailsPane, count_row);
  gtk_widget_class_bind_template_child (widget_class, IsplicDetailsPane, total_row);
  gtk_widget_class_bind_template_child (widget_class, IsplicDetailsPane, earliest_row);
  gtk_widget_class_bind_template_callback (widget_class, auto_renew_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, copy_ip_cb);
  gtk_widget_class_bind_template_callback (widget_class, copy_key_cb);
  gtk_widget_class_bind_template_callback (widget_class, fetch_key_cb);
}

static void
isplic_details_pane_init (IsplicDetailsPane *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->history_rows = g_ptr_array_new ();
  self->auto_renew_offered = TRUE;
  self->history_offered = TRUE;
  update (self);
}

GtkWidget *
isplic_details_pane_new (void)
{
  return g_object_new (ISPLIC_TYPE_DETAILS_PANE, NULL);
}

void
isplic_details_pane_set_client (IsplicDetailsPane *self,
                                IsplicClient      *client)
{
  g_return_if_fail (ISPLIC_IS_DETAILS_PANE (self));

  if (g_set_object (&self->client, client))
    {
      /* Another server may offer what the last one did not. */
      self->auto_renew_offered = TRUE;
      self->history_offered = TRUE;
      fetch_history (self);
    }
  update (self);
}

void
isplic_details_pane_set_license (IsplicDetailsPane *self,
                                 IsplicLicense     *license)
{
  g_return_if_fail (ISPLIC_IS_DETAILS_PANE (self));

  if (self->license == license && (license != NULL || self->several == NULL))
    return;
  g_clear_pointer (&self->several, g_ptr_array_unref);

  g_cancellable_cancel (self->key_cancellable);
  g_clear_object (&self->key_cancellable);
  g_clear_pointer (&self->key_error, g_free);
  g_clear_signal_handler (&self->notify_id, self->license);
  g_set_object (&self->license, license);

  if (license != NULL)
    self->notify_id = g_signal_connect_object (license, "notify", G_CALLBACK (license_notify_cb),
                                               self, G_CONNECT_SWAPPED);

  update (self);
  /* Another license: none of the last one's rows while its own load. */
  remove_history_rows (self);
  show_history_message (self, NULL);
  fetch_history (self);

  if (license != NULL && isplic_license_get_key (license) == NULL
      && isplic_license_get_status (license) != ISPLIC_LICENSE_STATUS_PROCESSING
      && isplic_license_get_status (license) != ISPLIC_LICENSE_STATUS_ORDERED)
    isplic_details_pane_fetch_key (self);
}

IsplicLicense *
isplic_details_pane_get_license (IsplicDetailsPane *self)
{
  g_return_val_if_fail (ISPLIC_IS_DETAILS_PANE (self), NULL);
  return self->license;
}

const char *
isplic_details_pane_get_key (IsplicDetailsPane *self)
{
  g_return_val_if_fail (ISPLIC_IS_DETAILS_PANE (self), NULL);
  return self->license ? isplic_license_get_key (self->license) : NULL;
}

void
isplic_details_pane_set_licenses (IsplicDetailsPane *self,
                                  GPtrArray         *licenses)
{
  g_return_if_fail (ISPLIC_IS_DETAILS_PANE (self));

  if (licenses == NULL || licenses->len < 2)
    {
      isplic_details_pane_set_license (self, licenses != NULL && licenses->len == 1
                                             ? g_ptr_array_index (licenses, 0) : NULL);
      return;
    }

  isplic_details_pane_set_license (self, NULL);
  self->several = g_ptr_array_new_full (licenses->len, g_object_unref);
  for (guint i = 0; i < licenses->len; i++)
    g_ptr_array_add (self->several, g_object_ref (g_ptr_array_index (licenses, i)));
  update (self);
}

guint
isplic_details_pane_get_n_licenses (IsplicDetailsPane *self)
{
  g_return_val_if_fail (ISPLIC_IS_DETAILS_PANE (self), 0);

  if (self->several != NULL)
    return self->several->len;
  return self->license != NULL ? 1 : 0;
}

void
isplic_details_pane_set_trial (IsplicDetailsPane *self,
                               gboolean           any_trial)
{
  GtkWidget *buttons[] = { self->renew_button, self->group_renew_button };

  g_return_if_fail (ISPLIC_IS_DETAILS_PANE (self));

  /* billmgr cannot renew a trial: the disabled button says why. */
  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    {
      isplic_set_tooltip_text (buttons[i], any_trial ? _("Trial licenses cannot be renewed")
                                                     : _("Renew (Ctrl+E)"));
      if (any_trial)
        gtk_accessible_update_property (GTK_ACCESSIBLE (buttons[i]),
                                        GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                        _("Trial licenses cannot be renewed"), -1);
      else
        gtk_accessible_reset_property (GTK_ACCESSIBLE (buttons[i]),
                                       GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
}
