/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "isplic-license.h"

G_BEGIN_DECLS

/**
 * IsplicMoney:
 * @amount: the amount in hundredths of the currency unit (cents, kopecks, tiyn): 1234 is 12.34.
 *   Every currency billmgr uses for licenses (EUR, USD, RUB, KZT, GBP) has two decimals; the
 *   scale is the same for all.
 * @currency: the ISO 4217 code ("EUR"), an interned string (g_intern_string(): never freed,
 *   comparable by pointer), or NULL when the text named no currency.
 * @period: what the amount buys, in months: 0 none (a one-off charge, a balance), 1 per month,
 *   12 per year (another number of months when the server says so).
 *
 * A plain value: copy it with `=`, nothing to free. Never a float. A boxed type too
 * (ISPLIC_TYPE_MONEY, isplic_money_copy()/isplic_money_free() on the heap) for GValues.
 */
typedef struct {
  gint64      amount;
  const char *currency;
  int         period;
} IsplicMoney;

/* The largest absolute amount accepted, in hundredths: far above any account, far below
 * overflow when several are added. */
#define ISPLIC_MONEY_MAX (G_GINT64_CONSTANT (100000000000000))

#define ISPLIC_TYPE_MONEY (isplic_money_get_type ())
GType        isplic_money_get_type (void) G_GNUC_CONST;
/* (transfer full) a copy on the heap; NULL for NULL. */
IsplicMoney *isplic_money_copy     (const IsplicMoney *money);
void         isplic_money_free     (IsplicMoney       *money);

/*
 * Parses billmgr's formatted amounts, exactly:
 *   "12.34 EUR", "12.34 €", "€12.34", "€ 12.34", "-3.50 EUR", "−3.50 €", "0 EUR", "12.34" (no
 *   currency: @currency NULL), "1 234,56 RUB" (space, no-break space U+00A0, thin spaces
 *   U+2009/U+202F or "'" between thousands; comma as the decimal mark), "1,234.56 USD",
 *   "400.00 EUR / Year", "5.00 EUR / Month", "500.00 RUB / Месяц", "12 руб.".
 * Currencies: three-letter codes (any case for EUR, USD, RUB, KZT, GBP; other codes in upper
 * case), symbols € $ ₽ ₸ £, "руб." / "руб" / "р." for RUB, "тг" for KZT.
 * Decimal mark: the last "." or "," followed by one or two digits. A mark followed by exactly
 * three digits groups thousands ("1,234" is 1234.00), and groups must then be of three digits.
 * Refused (FALSE, *out untouched): no digits, more than two decimals ("1.2345", "0.001"), two
 * currencies, anything else around the amount, absolute values above ISPLIC_MONEY_MAX.
 * The period after "/" (or "per") is read like a license's period ("Month", "Year", "год"…);
 * an unreadable period refuses the whole text.
 */
gboolean     isplic_money_parse    (const char  *text,
                                    IsplicMoney *out);

/* Finds the first amount in free text (a sentence, an HTML fragment already reduced to text):
 * the longest run of words that isplic_money_parse() accepts and that holds a digit, e.g.
 * "Total amount: 56.00 EUR (VAT incl.)" → 56.00 EUR. FALSE when there is none. */
gboolean     isplic_money_find     (const char  *text,
                                    IsplicMoney *out);

/* The amount for a person, in the current locale's digits grouping and decimal mark (from the C
 * library: "1,234.56" in en_US, "1 234,56" in ru_RU, "1234.56" in C), then the currency code
 * ("1,234.56 EUR"; no code when unknown), then the period translated ("… per month",
 * "… per year", "… per 3 months"). (transfer full) */
char        *isplic_money_format   (const IsplicMoney *money);
/* The same without the period. (transfer full) */
char        *isplic_money_format_amount (const IsplicMoney *money);

/* @a + @b into *out: TRUE only when both have the same currency (two NULL currencies are the
 * same; a NULL and a code are not) and the sum stays within ±ISPLIC_MONEY_MAX; else FALSE and
 * *out untouched. The sum keeps the period when both have the same, else 0. @out may be @a. */
gboolean     isplic_money_add      (const IsplicMoney *a,
                                    const IsplicMoney *b,
                                    IsplicMoney       *out);
/* Compares the amounts: *result (nullable) is <0, 0 or >0 as @a is less than, equal to or more
 * than @b. FALSE (and *result untouched) when the currencies differ as for isplic_money_add():
 * amounts in different currencies are never compared. The period is not compared. */
gboolean     isplic_money_compare  (const IsplicMoney *a,
                                    const IsplicMoney *b,
                                    int               *result);

/* The license's "cost" property (billmgr's text, e.g. "500.00 RUB / Month") as money. When the
 * text names no period, the license's own period (1 or 12 months) is taken. FALSE when there is
 * no cost or it cannot be read (the text stays available from isplic_license_get_cost()). */
gboolean     isplic_license_get_cost_money (IsplicLicense *license,
                                            IsplicMoney   *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsplicMoney, isplic_money_free)

G_END_DECLS
