/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * libFuzzer target for the billmgr response parser: every parser entry point gets the same
 * bytes. Build with -Dfuzzing=true and CC=clang; run e.g.
 *   _build-fuzz/tests/fuzz/fuzz-parse -max_total_time=30 tests/fuzz/corpus
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "isplic-client-private.h"
#include "isplic-util.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  /* A critical or warning from the parser is a bug: make it a crash the fuzzer reports. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  g_setenv ("TZ", "UTC", TRUE);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *text = (const char *) data;
  g_autofree char *copy = g_strndup (text, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(IsplicLicense) details = NULL;
  g_autoptr(GDateTime) expiry = NULL;
  g_autoptr(GDateTime) date = NULL;
  g_autofree char *id = NULL;
  g_autofree char *billorder = NULL;
  g_autofree char *key = NULL;
  gint64 total;

  if (size > G_MAXSSIZE)
    return 0;

  list = isplic_parse_license_list (text, (gssize) size, &total, &error);
  g_assert ((list == NULL) == (error != NULL));
  g_clear_error (&error);

  details = isplic_parse_license_details (text, (gssize) size, "1", &error);
  g_assert ((details == NULL) == (error != NULL));
  g_clear_error (&error);

  if (isplic_parse_order (text, (gssize) size, size % 2 == 0, &id, &billorder, &error))
    g_assert_no_error (error);
  g_clear_error (&error);

  if (isplic_parse_prolong (text, (gssize) size, size % 3 == 0, &expiry, &error))
    g_assert_no_error (error);
  g_clear_error (&error);

  {
    g_autoptr(GPtrArray) cart = isplic_parse_cart (text, (gssize) size, &error);
    g_assert ((cart == NULL) == (error != NULL));
    g_clear_error (&error);
  }

  key = isplic_parse_new_key (text, (gssize) size, &error);
  g_assert ((key == NULL) == (error != NULL));
  g_clear_error (&error);

  if (!isplic_parse_ok (text, (gssize) size, &error))
    {
      /* Every failure carries a message fit for a person. */
      g_assert_nonnull (error);
      g_assert_true (error->message != NULL && g_utf8_validate (error->message, -1, NULL));
    }
  g_clear_error (&error);

  /* The money answers (issue 8). */
  {
    g_autoptr(IsplicBalance) balance = isplic_parse_balance (text, (gssize) size, &error);
    g_assert ((balance == NULL) == (error != NULL));
    g_clear_error (&error);
  }
  {
    g_autofree IsplicMoney *credit = NULL;
    g_autofree IsplicMoney *available = NULL;

    if (isplic_parse_credit (text, (gssize) size, &credit, &available, &error))
      g_assert_no_error (error);
    g_clear_error (&error);
  }
  {
    g_autoptr(GPtrArray) prices = isplic_parse_prices (text, (gssize) size, &error);
    g_assert ((prices == NULL) == (error != NULL));
    g_clear_error (&error);
  }
  {
    g_autoptr(IsplicQuote) quote = isplic_parse_quote (text, (gssize) size, &error);
    g_assert ((quote == NULL) == (error != NULL));
    g_clear_error (&error);
  }
  {
    g_autoptr(IsplicRenewalQuote) quote = isplic_parse_renewal_quote (text, (gssize) size,
                                                                      &error);
    g_assert ((quote == NULL) == (error != NULL));
    g_clear_error (&error);
  }
  {
    g_autoptr(IsplicTariffQuote) quote = isplic_parse_tariff_quote (text, (gssize) size, &error);
    g_assert ((quote == NULL) == (error != NULL));
    g_clear_error (&error);
  }
  {
    g_autoptr(IsplicCart) basket = isplic_parse_basket (text, (gssize) size, &error);
    g_assert ((basket == NULL) == (error != NULL));
    g_clear_error (&error);
  }
  {
    g_autoptr(GPtrArray) history = isplic_parse_history (text, (gssize) size, &total, &error);
    g_assert ((history == NULL) == (error != NULL));
    g_clear_error (&error);
  }

  /* The small value parsers take NUL-terminated text. */
  (void) isplic_parse_period (copy);
  (void) isplic_parse_auto_renew (copy);
  (void) isplic_ip_is_valid (copy);
  date = isplic_date_parse (copy);
  {
    IsplicMoney money;
    g_autoptr(GDateTime) moment = isplic_parse_date_time (copy);
    g_autofree char *plain = isplic_html_to_text (copy);

    /* whatever the text, the plain form is valid UTF-8 and a date is a real date */
    g_assert (plain == NULL || g_utf8_validate (plain, -1, NULL));
    g_assert (moment == NULL || g_date_time_get_year (moment) >= 1);

    if (isplic_money_parse (copy, &money))
      {
        /* what is read formats and reads back the same (in the fuzzer's C locale) */
        g_autofree char *formatted = isplic_money_format_amount (&money);
        IsplicMoney again;

        g_assert (money.amount >= -ISPLIC_MONEY_MAX && money.amount <= ISPLIC_MONEY_MAX);
        g_assert (isplic_money_parse (formatted, &again));
        g_assert (again.amount == money.amount && again.currency == money.currency);
      }
    (void) isplic_money_find (copy, &money);
    (void) isplic_find_total (copy, &money);
  }

  return 0;
}
