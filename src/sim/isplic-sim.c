/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * IsplicSim: an in-memory billmgr for ispmanager 6 license reselling, served by a SoupServer on
 * loopback. It follows the wire format and the quirks described in billmgr-api.md: errors with
 * HTTP 200, a one-row list as a single object, order answers with both id and item.id, renewal
 * answers nested in doc.doc, trailing spaces in messages, group ids joined with ", ".
 */
#include "isplic-sim.h"
#include "isplic-sim-private.h"

#include <libsoup/soup.h>
#include <string.h>

#define FIRST_ID 3100001
#define FIRST_BILLORDER 7200001
#define DEFAULT_PAGE_SIZE 20
#define DEFAULT_KEY_DELAY_MS 2000
#define DEFAULT_SESSION_IDLE_S 3600
#define IP_CHANGE_DAYS 30
#define TRIAL_DAYS 14

typedef struct {
  char   *user;
  gint64  last_used;   /* monotonic µs */
} SimSession;

typedef struct {
  IsplicSim         *sim;   /* unowned */
  SoupServerMessage *msg;   /* owned */
  GSource           *source;
} Delayed;

/* A billmgr error element. */
typedef struct {
  const char *type;
  char       *object;
  char       *object_label;
  char       *value;
  char       *desc;
  char       *group;
  char       *msg;
} SimError;

struct _IsplicSim
{
  GObject parent_instance;

  char       *user;
  char       *password;

  GPtrArray  *licenses;   /* SimLicense*, not deleted, ascending id (owned) */
  GPtrArray  *deleted;    /* SimLicense*, status 4 (owned) */
  GPtrArray  *basket;     /* SimLicense*, ordered into the cart (owned) */
  GHashTable *by_id;      /* id_str → SimLicense (licenses and deleted) */
  GHashTable *by_ip;      /* canonical ip → SimLicense (licenses only) */
  GPtrArray  *pending;    /* SimLicense* still waiting for a key (unowned) */
  guint64     next_id;
  guint64     next_billorder;
  GRand      *rand;

  guint       latency_ms;
  guint       key_delay_ms;
  guint       page_size;
  guint       session_idle_s;
  GHashTable *faults;     /* func → IsplicSimFault */
  char       *state_file;
  char       *filter[5];  /* soft.filter: licname, ip, id, status, pricelist */

  gboolean    logging;
  gboolean    log_stderr;
  GPtrArray  *requests;   /* IsplicSimRequest* */

  GHashTable *sessions;   /* sid → SimSession */

  SoupServer   *server;
  guint         port;
  GMainContext *context;
  GPtrArray    *hanging;  /* SoupServerMessage* never to be answered */
  GPtrArray    *delayed;  /* Delayed* */
  GPtrArray    *timers;   /* GSource* for keys becoming ready */
};

G_DEFINE_FINAL_TYPE (IsplicSim, isplic_sim, G_TYPE_OBJECT)

static const char *const filter_fields[5] = { "licname", "ip", "id", "status", "pricelist" };

/* ------------------------------------------------------------------------------------------ */
/* small helpers */

static void
sim_session_free (gpointer data)
{
  SimSession *s = data;

  g_free (s->user);
  g_free (s);
}

static void
request_free (gpointer data)
{
  IsplicSimRequest *r = data;

  g_free (r->method);
  g_free (r->path);
  g_free (r->query);
  g_free (r->content_type);
  g_clear_pointer (&r->params, g_hash_table_unref);
  g_free (r->func);
  g_free (r);
}

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

static gboolean
is_secret_param (const char *name)
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

static gboolean
set_error_value (SimError   *e,
                 gboolean    ru,
                 const char *field,
                 const char *value,
                 const char *desc)
{
  e->type = "value";
  e->object = g_strdup (field);
  e->object_label = g_strdup (field_label (field, ru));
  e->value = g_strdup (value ? value : "");
  e->desc = g_strdup (desc);
  e->group = g_strdup (ru ? "Значение поля '__object__' неверно '__value__'. __desc__"
                          : "The value of field '__object__' is invalid '__value__'. __desc__");
  e->msg = expand_template (e->group, e->object_label, e->value, desc);
  return FALSE;
}

static gboolean
set_error_missed (SimError   *e,
                  gboolean    ru,
                  const char *field)
{
  e->type = "missed";
  e->object = g_strdup (field);
  e->object_label = g_strdup (field_label (field, ru));
  e->group = g_strdup (ru ? "Не заполнено обязательное поле '__object__' "
                          : "The required field '__object__' is missing ");
  e->msg = expand_template (e->group, e->object_label, NULL, NULL);
  return FALSE;
}

static gboolean
set_error_unknown_elid (SimError   *e,
                        gboolean    ru,
                        const char *id)
{
  e->type = "missed";
  e->object = g_strdup ("elid");
  e->object_label = g_strdup (field_label ("elid", ru));
  e->value = g_strdup (id);
  e->group = g_strdup (ru ? "__object__ '__value__' не найдена " : "__object__ '__value__' not found ");
  e->msg = expand_template (e->group, e->object_label, id, NULL);
  return FALSE;
}

static gboolean
set_error_ip_taken (SimError   *e,
                    gboolean    ru,
                    const char *ip)
{
  e->type = "exists";
  e->object = g_strdup ("ip");
  e->object_label = g_strdup (field_label ("ip", ru));
  e->value = g_strdup (ip);
  e->group = g_strdup (ru ? "IP-адрес __value__ уже имеет лицензию ispmanager "
                          : "The IP address __value__ already has an ispmanager license ");
  e->msg = expand_template (e->group, e->object_label, ip, NULL);
  return FALSE;
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
/* state */

static void
index_add (IsplicSim  *self,
           SimLicense *lic)
{
  g_hash_table_replace (self->by_id, lic->id_str, lic);
  if (lic->status != SIM_STATUS_DELETED && lic->ip[0])
    g_hash_table_replace (self->by_ip, lic->ip, lic);
  if (lic->key_ready_at > 0)
    g_ptr_array_add (self->pending, lic);
}

static void
state_clear (IsplicSim *self)
{
  g_hash_table_remove_all (self->by_id);
  g_hash_table_remove_all (self->by_ip);
  g_ptr_array_set_size (self->pending, 0);
  g_ptr_array_set_size (self->licenses, 0);
  g_ptr_array_set_size (self->deleted, 0);
  g_ptr_array_set_size (self->basket, 0);
  self->next_id = FIRST_ID;
  self->next_billorder = FIRST_BILLORDER;
}

static gint
compare_license_id (gconstpointer a,
                    gconstpointer b)
{
  const SimLicense *la = *(SimLicense **) a;
  const SimLicense *lb = *(SimLicense **) b;

  return la->id < lb->id ? -1 : la->id > lb->id;
}

static JsonNode *
build_state (IsplicSim *self,
             gboolean   for_file)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  JsonObject *root = json_object_new ();
  JsonArray *lics = json_array_new ();
  JsonArray *basket = json_array_new ();
  JsonNode *node;

  for (guint i = 0; i < self->licenses->len; i++)
    g_ptr_array_add (all, self->licenses->pdata[i]);
  for (guint i = 0; i < self->deleted->len; i++)
    g_ptr_array_add (all, self->deleted->pdata[i]);
  g_ptr_array_sort (all, compare_license_id);
  for (guint i = 0; i < all->len; i++)
    json_array_add_object_element (lics, sim_license_to_json (all->pdata[i]));
  for (guint i = 0; i < self->basket->len; i++)
    json_array_add_object_element (basket, sim_license_to_json (self->basket->pdata[i]));

  if (for_file)
    {
      json_object_set_int_member (root, "version", 1);
      json_object_set_int_member (root, "next_id", (gint64) self->next_id);
      json_object_set_int_member (root, "next_billorder", (gint64) self->next_billorder);
    }
  json_object_set_array_member (root, "licenses", lics);
  json_object_set_array_member (root, "basket", basket);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, root);
  return node;
}

/* The state as JSON text, written directly (json-glib takes seconds for 100,000 licenses);
 * the same shape as build_state(), one license per line. */
static GString *
state_to_text (IsplicSim *self,
               gboolean   for_file)
{
  g_autoptr(GPtrArray) all = g_ptr_array_sized_new (self->licenses->len + self->deleted->len);
  GString *out = g_string_sized_new (512 + 480 * (gsize) (self->licenses->len + self->deleted->len));

  for (guint i = 0; i < self->licenses->len; i++)
    g_ptr_array_add (all, self->licenses->pdata[i]);
  for (guint i = 0; i < self->deleted->len; i++)
    g_ptr_array_add (all, self->deleted->pdata[i]);
  g_ptr_array_sort (all, compare_license_id);

  g_string_append_c (out, '{');
  if (for_file)
    g_string_append_printf (out, "\"version\":1,\"next_id\":%" G_GUINT64_FORMAT
                            ",\"next_billorder\":%" G_GUINT64_FORMAT ",",
                            self->next_id, self->next_billorder);
  g_string_append (out, "\"licenses\":[");
  for (guint i = 0; i < all->len; i++)
    {
      g_string_append (out, i ? ",\n" : "\n");
      sim_license_write_json (all->pdata[i], out);
    }
  g_string_append (out, "\n],\"basket\":[");
  for (guint i = 0; i < self->basket->len; i++)
    {
      g_string_append (out, i ? ",\n" : "\n");
      sim_license_write_json (self->basket->pdata[i], out);
    }
  g_string_append (out, "\n]}\n");
  return out;
}

static void
state_save (IsplicSim *self)
{
  g_autoptr(GError) error = NULL;
  GString *text;

  if (self->state_file == NULL)
    return;
  text = state_to_text (self, TRUE);
  if (!g_file_set_contents (self->state_file, text->str, (gssize) text->len, &error))
    g_printerr ("isplic-billmgr-sim: cannot save the state: %s\n", error->message);
  g_string_free (text, TRUE);
}

static gboolean
state_load (IsplicSim   *self,
            const char  *path,
            GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonObject *obj;
  JsonArray *arr;
  g_autoptr(GPtrArray) lics = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_license_free);
  g_autoptr(GPtrArray) basket = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_license_free);
  guint64 max_id = FIRST_ID - 1;
  guint64 max_bo = FIRST_BILLORDER - 1;

  if (!json_parser_load_from_file (parser, path, error))
    return FALSE;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s is not a simulator state file", path);
      return FALSE;
    }
  obj = json_node_get_object (root);
  if (json_object_has_member (obj, "licenses")
      && (arr = json_object_get_array_member (obj, "licenses")) != NULL)
    for (guint i = 0; i < json_array_get_length (arr); i++)
      {
        JsonNode *n = json_array_get_element (arr, i);
        SimLicense *lic;

        if (!JSON_NODE_HOLDS_OBJECT (n))
          continue;
        lic = sim_license_from_json (json_node_get_object (n), error);
        if (lic == NULL)
          return FALSE;
        max_id = MAX (max_id, lic->id);
        g_ptr_array_add (lics, lic);
      }
  if (json_object_has_member (obj, "basket")
      && (arr = json_object_get_array_member (obj, "basket")) != NULL)
    for (guint i = 0; i < json_array_get_length (arr); i++)
      {
        JsonNode *n = json_array_get_element (arr, i);
        SimLicense *lic;

        if (!JSON_NODE_HOLDS_OBJECT (n))
          continue;
        lic = sim_license_from_json (json_node_get_object (n), error);
        if (lic == NULL)
          return FALSE;
        max_bo = MAX (max_bo, lic->billorder);
        g_ptr_array_add (basket, lic);
      }

  state_clear (self);
  g_ptr_array_sort (lics, compare_license_id);
  for (guint i = 0; i < lics->len; i++)
    {
      SimLicense *lic = lics->pdata[i];

      lics->pdata[i] = NULL;
      if (lic->status == SIM_STATUS_DELETED)
        g_ptr_array_add (self->deleted, lic);
      else
        g_ptr_array_add (self->licenses, lic);
      index_add (self, lic);
    }
  for (guint i = 0; i < basket->len; i++)
    {
      g_ptr_array_add (self->basket, basket->pdata[i]);
      basket->pdata[i] = NULL;
    }
  self->next_id = MAX ((guint64) json_object_get_int_member_with_default (obj, "next_id", 0),
                       max_id + 1);
  self->next_billorder = MAX ((guint64) json_object_get_int_member_with_default (obj, "next_billorder", 0),
                              max_bo + 1);
  return TRUE;
}

/* Licenses whose key delay has passed become active with a key. */
static void
settle (IsplicSim *self)
{
  gint64 now;
  gboolean changed = FALSE;

  if (self->pending->len == 0)
    return;
  now = g_get_real_time ();
  for (guint i = 0; i < self->pending->len;)
    {
      SimLicense *lic = self->pending->pdata[i];

      if (lic->key_ready_at > 0 && lic->key_ready_at <= now)
        {
          lic->key_ready_at = 0;
          if (lic->lickey[0] == '\0')
            {
              g_free (lic->lickey);
              lic->lickey = sim_make_key (self->rand, lic->id);
            }
          if (lic->status == SIM_STATUS_PROCESSING)
            lic->status = SIM_STATUS_ACTIVE;
          g_ptr_array_remove_index (self->pending, i);
          changed = TRUE;
        }
      else if (lic->key_ready_at <= 0)
        g_ptr_array_remove_index (self->pending, i);
      else
        i++;
    }
  if (changed)
    state_save (self);
}

static gboolean
settle_timer_cb (gpointer user_data)
{
  IsplicSim *self = user_data;
  GSource *source = g_main_current_source ();

  settle (self);
  g_ptr_array_remove (self->timers, source);
  return G_SOURCE_REMOVE;
}

static void
schedule_settle (IsplicSim *self,
                 guint      delay_ms)
{
  GSource *source = g_timeout_source_new (delay_ms + 5);

  g_source_set_callback (source, settle_timer_cb, self, NULL);
  g_source_set_name (source, "[isplic-sim] key ready");
  g_source_attach (source, self->context);
  g_ptr_array_add (self->timers, source);
}

static SimLicense *
find_license (IsplicSim  *self,
              const char *id)
{
  return id ? g_hash_table_lookup (self->by_id, id) : NULL;
}

/* ------------------------------------------------------------------------------------------ */
/* the API functions */

typedef struct {
  IsplicSim  *sim;
  GHashTable *params;
  const char *func;
  gboolean    ru;
  SimWriter  *w;
  SimError    err;
  char       *remote;  /* remote address text */
} Call;

static gboolean
get_elid_license (Call        *c,
                  SimLicense **out)
{
  g_autofree char *elid = param_stripped (c->params, "elid");
  SimLicense *lic;

  if (elid == NULL)
    return set_error_missed (&c->err, c->ru, "elid");
  lic = find_license (c->sim, elid);
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

static void
write_slist_periods (SimWriter  *w,
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

static gboolean
parse_nodes (Call  *c,
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

  if (!get_elid_license (c, &lic))
    return FALSE;

  if (!has_sok (c->params))
    {
      write_license_form (c->w, lic, c->ru);
      write_slist_periods (c->w, "autoprolong", TRUE, c->ru);
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
      state_save (self);
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
        && !parse_nodes (c, &nodes, MAX (lic->nodes, 1)))
      return FALSE;

    if (name)
      {
        g_free (lic->licname);
        lic->licname = g_steal_pointer (&name);
      }
    if (change_ip)
      {
        g_hash_table_remove (self->by_ip, lic->ip);
        g_free (lic->ip);
        lic->ip = g_steal_pointer (&ip);
        lic->ip_change_date = today;
        g_hash_table_replace (self->by_ip, lic->ip, lic);
      }
    lic->autoprolong = autoprolong;
    lic->nodes = nodes;
    state_save (self);

    sim_writer_empty (c->w, "ok");
    /* The changed form comes back one level deeper. */
    sim_writer_begin (c->w, "doc");
    write_license_form (c->w, lic, c->ru);
    sim_writer_end (c->w);
  }
  return TRUE;
}

static void
write_order_form (Call *c)
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
  sim_writer_end_array (c->w);
  write_slist_periods (c->w, "period", FALSE, c->ru);
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
    {
      write_order_form (c);
      return TRUE;
    }
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
  if (tariff->has_nodes && !tariff->trial && !parse_nodes (c, &nodes, 0))
    return FALSE;
  if (tariff->trial)
    autoprolong = 0;

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

      lic->status = SIM_STATUS_ORDERED;
      lic->billorder = self->next_billorder++;
      g_ptr_array_add (self->basket, lic);
      state_save (self);
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
      schedule_settle (self, self->key_delay_ms);
    }
  g_ptr_array_add (self->licenses, lic);
  index_add (self, lic);
  state_save (self);

  sim_writer_value (c->w, "id", lic->id_str);
  sim_writer_value (c->w, "item.id", lic->id_str);
  sim_writer_empty (c->w, "ok");
  return TRUE;
}

static gboolean
func_prolong (Call *c)
{
  IsplicSim *self = c->sim;
  g_autofree char *elid = param_stripped (c->params, "elid");
  const char *per = param (c->params, "period");
  SimLicense *lic;
  gint64 period;
  guint32 today = sim_today ();
  guint32 base, newdate;
  char buf[16];
  char old[16];
  char pbuf[8];
  g_autofree char *title = NULL;

  if (elid == NULL)
    return set_error_missed (&c->err, c->ru, "elid");
  lic = find_license (self, elid);
  if (lic == NULL)
    return set_error_unknown_elid (&c->err, c->ru, elid);
  if (lic->status == SIM_STATUS_DELETED)
    {
      g_autofree char *msg = g_strdup_printf (c->ru ? "Лицензия %s удалена, продлить её нельзя "
                                                    : "The license %s has been deleted and cannot be renewed ",
                                              elid);
      return set_error_other (&c->err, "access", "elid", elid, msg);
    }
  if (lic->tariff->trial)
    return set_error_other (&c->err, "not_supported", "period", NULL,
                            c->ru ? "Пробную лицензию нельзя продлить. Закажите платный тариф "
                                  : "Trial licenses cannot be renewed. Order a paid tariff instead ");

  if (per == NULL || *per == '\0')
    period = lic->period > 0 ? lic->period : 1;
  else if (!parse_int (per, G_MININT32, G_MAXINT32, &period) || (period != 1 && period != 12))
    return set_error_value (&c->err, c->ru, "period", per, NULL);

  /* Active: from the current expiry; suspended or expired: from today. */
  base = (lic->status == SIM_STATUS_SUSPENDED || lic->expiredate < today) ? today : lic->expiredate;
  newdate = sim_date_add_months (base, (int) period);
  sim_date_format (lic->expiredate, old);
  sim_date_format (newdate, buf);
  g_snprintf (pbuf, sizeof pbuf, "%d", (int) period);

  if (!has_sok (c->params))
    {
      title = g_strdup_printf ("%s #%s %s (%s)", lic->tariff->name, lic->id_str, lic->licname,
                               lic->ip);
      sim_writer_value (c->w, "elid", lic->id_str);
      sim_writer_value (c->w, "title_name", title);
      sim_writer_value (c->w, "expiredate", old);
      sim_writer_value (c->w, "newexpiredate", buf);
      sim_writer_value (c->w, "period", pbuf);
      write_slist_periods (c->w, "period", FALSE, c->ru);
      return TRUE;
    }

  if (lic->status == SIM_STATUS_SUSPENDED && lic->expiredate < today)
    lic->status = SIM_STATUS_ACTIVE;
  lic->expiredate = newdate;
  lic->update_expiredate = newdate;
  state_save (self);

  sim_writer_empty (c->w, "ok");
  sim_writer_begin (c->w, "doc");
  sim_writer_value (c->w, "elid", lic->id_str);
  sim_writer_value (c->w, "expiredate", old);
  sim_writer_value (c->w, "newexpiredate", buf);
  sim_writer_value (c->w, "period", pbuf);
  sim_writer_end (c->w);
  return TRUE;
}

static gboolean
func_changepricelist (Call *c)
{
  IsplicSim *self = c->sim;
  SimLicense *lic;
  const char *pl;
  const SimTariff *tariff;
  guint nodes = 0;
  int period;

  if (!get_elid_license (c, &lic))
    return FALSE;

  if (!has_sok (c->params))
    {
      guint n;
      const SimTariff *t = sim_tariffs_get (&n);

      sim_writer_value (c->w, "elid", lic->id_str);
      sim_writer_value (c->w, "pricelist", lic->tariff->id);
      sim_writer_value (c->w, "pricelist_name", lic->tariff->name);
      sim_writer_begin_array (c->w, "slist");
      sim_writer_begin (c->w, NULL);
      sim_writer_attr (c->w, "name", "pricelist");
      sim_writer_begin_array (c->w, "val");
      for (guint i = 0; i < n; i++)
        {
          if (t[i].trial || &t[i] == lic->tariff)
            continue;
          sim_writer_begin (c->w, NULL);
          sim_writer_attr (c->w, "key", t[i].id);
          sim_writer_text (c->w, t[i].name);
          sim_writer_end (c->w);
        }
      sim_writer_end_array (c->w);
      sim_writer_end (c->w);
      sim_writer_end_array (c->w);
      return TRUE;
    }

  pl = param (c->params, "pricelist");
  if (pl == NULL || *pl == '\0')
    return set_error_missed (&c->err, c->ru, "pricelist");
  tariff = sim_tariff_lookup (pl);
  if (tariff == NULL)
    return set_error_value (&c->err, c->ru, "pricelist", pl, NULL);
  if (tariff->trial)
    return set_error_value (&c->err, c->ru, "pricelist", pl,
                            c->ru ? "Перейти на пробный тариф нельзя"
                                  : "A license cannot be moved to a trial tariff");
  if (tariff == lic->tariff)
    return set_error_value (&c->err, c->ru, "pricelist", pl,
                            c->ru ? "Лицензия уже на этом тарифе"
                                  : "The license already has this tariff");
  period = lic->period;
  if (lic->tariff->trial || param (c->params, "period"))
    {
      gint64 p = 1;

      if (param (c->params, "period") && (!parse_int (param (c->params, "period"), 1, 12, &p)
                                          || (p != 1 && p != 12)))
        return set_error_value (&c->err, c->ru, "period", param (c->params, "period"), NULL);
      period = (int) p;
    }
  if (tariff->has_nodes && !parse_nodes (c, &nodes, MAX (lic->nodes, 1)))
    return FALSE;

  if (lic->tariff->trial)
    lic->autoprolong = 0;
  lic->tariff = tariff;
  lic->period = period;
  lic->nodes = nodes;
  state_save (self);
  sim_writer_empty (c->w, "ok");
  return TRUE;
}

/* "12, 34, 56" → licenses; every id must exist. */
static GPtrArray *
get_group (Call *c)
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
      lic = find_license (c->sim, id);
      if (lic == NULL || lic->status == SIM_STATUS_DELETED)
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
  g_autoptr(GPtrArray) group = get_group (c);
  guint32 today = sim_today ();

  if (group == NULL)
    return FALSE;

  if (strcmp (c->func, "soft.resume") == 0)
    for (guint i = 0; i < group->len; i++)
      {
        SimLicense *lic = group->pdata[i];

        if (lic->status == SIM_STATUS_SUSPENDED && lic->expiredate < today)
          return set_error_value (&c->err, c->ru, "elid", lic->id_str,
                                  c->ru ? "Срок действия лицензии истёк, сначала продлите её"
                                        : "The license has expired; renew it to resume it");
      }

  for (guint i = 0; i < group->len; i++)
    {
      SimLicense *lic = group->pdata[i];

      if (strcmp (c->func, "soft.suspend") == 0)
        lic->status = SIM_STATUS_SUSPENDED;
      else if (strcmp (c->func, "soft.resume") == 0)
        {
          if (lic->status == SIM_STATUS_SUSPENDED)
            lic->status = SIM_STATUS_ACTIVE;
        }
      else
        {
          guint idx;

          g_hash_table_remove (self->by_ip, lic->ip);
          g_ptr_array_remove (self->pending, lic);
          lic->status = SIM_STATUS_DELETED;
          lic->key_ready_at = 0;
          if (g_ptr_array_find (self->licenses, lic, &idx))
            g_ptr_array_add (self->deleted, g_ptr_array_steal_index (self->licenses, idx));
        }
    }
  state_save (self);
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
    { "service.prolong", func_prolong },
    { "service.changepricelist", func_changepricelist },
    { "soft.suspend", func_group },
    { "soft.resume", func_group },
    { "soft.delete", func_group },
    { "soft.checkip", func_checkip },
  };

  if (g_strcmp0 (c->func, "auth") == 0)
    return func_auth (c);
  if (!authenticate (c))
    return FALSE;
  if (c->func == NULL || *c->func == '\0')
    return set_error_missed (&c->err, c->ru, "func");
  for (guint i = 0; i < G_N_ELEMENTS (funcs); i++)
    if (strcmp (funcs[i].func, c->func) == 0)
      return funcs[i].handler (c);
  {
    g_autofree char *msg = g_strdup_printf (c->ru ? "Неизвестная функция '%s' "
                                                  : "Unknown function '%s' ", c->func);
    return set_error_other (&c->err, "missed", "func", c->func, msg);
  }
}

static gint
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

/* The keys of @table, sorted (container only). */
static GPtrArray *
sorted_keys (GHashTable *table)
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

/* Runs one API call and returns the whole body (transfer full). */
static char *
run_api (IsplicSim   *self,
         GHashTable  *params,
         const char  *remote,
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
  c.w = sim_writer_new (xml, g_strcmp0 (c.func, "soft") == 0 ? 1024 + 460 * MIN (self->licenses->len, 2000) : 2048);

  sim_writer_begin (c.w, "doc");
  sim_writer_attr (c.w, "lang", c.ru ? "ru" : "en");
  sim_writer_attr (c.w, "func", c.func ? c.func : "");
  sim_writer_attr (c.w, "binary", "/billmgr");
  mark = sim_writer_get_len (c.w);
  depth = sim_writer_get_depth (c.w);
  if (!dispatch (&c))
    {
      sim_writer_truncate (c.w, mark, depth);
      write_error (c.w, &c.err, c.ru);
    }

  /* tparams: the request echoed, without secrets. */
  keys = sorted_keys (params);
  sim_writer_begin (c.w, "tparams");
  for (guint i = 0; i < keys->len; i++)
    {
      const char *k = keys->pdata[i];

      if (is_secret_param (k) || !g_utf8_validate (k, -1, NULL) || *k == '\0')
        continue;
      if (xml && !xml_name_ok (k))
        continue;
      sim_writer_value (c.w, k, g_utf8_validate (param (params, k), -1, NULL) ? param (params, k) : "");
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

/* ------------------------------------------------------------------------------------------ */
/* HTTP */

static GHashTable *
new_params (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static void
merge_form (GHashTable *into,
            GHashTable *form)
{
  GHashTableIter iter;
  gpointer k, v;

  if (form == NULL)
    return;
  g_hash_table_iter_init (&iter, form);
  while (g_hash_table_iter_next (&iter, &k, &v))
    g_hash_table_replace (into, g_strdup (k), g_strdup (v ? v : ""));
}

static GHashTable *
parse_params (SoupServerMessage *msg)
{
  GHashTable *params = new_params ();
  GUri *uri = soup_server_message_get_uri (msg);
  const char *query = g_uri_get_query (uri);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  const char *ctype = soup_message_headers_get_content_type (headers, NULL);

  if (query)
    {
      g_autoptr(GHashTable) form = soup_form_decode (query);

      merge_form (params, form);
    }
  if (body && body->length > 0)
    {
      g_autoptr(GBytes) bytes = soup_message_body_flatten (body);

      if (ctype && g_ascii_strcasecmp (ctype, "multipart/form-data") == 0)
        {
          SoupMultipart *mp = soup_multipart_new_from_message (headers, bytes);

          /* Part by part (files too: their content becomes the value), as a form would. */
          for (int i = 0; mp && i < soup_multipart_get_length (mp); i++)
            {
              SoupMessageHeaders *part_headers;
              GBytes *part_body;
              g_autoptr(GHashTable) disp = NULL;
              const char *name;

              if (!soup_multipart_get_part (mp, i, &part_headers, &part_body)
                  || !soup_message_headers_get_content_disposition (part_headers, NULL, &disp))
                continue;
              name = g_hash_table_lookup (disp, "name");
              if (name)
                {
                  gsize n;
                  const char *data = g_bytes_get_data (part_body, &n);

                  g_hash_table_replace (params, g_strdup (name), g_strndup (data, n));
                }
            }
          g_clear_pointer (&mp, soup_multipart_free);
        }
      else
        {
          /* Whatever the content type says (or when there is none), the body is form data. */
          gsize n;
          const char *data = g_bytes_get_data (bytes, &n);
          g_autofree char *text = g_strndup (data, n);
          g_autoptr(GHashTable) form = soup_form_decode (text);

          merge_form (params, form);
        }
    }
  return params;
}

static char *
redact_query (const char *query)
{
  g_auto(GStrv) pairs = NULL;
  GString *out;

  if (query == NULL)
    return NULL;
  pairs = g_strsplit (query, "&", -1);
  out = g_string_new (NULL);
  for (guint i = 0; pairs[i]; i++)
    {
      const char *eq = strchr (pairs[i], '=');
      g_autofree char *raw = eq ? g_strndup (pairs[i], eq - pairs[i]) : g_strdup (pairs[i]);
      g_autofree char *name = g_uri_unescape_string (raw, NULL);

      if (i > 0)
        g_string_append_c (out, '&');
      if (name && is_secret_param (name))
        g_string_append_printf (out, "%s=***", raw);
      else
        g_string_append (out, pairs[i]);
    }
  return g_string_free (out, FALSE);
}

static void
log_request (IsplicSim         *self,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *params)
{
  IsplicSimRequest *r;
  GHashTableIter iter;
  gpointer k, v;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  if (!self->logging && !self->log_stderr)
    return;
  r = g_new0 (IsplicSimRequest, 1);
  r->method = g_strdup (soup_server_message_get_method (msg));
  r->path = g_strdup (path);
  r->query = redact_query (g_uri_get_query (soup_server_message_get_uri (msg)));
  r->content_type = g_strdup (soup_message_headers_get_one (headers, "Content-Type"));
  r->params = new_params ();
  g_hash_table_iter_init (&iter, params);
  while (g_hash_table_iter_next (&iter, &k, &v))
    g_hash_table_replace (r->params, g_strdup (k), g_strdup (is_secret_param (k) ? "***" : v));
  r->func = g_strdup (param (params, "func"));

  if (self->log_stderr)
    {
      g_autoptr(GPtrArray) keys = sorted_keys (r->params);
      GString *line = g_string_new (NULL);

      g_string_append_printf (line, "isplic-billmgr-sim: %s %s", r->method, r->path);
      for (guint i = 0; i < keys->len; i++)
        g_string_append_printf (line, " %s=%s", (char *) keys->pdata[i],
                                (char *) g_hash_table_lookup (r->params, keys->pdata[i]));
      g_printerr ("%s\n", line->str);
      g_string_free (line, TRUE);
    }
  if (self->logging)
    g_ptr_array_add (self->requests, r);
  else
    request_free (r);
}

static void
delayed_free (Delayed *d)
{
  if (d->source)
    {
      g_source_destroy (d->source);
      g_source_unref (d->source);
    }
  g_clear_object (&d->msg);
  g_free (d);
}

static gboolean
delayed_cb (gpointer user_data)
{
  Delayed *d = user_data;

  g_source_unref (d->source);
  d->source = NULL;
  soup_server_message_unpause (d->msg);
  g_ptr_array_remove_fast (d->sim->delayed, d);
  return G_SOURCE_REMOVE;
}

static void
respond (IsplicSim         *self,
         SoupServerMessage *msg,
         guint              status,
         const char        *content_type,
         char              *body,
         gsize              len)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_TAKE, body, len);
  if (self->latency_ms > 0)
    {
      Delayed *d = g_new0 (Delayed, 1);

      d->sim = self;
      d->msg = g_object_ref (msg);
      d->source = g_timeout_source_new (self->latency_ms);
      g_source_set_callback (d->source, delayed_cb, d, NULL);
      g_source_set_name (d->source, "[isplic-sim] latency");
      g_source_attach (d->source, self->context);
      g_ptr_array_add (self->delayed, d);
      soup_server_message_pause (msg);
    }
}

static void
hang (IsplicSim         *self,
      SoupServerMessage *msg)
{
  soup_server_message_pause (msg);
  g_ptr_array_add (self->hanging, g_object_ref (msg));
}

static IsplicSimFault
fault_for (IsplicSim  *self,
           const char *func)
{
  gpointer v;

  if (func && g_hash_table_lookup_extended (self->faults, func, NULL, &v))
    return GPOINTER_TO_INT (v);
  if (g_hash_table_lookup_extended (self->faults, "*", NULL, &v))
    return GPOINTER_TO_INT (v);
  return ISPLIC_SIM_FAULT_NONE;
}

static char *
remote_text (SoupServerMessage *msg)
{
  GSocketAddress *addr = soup_server_message_get_remote_address (msg);

  if (G_IS_INET_SOCKET_ADDRESS (addr))
    return g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (addr)));
  return g_strdup ("");
}

static gboolean
remote_is_loopback (SoupServerMessage *msg)
{
  GSocketAddress *addr = soup_server_message_get_remote_address (msg);

  return G_IS_INET_SOCKET_ADDRESS (addr)
         && g_inet_address_get_is_loopback (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (addr)));
}

static char *
requests_to_json (IsplicSim *self,
                  gsize     *len)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (b);
  for (guint i = 0; i < self->requests->len; i++)
    {
      IsplicSimRequest *r = self->requests->pdata[i];
      GHashTableIter iter;
      gpointer k, v;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "method");
      json_builder_add_string_value (b, r->method);
      json_builder_set_member_name (b, "path");
      json_builder_add_string_value (b, r->path);
      json_builder_set_member_name (b, "query");
      if (r->query)
        json_builder_add_string_value (b, r->query);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "content_type");
      if (r->content_type)
        json_builder_add_string_value (b, r->content_type);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "func");
      if (r->func)
        json_builder_add_string_value (b, r->func);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "params");
      json_builder_begin_object (b);
      g_hash_table_iter_init (&iter, r->params);
      while (g_hash_table_iter_next (&iter, &k, &v))
        {
          json_builder_set_member_name (b, k);
          json_builder_add_string_value (b, g_utf8_validate (v, -1, NULL) ? v : "");
        }
      json_builder_end_object (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  return json_generator_to_data (gen, len);
}

static void
handle_sim_endpoint (IsplicSim         *self,
                     SoupServerMessage *msg,
                     const char        *path)
{
  gsize len = 0;
  char *body;

  if (!remote_is_loopback (msg))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_FORBIDDEN, NULL);
      return;
    }
  if (strcmp (path, "/sim/state") == 0)
    {
      GString *text = state_to_text (self, FALSE);

      len = text->len;
      body = g_string_free (text, FALSE);
    }
  else
    body = requests_to_json (self, &len);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, body, len);
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  IsplicSim *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  gboolean is_api = strcmp (path, "/billmgr") == 0 || strcmp (path, "/manager/billmgr") == 0;
  gboolean is_sim = strcmp (path, "/sim/state") == 0 || strcmp (path, "/sim/requests") == 0;
  g_autoptr(GHashTable) params = NULL;
  g_autofree char *remote = NULL;
  const char *func;
  const char *ctype;
  IsplicSimFault fault;
  char *body;
  gsize len;

  if (!is_api && !is_sim)
    {
      static const char not_found[] = "<html><body><h1>404 Not Found</h1></body></html>";

      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, not_found,
                                        strlen (not_found));
      return;
    }
  if (strcmp (method, "GET") != 0 && strcmp (method, "POST") != 0
      && !(is_api && strcmp (method, "HEAD") == 0))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
      soup_message_headers_append (soup_server_message_get_response_headers (msg), "Allow",
                                   "GET, POST");
      return;
    }

  settle (self);
  if (is_sim)
    {
      handle_sim_endpoint (self, msg, path);
      return;
    }

  params = parse_params (msg);
  func = param (params, "func");
  log_request (self, msg, path, params);

  fault = fault_for (self, func);
  switch (fault)
    {
    case ISPLIC_SIM_FAULT_HTTP500:
      {
        static const char html[] =
          "<html>\r\n<head><title>500 Internal Server Error</title></head>\r\n"
          "<body>\r\n<center><h1>500 Internal Server Error</h1></center>\r\n"
          "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

        soup_server_message_set_status (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
        soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, html,
                                          strlen (html));
      }
      return;
    case ISPLIC_SIM_FAULT_MALFORMED:
      {
        static const char html[] =
          "<html><head><title>Maintenance</title></head><body><h1>The billing panel is being "
          "updated</h1><p>Please try again later.</p></body></html>";

        respond (self, msg, SOUP_STATUS_OK, "text/html", g_strdup (html), strlen (html));
      }
      return;
    case ISPLIC_SIM_FAULT_TIMEOUT:
      hang (self, msg);
      return;
    case ISPLIC_SIM_FAULT_NONE:
    case ISPLIC_SIM_FAULT_TIMEOUT_AFTER:
    case ISPLIC_SIM_FAULT_TRUNCATED:
    default:
      break;
    }

  remote = remote_text (msg);
  body = run_api (self, params, remote, &ctype, &len);
  if (fault == ISPLIC_SIM_FAULT_TIMEOUT_AFTER)
    {
      g_free (body);
      hang (self, msg);
      return;
    }
  if (fault == ISPLIC_SIM_FAULT_TRUNCATED)
    len = len / 2;
  respond (self, msg, SOUP_STATUS_OK, ctype, body, len);
}

/* ------------------------------------------------------------------------------------------ */
/* GObject */

static void
isplic_sim_dispose (GObject *object)
{
  IsplicSim *self = ISPLIC_SIM (object);

  isplic_sim_stop (self);
  G_OBJECT_CLASS (isplic_sim_parent_class)->dispose (object);
}

static void
isplic_sim_finalize (GObject *object)
{
  IsplicSim *self = ISPLIC_SIM (object);

  g_free (self->user);
  g_free (self->password);
  g_hash_table_unref (self->by_id);
  g_hash_table_unref (self->by_ip);
  g_ptr_array_unref (self->pending);
  g_ptr_array_unref (self->licenses);
  g_ptr_array_unref (self->deleted);
  g_ptr_array_unref (self->basket);
  g_rand_free (self->rand);
  g_hash_table_unref (self->faults);
  g_free (self->state_file);
  for (guint i = 0; i < G_N_ELEMENTS (self->filter); i++)
    g_free (self->filter[i]);
  g_ptr_array_unref (self->requests);
  g_hash_table_unref (self->sessions);
  g_ptr_array_unref (self->hanging);
  g_ptr_array_unref (self->delayed);
  g_ptr_array_unref (self->timers);
  G_OBJECT_CLASS (isplic_sim_parent_class)->finalize (object);
}

static void
isplic_sim_class_init (IsplicSimClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = isplic_sim_dispose;
  object_class->finalize = isplic_sim_finalize;
}

static void
timer_source_free (gpointer data)
{
  GSource *source = data;

  g_source_destroy (source);
  g_source_unref (source);
}

static void
isplic_sim_init (IsplicSim *self)
{
  self->user = g_strdup (ISPLIC_SIM_DEFAULT_USER);
  self->password = g_strdup (ISPLIC_SIM_DEFAULT_PASSWORD);
  self->licenses = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_license_free);
  self->deleted = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_license_free);
  self->basket = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_license_free);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->by_ip = g_hash_table_new (g_str_hash, g_str_equal);
  self->pending = g_ptr_array_new ();
  self->next_id = FIRST_ID;
  self->next_billorder = FIRST_BILLORDER;
  self->rand = g_rand_new ();
  self->key_delay_ms = DEFAULT_KEY_DELAY_MS;
  self->page_size = DEFAULT_PAGE_SIZE;
  self->session_idle_s = DEFAULT_SESSION_IDLE_S;
  self->faults = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->requests = g_ptr_array_new_with_free_func (request_free);
  self->sessions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, sim_session_free);
  self->hanging = g_ptr_array_new_with_free_func (g_object_unref);
  self->delayed = g_ptr_array_new_with_free_func ((GDestroyNotify) delayed_free);
  self->timers = g_ptr_array_new_with_free_func (timer_source_free);
}

/* ------------------------------------------------------------------------------------------ */
/* public API */

IsplicSim *
isplic_sim_new (void)
{
  return g_object_new (ISPLIC_TYPE_SIM, NULL);
}

void
isplic_sim_set_account (IsplicSim  *self,
                        const char *user,
                        const char *password)
{
  g_return_if_fail (ISPLIC_IS_SIM (self));
  g_return_if_fail (user != NULL && password != NULL);

  g_free (self->user);
  self->user = g_strdup (user);
  g_free (self->password);
  self->password = g_strdup (password);
  g_hash_table_remove_all (self->sessions);
}

void
isplic_sim_generate (IsplicSim *self,
                     guint      n,
                     guint32    seed)
{
  g_autoptr(GPtrArray) lics = NULL;

  g_return_if_fail (ISPLIC_IS_SIM (self));

  state_clear (self);
  lics = sim_generate (n, seed, FIRST_ID);
  for (guint i = 0; i < lics->len; i++)
    {
      SimLicense *lic = lics->pdata[i];

      lics->pdata[i] = NULL;
      g_ptr_array_add (self->licenses, lic);
      index_add (self, lic);
    }
  self->next_id = FIRST_ID + n;
  state_save (self);
}

void
isplic_sim_set_latency (IsplicSim *self,
                        guint      latency_ms)
{
  g_return_if_fail (ISPLIC_IS_SIM (self));
  self->latency_ms = latency_ms;
}

void
isplic_sim_set_key_delay (IsplicSim *self,
                          guint      delay_ms)
{
  g_return_if_fail (ISPLIC_IS_SIM (self));
  self->key_delay_ms = delay_ms;
}

void
isplic_sim_set_page_size (IsplicSim *self,
                          guint      rows)
{
  g_return_if_fail (ISPLIC_IS_SIM (self));
  g_return_if_fail (rows > 0);
  self->page_size = rows;
}

void
isplic_sim_set_session_idle (IsplicSim *self,
                             guint      seconds)
{
  g_return_if_fail (ISPLIC_IS_SIM (self));
  self->session_idle_s = seconds;
}

void
isplic_sim_set_fault (IsplicSim      *self,
                      const char     *func,
                      IsplicSimFault  fault)
{
  g_return_if_fail (ISPLIC_IS_SIM (self));
  g_return_if_fail (func != NULL);

  if (fault == ISPLIC_SIM_FAULT_NONE)
    g_hash_table_remove (self->faults, func);
  else
    g_hash_table_replace (self->faults, g_strdup (func), GINT_TO_POINTER (fault));
}

gboolean
isplic_sim_parse_fault (IsplicSim   *self,
                        const char  *spec,
                        GError     **error)
{
  static const struct { const char *name; IsplicSimFault fault; } kinds[] = {
    { "http500", ISPLIC_SIM_FAULT_HTTP500 },
    { "malformed", ISPLIC_SIM_FAULT_MALFORMED },
    { "timeout", ISPLIC_SIM_FAULT_TIMEOUT },
    { "timeout-after", ISPLIC_SIM_FAULT_TIMEOUT_AFTER },
    { "truncated", ISPLIC_SIM_FAULT_TRUNCATED },
    { "none", ISPLIC_SIM_FAULT_NONE },
  };
  const char *eq;
  g_autofree char *func = NULL;

  g_return_val_if_fail (ISPLIC_IS_SIM (self), FALSE);
  g_return_val_if_fail (spec != NULL, FALSE);

  eq = strchr (spec, '=');
  if (eq == NULL || eq == spec)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "Fault “%s” is not FUNC=KIND (KIND: http500, malformed, truncated, timeout, "
                   "timeout-after, none)", spec);
      return FALSE;
    }
  func = g_strndup (spec, eq - spec);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (strcmp (eq + 1, kinds[i].name) == 0)
      {
        isplic_sim_set_fault (self, func, kinds[i].fault);
        return TRUE;
      }
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               "Unknown fault kind “%s” (use http500, malformed, truncated, timeout, "
               "timeout-after or none)", eq + 1);
  return FALSE;
}

gboolean
isplic_sim_set_state_file (IsplicSim   *self,
                           const char  *path,
                           GError     **error)
{
  g_return_val_if_fail (ISPLIC_IS_SIM (self), FALSE);

  g_clear_pointer (&self->state_file, g_free);
  if (path == NULL)
    return TRUE;
  if (g_file_test (path, G_FILE_TEST_EXISTS) && !state_load (self, path, error))
    return FALSE;
  self->state_file = g_strdup (path);
  return TRUE;
}

gboolean
isplic_sim_start (IsplicSim  *self,
                  guint       port,
                  GError    **error)
{
  g_autoptr(GInetAddress) lo = NULL;
  g_autoptr(GSocketAddress) addr = NULL;
  GSList *uris;

  g_return_val_if_fail (ISPLIC_IS_SIM (self), FALSE);
  g_return_val_if_fail (self->server == NULL, FALSE);

  self->server = soup_server_new ("server-header", "isplic-billmgr-sim ", NULL);
  soup_server_add_handler (self->server, NULL, server_cb, self, NULL);
  lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  addr = g_inet_socket_address_new (lo, (guint16) port);
  if (!soup_server_listen (self->server, addr, 0, error))
    {
      g_clear_object (&self->server);
      return FALSE;
    }
  self->context = g_main_context_ref_thread_default ();
  uris = soup_server_get_uris (self->server);
  self->port = uris ? (guint) g_uri_get_port (uris->data) : port;
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return TRUE;
}

void
isplic_sim_stop (IsplicSim *self)
{
  g_return_if_fail (ISPLIC_IS_SIM (self));

  g_ptr_array_set_size (self->timers, 0);
  g_ptr_array_set_size (self->delayed, 0);
  if (self->server)
    {
      soup_server_disconnect (self->server);
      g_clear_object (&self->server);
    }
  g_ptr_array_set_size (self->hanging, 0);
  g_clear_pointer (&self->context, g_main_context_unref);
  self->port = 0;
}

char *
isplic_sim_get_url (IsplicSim *self)
{
  g_return_val_if_fail (ISPLIC_IS_SIM (self), NULL);

  if (self->server == NULL)
    return NULL;
  return g_strdup_printf ("http://127.0.0.1:%u/billmgr", self->port);
}

guint
isplic_sim_get_port (IsplicSim *self)
{
  g_return_val_if_fail (ISPLIC_IS_SIM (self), 0);
  return self->port;
}

void
isplic_sim_set_logging (IsplicSim *self,
                        gboolean   enabled)
{
  g_return_if_fail (ISPLIC_IS_SIM (self));
  self->logging = enabled;
}

void
isplic_sim_set_log_stderr (IsplicSim *self,
                           gboolean   enabled)
{
  g_return_if_fail (ISPLIC_IS_SIM (self));
  self->log_stderr = enabled;
}

GPtrArray *
isplic_sim_get_requests (IsplicSim *self)
{
  g_return_val_if_fail (ISPLIC_IS_SIM (self), NULL);
  return self->requests;
}

void
isplic_sim_clear_requests (IsplicSim *self)
{
  g_return_if_fail (ISPLIC_IS_SIM (self));
  g_ptr_array_set_size (self->requests, 0);
}

guint
isplic_sim_count_requests (IsplicSim  *self,
                           const char *func)
{
  guint n = 0;

  g_return_val_if_fail (ISPLIC_IS_SIM (self), 0);
  for (guint i = 0; i < self->requests->len; i++)
    {
      IsplicSimRequest *r = self->requests->pdata[i];

      if (g_strcmp0 (r->func, func) == 0)
        n++;
    }
  return n;
}

JsonObject *
isplic_sim_lookup (IsplicSim  *self,
                   const char *id)
{
  SimLicense *lic;

  g_return_val_if_fail (ISPLIC_IS_SIM (self), NULL);
  settle (self);
  lic = find_license (self, id);
  return lic ? sim_license_to_json (lic) : NULL;
}

guint
isplic_sim_get_n_licenses (IsplicSim *self)
{
  g_return_val_if_fail (ISPLIC_IS_SIM (self), 0);
  return self->licenses->len;
}

JsonNode *
isplic_sim_dump (IsplicSim *self)
{
  g_return_val_if_fail (ISPLIC_IS_SIM (self), NULL);
  settle (self);
  return build_state (self, FALSE);
}

/* Speed check without HTTP: the body of func=soft for @p_cnt rows (transfer full). */
char *
isplic_sim_render_list (IsplicSim *self,
                        guint      p_cnt,
                        gsize     *len)
{
  g_autoptr(GHashTable) params = new_params ();
  const char *ctype;

  g_return_val_if_fail (ISPLIC_IS_SIM (self), NULL);
  g_hash_table_insert (params, g_strdup ("func"), g_strdup ("soft"));
  g_hash_table_insert (params, g_strdup ("out"), g_strdup ("json"));
  g_hash_table_insert (params, g_strdup ("p_cnt"), g_strdup_printf ("%u", p_cnt));
  g_hash_table_insert (params, g_strdup ("authinfo"),
                       g_strdup_printf ("%s:%s", self->user, self->password));
  return run_api (self, params, "127.0.0.1", &ctype, len);
}
