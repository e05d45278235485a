/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "isplic-client-private.h"
#include "isplic-error.h"
#include "isplic-license-private.h"
#include "isplic-tariff.h"
#include "isplic-util.h"
#include "isplic-util-private.h"

/* The text of a scalar node, or NULL. (transfer none) */
const char *
isplic_json_scalar_text (IsplicJsonNode *node)
{
  if (node == NULL)
    return NULL;
  switch (node->type)
    {
    case ISPLIC_JSON_STRING:
    case ISPLIC_JSON_NUMBER:
    case ISPLIC_JSON_BOOL:
      return node->text;
    case ISPLIC_JSON_NULL:
    case ISPLIC_JSON_ARRAY:
    case ISPLIC_JSON_OBJECT:
    default:
      return NULL;
    }
}

/* A value as billmgr renders it: a scalar, or an object with "$orig" and/or "$" (or bjson's
 * "v"); a repeated element where one was expected gives its first. (transfer none) */
static const char *
node_value (IsplicJsonNode *node,
            gboolean        prefer_orig)
{
  const char *value;

  if (node == NULL)
    return NULL;
  if (node->type == ISPLIC_JSON_ARRAY)
    node = node->child;
  if (node == NULL)
    return NULL;
  if (node->type != ISPLIC_JSON_OBJECT)
    return isplic_json_scalar_text (node);

  value = isplic_json_scalar_text (isplic_json_member (node, prefer_orig ? "$orig" : "$"));
  if (value == NULL)
    value = isplic_json_scalar_text (isplic_json_member (node, prefer_orig ? "$" : "$orig"));
  if (value == NULL)
    value = isplic_json_scalar_text (isplic_json_member (node, "v"));
  return value;
}

char *
isplic_json_get_value (IsplicJsonNode *object,
                       const char     *member)
{
  return g_strdup (node_value (isplic_json_member (object, member), TRUE));
}

char *
isplic_json_get_display (IsplicJsonNode *object,
                         const char     *member)
{
  return g_strdup (node_value (isplic_json_member (object, member), FALSE));
}

/* The value of a member node, trimmed, and NULL when empty. (transfer full) */
static char *
node_text (IsplicJsonNode *node,
           gboolean        prefer_orig)
{
  const char *value = node_value (node, prefer_orig);
  const char *end;

  if (value == NULL)
    return NULL;
  while (g_ascii_isspace (*value))
    value++;
  end = value + strlen (value);
  while (end > value && g_ascii_isspace (end[-1]))
    end--;
  if (end == value)
    return NULL;
  return g_strndup (value, end - value);
}

char *
isplic_json_get_text (IsplicJsonNode *object,
                      const char     *member,
                      gboolean        prefer_orig)
{
  return node_text (isplic_json_member (object, member), prefer_orig);
}

IsplicMoney *
isplic_json_get_money (IsplicJsonNode *object,
                       const char     *member)
{
  g_autofree char *display = isplic_json_get_text (object, member, FALSE);
  g_autofree char *value = NULL;
  IsplicMoney money;

  if (display != NULL && isplic_money_parse (display, &money))
    return isplic_money_copy (&money);
  value = isplic_json_get_text (object, member, TRUE);
  if (value != NULL && isplic_money_parse (value, &money))
    return isplic_money_copy (&money);
  return NULL;
}

IsplicJsonNode *
isplic_json_get_object (IsplicJsonNode *object,
                        const char     *member)
{
  IsplicJsonNode *node = isplic_json_member (object, member);

  if (node == NULL || node->type != ISPLIC_JSON_OBJECT)
    return NULL;
  return node;
}

static gboolean
is_all_digits (const char *text)
{
  if (text == NULL || *text == '\0')
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

static gboolean
parse_int (const char *text,
           gint64      min,
           gint64      max,
           gint64     *out)
{
  const char *p;
  gboolean negative = FALSE;
  guint64 magnitude = 0;
  gint64 value;

  if (text == NULL)
    return FALSE;
  /* A sign and digits, spaces around them allowed: what g_ascii_string_to_signed() takes once
   * stripped, computed here without the copy that stripping needs, or the translated error
   * message it looks up even when no error is asked for (a "month" in every license's cost). */
  for (p = text; g_ascii_isspace (*p); p++)
    ;
  if (*p == '-' || *p == '+')
    negative = *p++ == '-';
  if (!g_ascii_isdigit (*p))
    return FALSE;
  for (; g_ascii_isdigit (*p); p++)
    {
      guint digit = (guint) (*p - '0');

      if (magnitude > (G_MAXUINT64 - digit) / 10)
        return FALSE;
      magnitude = magnitude * 10 + digit;
    }
  while (g_ascii_isspace (*p))
    p++;
  if (*p != '\0')
    return FALSE;
  if (negative ? magnitude > (guint64) G_MAXINT64 + 1 : magnitude > (guint64) G_MAXINT64)
    return FALSE;
  value = negative ? (gint64) (0 - magnitude) : (gint64) magnitude;
  if (value < min || value > max)
    return FALSE;
  *out = value;
  return TRUE;
}

/* A period given as a number of months: ISPLIC_TRIAL_PERIOD for trials, 0 when out of range. */
static int
period_from_number (gint64 number)
{
  if (number == ISPLIC_TRIAL_PERIOD)
    return ISPLIC_TRIAL_PERIOD;
  return number > 0 && number <= 1200 ? (int) number : 0;
}

int
isplic_parse_period (const char *text)
{
  g_autofree char *lower = NULL;
  gint64 number;
  char *end = NULL;
  guint64 count;

  if (text == NULL)
    return 0;
  if (parse_int (text, G_MININT, G_MAXINT, &number))
    return period_from_number (number);

  lower = g_strstrip (g_utf8_strdown (text, -1));
  if (strstr (lower, "trial") != NULL || strstr (lower, "пробн") != NULL)
    return ISPLIC_TRIAL_PERIOD;

  count = g_ascii_strtoull (lower, &end, 10);
  if (end == lower)
    count = 1;
  if (count == 0 || count > 100)
    return 0;
  if (strstr (lower, "year") != NULL || strstr (lower, "annual") != NULL ||
      strstr (lower, "год") != NULL || strstr (lower, "лет") != NULL)
    return (int) count * 12;
  if (strstr (lower, "month") != NULL || strstr (lower, "мес") != NULL)
    return (int) count;
  return 0;
}

int
isplic_parse_auto_renew (const char *text)
{
  g_autofree char *lower = NULL;
  gint64 number;
  int months;

  if (text == NULL)
    return 0;
  /* A number of months, as billmgr's $orig gives it: no need to lower and strip it first. */
  if (parse_int (text, G_MININT, G_MAXINT, &number))
    {
      months = period_from_number (number);
      return months > 0 ? months : 0;
    }
  lower = g_strstrip (g_utf8_strdown (text, -1));
  if (*lower == '\0' || g_str_equal (lower, "null") || g_str_equal (lower, "off") ||
      g_str_equal (lower, "no") || g_str_equal (lower, "false"))
    return 0;
  months = isplic_parse_period (lower);
  return months > 0 ? months : 0;
}

/* A member of the last license row read, at its position there, with its field (0: none). Rows
 * from one server name the same members in the same order: each is then matched with one
 * comparison instead of a hash lookup. */
typedef struct
{
  char key[24];     /* "" when unused; longer keys are not kept */
  guint field;
} MemberMemo;

/* Dates repeat a lot across a list and across refreshes: one GDateTime per distinct day, shared
 * process-wide, so that a license's dates compare by pointer when nothing changed. Bounded by
 * the number of distinct valid days seen (a few thousand). */
typedef struct
{
  GTimeZone *zone;  /* owned */
  GHashTable *days; /* nullable: "YYYY-MM-DD" → GDateTime (a reference), the shared dates this
                     * parse has used, looked up again without the process-wide lock */
  MemberMemo members[32];
} ParseContext;

G_LOCK_DEFINE_STATIC (dates);
static GHashTable *dates;        /* "zone identifier|YYYY-MM-DD" → GDateTime */

static void
parse_context_init (ParseContext *ctx)
{
  *ctx = (ParseContext) { .zone = g_time_zone_new_local () };
}

static void
parse_context_clear (ParseContext *ctx)
{
  g_clear_pointer (&ctx->zone, g_time_zone_unref);
  g_clear_pointer (&ctx->days, g_hash_table_unref);
}

static GDateTime *
context_date (ParseContext *ctx,
              const char   *text)
{
  char key[128];
  char day[11];
  GDateTime *date;

  /* "YYYY-MM-DD", or with a time part that is read as its date */
  if (text == NULL || strlen (text) < 10 ||
      (text[10] != '\0' && text[10] != ' ' && text[10] != 'T'))
    return NULL;
  memcpy (day, text, 10);
  day[10] = '\0';
  text = day;
  date = ctx->days != NULL ? g_hash_table_lookup (ctx->days, day) : NULL;
  if (date != NULL)
    return g_date_time_ref (date);
  g_snprintf (key, sizeof key, "%s|%s", g_time_zone_get_identifier (ctx->zone), text);

  G_LOCK (dates);
  if (dates == NULL)
    dates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                   (GDestroyNotify) g_date_time_unref);
  date = g_hash_table_lookup (dates, key);
  if (date == NULL)
    {
      date = isplic_date_parse_in_zone (text, ctx->zone);
      /* only valid dates are kept */
      if (date != NULL)
        g_hash_table_insert (dates, g_strdup (key), date);
    }
  if (date != NULL)
    g_date_time_ref (date);
  G_UNLOCK (dates);
  if (date != NULL)
    {
      if (ctx->days == NULL)
        ctx->days = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) g_date_time_unref);
      g_hash_table_insert (ctx->days, g_strdup (day), g_date_time_ref (date));
    }
  return date;
}

static GDateTime *
get_date (ParseContext   *ctx,
          IsplicJsonNode *preferred,
          IsplicJsonNode *fallback)
{
  g_autofree char *text = NULL;
  GDateTime *date;

  text = node_text (preferred, TRUE);
  date = context_date (ctx, text);
  if (date == NULL)
    {
      g_clear_pointer (&text, g_free);
      text = node_text (fallback, TRUE);
      date = context_date (ctx, text);
    }
  return date;
}

static IsplicLicenseStatus
status_from_text (const char *text)
{
  gint64 number;

  if (parse_int (text, 1, 5, &number))
    return (IsplicLicenseStatus) number;
  return ISPLIC_LICENSE_STATUS_UNKNOWN;
}

/* The fields of a license row. One pass over a row's members finds them all, instead of a scan
 * of the members per field. */
typedef enum {
  F_ID, F_ELID, F_LICNAME, F_NAME, F_IP, F_PRICELIST_ID, F_PRICELIST, F_PRICELIST_NAME, F_PERIOD,
  F_STATUS, F_ITEM_STATUS, F_REAL_CREATEDATE, F_CREATEDATE, F_REAL_EXPIREDATE, F_EXPIREDATE,
  F_AUTOPROLONG, F_COST, F_ADDON_NODES, F_NODES, F_LICKEY, F_IP_CHANGE_DATE,
  F_LICKEY_CHANGE_DATE, N_FIELDS
} Field;

static const char * const field_names[N_FIELDS] = {
  "id", "elid", "licname", "name", "ip", "pricelist_id", "pricelist", "pricelist_name", "period",
  "status", "item_status", "real_createdate", "createdate", "real_expiredate", "expiredate",
  "autoprolong", "cost", "addon_55236", "nodes", "lickey", "ip_change_date",
  "lickey_change_date",
};

static GHashTable *
field_table (void)
{
  static GHashTable *table;

  if (g_once_init_enter (&table))
    {
      GHashTable *t = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint i = 0; i < N_FIELDS; i++)
        g_hash_table_insert (t, (gpointer) field_names[i], GUINT_TO_POINTER (i + 1));
      g_once_init_leave (&table, t);
    }
  return table;
}

/* The field (1-based; 0: none) of the member @key at @position in its row. */
static guint
member_field (ParseContext *ctx,
              guint         position,
              const char   *key)
{
  MemberMemo *memo = position < G_N_ELEMENTS (ctx->members) ? &ctx->members[position] : NULL;
  guint field;

  if (memo != NULL && memo->key[0] != '\0' && strcmp (memo->key, key) == 0)
    return memo->field;
  field = GPOINTER_TO_UINT (g_hash_table_lookup (field_table (), key));
  if (memo != NULL && strlen (key) < sizeof memo->key)
    {
      strcpy (memo->key, key);
      memo->field = field;
    }
  return field;
}

static IsplicLicense *
license_from_node (ParseContext   *ctx,
                   IsplicJsonNode *object,
                   const char     *fallback_id)
{
  IsplicJsonNode *f[N_FIELDS] = { NULL };
  IsplicLicenseData data = { 0 };
  g_autofree char *id = NULL;
  g_autofree char *text = NULL;
  const IsplicTariff *tariff = NULL;
  IsplicJsonNode *status_node;
  gint64 number;
  guint position = 0;

  if (object == NULL || object->type != ISPLIC_JSON_OBJECT)
    return NULL;

  for (IsplicJsonNode *member = object->child; member != NULL; member = member->next, position++)
    {
      guint index = member_field (ctx, position, member->key);

      if (index > 0 && f[index - 1] == NULL)
        f[index - 1] = member;
    }

  id = node_text (f[F_ID], TRUE);
  if (id == NULL)
    id = node_text (f[F_ELID], TRUE);
  if (id == NULL && fallback_id != NULL && *fallback_id != '\0')
    id = g_strdup (fallback_id);
  if (id == NULL)
    return NULL;

  data.name = node_text (f[F_LICNAME], FALSE);
  if (data.name == NULL)
    data.name = node_text (f[F_NAME], FALSE);
  data.ip = node_text (f[F_IP], TRUE);

  /* The pricelist: a numeric code in pricelist_id, or in pricelist's $orig, with its display
   * name in pricelist's $ (or pricelist_name). */
  data.tariff_id = node_text (f[F_PRICELIST_ID], TRUE);
  text = node_text (f[F_PRICELIST], TRUE);
  if (data.tariff_id == NULL && is_all_digits (text))
    data.tariff_id = g_steal_pointer (&text);
  g_clear_pointer (&text, g_free);
  data.tariff_name = node_text (f[F_PRICELIST_NAME], FALSE);
  if (data.tariff_name == NULL)
    {
      text = node_text (f[F_PRICELIST], FALSE);
      if (text != NULL && !is_all_digits (text))
        data.tariff_name = g_steal_pointer (&text);
      g_clear_pointer (&text, g_free);
    }
  if (data.tariff_id != NULL)
    tariff = isplic_tariff_lookup (data.tariff_id);
  else if (data.tariff_name != NULL)
    {
      tariff = isplic_tariff_find (data.tariff_name);
      if (tariff != NULL)
        data.tariff_id = g_strdup (tariff->id);
    }
  if (data.tariff_name == NULL && tariff != NULL)
    data.tariff_name = g_strdup (tariff->name);

  text = node_text (f[F_PERIOD], TRUE);
  if (text != NULL)
    data.period = isplic_parse_period (text);
  else if (tariff != NULL && tariff->trial)
    data.period = ISPLIC_TRIAL_PERIOD;
  g_clear_pointer (&text, g_free);

  status_node = f[F_STATUS] != NULL ? f[F_STATUS] : f[F_ITEM_STATUS];
  text = node_text (status_node, TRUE);
  data.status = status_from_text (text);
  g_clear_pointer (&text, g_free);
  text = node_text (status_node, FALSE);
  if (text != NULL && !is_all_digits (text))
    data.status_label = g_steal_pointer (&text);
  g_clear_pointer (&text, g_free);

  data.created = get_date (ctx, f[F_REAL_CREATEDATE], f[F_CREATEDATE]);
  data.expires = get_date (ctx, f[F_REAL_EXPIREDATE], f[F_EXPIREDATE]);
  /* The edit form's: when the IP and the key last changed (each may change once a month). */
  data.ip_change_date = get_date (ctx, f[F_IP_CHANGE_DATE], NULL);
  data.key_change_date = get_date (ctx, f[F_LICKEY_CHANGE_DATE], NULL);

  text = node_text (f[F_AUTOPROLONG], TRUE);
  data.auto_renew = isplic_parse_auto_renew (text);
  g_clear_pointer (&text, g_free);

  data.cost = node_text (f[F_COST], FALSE);

  text = node_text (f[F_ADDON_NODES], TRUE);
  if (text == NULL)
    text = node_text (f[F_NODES], TRUE);
  if (parse_int (text, 0, G_MAXINT, &number))
    data.nodes = (int) number;
  g_clear_pointer (&text, g_free);

  data.key = node_text (f[F_LICKEY], FALSE);

  return isplic_license_new_take (g_steal_pointer (&id), &data);
}

IsplicLicense *
isplic_license_from_json (IsplicJsonNode *object,
                          const char     *fallback_id)
{
  ParseContext ctx;
  IsplicLicense *license;

  parse_context_init (&ctx);
  license = license_from_node (&ctx, object, fallback_id);
  parse_context_clear (&ctx);
  return license;
}

static void
substitute_params (GString        *text,
                   IsplicJsonNode *error_object)
{
  IsplicJsonNode *params = isplic_json_member (error_object, "param");
  IsplicJsonNode *first;

  if (params == NULL)
    return;
  if (params->type == ISPLIC_JSON_OBJECT)
    first = params;
  else if (params->type == ISPLIC_JSON_ARRAY)
    first = params->child;
  else
    return;

  for (IsplicJsonNode *param = first; param != NULL;
       param = params->type == ISPLIC_JSON_ARRAY ? param->next : NULL)
    {
      const char *name;
      const char *value;
      g_autofree char *placeholder = NULL;

      if (param->type != ISPLIC_JSON_OBJECT)
        continue;
      name = isplic_json_scalar_text (isplic_json_member (param, "$name"));
      if (name == NULL || *name == '\0')
        continue;
      /* A param of type "msg" carries its localized text in "$msg". */
      value = isplic_json_scalar_text (isplic_json_member (param, "$msg"));
      if (value == NULL)
        value = isplic_json_scalar_text (isplic_json_member (param, "$"));
      placeholder = g_strdup_printf ("__%s__", name);
      g_string_replace (text, placeholder, value != NULL ? value : "", 0);
    }
}

static char *
error_template (IsplicJsonNode *error_object,
                const char     *member)
{
  g_autofree char *text = NULL;
  GString *string;

  text = isplic_json_get_text (error_object, member, FALSE);
  if (text == NULL)
    return NULL;
  string = g_string_new (text);
  substitute_params (string, error_object);
  g_strstrip (string->str);
  string->len = strlen (string->str);
  if (string->len == 0)
    {
      g_string_free (string, TRUE);
      return NULL;
    }
  return g_string_free (string, FALSE);
}

/* The message of one error element: msg, else detail or group with their placeholders filled
 * in; NULL when it has none. */
static char *
error_message (IsplicJsonNode *node)
{
  char *message;

  if (node->type != ISPLIC_JSON_OBJECT)
    {
      message = g_strdup (isplic_json_scalar_text (node));
      if (message != NULL)
        g_strstrip (message);
      if (message != NULL && *message == '\0')
        g_clear_pointer (&message, g_free);
      return message;
    }
  message = isplic_json_get_text (node, "msg", FALSE);
  if (message != NULL)
    {
      g_strstrip (message);
      if (*message != '\0')
        return message;
      g_clear_pointer (&message, g_free);
    }
  message = error_template (node, "detail");
  if (message == NULL)
    message = error_template (node, "group");
  return message;
}

/* An `error` element in any shape is the server's refusal: an object, an array of them (every
 * message is kept), a string, or empty. */
static GError *
error_from_node (IsplicJsonNode *node)
{
  IsplicJsonNode *first = node;
  const char *type_name = NULL;
  const char *field = NULL;
  g_autoptr(GString) messages = g_string_new (NULL);

  if (node->type == ISPLIC_JSON_ARRAY)
    first = node->child;

  for (IsplicJsonNode *item = first; item != NULL;
       item = node->type == ISPLIC_JSON_ARRAY ? item->next : NULL)
    {
      g_autofree char *message = error_message (item);

      if (item->type == ISPLIC_JSON_OBJECT && type_name == NULL)
        {
          type_name = isplic_json_scalar_text (isplic_json_member (item, "$type"));
          field = isplic_json_scalar_text (isplic_json_member (item, "$object"));
        }
      if (message == NULL || strstr (messages->str, message) != NULL)
        continue;
      if (messages->len > 0)
        g_string_append (messages, " ");
      g_string_append (messages, message);
    }

  if (messages->len == 0)
    {
      if (type_name != NULL && *type_name != '\0')
        /* Translators: %s is billmgr's error type, e.g. "value" */
        g_string_printf (messages, _("The billing server refused the request (%s)."), type_name);
      else
        g_string_assign (messages, _("The billing server refused the request."));
    }
  return isplic_billmgr_error_new (type_name, field, messages->str);
}

GError *
isplic_parse_error (IsplicJsonNode *doc)
{
  IsplicJsonNode *node;
  IsplicJsonNode *inner;

  if (doc == NULL)
    return NULL;
  node = isplic_json_member (doc, "error");
  if (node == NULL && (inner = isplic_json_get_object (doc, "doc")) != NULL)
    node = isplic_json_member (inner, "error");
  if (node == NULL)
    return NULL;
  return error_from_node (node);
}

void
isplic_parse_set_malformed (GError     **error,
                            const char  *message)
{
  g_set_error_literal (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_MALFORMED, message);
}

static IsplicJsonDoc *
parse_document_full (const char        *data,
                     gssize             length,
                     IsplicJsonRowFunc  row_func,
                     gpointer           user_data,
                     IsplicJsonNode   **doc,
                     GError           **error)
{
  g_autoptr(IsplicJsonDoc) json = NULL;
  IsplicJsonNode *root;
  IsplicJsonNode *doc_object;
  GError *billmgr_error;

  if (doc != NULL)
    *doc = NULL;
  if (data == NULL)
    length = 0;
  else if (length < 0)
    length = strlen (data);

  if (length == 0)
    {
      isplic_parse_set_malformed (error, _("The billing server sent an empty answer."));
      return NULL;
    }

  json = isplic_json_parse (data, length, row_func, user_data, NULL);
  if (json == NULL)
    {
      isplic_parse_set_malformed (error, _("The billing server’s answer is not a billing document "
                                           "(it is not JSON)."));
      return NULL;
    }

  root = isplic_json_doc_root (json);
  doc_object = isplic_json_get_object (root, "doc");
  if (doc_object == NULL)
    {
      isplic_parse_set_malformed (error, _("The billing server’s answer is not a billing document "
                                           "(it has no “doc” element)."));
      return NULL;
    }

  billmgr_error = isplic_parse_error (doc_object);
  if (billmgr_error != NULL)
    {
      g_propagate_error (error, billmgr_error);
      return NULL;
    }

  if (doc != NULL)
    *doc = doc_object;
  return g_steal_pointer (&json);
}

IsplicJsonDoc *
isplic_parse_document (const char      *data,
                       gssize           length,
                       IsplicJsonNode **doc,
                       GError         **error)
{
  return parse_document_full (data, length, NULL, NULL, doc, error);
}

typedef struct
{
  ParseContext ctx;
  GPtrArray *licenses;  /* owned */
} ListParse;

static gboolean
list_row_cb (IsplicJsonNode *row,
             gpointer        user_data)
{
  ListParse *list = user_data;
  IsplicLicense *license = license_from_node (&list->ctx, row, NULL);

  if (license != NULL)
    g_ptr_array_add (list->licenses, license);
  return TRUE;
}

GPtrArray *
isplic_parse_license_list (const char  *data,
                           gssize       length,
                           gint64      *total,
                           GError     **error)
{
  g_autoptr(IsplicJsonDoc) json = NULL;
  IsplicJsonNode *doc;
  IsplicJsonNode *inner;
  IsplicJsonNode *list_doc;
  IsplicJsonNode *elem;
  g_autofree char *p_elems = NULL;
  ListParse list;
  gint64 number;

  if (total != NULL)
    *total = -1;

  parse_context_init (&list.ctx);
  list.licenses = g_ptr_array_new_with_free_func (g_object_unref);

  /* Rows in an "elem" array become licenses as they are read and are not kept in the tree. */
  json = parse_document_full (data, length, list_row_cb, &list, &doc, error);
  if (json == NULL)
    {
      parse_context_clear (&list.ctx);
      g_ptr_array_unref (list.licenses);
      return NULL;
    }

  list_doc = doc;
  if (isplic_json_member (doc, "elem") == NULL
      && (inner = isplic_json_get_object (doc, "doc")) != NULL
      && isplic_json_member (inner, "elem") != NULL)
    list_doc = inner;

  /* The one-row quirk: a single object instead of an array. */
  elem = isplic_json_member (list_doc, "elem");
  if (elem != NULL && elem->type == ISPLIC_JSON_OBJECT)
    list_row_cb (elem, &list);

  p_elems = isplic_json_get_text (list_doc, "p_elems", TRUE);
  if (total != NULL && parse_int (p_elems, 0, G_MAXINT64, &number))
    *total = number;

  parse_context_clear (&list.ctx);
  return list.licenses;
}

/* doc.doc when the answer is nested there (a form submitted with sok), else doc. */
static IsplicJsonNode *
form_object (IsplicJsonNode *doc,
             const char     *probe)
{
  IsplicJsonNode *inner = isplic_json_get_object (doc, "doc");

  if (inner != NULL && isplic_json_member (doc, probe) == NULL &&
      isplic_json_member (inner, probe) != NULL)
    return inner;
  return doc;
}

IsplicLicense *
isplic_parse_license_details (const char  *data,
                              gssize       length,
                              const char  *id,
                              GError     **error)
{
  g_autoptr(IsplicJsonDoc) json = NULL;
  IsplicJsonNode *doc;
  IsplicJsonNode *form;
  IsplicLicense *license;

  json = isplic_parse_document (data, length, &doc, error);
  if (json == NULL)
    return NULL;

  form = form_object (doc, "licname");
  if (form == doc)
    form = form_object (doc, "lickey");
  license = isplic_license_from_json (form, id);
  if (license == NULL)
    {
      isplic_parse_set_malformed (error, _("The billing server’s answer does not describe a "
                                           "license."));
      return NULL;
    }
  return license;
}

static char *
find_text (IsplicJsonNode     *doc,
           const char * const *members)
{
  IsplicJsonNode *inner = isplic_json_get_object (doc, "doc");

  for (guint i = 0; members[i] != NULL; i++)
    {
      char *text = isplic_json_get_text (doc, members[i], TRUE);
      if (text == NULL && inner != NULL)
        text = isplic_json_get_text (inner, members[i], TRUE);
      if (text != NULL)
        return text;
    }
  return NULL;
}

static void
set_unconfirmed (GError **error)
{
  g_set_error_literal (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_UNCONFIRMED,
                       _("The billing server’s answer did not confirm the change."));
}

/* billmgr's success marker: an `ok` element in doc or doc.doc. */
static gboolean
has_ok (IsplicJsonNode *doc)
{
  IsplicJsonNode *inner = isplic_json_get_object (doc, "doc");

  return isplic_json_member (doc, "ok") != NULL ||
         (inner != NULL && isplic_json_member (inner, "ok") != NULL);
}

gboolean
isplic_parse_order (const char  *data,
                    gssize       length,
                    gboolean     to_cart,
                    char       **license_id,
                    char       **billorder_id,
                    GError     **error)
{
  static const char * const id_members[] = { "id", "item.id", NULL };
  static const char * const billorder_members[] = { "billorder.id", "billorder", NULL };
  g_autoptr(IsplicJsonDoc) json = NULL;
  g_autofree char *id = NULL;
  g_autofree char *billorder = NULL;
  IsplicJsonNode *doc;

  if (license_id != NULL)
    *license_id = NULL;
  if (billorder_id != NULL)
    *billorder_id = NULL;

  json = isplic_parse_document (data, length, &doc, error);
  if (json == NULL)
    return FALSE;

  /* Only the new license's id confirms a paid order, only the cart order's id an order put in
   * the cart: `ok` alone, or a form, says nothing about what happened. */
  id = find_text (doc, id_members);
  billorder = find_text (doc, billorder_members);
  if (id != NULL && !isplic_id_is_valid (id))
    g_clear_pointer (&id, g_free);
  if (billorder != NULL && !isplic_id_is_valid (billorder))
    g_clear_pointer (&billorder, g_free);
  if (to_cart ? (billorder == NULL && id == NULL) : id == NULL)
    {
      g_set_error_literal (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_UNCONFIRMED,
                           to_cart
                           ? _("The billing server’s answer to the order has no cart order "
                               "number.")
                           : _("The billing server’s answer to the order has no license "
                               "number."));
      return FALSE;
    }

  if (license_id != NULL)
    *license_id = g_steal_pointer (&id);
  if (billorder_id != NULL)
    *billorder_id = g_steal_pointer (&billorder);
  return TRUE;
}

gboolean
isplic_parse_prolong (const char  *data,
                      gssize       length,
                      gboolean     confirm,
                      GDateTime  **new_expiry,
                      GError     **error)
{
  g_autoptr(IsplicJsonDoc) json = NULL;
  g_autofree char *text = NULL;
  IsplicJsonNode *doc;
  IsplicJsonNode *inner;

  if (new_expiry != NULL)
    *new_expiry = NULL;

  json = isplic_parse_document (data, length, &doc, error);
  if (json == NULL)
    return FALSE;
  /* The renewal form carries newexpiredate too: only `ok` says it was renewed. */
  if (confirm && !has_ok (doc))
    {
      set_unconfirmed (error);
      return FALSE;
    }

  inner = isplic_json_get_object (doc, "doc");
  if (inner != NULL)
    text = isplic_json_get_text (inner, "newexpiredate", TRUE);
  if (text == NULL)
    text = isplic_json_get_text (doc, "newexpiredate", TRUE);
  if (new_expiry != NULL)
    *new_expiry = isplic_date_parse (text);
  return TRUE;
}

char *
isplic_parse_new_key (const char  *data,
                      gssize       length,
                      GError     **error)
{
  static const char * const key_members[] = { "lickey", NULL };
  g_autoptr(IsplicJsonDoc) json = NULL;
  IsplicJsonNode *doc;
  char *key;

  json = isplic_parse_document (data, length, &doc, error);
  if (json == NULL)
    return NULL;

  key = find_text (doc, key_members);
  if (key != NULL)
    g_strstrip (key);
  if (key == NULL || *key == '\0')
    {
      g_free (key);
      g_set_error_literal (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_UNCONFIRMED,
                           _("The billing server did not send the new license key."));
      return NULL;
    }
  return key;
}

gboolean
isplic_parse_ok (const char  *data,
                 gssize       length,
                 GError     **error)
{
  g_autoptr(IsplicJsonDoc) json = NULL;
  IsplicJsonNode *doc;

  json = isplic_parse_document (data, length, &doc, error);
  if (json == NULL)
    return FALSE;
  if (!has_ok (doc))
    {
      set_unconfirmed (error);
      return FALSE;
    }
  return TRUE;
}

gboolean
isplic_parse_answer (const char  *data,
                     gssize       length,
                     GError     **error)
{
  g_autoptr(IsplicJsonDoc) json = NULL;

  json = isplic_parse_document (data, length, NULL, error);
  return json != NULL;
}

char *
isplic_form_encode (const char * const *pairs,
                    gsize               n_pairs)
{
  GString *body = g_string_new (NULL);

  for (gsize i = 0; i + 1 < n_pairs; i += 2)
    {
      if (pairs[i] == NULL || pairs[i + 1] == NULL)
        continue;
      if (body->len > 0)
        g_string_append_c (body, '&');
      g_string_append_uri_escaped (body, pairs[i], NULL, FALSE);
      g_string_append_c (body, '=');
      g_string_append_uri_escaped (body, pairs[i + 1], NULL, FALSE);
    }
  return g_string_free (body, FALSE);
}
