/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Test helper: stores the password read from stdin for SERVER and USER through the core's
 * account API (libsecret; the tests point it at its file backend), so that the CLI's
 * keyring path can be tested end to end. Exit 0 when stored. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "isplic-core.h"

typedef struct {
  GMainLoop *loop;
  GError    *error;
} Store;

static void
store_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Store *store = user_data;

  isplic_account_store_password_finish (result, &store->error);
  g_main_loop_quit (store->loop);
}

int
main (int    argc,
      char **argv)
{
  Store store = { 0 };
  char password[1024];
  size_t len;

  if (argc != 3 || fgets (password, sizeof password, stdin) == NULL)
    {
      fprintf (stderr, "usage: %s SERVER USER < password\n", argv[0]);
      return 2;
    }
  len = strlen (password);
  while (len > 0 && (password[len - 1] == '\n' || password[len - 1] == '\r'))
    password[--len] = '\0';

  store.loop = g_main_loop_new (NULL, FALSE);
  isplic_account_store_password_async (argv[1], argv[2], password, NULL, store_cb, &store);
  g_main_loop_run (store.loop);
  g_main_loop_unref (store.loop);

  if (store.error != NULL)
    {
      fprintf (stderr, "%s\n", store.error->message);
      g_error_free (store.error);
      return 1;
    }
  return 0;
}
