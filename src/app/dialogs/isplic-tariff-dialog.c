/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "isplic-dialogs.h"
#include "isplic-dialog-util-private.h"
#include "isplic-license-text.h"
#include "isplic-money-util-private.h"

typedef enum {
  QUOTE_NONE,      /* no tariff chosen yet */
  QUOTE_PENDING,
  QUOTE_READY,
  QUOTE_FAILED,    /* the change is still possible, by the plain call */
  QUOTE_HIDDEN,    /* the server does not offer quotes */
} QuoteState;

struct _IsplicTariffDialog
{
  AdwWindow parent_instance;

  AdwWindowTitle *window_title;
  GtkWidget *cancel_button;
  GtkWidget *change_button;
  GtkWidget *spinner;
  GtkWidget *form_group;
  AdwActionRow *current_row;
  AdwPreferencesGroup *choices_group;
  GtkWidget *nodes_group;
  GtkSpinButton *nodes_spin;
  GtkWidget *quote_group;
  AdwActionRow *old_price_row;
  AdwActionRow *new_price_row;
  AdwActionRow *new_expiry_row;
  AdwActionRow *charge_row;
  GtkLabel *quote_label;
  GtkLabel *money_warning_label;
  GtkCheckButton *money_confirm_check;
  GtkLabel *status_label;
  GtkLabel *error_label;

  IsplicClient *client;        /* owned */
  IsplicLicense *license;      /* owned */
  GPtrArray *choices;          /* owned, of const IsplicTariff* (static) */
  GPtrArray *choice_rows;      /* owned, of AdwActionRow* (refs), parallel to choices */
  GPtrArray *choice_checks;    /* owned, of GtkCheckButton* (refs), parallel to choices */
  const IsplicTariff *sent;    /* the tariff asked for, static */
  gboolean sent_paid;          /* sent by the paying call (getmoney) */
  IsplicBalance *balance;      /* owned, nullable */
  IsplicTariffQuote *quote;    /* owned, nullable: for the chosen tariff */
  QuoteState quote_state;
  GCancellable *quote_cancellable; /* owned, nullable */
  GCancellable *cancellable;   /* owned: balance and prices */
  char *uncertain_cause;       /* owned, nullable: why the change's outcome is unknown */

  gboolean busy;
  gboolean disposed;
};

G_DEFINE_FINAL_TYPE (IsplicTariffDialog, isplic_tariff_dialog, ADW_TYPE_WINDOW)

static guint succeeded_signal;

/* Nothing is chosen when the dialog opens: the button waits for a choice. */
static const IsplicTariff *
get_selected_tariff (IsplicTariffDialog *self)
{
  for (guint i = 0; self->choice_checks != NULL && i < self->choice_checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->choice_checks, i)))
      return g_ptr_array_index (self->choices, i);
  return NULL;
}

/* The node count sent with the change: the spin button's for a tariff that takes nodes, else 0
 * (not sent). */
static guint
get_nodes (IsplicTariffDialog *self)
{
  const IsplicTariff *tariff = get_selected_tariff (self);

  if (tariff == NULL || !tariff->has_nodes)
    return 0;
  return (guint) gtk_spin_button_get_value_as_int (self->nodes_spin);
}

/* Money charged now according to the quote (nullable). */
static const IsplicMoney *
quoted_charge (IsplicTariffDialog *self)
{
  if (self->quote_state != QUOTE_READY || self->quote->charge == NULL
      || self->quote->charge->amount <= 0)
    return NULL;
  return self->quote->charge;
}

static gboolean
balance_short (IsplicTariffDialog *self)
{
  gboolean covers = TRUE;

  return isplic_balance_covers (self->balance, quoted_charge (self), &covers) && !covers;
}

static gboolean
money_is_ready (IsplicTariffDialog *self)
{
  if (self->quote_state == QUOTE_PENDING)
    return FALSE;
  return !balance_short (self) || gtk_check_button_get_active (self->money_confirm_check);
}

static void
update_sensitivity (IsplicTariffDialog *self)
{
  gtk_widget_set_sensitive (self->change_button, !self->busy && get_selected_tariff (self) != NULL
                            && money_is_ready (self));
  gtk_widget_set_tooltip_text (self->change_button,
                               self->busy ? NULL
                               : get_selected_tariff (self) == NULL ? _("Choose a tariff first")
                               : self->quote_state == QUOTE_PENDING ? _("Getting the price…")
                               : NULL);
  gtk_widget_set_sensitive (self->cancel_button, !self->busy);
  gtk_widget_set_sensitive (self->form_group, !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->choices_group), !self->busy);
  gtk_widget_set_sensitive (self->nodes_group, !self->busy);
}

static void
set_busy (IsplicTariffDialog *self,
          gboolean            busy,
          const char         *status)
{
  self->busy = busy;
  isplic_dialog_show_progress (self->spinner, self->status_label, busy, status);
  update_sensitivity (self);
}

static void
set_row_money (AdwActionRow      *row,
               const IsplicMoney *money)
{
  g_autofree char *text = money != NULL ? isplic_money_format (money) : NULL;

  adw_action_row_set_subtitle (row, text != NULL ? text : _("Not available"));
}

/* The quote's prices, the new expiry and what is charged now; the warning when the balance does
 * not cover the charge. */
static void
update_money (IsplicTariffDialog *self)
{
  const IsplicMoney *charge = quoted_charge (self);
  gboolean short_ = balance_short (self);
  const char *text = NULL;

  gtk_widget_set_visible (self->quote_group, self->quote_state == QUOTE_READY);
  if (self->quote_state == QUOTE_READY)
    {
      g_autofree char *expiry = isplic_dialog_format_date (self->quote->new_expiry);

      set_row_money (self->old_price_row, self->quote->old_price);
      set_row_money (self->new_price_row, self->quote->new_price);
      adw_action_row_set_subtitle (self->new_expiry_row, expiry);
      if (charge != NULL)
        {
          g_autofree char *amount = isplic_money_format_amount (charge);
          g_autofree char *subtitle = NULL;

          if (self->balance != NULL)
            {
              g_autofree char *balance = isplic_money_format_amount (&self->balance->balance);

              /* Translators: an amount charged now, then the account's balance */
              subtitle = g_strdup_printf (_("%s from your balance of %s"), amount, balance);
            }
          adw_action_row_set_subtitle (self->charge_row, subtitle != NULL ? subtitle : amount);
        }
      else
        adw_action_row_set_subtitle (self->charge_row, _("Nothing"));
    }
  else if (self->quote_state == QUOTE_PENDING)
    text = _("Getting the price…");
  else if (self->quote_state == QUOTE_FAILED)
    text = _("Price not available");
  isplic_dialog_set_message (self->quote_label, text);

  {
    g_autofree char *balance = short_ ? isplic_balance_format (self->balance) : NULL;
    g_autofree char *warning = short_ ? g_strdup_printf (_("Your balance of %s does not cover this change: the server will "
                           "probably refuse it. Top up the balance in the billing panel first, "
                           "or change anyway."), balance) : NULL;

    isplic_money_show_shortfall (self->money_warning_label, self->money_confirm_check, warning);
  }
  update_sensitivity (self);
}

static void
quote_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(IsplicTariffDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(IsplicTariffQuote) quote = NULL;

  quote = isplic_client_change_tariff_quote_finish (ISPLIC_CLIENT (source), result, &error);
  if (self->disposed || isplic_dialog_error_is_cancelled (error))
    return;

  g_clear_object (&self->quote_cancellable);
  g_clear_pointer (&self->quote, isplic_tariff_quote_free);
  if (quote != NULL)
    {
      self->quote = g_steal_pointer (&quote);
      self->quote_state = QUOTE_READY;
    }
  else if (isplic_money_error_is_not_offered (error))
    self->quote_state = QUOTE_HIDDEN;
  else
    {
      g_debug ("tariff quote: %s", error->message);
      self->quote_state = QUOTE_FAILED;
    }
  update_money (self);
}

/* Asks the quote for the chosen tariff and node count, dropping the one asked before. */
static void
request_quote (IsplicTariffDialog *self)
{
  const IsplicTariff *tariff = get_selected_tariff (self);

  isplic_dialog_set_message (self->error_label, NULL);
  if (self->quote_state == QUOTE_HIDDEN || tariff == NULL || self->client == NULL)
    {
      update_money (self);
      return;
    }

  g_cancellable_cancel (self->quote_cancellable);
  g_clear_object (&self->quote_cancellable);
  g_clear_pointer (&self->quote, isplic_tariff_quote_free);
  self->quote_state = QUOTE_PENDING;
  self->quote_cancellable = g_cancellable_new ();
  isplic_client_change_tariff_quote_async (self->client, isplic_license_get_id (self->license),
                                           tariff->id, get_nodes (self), self->quote_cancellable,
                                           quote_cb, g_object_ref (self));
  update_money (self);
}

static void
choice_toggled_cb (GtkCheckButton     *check,
                   IsplicTariffDialog *self)
{
  const IsplicTariff *tariff;

  /* Each change of choice toggles two buttons; the active one asks. */
  if (!gtk_check_button_get_active (check) || self->disposed)
    return;

  tariff = get_selected_tariff (self);
  gtk_widget_set_visible (self->nodes_group, tariff != NULL && tariff->has_nodes);
  request_quote (self);
}

/* A new node count is a new price: the quote is asked again. */
static void
nodes_changed_cb (IsplicTariffDialog *self)
{
  if (self->disposed || get_nodes (self) == 0)
    return;
  request_quote (self);
}

static void
confirm_toggled_cb (IsplicTariffDialog *self)
{
  update_sensitivity (self);
}

/* Each choice shows its price for the license's period, from the catalogue. */
static void
prices_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(IsplicTariffDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) prices = NULL;
  int period = isplic_license_get_period (self->license) == 1 ? 1 : 12;

  prices = isplic_client_get_prices_finish (ISPLIC_CLIENT (source), result, &error);
  if (self->disposed || prices == NULL)
    return;

  for (guint i = 0; i < self->choices->len; i++)
    {
      const IsplicTariff *tariff = g_ptr_array_index (self->choices, i);

      for (guint j = 0; j < prices->len; j++)
        {
          IsplicPrice *price = g_ptr_array_index (prices, j);
          const IsplicMoney *money = isplic_price_get (price, period);

          if (money != NULL && g_strcmp0 (price->id, tariff->id) == 0)
            {
              g_autofree char *text = isplic_money_format (money);

              adw_action_row_set_subtitle (g_ptr_array_index (self->choice_rows, i), text);
            }
        }
    }
}

static void
finish_success (IsplicTariffDialog *self)
{
  const char *ids[] = { isplic_license_get_id (self->license), NULL };
  g_autofree char *name = isplic_dialog_license_in_text (self->license);
  g_autofree char *tariff = isplic_tariff_short_name (self->sent, NULL);
  g_autofree char *message = g_strdup_printf (_("%s moved to %s"), name, tariff);

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

  gboolean ok = self->sent_paid
                ? isplic_client_change_tariff_pay_finish (ISPLIC_CLIENT (source), result, &error)
                : isplic_client_change_tariff_finish (ISPLIC_CLIENT (source), result, &error);

  if (!ok)
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

  if (self->busy || tariff == NULL || self->client == NULL || !money_is_ready (self))
    return;

  self->sent = tariff;
  /* When the quote says money is charged, the server wants the change confirmed by paying. */
  self->sent_paid = quoted_charge (self) != NULL;
  isplic_dialog_set_message (self->error_label, NULL);
  set_busy (self, TRUE, _("Changing the tariff…"));

  /* No cancellable: a payment in flight is never abandoned half-way. */
  if (self->sent_paid)
    isplic_client_change_tariff_pay_async (self->client, isplic_license_get_id (self->license),
                                           tariff->id, get_nodes (self), NULL, change_cb,
                                           g_object_ref (self));
  else
    isplic_client_change_tariff_async (self->client, isplic_license_get_id (self->license),
                                       tariff->id, get_nodes (self), NULL, change_cb,
                                       g_object_ref (self));
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
  g_cancellable_cancel (self->quote_cancellable);
  g_clear_object (&self->quote_cancellable);
  g_cancellable_cancel (self->cancellable);
  g_clear_pointer (&self->choice_rows, g_ptr_array_unref);
  g_clear_pointer (&self->choice_checks, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), ISPLIC_TYPE_TARIFF_DIALOG);

  G_OBJECT_CLASS (isplic_tariff_dialog_parent_class)->dispose (object);
}

static void
isplic_tariff_dialog_finalize (GObject *object)
{
  IsplicTariffDialog *self = ISPLIC_TARIFF_DIALOG (object);

  g_clear_pointer (&self->choices, g_ptr_array_unref);
  g_clear_pointer (&self->balance, isplic_balance_free);
  g_clear_pointer (&self->quote, isplic_tariff_quote_free);
  g_clear_object (&self->cancellable);
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
  gtk_widget_class_bind_template_child (widget_class, IsplicTariffDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, IsplicTariffDialog, change_button);
  gtk_widget_class_bind_template_child (widget_class, IsplicTariffDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, IsplicTariffDialog, form_group);
  gtk_widget_class_bind_template_child (widget_class, IsplicTariffDialog, current_row);
  gtk_widget_class_bind_template_child (widget_class, IsplicTariffDialog, choices_group);
  gtk_widget_class_bind_template_child (widget_class, IsplicTariffDialog, nodes_group);
  gtk_widget_class_bind_template_child (widget_class, IsplicTariffDialog, nodes_spin);
  gtk_widget_class_bind_template_child (widget_class, IsplicTariffDialog, quote_group);
  gtk_widget_class_bind_template_child (widget_class, IsplicTariffDialog, old_price_row);
  gtk_widget_class_bind_template_child (widget_class, IsplicTariffDialog, new_price_row);
  gtk_widget_class_bind_template_child (widget_class, IsplicTariffDialog, new_expiry_row);
  gtk_widget_class_bind_template_child (widget_class, IsplicTariffDialog, charge_row);
  gtk_widget_class_bind_template_child (widget_class, IsplicTariffDialog, quote_label);
  gtk_widget_class_bind_template_child (widget_class, IsplicTariffDialog, money_warning_label);
  gtk_widget_class_bind_template_child (widget_class, IsplicTariffDialog, money_confirm_check);
  gtk_widget_class_bind_template_child (widget_class, IsplicTariffDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, IsplicTariffDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, change_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, confirm_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, nodes_changed_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
isplic_tariff_dialog_init (IsplicTariffDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->choice_rows = g_ptr_array_new_with_free_func (g_object_unref);
  self->choice_checks = g_ptr_array_new_with_free_func (g_object_unref);
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
  GtkCheckButton *first = NULL;
  g_autofree char *title = NULL;
  g_autofree char *name = NULL;
  g_autofree char *current_name = NULL;

  g_return_val_if_fail (ISPLIC_IS_CLIENT (client), NULL);
  g_return_val_if_fail (ISPLIC_IS_LICENSE (license), NULL);

  self = g_object_new (ISPLIC_TYPE_TARIFF_DIALOG, NULL);
  self->client = g_object_ref (client);
  isplic_dialog_add_account_line (GTK_WINDOW (self), client);
  self->license = g_object_ref (license);

  current = isplic_tariff_lookup (isplic_license_get_tariff_id (license));
  if (current == NULL)
    current = isplic_tariff_find (isplic_license_get_tariff_name (license));

  current_name = isplic_tariff_short_name (current, isplic_license_get_tariff_name (license));
  adw_action_row_set_subtitle (self->current_row, current_name);

  /* A Business license keeps its node count unless it is changed here. */
  gtk_spin_button_set_range (self->nodes_spin, 1, ISPLIC_NODES_MAX);
  gtk_spin_button_set_value (self->nodes_spin, MAX (isplic_license_get_nodes (license), 1));

  self->choices = g_ptr_array_new ();
  tariffs = isplic_tariffs_get (&n_tariffs);
  for (guint i = 0; i < n_tariffs; i++)
    {
      GtkWidget *row, *check;
      g_autofree char *short_name = NULL;

      if (tariffs[i].trial || &tariffs[i] == current)
        continue;
      row = adw_action_row_new ();
      check = gtk_check_button_new ();
      short_name = isplic_tariff_short_name (&tariffs[i], NULL);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), short_name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      gtk_check_button_set_group (GTK_CHECK_BUTTON (check), first);
      if (first == NULL)
        first = GTK_CHECK_BUTTON (check);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      short_name, -1);
      g_signal_connect (check, "toggled", G_CALLBACK (choice_toggled_cb), self);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      adw_preferences_group_add (self->choices_group, row);
      g_ptr_array_add (self->choices, (gpointer) &tariffs[i]);
      g_ptr_array_add (self->choice_rows, g_object_ref (row));
      g_ptr_array_add (self->choice_checks, g_object_ref (check));
    }

  name = isplic_dialog_license_in_text (license);
  title = g_strdup_printf (_("Change Tariff of %s"), name);
  isplic_dialog_set_titles (GTK_WINDOW (self), self->window_title, _("Change Tariff"),
                            isplic_dialog_license_label (license), title);
  set_busy (self, FALSE, NULL);
  isplic_dialog_load_balance (self, client, self->cancellable, &self->balance, &self->disposed,
                              (void (*) (gpointer)) update_money);
  isplic_client_get_prices_async (client, self->cancellable, prices_cb, g_object_ref (self));
  if (first != NULL)
    isplic_dialog_set_initial_focus (GTK_WINDOW (self), GTK_WIDGET (first));

  return GTK_WIDGET (self);
}
