/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "isplic-license-text.h"

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
