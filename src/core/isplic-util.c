/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "isplic-util.h"
#include "isplic-util-private.h"

gboolean
isplic_ip_is_valid (const char *text)
{
  g_autoptr(GInetAddress) address = NULL;
  gboolean has_colon = FALSE;

  if (text == NULL || *text == '\0' || strlen (text) > 45)
    return FALSE;

  /* Only the characters a literal address can contain: this rejects host names, scope ids
   * ("%eth0"), brackets, spaces and ports in "[::1]:80" forms before the parser sees them. */
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == ':')
        has_colon = TRUE;
      else if (!g_ascii_isxdigit (*p) && *p != '.')
        return FALSE;
    }

  address = g_inet_address_new_from_string (text);
  if (address == NULL)
    return FALSE;

  /* "1.2.3.4:80" has a colon but parses as neither family; an IPv4 literal must not have one. */
  if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV4 && has_colon)
    return FALSE;
  if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6 && !has_colon)
    return FALSE;

  return TRUE;
}

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL || *host == '\0')
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0 || g_ascii_strcasecmp (host, "localhost.") == 0)
    return TRUE;
  if (strchr (host, '%') != NULL)
    return FALSE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

gboolean
isplic_url_is_secure (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (url == NULL)
    return FALSE;
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return FALSE;
  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return g_uri_get_host (uri) != NULL && *g_uri_get_host (uri) != '\0';
  if (g_ascii_strcasecmp (scheme, "http") == 0)
    return host_is_loopback (g_uri_get_host (uri));
  return FALSE;
}

GDateTime *
isplic_date_parse (const char *text)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_local ();

  return isplic_date_parse_in_zone (text, zone);
}

GDateTime *
isplic_date_parse_in_zone (const char *text,
                           GTimeZone  *zone)
{
  GDateTime *date;
  int year, month, day;

  if (text == NULL || strlen (text) != 10)
    return NULL;
  for (int i = 0; i < 10; i++)
    {
      if (i == 4 || i == 7)
        {
          if (text[i] != '-')
            return NULL;
        }
      else if (!g_ascii_isdigit (text[i]))
        return NULL;
    }

  year = (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0');
  month = (text[5] - '0') * 10 + (text[6] - '0');
  day = (text[8] - '0') * 10 + (text[9] - '0');

  if (year < 1 || !g_date_valid_dmy (day, month, year))
    return NULL;

  date = g_date_time_new (zone, year, month, day, 0, 0, 0);
  /* Where a DST jump skips midnight, the day still starts: take the first hour that exists. */
  if (date == NULL)
    date = g_date_time_new (zone, year, month, day, 1, 0, 0);
  return date;
}

char *
isplic_date_format (GDateTime *date)
{
  if (date == NULL)
    return NULL;
  return g_strdup_printf ("%04d-%02d-%02d",
                          g_date_time_get_year (date),
                          g_date_time_get_month (date),
                          g_date_time_get_day_of_month (date));
}
