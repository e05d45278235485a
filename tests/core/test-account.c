/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "isplic-core.h"
#include "isplic-test-utils.h"

typedef struct
{
  GMainLoop *loop;
  GAsyncResult *result;
  guint calls;
} Wait;

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->calls++;
  g_assert_null (wait->result);
  wait->result = g_object_ref (result);
  g_main_loop_quit (wait->loop);
}

static GAsyncResult *
wait_result (Wait *wait)
{
  GAsyncResult *result;

  g_main_loop_run (wait->loop);
  g_assert_cmpuint (wait->calls, ==, 1);
  result = g_steal_pointer (&wait->result);
  wait->calls = 0;
  return result;
}

/* Each runs one call to completion and asserts that it did not fail. */
static void
store_password (Wait       *wait,
                const char *server,
                const char *user,
                const char *password)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  isplic_account_store_password_async (server, user, password, NULL, done_cb, wait);
  result = wait_result (wait);
  g_assert_true (isplic_account_store_password_finish (result, &error));
  g_assert_no_error (error);
}

static char *
lookup_password (Wait       *wait,
                 const char *server,
                 const char *user)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  char *found;

  isplic_account_lookup_password_async (server, user, NULL, done_cb, wait);
  result = wait_result (wait);
  found = isplic_account_lookup_password_finish (result, &error);
  g_assert_no_error (error);
  return found;
}

static void
clear_password (Wait       *wait,
                const char *server,
                const char *user)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  isplic_account_clear_password_async (server, user, NULL, done_cb, wait);
  result = wait_result (wait);
  g_assert_true (isplic_account_clear_password_finish (result, &error));
  g_assert_no_error (error);
}

static void
test_account_roundtrip (void)
{
  const char *server = "https://billing.example.com/billmgr";
  const char *other_server = "https://other.example.com/billmgr";
  const char *user = "reseller@example.com";
  const char *password = "p:a&s%s+w#o?rd ü";
  Wait wait = { g_main_loop_new (NULL, FALSE), NULL, 0 };
  char *found;

  if (g_strcmp0 (g_getenv ("SECRET_BACKEND"), "file") != 0)
    {
      g_test_skip ("needs libsecret's file backend (SECRET_BACKEND=file)");
      g_main_loop_unref (wait.loop);
      return;
    }

  /* Start clean (a previous run may have left the keyring file). */
  clear_password (&wait, server, user);
  found = lookup_password (&wait, server, user);
  g_assert_null (found);

  store_password (&wait, server, user, password);
  found = lookup_password (&wait, server, user);
  g_assert_cmpstr (found, ==, password);
  isplic_account_password_free (found);

  /* Keyed by server and user: another server has nothing. */
  found = lookup_password (&wait, other_server, user);
  g_assert_null (found);

  /* Storing again replaces. */
  store_password (&wait, server, user, "second");
  found = lookup_password (&wait, server, user);
  g_assert_cmpstr (found, ==, "second");
  isplic_account_password_free (found);

  clear_password (&wait, server, user);
  found = lookup_password (&wait, server, user);
  g_assert_null (found);

  isplic_account_password_free (NULL);
  g_main_loop_unref (wait.loop);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  isplic_test_own_keyring ();

  g_test_add_func ("/account/roundtrip", test_account_roundtrip);

  return g_test_run ();
}
