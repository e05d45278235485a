/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "isplic-dialogs.h"
#include "isplic-dialog-util-private.h"
#include "isplic-license-text.h"

#define RESPONSE_CANCEL "cancel"
#define RESPONSE_CONFIRM "confirm"

/*
 * A message dialog like Suspend's and Delete's: a destructive confirmation, then, in the same
 * dialog, the new key with Copy Key and Close. AdwMessageDialog 1.2 closes itself on every
 * response (a click first calls gtk_window_close(), then emits "response"), so close_request
 * refuses every close the dialog has not allowed itself and decides in the response handler;
 * a close no response follows (Escape, the window manager) becomes "cancel" from an idle.
 */
struct _IsplicKeyDialog
{
  AdwMessageDialog parent_instance;

  GtkWidget *busy_box;
  GtkWidget *spinner;
  GtkLabel *error_label;
  GtkLabel *key_label;
  GtkLabel *copied_label;

  IsplicClient *client;       /* owned */
  IsplicLicense *license;     /* owned */
  GCancellable *cancellable;  /* owned, nullable: the request in flight */
  char *key;                  /* owned, nullable: the new key once shown */

  guint close_idle;
  gboolean allow_close;
  gboolean busy;
  gboolean disposed;
};

G_DEFINE_FINAL_TYPE (IsplicKeyDialog, isplic_key_dialog, ADW_TYPE_MESSAGE_DIALOG)

static guint succeeded_signal;

static void
set_busy (IsplicKeyDialog *self,
          gboolean         busy)
{
  self->busy = busy;
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), RESPONSE_CONFIRM, !busy);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), RESPONSE_CANCEL, !busy);
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), busy);
  gtk_widget_set_visible (self->busy_box, busy);
}

static void
close_for_real (IsplicKeyDialog *self)
{
  self->allow_close = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

/* The new key: shown in the dialog, which turns into Close and Copy Key. */
static void
show_key (IsplicKeyDialog *self)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (self);
  g_autofree char *name = isplic_dialog_license_in_text (self->license);
  g_autofree char *heading = g_strdup_printf (_("New Key for %s"), name);
  g_autoptr(PangoAttrList) attrs = isplic_key_wrap_attributes (self->key);

  adw_message_dialog_set_heading (dialog, heading);
  adw_message_dialog_set_body (dialog, _("Install this key on the server. The old key no "
                                         "longer works."));
  gtk_label_set_attributes (self->key_label, attrs);
  gtk_label_set_text (self->key_label, self->key);
  gtk_widget_set_visible (GTK_WIDGET (self->key_label), TRUE);
  adw_message_dialog_set_response_label (dialog, RESPONSE_CANCEL, _("_Close"));
  adw_message_dialog_set_response_label (dialog, RESPONSE_CONFIRM, _("_Copy Key"));
  adw_message_dialog_set_response_appearance (dialog, RESPONSE_CONFIRM,
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, RESPONSE_CONFIRM);
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
  set_busy (self, FALSE);

  if (key == NULL)
    {
      isplic_dialog_set_message (self->error_label, error->message);
      adw_message_dialog_set_response_label (ADW_MESSAGE_DIALOG (self), RESPONSE_CONFIRM,
                                             _("_Try Again"));
      return;
    }

  self->key = g_steal_pointer (&key);
  /* The license is the list's own object: the details pane and its Copy button follow it, so
   * the revoked key is gone from the app at once (a refresh keeps a known key). */
  isplic_license_set_key (self->license, self->key);
  show_key (self);

  /* The dialog stays open: the person still has to copy the key. */
  ids[0] = isplic_license_get_id (self->license);
  name = isplic_dialog_license_in_text (self->license);
  message = g_strdup_printf (_("%s has a new key"), name);
  g_signal_emit (self, succeeded_signal, 0, message, (GStrv) ids);
}

static void
start_regenerate (IsplicKeyDialog *self)
{
  isplic_dialog_set_message (self->error_label, NULL);
  set_busy (self, TRUE);
  self->cancellable = g_cancellable_new ();
  isplic_client_new_key_async (self->client, isplic_license_get_id (self->license),
                               self->cancellable, new_key_cb, g_object_ref (self));
}

static void
copy_key (IsplicKeyDialog *self)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), self->key);
  isplic_dialog_set_message (self->copied_label, _("Copied to the clipboard"));
}

static void
isplic_key_dialog_response (AdwMessageDialog *dialog,
                            const char       *response)
{
  IsplicKeyDialog *self = ISPLIC_KEY_DIALOG (dialog);
  gboolean confirm = g_strcmp0 (response, RESPONSE_CONFIRM) == 0;

  g_clear_handle_id (&self->close_idle, g_source_remove);

  /* A second click while the request runs is ignored, as is anything after closing. */
  if (self->busy || self->allow_close || self->disposed)
    return;

  if (confirm && self->key != NULL)
    copy_key (self);
  else if (confirm && self->client != NULL)
    start_regenerate (self);
  else
    close_for_real (self);
}

static gboolean
close_idle_cb (gpointer user_data)
{
  IsplicKeyDialog *self = user_data;

  self->close_idle = 0;
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (self), RESPONSE_CANCEL);

  return G_SOURCE_REMOVE;
}

static gboolean
isplic_key_dialog_close_request (GtkWindow *window)
{
  IsplicKeyDialog *self = ISPLIC_KEY_DIALOG (window);

  /* Busy, the responses are off (no response follows a close), and Escape abandons the
   * request: not a money operation. */
  if (self->busy)
    self->allow_close = TRUE;
  if (self->allow_close)
    return GTK_WINDOW_CLASS (isplic_key_dialog_parent_class)->close_request (window);

  /* Wait for the response that may follow this close (see the comment at the top). */
  if (self->close_idle == 0)
    self->close_idle = g_idle_add (close_idle_cb, self);

  return TRUE;
}

/* gtk_window_destroy() unrealizes the window but does not dispose it while a request still
 * holds a reference: cancel the request here, so that closing really abandons it. */
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
  g_clear_handle_id (&self->close_idle, g_source_remove);
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
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  object_class->dispose = isplic_key_dialog_dispose;
  object_class->finalize = isplic_key_dialog_finalize;
  widget_class->unrealize = isplic_key_dialog_unrealize;
  window_class->close_request = isplic_key_dialog_close_request;
  dialog_class->response = isplic_key_dialog_response;

  succeeded_signal = isplic_dialog_add_succeeded_signal (G_TYPE_FROM_CLASS (klass));

  isplic_dialog_class_set_template (widget_class, "isplic-key-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, IsplicKeyDialog, busy_box);
  gtk_widget_class_bind_template_child (widget_class, IsplicKeyDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, IsplicKeyDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, IsplicKeyDialog, key_label);
  gtk_widget_class_bind_template_child (widget_class, IsplicKeyDialog, copied_label);
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
  g_autofree char *heading = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (ISPLIC_IS_CLIENT (client), NULL);
  g_return_val_if_fail (ISPLIC_IS_LICENSE (license), NULL);

  self = g_object_new (ISPLIC_TYPE_KEY_DIALOG, NULL);
  self->client = g_object_ref (client);
  self->license = g_object_ref (license);

  name = isplic_dialog_license_in_text (license);
  heading = g_strdup_printf (_("Regenerate the Key of %s?"), name);
  adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), heading);

  return GTK_WIDGET (self);
}
