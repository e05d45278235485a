/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "isplic-core.h"
#include "isplic-client-private.h"
#include "isplic-json-private.h"

static char *
load (const char *name,
      gsize      *length)
{
  g_autofree char *path = g_build_filename (g_getenv ("ISPLIC_TEST_DATA"), name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);
  return contents;
}

static GPtrArray *
parse_list (const char  *name,
            gint64      *total,
            GError     **error)
{
  gsize length;
  g_autofree char *data = load (name, &length);

  return isplic_parse_license_list (data, length, total, error);
}

static void
assert_date (GDateTime  *date,
             const char *expected)
{
  g_autofree char *text = isplic_date_format (date);

  g_assert_cmpstr (text, ==, expected);
}

/* A day is one GDateTime for the whole process, however many licenses, pages and parses name it
 * (with or without a time part): a license's dates then compare by pointer. */
static void
test_list_shared_dates (void)
{
  static const char json[] =
    "{\"doc\":{\"elem\":["
    "{\"id\":{\"$\":\"1\"},\"createdate\":{\"$\":\"2025-01-15\"},"
    "\"expiredate\":{\"$\":\"2026-03-01\"}},"
    "{\"id\":{\"$\":\"2\"},\"createdate\":{\"$\":\"2025-02-01\"},"
    "\"expiredate\":{\"$\":\"2026-03-01\"}},"
    "{\"id\":{\"$\":\"3\"},\"createdate\":{\"$\":\"2025-01-15\"},"
    "\"expiredate\":{\"$\":\"2026-03-01 10:00:00\"}}]}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) first = isplic_parse_license_list (json, -1, NULL, &error);
  g_autoptr(GPtrArray) again = NULL;
  IsplicLicense *a, *b, *c;

  g_assert_no_error (error);
  g_assert_cmpuint (first->len, ==, 3);
  a = g_ptr_array_index (first, 0);
  b = g_ptr_array_index (first, 1);
  c = g_ptr_array_index (first, 2);
  assert_date (isplic_license_get_expires (a), "2026-03-01");
  assert_date (isplic_license_get_created (a), "2025-01-15");
  assert_date (isplic_license_get_created (b), "2025-02-01");
  g_assert_true (isplic_license_get_expires (a) == isplic_license_get_expires (b));
  g_assert_true (isplic_license_get_expires (a) == isplic_license_get_expires (c));
  g_assert_true (isplic_license_get_created (a) == isplic_license_get_created (c));
  g_assert_true (isplic_license_get_created (a) != isplic_license_get_created (b));

  again = isplic_parse_license_list (json, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (isplic_license_get_expires (g_ptr_array_index (again, 1)) ==
                 isplic_license_get_expires (a));
  g_assert_true (isplic_license_get_created (g_ptr_array_index (again, 1)) ==
                 isplic_license_get_created (b));
}

/* Each row's members are matched by name, whatever the order, count or length of the names the
 * rows before it had. */
static void
test_list_member_order (void)
{
  g_autoptr(GString) json = g_string_new ("{\"doc\":{\"elem\":[");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  IsplicLicense *l;

  g_string_append (json, "{\"id\":{\"$\":\"1\"},\"licname\":{\"$\":\"one\"},"
                         "\"ip\":{\"$\":\"192.0.2.1\"},\"expiredate\":{\"$\":\"2026-01-01\"}},");
  /* The same members in another order, and one more with a long name. */
  g_string_append (json, "{\"ip\":{\"$\":\"192.0.2.2\"},\"id\":{\"$\":\"2\"},"
                         "\"a_member_name_longer_than_most\":{\"$\":\"x\"},"
                         "\"expiredate\":{\"$\":\"2026-02-02\"},\"licname\":{\"$\":\"two\"}},");
  /* Forty unknown members first: the known ones come past the positions that are kept. */
  g_string_append_c (json, '{');
  for (guint i = 0; i < 40; i++)
    g_string_append_printf (json, "\"x%u\":{\"$\":\"%u\"},", i, i);
  g_string_append (json, "\"licname\":{\"$\":\"three\"},\"id\":{\"$\":\"3\"},"
                         "\"ip\":{\"$\":\"192.0.2.3\"}}]}}");

  list = isplic_parse_license_list (json->str, (gssize) json->len, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 3);
  l = g_ptr_array_index (list, 0);
  g_assert_cmpstr (isplic_license_get_id (l), ==, "1");
  g_assert_cmpstr (isplic_license_get_name (l), ==, "one");
  g_assert_cmpstr (isplic_license_get_ip (l), ==, "192.0.2.1");
  assert_date (isplic_license_get_expires (l), "2026-01-01");
  l = g_ptr_array_index (list, 1);
  g_assert_cmpstr (isplic_license_get_id (l), ==, "2");
  g_assert_cmpstr (isplic_license_get_name (l), ==, "two");
  g_assert_cmpstr (isplic_license_get_ip (l), ==, "192.0.2.2");
  assert_date (isplic_license_get_expires (l), "2026-02-02");
  l = g_ptr_array_index (list, 2);
  g_assert_cmpstr (isplic_license_get_id (l), ==, "3");
  g_assert_cmpstr (isplic_license_get_name (l), ==, "three");
  g_assert_cmpstr (isplic_license_get_ip (l), ==, "192.0.2.3");
  g_assert_null (isplic_license_get_expires (l));
}

static void
test_list_array (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  IsplicLicense *l;
  gint64 total = 0;

  list = parse_list ("list-array.json", &total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 3);
  g_assert_cmpint (total, ==, 3);

  l = g_ptr_array_index (list, 0);
  g_assert_cmpstr (isplic_license_get_id (l), ==, "1001");
  g_assert_cmpstr (isplic_license_get_name (l), ==, "web-01");
  g_assert_cmpstr (isplic_license_get_ip (l), ==, "192.0.2.10");
  g_assert_cmpstr (isplic_license_get_tariff_id (l), ==, "55227");
  g_assert_cmpstr (isplic_license_get_tariff_name (l), ==, "ispmanager 6 Lite");
  g_assert_cmpint (isplic_license_get_period (l), ==, 12);
  g_assert_cmpint (isplic_license_get_status (l), ==, ISPLIC_LICENSE_STATUS_ACTIVE);
  g_assert_cmpstr (isplic_license_get_status_label (l), ==, "Active");
  assert_date (isplic_license_get_created (l), "2025-01-15");
  assert_date (isplic_license_get_expires (l), "2026-01-15");
  g_assert_cmpint (isplic_license_get_auto_renew (l), ==, 12);
  g_assert_cmpstr (isplic_license_get_cost (l), ==, "60.00 EUR / Year");
  g_assert_null (isplic_license_get_key (l));

  /* $orig of pricelist gives the code, $ the name */
  l = g_ptr_array_index (list, 1);
  g_assert_cmpstr (isplic_license_get_tariff_id (l), ==, "55230");
  g_assert_cmpstr (isplic_license_get_tariff_name (l), ==, "ispmanager 6 Business");
  g_assert_cmpstr (isplic_license_get_ip (l), ==, "2001:db8::5");
  g_assert_cmpint (isplic_license_get_status (l), ==, ISPLIC_LICENSE_STATUS_SUSPENDED);
  g_assert_cmpint (isplic_license_get_auto_renew (l), ==, 0);
  g_assert_cmpint (isplic_license_get_nodes (l), ==, 3);
  g_assert_cmpint (isplic_license_get_period (l), ==, 1);

  /* A tariff known only by name */
  l = g_ptr_array_index (list, 2);
  g_assert_cmpstr (isplic_license_get_tariff_id (l), ==, "55239");
  g_assert_cmpint (isplic_license_get_period (l), ==, ISPLIC_TRIAL_PERIOD);
  g_assert_cmpint (isplic_license_get_status (l), ==, ISPLIC_LICENSE_STATUS_PROCESSING);
}

static void
test_list_single_and_empty (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) single = NULL;
  g_autoptr(GPtrArray) empty = NULL;
  g_autoptr(GPtrArray) nested = NULL;
  gint64 total = 0;

  single = parse_list ("list-single.json", &total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (single->len, ==, 1);
  g_assert_cmpint (total, ==, 1);
  g_assert_cmpstr (isplic_license_get_id (g_ptr_array_index (single, 0)), ==, "77");
  g_assert_cmpstr (isplic_license_get_tariff_name (g_ptr_array_index (single, 0)), ==,
                   "ispmanager 6 Pro");

  empty = parse_list ("list-empty.json", &total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (empty->len, ==, 0);
  g_assert_cmpint (total, ==, 0);

  nested = parse_list ("list-nested.json", &total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (nested->len, ==, 2);
  g_assert_cmpint (total, ==, 2);
  g_assert_cmpstr (isplic_license_get_name (g_ptr_array_index (nested, 1)), ==, "inner 2");
}

static IsplicLicense *
find_id (GPtrArray  *list,
         const char *id)
{
  for (guint i = 0; i < list->len; i++)
    if (g_strcmp0 (isplic_license_get_id (g_ptr_array_index (list, i)), id) == 0)
      return g_ptr_array_index (list, i);
  return NULL;
}

static void
test_list_odd (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  IsplicLicense *l;
  gint64 total = 0;

  list = parse_list ("list-odd.json", &total, &error);
  g_assert_no_error (error);
  g_assert_cmpint (total, ==, -1);   /* "not a number" */
  /* rows without id, non-object rows: skipped */
  g_assert_cmpuint (list->len, ==, 5);

  /* plain strings (bjson-like), real_expiredate preferred, 0000-00-00 → no date */
  l = find_id (list, "2001");
  g_assert_nonnull (l);
  g_assert_cmpstr (isplic_license_get_name (l), ==, "plain strings");
  g_assert_cmpstr (isplic_license_get_tariff_id (l), ==, "55228");
  g_assert_cmpint (isplic_license_get_period (l), ==, 12);
  assert_date (isplic_license_get_expires (l), "2027-01-21");
  g_assert_null (isplic_license_get_created (l));
  g_assert_cmpint (isplic_license_get_status (l), ==, ISPLIC_LICENSE_STATUS_ACTIVE);
  g_assert_cmpint (isplic_license_get_auto_renew (l), ==, 1);

  /* JSON numbers, unknown status, impossible dates, empty cost, bad nodes */
  l = find_id (list, "2002");
  g_assert_nonnull (l);
  g_assert_cmpint (isplic_license_get_period (l), ==, 12);
  g_assert_cmpint (isplic_license_get_status (l), ==, ISPLIC_LICENSE_STATUS_UNKNOWN);
  g_assert_cmpstr (isplic_license_get_status_label (l), ==, "Weird");
  g_assert_null (isplic_license_get_expires (l));
  g_assert_null (isplic_license_get_created (l));
  g_assert_null (isplic_license_get_cost (l));
  g_assert_cmpint (isplic_license_get_nodes (l), ==, 0);
  g_assert_null (isplic_license_get_tariff_id (l));

  /* id trimmed, blank name → NULL, unknown tariff name kept without code */
  l = find_id (list, "2003");
  g_assert_nonnull (l);
  g_assert_null (isplic_license_get_name (l));
  g_assert_null (isplic_license_get_expires (l));
  g_assert_null (isplic_license_get_tariff_id (l));
  g_assert_cmpstr (isplic_license_get_tariff_name (l), ==, "Unheard-of Tariff");
  g_assert_cmpint (isplic_license_get_period (l), ==, ISPLIC_TRIAL_PERIOD);

  /* status preferred over item_status; " 2026-06-01" is stripped as a value; 2 years */
  l = find_id (list, "2004");
  g_assert_nonnull (l);
  g_assert_cmpint (isplic_license_get_status (l), ==, ISPLIC_LICENSE_STATUS_DELETED);
  g_assert_cmpint (isplic_license_get_period (l), ==, 24);
  g_assert_cmpint (isplic_license_get_auto_renew (l), ==, 0);

  /* arrays where values were expected: first element; deep objects ignored */
  l = find_id (list, "2005");
  g_assert_nonnull (l);
  g_assert_cmpstr (isplic_license_get_name (l), ==, "array name");
  g_assert_cmpint (isplic_license_get_period (l), ==, 0);
  assert_date (isplic_license_get_created (l), "2024-02-29");
  g_assert_null (isplic_license_get_expires (l));
}

static void
test_details (void)
{
  gsize length;
  g_autofree char *data = load ("details.json", &length);
  g_autofree char *nested = NULL;
  g_autofree char *noid = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(IsplicLicense) l = NULL;
  g_autoptr(IsplicLicense) n = NULL;
  g_autoptr(IsplicLicense) m = NULL;

  l = isplic_parse_license_details (data, length, "1001", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (isplic_license_get_id (l), ==, "1001");
  g_assert_cmpstr (isplic_license_get_key (l), ==, "1001-AbCdEf0123456789");
  g_assert_cmpstr (isplic_license_get_tariff_id (l), ==, "55227");
  g_assert_cmpstr (isplic_license_get_tariff_name (l), ==, "ispmanager 6 Lite");
  assert_date (isplic_license_get_expires (l), "2026-01-15");

  nested = load ("details-nested.json", &length);
  n = isplic_parse_license_details (nested, length, "42", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (isplic_license_get_id (n), ==, "42");
  g_assert_cmpstr (isplic_license_get_name (n), ==, "nested name");
  g_assert_cmpstr (isplic_license_get_key (n), ==, "42-zzz");
  g_assert_cmpint (isplic_license_get_nodes (n), ==, 4);
  assert_date (isplic_license_get_expires (n), "2031-07-04");

  /* No id anywhere and none given: malformed. Empty key: NULL. */
  noid = load ("details-noid.json", &length);
  m = isplic_parse_license_details (noid, length, NULL, &error);
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_MALFORMED);
  g_assert_null (m);
  g_clear_error (&error);
  m = isplic_parse_license_details (noid, length, "9", &error);
  g_assert_no_error (error);
  g_assert_null (isplic_license_get_key (m));
}

static void
test_order (void)
{
  struct {
    const char *file;
    gboolean to_cart;
    const char *id;
    const char *billorder;
  } cases[] = {
    { "order-id.json", FALSE, "3005", NULL },
    { "order-item-id.json", FALSE, "3006", NULL },
    { "order-billorder.json", TRUE, NULL, "778" },
    { "order-billorder-plain.json", TRUE, NULL, "779" },
    { "order-id.json", TRUE, "3005", NULL },
  };
  /* Only the new id confirms an order (issue 7): `ok` alone, an empty doc, a form, a cart id for
   * a paid order are not confirmations. */
  struct {
    const char *file;
    gboolean to_cart;
  } unconfirmed[] = {
    { "order-nothing.json", FALSE }, { "ok.json", FALSE }, { "ok.json", TRUE },
    { "doc-empty.json", FALSE }, { "doc-empty.json", TRUE }, { "order-billorder.json", FALSE },
    { "prolong-preview.json", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gsize length;
      g_autofree char *data = load (cases[i].file, &length);
      g_autofree char *id = NULL;
      g_autofree char *billorder = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", cases[i].file);
      g_assert_true (isplic_parse_order (data, length, cases[i].to_cart, &id, &billorder,
                                         &error));
      g_assert_no_error (error);
      g_assert_cmpstr (id, ==, cases[i].id);
      g_assert_cmpstr (billorder, ==, cases[i].billorder);
    }

  for (guint i = 0; i < G_N_ELEMENTS (unconfirmed); i++)
    {
      gsize length;
      g_autofree char *data = load (unconfirmed[i].file, &length);
      g_autofree char *id = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("unconfirmed: %s", unconfirmed[i].file);
      g_assert_false (isplic_parse_order (data, length, unconfirmed[i].to_cart, &id, NULL,
                                          &error));
      g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_UNCONFIRMED);
      g_assert_null (id);
    }
}

static void
test_prolong_and_key (void)
{
  gsize length;
  g_autofree char *nested = load ("prolong-nested.json", &length);
  g_autofree char *preview = NULL;
  g_autofree char *nodate = NULL;
  g_autofree char *key_doc = NULL;
  g_autofree char *key_nested = NULL;
  g_autofree char *key = NULL;
  g_autofree char *key2 = NULL;
  g_autoptr(GError) error = NULL;
  GDateTime *date = NULL;

  g_assert_true (isplic_parse_prolong (nested, length, TRUE, &date, &error));
  g_assert_no_error (error);
  assert_date (date, "2027-01-15");
  g_clear_pointer (&date, g_date_time_unref);

  /* The renewal form (a preview) carries newexpiredate but no `ok`: as a preview it is read,
   * as the answer to a renewal it confirms nothing (issue 7). */
  preview = load ("prolong-preview.json", &length);
  g_assert_true (isplic_parse_prolong (preview, length, FALSE, &date, &error));
  assert_date (date, "2026-02-15");
  g_clear_pointer (&date, g_date_time_unref);
  g_assert_false (isplic_parse_prolong (preview, length, TRUE, &date, &error));
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_UNCONFIRMED);
  g_assert_null (date);
  g_clear_error (&error);
  {
    g_autofree char *empty = load ("doc-empty.json", &length);
    g_assert_false (isplic_parse_prolong (empty, length, TRUE, &date, &error));
    g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_UNCONFIRMED);
    g_clear_error (&error);
    g_assert_false (isplic_parse_ok (empty, length, &error));
    g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_UNCONFIRMED);
    g_clear_error (&error);
    g_assert_true (isplic_parse_answer (empty, length, &error));
    g_assert_no_error (error);
  }

  nodate = load ("prolong-nodate.json", &length);
  g_assert_true (isplic_parse_prolong (nodate, length, TRUE, &date, &error));
  g_assert_no_error (error);
  g_assert_null (date);

  key_doc = load ("newkey.json", &length);
  key = isplic_parse_new_key (key_doc, length, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, "1001-NEWKEY");
  key_nested = load ("newkey-nested.json", &length);
  key2 = isplic_parse_new_key (key_nested, length, &error);
  g_assert_cmpstr (key2, ==, "1001-NESTED");

  g_assert_null (isplic_parse_new_key (nested, -1, &error));
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_UNCONFIRMED);
}

static GError *
error_of (const char *file)
{
  gsize length;
  g_autofree char *data = load (file, &length);
  GError *error = NULL;

  g_assert_false (isplic_parse_ok (data, length, &error));
  g_assert_nonnull (error);
  return error;
}

static void
test_errors (void)
{
  g_autoptr(GError) auth = error_of ("error-auth.json");
  g_autoptr(GError) value = error_of ("error-value.json");
  g_autoptr(GError) group = error_of ("error-group-only.json");
  g_autoptr(GError) detail = error_of ("error-detail-only.json");
  g_autoptr(GError) other = error_of ("error-other.json");
  g_autoptr(GError) exists = error_of ("error-exists.json");
  g_autoptr(GError) bare = error_of ("error-bare.json");
  g_autoptr(GError) nested = error_of ("error-nested.json");

  g_assert_error (auth, ISPLIC_BILLMGR_ERROR, ISPLIC_BILLMGR_ERROR_AUTH);
  g_assert_cmpstr (auth->message, ==, "Invalid username or password");
  g_assert_cmpstr (isplic_billmgr_error_get_field (auth), ==, "badpassword");

  g_assert_error (value, ISPLIC_BILLMGR_ERROR, ISPLIC_BILLMGR_ERROR_VALUE);
  g_assert_cmpstr (value->message, ==, "The value of field 'IP address' is invalid '1.2.3'.");
  g_assert_cmpstr (isplic_billmgr_error_get_field (value), ==, "ip");
  g_assert_cmpstr (isplic_billmgr_error_get_type_name (value), ==, "value");

  g_assert_error (group, ISPLIC_BILLMGR_ERROR, ISPLIC_BILLMGR_ERROR_VALUE);
  g_assert_cmpstr (group->message, ==,
                   "The value of field 'IP address' is invalid '1.2.3'. Use a public address");

  g_assert_error (detail, ISPLIC_BILLMGR_ERROR, ISPLIC_BILLMGR_ERROR_MISSED);
  g_assert_cmpstr (detail->message, ==, "Missing required field elid");

  g_assert_error (other, ISPLIC_BILLMGR_ERROR, ISPLIC_BILLMGR_ERROR_OTHER);
  g_assert_cmpstr (isplic_billmgr_error_get_type_name (other), ==, "not_supported");
  g_assert_cmpstr (other->message, ==, "Trial licenses cannot be renewed");

  g_assert_error (exists, ISPLIC_BILLMGR_ERROR, ISPLIC_BILLMGR_ERROR_EXISTS);
  g_assert_cmpstr (exists->message, ==, "A license for this IP address already exists");

  g_assert_error (bare, ISPLIC_BILLMGR_ERROR, ISPLIC_BILLMGR_ERROR_ACCESS);
  g_assert_true (bare->message[0] != '\0');

  g_assert_error (nested, ISPLIC_BILLMGR_ERROR, ISPLIC_BILLMGR_ERROR_ACCESS);
  g_assert_cmpstr (nested->message, ==, "Access denied");

  /* An error in any shape is a refusal, with all its messages (issue 7). */
  {
    g_autoptr(GError) array = error_of ("error-array.json");
    g_autoptr(GError) string = error_of ("error-string.json");
    g_autoptr(GError) empty = error_of ("error-empty.json");
    g_autoptr(GError) empty_array = error_of ("error-empty-array.json");

    g_assert_error (array, ISPLIC_BILLMGR_ERROR, ISPLIC_BILLMGR_ERROR_VALUE);
    g_assert_cmpstr (array->message, ==, "Insufficient funds Required amount 50.00 EUR");
    g_assert_cmpstr (isplic_billmgr_error_get_field (array), ==, "balance");
    g_assert_error (string, ISPLIC_BILLMGR_ERROR, ISPLIC_BILLMGR_ERROR_OTHER);
    g_assert_cmpstr (string->message, ==, "Insufficient funds");
    g_assert_error (empty, ISPLIC_BILLMGR_ERROR, ISPLIC_BILLMGR_ERROR_OTHER);
    g_assert_true (empty->message[0] != '\0');
    g_assert_error (empty_array, ISPLIC_BILLMGR_ERROR, ISPLIC_BILLMGR_ERROR_OTHER);
    g_assert_true (empty_array->message[0] != '\0');
  }

  /* A list answer with an error is an error, not an empty list. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) list = parse_list ("error-auth.json", NULL, &error);
    g_assert_null (list);
    g_assert_error (error, ISPLIC_BILLMGR_ERROR, ISPLIC_BILLMGR_ERROR_AUTH);
  }
}

static void
test_garbage (void)
{
  const char *files[] = {
    "garbage.html", "not-doc.json", "truncated.json", "array-root.json", "doc-string.json",
  };
  const char *inline_bodies[] = {
    "", " ", "null", "{}", "{\"doc\":null}", "{\"doc\":[]}", "\xff\xfe\x00\x01", "{\"doc\":{",
    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
  };
  g_autoptr(GString) deep = g_string_new ("{\"doc\":");

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      gsize length;
      g_autofree char *data = load (files[i], &length);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) list = isplic_parse_license_list (data, length, NULL, &error);

      g_test_message ("%s", files[i]);
      g_assert_null (list);
      g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_MALFORMED);
    }
  for (guint i = 0; i < G_N_ELEMENTS (inline_bodies); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) list = isplic_parse_license_list (inline_bodies[i], -1, NULL, &error);

      g_assert_null (list);
      g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_MALFORMED);
    }
  {
    g_autoptr(GError) error = NULL;
    g_assert_false (isplic_parse_ok (NULL, 0, &error));
    g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_MALFORMED);
  }

  /* Deep nesting is refused without recursing into it. */
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  {
    g_autoptr(GError) error = NULL;
    g_assert_false (isplic_parse_ok (deep->str, deep->len, &error));
    g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_MALFORMED);
  }
}

static void
test_values (void)
{
  g_assert_cmpint (isplic_parse_period ("1"), ==, 1);
  g_assert_cmpint (isplic_parse_period ("12"), ==, 12);
  g_assert_cmpint (isplic_parse_period ("-100"), ==, ISPLIC_TRIAL_PERIOD);
  g_assert_cmpint (isplic_parse_period ("1 month"), ==, 1);
  g_assert_cmpint (isplic_parse_period ("3 months"), ==, 3);
  g_assert_cmpint (isplic_parse_period ("1 year"), ==, 12);
  g_assert_cmpint (isplic_parse_period ("Month"), ==, 1);
  g_assert_cmpint (isplic_parse_period ("Year"), ==, 12);
  g_assert_cmpint (isplic_parse_period ("Trial"), ==, ISPLIC_TRIAL_PERIOD);
  g_assert_cmpint (isplic_parse_period ("1 год"), ==, 12);
  g_assert_cmpint (isplic_parse_period ("1 месяц"), ==, 1);
  g_assert_cmpint (isplic_parse_period ("forever"), ==, 0);
  g_assert_cmpint (isplic_parse_period (""), ==, 0);
  g_assert_cmpint (isplic_parse_period ("0"), ==, 0);
  g_assert_cmpint (isplic_parse_period (NULL), ==, 0);
  /* Numbers: spaces around them and a sign taken; anything else, or beyond range, is not one. */
  g_assert_cmpint (isplic_parse_period (" 6 "), ==, 6);
  g_assert_cmpint (isplic_parse_period ("+3"), ==, 3);
  g_assert_cmpint (isplic_parse_period ("1200"), ==, 1200);
  g_assert_cmpint (isplic_parse_period ("1201"), ==, 0);
  g_assert_cmpint (isplic_parse_period ("-1"), ==, 0);
  g_assert_cmpint (isplic_parse_period ("2147483648"), ==, 0);
  g_assert_cmpint (isplic_parse_period ("99999999999999999999999"), ==, 0);
  g_assert_cmpint (isplic_parse_period ("-9223372036854775808"), ==, 0);
  g_assert_cmpint (isplic_parse_period ("1 2"), ==, 0);
  g_assert_cmpint (isplic_parse_period ("+"), ==, 0);

  g_assert_cmpint (isplic_parse_auto_renew ("null"), ==, 0);
  g_assert_cmpint (isplic_parse_auto_renew ("off"), ==, 0);
  g_assert_cmpint (isplic_parse_auto_renew ("1"), ==, 1);
  g_assert_cmpint (isplic_parse_auto_renew ("12"), ==, 12);
  g_assert_cmpint (isplic_parse_auto_renew ("1 year"), ==, 12);
  g_assert_cmpint (isplic_parse_auto_renew ("Trial"), ==, 0);
  g_assert_cmpint (isplic_parse_auto_renew (NULL), ==, 0);
  g_assert_cmpint (isplic_parse_auto_renew (" 3 "), ==, 3);
  g_assert_cmpint (isplic_parse_auto_renew ("0"), ==, 0);
  g_assert_cmpint (isplic_parse_auto_renew ("-100"), ==, 0);
  g_assert_cmpint (isplic_parse_auto_renew ("-5"), ==, 0);
  g_assert_cmpint (isplic_parse_auto_renew ("1 Month"), ==, 1);
}

static void
test_form_encode (void)
{
  const char * const pairs[] = {
    "func", "soft", "authinfo", "user@example.com:p:a&s%s+w#o?rd ü", "elid", "1, 2", "odd",
  };
  g_autofree char *body = isplic_form_encode (pairs, G_N_ELEMENTS (pairs));
  g_autoptr(GHashTable) decoded = NULL;

  g_assert_cmpstr (body, ==,
                   "func=soft&authinfo=user%40example.com%3Ap%3Aa%26s%25s%2Bw%23o%3Frd%20%C3%BC"
                   "&elid=1%2C%202");
  /* A standard form decoder gets the exact value back (encoded exactly once). */
  decoded = soup_form_decode (body);
  g_assert_cmpstr (g_hash_table_lookup (decoded, "authinfo"), ==,
                   "user@example.com:p:a&s%s+w#o?rd ü");
  g_assert_cmpstr (g_hash_table_lookup (decoded, "elid"), ==, "1, 2");
}

/* The fuzzer's seed corpus through every parser, in the normal build too (no clang needed). */
static void
test_corpus_replay (void)
{
  g_autofree char *dir_path = g_build_filename (g_getenv ("ISPLIC_TEST_DATA"), "..", "fuzz",
                                                "corpus", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint n = 0;

  if (dir == NULL)
    {
      g_test_skip ("no fuzz corpus");
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_autofree char *data = NULL;
      g_autofree char *id = NULL;
      g_autofree char *key = NULL;
      g_autoptr(GPtrArray) list = NULL;
      g_autoptr(IsplicLicense) details = NULL;
      g_autoptr(GDateTime) expiry = NULL;
      g_autoptr(GError) error = NULL;
      gsize length;

      if (!g_file_get_contents (path, &data, &length, NULL))
        continue;
      list = isplic_parse_license_list (data, length, NULL, &error);
      g_assert_true ((list == NULL) == (error != NULL));
      g_clear_error (&error);
      details = isplic_parse_license_details (data, length, "1", &error);
      g_assert_true ((details == NULL) == (error != NULL));
      g_clear_error (&error);
      if (isplic_parse_order (data, length, FALSE, &id, NULL, &error))
        g_assert_no_error (error);
      g_clear_error (&error);
      if (isplic_parse_prolong (data, length, TRUE, &expiry, &error))
        g_assert_no_error (error);
      g_clear_error (&error);
      key = isplic_parse_new_key (data, length, &error);
      g_assert_true ((key == NULL) == (error != NULL));
      n++;
    }
  g_assert_cmpuint (n, >, 10);
}

/* The UTF-8 check before parsing: its eight-bytes-at-a-time path must stop at the exact first bad
 * byte wherever it falls, and let every valid character through, also one cut by its window. */
static void
test_utf8_check (void)
{
  static const struct {
    const char *text;
    gsize length;
    gssize bad;  /* offset of the first bad byte, -1 when valid */
  } cases[] = {
    { "{\"doc\":{\"name\":{\"$\":\"abcdefghijklmnop\"}}}", 41, -1 },
    { "{\"doc\":{\"name\":{\"$\":\"\xd1\x81\xd0\xb5\xd1\x80\xd0\xb2\xd0\xb5\xd1\x80\"}}}", 37, -1 },
    { "{\"doc\":{\"n\":{\"$\":\"0123456\xe6\x9d\xb1\xe4\xba\xac\xf0\x9f\x98\x80\"}}}", 39, -1 },
    { "{\"doc\":{\"name\":{\"$\":\"abcdefgh\xff\"}}}", 34, 29 },
    { "{\"doc\":{\"name\":{\"$\":\"abcdefgh\0ijk\"}}}", 37, 29 },
    { "{\"doc\":{\"name\":{\"$\":\"abcdefghijklmno\xc3", 37, 36 },
    { "{\"doc\":{\"name\":{\"$\":\"a\xc0\xaf\"}}}", 28, 22 },
    { "{\"doc\":{\"name\":{\"$\":\"abcdefghijklmn\xed\xa0\x80\"}}}", 42, 35 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gsize offset = G_MAXSIZE;
      IsplicJsonDoc *doc = isplic_json_parse (cases[i].text, cases[i].length, NULL, NULL, &offset);

      g_test_message ("case %u", i);
      if (cases[i].bad < 0)
        {
          g_assert_nonnull (doc);
          isplic_json_doc_free (doc);
        }
      else
        {
          g_assert_null (doc);
          g_assert_cmpuint (offset, ==, (gsize) cases[i].bad);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/parse/list/array", test_list_array);
  g_test_add_func ("/parse/list/shared-dates", test_list_shared_dates);
  g_test_add_func ("/parse/list/member-order", test_list_member_order);
  g_test_add_func ("/parse/list/single-empty-nested", test_list_single_and_empty);
  g_test_add_func ("/parse/list/odd", test_list_odd);
  g_test_add_func ("/parse/details", test_details);
  g_test_add_func ("/parse/order", test_order);
  g_test_add_func ("/parse/prolong-and-key", test_prolong_and_key);
  g_test_add_func ("/parse/errors", test_errors);
  g_test_add_func ("/parse/garbage", test_garbage);
  g_test_add_func ("/parse/values", test_values);
  g_test_add_func ("/parse/form-encode", test_form_encode);
  g_test_add_func ("/parse/corpus-replay", test_corpus_replay);
  g_test_add_func ("/parse/utf8-check", test_utf8_check);

  return g_test_run ();
}
