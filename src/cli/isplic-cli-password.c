/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Where the CLI gets the password from: ISPLIC_PASSWORD, else the Secret Service, else a prompt
 * without echo when stdin is a terminal. The password is never printed. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "isplic-cli-private.h"

static struct termios saved_termios;

/* Ctrl+C while the terminal does not echo: give the terminal back before leaving. */
static void
prompt_interrupted (int signum)
{
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved_termios);
  if (write (STDERR_FILENO, "\n", 1) < 0)
    {
      /* Nothing to do: we are leaving anyway. */
    }
  _exit (ISPLIC_CLI_EXIT_INTERRUPTED);
}

/* Returns the typed password, NULL when stdin is not a terminal or nothing was typed. */
static char *
prompt_password (const char *user)
{
  struct sigaction action, old_action;
  struct termios noecho;
  char buffer[1024];
  char *line;
  char *password = NULL;
  size_t len;

  if (!isatty (STDIN_FILENO) || tcgetattr (STDIN_FILENO, &saved_termios) != 0)
    return NULL;

  memset (&action, 0, sizeof action);
  action.sa_handler = prompt_interrupted;
  sigemptyset (&action.sa_mask);
  sigaction (SIGINT, &action, &old_action);

  /* Echo goes off before the prompt appears, so nothing typed after it can be shown (and
   * TCSAFLUSH cannot drop what is typed after the prompt). */
  noecho = saved_termios;
  noecho.c_lflag &= ~(tcflag_t) ECHO;
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &noecho);

  /* TRANSLATORS: the prompt for the account's password; %s is the user name. */
  g_printerr (_("Password for %s: "), user);
  fflush (stderr);

  do
    line = fgets (buffer, sizeof buffer, stdin);
  while (line == NULL && errno == EINTR && !feof (stdin));
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved_termios);
  sigaction (SIGINT, &old_action, NULL);
  g_printerr ("\n");

  if (line != NULL)
    {
      len = strlen (buffer);
      while (len > 0 && (buffer[len - 1] == '\n' || buffer[len - 1] == '\r'))
        buffer[--len] = '\0';
      if (len > 0)
        password = g_strdup (buffer);
    }
  explicit_bzero (buffer, sizeof buffer);

  return password;
}

static void
finish_without_secret (GTask *task)
{
  const char *user = g_task_get_task_data (task);
  char *password = prompt_password (user);

  if (password != NULL)
    {
      g_task_return_pointer (task, password, (GDestroyNotify) isplic_account_password_free);
      return;
    }

  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           /* TRANSLATORS: %s is the user name. */
                           _("No password for %s. Set the environment variable ISPLIC_PASSWORD, "
                             "store it with the IspLic app (it goes to the keyring), or run "
                             "isplic-cli in a terminal to be asked for it."),
                           user);
}

static void
lookup_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *password;

  password = isplic_account_lookup_password_finish (result, &error);
  if (password != NULL)
    {
      g_task_return_pointer (task, password, (GDestroyNotify) isplic_account_password_free);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* No keyring (no D-Bus session, locked…) is not a failure: there are other ways. */
  if (error != NULL)
    g_debug ("No password from the Secret Service: %s", error->message);

  finish_without_secret (task);
}

void
isplic_cli_password_async (const char          *server_url,
                           const char          *user,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  const char *from_env;

  g_return_if_fail (server_url != NULL);
  g_return_if_fail (user != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, isplic_cli_password_async);
  g_task_set_task_data (task, g_strdup (user), g_free);

  from_env = g_getenv ("ISPLIC_PASSWORD");
  if (from_env != NULL && *from_env != '\0')
    {
      g_task_return_pointer (task, g_strdup (from_env),
                             (GDestroyNotify) isplic_account_password_free);
      return;
    }

  isplic_account_lookup_password_async (server_url, user, cancellable, lookup_cb,
                                        g_steal_pointer (&task));
}

char *
isplic_cli_password_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
