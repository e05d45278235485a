/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "isplic-details-pane.h"
#include "isplic-license-format.h"
#include "isplic-license-text.h"

struct _IsplicDetailsPane
{
  AdwBin parent_instance;

  IsplicClient *client;      /* owned, nullable */
  IsplicLicense *license;    /* owned, nullable */
  gulong notify_id;
  GCancellable *key_cancellable; /* owned, nullable: a key fetch in flight */
  char *key_error;           /* owned, nullable */

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
};

G_DEFINE_FINAL_TYPE (IsplicDetailsPane, isplic_details_pane, ADW_TYPE_BIN)

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
update (IsplicDetailsPane *self)
{
  IsplicLicense *l = self->license;
  g_autofree char *period = NULL;
  g_autofree char *expires = NULL;
  g_autofree char *nodes = NULL;
  const char *key;
  gboolean fetching;

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
  gtk_widget_set_visible (GTK_WIDGET (self->nodes_row), nodes != NULL);
  set_row_date (self->created_row, isplic_license_get_created (l));
  expires = isplic_format_expires (l);
  set_row (self->expires_row, expires);
  set_row (self->auto_renew_row, isplic_format_auto_renew (isplic_license_get_auto_renew (l)));
  set_row (self->cost_row, isplic_license_get_cost (l));
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

static void
license_notify_cb (IsplicDetailsPane *self)
{
  update (self);
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
  g_clear_object (&self->client);

  G_OBJECT_CLASS (isplic_details_pane_parent_class)->dispose (object);
}

static void
isplic_details_pane_finalize (GObject *object)
{
  IsplicDetailsPane *self = ISPLIC_DETAILS_PANE (object);

  g_free (self->key_error);

  G_OBJECT_CLASS (isplic_details_pane_parent_class)->finalize (object);
}

static void
isplic_details_pane_class_init (IsplicDetailsPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = isplic_details_pane_dispose;
  object_class->finalize = isplic_details_pane_finalize;

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
  gtk_widget_class_bind_template_callback (widget_class, copy_ip_cb);
  gtk_widget_class_bind_template_callback (widget_class, copy_key_cb);
  gtk_widget_class_bind_template_callback (widget_class, fetch_key_cb);
}

static void
isplic_details_pane_init (IsplicDetailsPane *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
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

  g_set_object (&self->client, client);
  update (self);
}

void
isplic_details_pane_set_license (IsplicDetailsPane *self,
                                 IsplicLicense     *license)
{
  g_return_if_fail (ISPLIC_IS_DETAILS_PANE (self));

  if (self->license == license)
    return;

  g_cancellable_cancel (self->key_cancellable);
  g_clear_object (&self->key_cancellable);
  g_clear_pointer (&self->key_error, g_free);
  g_clear_signal_handler (&self->notify_id, self->license);
  g_set_object (&self->license, license);

  if (license != NULL)
    self->notify_id = g_signal_connect_object (license, "notify", G_CALLBACK (license_notify_cb),
                                               self, G_CONNECT_SWAPPED);

  update (self);

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
