/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "isplic-dialogs.h"
#include "isplic-dialog-util-private.h"
#include "isplic-ip-check-private.h"
#include "isplic-license-text.h"

struct _IsplicEditDialog
{
  AdwWindow parent_instance;

  AdwWindowTitle *window_title;
  GtkWidget *cancel_button;
  GtkWidget *save_button;
  GtkWidget *spinner;
  GtkWidget *form_group;
  GtkWidget *name_row;
  GtkLabel *name_label;
  GtkWidget *ip_row;
  GtkLabel *ip_label;
  GtkWidget *check_again_button;
  GtkLabel *error_label;

  IsplicClient *client;       /* owned */
  IsplicLicense *license;     /* owned */
  GCancellable *cancellable;  /* owned, nullable: the edit in flight */
  /* A new IP is checked with the server first (soft.checkip), as an order's is. */
  IsplicIpCheck *ip_check;    /* owned */

  char *sent_name;            /* owned, nullable: NULL when unchanged */
  char *sent_ip;              /* owned, nullable: NULL when unchanged */

  gboolean busy;
  gboolean disposed;
};

G_DEFINE_FINAL_TYPE (IsplicEditDialog, isplic_edit_dialog, ADW_TYPE_WINDOW)

static guint succeeded_signal;

/* The tariff and period a new IP is checked for: the license's own. */
static const char *
check_tariff (IsplicEditDialog *self)
{
  const IsplicTariff *tariff = isplic_tariff_lookup (isplic_license_get_tariff_id (self->license));

  return tariff != NULL ? tariff->id : NULL;
}

static int
check_period (IsplicEditDialog *self)
{
  const IsplicTariff *tariff = isplic_tariff_lookup (isplic_license_get_tariff_id (self->license));
  int period = isplic_license_get_period (self->license);

  if (tariff != NULL && tariff->trial)
    return ISPLIC_TRIAL_PERIOD;
  return period == 12 ? 12 : 1;
}

/* Sets @name / @ip to the new values, or NULL for what did not change. Returns whether the
 * form can be saved. */
static gboolean
get_changes (IsplicEditDialog  *self,
             char             **name,
             char             **ip,
             gboolean          *ip_invalid,
             char             **name_problem)
{
  g_autofree char *new_name = isplic_dialog_get_stripped_text (GTK_EDITABLE (self->name_row));
  g_autofree char *new_ip = isplic_dialog_get_stripped_text (GTK_EDITABLE (self->ip_row));
  gboolean name_changed = g_strcmp0 (new_name, isplic_license_get_name (self->license)) != 0;
  gboolean ip_changed = g_strcmp0 (new_ip, isplic_license_get_ip (self->license)) != 0;
  gboolean valid = TRUE;

  /* Only a new name is checked: a server-given one may be odd, and keeping it is allowed. */
  g_autofree char *problem = name_changed ? isplic_name_check (new_name) : NULL;

  *ip_invalid = ip_changed && !isplic_ip_is_valid (new_ip);
  if (*ip_invalid || problem != NULL)
    valid = FALSE;
  /* Nothing is sent for a new IP the server has not accepted for this license's tariff (a
   * license of a tariff this app does not know is left to soft.edit's own check). */
  if (ip_changed && !*ip_invalid && check_tariff (self) != NULL
      && !isplic_ip_check_passed (self->ip_check, new_ip, check_tariff (self),
                                  check_period (self)))
    valid = FALSE;
  if (name_problem != NULL)
    *name_problem = g_steal_pointer (&problem);

  *name = name_changed ? g_steal_pointer (&new_name) : NULL;
  *ip = ip_changed ? g_steal_pointer (&new_ip) : NULL;

  return valid && (name_changed || ip_changed);
}

static void
update_form (IsplicEditDialog *self)
{
  g_autofree char *name = NULL;
  g_autofree char *ip = NULL;
  g_autofree char *name_problem = NULL;
  gboolean ip_invalid;
  gboolean can_save;
  IsplicIpCheckState state;

  if (self->license == NULL)
    return;

  can_save = get_changes (self, &name, &ip, &ip_invalid, &name_problem);
  state = isplic_ip_check_get_state (self->ip_check);

  isplic_dialog_set_error_style (self->ip_row,
                                 ip_invalid || (ip != NULL && state == ISPLIC_IP_CHECK_REFUSED));
  isplic_dialog_set_error_style (self->name_row, name_problem != NULL);
  isplic_dialog_set_message (self->name_label, name_problem);
  gtk_widget_remove_css_class (GTK_WIDGET (self->ip_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->ip_label), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->ip_label), "dim-label");
  if (ip_invalid)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->ip_label), "error");
      isplic_dialog_set_message (self->ip_label,
                                 _("Enter an IPv4 address such as 203.0.113.10, or an IPv6 "
                                   "address"));
    }
  else if (ip != NULL && state == ISPLIC_IP_CHECK_REFUSED)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->ip_label), "error");
      isplic_dialog_set_message (self->ip_label, isplic_ip_check_get_error (self->ip_check));
    }
  else if (ip != NULL && state == ISPLIC_IP_CHECK_FAILED)
    {
      g_autofree char *text =
        g_strdup_printf (_("Could not check the IP address: %s\nSave becomes available once "
                           "a check passes."), isplic_ip_check_get_error (self->ip_check));

      gtk_widget_add_css_class (GTK_WIDGET (self->ip_label), "warning");
      isplic_dialog_set_message (self->ip_label, text);
    }
  else if (ip != NULL && state == ISPLIC_IP_CHECK_PENDING)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->ip_label), "dim-label");
      isplic_dialog_set_message (self->ip_label, _("Checking the IP address…"));
    }
  else if (ip != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->ip_label), "warning");
      isplic_dialog_set_message (self->ip_label,
                                 _("After this change the IP address cannot be changed again "
                                   "for a month."));
    }
  else
    {
      isplic_dialog_set_message (self->ip_label, NULL);
    }
  gtk_widget_set_visible (self->check_again_button,
                          !self->busy && ip != NULL && state == ISPLIC_IP_CHECK_FAILED);
  gtk_widget_set_sensitive (self->save_button, !self->busy && can_save);
  gtk_widget_set_sensitive (self->form_group, !self->busy);
}

/* A changed IP is checked with the server after a pause; an unchanged one is not. */
static void
revalidate_ip (IsplicEditDialog *self)
{
  g_autofree char *ip = isplic_dialog_get_stripped_text (GTK_EDITABLE (self->ip_row));

  if (self->license == NULL)
    return;
  /* Unchanged, or a tariff this app does not know (nothing to check it for): no check. */
  if (g_strcmp0 (ip, isplic_license_get_ip (self->license)) == 0 || check_tariff (self) == NULL)
    g_clear_pointer (&ip, g_free);
  isplic_ip_check_update (self->ip_check, self->client, ip, check_tariff (self),
                          check_period (self), !self->busy);
}

static void
form_changed_cb (IsplicEditDialog *self)
{
  update_form (self);
}

static void
ip_changed_cb (IsplicEditDialog *self)
{
  revalidate_ip (self);
  update_form (self);
}

static void
check_again_clicked_cb (IsplicEditDialog *self)
{
  if (self->busy)
    return;
  revalidate_ip (self);
  update_form (self);
}

static void
set_busy (IsplicEditDialog *self,
          gboolean          busy)
{
  self->busy = busy;
  isplic_dialog_show_progress (self->spinner, NULL, busy, NULL);
  update_form (self);
}

static void
edit_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(IsplicEditDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  const char *ids[2] = { NULL, NULL };
  g_autofree char *message = NULL;
  g_autofree char *name = NULL;

  if (!isplic_client_edit_finish (ISPLIC_CLIENT (source), result, &error))
    {
      if (self->disposed || isplic_dialog_error_is_cancelled (error))
        return;
      g_clear_object (&self->cancellable);
      set_busy (self, FALSE);
      isplic_dialog_set_message (self->error_label, error->message);
      return;
    }

  if (self->disposed)
    return;
  g_clear_object (&self->cancellable);

  ids[0] = isplic_license_get_id (self->license);
  name = self->sent_name != NULL ? isplic_bidi_isolate (self->sent_name)
                                 : isplic_dialog_license_in_text (self->license);
  if (self->sent_ip != NULL)
    message = g_strdup_printf (_("%s now uses %s"), name, self->sent_ip);
  else
    message = g_strdup_printf (_("License renamed to %s"), name);

  set_busy (self, FALSE);
  isplic_dialog_succeed (GTK_WINDOW (self), succeeded_signal, message, ids, &self->disposed);
}

static void
save_clicked_cb (IsplicEditDialog *self)
{
  gboolean ip_invalid;

  if (self->busy || self->client == NULL)
    return;

  g_clear_pointer (&self->sent_name, g_free);
  g_clear_pointer (&self->sent_ip, g_free);
  if (!get_changes (self, &self->sent_name, &self->sent_ip, &ip_invalid, NULL))
    return;

  isplic_dialog_set_message (self->error_label, NULL);
  set_busy (self, TRUE);
  self->cancellable = g_cancellable_new ();
  isplic_client_edit_async (self->client, isplic_license_get_id (self->license),
                            self->sent_name, self->sent_ip, self->cancellable, edit_cb,
                            g_object_ref (self));
}

/* gtk_window_destroy() unrealizes the window but does not dispose it while a request still
 * holds a reference: cancel the non-money requests here, so that closing really abandons them. */
static void
isplic_edit_dialog_unrealize (GtkWidget *widget)
{
  IsplicEditDialog *self = ISPLIC_EDIT_DIALOG (widget);

  g_cancellable_cancel (self->cancellable);
  isplic_ip_check_cancel (self->ip_check);

  GTK_WIDGET_CLASS (isplic_edit_dialog_parent_class)->unrealize (widget);
}

static void
isplic_edit_dialog_dispose (GObject *object)
{
  IsplicEditDialog *self = ISPLIC_EDIT_DIALOG (object);

  /* Not a money operation: closing the dialog abandons it. */
  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->ip_check != NULL)
    isplic_ip_check_cancel (self->ip_check);
  g_clear_object (&self->ip_check);
  gtk_widget_dispose_template (GTK_WIDGET (self), ISPLIC_TYPE_EDIT_DIALOG);

  G_OBJECT_CLASS (isplic_edit_dialog_parent_class)->dispose (object);
}

static void
isplic_edit_dialog_finalize (GObject *object)
{
  IsplicEditDialog *self = ISPLIC_EDIT_DIALOG (object);

  g_clear_pointer (&self->sent_name, g_free);
  g_clear_pointer (&self->sent_ip, g_free);
  g_clear_object (&self->license);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (isplic_edit_dialog_parent_class)->finalize (object);
}

static void
isplic_edit_dialog_class_init (IsplicEditDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = isplic_edit_dialog_dispose;
  object_class->finalize = isplic_edit_dialog_finalize;
  widget_class->unrealize = isplic_edit_dialog_unrealize;

  succeeded_signal = isplic_dialog_add_succeeded_signal (G_TYPE_FROM_CLASS (klass));

  isplic_dialog_class_set_template (widget_class, "isplic-edit-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, IsplicEditDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, IsplicEditDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, IsplicEditDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, IsplicEditDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, IsplicEditDialog, form_group);
  gtk_widget_class_bind_template_child (widget_class, IsplicEditDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, IsplicEditDialog, name_label);
  gtk_widget_class_bind_template_child (widget_class, IsplicEditDialog, ip_row);
  gtk_widget_class_bind_template_child (widget_class, IsplicEditDialog, ip_label);
  gtk_widget_class_bind_template_child (widget_class, IsplicEditDialog, check_again_button);
  gtk_widget_class_bind_template_child (widget_class, IsplicEditDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, ip_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, check_again_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
isplic_edit_dialog_init (IsplicEditDialog *self)
{
  self->ip_check = isplic_ip_check_new ();
  g_signal_connect_object (self->ip_check, "changed", G_CALLBACK (update_form), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * isplic_edit_dialog_new:
 * @client: the signed-in client
 * @license: the license to edit
 *
 * Returns: (transfer none) the dialog, a toplevel owned by GTK
 */
GtkWidget *
isplic_edit_dialog_new (IsplicClient  *client,
                        IsplicLicense *license)
{
  IsplicEditDialog *self;
  g_autofree char *title = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (ISPLIC_IS_CLIENT (client), NULL);
  g_return_val_if_fail (ISPLIC_IS_LICENSE (license), NULL);

  self = g_object_new (ISPLIC_TYPE_EDIT_DIALOG, NULL);
  self->client = g_object_ref (client);
  self->license = g_object_ref (license);

  name = isplic_dialog_license_in_text (license);
  title = g_strdup_printf (_("Edit %s"), name);
  isplic_dialog_set_titles (GTK_WINDOW (self), self->window_title, _("Edit License"),
                            isplic_dialog_license_label (license), title);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row),
                         isplic_license_get_name (license) != NULL
                         ? isplic_license_get_name (license) : "");
  gtk_editable_set_text (GTK_EDITABLE (self->ip_row),
                         isplic_license_get_ip (license) != NULL
                         ? isplic_license_get_ip (license) : "");
  update_form (self);
  isplic_dialog_set_initial_focus (GTK_WINDOW (self), GTK_WIDGET (self->name_row));

  return GTK_WIDGET (self);
}
