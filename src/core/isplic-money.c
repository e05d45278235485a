/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * Money as billmgr writes it ("1 234,56 RUB / Month") read into integer hundredths and a
 * currency code, and written back for a person. No floating point anywhere.
 */

#include "config.h"

#include <langinfo.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "isplic-client-private.h"
#include "isplic-license-private.h"
#include "isplic-money.h"

G_DEFINE_BOXED_TYPE (IsplicMoney, isplic_money, isplic_money_copy, isplic_money_free)

IsplicMoney *
isplic_money_copy (const IsplicMoney *money)
{
  if (money == NULL)
    return NULL;
  return g_memdup2 (money, sizeof *money);
}

void
isplic_money_free (IsplicMoney *money)
{
  g_free (money);
}

/* Spaces that may stand around or inside an amount. Returns the length of the space at @p, or
 * 0. */
static gsize
space_at (const char *p)
{
  gunichar c;

  if (*p == ' ' || *p == '\t')
    return 1;
  if ((guchar) *p < 0x80)
    return 0;
  c = g_utf8_get_char_validated (p, -1);
  if (c == 0x00A0 || c == 0x2009 || c == 0x202F || c == 0x2007 || c == 0x2008)
    return g_utf8_next_char (p) - p;
  return 0;
}

static const char *
skip_spaces (const char *p)
{
  gsize n;

  while ((n = space_at (p)) > 0)
    p += n;
  return p;
}

typedef struct
{
  const char *text;
  const char *code;
} CurrencyWord;

/* Symbols and words, longest first where one is a prefix of another. */
static const CurrencyWord currency_words[] = {
  { "€", "EUR" }, { "$", "USD" }, { "₽", "RUB" }, { "₸", "KZT" }, { "£", "GBP" },
  { "руб.", "RUB" }, { "руб", "RUB" }, { "Руб.", "RUB" }, { "Руб", "RUB" }, { "р.", "RUB" },
  { "тг.", "KZT" }, { "тг", "KZT" },
};

/* Codes accepted in any case; RUR is the old code of the rouble. */
static const CurrencyWord currency_codes[] = {
  { "EUR", "EUR" }, { "USD", "USD" }, { "RUB", "RUB" }, { "RUR", "RUB" }, { "KZT", "KZT" },
  { "GBP", "GBP" },
};

static gboolean
is_letter_at (const char *p)
{
  gunichar c;

  if (*p == '\0')
    return FALSE;
  c = g_utf8_get_char_validated (p, -1);
  return c != (gunichar) -1 && c != (gunichar) -2 && g_unichar_isalpha (c);
}

/* A currency at @p: sets *code (interned) and returns its length, or 0. */
static gsize
currency_at (const char  *p,
             const char **code)
{
  for (guint i = 0; i < G_N_ELEMENTS (currency_words); i++)
    {
      gsize n = strlen (currency_words[i].text);

      if (strncmp (p, currency_words[i].text, n) == 0 &&
          (currency_words[i].text[n - 1] == '.' || !is_letter_at (p + n)))
        {
          *code = g_intern_static_string (currency_words[i].code);
          return n;
        }
    }
  if (g_ascii_isalpha (p[0]) && g_ascii_isalpha (p[1]) && g_ascii_isalpha (p[2]) &&
      !is_letter_at (p + 3))
    {
      char upper[4] = { g_ascii_toupper (p[0]), g_ascii_toupper (p[1]),
                        g_ascii_toupper (p[2]), '\0' };

      for (guint i = 0; i < G_N_ELEMENTS (currency_codes); i++)
        if (strcmp (upper, currency_codes[i].text) == 0)
          {
            *code = g_intern_static_string (currency_codes[i].code);
            return 3;
          }
      if (g_ascii_isupper (p[0]) && g_ascii_isupper (p[1]) && g_ascii_isupper (p[2]))
        {
          *code = g_intern_string (upper);
          return 3;
        }
    }
  return 0;
}

/* A minus sign at @p: its length, or 0. */
static gsize
minus_at (const char *p)
{
  if (*p == '-')
    return 1;
  if (strncmp (p, "−", strlen ("−")) == 0)
    return strlen ("−");
  return 0;
}

/* A grouping or decimal separator at @p that is followed by a digit: its length, or 0. The
 * first byte goes to *kind (a space of any sort is ' '). */
static gsize
separator_at (const char *p,
              char       *kind)
{
  gsize n;

  if (*p == '.' || *p == ',' || *p == '\'')
    n = 1;
  else
    n = space_at (p);
  if (n == 0 || !g_ascii_isdigit (p[n]))
    return 0;
  *kind = *p == '.' || *p == ',' || *p == '\'' ? *p : ' ';
  return n;
}

/* Reads the number at *p into hundredths, advancing *p. */
static gboolean
read_number (const char **p,
             gint64      *out)
{
  const char *s = *p;
  char kinds[64];
  guint digits[65];
  guint n_seps = 0;
  gint64 value = 0;
  guint fraction = 0;
  int decimal = -1;
  char group_kind = 0;

  if (!g_ascii_isdigit (*s))
    return FALSE;
  digits[0] = 0;
  for (;;)
    {
      char kind;
      gsize n;

      if (g_ascii_isdigit (*s))
        {
          digits[n_seps]++;
          if (digits[n_seps] > 20)
            return FALSE;
          s++;
          continue;
        }
      n = separator_at (s, &kind);
      if (n == 0)
        break;
      if (n_seps + 1 >= G_N_ELEMENTS (kinds))
        return FALSE;
      kinds[n_seps++] = kind;
      digits[n_seps] = 0;
      s += n;
    }

  /* The last "." or "," before one or two digits is the decimal mark. */
  if (n_seps > 0 && (kinds[n_seps - 1] == '.' || kinds[n_seps - 1] == ',') &&
      digits[n_seps] <= 2)
    decimal = (int) n_seps - 1;
  for (guint i = 0; i < n_seps; i++)
    {
      if ((int) i == decimal)
        continue;
      /* groups of three, all with the same separator, not the decimal mark's */
      if (digits[i + 1] != 3 || (group_kind != 0 && kinds[i] != group_kind) ||
          (decimal >= 0 && kinds[i] == kinds[decimal]))
        return FALSE;
      group_kind = kinds[i];
    }
  if (group_kind != 0 && (digits[0] > 3 || **p == '0'))
    return FALSE;

  /* The digits again, now that their meaning is known. */
  {
    guint seg = 0;
    const char *q = *p;

    while (q < s)
      {
        char kind;
        gsize n;

        if (g_ascii_isdigit (*q))
          {
            int d = *q - '0';

            if (decimal >= 0 && (int) seg > decimal)
              {
                fraction++;
                value = value * 10 + d;
              }
            else
              {
                value = value * 10 + d;
                if (value > ISPLIC_MONEY_MAX)
                  return FALSE;
              }
            q++;
            continue;
          }
        n = separator_at (q, &kind);
        g_assert (n > 0);
        q += n;
        seg++;
      }
  }
  for (; fraction < 2; fraction++)
    value *= 10;
  if (value > ISPLIC_MONEY_MAX)
    return FALSE;

  *out = value;
  *p = s;
  return TRUE;
}

/* The period after "/": months, or 0 when unreadable. */
static int
read_period (const char *text)
{
  int months;

  if (strchr (text, '/') != NULL)
    return 0;
  months = isplic_parse_period (text);

  return months > 0 ? months : 0;
}

gboolean
isplic_money_parse (const char  *text,
                    IsplicMoney *out)
{
  const char *p;
  const char *slash;
  const char *end;
  const char *currency = NULL;
  g_autofree char *amount_text = NULL;
  gboolean negative = FALSE;
  gint64 value;
  int period = 0;
  gsize n;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return FALSE;

  slash = strchr (text, '/');
  if (slash != NULL)
    {
      period = read_period (slash + 1);
      if (period == 0)
        return FALSE;
      amount_text = g_strndup (text, slash - text);
    }
  else
    amount_text = g_strdup (text);

  p = skip_spaces (amount_text);
  if ((n = minus_at (p)) > 0)
    {
      negative = TRUE;
      p = skip_spaces (p + n);
    }
  if ((n = currency_at (p, &currency)) > 0)
    p = skip_spaces (p + n);
  if (!negative && (n = minus_at (p)) > 0)
    {
      negative = TRUE;
      p += n;
    }
  if (!read_number (&p, &value))
    return FALSE;
  p = skip_spaces (p);
  if (currency == NULL && (n = currency_at (p, &currency)) > 0)
    p = skip_spaces (p + n);
  end = p;
  if (*end != '\0')
    return FALSE;

  out->amount = negative ? -value : value;
  out->currency = currency;
  out->period = period;
  return TRUE;
}

static gboolean
has_digit (const char *text)
{
  for (; *text != '\0'; text++)
    if (g_ascii_isdigit (*text))
      return TRUE;
  return FALSE;
}

/* Tries @words[first..last] joined by spaces, then without trailing or leading punctuation. */
static gboolean
try_words (char        **words,
           guint         first,
           guint         last,
           IsplicMoney  *out)
{
  g_autofree char *joined = NULL;
  char *start;
  char *end;

  {
    g_autoptr(GString) s = g_string_new (NULL);

    for (guint i = first; i <= last; i++)
      {
        if (i > first)
          g_string_append_c (s, ' ');
        g_string_append (s, words[i]);
      }
    joined = g_string_free (g_steal_pointer (&s), FALSE);
  }
  if (!has_digit (joined))
    return FALSE;
  if (isplic_money_parse (joined, out))
    return TRUE;

  start = joined;
  while (*start != '\0' && strchr ("(:[\"«", *start) != NULL)
    start++;
  end = start + strlen (start);
  while (end > start && strchr (".,;:!?)]\"»", end[-1]) != NULL)
    end--;
  *end = '\0';
  return *start != '\0' && isplic_money_parse (start, out);
}

/* Splits at spaces of any sort. (transfer full) */
static char **
split_words (const char *text)
{
  GPtrArray *words = g_ptr_array_new ();
  const char *p = text;

  for (;;)
    {
      const char *start;

      p = skip_spaces (p);
      while (*p == '\n' || *p == '\r')
        p = skip_spaces (p + 1);
      if (*p == '\0')
        break;
      start = p;
      while (*p != '\0' && *p != '\n' && *p != '\r' && space_at (p) == 0)
        p = g_utf8_next_char (p);
      g_ptr_array_add (words, g_strndup (start, p - start));
    }
  g_ptr_array_add (words, NULL);
  return (char **) g_ptr_array_free (words, FALSE);
}

/* The most words an amount takes: "1 234 567,89 руб. / Месяц". */
#define MAX_AMOUNT_WORDS 8

gboolean
isplic_money_find (const char  *text,
                   IsplicMoney *out)
{
  g_auto(GStrv) words = NULL;
  guint n_words;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return FALSE;
  words = split_words (text);
  n_words = g_strv_length (words);

  /* An amount with a currency first: a license number is not a price. */
  for (int pass = 0; pass < 2; pass++)
    for (guint first = 0; first < n_words; first++)
      {
        const char *code = NULL;

        if (!has_digit (words[first]) && currency_at (words[first], &code) == 0 &&
            minus_at (words[first]) == 0)
          continue;
        for (guint last = MIN (n_words, first + MAX_AMOUNT_WORDS) - 1; last + 1 > first; last--)
          {
            IsplicMoney money;

            if (try_words (words, first, last, &money) && (pass == 1 || money.currency != NULL))
              {
                *out = money;
                return TRUE;
              }
          }
      }
  return FALSE;
}

char *
isplic_money_format_amount (const IsplicMoney *money)
{
  const char *radix = nl_langinfo (RADIXCHAR);
  const char *thousands = nl_langinfo (THOUSEP);
  g_autoptr(GString) text = g_string_new (NULL);
  char digits[32];
  guint64 units;
  gsize len;

  g_return_val_if_fail (money != NULL, NULL);

  if (radix == NULL || *radix == '\0')
    radix = ".";
  if (thousands == NULL)
    thousands = "";

  units = money->amount < 0 ? -(guint64) money->amount : (guint64) money->amount;
  g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, units / 100);
  len = strlen (digits);
  if (money->amount < 0)
    g_string_append_c (text, '-');
  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (text, thousands);
      g_string_append_c (text, digits[i]);
    }
  g_string_append_printf (text, "%s%02u", radix, (guint) (units % 100));
  if (money->currency != NULL)
    g_string_append_printf (text, " %s", money->currency);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

char *
isplic_money_format (const IsplicMoney *money)
{
  g_autofree char *amount = NULL;

  g_return_val_if_fail (money != NULL, NULL);

  amount = isplic_money_format_amount (money);
  if (money->period == 1)
    /* Translators: a price, e.g. "6.00 EUR per month" */
    return g_strdup_printf (_("%s per month"), amount);
  if (money->period == 12)
    /* Translators: a price, e.g. "60.00 EUR per year" */
    return g_strdup_printf (_("%s per year"), amount);
  if (money->period > 0)
    /* Translators: a price, e.g. "30.00 EUR per 6 months" */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s per %d month", "%s per %d months",
                                         money->period),
                            amount, money->period);
  return g_steal_pointer (&amount);
}

static gboolean
same_currency (const IsplicMoney *a,
               const IsplicMoney *b)
{
  /* interned: equal codes are the same pointer */
  return a->currency == b->currency || g_strcmp0 (a->currency, b->currency) == 0;
}

gboolean
isplic_money_add (const IsplicMoney *a,
                  const IsplicMoney *b,
                  IsplicMoney       *out)
{
  gint64 sum;

  g_return_val_if_fail (a != NULL && b != NULL && out != NULL, FALSE);

  if (!same_currency (a, b) || ABS (a->amount) > ISPLIC_MONEY_MAX ||
      ABS (b->amount) > ISPLIC_MONEY_MAX)
    return FALSE;
  sum = a->amount + b->amount;
  if (ABS (sum) > ISPLIC_MONEY_MAX)
    return FALSE;
  out->period = a->period == b->period ? a->period : 0;
  out->currency = a->currency;
  out->amount = sum;
  return TRUE;
}

gboolean
isplic_money_compare (const IsplicMoney *a,
                      const IsplicMoney *b,
                      int               *result)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (!same_currency (a, b))
    return FALSE;
  if (result != NULL)
    *result = a->amount < b->amount ? -1 : a->amount > b->amount ? 1 : 0;
  return TRUE;
}

gboolean
isplic_license_get_cost_money (IsplicLicense *license,
                               IsplicMoney   *out)
{
  IsplicMoney money;
  int period;

  g_return_val_if_fail (ISPLIC_IS_LICENSE (license), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (!isplic_license_peek_cost_money (license, &money))
    return FALSE;
  period = isplic_license_get_period (license);
  if (money.period == 0 && period > 0)
    money.period = period;
  *out = money;
  return TRUE;
}
