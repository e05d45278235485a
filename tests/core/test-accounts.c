/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The stored account list: adding, renaming, switching, removing, the migration of a server and
 * user stored before accounts existed, and what is refused. GSETTINGS_BACKEND=memory. */
#include "config.h"

#include <glib/gstdio.h>

#include "isplic-core.h"

#define EU "https://api-eu.ispmanager.com/manager/billmgr"
#define RU "https://api.ispmanager.ru/manager/billmgr"

static GSettings *
fresh_settings (void)
{
  GSettings *settings = g_settings_new (APP_ID);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  /* The memory backend is shared within the process: start each test from the defaults. */
  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);
  return settings;
}

static char *
stored (GSettings  *settings,
        const char *key)
{
  return g_settings_get_string (settings, key);
}

static void
assert_names (GSettings  *settings,
              const char *expected)
{
  g_autoptr(GPtrArray) list = isplic_accounts_list (settings);
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < list->len; i++)
    {
      IsplicStoredAccount *account = list->pdata[i];

      g_string_append_printf (names, "%s%s", i > 0 ? "," : "", account->name);
    }
  g_assert_cmpstr (names->str, ==, expected);
}

static void
test_migrate (void)
{
  g_autoptr(GSettings) settings = fresh_settings ();
  g_autoptr(IsplicStoredAccount) account = NULL;
  g_autofree char *active = NULL;

  /* Nothing stored: nothing to migrate, no account. */
  g_assert_false (isplic_accounts_migrate (settings));
  assert_names (settings, "");
  active = isplic_accounts_dup_active (settings);
  g_assert_cmpstr (active, ==, "");
  g_clear_pointer (&active, g_free);

  /* The one account of earlier versions becomes the first, active. */
  g_settings_set_string (settings, "server-url", RU);
  g_settings_set_string (settings, "user", "reseller@example.ru");
  assert_names (settings, "reseller@example.ru");
  active = isplic_accounts_dup_active (settings);
  g_assert_cmpstr (active, ==, "reseller@example.ru");
  account = isplic_accounts_lookup (settings, active);
  g_assert_cmpstr (account->server_url, ==, RU);
  g_assert_cmpstr (account->user, ==, "reseller@example.ru");
  g_assert_cmpstr (account->lang, ==, "");
  /* Only once. */
  g_assert_false (isplic_accounts_migrate (settings));
  assert_names (settings, "reseller@example.ru");
}

static void
test_migrate_unnamable_user (void)
{
  g_autoptr(GSettings) settings = fresh_settings ();

  g_settings_set_string (settings, "server-url", EU);
  g_settings_set_string (settings, "user", "bad\x1b[31muser");
  g_assert_true (isplic_accounts_migrate (settings));
  assert_names (settings, "Default");
}

static void
test_add_switch (void)
{
  g_autoptr(GSettings) settings = fresh_settings ();
  g_autoptr(GError) error = NULL;
  g_autofree char *active = NULL;
  g_autofree char *server = NULL;
  g_autofree char *user = NULL;

  g_assert_true (isplic_accounts_add (settings, "EU partner", EU, "eu@example.com", NULL,
                                      &error));
  g_assert_no_error (error);
  /* The first becomes active, and the top-level keys follow. */
  active = isplic_accounts_dup_active (settings);
  g_assert_cmpstr (active, ==, "EU partner");
  server = stored (settings, "server-url");
  user = stored (settings, "user");
  g_assert_cmpstr (server, ==, EU);
  g_assert_cmpstr (user, ==, "eu@example.com");

  g_assert_true (isplic_accounts_add (settings, "Russia", RU, "ru@example.ru", "ru", &error));
  g_assert_no_error (error);
  assert_names (settings, "EU partner,Russia");
  /* Adding does not switch. */
  g_free (active);
  active = isplic_accounts_dup_active (settings);
  g_assert_cmpstr (active, ==, "EU partner");

  g_assert_true (isplic_accounts_switch (settings, "Russia", &error));
  g_assert_no_error (error);
  g_free (active);
  g_free (server);
  g_free (user);
  active = isplic_accounts_dup_active (settings);
  server = stored (settings, "server-url");
  user = stored (settings, "user");
  g_assert_cmpstr (active, ==, "Russia");
  g_assert_cmpstr (server, ==, RU);
  g_assert_cmpstr (user, ==, "ru@example.ru");

  g_assert_false (isplic_accounts_switch (settings, "Nobody", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_free (user);
  user = stored (settings, "user");
  g_assert_cmpstr (user, ==, "ru@example.ru");

  /* A loopback simulator over plain http is fine. */
  g_assert_true (isplic_accounts_add (settings, "Sim", "http://127.0.0.1:8080/billmgr", "u", "en",
                                      &error));
  g_assert_no_error (error);
}

static void
test_validation (void)
{
  g_autoptr(GSettings) settings = fresh_settings ();
  g_autoptr(GError) error = NULL;
  g_autofree char *long_name = g_strnfill (ISPLIC_ACCOUNT_NAME_MAX_CHARS + 1, 'a');

  g_assert_true (isplic_accounts_add (settings, "A", EU, "a@example.com", NULL, &error));

  g_assert_false (isplic_accounts_add (settings, "", EU, "b@example.com", NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (isplic_accounts_add (settings, "   ", EU, "b@example.com", NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (isplic_accounts_add (settings, " B", EU, "b@example.com", NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (isplic_accounts_add (settings, long_name, EU, "b@example.com", NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (isplic_accounts_add (settings, "B\nC", EU, "b@example.com", NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  /* Names are unique, and so is a server and user. */
  g_assert_false (isplic_accounts_add (settings, "A", RU, "b@example.com", NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_false (isplic_accounts_add (settings, "B", EU, "a@example.com", NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  /* The server rules of the sign-in: HTTPS, or plain HTTP to this computer only. */
  g_assert_false (isplic_accounts_add (settings, "B", "http://billing.example.com/billmgr",
                                       "b@example.com", NULL, &error));
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_INSECURE);
  g_clear_error (&error);
  g_assert_false (isplic_accounts_add (settings, "B", "billing", "b@example.com", NULL, &error));
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_INVALID_URL);
  g_clear_error (&error);
  g_assert_false (isplic_accounts_add (settings, "B", EU, "", NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (isplic_accounts_add (settings, "B", EU, "b@example.com", "de", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  assert_names (settings, "A");
}

static void
test_rename (void)
{
  g_autoptr(GSettings) settings = fresh_settings ();
  g_autoptr(GError) error = NULL;
  g_autofree char *active = NULL;

  g_assert_true (isplic_accounts_add (settings, "A", EU, "a@example.com", NULL, &error));
  g_assert_true (isplic_accounts_add (settings, "B", RU, "b@example.ru", NULL, &error));

  /* Renaming the active one keeps it active. */
  g_assert_true (isplic_accounts_rename (settings, "A", "EU partner", &error));
  g_assert_no_error (error);
  assert_names (settings, "EU partner,B");
  active = isplic_accounts_dup_active (settings);
  g_assert_cmpstr (active, ==, "EU partner");

  g_assert_false (isplic_accounts_rename (settings, "B", "EU partner", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_false (isplic_accounts_rename (settings, "B", "", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (isplic_accounts_rename (settings, "C", "D", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (isplic_accounts_rename (settings, "B", "B", &error));
  assert_names (settings, "EU partner,B");

  g_assert_true (isplic_accounts_set_lang (settings, "B", "ru", &error));
  {
    g_autoptr(IsplicStoredAccount) b = isplic_accounts_lookup (settings, "B");
    g_autoptr(IsplicStoredAccount) got = isplic_accounts_get (settings, "B", &error);
    g_autoptr(IsplicStoredAccount) none = isplic_accounts_get (settings, "C", &error);

    g_assert_cmpstr (b->lang, ==, "ru");
    /* The same account, or the error an operation on a missing one gives. */
    g_assert_nonnull (got);
    g_assert_cmpstr (got->name, ==, "B");
    g_assert_null (none);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, "“C”"));
  }
}

static void
test_remove (void)
{
  g_autoptr(GSettings) settings = fresh_settings ();
  g_autoptr(GError) error = NULL;
  g_autofree char *active = NULL;
  g_autofree char *user = NULL;

  g_assert_true (isplic_accounts_add (settings, "A", EU, "a@example.com", NULL, &error));
  g_assert_true (isplic_accounts_add (settings, "B", RU, "b@example.ru", NULL, &error));
  g_assert_true (isplic_accounts_add (settings, "C", RU, "c@example.ru", NULL, &error));
  g_assert_true (isplic_accounts_switch (settings, "B", &error));

  /* Not the active one: the active one stays. */
  g_assert_true (isplic_accounts_remove (settings, "C", &error));
  assert_names (settings, "A,B");
  active = isplic_accounts_dup_active (settings);
  g_assert_cmpstr (active, ==, "B");

  /* The active one: the first remaining becomes active. */
  g_assert_true (isplic_accounts_remove (settings, "B", &error));
  assert_names (settings, "A");
  g_free (active);
  active = isplic_accounts_dup_active (settings);
  user = stored (settings, "user");
  g_assert_cmpstr (active, ==, "A");
  g_assert_cmpstr (user, ==, "a@example.com");

  g_assert_false (isplic_accounts_remove (settings, "B", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* The last: no account, no user, and nothing is migrated back. */
  g_assert_true (isplic_accounts_remove (settings, "A", &error));
  assert_names (settings, "");
  g_free (active);
  g_free (user);
  active = isplic_accounts_dup_active (settings);
  user = stored (settings, "user");
  g_assert_cmpstr (active, ==, "");
  g_assert_cmpstr (user, ==, "");
}

static void
test_signed_in (void)
{
  g_autoptr(GSettings) settings = fresh_settings ();
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *other = NULL;
  g_autofree char *again = NULL;
  g_autofree char *described = NULL;

  g_assert_true (isplic_accounts_add (settings, "a@example.com", RU, "x@example.ru", NULL,
                                      &error));
  /* A new server and user: a new account, named after the user (made unique), active. */
  name = isplic_accounts_signed_in (settings, EU, "a@example.com");
  g_assert_cmpstr (name, ==, "a@example.com 2");
  assert_names (settings, "a@example.com,a@example.com 2");
  /* A known one: no new account, it becomes active. */
  other = isplic_accounts_signed_in (settings, RU, "x@example.ru");
  g_assert_cmpstr (other, ==, "a@example.com");
  again = isplic_accounts_dup_active (settings);
  g_assert_cmpstr (again, ==, "a@example.com");
  assert_names (settings, "a@example.com,a@example.com 2");

  described = isplic_accounts_describe (settings, RU, "x@example.ru");
  g_assert_cmpstr (described, ==, "a@example.com (x@example.ru)");
  g_free (described);
  described = isplic_accounts_describe (settings, "https://other.example.com/billmgr", "z");
  g_assert_cmpstr (described, ==, "z on other.example.com");
}

static void
test_watch_forget (void)
{
  g_autofree char *dir = g_dir_make_tmp ("isplic-accounts-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "watch.ini", NULL);
  g_autoptr(GKeyFile) state = g_key_file_new ();
  g_autofree char *a = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "a @ s", -1);
  g_autofree char *b = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "b @ s", -1);
  g_autofree char *a_since = g_strconcat (a, "-suspended-since", NULL);
  g_autoptr(GError) error = NULL;

  /* Nothing kept: nothing to do. */
  g_assert_true (isplic_watch_forget (path, "a @ s", &error));
  g_assert_no_error (error);

  g_key_file_set_boolean (state, a, "seen", TRUE);
  g_key_file_set_string (state, a_since, "1", "2026-01-01");
  g_key_file_set_boolean (state, b, "seen", TRUE);
  g_assert_true (g_key_file_save_to_file (state, path, &error));
  g_assert_true (isplic_watch_forget (path, "a @ s", &error));
  g_assert_no_error (error);

  g_key_file_free (g_steal_pointer (&state));
  state = g_key_file_new ();
  g_assert_true (g_key_file_load_from_file (state, path, G_KEY_FILE_NONE, &error));
  g_assert_false (g_key_file_has_group (state, a));
  g_assert_false (g_key_file_has_group (state, a_since));
  g_assert_true (g_key_file_has_group (state, b));

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/accounts/migrate", test_migrate);
  g_test_add_func ("/accounts/migrate-unnamable-user", test_migrate_unnamable_user);
  g_test_add_func ("/accounts/add-switch", test_add_switch);
  g_test_add_func ("/accounts/validation", test_validation);
  g_test_add_func ("/accounts/rename", test_rename);
  g_test_add_func ("/accounts/remove", test_remove);
  g_test_add_func ("/accounts/signed-in", test_signed_in);
  g_test_add_func ("/accounts/watch-forget", test_watch_forget);

  return g_test_run ();
}
