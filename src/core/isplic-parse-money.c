/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * Parsers for the money answers of API notes §10: balance, credit, the price list, order and
 * node quotes (orderinfo HTML), renewal and tariff-change previews, history. Like the rest of
 * the parser they take any bytes, never crash, and are safe in any thread.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "isplic-client-private.h"
#include "isplic-money.h"
#include "isplic-util.h"

/* ------------------------------------------------------------------------------------------ */
/* Reading values                                                                              */

static IsplicJsonNode *
get_object (IsplicJsonNode *object,
            const char     *member)
{
  IsplicJsonNode *node = isplic_json_member (object, member);

  if (node != NULL && node->type == ISPLIC_JSON_ARRAY)
    node = node->child;
  if (node == NULL || node->type != ISPLIC_JSON_OBJECT)
    return NULL;
  return node;
}

/* Iterates a member that billmgr sends as an array, or as one object when there is one. */
#define FOR_EACH_OBJECT(node, item)                                                        \
  for (IsplicJsonNode *item = (node) == NULL ? NULL                                      \
                              : (node)->type == ISPLIC_JSON_ARRAY ? (node)->child : (node); \
       item != NULL; item = (node)->type == ISPLIC_JSON_ARRAY ? item->next : NULL)       \
    if (item->type == ISPLIC_JSON_OBJECT)

/* doc.doc when the fields are nested there (a form), else doc. */
static IsplicJsonNode *
form_of (IsplicJsonNode     *doc,
         const char * const *probes)
{
  IsplicJsonNode *inner = get_object (doc, "doc");

  if (inner == NULL)
    return doc;
  for (guint i = 0; probes[i] != NULL; i++)
    if (isplic_json_member (doc, probes[i]) != NULL)
      return doc;
  for (guint i = 0; probes[i] != NULL; i++)
    if (isplic_json_member (inner, probes[i]) != NULL)
      return inner;
  return doc;
}

/* ------------------------------------------------------------------------------------------ */
/* Balance                                                                                     */

IsplicBalance *
isplic_parse_balance (const char  *data,
                      gssize       length,
                      GError     **error)
{
  static const char * const probes[] = { "realbalance", "elem", NULL };
  g_autoptr(IsplicJsonDoc) json = NULL;
  g_autofree IsplicMoney *money = NULL;
  IsplicJsonNode *doc;
  IsplicJsonNode *form;
  IsplicBalance *balance;

  json = isplic_parse_document (data, length, &doc, error);
  if (json == NULL)
    return NULL;

  form = form_of (doc, probes);
  money = isplic_json_get_money (get_object (form, "elem"), "realbalance");
  if (money == NULL)
    money = isplic_json_get_money (form, "realbalance");
  if (money == NULL)
    {
      isplic_parse_set_malformed (error, _("The billing server’s answer has no account balance."));
      return NULL;
    }
  balance = g_new0 (IsplicBalance, 1);
  balance->balance = *money;
  return balance;
}

gboolean
isplic_parse_credit (const char   *data,
                     gssize        length,
                     IsplicMoney **credit_limit,
                     IsplicMoney **available,
                     GError      **error)
{
  static const char * const probes[] = { "elem", "credit", NULL };
  g_autoptr(IsplicJsonDoc) json = NULL;
  IsplicJsonNode *doc;
  IsplicJsonNode *row;

  *credit_limit = NULL;
  *available = NULL;
  json = isplic_parse_document (data, length, &doc, error);
  if (json == NULL)
    return FALSE;
  doc = form_of (doc, probes);
  row = get_object (doc, "elem");
  if (row == NULL)
    row = doc;
  *credit_limit = isplic_json_get_money (row, "credit");
  *available = isplic_json_get_money (row, "available_credit");
  return TRUE;
}

/* ------------------------------------------------------------------------------------------ */
/* Price list                                                                                  */

/* An interned currency code from pricelist.export's $currency: a code, a symbol, or an ISO
 * numeric code. NULL when unknown. */
static const char *
currency_code (const char *text)
{
  static const struct { const char *number; const char *code; } numeric[] = {
    { "978", "EUR" }, { "840", "USD" }, { "643", "RUB" }, { "398", "KZT" }, { "826", "GBP" },
  };
  g_autofree char *probe = NULL;
  IsplicMoney money;

  if (text == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (numeric); i++)
    if (strcmp (text, numeric[i].number) == 0)
      return g_intern_static_string (numeric[i].code);
  probe = g_strconcat ("0 ", text, NULL);
  if (isplic_money_parse (probe, &money))
    return money.currency;
  return NULL;
}

static gboolean
is_on (const char *text)
{
  return text != NULL && (g_ascii_strcasecmp (text, "on") == 0 || strcmp (text, "1") == 0 ||
                          g_ascii_strcasecmp (text, "yes") == 0 ||
                          g_ascii_strcasecmp (text, "true") == 0);
}

static gboolean
is_off (const char *text)
{
  return text != NULL && (g_ascii_strcasecmp (text, "off") == 0 || strcmp (text, "0") == 0 ||
                          g_ascii_strcasecmp (text, "no") == 0 ||
                          g_ascii_strcasecmp (text, "false") == 0);
}

/* Months of a period item: $type month / year (/ quarter / half-year) times $length. 0 for
 * anything else (days, trials, lifetime). */
static int
period_months (IsplicJsonNode *item)
{
  g_autofree char *type = isplic_json_get_text (item, "$type", TRUE);
  g_autofree char *length_text = isplic_json_get_text (item, "$length", TRUE);
  gint64 length = 1;
  int unit;

  if (type == NULL)
    return 0;
  if (length_text != NULL &&
      !g_ascii_string_to_signed (length_text, 10, 1, 120, &length, NULL))
    return 0;
  if (g_ascii_strcasecmp (type, "month") == 0)
    unit = 1;
  else if (g_ascii_strcasecmp (type, "quarter") == 0)
    unit = 3;
  else if (g_ascii_strcasecmp (type, "halfyear") == 0)
    unit = 6;
  else if (g_ascii_strcasecmp (type, "year") == 0)
    unit = 12;
  else
    return 0;
  return unit * (int) length;
}

static GArray *
parse_price (IsplicJsonNode *object)
{
  GArray *prices = g_array_new (FALSE, FALSE, sizeof (IsplicMoney));
  IsplicJsonNode *price = get_object (object, "price");
  g_autofree char *currency_text = NULL;
  const char *currency;
  IsplicJsonNode *periods;

  if (price == NULL)
    return prices;
  currency_text = isplic_json_get_text (price, "$currency", TRUE);
  if (currency_text == NULL)
    currency_text = isplic_json_get_text (price, "currency", TRUE);
  currency = currency_code (currency_text);

  periods = isplic_json_member (price, "period");
  FOR_EACH_OBJECT (periods, item)
    {
      g_autofree char *cost = isplic_json_get_text (item, "$cost", TRUE);
      IsplicMoney money;
      int months = period_months (item);

      if (cost == NULL)
        cost = isplic_json_get_text (item, "$", FALSE);
      if (months == 0 || cost == NULL || !isplic_money_parse (cost, &money))
        continue;
      if (money.currency == NULL)
        money.currency = currency;
      else if (currency != NULL && money.currency != currency)
        continue;
      money.period = months;
      g_array_append_val (prices, money);
    }
  return prices;
}

static int
get_int (IsplicJsonNode *object,
         const char     *member)
{
  g_autofree char *text = isplic_json_get_text (object, member, TRUE);
  gint64 value;

  if (text == NULL || !g_ascii_string_to_signed (text, 10, 0, G_MAXINT, &value, NULL))
    return -1;
  return (int) value;
}

static IsplicPrice *
price_from_node (IsplicJsonNode *object,
                 gboolean        addon)
{
  IsplicPrice *price;
  g_autofree char *id = isplic_json_get_text (object, "id", TRUE);
  g_autofree char *active = NULL;
  g_autofree char *hidden = NULL;
  g_autofree char *archived = NULL;

  if (id == NULL)
    id = isplic_json_get_text (object, "$id", TRUE);
  if (id == NULL)
    return NULL;

  price = g_new0 (IsplicPrice, 1);
  price->id = g_steal_pointer (&id);
  price->name = isplic_json_get_text (object, addon ? "intname" : "name", FALSE);
  if (price->name == NULL)
    price->name = isplic_json_get_text (object, addon ? "name" : "intname", FALSE);
  active = isplic_json_get_text (object, "active", TRUE);
  hidden = isplic_json_get_text (object, "hideinorder", TRUE);
  archived = isplic_json_get_text (object, "archived", TRUE);
  price->available = !is_off (active) && !is_on (hidden) && !is_on (archived);
  price->prices = parse_price (object);
  price->min = addon ? get_int (object, "addonmin") : -1;
  price->max = addon ? get_int (object, "addonlimit") : -1;
  price->measure = addon ? isplic_json_get_text (object, "measure", FALSE) : NULL;
  if (!addon)
    {
      IsplicJsonNode *addons = isplic_json_member (object, "addon");

      price->addons = g_ptr_array_new_with_free_func ((GDestroyNotify) isplic_price_free);
      FOR_EACH_OBJECT (addons, item)
        {
          IsplicPrice *addon_price = price_from_node (item, TRUE);

          if (addon_price != NULL)
            g_ptr_array_add (price->addons, addon_price);
        }
    }
  return price;
}

GPtrArray *
isplic_parse_prices (const char  *data,
                     gssize       length,
                     GError     **error)
{
  static const char * const probes[] = { "pricelist", NULL };
  g_autoptr(IsplicJsonDoc) json = NULL;
  g_autoptr(GPtrArray) prices = NULL;
  IsplicJsonNode *doc;
  IsplicJsonNode *list;

  json = isplic_parse_document (data, length, &doc, error);
  if (json == NULL)
    return NULL;
  doc = form_of (doc, probes);
  list = isplic_json_member (doc, "pricelist");
  if (list == NULL || (list->type != ISPLIC_JSON_ARRAY && list->type != ISPLIC_JSON_OBJECT))
    {
      isplic_parse_set_malformed (error, _("The billing server’s answer has no price list."));
      return NULL;
    }

  prices = g_ptr_array_new_with_free_func ((GDestroyNotify) isplic_price_free);
  FOR_EACH_OBJECT (list, item)
    {
      IsplicPrice *price = price_from_node (item, FALSE);

      if (price != NULL)
        g_ptr_array_add (prices, price);
    }
  return g_steal_pointer (&prices);
}

/* ------------------------------------------------------------------------------------------ */
/* Quotes                                                                                      */

/* orderinfo as text and its total. */
static void
read_orderinfo (IsplicJsonNode  *form,
                char           **text,
                IsplicMoney    **total)
{
  g_autofree char *html = isplic_json_get_text (form, "orderinfo", FALSE);
  IsplicMoney money;

  *text = isplic_html_to_text (html);
  *total = NULL;
  if (*text != NULL && isplic_find_total (*text, &money))
    *total = isplic_money_copy (&money);
}

IsplicQuote *
isplic_parse_quote (const char  *data,
                    gssize       length,
                    GError     **error)
{
  static const char * const probes[] = { "orderinfo", "slist", NULL };
  g_autoptr(IsplicJsonDoc) json = NULL;
  IsplicJsonNode *doc;
  IsplicJsonNode *form;
  IsplicJsonNode *slist;
  IsplicQuote *quote;

  json = isplic_parse_document (data, length, &doc, error);
  if (json == NULL)
    return NULL;
  form = form_of (doc, probes);

  quote = g_new0 (IsplicQuote, 1);
  quote->periods = g_array_new (FALSE, FALSE, sizeof (IsplicMoney));
  read_orderinfo (form, &quote->text, &quote->total);

  slist = isplic_json_member (form, "slist");
  FOR_EACH_OBJECT (slist, list)
    {
      g_autofree char *name = isplic_json_get_text (list, "$name", TRUE);
      IsplicJsonNode *values;

      if (g_strcmp0 (name, "period") != 0)
        continue;
      values = isplic_json_member (list, "val");
      FOR_EACH_OBJECT (values, val)
        {
          g_autofree char *key = isplic_json_get_text (val, "$key", TRUE);
          g_autofree char *cost = isplic_json_get_text (val, "$cost", TRUE);
          IsplicMoney money;
          int months = isplic_parse_period (key);

          if (months <= 0 || cost == NULL || !isplic_money_parse (cost, &money))
            continue;
          /* a bare "$cost" is in the currency of the order */
          if (money.currency == NULL && quote->total != NULL)
            money.currency = quote->total->currency;
          money.period = months;
          g_array_append_val (quote->periods, money);
        }
      break;
    }
  return quote;
}

static GDateTime *
get_date (IsplicJsonNode *object,
          const char     *member)
{
  g_autofree char *text = isplic_json_get_text (object, member, TRUE);

  return isplic_date_parse (text);
}

static IsplicRenewalItem *
renewal_item_from (IsplicJsonNode *object)
{
  IsplicRenewalItem *item = g_new0 (IsplicRenewalItem, 1);

  item->id = isplic_json_get_text (object, "elid", TRUE);
  if (item->id == NULL || !isplic_id_is_valid (item->id))
    {
      g_free (item->id);
      item->id = isplic_json_get_text (object, "id", TRUE);
    }
  if (item->id != NULL && !isplic_id_is_valid (item->id))
    g_clear_pointer (&item->id, g_free);
  item->expiry = get_date (object, "real_expiredate");
  if (item->expiry == NULL)
    item->expiry = get_date (object, "expiredate");
  item->new_expiry = get_date (object, "newexpiredate");
  item->cost = isplic_json_get_money (object, "cost");
  return item;
}

IsplicRenewalQuote *
isplic_parse_renewal_quote (const char  *data,
                            gssize       length,
                            GError     **error)
{
  static const char * const probes[] = { "newexpiredate", "elem", "orderinfo", NULL };
  g_autoptr(IsplicJsonDoc) json = NULL;
  g_autofree char *text = NULL;
  IsplicJsonNode *doc;
  IsplicJsonNode *form;
  IsplicJsonNode *elem;
  IsplicRenewalQuote *quote;

  json = isplic_parse_document (data, length, &doc, error);
  if (json == NULL)
    return NULL;
  form = form_of (doc, probes);

  quote = g_new0 (IsplicRenewalQuote, 1);
  quote->items = g_ptr_array_new_with_free_func ((GDestroyNotify) isplic_renewal_item_free);
  elem = isplic_json_member (form, "elem");
  if (elem != NULL)
    {
      FOR_EACH_OBJECT (elem, row)
        g_ptr_array_add (quote->items, renewal_item_from (row));
    }
  else if (isplic_json_member (form, "newexpiredate") != NULL ||
           isplic_json_member (form, "expiredate") != NULL ||
           isplic_json_member (form, "cost") != NULL)
    g_ptr_array_add (quote->items, renewal_item_from (form));

  quote->total = isplic_json_get_money (form, "total");
  if (quote->total == NULL)
    quote->total = isplic_json_get_money (form, "total_sum");
  if (quote->total == NULL)
    read_orderinfo (form, &text, &quote->total);
  /* one license: the order's total is its cost */
  if (quote->items->len == 1 && quote->total != NULL &&
      ((IsplicRenewalItem *) g_ptr_array_index (quote->items, 0))->cost == NULL)
    ((IsplicRenewalItem *) g_ptr_array_index (quote->items, 0))->cost =
      isplic_money_copy (quote->total);
  if (quote->total == NULL && quote->items->len > 0)
    {
      /* the sum of the items' costs, when each has one in the same currency */
      IsplicMoney sum = { 0, NULL, 0 };
      gboolean complete = TRUE;

      for (guint i = 0; i < quote->items->len && complete; i++)
        {
          IsplicRenewalItem *item = g_ptr_array_index (quote->items, i);

          if (item->cost == NULL)
            complete = FALSE;
          else if (i == 0)
            sum = *item->cost;
          else
            complete = isplic_money_add (&sum, item->cost, &sum);
        }
      if (complete)
        quote->total = isplic_money_copy (&sum);
    }
  return quote;
}

IsplicTariffQuote *
isplic_parse_tariff_quote (const char  *data,
                           gssize       length,
                           GError     **error)
{
  static const char * const probes[] = { "money_info", "newprice", "newpricelist", NULL };
  g_autoptr(IsplicJsonDoc) json = NULL;
  g_autofree char *html = NULL;
  IsplicJsonNode *doc;
  IsplicJsonNode *form;
  IsplicTariffQuote *quote;
  IsplicMoney money;

  json = isplic_parse_document (data, length, &doc, error);
  if (json == NULL)
    return NULL;
  form = form_of (doc, probes);

  quote = g_new0 (IsplicTariffQuote, 1);
  quote->old_price = isplic_json_get_money (form, "oldprice");
  quote->new_price = isplic_json_get_money (form, "newprice");
  quote->old_tariff = isplic_json_get_text (form, "oldpricelist", FALSE);
  quote->new_tariff = isplic_json_get_text (form, "newpricelist", FALSE);
  quote->old_expiry = get_date (form, "oldexpiredate");
  quote->new_expiry = get_date (form, "newexpiredate");
  html = isplic_json_get_text (form, "money_info", FALSE);
  quote->money_info = isplic_html_to_text (html);
  if (quote->money_info != NULL && isplic_money_find (quote->money_info, &money))
    quote->charge = isplic_money_copy (&money);
  return quote;
}

/* ------------------------------------------------------------------------------------------ */
/* History                                                                                     */

GPtrArray *
isplic_parse_history (const char  *data,
                      gssize       length,
                      gint64      *total,
                      GError     **error)
{
  static const char * const probes[] = { "elem", "p_elems", NULL };
  g_autoptr(IsplicJsonDoc) json = NULL;
  g_autofree char *p_elems = NULL;
  IsplicJsonNode *doc;
  IsplicJsonNode *elem;
  GPtrArray *entries;
  gint64 number;

  *total = -1;
  json = isplic_parse_document (data, length, &doc, error);
  if (json == NULL)
    return NULL;
  doc = form_of (doc, probes);

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) isplic_history_entry_free);
  elem = isplic_json_member (doc, "elem");
  FOR_EACH_OBJECT (elem, row)
    {
      IsplicHistoryEntry *entry = g_new0 (IsplicHistoryEntry, 1);
      g_autofree char *date = isplic_json_get_text (row, "changedate", TRUE);

      if (date == NULL)
        date = isplic_json_get_text (row, "date", TRUE);
      entry->date = isplic_parse_date_time (date);
      entry->desc = isplic_json_get_text (row, "desc", FALSE);
      entry->user = isplic_json_get_text (row, "user", FALSE);
      entry->ip = isplic_json_get_text (row, "ip", TRUE);
      g_ptr_array_add (entries, entry);
    }
  p_elems = isplic_json_get_text (doc, "p_elems", TRUE);
  if (p_elems != NULL && g_ascii_string_to_signed (p_elems, 10, 0, G_MAXINT64, &number, NULL))
    *total = number;
  return entries;
}

/* ------------------------------------------------------------------------------------------ */
/* The results' free functions (here so that the fuzzer links the parsers alone)               */

gboolean
isplic_balance_covers (const IsplicBalance *balance,
                       const IsplicMoney   *amount,
                       gboolean            *covers)
{
  IsplicMoney spendable;
  int cmp;

  if (balance == NULL || amount == NULL)
    return FALSE;
  spendable = balance->balance;
  /* billmgr refuses only what balance + credit limit does not cover. */
  if (balance->credit_limit != NULL
      && !isplic_money_add (&spendable, balance->credit_limit, &spendable))
    spendable = balance->balance;
  if (!isplic_money_compare (&spendable, amount, &cmp))
    return FALSE;
  *covers = cmp >= 0;
  return TRUE;
}

void
isplic_balance_free (IsplicBalance *balance)
{
  if (balance == NULL)
    return;
  g_free (balance->credit_limit);
  g_free (balance->available);
  g_free (balance);
}

void
isplic_price_free (IsplicPrice *price)
{
  if (price == NULL)
    return;
  g_free (price->id);
  g_free (price->name);
  g_clear_pointer (&price->prices, g_array_unref);
  g_free (price->measure);
  g_clear_pointer (&price->addons, g_ptr_array_unref);
  g_free (price);
}

const IsplicMoney *
isplic_price_get (const IsplicPrice *price,
                  int                months)
{
  g_return_val_if_fail (price != NULL, NULL);

  for (guint i = 0; price->prices != NULL && i < price->prices->len; i++)
    {
      const IsplicMoney *money = &g_array_index (price->prices, IsplicMoney, i);

      if (money->period == months)
        return money;
    }
  return NULL;
}

void
isplic_quote_free (IsplicQuote *quote)
{
  if (quote == NULL)
    return;
  g_free (quote->total);
  g_free (quote->text);
  g_clear_pointer (&quote->periods, g_array_unref);
  g_free (quote);
}

void
isplic_renewal_item_free (IsplicRenewalItem *item)
{
  if (item == NULL)
    return;
  g_free (item->id);
  g_clear_pointer (&item->expiry, g_date_time_unref);
  g_clear_pointer (&item->new_expiry, g_date_time_unref);
  g_free (item->cost);
  g_free (item);
}

void
isplic_renewal_quote_free (IsplicRenewalQuote *quote)
{
  if (quote == NULL)
    return;
  g_clear_pointer (&quote->items, g_ptr_array_unref);
  g_free (quote->total);
  g_free (quote);
}

void
isplic_tariff_quote_free (IsplicTariffQuote *quote)
{
  if (quote == NULL)
    return;
  g_free (quote->old_price);
  g_free (quote->new_price);
  g_free (quote->old_tariff);
  g_free (quote->new_tariff);
  g_clear_pointer (&quote->old_expiry, g_date_time_unref);
  g_clear_pointer (&quote->new_expiry, g_date_time_unref);
  g_free (quote->charge);
  g_free (quote->money_info);
  g_free (quote);
}

void
isplic_history_entry_free (IsplicHistoryEntry *entry)
{
  if (entry == NULL)
    return;
  g_clear_pointer (&entry->date, g_date_time_unref);
  g_free (entry->desc);
  g_free (entry->user);
  g_free (entry->ip);
  g_free (entry);
}
