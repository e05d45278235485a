/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <langinfo.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "isplic-util.h"
#include "isplic-util-private.h"

gboolean
isplic_ip_equal (const char *a,
                 const char *b)
{
  g_autoptr(GInetAddress) address_a = NULL;
  g_autoptr(GInetAddress) address_b = NULL;

  if (a == NULL || b == NULL)
    return FALSE;
  if (g_strcmp0 (a, b) == 0)
    return TRUE;
  /* "2001:db8::1" and "2001:DB8:0::1" are the same address */
  address_a = g_inet_address_new_from_string (a);
  address_b = g_inet_address_new_from_string (b);
  return address_a != NULL && address_b != NULL && g_inet_address_equal (address_a, address_b);
}

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

  if (text == NULL || strlen (text) < 10)
    return NULL;
  /* "YYYY-MM-DD HH:MM:SS" and "YYYY-MM-DDTHH:MM:SS…" are read as their date. */
  if (text[10] != '\0' && text[10] != ' ' && text[10] != 'T')
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

gboolean
isplic_id_is_valid (const char *id)
{
  gsize length;

  if (id == NULL || id[0] < '1' || id[0] > '9')
    return FALSE;
  length = strlen (id);
  if (length > ISPLIC_ID_MAX_DIGITS)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isdigit (id[i]))
      return FALSE;
  return TRUE;
}

char **
isplic_ids_dedup (const char * const *ids,
                  guint              *n_dropped)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *unique = g_ptr_array_new ();
  guint dropped = 0;

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      if (!g_hash_table_add (seen, (gpointer) ids[i]))
        {
          dropped++;
          continue;
        }
      g_ptr_array_add (unique, g_strdup (ids[i]));
    }
  g_ptr_array_add (unique, NULL);
  if (n_dropped != NULL)
    *n_dropped = dropped;
  return (char **) g_ptr_array_free (unique, FALSE);
}

/* Characters that reorder the text around them (bidi embeddings, overrides, isolates, marks). */
static gboolean
is_bidi_control (gunichar c)
{
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) ||
         c == 0x200E || c == 0x200F || c == 0x061C;
}

/* Characters that show nothing: spaces, format characters and the like. */
static gboolean
is_invisible (gunichar c)
{
  GUnicodeType type = g_unichar_type (c);

  return g_unichar_isspace (c) || type == G_UNICODE_FORMAT || type == G_UNICODE_SPACE_SEPARATOR ||
         type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_ENCLOSING_MARK ||
         c == 0x115F || c == 0x1160 || c == 0x3164 || c == 0xFFA0 || c == 0x2800;
}

char *
isplic_name_check (const char *name)
{
  gboolean visible = FALSE;
  glong length;

  if (name == NULL || *name == '\0')
    return g_strdup (_("The license needs a name."));
  if (!g_utf8_validate (name, -1, NULL))
    return g_strdup (_("The license name is not valid text (UTF-8)."));

  length = g_utf8_strlen (name, -1);
  if (length > ISPLIC_NAME_MAX_CHARS)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "The license name is too long: at most %d character.",
                                         "The license name is too long: at most %d characters.",
                                         ISPLIC_NAME_MAX_CHARS),
                            ISPLIC_NAME_MAX_CHARS);

  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029 || c == 0x85)
        return g_strdup (_("The license name cannot contain line breaks."));
      if (g_unichar_iscntrl (c))
        return g_strdup (_("The license name cannot contain control characters."));
      if (is_bidi_control (c))
        return g_strdup (_("The license name cannot contain text-direction control characters."));
      if (!is_invisible (c))
        visible = TRUE;
    }
  if (!visible)
    return g_strdup (_("The license needs a name with at least one visible character."));
  return NULL;
}

char *
isplic_count_format (guint n)
{
  const char *sep = nl_langinfo (THOUSEP);
  char digits[16];
  GString *out;
  gsize len;

  if (sep == NULL || *sep == '\0')
    sep = ",";

  g_snprintf (digits, sizeof digits, "%u", n);
  len = strlen (digits);
  out = g_string_sized_new (len + 8);
  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (out, sep);
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

/* How long one iteration may spend dropping references. */
#define RELEASE_SLICE_USEC 3000

static gboolean
release_slice_cb (gpointer data)
{
  GPtrArray *objects = data;
  gint64 deadline = g_get_monotonic_time () + RELEASE_SLICE_USEC;

  while (objects->len > 0)
    {
      guint n = MIN (objects->len, 256);

      /* From the end: nothing is moved. */
      g_ptr_array_remove_range (objects, objects->len - n, n);
      if (g_get_monotonic_time () > deadline)
        return objects->len > 0 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
    }
  return G_SOURCE_REMOVE;
}

void
isplic_release_in_slices (GPtrArray *objects)
{
  g_autoptr(GSource) idle = NULL;

  if (objects == NULL)
    return;
  if (objects->len == 0)
    {
      g_ptr_array_unref (objects);
      return;
    }
  idle = g_idle_source_new ();
  g_source_set_callback (idle, release_slice_cb, objects, (GDestroyNotify) g_ptr_array_unref);
  g_source_set_static_name (idle, "[isplic] release");
  g_source_attach (idle, g_main_context_get_thread_default ());
}

gboolean
isplic_remove_file (const char  *path,
                    GError     **error)
{
  g_return_val_if_fail (path != NULL, FALSE);

  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), "%s: %s", path,
                   g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}
