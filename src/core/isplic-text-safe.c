/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One filter between the server's text and a terminal or an exported file: a crafted name or
 * error message must not be able to move the cursor, erase the "isplic-cli:" prefix, fake a line,
 * set the clipboard (OSC 52) or reorder the text around it. Pure functions, no I/O. Moved here
 * from the CLI so that the app's exports (isplic-export.c) write the same bytes. */
#include "config.h"

#include <string.h>

#include "isplic-text-safe.h"

gboolean
isplic_text_unichar_is_unsafe (gunichar c)
{
  if (c < 0x20 || c == 0x7f)
    return TRUE;
  if (c >= 0x80 && c <= 0x9f)
    return TRUE;
  switch (c)
    {
    case 0x061c:                  /* ARABIC LETTER MARK */
    case 0x200e: case 0x200f:     /* LRM, RLM */
    case 0x2028: case 0x2029:     /* LINE and PARAGRAPH SEPARATOR */
    case 0x202a: case 0x202b: case 0x202c: case 0x202d: case 0x202e:
    case 0x2066: case 0x2067: case 0x2068: case 0x2069:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Calls @escape for every unsafe character and bad byte of @text, and appends the rest to @out
 * as it is. @c is the code point, or (gunichar) -1 with @byte for a byte that is not UTF-8. */
typedef void (*EscapeFunc) (GString *out, gunichar c, guchar byte);

static void
filter (GString     *out,
        const char  *text,
        gssize       len,
        EscapeFunc   escape)
{
  const char *p = text;
  const char *end;

  if (text == NULL)
    return;
  end = text + (len < 0 ? strlen (text) : (gsize) len);

  while (p < end)
    {
      const char *safe_start = p;
      gunichar c = 0;

      /* Copy the run of safe characters in one go. */
      while (p < end)
        {
          c = g_utf8_get_char_validated (p, end - p);
          if (c == (gunichar) -1 || c == (gunichar) -2 || isplic_text_unichar_is_unsafe (c))
            break;
          p = g_utf8_next_char (p);
        }
      g_string_append_len (out, safe_start, p - safe_start);
      if (p >= end)
        break;

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          escape (out, (gunichar) -1, (guchar) *p);
          p++;
        }
      else
        {
          escape (out, c, 0);
          p = g_utf8_next_char (p);
        }
    }
}

static void
escape_visible (GString  *out,
                gunichar  c,
                guchar    byte)
{
  if (c == (gunichar) -1)
    g_string_append_printf (out, "\\x%02x", byte);
  else if (c < 0x80)
    g_string_append_printf (out, "\\x%02x", (guint) c);
  else
    g_string_append_printf (out, "\\u%04x", (guint) c);
}

static void
escape_json (GString  *out,
             gunichar  c,
             guchar    byte)
{
  g_string_append_printf (out, "\\u%04x", c == (gunichar) -1 ? 0xfffdu : (guint) c);
}

void
isplic_text_safe_append (GString    *out,
                        const char *text,
                        gssize      len)
{
  g_return_if_fail (out != NULL);

  filter (out, text, len, escape_visible);
}

char *
isplic_text_safe (const char *text)
{
  GString *out;

  if (text == NULL)
    return NULL;
  out = g_string_sized_new (strlen (text));
  filter (out, text, -1, escape_visible);
  return g_string_free (out, FALSE);
}

char *
isplic_text_safe_json (const char *json)
{
  GString *out;
  const char *p;

  g_return_val_if_fail (json != NULL, NULL);

  /* Outside strings a generated document holds only ASCII punctuation, digits, words and
   * whitespace (kept); inside them every unsafe character becomes an escape of itself. */
  out = g_string_sized_new (strlen (json));
  p = json;
  while (*p != '\0')
    {
      const char *start;

      if (*p != '"')
        {
          g_string_append_c (out, *p++);
          continue;
        }

      g_string_append_c (out, *p++);
      start = p;
      while (*p != '\0' && *p != '"')
        {
          if (*p == '\\' && p[1] != '\0')
            p++;
          p++;
        }
      filter (out, start, p - start, escape_json);
      if (*p == '"')
        g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}
