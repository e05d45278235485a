/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Renewals and tariff changes: the service functions that move money (billmgr-api.md §4.4, §4.5,
 * §10.3). Amounts are text as billmgr writes them ("56.00 EUR"); one row of a list is a single
 * object, not a one-item array (out=sjson keeps the array).
 *
 * service.prolong elid=ID[, ID…] [period=1|12]
 *   without sok (the form, a quote): doc.elid, doc.title_name, doc.expiredate, doc.newexpiredate
 *   and doc.period of the first license (as before), doc.slist[$name=period].val[] with $key,
 *   $cost (the cost of renewing all named licenses for that period, "100.00") and the label;
 *   doc.cost ("100.00 EUR", the total for the chosen period) and doc.orderinfo.$ (an HTML
 *   fragment ending "Total amount: 100.00 EUR"). With more than one license also doc.elem[]
 *   (as in groupedit below).
 *   with sok=ok: renews every license (all are checked first; a refusal renews none), draws the
 *   total from the balance or refuses with the insufficient-funds error (§10.6) changing
 *   nothing; doc.ok, and for one license doc.doc.{elid,expiredate,newexpiredate,period}.
 *   The period defaults to the first license's own (1 for a trial, which cannot be renewed).
 *   A suspended or expired license is renewed from today, an active one from its expiry.
 *
 * groupedit faction=service.prolong elid="ID, ID" [period=] — billmgr's bulk form:
 *   without sok: doc.elid (as given), doc.faction, doc.period, the period slist with $cost,
 *   doc.elem[] with per license id, title_name, expiredate, newexpiredate and cost ("50.00 EUR"),
 *   doc.cost (the total) and doc.orderinfo.$ ("…Total amount: 150.00 EUR").
 *   with sok=ok: as service.prolong with sok. Another faction is a "value" error on faction; a
 *   disabled service.prolong makes groupedit's faction answer "unknown function" too.
 *
 * service.changepricelist elid=ID — without sok the form as before (doc.elid, doc.pricelist,
 *   doc.pricelist_name, slist[$name=pricelist] of the other paid tariffs).
 * service.changepricelist.pricelist elid=ID pricelist=CODE [period=] [addon_55236=N] — the
 *   preview, never changes anything: doc.elid, doc.pricelist (the new code), doc.period,
 *   doc.oldpricelist and doc.newpricelist (tariff names), doc.oldprice and doc.newprice
 *   ("50.00 EUR / Year", "400.00 EUR / Year": the price per period before and after),
 *   doc.oldexpiredate, doc.newexpiredate, doc.cost ("318.36 EUR": charged now) and
 *   doc.money_info.$ (an HTML fragment ending "Total amount: 318.36 EUR").
 * service.changepricelist.getmoney — without sok the same preview; with sok=ok it performs the
 *   change and charges; the plain service.changepricelist with sok=ok does exactly the same.
 *
 * The charge for a tariff change (kept simple): a paid license keeps its expiry and pays the
 * difference between the new and the old price of its current period for the days left of that
 * period, rounded up to a cent (nothing for a cheaper tariff, no refunds; nothing when it has
 * expired). A trial moved to a paid tariff pays the full price of the new period, which starts
 * today. A period given for a paid license applies from the next renewal.
 */
#include "isplic-sim-private.h"

#include <string.h>

static gboolean
prolong_check (SimCall    *c,
               SimLicense *lic)
{
  if (lic->status == SIM_STATUS_DELETED)
    {
      g_autofree char *msg = NULL;

      msg = g_strdup_printf (c->ru ? "Лицензия %s удалена, продлить её нельзя "
                                   : "The license %s has been deleted and cannot be renewed ",
                             lic->id_str);
      return sim_error_other (&c->err, "access", "elid", lic->id_str, msg);
    }
  if (lic->tariff->trial)
    return sim_error_other (&c->err, "not_supported", "period", NULL,
                            c->ru ? "Пробную лицензию нельзя продлить. "
                                    "Закажите платный тариф "
                                  : "Trial licenses cannot be renewed. "
                                    "Order a paid tariff instead ");
  return TRUE;
}

/* Active: from the current expiry; suspended or expired: from today. */
static guint32
prolong_new_date (const SimLicense *lic,
                  int               period,
                  guint32           today)
{
  guint32 base;

  base = (lic->status == SIM_STATUS_SUSPENDED || lic->expiredate < today) ? today : lic->expiredate;
  return sim_date_add_months (base, period);
}

static gint64
group_cost (GPtrArray *group,
            int        period)
{
  gint64 total = 0;

  for (guint i = 0; i < group->len; i++)
    {
      SimLicense *l = group->pdata[i];

      total += sim_price_cents (l->tariff, period, l->nodes);
    }
  return total;
}

static void
write_group_periods (SimCall   *c,
                     GPtrArray *group)
{
  static const int periods[] = { 1, 12 };

  sim_writer_begin_array (c->w, "slist");
  sim_writer_begin (c->w, NULL);
  sim_writer_attr (c->w, "name", "period");
  sim_writer_begin_array (c->w, "val");
  for (guint i = 0; i < G_N_ELEMENTS (periods); i++)
    {
      g_autofree char *cost = sim_money_format (group_cost (group, periods[i]));
      char key[8];

      /* $cost is the bare number, as billmgr writes it in forms. */
      *strchr (cost, ' ') = '\0';
      g_snprintf (key, sizeof key, "%d", periods[i]);
      sim_writer_begin (c->w, NULL);
      sim_writer_attr (c->w, "key", key);
      sim_writer_attr (c->w, "cost", cost);
      sim_writer_text (c->w, sim_period_label (periods[i], c->ru));
      sim_writer_end (c->w);
    }
  sim_writer_end_array (c->w);
  sim_writer_end (c->w);
  sim_writer_end_array (c->w);
}

static char *
title_of (const SimLicense *lic)
{
  return g_strdup_printf ("%s #%s %s (%s)", lic->tariff->name, lic->id_str, lic->licname, lic->ip);
}

static void
write_group_item (SimCall          *c,
                  const SimLicense *lic,
                  int               period,
                  guint32           today)
{
  g_autofree char *title = title_of (lic);
  g_autofree char *cost = sim_money_format (sim_price_cents (lic->tariff, period, lic->nodes));
  char old[16];
  char buf[16];

  sim_writer_begin (c->w, "elem");
  sim_writer_value (c->w, "id", lic->id_str);
  sim_writer_value (c->w, "title_name", title);
  sim_writer_value (c->w, "expiredate", sim_date_format (lic->expiredate, old));
  sim_writer_value (c->w, "newexpiredate",
                    sim_date_format (prolong_new_date (lic, period, today), buf));
  sim_writer_value (c->w, "cost", cost);
  sim_writer_end (c->w);
}

static void
write_group_items (SimCall   *c,
                   GPtrArray *group,
                   int        period,
                   guint32    today)
{
  if (group->len == 1 && g_strcmp0 (sim_param (c->params, "out"), "sjson") != 0)
    {
      write_group_item (c, group->pdata[0], period, today);
      return;
    }
  sim_writer_begin_array (c->w, "elem");
  for (guint i = 0; i < group->len; i++)
    write_group_item (c, group->pdata[i], period, today);
  sim_writer_end_array (c->w);
}

static gboolean
prolong (SimCall *c,
         gboolean bulk)
{
  IsplicSim *self = c->sim;
  g_autoptr(GPtrArray) group = sim_get_group (c, TRUE);
  const char *per = sim_param (c->params, "period");
  SimLicense *lic;
  gint64 period;
  gint64 total;
  guint32 today = sim_today ();
  guint32 newdate;
  char buf[16];
  char old[16];
  char pbuf[8];

  if (group == NULL)
    return FALSE;
  for (guint i = 0; i < group->len; i++)
    if (!prolong_check (c, group->pdata[i]))
      return FALSE;

  lic = group->pdata[0];
  if (per == NULL || *per == '\0')
    period = lic->period > 0 ? lic->period : 1;
  else if (!sim_parse_int (per, G_MININT32, G_MAXINT32, &period) || (period != 1 && period != 12))
    return sim_error_value (&c->err, c->ru, "period", per, NULL);

  total = group_cost (group, (int) period);
  newdate = prolong_new_date (lic, (int) period, today);
  sim_date_format (lic->expiredate, old);
  sim_date_format (newdate, buf);
  g_snprintf (pbuf, sizeof pbuf, "%d", (int) period);

  if (!sim_has_sok (c->params))
    {
      g_autofree char *cost = sim_money_format (total);
      g_autofree char *what = NULL;

      if (bulk)
        {
          sim_writer_value (c->w, "elid", sim_param (c->params, "elid"));
          sim_writer_value (c->w, "faction", "service.prolong");
        }
      else
        {
          g_autofree char *title = title_of (lic);

          sim_writer_value (c->w, "elid", lic->id_str);
          sim_writer_value (c->w, "title_name", title);
          sim_writer_value (c->w, "expiredate", old);
          sim_writer_value (c->w, "newexpiredate", buf);
        }
      sim_writer_value (c->w, "period", pbuf);
      write_group_periods (c, group);
      if (bulk || group->len > 1)
        write_group_items (c, group, (int) period, today);
      sim_writer_value (c->w, "cost", cost);
      what = g_strdup_printf (c->ru ? "Продление: лицензий %u, %s" : "Renewal: %u license(s), %s",
                              group->len, sim_period_label ((int) period, c->ru));
      sim_money_write_orderinfo (c, "orderinfo", what, total);
      return TRUE;
    }

  if (!sim_money_check (c, total))
    return FALSE;
  for (guint i = 0; i < group->len; i++)
    {
      SimLicense *l = group->pdata[i];
      guint32 before = l->expiredate;
      char date[16];

      l->expiredate = prolong_new_date (l, (int) period, today);
      l->update_expiredate = l->expiredate;
      /* A license suspended for not being paid comes back; one the reseller suspended stays. */
      if (l->status == SIM_STATUS_SUSPENDED && before < today)
        l->status = SIM_STATUS_ACTIVE;
      sim_history_add (self, l, "prolong", sim_date_format (l->expiredate, date), c->remote);
    }
  sim_money_take (self, total);
  sim_state_save (self);

  sim_writer_empty (c->w, "ok");
  /* The new expiry (nested, as the real service does) only makes sense for one license. */
  if (group->len == 1)
    {
      sim_writer_begin (c->w, "doc");
      sim_writer_value (c->w, "elid", lic->id_str);
      sim_writer_value (c->w, "expiredate", old);
      sim_writer_value (c->w, "newexpiredate", buf);
      sim_writer_value (c->w, "period", pbuf);
      sim_writer_end (c->w);
    }
  return TRUE;
}

/* service.prolong. Like the other group operations, elid may name several licenses joined by
 * ", "; they are all checked first, so a refusal renews none of them. */
gboolean
sim_func_prolong (SimCall *c)
{
  return prolong (c, FALSE);
}

gboolean
sim_func_groupedit (SimCall *c)
{
  const char *faction = sim_param (c->params, "faction");

  if (faction == NULL || *faction == '\0')
    return sim_error_missed (&c->err, c->ru, "faction");
  if (strcmp (faction, "service.prolong") != 0)
    return sim_error_value (&c->err, c->ru, "faction", faction, NULL);
  if (sim_func_is_disabled (c->sim, faction))
    {
      g_autofree char *msg = g_strdup_printf (c->ru ? "Неизвестная функция '%s' "
                                                    : "Unknown function '%s' ", faction);

      return sim_error_other (&c->err, "missed", "func", faction, msg);
    }
  return prolong (c, TRUE);
}

static void
write_change_form (SimCall          *c,
                   const SimLicense *lic)
{
  guint n;
  const SimTariff *t = sim_tariffs_get (&n);

  sim_writer_value (c->w, "elid", lic->id_str);
  sim_writer_value (c->w, "pricelist", lic->tariff->id);
  sim_writer_value (c->w, "pricelist_name", lic->tariff->name);
  sim_writer_begin_array (c->w, "slist");
  sim_writer_begin (c->w, NULL);
  sim_writer_attr (c->w, "name", "pricelist");
  sim_writer_begin_array (c->w, "val");
  for (guint i = 0; i < n; i++)
    {
      if (t[i].trial || &t[i] == lic->tariff)
        continue;
      sim_writer_begin (c->w, NULL);
      sim_writer_attr (c->w, "key", t[i].id);
      sim_writer_text (c->w, t[i].name);
      sim_writer_end (c->w);
    }
  sim_writer_end_array (c->w);
  sim_writer_end (c->w);
  sim_writer_end_array (c->w);
}

typedef struct {
  const SimTariff *tariff;
  int              period;
  guint            nodes;
  gint64           charge;
  guint32          newexpire;
} Change;

/* The requested change and what it costs now (see the top of this file). */
static gboolean
change_parse (SimCall    *c,
              SimLicense *lic,
              Change     *out)
{
  const char *pl = sim_param (c->params, "pricelist");
  const char *per = sim_param (c->params, "period");
  const SimTariff *tariff;
  int period = lic->period;
  guint nodes = 0;
  guint32 today = sim_today ();

  if (pl == NULL || *pl == '\0')
    return sim_error_missed (&c->err, c->ru, "pricelist");
  tariff = sim_tariff_lookup (pl);
  if (tariff == NULL)
    return sim_error_value (&c->err, c->ru, "pricelist", pl, NULL);
  if (tariff->trial)
    return sim_error_value (&c->err, c->ru, "pricelist", pl,
                            c->ru ? "Перейти на пробный тариф нельзя"
                                  : "A license cannot be moved to a trial tariff");
  if (tariff == lic->tariff)
    return sim_error_value (&c->err, c->ru, "pricelist", pl,
                            c->ru ? "Лицензия уже на этом тарифе"
                                  : "The license already has this tariff");
  if (lic->tariff->trial || (per && *per))
    {
      gint64 p = 1;

      if (per && *per && (!sim_parse_int (per, 1, 12, &p) || (p != 1 && p != 12)))
        return sim_error_value (&c->err, c->ru, "period", per, NULL);
      period = (int) p;
    }
  if (tariff->has_nodes && !sim_parse_nodes (c, &nodes, MAX (lic->nodes, 1)))
    return FALSE;

  out->tariff = tariff;
  out->period = period;
  out->nodes = nodes;
  if (lic->tariff->trial)
    {
      out->charge = sim_price_cents (tariff, period, nodes);
      out->newexpire = sim_date_add_months (today, period);
    }
  else
    {
      gint64 delta = (gint64) sim_price_cents (tariff, lic->period, nodes)
                     - (gint64) sim_license_price_cents (lic);

      out->charge = sim_money_prorate (lic, delta, today);
      out->newexpire = lic->expiredate;
    }
  return TRUE;
}

static void
write_change_preview (SimCall          *c,
                      const SimLicense *lic,
                      const Change     *ch)
{
  SimLicense after = *lic;
  g_autofree char *oldprice = sim_license_cost (lic, c->ru);
  g_autofree char *newprice = NULL;
  g_autofree char *cost = sim_money_format (ch->charge);
  g_autofree char *what = NULL;
  char buf[16];

  after.tariff = ch->tariff;
  after.period = ch->period;
  after.nodes = ch->nodes;
  newprice = sim_license_cost (&after, c->ru);
  sim_writer_value (c->w, "elid", lic->id_str);
  sim_writer_value (c->w, "pricelist", ch->tariff->id);
  g_snprintf (buf, sizeof buf, "%d", ch->period);
  sim_writer_value (c->w, "period", buf);
  sim_writer_value (c->w, "oldpricelist", lic->tariff->name);
  sim_writer_value (c->w, "newpricelist", ch->tariff->name);
  sim_writer_value (c->w, "oldprice", oldprice);
  sim_writer_value (c->w, "newprice", newprice);
  sim_writer_value (c->w, "oldexpiredate", sim_date_format (lic->expiredate, buf));
  sim_writer_value (c->w, "newexpiredate", sim_date_format (ch->newexpire, buf));
  sim_writer_value (c->w, "cost", cost);
  what = g_strdup_printf ("%s → %s", lic->tariff->name, ch->tariff->name);
  sim_money_write_orderinfo (c, "money_info", what, ch->charge);
}

gboolean
sim_func_changepricelist (SimCall *c)
{
  IsplicSim *self = c->sim;
  gboolean preview_only = strcmp (c->func, "service.changepricelist.pricelist") == 0;
  gboolean plain = strcmp (c->func, "service.changepricelist") == 0;
  SimLicense *lic;
  Change ch = { 0, };

  if (!sim_get_elid_license (c, &lic))
    return FALSE;

  if (plain && !sim_has_sok (c->params))
    {
      write_change_form (c, lic);
      return TRUE;
    }
  if (!change_parse (c, lic, &ch))
    return FALSE;
  if (preview_only || !sim_has_sok (c->params))
    {
      write_change_preview (c, lic, &ch);
      return TRUE;
    }

  if (!sim_money_check (c, ch.charge))
    return FALSE;
  if (lic->tariff->trial)
    {
      lic->autoprolong = 0;
      lic->expiredate = ch.newexpire;
      lic->update_expiredate = ch.newexpire;
    }
  lic->tariff = ch.tariff;
  lic->period = ch.period;
  lic->nodes = ch.nodes;
  sim_money_take (self, ch.charge);
  sim_history_add (self, lic, "pricelist", ch.tariff->id, c->remote);
  sim_state_save (self);
  sim_writer_empty (c->w, "ok");
  return TRUE;
}
