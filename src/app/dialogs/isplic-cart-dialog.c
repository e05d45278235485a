/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "isplic-dialogs.h"
#include "isplic-dialog-util-private.h"
#include "isplic-money-util-private.h"

struct _IsplicCartDialog
{
  AdwWindow parent_instance;

  GtkWidget *clear_button;
  GtkWidget *spinner;
  GtkWidget *items_group;
  GtkListBox *items_list;
  AdwActionRow *total_row;
  GtkWidget *pay_row;
  GtkLabel *status_label;
  GtkLabel *error_label;

  IsplicClient *client;        /* owned */
  IsplicCart *cart;            /* owned, nullable */
  GCancellable *cancellable;   /* owned */
  gboolean busy;
};

G_DEFINE_FINAL_TYPE (IsplicCartDialog, isplic_cart_dialog, ADW_TYPE_WINDOW)

static void load (IsplicCartDialog *self);

static void
set_busy (IsplicCartDialog *self,
          gboolean          busy,
          const char       *status)
{
  self->busy = busy;
  isplic_dialog_show_progress (self->spinner, self->status_label, busy, status);
  gtk_widget_set_sensitive (self->clear_button,
                            !busy && self->cart != NULL && self->cart->items->len > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->items_list), !busy);
}

static void
changed (IsplicCartDialog *self,
         gboolean          ok,
         const GError     *error)
{
  if (isplic_dialog_error_is_cancelled (error))
    return;

  set_busy (self, FALSE, NULL);
  if (!ok)
    isplic_dialog_set_message (self->error_label, error->message);
  /* Whatever happened, show the cart as the server now has it. */
  load (self);
}

static void
removed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(IsplicCartDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = isplic_client_cart_remove_finish (ISPLIC_CLIENT (source), result, &error);

  changed (self, ok, error);
}

static void
cleared_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(IsplicCartDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = isplic_client_cart_clear_finish (ISPLIC_CLIENT (source), result, &error);

  changed (self, ok, error);
}

static void
remove_clicked_cb (GtkButton        *button,
                   IsplicCartDialog *self)
{
  const char *id = g_object_get_data (G_OBJECT (button), "isplic-item-id");

  if (self->busy || id == NULL)
    return;
  isplic_dialog_set_message (self->error_label, NULL);
  set_busy (self, TRUE, _("Removing from the cart…"));
  isplic_client_cart_remove_async (self->client, id, self->cancellable, removed_cb,
                                   g_object_ref (self));
}

static void
clear_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   IsplicCartDialog *self)
{
  if (g_strcmp0 (response, "empty") != 0 || self->busy || self->cart == NULL
      || self->cart->items->len == 0)
    return;
  isplic_dialog_set_message (self->error_label, NULL);
  set_busy (self, TRUE, _("Emptying the cart…"));
  isplic_client_cart_clear_async (self->client, self->cancellable, cleared_cb,
                                  g_object_ref (self));
}

/* Emptying drops every order in the cart: asked first, Cancel by default. */
static void
clear_clicked_cb (IsplicCartDialog *self)
{
  AdwMessageDialog *dialog;
  guint n;

  if (self->busy || self->cart == NULL || self->cart->items->len == 0)
    return;

  n = self->cart->items->len;
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Empty the Cart?"),
                                                       NULL));
  adw_message_dialog_format_body (dialog,
                                  ngettext ("The order in the cart will be removed.",
                                            "The %u orders in the cart will be removed.", n),
                                  n);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "empty", _("_Empty Cart"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "empty", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (clear_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static char *
item_title (IsplicCartItem *item)
{
  if (item->name != NULL && item->ip != NULL)
    return g_strdup_printf ("%s — %s", item->name, item->ip);
  if (item->name != NULL)
    return g_strdup (item->name);
  if (item->ip != NULL)
    return g_strdup (item->ip);
  return g_strdup (item->text != NULL ? item->text : "");
}

static void
show_cart (IsplicCartDialog *self)
{
  GtkWidget *row;
  guint n = self->cart != NULL ? self->cart->items->len : 0;

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->items_list))) != NULL)
    gtk_list_box_remove (self->items_list, row);

  for (guint i = 0; i < n; i++)
    {
      IsplicCartItem *item = g_ptr_array_index (self->cart->items, i);
      g_autofree char *title = item_title (item);
      g_autofree char *cost = item->cost != NULL ? isplic_money_format (item->cost) : NULL;
      g_autofree char *remove_label = g_strdup_printf (_("Remove %s from the cart"), title);
      GtkWidget *action_row = adw_action_row_new ();
      GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (action_row), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (action_row), FALSE);
      if (cost != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (action_row), cost);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, _("Remove"));
      gtk_widget_set_sensitive (button, item->id != NULL);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      remove_label, -1);
      g_object_set_data_full (G_OBJECT (button), "isplic-item-id", g_strdup (item->id), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (remove_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (action_row), button);
      gtk_list_box_append (self->items_list, action_row);
    }

  if (n == 0)
    {
      GtkWidget *empty = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (empty), _("The cart is empty"));
      gtk_list_box_append (self->items_list, empty);
    }

  if (self->cart != NULL && self->cart->total != NULL)
    {
      g_autofree char *total = isplic_money_format_amount (self->cart->total);

      adw_action_row_set_subtitle (self->total_row, total);
    }
  else
    adw_action_row_set_subtitle (self->total_row, n > 0 ? _("Price not available") : "");
  gtk_widget_set_visible (GTK_WIDGET (self->total_row), n > 0);
  set_busy (self, self->busy, NULL);
}

static void
cart_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(IsplicCartDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(IsplicCart) cart = NULL;

  cart = isplic_client_get_cart_finish (ISPLIC_CLIENT (source), result, &error);
  if (isplic_dialog_error_is_cancelled (error))
    return;

  set_busy (self, FALSE, NULL);
  g_clear_pointer (&self->cart, isplic_cart_free);
  if (cart == NULL)
    {
      isplic_dialog_set_message (self->error_label,
                                 isplic_money_error_is_not_offered (error)
                                 ? _("This server does not show the cart.") : error->message);
    }
  self->cart = g_steal_pointer (&cart);
  show_cart (self);
}

static void
load (IsplicCartDialog *self)
{
  set_busy (self, TRUE, NULL);
  isplic_client_get_cart_async (self->client, self->cancellable, cart_cb, g_object_ref (self));
}

static void
pay_activated_cb (IsplicCartDialog *self)
{
  g_autofree char *uri = isplic_billing_panel_uri (isplic_client_get_base_url (self->client));

  if (uri != NULL)
    gtk_show_uri (GTK_WINDOW (self), uri, GDK_CURRENT_TIME);
}

static void
isplic_cart_dialog_dispose (GObject *object)
{
  IsplicCartDialog *self = ISPLIC_CART_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), ISPLIC_TYPE_CART_DIALOG);

  G_OBJECT_CLASS (isplic_cart_dialog_parent_class)->dispose (object);
}

static void
isplic_cart_dialog_unrealize (GtkWidget *widget)
{
  g_cancellable_cancel (ISPLIC_CART_DIALOG (widget)->cancellable);
  GTK_WIDGET_CLASS (isplic_cart_dialog_parent_class)->unrealize (widget);
}

static void
isplic_cart_dialog_finalize (GObject *object)
{
  IsplicCartDialog *self = ISPLIC_CART_DIALOG (object);

  g_clear_pointer (&self->cart, isplic_cart_free);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (isplic_cart_dialog_parent_class)->finalize (object);
}

static void
isplic_cart_dialog_class_init (IsplicCartDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = isplic_cart_dialog_dispose;
  object_class->finalize = isplic_cart_dialog_finalize;
  widget_class->unrealize = isplic_cart_dialog_unrealize;

  isplic_dialog_class_set_template (widget_class, "isplic-cart-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, IsplicCartDialog, clear_button);
  gtk_widget_class_bind_template_child (widget_class, IsplicCartDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, IsplicCartDialog, items_group);
  gtk_widget_class_bind_template_child (widget_class, IsplicCartDialog, items_list);
  gtk_widget_class_bind_template_child (widget_class, IsplicCartDialog, total_row);
  gtk_widget_class_bind_template_child (widget_class, IsplicCartDialog, pay_row);
  gtk_widget_class_bind_template_child (widget_class, IsplicCartDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, IsplicCartDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, clear_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, pay_activated_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
isplic_cart_dialog_init (IsplicCartDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

/**
 * isplic_cart_dialog_new:
 * @client: the signed-in client
 *
 * Returns: (transfer none) the dialog, a toplevel owned by GTK
 */
GtkWidget *
isplic_cart_dialog_new (IsplicClient *client)
{
  IsplicCartDialog *self;

  g_return_val_if_fail (ISPLIC_IS_CLIENT (client), NULL);

  self = g_object_new (ISPLIC_TYPE_CART_DIALOG, NULL);
  self->client = g_object_ref (client);
  isplic_dialog_add_account_line (GTK_WINDOW (self), client);
  load (self);
  /* No field: the default action, not Empty Cart at the start of the header bar. */
  isplic_dialog_set_initial_focus (GTK_WINDOW (self), GTK_WIDGET (self->pay_row));

  return GTK_WIDGET (self);
}
