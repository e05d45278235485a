/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The isplic-billmgr-sim program: --port 0 prints its URL first, serves, and stops on SIGTERM. */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>

#include "test-sim-http.h"

static GBytes *
get (const char  *url,
     GError     **error)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);

  soup_session_set_timeout (session, 10);
  return test_sim_send (session, msg, error);
}

static GSubprocess *
spawn (const char * const *argv,
       char              **url,
       GDataInputStream  **out)
{
  g_autoptr(GError) error = NULL;
  GSubprocess *proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                               | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  gsize len;

  g_assert_no_error (error);
  *out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
  *url = g_data_input_stream_read_line_utf8 (*out, &len, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (*url);
  return proc;
}

static void
test_exe_serves (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("isplic-sim-exe-XXXXXX", &error);
  g_autofree char *state = g_build_filename (dir, "state.json", NULL);
  const char *argv[] = { SIM_EXE, "--port", "0", "--licenses", "7", "--seed", "5", "--state", state,
                         "--user", "u@example.com", "--password", "s3cret", "--log", NULL };
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *url = NULL;
  g_autofree char *list = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *err_text = NULL;
  JsonObject *doc;

  g_assert_no_error (error);
  proc = spawn (argv, &url, &out);
  g_assert_true (g_str_has_prefix (url, "http://127.0.0.1:"));
  g_assert_true (g_str_has_suffix (url, "/billmgr"));

  list = g_strdup_printf ("%s?func=soft&out=json&authinfo=u@example.com:s3cret", url);
  body = get (list, &error);
  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                             (gssize) g_bytes_get_size (body), &error));
  doc = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "doc");
  g_assert_false (json_object_has_member (doc, "error"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (doc, "p_elems"),
                                                  "$"), ==, "7");

  /* The program keeps a request log for GET /sim/requests, without the password. */
  {
    g_autofree char *requests = g_strdup_printf ("%.*s/sim/requests",
                                                 (int) (strlen (url) - strlen ("/billmgr")), url);
    g_autoptr(GBytes) log = get (requests, &error);
    g_autofree char *text = g_strndup (g_bytes_get_data (log, NULL), g_bytes_get_size (log));

    g_assert_no_error (error);
    g_assert_nonnull (strstr (text, "\"func\" : \"soft\""));
    g_assert_nonnull (strstr (text, "***"));
    g_assert_null (strstr (text, "s3cret"));
  }

  g_subprocess_send_signal (proc, SIGTERM);
  g_assert_true (g_subprocess_wait (proc, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);

  /* --log printed the request, without the password. */
  {
    GInputStream *err = g_subprocess_get_stderr_pipe (proc);
    char buf[4096];
    gssize n = g_input_stream_read (err, buf, sizeof buf - 1, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpint (n, >, 0);
    buf[n] = '\0';
    err_text = g_strdup (buf);
  }
  g_assert_nonnull (strstr (err_text, "GET /billmgr"));
  g_assert_nonnull (strstr (err_text, "authinfo=***"));
  g_assert_null (strstr (err_text, "s3cret"));
  g_assert_true (g_file_test (state, G_FILE_TEST_EXISTS));

  /* Restarted on the same state file without --licenses, it has the same licenses. */
  {
    const char *argv2[] = { SIM_EXE, "--state", state, NULL };
    g_autoptr(GSubprocess) p2 = NULL;
    g_autoptr(GDataInputStream) out2 = NULL;
    g_autofree char *url2 = NULL;
    g_autofree char *sim_state = NULL;
    g_autoptr(GBytes) b2 = NULL;
    g_autoptr(JsonParser) p = json_parser_new ();
    JsonArray *lics;

    p2 = spawn (argv2, &url2, &out2);
    sim_state = g_strdup_printf ("%.*s/sim/state", (int) (strlen (url2) - strlen ("/billmgr")),
                                 url2);
    b2 = get (sim_state, &error);
    g_assert_no_error (error);
    g_assert_true (json_parser_load_from_data (p, g_bytes_get_data (b2, NULL),
                                               (gssize) g_bytes_get_size (b2), &error));
    lics = json_object_get_array_member (json_node_get_object (json_parser_get_root (p)),
                                         "licenses");
    g_assert_cmpuint (json_array_get_length (lics), ==, 7);
    g_subprocess_send_signal (p2, SIGINT);
    g_assert_true (g_subprocess_wait (p2, NULL, &error));
    g_assert_cmpint (g_subprocess_get_exit_status (p2), ==, 0);
  }
  g_unlink (state);
  g_rmdir (dir);
}

static void
test_exe_bad_option (void)
{
  const char *argv[] = { SIM_EXE, "--fail", "soft=explode", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;

  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                  | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);

  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait (proc, NULL, &error));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sim-exe/serves", test_exe_serves);
  g_test_add_func ("/sim-exe/bad-option", test_exe_bad_option);
  return g_test_run ();
}
