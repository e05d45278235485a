/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A journal entry told as a sentence ("Renew license 3100234 for 12 months") from its operation
 * and the parameters kept with it, for the History window and the CLI. What cannot be told that
 * way is shown as it was written.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "isplic-journal.h"
#include "isplic-tariff.h"

/* "3100234", "3100234, 3100235", "3100234, 3100235, 3100236 and 4 more". */
static char *
licenses_text (const IsplicJournalEntry *entry)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint n = entry->licenses != NULL ? g_strv_length (entry->licenses) : 0;
  guint shown = n > 4 ? 3 : n;

  for (guint i = 0; i < shown; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", entry->licenses[i]);
  if (shown < n)
    {
      g_autofree char *first = g_string_free (g_steal_pointer (&text), FALSE);

      /* Translators: %s is a list of license ids, %u how many more there are */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s and %u more", "%s and %u more",
                                           n - shown), first, n - shown);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
period_text (const char *period)
{
  gint64 months = period != NULL ? g_ascii_strtoll (period, NULL, 10) : 0;

  if (months <= 0)
    return g_strdup (_("a trial period"));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d month", "%d months", months),
                          (int) months);
}

static const char *
tariff_text (const char *id)
{
  const IsplicTariff *tariff = isplic_tariff_lookup (id);

  return tariff != NULL ? tariff->name : id;
}

static const char *
param (const IsplicJournalEntry *entry,
       const char               *name)
{
  return entry->params != NULL ? g_hash_table_lookup (entry->params, name) : NULL;
}

/* The nodes of a business license: the one "addon_N" parameter, if any. */
static const char *
nodes_param (const IsplicJournalEntry *entry)
{
  GHashTableIter iter;
  const char *name;
  const char *value;

  if (entry->params == NULL)
    return NULL;
  g_hash_table_iter_init (&iter, entry->params);
  while (g_hash_table_iter_next (&iter, (gpointer *) &name, (gpointer *) &value))
    if (g_str_has_prefix (name, "addon_"))
      return value;
  return NULL;
}

static char *
describe_edit (const IsplicJournalEntry *entry,
               guint                     n,
               const char               *ids)
{
  const char *name = param (entry, "licname");
  const char *ip = param (entry, "ip");
  const char *auto_renew = param (entry, "autoprolong");
  const char *nodes = nodes_param (entry);

  if (g_strcmp0 (param (entry, "clicked_button"), "newkey") == 0)
    /* Translators: %s is a license id */
    return g_strdup_printf (_("New key for license %s"), ids);
  if (name != NULL && ip != NULL)
    /* Translators: a license id, its new name, its new IP address */
    return g_strdup_printf (_("Rename license %s to “%s” and move it to %s"), ids, name, ip);
  if (name != NULL)
    /* Translators: a license id and its new name */
    return g_strdup_printf (_("Rename license %s to “%s”"), ids, name);
  if (ip != NULL)
    /* Translators: a license id and its new IP address */
    return g_strdup_printf (_("Move license %s to %s"), ids, ip);
  if (auto_renew != NULL)
    {
      g_autofree char *period = NULL;

      if (g_strcmp0 (auto_renew, "null") == 0 || g_strcmp0 (auto_renew, "off") == 0
          || g_strcmp0 (auto_renew, "0") == 0)
        /* Translators: %s is one license id or several */
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Turn off auto-renewal of license "
                                             "%s", "Turn off auto-renewal of licenses %s", n),
                                ids);
      period = period_text (auto_renew);
      /* Translators: license ids, then a period ("12 months") */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Auto-renew license %s every %s",
                                           "Auto-renew licenses %s every %s", n), ids, period);
    }
  if (nodes != NULL)
    /* Translators: a license id and a number of nodes */
    return g_strdup_printf (_("Set license %s to %s nodes"), ids, nodes);
  return NULL;
}

static char *
describe (const IsplicJournalEntry *entry)
{
  const char *op = entry->operation;
  g_autofree char *ids = licenses_text (entry);
  guint n = entry->licenses != NULL ? g_strv_length (entry->licenses) : 0;

  if (op == NULL)
    return NULL;
  if (g_str_equal (op, "soft.order.param"))
    {
      const char *tariff = param (entry, "pricelist");
      const char *ip = param (entry, "ip");
      const char *name = param (entry, "licname");
      g_autofree char *period = NULL;

      if (tariff == NULL || ip == NULL || param (entry, "period") == NULL)
        return NULL;
      period = period_text (param (entry, "period"));
      if (name != NULL)
        /* Translators: a tariff, a period ("12 months"), an IP address and the license's name */
        return g_strdup_printf (_("Order %s for %s at %s, named “%s”"), tariff_text (tariff),
                                period, ip, name);
      /* Translators: a tariff, a period ("12 months") and an IP address */
      return g_strdup_printf (_("Order %s for %s at %s"), tariff_text (tariff), period, ip);
    }
  if (n == 0)
    return NULL;
  if (g_str_equal (op, "service.prolong") && param (entry, "period") != NULL)
    {
      g_autofree char *period = period_text (param (entry, "period"));

      /* Translators: license ids, then a period ("12 months") */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Renew license %s for %s",
                                           "Renew licenses %s for %s", n), ids, period);
    }
  if (g_str_has_prefix (op, "service.changepricelist") && param (entry, "pricelist") != NULL)
    /* Translators: a license id and a tariff */
    return g_strdup_printf (_("Change the tariff of license %s to %s"), ids,
                            tariff_text (param (entry, "pricelist")));
  if (g_str_equal (op, "soft.suspend"))
    /* Translators: %s is one license id or several */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Suspend license %s",
                                         "Suspend licenses %s", n), ids);
  if (g_str_equal (op, "soft.resume"))
    /* Translators: %s is one license id or several */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Resume license %s",
                                         "Resume licenses %s", n), ids);
  if (g_str_equal (op, "soft.delete"))
    /* Translators: %s is one license id or several */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Delete license %s",
                                         "Delete licenses %s", n), ids);
  if (g_str_equal (op, "soft.edit"))
    return describe_edit (entry, n, ids);
  return NULL;
}

char *
isplic_journal_entry_describe (const IsplicJournalEntry *entry)
{
  char *text;

  g_return_val_if_fail (entry != NULL, NULL);

  text = describe (entry);
  if (text != NULL)
    return text;
  if (g_strcmp0 (entry->operation, "basket") == 0)
    return g_strdup (_("Change the cart"));
  return g_strdup (entry->what != NULL ? entry->what : entry->operation);
}
