/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The cached list: real files in an isolated cache folder. What is written comes back field for
 * field, without the key; a file from another account, another version, cut short, altered or
 * lying about its count is refused.
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "isplic-core.h"
#include "isplic-test-utils.h"

#define SERVER "https://billing.example.com/billmgr"
#define USER "reseller"
#define SECRET_KEY "0123456789abcdef-SECRET-KEY"

static GListStore *
make_licenses (guint n)
{
  GListStore *store = g_list_store_new (ISPLIC_TYPE_LICENSE);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", 1000 + i);
      g_autofree char *name = g_strdup_printf ("Сервер-%u", i);
      g_autofree char *ip = g_strdup_printf ("10.0.%u.%u", i / 256, i % 256);
      g_autoptr(IsplicLicense) license = isplic_license_new (id);
      g_autoptr(GDateTime) expires = g_date_time_new_utc (2027, 1 + i % 12, 1 + i % 28, 0, 0, 0);

      isplic_license_set_name (license, name);
      isplic_license_set_ip (license, ip);
      isplic_license_set_tariff_id (license, "55227");
      isplic_license_set_tariff_name (license, i % 2 ? "ispmanager 6 Lite" : "ispmanager 6 Pro");
      isplic_license_set_period (license, i % 2 ? 1 : 12);
      isplic_license_set_status (license, i % 3 ? ISPLIC_LICENSE_STATUS_ACTIVE
                                                : ISPLIC_LICENSE_STATUS_SUSPENDED);
      if (i == 1)
        isplic_license_set_status_label (license, "Приостановлена");
      isplic_license_set_expires (license, i == 2 ? NULL : expires);
      isplic_license_set_auto_renew (license, i % 2 ? 0 : 12);
      isplic_license_set_cost (license, i == 3 ? NULL : "9.50 EUR / Month");
      isplic_license_set_nodes (license, i % 4);
      isplic_license_set_key (license, SECRET_KEY);
      g_list_store_append (store, license);
    }
  return store;
}

static void
save_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (isplic_license_cache_save_finish (result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
save (const char *path,
      const char *user,
      GListModel *licenses)
{
  gboolean done = FALSE;

  isplic_license_cache_save_async (path, SERVER, user, licenses, NULL, save_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
assert_same (IsplicLicense *a,
             IsplicLicense *b)
{
  g_assert_cmpstr (isplic_license_get_id (a), ==, isplic_license_get_id (b));
  g_assert_cmpstr (isplic_license_get_name (a), ==, isplic_license_get_name (b));
  g_assert_cmpstr (isplic_license_get_ip (a), ==, isplic_license_get_ip (b));
  g_assert_cmpstr (isplic_license_get_tariff_id (a), ==, isplic_license_get_tariff_id (b));
  g_assert_cmpstr (isplic_license_get_tariff_name (a), ==, isplic_license_get_tariff_name (b));
  g_assert_cmpstr (isplic_license_get_status_label (a), ==, isplic_license_get_status_label (b));
  g_assert_cmpstr (isplic_license_get_cost (a), ==, isplic_license_get_cost (b));
  g_assert_cmpint (isplic_license_get_period (a), ==, isplic_license_get_period (b));
  g_assert_cmpint (isplic_license_get_status (a), ==, isplic_license_get_status (b));
  g_assert_cmpint (isplic_license_get_auto_renew (a), ==, isplic_license_get_auto_renew (b));
  g_assert_cmpint (isplic_license_get_nodes (a), ==, isplic_license_get_nodes (b));
  g_assert_true ((isplic_license_get_expires (a) == NULL) == (isplic_license_get_expires (b) == NULL));
  if (isplic_license_get_expires (a) != NULL)
    g_assert_true (g_date_time_equal (isplic_license_get_expires (a),
                                      isplic_license_get_expires (b)));
  /* The sort keys and search text are made for the loaded copy too. */
  g_assert_cmpstr (isplic_license_get_search_text (a), ==, isplic_license_get_search_text (b));
  g_assert_cmpint (isplic_license_compare_ip (a, b), ==, 0);
  g_assert_cmpint (isplic_license_compare_expires (a, b), ==, 0);
}

static void
test_round_trip (void)
{
  g_autoptr(GListStore) store = make_licenses (50);
  g_autofree char *path = isplic_license_cache_path (SERVER, USER);
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GDateTime) saved = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  GStatBuf st;

  /* Under the user's cache folder; the name tells nothing of the account. */
  g_assert_true (g_str_has_prefix (path, g_get_user_cache_dir ()));
  g_assert_null (strstr (path, "billing"));
  g_assert_null (strstr (path, USER));

  save (path, USER, G_LIST_MODEL (store));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  /* No key, and neither the server nor the user name in clear. */
  g_assert_null (g_strstr_len (contents, (gssize) length, SECRET_KEY));
  g_assert_null (g_strstr_len (contents, (gssize) length, "billing.example.com"));
  g_assert_null (g_strstr_len (contents, (gssize) length, USER));

  loaded = isplic_license_cache_load (path, SERVER, USER, &saved, &error);
  g_assert_no_error (error);
  g_assert_nonnull (saved);
  g_assert_cmpuint (loaded->len, ==, 50);
  for (guint i = 0; i < loaded->len; i++)
    {
      g_autoptr(IsplicLicense) original = g_list_model_get_item (G_LIST_MODEL (store), i);

      assert_same (original, loaded->pdata[i]);
      g_assert_null (isplic_license_get_key (loaded->pdata[i]));
    }

  g_assert_true (isplic_license_cache_remove (path, &error));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_true (isplic_license_cache_remove (path, &error));
  g_assert_no_error (error);
}

/* memmem() without _GNU_SOURCE. */
static char *
find_bytes (GByteArray *haystack,
            const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= haystack->len; i++)
    if (memcmp (haystack->data + i, needle, n) == 0)
      return (char *) haystack->data + i;
  return NULL;
}

static void
assert_refused (const char *path,
                const char *user,
                GQuark      domain,
                int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) loaded = isplic_license_cache_load (path, SERVER, user, NULL, &error);

  g_assert_null (loaded);
  g_assert_error (error, domain, code);
}

/* Writes @contents with a correct checksum, as if IspLic had written it. */
static void
write_signed (const char *path,
              GByteArray *contents)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize length = sizeof digest;

  g_checksum_update (checksum, contents->data, contents->len);
  g_checksum_get_digest (checksum, digest, &length);
  g_byte_array_append (contents, digest, 32);
  g_assert_true (g_file_set_contents (path, (const char *) contents->data, contents->len, NULL));
}

static void
test_refused (void)
{
  g_autoptr(GListStore) store = make_licenses (3);
  g_autofree char *path = isplic_license_cache_path (SERVER, USER);
  g_autofree char *contents = NULL;
  g_autoptr(GByteArray) edited = NULL;
  gsize length;
  char *version;

  assert_refused (path, USER, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);

  save (path, USER, G_LIST_MODEL (store));
  /* Another account (the file renamed or the digest colliding in the name is no excuse). */
  assert_refused (path, "someone-else", G_IO_ERROR, G_IO_ERROR_INVALID_DATA);

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));

  /* One byte altered anywhere. */
  contents[length / 2] ^= 0x20;
  g_assert_true (g_file_set_contents (path, contents, (gssize) length, NULL));
  assert_refused (path, USER, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  contents[length / 2] ^= 0x20;

  /* Cut short; empty. */
  g_assert_true (g_file_set_contents (path, contents, (gssize) length - 40, NULL));
  assert_refused (path, USER, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_true (g_file_set_contents (path, "", 0, NULL));
  assert_refused (path, USER, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);

  /* Another version, with a checksum that fits: the version alone refuses it. */
  edited = g_byte_array_new ();
  g_byte_array_append (edited, (const guint8 *) contents, (guint) length - 32);
  version = find_bytes (edited, PACKAGE_VERSION);
  g_assert_nonnull (version);
  version[0] = version[0] == '9' ? '8' : '9';
  write_signed (path, edited);
  assert_refused (path, USER, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);

  /* A count far beyond what the file holds, checksum correct. */
  {
    g_autoptr(GByteArray) lying = g_byte_array_new ();
    /* magic 8 + format 4 + version (4 + n) + digest (4 + 64) + saved 8: the count follows. */
    gsize count_at = 8 + 4 + 4 + strlen (PACKAGE_VERSION) + 4 + 64 + 8;
    guint32 huge = GUINT32_TO_LE (4000000000u);

    g_byte_array_append (lying, (const guint8 *) contents, (guint) length - 32);
    memcpy (lying->data + count_at, &huge, 4);
    write_signed (path, lying);
    assert_refused (path, USER, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  }

  /* A string that is not UTF-8, checksum correct. */
  {
    g_autoptr(GByteArray) bad = g_byte_array_new ();
    char *name;

    g_byte_array_append (bad, (const guint8 *) contents, (guint) length - 32);
    name = find_bytes (bad, "Сервер-0");
    g_assert_nonnull (name);
    name[0] = (char) 0xff;
    write_signed (path, bad);
    assert_refused (path, USER, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  }

  /* Saving again repairs it. */
  save (path, USER, G_LIST_MODEL (store));
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) loaded = isplic_license_cache_load (path, SERVER, USER, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (loaded->len, ==, 3);
  }
}

static void
load_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GPtrArray **out = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) saved = NULL;

  *out = isplic_license_cache_load_finish (result, &saved, &error);
  g_assert_no_error (error);
  g_assert_nonnull (saved);
}

static void
test_async_large (void)
{
  g_autoptr(GListStore) store = make_licenses (20000);
  g_autofree char *path = isplic_license_cache_path (SERVER, USER);
  GPtrArray *loaded = NULL;

  save (path, USER, G_LIST_MODEL (store));
  isplic_license_cache_load_async (path, SERVER, USER, NULL, load_cb, &loaded);
  while (loaded == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (loaded->len, ==, 20000);
  {
    g_autoptr(IsplicLicense) last = g_list_model_get_item (G_LIST_MODEL (store), 19999);

    assert_same (last, loaded->pdata[19999]);
  }
  g_ptr_array_unref (loaded);
}

/* A long list is also kept in short: its head, the first ISPLIC_LICENSE_CACHE_HEAD licenses as
 * saved, in a file of the same form (mode 0600, checked the same way); a short list has none, and
 * removing the list removes its head. */
static void
test_head (void)
{
  guint n = ISPLIC_LICENSE_CACHE_HEAD + 1;
  g_autoptr(GListStore) store = make_licenses (n);
  g_autoptr(GListStore) short_store = make_licenses (ISPLIC_LICENSE_CACHE_HEAD);
  g_autofree char *path = isplic_license_cache_path (SERVER, USER);
  g_autofree char *head_path = isplic_license_cache_head_path (path);
  g_autoptr(GPtrArray) head = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  GStatBuf st;
  gsize len;

  save (path, USER, G_LIST_MODEL (store));
  head = isplic_license_cache_load (head_path, SERVER, USER, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (head->len, ==, ISPLIC_LICENSE_CACHE_HEAD);
  for (guint i = 0; i < head->len; i++)
    {
      g_autoptr(IsplicLicense) license = g_list_model_get_item (G_LIST_MODEL (store), i);

      assert_same (license, head->pdata[i]);
    }
  g_assert_cmpint (g_stat (head_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  /* Another account's name on it, or a byte changed: refused like the whole list. */
  g_clear_pointer (&head, g_ptr_array_unref);
  head = isplic_license_cache_load (head_path, SERVER, "someone-else", NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_null (head);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (head_path, &contents, &len, NULL));
  contents[len - 40] ^= 1;
  g_assert_true (g_file_set_contents (head_path, contents, len, NULL));
  head = isplic_license_cache_load (head_path, SERVER, USER, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  /* A short list: the old head goes. */
  save (path, USER, G_LIST_MODEL (short_store));
  g_assert_false (g_file_test (head_path, G_FILE_TEST_EXISTS));
  save (path, USER, G_LIST_MODEL (store));
  g_assert_true (g_file_test (head_path, G_FILE_TEST_EXISTS));
  g_assert_true (isplic_license_cache_remove (path, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (head_path, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = isplic_test_private_home ();
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/license-cache/round-trip", test_round_trip);
  g_test_add_func ("/license-cache/refused", test_refused);
  g_test_add_func ("/license-cache/async-large", test_async_large);
  g_test_add_func ("/license-cache/head", test_head);
  status = g_test_run ();
  isplic_test_remove_tree (home);
  return status;
}
