/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * Text in billmgr's answers: HTML fragments (orderinfo, money_info) as plain text, the total they
 * announce, and dates with a time of day (history). Safe in any thread, on any input.
 */

#include "config.h"

#include <string.h>

#include "isplic-client-private.h"
#include "isplic-money.h"
#include "isplic-util.h"

/* ------------------------------------------------------------------------------------------ */
/* Text of HTML fragments                                                                      */

static gboolean
is_unsafe_char (gunichar c)
{
  return (c < 0x20 && c != '\n') || (c >= 0x7F && c < 0xA0) || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F || c == 0x061C;
}

static void
append_char (GString  *out,
             gunichar  c)
{
  if (c == '\t' || c == '\r')
    c = ' ';
  if (c == 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF) || is_unsafe_char (c))
    return;
  g_string_append_unichar (out, c);
}

/* The character of the entity at @p (after "&"), its length in *n, or 0. */
static gunichar
entity_at (const char *p,
           gsize      *n)
{
  static const struct { const char *name; gunichar c; } named[] = {
    { "nbsp;", 0x00A0 }, { "amp;", '&' }, { "lt;", '<' }, { "gt;", '>' }, { "quot;", '"' },
    { "apos;", '\'' }, { "euro;", 0x20AC }, { "pound;", 0x00A3 }, { "thinsp;", 0x2009 },
    { "nbsp", 0x00A0 }, { "amp", '&' },
  };
  const char *semi;

  for (guint i = 0; i < G_N_ELEMENTS (named); i++)
    if (g_str_has_prefix (p, named[i].name))
      {
        *n = strlen (named[i].name);
        return named[i].c;
      }
  if (*p == '#' && (semi = strchr (p, ';')) != NULL && semi - p <= 9)
    {
      g_autofree char *digits = g_strndup (p + 1, semi - p - 1);
      guint64 value;
      gboolean hex = digits[0] == 'x' || digits[0] == 'X';

      if (g_ascii_string_to_unsigned (hex ? digits + 1 : digits, hex ? 16 : 10, 1, 0x10FFFF,
                                      &value, NULL))
        {
          *n = semi - p + 1;
          return (gunichar) value;
        }
    }
  return 0;
}

static gboolean
tag_breaks_line (const char *tag)
{
  static const char * const breaking[] = {
    "br", "p", "/p", "div", "/div", "tr", "/tr", "li", "/li", "h1", "h2", "h3", "h4", "/h1",
    "/h2", "/h3", "/h4", "table", "/table", "ul", "/ul", NULL,
  };
  char name[8];
  gsize n = 0;

  while (n < sizeof name - 1 && (g_ascii_isalnum (tag[n]) || (n == 0 && tag[n] == '/')))
    {
      name[n] = g_ascii_tolower (tag[n]);
      n++;
    }
  name[n] = '\0';
  return g_strv_contains (breaking, name);
}

char *
isplic_html_to_text (const char *html)
{
  g_autoptr(GString) raw = NULL;
  g_autoptr(GString) out = NULL;
  g_auto(GStrv) lines = NULL;
  const char *p;

  if (html == NULL || !g_utf8_validate (html, -1, NULL))
    return NULL;

  raw = g_string_new (NULL);
  for (p = html; *p != '\0';)
    {
      if (*p == '<')
        {
          const char *close = strchr (p, '>');

          if (close == NULL)
            break;
          g_string_append_c (raw, tag_breaks_line (p + 1) ? '\n' : ' ');
          p = close + 1;
          continue;
        }
      if (*p == '&')
        {
          gsize n = 0;
          gunichar c = entity_at (p + 1, &n);

          if (c != 0)
            {
              append_char (raw, c);
              p += 1 + n;
              continue;
            }
        }
      append_char (raw, g_utf8_get_char (p));
      p = g_utf8_next_char (p);
    }

  /* One space between words, no empty lines. */
  out = g_string_new (NULL);
  lines = g_strsplit (raw->str, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) words = g_strsplit_set (lines[i], " ", -1);
      gboolean first = TRUE;

      for (guint j = 0; words[j] != NULL; j++)
        {
          if (*words[j] == '\0')
            continue;
          if (first && out->len > 0)
            g_string_append_c (out, '\n');
          else if (!first)
            g_string_append_c (out, ' ');
          g_string_append (out, words[j]);
          first = FALSE;
        }
    }
  if (out->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Where a total is announced. */
static const char * const total_words[] = {
  "total", "итого", "Итого", "ИТОГО", "всего", "Всего", "к оплате", "К оплате", NULL,
};

/* The end of the total word at @p, or NULL. */
static const char *
total_word_at (const char *p)
{
  for (guint i = 0; total_words[i] != NULL; i++)
    {
      gsize n = strlen (total_words[i]);

      if ((i == 0 ? g_ascii_strncasecmp (p, total_words[i], n) : strncmp (p, total_words[i], n))
          == 0)
        return p + n;
    }
  return NULL;
}

/* Bytes after a total word where its amount is looked for. */
#define MAX_AFTER_TOTAL 160

gboolean
isplic_find_total (const char  *text,
                   IsplicMoney *out)
{
  g_auto(GStrv) lines = NULL;

  if (text == NULL)
    return FALSE;
  lines = g_strsplit (text, "\n", -1);
  /* The amount after the last announcement of a total that has one: the total comes after the
   * subtotals, on a later line or further along the same one. */
  for (guint i = g_strv_length (lines); i > 0; i--)
    {
      const char *line = lines[i - 1];
      gsize len = strlen (line);

      for (gsize at = len; at > 0; at--)
        {
          const char *after = total_word_at (line + at - 1);
          g_autofree char *rest = NULL;
          const char *valid_end;

          if (after == NULL)
            continue;
          /* the amount follows closely: a bounded piece keeps a huge line linear */
          rest = g_strndup (after, MAX_AFTER_TOTAL);
          g_utf8_validate (rest, -1, &valid_end);
          rest[valid_end - rest] = '\0';
          if (isplic_money_find (rest, out))
            return TRUE;
        }
    }
  return FALSE;
}

/* ------------------------------------------------------------------------------------------ */
/* Dates with a time                                                                           */

/* "YYYY-MM-DD HH:MM[:SS]" (or "T") in local time, or a bare date at midnight. */
GDateTime *
isplic_parse_date_time (const char *text)
{
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GTimeZone) zone = NULL;
  guint64 h, m, s = 0;
  char part[3] = { 0 };

  day = isplic_date_parse (text);
  if (day == NULL)
    return NULL;
  if (text[10] == '\0')
    return g_steal_pointer (&day);
  text += 11;
  if (strlen (text) < 5 || text[2] != ':' || (text[5] != '\0' && text[5] != ':'))
    return NULL;
  memcpy (part, text, 2);
  if (!g_ascii_string_to_unsigned (part, 10, 0, 23, &h, NULL))
    return NULL;
  memcpy (part, text + 3, 2);
  if (!g_ascii_string_to_unsigned (part, 10, 0, 59, &m, NULL))
    return NULL;
  if (text[5] == ':')
    {
      if (strlen (text) != 8)
        return NULL;
      memcpy (part, text + 6, 2);
      if (!g_ascii_string_to_unsigned (part, 10, 0, 59, &s, NULL))
        return NULL;
    }
  else if (text[5] != '\0')
    return NULL;
  zone = g_time_zone_new_local ();
  return g_date_time_new (zone, g_date_time_get_year (day), g_date_time_get_month (day),
                          g_date_time_get_day_of_month (day), (int) h, (int) m, (double) s);
}
