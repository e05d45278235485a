/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "isplic-core.h"
#include "isplic-sign-in-page.h"

enum {
  SERVER_EU,
  SERVER_RU,
  SERVER_CUSTOM,
};

struct _IsplicSignInPage
{
  AdwBin parent_instance;

  gboolean busy;

  AdwComboRow *server_row;
  AdwEntryRow *custom_url_row;
  AdwEntryRow *user_row;
  AdwEntryRow *password_row;
  GtkSwitch *remember_switch;
  GtkLabel *error_label;
  GtkSpinner *spinner;
  GtkButton *sign_in_button;
  GtkLabel *sign_in_label;
  GtkButton *demo_button;
};

G_DEFINE_FINAL_TYPE (IsplicSignInPage, isplic_sign_in_page, ADW_TYPE_BIN)

enum {
  SIGNAL_SIGN_IN,
  SIGNAL_DEMO,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
form_complete (IsplicSignInPage *self)
{
  g_autofree char *url = isplic_sign_in_page_dup_server_url (self);
  const char *user = gtk_editable_get_text (GTK_EDITABLE (self->user_row));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  return url[0] != '\0' && user[0] != '\0' && password[0] != '\0';
}

static void
update_sensitivity (IsplicSignInPage *self)
{
  gboolean idle = !self->busy;

  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in_button), idle && form_complete (self));
  gtk_widget_set_sensitive (GTK_WIDGET (self->demo_button), idle);
  gtk_widget_set_sensitive (GTK_WIDGET (self->server_row), idle);
  /* Read-only rather than insensitive: GTK 4.8 leaves a focused text's cursor blinking
   * when it turns insensitive, and the fields keep their focus for the next try. */
  gtk_editable_set_editable (GTK_EDITABLE (self->custom_url_row), idle);
  gtk_editable_set_editable (GTK_EDITABLE (self->user_row), idle);
  gtk_editable_set_editable (GTK_EDITABLE (self->password_row), idle);
  gtk_widget_set_sensitive (GTK_WIDGET (self->remember_switch), idle);
}

static void
server_selected_cb (IsplicSignInPage *self)
{
  gboolean custom = adw_combo_row_get_selected (self->server_row) == SERVER_CUSTOM;

  gtk_widget_set_visible (GTK_WIDGET (self->custom_url_row), custom);
  if (custom)
    gtk_widget_grab_focus (GTK_WIDGET (self->custom_url_row));
  update_sensitivity (self);
}

static void
fields_changed_cb (IsplicSignInPage *self)
{
  update_sensitivity (self);
}

static void
entry_activated_cb (IsplicSignInPage *self)
{
  if (!isplic_sign_in_page_submit (self))
    isplic_sign_in_page_focus (self);
}

static void
sign_in_clicked_cb (IsplicSignInPage *self)
{
  isplic_sign_in_page_submit (self);
}

static void
demo_clicked_cb (IsplicSignInPage *self)
{
  if (!self->busy)
    g_signal_emit (self, signals[SIGNAL_DEMO], 0);
}

static void
isplic_sign_in_page_map (GtkWidget *widget)
{
  IsplicSignInPage *self = ISPLIC_SIGN_IN_PAGE (widget);
  GtkRoot *root;

  GTK_WIDGET_CLASS (isplic_sign_in_page_parent_class)->map (widget);

  /* Enter in any field signs in; the button is also the window's default while shown. */
  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_default_widget (GTK_WINDOW (root), GTK_WIDGET (self->sign_in_button));
  isplic_sign_in_page_focus (self);
}

static void
isplic_sign_in_page_unmap (GtkWidget *widget)
{
  IsplicSignInPage *self = ISPLIC_SIGN_IN_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (GTK_IS_WINDOW (root)
      && gtk_window_get_default_widget (GTK_WINDOW (root)) == GTK_WIDGET (self->sign_in_button))
    gtk_window_set_default_widget (GTK_WINDOW (root), NULL);

  GTK_WIDGET_CLASS (isplic_sign_in_page_parent_class)->unmap (widget);
}

static void
isplic_sign_in_page_class_init (IsplicSignInPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->map = isplic_sign_in_page_map;
  widget_class->unmap = isplic_sign_in_page_unmap;

  /**
   * IsplicSignInPage::sign-in:
   * The person asked to sign in with the filled-in server, user and password.
   */
  signals[SIGNAL_SIGN_IN] = g_signal_new ("sign-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * IsplicSignInPage::demo:
   * The person asked for the demo.
   */
  signals[SIGNAL_DEMO] = g_signal_new ("demo", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/example/IspLic/isplic-sign-in-page.ui");
  gtk_widget_class_bind_template_child (widget_class, IsplicSignInPage, server_row);
  gtk_widget_class_bind_template_child (widget_class, IsplicSignInPage, custom_url_row);
  gtk_widget_class_bind_template_child (widget_class, IsplicSignInPage, user_row);
  gtk_widget_class_bind_template_child (widget_class, IsplicSignInPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, IsplicSignInPage, remember_switch);
  gtk_widget_class_bind_template_child (widget_class, IsplicSignInPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, IsplicSignInPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, IsplicSignInPage, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, IsplicSignInPage, sign_in_label);
  gtk_widget_class_bind_template_child (widget_class, IsplicSignInPage, demo_button);
  gtk_widget_class_bind_template_callback (widget_class, server_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, fields_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, sign_in_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, demo_clicked_cb);
}

static GtkWidget *
find_button (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget) && gtk_widget_get_visible (widget)
      && g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (widget)), "view-reveal-symbolic") == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
isplic_sign_in_page_init (IsplicSignInPage *self)
{
  GtkWidget *peek;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* AdwPasswordEntryRow's show-password toggle has no accessible name of its own in 1.2. */
  peek = find_button (GTK_WIDGET (self->password_row));
  if (peek != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (peek), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    _("Show password"), -1);

  /* A screen reader reads the refusal together with the fields it is about. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->password_row),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->error_label, NULL,
                                  -1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->user_row),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->error_label, NULL,
                                  -1);
  update_sensitivity (self);
}

char *
isplic_sign_in_page_dup_server_url (IsplicSignInPage *self)
{
  g_return_val_if_fail (ISPLIC_IS_SIGN_IN_PAGE (self), NULL);

  switch (adw_combo_row_get_selected (self->server_row))
    {
    case SERVER_EU:
      return g_strdup (ISPLIC_SERVER_EU);
    case SERVER_RU:
      return g_strdup (ISPLIC_SERVER_RU);
    default:
      return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->custom_url_row))));
    }
}

void
isplic_sign_in_page_set_server_url (IsplicSignInPage *self,
                                    const char       *url)
{
  g_return_if_fail (ISPLIC_IS_SIGN_IN_PAGE (self));

  if (url == NULL || url[0] == '\0' || g_strcmp0 (url, ISPLIC_SERVER_EU) == 0)
    adw_combo_row_set_selected (self->server_row, SERVER_EU);
  else if (g_strcmp0 (url, ISPLIC_SERVER_RU) == 0)
    adw_combo_row_set_selected (self->server_row, SERVER_RU);
  else
    {
      gtk_editable_set_text (GTK_EDITABLE (self->custom_url_row), url);
      adw_combo_row_set_selected (self->server_row, SERVER_CUSTOM);
    }
  update_sensitivity (self);
}

const char *
isplic_sign_in_page_get_user (IsplicSignInPage *self)
{
  g_return_val_if_fail (ISPLIC_IS_SIGN_IN_PAGE (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->user_row));
}

void
isplic_sign_in_page_set_user (IsplicSignInPage *self,
                              const char       *user)
{
  g_return_if_fail (ISPLIC_IS_SIGN_IN_PAGE (self));
  gtk_editable_set_text (GTK_EDITABLE (self->user_row), user ? user : "");
}

const char *
isplic_sign_in_page_get_password (IsplicSignInPage *self)
{
  g_return_val_if_fail (ISPLIC_IS_SIGN_IN_PAGE (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->password_row));
}

void
isplic_sign_in_page_set_password (IsplicSignInPage *self,
                                  const char       *password)
{
  g_return_if_fail (ISPLIC_IS_SIGN_IN_PAGE (self));
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), password ? password : "");
}

gboolean
isplic_sign_in_page_get_remember (IsplicSignInPage *self)
{
  g_return_val_if_fail (ISPLIC_IS_SIGN_IN_PAGE (self), FALSE);
  return gtk_switch_get_active (self->remember_switch);
}

void
isplic_sign_in_page_set_remember (IsplicSignInPage *self,
                                  gboolean          remember)
{
  g_return_if_fail (ISPLIC_IS_SIGN_IN_PAGE (self));
  gtk_switch_set_active (self->remember_switch, remember);
}

void
isplic_sign_in_page_set_busy (IsplicSignInPage *self,
                              gboolean          busy)
{
  g_return_if_fail (ISPLIC_IS_SIGN_IN_PAGE (self));

  self->busy = !!busy;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->busy);
  gtk_spinner_set_spinning (self->spinner, self->busy);
  gtk_label_set_text_with_mnemonic (self->sign_in_label,
                                    self->busy ? _("Signing In…") : _("_Sign In"));
  update_sensitivity (self);
}

gboolean
isplic_sign_in_page_get_busy (IsplicSignInPage *self)
{
  g_return_val_if_fail (ISPLIC_IS_SIGN_IN_PAGE (self), FALSE);
  return self->busy;
}

void
isplic_sign_in_page_set_error (IsplicSignInPage *self,
                               const char       *message)
{
  g_return_if_fail (ISPLIC_IS_SIGN_IN_PAGE (self));

  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL && message[0] != '\0');
}

const char *
isplic_sign_in_page_get_error (IsplicSignInPage *self)
{
  g_return_val_if_fail (ISPLIC_IS_SIGN_IN_PAGE (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return NULL;
  return gtk_label_get_text (self->error_label);
}

gboolean
isplic_sign_in_page_submit (IsplicSignInPage *self)
{
  g_return_val_if_fail (ISPLIC_IS_SIGN_IN_PAGE (self), FALSE);

  if (self->busy || !form_complete (self))
    return FALSE;
  g_signal_emit (self, signals[SIGNAL_SIGN_IN], 0);
  return TRUE;
}

void
isplic_sign_in_page_focus (IsplicSignInPage *self)
{
  g_autofree char *url = NULL;

  g_return_if_fail (ISPLIC_IS_SIGN_IN_PAGE (self));

  url = isplic_sign_in_page_dup_server_url (self);
  if (url[0] == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->custom_url_row));
  else if (gtk_editable_get_text (GTK_EDITABLE (self->user_row))[0] == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->user_row));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

GtkWidget *
isplic_sign_in_page_get_sign_in_button (IsplicSignInPage *self)
{
  g_return_val_if_fail (ISPLIC_IS_SIGN_IN_PAGE (self), NULL);
  return GTK_WIDGET (self->sign_in_button);
}
