/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "isplic-dialogs.h"
#include "isplic-dialog-util-private.h"

struct _IsplicKeyDialog
{
  AdwWindow parent_instance;

  GtkWidget *cancel_button;
  GtkWidget *regenerate_button;
  GtkStack *stack;
  AdwStatusPage *confirm_page;
  GtkLabel *error_label;
  GtkWidget *spinner;
  GtkLabel *key_label;
  GtkWidget *copy_button;
  GtkLabel *copied_label;

  IsplicClient *client;       /* owned */
  IsplicLicense *license;     /* owned */
  GCancellable *cancellable;  /* owned, nullable: the request in flight */
  char *key;                  /* owned, nullable: the new key once shown */

  gboolean busy;
  gboolean disposed;
};

G_DEFINE_FINAL_TYPE (IsplicKeyDialog, isplic_key_dialog, ADW_TYPE_WINDOW)

static guint succeeded_signal;

static void
set_busy (IsplicKeyDialog *self,
          gboolean         busy)
{
  self->busy = busy;
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), busy);
  gtk_stack_set_visible_child_name (self->stack, busy ? "busy" : "confirm");
  gtk_widget_set_sensitive (self->regenerate_button, !busy);
}

static void
new_key_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(IsplicKeyDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *message = NULL;
  g_autofree char *name = NULL;
  const char *ids[] = { NULL, NULL };

  key = isplic_client_new_key_finish (ISPLIC_CLIENT (source), result, &error);
  if (self->disposed || isplic_dialog_error_is_cancelled (error))
    return;
  g_clear_object (&self->cancellable);

  if (key == NULL)
    {
      set_busy (self, FALSE);
      isplic_dialog_offer_retry (self->error_label, self->regenerate_button, error->message);
      return;
    }

  self->busy = FALSE;
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), FALSE);
  self->key = g_steal_pointer (&key);
  /* The license is the list's own object: the details pane and its Copy button follow it, so
   * the revoked key is gone from the app at once (a refresh keeps a known key). */
  isplic_license_set_key (self->license, self->key);
  gtk_label_set_text (self->key_label, self->key);
  gtk_stack_set_visible_child_name (self->stack, "key");
  gtk_widget_set_visible (self->regenerate_button, FALSE);
  gtk_button_set_label (GTK_BUTTON (self->cancel_button), _("_Close"));
  gtk_window_set_default_widget (GTK_WINDOW (self), self->cancel_button);
  gtk_widget_grab_focus (self->copy_button);

  /* The dialog stays open: the person still has to copy the key. */
  ids[0] = isplic_license_get_id (self->license);
  name = isplic_dialog_license_in_text (self->license);
  message = g_strdup_printf (_("%s has a new key"), name);
  g_signal_emit (self, succeeded_signal, 0, message, (GStrv) ids);
}

static void
regenerate_clicked_cb (IsplicKeyDialog *self)
{
  if (self->busy || self->key != NULL || self->client == NULL)
    return;

  isplic_dialog_set_message (self->error_label, NULL);
  set_busy (self, TRUE);
  self->cancellable = g_cancellable_new ();
  isplic_client_new_key_async (self->client, isplic_license_get_id (self->license),
                               self->cancellable, new_key_cb, g_object_ref (self));
}

static void
copy_clicked_cb (IsplicKeyDialog *self)
{
  if (self->key == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), self->key);
  isplic_dialog_set_message (self->copied_label, _("Copied to the clipboard"));
}

/* gtk_window_destroy() unrealizes the window but does not dispose it while a request still
 * holds a reference: cancel the non-money requests here, so that closing really abandons them. */
static void
isplic_key_dialog_unrealize (GtkWidget *widget)
{
  IsplicKeyDialog *self = ISPLIC_KEY_DIALOG (widget);

  g_cancellable_cancel (self->cancellable);

  GTK_WIDGET_CLASS (isplic_key_dialog_parent_class)->unrealize (widget);
}

static void
isplic_key_dialog_dispose (GObject *object)
{
  IsplicKeyDialog *self = ISPLIC_KEY_DIALOG (object);

  /* Not a money operation: closing the dialog abandons the request. */
  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), ISPLIC_TYPE_KEY_DIALOG);

  G_OBJECT_CLASS (isplic_key_dialog_parent_class)->dispose (object);
}

static void
isplic_key_dialog_finalize (GObject *object)
{
  IsplicKeyDialog *self = ISPLIC_KEY_DIALOG (object);

  g_clear_pointer (&self->key, g_free);
  g_clear_object (&self->license);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (isplic_key_dialog_parent_class)->finalize (object);
}

static void
isplic_key_dialog_class_init (IsplicKeyDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = isplic_key_dialog_dispose;
  object_class->finalize = isplic_key_dialog_finalize;
  widget_class->unrealize = isplic_key_dialog_unrealize;

  succeeded_signal = isplic_dialog_add_succeeded_signal (G_TYPE_FROM_CLASS (klass));

  isplic_dialog_class_set_template (widget_class, "isplic-key-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, IsplicKeyDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, IsplicKeyDialog, regenerate_button);
  gtk_widget_class_bind_template_child (widget_class, IsplicKeyDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, IsplicKeyDialog, confirm_page);
  gtk_widget_class_bind_template_child (widget_class, IsplicKeyDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, IsplicKeyDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, IsplicKeyDialog, key_label);
  gtk_widget_class_bind_template_child (widget_class, IsplicKeyDialog, copy_button);
  gtk_widget_class_bind_template_child (widget_class, IsplicKeyDialog, copied_label);
  gtk_widget_class_bind_template_callback (widget_class, regenerate_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, copy_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
isplic_key_dialog_init (IsplicKeyDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * isplic_key_dialog_new:
 * @client: the signed-in client
 * @license: the license whose key is replaced
 *
 * Returns: (transfer none) the dialog, a toplevel owned by GTK
 */
GtkWidget *
isplic_key_dialog_new (IsplicClient  *client,
                       IsplicLicense *license)
{
  IsplicKeyDialog *self;
  g_autofree char *title = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (ISPLIC_IS_CLIENT (client), NULL);
  g_return_val_if_fail (ISPLIC_IS_LICENSE (license), NULL);

  self = g_object_new (ISPLIC_TYPE_KEY_DIALOG, NULL);
  self->client = g_object_ref (client);
  self->license = g_object_ref (license);

  name = isplic_dialog_license_in_text (license);
  title = g_strdup_printf (_("Regenerate the Key of %s?"), name);
  adw_status_page_set_title (self->confirm_page, title);

  return GTK_WIDGET (self);
}
