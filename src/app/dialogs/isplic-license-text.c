/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "isplic-license-text.h"

/* What every tariff name of the product starts with. */
#define PRODUCT_PREFIX "ispmanager 6 "
#define TRIAL_WORD "trial"

#define FSI "\xe2\x81\xa8" /* U+2068 FIRST STRONG ISOLATE */
#define PDI "\xe2\x81\xa9" /* U+2069 POP DIRECTIONAL ISOLATE */

char *
isplic_bidi_isolate (const char *text)
{
  g_autoptr(GString) out = g_string_new (FSI);
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  guint depth = 0;

  /* A stray U+2069 inside @text would close our isolate early and an unclosed U+2066..2068
   * would swallow ours: drop the former, close the latter. Overrides and embeddings end at
   * the closing U+2069 by themselves. */
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0x2069)
        {
          if (depth == 0)
            continue;
          depth--;
        }
      else if (c >= 0x2066 && c <= 0x2068)
        {
          depth++;
        }
      g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
  while (depth-- > 0)
    g_string_append (out, PDI);
  g_string_append (out, PDI);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

gboolean
isplic_license_is_trial (IsplicLicense *license)
{
  const IsplicTariff *tariff;

  g_return_val_if_fail (ISPLIC_IS_LICENSE (license), FALSE);

  if (isplic_license_get_period (license) == ISPLIC_TRIAL_PERIOD)
    return TRUE;
  tariff = isplic_tariff_lookup (isplic_license_get_tariff_id (license));
  if (tariff == NULL)
    tariff = isplic_tariff_find (isplic_license_get_tariff_name (license));
  return tariff != NULL && tariff->trial;
}

char *
isplic_tariff_short_name (const IsplicTariff *tariff,
                          const char         *name)
{
  g_autofree char *text = NULL;
  char *rest;
  gsize len;
  gboolean trial = tariff != NULL && tariff->trial;

  if (tariff != NULL)
    name = tariff->name;
  if (name == NULL || *name == '\0')
    return g_strdup (_("Unknown"));

  text = g_strstrip (g_strdup (name));
  rest = text;
  if (g_ascii_strncasecmp (rest, PRODUCT_PREFIX, strlen (PRODUCT_PREFIX)) == 0)
    rest = g_strstrip (rest + strlen (PRODUCT_PREFIX));

  /* "… trial": the word goes, and "Trial" (translated) is said once. */
  len = strlen (rest);
  if (len >= strlen (TRIAL_WORD)
      && g_ascii_strcasecmp (rest + len - strlen (TRIAL_WORD), TRIAL_WORD) == 0
      && (len == strlen (TRIAL_WORD) || rest[len - strlen (TRIAL_WORD) - 1] == ' '))
    {
      rest[len - strlen (TRIAL_WORD)] = '\0';
      g_strstrip (rest);
      trial = TRUE;
    }

  if (!trial)
    return g_strdup (*rest != '\0' ? rest : name);
  if (*rest == '\0')
    return g_strdup (_("Trial"));
  /* TRANSLATORS: a trial of a tariff, e.g. "Business Trial". */
  return g_strdup_printf (_("%s Trial"), rest);
}

static void
keep_together (PangoAttrList *attrs,
               gsize          start,
               gsize          end)
{
  PangoAttribute *attr;

  if (end - start < 2)
    return;
  attr = pango_attr_allow_breaks_new (FALSE);
  attr->start_index = start;
  attr->end_index = end;
  pango_attr_list_insert (attrs, attr);
}

PangoAttrList *
isplic_key_wrap_attributes (const char *key)
{
  PangoAttrList *attrs;
  gsize start = 0;
  gsize run = 0;
  gsize len;

  if (key == NULL)
    return NULL;
  len = strlen (key);
  for (gsize i = 0; i < len; i++)
    if ((guchar) key[i] >= 0x80 || g_ascii_isspace (key[i]))
      return NULL;

  attrs = pango_attr_list_new ();
  for (gsize i = 0; i < len; i++)
    {
      /* A "-" ends its group; a group is at most ISPLIC_KEY_GROUP characters before it. */
      if (key[i] == '-')
        {
          keep_together (attrs, start, i + 1);
          start = i + 1;
          run = 0;
          continue;
        }
      if (run == ISPLIC_KEY_GROUP)
        {
          keep_together (attrs, start, i);
          start = i;
          run = 0;
        }
      run++;
    }
  keep_together (attrs, start, len);
  return attrs;
}
