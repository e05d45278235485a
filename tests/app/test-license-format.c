/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Presentation helpers without a display: the tariffs' short names (issue 9). */
#include "config.h"

#include <string.h>

#include "isplic-license-format.h"
#include "isplic-license-text.h"

static void
test_tariff_short_name (void)
{
  static const struct { const char *id; const char *text; } known[] = {
    { "55239", "Trial" },
    { "55240", "Business Trial" },
    { "55227", "Lite" },
    { "55228", "Pro" },
    { "55229", "Host" },
    { "55230", "Business" },
  };
  static const struct { const char *name; const char *text; } by_name[] = {
    { "ispmanager 6 Lite", "Lite" },
    { "  ispmanager 6 Pro ", "Pro" },
    { "ISPmanager 6 Host", "Host" },
    { "ispmanager 6 trial", "Trial" },
    { "ispmanager 6 Business trial", "Business Trial" },
    { "ispmanager 6 Trial", "Trial" },
    /* Not ours: left as the server wrote it, but "trial" still said once. */
    { "ispmanager 5 Lite", "ispmanager 5 Lite" },
    { "Cloud trial", "Cloud Trial" },
    { "Industrial", "Industrial" },
    { "ispmanager 6 ", "ispmanager 6" },
    { NULL, "Unknown" },
    { "", "Unknown" },
  };
  guint n_tariffs;
  const IsplicTariff *tariffs = isplic_tariffs_get (&n_tariffs);

  g_assert_cmpuint (n_tariffs, ==, G_N_ELEMENTS (known));
  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    {
      g_autofree char *text = isplic_tariff_short_name (isplic_tariff_lookup (known[i].id),
                                                        "ignored when the tariff is known");

      g_assert_cmpstr (text, ==, known[i].text);
    }
  /* Every tariff: no product prefix, "trial" at most once. */
  for (guint i = 0; i < n_tariffs; i++)
    {
      g_autofree char *text = isplic_tariff_short_name (&tariffs[i], NULL);
      g_autofree char *lower = g_ascii_strdown (text, -1);
      const char *first = strstr (lower, "trial");

      g_assert_null (strstr (lower, "ispmanager"));
      g_assert_true (first == NULL || strstr (first + 1, "trial") == NULL);
    }
  for (guint i = 0; i < G_N_ELEMENTS (by_name); i++)
    {
      g_autofree char *text = isplic_tariff_short_name (NULL, by_name[i].name);

      g_assert_cmpstr (text, ==, by_name[i].text);
    }
}

static void
test_license_tariff_short (void)
{
  g_autoptr(IsplicLicense) business = isplic_license_new ("1");
  g_autoptr(IsplicLicense) pro = isplic_license_new ("2");
  g_autoptr(IsplicLicense) named = isplic_license_new ("3");
  g_autoptr(IsplicLicense) trial = isplic_license_new ("4");
  g_autoptr(IsplicLicense) nothing = isplic_license_new ("5");
  g_autofree char *text = NULL;

  isplic_license_set_tariff_id (business, "55230");
  isplic_license_set_nodes (business, 3);
  text = isplic_license_format_tariff_short (business);
  g_assert_cmpstr (text, ==, "Business · 3 nodes");
  g_clear_pointer (&text, g_free);
  isplic_license_set_nodes (business, 1);
  text = isplic_license_format_tariff_short (business);
  g_assert_cmpstr (text, ==, "Business · 1 node");
  g_clear_pointer (&text, g_free);
  isplic_license_set_nodes (business, 0);
  text = isplic_license_format_tariff_short (business);
  g_assert_cmpstr (text, ==, "Business");
  g_clear_pointer (&text, g_free);

  /* Nodes only count for a tariff that takes them. */
  isplic_license_set_tariff_id (pro, "55228");
  isplic_license_set_nodes (pro, 4);
  text = isplic_license_format_tariff_short (pro);
  g_assert_cmpstr (text, ==, "Pro");
  g_clear_pointer (&text, g_free);

  /* Only the server's name, as billmgr lists it. */
  isplic_license_set_tariff_name (named, "ispmanager 6 Business");
  isplic_license_set_nodes (named, 2);
  text = isplic_license_format_tariff_short (named);
  g_assert_cmpstr (text, ==, "Business · 2 nodes");
  g_clear_pointer (&text, g_free);

  isplic_license_set_tariff_id (trial, "55239");
  isplic_license_set_tariff_name (trial, "ispmanager 6 trial");
  text = isplic_license_format_tariff_short (trial);
  g_assert_cmpstr (text, ==, "Trial");
  g_clear_pointer (&text, g_free);

  text = isplic_license_format_tariff_short (nothing);
  g_assert_cmpstr (text, ==, "Unknown");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/app/format/tariff-short-name", test_tariff_short_name);
  g_test_add_func ("/app/format/license-tariff-short", test_license_tariff_short);

  return g_test_run ();
}
