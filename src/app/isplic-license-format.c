/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <arpa/inet.h>
#include <string.h>

#include <glib/gi18n.h>

#include "isplic-license-format.h"
#include "isplic-license-text.h"

char *
isplic_format_count (guint n)
{
  return isplic_count_format (n);
}

char *
isplic_format_relative_days (int days_left)
{
  if (days_left == G_MAXINT)
    return NULL;
  if (days_left == 0)
    return g_strdup (_("today"));
  if (days_left == 1)
    return g_strdup (_("tomorrow"));
  if (days_left == -1)
    return g_strdup (_("expired yesterday"));
  if (days_left > 1)
    return g_strdup_printf (ngettext ("in %d day", "in %d days", days_left), days_left);
  return g_strdup_printf (ngettext ("expired %d day ago", "expired %d days ago", -days_left),
                          -days_left);
}

static guint32
today_julian (void)
{
  static guint32 julian;
  static gint64 checked;
  gint64 now_us = g_get_monotonic_time ();

  if (julian == 0 || now_us - checked > 30 * G_USEC_PER_SEC)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      GDate today;
      int y, m, d;

      g_date_time_get_ymd (now, &y, &m, &d);
      g_date_clear (&today, 1);
      g_date_set_dmy (&today, d, m, y);
      julian = g_date_get_julian (&today);
      checked = now_us;
    }

  return julian;
}

int
isplic_format_days_left (IsplicLicense *license)
{
  GDateTime *expires = isplic_license_get_expires (license);
  GDate date;
  int y, m, d;

  if (expires == NULL)
    return G_MAXINT;

  /* The core parses dates as local midnights, so the date fields are the local date. */
  g_date_time_get_ymd (expires, &y, &m, &d);
  if (!g_date_valid_dmy (d, m, y))
    return G_MAXINT;
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, d, m, y);
  return (int) g_date_get_julian (&date) - (int) today_julian ();
}

char *
isplic_format_expires (IsplicLicense *license)
{
  GDateTime *expires = isplic_license_get_expires (license);
  g_autofree char *date = NULL;
  g_autofree char *relative = NULL;

  if (expires == NULL)
    return g_strdup ("—");

  date = isplic_date_format (expires);
  relative = isplic_format_relative_days (isplic_format_days_left (license));
  if (relative == NULL)
    return g_steal_pointer (&date);

  /* Translators: an expiry date and how far away it is, e.g. "2027-12-01 (in 5 days)" */
  return g_strdup_printf (_("%s (%s)"), date, relative);
}

char *
isplic_license_format_tariff_short (IsplicLicense *license)
{
  const char *name;
  const IsplicTariff *tariff;
  g_autofree char *short_name = NULL;
  int nodes;

  g_return_val_if_fail (ISPLIC_IS_LICENSE (license), NULL);

  name = isplic_license_get_tariff_name (license);
  tariff = isplic_tariff_lookup (isplic_license_get_tariff_id (license));
  if (tariff == NULL)
    tariff = isplic_tariff_find (name);
  short_name = isplic_tariff_short_name (tariff, name);
  nodes = isplic_license_get_nodes (license);
  if (tariff == NULL || !tariff->has_nodes || nodes <= 0)
    return g_steal_pointer (&short_name);

  /* TRANSLATORS: a tariff and its node count, e.g. "Business · 3 nodes". */
  return g_strdup_printf (ngettext ("%s · %d node", "%s · %d nodes", nodes), short_name, nodes);
}

const char *
isplic_format_auto_renew (int auto_renew)
{
  switch (auto_renew)
    {
    case 0:
      return C_("auto-renew", "Off");
    case 1:
      return C_("auto-renew", "Monthly");
    case 12:
      return C_("auto-renew", "Yearly");
    default:
      return C_("auto-renew", "On");
    }
}

char *
isplic_format_period (int period)
{
  if (period == ISPLIC_TRIAL_PERIOD)
    return g_strdup (_("Trial"));
  if (period <= 0)
    return g_strdup ("—");
  if (period % 12 == 0)
    return g_strdup_printf (ngettext ("%d year", "%d years", period / 12), period / 12);
  return g_strdup_printf (ngettext ("%d month", "%d months", period), period);
}

const char *
isplic_status_css_class (IsplicLicenseStatus status)
{
  switch (status)
    {
    case ISPLIC_LICENSE_STATUS_ACTIVE:
      return "status-active";
    case ISPLIC_LICENSE_STATUS_SUSPENDED:
      return "status-suspended";
    case ISPLIC_LICENSE_STATUS_PROCESSING:
      return "status-processing";
    case ISPLIC_LICENSE_STATUS_ORDERED:
      return "status-ordered";
    case ISPLIC_LICENSE_STATUS_DELETED:
      return "status-deleted";
    case ISPLIC_LICENSE_STATUS_UNKNOWN:
    default:
      return "status-unknown";
    }
}

int
isplic_status_rank (IsplicLicenseStatus status)
{
  return isplic_license_status_rank (status);
}

char *
isplic_format_summary (guint total,
                       guint shown,
                       guint expiring,
                       guint warning_days)
{
  g_autofree char *total_s = isplic_format_count (total);
  g_autofree char *shown_s = isplic_format_count (shown);
  g_autofree char *expiring_s = isplic_format_count (expiring);
  g_autofree char *count_part = NULL;
  g_autofree char *expiring_part = NULL;

  if (shown < total)
    count_part = g_strdup_printf (ngettext ("Showing %s of %s license",
                                            "Showing %s of %s licenses", total),
                                  shown_s, total_s);
  else
    count_part = g_strdup_printf (ngettext ("%s license", "%s licenses", total), total_s);

  expiring_part = g_strdup_printf (ngettext ("%s expiring within %u day",
                                             "%s expiring within %u days", warning_days),
                                   expiring_s, warning_days);

  /* Translators: the license count, then how many expire soon */
  return g_strdup_printf (_("%s · %s"), count_part, expiring_part);
}

gboolean
isplic_license_is_expiring (IsplicLicense *license,
                            guint          warning_days)
{
  /* Cells ask this as they are bound: the window (which reads the time zone) is made again only
   * for another period or after 30 s. Main thread only. */
  static IsplicExpiryWindow window;
  static guint window_days;
  static gint64 window_made;
  gint64 now = g_get_monotonic_time ();

  if (window_made == 0 || warning_days != window_days || now - window_made > 30 * G_USEC_PER_SEC)
    {
      isplic_expiry_window_init (&window, warning_days, NULL);
      window_days = warning_days;
      window_made = now;
    }
  return isplic_license_is_expiring_in (license, &window);
}

/* Fills @out with a sortable key: out[0] is the family rank, then the address bytes. */
static void
ip_key (const char *text,
        guint8      out[17])
{
  memset (out, 0, 17);
  if (text == NULL)
    out[0] = 3;
  else if (inet_pton (AF_INET, text, out + 1) == 1)
    out[0] = 1;
  else if (inet_pton (AF_INET6, text, out + 1) == 1)
    out[0] = 2;
  else
    out[0] = 3;
}

int
isplic_compare_ip (const char *a,
                   const char *b)
{
  guint8 ka[17], kb[17];
  int cmp;

  ip_key (a, ka);
  ip_key (b, kb);
  cmp = memcmp (ka, kb, sizeof ka);
  if (cmp == 0 && ka[0] == 3)
    return g_strcmp0 (a, b);
  return cmp;
}

double
isplic_cost_value (const char *cost)
{
  const char *p = cost;

  if (p == NULL)
    return 0.0;
  while (*p != '\0' && !g_ascii_isdigit (*p))
    p++;
  if (*p == '\0')
    return 0.0;
  return g_ascii_strtod (p, NULL);
}

char *
isplic_format_cost (IsplicLicense *license)
{
  IsplicMoney cost;
  const char *text;

  if (isplic_license_get_cost_money (license, &cost))
    return isplic_money_format (&cost);
  text = isplic_license_get_cost (license);
  return g_strdup (text != NULL ? text : "");
}
