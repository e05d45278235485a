/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "isplic-dialogs.h"
#include "isplic-dialog-util-private.h"
#include "isplic-license-text.h"
#include "isplic-money-util-private.h"

#include "isplic-renew-dialog-private.h"

static void
preview_free (Preview *preview)
{
  g_clear_object (&preview->license);
  g_clear_pointer (&preview->after, g_date_time_unref);
  g_free (preview);
}

G_DEFINE_FINAL_TYPE (IsplicRenewDialog, isplic_renew_dialog, ADW_TYPE_WINDOW)

static guint succeeded_signal;

int
isplic_renew_dialog_get_period (IsplicRenewDialog *self)
{
  return adw_combo_row_get_selected (self->period_row) == 1 ? 12 : 1;
}

/* The expiry after renewing, as far as it is known without the server: billmgr renews an
 * active license from its expiry date, a suspended or expired one from today (§10.3). */
static GDateTime *
compute_expiry (IsplicLicense *license,
                int            period)
{
  GDateTime *expires = isplic_license_get_expires (license);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) today = g_date_time_new_local (g_date_time_get_year (now),
                                                      g_date_time_get_month (now),
                                                      g_date_time_get_day_of_month (now),
                                                      0, 0, 0);

  if (expires == NULL)
    return NULL;
  if (isplic_license_get_status (license) == ISPLIC_LICENSE_STATUS_SUSPENDED
      || g_date_time_compare (expires, today) < 0)
    return g_date_time_add_months (today, period);
  return g_date_time_add_months (expires, period);
}

/* (transfer full, nullable) the best known expiry after renewing. */
static GDateTime *
preview_get_after (Preview *preview,
                   int      period)
{
  if (preview->after != NULL)
    return g_date_time_ref (preview->after);
  return compute_expiry (preview->license, period);
}

/* TRUE when renewing would leave the license expiring before its current expiry date. */
static gboolean
preview_is_earlier (Preview *preview,
                    int      period)
{
  GDateTime *now = isplic_license_get_expires (preview->license);
  g_autoptr(GDateTime) after = preview_get_after (preview, period);
  g_autofree char *now_text = NULL;
  g_autofree char *after_text = NULL;

  if (now == NULL || after == NULL)
    return FALSE;
  /* Compare dates, not times: the server's dates carry no time of day. */
  now_text = isplic_date_format (now);
  after_text = isplic_date_format (after);
  return strcmp (after_text, now_text) < 0;
}

static void
update_sensitivity (IsplicRenewDialog *self)
{
  gboolean confirmed = !self->earlier || gtk_check_button_get_active (self->confirm_check);

  gtk_widget_set_sensitive (self->renew_button,
                            !self->busy && !self->has_trial && self->licenses->len > 0
                            && confirmed && isplic_renew_dialog_money_is_ready (self));
  gtk_widget_set_tooltip_text (self->renew_button,
                               !self->busy && self->quote_state == QUOTE_PENDING
                               ? _("Getting the price…") : NULL);
  gtk_widget_set_sensitive (self->cancel_button, !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->form_group), !self->busy);
  gtk_widget_set_sensitive (self->earlier_group, !self->busy);
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

/* Shows the dates of every license and, when any would expire earlier than now, the warning,
 * the confirmation and a destructive primary button. */
void
isplic_renew_dialog_update_dates (IsplicRenewDialog *self)
{
  int period = isplic_renew_dialog_get_period (self);
  g_autoptr(GPtrArray) earlier = g_ptr_array_new ();
  gboolean any_suspended = FALSE;
  gboolean was_earlier = self->earlier;

  for (guint i = 0; i < self->previews->len; i++)
    {
      Preview *preview = g_ptr_array_index (self->previews, i);
      g_autoptr(GDateTime) after = preview_get_after (preview, period);
      GDateTime *now = isplic_license_get_expires (preview->license);
      g_autofree char *now_text = isplic_dialog_format_date (now);
      g_autofree char *after_text = isplic_dialog_format_date (after);
      gboolean is_earlier = !self->has_trial && preview_is_earlier (preview, period);

      if (is_earlier)
        {
          g_ptr_array_add (earlier, preview->license);
          any_suspended |= isplic_license_get_status (preview->license)
                           == ISPLIC_LICENSE_STATUS_SUSPENDED;
        }

      if (preview->row != NULL)
        {
          g_autofree char *cost = isplic_renew_dialog_quoted_cost (self, preview->license);
          g_autofree char *subtitle = NULL;

          if (cost != NULL)
            /* TRANSLATORS: expiry now → expiry after renewing, then the renewal's cost */
            subtitle = g_strdup_printf (_("%s → %s, %s"), now_text, after_text, cost);
          else
            /* TRANSLATORS: expiry now → expiry after renewing, in a list of licenses */
            subtitle = g_strdup_printf (_("%s → %s"), now_text, after_text);

          adw_action_row_set_subtitle (preview->row, subtitle);
          isplic_dialog_set_error_style (GTK_WIDGET (preview->row), is_earlier);
        }
      else
        {
          adw_action_row_set_subtitle (self->new_row, after_text);
          isplic_dialog_set_error_style (GTK_WIDGET (self->new_row), is_earlier);
        }
    }

  self->earlier = earlier->len > 0;
  if (self->earlier)
    {
      g_autofree char *names = isplic_dialog_format_names (earlier, 5);
      g_autofree char *text =
        g_strdup_printf (ngettext ("%s would expire earlier than it does now: a suspended or "
                                   "expired license is renewed from today, and the time it "
                                   "has left is lost.",
                                   "%s would expire earlier than they do now: a suspended or "
                                   "expired license is renewed from today, and the time they "
                                   "have left is lost.",
                                   earlier->len),
                         names);

      gtk_label_set_text (self->earlier_label, text);
      gtk_check_button_set_label (self->confirm_check,
                                  ngettext ("I _understand this license will expire earlier",
                                            "I _understand these licenses will expire earlier",
                                            earlier->len));
      if (!was_earlier)
        gtk_check_button_set_active (self->confirm_check, FALSE);
      gtk_button_set_label (GTK_BUTTON (self->renew_button), _("Renew _Anyway"));
      gtk_widget_remove_css_class (self->renew_button, "suggested-action");
      gtk_widget_add_css_class (self->renew_button, "destructive-action");
      /* Enter must not renew: the person has to choose the button. */
      gtk_window_set_default_widget (GTK_WINDOW (self), NULL);
    }
  else
    {
      gtk_check_button_set_active (self->confirm_check, FALSE);
      gtk_button_set_label (GTK_BUTTON (self->renew_button),
                            self->offered_retry ? _("_Try Again") : _("_Renew"));
      gtk_widget_remove_css_class (self->renew_button, "destructive-action");
      gtk_widget_add_css_class (self->renew_button, "suggested-action");
      gtk_window_set_default_widget (GTK_WINDOW (self), self->renew_button);
    }
  gtk_widget_set_visible (self->earlier_group, self->earlier);
  gtk_widget_set_visible (self->resume_button, self->earlier && any_suspended);
  update_sensitivity (self);
}

typedef struct {
  IsplicRenewDialog *self; /* owned */
  Preview *preview;        /* in self->previews */
} PreviewData;

static void
preview_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  PreviewData *data = user_data;
  g_autoptr(IsplicRenewDialog) self = data->self;
  Preview *preview = data->preview;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) expiry = NULL;

  g_free (data);
  expiry = isplic_client_renew_preview_finish (ISPLIC_CLIENT (source), result, &error);
  if (self->disposed || isplic_dialog_error_is_cancelled (error))
    return;

  /* On failure the computed date stays: it follows the server's rule. */
  if (expiry != NULL)
    {
      g_clear_pointer (&preview->after, g_date_time_unref);
      preview->after = g_date_time_ref (expiry);
      isplic_renew_dialog_update_dates (self);
    }
  isplic_renew_dialog_ask_next_preview (self);
}

void
isplic_renew_dialog_ask_next_preview (IsplicRenewDialog *self)
{
  PreviewData *data;

  if (self->client == NULL || self->has_trial || self->preview_index >= self->previews->len)
    {
      g_clear_object (&self->preview_cancellable);
      return;
    }
  /* For one license the quote is the same request (service.prolong without sok): its answer
   * brings the new expiry, so the preview is asked only when the quote could not be had. */
  if (self->licenses->len == 1 && self->quote_offered && !self->preview_fallback)
    return;

  data = g_new0 (PreviewData, 1);
  data->self = g_object_ref (self);
  data->preview = g_ptr_array_index (self->previews, self->preview_index++);
  isplic_client_renew_preview_async (self->client, isplic_license_get_id (data->preview->license),
                                     isplic_renew_dialog_get_period (self),
                                     self->preview_cancellable, preview_cb, data);
}

static void
update_preview (IsplicRenewDialog *self)
{
  g_cancellable_cancel (self->preview_cancellable);
  g_clear_object (&self->preview_cancellable);

  for (guint i = 0; i < self->previews->len; i++)
    {
      Preview *preview = g_ptr_array_index (self->previews, i);

      g_clear_pointer (&preview->after, g_date_time_unref);
    }
  isplic_renew_dialog_update_dates (self);

  self->preview_cancellable = g_cancellable_new ();
  self->preview_index = 0;
  isplic_renew_dialog_ask_quote (self);
  isplic_renew_dialog_ask_next_preview (self);
}

static void
period_changed_cb (IsplicRenewDialog *self)
{
  update_preview (self);
}

static void
confirm_toggled_cb (IsplicRenewDialog *self)
{
  update_sensitivity (self);
}

/* One preview (and, for a group, one row) per license. */
static void
rebuild_previews (IsplicRenewDialog *self)
{
  gboolean group = self->licenses->len > 1;

  for (guint i = 0; self->previews != NULL && i < self->previews->len; i++)
    {
      Preview *preview = g_ptr_array_index (self->previews, i);

      if (preview->row != NULL)
        adw_preferences_group_remove (self->dates_group, GTK_WIDGET (preview->row));
    }
  g_clear_pointer (&self->previews, g_ptr_array_unref);
  self->previews = g_ptr_array_new_with_free_func ((GDestroyNotify) preview_free);

  for (guint i = 0; i < self->licenses->len; i++)
    {
      Preview *preview = g_new0 (Preview, 1);

      preview->license = g_object_ref (g_ptr_array_index (self->licenses, i));
      if (group)
        {
          preview->row = ADW_ACTION_ROW (adw_action_row_new ());
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (preview->row),
                                         isplic_dialog_license_label (preview->license));
          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (preview->row), FALSE);
          gtk_widget_add_css_class (GTK_WIDGET (preview->row), "property");
          adw_preferences_group_add (self->dates_group, GTK_WIDGET (preview->row));
        }
      g_ptr_array_add (self->previews, preview);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->dates_group), group && !self->has_trial);
}

/* Fills the texts that depend on which licenses are in the dialog. */
static void
update_licenses (IsplicRenewDialog *self)
{
  guint n = self->licenses->len;
  g_autofree char *names = isplic_dialog_format_names (self->licenses, 5);
  g_autoptr(GPtrArray) trials = g_ptr_array_new ();

  for (guint i = 0; i < n; i++)
    if (isplic_license_is_trial (g_ptr_array_index (self->licenses, i)))
      g_ptr_array_add (trials, g_ptr_array_index (self->licenses, i));
  self->has_trial = trials->len > 0;

  if (n == 1)
    {
      IsplicLicense *license = g_ptr_array_index (self->licenses, 0);
      g_autofree char *name = isplic_dialog_license_in_text (license);
      g_autofree char *title = g_strdup_printf (_("Renew %s"), name);
      g_autofree char *current = isplic_dialog_format_date (isplic_license_get_expires (license));

      isplic_dialog_set_titles (GTK_WINDOW (self), self->window_title, _("Renew License"),
                                isplic_dialog_license_label (license), title);
      adw_preferences_group_set_title (self->form_group, isplic_dialog_license_label (license));
      adw_preferences_group_set_description (self->form_group, NULL);
      adw_action_row_set_subtitle (self->current_row, current);
    }
  else
    {
      g_autofree char *count = isplic_count_format (n);
      g_autofree char *title = g_strdup_printf (ngettext ("Renew %s License",
                                                          "Renew %s Licenses", n), count);

      isplic_dialog_set_titles (GTK_WINDOW (self), self->window_title, title, NULL, title);
      adw_preferences_group_set_title (self->form_group, title);
      adw_preferences_group_set_description (self->form_group, names);
    }
  rebuild_previews (self);
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
      g_autoptr(GDateTime) computed = preview_get_after (g_ptr_array_index (self->previews, 0),
                                                         self->sent_period);
      GDateTime *expiry = new_expiry != NULL ? new_expiry : computed;
      g_autofree char *name = isplic_dialog_license_in_text (license);

      if (expiry != NULL)
        {
          g_autofree char *date = isplic_date_format (expiry);

          message = g_strdup_printf (_("%s renewed until %s"), name, date);
        }
      else
        {
          message = g_strdup_printf (_("%s renewed"), name);
        }
    }
  else
    {
      g_autofree char *count = isplic_count_format (n);

      message = g_strdup_printf (ngettext ("%s license renewed", "%s licenses renewed", n),
                                 count);
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
  self->offered_retry = TRUE;
  isplic_dialog_offer_retry (self->error_label, self->renew_button, message);
  update_preview (self);
}

static void reconcile_next (IsplicRenewDialog *self);

static void
reconcile_done (IsplicRenewDialog *self)
{
  if (self->reconcile_error != NULL)
    {
      g_autofree char *finding =
        g_strdup_printf (_("The check could not tell whether the renewal went through (%s). "
                           "Check the billing panel before renewing again, or you may pay "
                           "twice."),
                         self->reconcile_error->message);
      g_autofree char *message = isplic_dialog_uncertain_message (self->uncertain_cause, finding);

      allow_retry (self, message);
    }
  else if (self->not_renewed->len == 0)
    {
      finish_success (self, self->reconciled_expiry);
    }
  else if (self->renewed->len == 0)
    {
      g_autofree char *message =
        isplic_dialog_uncertain_message (self->uncertain_cause,
                                         _("The check found that the renewal did not go "
                                           "through: the expiry dates have not changed. You can "
                                           "try again."));

      allow_retry (self, message);
    }
  else
    {
      g_autofree char *done = isplic_dialog_format_names (self->renewed, 5);
      g_autofree char *finding =
        g_strdup_printf (_("The check found that only some licenses were renewed (%s). The "
                           "dialog now holds the ones that were not."), done);
      g_autofree char *message = isplic_dialog_uncertain_message (self->uncertain_cause, finding);

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
start_reconcile (IsplicRenewDialog *self,
                 const char        *cause)
{
  g_autofree char *status = NULL;

  g_clear_pointer (&self->renewed, g_ptr_array_unref);
  g_clear_pointer (&self->not_renewed, g_ptr_array_unref);
  g_clear_pointer (&self->reconciled_expiry, g_date_time_unref);
  g_clear_error (&self->reconcile_error);
  self->renewed = g_ptr_array_new_with_free_func (g_object_unref);
  self->not_renewed = g_ptr_array_new_with_free_func (g_object_unref);
  self->reconcile_index = 0;

  g_free (self->uncertain_cause);
  self->uncertain_cause = g_strdup (cause);
  status = isplic_dialog_uncertain_message (cause, _("Checking with the server whether the "
                                                     "renewal went through…"));
  set_busy (self, TRUE, status);
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
          start_reconcile (self, error->message);
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
  if (self->busy || self->has_trial || self->licenses->len == 0 || self->client == NULL)
    return;
  /* A renewal that shortens a license needs the person's explicit word. */
  if (self->earlier && !gtk_check_button_get_active (self->confirm_check))
    return;
  /* So does one the balance does not cover; and the price is shown before anything is sent. */
  if (!isplic_renew_dialog_money_is_ready (self))
    return;

  /* The previews still to come would only interleave with the payment. */
  g_cancellable_cancel (self->preview_cancellable);
  g_clear_object (&self->preview_cancellable);
  self->sent_period = isplic_renew_dialog_get_period (self);
  isplic_dialog_set_message (self->error_label, NULL);
  set_busy (self, TRUE, _("Renewing…"));

  /* No cancellable: a payment in flight is never abandoned half-way. */
  isplic_client_renew_licenses_async (self->client,
                                      (IsplicLicense * const *) self->licenses->pdata,
                                      self->licenses->len, self->sent_period, NULL, renew_cb,
                                      g_object_ref (self));
}

static void
resume_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(IsplicRenewDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) resumed = NULL;

  isplic_client_resume_finish (ISPLIC_CLIENT (source), result, &error);
  if (self->disposed || isplic_dialog_error_is_cancelled (error))
    return;

  resumed = g_steal_pointer (&self->resumed_pending);
  g_clear_object (&self->resume_cancellable);
  set_busy (self, FALSE, NULL);
  if (error != NULL)
    {
      isplic_dialog_set_message (self->error_label, error->message);
      return;
    }

  /* The list's own objects: the window shows them active at once; the refresh after the
   * renewal brings the server's word. */
  for (guint i = 0; i < resumed->len; i++)
    {
      IsplicLicense *license = g_ptr_array_index (resumed, i);

      isplic_license_set_status_label (license, NULL);
      isplic_license_set_status (license, ISPLIC_LICENSE_STATUS_ACTIVE);
    }
  update_preview (self);
}

static void
resume_clicked_cb (IsplicRenewDialog *self)
{
  int period = isplic_renew_dialog_get_period (self);
  g_auto(GStrv) ids = NULL;

  if (self->busy || self->client == NULL)
    return;

  g_clear_pointer (&self->resumed_pending, g_ptr_array_unref);
  self->resumed_pending = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < self->previews->len; i++)
    {
      Preview *preview = g_ptr_array_index (self->previews, i);

      if (isplic_license_get_status (preview->license) == ISPLIC_LICENSE_STATUS_SUSPENDED
          && preview_is_earlier (preview, period))
        g_ptr_array_add (self->resumed_pending, g_object_ref (preview->license));
    }
  if (self->resumed_pending->len == 0)
    return;

  ids = isplic_dialog_license_ids (self->resumed_pending);
  isplic_dialog_set_message (self->error_label, NULL);
  set_busy (self, TRUE, _("Resuming…"));
  self->resume_cancellable = g_cancellable_new ();
  isplic_client_resume_async (self->client, (const char * const *) ids, self->resume_cancellable,
                              resume_cb, g_object_ref (self));
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
  g_cancellable_cancel (self->resume_cancellable);
  g_cancellable_cancel (self->quote_cancellable);
  g_cancellable_cancel (self->cancellable);

  GTK_WIDGET_CLASS (isplic_renew_dialog_parent_class)->unrealize (widget);
}

static void
isplic_renew_dialog_dispose (GObject *object)
{
  IsplicRenewDialog *self = ISPLIC_RENEW_DIALOG (object);

  self->disposed = TRUE;
  g_cancellable_cancel (self->preview_cancellable);
  g_clear_object (&self->preview_cancellable);
  g_cancellable_cancel (self->resume_cancellable);
  g_clear_object (&self->resume_cancellable);
  g_cancellable_cancel (self->quote_cancellable);
  g_clear_object (&self->quote_cancellable);
  g_cancellable_cancel (self->cancellable);
  /* The rows belong to the template's group. */
  for (guint i = 0; self->previews != NULL && i < self->previews->len; i++)
    ((Preview *) g_ptr_array_index (self->previews, i))->row = NULL;
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
  g_clear_pointer (&self->previews, g_ptr_array_unref);
  g_clear_pointer (&self->resumed_pending, g_ptr_array_unref);
  g_clear_pointer (&self->reconciled_expiry, g_date_time_unref);
  g_clear_error (&self->reconcile_error);
  g_clear_pointer (&self->uncertain_cause, g_free);
  g_clear_pointer (&self->balance, isplic_balance_free);
  g_clear_pointer (&self->quote, isplic_renewal_quote_free);
  g_clear_object (&self->cancellable);
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
  gtk_widget_class_bind_template_child (widget_class, IsplicRenewDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, IsplicRenewDialog, renew_button);
  gtk_widget_class_bind_template_child (widget_class, IsplicRenewDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, IsplicRenewDialog, form_group);
  gtk_widget_class_bind_template_child (widget_class, IsplicRenewDialog, period_row);
  gtk_widget_class_bind_template_child (widget_class, IsplicRenewDialog, current_row);
  gtk_widget_class_bind_template_child (widget_class, IsplicRenewDialog, new_row);
  gtk_widget_class_bind_template_child (widget_class, IsplicRenewDialog, dates_group);
  gtk_widget_class_bind_template_child (widget_class, IsplicRenewDialog, earlier_group);
  gtk_widget_class_bind_template_child (widget_class, IsplicRenewDialog, earlier_label);
  gtk_widget_class_bind_template_child (widget_class, IsplicRenewDialog, confirm_check);
  gtk_widget_class_bind_template_child (widget_class, IsplicRenewDialog, resume_button);
  gtk_widget_class_bind_template_child (widget_class, IsplicRenewDialog, trial_label);
  gtk_widget_class_bind_template_child (widget_class, IsplicRenewDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, IsplicRenewDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, IsplicRenewDialog, quote_label);
  gtk_widget_class_bind_template_child (widget_class, IsplicRenewDialog, money_warning_label);
  gtk_widget_class_bind_template_child (widget_class, IsplicRenewDialog, money_confirm_check);
  gtk_widget_class_bind_template_callback (widget_class, renew_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, period_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, confirm_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, resume_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
isplic_renew_dialog_init (IsplicRenewDialog *self)
{
  const char *periods[] = { _("1 month"), _("1 year"), NULL };
  g_autoptr(GListModel) period_model = isplic_dialog_string_model_new (periods);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->quote_state = QUOTE_HIDDEN;
  self->quote_offered = TRUE;
  self->licenses = g_ptr_array_new_with_free_func (g_object_unref);
  self->previews = g_ptr_array_new_with_free_func ((GDestroyNotify) preview_free);
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
  int period = 0;

  g_return_val_if_fail (ISPLIC_IS_CLIENT (client), NULL);
  g_return_val_if_fail (licenses != NULL && licenses->len > 0, NULL);

  self = g_object_new (ISPLIC_TYPE_RENEW_DIALOG, NULL);
  g_ptr_array_unref (self->licenses);
  self->licenses = isplic_dialog_copy_licenses (licenses);
  /* The period defaults to the licenses' own when they share one (one request takes one
   * period); set before the client, so that no preview is asked for the default. */
  for (guint i = 0; i < self->licenses->len; i++)
    {
      int own = isplic_license_get_period (g_ptr_array_index (self->licenses, i));

      if (own != 1 && own != 12)
        continue;
      if (period == 0)
        period = own;
      else if (period != own)
        period = -1;
    }
  adw_combo_row_set_selected (self->period_row, period == 12 ? 1 : 0);
  self->client = g_object_ref (client);
  isplic_dialog_add_account_line (GTK_WINDOW (self), client);
  update_licenses (self);
  isplic_renew_dialog_load_money (self);
  isplic_dialog_set_initial_focus (GTK_WINDOW (self), GTK_WIDGET (self->period_row));

  return GTK_WIDGET (self);
}
