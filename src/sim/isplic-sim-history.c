/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A license's history (billmgr-api.md §10.5). Every change made through the API appends an
 * entry: order (a paid order, not a cart item), prolong, pricelist (tariff change), suspend,
 * resume, delete, licname, ip, newkey (key regeneration), autoprolong and nodes. Entries live in
 * the state file ("history": [{license, time, event, arg, user, ip}…], oldest first).
 *
 * service.history elid=ID [p_cnt=N] [p_num=N] → newest first, paged like func=soft (p_cnt
 *   default: the page size; doc.p_cnt, doc.p_num, doc.p_elems), doc.elem[] (a single object for
 *   one row, none for none; out=sjson keeps the array) with
 *     id          the entry's number (1 = the oldest of this license)
 *     changedate  "YYYY-MM-DD HH:MM:SS" (local time)
 *     desc        in the request's language, e.g. "Auto-renewal period is set to Month",
 *                 "The tariff plan has been changed", "The service has been renewed until
 *                 2027-01-06", "The license name has been changed to web-1"
 *     user        the account ("reseller@example.com")
 *     ip          the remote address of the request that made the change
 *   A license that was not ordered through the API (a generated one) begins with a synthetic
 *   "The service has been ordered" entry at 00:00:00 of its creation date (user as above, ip
 *   "").
 */
#include "isplic-sim-private.h"

#include <string.h>

void
sim_history_free (SimHistory *h)
{
  if (h == NULL)
    return;
  g_free (h->event);
  g_free (h->arg);
  g_free (h->user);
  g_free (h->ip);
  g_free (h);
}

void
sim_history_add (IsplicSim        *self,
                 const SimLicense *lic,
                 const char       *event,
                 const char       *arg,
                 const char       *remote)
{
  SimHistory *h = g_new0 (SimHistory, 1);

  h->license = lic->id;
  h->time = g_get_real_time () / G_USEC_PER_SEC;
  h->event = g_strdup (event);
  h->arg = g_strdup (arg ? arg : "");
  h->user = g_strdup (self->user);
  h->ip = g_strdup (remote ? remote : "");
  g_ptr_array_add (self->history, h);
}

SimHistory *
sim_history_new_for_load (void)
{
  SimHistory *h = g_new0 (SimHistory, 1);

  h->arg = g_strdup ("");
  h->user = g_strdup ("");
  h->ip = g_strdup ("");
  return h;
}

gboolean
sim_history_set_field (SimHistory *h,
                       const char *key,
                       const char *str,
                       gint64      num,
                       gboolean    is_num)
{
  char **target = NULL;

  if (strcmp (key, "license") == 0 || strcmp (key, "time") == 0)
    {
      if (!is_num || num < 0)
        return FALSE;
      if (key[0] == 'l')
        h->license = (guint64) num;
      else
        h->time = num;
      return TRUE;
    }
  if (strcmp (key, "event") == 0)
    target = &h->event;
  else if (strcmp (key, "arg") == 0)
    target = &h->arg;
  else if (strcmp (key, "user") == 0)
    target = &h->user;
  else if (strcmp (key, "ip") == 0)
    target = &h->ip;
  if (target == NULL || is_num || str == NULL || !g_utf8_validate (str, -1, NULL))
    return FALSE;
  g_free (*target);
  *target = g_strdup (str);
  return TRUE;
}

gboolean
sim_history_check_loaded (SimHistory *h)
{
  return h->license != 0 && h->event != NULL && *h->event != '\0';
}

JsonObject *
sim_history_to_json (const SimHistory *h)
{
  JsonObject *o = json_object_new ();

  json_object_set_int_member (o, "license", (gint64) h->license);
  json_object_set_int_member (o, "time", h->time);
  json_object_set_string_member (o, "event", h->event);
  json_object_set_string_member (o, "arg", h->arg);
  json_object_set_string_member (o, "user", h->user);
  json_object_set_string_member (o, "ip", h->ip);
  return o;
}

void
sim_history_write_json (const SimHistory *h,
                        GString          *out)
{
  g_string_append_printf (out, "{\"license\":%" G_GUINT64_FORMAT ",\"time\":%" G_GINT64_FORMAT
                          ",\"event\":", h->license, h->time);
  sim_json_escape (out, h->event);
  g_string_append (out, ",\"arg\":");
  sim_json_escape (out, h->arg);
  g_string_append (out, ",\"user\":");
  sim_json_escape (out, h->user);
  g_string_append (out, ",\"ip\":");
  sim_json_escape (out, h->ip);
  g_string_append_c (out, '}');
}

/* ---- service.history ---- */

static char *
describe (const SimHistory *h,
          gboolean          ru)
{
  const char *e = h->event;

  if (strcmp (e, "order") == 0)
    return g_strdup (ru ? "Услуга заказана" : "The service has been ordered");
  if (strcmp (e, "prolong") == 0)
    return g_strdup_printf (ru ? "Услуга продлена до %s" : "The service has been renewed until %s",
                            h->arg);
  if (strcmp (e, "pricelist") == 0)
    {
      const SimTariff *t = sim_tariff_lookup (h->arg);

      if (t == NULL)
        return g_strdup (ru ? "Тарифный план изменён" : "The tariff plan has been changed");
      return g_strdup_printf (ru ? "Тарифный план изменён: %s" : "The tariff plan has been "
                                                                 "changed: %s", t->name);
    }
  if (strcmp (e, "suspend") == 0)
    return g_strdup (ru ? "Услуга остановлена" : "The service has been suspended");
  if (strcmp (e, "resume") == 0)
    return g_strdup (ru ? "Услуга включена" : "The service has been resumed");
  if (strcmp (e, "delete") == 0)
    return g_strdup (ru ? "Услуга удалена" : "The service has been deleted");
  if (strcmp (e, "licname") == 0)
    return g_strdup_printf (ru ? "Название лицензии изменено на %s"
                               : "The license name has been changed to %s", h->arg);
  if (strcmp (e, "ip") == 0)
    return g_strdup_printf (ru ? "IP-адрес изменён на %s" : "The IP address has been changed to %s",
                            h->arg);
  if (strcmp (e, "newkey") == 0)
    return g_strdup (ru ? "Ключ лицензии перевыпущен" : "The license key has been regenerated");
  if (strcmp (e, "autoprolong") == 0)
    {
      if (strcmp (h->arg, "1") == 0)
        return g_strdup (ru ? "Период автопродления установлен: Месяц"
                            : "Auto-renewal period is set to Month");
      if (strcmp (h->arg, "12") == 0)
        return g_strdup (ru ? "Период автопродления установлен: Год"
                            : "Auto-renewal period is set to Year");
      return g_strdup (ru ? "Автопродление выключено" : "Auto-renewal is turned off");
    }
  if (strcmp (e, "nodes") == 0)
    return g_strdup_printf (ru ? "Количество узлов изменено на %s"
                               : "The number of nodes has been changed to %s", h->arg);
  return g_strdup (e);
}

static void
write_entry (SimCall          *c,
             const SimHistory *h,
             guint             number)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (h->time);
  g_autofree char *date = dt ? g_date_time_format (dt, "%Y-%m-%d %H:%M:%S")
                             : g_strdup ("1970-01-01 00:00:00");
  g_autofree char *desc = describe (h, c->ru);
  char id[16];

  g_snprintf (id, sizeof id, "%u", number);
  sim_writer_begin (c->w, "elem");
  sim_writer_value (c->w, "id", id);
  sim_writer_value (c->w, "changedate", date);
  sim_writer_value (c->w, "desc", desc);
  sim_writer_value (c->w, "user", h->user);
  sim_writer_value (c->w, "ip", h->ip);
  sim_writer_end (c->w);
}

gboolean
sim_func_service_history (SimCall *c)
{
  IsplicSim *self = c->sim;
  SimLicense *lic;
  g_autoptr(GPtrArray) rows = NULL;
  SimHistory synthetic = { 0, };
  gint64 p_cnt = self->page_size, p_num = 1;
  guint64 start, end, total;
  gboolean ordered = FALSE;
  char buf[32];

  if (!sim_get_elid_license (c, &lic))
    return FALSE;
  if (sim_param (c->params, "p_cnt")
      && !sim_parse_int (sim_param (c->params, "p_cnt"), 1, G_MAXINT32, &p_cnt))
    p_cnt = self->page_size;
  if (sim_param (c->params, "p_num")
      && !sim_parse_int (sim_param (c->params, "p_num"), 1, G_MAXINT32, &p_num))
    p_num = 1;

  /* Oldest first here; listed newest first. */
  rows = g_ptr_array_new ();
  for (guint i = 0; i < self->history->len; i++)
    {
      SimHistory *h = self->history->pdata[i];

      if (h->license != lic->id)
        continue;
      ordered |= strcmp (h->event, "order") == 0;
      g_ptr_array_add (rows, h);
    }
  if (!ordered)
    {
      GDate d;
      g_autoptr(GDateTime) dt = NULL;

      g_date_clear (&d, 1);
      g_date_set_julian (&d, lic->createdate ? lic->createdate : sim_today ());
      dt = g_date_time_new_local (g_date_get_year (&d), g_date_get_month (&d),
                                  g_date_get_day (&d), 0, 0, 0);
      synthetic.license = lic->id;
      synthetic.time = dt ? g_date_time_to_unix (dt) : 0;
      synthetic.event = (char *) "order";
      synthetic.arg = (char *) "";
      synthetic.user = self->user;
      synthetic.ip = (char *) "";
      g_ptr_array_insert (rows, 0, &synthetic);
    }

  total = rows->len;
  start = MIN ((guint64) (p_num - 1) * (guint64) p_cnt, total);
  end = MIN (start + (guint64) p_cnt, total);
  if (end - start == 1 && g_strcmp0 (sim_param (c->params, "out"), "sjson") != 0)
    write_entry (c, rows->pdata[total - 1 - start], (guint) (total - start));
  else if (end > start)
    {
      sim_writer_begin_array (c->w, "elem");
      for (guint64 i = start; i < end; i++)
        write_entry (c, rows->pdata[total - 1 - i], (guint) (total - i));
      sim_writer_end_array (c->w);
    }
  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, p_cnt);
  sim_writer_value (c->w, "p_cnt", buf);
  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, p_num);
  sim_writer_value (c->w, "p_num", buf);
  g_snprintf (buf, sizeof buf, "%" G_GUINT64_FORMAT, total);
  sim_writer_value (c->w, "p_elems", buf);
  return TRUE;
}
