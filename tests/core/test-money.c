/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * Money (issue 8): billmgr's formatted amounts read exactly into hundredths and a currency, every
 * form seen and a lot of garbage; formatting in the C library's locales; sums and comparisons
 * only in one currency; the license's cost as money; and the §10 answer parsers on fixtures
 * (tests/data/money-*.json): balance, credit, price list, quotes with HTML orderinfo, renewal
 * and tariff-change previews, the cart with its total, history with times.
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "isplic-client-private.h"
#include "isplic-money.h"
#include "isplic-test-utils.h"
#include "isplic-util.h"

/* ------------------------------------------------------------------------------------------ */
/* Parsing                                                                                     */

typedef struct
{
  const char *text;
  gint64 amount;
  const char *currency;
  int period;
} Good;

static void
test_parse_good (void)
{
  static const Good good[] = {
    { "12.34 EUR", 1234, "EUR", 0 },
    { "12.34 €", 1234, "EUR", 0 },
    { "€12.34", 1234, "EUR", 0 },
    { "€ 12.34", 1234, "EUR", 0 },
    { "12.34€", 1234, "EUR", 0 },
    { "  12.34   EUR  ", 1234, "EUR", 0 },
    { "1 234,56 RUB", 123456, "RUB", 0 },
    { "1\u00a0234,56 RUB", 123456, "RUB", 0 },
    { "1\u2009234,56 ₽", 123456, "RUB", 0 },
    { "1\u202f234\u202f567,89 руб.", 123456789, "RUB", 0 },
    { "12 руб.", 1200, "RUB", 0 },
    { "12,50 руб", 1250, "RUB", 0 },
    { "99 р.", 9900, "RUB", 0 },
    { "1,234.56 USD", 123456, "USD", 0 },
    { "$1,234.56", 123456, "USD", 0 },
    { "1,234,567.00 USD", 123456700, "USD", 0 },
    { "1.234.567,00 EUR", 123456700, "EUR", 0 },
    { "1'234.50 EUR", 123450, "EUR", 0 },
    { "1,234 USD", 123400, "USD", 0 },
    { "400.00 EUR / Year", 40000, "EUR", 12 },
    { "5.00 EUR / Month", 500, "EUR", 1 },
    { "500.00 RUB / Месяц", 50000, "RUB", 1 },
    { "4 500,00 руб. / год", 450000, "RUB", 12 },
    { "5.00 EUR/month", 500, "EUR", 1 },
    { "60.00 EUR / 1 year", 6000, "EUR", 12 },
    { "-3.50 EUR", -350, "EUR", 0 },
    { "−3.50 €", -350, "EUR", 0 },
    { "-€3.50", -350, "EUR", 0 },
    { "€-3.50", -350, "EUR", 0 },
    { "0 EUR", 0, "EUR", 0 },
    { "0.00 EUR", 0, "EUR", 0 },
    { "12.34", 1234, NULL, 0 },
    { "12", 1200, NULL, 0 },
    { "12.5", 1250, NULL, 0 },
    { "0.05", 5, NULL, 0 },
    { "12.34 eur", 1234, "EUR", 0 },
    { "12.34 usd", 1234, "USD", 0 },
    { "1 000 ₸", 100000, "KZT", 0 },
    { "1000 тг", 100000, "KZT", 0 },
    { "£9.99", 999, "GBP", 0 },
    { "12.34 RUR", 1234, "RUB", 0 },
    { "12.34 CHF", 1234, "CHF", 0 },
    { "1000000000000.00 EUR", G_GINT64_CONSTANT (100000000000000), "EUR", 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      IsplicMoney money = { -1, "XXX", -1 };

      g_test_message ("%s", good[i].text);
      g_assert_true (isplic_money_parse (good[i].text, &money));
      g_assert_cmpint (money.amount, ==, good[i].amount);
      g_assert_cmpstr (money.currency, ==, good[i].currency);
      g_assert_cmpint (money.period, ==, good[i].period);
      /* interned: equal codes are one pointer */
      if (good[i].currency != NULL)
        g_assert_true (money.currency == g_intern_string (good[i].currency));
    }
}

static void
test_parse_garbage (void)
{
  static const char * const garbage[] = {
    "", " ", "EUR", "€", "abc", "12.34 EURO", "12.34 Euro", "12.345.6", "1.2345 EUR",
    "0.001 EUR", "12.3456", "1,23,456.00", "12 34", "1 2345", "12,34,56", "1,234,56",
    "1.234,567", "12.34.56", "12.34 EUR USD", "€12.34 EUR", "EUR 12.34 €", "--3.50", "- -3",
    "3.50-", "12.34 EUR / Fortnight", "12.34 EUR / ", "12.34 EUR / Trial", "12.34 / ",
    ".50", ",50", "12.", "12,", "1e3", "0x10", "NaN", "inf", "12.34abc", "12.34 E", "12.34 EU",
    "12 . 34", "1 234.5 6", "1 234'567", "0,123 EUR", "01,234.00", "99999999999999999999",
    "9999999999999.00", "1000000000000.01 EUR", "123456789012345678901234567890",
    "2026-08-01", "12:30", "\xff\xfe 12", "12.34 \xff", "12\x01", "+-12", "€€12",
    "12.34 € / Year / Month",
  };

  for (guint i = 0; i < G_N_ELEMENTS (garbage); i++)
    {
      IsplicMoney money = { 77, "KEEP", 5 };
      g_autofree char *escaped = g_strescape (garbage[i], NULL);

      g_test_message ("%s", escaped);
      g_assert_false (isplic_money_parse (garbage[i], &money));
      /* untouched on failure */
      g_assert_cmpint (money.amount, ==, 77);
      g_assert_cmpstr (money.currency, ==, "KEEP");
      g_assert_cmpint (money.period, ==, 5);
    }
  g_assert_false (isplic_money_parse (NULL, &(IsplicMoney) { 0 }));

  /* long inputs of every kind end, and fail */
  {
    g_autoptr(GString) text = g_string_new ("1");

    for (guint i = 0; i < 10000; i++)
      g_string_append (text, " 234");
    g_assert_false (isplic_money_parse (text->str, &(IsplicMoney) { 0 }));
  }
}

static void
test_parse_twelve (void)
{
  /* "12" is twelve units, not twelve cents; "12.1" twelve and ten cents */
  IsplicMoney money;

  g_assert_true (isplic_money_parse ("12.1 EUR", &money));
  g_assert_cmpint (money.amount, ==, 1210);
  g_assert_true (isplic_money_parse ("0,1 RUB", &money));
  g_assert_cmpint (money.amount, ==, 10);
}

/* ------------------------------------------------------------------------------------------ */
/* Finding amounts in text                                                                     */

static void
test_find (void)
{
  static const struct { const char *text; gint64 amount; const char *currency; } found[] = {
    { "Total amount: 56.00 EUR", 5600, "EUR" },
    { "Total amount: 56.00 EUR (VAT included).", 5600, "EUR" },
    { "For license 3100001 the amount of 233.33 EUR will be charged.", 23333, "EUR" },
    { "Сумма: 4 500,00 руб.", 450000, "RUB" },
    { "Price: €56.00.", 5600, "EUR" },
    { "costs 12 now", 1200, NULL },
  };
  IsplicMoney money;

  for (guint i = 0; i < G_N_ELEMENTS (found); i++)
    {
      g_test_message ("%s", found[i].text);
      g_assert_true (isplic_money_find (found[i].text, &money));
      g_assert_cmpint (money.amount, ==, found[i].amount);
      g_assert_cmpstr (money.currency, ==, found[i].currency);
    }
  g_assert_false (isplic_money_find ("no amount here", &money));
  g_assert_false (isplic_money_find ("", &money));
  g_assert_false (isplic_money_find (NULL, &money));
  g_assert_false (isplic_money_find ("\xff\xfe", &money));
}

static void
test_html_total (void)
{
  g_autofree char *text = NULL;
  IsplicMoney money;

  text = isplic_html_to_text ("<table><tr><td>Business</td><td>40.00&nbsp;EUR</td></tr>"
                              "<tr><td>Subtotal:</td><td>45.00 EUR</td></tr><tr><td><b>Total "
                              "amount:</b></td><td>56.00&#160;EUR</td></tr></table>"
                              "<p>&lt;b&gt; &amp; \x1b]52;c;AAAA\x07 \u202eevil</p>");
  g_assert_nonnull (text);
  g_test_message ("%s", text);
  g_assert_null (strstr (text, "<t"));
  g_assert_null (strstr (text, "</"));
  g_assert_nonnull (strstr (text, "<b> &"));  /* entities are text */
  g_assert_null (strchr (text, '\x1b'));
  g_assert_null (strchr (text, '\x07'));
  g_assert_null (strstr (text, "\u202e"));
  g_assert_true (isplic_find_total (text, &money));
  g_assert_cmpint (money.amount, ==, 5600);
  g_assert_cmpstr (money.currency, ==, "EUR");

  /* the last total on a line, Russian words, no total at all */
  g_assert_true (isplic_find_total ("Subtotal: 50.00 EUR Total: 40.00 EUR", &money));
  g_assert_cmpint (money.amount, ==, 4000);
  g_assert_true (isplic_find_total ("Лицензия\nИтого: 4 500,00 руб.", &money));
  g_assert_cmpint (money.amount, ==, 450000);
  g_assert_cmpstr (money.currency, ==, "RUB");
  g_assert_true (isplic_find_total ("ВСЕГО К ОПЛАТЕ\nИТОГО 10 €", &money));
  g_assert_cmpint (money.amount, ==, 1000);
  g_assert_false (isplic_find_total ("Business 40.00 EUR", &money));
  g_assert_false (isplic_find_total ("Total: to be calculated", &money));
  g_assert_null (isplic_html_to_text ("<p> </p>"));
  g_assert_null (isplic_html_to_text (NULL));
  g_clear_pointer (&text, g_free);
  text = isplic_html_to_text ("unclosed <b");
  g_assert_cmpstr (text, ==, "unclosed");

  /* a huge line of totals stays fast (bounded look-ahead) */
  {
    g_autoptr(GString) big = g_string_new (NULL);
    gint64 start = g_get_monotonic_time ();

    for (guint i = 0; i < 20000; i++)
      g_string_append (big, "total total 1 2 3 ");
    g_assert_true (isplic_find_total (big->str, &money));
    g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  }
}

static void
test_date_time (void)
{
  g_autoptr(GDateTime) a = isplic_parse_date_time ("2026-03-01 14:05:09");
  g_autoptr(GDateTime) b = isplic_parse_date_time ("2026-03-01");
  g_autoptr(GDateTime) c = isplic_parse_date_time ("2026-03-01T14:05");

  g_assert_nonnull (a);
  g_assert_cmpint (g_date_time_get_hour (a), ==, 14);
  g_assert_cmpint (g_date_time_get_minute (a), ==, 5);
  g_assert_cmpint (g_date_time_get_second (a), ==, 9);
  g_assert_nonnull (b);
  g_assert_cmpint (g_date_time_get_hour (b), ==, 0);
  g_assert_nonnull (c);
  g_assert_cmpint (g_date_time_get_minute (c), ==, 5);
  g_assert_null (isplic_parse_date_time ("2026-03-01 25:00:00"));
  g_assert_null (isplic_parse_date_time ("2026-03-01 14:05:09x"));
  g_assert_null (isplic_parse_date_time ("2026-02-30 10:00:00"));
  g_assert_null (isplic_parse_date_time ("yesterday"));
  g_assert_null (isplic_parse_date_time (NULL));
}

/* ------------------------------------------------------------------------------------------ */
/* Formatting, sums, comparisons                                                               */

static void
test_format (void)
{
  IsplicMoney money = { 123456, g_intern_static_string ("EUR"), 0 };
  g_autofree char *c = NULL;
  g_autofree char *negative = NULL;
  g_autofree char *bare = NULL;
  g_autofree char *monthly = NULL;
  g_autofree char *yearly = NULL;
  g_autofree char *other = NULL;
  const char *saved = setlocale (LC_NUMERIC, NULL);
  g_autofree char *saved_copy = g_strdup (saved);

  setlocale (LC_NUMERIC, "C");
  c = isplic_money_format (&money);
  g_assert_cmpstr (c, ==, "1234.56 EUR");
  negative = isplic_money_format (&(IsplicMoney) { -350, g_intern_static_string ("EUR"), 0 });
  g_assert_cmpstr (negative, ==, "-3.50 EUR");
  bare = isplic_money_format (&(IsplicMoney) { 5, NULL, 0 });
  g_assert_cmpstr (bare, ==, "0.05");
  monthly = isplic_money_format (&(IsplicMoney) { 500, g_intern_static_string ("EUR"), 1 });
  g_assert_cmpstr (monthly, ==, "5.00 EUR per month");
  yearly = isplic_money_format (&(IsplicMoney) { 40000, g_intern_static_string ("EUR"), 12 });
  g_assert_cmpstr (yearly, ==, "400.00 EUR per year");
  other = isplic_money_format (&(IsplicMoney) { 100, g_intern_static_string ("EUR"), 3 });
  g_assert_cmpstr (other, ==, "1.00 EUR per 3 months");

  /* What is formatted reads back the same. */
  for (gint64 amount = -100001; amount < 100001; amount += 997)
    {
      IsplicMoney in = { amount, g_intern_static_string ("RUB"), 0 };
      IsplicMoney out;
      g_autofree char *text = isplic_money_format (&in);

      g_assert_true (isplic_money_parse (text, &out));
      g_assert_cmpint (out.amount, ==, amount);
      g_assert_true (out.currency == in.currency);
    }

  /* With locales the C library has, their grouping and decimal mark, read back exactly. */
  if (setlocale (LC_NUMERIC, "en_US.UTF-8") != NULL)
    {
      g_autofree char *en = isplic_money_format (&money);
      IsplicMoney out;

      g_assert_cmpstr (en, ==, "1,234.56 EUR");
      g_assert_true (isplic_money_parse (en, &out));
      g_assert_cmpint (out.amount, ==, 123456);
    }
  else
    g_test_message ("no en_US.UTF-8 locale");
  if (setlocale (LC_NUMERIC, "ru_RU.UTF-8") != NULL)
    {
      g_autofree char *ru = isplic_money_format (&money);
      IsplicMoney out;

      g_test_message ("ru: %s", ru);
      g_assert_true (g_str_has_suffix (ru, "234,56 EUR"));
      g_assert_true (isplic_money_parse (ru, &out));
      g_assert_cmpint (out.amount, ==, 123456);
    }
  else
    g_test_message ("no ru_RU.UTF-8 locale");
  setlocale (LC_NUMERIC, saved_copy);
}

static void
test_add_compare (void)
{
  IsplicMoney eur = { 1050, g_intern_static_string ("EUR"), 1 };
  IsplicMoney eur2 = { -50, g_intern_static_string ("EUR"), 1 };
  IsplicMoney eur_year = { 100, g_intern_static_string ("EUR"), 12 };
  IsplicMoney rub = { 1050, g_intern_static_string ("RUB"), 1 };
  IsplicMoney none = { 100, NULL, 0 };
  IsplicMoney big = { ISPLIC_MONEY_MAX, g_intern_static_string ("EUR"), 0 };
  IsplicMoney sum = { 0, NULL, 0 };
  int result = 42;

  g_assert_true (isplic_money_add (&eur, &eur2, &sum));
  g_assert_cmpint (sum.amount, ==, 1000);
  g_assert_cmpstr (sum.currency, ==, "EUR");
  g_assert_cmpint (sum.period, ==, 1);
  g_assert_true (isplic_money_add (&sum, &eur_year, &sum));
  g_assert_cmpint (sum.amount, ==, 1100);
  g_assert_cmpint (sum.period, ==, 0);

  sum.amount = 7;
  g_assert_false (isplic_money_add (&eur, &rub, &sum));
  g_assert_false (isplic_money_add (&eur, &none, &sum));
  g_assert_false (isplic_money_add (&big, &eur, &sum));
  g_assert_cmpint (sum.amount, ==, 7);
  g_assert_true (isplic_money_add (&none, &none, &sum));
  g_assert_cmpint (sum.amount, ==, 200);

  g_assert_true (isplic_money_compare (&eur, &eur2, &result));
  g_assert_cmpint (result, >, 0);
  g_assert_true (isplic_money_compare (&eur2, &eur, &result));
  g_assert_cmpint (result, <, 0);
  g_assert_true (isplic_money_compare (&eur, &eur, &result));
  g_assert_cmpint (result, ==, 0);
  result = 42;
  g_assert_false (isplic_money_compare (&eur, &rub, &result));
  g_assert_false (isplic_money_compare (&eur, &none, &result));
  g_assert_cmpint (result, ==, 42);
}

static void
test_boxed (void)
{
  IsplicMoney money = { 500, g_intern_static_string ("EUR"), 12 };
  g_autoptr(IsplicMoney) copy = g_boxed_copy (ISPLIC_TYPE_MONEY, &money);
  GValue value = G_VALUE_INIT;

  g_assert_cmpint (copy->amount, ==, 500);
  g_assert_cmpint (copy->period, ==, 12);
  g_value_init (&value, ISPLIC_TYPE_MONEY);
  g_value_set_boxed (&value, &money);
  g_assert_cmpint (((IsplicMoney *) g_value_get_boxed (&value))->amount, ==, 500);
  g_value_unset (&value);
  g_assert_null (isplic_money_copy (NULL));
}

static void
test_license_cost (void)
{
  g_autoptr(IsplicLicense) license = isplic_license_new ("3100001");
  IsplicMoney money = { 0 };

  g_assert_false (isplic_license_get_cost_money (license, &money));
  isplic_license_set_cost (license, "500.00 RUB / Month");
  g_assert_true (isplic_license_get_cost_money (license, &money));
  g_assert_cmpint (money.amount, ==, 50000);
  g_assert_cmpstr (money.currency, ==, "RUB");
  g_assert_cmpint (money.period, ==, 1);
  /* the text's period wins; without one, the license's */
  isplic_license_set_period (license, 12);
  g_assert_true (isplic_license_get_cost_money (license, &money));
  g_assert_cmpint (money.period, ==, 1);
  isplic_license_set_cost (license, "400.00 EUR");
  g_assert_true (isplic_license_get_cost_money (license, &money));
  g_assert_cmpint (money.period, ==, 12);
  /* the text stays as it was */
  g_assert_cmpstr (isplic_license_get_cost (license), ==, "400.00 EUR");
  isplic_license_set_cost (license, "free");
  g_assert_false (isplic_license_get_cost_money (license, &money));
}

/* ------------------------------------------------------------------------------------------ */
/* The §10 answers                                                                             */

static char *
fixture (const char *name)
{
  char *text = isplic_test_read_data (name);

  g_assert_nonnull (text);
  return text;
}

static void
assert_money (const IsplicMoney *money,
              gint64             amount,
              const char        *currency,
              int                period)
{
  g_assert_nonnull (money);
  g_assert_cmpint (money->amount, ==, amount);
  g_assert_cmpstr (money->currency, ==, currency);
  g_assert_cmpint (money->period, ==, period);
}

static void
test_parse_balance (void)
{
  g_autofree char *dashboard = fixture ("money-dashboard.json");
  g_autofree char *notify = fixture ("money-notify.json");
  g_autofree char *credit_text = fixture ("money-credit.json");
  g_autofree char *missed = fixture ("money-missed.json");
  g_autoptr(IsplicBalance) a = NULL;
  g_autoptr(IsplicBalance) b = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree IsplicMoney *credit = NULL;
  g_autofree IsplicMoney *available = NULL;

  a = isplic_parse_balance (dashboard, -1, &error);
  g_assert_no_error (error);
  assert_money (&a->balance, 12000, "EUR", 0);
  g_assert_null (a->credit_limit);
  b = isplic_parse_balance (notify, -1, &error);
  g_assert_no_error (error);
  assert_money (&b->balance, 123456, "RUB", 0);

  g_assert_true (isplic_parse_credit (credit_text, -1, &credit, &available, &error));
  assert_money (credit, 5000, "EUR", 0);
  assert_money (available, 3000, "EUR", 0);

  g_assert_null (isplic_parse_balance (missed, -1, &error));
  g_assert_error (error, ISPLIC_BILLMGR_ERROR, ISPLIC_BILLMGR_ERROR_MISSED);
  g_clear_error (&error);
  g_assert_null (isplic_parse_balance ("{\"doc\":{\"realbalance\":{\"$\":\"lots\"}}}", -1,
                                       &error));
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_MALFORMED);
}

static void
test_parse_prices (void)
{
  g_autofree char *text = fixture ("money-pricelist.json");
  g_autofree char *one = fixture ("money-pricelist-one.json");
  g_autoptr(GPtrArray) prices = NULL;
  g_autoptr(GError) error = NULL;
  IsplicPrice *lite;
  IsplicPrice *business;
  IsplicPrice *old;
  IsplicPrice *nodes;

  prices = isplic_parse_prices (text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (prices->len, ==, 3);  /* the row without an id is left out */
  lite = g_ptr_array_index (prices, 0);
  g_assert_cmpstr (lite->id, ==, "55227");
  g_assert_cmpstr (lite->name, ==, "ispmanager 6 Lite");
  g_assert_true (lite->available);
  g_assert_cmpuint (lite->prices->len, ==, 2);  /* the day price is not a period */
  assert_money (isplic_price_get (lite, 1), 600, "EUR", 1);
  assert_money (isplic_price_get (lite, 12), 6000, "EUR", 12);
  g_assert_null (isplic_price_get (lite, 3));
  g_assert_cmpuint (lite->addons->len, ==, 0);

  business = g_ptr_array_index (prices, 1);
  assert_money (isplic_price_get (business, 12), 40000, "EUR", 12);  /* "978", month × 12 */
  g_assert_cmpuint (business->addons->len, ==, 1);
  nodes = g_ptr_array_index (business->addons, 0);
  g_assert_cmpstr (nodes->id, ==, "55236");
  g_assert_cmpstr (nodes->name, ==, "nodes");
  g_assert_cmpint (nodes->min, ==, 1);
  g_assert_cmpint (nodes->max, ==, 100);
  g_assert_cmpstr (nodes->measure, ==, "unit");
  g_assert_null (nodes->addons);
  assert_money (isplic_price_get (nodes, 1), 250, "EUR", 1);

  old = g_ptr_array_index (prices, 2);
  g_assert_false (old->available);
  g_assert_cmpuint (old->prices->len, ==, 0);

  g_clear_pointer (&prices, g_ptr_array_unref);
  prices = isplic_parse_prices (one, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (prices->len, ==, 1);
  assert_money (isplic_price_get (g_ptr_array_index (prices, 0), 1), 1200, "EUR", 1);

  g_clear_pointer (&prices, g_ptr_array_unref);
  g_assert_null (isplic_parse_prices ("{\"doc\":{}}", -1, &error));
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_MALFORMED);
}

static void
test_parse_quotes (void)
{
  g_autofree char *order = fixture ("money-order-quote.json");
  g_autofree char *order_ru = fixture ("money-order-quote-ru.json");
  g_autoptr(IsplicQuote) quote = NULL;
  g_autoptr(IsplicQuote) quote_ru = NULL;
  g_autoptr(IsplicQuote) empty = NULL;
  g_autoptr(GError) error = NULL;

  quote = isplic_parse_quote (order, -1, &error);
  g_assert_no_error (error);
  assert_money (quote->total, 5600, "EUR", 0);
  g_assert_nonnull (strstr (quote->text, "Total amount: 56.00"));
  g_assert_cmpuint (quote->periods->len, ==, 2);  /* the trial option is no period */
  assert_money (&g_array_index (quote->periods, IsplicMoney, 0), 5600, "EUR", 1);
  assert_money (&g_array_index (quote->periods, IsplicMoney, 1), 56000, "EUR", 12);

  quote_ru = isplic_parse_quote (order_ru, -1, &error);
  g_assert_no_error (error);
  assert_money (quote_ru->total, 450000, "RUB", 0);
  g_assert_cmpuint (quote_ru->periods->len, ==, 1);
  assert_money (&g_array_index (quote_ru->periods, IsplicMoney, 0), 450000, "RUB", 12);

  empty = isplic_parse_quote ("{\"doc\":{\"orderinfo\":{}}}", -1, &error);
  g_assert_no_error (error);
  g_assert_null (empty->total);
  g_assert_null (empty->text);
}

static void
test_parse_renewal (void)
{
  g_autofree char *one = fixture ("money-prolong-quote.json");
  g_autofree char *group = fixture ("money-group-prolong.json");
  g_autofree char *old_form = fixture ("prolong-preview.json");
  g_autoptr(IsplicRenewalQuote) a = NULL;
  g_autoptr(IsplicRenewalQuote) b = NULL;
  g_autoptr(IsplicRenewalQuote) c = NULL;
  g_autoptr(GError) error = NULL;
  IsplicRenewalItem *item;
  g_autofree char *date = NULL;

  a = isplic_parse_renewal_quote (one, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (a->items->len, ==, 1);
  item = g_ptr_array_index (a->items, 0);
  g_assert_cmpstr (item->id, ==, "3100001");
  date = isplic_date_format (item->new_expiry);
  g_assert_cmpstr (date, ==, "2027-08-01");
  g_clear_pointer (&date, g_free);
  date = isplic_date_format (item->expiry);
  g_assert_cmpstr (date, ==, "2026-08-01");
  g_clear_pointer (&date, g_free);
  assert_money (item->cost, 6000, "EUR", 0);
  assert_money (a->total, 6000, "EUR", 0);

  b = isplic_parse_renewal_quote (group, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (b->items->len, ==, 2);
  item = g_ptr_array_index (b->items, 1);
  g_assert_cmpstr (item->id, ==, "3100002");
  date = isplic_date_format (item->expiry);
  g_assert_cmpstr (date, ==, "2026-09-15");
  g_clear_pointer (&date, g_free);
  assert_money (item->cost, 40000, "EUR", 12);
  assert_money (b->total, 46000, "EUR", 0);

  /* one license priced only in orderinfo: that is its cost */
  {
    g_autoptr(IsplicRenewalQuote) d = isplic_parse_renewal_quote (
      "{\"doc\":{\"newexpiredate\":{\"$\":\"2027-01-01\"},"
      "\"orderinfo\":{\"$\":\"<p>Total: 6.00 EUR</p>\"}}}", -1, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (d->items->len, ==, 1);
    assert_money (d->total, 600, "EUR", 0);
    assert_money (((IsplicRenewalItem *) g_ptr_array_index (d->items, 0))->cost, 600, "EUR", 0);
  }

  /* the old preview fixture: dates, no cost */
  c = isplic_parse_renewal_quote (old_form, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (c->items->len, ==, 1);
  item = g_ptr_array_index (c->items, 0);
  g_assert_nonnull (item->new_expiry);
  g_assert_null (item->cost);
  g_assert_null (c->total);
}

static void
test_parse_tariff_quote (void)
{
  g_autofree char *text = fixture ("money-changepricelist.json");
  g_autoptr(IsplicTariffQuote) quote = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *date = NULL;

  quote = isplic_parse_tariff_quote (text, -1, &error);
  g_assert_no_error (error);
  assert_money (quote->old_price, 5000, "EUR", 12);
  assert_money (quote->new_price, 40000, "EUR", 12);
  g_assert_cmpstr (quote->old_tariff, ==, "ispmanager 6 Lite");
  g_assert_cmpstr (quote->new_tariff, ==, "ispmanager 6 Business");
  date = isplic_date_format (quote->new_expiry);
  g_assert_cmpstr (date, ==, "2026-08-01");
  g_assert_nonnull (quote->old_expiry);
  /* the license number in the sentence is not the charge */
  assert_money (quote->charge, 23333, "EUR", 0);
  g_assert_null (strchr (quote->money_info, '<'));
}

static void
test_parse_cart (void)
{
  g_autofree char *text = fixture ("money-basket.json");
  g_autoptr(IsplicCart) cart = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  IsplicCartItem *item;

  cart = isplic_parse_basket (text, -1, &error);
  g_assert_no_error (error);
  assert_money (cart->total, 46000, "EUR", 0);
  g_assert_cmpstr (cart->billorder, ==, "777");
  g_assert_cmpuint (cart->items->len, ==, 2);
  item = g_ptr_array_index (cart->items, 0);
  g_assert_cmpstr (item->id, ==, "901");
  g_assert_cmpstr (item->type, ==, "soft");
  g_assert_cmpint (item->period, ==, 12);
  assert_money (item->cost, 6000, "EUR", 0);
  g_assert_cmpstr (item->ip, ==, "203.0.113.10");
  g_assert_cmpstr (item->name, ==, "web-01");
  item = g_ptr_array_index (cart->items, 1);
  g_assert_cmpstr (item->id, ==, "902");
  g_assert_cmpint (item->period, ==, 12);
  g_assert_nonnull (strstr (item->text, "203.0.113.11"));

  /* the old entry point still gives the items */
  items = isplic_parse_cart (text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 2);
}

static void
test_parse_history (void)
{
  g_autofree char *text = fixture ("money-history.json");
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  IsplicHistoryEntry *entry;
  gint64 total;

  entries = isplic_parse_history (text, -1, &total, &error);
  g_assert_no_error (error);
  g_assert_cmpint (total, ==, 3);
  g_assert_cmpuint (entries->len, ==, 3);
  entry = g_ptr_array_index (entries, 0);
  g_assert_cmpint (g_date_time_get_hour (entry->date), ==, 14);
  g_assert_cmpint (g_date_time_get_second (entry->date), ==, 9);
  g_assert_cmpstr (entry->desc, ==, "Auto-renewal period is set to Month");
  g_assert_cmpstr (entry->user, ==, "reseller@example.com");
  g_assert_cmpstr (entry->ip, ==, "198.51.100.7");
  entry = g_ptr_array_index (entries, 1);
  g_assert_cmpint (g_date_time_get_day_of_month (entry->date), ==, 28);
  g_assert_null (entry->ip);
  entry = g_ptr_array_index (entries, 2);
  g_assert_null (entry->date);
  g_assert_cmpstr (entry->desc, ==, "Odd date");

  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = isplic_parse_history ("{\"doc\":{}}", -1, &total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 0);
  g_assert_cmpint (total, ==, -1);
}

/* Every parser on every fixture and on garbage: an answer or an error, never both, never a
 * crash. */
static void
test_parsers_any_input (void)
{
  static const char * const inputs[] = {
    "", "x", "{}", "[]", "{\"doc\":[]}", "{\"doc\":{\"pricelist\":\"x\"}}",
    "{\"doc\":{\"pricelist\":[1,2,{\"id\":{}}]}}", "{\"doc\":{\"elem\":[[],1,\"a\"]}}",
    "{\"doc\":{\"orderinfo\":{\"$\":\"<<<>>>&#99999999;&#x110000;&#0;Total\"}}}",
    "{\"doc\":{\"slist\":{\"$name\":\"period\",\"val\":[null,{\"$key\":{}}]}}}",
    "{\"doc\":{\"error\":{\"$type\":\"access\"}}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 total;
      IsplicMoney *credit = NULL;
      IsplicMoney *available = NULL;

#define CHECK(expr, free_func)                                     \
      G_STMT_START {                                               \
        gpointer result = (expr);                                  \
        g_assert_true ((result == NULL) == (error != NULL));       \
        g_clear_pointer (&result, free_func);                      \
        g_clear_error (&error);                                    \
      } G_STMT_END
      CHECK (isplic_parse_balance (inputs[i], -1, &error), isplic_balance_free);
      CHECK (isplic_parse_prices (inputs[i], -1, &error), g_ptr_array_unref);
      CHECK (isplic_parse_quote (inputs[i], -1, &error), isplic_quote_free);
      CHECK (isplic_parse_renewal_quote (inputs[i], -1, &error), isplic_renewal_quote_free);
      CHECK (isplic_parse_tariff_quote (inputs[i], -1, &error), isplic_tariff_quote_free);
      CHECK (isplic_parse_basket (inputs[i], -1, &error), isplic_cart_free);
      CHECK (isplic_parse_history (inputs[i], -1, &total, &error), g_ptr_array_unref);
#undef CHECK
      if (isplic_parse_credit (inputs[i], -1, &credit, &available, &error))
        g_assert_no_error (error);
      g_free (credit);
      g_free (available);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/money/parse/good", test_parse_good);
  g_test_add_func ("/money/parse/garbage", test_parse_garbage);
  g_test_add_func ("/money/parse/units", test_parse_twelve);
  g_test_add_func ("/money/find", test_find);
  g_test_add_func ("/money/html-total", test_html_total);
  g_test_add_func ("/money/date-time", test_date_time);
  g_test_add_func ("/money/format", test_format);
  g_test_add_func ("/money/add-compare", test_add_compare);
  g_test_add_func ("/money/boxed", test_boxed);
  g_test_add_func ("/money/license-cost", test_license_cost);
  g_test_add_func ("/money/answers/balance", test_parse_balance);
  g_test_add_func ("/money/answers/prices", test_parse_prices);
  g_test_add_func ("/money/answers/quotes", test_parse_quotes);
  g_test_add_func ("/money/answers/renewal", test_parse_renewal);
  g_test_add_func ("/money/answers/tariff", test_parse_tariff_quote);
  g_test_add_func ("/money/answers/cart", test_parse_cart);
  g_test_add_func ("/money/answers/history", test_parse_history);
  g_test_add_func ("/money/answers/any-input", test_parsers_any_input);

  return g_test_run ();
}
