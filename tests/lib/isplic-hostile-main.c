/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * isplic-hostile-server: the misbehaving billmgr as a program, for tests written in Python.
 * Prints its URL (http://127.0.0.1:PORT/billmgr) as the first line of stdout, then serves until
 * it gets SIGTERM or SIGINT, or its stdin reaches end of file (so a test that dies takes the
 * server with it). The request log is at http://127.0.0.1:PORT/hostile/requests.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <glib-unix.h>

#include "isplic-hostile-server.h"

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static gboolean
stdin_cb (gint         fd,
          GIOCondition condition,
          gpointer     data)
{
  char buffer[256];
  gssize n = read (fd, buffer, sizeof buffer);

  if (n > 0)
    return G_SOURCE_CONTINUE;
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *script = NULL;
  gboolean ignore_stdin = FALSE;
  const GOptionEntry entries[] = {
    { "script", 's', 0, G_OPTION_ARG_FILENAME, &script,
      "Answer as FILE says: {\"FUNC\": [behaviour, …], \"*\": [default…]}", "FILE" },
    { "ignore-stdin", 0, 0, G_OPTION_ARG_NONE, &ignore_stdin,
      "Keep running when stdin closes (stop with a signal)", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new ("- a misbehaving billmgr for tests");
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(IsplicHostile) hostile = NULL;

  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      g_printerr ("isplic-hostile-server: %s\n", error->message);
      return 2;
    }
  hostile = isplic_hostile_new ();
  if (script != NULL && !isplic_hostile_load_script_file (hostile, script, &error))
    {
      g_printerr ("isplic-hostile-server: %s\n", error->message);
      return 2;
    }
  printf ("%s\n", isplic_hostile_get_url (hostile));
  fflush (stdout);

  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  if (!ignore_stdin)
    g_unix_fd_add (0, G_IO_IN | G_IO_HUP | G_IO_ERR, stdin_cb, loop);
  g_main_loop_run (loop);
  return 0;
}
