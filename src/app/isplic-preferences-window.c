/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "isplic-preferences-window.h"

struct _IsplicPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  GSettings *settings; /* owned */

  AdwPreferencesGroup *account_group;
  AdwActionRow *server_row;
  AdwActionRow *user_row;
  GtkSpinButton *warning_spin;
  AdwComboRow *refresh_row;
  GtkSwitch *background_switch;
  GtkSwitch *expiring_switch;
  GtkSwitch *balance_switch;
  GtkSwitch *orders_switch;
  GtkSwitch *suspended_switch;
  GtkWidget *expiring_row;
  GtkWidget *balance_row;
  GtkWidget *orders_row;
  GtkWidget *suspended_row;
};

G_DEFINE_FINAL_TYPE (IsplicPreferencesWindow, isplic_preferences_window,
                     ADW_TYPE_PREFERENCES_WINDOW)

static const guint refresh_choices[] = { 0, 5, 15, 60 };

static gboolean
refresh_get_mapping (GValue   *value,
                     GVariant *variant,
                     gpointer  user_data)
{
  guint minutes = g_variant_get_uint32 (variant);

  for (guint i = 0; i < G_N_ELEMENTS (refresh_choices); i++)
    if (refresh_choices[i] == minutes)
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  g_value_set_uint (value, 0);
  return TRUE;
}

static GVariant *
refresh_set_mapping (const GValue       *value,
                     const GVariantType *expected_type,
                     gpointer            user_data)
{
  guint i = g_value_get_uint (value);

  if (i >= G_N_ELEMENTS (refresh_choices))
    i = 0;
  return g_variant_new_uint32 (refresh_choices[i]);
}

static gboolean
days_get_mapping (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  g_value_set_double (value, g_variant_get_uint32 (variant));
  return TRUE;
}

static GVariant *
days_set_mapping (const GValue       *value,
                  const GVariantType *expected_type,
                  gpointer            user_data)
{
  return g_variant_new_uint32 ((guint32) CLAMP (g_value_get_double (value), 1, 365));
}

static void
isplic_preferences_window_dispose (GObject *object)
{
  IsplicPreferencesWindow *self = ISPLIC_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (isplic_preferences_window_parent_class)->dispose (object);
}

static void
isplic_preferences_window_class_init (IsplicPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = isplic_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/example/IspLic/isplic-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, IsplicPreferencesWindow, account_group);
  gtk_widget_class_bind_template_child (widget_class, IsplicPreferencesWindow, server_row);
  gtk_widget_class_bind_template_child (widget_class, IsplicPreferencesWindow, user_row);
  gtk_widget_class_bind_template_child (widget_class, IsplicPreferencesWindow, warning_spin);
  gtk_widget_class_bind_template_child (widget_class, IsplicPreferencesWindow, refresh_row);
  gtk_widget_class_bind_template_child (widget_class, IsplicPreferencesWindow, background_switch);
  gtk_widget_class_bind_template_child (widget_class, IsplicPreferencesWindow, expiring_switch);
  gtk_widget_class_bind_template_child (widget_class, IsplicPreferencesWindow, balance_switch);
  gtk_widget_class_bind_template_child (widget_class, IsplicPreferencesWindow, orders_switch);
  gtk_widget_class_bind_template_child (widget_class, IsplicPreferencesWindow, suspended_switch);
  gtk_widget_class_bind_template_child (widget_class, IsplicPreferencesWindow, expiring_row);
  gtk_widget_class_bind_template_child (widget_class, IsplicPreferencesWindow, balance_row);
  gtk_widget_class_bind_template_child (widget_class, IsplicPreferencesWindow, orders_row);
  gtk_widget_class_bind_template_child (widget_class, IsplicPreferencesWindow, suspended_row);
}

static void
isplic_preferences_window_init (IsplicPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
isplic_preferences_window_new (GSettings  *settings,
                               const char *server,
                               const char *user,
                               gboolean    demo)
{
  IsplicPreferencesWindow *self;
  g_autofree char *stored_server = NULL;
  g_autofree char *stored_user = NULL;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (ISPLIC_TYPE_PREFERENCES_WINDOW, NULL);
  self->settings = g_object_ref (settings);

  if (server == NULL)
    server = stored_server = g_settings_get_string (settings, "server-url");
  if (user == NULL)
    user = stored_user = g_settings_get_string (settings, "user");

  adw_action_row_set_subtitle (self->server_row, *server ? server : _("Not signed in"));
  adw_action_row_set_subtitle (self->user_row, *user ? user : _("Not signed in"));
  if (demo)
    adw_preferences_group_set_description (self->account_group,
                                           _("This is the built-in demo server. Sign out from "
                                             "the main menu to use your own account."));

  g_settings_bind_with_mapping (settings, "expiry-warning-days",
                                gtk_spin_button_get_adjustment (self->warning_spin), "value",
                                G_SETTINGS_BIND_DEFAULT, days_get_mapping, days_set_mapping,
                                NULL, NULL);
  g_settings_bind_with_mapping (settings, "auto-refresh-minutes", self->refresh_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, refresh_get_mapping, refresh_set_mapping,
                                NULL, NULL);

  /* Running in the background, and which notifications it gives (each only while it runs). */
  g_settings_bind (settings, "run-in-background", self->background_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  {
    const struct { const char *key; GtkSwitch *toggle; GtkWidget *row; } kinds[] = {
      { "notify-expiring", self->expiring_switch, self->expiring_row },
      { "notify-balance", self->balance_switch, self->balance_row },
      { "notify-orders", self->orders_switch, self->orders_row },
      { "notify-suspended", self->suspended_switch, self->suspended_row },
    };

    for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
      {
        g_settings_bind (settings, kinds[i].key, kinds[i].toggle, "active",
                         G_SETTINGS_BIND_DEFAULT);
        g_object_bind_property (self->background_switch, "active", kinds[i].row, "sensitive",
                                G_BINDING_SYNC_CREATE);
      }
  }
  if (demo)
    gtk_widget_set_sensitive (GTK_WIDGET (self->background_switch), FALSE);

  return GTK_WIDGET (self);
}
