/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The cart (billmgr-api.md §10.4) and the table of switched-off functions.
 *
 * func=basket lists what was ordered with skipbasket off:
 *   doc.billorder, doc.total_sum ("55.00 EUR"), doc.tax, doc.full_discount, and
 *   doc.list[] = [{"$name":"itemlist","elem":[…]}], each elem with id and item.id (the item id),
 *   item.type ("soft"), item.period and period (months; -100 for a trial), pricelist (the tariff
 *   name) and pricelist_id, cost ("50.00 EUR", for the period), billorder, and — so that a client
 *   can recognise an order it placed — ip and licname. With one item, elem is a single object
 *   (billmgr's quirk; out=sjson keeps the array); with none, there is no elem.
 *   func=basket&clicked_button=delete&id=ITEM removes one item (an unknown one is an error);
 *   func=basket&clicked_button=clearbasket and func=cart.empty empty the cart. Both answer ok.
 *
 * A disabled function (isplic_sim_set_function_enabled(), --disable, /sim/control disable=)
 * answers as billmgr answers a function it does not have: HTTP 200 with an error of type
 * "missed", object "func".
 */
#include "isplic-sim-private.h"

#include <string.h>

gboolean
sim_func_is_disabled (IsplicSim  *self,
                      const char *func)
{
  return func != NULL && g_hash_table_contains (self->disabled, func);
}

void
isplic_sim_set_function_enabled (IsplicSim  *self,
                                 const char *func,
                                 gboolean    enabled)
{
  g_return_if_fail (ISPLIC_IS_SIM (self));
  g_return_if_fail (func != NULL && *func != '\0');

  if (enabled)
    g_hash_table_remove (self->disabled, func);
  else
    g_hash_table_add (self->disabled, g_strdup (func));
}

static char *
format_money (guint64 cents)
{
  return g_strdup_printf ("%" G_GUINT64_FORMAT ".%02u EUR", cents / 100, (guint) (cents % 100));
}

static void
write_item (SimWriter        *w,
            const SimLicense *lic,
            gboolean          ru)
{
  g_autofree char *cost = format_money (sim_license_price_cents (lic));
  char period[16];
  char billorder[32];

  g_snprintf (period, sizeof period, "%d", lic->period);
  g_snprintf (billorder, sizeof billorder, "%" G_GUINT64_FORMAT, lic->billorder);
  sim_writer_begin (w, "elem");
  sim_writer_value (w, "id", lic->id_str);
  sim_writer_value (w, "item.id", lic->id_str);
  sim_writer_value (w, "item.type", "soft");
  sim_writer_value (w, "item.period", period);
  sim_writer_value_orig (w, "period", period, sim_period_label (lic->period, ru));
  sim_writer_value (w, "pricelist", lic->tariff->name);
  sim_writer_value (w, "pricelist_id", lic->tariff->id);
  sim_writer_value (w, "licname", lic->licname);
  sim_writer_value (w, "ip", lic->ip);
  sim_writer_value (w, "cost", cost);
  sim_writer_value (w, "billorder", billorder);
  sim_writer_end (w);
}

static void
write_basket (SimCall *c)
{
  GPtrArray *items = c->sim->basket;
  guint64 total = 0;
  g_autofree char *total_text = NULL;
  char billorder[32] = "";

  for (guint i = 0; i < items->len; i++)
    total += sim_license_price_cents (items->pdata[i]);
  total_text = format_money (total);
  if (items->len > 0)
    g_snprintf (billorder, sizeof billorder, "%" G_GUINT64_FORMAT,
                ((SimLicense *) items->pdata[items->len - 1])->billorder);

  sim_writer_value (c->w, "billorder", billorder);
  sim_writer_value (c->w, "total_sum", total_text);
  sim_writer_value (c->w, "tax", "0.00 EUR");
  sim_writer_value (c->w, "full_discount", "0.00 EUR");
  sim_writer_begin_array (c->w, "list");
  sim_writer_begin (c->w, NULL);
  sim_writer_attr (c->w, "name", "itemlist");
  if (items->len == 1 && g_strcmp0 (sim_param (c->params, "out"), "sjson") != 0)
    write_item (c->w, items->pdata[0], c->ru);
  else if (items->len > 0)
    {
      sim_writer_begin_array (c->w, "elem");
      for (guint i = 0; i < items->len; i++)
        write_item (c->w, items->pdata[i], c->ru);
      sim_writer_end_array (c->w);
    }
  sim_writer_end (c->w);
  sim_writer_end_array (c->w);
}

static gboolean
basket_delete (SimCall *c)
{
  const char *id = sim_param (c->params, "id");
  g_autofree char *wanted = NULL;

  if (id == NULL || *id == '\0')
    id = sim_param (c->params, "elid");
  if (id == NULL || *id == '\0')
    return sim_error_missed (&c->err, c->ru, "id");
  wanted = g_strstrip (g_strdup (id));
  for (guint i = 0; i < c->sim->basket->len; i++)
    {
      SimLicense *item = c->sim->basket->pdata[i];

      if (strcmp (item->id_str, wanted) == 0)
        {
          g_ptr_array_remove_index (c->sim->basket, i);
          sim_state_save (c->sim);
          sim_writer_empty (c->w, "ok");
          return TRUE;
        }
    }
  {
    g_autofree char *msg = g_strdup_printf (c->ru ? "Позиция корзины '%s' не найдена "
                                                  : "The cart item '%s' does not exist ",
                                            wanted);

    return sim_error_other (&c->err, "missed", "id", wanted, msg);
  }
}

gboolean
sim_func_cart_empty (SimCall *c)
{
  g_ptr_array_set_size (c->sim->basket, 0);
  sim_state_save (c->sim);
  sim_writer_empty (c->w, "ok");
  return TRUE;
}

gboolean
sim_func_basket (SimCall *c)
{
  const char *button = sim_param (c->params, "clicked_button");

  if (g_strcmp0 (button, "delete") == 0)
    return basket_delete (c);
  if (g_strcmp0 (button, "clearbasket") == 0)
    return sim_func_cart_empty (c);
  write_basket (c);
  return TRUE;
}
