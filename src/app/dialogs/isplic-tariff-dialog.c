/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "isplic-dialogs.h"
#include "isplic-dialog-util-private.h"

struct _IsplicTariffDialog
{
  AdwWindow parent_instance;

  GtkWidget *cancel_button;
  GtkWidget *change_button;
  GtkWidget *spinner;
  GtkWidget *form_group;
  AdwActionRow *current_row;
  AdwComboRow *tariff_row;
  GtkLabel *status_label;
  GtkLabel *error_label;

  IsplicClient *client;        /* owned */
  IsplicLicense *license;      /* owned */
  GPtrArray *choices;          /* owned, of const IsplicTariff* (static) */
  const IsplicTariff *sent;    /* the tariff asked for, static */
  char *uncertain_cause;       /* owned, nullable: why the change's outcome is unknown */

  gboolean busy;
  gboolean disposed;
};

G_DEFINE_FINAL_TYPE (IsplicTariffDialog, isplic_tariff_dialog, ADW_TYPE_WINDOW)

static guint succeeded_signal;

static const IsplicTariff *
get_selected_tariff (IsplicTariffDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->tariff_row);

  if (self->choices == NULL || selected >= self->choices->len)
    return NULL;
  return g_ptr_array_index (self->choices, selected);
}

static void
set_busy (IsplicTariffDialog *self,
          gboolean            busy,
          const char         *status)
{
  self->busy = busy;
  isplic_dialog_show_progress (self->spinner, self->status_label, busy, status);
  gtk_widget_set_sensitive (self->change_button, !busy && get_selected_tariff (self) != NULL);
  gtk_widget_set_sensitive (self->cancel_button, !busy);
  gtk_widget_set_sensitive (self->form_group, !busy);
}

static void
finish_success (IsplicTariffDialog *self)
{
  const char *ids[] = { isplic_license_get_id (self->license), NULL };
  g_autofree char *name = isplic_dialog_license_in_text (self->license);
  g_autofree char *message = g_strdup_printf (_("%s moved to %s"), name, self->sent->name);

  set_busy (self, FALSE, NULL);
  isplic_dialog_succeed (GTK_WINDOW (self), succeeded_signal, message, ids, &self->disposed);
}

static void
allow_retry (IsplicTariffDialog *self,
             const char         *message)
{
  set_busy (self, FALSE, NULL);
  isplic_dialog_offer_retry (self->error_label, self->change_button, message);
}

static void
reconcile_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(IsplicTariffDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  IsplicVerdict verdict = ISPLIC_VERDICT_UNKNOWN;

  isplic_client_reconcile_tariff_finish (ISPLIC_CLIENT (source), result, &verdict, &error);
  if (self->disposed)
    return;

  if (verdict == ISPLIC_VERDICT_DONE)
    {
      finish_success (self);
    }
  else if (verdict == ISPLIC_VERDICT_NOT_DONE)
    {
      g_autofree char *message =
        isplic_dialog_uncertain_message (self->uncertain_cause,
                                         _("The check found that the tariff was not changed. "
                                           "You can try again."));

      allow_retry (self, message);
    }
  else
    {
      g_autofree char *finding = NULL;
      g_autofree char *message = NULL;

      if (error != NULL)
        finding = g_strdup_printf (_("The check could not tell whether the tariff was changed "
                                     "(%s). Check the billing panel before trying again."),
                                   error->message);
      else
        finding = g_strdup (_("The check could not tell whether the tariff was changed: the "
                              "server did not say which tariff the license is on. Check the "
                              "billing panel before trying again."));
      message = isplic_dialog_uncertain_message (self->uncertain_cause, finding);
      allow_retry (self, message);
    }
}

static void
change_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(IsplicTariffDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!isplic_client_change_tariff_finish (ISPLIC_CLIENT (source), result, &error))
    {
      if (self->disposed)
        return;

      if (g_error_matches (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_OUTCOME_UNKNOWN))
        {
          g_autofree char *status = NULL;

          g_free (self->uncertain_cause);
          self->uncertain_cause = g_strdup (error->message);
          status = isplic_dialog_uncertain_message (error->message,
                                                    _("Checking with the server whether the "
                                                      "tariff was changed…"));
          set_busy (self, TRUE, status);
          isplic_client_reconcile_tariff_async (self->client,
                                                isplic_license_get_id (self->license),
                                                self->sent->id, NULL, reconcile_cb,
                                                g_object_ref (self));
          return;
        }

      set_busy (self, FALSE, NULL);
      isplic_dialog_set_message (self->error_label, error->message);
      return;
    }

  if (!self->disposed)
    finish_success (self);
}

static void
change_clicked_cb (IsplicTariffDialog *self)
{
  const IsplicTariff *tariff = get_selected_tariff (self);

  if (self->busy || tariff == NULL || self->client == NULL)
    return;

  self->sent = tariff;
  isplic_dialog_set_message (self->error_label, NULL);
  set_busy (self, TRUE, _("Changing the tariff…"));

  /* No cancellable: a payment in flight is never abandoned half-way. */
  isplic_client_change_tariff_async (self->client, isplic_license_get_id (self->license),
                                     tariff->id, NULL, change_cb, g_object_ref (self));
}

static gboolean
isplic_tariff_dialog_close_request (GtkWindow *window)
{
  IsplicTariffDialog *self = ISPLIC_TARIFF_DIALOG (window);

  if (self->busy)
    return TRUE;

  return GTK_WINDOW_CLASS (isplic_tariff_dialog_parent_class)->close_request (window);
}

static void
isplic_tariff_dialog_dispose (GObject *object)
{
  IsplicTariffDialog *self = ISPLIC_TARIFF_DIALOG (object);

  self->disposed = TRUE;
  gtk_widget_dispose_template (GTK_WIDGET (self), ISPLIC_TYPE_TARIFF_DIALOG);

  G_OBJECT_CLASS (isplic_tariff_dialog_parent_class)->dispose (object);
}

static void
isplic_tariff_dialog_finalize (GObject *object)
{
  IsplicTariffDialog *self = ISPLIC_TARIFF_DIALOG (object);

  g_clear_pointer (&self->choices, g_ptr_array_unref);
  g_clear_object (&self->license);
  g_clear_object (&self->client);
  g_clear_pointer (&self->uncertain_cause, g_free);

  G_OBJECT_CLASS (isplic_tariff_dialog_parent_class)->finalize (object);
}

static void
isplic_tariff_dialog_class_init (IsplicTariffDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = isplic_tariff_dialog_dispose;
  object_class->finalize = isplic_tariff_dialog_finalize;
  window_class->close_request = isplic_tariff_dialog_close_request;

  succeeded_signal = isplic_dialog_add_succeeded_signal (G_TYPE_FROM_CLASS (klass));

  isplic_dialog_class_set_template (widget_class, "isplic-tariff-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, IsplicTariffDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, IsplicTariffDialog, change_button);
  gtk_widget_class_bind_template_child (widget_class, IsplicTariffDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, IsplicTariffDialog, form_group);
  gtk_widget_class_bind_template_child (widget_class, IsplicTariffDialog, current_row);
  gtk_widget_class_bind_template_child (widget_class, IsplicTariffDialog, tariff_row);
  gtk_widget_class_bind_template_child (widget_class, IsplicTariffDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, IsplicTariffDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, change_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
isplic_tariff_dialog_init (IsplicTariffDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * isplic_tariff_dialog_new:
 * @client: the signed-in client
 * @license: the license whose tariff changes
 *
 * Returns: (transfer none) the dialog, a toplevel owned by GTK
 */
GtkWidget *
isplic_tariff_dialog_new (IsplicClient  *client,
                          IsplicLicense *license)
{
  IsplicTariffDialog *self;
  const IsplicTariff *current;
  const IsplicTariff *tariffs;
  guint n_tariffs;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autofree char *title = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (ISPLIC_IS_CLIENT (client), NULL);
  g_return_val_if_fail (ISPLIC_IS_LICENSE (license), NULL);

  self = g_object_new (ISPLIC_TYPE_TARIFF_DIALOG, NULL);
  self->client = g_object_ref (client);
  self->license = g_object_ref (license);

  current = isplic_tariff_lookup (isplic_license_get_tariff_id (license));
  if (current == NULL)
    current = isplic_tariff_find (isplic_license_get_tariff_name (license));

  adw_action_row_set_subtitle (self->current_row,
                               current != NULL ? current->name
                               : isplic_license_get_tariff_name (license) != NULL
                               ? isplic_license_get_tariff_name (license) : _("Unknown"));

  self->choices = g_ptr_array_new ();
  tariffs = isplic_tariffs_get (&n_tariffs);
  for (guint i = 0; i < n_tariffs; i++)
    {
      if (tariffs[i].trial || &tariffs[i] == current)
        continue;
      g_ptr_array_add (self->choices, (gpointer) &tariffs[i]);
      gtk_string_list_append (names, tariffs[i].name);
    }
  adw_combo_row_set_model (self->tariff_row, G_LIST_MODEL (names));

  name = isplic_dialog_license_in_text (license);
  title = g_strdup_printf (_("Change Tariff of %s"), name);
  gtk_window_set_title (GTK_WINDOW (self), title);
  set_busy (self, FALSE, NULL);

  return GTK_WIDGET (self);
}
