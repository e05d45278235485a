/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "isplic-dialogs.h"
#include "isplic-dialog-util-private.h"
#include "isplic-money-util-private.h"

/* How long the count must stay unchanged before its price is asked for. */
#define QUOTE_DELAY_MS 250

typedef enum {
  QUOTE_NONE,      /* the count now: nothing to quote */
  QUOTE_PENDING,
  QUOTE_READY,
  QUOTE_FAILED,    /* applying is still possible, without a price */
} QuoteState;

struct _IsplicNodesDialog
{
  AdwWindow parent_instance;

  AdwWindowTitle *window_title;
  GtkWidget *cancel_button;
  GtkWidget *apply_button;
  GtkWidget *spinner;
  GtkWidget *form_group;
  AdwActionRow *current_row;
  GtkSpinButton *nodes_spin;
  GtkLabel *quote_label;
  GtkLabel *money_warning_label;
  GtkCheckButton *money_confirm_check;
  GtkLabel *status_label;
  GtkLabel *error_label;

  IsplicClient *client;            /* owned */
  IsplicLicense *license;          /* owned */
  guint current;                   /* the license's nodes now */
  guint sent;                      /* the count asked for */
  IsplicBalance *balance;          /* owned, nullable */
  IsplicQuote *quote;              /* owned, nullable: for the count in the spin button */
  QuoteState quote_state;
  guint quote_source;
  GCancellable *quote_cancellable; /* owned, nullable */
  GCancellable *cancellable;       /* owned: the balance */
  char *uncertain_cause;           /* owned, nullable: why the change's outcome is unknown */

  gboolean busy;
  gboolean disposed;
};

G_DEFINE_FINAL_TYPE (IsplicNodesDialog, isplic_nodes_dialog, ADW_TYPE_WINDOW)

static guint succeeded_signal;

static guint
get_nodes (IsplicNodesDialog *self)
{
  return (guint) gtk_spin_button_get_value_as_int (self->nodes_spin);
}

static const IsplicMoney *
quoted_charge (IsplicNodesDialog *self)
{
  if (self->quote_state != QUOTE_READY || self->quote->total == NULL
      || self->quote->total->amount <= 0)
    return NULL;
  return self->quote->total;
}

static gboolean
balance_short (IsplicNodesDialog *self)
{
  gboolean covers = TRUE;

  return isplic_balance_covers (self->balance, quoted_charge (self), &covers) && !covers;
}

static void
update_sensitivity (IsplicNodesDialog *self)
{
  gboolean ready = self->quote_state != QUOTE_PENDING
                   && (!balance_short (self)
                       || gtk_check_button_get_active (self->money_confirm_check));

  gtk_widget_set_sensitive (self->apply_button,
                            !self->busy && get_nodes (self) != self->current && ready);
  gtk_widget_set_sensitive (self->cancel_button, !self->busy);
  gtk_widget_set_sensitive (self->form_group, !self->busy);
}

static void
update_money (IsplicNodesDialog *self)
{
  g_autofree char *text = NULL;
  gboolean short_ = balance_short (self);

  switch (self->quote_state)
    {
    case QUOTE_PENDING:
      text = g_strdup (_("Getting the price…"));
      break;
    case QUOTE_READY:
      if (self->quote->total == NULL)
        text = g_strdup (_("Price not available"));
      else if (self->quote->total->amount <= 0)
        text = g_strdup (_("Nothing is charged now"));
      else
        text = isplic_money_charge_text (self->quote->total, self->balance);
      break;
    case QUOTE_FAILED:
      text = g_strdup (_("Price not available"));
      break;
    case QUOTE_NONE:
    default:
      break;
    }
  isplic_dialog_set_message (self->quote_label, text);

  {
    g_autofree char *balance = short_ ? isplic_balance_format (self->balance) : NULL;
    g_autofree char *warning = short_ ? g_strdup_printf (_("Your balance of %s does not cover this change: the server will "
                           "probably refuse it. Top up the balance in the billing panel first, "
                           "or apply anyway."), balance) : NULL;

    isplic_money_show_shortfall (self->money_warning_label, self->money_confirm_check, warning);
  }
  update_sensitivity (self);
}

static void
cancel_quote (IsplicNodesDialog *self)
{
  g_clear_handle_id (&self->quote_source, g_source_remove);
  g_cancellable_cancel (self->quote_cancellable);
  g_clear_object (&self->quote_cancellable);
}

static void
quote_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(IsplicNodesDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(IsplicQuote) quote = NULL;

  quote = isplic_client_nodes_quote_finish (ISPLIC_CLIENT (source), result, &error);
  if (self->disposed || isplic_dialog_error_is_cancelled (error))
    return;

  g_clear_object (&self->quote_cancellable);
  g_clear_pointer (&self->quote, isplic_quote_free);
  if (quote != NULL)
    {
      self->quote = g_steal_pointer (&quote);
      self->quote_state = QUOTE_READY;
    }
  else
    {
      g_debug ("nodes quote: %s", error->message);
      self->quote_state = QUOTE_FAILED;
    }
  update_money (self);
}

static gboolean
quote_timeout_cb (gpointer user_data)
{
  IsplicNodesDialog *self = user_data;

  self->quote_source = 0;
  self->quote_cancellable = g_cancellable_new ();
  isplic_client_nodes_quote_async (self->client, isplic_license_get_id (self->license),
                                   get_nodes (self), self->quote_cancellable, quote_cb,
                                   g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static void
nodes_changed_cb (IsplicNodesDialog *self)
{
  if (self->disposed || self->client == NULL)
    return;
  cancel_quote (self);
  g_clear_pointer (&self->quote, isplic_quote_free);
  isplic_dialog_set_message (self->error_label, NULL);
  if (get_nodes (self) == self->current)
    self->quote_state = QUOTE_NONE;
  else
    {
      self->quote_state = QUOTE_PENDING;
      self->quote_source = g_timeout_add (QUOTE_DELAY_MS, quote_timeout_cb, self);
    }
  update_money (self);
}

static void
confirm_toggled_cb (IsplicNodesDialog *self)
{
  update_sensitivity (self);
}

static void
set_busy (IsplicNodesDialog *self,
          gboolean           busy,
          const char        *status)
{
  self->busy = busy;
  isplic_dialog_show_progress (self->spinner, self->status_label, busy, status);
  update_sensitivity (self);
}

static void
finish_success (IsplicNodesDialog *self)
{
  const char *ids[] = { isplic_license_get_id (self->license), NULL };
  g_autofree char *name = isplic_dialog_license_in_text (self->license);
  g_autofree char *message = NULL;

  message = g_strdup_printf (ngettext ("%s now has %u node", "%s now has %u nodes", self->sent),
                             name, self->sent);
  set_busy (self, FALSE, NULL);
  isplic_dialog_succeed (GTK_WINDOW (self), succeeded_signal, message, ids, &self->disposed);
}

/* After a lost answer: the license read again tells whether the count was changed. The change
 * is never sent again by itself. */
static void
reconcile_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(IsplicNodesDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(IsplicLicense) license = NULL;
  g_autofree char *finding = NULL;
  g_autofree char *message = NULL;

  license = isplic_client_get_details_finish (ISPLIC_CLIENT (source), result, &error);
  if (self->disposed)
    return;
  if (license != NULL && isplic_license_get_nodes (license) == (int) self->sent)
    {
      finish_success (self);
      return;
    }

  if (license != NULL)
    finding = g_strdup (_("The check found that the number of nodes was not changed. You can "
                          "try again."));
  else
    finding = g_strdup_printf (_("The check could not tell whether the number of nodes was "
                                 "changed (%s). Check the billing panel before trying again."),
                               error->message);
  message = isplic_dialog_uncertain_message (self->uncertain_cause, finding);
  set_busy (self, FALSE, NULL);
  isplic_dialog_offer_retry (self->error_label, self->apply_button, message);
}

static void
apply_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(IsplicNodesDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!isplic_client_set_nodes_finish (ISPLIC_CLIENT (source), result, &error))
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
                                                      "number of nodes was changed…"));
          set_busy (self, TRUE, status);
          isplic_client_get_details_async (self->client, isplic_license_get_id (self->license),
                                           NULL, reconcile_cb, g_object_ref (self));
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
apply_clicked_cb (IsplicNodesDialog *self)
{
  if (self->busy || self->client == NULL || !gtk_widget_get_sensitive (self->apply_button))
    return;

  cancel_quote (self);
  self->sent = get_nodes (self);
  isplic_dialog_set_message (self->error_label, NULL);
  set_busy (self, TRUE, _("Changing the nodes…"));
  /* No cancellable: a payment in flight is never abandoned half-way. */
  isplic_client_set_nodes_async (self->client, isplic_license_get_id (self->license), self->sent,
                                 NULL, apply_cb, g_object_ref (self));
}

static gboolean
isplic_nodes_dialog_close_request (GtkWindow *window)
{
  if (ISPLIC_NODES_DIALOG (window)->busy)
    return TRUE;
  return GTK_WINDOW_CLASS (isplic_nodes_dialog_parent_class)->close_request (window);
}

static void
isplic_nodes_dialog_unrealize (GtkWidget *widget)
{
  IsplicNodesDialog *self = ISPLIC_NODES_DIALOG (widget);

  cancel_quote (self);
  g_cancellable_cancel (self->cancellable);
  GTK_WIDGET_CLASS (isplic_nodes_dialog_parent_class)->unrealize (widget);
}

static void
isplic_nodes_dialog_dispose (GObject *object)
{
  IsplicNodesDialog *self = ISPLIC_NODES_DIALOG (object);

  self->disposed = TRUE;
  cancel_quote (self);
  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), ISPLIC_TYPE_NODES_DIALOG);

  G_OBJECT_CLASS (isplic_nodes_dialog_parent_class)->dispose (object);
}

static void
isplic_nodes_dialog_finalize (GObject *object)
{
  IsplicNodesDialog *self = ISPLIC_NODES_DIALOG (object);

  g_clear_pointer (&self->balance, isplic_balance_free);
  g_clear_pointer (&self->quote, isplic_quote_free);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->license);
  g_clear_object (&self->client);
  g_clear_pointer (&self->uncertain_cause, g_free);

  G_OBJECT_CLASS (isplic_nodes_dialog_parent_class)->finalize (object);
}

static void
isplic_nodes_dialog_class_init (IsplicNodesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = isplic_nodes_dialog_dispose;
  object_class->finalize = isplic_nodes_dialog_finalize;
  widget_class->unrealize = isplic_nodes_dialog_unrealize;
  window_class->close_request = isplic_nodes_dialog_close_request;

  succeeded_signal = isplic_dialog_add_succeeded_signal (G_TYPE_FROM_CLASS (klass));

  isplic_dialog_class_set_template (widget_class, "isplic-nodes-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, IsplicNodesDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, IsplicNodesDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, IsplicNodesDialog, apply_button);
  gtk_widget_class_bind_template_child (widget_class, IsplicNodesDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, IsplicNodesDialog, form_group);
  gtk_widget_class_bind_template_child (widget_class, IsplicNodesDialog, current_row);
  gtk_widget_class_bind_template_child (widget_class, IsplicNodesDialog, nodes_spin);
  gtk_widget_class_bind_template_child (widget_class, IsplicNodesDialog, quote_label);
  gtk_widget_class_bind_template_child (widget_class, IsplicNodesDialog, money_warning_label);
  gtk_widget_class_bind_template_child (widget_class, IsplicNodesDialog, money_confirm_check);
  gtk_widget_class_bind_template_child (widget_class, IsplicNodesDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, IsplicNodesDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, apply_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, nodes_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, confirm_toggled_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
isplic_nodes_dialog_init (IsplicNodesDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

/**
 * isplic_nodes_dialog_new:
 * @client: the signed-in client
 * @license: a license whose tariff takes nodes (Business)
 *
 * Returns: (transfer none) the dialog, a toplevel owned by GTK
 */
GtkWidget *
isplic_nodes_dialog_new (IsplicClient  *client,
                         IsplicLicense *license)
{
  IsplicNodesDialog *self;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  g_autofree char *current = NULL;

  g_return_val_if_fail (ISPLIC_IS_CLIENT (client), NULL);
  g_return_val_if_fail (ISPLIC_IS_LICENSE (license), NULL);

  self = g_object_new (ISPLIC_TYPE_NODES_DIALOG, NULL);
  self->license = g_object_ref (license);
  self->current = (guint) MAX (isplic_license_get_nodes (license), 1);
  current = g_strdup_printf ("%u", self->current);
  adw_action_row_set_subtitle (self->current_row, current);
  /* Set before the client: no quote for the count the license already has. */
  gtk_spin_button_set_range (self->nodes_spin, 1, ISPLIC_NODES_MAX);
  gtk_spin_button_set_value (self->nodes_spin, self->current);
  self->client = g_object_ref (client);
  isplic_dialog_add_account_line (GTK_WINDOW (self), client);

  name = isplic_dialog_license_in_text (license);
  title = g_strdup_printf (_("Change Nodes of %s"), name);
  isplic_dialog_set_titles (GTK_WINDOW (self), self->window_title, _("Change Nodes"),
                            isplic_dialog_license_label (license), title);
  isplic_dialog_load_balance (self, client, self->cancellable, &self->balance, &self->disposed,
                              (void (*) (gpointer)) update_money);
  update_money (self);
  isplic_dialog_set_initial_focus (GTK_WINDOW (self), GTK_WIDGET (self->nodes_spin));

  return GTK_WIDGET (self);
}
