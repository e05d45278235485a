/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The CLI's terminal filter, every class of character it escapes, and the formatters that use
 * it (table widths, CSV, JSON, details). */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include <json-glib/json-glib.h>

#include "isplic-cli-private.h"
#include "isplic-cli-safe.h"

/* No byte of @text may be a control (C0, DEL, a raw C1 byte), and no bidi or separator code
 * point may appear; the text must be valid UTF-8. Structural newlines are allowed where
 * @allow_newline. */
static void
assert_terminal_safe (const char *text,
                      gboolean    allow_newline)
{
  g_assert_true (g_utf8_validate (text, -1, NULL));
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (allow_newline && c == '\n')
        continue;
      if (isplic_cli_unichar_is_unsafe (c))
        g_error ("unsafe U+%04X left in “%s”", c, text);
    }
}

static void
check_safe (const char *input,
            const char *expected)
{
  g_autofree char *out = isplic_cli_safe (input);

  g_test_message ("→ “%s”", out);
  g_assert_cmpstr (out, ==, expected);
  assert_terminal_safe (out, FALSE);
}

static void
test_safe_classes (void)
{
  /* Ordinary text, non-ASCII and wide characters pass unchanged; so does a backslash. */
  check_safe ("web-01.example.com", "web-01.example.com");
  check_safe ("сервер 東京 ünïcödé", "сервер 東京 ünïcödé");
  check_safe ("C:\\path\\x1b", "C:\\path\\x1b");
  check_safe ("", "");
  g_assert_null (isplic_cli_safe (NULL));

  /* C0, including TAB, CR, LF inside a value, and NUL-free ESC sequences. */
  check_safe ("a\tb", "a\\x09b");
  check_safe ("line1\nline2", "line1\\x0aline2");
  check_safe ("ok\rrenewed", "ok\\x0drenewed");
  check_safe ("\x01\x07\x08\x1f", "\\x01\\x07\\x08\\x1f");
  check_safe ("\x1b[2J\x1b[1;1H", "\\x1b[2J\\x1b[1;1H");
  /* OSC 52: write the clipboard. */
  check_safe ("\x1b]52;c;cm0gLXJmIH4=\x07", "\\x1b]52;c;cm0gLXJmIH4=\\x07");
  /* DEL. */
  check_safe ("a\x7f", "a\\x7f");
  /* C1 as UTF-8 (U+009B CSI, U+0085 NEL, the range ends). */
  check_safe ("\xc2\x9b" "31m", "\\u009b31m");
  check_safe ("\xc2\x80\xc2\x85\xc2\x9f", "\\u0080\\u0085\\u009f");
  /* C1 as raw bytes (not UTF-8). */
  check_safe ("\x9b" "31m", "\\x9b31m");
  check_safe ("a\x85", "a\\x85");
  /* Other bytes that are not UTF-8: a stray byte, a truncated sequence, an overlong one. */
  check_safe ("\xff", "\\xff");
  check_safe ("ab\xe2\x80", "ab\\xe2\\x80");
  check_safe ("\xc0\xaf", "\\xc0\\xaf");
  /* Bidi embeddings, overrides, isolates and marks. */
  check_safe ("\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad\xe2\x80\xae",
              "\\u202a\\u202b\\u202c\\u202d\\u202e");
  check_safe ("\xe2\x81\xa6\xe2\x81\xa7\xe2\x81\xa8\xe2\x81\xa9",
              "\\u2066\\u2067\\u2068\\u2069");
  check_safe ("\xe2\x80\x8e\xe2\x80\x8f\xd8\x9c", "\\u200e\\u200f\\u061c");
  check_safe ("web\xe2\x80\xae" "gnp.exe", "web\\u202egnp.exe");
  /* Line and paragraph separators. */
  check_safe ("a\xe2\x80\xa8" "b\xe2\x80\xa9", "a\\u2028b\\u2029");
  /* Neighbours that are not escaped: U+00A0, U+200D (emoji joiner), U+2070. */
  check_safe ("\xc2\xa0\xe2\x80\x8d\xe2\x81\xb0", "\xc2\xa0\xe2\x80\x8d\xe2\x81\xb0");
}

static void
test_safe_append_len (void)
{
  g_autoptr(GString) out = g_string_new ("x:");

  isplic_cli_safe_append (out, "a\x1b" "bcdef", 3);
  g_assert_cmpstr (out->str, ==, "x:a\\x1bb");
}

static void
test_safe_json (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  /* As json-glib writes it: C0 already escaped, the rest raw. */
  const char *doc = "[\n  {\n"
                    "    \"name\" : \"a\\u001b]52;c;x\\u0007\xc2\x9b\xe2\x80\xae\\\"q\\\\\",\n"
                    "    \"bad\" : \"\xff\",\n    \"n\" : 1\n  }\n]\n";
  g_autofree char *out = isplic_cli_safe_json (doc);
  JsonObject *object;

  g_test_message ("%s", out);
  assert_terminal_safe (out, TRUE);
  g_assert_nonnull (strstr (out, "\\u009b\\u202e"));
  g_assert_nonnull (strstr (out, "\n    \"n\" : 1\n"));

  /* Still valid JSON, with the same values. */
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  object = json_array_get_object_element (json_node_get_array (json_parser_get_root (parser)), 0);
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==,
                   "a\x1b]52;c;x\x07\xc2\x9b\xe2\x80\xae\"q\\");
  g_assert_cmpstr (json_object_get_string_member (object, "bad"), ==, "\xef\xbf\xbd");
  g_assert_cmpint (json_object_get_int_member (object, "n"), ==, 1);
}

#define HOSTILE_NAME "\x1b]52;c;cm0gLXJmIH4=\x07" "ok\rrenewed\n\xc2\x9b" "31m\xe2\x80\xae" "x"
#define HOSTILE_KEY "KEY\x1b[2J\xe2\x81\xa6"

static IsplicLicense *
hostile_license (void)
{
  IsplicLicense *license = isplic_license_new ("3100001");

  isplic_license_set_name (license, HOSTILE_NAME);
  isplic_license_set_ip (license, "203.0.113.1");
  isplic_license_set_tariff_id (license, "55227");
  isplic_license_set_tariff_name (license, "Lite\x1b[31m");
  isplic_license_set_status_label (license, "Active\xe2\x80\xa8");
  isplic_license_set_cost (license, "1.00\x9b EUR");
  isplic_license_set_key (license, HOSTILE_KEY);
  return license;
}

/* @input as a JSON string parses back to @expected, prints safely and holds no raw control. */
static void
check_json_string (const char *input,
                   gssize      input_len,
                   const char *expected,
                   const char *expected_text)
{
  g_autoptr(GString) out = g_string_new ("[");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *copy = g_strndup (input, input_len < 0 ? strlen (input) : (gsize) input_len);

  isplic_cli_json_append_string (out, copy);
  if (expected_text != NULL)
    g_assert_cmpstr (out->str + 1, ==, expected_text);
  g_string_append_c (out, ']');
  assert_terminal_safe (out->str, FALSE);
  g_assert_true (json_parser_load_from_data (parser, out->str, -1, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (json_array_get_string_element (json_node_get_array (json_parser_get_root (parser)),
                                                  0), ==, expected);
}

static void
test_json_string (void)
{
  g_autoptr(GString) out = g_string_new (NULL);

  /* Every C0 control and DEL: short escapes where JSON has them, else \u00XX. */
  for (guint b = 1; b < 0x20; b++)
    {
      char in[2] = { (char) b, '\0' };
      char want[16];

      if (b == '\b' || b == '\f' || b == '\n' || b == '\r' || b == '\t')
        g_snprintf (want, sizeof want, "\"\\%c\"", "btnfr"[strchr ("\b\t\n\f\r", b) - "\b\t\n\f\r"]);
      else
        g_snprintf (want, sizeof want, "\"\\u%04x\"", b);
      check_json_string (in, -1, in, want);
    }
  check_json_string ("\x7f", -1, "\x7f", "\"\\u007f\"");
  check_json_string ("q\"b\\s/", -1, "q\"b\\s/", "\"q\\\"b\\\\s/\"");
  check_json_string ("", -1, "", "\"\"");

  /* Every C1 control as UTF-8, the bidi controls and the separators: escaped, same value. */
  for (gunichar c = 0x80; c <= 0x9f; c++)
    {
      char in[8] = { 0 };
      char want[16];

      g_unichar_to_utf8 (c, in);
      g_snprintf (want, sizeof want, "\"\\u%04x\"", c);
      check_json_string (in, -1, in, want);
    }
  check_json_string ("\xe2\x80\xae" "x\xe2\x81\xa6\xe2\x80\xa8\xd8\x9c", -1,
                     "\xe2\x80\xae" "x\xe2\x81\xa6\xe2\x80\xa8\xd8\x9c",
                     "\"\\u202ex\\u2066\\u2028\\u061c\"");
  /* Text that is safe stays as it is, multi-byte included. */
  check_json_string ("сервер 東京 \xf0\x9f\x98\x80 \xc2\xa0", -1,
                     "сервер 東京 \xf0\x9f\x98\x80 \xc2\xa0",
                     "\"сервер 東京 \xf0\x9f\x98\x80 \xc2\xa0\"");

  /* Every byte that cannot start a character on its own (raw C1 and other continuation
   * bytes, 0xc0, 0xc1, 0xf5–0xff) is U+FFFD; so is each byte of a truncated, overlong or
   * surrogate sequence and of one past U+10FFFF. */
  for (guint b = 0x80; b <= 0xff; b++)
    {
      char in[3] = { 'a', (char) b, '\0' };

      if (b >= 0xc2 && b <= 0xf4)
        continue;  /* a lead byte: tested below, truncated */
      check_json_string (in, -1, "a\xef\xbf\xbd", "\"a\\ufffd\"");
    }
  check_json_string ("ab\xe2\x80", -1, "ab\xef\xbf\xbd\xef\xbf\xbd", "\"ab\\ufffd\\ufffd\"");
  check_json_string ("\xc3", -1, "\xef\xbf\xbd", "\"\\ufffd\"");
  check_json_string ("\xc0\xaf", -1, "\xef\xbf\xbd\xef\xbf\xbd", "\"\\ufffd\\ufffd\"");
  check_json_string ("\xed\xa0\x80", -1, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", NULL);
  check_json_string ("\xf4\x90\x80\x80", -1,
                     "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", NULL);
  /* A valid character right after a bad byte is kept. */
  check_json_string ("\xff\xc3\xa9", -1, "\xef\xbf\xbd\xc3\xa9", "\"\\ufffd\xc3\xa9\"");

  isplic_cli_json_append_string (out, NULL);
  g_assert_cmpstr (out->str, ==, "null");
}

/* The list written to a file as it is formatted is the same text as the one formatted whole,
 * and every license is let go once written. */
static void
test_write_streams (void)
{
  const char *names[] = { "json", "csv", "table" };

  for (guint k = 0; k < G_N_ELEMENTS (names); k++)
    {
      GPtrArray *licenses = g_ptr_array_new_with_free_func (g_object_unref);
      IsplicLicense *watched;
      g_autofree char *whole = NULL;
      g_autofree char *written = NULL;
      g_autofree char *path = NULL;
      g_autoptr(GError) error = NULL;
      FILE *file;
      int fd;

      g_ptr_array_add (licenses, isplic_license_new ("3100002"));
      for (guint i = 0; i < 3000; i++)
        {
          g_autofree char *id = g_strdup_printf ("%u", 3200000 + i);
          g_ptr_array_add (licenses, hostile_license ());
          isplic_license_set_ip (g_ptr_array_index (licenses, licenses->len - 1), id);
        }
      watched = g_ptr_array_index (licenses, 0);
      g_object_add_weak_pointer (G_OBJECT (watched), (gpointer *) &watched);

      whole = k == 0 ? isplic_cli_format_json (licenses)
            : k == 1 ? isplic_cli_format_csv (licenses)
                     : isplic_cli_format_table (licenses);
      fd = g_file_open_tmp ("isplic-cli-write-XXXXXX", &path, &error);
      g_assert_no_error (error);
      file = fdopen (fd, "w");
      if (k == 0)
        isplic_cli_write_json (licenses, file);
      else if (k == 1)
        isplic_cli_write_csv (licenses, file);
      else
        isplic_cli_write_table (licenses, file);
      g_assert_cmpint (fclose (file), ==, 0);
      g_assert_null (watched);

      g_file_get_contents (path, &written, NULL, &error);
      g_assert_no_error (error);
      g_unlink (path);
      g_test_message ("%s: %zu bytes", names[k], strlen (whole));
      g_assert_cmpuint (strlen (whole), >, 64 * 1024);
      g_assert_cmpstr (written, ==, whole);
    }
}

static void
test_formatters (void)
{
  g_autoptr(GPtrArray) licenses = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *table = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *json = NULL;
  g_autofree char *details = NULL;
  g_autofree char *one_json = NULL;
  g_auto(GStrv) lines = NULL;
  JsonObject *object;
  const char *ip_header;
  const char *ip_cell;

  g_ptr_array_add (licenses, hostile_license ());
  g_ptr_array_add (licenses, isplic_license_new ("3100002"));

  table = isplic_cli_format_table (licenses);
  g_test_message ("%s", table);
  assert_terminal_safe (table, TRUE);
  g_assert_nonnull (strstr (table, "\\x1b]52;c;cm0gLXJmIH4=\\x07ok\\x0drenewed\\x0a\\u009b31m"
                                   "\\u202ex"));
  /* Three lines: the widths were computed on the escaped text, so the IP column starts at the
   * same place in each. */
  lines = g_strsplit (table, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  ip_header = strstr (lines[0], "IP");
  ip_cell = strstr (lines[1], "203.0.113.1");
  g_assert_nonnull (ip_header);
  g_assert_nonnull (ip_cell);
  g_assert_cmpint (ip_header - lines[0], ==, ip_cell - lines[1]);

  csv = isplic_cli_format_csv (licenses);
  g_test_message ("%s", csv);
  /* CSV rows end in CRLF; nothing else may be a control. */
  {
    g_autofree char *no_crlf = g_strdup (csv);
    g_auto(GStrv) rows = g_strsplit (no_crlf, "\r\n", -1);

    g_assert_cmpuint (g_strv_length (rows), ==, 4);
    for (guint i = 0; rows[i] != NULL; i++)
      assert_terminal_safe (rows[i], FALSE);
  }
  g_assert_nonnull (strstr (csv, "KEY\\x1b[2J\\u2066"));
  /* A name a spreadsheet would run as a formula is written as text (isplic-export.h) */
  {
    g_autoptr(GPtrArray) formula = g_ptr_array_new_with_free_func (g_object_unref);
    g_autofree char *formula_csv = NULL;

    g_ptr_array_add (formula, isplic_license_new ("3100003"));
    isplic_license_set_name (g_ptr_array_index (formula, 0), "=cmd|'/c calc'!A1");
    formula_csv = isplic_cli_format_csv (formula);
    g_assert_nonnull (strstr (formula_csv, "\r\n3100003,'=cmd|'/c calc'!A1,"));
  }

  json = isplic_cli_format_json (licenses);
  g_test_message ("%s", json);
  assert_terminal_safe (json, TRUE);
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  object = json_array_get_object_element (json_node_get_array (json_parser_get_root (parser)), 0);
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, HOSTILE_NAME);
  g_assert_cmpstr (json_object_get_string_member (object, "key"), ==, HOSTILE_KEY);
  /* The raw C1 byte of the cost cannot be carried by JSON: U+FFFD. */
  g_assert_cmpstr (json_object_get_string_member (object, "cost"), ==, "1.00\xef\xbf\xbd EUR");

  one_json = isplic_cli_format_license_json (g_ptr_array_index (licenses, 0));
  assert_terminal_safe (one_json, TRUE);

  details = isplic_cli_format_details (g_ptr_array_index (licenses, 0));
  g_test_message ("%s", details);
  assert_terminal_safe (details, TRUE);
  g_assert_nonnull (strstr (details, "KEY\\x1b[2J\\u2066\n"));
  g_assert_nonnull (strstr (details, "1.00\\x9b EUR"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/safe/classes", test_safe_classes);
  g_test_add_func ("/cli/safe/append-len", test_safe_append_len);
  g_test_add_func ("/cli/safe/json", test_safe_json);
  g_test_add_func ("/cli/safe/formatters", test_formatters);
  g_test_add_func ("/cli/safe/json-string", test_json_string);
  g_test_add_func ("/cli/safe/write-streams", test_write_streams);

  return g_test_run ();
}
