/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Money in the simulator: the account's balance and credit limit, the price list, quotes and
 * billmgr's insufficient-funds refusal (billmgr-api.md §10.1, §10.2, §10.6).
 *
 * Amounts are euro cents inside and text on the wire, as billmgr writes them: "56.00 EUR"
 * ("-3.50 EUR" on credit); in form attributes ($cost) and the price list the bare "56.00".
 * Prices come from the one tariff table in isplic-sim-data.c.
 *
 * Functions (all need a login except pricelist.export; each can be switched off with
 * isplic_sim_set_function_enabled(), --disable or /sim/control disable=, and then answers
 * "unknown function"):
 *
 * dashboard.info → doc.elem[0].realbalance.$ = "120.00 EUR" (elem is a one-item array, as the
 *   dashboard's real answer is read; out=sjson the same).
 * notify notifiaction=count (sic) → doc.realbalance.$ = "120.00 EUR", doc.count.$ = "0".
 * dashboard.subaccount_credit → doc.elem[0].credit.$ (the credit limit, "0.00 EUR") and
 *   doc.elem[0].available_credit.$ (the part of it not used: limit + min(balance, 0)).
 * whoami → doc.user = {"$id":"1","$realname":"Reseller","$email":USER,"$level":"16"}.
 * pricelist.export [elid=1] [onlyavailable=on] [pricelist=CODE] [itemtype=soft] → doc.pricelist,
 *   an array (a single object when only one tariff matches; out=sjson keeps the array) of
 *   {id, name, itemtype ("soft"), active ("on"), hideinorder ("off"), archived ("off"),
 *    price: {"$currency":"EUR", "period":[{"$type":"month","$length":"1","$cost":"5.00"},
 *                                          {"$type":"month","$length":"12","$cost":"50.00"}]}}
 *   — a trial has one period {"$type":"day","$length":"14","$cost":"0.00"} — and for Business
 *   addon: [{id "55236", intname "nodes", name, addonmin "1", addonlimit "1000", measure
 *   ("node"), addonbase "1" (included), price: {"$currency":"EUR","period":[…per extra node…]}}].
 *   Each field is {"$":"…"} like every billmgr value.
 *
 * Quotes (written by the functions in isplic-sim-api.c and isplic-sim-renew.c):
 *   doc.orderinfo.$ (doc.money_info.$ for a tariff change) is an HTML fragment
 *   '<div class="orderinfo"><p>WHAT</p><p><b>Total amount: 56.00 EUR</b></p></div>'
 *   ("Итого к оплате: 56.00 EUR" with lang=ru); the total is always the last amount in it.
 *   Period choices carry the price: slist[$name=period].val[] = {"$key":"12","$cost":"50.00",
 *   "$":"1 year"}.
 *
 * Refusal when balance + credit limit < the amount (nothing is changed): an error of type
 * "money", object "balance", with the value the required amount and the message
 * "There are insufficient funds to complete the operation. Required amount 56.00 EUR. Your
 * current balance: 12.00 EUR, credit limit 0.00 EUR" ("Недостаточно средств для выполнения
 * операции. Необходимая сумма 56.00 EUR. Ваш текущий баланс: 12.00 EUR, кредитный лимит
 * 0.00 EUR" with lang=ru).
 */
#include "isplic-sim-private.h"

#include <string.h>

char *
sim_money_format (gint64 cents)
{
  guint64 abs = cents < 0 ? (guint64) -cents : (guint64) cents;

  return g_strdup_printf ("%s%" G_GUINT64_FORMAT ".%02u EUR", cents < 0 ? "-" : "",
                          abs / 100, (guint) (abs % 100));
}

/* The bare number of sim_money_format(). */
static char *
money_number (gint64 cents)
{
  char *s = sim_money_format (cents);

  *strchr (s, ' ') = '\0';
  return s;
}

gboolean
sim_money_parse (const char *text,
                 gint64     *cents)
{
  g_autofree char *s = NULL;
  char *dot;
  gint64 units;
  guint64 frac = 0;
  gboolean neg;

  if (text == NULL)
    return FALSE;
  s = g_strstrip (g_strdup (text));
  if (g_str_has_suffix (s, "EUR"))
    {
      s[strlen (s) - 3] = '\0';
      g_strstrip (s);
    }
  neg = s[0] == '-';
  dot = strchr (s, '.');
  if (dot)
    {
      gsize n = strlen (dot + 1);

      *dot = '\0';
      if (n == 0 || n > 2 || !g_ascii_string_to_unsigned (dot + 1, 10, 0, 99, &frac, NULL))
        return FALSE;
      if (n == 1)
        frac *= 10;
    }
  if (!g_ascii_string_to_signed (s, 10, -1000000000000, 1000000000000, &units, NULL))
    return FALSE;
  *cents = units * 100 + (neg ? -(gint64) frac : (gint64) frac);
  return TRUE;
}

gboolean
sim_money_check (SimCall *c,
                 gint64   cents)
{
  IsplicSim *self = c->sim;
  g_autofree char *need = NULL;
  g_autofree char *have = NULL;
  g_autofree char *limit = NULL;
  g_autofree char *msg = NULL;

  if (cents <= 0 || self->balance + self->credit_limit >= cents)
    return TRUE;
  need = sim_money_format (cents);
  have = sim_money_format (self->balance);
  limit = sim_money_format (self->credit_limit);
  msg = g_strdup_printf (c->ru ? "Недостаточно средств для выполнения операции. Необходимая "
                                 "сумма %s. Ваш текущий баланс: %s, кредитный лимит %s"
                               : "There are insufficient funds to complete the operation. "
                                 "Required amount %s. Your current balance: %s, credit limit %s",
                         need, have, limit);
  return sim_error_other (&c->err, "money", "balance", need, msg);
}

void
sim_money_take (IsplicSim *self,
                gint64     cents)
{
  if (cents > 0)
    self->balance -= cents;
}

gint64
sim_money_prorate (const SimLicense *lic,
                   gint64            delta_cents,
                   guint32           today)
{
  int months = lic->period > 0 ? lic->period : 1;
  guint32 start;
  gint64 total_days, left;

  if (delta_cents <= 0 || lic->tariff->trial || lic->expiredate <= today)
    return 0;
  start = sim_date_add_months (lic->expiredate, -months);
  total_days = (gint64) lic->expiredate - (gint64) start;
  left = MIN ((gint64) lic->expiredate - (gint64) today, total_days);
  if (total_days <= 0 || left <= 0)
    return 0;
  return (delta_cents * left + total_days - 1) / total_days;
}

gint64
sim_money_nodes_cost (const SimLicense *lic,
                      guint             nodes,
                      guint32           today)
{
  gint64 delta = (gint64) sim_price_cents (lic->tariff, lic->period, nodes)
                 - (gint64) sim_license_price_cents (lic);

  return sim_money_prorate (lic, delta, today);
}

void
sim_money_write_orderinfo (SimCall    *c,
                           const char *name,
                           const char *what,
                           gint64      total)
{
  g_autofree char *amount = sim_money_format (total);
  g_autofree char *escaped = what ? g_markup_escape_text (what, -1) : NULL;
  g_autofree char *html = NULL;

  html = g_strdup_printf ("<div class=\"orderinfo\">%s%s%s<p><b>%s %s</b></p></div>",
                          escaped ? "<p>" : "", escaped ? escaped : "", escaped ? "</p>" : "",
                          c->ru ? "Итого к оплате:" : "Total amount:", amount);
  sim_writer_value (c->w, name, html);
}

void
sim_money_write_period_entry (SimCall         *c,
                              const SimTariff *tariff,
                              guint            nodes)
{
  static const int paid[] = { 1, 12 };
  static const int trial[] = { SIM_TRIAL_PERIOD };
  gboolean is_trial = tariff != NULL && tariff->trial;
  const int *periods = is_trial ? trial : paid;
  guint n = is_trial ? G_N_ELEMENTS (trial) : G_N_ELEMENTS (paid);

  sim_writer_begin (c->w, NULL);
  sim_writer_attr (c->w, "name", "period");
  sim_writer_begin_array (c->w, "val");
  for (guint i = 0; i < n; i++)
    {
      char key[8];

      g_snprintf (key, sizeof key, "%d", periods[i]);
      sim_writer_begin (c->w, NULL);
      sim_writer_attr (c->w, "key", key);
      if (tariff)
        {
          g_autofree char *cost = money_number (sim_price_cents (tariff, periods[i], nodes));

          sim_writer_attr (c->w, "cost", cost);
        }
      sim_writer_text (c->w, sim_period_label (periods[i], c->ru));
      sim_writer_end (c->w);
    }
  sim_writer_end_array (c->w);
  sim_writer_end (c->w);
}

/* ---- balance ---- */

gboolean
sim_func_dashboard_info (SimCall *c)
{
  g_autofree char *balance = sim_money_format (c->sim->balance);

  sim_writer_begin_array (c->w, "elem");
  sim_writer_begin (c->w, NULL);
  sim_writer_value (c->w, "realbalance", balance);
  sim_writer_end (c->w);
  sim_writer_end_array (c->w);
  return TRUE;
}

gboolean
sim_func_notify (SimCall *c)
{
  g_autofree char *balance = sim_money_format (c->sim->balance);

  sim_writer_value (c->w, "realbalance", balance);
  sim_writer_value (c->w, "count", "0");
  return TRUE;
}

gboolean
sim_func_subaccount_credit (SimCall *c)
{
  IsplicSim *self = c->sim;
  gint64 available = MAX (self->credit_limit + MIN (self->balance, 0), 0);
  g_autofree char *credit = sim_money_format (self->credit_limit);
  g_autofree char *avail = sim_money_format (available);

  sim_writer_begin_array (c->w, "elem");
  sim_writer_begin (c->w, NULL);
  sim_writer_value (c->w, "credit", credit);
  sim_writer_value (c->w, "available_credit", avail);
  sim_writer_end (c->w);
  sim_writer_end_array (c->w);
  return TRUE;
}

gboolean
sim_func_whoami (SimCall *c)
{
  sim_writer_begin (c->w, "user");
  sim_writer_attr (c->w, "id", "1");
  sim_writer_attr (c->w, "realname", c->ru ? "Реселлер" : "Reseller");
  sim_writer_attr (c->w, "email", c->sim->user);
  sim_writer_attr (c->w, "level", "16");
  sim_writer_text (c->w, c->sim->user);
  sim_writer_end (c->w);
  return TRUE;
}

/* ---- the price list ---- */

static void
write_price (SimCall         *c,
             const SimTariff *t,
             gboolean         per_node)
{
  static const int periods[] = { 1, 12 };

  sim_writer_begin (c->w, "price");
  sim_writer_attr (c->w, "currency", "EUR");
  sim_writer_begin_array (c->w, "period");
  if (t->trial)
    {
      sim_writer_begin (c->w, NULL);
      sim_writer_attr (c->w, "type", "day");
      sim_writer_attr (c->w, "length", "14");
      sim_writer_attr (c->w, "cost", "0.00");
      sim_writer_end (c->w);
    }
  else
    for (guint i = 0; i < G_N_ELEMENTS (periods); i++)
      {
        /* One extra node: the price with two nodes minus the price with one. */
        guint one = sim_price_cents (t, periods[i], 1);
        guint cents = per_node ? sim_price_cents (t, periods[i], 2) - one : one;
        g_autofree char *cost = money_number (cents);
        char len[8];

        g_snprintf (len, sizeof len, "%d", periods[i]);
        sim_writer_begin (c->w, NULL);
        sim_writer_attr (c->w, "type", "month");
        sim_writer_attr (c->w, "length", len);
        sim_writer_attr (c->w, "cost", cost);
        sim_writer_end (c->w);
      }
  sim_writer_end_array (c->w);
  sim_writer_end (c->w);
}

static void
write_pricelist (SimCall         *c,
                 const SimTariff *t)
{
  sim_writer_begin (c->w, "pricelist");
  sim_writer_value (c->w, "id", t->id);
  sim_writer_value (c->w, "name", t->name);
  sim_writer_value (c->w, "itemtype", "soft");
  sim_writer_value (c->w, "active", "on");
  sim_writer_value (c->w, "hideinorder", "off");
  sim_writer_value (c->w, "archived", "off");
  write_price (c, t, FALSE);
  if (t->has_nodes)
    {
      sim_writer_begin_array (c->w, "addon");
      sim_writer_begin (c->w, NULL);
      sim_writer_value (c->w, "id", "55236");
      sim_writer_value (c->w, "intname", "nodes");
      sim_writer_value (c->w, "name", c->ru ? "Количество узлов" : "Number of nodes");
      sim_writer_value (c->w, "addonmin", "1");
      sim_writer_value (c->w, "addonlimit", "1000");
      sim_writer_value (c->w, "addonbase", "1");
      sim_writer_value (c->w, "measure", c->ru ? "узел" : "node");
      write_price (c, t, TRUE);
      sim_writer_end (c->w);
      sim_writer_end_array (c->w);
    }
  sim_writer_end (c->w);
}

gboolean
sim_func_pricelist_export (SimCall *c)
{
  const char *only = sim_param (c->params, "pricelist");
  const char *itemtype = sim_param (c->params, "itemtype");
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  guint n;
  const SimTariff *t = sim_tariffs_get (&n);

  if (itemtype && *itemtype && strcmp (itemtype, "soft") != 0)
    return TRUE;
  for (guint i = 0; i < n; i++)
    if (only == NULL || *only == '\0' || strcmp (only, t[i].id) == 0)
      g_ptr_array_add (rows, (gpointer) &t[i]);
  if (rows->len == 1 && g_strcmp0 (sim_param (c->params, "out"), "sjson") != 0)
    write_pricelist (c, rows->pdata[0]);
  else if (rows->len > 0)
    {
      sim_writer_begin_array (c->w, "pricelist");
      for (guint i = 0; i < rows->len; i++)
        write_pricelist (c, rows->pdata[i]);
      sim_writer_end_array (c->w);
    }
  return TRUE;
}
