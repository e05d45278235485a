/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The billmgr functions of the simulator (soft, soft.edit, soft.order.param, service.prolong,
 * service.changepricelist, soft.suspend/resume/delete, soft.checkip, soft.filter, auth) and the
 * document around them: the error element, tparams, out=json/sjson/xml and JSONP.
 */
#include "isplic-sim-private.h"

#include <string.h>

#define IP_CHANGE_DAYS 30
#define TRIAL_DAYS 14

static const char *const filter_fields[5] = { "licname", "ip", "id", "status", "pricelist" };

typedef SimCall Call;

/* ------------------------------------------------------------------------------------------ */
/* small helpers */

static void
sim_error_clear (SimError *e)
{
  g_free (e->object);
  g_free (e->object_label);
  g_free (e->value);
  g_free (e->desc);
  g_free (e->group);
  g_free (e->msg);
  memset (e, 0, sizeof *e);
}

gboolean
sim_is_secret_param (const char *name)
{
  return g_strcmp0 (name, "authinfo") == 0 || g_strcmp0 (name, "password") == 0
         || g_strcmp0 (name, "passwd") == 0 || g_strcmp0 (name, "confirm") == 0
         || g_strcmp0 (name, "key") == 0;
}

static const char *
param (GHashTable *params,
       const char *name)
{
  return g_hash_table_lookup (params, name);
}

static gboolean
param_is (GHashTable *params,
          const char *name,
          const char *value)
{
  return g_strcmp0 (param (params, name), value) == 0;
}

/* A non-empty parameter, with surrounding blanks removed (transfer full), or NULL. */
static char *
param_stripped (GHashTable *params,
                const char *name)
{
  const char *v = param (params, name);
  char *s;

  if (v == NULL)
    return NULL;
  s = g_strstrip (g_strdup (v));
  if (*s == '\0')
    g_clear_pointer (&s, g_free);
  return s;
}

static gboolean
parse_int (const char *text,
           gint64      min,
           gint64      max,
           gint64     *out)
{
  g_autofree char *s = NULL;

  if (text == NULL)
    return FALSE;
  s = g_strstrip (g_strdup (text));
  return g_ascii_string_to_signed (s, 10, min, max, out, NULL);
}

/* billmgr: "sok must not be empty"; without it a form function only shows the form. */
static gboolean
has_sok (GHashTable *params)
{
  const char *sok = param (params, "sok");

  return sok != NULL && *sok != '\0';
}

static const char *
field_label (const char *field,
             gboolean    ru)
{
  static const struct { const char *field, *en, *ru; } labels[] = {
    { "ip", "IP address", "IP-адрес" },
    { "licname", "License name", "Название лицензии" },
    { "pricelist", "Tariff plan", "Тарифный план" },
    { "period", "Period", "Период" },
    { "autoprolong", "Auto renewal", "Автопродление" },
    { SIM_NODES_ADDON, "Number of nodes", "Количество узлов" },
    { "elid", "License", "Лицензия" },
    { "clicked_button", "Button", "Кнопка" },
    { "func", "Function", "Функция" },
    { "username", "User name", "Имя пользователя" },
    { "password", "Password", "Пароль" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (strcmp (labels[i].field, field) == 0)
      return ru ? labels[i].ru : labels[i].en;
  return field;
}

/* Substitutes __object__, __value__ and __desc__ as COREmanager does. */
static char *
expand_template (const char *group,
                 const char *object,
                 const char *value,
                 const char *desc)
{
  GString *s = g_string_new (group);

  g_string_replace (s, "__object__", object ? object : "", 0);
  g_string_replace (s, "__value__", value ? value : "", 0);
  g_string_replace (s, "__desc__", desc ? desc : "", 0);
  return g_string_free (s, FALSE);
}

/* Fills @e for an error about @field; @group is billmgr's message template in the request's
 * language, expanded with the field's label, @value and @desc. */
static gboolean
set_field_error (SimError   *e,
                 const char *type,
                 gboolean    ru,
                 const char *field,
                 const char *value,
                 const char *desc,
                 const char *group)
{
  e->type = type;
  e->object = g_strdup (field);
  e->object_label = g_strdup (field_label (field, ru));
  e->value = g_strdup (value);
  e->desc = g_strdup (desc);
  e->group = g_strdup (group);
  e->msg = expand_template (e->group, e->object_label, value, desc);
  return FALSE;
}

static gboolean
set_error_value (SimError   *e,
                 gboolean    ru,
                 const char *field,
                 const char *value,
                 const char *desc)
{
  return set_field_error (e, "value", ru, field, value ? value : "", desc,
                          ru ? "Значение поля '__object__' неверно '__value__'. __desc__"
                             : "The value of field '__object__' is invalid '__value__'. __desc__");
}

static gboolean
set_error_missed (SimError   *e,
                  gboolean    ru,
                  const char *field)
{
  return set_field_error (e, "missed", ru, field, NULL, NULL,
                          ru ? "Не заполнено обязательное поле '__object__' "
                             : "The required field '__object__' is missing ");
}

static gboolean
set_error_unknown_elid (SimError   *e,
                        gboolean    ru,
                        const char *id)
{
  return set_field_error (e, "missed", ru, "elid", id, NULL,
                          ru ? "__object__ '__value__' не найдена "
                             : "__object__ '__value__' not found ");
}

static gboolean
set_error_ip_taken (SimError   *e,
                    gboolean    ru,
                    const char *ip)
{
  return set_field_error (e, "exists", ru, "ip", ip, NULL,
                          ru ? "IP-адрес __value__ уже имеет лицензию ispmanager "
                             : "The IP address __value__ already has an ispmanager license ");
}

/* Any other error: a module-style type with a plain message. */
static gboolean
set_error_other (SimError   *e,
                 const char *type,
                 const char *object,
                 const char *value,
                 const char *msg)
{
  e->type = type;
  e->object = g_strdup (object);
  e->object_label = g_strdup (object);
  e->value = g_strdup (value);
  e->group = g_strdup (msg);
  e->msg = g_strdup (msg);
  return FALSE;
}

gboolean
sim_parse_int (const char *text,
               gint64      min,
               gint64      max,
               gint64     *out)
{
  return parse_int (text, min, max, out);
}

gboolean
sim_error_value (SimError   *e,
                 gboolean    ru,
                 const char *field,
                 const char *value,
                 const char *desc)
{
  return set_error_value (e, ru, field, value, desc);
}

gboolean
sim_error_unknown_elid (SimError   *e,
                        gboolean    ru,
                        const char *id)
{
  return set_error_unknown_elid (e, ru, id);
}

const char *
sim_param (GHashTable *params,
           const char *name)
{
  return param (params, name);
}

gboolean
sim_has_sok (GHashTable *params)
{
  return has_sok (params);
}

gboolean
sim_error_other (SimError   *e,
                 const char *type,
                 const char *object,
                 const char *value,
                 const char *msg)
{
  return set_error_other (e, type, object, value, msg);
}

gboolean
sim_error_missed (SimError   *e,
                  gboolean    ru,
                  const char *field)
{
  return set_error_missed (e, ru, field);
}

/* billmgr's answer to a function it does not have (type missed, object func). */
gboolean
sim_error_unknown_func (SimCall *c)
{
  g_autofree char *msg = g_strdup_printf (c->ru ? "Неизвестная функция '%s' "
                                                : "Unknown function '%s' ", c->func);

  return set_error_other (&c->err, "missed", "func", c->func, msg);
}

static void
write_error (SimWriter      *w,
             const SimError *e,
             gboolean        ru)
{
  sim_writer_begin (w, "error");
  sim_writer_attr (w, "type", e->type);
  if (e->object)
    sim_writer_attr (w, "object", e->object);
  sim_writer_attr (w, "lang", ru ? "ru" : "en");
  sim_writer_begin_array (w, "param");
  sim_writer_begin (w, NULL);
  sim_writer_attr (w, "name", "object");
  sim_writer_attr (w, "type", "msg");
  if (e->object_label)
    sim_writer_attr (w, "msg", e->object_label);
  sim_writer_text (w, e->object ? e->object : "");
  sim_writer_end (w);
  if (e->value)
    {
      sim_writer_begin (w, NULL);
      sim_writer_attr (w, "name", "value");
      sim_writer_text (w, e->value);
      sim_writer_end (w);
    }
  if (e->desc)
    {
      sim_writer_begin (w, NULL);
      sim_writer_attr (w, "name", "desc");
      sim_writer_attr (w, "type", "msg");
      sim_writer_attr (w, "msg", e->desc);
      sim_writer_text (w, e->desc);
      sim_writer_end (w);
    }
  sim_writer_end_array (w);
  sim_writer_value (w, "group", e->group ? e->group : e->msg);
  sim_writer_value (w, "detail", e->msg);
  sim_writer_value (w, "msg", e->msg);
  sim_writer_end (w);
}

/* ------------------------------------------------------------------------------------------ */
/* the API functions */

gboolean
sim_get_elid_license (Call        *c,
                      SimLicense **out)
{
  g_autofree char *elid = param_stripped (c->params, "elid");
  SimLicense *lic;

  if (elid == NULL)
    return set_error_missed (&c->err, c->ru, "elid");
  lic = sim_find_license (c->sim, elid);
  if (lic == NULL || lic->status == SIM_STATUS_DELETED)
    return set_error_unknown_elid (&c->err, c->ru, elid);
  *out = lic;
  return TRUE;
}

static const char *
period_orig (int period,
             char *buf)
{
  g_snprintf (buf, 8, "%d", period);
  return buf;
}

static const char *
autoprolong_orig (int autoprolong)
{
  return autoprolong == 12 ? "12" : autoprolong == 1 ? "1" : "null";
}

static void
write_row (SimWriter        *w,
           const SimLicense *lic,
           gboolean          ru)
{
  char buf[16];
  char pbuf[8];
  g_autofree char *cost = sim_license_cost (lic, ru);

  sim_writer_begin (w, "elem");
  sim_writer_value (w, "id", lic->id_str);
  sim_writer_value (w, "licname", lic->licname);
  sim_writer_value (w, "ip", lic->ip);
  sim_writer_value (w, "pricelist", lic->tariff->name);
  sim_writer_value (w, "pricelist_id", lic->tariff->id);
  sim_writer_value_orig (w, "period", period_orig (lic->period, pbuf),
                         sim_period_label (lic->period, ru));
  sim_writer_value (w, "createdate", sim_date_format (lic->createdate, buf));
  sim_writer_value (w, "expiredate", sim_date_format (lic->expiredate, buf));
  sim_writer_value (w, "update_expiredate", sim_date_format (lic->update_expiredate, buf));
  g_snprintf (pbuf, sizeof pbuf, "%d", lic->status);
  sim_writer_value_orig (w, "status", pbuf, sim_status_label (lic->status, ru));
  sim_writer_value_orig (w, "item_status", pbuf, sim_status_label (lic->status, ru));
  sim_writer_value_orig (w, "autoprolong", autoprolong_orig (lic->autoprolong),
                         sim_autoprolong_label (lic->autoprolong, ru));
  sim_writer_value (w, "cost", cost);
  if (lic->tariff->has_nodes)
    {
      g_snprintf (pbuf, sizeof pbuf, "%u", lic->nodes);
      sim_writer_value (w, "nodes", pbuf);
    }
  sim_writer_end (w);
}

static gboolean
contains_ci (const char *haystack,
             const char *needle)
{
  g_autofree char *h = g_utf8_casefold (haystack, -1);
  g_autofree char *n = g_utf8_casefold (needle, -1);

  return strstr (h, n) != NULL;
}

static gboolean
row_matches (const SimLicense  *lic,
             char *const       *filter)
{
  char buf[8];

  if (filter[0] && !contains_ci (lic->licname, filter[0]))
    return FALSE;
  if (filter[1] && !strstr (lic->ip, filter[1]))
    return FALSE;
  if (filter[2] && strcmp (lic->id_str, filter[2]) != 0)
    return FALSE;
  g_snprintf (buf, sizeof buf, "%d", lic->status);
  if (filter[3] && strcmp (buf, filter[3]) != 0)
    return FALSE;
  if (filter[4] && strcmp (lic->tariff->id, filter[4]) != 0)
    return FALSE;
  return TRUE;
}

static gboolean
func_soft (Call *c)
{
  IsplicSim *self = c->sim;
  gint64 p_cnt = self->page_size, p_num = 1;
  char *one_shot[5] = { NULL, };
  char *const *filter = NULL;
  g_autoptr(GPtrArray) matched = NULL;
  GPtrArray *rows;
  guint64 start, end, total;
  char buf[32];
  gboolean any = FALSE;

  if (param (c->params, "p_cnt") && !parse_int (param (c->params, "p_cnt"), 1, G_MAXINT32, &p_cnt))
    p_cnt = self->page_size;
  if (param (c->params, "p_num") && !parse_int (param (c->params, "p_num"), 1, G_MAXINT32, &p_num))
    p_num = 1;

  if (param_is (c->params, "filter", "on"))
    {
      for (guint i = 0; i < G_N_ELEMENTS (filter_fields); i++)
        {
          one_shot[i] = param_stripped (c->params, filter_fields[i]);
          any |= one_shot[i] != NULL;
        }
      filter = one_shot;
    }
  else
    {
      for (guint i = 0; i < G_N_ELEMENTS (filter_fields); i++)
        any |= self->filter[i] != NULL;
      filter = self->filter;
    }

  if (any)
    {
      matched = g_ptr_array_new ();
      for (guint i = 0; i < self->licenses->len; i++)
        if (row_matches (self->licenses->pdata[i], filter))
          g_ptr_array_add (matched, self->licenses->pdata[i]);
      rows = matched;
    }
  else
    rows = self->licenses;
  for (guint i = 0; i < G_N_ELEMENTS (one_shot); i++)
    g_free (one_shot[i]);

  total = rows->len;
  start = MIN ((guint64) (p_num - 1) * (guint64) p_cnt, total);
  end = MIN (start + (guint64) p_cnt, total);

  /* The quirk: one row is a single object, not a one-item array (out=sjson keeps arrays);
   * no rows, no elem. */
  if (end - start == 1 && !param_is (c->params, "out", "sjson"))
    write_row (c->w, rows->pdata[start], c->ru);
  else if (end > start)
    {
      sim_writer_begin_array (c->w, "elem");
      for (guint64 i = start; i < end; i++)
        write_row (c->w, rows->pdata[i], c->ru);
      sim_writer_end_array (c->w);
    }

  sim_writer_begin (c->w, "metadata");
  sim_writer_attr (c->w, "name", "soft");
  sim_writer_attr (c->w, "type", "list");
  sim_writer_attr (c->w, "key", "id");
  sim_writer_attr (c->w, "keyname", "licname");
  sim_writer_end (c->w);
  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, p_cnt);
  sim_writer_value (c->w, "p_cnt", buf);
  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, p_num);
  sim_writer_value (c->w, "p_num", buf);
  g_snprintf (buf, sizeof buf, "%" G_GUINT64_FORMAT, total);
  sim_writer_value (c->w, "p_elems", buf);
  return TRUE;
}

static gboolean
func_soft_filter (Call *c)
{
  IsplicSim *self = c->sim;

  if (has_sok (c->params))
    {
      gboolean drop = param_is (c->params, "clicked_button", "drop");

      for (guint i = 0; i < G_N_ELEMENTS (filter_fields); i++)
        {
          g_clear_pointer (&self->filter[i], g_free);
          if (!drop)
            self->filter[i] = param_stripped (c->params, filter_fields[i]);
        }
      sim_writer_empty (c->w, "ok");
      return TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (filter_fields); i++)
    sim_writer_value (c->w, filter_fields[i], self->filter[i] ? self->filter[i] : "");
  return TRUE;
}

void
sim_write_slist_periods (SimWriter  *w,
                         const char *name,
                         gboolean    with_off,
                         gboolean    ru)
{
  static const int periods[] = { 1, 12 };

  sim_writer_begin_array (w, "slist");
  sim_writer_begin (w, NULL);
  sim_writer_attr (w, "name", name);
  sim_writer_begin_array (w, "val");
  if (with_off)
    {
      sim_writer_begin (w, NULL);
      sim_writer_attr (w, "key", "null");
      sim_writer_text (w, sim_autoprolong_label (0, ru));
      sim_writer_end (w);
    }
  for (guint i = 0; i < G_N_ELEMENTS (periods); i++)
    {
      char key[8];

      g_snprintf (key, sizeof key, "%d", periods[i]);
      sim_writer_begin (w, NULL);
      sim_writer_attr (w, "key", key);
      sim_writer_text (w, sim_period_label (periods[i], ru));
      sim_writer_end (w);
    }
  sim_writer_end_array (w);
  sim_writer_end (w);
  sim_writer_end_array (w);
}

static void
write_license_form (SimWriter        *w,
                    const SimLicense *lic,
                    gboolean          ru)
{
  char buf[16];
  char pbuf[8];
  g_autofree char *cost = sim_license_cost (lic, ru);

  sim_writer_value (w, "elid", lic->id_str);
  sim_writer_value (w, "id", lic->id_str);
  sim_writer_value (w, "licname", lic->licname);
  sim_writer_value (w, "ip", lic->ip);
  sim_writer_value (w, "remoteip", "");
  sim_writer_value (w, "pricelist", lic->tariff->id);
  sim_writer_value (w, "pricelist_name", lic->tariff->name);
  sim_writer_value_orig (w, "period", period_orig (lic->period, pbuf),
                         sim_period_label (lic->period, ru));
  g_snprintf (pbuf, sizeof pbuf, "%d", lic->status);
  sim_writer_value_orig (w, "status", pbuf, sim_status_label (lic->status, ru));
  sim_writer_value (w, "createdate", sim_date_format (lic->createdate, buf));
  sim_writer_value (w, "expiredate", sim_date_format (lic->expiredate, buf));
  sim_writer_value (w, "update_expiredate", sim_date_format (lic->update_expiredate, buf));
  sim_writer_value_orig (w, "autoprolong", autoprolong_orig (lic->autoprolong),
                         sim_autoprolong_label (lic->autoprolong, ru));
  sim_writer_value (w, "lickey", lic->lickey);
  sim_writer_value (w, "ip_change_date", sim_date_format (lic->ip_change_date, buf));
  sim_writer_value (w, "lickey_change_date", sim_date_format (lic->lickey_change_date, buf));
  if (lic->tariff->has_nodes)
    {
      g_snprintf (pbuf, sizeof pbuf, "%u", lic->nodes);
      sim_writer_value (w, SIM_NODES_ADDON, pbuf);
      sim_writer_value (w, "nodes", pbuf);
    }
  sim_writer_value (w, "cost", cost);
}

/* Validates an IP parameter; returns the canonical text (transfer full) or NULL with c->err set. */
static char *
check_ip_param (Call       *c,
                SimLicense *self_lic)
{
  g_autofree char *ip = param_stripped (c->params, "ip");
  char *canon;
  SimLicense *owner;

  if (ip == NULL)
    {
      set_error_missed (&c->err, c->ru, "ip");
      return NULL;
    }
  canon = sim_ip_canonical (ip);
  if (canon == NULL)
    {
      set_error_value (&c->err, c->ru, "ip", ip, NULL);
      return NULL;
    }
  owner = g_hash_table_lookup (c->sim->by_ip, canon);
  if (owner != NULL && owner != self_lic)
    {
      set_error_ip_taken (&c->err, c->ru, canon);
      g_free (canon);
      return NULL;
    }
  return canon;
}

static gboolean
parse_autoprolong (Call *c,
                   int  *out)
{
  const char *ap = param (c->params, "autoprolong");

  if (ap == NULL || *ap == '\0' || strcmp (ap, "null") == 0 || strcmp (ap, "off") == 0)
    *out = 0;
  else if (strcmp (ap, "1") == 0)
    *out = 1;
  else if (strcmp (ap, "12") == 0)
    *out = 12;
  else
    return set_error_value (&c->err, c->ru, "autoprolong", ap, NULL);
  return TRUE;
}

gboolean
sim_parse_nodes (Call  *c,
                 guint *out,
                 guint  def)
{
  const char *v = param (c->params, SIM_NODES_ADDON);
  gint64 n;

  if (v == NULL || *v == '\0')
    {
      if (def == 0)
        return set_error_missed (&c->err, c->ru, SIM_NODES_ADDON);
      *out = def;
      return TRUE;
    }
  if (!parse_int (v, 1, 1000, &n))
    return set_error_value (&c->err, c->ru, SIM_NODES_ADDON, v,
                            c->ru ? "Укажите от 1 до 1000 узлов" : "Enter 1 to 1000 nodes");
  *out = (guint) n;
  return TRUE;
}

static gboolean
func_soft_edit (Call *c)
{
  IsplicSim *self = c->sim;
  SimLicense *lic;
  guint32 today = sim_today ();

  if (!sim_get_elid_license (c, &lic))
    return FALSE;

  if (!has_sok (c->params))
    {
      guint nodes = lic->nodes;

      write_license_form (c->w, lic, c->ru);
      sim_write_slist_periods (c->w, "autoprolong", TRUE, c->ru);
      /* With a new node count: what the change costs now. */
      if (param (c->params, SIM_NODES_ADDON) && lic->tariff->has_nodes && !lic->tariff->trial)
        {
          g_autofree char *what = NULL;

          if (!sim_parse_nodes (c, &nodes, MAX (lic->nodes, 1)))
            return FALSE;
          what = g_strdup_printf (c->ru ? "%s #%s: узлов %u → %u" : "%s #%s: nodes %u → %u",
                                  lic->tariff->name, lic->id_str, lic->nodes, nodes);
          sim_money_write_orderinfo (c, "orderinfo", what,
                                     sim_money_nodes_cost (lic, nodes, today));
        }
      return TRUE;
    }

  if (param_is (c->params, "clicked_button", "newkey"))
    {
      if (lic->lickey[0] == '\0')
        return set_error_other (&c->err, "not_ready", "lickey", lic->id_str,
                                c->ru ? "Лицензия ещё обрабатывается, ключ пока не выдан "
                                      : "The license is still being processed and has no key yet ");
      g_free (lic->lickey);
      lic->lickey = sim_make_key (self->rand, lic->id);
      lic->lickey_change_date = today;
      sim_history_add (self, lic, "newkey", NULL, c->remote);
      sim_state_save (self);
      sim_writer_value (c->w, "lickey", lic->lickey);
      sim_writer_value (c->w, "elid", lic->id_str);
      sim_writer_empty (c->w, "ok");
      return TRUE;
    }

  {
    g_autofree char *name = NULL;
    g_autofree char *ip = NULL;
    gboolean change_ip = FALSE;
    int autoprolong = lic->autoprolong;
    guint nodes = lic->nodes;
    gint64 charge;

    if (param (c->params, "licname") != NULL)
      {
        name = param_stripped (c->params, "licname");
        if (name == NULL)
          return set_error_missed (&c->err, c->ru, "licname");
      }
    if (param (c->params, "ip") != NULL)
      {
        ip = check_ip_param (c, lic);
        if (ip == NULL)
          return FALSE;
        change_ip = strcmp (ip, lic->ip) != 0;
        if (change_ip && lic->ip_change_date != 0
            && today < lic->ip_change_date + IP_CHANGE_DAYS)
          {
            char date[16];
            g_autofree char *desc = NULL;

            sim_date_format (lic->ip_change_date + IP_CHANGE_DAYS, date);
            desc = g_strdup_printf (c->ru ? "IP-адрес лицензии можно менять раз в %d дней; "
                                            "следующая смена возможна с %s"
                                          : "The IP address of a license can be changed once in "
                                            "%d days; the next change is possible on %s",
                                    IP_CHANGE_DAYS, date);
            return set_error_value (&c->err, c->ru, "ip", param (c->params, "ip"), desc);
          }
      }
    if (param (c->params, "autoprolong") != NULL && !lic->tariff->trial
        && !parse_autoprolong (c, &autoprolong))
      return FALSE;
    if (lic->tariff->has_nodes && !lic->tariff->trial
        && !sim_parse_nodes (c, &nodes, MAX (lic->nodes, 1)))
      return FALSE;
    /* More nodes are paid for the rest of the period; fewer are not refunded. */
    charge = nodes != lic->nodes ? sim_money_nodes_cost (lic, nodes, today) : 0;
    if (!sim_money_check (c, charge))
      return FALSE;

    if (name && strcmp (name, lic->licname) != 0)
      {
        sim_history_add (self, lic, "licname", name, c->remote);
        g_free (lic->licname);
        lic->licname = g_steal_pointer (&name);
      }
    if (change_ip)
      {
        sim_history_add (self, lic, "ip", ip, c->remote);
        g_hash_table_remove (self->by_ip, lic->ip);
        g_free (lic->ip);
        lic->ip = g_steal_pointer (&ip);
        lic->ip_change_date = today;
        g_hash_table_replace (self->by_ip, lic->ip, lic);
      }
    if (autoprolong != lic->autoprolong)
      sim_history_add (self, lic, "autoprolong", autoprolong_orig (autoprolong), c->remote);
    if (nodes != lic->nodes)
      {
        char buf[16];

        g_snprintf (buf, sizeof buf, "%u", nodes);
        sim_history_add (self, lic, "nodes", buf, c->remote);
      }
    sim_money_take (self, charge);
    lic->autoprolong = autoprolong;
    lic->nodes = nodes;
    sim_state_save (self);

    sim_writer_empty (c->w, "ok");
    /* The changed form comes back one level deeper. */
    sim_writer_begin (c->w, "doc");
    write_license_form (c->w, lic, c->ru);
    sim_writer_end (c->w);
  }
  return TRUE;
}

/* The form's slist: the tariffs, and the periods (with prices when the tariff is known). One
 * array, as billmgr maps the form's several <slist> elements. */
static void
write_order_slists (Call            *c,
                    const SimTariff *tariff,
                    guint            nodes)
{
  guint n;
  const SimTariff *t = sim_tariffs_get (&n);

  sim_writer_begin_array (c->w, "slist");
  sim_writer_begin (c->w, NULL);
  sim_writer_attr (c->w, "name", "pricelist");
  sim_writer_begin_array (c->w, "val");
  for (guint i = 0; i < n; i++)
    {
      sim_writer_begin (c->w, NULL);
      sim_writer_attr (c->w, "key", t[i].id);
      sim_writer_text (c->w, t[i].name);
      sim_writer_end (c->w);
    }
  sim_writer_end_array (c->w);
  sim_writer_end (c->w);
  sim_money_write_period_entry (c, tariff, nodes);
  sim_writer_end_array (c->w);
}

/* soft.order.param without sok: the form, and with a known pricelist the quote for exactly this
 * order (period default 1, -100 for a trial; nodes default 1) as billmgr's orderinfo. */
static gboolean
order_form (Call *c)
{
  const char *pl = param (c->params, "pricelist");
  const char *per = param (c->params, "period");
  const SimTariff *tariff = pl && *pl ? sim_tariff_lookup (pl) : NULL;
  gint64 period;
  guint nodes = 1;
  char buf[16];
  g_autofree char *what = NULL;

  if (tariff == NULL)
    {
      write_order_slists (c, NULL, 0);
      return TRUE;
    }
  period = tariff->trial ? SIM_TRIAL_PERIOD : 1;
  if (per && *per
      && (!parse_int (per, G_MININT32, G_MAXINT32, &period)
          || (tariff->trial && period != SIM_TRIAL_PERIOD)
          || (!tariff->trial && period != 1 && period != 12)))
    return set_error_value (&c->err, c->ru, "period", per, NULL);
  if (tariff->has_nodes && !tariff->trial && !sim_parse_nodes (c, &nodes, 1))
    return FALSE;
  write_order_slists (c, tariff, nodes);
  sim_writer_value (c->w, "pricelist", tariff->id);
  g_snprintf (buf, sizeof buf, "%d", (int) period);
  sim_writer_value (c->w, "period", buf);
  if (tariff->has_nodes && !tariff->trial)
    what = g_strdup_printf (c->ru ? "%s, %s, узлов: %u" : "%s, %s, %u nodes", tariff->name,
                            sim_period_label ((int) period, c->ru), nodes);
  else
    what = g_strdup_printf ("%s, %s", tariff->name, sim_period_label ((int) period, c->ru));
  sim_money_write_orderinfo (c, "orderinfo", what, sim_price_cents (tariff, (int) period, nodes));
  return TRUE;
}

static gboolean
func_order (Call *c)
{
  IsplicSim *self = c->sim;
  const char *pl = param (c->params, "pricelist");
  const char *per = param (c->params, "period");
  const SimTariff *tariff;
  gint64 period;
  int autoprolong = 0;
  guint nodes = 0;
  g_autofree char *name = NULL;
  g_autofree char *ip = NULL;
  gboolean to_basket;
  guint32 today = sim_today ();
  SimLicense *lic;

  if (!has_sok (c->params))
    return order_form (c);
  if (param (c->params, "clicked_button") == NULL)
    return set_error_missed (&c->err, c->ru, "clicked_button");
  to_basket = !param_is (c->params, "skipbasket", "on")
              || param_is (c->params, "clicked_button", "basket");

  if (pl == NULL || *pl == '\0')
    return set_error_missed (&c->err, c->ru, "pricelist");
  tariff = sim_tariff_lookup (pl);
  if (tariff == NULL)
    return set_error_value (&c->err, c->ru, "pricelist", pl, NULL);
  if (per == NULL || *per == '\0')
    return set_error_missed (&c->err, c->ru, "period");
  if (!parse_int (per, G_MININT32, G_MAXINT32, &period)
      || (tariff->trial && period != SIM_TRIAL_PERIOD)
      || (!tariff->trial && period != 1 && period != 12))
    return set_error_value (&c->err, c->ru, "period", per,
                            tariff->trial ? (c->ru ? "Для пробного тарифа период -100"
                                                   : "Trial tariffs take the period -100")
                                          : NULL);
  name = param_stripped (c->params, "licname");
  if (name == NULL)
    return set_error_missed (&c->err, c->ru, "licname");
  ip = check_ip_param (c, NULL);
  if (ip == NULL)
    return FALSE;
  if (!parse_autoprolong (c, &autoprolong))
    return FALSE;
  if (tariff->has_nodes && !tariff->trial && !sim_parse_nodes (c, &nodes, 0))
    return FALSE;
  if (tariff->trial)
    autoprolong = 0;
  /* A paid order is charged to the balance; the cart is paid in the panel. */
  if (!to_basket && !sim_money_check (c, sim_price_cents (tariff, (int) period, nodes)))
    return FALSE;

  lic = sim_license_new (0);
  g_free (lic->licname);
  lic->licname = g_steal_pointer (&name);
  g_free (lic->ip);
  lic->ip = g_steal_pointer (&ip);
  lic->tariff = tariff;
  lic->period = (int) period;
  lic->autoprolong = autoprolong;
  lic->nodes = nodes;
  lic->createdate = today;
  lic->expiredate = tariff->trial ? today + TRIAL_DAYS : sim_date_add_months (today, (int) period);
  lic->update_expiredate = lic->expiredate;

  if (to_basket)
    {
      char buf[32];

      /* A cart item has an id of the same sequence as licenses, as billmgr's items do. */
      sim_license_set_id (lic, self->next_id++);
      lic->status = SIM_STATUS_ORDERED;
      lic->billorder = self->next_billorder++;
      g_ptr_array_add (self->basket, lic);
      sim_state_save (self);
      g_snprintf (buf, sizeof buf, "%" G_GUINT64_FORMAT, lic->billorder);
      sim_writer_value (c->w, "billorder.id", buf);
      sim_writer_value (c->w, "billorder", buf);
      sim_writer_empty (c->w, "ok");
      return TRUE;
    }

  sim_license_set_id (lic, self->next_id++);
  if (self->key_delay_ms == 0)
    {
      lic->status = SIM_STATUS_ACTIVE;
      g_free (lic->lickey);
      lic->lickey = sim_make_key (self->rand, lic->id);
    }
  else
    {
      lic->status = SIM_STATUS_PROCESSING;
      lic->key_ready_at = g_get_real_time () + (gint64) self->key_delay_ms * 1000;
      sim_schedule_settle (self, self->key_delay_ms);
    }
  g_ptr_array_add (self->licenses, lic);
  sim_index_add (self, lic);
  sim_money_take (self, sim_license_price_cents (lic));
  sim_history_add (self, lic, "order", NULL, c->remote);
  sim_state_save (self);

  sim_writer_value (c->w, "id", lic->id_str);
  sim_writer_value (c->w, "item.id", lic->id_str);
  sim_writer_empty (c->w, "ok");
  return TRUE;
}

GPtrArray *
sim_get_group (Call    *c,
               gboolean deleted_too)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(GPtrArray) out = g_ptr_array_new ();
  const char *elid = param (c->params, "elid");

  if (elid == NULL)
    {
      set_error_missed (&c->err, c->ru, "elid");
      return NULL;
    }
  parts = g_strsplit (elid, ",", -1);
  for (guint i = 0; parts[i]; i++)
    {
      char *id = g_strstrip (parts[i]);
      SimLicense *lic;

      if (*id == '\0')
        continue;
      lic = sim_find_license (c->sim, id);
      if (lic == NULL || (lic->status == SIM_STATUS_DELETED && !deleted_too))
        {
          set_error_unknown_elid (&c->err, c->ru, id);
          return NULL;
        }
      if (!g_ptr_array_find (out, lic, NULL))
        g_ptr_array_add (out, lic);
    }
  if (out->len == 0)
    {
      set_error_missed (&c->err, c->ru, "elid");
      return NULL;
    }
  return g_steal_pointer (&out);
}

static gboolean
func_group (Call *c)
{
  IsplicSim *self = c->sim;
  g_autoptr(GPtrArray) group = sim_get_group (c, FALSE);

  if (group == NULL)
    return FALSE;

  for (guint i = 0; i < group->len; i++)
    {
      SimLicense *lic = group->pdata[i];

      if (strcmp (c->func, "soft.suspend") == 0)
        {
          if (lic->status != SIM_STATUS_SUSPENDED)
            sim_history_add (self, lic, "suspend", NULL, c->remote);
          lic->status = SIM_STATUS_SUSPENDED;
        }
      else if (strcmp (c->func, "soft.resume") == 0)
        {
          if (lic->status == SIM_STATUS_SUSPENDED)
            {
              sim_history_add (self, lic, "resume", NULL, c->remote);
              lic->status = SIM_STATUS_ACTIVE;
            }
        }
      else
        {
          guint idx;

          sim_history_add (self, lic, "delete", NULL, c->remote);
          g_hash_table_remove (self->by_ip, lic->ip);
          g_ptr_array_remove (self->pending, lic);
          lic->status = SIM_STATUS_DELETED;
          lic->key_ready_at = 0;
          if (g_ptr_array_find (self->licenses, lic, &idx))
            g_ptr_array_add (self->deleted, g_ptr_array_steal_index (self->licenses, idx));
        }
    }
  sim_state_save (self);
  sim_writer_empty (c->w, "ok");
  return TRUE;
}

static gboolean
func_checkip (Call *c)
{
  const char *pl = param (c->params, "pricelist");
  const char *per = param (c->params, "period");
  const SimTariff *tariff = NULL;
  g_autofree char *ip = NULL;

  if (pl && *pl && (tariff = sim_tariff_lookup (pl)) == NULL)
    return set_error_value (&c->err, c->ru, "pricelist", pl, NULL);
  if (per && *per)
    {
      gint64 p;

      if (!parse_int (per, G_MININT32, G_MAXINT32, &p)
          || (tariff && tariff->trial && p != SIM_TRIAL_PERIOD)
          || (tariff && !tariff->trial && p != 1 && p != 12)
          || (!tariff && p != 1 && p != 12 && p != SIM_TRIAL_PERIOD))
        return set_error_value (&c->err, c->ru, "period", per, NULL);
    }
  ip = check_ip_param (c, NULL);
  if (ip == NULL)
    return FALSE;
  sim_writer_empty (c->w, "ok");
  return TRUE;
}

static char *
new_session_id (IsplicSim *self)
{
  GString *s = g_string_new (NULL);

  for (int i = 0; i < 3; i++)
    g_string_append_printf (s, "%08x", g_rand_int (self->rand));
  return g_string_free (s, FALSE);
}

static gboolean
set_error_badpassword (Call *c)
{
  SimError *e = &c->err;

  e->type = "auth";
  e->object = g_strdup ("badpassword");
  e->value = g_strdup_printf ("remote_addr: [%s]", c->remote ? c->remote : "");
  e->msg = g_strdup (c->ru ? "Неверное имя пользователя или пароль "
                           : "Invalid username or password ");
  e->group = g_strdup (e->msg);
  return FALSE;
}

static gboolean
credentials_ok (IsplicSim  *self,
                const char *user,
                const char *password)
{
  return user != NULL && password != NULL && g_strcmp0 (user, self->user) == 0
         && g_strcmp0 (password, self->password) == 0;
}

static gboolean
func_auth (Call *c)
{
  IsplicSim *self = c->sim;
  const char *user = param (c->params, "username");
  const char *password = param (c->params, "password");
  SimSession *s;
  char *sid;

  if (!credentials_ok (self, user, password))
    return set_error_badpassword (c);
  sid = new_session_id (self);
  s = g_new0 (SimSession, 1);
  s->user = g_strdup (user);
  s->last_used = g_get_monotonic_time ();
  g_hash_table_replace (self->sessions, sid, s);
  sim_writer_begin (c->w, "auth");
  sim_writer_attr (c->w, "id", sid);
  sim_writer_attr (c->w, "level", "16");
  sim_writer_text (c->w, sid);
  sim_writer_end (c->w);
  return TRUE;
}

static gboolean
authenticate (Call *c)
{
  IsplicSim *self = c->sim;
  const char *authinfo = param (c->params, "authinfo");
  const char *sid = param (c->params, "auth");

  if (authinfo != NULL)
    {
      const char *colon = strchr (authinfo, ':');
      g_autofree char *user = colon ? g_strndup (authinfo, colon - authinfo) : NULL;

      if (colon && credentials_ok (self, user, colon + 1))
        return TRUE;
      return set_error_badpassword (c);
    }
  if (sid != NULL)
    {
      SimSession *s = g_hash_table_lookup (self->sessions, sid);
      gint64 now = g_get_monotonic_time ();

      if (s && now - s->last_used <= (gint64) self->session_idle_s * G_USEC_PER_SEC)
        {
          s->last_used = now;
          return TRUE;
        }
      if (s)
        g_hash_table_remove (self->sessions, sid);
      c->err.type = "auth";
      c->err.object = g_strdup ("session");
      c->err.value = g_strdup (sid);
      c->err.msg = g_strdup (c->ru ? "Сессия истекла или недействительна. Войдите снова "
                                   : "The session has expired or is invalid. Please log in again ");
      c->err.group = g_strdup (c->err.msg);
      return FALSE;
    }
  return set_error_badpassword (c);
}

static gboolean
dispatch (Call *c)
{
  static const struct {
    const char *func;
    gboolean (*handler) (Call *c);
  } funcs[] = {
    { "soft", func_soft },
    { "soft.filter", func_soft_filter },
    { "soft.edit", func_soft_edit },
    { "soft.order.param", func_order },
    { "service.prolong", sim_func_prolong },
    { "groupedit", sim_func_groupedit },
    { "service.changepricelist", sim_func_changepricelist },
    { "service.changepricelist.pricelist", sim_func_changepricelist },
    { "service.changepricelist.getmoney", sim_func_changepricelist },
    { "service.history", sim_func_service_history },
    { "dashboard.info", sim_func_dashboard_info },
    { "notify", sim_func_notify },
    { "dashboard.subaccount_credit", sim_func_subaccount_credit },
    { "whoami", sim_func_whoami },
    { "pricelist.export", sim_func_pricelist_export },
    { "soft.suspend", func_group },
    { "soft.resume", func_group },
    { "soft.delete", func_group },
    { "soft.checkip", func_checkip },
    { "basket", sim_func_basket },
    { "cart.empty", sim_func_cart_empty },
  };

  if (g_strcmp0 (c->func, "auth") == 0)
    return sim_func_is_disabled (c->sim, c->func) ? sim_error_unknown_func (c) : func_auth (c);
  /* The price list answers without a login too (billmgr-api.md §10.2). */
  if (g_strcmp0 (c->func, "pricelist.export") == 0 && param (c->params, "authinfo") == NULL
      && param (c->params, "auth") == NULL)
    return sim_func_is_disabled (c->sim, c->func) ? sim_error_unknown_func (c)
                                                  : sim_func_pricelist_export (c);
  if (!authenticate (c))
    return FALSE;
  if (c->func == NULL || *c->func == '\0')
    return set_error_missed (&c->err, c->ru, "func");
  /* A switched-off function is one this server does not have. */
  if (sim_func_is_disabled (c->sim, c->func))
    return sim_error_unknown_func (c);
  for (guint i = 0; i < G_N_ELEMENTS (funcs); i++)
    if (strcmp (funcs[i].func, c->func) == 0)
      return funcs[i].handler (c);
  return sim_error_unknown_func (c);
}

static gint
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

/* The keys of @table, sorted (container only). */
GPtrArray *
sim_sorted_keys (GHashTable *table)
{
  GPtrArray *keys = g_ptr_array_sized_new (g_hash_table_size (table));
  GHashTableIter iter;
  gpointer k;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &k, NULL))
    g_ptr_array_add (keys, k);
  g_ptr_array_sort (keys, compare_strings);
  return keys;
}

static gboolean
callback_name_ok (const char *cb)
{
  if (cb == NULL || *cb == '\0' || strlen (cb) > 128)
    return FALSE;
  for (const char *p = cb; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '.' && *p != '$')
      return FALSE;
  return TRUE;
}

/* XML element names: a letter or '_' first, then letters, digits, '_', '-', '.'. */
static gboolean
xml_name_ok (const char *name)
{
  if (!g_ascii_isalpha (name[0]) && name[0] != '_')
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-' && *p != '.')
      return FALSE;
  return TRUE;
}

/* billmgr's "busy" refusal: the request was not processed. */
static gboolean
set_error_busy (Call *c)
{
  return set_error_other (&c->err, "busy", NULL, NULL,
                          c->ru ? "Ваш запрос обрабатывается, пожалуйста, подождите"
                                : "Request in process, please wait");
}

/* The document for one call: the function's answer, or with @busy the busy error without
 * running it (transfer full). */
static char *
api_render (IsplicSim   *self,
            GHashTable  *params,
            const char  *remote,
            gboolean     busy,
            const char **content_type,
            gsize       *len)
{
  Call c = { 0, };
  const char *out = param (params, "out");
  const char *lang = param (params, "lang");
  const char *cb = param (params, "callback");
  gboolean xml = g_strcmp0 (out, "xml") == 0;
  g_autoptr(GPtrArray) keys = NULL;
  gsize mark;
  guint depth;
  char *body;

  c.sim = self;
  c.params = params;
  c.func = param (params, "func");
  c.ru = g_strcmp0 (lang, "ru") == 0;
  c.remote = g_strdup (remote);
  /* A big list is about 450 bytes per row. */
  c.w = sim_writer_new (xml, g_strcmp0 (c.func, "soft") == 0
                             ? 1024 + 460 * MIN (self->licenses->len, 2000) : 2048);

  sim_writer_begin (c.w, "doc");
  sim_writer_attr (c.w, "lang", c.ru ? "ru" : "en");
  sim_writer_attr (c.w, "func", c.func ? c.func : "");
  sim_writer_attr (c.w, "binary", "/billmgr");
  mark = sim_writer_get_len (c.w);
  depth = sim_writer_get_depth (c.w);
  if (busy ? !set_error_busy (&c) : !dispatch (&c))
    {
      sim_writer_truncate (c.w, mark, depth);
      write_error (c.w, &c.err, c.ru);
    }

  /* tparams: the request echoed, without secrets. */
  keys = sim_sorted_keys (params);
  sim_writer_begin (c.w, "tparams");
  for (guint i = 0; i < keys->len; i++)
    {
      const char *k = keys->pdata[i];
      const char *v;

      if (sim_is_secret_param (k) || !g_utf8_validate (k, -1, NULL) || *k == '\0')
        continue;
      if (xml && !xml_name_ok (k))
        continue;
      v = param (params, k);
      sim_writer_value (c.w, k, g_utf8_validate (v, -1, NULL) ? v : "");
    }
  sim_writer_end (c.w);
  sim_writer_end (c.w);

  body = sim_writer_finish (c.w, len);
  c.w = NULL;
  sim_error_clear (&c.err);
  g_free (c.remote);

  if (xml)
    *content_type = "text/xml; charset=UTF-8";
  else if (callback_name_ok (cb))
    {
      char *wrapped = g_strdup_printf ("%s(%s);", cb, body);

      g_free (body);
      body = wrapped;
      *len = strlen (body);
      *content_type = "application/javascript; charset=UTF-8";
    }
  else
    *content_type = "application/json; charset=UTF-8";
  return body;
}

/* Runs one API call and returns the whole body (transfer full). */
char *
sim_api_run (IsplicSim   *self,
             GHashTable  *params,
             const char  *remote,
             const char **content_type,
             gsize       *len)
{
  return api_render (self, params, remote, FALSE, content_type, len);
}

char *
sim_api_busy (IsplicSim   *self,
              GHashTable  *params,
              const char **content_type,
              gsize       *len)
{
  return api_render (self, params, NULL, TRUE, content_type, len);
}
