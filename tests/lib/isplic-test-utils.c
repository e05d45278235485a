/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "isplic-test-utils.h"

/* ---- the main context ------------------------------------------------------------------- */

static gboolean
tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* A 10 ms timeout on the thread-default context, so that an iteration never blocks for longer
 * than that and a deadline is noticed. */
guint
isplic_test_tick_add (void)
{
  g_autoptr(GSource) source = g_timeout_source_new (10);

  g_source_set_callback (source, tick_cb, NULL, NULL);
  return g_source_attach (source, g_main_context_get_thread_default ());
}

void
isplic_test_tick_remove (guint id)
{
  GSource *source = g_main_context_find_source_by_id (g_main_context_get_thread_default (), id);

  if (source != NULL)
    g_source_destroy (source);
}

/**
 * isplic_test_wait_until:
 * @condition: checked before each iteration
 * @timeout_ms: the deadline
 *
 * Iterates the thread-default main context until @condition returns %TRUE.
 *
 * Returns: %TRUE when it did, %FALSE after @timeout_ms.
 */
gboolean
isplic_test_wait_until (IsplicTestCondition condition,
                        gpointer            data,
                        guint               timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + timeout_ms * (gint64) 1000;
  guint tick = isplic_test_tick_add ();
  gboolean met;

  while (!(met = condition (data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (g_main_context_get_thread_default (), TRUE);
  isplic_test_tick_remove (tick);
  return met;
}

/* Runs the thread-default main context for @ms milliseconds: to show that nothing happens. */
void
isplic_test_spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * (gint64) 1000;
  guint tick = isplic_test_tick_add ();

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (g_main_context_get_thread_default (), TRUE);
  isplic_test_tick_remove (tick);
}

void
isplic_test_result_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  IsplicTestResult *r = user_data;

  r->calls++;
  g_set_object (&r->result, result);
}

static gboolean
called (gpointer data)
{
  return ((IsplicTestResult *) data)->calls > 0;
}

/**
 * isplic_test_wait_result:
 *
 * Waits for the callback, then runs the main context 20 ms more to catch a second call: an
 * async operation must complete exactly once. Fails the test otherwise.
 *
 * Returns: (transfer full): the result; @r is ready for the next operation.
 */
GAsyncResult *
isplic_test_wait_result (IsplicTestResult *r)
{
  if (!isplic_test_wait_until (called, r, ISPLIC_TEST_WAIT_MS))
    g_error ("timed out waiting for an async result");
  isplic_test_spin (20);
  g_assert_cmpuint (r->calls, ==, 1);
  r->calls = 0;
  return g_steal_pointer (&r->result);
}

/* ---- the client and the keyring --------------------------------------------------------- */

/* Returns: (transfer full) (element-type IsplicLicense): what isplic_client_list_async() lists. */
GPtrArray *
isplic_test_client_list (IsplicClient *client)
{
  IsplicTestResult r = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *licenses;

  isplic_client_list_async (client, NULL, isplic_test_result_cb, &r);
  result = isplic_test_wait_result (&r);
  licenses = isplic_client_list_finish (client, result, &error);
  g_assert_no_error (error);
  return licenses;
}

static char *own_keyring;

static void
remove_own_keyring (void)
{
  g_autofree char *backup = g_strconcat (own_keyring, "~", NULL);

  g_unlink (own_keyring);
  g_unlink (backup);
  g_clear_pointer (&own_keyring, g_free);
}

void
isplic_test_own_keyring (void)
{
  const char *shared = g_getenv ("SECRET_FILE_TEST_PATH");
  g_autofree char *base = g_path_get_basename (g_get_prgname ());

  if (shared == NULL || own_keyring != NULL)
    return;
  own_keyring = g_strdup_printf ("%s.%s-%d", shared, base, (int) getpid ());
  g_setenv ("SECRET_FILE_TEST_PATH", own_keyring, TRUE);
  atexit (remove_own_keyring);
}

char *
isplic_test_stored_password (const char *url,
                             const char *user)
{
  IsplicTestResult r = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *password;
  char *copy;

  isplic_account_lookup_password_async (url, user, NULL, isplic_test_result_cb, &r);
  result = isplic_test_wait_result (&r);
  password = isplic_account_lookup_password_finish (result, &error);
  g_assert_no_error (error);
  copy = g_strdup (password);
  if (password != NULL)
    isplic_account_password_free (password);
  return copy;
}

/* ---- files ------------------------------------------------------------------------------ */

/* Returns: (transfer full): a new, empty directory under the temporary directory. */
char *
isplic_test_make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *path = g_dir_make_tmp ("isplic-test-XXXXXX", &error);

  g_assert_no_error (error);
  return path;
}

char *
isplic_test_private_home (void)
{
  char *home = isplic_test_make_temp_dir ();

  g_setenv ("XDG_CONFIG_HOME", home, TRUE);
  g_setenv ("XDG_CACHE_HOME", home, TRUE);
  g_setenv ("XDG_DATA_HOME", home, TRUE);
  return home;
}

/* Removes @path and everything under it; symbolic links are removed, not followed. */
void
isplic_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_SYMLINK) && g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      dir = g_dir_open (path, 0, NULL);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          isplic_test_remove_tree (child);
        }
    }
  g_remove (path);
}

/* Returns: (transfer full): the path of @name in tests/data (ISPLIC_TEST_DATA). */
char *
isplic_test_data_path (const char *name)
{
  const char *dir = g_getenv ("ISPLIC_TEST_DATA");

  g_assert_nonnull (dir);
  return g_build_filename (dir, name, NULL);
}

/* Returns: (transfer full): the contents of tests/data/@name; fails the test if unreadable. */
char *
isplic_test_read_data (const char *name)
{
  g_autofree char *path = isplic_test_data_path (name);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

/* ---- HTTP ------------------------------------------------------------------------------- */

static void
send_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  isplic_test_result_cb (source, result, user_data);
}

/**
 * isplic_test_send:
 *
 * Sends @msg on @session and waits, the thread-default main context running meanwhile (so an
 * in-process server can answer).
 *
 * Returns: (transfer full) (nullable): the body, or %NULL with @error.
 */
GBytes *
isplic_test_send (SoupSession  *session,
                  SoupMessage  *msg,
                  GError      **error)
{
  IsplicTestResult r = { NULL, 0 };
  g_autoptr(GAsyncResult) result = NULL;

  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, send_cb, &r);
  result = isplic_test_wait_result (&r);
  return soup_session_send_and_read_finish (session, result, error);
}

/* ---- hostile strings -------------------------------------------------------------------- */

static const IsplicTestHostileString hostile_strings[] = {
  /* writes "Hello" to the terminal's clipboard */
  { "osc52-clipboard", "\033]52;c;SGVsbG8=\007" },
  /* erases the line so far and writes a fake verdict over it */
  { "erase-line", "\033[2K\rrenewed" },
  /* a right-to-left override: shows as "exe.jpg" */
  { "bidi-override", "\xe2\x80\xae" "gpj.exe" },
  /* an isolate that is never closed, then one that is */
  { "bidi-isolate", "\xe2\x81\xa6" "evil" "\xe2\x81\xa9" " \xe2\x81\xa7" "open" },
  /* C1 CSI (U+009B): an escape sequence without ESC, red text */
  { "c1-csi", "\xc2\x9b" "31m" },
  /* a line of its own, forging the program's prefix */
  { "fake-line", "x\nisplic-cli: renewed until 2099-12-31" },
  /* sets the terminal's title */
  { "osc-title", "\033]0;owned\033\\" },
  /* backspaces over "paid" */
  { "backspace", "paid\b\b\b\bfree" },
};

/* Returns: (transfer none): the canonical hostile strings, @n_strings of them. */
const IsplicTestHostileString *
isplic_test_get_hostile_strings (guint *n_strings)
{
  *n_strings = G_N_ELEMENTS (hostile_strings);
  return hostile_strings;
}

/* Returns: (transfer none): the hostile string called @name; fails the test for an unknown name. */
const char *
isplic_test_hostile_string (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (hostile_strings); i++)
    if (g_str_equal (hostile_strings[i].name, name))
      return hostile_strings[i].text;
  g_error ("no hostile string called %s", name);
  return NULL;
}

static gboolean
is_bidi_control (gunichar c)
{
  return c == 0x061c || c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e)
         || (c >= 0x2066 && c <= 0x2069);
}

static gboolean
is_hostile_char (gunichar c)
{
  return (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f)
         || is_bidi_control (c);
}

/**
 * isplic_test_json_quote:
 *
 * Returns: (transfer full): @text as a JSON string literal, quotes included, with every control
 * character (C0, DEL, C1) and bidi control written as a `\uXXXX` escape — the way a server
 * would send it.
 */
char *
isplic_test_json_quote (const char *text)
{
  GString *s = g_string_new ("\"");

  g_return_val_if_fail (g_utf8_validate (text, -1, NULL), NULL);
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '"' || c == '\\')
        g_string_append_printf (s, "\\%c", (char) c);
      else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || is_bidi_control (c))
        g_string_append_printf (s, "\\u%04x", c);
      else
        g_string_append_unichar (s, c);
    }
  g_string_append_c (s, '"');
  return g_string_free (s, FALSE);
}

/**
 * isplic_test_has_raw_controls:
 *
 * Whether @text carries a character that a terminal or a text layout would act on: C0 controls
 * other than newline and tab (ESC, CR, BEL, backspace…), DEL, C1 controls, bidi controls. For
 * asserting that output was made safe. Invalid UTF-8 counts as raw bytes: C1 and ESC included.
 */
gboolean
isplic_test_has_raw_controls (const char *text)
{
  if (!g_utf8_validate (text, -1, NULL))
    {
      for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
        if ((*p < 0x20 && *p != '\n' && *p != '\t') || (*p >= 0x7f && *p <= 0x9f))
          return TRUE;
      return FALSE;
    }
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (is_hostile_char (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}
