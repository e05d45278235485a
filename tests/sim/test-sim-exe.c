/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The isplic-billmgr-sim program: --port 0 prints its URL first, serves, and stops on SIGTERM;
 * bad state files, a state file in use and a save killed half-way end cleanly. */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

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

/* Runs the program to its end; returns the exit status and stderr. Asserts it was not killed by
 * a signal (a crash). */
static int
run_to_end (const char * const  *argv,
            char               **err_text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                                         | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                                   &error);
  g_autofree char *err = NULL;

  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, NULL, &err, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  if (err_text)
    *err_text = g_steal_pointer (&err);
  return g_subprocess_get_exit_status (proc);
}

/* A million '[' as the state: a message and exit 1, not a stack overflow. */
static void
test_exe_nested_state (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("isplic-sim-exe-XXXXXX", &error);
  g_autofree char *state = g_build_filename (dir, "state.json", NULL);
  g_autofree char *lock = g_strconcat (state, ".lock", NULL);
  const char *argv[] = { SIM_EXE, "--state", state, NULL };
  gsize n = 1000000;
  g_autofree char *deep = g_malloc (n);
  g_autofree char *err = NULL;

  memset (deep, '[', n);
  g_assert_true (g_file_set_contents (state, deep, (gssize) n, &error));
  g_assert_cmpint (run_to_end (argv, &err), ==, 1);
  g_assert_nonnull (strstr (err, "isplic-billmgr-sim: "));
  g_assert_nonnull (strstr (err, "nested more than 64 levels"));
  /* Neither the file nor a lock is left changed. */
  g_assert_false (g_file_test (lock, G_FILE_TEST_EXISTS));
  {
    g_autofree char *text = NULL;
    gsize len;

    g_assert_true (g_file_get_contents (state, &text, &len, &error));
    g_assert_cmpuint (len, ==, n);
  }
  g_unlink (state);
  g_rmdir (dir);
}

/* A second simulator on the same state file is refused, naming the first one's pid. */
static void
test_exe_state_in_use (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("isplic-sim-exe-XXXXXX", &error);
  g_autofree char *state = g_build_filename (dir, "state.json", NULL);
  g_autofree char *lock = g_strconcat (state, ".lock", NULL);
  const char *argv[] = { SIM_EXE, "--state", state, "--licenses", "3", NULL };
  const char *argv2[] = { SIM_EXE, "--state", state, NULL };
  g_autoptr(GSubprocess) first = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *url = NULL;
  g_autofree char *err = NULL;
  g_autofree char *expected = NULL;

  first = spawn (argv, &url, &out);
  expected = g_strdup_printf ("is in use by another simulator (pid %s)",
                              g_subprocess_get_identifier (first));
  g_assert_true (g_file_test (lock, G_FILE_TEST_EXISTS));
  g_assert_cmpint (run_to_end (argv2, &err), ==, 1);
  g_assert_nonnull (strstr (err, expected));
  g_assert_nonnull (strstr (err, state));

  /* The first one still serves its three licenses; once it stops, the file is free. */
  {
    g_autofree char *list = g_strdup_printf ("%s?func=soft&out=json&authinfo=reseller%%40example.com"
                                             ":demo", url);
    g_autoptr(GBytes) body = get (list, &error);
    g_autofree char *text = NULL;

    g_assert_no_error (error);
    text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
    g_assert_nonnull (strstr (text, "\"p_elems\":{\"$\":\"3\"}"));
  }
  g_subprocess_send_signal (first, SIGTERM);
  g_assert_true (g_subprocess_wait (first, NULL, &error));
  g_assert_cmpint (g_subprocess_get_exit_status (first), ==, 0);
  g_assert_false (g_file_test (lock, G_FILE_TEST_EXISTS));
  {
    g_autoptr(GSubprocess) again = NULL;
    g_autoptr(GDataInputStream) out2 = NULL;
    g_autofree char *url2 = NULL;

    again = spawn (argv2, &url2, &out2);
    g_subprocess_send_signal (again, SIGTERM);
    g_assert_true (g_subprocess_wait (again, NULL, &error));
    g_assert_cmpint (g_subprocess_get_exit_status (again), ==, 0);
  }
  g_unlink (state);
  g_rmdir (dir);
}

static char *
find_temp (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, ".state.json.tmp-"))
      return g_build_filename (dir, name, NULL);
  return NULL;
}

/* kill -9 while the state is being written: the half-written temporary file is removed by the
 * next simulator on that file, and the state file is whole (old or new, never half). */
static void
test_exe_killed_save (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("isplic-sim-exe-XXXXXX", &error);
  g_autofree char *state = g_build_filename (dir, "state.json", NULL);
  g_autofree char *stale = g_build_filename (dir, ".state.json.tmp-2147483646-Q1w2E3", NULL);
  const char *argv[] = { SIM_EXE, "--state", state, "--licenses", "100000", NULL };
  const char *argv2[] = { SIM_EXE, "--state", state, NULL };
  g_autoptr(GSubprocess) proc = NULL;
  g_autofree char *temp = NULL;
  gint64 end;

  /* A big state makes the save slow enough to be caught in the act. */
  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                  | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  g_assert_no_error (error);
  end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < end && !g_file_test (state, G_FILE_TEST_EXISTS)
         && (temp = find_temp (dir)) == NULL)
    g_usleep (500);
  g_subprocess_force_exit (proc);
  g_assert_true (g_subprocess_wait (proc, NULL, &error));
  g_assert_true (g_subprocess_get_if_signaled (proc));
  g_clear_pointer (&temp, g_free);
  temp = find_temp (dir);
  if (temp != NULL)
    {
      g_test_message ("killed mid-save: %s left behind", temp);
      g_assert_false (g_file_test (state, G_FILE_TEST_EXISTS));
    }
  else
    {
      /* The save finished first: leave a temporary file as a killed one would. */
      g_test_message ("the save finished before the kill; testing with a planted file");
      g_assert_true (g_file_set_contents (stale, "{\"licenses\":[", -1, &error));
      temp = g_strdup (stale);
    }

  {
    g_autoptr(GSubprocess) next = NULL;
    g_autoptr(GDataInputStream) out = NULL;
    g_autofree char *url = NULL;
    g_autofree char *left = NULL;

    next = spawn (argv2, &url, &out);
    g_assert_false (g_file_test (temp, G_FILE_TEST_EXISTS));
    left = find_temp (dir);
    g_assert_null (left);
    g_assert_true (g_file_test (state, G_FILE_TEST_EXISTS));
    g_subprocess_send_signal (next, SIGTERM);
    g_assert_true (g_subprocess_wait (next, NULL, &error));
    g_assert_cmpint (g_subprocess_get_exit_status (next), ==, 0);
  }
  g_unlink (state);
  g_rmdir (dir);
}

/* --disable FUNC: that function is unknown to the server. */
static void
test_exe_disable (void)
{
  const char *argv[] = { SIM_EXE, "--licenses", "2", "--disable", "basket", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *url = NULL;

  proc = spawn (argv, &url, &out);
  {
    g_autofree char *basket = g_strdup_printf ("%s?func=basket&out=json&authinfo=reseller%%40"
                                               "example.com:demo", url);
    g_autofree char *list = g_strdup_printf ("%s?func=soft&out=json&authinfo=reseller%%40"
                                             "example.com:demo", url);
    g_autoptr(GBytes) b1 = get (basket, &error);
    g_autoptr(GBytes) b2 = get (list, &error);
    g_autofree char *t1 = g_strndup (g_bytes_get_data (b1, NULL), g_bytes_get_size (b1));
    g_autofree char *t2 = g_strndup (g_bytes_get_data (b2, NULL), g_bytes_get_size (b2));

    g_assert_nonnull (strstr (t1, "\"$type\":\"missed\""));
    g_assert_nonnull (strstr (t1, "\"$object\":\"func\""));
    g_assert_nonnull (strstr (t1, "Unknown function"));
    g_assert_null (strstr (t2, "\"error\""));
  }
  g_subprocess_send_signal (proc, SIGTERM);
  g_assert_true (g_subprocess_wait (proc, NULL, &error));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
}

/* doc.@name.$ of @url's JSON answer (transfer full). */
static char *
doc_value (const char *url,
           const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = get (url, &error);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *doc;

  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                             (gssize) g_bytes_get_size (body), &error));
  doc = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "doc");
  return g_strdup (json_object_get_string_member (json_object_get_object_member (doc, name), "$"));
}

/* --balance and --credit-limit; the balance changed over /sim/control; bad amounts exit 2. */
static void
test_exe_balance (void)
{
  const char *argv[] = { SIM_EXE, "--licenses", "2", "--balance", "120.00", "--credit-limit", "50",
                         NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *url = NULL;
  g_autofree char *base = NULL;
  g_autofree char *notify = NULL;
  g_autofree char *balance = NULL;

  proc = spawn (argv, &url, &out);
  base = g_strndup (url, strlen (url) - strlen ("/billmgr"));
  notify = g_strdup_printf ("%s?func=notify&notifiaction=count&out=json"
                            "&authinfo=reseller@example.com:demo", url);
  balance = doc_value (notify, "realbalance");
  g_assert_cmpstr (balance, ==, "120.00 EUR");
  {
    g_autofree char *control = g_strdup_printf ("%s/sim/control?balance=7.5&credit_limit=0", base);
    g_autoptr(GBytes) ok = get (control, &error);

    g_assert_no_error (error);
    g_free (balance);
    balance = doc_value (notify, "realbalance");
    g_assert_cmpstr (balance, ==, "7.50 EUR");
  }
  g_subprocess_send_signal (proc, SIGTERM);
  g_assert_true (g_subprocess_wait (proc, NULL, &error));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);

  {
    const char *bad1[] = { SIM_EXE, "--balance", "lots", NULL };
    const char *bad2[] = { SIM_EXE, "--credit-limit", "-5", NULL };
    g_autofree char *err = NULL;

    g_assert_cmpint (run_to_end (bad1, &err), ==, 2);
    g_assert_nonnull (strstr (err, "lots"));
    g_assert_cmpint (run_to_end (bad2, NULL), ==, 2);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sim-exe/serves", test_exe_serves);
  g_test_add_func ("/sim-exe/bad-option", test_exe_bad_option);
  g_test_add_func ("/sim-exe/nested-state", test_exe_nested_state);
  g_test_add_func ("/sim-exe/state-in-use", test_exe_state_in_use);
  g_test_add_func ("/sim-exe/killed-save", test_exe_killed_save);
  g_test_add_func ("/sim-exe/disable", test_exe_disable);
  g_test_add_func ("/sim-exe/balance", test_exe_balance);
  return g_test_run ();
}
