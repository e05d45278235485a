/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "isplic-dialogs.h"
#include "isplic-dialog-util-private.h"

#define RESPONSE_CANCEL "cancel"
#define RESPONSE_CONFIRM "confirm"

/*
 * AdwMessageDialog 1.2 closes itself on every response: a button click first calls
 * gtk_window_close() and only then emits "response". This dialog must stay open on "confirm"
 * to show its busy state, so close_request refuses every close it has not allowed itself and
 * decides in the response handler; a close that no response follows (Escape, the window
 * manager) is turned into the "cancel" response from an idle.
 */
struct _IsplicGroupDialog
{
  AdwMessageDialog parent_instance;

  GtkWidget *busy_box;
  GtkWidget *spinner;
  GtkLabel *status_label;
  GtkLabel *error_label;

  IsplicClient *client;       /* owned */
  IsplicGroupAction action;
  GPtrArray *licenses;        /* owned, of IsplicLicense */
  GCancellable *cancellable;  /* owned, nullable: the request in flight */

  guint close_idle;
  gboolean allow_close;
  gboolean busy;
  gboolean disposed;
};

G_DEFINE_FINAL_TYPE (IsplicGroupDialog, isplic_group_dialog, ADW_TYPE_MESSAGE_DIALOG)

static guint succeeded_signal;

static void
set_busy (IsplicGroupDialog *self,
          gboolean           busy)
{
  const char *status = NULL;

  self->busy = busy;
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), RESPONSE_CONFIRM, !busy);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), RESPONSE_CANCEL, !busy);
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), busy);
  gtk_widget_set_visible (self->busy_box, busy);

  switch (self->action)
    {
    case ISPLIC_GROUP_ACTION_SUSPEND:
      status = _("Suspending…");
      break;
    case ISPLIC_GROUP_ACTION_RESUME:
      status = _("Resuming…");
      break;
    case ISPLIC_GROUP_ACTION_DELETE:
      status = _("Deleting…");
      break;
    default:
      g_assert_not_reached ();
    }
  gtk_label_set_text (self->status_label, status);
}

static void
close_for_real (IsplicGroupDialog *self)
{
  self->allow_close = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

static char *
success_message (IsplicGroupDialog *self)
{
  guint n = self->licenses->len;
  g_autofree char *name = isplic_dialog_license_in_text (g_ptr_array_index (self->licenses, 0));
  g_autofree char *count = isplic_count_format (n);

  switch (self->action)
    {
    case ISPLIC_GROUP_ACTION_SUSPEND:
      return n == 1 ? g_strdup_printf (_("%s suspended"), name)
                    : g_strdup_printf (ngettext ("%s license suspended",
                                                 "%s licenses suspended", n), count);
    case ISPLIC_GROUP_ACTION_RESUME:
      return n == 1 ? g_strdup_printf (_("%s resumed"), name)
                    : g_strdup_printf (ngettext ("%s license resumed",
                                                 "%s licenses resumed", n), count);
    case ISPLIC_GROUP_ACTION_DELETE:
      return n == 1 ? g_strdup_printf (_("%s deleted"), name)
                    : g_strdup_printf (ngettext ("%s license deleted",
                                                 "%s licenses deleted", n), count);
    default:
      g_assert_not_reached ();
    }
}

/* The client's calls for each action, by IsplicGroupAction. */
static const struct
{
  void     (*start)  (IsplicClient        *client,
                      const char * const  *ids,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data);
  gboolean (*finish) (IsplicClient        *client,
                      GAsyncResult        *result,
                      GError             **error);
} group_calls[] = {
  [ISPLIC_GROUP_ACTION_SUSPEND] = { isplic_client_suspend_async, isplic_client_suspend_finish },
  [ISPLIC_GROUP_ACTION_RESUME] = { isplic_client_resume_async, isplic_client_resume_finish },
  [ISPLIC_GROUP_ACTION_DELETE] = { isplic_client_delete_async, isplic_client_delete_finish },
};

static void
action_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(IsplicGroupDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ids = NULL;
  g_autofree char *message = NULL;
  gboolean ok;

  ok = group_calls[self->action].finish (ISPLIC_CLIENT (source), result, &error);

  if (self->disposed || isplic_dialog_error_is_cancelled (error))
    return;
  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);

  if (!ok)
    {
      isplic_dialog_set_message (self->error_label, error->message);
      adw_message_dialog_set_response_label (ADW_MESSAGE_DIALOG (self), RESPONSE_CONFIRM,
                                             _("_Try Again"));
      return;
    }

  ids = isplic_dialog_license_ids (self->licenses);
  message = success_message (self);
  g_signal_emit (self, succeeded_signal, 0, message, ids);
  if (!self->disposed)
    close_for_real (self);
}

static void
start_action (IsplicGroupDialog *self)
{
  g_auto(GStrv) ids = isplic_dialog_license_ids (self->licenses);

  isplic_dialog_set_message (self->error_label, NULL);
  set_busy (self, TRUE);
  self->cancellable = g_cancellable_new ();

  group_calls[self->action].start (self->client, (const char * const *) ids, self->cancellable,
                                   action_cb, g_object_ref (self));
}

static void
isplic_group_dialog_response (AdwMessageDialog *dialog,
                              const char       *response)
{
  IsplicGroupDialog *self = ISPLIC_GROUP_DIALOG (dialog);

  g_clear_handle_id (&self->close_idle, g_source_remove);

  /* A second confirm while the request runs is ignored, as is anything after closing. */
  if (self->busy || self->allow_close || self->disposed)
    return;

  if (g_strcmp0 (response, RESPONSE_CONFIRM) == 0 && self->client != NULL)
    start_action (self);
  else
    close_for_real (self);
}

static gboolean
close_idle_cb (gpointer user_data)
{
  IsplicGroupDialog *self = user_data;

  self->close_idle = 0;
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (self), RESPONSE_CANCEL);

  return G_SOURCE_REMOVE;
}

static gboolean
isplic_group_dialog_close_request (GtkWindow *window)
{
  IsplicGroupDialog *self = ISPLIC_GROUP_DIALOG (window);

  if (self->allow_close)
    return GTK_WINDOW_CLASS (isplic_group_dialog_parent_class)->close_request (window);

  /* Busy: the responses are disabled and the dialog stays until the answer. Otherwise wait
   * for the response that may follow this close (see the comment at the top). */
  if (!self->busy && self->close_idle == 0)
    self->close_idle = g_idle_add (close_idle_cb, self);

  return TRUE;
}

/* gtk_window_destroy() unrealizes the window but does not dispose it while a request still
 * holds a reference: cancel the non-money requests here, so that closing really abandons them. */
static void
isplic_group_dialog_unrealize (GtkWidget *widget)
{
  IsplicGroupDialog *self = ISPLIC_GROUP_DIALOG (widget);

  g_cancellable_cancel (self->cancellable);

  GTK_WIDGET_CLASS (isplic_group_dialog_parent_class)->unrealize (widget);
}

static void
isplic_group_dialog_dispose (GObject *object)
{
  IsplicGroupDialog *self = ISPLIC_GROUP_DIALOG (object);

  self->disposed = TRUE;
  g_clear_handle_id (&self->close_idle, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), ISPLIC_TYPE_GROUP_DIALOG);

  G_OBJECT_CLASS (isplic_group_dialog_parent_class)->dispose (object);
}

static void
isplic_group_dialog_finalize (GObject *object)
{
  IsplicGroupDialog *self = ISPLIC_GROUP_DIALOG (object);

  g_clear_pointer (&self->licenses, g_ptr_array_unref);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (isplic_group_dialog_parent_class)->finalize (object);
}

static void
isplic_group_dialog_class_init (IsplicGroupDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  object_class->dispose = isplic_group_dialog_dispose;
  object_class->finalize = isplic_group_dialog_finalize;
  widget_class->unrealize = isplic_group_dialog_unrealize;
  window_class->close_request = isplic_group_dialog_close_request;
  dialog_class->response = isplic_group_dialog_response;

  succeeded_signal = isplic_dialog_add_succeeded_signal (G_TYPE_FROM_CLASS (klass));

  isplic_dialog_class_set_template (widget_class, "isplic-group-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, IsplicGroupDialog, busy_box);
  gtk_widget_class_bind_template_child (widget_class, IsplicGroupDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, IsplicGroupDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, IsplicGroupDialog, error_label);
}

static void
isplic_group_dialog_init (IsplicGroupDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static void
setup_texts (IsplicGroupDialog *self)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (self);
  guint n = self->licenses->len;
  g_autofree char *name = isplic_dialog_license_in_text (g_ptr_array_index (self->licenses, 0));
  g_autofree char *names = isplic_dialog_format_names (self->licenses, 5);
  g_autofree char *count = isplic_count_format (n);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  const char *confirm = NULL;
  AdwResponseAppearance appearance = ADW_RESPONSE_DESTRUCTIVE;

  switch (self->action)
    {
    case ISPLIC_GROUP_ACTION_SUSPEND:
      heading = n == 1 ? g_strdup_printf (_("Suspend %s?"), name)
                       : g_strdup_printf (ngettext ("Suspend %s License?",
                                                    "Suspend %s Licenses?", n), count);
      body = n == 1
        ? g_strdup (_("The customer's control panel stops working until you resume the license."))
        : g_strdup_printf (_("The customers' control panels stop working until you resume "
                             "the licenses: %s."), names);
      confirm = _("_Suspend");
      break;

    case ISPLIC_GROUP_ACTION_RESUME:
      heading = n == 1 ? g_strdup_printf (_("Resume %s?"), name)
                       : g_strdup_printf (ngettext ("Resume %s License?",
                                                    "Resume %s Licenses?", n), count);
      body = n == 1
        ? g_strdup (_("The customer's control panel works again."))
        : g_strdup_printf (_("The customers' control panels work again: %s."), names);
      confirm = _("_Resume");
      appearance = ADW_RESPONSE_SUGGESTED;
      break;

    case ISPLIC_GROUP_ACTION_DELETE:
      heading = n == 1 ? g_strdup_printf (_("Delete %s?"), name)
                       : g_strdup_printf (ngettext ("Delete %s License?",
                                                    "Delete %s Licenses?", n), count);
      body = g_strdup_printf (ngettext ("%s will be deleted and its key stops working. This "
                                        "cannot be undone.",
                                        "%s will be deleted and their keys stop working. This "
                                        "cannot be undone.", n),
                              names);
      confirm = _("_Delete");
      break;

    default:
      g_assert_not_reached ();
    }

  adw_message_dialog_set_heading (dialog, heading);
  adw_message_dialog_set_body (dialog, body);
  adw_message_dialog_add_responses (dialog,
                                    RESPONSE_CANCEL, _("_Cancel"),
                                    RESPONSE_CONFIRM, confirm,
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, RESPONSE_CONFIRM, appearance);
  /* Enter must not suspend or delete by accident; resuming is harmless. */
  adw_message_dialog_set_default_response (dialog,
                                           appearance == ADW_RESPONSE_SUGGESTED
                                           ? RESPONSE_CONFIRM : RESPONSE_CANCEL);
  adw_message_dialog_set_close_response (dialog, RESPONSE_CANCEL);
}

/**
 * isplic_group_dialog_new:
 * @client: the signed-in client
 * @action: what to do
 * @licenses: (element-type IsplicLicense): the licenses, at least one; the array is copied
 *
 * Returns: (transfer none) the dialog, a toplevel owned by GTK
 */
GtkWidget *
isplic_group_dialog_new (IsplicClient      *client,
                         IsplicGroupAction  action,
                         GPtrArray         *licenses)
{
  IsplicGroupDialog *self;

  g_return_val_if_fail (ISPLIC_IS_CLIENT (client), NULL);
  g_return_val_if_fail (action <= ISPLIC_GROUP_ACTION_DELETE, NULL);
  g_return_val_if_fail (licenses != NULL && licenses->len > 0, NULL);

  self = g_object_new (ISPLIC_TYPE_GROUP_DIALOG, NULL);
  self->client = g_object_ref (client);
  isplic_dialog_add_account_line (GTK_WINDOW (self), client);
  self->action = action;
  self->licenses = isplic_dialog_copy_licenses (licenses);
  setup_texts (self);

  return GTK_WIDGET (self);
}

void
isplic_group_dialog_add_note (IsplicGroupDialog *self,
                              const char        *note)
{
  AdwMessageDialog *dialog;
  g_autofree char *body = NULL;

  g_return_if_fail (ISPLIC_IS_GROUP_DIALOG (self));

  if (note == NULL || *note == '\0')
    return;
  dialog = ADW_MESSAGE_DIALOG (self);
  body = g_strdup_printf ("%s\n\n%s", adw_message_dialog_get_body (dialog), note);
  adw_message_dialog_set_body (dialog, body);
}
