/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "isplic-license-format.h"
#include "isplic-license-sort.h"

/* Compares @a and @b as strcmp() compares their case-folded forms, if that can be told from
 * their ASCII beginnings (ASCII folds to ASCII lower case, byte for byte); returns FALSE if a
 * non-ASCII byte comes first. Host and tariff names are mostly ASCII: this spares the cached
 * keys' lookups, which were most of a sort's ~280,000 compares. */
static gboolean
ascii_fold_compare (const char *a,
                    const char *b,
                    int        *result)
{
  for (;; a++, b++)
    {
      guchar ca = *a, cb = *b;

      if (ca >= 0x80 || cb >= 0x80)
        return FALSE;
      if (ca == cb && ca != '\0')
        continue;
      ca = g_ascii_tolower (ca);
      cb = g_ascii_tolower (cb);
      if (ca != cb || ca == '\0')
        {
          *result = (ca > cb) - (ca < cb);
          return TRUE;
        }
    }
}

/* Compares @text of two licenses: plain ASCII text directly, anything else through the cached
 * case-folded @key (collation keys are the slow part of a sort). */
static int
folded_text_compare (IsplicLicense *a,
                     IsplicLicense *b,
                     const char *(*text) (IsplicLicense *),
                     const char *(*key) (IsplicLicense *))
{
  const char *ta = text (a);
  const char *tb = text (b);
  int result;

  if (ta != NULL && tb != NULL && ascii_fold_compare (ta, tb, &result))
    return result;
  return strcmp (key (a), key (b));
}

int
isplic_license_compare_name (gconstpointer a,
                             gconstpointer b,
                             gpointer      user_data)
{
  return folded_text_compare ((IsplicLicense *) a, (IsplicLicense *) b,
                              isplic_license_get_name, isplic_license_name_key);
}

int
isplic_license_compare_tariff (gconstpointer a,
                               gconstpointer b,
                               gpointer      user_data)
{
  return folded_text_compare ((IsplicLicense *) a, (IsplicLicense *) b,
                              isplic_license_get_tariff_name, isplic_license_tariff_key);
}

/* A plain dotted IPv4 address ("198.51.100.7"): four parts of 1-3 digits, 0-255, no leading
 * zero, nothing else; only what inet_pton() accepts too. Anything else returns FALSE. */
static gboolean
parse_plain_ipv4 (const char *text,
                  guint32    *out)
{
  guint32 address = 0;

  for (int part = 0; part < 4; part++)
    {
      guint value = 0;
      int digits = 0;

      if (part > 0 && *text++ != '.')
        return FALSE;
      while (g_ascii_isdigit (*text) && digits < 4)
        {
          if (digits == 1 && value == 0)
            return FALSE;
          value = value * 10 + (guint) (*text++ - '0');
          digits++;
        }
      if (digits == 0 || digits > 3 || value > 255)
        return FALSE;
      address = (address << 8) | value;
    }
  if (*text != '\0')
    return FALSE;
  *out = address;
  return TRUE;
}

/* isplic_compare_ip() parses both addresses on each of a sort's ~280,000 compares; plain IPv4
 * addresses are compared here without it. */
int
isplic_license_compare_ip (gconstpointer a,
                           gconstpointer b,
                           gpointer      user_data)
{
  const char *ia = isplic_license_get_ip ((IsplicLicense *) a);
  const char *ib = isplic_license_get_ip ((IsplicLicense *) b);
  guint32 va, vb;

  if (ia != NULL && ib != NULL && parse_plain_ipv4 (ia, &va) && parse_plain_ipv4 (ib, &vb))
    return (va > vb) - (va < vb);
  return isplic_compare_ip (ia, ib);
}

int
isplic_license_compare_status (gconstpointer a,
                               gconstpointer b,
                               gpointer      user_data)
{
  int ra = isplic_status_rank (isplic_license_get_status ((IsplicLicense *) a));
  int rb = isplic_status_rank (isplic_license_get_status ((IsplicLicense *) b));

  return (ra > rb) - (ra < rb);
}

int
isplic_license_compare_expires (gconstpointer a,
                                gconstpointer b,
                                gpointer      user_data)
{
  GDateTime *ea = isplic_license_get_expires ((IsplicLicense *) a);
  GDateTime *eb = isplic_license_get_expires ((IsplicLicense *) b);

  /* Unknown dates go last. */
  if (ea == NULL || eb == NULL)
    return (ea == NULL) - (eb == NULL);
  return g_date_time_compare (ea, eb);
}

int
isplic_license_compare_auto_renew (gconstpointer a,
                                   gconstpointer b,
                                   gpointer      user_data)
{
  int ra = isplic_license_get_auto_renew ((IsplicLicense *) a);
  int rb = isplic_license_get_auto_renew ((IsplicLicense *) b);

  return (ra > rb) - (ra < rb);
}

/* isplic_cost_value() without g_ascii_strtod() for the usual "1234.50 RUB": up to 15 digits
 * with an optional fraction give N / 10^k, which IEEE division rounds exactly as strtod()
 * rounds the decimal. Anything else (exponents, hex, more digits) goes to isplic_cost_value(). */
static double
cost_value (const char *cost)
{
  static const double pow10[] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
  };
  const char *p = cost;
  guint64 n = 0;
  int digits = 0, fraction = 0;

  if (p == NULL)
    return 0.0;
  while (*p != '\0' && !g_ascii_isdigit (*p))
    p++;
  if (*p == '\0')
    return 0.0;
  for (; g_ascii_isdigit (*p); p++, digits++)
    n = n * 10 + (guint64) (*p - '0');
  if (*p == '.' && g_ascii_isdigit (p[1]))
    for (p++; g_ascii_isdigit (*p); p++, digits++, fraction++)
      n = n * 10 + (guint64) (*p - '0');
  if (digits > 15 || *p == '.' || strchr ("eExXpP", *p) != NULL)
    return isplic_cost_value (cost);
  return (double) n / pow10[fraction];
}

int
isplic_license_compare_cost (gconstpointer a,
                             gconstpointer b,
                             gpointer      user_data)
{
  double ca = cost_value (isplic_license_get_cost ((IsplicLicense *) a));
  double cb = cost_value (isplic_license_get_cost ((IsplicLicense *) b));

  return (ca > cb) - (ca < cb);
}
