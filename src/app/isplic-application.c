/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "isplic-application-private.h"
#include "isplic-search-provider.h"
#include "isplic-window.h"


G_DEFINE_FINAL_TYPE (IsplicApplication, isplic_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Start with the built-in demo server and sample licenses"), NULL },
  { "server", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Billing server address to prefill on the sign-in page"), N_("URL") },
  { "user", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("User name to prefill on the sign-in page"), N_("NAME") },
  { "background", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Check the account in the background, without a window (when allowed in Preferences)"),
    NULL },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and exit"), NULL },
  { NULL }
};

static IsplicWindow *
get_window (IsplicApplication *self,
            gboolean          *created)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  *created = FALSE;
  if (ISPLIC_IS_WINDOW (window))
    return ISPLIC_WINDOW (window);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    if (ISPLIC_IS_WINDOW (l->data))
      return l->data;

  *created = TRUE;
  window = GTK_WINDOW (isplic_window_new (ADW_APPLICATION (self)));
  isplic_application_watch_window (self, ISPLIC_WINDOW (window));
  return ISPLIC_WINDOW (window);
}

static int
isplic_application_handle_local_options (GApplication *app,
                                         GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("isplic %s\n", PACKAGE_VERSION);
      return 0;
    }
  return -1;
}

static int
isplic_application_command_line (GApplication            *app,
                                 GApplicationCommandLine *command_line)
{
  IsplicApplication *self = ISPLIC_APPLICATION (app);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  g_autofree char *server = NULL;
  g_autofree char *user = NULL;
  gboolean demo = g_variant_dict_contains (options, "demo");
  gboolean created;
  IsplicWindow *window;

  g_variant_dict_lookup (options, "server", "s", &server);
  g_variant_dict_lookup (options, "user", "s", &user);

  /* From the autostart entry or the portal: no window; the background mode (on when allowed)
   * keeps the application running. */
  if (g_variant_dict_contains (options, "background"))
    return 0;

  window = get_window (self, &created);
  if (!isplic_window_get_signed_in (window))
    {
      if (demo)
        isplic_window_start_demo (window);
      else if (server != NULL || user != NULL)
        isplic_window_prefill (window, server, user);
      else if (created)
        isplic_window_restore_session (window);
    }

  gtk_window_present (GTK_WINDOW (window));
  return 0;
}

static void
isplic_application_activate (GApplication *app)
{
  gboolean created;
  IsplicWindow *window = get_window (ISPLIC_APPLICATION (app), &created);

  if (created)
    isplic_window_restore_session (window);
  gtk_window_present (GTK_WINDOW (window));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  gboolean created;
  IsplicWindow *window = get_window (user_data, &created);

  isplic_window_show_preferences (window);
}

static void
shortcuts_action (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  if (ISPLIC_IS_WINDOW (window))
    isplic_window_show_shortcuts (ISPLIC_WINDOW (window));
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  const char *developers[] = { "IspLic developers", NULL };

  adw_show_about_window (parent,
                         "application-name", _("IspLic"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "developer-name", "IspLic developers",
                         "developers", developers,
                         "comments", _("Manage the ispmanager 6 licenses you resell"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "copyright", "© 2026 IspLic developers",
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
sign_out_action (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  if (ISPLIC_IS_WINDOW (window))
    isplic_window_sign_out (ISPLIC_WINDOW (window));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  IsplicApplication *self = user_data;
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (user_data)));

  /* Closing (rather than quitting outright) lets each window remember its size. */
  for (GList *l = windows; l; l = l->next)
    gtk_window_close (l->data);
  g_list_free (windows);
  /* Quit means quit, also when running in the background. */
  if (self->background_hold)
    g_application_quit (G_APPLICATION (self));
}

/* From the Shell's search: the window at that license. */
static void
show_license_action (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       user_data)
{
  const char *ids[] = { g_variant_get_string (param, NULL), NULL };
  gboolean created;
  IsplicWindow *window = get_window (user_data, &created);

  if (created)
    isplic_window_restore_session (window);
  gtk_window_present (GTK_WINDOW (window));
  isplic_window_select_ids (window, ids);
}

/* From the Shell's search: the window, searching for the terms. */
static void
search_action (GSimpleAction *action,
               GVariant      *param,
               gpointer       user_data)
{
  gboolean created;
  IsplicWindow *window = get_window (user_data, &created);

  if (created)
    isplic_window_restore_session (window);
  gtk_window_present (GTK_WINDOW (window));
  isplic_window_search (window, g_variant_get_string (param, NULL));
}

static const GActionEntry app_entries[] = {
  { "show-license", show_license_action, "s" },
  { "search", search_action, "s" },
  { "preferences", preferences_action },
  { "shortcuts", shortcuts_action },
  { "about", about_action },
  { "sign-out", sign_out_action },
  { "quit", quit_action },
};

/* GTK 4.8 reads the icon theme in a thread as soon as it is asked for, during the startup just
 * run. The icon paths that GtkApplication and libadwaita add after that (their own resources')
 * throw that reading away, and the first icon shown would read the whole theme again on the main
 * thread: ~10 ms before the first frame (its hicolor part has ~650 folders). GTK reads it in a
 * thread again when the theme's name is announced; every path is in by now. */
static void
reread_icon_theme_in_thread (void)
{
  GtkSettings *settings = gtk_settings_get_default ();

  if (settings != NULL)
    g_object_notify (G_OBJECT (settings), "gtk-icon-theme-name");
}

static void
isplic_application_startup (GApplication *app)
{
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.quit", { "<Primary>q", NULL } },
    { "app.preferences", { "<Primary>comma", NULL } },
    { "app.shortcuts", { "<Primary>question", NULL } },
    { "win.order", { "<Primary>n", NULL } },
    { "win.refresh", { "F5", "<Primary>r", NULL } },
    { "win.search", { "<Primary>f", NULL } },
    { "win.renew", { "<Primary>e", NULL } },
    { "win.export", { "<Primary><Shift>e", NULL } },
    { "win.edit", { "F2", NULL } },
    { "win.change-tariff", { "<Primary>t", NULL } },
    { "win.change-nodes", { "<Primary><Shift>t", NULL } },
    { "win.new-key", { "<Primary><Shift>k", NULL } },
    { "win.suspend", { "<Primary><Shift>p", NULL } },
    { "win.resume", { "<Primary><Shift>r", NULL } },
    { "win.toggle-details", { "F9", NULL } },
    { "win.history", { "<Primary>h", NULL } },
  };
  GAction *sign_out;

  G_APPLICATION_CLASS (isplic_application_parent_class)->startup (app);
  ISPLIC_APPLICATION (app)->settings = g_settings_new (APP_ID);
  reread_icon_theme_in_thread ();

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_entries, G_N_ELEMENTS (app_entries),
                                   app);
  sign_out = g_action_map_lookup_action (G_ACTION_MAP (app), "sign-out");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (sign_out), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action,
                                           accels[i].accels);
  isplic_application_background_start (ISPLIC_APPLICATION (app));
}

static void
isplic_application_shutdown (GApplication *app)
{
  IsplicApplication *self = ISPLIC_APPLICATION (app);

  isplic_application_background_stop (self);
  G_APPLICATION_CLASS (isplic_application_parent_class)->shutdown (app);
  g_clear_object (&self->settings);
}

static gboolean
isplic_application_dbus_register (GApplication     *app,
                                  GDBusConnection  *connection,
                                  const char       *object_path,
                                  GError          **error)
{
  IsplicApplication *self = ISPLIC_APPLICATION (app);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *path = g_strconcat (object_path, "/SearchProvider", NULL);

  if (!G_APPLICATION_CLASS (isplic_application_parent_class)->dbus_register (app, connection,
                                                                             object_path, error))
    return FALSE;
  self->search_provider = isplic_search_provider_new (app, settings);
  return isplic_search_provider_register (self->search_provider, connection, path, error);
}

static void
isplic_application_dbus_unregister (GApplication    *app,
                                    GDBusConnection *connection,
                                    const char      *object_path)
{
  IsplicApplication *self = ISPLIC_APPLICATION (app);

  if (self->search_provider != NULL)
    isplic_search_provider_unregister (self->search_provider);
  g_clear_object (&self->search_provider);
  G_APPLICATION_CLASS (isplic_application_parent_class)->dbus_unregister (app, connection,
                                                                          object_path);
}

static void
isplic_application_class_init (IsplicApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->dbus_register = isplic_application_dbus_register;
  app_class->dbus_unregister = isplic_application_dbus_unregister;
  app_class->handle_local_options = isplic_application_handle_local_options;
  app_class->command_line = isplic_application_command_line;
  app_class->activate = isplic_application_activate;
  app_class->startup = isplic_application_startup;
  app_class->shutdown = isplic_application_shutdown;
}

static void
isplic_application_init (IsplicApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  /* Started by D-Bus for the Shell's search, with no window: stay a little after each call
   * (a search sends several in a row) instead of quitting after the first. */
  g_application_set_inactivity_timeout (G_APPLICATION (self), 20000);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Manage the ispmanager 6 licenses you resell."));
}

IsplicApplication *
isplic_application_new (void)
{
  return g_object_new (ISPLIC_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", "/com/example/IspLic",
                       NULL);
}
