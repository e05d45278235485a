/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * GNOME Shell's search, over a private D-Bus: the built app is started as a D-Bus service (as the
 * Shell would start it) and asked for licenses by name, IP and id; it answers from the account's
 * cached list, with no network and no password. A damaged cache, or another account's, finds
 * nothing. Choosing a result opens the window.
 */
#include "config.h"

#include <stdlib.h>

#include <gio/gio.h>

#include "isplic-core.h"

#define SERVER "https://billing.example.com/billmgr"
#define USER "reseller"
#define BUS_NAME "com.example.IspLic"
#define PATH "/com/example/IspLic/SearchProvider"
#define IFACE "org.gnome.Shell.SearchProvider2"

static GDBusConnection *bus;

static void
save_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (isplic_license_cache_save_finish (result, &error));
  *(gboolean *) user_data = TRUE;
}

static void
write_cache (const char *user)
{
  g_autoptr(GListStore) store = g_list_store_new (ISPLIC_TYPE_LICENSE);
  g_autofree char *path = isplic_license_cache_path (SERVER, user);
  const struct { const char *id, *name, *ip; } rows[] = {
    { "5001", "Web-01", "198.51.100.7" },
    { "5002", "web-02", "198.51.100.8" },
    { "5003", "Почта", "203.0.113.5" },
  };
  gboolean done = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(IsplicLicense) license = isplic_license_new (rows[i].id);

      isplic_license_set_name (license, rows[i].name);
      isplic_license_set_ip (license, rows[i].ip);
      isplic_license_set_tariff_name (license, "ispmanager 6 Lite");
      isplic_license_set_status (license, ISPLIC_LICENSE_STATUS_ACTIVE);
      isplic_license_set_key (license, "SECRET-KEY");
      g_list_store_append (store, license);
    }
  isplic_license_cache_save_async (path, SERVER, user, G_LIST_MODEL (store), NULL, save_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static GStrv
search (const char *const *terms)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_sync (
    bus, BUS_NAME, PATH, IFACE, "GetInitialResultSet", g_variant_new ("(^as)", terms),
    G_VARIANT_TYPE ("(as)"), G_DBUS_CALL_FLAGS_NONE, 20000, NULL, &error);
  GStrv results;

  g_assert_no_error (error);
  g_variant_get (reply, "(^as)", &results);
  return results;
}

static void
test_search (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) metas = NULL;
  g_auto(GStrv) by_name = NULL;
  g_auto(GStrv) by_ip = NULL;
  g_auto(GStrv) by_id = NULL;
  g_auto(GStrv) two_terms = NULL;
  g_auto(GStrv) none = NULL;
  g_auto(GStrv) cyrillic = NULL;
  const char *name = NULL, *description = NULL;

  by_name = search ((const char *[]) { "WEB", NULL });
  g_assert_cmpuint (g_strv_length (by_name), ==, 2);
  g_assert_cmpstr (by_name[0], ==, "5001");
  by_ip = search ((const char *[]) { "203.0.113", NULL });
  g_assert_cmpuint (g_strv_length (by_ip), ==, 1);
  g_assert_cmpstr (by_ip[0], ==, "5003");
  by_id = search ((const char *[]) { "5002", NULL });
  g_assert_cmpstr (by_id[0], ==, "5002");
  /* Every term must match. */
  two_terms = search ((const char *[]) { "web", "100.8", NULL });
  g_assert_cmpuint (g_strv_length (two_terms), ==, 1);
  g_assert_cmpstr (two_terms[0], ==, "5002");
  none = search ((const char *[]) { "nothing", NULL });
  g_assert_cmpuint (g_strv_length (none), ==, 0);
  cyrillic = search ((const char *[]) { "ПОЧТА", NULL });
  g_assert_cmpuint (g_strv_length (cyrillic), ==, 1);

  /* Narrowing a previous result. */
  reply = g_dbus_connection_call_sync (bus, BUS_NAME, PATH, IFACE, "GetSubsearchResultSet",
                                       g_variant_new ("(^as^as)", by_name,
                                                      (const char *[]) { "web-02", NULL }),
                                       G_VARIANT_TYPE ("(as)"), G_DBUS_CALL_FLAGS_NONE, 20000,
                                       NULL, &error);
  g_assert_no_error (error);
  {
    g_auto(GStrv) narrowed = NULL;

    g_variant_get (reply, "(^as)", &narrowed);
    g_assert_cmpuint (g_strv_length (narrowed), ==, 1);
    g_assert_cmpstr (narrowed[0], ==, "5002");
  }
  g_clear_pointer (&reply, g_variant_unref);

  /* What the Shell shows: the name, and the IP, tariff and status; unknown ids are skipped. */
  reply = g_dbus_connection_call_sync (bus, BUS_NAME, PATH, IFACE, "GetResultMetas",
                                       g_variant_new ("(^as)", (const char *[]) { "5001", "999",
                                                                                  NULL }),
                                       G_VARIANT_TYPE ("(aa{sv})"), G_DBUS_CALL_FLAGS_NONE,
                                       20000, NULL, &error);
  g_assert_no_error (error);
  metas = g_variant_get_child_value (reply, 0);
  g_assert_cmpuint (g_variant_n_children (metas), ==, 1);
  {
    g_autoptr(GVariant) meta = g_variant_get_child_value (metas, 0);
    GVariantDict dict;

    g_variant_dict_init (&dict, meta);
    g_assert_true (g_variant_dict_lookup (&dict, "name", "&s", &name));
    g_assert_true (g_variant_dict_lookup (&dict, "description", "&s", &description));
    g_assert_cmpstr (name, ==, "Web-01");
    g_assert_nonnull (strstr (description, "198.51.100.7"));
    g_assert_nonnull (strstr (description, "Lite"));
    g_assert_null (strstr (description, "SECRET"));
    g_variant_dict_clear (&dict);
  }
  g_clear_pointer (&reply, g_variant_unref);

  /* Choosing a result starts the app's window at it; the call itself returns at once. */
  reply = g_dbus_connection_call_sync (bus, BUS_NAME, PATH, IFACE, "ActivateResult",
                                       g_variant_new ("(s^asu)", "5001",
                                                      (const char *[]) { "web", NULL }, 0),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, 20000, NULL, &error);
  g_assert_no_error (error);
}

/* Another account's file, or a damaged one, finds nothing. */
static void
test_refused_cache (void)
{
  g_autofree char *path = isplic_license_cache_path (SERVER, USER);
  g_autofree char *contents = NULL;
  gsize length;
  g_auto(GStrv) found = NULL;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  contents[length - 1] ^= 1;
  g_assert_true (g_file_set_contents (path, contents, (gssize) length, NULL));
  found = search ((const char *[]) { "web", NULL });
  g_assert_cmpuint (g_strv_length (found), ==, 0);

  /* Written again (as the app does after a refresh): found again. */
  write_cache (USER);
  g_strfreev (found);
  found = search ((const char *[]) { "web", NULL });
  g_assert_cmpuint (g_strv_length (found), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GTestDBus) dbus = NULL;
  g_autoptr(GSubprocess) app = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GError) error = NULL;
  const char *binary = g_getenv ("ISPLIC_APP");
  g_autofree char *home = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  g_assert_nonnull (binary);

  /* Private folders for this run, shared with the app (set before GLib reads them). */
  home = g_dir_make_tmp ("isplic-search-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_CONFIG_HOME", home, TRUE);
  g_setenv ("XDG_CACHE_HOME", home, TRUE);
  g_setenv ("XDG_DATA_HOME", home, TRUE);

  /* The account lives in GSettings, in a keyfile both processes read. */
  g_setenv ("GSETTINGS_BACKEND", "keyfile", TRUE);
  settings = g_settings_new ("com.example.IspLic");
  g_settings_set_string (settings, "server-url", SERVER);
  g_settings_set_string (settings, "user", USER);
  g_settings_sync ();
  write_cache (USER);
  write_cache ("someone-else");

  dbus = g_test_dbus_new (G_TEST_DBUS_NONE);
  {
    /* GTestDBus unsets DISPLAY (against X11 autolaunch); the app needs it. */
    g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));

    g_test_dbus_up (dbus);
    if (display != NULL)
      g_setenv ("DISPLAY", display, TRUE);
  }
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);

  app = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, binary, "--gapplication-service",
                          NULL);
  g_assert_no_error (error);
  /* Wait for the app to take its name. */
  for (int i = 0; i < 200; i++)
    {
      g_autoptr(GVariant) owner = g_dbus_connection_call_sync (
        bus, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
        "NameHasOwner", g_variant_new ("(s)", BUS_NAME), G_VARIANT_TYPE ("(b)"),
        G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
      gboolean has = FALSE;

      if (owner != NULL)
        g_variant_get (owner, "(b)", &has);
      if (has)
        break;
      g_usleep (50000);
    }

  g_test_add_func ("/search-provider/search", test_search);
  g_test_add_func ("/search-provider/refused-cache", test_refused_cache);
  status = g_test_run ();

  g_subprocess_send_signal (app, SIGTERM);
  g_subprocess_wait (app, NULL, NULL);
  g_object_unref (bus);
  g_test_dbus_down (dbus);
  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", home);

    g_assert_cmpint (system (command), ==, 0);
  }
  return status;
}
