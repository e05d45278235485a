/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <langinfo.h>
#include <locale.h>

#include "isplic-core.h"

static void
test_ip_valid (void)
{
  const char *good[] = {
    "1.2.3.4", "192.0.2.10", "255.255.255.255", "0.0.0.0", "127.0.0.1",
    "::1", "::", "2001:db8::5", "2001:DB8:0:0:0:0:0:1", "fe80::1", "::ffff:192.0.2.1",
  };
  const char *bad[] = {
    "", " ", "1.2.3", "1.2.3.4:80", " 1.2.3.4", "1.2.3.4 ", "1.2.3.4.5", "256.1.1.1",
    "1.2.3.-4", "example.com", "localhost", "fe80::1%eth0", "fe80::1%1", "[::1]", "[::1]:80",
    "2001:db8::g", "1.2.3.4/24", "01.2.3.4x", "::1::", "１.２.３.４", "1.2.3.4\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_test_message ("good: %s", good[i]);
      g_assert_true (isplic_ip_is_valid (good[i]));
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_test_message ("bad: '%s'", bad[i]);
      g_assert_false (isplic_ip_is_valid (bad[i]));
    }
  g_assert_false (isplic_ip_is_valid (NULL));
}

static void
test_url_secure (void)
{
  g_assert_true (isplic_url_is_secure (ISPLIC_SERVER_EU));
  g_assert_true (isplic_url_is_secure (ISPLIC_SERVER_RU));
  g_assert_true (isplic_url_is_secure ("https://example.com/billmgr"));
  g_assert_true (isplic_url_is_secure ("http://127.0.0.1:8080/billmgr"));
  g_assert_true (isplic_url_is_secure ("http://127.1.2.3/billmgr"));
  g_assert_true (isplic_url_is_secure ("http://[::1]:9000/billmgr"));
  g_assert_true (isplic_url_is_secure ("http://localhost/billmgr"));
  g_assert_true (isplic_url_is_secure ("HTTP://LOCALHOST/billmgr"));

  g_assert_false (isplic_url_is_secure ("http://example.com/billmgr"));
  g_assert_false (isplic_url_is_secure ("http://192.0.2.1/billmgr"));
  g_assert_false (isplic_url_is_secure ("http://localhost.example.com/billmgr"));
  g_assert_false (isplic_url_is_secure ("http://128.0.0.1/billmgr"));
  g_assert_false (isplic_url_is_secure ("ftp://localhost/billmgr"));
  g_assert_false (isplic_url_is_secure ("not a url"));
  g_assert_false (isplic_url_is_secure (""));
  g_assert_false (isplic_url_is_secure (NULL));
}

static void
test_dates (void)
{
  const char *bad[] = {
    "", "2025", "2025-1-05", "2025-01-5", "2025/01/05", "2025-13-01", "2025-00-10", "2025-02-30",
    "2023-02-29", "0000-00-00", " 2025-01-05", "2025-01-05X", "2025-01-050", "2025-02-30 00:00:00",
    "Ежедневное списание", "abcd-ef-gh", "2025-01-0x", "+025-01-05",
  };
  g_autoptr(GDateTime) date = NULL;
  g_autoptr(GDateTime) leap = NULL;
  g_autofree char *text = NULL;

  date = isplic_date_parse ("2026-01-15");
  g_assert_nonnull (date);
  g_assert_cmpint (g_date_time_get_year (date), ==, 2026);
  g_assert_cmpint (g_date_time_get_month (date), ==, 1);
  g_assert_cmpint (g_date_time_get_day_of_month (date), ==, 15);
  g_assert_cmpint (g_date_time_get_hour (date), ==, 0);
  text = isplic_date_format (date);
  g_assert_cmpstr (text, ==, "2026-01-15");

  leap = isplic_date_parse ("2024-02-29");
  g_assert_nonnull (leap);

  /* A time part is read as its date (issue 7: "2026-08-01 00:00:00" is not "-"). */
  {
    const char *with_time[] = { "2026-08-01 00:00:00", "2026-08-01T23:59:59Z", "2026-08-01 " };
    for (guint i = 0; i < G_N_ELEMENTS (with_time); i++)
      {
        g_autoptr(GDateTime) parsed = isplic_date_parse (with_time[i]);
        g_autofree char *day = isplic_date_format (parsed);
        g_assert_cmpstr (day, ==, "2026-08-01");
      }
  }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GDateTime) parsed = isplic_date_parse (bad[i]);
      g_test_message ("bad date: '%s'", bad[i]);
      g_assert_null (parsed);
    }
  g_assert_null (isplic_date_parse (NULL));
  g_assert_null (isplic_date_format (NULL));
}

static void
test_ids (void)
{
  const char *good[] = { "1", "3100001", "999999999999999999" };
  const char *bad[] = { "", "0", "-1", "+5", "01", "1.5", "12a", " 12", "12 ", "1e5", "٣",
                        "1234567890123456789", "12,13" };
  const char * const dupes[] = { "3100001", "7", "3100001", "7", "8", NULL };
  g_auto(GStrv) unique = NULL;
  guint dropped = 99;

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    g_assert_true (isplic_id_is_valid (good[i]));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_test_message ("bad id: '%s'", bad[i]);
      g_assert_false (isplic_id_is_valid (bad[i]));
    }
  g_assert_false (isplic_id_is_valid (NULL));

  unique = isplic_ids_dedup (dupes, &dropped);
  g_assert_cmpuint (dropped, ==, 2);
  g_assert_cmpuint (g_strv_length (unique), ==, 3);
  g_assert_cmpstr (unique[0], ==, "3100001");
  g_assert_cmpstr (unique[1], ==, "7");
  g_assert_cmpstr (unique[2], ==, "8");
}

static void
test_names (void)
{
  const char *good[] = { "srv-01", "Сервер Ивана", "web 1 (backup)", "名前", "a" };
  const char *bad[] = {
    "", "   ", "line\nbreak", "cr\rhere", "tab\there", "esc\033[2Jx", "bell\007",
    "del\177x", "c1\302\233x", "rlo\342\200\256gpj.exe", "iso\342\201\246x",
    "\342\200\213\342\200\213", "\302\240\302\240", "ls\342\200\250x", "\377bad",
  };
  g_autofree char *longest = g_strnfill (ISPLIC_NAME_MAX_CHARS, 'x');
  g_autofree char *too_long = g_strnfill (ISPLIC_NAME_MAX_CHARS + 1, 'x');
  g_autofree char *thousands = g_strnfill (5000, 'y');

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *why = isplic_name_check (good[i]);
      g_assert_null (why);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *why = isplic_name_check (bad[i]);
      g_test_message ("bad name %u", i);
      g_assert_nonnull (why);
    }
  {
    g_autofree char *why = isplic_name_check (longest);
    g_assert_null (why);
  }
  {
    g_autofree char *why = isplic_name_check (too_long);
    g_assert_nonnull (why);
  }
  {
    g_autofree char *why = isplic_name_check (thousands);
    g_assert_nonnull (why);
  }
  {
    g_autofree char *why = isplic_name_check (NULL);
    g_assert_nonnull (why);
  }
}

static void
test_tariffs (void)
{
  const IsplicTariff *tariffs;
  const IsplicTariff *tariff;
  guint n = 0;
  guint trials = 0;

  tariffs = isplic_tariffs_get (&n);
  g_assert_cmpuint (n, ==, 6);
  for (guint i = 0; i < n; i++)
    {
      g_assert_nonnull (tariffs[i].id);
      g_assert_nonnull (tariffs[i].name);
      g_assert_true (isplic_tariff_lookup (tariffs[i].id) == &tariffs[i]);
      if (tariffs[i].trial)
        trials++;
    }
  g_assert_cmpuint (trials, ==, 2);

  tariff = isplic_tariff_lookup ("55239");
  g_assert_nonnull (tariff);
  g_assert_true (tariff->trial);
  g_assert_true (isplic_tariff_lookup ("55240")->trial);
  g_assert_false (isplic_tariff_lookup ("55227")->trial);
  g_assert_cmpstr (isplic_tariff_lookup ("55227")->name, ==, "ispmanager 6 Lite");
  g_assert_cmpstr (isplic_tariff_lookup ("55228")->name, ==, "ispmanager 6 Pro");
  g_assert_cmpstr (isplic_tariff_lookup ("55229")->name, ==, "ispmanager 6 Host");

  tariff = isplic_tariff_lookup ("55230");
  g_assert_cmpstr (tariff->name, ==, "ispmanager 6 Business");
  g_assert_true (tariff->has_nodes);
  g_assert_cmpstr (tariff->nodes_addon, ==, "55236");
  g_assert_false (isplic_tariff_lookup ("55227")->has_nodes);

  g_assert_null (isplic_tariff_lookup ("12345"));
  g_assert_null (isplic_tariff_lookup (NULL));
  g_assert_null (isplic_tariff_lookup ("ispmanager 6 Lite"));

  g_assert_true (isplic_tariff_find ("55228") == isplic_tariff_lookup ("55228"));
  g_assert_true (isplic_tariff_find ("ispmanager 6 pro") == isplic_tariff_lookup ("55228"));
  g_assert_true (isplic_tariff_find ("ISPMANAGER 6 BUSINESS") == isplic_tariff_lookup ("55230"));
  g_assert_null (isplic_tariff_find ("ispmanager 5 Lite"));
  g_assert_null (isplic_tariff_find (NULL));
}

/* Counts are grouped by the locale's separator, with a comma where the locale has none. */
static void
test_count_format (void)
{
  static const struct { guint n; const char *text; } cases[] = {
    { 0, "0" }, { 7, "7" }, { 999, "999" }, { 1000, "1,000" }, { 1997, "1,997" },
    { 123456, "123,456" }, { 1234567, "1,234,567" }, { G_MAXUINT, "4,294,967,295" },
  };
  const char *locpath = g_getenv ("ISPLIC_TEST_LOCPATH");
  g_autofree char *saved = g_strdup (setlocale (LC_NUMERIC, NULL));

  /* The tests run in C.UTF-8, which has no separator. */
  g_assert_cmpstr (nl_langinfo (THOUSEP), ==, "");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = isplic_count_format (cases[i].n);

      g_assert_cmpstr (text, ==, cases[i].text);
    }

  /* Russian, from a locale compiled into the build folder (glibc reads LOCPATH at each
   * setlocale()): a narrow no-break space. */
  if (locpath == NULL)
    {
      g_test_skip ("no compiled ru_RU.UTF-8 locale (ISPLIC_TEST_LOCPATH)");
      return;
    }
  g_setenv ("LOCPATH", locpath, TRUE);
  if (setlocale (LC_NUMERIC, "ru_RU.UTF-8") == NULL)
    {
      g_unsetenv ("LOCPATH");
      g_test_skip ("ru_RU.UTF-8 cannot be loaded");
      return;
    }
  {
    g_autofree char *small = isplic_count_format (999);
    g_autofree char *text = isplic_count_format (1997);
    g_autofree char *big = isplic_count_format (1234567);

    g_assert_cmpstr (small, ==, "999");
    g_assert_cmpstr (text, ==, "1\u202f997");
    g_assert_cmpstr (big, ==, "1\u202f234\u202f567");
  }
  setlocale (LC_NUMERIC, saved);
  g_unsetenv ("LOCPATH");
}

static void
test_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) copy = NULL;
  g_autoptr(GError) other = NULL;
  g_autoptr(GError) plain = NULL;

  error = isplic_billmgr_error_new ("value", "ip", "The IP is wrong");
  g_assert_error (error, ISPLIC_BILLMGR_ERROR, ISPLIC_BILLMGR_ERROR_VALUE);
  g_assert_cmpstr (error->message, ==, "The IP is wrong");
  g_assert_cmpstr (isplic_billmgr_error_get_field (error), ==, "ip");
  g_assert_cmpstr (isplic_billmgr_error_get_type_name (error), ==, "value");

  /* The extended data survives a copy. */
  copy = g_error_copy (error);
  g_assert_cmpstr (isplic_billmgr_error_get_field (copy), ==, "ip");
  g_assert_cmpstr (isplic_billmgr_error_get_type_name (copy), ==, "value");

  other = isplic_billmgr_error_new ("not_supported", NULL, "No");
  g_assert_error (other, ISPLIC_BILLMGR_ERROR, ISPLIC_BILLMGR_ERROR_OTHER);
  g_assert_cmpstr (isplic_billmgr_error_get_type_name (other), ==, "not_supported");
  g_assert_null (isplic_billmgr_error_get_field (other));

  for (int code = ISPLIC_BILLMGR_ERROR_AUTH; code <= ISPLIC_BILLMGR_ERROR_EXISTS; code++)
    {
      const char *types[] = { "auth", "access", "value", "missed", "exists" };
      g_autoptr(GError) e = isplic_billmgr_error_new (types[code], NULL, "x");
      g_assert_error (e, ISPLIC_BILLMGR_ERROR, code);
    }

  plain = g_error_new_literal (ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_NETWORK, "down");
  g_assert_null (isplic_billmgr_error_get_field (plain));
  g_assert_null (isplic_billmgr_error_get_type_name (plain));
  g_assert_null (isplic_billmgr_error_get_field (NULL));
  g_assert_cmpuint (ISPLIC_CLIENT_ERROR, !=, ISPLIC_BILLMGR_ERROR);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/util/ip", test_ip_valid);
  g_test_add_func ("/util/url-secure", test_url_secure);
  g_test_add_func ("/util/dates", test_dates);
  g_test_add_func ("/util/ids", test_ids);
  g_test_add_func ("/util/names", test_names);
  g_test_add_func ("/util/count-format", test_count_format);
  g_test_add_func ("/tariff/catalogue", test_tariffs);
  g_test_add_func ("/error/billmgr", test_errors);

  return g_test_run ();
}
