/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "isplic-license-format.h"
#include "isplic-selection-summary.h"

typedef struct {
  IsplicMoney total;
  IsplicMoney each;   /* the first license's cost */
  guint count;
  gboolean same;      /* all cost @each */
  gboolean overflow;  /* the sum could not be added up */
} CostGroup;

static CostGroup *
find_group (GArray            *groups,
            const IsplicMoney *money)
{
  for (guint i = 0; i < groups->len; i++)
    {
      CostGroup *group = &g_array_index (groups, CostGroup, i);

      /* Currencies are interned: compared by pointer. */
      if (group->each.currency == money->currency && group->each.period == money->period)
        return group;
    }
  return NULL;
}

char *
isplic_selection_format_cost (GPtrArray *licenses)
{
  g_autoptr(GArray) groups = NULL;
  g_autoptr(GString) text = NULL;
  guint unknown = 0;

  g_return_val_if_fail (licenses != NULL, NULL);

  if (licenses->len == 0)
    return NULL;

  groups = g_array_new (FALSE, TRUE, sizeof (CostGroup));
  for (guint i = 0; i < licenses->len; i++)
    {
      IsplicMoney money;
      CostGroup *group;

      if (!isplic_license_get_cost_money (g_ptr_array_index (licenses, i), &money))
        {
          unknown++;
          continue;
        }

      group = find_group (groups, &money);
      if (group == NULL)
        {
          CostGroup fresh = { money, money, 1, TRUE, FALSE };

          g_array_append_val (groups, fresh);
          continue;
        }
      group->count++;
      group->same &= money.amount == group->each.amount;
      if (!group->overflow && !isplic_money_add (&group->total, &money, &group->total))
        group->overflow = TRUE;
    }

  text = g_string_new (NULL);
  for (guint i = 0; i < groups->len; i++)
    {
      CostGroup *group = &g_array_index (groups, CostGroup, i);
      g_autofree char *count = isplic_format_count (group->count);
      g_autofree char *each = isplic_money_format (&group->each);
      g_autofree char *total = isplic_money_format (&group->total);

      if (text->len > 0)
        g_string_append_c (text, '\n');
      if (group->overflow)
        /* Translators: %s is a number of licenses whose costs are too large to add up */
        g_string_append_printf (text, ngettext ("%s license: too much to add up",
                                                "%s licenses: too much to add up",
                                                group->count), count);
      else if (group->same)
        /* Translators: "3 × 10.00 EUR per month = 30.00 EUR per month" */
        g_string_append_printf (text, _("%s × %s = %s"), count, each, total);
      else
        /* Translators: "2 licenses: 25.00 EUR per year", the sum of their costs */
        g_string_append_printf (text, ngettext ("%s license: %s", "%s licenses: %s",
                                                group->count), count, total);
    }

  if (unknown > 0)
    {
      g_autofree char *count = isplic_format_count (unknown);

      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append_printf (text, ngettext ("%s without a known cost",
                                              "%s without a known cost", unknown), count);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

IsplicLicense *
isplic_selection_earliest_expiry (GPtrArray *licenses)
{
  IsplicLicense *earliest = NULL;

  g_return_val_if_fail (licenses != NULL, NULL);

  for (guint i = 0; i < licenses->len; i++)
    {
      IsplicLicense *license = g_ptr_array_index (licenses, i);
      GDateTime *expires = isplic_license_get_expires (license);

      if (expires == NULL)
        continue;
      if (earliest == NULL
          || g_date_time_compare (expires, isplic_license_get_expires (earliest)) < 0)
        earliest = license;
    }

  return earliest;
}
