/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "isplic-client-private.h"
#include "isplic-error.h"
#include "isplic-tariff.h"
#include "isplic-util.h"

/* json-glib's parser recurses once per nesting level; a hostile body of a million '[' would
 * exhaust the stack. No billmgr document is nested anywhere near this deep. */
#define MAX_DEPTH 256

static gboolean
nesting_is_sane (const char *data,
                 gsize       length)
{
  gboolean in_string = FALSE;
  gboolean escaped = FALSE;
  int depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (escaped)
            escaped = FALSE;
          else if (c == '\\')
            escaped = TRUE;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > MAX_DEPTH)
            return FALSE;
        }
      else if (c == ']' || c == '}')
        depth--;
    }
  return TRUE;
}

static char *
value_node_to_string (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (node));
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];
        return g_strdup (g_ascii_dtostr (buf, sizeof buf, json_node_get_double (node)));
      }
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "true" : "false");
    default:
      return NULL;
    }
}

static char *
node_to_string (JsonNode *node,
                gboolean  prefer_orig)
{
  if (node == NULL)
    return NULL;

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      /* A repeated element where one was expected: take the first. */
      if (json_array_get_length (array) == 0)
        return NULL;
      node = json_array_get_element (array, 0);
    }

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      const char *first = prefer_orig ? "$orig" : "$";
      const char *second = prefer_orig ? "$" : "$orig";
      char *value;

      value = value_node_to_string (json_object_get_member (object, first));
      if (value == NULL)
        value = value_node_to_string (json_object_get_member (object, second));
      /* bjson-style {"v": …} */
      if (value == NULL)
        value = value_node_to_string (json_object_get_member (object, "v"));
      return value;
    }

  return value_node_to_string (node);
}

char *
isplic_json_get_value (JsonObject *object,
                       const char *member)
{
  if (object == NULL || member == NULL)
    return NULL;
  return node_to_string (json_object_get_member (object, member), TRUE);
}

char *
isplic_json_get_display (JsonObject *object,
                         const char *member)
{
  if (object == NULL || member == NULL)
    return NULL;
  return node_to_string (json_object_get_member (object, member), FALSE);
}

/* Trimmed, and NULL when empty. */
static char *
get_text (JsonObject *object,
          const char *member,
          gboolean    prefer_orig)
{
  char *value;

  value = prefer_orig ? isplic_json_get_value (object, member)
                      : isplic_json_get_display (object, member);
  if (value == NULL)
    return NULL;
  g_strstrip (value);
  if (*value == '\0')
    g_clear_pointer (&value, g_free);
  return value;
}

static JsonObject *
get_object (JsonObject *object,
            const char *member)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;
  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_node_get_object (node);
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
  g_autofree char *copy = NULL;

  if (text == NULL)
    return FALSE;
  copy = g_strstrip (g_strdup (text));
  return g_ascii_string_to_signed (copy, 10, min, max, out, NULL);
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
    {
      if (number == ISPLIC_TRIAL_PERIOD)
        return ISPLIC_TRIAL_PERIOD;
      return number > 0 && number <= 1200 ? (int) number : 0;
    }

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
  int months;

  if (text == NULL)
    return 0;
  lower = g_strstrip (g_utf8_strdown (text, -1));
  if (*lower == '\0' || g_str_equal (lower, "null") || g_str_equal (lower, "off") ||
      g_str_equal (lower, "no") || g_str_equal (lower, "false"))
    return 0;
  months = isplic_parse_period (lower);
  return months > 0 ? months : 0;
}

static GDateTime *
get_date (JsonObject *object,
          const char *preferred,
          const char *fallback)
{
  g_autofree char *text = NULL;
  GDateTime *date = NULL;

  text = get_text (object, preferred, TRUE);
  date = isplic_date_parse (text);
  if (date == NULL)
    {
      g_clear_pointer (&text, g_free);
      text = get_text (object, fallback, TRUE);
      date = isplic_date_parse (text);
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

IsplicLicense *
isplic_license_from_json (JsonObject *object,
                          const char *fallback_id)
{
  g_autoptr(IsplicLicense) license = NULL;
  g_autofree char *id = NULL;
  g_autofree char *text = NULL;
  g_autofree char *tariff_id = NULL;
  g_autofree char *tariff_name = NULL;
  const IsplicTariff *tariff = NULL;
  g_autoptr(GDateTime) created = NULL;
  g_autoptr(GDateTime) expires = NULL;
  const char *status_member;
  gint64 number;

  if (object == NULL)
    return NULL;

  id = get_text (object, "id", TRUE);
  if (id == NULL)
    id = get_text (object, "elid", TRUE);
  if (id == NULL && fallback_id != NULL && *fallback_id != '\0')
    id = g_strdup (fallback_id);
  if (id == NULL)
    return NULL;

  license = isplic_license_new (id);

  text = get_text (object, "licname", FALSE);
  if (text == NULL)
    text = get_text (object, "name", FALSE);
  isplic_license_set_name (license, text);
  g_clear_pointer (&text, g_free);

  text = get_text (object, "ip", TRUE);
  isplic_license_set_ip (license, text);
  g_clear_pointer (&text, g_free);

  /* The pricelist: a numeric code in pricelist_id, or in pricelist's $orig, with its display
   * name in pricelist's $ (or pricelist_name). */
  tariff_id = get_text (object, "pricelist_id", TRUE);
  text = get_text (object, "pricelist", TRUE);
  if (tariff_id == NULL && is_all_digits (text))
    tariff_id = g_strdup (text);
  g_clear_pointer (&text, g_free);
  tariff_name = get_text (object, "pricelist_name", FALSE);
  if (tariff_name == NULL)
    {
      text = get_text (object, "pricelist", FALSE);
      if (text != NULL && !is_all_digits (text))
        tariff_name = g_steal_pointer (&text);
      g_clear_pointer (&text, g_free);
    }
  if (tariff_id != NULL)
    tariff = isplic_tariff_lookup (tariff_id);
  else if (tariff_name != NULL)
    {
      tariff = isplic_tariff_find (tariff_name);
      if (tariff != NULL)
        tariff_id = g_strdup (tariff->id);
    }
  if (tariff_name == NULL && tariff != NULL)
    tariff_name = g_strdup (tariff->name);
  isplic_license_set_tariff_id (license, tariff_id);
  isplic_license_set_tariff_name (license, tariff_name);

  text = get_text (object, "period", TRUE);
  if (text != NULL)
    isplic_license_set_period (license, isplic_parse_period (text));
  else if (tariff != NULL && tariff->trial)
    isplic_license_set_period (license, ISPLIC_TRIAL_PERIOD);
  g_clear_pointer (&text, g_free);

  status_member = json_object_has_member (object, "status") ? "status" : "item_status";
  text = get_text (object, status_member, TRUE);
  isplic_license_set_status (license, status_from_text (text));
  g_clear_pointer (&text, g_free);
  text = get_text (object, status_member, FALSE);
  if (text != NULL && !is_all_digits (text))
    isplic_license_set_status_label (license, text);
  g_clear_pointer (&text, g_free);

  created = get_date (object, "real_createdate", "createdate");
  isplic_license_set_created (license, created);
  expires = get_date (object, "real_expiredate", "expiredate");
  isplic_license_set_expires (license, expires);

  text = get_text (object, "autoprolong", TRUE);
  isplic_license_set_auto_renew (license, isplic_parse_auto_renew (text));
  g_clear_pointer (&text, g_free);

  text = get_text (object, "cost", FALSE);
  isplic_license_set_cost (license, text);
  g_clear_pointer (&text, g_free);

  text = get_text (object, "addon_55236", TRUE);
  if (text == NULL)
    text = get_text (object, "nodes", TRUE);
  if (parse_int (text, 0, G_MAXINT, &number))
    isplic_license_set_nodes (license, (int) number);
  g_clear_pointer (&text, g_free);

  text = get_text (object, "lickey", FALSE);
  isplic_license_set_key (license, text);
  g_clear_pointer (&text, g_free);

  return g_steal_pointer (&license);
}

static void
substitute_params (GString    *text,
                   JsonObject *error_object)
{
  JsonNode *node = json_object_get_member (error_object, "param");
  g_autoptr(GList) params = NULL;

  if (node == NULL)
    return;
  if (JSON_NODE_HOLDS_OBJECT (node))
    params = g_list_prepend (NULL, node);
  else if (JSON_NODE_HOLDS_ARRAY (node))
    params = json_array_get_elements (json_node_get_array (node));

  for (GList *l = params; l != NULL; l = l->next)
    {
      JsonObject *param;
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;
      g_autofree char *placeholder = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (l->data))
        continue;
      param = json_node_get_object (l->data);
      name = value_node_to_string (json_object_get_member (param, "$name"));
      if (name == NULL || *name == '\0')
        continue;
      /* A param of type "msg" carries its localized text in "$msg". */
      value = value_node_to_string (json_object_get_member (param, "$msg"));
      if (value == NULL)
        value = value_node_to_string (json_object_get_member (param, "$"));
      placeholder = g_strdup_printf ("__%s__", name);
      g_string_replace (text, placeholder, value != NULL ? value : "", 0);
    }
}

static char *
error_template (JsonObject *error_object,
                const char *member)
{
  g_autofree char *text = NULL;
  GString *string;

  text = get_text (error_object, member, FALSE);
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

static GError *
error_from_node (JsonNode *node)
{
  JsonObject *object;
  g_autofree char *type_name = NULL;
  g_autofree char *field = NULL;
  g_autofree char *message = NULL;

  if (JSON_NODE_HOLDS_VALUE (node))
    {
      message = value_node_to_string (node);
      if (message != NULL)
        g_strstrip (message);
      if (message == NULL || *message == '\0')
        return NULL;
      return isplic_billmgr_error_new (NULL, NULL, message);
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  object = json_node_get_object (node);
  type_name = value_node_to_string (json_object_get_member (object, "$type"));
  field = value_node_to_string (json_object_get_member (object, "$object"));
  message = get_text (object, "msg", FALSE);
  if (message == NULL)
    message = error_template (object, "detail");
  if (message == NULL)
    message = error_template (object, "group");
  if (message == NULL)
    {
      if (type_name != NULL && *type_name != '\0')
        /* Translators: %s is billmgr's error type, e.g. "value" */
        message = g_strdup_printf (_("The billing server refused the request (%s)."), type_name);
      else
        message = g_strdup (_("The billing server refused the request."));
    }
  return isplic_billmgr_error_new (type_name, field, message);
}

GError *
isplic_parse_error (JsonObject *doc)
{
  JsonNode *node;
  JsonObject *inner;

  if (doc == NULL)
    return NULL;
  node = json_object_get_member (doc, "error");
  if (node == NULL && (inner = get_object (doc, "doc")) != NULL)
    node = json_object_get_member (inner, "error");
  if (node == NULL)
    return NULL;
  return error_from_node (node);
}

static void
set_malformed (GError     **error,
               const char  *message)
{
  g_set_error_literal (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_MALFORMED, message);
}

JsonParser *
isplic_parse_document (const char  *data,
                       gssize       length,
                       JsonObject **doc,
                       GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  JsonObject *doc_object;
  GError *billmgr_error;

  if (doc != NULL)
    *doc = NULL;
  if (data == NULL)
    length = 0;
  else if (length < 0)
    length = strlen (data);

  if (length == 0)
    {
      set_malformed (error, _("The billing server sent an empty answer."));
      return NULL;
    }
  if (!nesting_is_sane (data, length))
    {
      set_malformed (error, _("The billing server’s answer is not a billing document."));
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      set_malformed (error, _("The billing server’s answer is not a billing document "
                              "(it is not JSON)."));
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      (doc_object = get_object (json_node_get_object (root), "doc")) == NULL)
    {
      set_malformed (error, _("The billing server’s answer is not a billing document "
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
  return g_steal_pointer (&parser);
}

static GPtrArray *
parse_rows (JsonNode *elem)
{
  GPtrArray *licenses;

  if (elem != NULL && JSON_NODE_HOLDS_ARRAY (elem))
    licenses = g_ptr_array_new_full (json_array_get_length (json_node_get_array (elem)),
                                     g_object_unref);
  else
    licenses = g_ptr_array_new_with_free_func (g_object_unref);

  if (elem == NULL)
    return licenses;

  if (JSON_NODE_HOLDS_OBJECT (elem))
    {
      IsplicLicense *license = isplic_license_from_json (json_node_get_object (elem), NULL);
      if (license != NULL)
        g_ptr_array_add (licenses, license);
    }
  else if (JSON_NODE_HOLDS_ARRAY (elem))
    {
      JsonArray *array = json_node_get_array (elem);
      guint n = json_array_get_length (array);

      for (guint i = 0; i < n; i++)
        {
          JsonNode *row = json_array_get_element (array, i);
          IsplicLicense *license;

          if (!JSON_NODE_HOLDS_OBJECT (row))
            continue;
          license = isplic_license_from_json (json_node_get_object (row), NULL);
          if (license != NULL)
            g_ptr_array_add (licenses, license);
        }
    }
  return licenses;
}

GPtrArray *
isplic_parse_license_list (const char  *data,
                           gssize       length,
                           gint64      *total,
                           GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *doc;
  JsonObject *inner;
  JsonObject *list_doc;
  g_autofree char *p_elems = NULL;
  gint64 number;

  if (total != NULL)
    *total = -1;

  parser = isplic_parse_document (data, length, &doc, error);
  if (parser == NULL)
    return NULL;

  list_doc = doc;
  if (!json_object_has_member (doc, "elem") && (inner = get_object (doc, "doc")) != NULL &&
      json_object_has_member (inner, "elem"))
    list_doc = inner;

  p_elems = get_text (list_doc, "p_elems", TRUE);
  if (total != NULL && parse_int (p_elems, 0, G_MAXINT64, &number))
    *total = number;

  return parse_rows (json_object_get_member (list_doc, "elem"));
}

/* doc.doc when the answer is nested there (a form submitted with sok), else doc. */
static JsonObject *
form_object (JsonObject *doc,
             const char *probe)
{
  JsonObject *inner = get_object (doc, "doc");

  if (inner != NULL && !json_object_has_member (doc, probe) &&
      json_object_has_member (inner, probe))
    return inner;
  return doc;
}

IsplicLicense *
isplic_parse_license_details (const char  *data,
                              gssize       length,
                              const char  *id,
                              GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *doc;
  JsonObject *form;
  IsplicLicense *license;

  parser = isplic_parse_document (data, length, &doc, error);
  if (parser == NULL)
    return NULL;

  form = form_object (doc, "licname");
  if (form == doc)
    form = form_object (doc, "lickey");
  license = isplic_license_from_json (form, id);
  if (license == NULL)
    {
      set_malformed (error, _("The billing server’s answer does not describe a license."));
      return NULL;
    }
  return license;
}

static char *
find_text (JsonObject         *doc,
           const char * const *members)
{
  JsonObject *inner = get_object (doc, "doc");

  for (guint i = 0; members[i] != NULL; i++)
    {
      char *text = get_text (doc, members[i], TRUE);
      if (text == NULL && inner != NULL)
        text = get_text (inner, members[i], TRUE);
      if (text != NULL)
        return text;
    }
  return NULL;
}

gboolean
isplic_parse_order (const char  *data,
                    gssize       length,
                    char       **license_id,
                    char       **billorder_id,
                    GError     **error)
{
  static const char * const id_members[] = { "id", "item.id", NULL };
  static const char * const billorder_members[] = { "billorder.id", "billorder", NULL };
  g_autoptr(JsonParser) parser = NULL;
  g_autofree char *id = NULL;
  g_autofree char *billorder = NULL;
  JsonObject *doc;

  if (license_id != NULL)
    *license_id = NULL;
  if (billorder_id != NULL)
    *billorder_id = NULL;

  parser = isplic_parse_document (data, length, &doc, error);
  if (parser == NULL)
    return FALSE;

  id = find_text (doc, id_members);
  billorder = find_text (doc, billorder_members);
  if (id == NULL && billorder == NULL && !json_object_has_member (doc, "ok"))
    {
      set_malformed (error, _("The billing server’s answer to the order has neither a license "
                              "number nor a confirmation."));
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
                      GDateTime  **new_expiry,
                      GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autofree char *text = NULL;
  JsonObject *doc;
  JsonObject *inner;

  if (new_expiry != NULL)
    *new_expiry = NULL;

  parser = isplic_parse_document (data, length, &doc, error);
  if (parser == NULL)
    return FALSE;

  inner = get_object (doc, "doc");
  if (inner != NULL)
    text = get_text (inner, "newexpiredate", TRUE);
  if (text == NULL)
    text = get_text (doc, "newexpiredate", TRUE);
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
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *doc;
  char *key;

  parser = isplic_parse_document (data, length, &doc, error);
  if (parser == NULL)
    return NULL;

  key = find_text (doc, key_members);
  if (key == NULL)
    set_malformed (error, _("The billing server did not send the new license key."));
  return key;
}

gboolean
isplic_parse_ok (const char  *data,
                 gssize       length,
                 GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;

  parser = isplic_parse_document (data, length, NULL, error);
  return parser != NULL;
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
