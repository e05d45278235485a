/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "isplic-dialogs.h"
#include "isplic-dialog-util-private.h"

struct _IsplicRenewDialog
{
  AdwWindow parent_instance;

  GtkWidget *cancel_button;
  GtkWidget *renew_button;
  GtkWidget *spinner;
  AdwPreferencesGroup *form_group;
  AdwComboRow *period_row;
  AdwActionRow *current_row;
  AdwActionRow *new_row;
  GtkLabel *trial_label;
  GtkLabel *status_label;
  GtkLabel *error_label;

  IsplicClient *client;            /* owned */
  GPtrArray *licenses;             /* owned, of IsplicLicense */
  gboolean has_trial;

  GCancellable *preview_cancellable; /* owned, nullable */
  GDateTime *preview_expiry;       /* owned, nullable: the server's answer for the period shown */

  /* Reconciliation after an unknown outcome. */
  int sent_period;
  guint reconcile_index;
  GPtrArray *renewed;              /* owned, of IsplicLicense, nullable */
  GPtrArray *not_renewed;          /* owned, of IsplicLicense, nullable */
  GDateTime *reconciled_expiry;    /* owned, nullable: the single license's expiry now */
  GError *reconcile_error;         /* owned, nullable */

  gboolean busy;
  gboolean disposed;
};

G_DEFINE_FINAL_TYPE (IsplicRenewDialog, isplic_renew_dialog, ADW_TYPE_WINDOW)

static guint succeeded_signal;

static int
get_period (IsplicRenewDialog *self)
{
  return adw_combo_row_get_selected (self->period_row) == 1 ? 12 : 1;
}

static gboolean
license_is_trial (IsplicLicense *license)
{
  const IsplicTariff *tariff;

  if (isplic_license_get_period (license) == ISPLIC_TRIAL_PERIOD)
    return TRUE;
  tariff = isplic_tariff_lookup (isplic_license_get_tariff_id (license));
  if (tariff == NULL)
    tariff = isplic_tariff_find (isplic_license_get_tariff_name (license));
  return tariff != NULL && tariff->trial;
}

/* The expiry after renewing, as far as it is known without the server. */
static GDateTime *
compute_expiry (IsplicLicense *license,
                int            period)
{
  GDateTime *expires = isplic_license_get_expires (license);

  if (expires == NULL)
    return NULL;
  return g_date_time_add_months (expires, period);
}

static void
update_sensitivity (IsplicRenewDialog *self)
{
  gtk_widget_set_sensitive (self->renew_button,
                            !self->busy && !self->has_trial && self->licenses->len > 0);
  gtk_widget_set_sensitive (self->cancel_button, !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->form_group), !self->busy);
}

static void
set_busy (IsplicRenewDialog *self,
          gboolean           busy,
          const char        *status)
{
  self->busy = busy;
  isplic_dialog_show_progress (self->spinner, self->status_label, busy, status);
  update_sensitivity (self);
}

static void
show_new_expiry (IsplicRenewDialog *self,
                 GDateTime         *expiry)
{
  g_autofree char *text = isplic_dialog_format_date (expiry);

  adw_action_row_set_subtitle (self->new_row, text);
}

static void
preview_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(IsplicRenewDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) expiry = NULL;

  expiry = isplic_client_renew_preview_finish (ISPLIC_CLIENT (source), result, &error);
  if (self->disposed || isplic_dialog_error_is_cancelled (error))
    return;

  g_clear_object (&self->preview_cancellable);
  if (expiry != NULL)
    {
      g_clear_pointer (&self->preview_expiry, g_date_time_unref);
      self->preview_expiry = g_date_time_ref (expiry);
      show_new_expiry (self, expiry);
    }
  /* On failure the computed date stays: it is what the server does for an active license. */
}

static void
update_preview (IsplicRenewDialog *self)
{
  IsplicLicense *license;
  g_autoptr(GDateTime) computed = NULL;

  g_cancellable_cancel (self->preview_cancellable);
  g_clear_object (&self->preview_cancellable);
  g_clear_pointer (&self->preview_expiry, g_date_time_unref);

  if (self->licenses->len != 1 || self->has_trial)
    return;

  license = g_ptr_array_index (self->licenses, 0);
  computed = compute_expiry (license, get_period (self));
  show_new_expiry (self, computed);

  if (self->client == NULL)
    return;

  self->preview_cancellable = g_cancellable_new ();
  isplic_client_renew_preview_async (self->client, isplic_license_get_id (license),
                                     get_period (self), self->preview_cancellable, preview_cb,
                                     g_object_ref (self));
}

static void
period_changed_cb (IsplicRenewDialog *self)
{
  update_preview (self);
}

/* Fills the texts that depend on which licenses are in the dialog. */
static void
update_licenses (IsplicRenewDialog *self)
{
  guint n = self->licenses->len;
  g_autofree char *names = isplic_dialog_format_names (self->licenses, 5);
  g_autoptr(GPtrArray) trials = g_ptr_array_new ();

  for (guint i = 0; i < n; i++)
    if (license_is_trial (g_ptr_array_index (self->licenses, i)))
      g_ptr_array_add (trials, g_ptr_array_index (self->licenses, i));
  self->has_trial = trials->len > 0;

  if (n == 1)
    {
      IsplicLicense *license = g_ptr_array_index (self->licenses, 0);
      g_autofree char *title = g_strdup_printf (_("Renew %s"),
                                                isplic_dialog_license_label (license));
      g_autofree char *current = isplic_dialog_format_date (isplic_license_get_expires (license));

      gtk_window_set_title (GTK_WINDOW (self), title);
      adw_preferences_group_set_title (self->form_group, isplic_dialog_license_label (license));
      adw_preferences_group_set_description (self->form_group, NULL);
      adw_action_row_set_subtitle (self->current_row, current);
    }
  else
    {
      g_autofree char *title = g_strdup_printf (ngettext ("Renew %u License",
                                                          "Renew %u Licenses", n), n);

      gtk_window_set_title (GTK_WINDOW (self), title);
      adw_preferences_group_set_title (self->form_group, title);
      adw_preferences_group_set_description (self->form_group, names);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->current_row), n == 1);
  gtk_widget_set_visible (GTK_WIDGET (self->new_row), n == 1 && !self->has_trial);

  if (self->has_trial)
    {
      g_autofree char *trial_names = isplic_dialog_format_names (trials, 5);
      g_autofree char *text = NULL;

      if (n == 1)
        text = g_strdup (_("Trial licenses cannot be renewed. Order a paid license instead."));
      else
        text = g_strdup_printf (ngettext ("Trial licenses cannot be renewed: %s is a trial. "
                                          "Leave it out of the selection.",
                                          "Trial licenses cannot be renewed: %s are trials. "
                                          "Leave them out of the selection.",
                                          trials->len),
                                trial_names);
      isplic_dialog_set_message (self->trial_label, text);
    }
  else
    {
      isplic_dialog_set_message (self->trial_label, NULL);
    }

  update_preview (self);
  update_sensitivity (self);
}

static void
finish_success (IsplicRenewDialog *self,
                GDateTime         *new_expiry)
{
  g_auto(GStrv) ids = isplic_dialog_license_ids (self->licenses);
  g_autofree char *message = NULL;
  guint n = self->licenses->len;

  if (n == 1)
    {
      IsplicLicense *license = g_ptr_array_index (self->licenses, 0);
      g_autoptr(GDateTime) computed = compute_expiry (license, self->sent_period);
      GDateTime *expiry = new_expiry != NULL ? new_expiry
                          : self->preview_expiry != NULL ? self->preview_expiry : computed;

      if (expiry != NULL)
        {
          g_autofree char *date = isplic_date_format (expiry);

          message = g_strdup_printf (_("%s renewed until %s"),
                                     isplic_dialog_license_label (license), date);
        }
      else
        {
          message = g_strdup_printf (_("%s renewed"), isplic_dialog_license_label (license));
        }
    }
  else
    {
      message = g_strdup_printf (ngettext ("%u license renewed", "%u licenses renewed", n), n);
    }

  set_busy (self, FALSE, NULL);
  isplic_dialog_succeed (GTK_WINDOW (self), succeeded_signal, message,
                         (const char * const *) ids, &self->disposed);
}

static void
allow_retry (IsplicRenewDialog *self,
             const char        *message)
{
  set_busy (self, FALSE, NULL);
  isplic_dialog_offer_retry (self->error_label, self->renew_button, message);
  update_preview (self);
}

static void reconcile_next (IsplicRenewDialog *self);

static void
reconcile_done (IsplicRenewDialog *self)
{
  if (self->reconcile_error != NULL)
    {
      g_autofree char *message =
        g_strdup_printf (_("It is not known whether the renewal went through (%s). Check the "
                           "expiry dates in the license list before renewing again, or you may "
                           "pay twice."),
                         self->reconcile_error->message);

      allow_retry (self, message);
    }
  else if (self->not_renewed->len == 0)
    {
      finish_success (self, self->reconciled_expiry);
    }
  else if (self->renewed->len == 0)
    {
      allow_retry (self, _("The renewal did not go through: the expiry dates have not changed. "
                           "You can try again."));
    }
  else
    {
      g_autofree char *done = isplic_dialog_format_names (self->renewed, 5);
      g_autofree char *message =
        g_strdup_printf (_("Only some licenses were renewed (%s). The dialog now holds the ones "
                           "that were not."), done);

      /* Never renew twice what the server already renewed. */
      g_ptr_array_unref (self->licenses);
      self->licenses = g_ptr_array_ref (self->not_renewed);
      update_licenses (self);
      allow_retry (self, message);
    }
}

static void
reconcile_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(IsplicRenewDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) expiry = NULL;
  IsplicVerdict verdict = ISPLIC_VERDICT_UNKNOWN;
  IsplicLicense *license;

  isplic_client_reconcile_renew_finish (ISPLIC_CLIENT (source), result, &verdict, &expiry,
                                        &error);
  if (self->disposed)
    return;

  license = g_ptr_array_index (self->licenses, self->reconcile_index);
  if (error == NULL && verdict == ISPLIC_VERDICT_UNKNOWN)
    error = g_error_new (ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_OUTCOME_UNKNOWN,
                         _("the billing server did not give the expiry date of %s"),
                         isplic_dialog_license_label (license));
  if (error != NULL)
    {
      if (self->reconcile_error == NULL)
        self->reconcile_error = g_steal_pointer (&error);
    }
  else if (verdict == ISPLIC_VERDICT_DONE)
    {
      g_ptr_array_add (self->renewed, g_object_ref (license));
      if (self->licenses->len == 1 && expiry != NULL)
        self->reconciled_expiry = g_date_time_ref (expiry);
    }
  else
    {
      g_ptr_array_add (self->not_renewed, g_object_ref (license));
    }

  self->reconcile_index++;
  reconcile_next (self);
}

static void
reconcile_next (IsplicRenewDialog *self)
{
  IsplicLicense *license;

  if (self->reconcile_index >= self->licenses->len)
    {
      reconcile_done (self);
      return;
    }

  license = g_ptr_array_index (self->licenses, self->reconcile_index);
  isplic_client_reconcile_renew_async (self->client, isplic_license_get_id (license),
                                       isplic_license_get_expires (license), NULL, reconcile_cb,
                                       g_object_ref (self));
}

static void
start_reconcile (IsplicRenewDialog *self)
{
  g_clear_pointer (&self->renewed, g_ptr_array_unref);
  g_clear_pointer (&self->not_renewed, g_ptr_array_unref);
  g_clear_pointer (&self->reconciled_expiry, g_date_time_unref);
  g_clear_error (&self->reconcile_error);
  self->renewed = g_ptr_array_new_with_free_func (g_object_unref);
  self->not_renewed = g_ptr_array_new_with_free_func (g_object_unref);
  self->reconcile_index = 0;

  set_busy (self, TRUE,
            _("The server did not answer in time. Checking whether the renewal went through…"));
  reconcile_next (self);
}

static void
renew_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(IsplicRenewDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) new_expiry = NULL;

  if (!isplic_client_renew_finish (ISPLIC_CLIENT (source), result, &new_expiry, &error))
    {
      if (self->disposed)
        return;

      if (g_error_matches (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_OUTCOME_UNKNOWN))
        {
          start_reconcile (self);
          return;
        }

      set_busy (self, FALSE, NULL);
      isplic_dialog_set_message (self->error_label, error->message);
      return;
    }

  if (!self->disposed)
    finish_success (self, new_expiry);
}

static void
renew_clicked_cb (IsplicRenewDialog *self)
{
  g_auto(GStrv) ids = NULL;

  if (self->busy || self->has_trial || self->licenses->len == 0 || self->client == NULL)
    return;

  ids = isplic_dialog_license_ids (self->licenses);
  self->sent_period = get_period (self);
  isplic_dialog_set_message (self->error_label, NULL);
  set_busy (self, TRUE, _("Renewing…"));

  /* No cancellable: a payment in flight is never abandoned half-way. */
  isplic_client_renew_async (self->client, (const char * const *) ids, self->sent_period, NULL,
                             renew_cb, g_object_ref (self));
}

static gboolean
isplic_renew_dialog_close_request (GtkWindow *window)
{
  IsplicRenewDialog *self = ISPLIC_RENEW_DIALOG (window);

  if (self->busy)
    return TRUE;

  return GTK_WINDOW_CLASS (isplic_renew_dialog_parent_class)->close_request (window);
}

/* gtk_window_destroy() unrealizes the window but does not dispose it while a request still
 * holds a reference: cancel the non-money requests here, so that closing really abandons them. */
static void
isplic_renew_dialog_unrealize (GtkWidget *widget)
{
  IsplicRenewDialog *self = ISPLIC_RENEW_DIALOG (widget);

  g_cancellable_cancel (self->preview_cancellable);

  GTK_WIDGET_CLASS (isplic_renew_dialog_parent_class)->unrealize (widget);
}

static void
isplic_renew_dialog_dispose (GObject *object)
{
  IsplicRenewDialog *self = ISPLIC_RENEW_DIALOG (object);

  self->disposed = TRUE;
  g_cancellable_cancel (self->preview_cancellable);
  g_clear_object (&self->preview_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), ISPLIC_TYPE_RENEW_DIALOG);

  G_OBJECT_CLASS (isplic_renew_dialog_parent_class)->dispose (object);
}

static void
isplic_renew_dialog_finalize (GObject *object)
{
  IsplicRenewDialog *self = ISPLIC_RENEW_DIALOG (object);

  g_clear_pointer (&self->licenses, g_ptr_array_unref);
  g_clear_pointer (&self->renewed, g_ptr_array_unref);
  g_clear_pointer (&self->not_renewed, g_ptr_array_unref);
  g_clear_pointer (&self->preview_expiry, g_date_time_unref);
  g_clear_pointer (&self->reconciled_expiry, g_date_time_unref);
  g_clear_error (&self->reconcile_error);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (isplic_renew_dialog_parent_class)->finalize (object);
}

static void
isplic_renew_dialog_class_init (IsplicRenewDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = isplic_renew_dialog_dispose;
  object_class->finalize = isplic_renew_dialog_finalize;
  widget_class->unrealize = isplic_renew_dialog_unrealize;
  window_class->close_request = isplic_renew_dialog_close_request;

  succeeded_signal = isplic_dialog_add_succeeded_signal (G_TYPE_FROM_CLASS (klass));

  isplic_dialog_class_set_template (widget_class, "isplic-renew-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, IsplicRenewDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, IsplicRenewDialog, renew_button);
  gtk_widget_class_bind_template_child (widget_class, IsplicRenewDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, IsplicRenewDialog, form_group);
  gtk_widget_class_bind_template_child (widget_class, IsplicRenewDialog, period_row);
  gtk_widget_class_bind_template_child (widget_class, IsplicRenewDialog, current_row);
  gtk_widget_class_bind_template_child (widget_class, IsplicRenewDialog, new_row);
  gtk_widget_class_bind_template_child (widget_class, IsplicRenewDialog, trial_label);
  gtk_widget_class_bind_template_child (widget_class, IsplicRenewDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, IsplicRenewDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, renew_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, period_changed_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
isplic_renew_dialog_init (IsplicRenewDialog *self)
{
  const char *periods[] = { _("1 month"), _("1 year"), NULL };
  g_autoptr(GListModel) period_model = isplic_dialog_string_model_new (periods);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->licenses = g_ptr_array_new_with_free_func (g_object_unref);
  adw_combo_row_set_model (self->period_row, period_model);
}

/**
 * isplic_renew_dialog_new:
 * @client: the signed-in client
 * @licenses: (element-type IsplicLicense): the licenses to renew; the array is copied
 *
 * Returns: (transfer none) the dialog, a toplevel owned by GTK
 */
GtkWidget *
isplic_renew_dialog_new (IsplicClient *client,
                         GPtrArray    *licenses)
{
  IsplicRenewDialog *self;

  g_return_val_if_fail (ISPLIC_IS_CLIENT (client), NULL);
  g_return_val_if_fail (licenses != NULL && licenses->len > 0, NULL);

  self = g_object_new (ISPLIC_TYPE_RENEW_DIALOG, NULL);
  self->client = g_object_ref (client);
  g_ptr_array_unref (self->licenses);
  self->licenses = isplic_dialog_copy_licenses (licenses);
  update_licenses (self);

  return GTK_WIDGET (self);
}
