/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The ispmanager 6 tariffs (EU pricelist codes) from the vendor's reselling document. */
typedef struct {
  const char *id;           /* pricelist code, e.g. "55227" */
  const char *name;         /* product name, e.g. "ispmanager 6 Lite" (not translated) */
  gboolean    trial;        /* trials: period -100 only, cannot be renewed */
  gboolean    has_nodes;    /* takes a node count */
  const char *nodes_addon;  /* addon code for nodes, e.g. "55236", or NULL */
} IsplicTariff;

#define ISPLIC_TRIAL_PERIOD (-100)

/* All tariffs, in display order. @n_tariffs is set to their number. */
const IsplicTariff *isplic_tariffs_get   (guint      *n_tariffs);
/* NULL when @id is not a known tariff. */
const IsplicTariff *isplic_tariff_lookup (const char *id);
/* Looks up by code or, failing that, by name as billmgr shows it in lists (case-insensitive). */
const IsplicTariff *isplic_tariff_find   (const char *id_or_name);

G_END_DECLS
