/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The simulator's data: tariffs, licenses, dates, labels and the deterministic generator. */
#include "isplic-sim-private.h"

#include <gio/gio.h>
#include <string.h>

/* EU pricelist codes from the vendor's reselling document; prices are the simulator's own and
 * this is the only place they are set (euro cents: month, year; per extra node: month, year).
 * Business's nodes are its add-on 55236: the first node is included, each further one costs
 * the node price. Trials are free. */
static const SimTariff tariffs[] = {
  { "55239", "ispmanager 6 trial", TRUE, FALSE, 0, 0, 0, 0 },
  { "55240", "ispmanager 6 Business trial", TRUE, FALSE, 0, 0, 0, 0 },
  { "55227", "ispmanager 6 Lite", FALSE, FALSE, 500, 5000, 0, 0 },
  { "55228", "ispmanager 6 Pro", FALSE, FALSE, 1000, 10000, 0, 0 },
  { "55229", "ispmanager 6 Host", FALSE, FALSE, 2000, 20000, 0, 0 },
  { "55230", "ispmanager 6 Business", FALSE, TRUE, 4000, 40000, 800, 8000 },
};

const SimTariff *
sim_tariffs_get (guint *n)
{
  *n = G_N_ELEMENTS (tariffs);
  return tariffs;
}

const SimTariff *
sim_tariff_lookup (const char *id)
{
  if (id == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (tariffs); i++)
    if (strcmp (tariffs[i].id, id) == 0)
      return &tariffs[i];
  return NULL;
}

/* ---- dates ---- */

guint32
sim_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_dmy (&d, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  return g_date_get_julian (&d);
}

const char *
sim_date_format (guint32  julian,
                 char    *buf)
{
  GDate d;

  if (julian == 0)
    {
      buf[0] = '\0';
      return buf;
    }
  g_date_clear (&d, 1);
  g_date_set_julian (&d, julian);
  g_snprintf (buf, 11, "%04u-%02u-%02u", (guint) g_date_get_year (&d),
              (guint) g_date_get_month (&d), (guint) g_date_get_day (&d));
  return buf;
}

guint32
sim_date_parse (const char *text)
{
  static const int digits[] = { 0, 1, 2, 3, 5, 6, 8, 9 };
  guint y, m, d;
  GDate date;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return 0;
  for (guint i = 0; i < G_N_ELEMENTS (digits); i++)
    if (!g_ascii_isdigit (text[digits[i]]))
      return 0;
  y = (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0');
  m = (text[5] - '0') * 10 + (text[6] - '0');
  d = (text[8] - '0') * 10 + (text[9] - '0');
  if (!g_date_valid_dmy (d, m, y))
    return 0;
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, d, m, y);
  return g_date_get_julian (&date);
}

guint32
sim_date_add_months (guint32 julian,
                     int     months)
{
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_julian (&d, julian);
  if (months >= 0)
    g_date_add_months (&d, months);
  else
    g_date_subtract_months (&d, -months);
  return g_date_get_julian (&d);
}

/* ---- labels ---- */

const char *
sim_status_label (int      status,
                  gboolean ru)
{
  switch (status)
    {
    case SIM_STATUS_ORDERED: return ru ? "Заказан" : "Ordered";
    case SIM_STATUS_ACTIVE: return ru ? "Активен" : "Active";
    case SIM_STATUS_SUSPENDED: return ru ? "Остановлен" : "Suspended";
    case SIM_STATUS_DELETED: return ru ? "Удален" : "Deleted";
    case SIM_STATUS_PROCESSING: return ru ? "Обрабатывается" : "Processing";
    default: return ru ? "Неизвестно" : "Unknown";
    }
}

const char *
sim_period_label (int      period,
                  gboolean ru)
{
  switch (period)
    {
    case 1: return ru ? "1 месяц" : "1 month";
    case 3: return ru ? "3 месяца" : "3 months";
    case 6: return ru ? "6 месяцев" : "6 months";
    case 12: return ru ? "1 год" : "1 year";
    case 24: return ru ? "2 года" : "2 years";
    case SIM_TRIAL_PERIOD: return ru ? "Пробный" : "Trial";
    default: return "";
    }
}

const char *
sim_autoprolong_label (int      autoprolong,
                       gboolean ru)
{
  if (autoprolong == 0)
    return ru ? "Выключено" : "Off";
  return sim_period_label (autoprolong, ru);
}

char *
sim_ip_canonical (const char *text)
{
  g_autoptr(GInetAddress) addr = NULL;

  if (text == NULL || *text == '\0' || strchr (text, '%') || strchr (text, ' '))
    return NULL;
  addr = g_inet_address_new_from_string (text);
  if (addr == NULL)
    return NULL;
  return g_inet_address_to_string (addr);
}

/* ---- licenses ---- */

SimLicense *
sim_license_new (guint64 id)
{
  SimLicense *lic = g_new0 (SimLicense, 1);

  sim_license_set_id (lic, id);
  lic->licname = g_strdup ("");
  lic->ip = g_strdup ("");
  lic->lickey = g_strdup ("");
  lic->tariff = &tariffs[2];
  lic->period = 1;
  lic->status = SIM_STATUS_ACTIVE;
  return lic;
}

void
sim_license_set_id (SimLicense *lic,
                    guint64     id)
{
  lic->id = id;
  g_snprintf (lic->id_str, sizeof lic->id_str, "%" G_GUINT64_FORMAT, id);
}

void
sim_license_free (SimLicense *lic)
{
  if (lic == NULL)
    return;
  g_free (lic->licname);
  g_free (lic->ip);
  g_free (lic->lickey);
  g_free (lic);
}

guint
sim_price_cents (const SimTariff *tariff,
                 int              period,
                 guint            nodes)
{
  int months = period > 0 ? period : 1;
  guint extra = tariff->has_nodes && nodes > 1 ? nodes - 1 : 0;

  if (tariff->trial)
    return 0;
  if (months >= 12)
    return (tariff->year_cents + extra * tariff->node_year_cents) * (guint) (months / 12);
  return (tariff->month_cents + extra * tariff->node_month_cents) * (guint) months;
}

guint
sim_license_price_cents (const SimLicense *lic)
{
  return sim_price_cents (lic->tariff, lic->period, lic->nodes);
}

char *
sim_license_cost (const SimLicense *lic,
                  gboolean          ru)
{
  guint cents;
  int months = lic->period > 0 ? lic->period : 1;

  if (lic->tariff->trial)
    return g_strdup ("0.00 EUR");
  cents = sim_license_price_cents (lic);
  return g_strdup_printf ("%u.%02u EUR / %s", cents / 100, cents % 100,
                          months >= 12 ? (ru ? "Год" : "Year") : (ru ? "Месяц" : "Month"));
}

JsonObject *
sim_license_to_json (const SimLicense *lic)
{
  JsonObject *o = json_object_new ();
  char buf[16];
  g_autofree char *cost = sim_license_cost (lic, FALSE);

  json_object_set_string_member (o, "id", lic->id_str);
  json_object_set_string_member (o, "licname", lic->licname);
  json_object_set_string_member (o, "ip", lic->ip);
  json_object_set_string_member (o, "pricelist", lic->tariff->id);
  json_object_set_string_member (o, "pricelist_name", lic->tariff->name);
  json_object_set_int_member (o, "period", lic->period);
  json_object_set_int_member (o, "status", lic->status);
  json_object_set_string_member (o, "status_name", sim_status_label (lic->status, FALSE));
  json_object_set_string_member (o, "createdate", sim_date_format (lic->createdate, buf));
  json_object_set_string_member (o, "expiredate", sim_date_format (lic->expiredate, buf));
  json_object_set_string_member (o, "update_expiredate",
                                 sim_date_format (lic->update_expiredate, buf));
  json_object_set_string_member (o, "autoprolong",
                                 lic->autoprolong ? (lic->autoprolong == 12 ? "12" : "1") : "null");
  json_object_set_string_member (o, "lickey", lic->lickey);
  json_object_set_int_member (o, "nodes", lic->nodes);
  json_object_set_string_member (o, "ip_change_date", sim_date_format (lic->ip_change_date, buf));
  json_object_set_string_member (o, "lickey_change_date",
                                 sim_date_format (lic->lickey_change_date, buf));
  json_object_set_string_member (o, "cost", cost);
  json_object_set_int_member (o, "key_ready_at", lic->key_ready_at);
  if (lic->billorder)
    json_object_set_int_member (o, "billorder", (gint64) lic->billorder);
  return o;
}

static void
member_str (GString    *out,
            const char *name,
            const char *value,
            gboolean    first)
{
  if (!first)
    g_string_append_c (out, ',');
  g_string_append_c (out, '"');
  g_string_append (out, name);
  g_string_append (out, "\":");
  sim_json_escape (out, value);
}

static void
member_int (GString    *out,
            const char *name,
            gint64      value)
{
  g_string_append_printf (out, ",\"%s\":%" G_GINT64_FORMAT, name, value);
}

void
sim_license_write_json (const SimLicense *lic,
                        GString          *out)
{
  char buf[16];
  g_autofree char *cost = sim_license_cost (lic, FALSE);

  g_string_append_c (out, '{');
  member_str (out, "id", lic->id_str, TRUE);
  member_str (out, "licname", lic->licname, FALSE);
  member_str (out, "ip", lic->ip, FALSE);
  member_str (out, "pricelist", lic->tariff->id, FALSE);
  member_str (out, "pricelist_name", lic->tariff->name, FALSE);
  member_int (out, "period", lic->period);
  member_int (out, "status", lic->status);
  member_str (out, "status_name", sim_status_label (lic->status, FALSE), FALSE);
  member_str (out, "createdate", sim_date_format (lic->createdate, buf), FALSE);
  member_str (out, "expiredate", sim_date_format (lic->expiredate, buf), FALSE);
  member_str (out, "update_expiredate", sim_date_format (lic->update_expiredate, buf), FALSE);
  member_str (out, "autoprolong",
              lic->autoprolong ? (lic->autoprolong == 12 ? "12" : "1") : "null", FALSE);
  member_str (out, "lickey", lic->lickey, FALSE);
  member_int (out, "nodes", lic->nodes);
  member_str (out, "ip_change_date", sim_date_format (lic->ip_change_date, buf), FALSE);
  member_str (out, "lickey_change_date", sim_date_format (lic->lickey_change_date, buf), FALSE);
  member_str (out, "cost", cost, FALSE);
  member_int (out, "key_ready_at", lic->key_ready_at);
  if (lic->billorder)
    member_int (out, "billorder", (gint64) lic->billorder);
  g_string_append_c (out, '}');
}

static gboolean
parse_num (const char *str,
           gint64     *out)
{
  return str != NULL && g_ascii_string_to_signed (str, 10, G_MININT64, G_MAXINT64, out, NULL);
}

gboolean
sim_license_set_field (SimLicense *lic,
                       const char *key,
                       const char *str,
                       gint64      num,
                       gboolean    is_num)
{
  g_autofree char *text = NULL;
  gint64 n = num;
  gboolean numeric = strcmp (key, "id") == 0 || strcmp (key, "period") == 0
                     || strcmp (key, "status") == 0 || strcmp (key, "nodes") == 0
                     || strcmp (key, "key_ready_at") == 0 || strcmp (key, "billorder") == 0;
  gboolean have_n = is_num;

  /* Numbers may come as text and text as numbers (a hand-edited file); convert only then. */
  if (numeric && !is_num)
    have_n = parse_num (str, &n);
  else if (!numeric && is_num)
    str = text = g_strdup_printf ("%" G_GINT64_FORMAT, num);
  if (!numeric && str == NULL)
    return FALSE;

  if (strcmp (key, "id") == 0)
    {
      if (!have_n || n <= 0)
        return FALSE;
      sim_license_set_id (lic, (guint64) n);
    }
  else if (strcmp (key, "licname") == 0)
    {
      g_free (lic->licname);
      lic->licname = g_strdup (str);
    }
  else if (strcmp (key, "ip") == 0)
    {
      char *canon = sim_ip_canonical (str);

      if (canon == NULL)
        return FALSE;
      g_free (lic->ip);
      lic->ip = canon;
    }
  else if (strcmp (key, "pricelist") == 0)
    {
      lic->tariff = sim_tariff_lookup (str);
      if (lic->tariff == NULL)
        return FALSE;
    }
  else if (strcmp (key, "lickey") == 0)
    {
      g_free (lic->lickey);
      lic->lickey = g_strdup (str);
    }
  else if (strcmp (key, "autoprolong") == 0)
    lic->autoprolong = strcmp (str, "12") == 0 ? 12 : strcmp (str, "1") == 0 ? 1 : 0;
  else if (strcmp (key, "createdate") == 0)
    lic->createdate = sim_date_parse (str);
  else if (strcmp (key, "expiredate") == 0)
    lic->expiredate = sim_date_parse (str);
  else if (strcmp (key, "update_expiredate") == 0)
    lic->update_expiredate = sim_date_parse (str);
  else if (strcmp (key, "ip_change_date") == 0)
    lic->ip_change_date = sim_date_parse (str);
  else if (strcmp (key, "lickey_change_date") == 0)
    lic->lickey_change_date = sim_date_parse (str);
  else if (numeric)
    {
      if (!have_n)
        return FALSE;
      if (key[0] == 'p')
        lic->period = (int) n;
      else if (key[0] == 's')
        lic->status = (int) CLAMP (n, 1, 5);
      else if (key[0] == 'n')
        lic->nodes = (guint) CLAMP (n, 0, 1000);
      else if (key[0] == 'k')
        lic->key_ready_at = n;
      else
        lic->billorder = (guint64) MAX (n, 0);
    }
  /* Derived fields (cost, status_name, pricelist_name) and unknown ones are ignored. */
  return TRUE;
}

SimLicense *
sim_license_new_for_load (void)
{
  SimLicense *lic = sim_license_new (0);

  lic->tariff = NULL;
  lic->ip[0] = '\0';
  return lic;
}

gboolean
sim_license_check_loaded (SimLicense  *lic,
                          GError     **error)
{
  if (lic->id == 0 || lic->tariff == NULL || lic->ip[0] == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "Invalid license entry in the state file (id %s)",
                   lic->id ? lic->id_str : "?");
      return FALSE;
    }
  return TRUE;
}

SimLicense *
sim_license_from_json (JsonObject  *o,
                       GError     **error)
{
  SimLicense *lic = sim_license_new_for_load ();
  JsonObjectIter iter;
  const char *key;
  JsonNode *node;

  json_object_iter_init (&iter, o);
  while (json_object_iter_next (&iter, &key, &node))
    {
      gboolean ok = FALSE;

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        ok = sim_license_set_field (lic, key, json_node_get_string (node), 0, FALSE);
      else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
        ok = sim_license_set_field (lic, key, NULL, json_node_get_int (node), TRUE);
      else if (JSON_NODE_HOLDS_NULL (node))
        ok = TRUE;
      if (!ok)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "Invalid value of “%s” in a license of the state file", key);
          sim_license_free (lic);
          return NULL;
        }
    }
  if (!sim_license_check_loaded (lic, error))
    {
      sim_license_free (lic);
      return NULL;
    }
  return lic;
}

/* ---- generator ---- */

static const char *const words[] = {
  "alpha", "atlas", "aurora", "blue", "cedar", "comet", "delta", "ember", "falcon", "forest",
  "granite", "harbor", "helix", "indigo", "juniper", "kestrel", "lumen", "maple", "meridian",
  "nova", "onyx", "orbit", "pine", "polar", "quartz", "raven", "river", "sage", "sierra",
  "summit", "tango", "terra", "umber", "vector", "willow", "zephyr",
};

static const char *const domains[] = {
  "example.net", "example.com", "example.org", "hosting.example", "shop.example",
  "cloud.example.net", "dc1.example.com", "clients.example.org",
};

static char *
make_name (GRand *rand,
           guint  i)
{
  const char *word = words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))];
  const char *domain = domains[g_rand_int_range (rand, 0, G_N_ELEMENTS (domains))];
  guint n = i + 1;

  switch (g_rand_int_range (rand, 0, 8))
    {
    case 0: return g_strdup_printf ("srv-%02u", n);
    case 1: return g_strdup_printf ("web-%03u.%s", n, domain);
    case 2: return g_strdup_printf ("shop-%s-%u", word, n);
    case 3: return g_strdup_printf ("mail%u.%s", n, domain);
    case 4: return g_strdup_printf ("%s-%u.%s", word, n, domain);
    case 5: return g_strdup_printf ("node-%04u", n);
    case 6: return g_strdup_printf ("vps%u.%s", n, domain);
    default: return g_strdup_printf ("client-%s-%03u", word, n);
    }
}

/* Documentation ranges when they suffice; larger sets add the benchmarking range 198.18.0.0/15
 * and 10.0.0.0/8 (fine for simulated data). A few IPv6 from 2001:db8::/32. */
static char *
make_ip (GRand      *rand,
         guint       n,
         GHashTable *used)
{
  for (;;)
    {
      char *ip;

      if (g_rand_int_range (rand, 0, 100) < 4)
        ip = g_strdup_printf ("2001:db8:%x::%x", g_rand_int_range (rand, 1, 0x10000),
                              g_rand_int_range (rand, 1, 0x10000));
      else if (n <= 600)
        {
          static const char *const nets[] = { "203.0.113", "198.51.100", "192.0.2" };

          ip = g_strdup_printf ("%s.%d", nets[g_rand_int_range (rand, 0, 3)],
                                g_rand_int_range (rand, 1, 255));
        }
      else
        {
          guint32 r = g_rand_int (rand);

          if (g_rand_boolean (rand))
            ip = g_strdup_printf ("198.%u.%u.%u", 18 + (r >> 24 & 1), r >> 8 & 0xff,
                                  1 + (r & 0xff) % 254);
          else
            ip = g_strdup_printf ("10.%u.%u.%u", r >> 16 & 0xff, r >> 8 & 0xff,
                                  1 + (r & 0xff) % 254);
        }
      if (!g_hash_table_contains (used, ip))
        {
          g_hash_table_add (used, ip);
          return g_strdup (ip);
        }
      g_free (ip);
    }
}

char *
sim_make_key (GRand   *rand,
              guint64  id)
{
  GString *s = g_string_new (NULL);

  g_string_printf (s, "%" G_GUINT64_FORMAT "-", id);
  for (int i = 0; i < 4; i++)
    g_string_append_printf (s, "%08x", g_rand_int (rand));
  return g_string_free (s, FALSE);
}

GPtrArray *
sim_generate (guint    n,
              guint32  seed,
              guint64  first_id)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *out = g_ptr_array_new_full (n, (GDestroyNotify) sim_license_free);
  guint32 today = sim_today ();

  for (guint i = 0; i < n; i++)
    {
      SimLicense *lic = sim_license_new (first_id + i);
      int t = g_rand_int_range (rand, 0, 100);
      int r;

      g_free (lic->licname);
      lic->licname = make_name (rand, i);
      g_free (lic->ip);
      lic->ip = make_ip (rand, n, used);

      /* Tariff mix: mostly paid, a few trials. */
      if (t < 35)
        lic->tariff = &tariffs[2];
      else if (t < 60)
        lic->tariff = &tariffs[3];
      else if (t < 75)
        lic->tariff = &tariffs[4];
      else if (t < 90)
        lic->tariff = &tariffs[5];
      else if (t < 97)
        lic->tariff = &tariffs[0];
      else
        lic->tariff = &tariffs[1];
      if (lic->tariff->has_nodes)
        lic->nodes = g_rand_int_range (rand, 1, 6);

      if (lic->tariff->trial)
        {
          lic->period = SIM_TRIAL_PERIOD;
          lic->autoprolong = 0;
          lic->expiredate = today + g_rand_int_range (rand, -5, 15);
          lic->createdate = lic->expiredate - 14;
        }
      else
        {
          int months;

          lic->period = g_rand_int_range (rand, 0, 100) < 45 ? 1 : 12;
          r = g_rand_int_range (rand, 0, 100);
          if (r < 6)
            lic->expiredate = today + g_rand_int_range (rand, -20, 0);
          else if (r < 20)
            lic->expiredate = today + g_rand_int_range (rand, 0, 15);
          else if (lic->period == 1)
            lic->expiredate = today + g_rand_int_range (rand, 15, 63);
          else
            lic->expiredate = today + g_rand_int_range (rand, 15, 401);
          months = lic->period * g_rand_int_range (rand, 1, 5);
          lic->createdate = sim_date_add_months (lic->expiredate, -months);
          r = g_rand_int_range (rand, 0, 100);
          lic->autoprolong = r < 70 ? lic->period : r < 80 ? (lic->period == 1 ? 12 : 1) : 0;
        }
      lic->update_expiredate = lic->expiredate;

      r = g_rand_int_range (rand, 0, 100);
      if (lic->expiredate < today)
        lic->status = SIM_STATUS_SUSPENDED;
      else if (r < 92)
        lic->status = SIM_STATUS_ACTIVE;
      else if (r < 98)
        lic->status = SIM_STATUS_SUSPENDED;
      else
        lic->status = SIM_STATUS_PROCESSING;

      g_free (lic->lickey);
      if (lic->status == SIM_STATUS_PROCESSING)
        {
          /* Waiting on the vendor: stays without a key. */
          lic->lickey = g_strdup ("");
          lic->key_ready_at = -1;
        }
      else
        lic->lickey = sim_make_key (rand, lic->id);

      r = g_rand_int_range (rand, 0, 100);
      if (r < 5)
        lic->ip_change_date = today - g_rand_int_range (rand, 1, 30);
      else if (r < 20)
        lic->ip_change_date = today - g_rand_int_range (rand, 31, 700);
      if (lic->ip_change_date && lic->ip_change_date < lic->createdate)
        lic->ip_change_date = lic->createdate;
      r = g_rand_int_range (rand, 0, 100);
      if (r < 10 && lic->lickey[0])
        lic->lickey_change_date = MAX (lic->createdate, today - g_rand_int_range (rand, 1, 400));

      g_ptr_array_add (out, lic);
    }
  return out;
}
