/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Sort keys and search text of a license, made once when the license is made (in the thread that
 * parses a list) or when a field they come from changes. A comparison then reads integers and one
 * string: no parsing, no case folding, no allocation, no type checks — 100,000 rows sort in tens
 * of milliseconds instead of hundreds.
 */
#include "config.h"

#include <arpa/inet.h>
#include <string.h>

#include "isplic-license-private.h"

/* Between the parts of the folded text: below every character a name can show, so a name sorts
 * before its own extensions ("web" < "web-01"), and no search text can contain it. */
#define PART_SEPARATOR '\001'

/* Bumped by every change of the keys of a license already made (any thread): making one, as the
 * parse thread does for a whole list, changes no copy anyone holds. */
static gint keys_serial;

guint
isplic_license_get_keys_serial (void)
{
  return (guint) g_atomic_int_get (&keys_serial);
}

void
isplic_license_keys_changed (void)
{
  g_atomic_int_inc (&keys_serial);
}

/* Lowers plain ASCII @text (nullable) onto @buf at *@len and moves *@len past it: all that case
 * folding does to plain ASCII, what nearly every name, address, ID and tariff is, at a fraction
 * of the cost of g_utf8_casefold() and with no allocation. FALSE, with *@len as it was, when
 * @text is not plain ASCII or would not leave room for a NUL in @size. */
static gboolean
fold_ascii_into (char       *buf,
                 gsize       size,
                 gsize      *len,
                 const char *text)
{
  gsize n = *len;

  if (text == NULL)
    return TRUE;
  for (const char *p = text; *p != '\0'; p++)
    {
      if ((guchar) *p >= 0x80 || n + 1 >= size)
        return FALSE;
      buf[n++] = g_ascii_tolower (*p);
    }
  *len = n;
  return TRUE;
}

/* Appends @text as the search sees it: plain ASCII lowered (fold_ascii_into()); anything else
 * made valid UTF-8 and case-folded. */
static void
append_folded (GString    *out,
               const char *text)
{
  g_autofree char *valid = NULL;
  g_autofree char *folded = NULL;
  gsize len = out->len;

  if (text == NULL)
    return;
  /* Room for all of @text: the ASCII way needs no more. */
  g_string_set_size (out, len + strlen (text));
  if (fold_ascii_into (out->str, out->len + 1, &len, text))
    return;
  g_string_truncate (out, len);
  valid = g_utf8_make_valid (text, -1);
  folded = g_utf8_casefold (valid, -1);
  g_string_append (out, folded);
}

char *
isplic_fold_search_text (const char *text)
{
  GString *out = g_string_sized_new (32);

  append_folded (out, text);
  return g_string_free (out, FALSE);
}

void
isplic_license_keys_set_text (IsplicLicenseKeys *keys,
                              const char        *id,
                              const char        *name,
                              const char        *ip)
{
  static const char separator[] = { PART_SEPARATOR, '\0' };
  char buf[256];
  gsize len = 0;
  guint8 address[16];

  /* Shared, never changed in place: a copy of the keys (isplic_license_copy_keys()) read by
   * another thread keeps its text when the license gets a new one. */
  g_clear_pointer (&keys->folded, g_ref_string_release);
  if (fold_ascii_into (buf, sizeof buf, &len, name)
      && fold_ascii_into (buf, sizeof buf, &len, separator)
      && fold_ascii_into (buf, sizeof buf, &len, ip)
      && fold_ascii_into (buf, sizeof buf, &len, separator)
      && fold_ascii_into (buf, sizeof buf, &len, id))
    keys->folded = g_ref_string_new_len (buf, (gssize) len);
  else
    {
      GString *joined = g_string_sized_new (96);

      append_folded (joined, name);
      g_string_append_c (joined, PART_SEPARATOR);
      append_folded (joined, ip);
      g_string_append_c (joined, PART_SEPARATOR);
      append_folded (joined, id);
      keys->folded = g_ref_string_new_len (joined->str, (gssize) joined->len);
      g_string_free (joined, TRUE);
    }

  memset (keys->ip, 0, sizeof keys->ip);
  if (ip != NULL && inet_pton (AF_INET, ip, address) == 1)
    {
      keys->ip_rank = 1;
      memcpy (keys->ip, address, 4);
    }
  else if (ip != NULL && inet_pton (AF_INET6, ip, address) == 1)
    {
      keys->ip_rank = 2;
      memcpy (keys->ip, address, 16);
    }
  else
    keys->ip_rank = 3;
}

void
isplic_license_keys_set_tariff (IsplicLicenseKeys *keys,
                                const char        *tariff_name)
{
  char buf[128];
  gsize len = 0;

  g_clear_pointer (&keys->tariff, g_ref_string_release);
  /* A handful of tariffs across all licenses: one shared copy of each key. */
  if (fold_ascii_into (buf, sizeof buf, &len, tariff_name))
    {
      buf[len] = '\0';
      keys->tariff = g_ref_string_new_intern (buf);
    }
  else
    {
      g_autofree char *folded = isplic_fold_search_text (tariff_name);

      keys->tariff = g_ref_string_new_intern (folded);
    }
}

void
isplic_license_keys_set_expires (IsplicLicenseKeys *keys,
                                 GDateTime         *expires)
{
  keys->expires = expires != NULL ? g_date_time_to_unix (expires) : G_MAXINT64;
}

/* Costs repeat across a list (one text per tariff, period and node count): the last ones read
 * in this thread are kept by their text, in a small table indexed by its hash (no heap: nothing
 * to free when the thread ends), so that a list of 100,000 parses a few dozen. */
typedef struct
{
  char text[48];
  gboolean known;
  IsplicMoney money;
  double cost;
} CostMemo;

static __thread CostMemo cost_memo[64];

void
isplic_license_keys_set_cost (IsplicLicenseKeys *keys,
                              const char        *cost)
{
  const char *p = cost;
  CostMemo *memo = NULL;

  if (cost != NULL && *cost != '\0' && strlen (cost) < sizeof cost_memo[0].text)
    {
      memo = &cost_memo[g_str_hash (cost) % G_N_ELEMENTS (cost_memo)];
      if (strcmp (memo->text, cost) == 0)
        {
          keys->cost_known = memo->known;
          keys->cost_money = memo->money;
          keys->cost = memo->cost;
          return;
        }
    }

  keys->cost = 0.0;
  /* Parsed once here, so that totals over many licenses neither parse nor allocate. */
  keys->cost_known = isplic_money_parse (cost, &keys->cost_money);
  if (p == NULL)
    return;
  while (*p != '\0' && !g_ascii_isdigit (*p))
    p++;
  if (*p != '\0')
    keys->cost = g_ascii_strtod (p, NULL);

  if (memo != NULL)
    {
      g_strlcpy (memo->text, cost, sizeof memo->text);
      memo->known = keys->cost_known;
      memo->money = keys->cost_money;
      memo->cost = keys->cost;
    }
}

void
isplic_license_keys_clear (IsplicLicenseKeys *keys)
{
  g_clear_pointer (&keys->folded, g_ref_string_release);
  g_clear_pointer (&keys->tariff, g_ref_string_release);
}

/* Copies of the keys, for a sort in another thread */

void
isplic_license_key_copy_clear (IsplicLicenseKeyCopy *copy)
{
  g_clear_pointer ((char **) &copy->folded, g_ref_string_release);
  g_clear_pointer ((char **) &copy->tariff, g_ref_string_release);
}

gboolean
isplic_key_copy_is_expiring_in (const IsplicLicenseKeyCopy *copy,
                                const IsplicExpiryWindow   *window)
{
  return copy->status_rank != isplic_license_status_rank (ISPLIC_LICENSE_STATUS_DELETED)
         && copy->expires != G_MAXINT64
         && copy->expires >= window->from && copy->expires < window->until;
}

#define SIGN(a, b) (((a) > (b)) - ((a) < (b)))

int
isplic_key_copy_compare_name (const IsplicLicenseKeyCopy *a,
                              const IsplicLicenseKeyCopy *b)
{
  int cmp = strcmp (a->folded, b->folded);

  return SIGN (cmp, 0);
}

int
isplic_key_copy_compare_ip (const IsplicLicenseKeyCopy *a,
                            const IsplicLicenseKeyCopy *b)
{
  int cmp;

  if (a->ip_rank != b->ip_rank)
    return SIGN (a->ip_rank, b->ip_rank);
  if (a->ip_rank == 3)
    {
      const char *ta = strchr (a->folded, PART_SEPARATOR);
      const char *tb = strchr (b->folded, PART_SEPARATOR);

      cmp = strcmp (ta != NULL ? ta + 1 : "", tb != NULL ? tb + 1 : "");
      return SIGN (cmp, 0);
    }
  cmp = memcmp (a->ip, b->ip, sizeof a->ip);
  return SIGN (cmp, 0);
}

int
isplic_key_copy_compare_tariff (const IsplicLicenseKeyCopy *a,
                                const IsplicLicenseKeyCopy *b)
{
  const char *ta = a->tariff != NULL ? a->tariff : "";
  const char *tb = b->tariff != NULL ? b->tariff : "";
  int cmp = ta == tb ? 0 : strcmp (ta, tb);

  if (cmp == 0)
    return SIGN (a->nodes, b->nodes);
  return SIGN (cmp, 0);
}

int
isplic_key_copy_compare_status (const IsplicLicenseKeyCopy *a,
                                const IsplicLicenseKeyCopy *b)
{
  return SIGN (a->status_rank, b->status_rank);
}

int
isplic_key_copy_compare_expires (const IsplicLicenseKeyCopy *a,
                                 const IsplicLicenseKeyCopy *b)
{
  return SIGN (a->expires, b->expires);
}

int
isplic_key_copy_compare_cost (const IsplicLicenseKeyCopy *a,
                              const IsplicLicenseKeyCopy *b)
{
  return SIGN (a->cost, b->cost);
}

int
isplic_key_copy_compare_auto_renew (const IsplicLicenseKeyCopy *a,
                                    const IsplicLicenseKeyCopy *b)
{
  return SIGN (a->auto_renew, b->auto_renew);
}

gboolean
isplic_key_copy_search (const IsplicLicenseKeyCopy *copy,
                        const char                 *folded_needle)
{
  return folded_needle == NULL || *folded_needle == '\0'
         || strstr (copy->folded, folded_needle) != NULL;
}
