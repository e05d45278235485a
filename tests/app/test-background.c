/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The background check against an in-process simulator on loopback, on a controllable clock:
 * it signs in with the remembered password, reads the list and the balance, keeps the Shell
 * search's cache current and gives each notice once. Plus the autostart entry.
 */
#include "config.h"

#include <stdlib.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "isplic-background.h"
#include "isplic-sim.h"
#include "isplic-test-utils.h"

#define WAIT_FOR(cond) ISPLIC_TEST_WAIT_UNTIL (cond)

static void
stored_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_assert_true (isplic_account_store_password_finish (result, NULL));
  *(gboolean *) user_data = TRUE;
}

static void
check_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  GPtrArray **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = isplic_background_check_finish (ISPLIC_BACKGROUND (source), result, &error);
  g_assert_no_error (error);
}

static GPtrArray *
run_check (IsplicBackground *background)
{
  GPtrArray *notices = NULL;

  isplic_background_check_async (background, NULL, check_cb, &notices);
  WAIT_FOR (notices != NULL);
  return notices;
}

static void
error_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  GError **out = user_data;
  g_autoptr(GPtrArray) notices = isplic_background_check_finish (ISPLIC_BACKGROUND (source),
                                                                 result, out);

  g_assert_null (notices);
  g_assert_nonnull (*out);
}

static GError *
run_check_error (IsplicBackground *background)
{
  GError *error = NULL;

  isplic_background_check_async (background, NULL, error_cb, &error);
  WAIT_FOR (error != NULL);
  return error;
}

static guint
count_kind (GPtrArray       *notices,
            IsplicWatchKind  kind)
{
  guint n = 0;

  for (guint i = 0; i < notices->len; i++)
    if (((IsplicWatchNotice *) notices->pdata[i])->kind == kind)
      n++;
  return n;
}

static void
list_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GPtrArray **) user_data = isplic_client_list_finish (ISPLIC_CLIENT (source), result, NULL);
}

static void
test_check (void)
{
  g_autoptr(IsplicSim) sim = isplic_sim_new ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(IsplicBackground) background = isplic_background_new (settings);
  g_autoptr(IsplicClient) client = NULL;
  g_autoptr(GPtrArray) licenses = NULL;
  g_autoptr(GPtrArray) notices = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *cache = NULL;
  IsplicLicense *target = NULL;
  gboolean stored = FALSE;

  isplic_sim_generate (sim, 40, 11);
  g_assert_true (isplic_sim_start (sim, 0, &error));
  url = isplic_sim_get_url (sim);

  /* No account yet: an error, no notices. */
  {
    g_autoptr(GError) no_account = NULL;

    g_settings_set_string (settings, "server-url", "");
    no_account = run_check_error (background);
    g_assert_error (no_account, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  }
  g_settings_set_string (settings, "server-url", url);
  g_settings_set_string (settings, "user", ISPLIC_SIM_DEFAULT_USER);
  g_settings_set_uint (settings, "expiry-warning-days", 7);
  isplic_account_store_password_async (url, ISPLIC_SIM_DEFAULT_USER, ISPLIC_SIM_DEFAULT_PASSWORD,
                                       NULL, stored_cb, &stored);
  WAIT_FOR (stored);

  /* The clock is put 3 days before the expiry of a license without auto-renewal. */
  client = isplic_client_new (url, ISPLIC_SIM_DEFAULT_USER, ISPLIC_SIM_DEFAULT_PASSWORD);
  isplic_client_list_async (client, NULL, list_cb, &licenses);
  WAIT_FOR (licenses != NULL);
  for (guint i = 0; i < licenses->len && target == NULL; i++)
    if (isplic_license_get_auto_renew (licenses->pdata[i]) == 0
        && isplic_license_get_expires (licenses->pdata[i]) != NULL
        && isplic_license_get_status (licenses->pdata[i]) == ISPLIC_LICENSE_STATUS_ACTIVE)
      target = licenses->pdata[i];
  g_assert_nonnull (target);
  now = g_date_time_add_days (isplic_license_get_expires (target), -3);
  isplic_background_set_now (background, now);

  notices = run_check (background);
  g_assert_cmpuint (count_kind (notices, ISPLIC_WATCH_EXPIRING), ==, 1);
  {
    IsplicWatchNotice *notice = NULL;

    for (guint i = 0; i < notices->len; i++)
      if (((IsplicWatchNotice *) notices->pdata[i])->kind == ISPLIC_WATCH_EXPIRING)
        notice = notices->pdata[i];
    g_assert_true (g_strv_contains ((const char * const *) notice->ids,
                                    isplic_license_get_id (target)));
  }
  /* The Shell's search has the list now, without asking the network. */
  cache = isplic_license_cache_path (url, ISPLIC_SIM_DEFAULT_USER);
  WAIT_FOR (g_file_test (cache, G_FILE_TEST_EXISTS));
  {
    g_autoptr(GPtrArray) cached = NULL;

    /* Written by a worker thread: wait until it is whole. */
    WAIT_FOR ((cached = isplic_license_cache_load (cache, url, ISPLIC_SIM_DEFAULT_USER, NULL,
                                                   NULL)) != NULL);
    g_assert_cmpuint (cached->len, ==, licenses->len);
  }
  g_clear_pointer (&notices, g_ptr_array_unref);

  /* The same state again: nothing told twice. */
  notices = run_check (background);
  g_assert_cmpuint (count_kind (notices, ISPLIC_WATCH_EXPIRING), ==, 0);
  g_clear_pointer (&notices, g_ptr_array_unref);

  /* A kind turned off is not told, even when new. */
  g_settings_set_boolean (settings, "notify-expiring", FALSE);
  {
    g_autoptr(GDateTime) later = g_date_time_add_days (now, 1);

    isplic_background_set_now (background, later);
    notices = run_check (background);
    g_assert_cmpuint (count_kind (notices, ISPLIC_WATCH_EXPIRING), ==, 0);
    g_clear_pointer (&notices, g_ptr_array_unref);
  }
  g_settings_reset (settings, "notify-expiring");

  /* A wrong password: an error, and no notice. */
  {
    g_autoptr(GError) refused = NULL;
    gboolean restored = FALSE;

    isplic_account_store_password_async (url, ISPLIC_SIM_DEFAULT_USER, "wrong", NULL, stored_cb,
                                         &restored);
    WAIT_FOR (restored);
    refused = run_check_error (background);
    g_assert_error (refused, ISPLIC_BILLMGR_ERROR, ISPLIC_BILLMGR_ERROR_AUTH);
  }

  isplic_sim_stop (sim);
  g_settings_reset (settings, "server-url");
  g_settings_reset (settings, "user");
  g_settings_reset (settings, "expiry-warning-days");
}

static void
test_autostart (void)
{
  g_autofree char *path = isplic_background_autostart_path ();
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_str_has_prefix (path, g_get_user_config_dir ()));
  g_assert_true (isplic_background_set_autostart (TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "Exec=isplic --background\n"));
  g_assert_nonnull (strstr (contents, "[Desktop Entry]"));
  g_assert_true (isplic_background_set_autostart (FALSE, &error));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  /* Removing what is not there is no error. */
  g_assert_true (isplic_background_set_autostart (FALSE, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = g_dir_make_tmp ("isplic-background-XXXXXX", NULL);
  int status;

  /* Private folders (not G_TEST_OPTION_ISOLATE_DIRS: it hides the system's GSettings schemas,
   * which GIO's proxy resolver needs), set before GLib reads them. */
  g_assert_nonnull (home);
  g_setenv ("XDG_CONFIG_HOME", home, TRUE);
  g_setenv ("XDG_CACHE_HOME", home, TRUE);
  g_setenv ("XDG_DATA_HOME", home, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/background/check", test_check);
  g_test_add_func ("/background/autostart", test_autostart);
  status = g_test_run ();
  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", home);

    if (system (command) != 0)
      g_warning ("could not remove %s", home);
  }
  return status;
}
