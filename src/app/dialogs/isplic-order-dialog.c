/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "isplic-dialogs.h"
#include "isplic-dialog-util-private.h"
#include "isplic-license-text.h"
#include "isplic-money-util-private.h"
#include "isplic-order-dialog-private.h"

G_DEFINE_FINAL_TYPE (IsplicOrderDialog, isplic_order_dialog, ADW_TYPE_WINDOW)

static guint succeeded_signal;

const IsplicTariff *
isplic_order_dialog_get_tariff (IsplicOrderDialog *self)
{
  guint n_tariffs;
  const IsplicTariff *tariffs = isplic_tariffs_get (&n_tariffs);
  guint selected = adw_combo_row_get_selected (self->tariff_row);

  if (selected >= n_tariffs)
    return NULL;
  return &tariffs[selected];
}

int
isplic_order_dialog_get_period (IsplicOrderDialog *self)
{
  const IsplicTariff *tariff = isplic_order_dialog_get_tariff (self);

  if (tariff != NULL && tariff->trial)
    return ISPLIC_TRIAL_PERIOD;
  return adw_combo_row_get_selected (self->period_row) == 1 ? 12 : 1;
}

int
isplic_order_dialog_get_auto_renew (IsplicOrderDialog *self)
{
  switch (adw_combo_row_get_selected (self->auto_renew_row))
    {
    case 1:
      return 1;
    case 2:
      return 12;
    default:
      return 0;
    }
}

static void
set_ip_message (IsplicOrderDialog *self,
                const char        *text,
                const char        *style)
{
  static const char * const styles[] = { "error", "success", "warning", "dim-label" };

  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->ip_label), styles[i]);
  if (style != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->ip_label), style);
  isplic_dialog_set_message (self->ip_label, text);
}

/* TRUE only when the server's check came back positive for exactly the IP, tariff and period
 * now in the form: an order is never sent for an IP that was not checked. */
static gboolean
check_is_current (IsplicOrderDialog *self)
{
  const IsplicTariff *tariff = isplic_order_dialog_get_tariff (self);
  g_autofree char *ip = isplic_dialog_get_stripped_text (GTK_EDITABLE (self->ip_row));

  return tariff != NULL
         && isplic_ip_check_passed (self->ip_check, ip, tariff->id,
                                    isplic_order_dialog_get_period (self));
}

static gboolean
form_is_valid (IsplicOrderDialog *self)
{
  g_autofree char *name = isplic_dialog_get_stripped_text (GTK_EDITABLE (self->name_row));
  g_autofree char *name_problem = isplic_name_check (name);

  return isplic_order_dialog_get_tariff (self) != NULL && name_problem == NULL
         && check_is_current (self);
}


void
isplic_order_dialog_update_sensitivity (IsplicOrderDialog *self)
{
  IsplicIpCheckState ip_state = isplic_ip_check_get_state (self->ip_check);
  gboolean checking = ip_state == ISPLIC_IP_CHECK_PENDING;

  gtk_widget_set_sensitive (self->order_button,
                            !self->busy && form_is_valid (self)
                            && isplic_order_dialog_money_is_ready (self));
  gtk_widget_set_tooltip_text (self->order_button,
                               checking && !self->busy ? _("Checking the IP address…")
                               : self->quote_state == QUOTE_PENDING && !self->busy
                               ? _("Getting the price…") : NULL);
  gtk_widget_set_visible (self->check_again_button,
                          !self->busy && ip_state == ISPLIC_IP_CHECK_FAILED);
  gtk_widget_set_sensitive (self->cancel_button, !self->busy);
  gtk_widget_set_sensitive (self->license_group, !self->busy);
  gtk_widget_set_sensitive (self->server_group, !self->busy);
  gtk_widget_set_sensitive (self->payment_group, !self->busy);
}


void
isplic_order_dialog_set_busy (IsplicOrderDialog *self,
                              gboolean           busy,
                              const char        *status)
{
  self->busy = busy;
  isplic_dialog_show_progress (self->spinner, self->status_label, busy, status);
  isplic_order_dialog_update_sensitivity (self);
}

static void
ip_check_changed_cb (IsplicOrderDialog *self)
{
  IsplicIpCheckState state = isplic_ip_check_get_state (self->ip_check);

  if (state == ISPLIC_IP_CHECK_OK)
    set_ip_message (self, _("IP can take this license"), "success");
  else if (state == ISPLIC_IP_CHECK_REFUSED)
    set_ip_message (self, isplic_ip_check_get_error (self->ip_check), "error");
  else if (state == ISPLIC_IP_CHECK_FAILED)
    {
      g_autofree char *text =
        g_strdup_printf (_("Could not check the IP address: %s\nOrder becomes available once "
                           "a check passes."), isplic_ip_check_get_error (self->ip_check));

      set_ip_message (self, text, "warning");
    }

  isplic_dialog_set_error_style (self->ip_row, state == ISPLIC_IP_CHECK_REFUSED);
  isplic_order_dialog_update_sensitivity (self);
}

/* TRUE when the IP needs checking again after the tariff or period changed. */
static gboolean
ip_is_checkable (IsplicOrderDialog *self)
{
  IsplicIpCheckState state = isplic_ip_check_get_state (self->ip_check);

  return state != ISPLIC_IP_CHECK_EMPTY && state != ISPLIC_IP_CHECK_INVALID;
}

/* Validates the IP as typed and, when it is a valid address, schedules a server check. */
static void
revalidate_ip (IsplicOrderDialog *self)
{
  g_autofree char *ip = isplic_dialog_get_stripped_text (GTK_EDITABLE (self->ip_row));
  const IsplicTariff *tariff = isplic_order_dialog_get_tariff (self);
  IsplicIpCheckState state;

  isplic_ip_check_update (self->ip_check, self->client, ip, tariff != NULL ? tariff->id : NULL,
                          isplic_order_dialog_get_period (self), !self->busy);
  state = isplic_ip_check_get_state (self->ip_check);

  if (state == ISPLIC_IP_CHECK_EMPTY)
    set_ip_message (self, NULL, NULL);
  else if (state == ISPLIC_IP_CHECK_INVALID)
    set_ip_message (self,
                    _("Enter an IPv4 address such as 203.0.113.10, or an IPv6 address"),
                    "error");
  else
    set_ip_message (self, _("Checking the IP address…"), "dim-label");

  isplic_dialog_set_error_style (self->ip_row, state == ISPLIC_IP_CHECK_INVALID);
  isplic_order_dialog_update_sensitivity (self);
}

static void
ip_changed_cb (IsplicOrderDialog *self)
{
  revalidate_ip (self);
}

static void
check_again_clicked_cb (IsplicOrderDialog *self)
{
  if (!self->busy)
    revalidate_ip (self);
}

static void
form_changed_cb (IsplicOrderDialog *self)
{
  g_autofree char *name = isplic_dialog_get_stripped_text (GTK_EDITABLE (self->name_row));
  g_autofree char *problem = NULL;

  /* An empty name is not an error yet: the person has not typed it. */
  if (*name != '\0')
    problem = isplic_name_check (name);
  isplic_dialog_set_message (self->name_label, problem);
  isplic_dialog_set_error_style (self->name_row, problem != NULL);
  isplic_order_dialog_update_sensitivity (self);
}

static void
period_changed_cb (IsplicOrderDialog *self)
{
  const IsplicTariff *tariff = isplic_order_dialog_get_tariff (self);

  if (tariff != NULL && !tariff->trial
      && adw_combo_row_get_model (self->period_row) == self->period_model)
    self->paid_period = adw_combo_row_get_selected (self->period_row);

  if (ip_is_checkable (self))
    revalidate_ip (self);
  isplic_order_dialog_update_prices (self);
  isplic_order_dialog_schedule_quote (self);
}

static void
tariff_changed_cb (IsplicOrderDialog *self)
{
  const IsplicTariff *tariff = isplic_order_dialog_get_tariff (self);
  gboolean trial = tariff != NULL && tariff->trial;
  GListModel *model = trial ? self->trial_model : self->period_model;

  if (adw_combo_row_get_model (self->period_row) != model)
    {
      adw_combo_row_set_model (self->period_row, model);
      adw_combo_row_set_selected (self->period_row, trial ? 0 : self->paid_period);
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->period_row), !trial);
  gtk_widget_set_visible (self->nodes_row, tariff != NULL && tariff->has_nodes);

  if (ip_is_checkable (self))
    revalidate_ip (self);
  isplic_order_dialog_update_prices (self);
  isplic_order_dialog_schedule_quote (self);
  isplic_order_dialog_update_reuse (self);
  isplic_order_dialog_update_sensitivity (self);
}

static void
clear_params (IsplicOrderDialog *self)
{
  g_clear_pointer (&self->params_name, g_free);
  g_clear_pointer (&self->params_ip, g_free);
  g_clear_pointer (&self->ids_before, g_strfreev);
  g_clear_pointer (&self->uncertain_cause, g_free);
  memset (&self->params, 0, sizeof self->params);
}

void
isplic_order_dialog_finish_success (IsplicOrderDialog *self,
                                    const char        *message,
                                    const char        *license_id)
{
  const char *ids[] = { license_id, NULL };

  isplic_order_dialog_set_busy (self, FALSE, NULL);
  isplic_dialog_succeed (GTK_WINDOW (self), succeeded_signal, message, ids, &self->disposed);
}

static void
allow_retry (IsplicOrderDialog *self,
             const char        *message)
{
  isplic_order_dialog_set_busy (self, FALSE, NULL);
  self->retry = TRUE;
  isplic_dialog_offer_retry (self->error_label, self->order_button, message);
  if (ip_is_checkable (self))
    revalidate_ip (self);
  isplic_order_dialog_update_sensitivity (self);
}

static void
reconcile_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(IsplicOrderDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(IsplicLicense) license = NULL;
  g_autofree char *cart_item = NULL;
  g_autofree char *message = NULL;
  g_autofree char *finding = NULL;
  IsplicVerdict verdict = ISPLIC_VERDICT_UNKNOWN;

  isplic_client_reconcile_order_finish (ISPLIC_CLIENT (source), result, &verdict, &license,
                                        &cart_item, &error);
  if (self->disposed)
    return;

  if (verdict == ISPLIC_VERDICT_DONE && license != NULL)
    {
      g_autofree char *name = isplic_dialog_license_in_text (license);

      message = g_strdup_printf (_("License %s was placed (the server confirmed it after a "
                                   "delay)"), name);
      isplic_order_dialog_finish_success (self, message, isplic_license_get_id (license));
    }
  else if (verdict == ISPLIC_VERDICT_DONE)
    {
      g_autofree char *name = isplic_bidi_isolate (self->params_name);

      message = g_strdup_printf (_("License %s is in the cart (the server confirmed it after a "
                                   "delay)"), name);
      isplic_order_dialog_finish_success (self, message, NULL);
    }
  else if (verdict == ISPLIC_VERDICT_NOT_DONE)
    {
      finding = g_strdup (self->params.to_cart
                          ? _("The check found that the order did not go through: the cart "
                              "holds no order for this IP address. You can try again.")
                          : _("The check found that the order did not go through. No license "
                              "was created and nothing was charged. You can try again."));
      message = isplic_dialog_uncertain_message (self->uncertain_cause, finding);
      allow_retry (self, message);
    }
  else
    {
      if (error != NULL)
        finding = g_strdup_printf (_("The check could not tell whether the order went through "
                                     "(%s). Check the billing panel before ordering again, or "
                                     "you may pay twice."), error->message);
      else
        finding = g_strdup (_("The check could not tell whether the order went through: this IP "
                              "address already had a license. Check the billing panel before "
                              "ordering again, or you may pay twice."));
      message = isplic_dialog_uncertain_message (self->uncertain_cause, finding);
      allow_retry (self, message);
    }
}

static void
order_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(IsplicOrderDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *license_id = NULL;
  g_autofree char *billorder_id = NULL;
  g_autofree char *message = NULL;
  g_autofree char *name = NULL;

  if (!isplic_client_order_finish (ISPLIC_CLIENT (source), result, &license_id, &billorder_id,
                                   &error))
    {
      if (self->disposed)
        return;

      if (g_error_matches (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_OUTCOME_UNKNOWN))
        {
          /* The request may have reached billmgr: never resend, ask the server what happened. */
          g_autofree char *status = NULL;

          g_free (self->uncertain_cause);
          self->uncertain_cause = g_strdup (error->message);
          status = isplic_dialog_uncertain_message (error->message,
                                                    _("Checking with the server whether the "
                                                      "order went through…"));
          isplic_order_dialog_set_busy (self, TRUE, status);
          isplic_client_reconcile_order_async (self->client, &self->params,
                                               (const char * const *) self->ids_before, NULL,
                                               reconcile_cb, g_object_ref (self));
          return;
        }

      isplic_order_dialog_set_busy (self, FALSE, NULL);
      isplic_dialog_set_message (self->error_label, error->message);
      if (ip_is_checkable (self))
        revalidate_ip (self);
      return;
    }

  if (self->disposed)
    return;

  name = isplic_bidi_isolate (self->params_name);
  if (self->params.to_cart)
    {
      message = g_strdup_printf (_("License %s added to the cart"), name);
      isplic_order_dialog_finish_success (self, message, NULL);
    }
  else
    {
      message = g_strdup_printf (_("License %s ordered"), name);
      isplic_order_dialog_finish_success (self, message, license_id);
    }
}

static void
send_order (IsplicOrderDialog *self)
{
  /* No cancellable: a payment in flight is never abandoned half-way. */
  isplic_client_order_async (self->client, &self->params, NULL, order_cb, g_object_ref (self));
}

static void
ids_before_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(IsplicOrderDialog) self = user_data;
  g_autoptr(GPtrArray) licenses = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *ids;

  licenses = isplic_client_list_finish (ISPLIC_CLIENT (source), result, &error);
  if (self->disposed)
    return;
  if (licenses == NULL)
    {
      /* Nothing was sent: say why and let the person try again. */
      isplic_order_dialog_set_busy (self, FALSE, NULL);
      isplic_dialog_set_message (self->error_label, error->message);
      isplic_order_dialog_update_sensitivity (self);
      return;
    }
  ids = g_ptr_array_new ();
  for (guint i = 0; i < licenses->len; i++)
    g_ptr_array_add (ids, g_strdup (isplic_license_get_id (g_ptr_array_index (licenses, i))));
  g_ptr_array_add (ids, NULL);
  g_strfreev (self->ids_before);
  self->ids_before = (GStrv) g_ptr_array_free (ids, FALSE);
  send_order (self);
}

static void
order_clicked_cb (IsplicOrderDialog *self)
{
  const IsplicTariff *tariff;

  /* Sensitivity alone is not enough: a queued second click must not order twice. */
  if (self->busy || !form_is_valid (self) || !isplic_order_dialog_money_is_ready (self)
      || self->client == NULL)
    return;

  tariff = isplic_order_dialog_get_tariff (self);
  isplic_ip_check_cancel (self->ip_check);
  clear_params (self);
  self->params_name = isplic_dialog_get_stripped_text (GTK_EDITABLE (self->name_row));
  self->params_ip = isplic_dialog_get_stripped_text (GTK_EDITABLE (self->ip_row));
  self->params.tariff_id = tariff->id;
  self->params.period = isplic_order_dialog_get_period (self);
  self->params.auto_renew = isplic_order_dialog_get_auto_renew (self);
  self->params.name = self->params_name;
  self->params.ip = self->params_ip;
  self->params.nodes = tariff->has_nodes
                       ? (guint) gtk_spin_button_get_value_as_int (self->nodes_spin) : 0;
  self->params.to_cart = gtk_switch_get_active (self->cart_switch);

  isplic_dialog_set_message (self->error_label, NULL);
  isplic_order_dialog_set_busy (self, TRUE, self->params.to_cart ? _("Adding to the cart…") : _("Ordering…"));

  /* The licenses as they are before the order: after a lost answer only a license that is new
   * can count as the order's. A cart order is looked for in the cart instead. */
  if (self->params.to_cart)
    send_order (self);
  else
    isplic_client_list_async (self->client, NULL, ids_before_cb, g_object_ref (self));
}

static gboolean
isplic_order_dialog_close_request (GtkWindow *window)
{
  IsplicOrderDialog *self = ISPLIC_ORDER_DIALOG (window);

  /* Money is at stake: stay until the outcome is known. */
  if (self->busy)
    return TRUE;

  return GTK_WINDOW_CLASS (isplic_order_dialog_parent_class)->close_request (window);
}

/* gtk_window_destroy() unrealizes the window but does not dispose it while a request still
 * holds a reference: cancel the non-money requests here, so that closing really abandons them. */
static void
isplic_order_dialog_unrealize (GtkWidget *widget)
{
  IsplicOrderDialog *self = ISPLIC_ORDER_DIALOG (widget);

  isplic_ip_check_cancel (self->ip_check);
  isplic_order_dialog_cancel_quote (self);
  g_cancellable_cancel (self->cancellable);

  GTK_WIDGET_CLASS (isplic_order_dialog_parent_class)->unrealize (widget);
}

static void
isplic_order_dialog_dispose (GObject *object)
{
  IsplicOrderDialog *self = ISPLIC_ORDER_DIALOG (object);

  self->disposed = TRUE;
  isplic_ip_check_cancel (self->ip_check);
  isplic_order_dialog_cancel_quote (self);
  isplic_order_dialog_clear_reuse (self);
  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), ISPLIC_TYPE_ORDER_DIALOG);

  G_OBJECT_CLASS (isplic_order_dialog_parent_class)->dispose (object);
}

static void
isplic_order_dialog_finalize (GObject *object)
{
  IsplicOrderDialog *self = ISPLIC_ORDER_DIALOG (object);

  clear_params (self);
  g_clear_object (&self->ip_check);
  g_clear_pointer (&self->uncertain_cause, g_free);
  g_clear_object (&self->period_model);
  g_clear_object (&self->trial_model);
  g_clear_object (&self->client);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->balance, isplic_balance_free);
  g_clear_pointer (&self->quote, isplic_quote_free);
  g_clear_pointer (&self->prices, g_ptr_array_unref);

  G_OBJECT_CLASS (isplic_order_dialog_parent_class)->finalize (object);
}

static void
isplic_order_dialog_class_init (IsplicOrderDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = isplic_order_dialog_dispose;
  object_class->finalize = isplic_order_dialog_finalize;
  widget_class->unrealize = isplic_order_dialog_unrealize;
  window_class->close_request = isplic_order_dialog_close_request;

  /**
   * IsplicOrderDialog::succeeded:
   * @message: a toast text
   * @ids: the new license's id (empty when it went to the cart)
   */
  succeeded_signal = isplic_dialog_add_succeeded_signal (G_TYPE_FROM_CLASS (klass));

  isplic_dialog_class_set_template (widget_class, "isplic-order-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, IsplicOrderDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, IsplicOrderDialog, order_button);
  gtk_widget_class_bind_template_child (widget_class, IsplicOrderDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, IsplicOrderDialog, license_group);
  gtk_widget_class_bind_template_child (widget_class, IsplicOrderDialog, server_group);
  gtk_widget_class_bind_template_child (widget_class, IsplicOrderDialog, payment_group);
  gtk_widget_class_bind_template_child (widget_class, IsplicOrderDialog, tariff_row);
  gtk_widget_class_bind_template_child (widget_class, IsplicOrderDialog, period_row);
  gtk_widget_class_bind_template_child (widget_class, IsplicOrderDialog, auto_renew_row);
  gtk_widget_class_bind_template_child (widget_class, IsplicOrderDialog, nodes_row);
  gtk_widget_class_bind_template_child (widget_class, IsplicOrderDialog, nodes_spin);
  gtk_widget_class_bind_template_child (widget_class, IsplicOrderDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, IsplicOrderDialog, ip_row);
  gtk_widget_class_bind_template_child (widget_class, IsplicOrderDialog, name_label);
  gtk_widget_class_bind_template_child (widget_class, IsplicOrderDialog, ip_label);
  gtk_widget_class_bind_template_child (widget_class, IsplicOrderDialog, check_again_button);
  gtk_widget_class_bind_template_child (widget_class, IsplicOrderDialog, cart_switch);
  gtk_widget_class_bind_template_child (widget_class, IsplicOrderDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, IsplicOrderDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, IsplicOrderDialog, quote_label);
  gtk_widget_class_bind_template_child (widget_class, IsplicOrderDialog, money_warning_label);
  gtk_widget_class_bind_template_child (widget_class, IsplicOrderDialog, confirm_check);
  gtk_widget_class_bind_template_child (widget_class, IsplicOrderDialog, reuse_group);
  gtk_widget_class_bind_template_child (widget_class, IsplicOrderDialog, reuse_row);
  gtk_widget_class_bind_template_child (widget_class, IsplicOrderDialog, reuse_button);
  gtk_widget_class_bind_template_callback (widget_class, isplic_order_dialog_reuse_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, order_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, tariff_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, period_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, ip_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, check_again_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
isplic_order_dialog_init (IsplicOrderDialog *self)
{
  guint n_tariffs;
  const IsplicTariff *tariffs = isplic_tariffs_get (&n_tariffs);
  g_autoptr(GtkStringList) tariff_names = gtk_string_list_new (NULL);
  const char *periods[] = { _("1 month"), _("1 year"), NULL };
  const char *trial_periods[] = { _("Trial"), NULL };
  const char *auto_renew[] = { _("Off"), _("Monthly"), _("Yearly"), NULL };
  g_autoptr(GListModel) auto_renew_model = NULL;
  guint first_paid = 0;
  gboolean found_paid = FALSE;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->ip_check = isplic_ip_check_new ();
  g_signal_connect_object (self->ip_check, "changed", G_CALLBACK (ip_check_changed_cb), self,
                           G_CONNECT_SWAPPED);
  /* Nothing to ask before the client is set (isplic_order_dialog_new()). */
  self->quote_state = QUOTE_HIDDEN;

  for (guint i = 0; i < n_tariffs; i++)
    {
      g_autofree char *label = isplic_tariff_short_name (&tariffs[i], NULL);

      gtk_string_list_append (tariff_names, label);
      if (!tariffs[i].trial && !found_paid)
        {
          first_paid = i;
          found_paid = TRUE;
        }
    }

  self->period_model = isplic_dialog_string_model_new (periods);
  self->trial_model = isplic_dialog_string_model_new (trial_periods);
  auto_renew_model = isplic_dialog_string_model_new (auto_renew);
  adw_combo_row_set_model (self->auto_renew_row, auto_renew_model);
  adw_combo_row_set_model (self->period_row, self->period_model);
  adw_combo_row_set_model (self->tariff_row, G_LIST_MODEL (tariff_names));
  /* A paid tariff first: a trial is the exception, not the default. */
  adw_combo_row_set_selected (self->tariff_row, first_paid);
  tariff_changed_cb (self);

  g_signal_connect_swapped (self->auto_renew_row, "notify::selected",
                            G_CALLBACK (isplic_order_dialog_payment_changed_cb), self);
  g_signal_connect_swapped (self->nodes_spin, "value-changed",
                            G_CALLBACK (isplic_order_dialog_payment_changed_cb), self);
  g_signal_connect_swapped (self->cart_switch, "notify::active",
                            G_CALLBACK (isplic_order_dialog_payment_changed_cb), self);
}

/**
 * isplic_order_dialog_new:
 * @client: the signed-in client
 *
 * Returns: (transfer none) the dialog, a toplevel owned by GTK
 */
GtkWidget *
isplic_order_dialog_new (IsplicClient *client)
{
  IsplicOrderDialog *self;

  g_return_val_if_fail (ISPLIC_IS_CLIENT (client), NULL);

  self = g_object_new (ISPLIC_TYPE_ORDER_DIALOG, NULL);
  self->client = g_object_ref (client);
  isplic_dialog_add_account_line (GTK_WINDOW (self), client);
  isplic_order_dialog_load_money (self);
  self->quote_state = QUOTE_FAILED;
  isplic_order_dialog_schedule_quote (self);
  isplic_dialog_set_initial_focus (GTK_WINDOW (self), GTK_WIDGET (self->tariff_row));

  return GTK_WIDGET (self);
}
