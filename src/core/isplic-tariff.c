/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "isplic-tariff.h"

static const IsplicTariff tariffs[] = {
  { "55239", "ispmanager 6 trial", TRUE, FALSE, NULL },
  { "55240", "ispmanager 6 Business trial", TRUE, FALSE, NULL },
  { "55227", "ispmanager 6 Lite", FALSE, FALSE, NULL },
  { "55228", "ispmanager 6 Pro", FALSE, FALSE, NULL },
  { "55229", "ispmanager 6 Host", FALSE, FALSE, NULL },
  { "55230", "ispmanager 6 Business", FALSE, TRUE, "55236" },
};

const IsplicTariff *
isplic_tariffs_get (guint *n_tariffs)
{
  if (n_tariffs != NULL)
    *n_tariffs = G_N_ELEMENTS (tariffs);
  return tariffs;
}

const IsplicTariff *
isplic_tariff_lookup (const char *id)
{
  if (id == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (tariffs); i++)
    if (g_strcmp0 (tariffs[i].id, id) == 0)
      return &tariffs[i];
  return NULL;
}

const IsplicTariff *
isplic_tariff_find (const char *id_or_name)
{
  const IsplicTariff *tariff;
  g_autofree char *stripped = NULL;

  if (id_or_name == NULL)
    return NULL;
  stripped = g_strstrip (g_strdup (id_or_name));
  tariff = isplic_tariff_lookup (stripped);
  if (tariff != NULL)
    return tariff;
  for (guint i = 0; i < G_N_ELEMENTS (tariffs); i++)
    if (g_ascii_strcasecmp (tariffs[i].name, stripped) == 0)
      return &tariffs[i];
  return NULL;
}
