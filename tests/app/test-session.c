/* SPDX-License-Identifier: GPL-3.0-or-later */
/* IsplicSession without any widget, against an in-process simulator on loopback. */
#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "isplic-session.h"
#include "isplic-sim.h"
#include "isplic-test-utils.h"

#define N_LICENSES 30
#define DEMO_LICENSES 48
#define WAIT_FOR(cond) ISPLIC_TEST_WAIT_UNTIL (cond)

typedef struct
{
  IsplicSim *sim;
  char *url;
  GSettings *settings;
  IsplicSession *session;

  /* What the session said */
  guint signed_in_notes;
  guint demo_notes;
  guint refreshing_notes;
  guint refresh_started;
  guint refreshed;
  guint refresh_failed;
  guint sign_in_failed;
  guint stale_notes;
  guint restore_finished;
  gboolean restore_signing_in;
  GStrv refreshed_ids;
  GError *error;                  /* the last sign-in or refresh error */
} Fixture;

static void
notify_cb (IsplicSession *session,
           GParamSpec    *pspec,
           Fixture       *f)
{
  if (g_str_equal (pspec->name, "signed-in"))
    f->signed_in_notes++;
  else if (g_str_equal (pspec->name, "demo"))
    f->demo_notes++;
  else if (g_str_equal (pspec->name, "refreshing"))
    f->refreshing_notes++;
  else if (g_str_equal (pspec->name, "stale"))
    f->stale_notes++;
}

static void
refresh_started_cb (IsplicSession *session,
                    Fixture       *f)
{
  f->refresh_started++;
}

static void
refreshed_cb (IsplicSession *session,
              GStrv          ids,
              Fixture       *f)
{
  f->refreshed++;
  g_strfreev (f->refreshed_ids);
  f->refreshed_ids = g_strdupv (ids);
}

static void
refresh_failed_cb (IsplicSession *session,
                   GError        *error,
                   Fixture       *f)
{
  f->refresh_failed++;
  g_clear_error (&f->error);
  f->error = g_error_copy (error);
}

static void
sign_in_failed_cb (IsplicSession *session,
                   GError        *error,
                   Fixture       *f)
{
  f->sign_in_failed++;
  g_clear_error (&f->error);
  f->error = g_error_copy (error);
}

static void
restore_finished_cb (IsplicSession *session,
                     gboolean       signing_in,
                     Fixture       *f)
{
  f->restore_finished++;
  f->restore_signing_in = signing_in;
}

static IsplicSession *
new_session (Fixture *f)
{
  IsplicSession *session = isplic_session_new (f->settings);

  g_signal_connect (session, "notify", G_CALLBACK (notify_cb), f);
  g_signal_connect (session, "refresh-started", G_CALLBACK (refresh_started_cb), f);
  g_signal_connect (session, "refreshed", G_CALLBACK (refreshed_cb), f);
  g_signal_connect (session, "refresh-failed", G_CALLBACK (refresh_failed_cb), f);
  g_signal_connect (session, "sign-in-failed", G_CALLBACK (sign_in_failed_cb), f);
  g_signal_connect (session, "restore-finished", G_CALLBACK (restore_finished_cb), f);
  return session;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->settings = g_settings_new (APP_ID);
  g_settings_reset (f->settings, "server-url");
  g_settings_reset (f->settings, "user");
  g_settings_reset (f->settings, "auto-refresh-minutes");

  f->sim = isplic_sim_new ();
  isplic_sim_generate (f->sim, N_LICENSES, 7);
  g_assert_true (isplic_sim_start (f->sim, 0, &error));
  g_assert_no_error (error);
  f->url = isplic_sim_get_url (f->sim);

  f->session = new_session (f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  isplic_session_shutdown (f->session);
  /* Operations in flight hold the session until they see the cancellation. */
  g_object_add_weak_pointer (G_OBJECT (f->session), (gpointer *) &f->session);
  g_object_unref (f->session);
  WAIT_FOR (f->session == NULL);

  {
    g_autofree char *path = isplic_license_cache_path (f->url, ISPLIC_SIM_DEFAULT_USER);

    isplic_license_cache_remove (path, NULL);
  }
  isplic_sim_stop (f->sim);
  g_assert_finalize_object (f->sim);
  g_settings_reset (f->settings, "server-url");
  g_settings_reset (f->settings, "user");
  g_settings_reset (f->settings, "auto-refresh-minutes");
  g_clear_object (&f->settings);
  g_free (f->url);
  g_strfreev (f->refreshed_ids);
  g_clear_error (&f->error);
}

/* Whether @key holds @expected, or its default when @expected is NULL. */
static gboolean
setting_is (Fixture    *f,
            const char *key,
            const char *expected)
{
  g_autofree char *value = g_settings_get_string (f->settings, key);
  g_autoptr(GVariant) fallback = g_settings_get_default_value (f->settings, key);

  if (expected == NULL)
    expected = g_variant_get_string (fallback, NULL);
  return g_strcmp0 (value, expected) == 0;
}

static guint
n_licenses (IsplicSession *session)
{
  return g_list_model_get_n_items (G_LIST_MODEL (isplic_session_get_licenses (session)));
}

static void
sign_in (Fixture  *f,
         gboolean  remember)
{
  guint refreshed = f->refreshed;

  isplic_session_sign_in (f->session, f->url, ISPLIC_SIM_DEFAULT_USER,
                          ISPLIC_SIM_DEFAULT_PASSWORD, remember);
  WAIT_FOR (isplic_session_get_signed_in (f->session) && f->refreshed > refreshed);
}

/* The stored password, "" when none is. */
static char *
stored_password (Fixture *f)
{
  char *password = isplic_test_stored_password (f->url, ISPLIC_SIM_DEFAULT_USER);

  return password != NULL ? password : g_strdup ("");
}

static void
test_sign_in_refresh (Fixture       *f,
                      gconstpointer  data)
{
  const char *ids[] = { "some-id", NULL };
  IsplicClient *client;

  g_assert_false (isplic_session_get_signed_in (f->session));
  g_assert_null (isplic_session_get_client (f->session));
  g_assert_cmpuint (n_licenses (f->session), ==, 0);
  /* Signed out, a refresh does nothing. */
  isplic_session_refresh (f->session, NULL);
  g_assert_cmpuint (f->refresh_started, ==, 0);

  sign_in (f, FALSE);
  client = isplic_session_get_client (f->session);
  g_assert_nonnull (client);
  g_assert_cmpstr (isplic_client_get_base_url (client), ==, f->url);
  g_assert_cmpstr (isplic_client_get_user (client), ==, ISPLIC_SIM_DEFAULT_USER);
  g_assert_cmpuint (f->signed_in_notes, ==, 1);
  g_assert_cmpuint (f->sign_in_failed, ==, 0);
  g_assert_false (isplic_session_get_demo (f->session));
  /* Signing in refreshes once, with nothing to select. */
  g_assert_cmpuint (f->refresh_started, ==, 1);
  g_assert_cmpuint (f->refreshed, ==, 1);
  g_assert_null (f->refreshed_ids);
  g_assert_cmpuint (n_licenses (f->session), ==, N_LICENSES);
  g_assert_false (isplic_session_get_refreshing (f->session));
  g_assert_cmpuint (f->refreshing_notes, >=, 2);
  /* The server and user are kept for next time. */
  g_assert_true (setting_is (f, "server-url", f->url));
  g_assert_true (setting_is (f, "user", ISPLIC_SIM_DEFAULT_USER));

  /* A refresh sees the server's changes and hands the ids back. */
  isplic_sim_generate (f->sim, N_LICENSES + 5, 8);
  isplic_session_refresh (f->session, ids);
  g_assert_true (isplic_session_get_refreshing (f->session));
  g_assert_cmpuint (f->refresh_started, ==, 2);
  WAIT_FOR (f->refreshed == 2);
  g_assert_nonnull (f->refreshed_ids);
  g_assert_cmpstr (f->refreshed_ids[0], ==, "some-id");
  g_assert_null (f->refreshed_ids[1]);
  g_assert_cmpuint (n_licenses (f->session), ==, isplic_sim_get_n_licenses (f->sim));
  g_assert_cmpuint (n_licenses (f->session), >, N_LICENSES);

  /* A failing server: "refresh-failed" with the error, the list kept. */
  isplic_sim_set_fault (f->sim, "soft", ISPLIC_SIM_FAULT_HTTP500);
  isplic_session_refresh (f->session, NULL);
  WAIT_FOR (f->refresh_failed == 1);
  g_assert_nonnull (f->error);
  g_assert_cmpuint (f->refreshed, ==, 2);
  g_assert_cmpuint (n_licenses (f->session), ==, isplic_sim_get_n_licenses (f->sim));
  g_assert_true (isplic_session_get_signed_in (f->session));
  isplic_sim_set_fault (f->sim, "soft", ISPLIC_SIM_FAULT_NONE);
  isplic_session_refresh (f->session, NULL);
  WAIT_FOR (f->refreshed == 3);
}

static void
test_sign_in_refused (Fixture       *f,
                      gconstpointer  data)
{
  isplic_session_sign_in (f->session, f->url, ISPLIC_SIM_DEFAULT_USER, "not-the-password",
                          FALSE);
  WAIT_FOR (f->sign_in_failed == 1);
  g_assert_nonnull (f->error);
  g_assert_false (isplic_session_get_signed_in (f->session));
  g_assert_cmpuint (f->signed_in_notes, ==, 0);
  g_assert_cmpuint (f->refresh_started, ==, 0);
  g_assert_true (setting_is (f, "server-url", NULL));

  /* A second sign-in replaces one in flight: only the newest one counts. */
  g_clear_error (&f->error);
  isplic_session_sign_in (f->session, f->url, ISPLIC_SIM_DEFAULT_USER, "not-the-password",
                          FALSE);
  sign_in (f, FALSE);
  g_assert_cmpuint (f->signed_in_notes, ==, 1);
  isplic_test_spin (200);
  g_assert_cmpuint (f->sign_in_failed, ==, 1);
  g_assert_true (isplic_session_get_signed_in (f->session));
}

static void
test_sign_out (Fixture       *f,
               gconstpointer  data)
{
  GCancellable *before;

  g_settings_set_uint (f->settings, "auto-refresh-minutes", 15);
  g_assert_false (isplic_session_get_auto_refresh_armed (f->session));
  sign_in (f, FALSE);
  g_assert_true (isplic_session_get_auto_refresh_armed (f->session));
  g_settings_set_uint (f->settings, "auto-refresh-minutes", 0);
  g_assert_false (isplic_session_get_auto_refresh_armed (f->session));
  g_settings_set_uint (f->settings, "auto-refresh-minutes", 60);
  g_assert_true (isplic_session_get_auto_refresh_armed (f->session));

  /* A refresh in flight when signing out is cancelled: no signal comes from it. */
  before = isplic_session_get_cancellable (f->session);
  isplic_session_refresh (f->session, NULL);
  isplic_session_sign_out (f->session);
  g_assert_true (g_cancellable_is_cancelled (before));
  g_assert_false (g_cancellable_is_cancelled (isplic_session_get_cancellable (f->session)));
  g_assert_false (isplic_session_get_signed_in (f->session));
  g_assert_null (isplic_session_get_client (f->session));
  g_assert_cmpuint (f->signed_in_notes, ==, 2);
  g_assert_cmpuint (n_licenses (f->session), ==, 0);
  g_assert_false (isplic_session_get_auto_refresh_armed (f->session));
  isplic_test_spin (300);
  g_assert_cmpuint (f->refreshed, ==, 1);
  g_assert_cmpuint (f->refresh_failed, ==, 0);
  g_assert_cmpuint (n_licenses (f->session), ==, 0);

  /* And one can sign in again. */
  sign_in (f, FALSE);
  g_assert_cmpuint (n_licenses (f->session), ==, N_LICENSES);
}

static void
test_remember_restore (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *stored = NULL;
  g_autofree char *cleared = NULL;
  IsplicSession *second;

  /* Nothing stored yet: nothing to restore. */
  g_assert_false (isplic_session_restore (f->session));

  sign_in (f, TRUE);
  /* The password is stored asynchronously. */
  for (int i = 0; i < 100 && (stored == NULL || *stored == '\0'); i++)
    {
      g_clear_pointer (&stored, g_free);
      stored = stored_password (f);
      if (*stored == '\0')
        isplic_test_spin (20);
    }
  g_assert_cmpstr (stored, ==, ISPLIC_SIM_DEFAULT_PASSWORD);

  /* Another session (the next start) signs in with it by itself. */
  second = new_session (f);
  g_assert_true (isplic_session_restore (second));
  WAIT_FOR (f->restore_finished == 1);
  g_assert_true (f->restore_signing_in);
  WAIT_FOR (isplic_session_get_signed_in (second) && n_licenses (second) == N_LICENSES);

  /* Signing out forgets it. */
  isplic_session_sign_out (second);
  for (int i = 0; i < 100 && (cleared == NULL || *cleared != '\0'); i++)
    {
      g_clear_pointer (&cleared, g_free);
      cleared = stored_password (f);
      if (*cleared != '\0')
        isplic_test_spin (20);
    }
  g_assert_cmpstr (cleared, ==, "");
  g_assert_true (isplic_session_restore (second));
  WAIT_FOR (f->restore_finished == 2);
  g_assert_false (f->restore_signing_in);
  g_assert_false (isplic_session_get_signed_in (second));

  isplic_session_shutdown (second);
  g_object_add_weak_pointer (G_OBJECT (second), (gpointer *) &second);
  g_object_unref (second);
  WAIT_FOR (second == NULL);
}

static void
test_demo (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  IsplicSim *sim;

  g_assert_null (isplic_session_get_sim (f->session));
  g_assert_true (isplic_session_start_demo (f->session, &error));
  g_assert_no_error (error);
  g_assert_true (isplic_session_get_demo (f->session));
  g_assert_cmpuint (f->demo_notes, ==, 1);
  sim = isplic_session_get_sim (f->session);
  g_assert_nonnull (sim);
  url = isplic_sim_get_url (sim);
  g_object_add_weak_pointer (G_OBJECT (sim), (gpointer *) &sim);

  WAIT_FOR (isplic_session_get_signed_in (f->session) && f->refreshed == 1);
  g_assert_cmpstr (isplic_client_get_base_url (isplic_session_get_client (f->session)), ==, url);
  g_assert_cmpuint (n_licenses (f->session), ==, DEMO_LICENSES);
  /* Nothing of the demo is stored. */
  g_assert_true (setting_is (f, "server-url", NULL));
  g_assert_true (setting_is (f, "user", NULL));

  /* Signing in to a real server leaves demo mode and stops the simulator. */
  isplic_session_sign_in (f->session, f->url, ISPLIC_SIM_DEFAULT_USER,
                          ISPLIC_SIM_DEFAULT_PASSWORD, FALSE);
  g_assert_false (isplic_session_get_demo (f->session));
  g_assert_null (isplic_session_get_sim (f->session));
  WAIT_FOR (sim == NULL);
  WAIT_FOR (f->refreshed == 2);
  g_assert_cmpstr (isplic_client_get_base_url (isplic_session_get_client (f->session)), ==,
                   f->url);
  g_assert_cmpuint (n_licenses (f->session), ==, N_LICENSES);

  /* Demo again, then sign out: the simulator goes. */
  g_assert_true (isplic_session_start_demo (f->session, &error));
  sim = isplic_session_get_sim (f->session);
  g_object_add_weak_pointer (G_OBJECT (sim), (gpointer *) &sim);
  WAIT_FOR (f->refreshed == 3 && n_licenses (f->session) == DEMO_LICENSES);
  isplic_session_sign_out (f->session);
  g_assert_false (isplic_session_get_demo (f->session));
  g_assert_null (isplic_session_get_sim (f->session));
  WAIT_FOR (sim == NULL);
  g_assert_cmpuint (n_licenses (f->session), ==, 0);
}

static void
test_no_settings (Fixture       *f,
                  gconstpointer  data)
{
  IsplicSession *session = isplic_session_new (NULL);

  /* Without settings nothing is stored or restored, and signing in still works. */
  g_assert_false (isplic_session_restore (session));
  isplic_session_sign_in (session, f->url, ISPLIC_SIM_DEFAULT_USER, ISPLIC_SIM_DEFAULT_PASSWORD,
                          FALSE);
  WAIT_FOR (isplic_session_get_signed_in (session) && n_licenses (session) == N_LICENSES);
  g_assert_false (isplic_session_get_auto_refresh_armed (session));
  g_assert_true (setting_is (f, "server-url", NULL));

  isplic_session_shutdown (session);
  g_object_add_weak_pointer (G_OBJECT (session), (gpointer *) &session);
  g_object_unref (session);
  WAIT_FOR (session == NULL);
}

static void
order_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  char **id = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *billorder = NULL;

  g_assert_true (isplic_client_order_finish (ISPLIC_CLIENT (source), result, id, &billorder,
                                             &error));
  g_assert_no_error (error);
  g_assert_nonnull (*id);
}

static char *
place_order (Fixture    *f,
             const char *name,
             const char *ip)
{
  IsplicOrderParams params = { "55227", 1, 0, name, ip, 0, FALSE };
  char *id = NULL;

  isplic_client_order_async (isplic_session_get_client (f->session), &params, NULL, order_cb,
                             &id);
  WAIT_FOR (id != NULL);
  return id;
}

static void
order_ready_cb (IsplicSession  *session,
                IsplicLicense  *license,
                IsplicLicense **out)
{
  g_assert_null (*out);
  *out = g_object_ref (license);
}

/* A fresh order stays processing on the server for a while (the simulator's key delay): the
 * session looks again, with growing waits, until it is active with a key, updates the list's
 * license in place and says so once. */
static void
test_watch_order (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(IsplicLicense) ready = NULL;
  g_autofree char *id = NULL;
  IsplicLicense *listed;
  gint64 start;

  isplic_sim_set_key_delay (f->sim, 700);
  isplic_sim_set_logging (f->sim, TRUE);
  sign_in (f, FALSE);
  isplic_session_set_order_poll_interval (f->session, 100);
  g_signal_connect (f->session, "order-ready", G_CALLBACK (order_ready_cb), &ready);

  id = place_order (f, "web-01", "198.51.100.77");
  isplic_session_refresh (f->session, NULL);
  WAIT_FOR (isplic_license_list_lookup (isplic_session_get_licenses (f->session), id) != NULL
            && !isplic_session_get_refreshing (f->session));
  listed = isplic_license_list_lookup (isplic_session_get_licenses (f->session), id);
  g_assert_cmpint (isplic_license_get_status (listed), ==, ISPLIC_LICENSE_STATUS_PROCESSING);

  isplic_sim_clear_requests (f->sim);
  start = g_get_monotonic_time ();
  isplic_session_watch_order (f->session, id);
  isplic_session_watch_order (f->session, id); /* once is enough */
  g_assert_cmpuint (isplic_session_get_n_watched_orders (f->session), ==, 1);
  WAIT_FOR (ready != NULL);

  /* Not before the server had it ready, and without a refresh of the whole list. */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 500 * G_TIME_SPAN_MILLISECOND);
  g_assert_true (ready == listed);
  g_assert_cmpint (isplic_license_get_status (listed), ==, ISPLIC_LICENSE_STATUS_ACTIVE);
  g_assert_nonnull (isplic_license_get_key (listed));
  /* Looks at once, after 100, 200, 400 ms…: a handful, not one per tick. */
  g_assert_cmpuint (isplic_sim_count_requests (f->sim, "soft.edit"), >=, 2);
  g_assert_cmpuint (isplic_sim_count_requests (f->sim, "soft.edit"), <=, 5);
  g_assert_cmpuint (isplic_sim_count_requests (f->sim, "soft"), ==, 0);
  g_assert_cmpuint (isplic_session_get_n_watched_orders (f->session), ==, 0);
}

/* An order ready at the first look is not news; signing out stops the watch. */
static void
test_watch_order_stops (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(IsplicLicense) ready = NULL;
  g_autofree char *now = NULL;
  g_autofree char *later = NULL;
  guint looks;

  isplic_sim_set_key_delay (f->sim, 0);
  isplic_sim_set_logging (f->sim, TRUE);
  sign_in (f, FALSE);
  isplic_session_set_order_poll_interval (f->session, 50);
  g_signal_connect (f->session, "order-ready", G_CALLBACK (order_ready_cb), &ready);

  now = place_order (f, "web-02", "198.51.100.78");
  isplic_sim_clear_requests (f->sim);
  isplic_session_watch_order (f->session, now);
  WAIT_FOR (isplic_session_get_n_watched_orders (f->session) == 0);
  g_assert_null (ready);
  g_assert_cmpuint (isplic_sim_count_requests (f->sim, "soft.edit"), ==, 1);

  /* Never ready within the test: watched until sign-out, then no more looks. */
  isplic_sim_set_key_delay (f->sim, 60000);
  later = place_order (f, "web-03", "198.51.100.79");
  isplic_sim_clear_requests (f->sim);
  isplic_session_watch_order (f->session, later);
  WAIT_FOR (isplic_sim_count_requests (f->sim, "soft.edit") >= 3);
  isplic_session_sign_out (f->session);
  WAIT_FOR (isplic_session_get_n_watched_orders (f->session) == 0);
  looks = isplic_sim_count_requests (f->sim, "soft.edit");
  isplic_test_spin (1000);
  g_assert_cmpuint (isplic_sim_count_requests (f->sim, "soft.edit"), ==, looks);
  g_assert_null (ready);
}

/* The list kept for the next start */

static char *
cache_path (Fixture *f)
{
  return isplic_license_cache_path (f->url, ISPLIC_SIM_DEFAULT_USER);
}

static void
free_session (IsplicSession *session)
{
  isplic_session_shutdown (session);
  g_object_add_weak_pointer (G_OBJECT (session), (gpointer *) &session);
  g_object_unref (session);
  WAIT_FOR (session == NULL);
}

/* Signs in remembering the password and waits for the password and the cache file. */
static void
sign_in_and_keep (Fixture *f)
{
  g_autofree char *path = cache_path (f);
  g_autofree char *stored = NULL;

  sign_in (f, TRUE);
  WAIT_FOR (g_file_test (path, G_FILE_TEST_EXISTS));
  for (int i = 0; i < 100 && (stored == NULL || *stored == '\0'); i++)
    {
      g_clear_pointer (&stored, g_free);
      stored = stored_password (f);
      if (*stored == '\0')
        isplic_test_spin (20);
    }
  g_assert_cmpstr (stored, ==, ISPLIC_SIM_DEFAULT_PASSWORD);
}

static gboolean
contains_bytes (const char *data,
                gsize       len,
                const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; n > 0 && i + n <= len; i++)
    if (memcmp (data + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

static void
test_cache_saved (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *path = cache_path (f);
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GDateTime) saved = NULL;
  g_autoptr(GError) error = NULL;
  IsplicLicenseList *list = isplic_session_get_licenses (f->session);
  GStatBuf st;
  gsize len;
  guint keys = 0;

  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  sign_in (f, FALSE);
  /* Written after the refresh, in a worker thread. */
  WAIT_FOR (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* The licenses as listed, and no key: neither loaded back nor anywhere in the bytes. */
  loaded = isplic_license_cache_load (path, f->url, ISPLIC_SIM_DEFAULT_USER, &saved, &error);
  g_assert_no_error (error);
  g_assert_nonnull (saved);
  g_assert_cmpuint (loaded->len, ==, N_LICENSES);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  for (guint i = 0; i < loaded->len; i++)
    {
      IsplicLicense *license = g_ptr_array_index (loaded, i);
      IsplicLicense *listed = isplic_license_list_lookup (list, isplic_license_get_id (license));
      const char *key;

      g_assert_nonnull (listed);
      g_assert_cmpstr (isplic_license_get_name (license), ==, isplic_license_get_name (listed));
      g_assert_null (isplic_license_get_key (license));
      /* Read a key the way the app does, then look for it in the file. */
      key = isplic_license_get_key (listed);
      if (key != NULL && *key != '\0')
        {
          keys++;
          g_assert_false (contains_bytes (contents, len, key));
        }
    }
  g_test_message ("%u keys known to the session were checked", keys);

  /* Signing out removes it. */
  isplic_session_sign_out (f->session);
  /* A write still in flight is removed when it ends. */
  WAIT_FOR (!g_file_test (path, G_FILE_TEST_EXISTS));
  isplic_test_spin (200);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_cache_stale_restore (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *path = cache_path (f);
  g_autoptr(IsplicLicense) kept = NULL;
  IsplicSession *second;
  IsplicLicenseList *list;

  sign_in_and_keep (f);

  /* The next start: the server is slow, the kept list is on show before the sign-in is done. */
  isplic_sim_set_latency (f->sim, 400);
  second = new_session (f);
  list = isplic_session_get_licenses (second);
  f->stale_notes = 0;
  g_assert_true (isplic_session_restore (second));
  WAIT_FOR (isplic_session_get_stale (second));
  g_assert_false (isplic_session_get_signed_in (second));
  g_assert_cmpuint (n_licenses (second), ==, N_LICENSES);
  g_assert_nonnull (isplic_session_get_saved_time (second));
  kept = g_list_model_get_item (G_LIST_MODEL (list), 0);

  /* The refresh lands and reconciles in place: the same license objects, current now. */
  WAIT_FOR (isplic_session_get_signed_in (second) && !isplic_session_get_stale (second));
  g_assert_cmpuint (f->stale_notes, ==, 2);
  g_assert_null (isplic_session_get_saved_time (second));
  g_assert_cmpuint (n_licenses (second), ==, N_LICENSES);
  g_assert_true (isplic_license_list_lookup (list, isplic_license_get_id (kept)) == kept);

  /* Signing out removes the file. */
  isplic_session_sign_out (second);
  /* A write still in flight is removed when it ends. */
  WAIT_FOR (!g_file_test (path, G_FILE_TEST_EXISTS));
  isplic_test_spin (200);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (isplic_session_get_stale (second));
  free_session (second);
}

/* "cache-partial" turned off: the list's length then. */
static void
partial_notified_cb (IsplicSession *session,
                     GParamSpec    *pspec,
                     guint         *n_when_whole)
{
  if (!isplic_session_get_cache_partial (session))
    *n_when_whole = g_list_model_get_n_items (G_LIST_MODEL (isplic_session_get_licenses (session)));
}

/* A long kept list: its head (the first ISPLIC_LICENSE_CACHE_HEAD licenses, a file of its own)
 * is on show before the window's first frame, the rest follows when read; when the rest is
 * refused, the head goes too. */
static void
test_cache_head (Fixture       *f,
                 gconstpointer  data)
{
  /* Long enough for the rest to be merged over several main-loop iterations. */
  guint n = ISPLIC_LICENSE_CACHE_HEAD + 4000;
  guint n_when_whole = 0;
  g_autofree char *path = cache_path (f);
  g_autofree char *head_path = isplic_license_cache_head_path (path);
  g_autoptr(GPtrArray) head = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  IsplicLicenseList *list = isplic_session_get_licenses (f->session);
  IsplicSession *second;
  gsize len;

  isplic_sim_generate (f->sim, n, 9);
  sign_in_and_keep (f);
  WAIT_FOR (g_file_test (head_path, G_FILE_TEST_EXISTS));
  head = isplic_license_cache_load (head_path, f->url, ISPLIC_SIM_DEFAULT_USER, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (head->len, ==, ISPLIC_LICENSE_CACHE_HEAD);
  for (guint i = 0; i < head->len; i++)
    {
      g_autoptr(IsplicLicense) listed = g_list_model_get_item (G_LIST_MODEL (list), i);

      g_assert_cmpstr (isplic_license_get_id (g_ptr_array_index (head, i)), ==,
                       isplic_license_get_id (listed));
    }

  /* The next start, every kept list taken as long: in the first main-loop iteration (before
   * any frame) the head is on show, marked; the rest replaces it before the sign-in is done. */
  isplic_sim_set_latency (f->sim, 400);
  second = new_session (f);
  isplic_session_set_cache_sync_max (second, 0);
  g_signal_connect (second, "notify::cache-partial", G_CALLBACK (partial_notified_cb),
                    &n_when_whole);
  g_assert_true (isplic_session_restore (second));
  g_main_context_iteration (NULL, FALSE);
  g_assert_true (isplic_session_get_stale (second));
  g_assert_true (isplic_session_get_cache_partial (second));
  g_assert_cmpuint (n_licenses (second), ==, ISPLIC_LICENSE_CACHE_HEAD);
  WAIT_FOR (!isplic_session_get_cache_partial (second));
  /* Told when the whole list is in, not before (it is merged over several iterations). */
  g_assert_cmpuint (n_when_whole, ==, n);
  g_assert_true (isplic_session_get_stale (second));
  g_assert_false (isplic_session_get_signed_in (second));
  g_assert_cmpuint (n_licenses (second), ==, n);
  WAIT_FOR (isplic_session_get_signed_in (second) && !isplic_session_get_stale (second));
  g_assert_cmpuint (n_licenses (second), ==, n);
  free_session (second);

  /* The whole list damaged (one byte), its head not: the head is shown, then taken off. */
  WAIT_FOR (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  contents[len / 2] ^= 0x55;
  g_assert_true (g_file_set_contents (path, contents, len, NULL));
  second = new_session (f);
  isplic_session_set_cache_sync_max (second, 0);
  g_assert_true (isplic_session_restore (second));
  g_main_context_iteration (NULL, FALSE);
  g_assert_true (isplic_session_get_cache_partial (second));
  g_assert_cmpuint (n_licenses (second), ==, ISPLIC_LICENSE_CACHE_HEAD);
  WAIT_FOR (!isplic_session_get_cache_partial (second));
  g_assert_false (isplic_session_get_stale (second));
  g_assert_false (isplic_session_get_signed_in (second));
  g_assert_cmpuint (n_licenses (second), ==, 0);
  /* Then the server's list, as after any refused cache. */
  WAIT_FOR (isplic_session_get_signed_in (second) && n_licenses (second) == n);

  /* Signing out removes both files. */
  isplic_session_sign_out (second);
  WAIT_FOR (!g_file_test (path, G_FILE_TEST_EXISTS));
  isplic_test_spin (200);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (head_path, G_FILE_TEST_EXISTS));
  free_session (second);
}

/* The kept list is read in a thread at restore and shown in the next main-loop iteration: a
 * sign-out before that never shows it, and nothing of it is left behind. */
static void
test_cache_sign_out_while_reading (Fixture       *f,
                                   gconstpointer  data)
{
  IsplicSession *second;

  sign_in_and_keep (f);

  isplic_sim_set_latency (f->sim, 400);
  second = new_session (f);
  f->stale_notes = 0;
  g_assert_true (isplic_session_restore (second));
  /* Still being read: nothing shown yet. */
  g_assert_cmpuint (n_licenses (second), ==, 0);
  isplic_session_sign_out (second);
  isplic_test_spin (200);
  g_assert_cmpuint (f->stale_notes, ==, 0);
  g_assert_false (isplic_session_get_stale (second));
  g_assert_cmpuint (n_licenses (second), ==, 0);
  free_session (second);
}

static void
save_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (isplic_license_cache_save_finish (result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

/* A kept list that is damaged, or another account's under this account's name, is never shown:
 * the next start signs in and shows the server's list, never a stale one. */
static void
test_cache_refused (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *path = cache_path (f);

  sign_in_and_keep (f);
  isplic_sim_set_latency (f->sim, 200);

  for (int variant = 0; variant < 2; variant++)
    {
      IsplicSession *second;

      if (variant == 0)
        {
          g_autofree char *contents = NULL;
          gsize len;

          /* Damaged: one byte in the middle changed. */
          g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
          contents[len / 2] ^= 0x5a;
          g_assert_true (g_file_set_contents (path, contents, len, NULL));
        }
      else
        {
          g_autofree char *other = isplic_license_cache_path ("https://other.example",
                                                              ISPLIC_SIM_DEFAULT_USER);
          gboolean done = FALSE;

          isplic_license_cache_save_async (other, "https://other.example",
                                           ISPLIC_SIM_DEFAULT_USER,
                                           G_LIST_MODEL (isplic_session_get_licenses (f->session)),
                                           NULL, save_cb, &done);
          WAIT_FOR (done);
          g_assert_cmpint (g_rename (other, path), ==, 0);
        }

      second = new_session (f);
      f->stale_notes = 0;
      f->refreshed = 0;
      g_assert_true (isplic_session_restore (second));
      WAIT_FOR (isplic_session_get_signed_in (second) && f->refreshed == 1);
      g_assert_cmpuint (f->stale_notes, ==, 0);
      g_assert_false (isplic_session_get_stale (second));
      g_assert_cmpuint (n_licenses (second), ==, N_LICENSES);
      free_session (second);
    }
}

/* Without a stored password there is no refresh to come: the kept list is taken off again. */
static void
test_cache_no_password (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *path = cache_path (f);
  IsplicSession *second;
  gboolean done = FALSE;

  sign_in (f, FALSE);
  WAIT_FOR (g_file_test (path, G_FILE_TEST_EXISTS));
  /* Saved again and waited for, so that no write is in flight. */
  isplic_license_cache_save_async (path, f->url, ISPLIC_SIM_DEFAULT_USER,
                                   G_LIST_MODEL (isplic_session_get_licenses (f->session)), NULL,
                                   save_cb, &done);
  WAIT_FOR (done);

  second = new_session (f);
  f->restore_finished = 0;
  f->stale_notes = 0;
  g_assert_true (isplic_session_restore (second));
  WAIT_FOR (f->restore_finished == 1);
  g_assert_false (f->restore_signing_in);
  g_assert_false (isplic_session_get_stale (second));
  g_assert_cmpuint (n_licenses (second), ==, 0);
  /* Shown and taken off, or never shown when the keyring answered first. */
  g_assert_true (f->stale_notes == 0 || f->stale_notes == 2);
  /* The file stays for the next sign-in to this account. */
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  free_session (second);
}

static void
journal_told_cb (IsplicSession  *session,
                 GPtrArray      *entries,
                 GPtrArray     **out)
{
  g_assert_null (*out);
  *out = g_ptr_array_ref (entries);
}

/* An order an earlier run sent without seeing the answer: at sign-in it is looked into with the
 * server (nothing at its IP address: not placed), ended in the journal and told once; the
 * session's client writes every change down before sending it. */
static void
test_journal (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *path = isplic_journal_default_path ();
  g_autoptr(IsplicJournal) journal = isplic_journal_new (path);
  g_autofree char *account = isplic_journal_account_name (f->url, ISPLIC_SIM_DEFAULT_USER);
  g_autoptr(GPtrArray) told = NULL;
  g_autoptr(GPtrArray) open = NULL;
  const char *params[] = { "ip", "203.0.113.254", "pricelist", "55227", "skipbasket", "on" };
  IsplicJournalEntry *entry;
  guint64 id;

  id = isplic_journal_begin_full (journal, account, "soft.order.param", NULL,
                                  "soft.order.param ip=203.0.113.254", TRUE, params,
                                  G_N_ELEMENTS (params), NULL);
  g_assert_cmpuint (id, !=, 0);
  g_signal_connect (f->session, "journal-told", G_CALLBACK (journal_told_cb), &told);
  sign_in (f, FALSE);
  WAIT_FOR (told != NULL);
  g_assert_cmpuint (told->len, ==, 1);
  entry = told->pdata[0];
  g_assert_cmpuint (entry->id, ==, id);
  g_assert_cmpint (entry->outcome, ==, ISPLIC_JOURNAL_NOT_DONE);
  g_assert_nonnull (strstr (entry->message, "nothing was charged"));
  open = isplic_journal_open_entries (journal, account, NULL);
  g_assert_cmpuint (open->len, ==, 0);

  /* The session's client keeps the journal: a suspension is written with its outcome. */
  g_assert_true (isplic_client_get_journal (isplic_session_get_client (f->session)) != NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  isplic_test_own_keyring ();

  g_test_add ("/session/sign-in-refresh", Fixture, NULL, fixture_setup, test_sign_in_refresh,
              fixture_teardown);
  g_test_add ("/session/sign-in-refused", Fixture, NULL, fixture_setup, test_sign_in_refused,
              fixture_teardown);
  g_test_add ("/session/sign-out", Fixture, NULL, fixture_setup, test_sign_out,
              fixture_teardown);
  g_test_add ("/session/remember-restore", Fixture, NULL, fixture_setup, test_remember_restore,
              fixture_teardown);
  g_test_add ("/session/demo", Fixture, NULL, fixture_setup, test_demo, fixture_teardown);
  g_test_add ("/session/journal", Fixture, NULL, fixture_setup, test_journal, fixture_teardown);
  g_test_add ("/session/no-settings", Fixture, NULL, fixture_setup, test_no_settings,
              fixture_teardown);
  g_test_add ("/session/cache-saved", Fixture, NULL, fixture_setup, test_cache_saved,
              fixture_teardown);
  g_test_add ("/session/cache-stale-restore", Fixture, NULL, fixture_setup,
              test_cache_stale_restore, fixture_teardown);
  g_test_add ("/session/cache-head", Fixture, NULL, fixture_setup, test_cache_head,
              fixture_teardown);
  g_test_add ("/session/cache-sign-out-while-reading", Fixture, NULL, fixture_setup,
              test_cache_sign_out_while_reading, fixture_teardown);
  g_test_add ("/session/cache-refused", Fixture, NULL, fixture_setup, test_cache_refused,
              fixture_teardown);
  g_test_add ("/session/cache-no-password", Fixture, NULL, fixture_setup, test_cache_no_password,
              fixture_teardown);

  g_test_add ("/session/watch-order", Fixture, NULL, fixture_setup, test_watch_order,
              fixture_teardown);
  g_test_add ("/session/watch-order-stops", Fixture, NULL, fixture_setup,
              test_watch_order_stops, fixture_teardown);

  return g_test_run ();
}
