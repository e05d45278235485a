/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The exports (isplic-export.h) written to real files and read back: CSV by an RFC 4180 reader
 * here, field by field; JSON by json-glib. */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "isplic-core.h"
#include "isplic-test-utils.h"

#define NAME_QUOTES "Сервер, \"главный\" №1"
#define NAME_LINES "first line\nsecond\tline"
#define NAME_FORMULA "=HYPERLINK(\"http://x.test\",\"click\")"

static IsplicLicense *
make_license (const char *id,
              const char *name,
              const char *ip,
              const char *cost,
              const char *key)
{
  IsplicLicense *license = isplic_license_new (id);
  g_autoptr(GDateTime) created = g_date_time_new_local (2026, 1, 15, 0, 0, 0);
  g_autoptr(GDateTime) expires = g_date_time_new_local (2027, 1, 15, 0, 0, 0);

  isplic_license_set_name (license, name);
  isplic_license_set_ip (license, ip);
  isplic_license_set_tariff_id (license, "55227");
  isplic_license_set_tariff_name (license, "ispmanager 6 Lite");
  isplic_license_set_status (license, ISPLIC_LICENSE_STATUS_ACTIVE);
  isplic_license_set_status_label (license, "Активна");
  isplic_license_set_period (license, 12);
  isplic_license_set_created (license, created);
  isplic_license_set_expires (license, expires);
  isplic_license_set_auto_renew (license, 1);
  isplic_license_set_cost (license, cost);
  isplic_license_set_nodes (license, 2);
  isplic_license_set_key (license, key);
  return license;
}

static GPtrArray *
make_licenses (void)
{
  GPtrArray *licenses = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (licenses, make_license ("3100001", NAME_QUOTES, "203.0.113.1", "12,00 ₽",
                                           "3100001-SECRET"));
  g_ptr_array_add (licenses, make_license ("3100002", NAME_LINES, "2001:db8::1", "5.00 EUR",
                                           NULL));
  g_ptr_array_add (licenses, make_license ("3100003", NAME_FORMULA, "+7 10.0.0.1", "-5.00 EUR",
                                           "3100003-SECRET"));
  g_ptr_array_add (licenses, make_license ("3100004", "@SUM(A1:A9)", "\tx", "\r1", NULL));
  g_ptr_array_add (licenses, make_license ("3100005", " padded ", "a=b", "", ""));
  return licenses;
}

/* Rows of fields (GStrv) from RFC 4180 text with CRLF line ends. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GStrvBuilder) row = g_strv_builder_new ();
  g_autoptr(GString) field = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      if (*p == '"')
        {
          for (p++; !(p[0] == '"' && p[1] != '"'); p++)
            {
              g_assert_cmpint (*p, !=, '\0');
              if (p[0] == '"')
                p++;
              g_string_append_c (field, *p);
            }
          p++;
        }
      else
        while (*p != ',' && *p != '\r' && *p != '\n' && *p != '\0')
          g_string_append_c (field, *p++);

      g_strv_builder_add (row, field->str);
      g_string_truncate (field, 0);
      if (*p == ',')
        p++;
      else
        {
          g_assert_true (p[0] == '\r' && p[1] == '\n');
          p += 2;
          g_ptr_array_add (rows, g_strv_builder_end (row));
          g_clear_pointer (&row, g_strv_builder_unref);
          row = g_strv_builder_new ();
        }
    }
  return rows;
}

static char *
write_file (GPtrArray          *licenses,
            IsplicExportFormat  format,
            IsplicExportFlags   flags,
            const char         *path,
            GCancellable       *cancellable,
            GError            **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  IsplicTestResult r = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  char *contents = NULL;

  isplic_export_to_file_async (licenses, format, flags, file, cancellable,
                               isplic_test_result_cb, &r);
  result = isplic_test_wait_result (&r);
  if (!isplic_export_to_file_finish (file, result, error))
    return NULL;
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}

static void
test_csv_round_trip (void)
{
  g_autoptr(GPtrArray) licenses = make_licenses ();
  g_autofree char *dir = isplic_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "licenses.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *whole = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  char **header;

  text = write_file (licenses, ISPLIC_EXPORT_CSV, ISPLIC_EXPORT_WITHOUT_KEY, path, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("%s", text);
  whole = isplic_export_to_string (licenses, ISPLIC_EXPORT_CSV, ISPLIC_EXPORT_WITHOUT_KEY);
  g_assert_cmpstr (text, ==, whole);
  /* Never the keys */
  g_assert_null (strstr (text, "SECRET"));

  rows = parse_csv (text);
  g_assert_cmpuint (rows->len, ==, 1 + licenses->len);
  header = g_ptr_array_index (rows, 0);
  g_assert_cmpuint (g_strv_length (header), ==, 13);
  g_assert_cmpstr (header[0], ==, "id");
  g_assert_cmpstr (header[1], ==, "name");
  g_assert_cmpstr (header[12], ==, "nodes");
  for (guint i = 1; i < rows->len; i++)
    g_assert_cmpuint (g_strv_length (g_ptr_array_index (rows, i)), ==, 13);

  {
    char **row = g_ptr_array_index (rows, 1);

    g_assert_cmpstr (row[0], ==, "3100001");
    /* Quotes, a comma and Cyrillic come back as they were */
    g_assert_cmpstr (row[1], ==, NAME_QUOTES);
    g_assert_cmpstr (row[2], ==, "203.0.113.1");
    g_assert_cmpstr (row[3], ==, "55227");
    g_assert_cmpstr (row[4], ==, "ispmanager 6 Lite");
    g_assert_cmpstr (row[5], ==, "active");
    g_assert_cmpstr (row[6], ==, "Активна");
    g_assert_cmpstr (row[7], ==, "12");
    g_assert_cmpstr (row[8], ==, "2026-01-15");
    g_assert_cmpstr (row[9], ==, "2027-01-15");
    g_assert_cmpstr (row[10], ==, "1");
    g_assert_cmpstr (row[11], ==, "12,00 ₽");
    g_assert_cmpstr (row[12], ==, "2");
  }
  /* A line break or TAB inside a name is written visibly escaped: a row stays one line */
  g_assert_cmpstr (((char **) g_ptr_array_index (rows, 2))[1], ==,
                   "first line\\x0asecond\\x09line");
  /* Formula-like starts of the server's text are defused; our own numbers are not touched */
  {
    char **row = g_ptr_array_index (rows, 3);

    g_assert_cmpstr (row[1], ==, "'" NAME_FORMULA);
    g_assert_cmpstr (row[2], ==, "'+7 10.0.0.1");
    g_assert_cmpstr (row[11], ==, "'-5.00 EUR");
    g_assert_cmpstr (row[7], ==, "12");
  }
  {
    char **row = g_ptr_array_index (rows, 4);

    g_assert_cmpstr (row[1], ==, "'@SUM(A1:A9)");
    g_assert_cmpstr (row[2], ==, "'\\x09x");
    g_assert_cmpstr (row[11], ==, "'\\x0d1");
  }
  {
    char **row = g_ptr_array_index (rows, 5);

    /* Leading and trailing spaces kept (quoted); "=" inside a cell is left alone */
    g_assert_cmpstr (row[1], ==, " padded ");
    g_assert_cmpstr (row[2], ==, "a=b");
  }
  /* The file ends with the last row's CRLF and nothing else is a control character */
  g_assert_true (g_str_has_suffix (text, "\r\n"));
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p < 0x20)
      g_assert_true ((*p == '\r' && p[1] == '\n') || (*p == '\n' && p > text && p[-1] == '\r'));

  g_unlink (path);
  isplic_test_remove_tree (dir);
}

static void
test_csv_with_key (void)
{
  g_autoptr(GPtrArray) licenses = make_licenses ();
  g_autofree char *text = isplic_export_to_string (licenses, ISPLIC_EXPORT_CSV,
                                                   ISPLIC_EXPORT_FLAGS_NONE);
  g_autoptr(GPtrArray) rows = parse_csv (text);

  /* The CLI's columns: the key last */
  g_assert_cmpstr (((char **) g_ptr_array_index (rows, 0))[13], ==, "key");
  g_assert_cmpstr (((char **) g_ptr_array_index (rows, 1))[13], ==, "3100001-SECRET");
  g_assert_cmpstr (((char **) g_ptr_array_index (rows, 2))[13], ==, "");
}

static void
test_json_round_trip (void)
{
  g_autoptr(GPtrArray) licenses = make_licenses ();
  g_autofree char *dir = isplic_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "licenses.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  JsonArray *array;

  text = write_file (licenses, ISPLIC_EXPORT_JSON, ISPLIC_EXPORT_WITHOUT_KEY, path, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("%s", text);
  g_assert_null (strstr (text, "SECRET"));
  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, licenses->len);

  for (guint i = 0; i < licenses->len; i++)
    {
      IsplicLicense *license = g_ptr_array_index (licenses, i);
      JsonObject *object = json_array_get_object_element (array, i);

      g_assert_cmpuint (json_object_get_size (object), ==, 13);
      g_assert_false (json_object_has_member (object, "key"));
      g_assert_cmpstr (json_object_get_string_member (object, "id"), ==,
                       isplic_license_get_id (license));
      /* JSON carries the text itself: quotes, line breaks, TABs, formula starts */
      g_assert_cmpstr (json_object_get_string_member (object, "name"), ==,
                       isplic_license_get_name (license));
      g_assert_cmpstr (json_object_get_string_member (object, "ip"), ==,
                       isplic_license_get_ip (license));
      g_assert_cmpstr (json_object_get_string_member (object, "cost"), ==,
                       isplic_license_get_cost (license));
      g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "active");
      g_assert_cmpstr (json_object_get_string_member (object, "tariff"), ==, "ispmanager 6 Lite");
      g_assert_cmpstr (json_object_get_string_member (object, "expires"), ==, "2027-01-15");
      g_assert_cmpint (json_object_get_int_member (object, "period"), ==, 12);
      g_assert_cmpint (json_object_get_int_member (object, "auto-renew"), ==, 1);
      g_assert_cmpint (json_object_get_int_member (object, "nodes"), ==, 2);
    }

  /* With the key, as the CLI writes it */
  {
    g_autofree char *with_key = isplic_export_to_string (licenses, ISPLIC_EXPORT_JSON,
                                                         ISPLIC_EXPORT_FLAGS_NONE);
    g_autoptr(JsonParser) again = json_parser_new ();
    JsonObject *first;

    g_assert_true (json_parser_load_from_data (again, with_key, -1, &error));
    first = json_array_get_object_element (json_node_get_array (json_parser_get_root (again)), 0);
    g_assert_cmpstr (json_object_get_string_member (first, "key"), ==, "3100001-SECRET");
  }

  g_unlink (path);
  isplic_test_remove_tree (dir);
}

static void
test_empty (void)
{
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autofree char *json = isplic_export_to_string (none, ISPLIC_EXPORT_JSON,
                                                   ISPLIC_EXPORT_WITHOUT_KEY);
  g_autofree char *csv = isplic_export_to_string (none, ISPLIC_EXPORT_CSV,
                                                  ISPLIC_EXPORT_WITHOUT_KEY);

  g_assert_cmpstr (json, ==, "[]\n");
  g_assert_cmpstr (csv, ==, "id,name,ip,tariff-id,tariff,status,status-label,period,created,"
                            "expires,auto-renew,cost,nodes\r\n");
}

/* A stream gets the same bytes in pieces, however long the list */
static void
test_stream (void)
{
  g_autoptr(GPtrArray) licenses = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < 2000; i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", 3200000 + i);

      g_ptr_array_add (licenses, make_license (id, NAME_QUOTES, "10.0.0.1", "1.00 EUR", "K"));
    }
  for (guint format = ISPLIC_EXPORT_CSV; format <= ISPLIC_EXPORT_JSON; format++)
    {
      g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
      g_autofree char *whole = isplic_export_to_string (licenses, format,
                                                        ISPLIC_EXPORT_FLAGS_NONE);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GBytes) expected = NULL;

      g_assert_cmpuint (strlen (whole), >, 3 * 64 * 1024);
      g_assert_true (isplic_export_to_stream (licenses, format, ISPLIC_EXPORT_FLAGS_NONE, stream,
                                              NULL, &error));
      g_assert_no_error (error);
      g_assert_true (g_output_stream_close (stream, NULL, NULL));
      bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));
      expected = g_bytes_new_static (whole, strlen (whole));
      g_assert_true (g_bytes_equal (bytes, expected));
    }
}

/* A failed write says why and leaves what was there as it was */
static void
test_failure (void)
{
  g_autoptr(GPtrArray) licenses = make_licenses ();
  g_autofree char *dir = isplic_test_make_temp_dir ();
  g_autofree char *missing = g_build_filename (dir, "no-such-folder", "licenses.csv", NULL);
  g_autofree char *existing = g_build_filename (dir, "kept.csv", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *kept = NULL;

  text = write_file (licenses, ISPLIC_EXPORT_CSV, 0, missing, NULL, &error);
  g_assert_null (text);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (existing, "before", -1, NULL));
  g_cancellable_cancel (cancellable);
  text = write_file (licenses, ISPLIC_EXPORT_CSV, 0, existing, cancellable, &error);
  g_assert_null (text);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (g_file_get_contents (existing, &kept, NULL, NULL));
  g_assert_cmpstr (kept, ==, "before");

  isplic_test_remove_tree (dir);
}

static void
test_format_for_name (void)
{
  IsplicExportFormat format = ISPLIC_EXPORT_JSON;

  g_assert_true (isplic_export_format_for_name ("licenses-2026-12-06.csv", &format));
  g_assert_cmpint (format, ==, ISPLIC_EXPORT_CSV);
  g_assert_true (isplic_export_format_for_name ("/tmp/A.JSON", &format));
  g_assert_cmpint (format, ==, ISPLIC_EXPORT_JSON);
  g_assert_false (isplic_export_format_for_name ("licenses.txt", &format));
  g_assert_false (isplic_export_format_for_name ("csv", &format));
  g_assert_false (isplic_export_format_for_name (NULL, &format));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/export/csv-round-trip", test_csv_round_trip);
  g_test_add_func ("/export/csv-with-key", test_csv_with_key);
  g_test_add_func ("/export/json-round-trip", test_json_round_trip);
  g_test_add_func ("/export/empty", test_empty);
  g_test_add_func ("/export/stream", test_stream);
  g_test_add_func ("/export/failure", test_failure);
  g_test_add_func ("/export/format-for-name", test_format_for_name);
  return g_test_run ();
}
