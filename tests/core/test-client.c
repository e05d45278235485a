/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * IsplicClient over real loopback HTTP: against the simulator (src/sim) for every operation and
 * its error paths, and against a tiny SoupServer of our own where the exact bytes on the wire or
 * a misbehaving connection matter.
 */
#include "config.h"

#include <string.h>

#include "isplic-core.h"
#include "isplic-sim.h"
#include "isplic-test-utils.h"

#define SPECIAL_PASSWORD "p:a&s%s+w#o?rd ü"

/* ---- fixture: a simulator on loopback ---- */

typedef struct
{
  IsplicSim *sim;
  IsplicClient *client;
  char *url;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->sim = isplic_sim_new ();
  isplic_sim_set_account (f->sim, "reseller@example.com", SPECIAL_PASSWORD);
  isplic_sim_generate (f->sim, 25, 7);
  isplic_sim_set_key_delay (f->sim, 0);
  isplic_sim_set_logging (f->sim, TRUE);
  g_assert_true (isplic_sim_start (f->sim, 0, &error));
  g_assert_no_error (error);
  f->url = isplic_sim_get_url (f->sim);
  f->client = isplic_client_new (f->url, "reseller@example.com", SPECIAL_PASSWORD);
  isplic_client_set_timeout (f->client, 10);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_finalize_object (f->client);
  isplic_sim_stop (f->sim);
  g_clear_object (&f->sim);
  g_free (f->url);
}

static const char *
req_param (IsplicSimRequest *request,
           const char       *name)
{
  return g_hash_table_lookup (request->params, name);
}

static IsplicSimRequest *
last_request (Fixture *f)
{
  GPtrArray *requests = isplic_sim_get_requests (f->sim);

  g_assert_cmpuint (requests->len, >, 0);
  return g_ptr_array_index (requests, requests->len - 1);
}

/* Every request so far: POST, urlencoded, no query string, secrets only in the body. */
static void
assert_requests_clean (Fixture *f)
{
  GPtrArray *requests = isplic_sim_get_requests (f->sim);

  for (guint i = 0; i < requests->len; i++)
    {
      IsplicSimRequest *request = g_ptr_array_index (requests, i);

      g_assert_cmpstr (request->method, ==, "POST");
      g_assert_null (request->query);
      g_assert_true (g_str_has_prefix (request->content_type,
                                       "application/x-www-form-urlencoded"));
      g_assert_cmpstr (req_param (request, "out"), ==, "json");
      g_assert_nonnull (req_param (request, "authinfo"));
      g_assert_cmpstr (req_param (request, "authinfo"), !=, SPECIAL_PASSWORD);
    }
}

static char *
sim_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  return g_strdup (json_node_get_string (node));
}

static gint64
sim_int (JsonObject *object,
         const char *member)
{
  g_autofree char *text = sim_string (object, member);

  return text != NULL ? g_ascii_strtoll (text, NULL, 10) : G_MININT64;
}

static JsonObject *
first_active (Fixture  *f,
              char    **id_out)
{
  g_autoptr(JsonNode) dump = isplic_sim_dump (f->sim);
  JsonArray *licenses = json_object_get_array_member (json_node_get_object (dump), "licenses");

  for (guint i = 0; i < json_array_get_length (licenses); i++)
    {
      JsonObject *lic = json_array_get_object_element (licenses, i);
      JsonNode *pricelist_node = json_object_get_member (lic, "pricelist");
      const IsplicTariff *tariff;
      const char *pricelist;

      if (sim_int (lic, "status") != 2)
        continue;
      pricelist = JSON_NODE_HOLDS_VALUE (pricelist_node) &&
                  json_node_get_value_type (pricelist_node) == G_TYPE_STRING
                  ? json_node_get_string (pricelist_node) : NULL;
      tariff = isplic_tariff_lookup (pricelist);
      if (tariff == NULL || tariff->trial)
        continue;
      *id_out = sim_string (lic, "id");
      return isplic_sim_lookup (f->sim, *id_out);
    }
  g_assert_not_reached ();
  return NULL;
}

/* ---- sign in ---- */

static void
test_sign_in (Fixture       *f,
              gconstpointer  data)
{
  IsplicTestResult done = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  IsplicSimRequest *request;

  isplic_client_sign_in_async (f->client, NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  g_assert_true (isplic_client_sign_in_finish (f->client, result, &error));
  g_assert_no_error (error);

  request = last_request (f);
  g_assert_cmpstr (request->func, ==, "soft");
  g_assert_cmpstr (req_param (request, "lang"), ==, "en");
  g_assert_cmpstr (req_param (request, "p_cnt"), ==, "1");
  g_assert_cmpstr (req_param (request, "authinfo"), ==, "***");
  assert_requests_clean (f);

  /* Wrong password: billmgr's auth error, its own message, no password in it. */
  g_clear_object (&result);
  isplic_client_set_password (f->client, "wrong");
  isplic_client_sign_in_async (f->client, NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  g_assert_false (isplic_client_sign_in_finish (f->client, result, &error));
  g_assert_error (error, ISPLIC_BILLMGR_ERROR, ISPLIC_BILLMGR_ERROR_AUTH);
  g_test_message ("auth error: %s", error->message);
  g_assert_true (error->message[0] != '\0');
  g_assert_false (g_str_has_suffix (error->message, " "));
  g_assert_null (strstr (error->message, "wrong"));

  /* Russian */
  g_clear_error (&error);
  g_clear_object (&result);
  isplic_client_set_password (f->client, SPECIAL_PASSWORD);
  isplic_client_set_lang (f->client, "ru");
  isplic_client_sign_in_async (f->client, NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  g_assert_true (isplic_client_sign_in_finish (f->client, result, &error));
  g_assert_cmpstr (req_param (last_request (f), "lang"), ==, "ru");
}

/* ---- list ---- */

static void
test_list_paged (Fixture       *f,
                 gconstpointer  data)
{
  IsplicTestResult done = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) licenses = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *requests;

  g_object_set (f->client, "page-size", 10, NULL);
  isplic_sim_clear_requests (f->sim);
  isplic_client_list_async (f->client, NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  licenses = isplic_client_list_finish (f->client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (licenses->len, ==, isplic_sim_get_n_licenses (f->sim));
  g_assert_cmpuint (licenses->len, ==, 25);

  for (guint i = 0; i < licenses->len; i++)
    {
      IsplicLicense *license = g_ptr_array_index (licenses, i);
      g_autoptr(JsonObject) sim_lic = isplic_sim_lookup (f->sim, isplic_license_get_id (license));
      g_autofree char *name = sim_string (sim_lic, "licname");
      g_autofree char *ip = sim_string (sim_lic, "ip");
      g_autofree char *pricelist = sim_string (sim_lic, "pricelist");
      g_autofree char *expires = sim_string (sim_lic, "expiredate");
      g_autofree char *got_expires = isplic_date_format (isplic_license_get_expires (license));

      g_assert_true (g_hash_table_add (ids, (gpointer) isplic_license_get_id (license)));
      g_assert_cmpstr (isplic_license_get_name (license), ==, name);
      g_assert_cmpstr (isplic_license_get_ip (license), ==, ip);
      g_assert_cmpstr (isplic_license_get_tariff_id (license), ==, pricelist);
      g_assert_cmpstr (got_expires, ==, expires);
      g_assert_cmpint (isplic_license_get_status (license), ==, sim_int (sim_lic, "status"));
    }

  /* 3 pages: 10 + 10 + 5 */
  requests = isplic_sim_get_requests (f->sim);
  g_assert_cmpuint (isplic_sim_count_requests (f->sim, "soft"), ==, 3);
  g_assert_cmpstr (req_param (g_ptr_array_index (requests, 0), "p_num"), ==, "1");
  g_assert_cmpstr (req_param (g_ptr_array_index (requests, 2), "p_num"), ==, "3");
  g_assert_cmpstr (req_param (g_ptr_array_index (requests, 2), "p_cnt"), ==, "10");
  assert_requests_clean (f);

  /* Exactly one license: the simulator sends a single object, not an array. */
  g_clear_object (&result);
  g_clear_pointer (&licenses, g_ptr_array_unref);
  isplic_sim_generate (f->sim, 1, 3);
  isplic_client_list_async (f->client, NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  licenses = isplic_client_list_finish (f->client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (licenses->len, ==, 1);

  /* None */
  g_clear_object (&result);
  g_clear_pointer (&licenses, g_ptr_array_unref);
  isplic_sim_generate (f->sim, 0, 3);
  isplic_client_list_async (f->client, NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  licenses = isplic_client_list_finish (f->client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (licenses->len, ==, 0);
}

/* ---- details, edit, new key ---- */

static void
test_details_edit_key (Fixture       *f,
                       gconstpointer  data)
{
  IsplicTestResult done = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(IsplicLicense) license = NULL;
  g_autoptr(JsonObject) sim_lic = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autofree char *id = NULL;
  g_autofree char *key = NULL;
  g_autofree char *old_key = NULL;
  g_autofree char *sim_key = NULL;
  g_autofree char *sim_name = NULL;
  g_autofree char *sim_ip = NULL;
  g_autofree char *old_ip = NULL;
  IsplicSimRequest *request;

  sim_lic = first_active (f, &id);
  old_key = sim_string (sim_lic, "lickey");
  old_ip = sim_string (sim_lic, "ip");

  isplic_client_get_details_async (f->client, id, NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  license = isplic_client_get_details_finish (f->client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (isplic_license_get_id (license), ==, id);
  g_assert_cmpstr (isplic_license_get_key (license), ==, old_key);
  g_assert_true (g_str_has_prefix (old_key, id));
  request = last_request (f);
  g_assert_cmpstr (request->func, ==, "soft.edit");
  g_assert_cmpstr (req_param (request, "elid"), ==, id);
  g_assert_null (req_param (request, "sok"));

  /* Edit the name only: the IP is not sent. */
  g_clear_object (&result);
  isplic_client_edit_async (f->client, id, "renamed & co", NULL, NULL, isplic_test_result_cb,
                            &done);
  result = isplic_test_wait_result (&done);
  g_assert_true (isplic_client_edit_finish (f->client, result, &error));
  g_assert_no_error (error);
  request = last_request (f);
  g_assert_cmpstr (req_param (request, "licname"), ==, "renamed & co");
  g_assert_null (req_param (request, "ip"));
  g_assert_cmpstr (req_param (request, "sok"), ==, "ok");
  after = isplic_sim_lookup (f->sim, id);
  sim_name = sim_string (after, "licname");
  g_assert_cmpstr (sim_name, ==, "renamed & co");
  sim_ip = sim_string (after, "ip");
  g_assert_cmpstr (sim_ip, ==, old_ip);
  g_clear_pointer (&after, json_object_unref);
  g_clear_pointer (&sim_ip, g_free);

  /* Then the IP only. */
  g_clear_object (&result);
  isplic_client_edit_async (f->client, id, NULL, "203.0.113.200", NULL, isplic_test_result_cb,
                            &done);
  result = isplic_test_wait_result (&done);
  g_assert_true (isplic_client_edit_finish (f->client, result, &error));
  g_assert_no_error (error);
  request = last_request (f);
  g_assert_null (req_param (request, "licname"));
  after = isplic_sim_lookup (f->sim, id);
  sim_ip = sim_string (after, "ip");
  g_assert_cmpstr (sim_ip, ==, "203.0.113.200");
  g_clear_pointer (&after, json_object_unref);

  /* An invalid IP never leaves the machine. */
  g_clear_object (&result);
  isplic_sim_clear_requests (f->sim);
  isplic_client_edit_async (f->client, id, NULL, "1.2.3", NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  g_assert_false (isplic_client_edit_finish (f->client, result, &error));
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_INVALID_INPUT);
  g_assert_cmpuint (isplic_sim_get_requests (f->sim)->len, ==, 0);
  g_clear_error (&error);

  /* New key */
  g_clear_object (&result);
  isplic_client_new_key_async (f->client, id, NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  key = isplic_client_new_key_finish (f->client, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (key);
  g_assert_cmpstr (key, !=, old_key);
  request = last_request (f);
  g_assert_cmpstr (req_param (request, "clicked_button"), ==, "newkey");
  g_assert_cmpstr (req_param (request, "sok"), ==, "ok");
  after = isplic_sim_lookup (f->sim, id);
  sim_key = sim_string (after, "lickey");
  g_assert_cmpstr (sim_key, ==, key);
  assert_requests_clean (f);
}

static void
test_unknown_id (Fixture       *f,
                 gconstpointer  data)
{
  IsplicTestResult done = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(IsplicLicense) license = NULL;
  const char * const ids[] = { "999999", NULL };

  isplic_client_get_details_async (f->client, "999999", NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  license = isplic_client_get_details_finish (f->client, result, &error);
  g_assert_null (license);
  g_assert_error (error, ISPLIC_BILLMGR_ERROR, ISPLIC_BILLMGR_ERROR_MISSED);
  g_assert_cmpstr (isplic_billmgr_error_get_field (error), ==, "elid");
  g_assert_nonnull (strstr (error->message, "999999"));
  g_assert_false (g_str_has_suffix (error->message, " "));
  g_clear_error (&error);

  g_clear_object (&result);
  isplic_client_suspend_async (f->client, ids, NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  g_assert_false (isplic_client_suspend_finish (f->client, result, &error));
  g_assert_error (error, ISPLIC_BILLMGR_ERROR, ISPLIC_BILLMGR_ERROR_MISSED);
}

/* ---- order ---- */

static void
test_order (Fixture       *f,
            gconstpointer  data)
{
  IsplicTestResult done = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *id = NULL;
  g_autofree char *billorder = NULL;
  g_autoptr(JsonObject) sim_lic = NULL;
  g_autofree char *name = NULL;
  g_autofree char *pricelist = NULL;
  IsplicSimRequest *request;
  IsplicOrderParams params = {
    .tariff_id = "55227", .period = 12, .auto_renew = 12, .name = "new shop",
    .ip = "198.51.100.77", .nodes = 0, .to_cart = FALSE,
  };

  isplic_client_order_async (f->client, &params, NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  g_assert_true (isplic_client_order_finish (f->client, result, &id, &billorder, &error));
  g_assert_no_error (error);
  g_assert_nonnull (id);
  g_assert_null (billorder);
  request = last_request (f);
  g_assert_cmpstr (request->func, ==, "soft.order.param");
  g_assert_cmpstr (req_param (request, "clicked_button"), ==, "finish");
  g_assert_cmpstr (req_param (request, "sok"), ==, "ok");
  g_assert_cmpstr (req_param (request, "skipbasket"), ==, "on");
  g_assert_cmpstr (req_param (request, "pricelist"), ==, "55227");
  g_assert_cmpstr (req_param (request, "period"), ==, "12");
  g_assert_cmpstr (req_param (request, "autoprolong"), ==, "12");
  g_assert_cmpstr (req_param (request, "licname"), ==, "new shop");
  g_assert_cmpstr (req_param (request, "ip"), ==, "198.51.100.77");
  g_assert_null (req_param (request, "addon_55236"));
  sim_lic = isplic_sim_lookup (f->sim, id);
  g_assert_nonnull (sim_lic);
  name = sim_string (sim_lic, "licname");
  g_assert_cmpstr (name, ==, "new shop");
  pricelist = sim_string (sim_lic, "pricelist");
  g_assert_cmpstr (pricelist, ==, "55227");
  g_clear_pointer (&id, g_free);

  /* Trial: period -100 whatever was asked; auto-renew off sent as "null". */
  g_clear_object (&result);
  params = (IsplicOrderParams) { .tariff_id = "55239", .period = 12, .auto_renew = 0,
                                 .name = "trial", .ip = "2001:db8::77" };
  isplic_client_order_async (f->client, &params, NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  g_assert_true (isplic_client_order_finish (f->client, result, &id, NULL, &error));
  g_assert_no_error (error);
  request = last_request (f);
  g_assert_cmpstr (req_param (request, "period"), ==, "-100");
  g_assert_cmpstr (req_param (request, "autoprolong"), ==, "null");
  g_clear_pointer (&id, g_free);

  /* Business with nodes */
  g_clear_object (&result);
  params = (IsplicOrderParams) { .tariff_id = "55230", .period = 1, .auto_renew = 1,
                                 .name = "biz", .ip = "198.51.100.78", .nodes = 3 };
  isplic_client_order_async (f->client, &params, NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  g_assert_true (isplic_client_order_finish (f->client, result, &id, NULL, &error));
  g_assert_no_error (error);
  request = last_request (f);
  g_assert_cmpstr (req_param (request, "addon_55236"), ==, "3");
  g_assert_cmpstr (req_param (request, "autoprolong"), ==, "1");
  g_clear_pointer (&sim_lic, json_object_unref);
  sim_lic = isplic_sim_lookup (f->sim, id);
  g_assert_cmpint (sim_int (sim_lic, "nodes"), ==, 3);
  g_clear_pointer (&id, g_free);

  /* To the cart */
  g_clear_object (&result);
  params = (IsplicOrderParams) { .tariff_id = "55228", .period = 1, .name = "cart",
                                 .ip = "198.51.100.79", .to_cart = TRUE };
  isplic_client_order_async (f->client, &params, NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  g_assert_true (isplic_client_order_finish (f->client, result, &id, &billorder, &error));
  g_assert_no_error (error);
  g_assert_null (id);
  g_assert_nonnull (billorder);
  g_assert_cmpstr (req_param (last_request (f), "skipbasket"), ==, "off");

  /* The server refuses an IP that already has a license. */
  g_clear_object (&result);
  params = (IsplicOrderParams) { .tariff_id = "55227", .period = 1, .name = "dup",
                                 .ip = "198.51.100.77" };
  isplic_client_order_async (f->client, &params, NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  g_assert_false (isplic_client_order_finish (f->client, result, &id, NULL, &error));
  g_assert_error (error, ISPLIC_BILLMGR_ERROR, ISPLIC_BILLMGR_ERROR_EXISTS);
  g_assert_cmpstr (isplic_billmgr_error_get_field (error), ==, "ip");
  g_test_message ("refusal: %s", error->message);
  g_clear_error (&error);

  /* Local validation: nothing is sent. */
  {
    const IsplicOrderParams bad[] = {
      { .tariff_id = "55227", .period = 1, .name = "x", .ip = "1.2.3" },
      { .tariff_id = "55227", .period = 1, .name = "x", .ip = "1.2.3.4:80" },
      { .tariff_id = "99999", .period = 1, .name = "x", .ip = "1.2.3.4" },
      { .tariff_id = "55227", .period = 3, .name = "x", .ip = "1.2.3.4" },
      { .tariff_id = "55227", .period = 1, .name = "  ", .ip = "1.2.3.4" },
      { .tariff_id = "55227", .period = 1, .name = NULL, .ip = "1.2.3.4" },
      { .tariff_id = "55227", .period = 1, .auto_renew = 5, .name = "x", .ip = "1.2.3.4" },
    };

    isplic_sim_clear_requests (f->sim);
    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_clear_object (&result);
        isplic_client_order_async (f->client, &bad[i], NULL, isplic_test_result_cb, &done);
        result = isplic_test_wait_result (&done);
        g_assert_false (isplic_client_order_finish (f->client, result, &id, NULL, &error));
        g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_INVALID_INPUT);
        g_clear_error (&error);
      }
    g_assert_cmpuint (isplic_sim_get_requests (f->sim)->len, ==, 0);
  }
  assert_requests_clean (f);
}

/* ---- renew, tariff, group actions, check ip ---- */

static void
test_renew (Fixture       *f,
            gconstpointer  data)
{
  IsplicTestResult done = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonObject) sim_lic = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(GDateTime) preview = NULL;
  g_autoptr(GDateTime) renewed = NULL;
  g_autofree char *id = NULL;
  g_autofree char *old_expiry = NULL;
  g_autofree char *new_expiry = NULL;
  g_autofree char *preview_text = NULL;
  g_autofree char *renewed_text = NULL;
  const char *ids[2] = { NULL, NULL };
  IsplicSimRequest *request;

  sim_lic = first_active (f, &id);
  old_expiry = sim_string (sim_lic, "expiredate");
  ids[0] = id;

  isplic_client_renew_preview_async (f->client, id, 12, NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  preview = isplic_client_renew_preview_finish (f->client, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (preview);
  request = last_request (f);
  g_assert_cmpstr (request->func, ==, "service.prolong");
  g_assert_null (req_param (request, "sok"));
  after = isplic_sim_lookup (f->sim, id);
  new_expiry = sim_string (after, "expiredate");
  g_assert_cmpstr (new_expiry, ==, old_expiry);  /* a preview changes nothing */
  g_clear_pointer (&after, json_object_unref);
  g_clear_pointer (&new_expiry, g_free);

  g_clear_object (&result);
  isplic_client_renew_async (f->client, ids, 12, NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  g_assert_true (isplic_client_renew_finish (f->client, result, &renewed, &error));
  g_assert_no_error (error);
  g_assert_nonnull (renewed);
  request = last_request (f);
  g_assert_cmpstr (req_param (request, "sok"), ==, "ok");
  g_assert_cmpstr (req_param (request, "period"), ==, "12");
  g_assert_cmpstr (req_param (request, "elid"), ==, id);
  after = isplic_sim_lookup (f->sim, id);
  new_expiry = sim_string (after, "expiredate");
  preview_text = isplic_date_format (preview);
  renewed_text = isplic_date_format (renewed);
  g_assert_cmpstr (renewed_text, ==, new_expiry);
  g_assert_cmpstr (preview_text, ==, new_expiry);
  g_assert_cmpstr (new_expiry, >, old_expiry);
  assert_requests_clean (f);
}

static void
test_change_tariff (Fixture       *f,
                    gconstpointer  data)
{
  IsplicTestResult done = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonObject) sim_lic = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autofree char *id = NULL;
  g_autofree char *old_tariff = NULL;
  g_autofree char *new_tariff = NULL;
  const char *target;
  IsplicVerdict verdict = ISPLIC_VERDICT_DONE;

  sim_lic = first_active (f, &id);
  old_tariff = sim_string (sim_lic, "pricelist");
  target = g_str_equal (old_tariff, "55228") ? "55229" : "55228";

  isplic_client_reconcile_tariff_async (f->client, id, target, NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  g_assert_true (isplic_client_reconcile_tariff_finish (f->client, result, &verdict, &error));
  g_assert_no_error (error);
  g_assert_cmpint (verdict, ==, ISPLIC_VERDICT_NOT_DONE);

  g_clear_object (&result);
  isplic_client_change_tariff_async (f->client, id, target, 0, NULL, isplic_test_result_cb,
                                     &done);
  result = isplic_test_wait_result (&done);
  g_assert_true (isplic_client_change_tariff_finish (f->client, result, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (last_request (f)->func, ==, "service.changepricelist");
  g_assert_cmpstr (req_param (last_request (f), "pricelist"), ==, target);
  g_assert_cmpstr (req_param (last_request (f), "sok"), ==, "ok");
  after = isplic_sim_lookup (f->sim, id);
  new_tariff = sim_string (after, "pricelist");
  g_assert_cmpstr (new_tariff, ==, target);

  g_clear_object (&result);
  isplic_client_reconcile_tariff_async (f->client, id, target, NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  g_assert_true (isplic_client_reconcile_tariff_finish (f->client, result, &verdict, &error));
  g_assert_cmpint (verdict, ==, ISPLIC_VERDICT_DONE);

  /* Unknown tariff: refused locally. */
  g_clear_object (&result);
  isplic_client_change_tariff_async (f->client, id, "1", 0, NULL, isplic_test_result_cb,
                                     &done);
  result = isplic_test_wait_result (&done);
  g_assert_false (isplic_client_change_tariff_finish (f->client, result, &error));
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_INVALID_INPUT);
}

static void
test_group_actions (Fixture       *f,
                    gconstpointer  data)
{
  IsplicTestResult done = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) licenses = NULL;
  const char *ids[3] = { NULL, NULL, NULL };
  g_autofree char *joined = NULL;
  guint n_before;

  isplic_client_list_async (f->client, NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  licenses = isplic_client_list_finish (f->client, result, &error);
  g_assert_no_error (error);
  for (guint i = 0, n = 0; i < licenses->len && n < 2; i++)
    {
      IsplicLicense *license = g_ptr_array_index (licenses, i);
      GDateTime *expires = isplic_license_get_expires (license);
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      if (isplic_license_get_status (license) == ISPLIC_LICENSE_STATUS_ACTIVE &&
          expires != NULL && g_date_time_compare (expires, now) > 0)
        ids[n++] = isplic_license_get_id (license);
    }
  g_assert_nonnull (ids[1]);
  joined = g_strdup_printf ("%s, %s", ids[0], ids[1]);

  g_clear_object (&result);
  isplic_client_suspend_async (f->client, ids, NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  g_assert_true (isplic_client_suspend_finish (f->client, result, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (last_request (f)->func, ==, "soft.suspend");
  g_assert_cmpstr (req_param (last_request (f), "elid"), ==, joined);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(JsonObject) lic = isplic_sim_lookup (f->sim, ids[i]);
      g_assert_cmpint (sim_int (lic, "status"), ==, ISPLIC_LICENSE_STATUS_SUSPENDED);
    }

  g_clear_object (&result);
  isplic_client_resume_async (f->client, ids, NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  g_assert_true (isplic_client_resume_finish (f->client, result, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(JsonObject) lic = isplic_sim_lookup (f->sim, ids[i]);
      g_assert_cmpint (sim_int (lic, "status"), ==, ISPLIC_LICENSE_STATUS_ACTIVE);
    }

  n_before = isplic_sim_get_n_licenses (f->sim);
  g_clear_object (&result);
  isplic_client_delete_async (f->client, ids, NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  g_assert_true (isplic_client_delete_finish (f->client, result, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (req_param (last_request (f), "elid"), ==, joined);
  g_assert_cmpuint (isplic_sim_get_n_licenses (f->sim), ==, n_before - 2);

  /* No ids: refused locally */
  g_clear_object (&result);
  {
    const char *none[] = { NULL };
    const char *empty[] = { "", NULL };

    isplic_client_delete_async (f->client, none, NULL, isplic_test_result_cb, &done);
    result = isplic_test_wait_result (&done);
    g_assert_false (isplic_client_delete_finish (f->client, result, &error));
    g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_INVALID_INPUT);
    g_clear_error (&error);
    g_clear_object (&result);
    isplic_client_resume_async (f->client, empty, NULL, isplic_test_result_cb, &done);
    result = isplic_test_wait_result (&done);
    g_assert_false (isplic_client_resume_finish (f->client, result, &error));
    g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_INVALID_INPUT);
  }
}

static void
test_check_ip (Fixture       *f,
               gconstpointer  data)
{
  IsplicTestResult done = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonObject) sim_lic = NULL;
  g_autofree char *id = NULL;
  g_autofree char *taken = NULL;
  IsplicSimRequest *request;

  isplic_client_check_ip_async (f->client, "198.51.100.250", "55228", 12, NULL,
                                isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  g_assert_true (isplic_client_check_ip_finish (f->client, result, &error));
  g_assert_no_error (error);
  request = last_request (f);
  g_assert_cmpstr (request->func, ==, "soft.checkip");
  g_assert_cmpstr (req_param (request, "ip"), ==, "198.51.100.250");
  g_assert_cmpstr (req_param (request, "pricelist"), ==, "55228");
  g_assert_cmpstr (req_param (request, "period"), ==, "12");
  g_assert_cmpstr (req_param (request, "sok"), ==, "ok");

  sim_lic = first_active (f, &id);
  taken = sim_string (sim_lic, "ip");
  g_clear_object (&result);
  isplic_client_check_ip_async (f->client, taken, "55239", 1, NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  g_assert_false (isplic_client_check_ip_finish (f->client, result, &error));
  g_assert_true (error->domain == ISPLIC_BILLMGR_ERROR);
  g_assert_nonnull (strstr (error->message, taken));
  g_assert_cmpstr (req_param (last_request (f), "period"), ==, "-100");
  g_clear_error (&error);

  /* Not an IP: refused before sending */
  g_clear_object (&result);
  isplic_client_check_ip_async (f->client, "host.example.com", "55228", 1, NULL,
                                isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  g_assert_false (isplic_client_check_ip_finish (f->client, result, &error));
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_INVALID_INPUT);
}

/* ---- transport failures ---- */

static void
test_http500_malformed (Fixture       *f,
                        gconstpointer  data)
{
  IsplicTestResult done = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) licenses = NULL;
  IsplicOrderParams params = { .tariff_id = "55227", .period = 1, .name = "o500",
                               .ip = "198.51.100.91" };
  g_autofree char *id = NULL;

  isplic_sim_set_fault (f->sim, "soft", ISPLIC_SIM_FAULT_HTTP500);
  isplic_client_list_async (f->client, NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  licenses = isplic_client_list_finish (f->client, result, &error);
  g_assert_null (licenses);
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_HTTP);
  g_assert_nonnull (strstr (error->message, "500"));
  g_clear_error (&error);

  isplic_sim_set_fault (f->sim, "soft", ISPLIC_SIM_FAULT_MALFORMED);
  g_clear_object (&result);
  isplic_client_list_async (f->client, NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  licenses = isplic_client_list_finish (f->client, result, &error);
  g_assert_null (licenses);
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_MALFORMED);
  g_clear_error (&error);
  isplic_sim_set_fault (f->sim, "soft", ISPLIC_SIM_FAULT_NONE);

  /* Money: a 5xx or a garbled answer leaves the outcome unknown. */
  isplic_sim_set_fault (f->sim, "soft.order.param", ISPLIC_SIM_FAULT_HTTP500);
  g_clear_object (&result);
  isplic_client_order_async (f->client, &params, NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  g_assert_false (isplic_client_order_finish (f->client, result, &id, NULL, &error));
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_OUTCOME_UNKNOWN);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  isplic_sim_set_fault (f->sim, "soft.order.param", ISPLIC_SIM_FAULT_MALFORMED);
  g_clear_object (&result);
  isplic_client_order_async (f->client, &params, NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  g_assert_false (isplic_client_order_finish (f->client, result, &id, NULL, &error));
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_OUTCOME_UNKNOWN);
  g_assert_cmpuint (isplic_sim_count_requests (f->sim, "soft.order.param"), ==, 2);
}

static void
test_timeout (Fixture       *f,
              gconstpointer  data)
{
  IsplicTestResult done = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) licenses = NULL;
  gint64 start;

  isplic_client_set_timeout (f->client, 1);
  isplic_sim_set_fault (f->sim, "soft", ISPLIC_SIM_FAULT_TIMEOUT);
  start = g_get_monotonic_time ();
  isplic_client_list_async (f->client, NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  licenses = isplic_client_list_finish (f->client, result, &error);
  g_assert_null (licenses);
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_TIMEOUT);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 900 * 1000);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_test_message ("%s", error->message);
}

static void
test_order_timeout_reconcile (Fixture       *f,
                              gconstpointer  data)
{
  IsplicTestResult done = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(IsplicLicense) found = NULL;
  g_autofree char *id = NULL;
  IsplicOrderParams params = { .tariff_id = "55228", .period = 12, .auto_renew = 0,
                               .name = "timed out", .ip = "198.51.100.123" };
  IsplicOrderParams never = { .tariff_id = "55228", .period = 12, .name = "never",
                              .ip = "198.51.100.124" };
  IsplicVerdict verdict = ISPLIC_VERDICT_UNKNOWN;
  g_auto(GStrv) ids_before = NULL;

  /* What a careful caller does first: note the licenses that exist before ordering. */
  {
    g_autoptr(GPtrArray) before = NULL;
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

    isplic_client_list_async (f->client, NULL, isplic_test_result_cb, &done);
    result = isplic_test_wait_result (&done);
    before = isplic_client_list_finish (f->client, result, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < before->len; i++)
      g_strv_builder_add (builder, isplic_license_get_id (g_ptr_array_index (before, i)));
    ids_before = g_strv_builder_end (builder);
    g_clear_object (&result);
  }

  isplic_client_set_timeout (f->client, 1);
  isplic_sim_set_fault (f->sim, "soft.order.param", ISPLIC_SIM_FAULT_TIMEOUT_AFTER);
  isplic_sim_clear_requests (f->sim);

  isplic_client_order_async (f->client, &params, NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  g_assert_false (isplic_client_order_finish (f->client, result, &id, NULL, &error));
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_OUTCOME_UNKNOWN);
  g_assert_null (id);
  g_test_message ("%s", error->message);
  g_assert_null (strstr (error->message, SPECIAL_PASSWORD));
  g_clear_error (&error);

  /* Never retried: the server saw exactly one order. */
  isplic_test_spin (200);
  g_assert_cmpuint (isplic_sim_count_requests (f->sim, "soft.order.param"), ==, 1);

  /* Reconcile finds it: a license at its IP that did not exist before. */
  isplic_sim_set_fault (f->sim, "soft.order.param", ISPLIC_SIM_FAULT_NONE);
  isplic_client_set_timeout (f->client, 10);
  g_clear_object (&result);
  isplic_client_reconcile_order_async (f->client, &params, (const char * const *) ids_before,
                                       NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  g_assert_true (isplic_client_reconcile_order_finish (f->client, result, &verdict, &found, NULL,
                                                       &error));
  g_assert_no_error (error);
  g_assert_cmpint (verdict, ==, ISPLIC_VERDICT_DONE);
  g_assert_nonnull (found);
  g_assert_cmpstr (isplic_license_get_ip (found), ==, "198.51.100.123");
  g_assert_cmpstr (isplic_license_get_name (found), ==, "timed out");
  g_assert_cmpuint (isplic_sim_count_requests (f->sim, "soft.order.param"), ==, 1);
  g_clear_object (&found);

  /* A name the server changed does not hide the order: the IP decides. */
  {
    IsplicOrderParams renamed = params;
    renamed.name = "timed out, but the server shortened it";
    g_clear_object (&result);
    isplic_client_reconcile_order_async (f->client, &renamed, (const char * const *) ids_before,
                                         NULL, isplic_test_result_cb, &done);
    result = isplic_test_wait_result (&done);
    g_assert_true (isplic_client_reconcile_order_finish (f->client, result, &verdict, &found,
                                                         NULL, &error));
    g_assert_cmpint (verdict, ==, ISPLIC_VERDICT_DONE);
    g_assert_nonnull (found);
    g_clear_object (&found);
  }

  /* A license that was there before the order is not the order's (issue 7): with the ids known
   * after the order, its license counts as old and the order as not placed. */
  {
    g_autoptr(GPtrArray) now = NULL;
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
    g_auto(GStrv) ids_after = NULL;

    g_clear_object (&result);
    isplic_client_list_async (f->client, NULL, isplic_test_result_cb, &done);
    result = isplic_test_wait_result (&done);
    now = isplic_client_list_finish (f->client, result, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < now->len; i++)
      g_strv_builder_add (builder, isplic_license_get_id (g_ptr_array_index (now, i)));
    ids_after = g_strv_builder_end (builder);

    g_clear_object (&result);
    isplic_client_reconcile_order_async (f->client, &params, (const char * const *) ids_after,
                                         NULL, isplic_test_result_cb, &done);
    result = isplic_test_wait_result (&done);
    g_assert_true (isplic_client_reconcile_order_finish (f->client, result, &verdict, &found,
                                                         NULL, &error));
    g_assert_cmpint (verdict, ==, ISPLIC_VERDICT_NOT_DONE);
    g_assert_null (found);

    /* Without the ids from before, a license at the IP proves nothing either way. */
    g_clear_object (&result);
    isplic_client_reconcile_order_async (f->client, &params, NULL, NULL, isplic_test_result_cb,
                                         &done);
    result = isplic_test_wait_result (&done);
    g_assert_true (isplic_client_reconcile_order_finish (f->client, result, &verdict, &found,
                                                         NULL, &error));
    g_assert_cmpint (verdict, ==, ISPLIC_VERDICT_UNKNOWN);
    g_assert_null (found);
  }

  /* An order that was never placed is not found. */
  g_clear_object (&result);
  isplic_client_reconcile_order_async (f->client, &never, (const char * const *) ids_before,
                                       NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  g_assert_true (isplic_client_reconcile_order_finish (f->client, result, &verdict, &found, NULL,
                                                       &error));
  g_assert_no_error (error);
  g_assert_cmpint (verdict, ==, ISPLIC_VERDICT_NOT_DONE);
  g_assert_null (found);
}

static void
test_renew_timeout_reconcile (Fixture       *f,
                              gconstpointer  data)
{
  IsplicTestResult done = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonObject) sim_lic = NULL;
  g_autoptr(GDateTime) old_expiry = NULL;
  g_autoptr(GDateTime) expiry = NULL;
  g_autofree char *id = NULL;
  g_autofree char *old_text = NULL;
  const char *ids[2] = { NULL, NULL };
  IsplicVerdict verdict = ISPLIC_VERDICT_UNKNOWN;
  const char *target;
  g_autofree char *old_tariff = NULL;

  sim_lic = first_active (f, &id);
  old_text = sim_string (sim_lic, "expiredate");
  old_expiry = isplic_date_parse (old_text);
  ids[0] = id;

  /* Before: not renewed. */
  isplic_client_reconcile_renew_async (f->client, id, old_expiry, NULL, isplic_test_result_cb,
                                       &done);
  result = isplic_test_wait_result (&done);
  g_assert_true (isplic_client_reconcile_renew_finish (f->client, result, &verdict, &expiry,
                                                       &error));
  g_assert_no_error (error);
  g_assert_cmpint (verdict, ==, ISPLIC_VERDICT_NOT_DONE);
  g_assert_true (g_date_time_equal (expiry, old_expiry));
  g_clear_pointer (&expiry, g_date_time_unref);

  isplic_client_set_timeout (f->client, 1);
  isplic_sim_set_fault (f->sim, "service.prolong", ISPLIC_SIM_FAULT_TIMEOUT_AFTER);
  g_clear_object (&result);
  isplic_client_renew_async (f->client, ids, 1, NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  g_assert_false (isplic_client_renew_finish (f->client, result, &expiry, &error));
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_OUTCOME_UNKNOWN);
  g_assert_null (expiry);
  g_clear_error (&error);
  g_assert_cmpuint (isplic_sim_count_requests (f->sim, "service.prolong"), ==, 1);

  isplic_client_set_timeout (f->client, 10);
  g_clear_object (&result);
  isplic_client_reconcile_renew_async (f->client, id, old_expiry, NULL, isplic_test_result_cb,
                                       &done);
  result = isplic_test_wait_result (&done);
  g_assert_true (isplic_client_reconcile_renew_finish (f->client, result, &verdict, &expiry,
                                                       &error));
  g_assert_no_error (error);
  g_assert_cmpint (verdict, ==, ISPLIC_VERDICT_DONE);
  g_assert_true (g_date_time_compare (expiry, old_expiry) > 0);

  /* Change tariff that times out after being applied. */
  old_tariff = sim_string (sim_lic, "pricelist");
  target = g_str_equal (old_tariff, "55229") ? "55228" : "55229";
  isplic_client_set_timeout (f->client, 1);
  isplic_sim_set_fault (f->sim, "service.changepricelist", ISPLIC_SIM_FAULT_TIMEOUT_AFTER);
  g_clear_object (&result);
  isplic_client_change_tariff_async (f->client, id, target, 0, NULL, isplic_test_result_cb,
                                     &done);
  result = isplic_test_wait_result (&done);
  g_assert_false (isplic_client_change_tariff_finish (f->client, result, &error));
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_OUTCOME_UNKNOWN);
  g_clear_error (&error);
  g_assert_cmpuint (isplic_sim_count_requests (f->sim, "service.changepricelist"), ==, 1);
  isplic_client_set_timeout (f->client, 10);
  g_clear_object (&result);
  isplic_client_reconcile_tariff_async (f->client, id, target, NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  g_assert_true (isplic_client_reconcile_tariff_finish (f->client, result, &verdict, &error));
  g_assert_cmpint (verdict, ==, ISPLIC_VERDICT_DONE);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  IsplicTestResult done = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) licenses = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) already = g_cancellable_new ();
  gint64 start;

  /* Cancelled while the server is thinking. */
  isplic_sim_set_latency (f->sim, 2000);
  start = g_get_monotonic_time ();
  isplic_client_list_async (f->client, cancellable, isplic_test_result_cb, &done);
  g_timeout_add (100, cancel_cb, cancellable);
  result = isplic_test_wait_result (&done);
  licenses = isplic_client_list_finish (f->client, result, &error);
  g_assert_null (licenses);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 1500 * 1000);
  g_clear_error (&error);

  /* Cancelled before it starts. */
  g_cancellable_cancel (already);
  g_clear_object (&result);
  isplic_client_sign_in_async (f->client, already, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  g_assert_false (isplic_client_sign_in_finish (f->client, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  isplic_sim_set_latency (f->sim, 0);
}

/* Many operations at once: each callback exactly once, every task completed. */
static void
test_callbacks_once (Fixture       *f,
                     gconstpointer  data)
{
  IsplicTestResult dones[8] = { { 0 } };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  const char *ids[] = { "424242", NULL };

  isplic_sim_set_latency (f->sim, 50);
  isplic_client_sign_in_async (f->client, NULL, isplic_test_result_cb, &dones[0]);
  isplic_client_list_async (f->client, NULL, isplic_test_result_cb, &dones[1]);
  isplic_client_get_details_async (f->client, "424242", NULL, isplic_test_result_cb, &dones[2]);
  isplic_client_suspend_async (f->client, ids, NULL, isplic_test_result_cb, &dones[3]);
  isplic_client_list_async (f->client, cancellable, isplic_test_result_cb, &dones[4]);
  isplic_client_check_ip_async (f->client, "bad", "55227", 1, NULL, isplic_test_result_cb,
                                &dones[5]);
  isplic_client_renew_preview_async (f->client, "424242", 1, cancellable, isplic_test_result_cb,
                                     &dones[6]);
  isplic_client_new_key_async (f->client, NULL, NULL, isplic_test_result_cb, &dones[7]);
  g_cancellable_cancel (cancellable);

  for (guint i = 0; i < G_N_ELEMENTS (dones); i++)
    {
      g_autoptr(GAsyncResult) result = isplic_test_wait_result (&dones[i]);
      g_assert_nonnull (result);
    }
  isplic_test_spin (200);
  for (guint i = 0; i < G_N_ELEMENTS (dones); i++)
    g_assert_cmpuint (dones[i].calls, ==, 0);
}

/* ---- the license list over HTTP ---- */

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          guint      *count)
{
  (*count)++;
}

static void
test_license_list_refresh (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(IsplicLicenseList) list = isplic_license_list_new (f->client);
  IsplicTestResult first = { 0 }, second = { 0 }, third = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) r1 = NULL;
  g_autoptr(GAsyncResult) r2 = NULL;
  g_autoptr(GAsyncResult) r3 = NULL;
  g_autoptr(IsplicLicense) kept = NULL;
  g_autoptr(IsplicLicense) kept_after = NULL;
  guint loading_notifies = 0;
  guint error_notifies = 0;

  g_signal_connect (list, "notify::loading", G_CALLBACK (count_cb), &loading_notifies);
  g_signal_connect (list, "notify::error", G_CALLBACK (count_cb), &error_notifies);
  isplic_sim_clear_requests (f->sim);

  /* Two refreshes at once share one listing. */
  isplic_license_list_refresh_async (list, NULL, isplic_test_result_cb, &first);
  g_assert_true (isplic_license_list_get_loading (list));
  isplic_license_list_refresh_async (list, NULL, isplic_test_result_cb, &second);
  r1 = isplic_test_wait_result (&first);
  r2 = isplic_test_wait_result (&second);
  g_assert_true (isplic_license_list_refresh_finish (list, r1, &error));
  g_assert_true (isplic_license_list_refresh_finish (list, r2, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (isplic_sim_count_requests (f->sim, "soft"), ==, 1);
  g_assert_false (isplic_license_list_get_loading (list));
  g_assert_cmpuint (loading_notifies, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 25);
  g_assert_nonnull (isplic_license_list_get_last_refresh (list));
  g_assert_null (isplic_license_list_get_error (list));
  kept = g_list_model_get_item (G_LIST_MODEL (list), 3);

  /* A failing refresh keeps the items and exposes the error. */
  isplic_sim_set_fault (f->sim, "soft", ISPLIC_SIM_FAULT_HTTP500);
  isplic_license_list_refresh_async (list, NULL, isplic_test_result_cb, &third);
  r3 = isplic_test_wait_result (&third);
  g_assert_false (isplic_license_list_refresh_finish (list, r3, &error));
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_HTTP);
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 25);
  g_assert_error ((GError *) isplic_license_list_get_error (list), ISPLIC_CLIENT_ERROR,
                  ISPLIC_CLIENT_ERROR_HTTP);
  g_assert_cmpuint (error_notifies, ==, 1);

  /* Recovery clears it; objects are the same ones. */
  isplic_sim_set_fault (f->sim, "soft", ISPLIC_SIM_FAULT_NONE);
  g_clear_object (&r3);
  isplic_license_list_refresh_async (list, NULL, isplic_test_result_cb, &third);
  r3 = isplic_test_wait_result (&third);
  g_assert_true (isplic_license_list_refresh_finish (list, r3, &error));
  g_assert_null (isplic_license_list_get_error (list));
  g_assert_cmpuint (error_notifies, ==, 2);
  kept_after = g_list_model_get_item (G_LIST_MODEL (list), 3);
  g_assert_true (kept == kept_after);

  /* One waiter cancels: it gets CANCELLED, the other still gets the result. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GAsyncResult) a = NULL;
    g_autoptr(GAsyncResult) b = NULL;
    IsplicTestResult da = { 0 }, db = { 0 };

    isplic_sim_set_latency (f->sim, 300);
    isplic_license_list_refresh_async (list, cancellable, isplic_test_result_cb, &da);
    isplic_license_list_refresh_async (list, NULL, isplic_test_result_cb, &db);
    g_cancellable_cancel (cancellable);
    a = isplic_test_wait_result (&da);
    g_assert_false (isplic_license_list_refresh_finish (list, a, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    b = isplic_test_wait_result (&db);
    g_assert_true (isplic_license_list_refresh_finish (list, b, &error));
    g_assert_no_error (error);
    isplic_sim_set_latency (f->sim, 0);
  }

  /* Sign-out while loading: the waiter is told, the list stays empty. */
  {
    g_autoptr(GAsyncResult) a = NULL;
    IsplicTestResult da = { 0 };

    isplic_sim_set_latency (f->sim, 200);
    isplic_license_list_refresh_async (list, NULL, isplic_test_result_cb, &da);
    isplic_license_list_clear (list);
    a = isplic_test_wait_result (&da);
    g_assert_false (isplic_license_list_refresh_finish (list, a, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    isplic_test_spin (400);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
    g_assert_false (isplic_license_list_get_loading (list));
    isplic_sim_set_latency (f->sim, 0);
  }

  g_signal_handlers_disconnect_by_func (list, count_cb, &loading_notifies);
  g_signal_handlers_disconnect_by_func (list, count_cb, &error_notifies);
  g_clear_object (&kept);
  g_clear_object (&kept_after);
  /* the results hold their source object */
  g_clear_object (&r1);
  g_clear_object (&r2);
  g_clear_object (&r3);
  g_assert_finalize_object (g_steal_pointer (&list));
}

typedef struct
{
  guint emissions;
  guint removed;
  guint added;
} Emissions;

static void
emissions_cb (GListModel *model,
              guint       position,
              guint       removed,
              guint       added,
              Emissions  *e)
{
  e->emissions++;
  e->removed += removed;
  e->added += added;
}

/* Big enough to be merged in main-loop slices. */
static void
test_license_list_big (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(IsplicLicenseList) list = isplic_license_list_new (f->client);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(IsplicLicense) kept = NULL;
  g_autoptr(IsplicLicense) kept_after = NULL;
  g_autoptr(IsplicLicense) first = NULL;
  g_autofree char *kept_id = NULL;
  g_autofree char *new_id = NULL;
  char *doomed[3] = { NULL, NULL, NULL };
  Emissions e = { 0 };
  IsplicTestResult done = { 0 };
  IsplicOrderParams params = { .tariff_id = "55227", .period = 1, .name = "the new one",
                               .ip = "198.51.100.200" };

  isplic_sim_generate (f->sim, 6000, 11);
  isplic_sim_set_logging (f->sim, FALSE);
  g_object_set (f->client, "page-size", 2500, NULL);
  g_signal_connect (list, "items-changed", G_CALLBACK (emissions_cb), &e);

  isplic_license_list_refresh_async (list, NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  g_assert_true (isplic_license_list_refresh_finish (list, result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 6000);
  g_assert_cmpuint (e.emissions, ==, 1);
  g_assert_cmpuint (e.added, ==, 6000);

  kept = g_list_model_get_item (G_LIST_MODEL (list), 3000);
  kept_id = g_strdup (isplic_license_get_id (kept));
  g_assert_true (isplic_license_list_lookup (list, kept_id) == kept);
  g_assert_cmpuint (isplic_license_list_find (list, kept_id), ==, 3000);
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);

  /* Two licenses go away, one is ordered; its name changes on the server too. */
  {
    g_autoptr(IsplicLicense) a = g_list_model_get_item (G_LIST_MODEL (list), 10);
    g_autoptr(IsplicLicense) b = g_list_model_get_item (G_LIST_MODEL (list), 4000);

    doomed[0] = g_strdup (isplic_license_get_id (a));
    doomed[1] = g_strdup (isplic_license_get_id (b));
    g_clear_object (&result);
    isplic_client_delete_async (f->client, (const char * const *) doomed, NULL,
                                isplic_test_result_cb, &done);
    result = isplic_test_wait_result (&done);
    g_assert_true (isplic_client_delete_finish (f->client, result, &error));
    g_assert_no_error (error);
  }
  g_clear_object (&result);
  isplic_client_order_async (f->client, &params, NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  g_assert_true (isplic_client_order_finish (f->client, result, &new_id, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  isplic_client_edit_async (f->client, kept_id, "renamed in the big list", NULL, NULL,
                            isplic_test_result_cb,
                            &done);
  result = isplic_test_wait_result (&done);
  g_assert_true (isplic_client_edit_finish (f->client, result, &error));

  e = (Emissions) { 0 };
  g_clear_object (&result);
  isplic_license_list_refresh_async (list, NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  g_assert_true (isplic_license_list_refresh_finish (list, result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 5999);
  g_assert_cmpuint (e.emissions, <=, 3);
  g_assert_cmpint ((int) e.added - (int) e.removed, ==, -1);
  g_assert_null (isplic_license_list_lookup (list, doomed[0]));
  g_assert_null (isplic_license_list_lookup (list, doomed[1]));
  g_free (doomed[0]);
  g_free (doomed[1]);
  g_assert_cmpuint (isplic_license_list_find (list, new_id), !=, G_MAXUINT);
  kept_after = g_list_model_get_item (G_LIST_MODEL (list),
                                      isplic_license_list_find (list, kept_id));
  g_assert_true (kept_after == kept);
  g_assert_cmpstr (isplic_license_get_name (kept), ==, "renamed in the big list");
  {
    g_autoptr(IsplicLicense) first_after = g_list_model_get_item (G_LIST_MODEL (list), 0);
    g_assert_true (first_after == first);
  }

  /* Sign-out while a big refresh runs leaves an empty list. */
  g_clear_object (&result);
  isplic_license_list_refresh_async (list, NULL, isplic_test_result_cb, &done);
  while (isplic_sim_get_n_licenses (f->sim) > 0 && done.calls == 0 &&
         isplic_license_list_get_loading (list))
    {
      g_main_context_iteration (NULL, TRUE);
      isplic_license_list_clear (list);
    }
  result = isplic_test_wait_result (&done);
  g_assert_false (isplic_license_list_refresh_finish (list, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  isplic_test_spin (300);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);

  g_signal_handlers_disconnect_by_func (list, emissions_cb, &e);
  g_clear_object (&result);
  g_clear_object (&kept);
  g_clear_object (&kept_after);
  g_clear_object (&first);
  g_assert_finalize_object (g_steal_pointer (&list));
}

/* ---- our own server: exact bytes, insecure URLs, dropped connections ---- */

typedef enum {
  RAW_OK,
  RAW_DROP,      /* close the connection without answering */
  RAW_SLOW,      /* headers, then a body that never finishes */
  RAW_404,
  RAW_REDIRECT,
  RAW_SAME_PAGE,  /* ignores p_num: the same two rows, claiming 10 in all */
  RAW_NO_TOTAL,   /* two rows and no p_elems */
  RAW_CAPPED,     /* no p_elems, five licenses in pages of two whatever p_cnt asks */
  RAW_FIXTURE,    /* the body of tests/data/<fixture> */
} RawMode;

typedef struct
{
  SoupServer *server;
  char *url;
  RawMode mode;
  guint hits;
  char *method;
  char *path;
  char *query;
  char *content_type;
  char *body;
  GPtrArray *held;  /* messages paused for RAW_SLOW */
  char *fixture;    /* RAW_FIXTURE: its contents */
} Raw;

static void
raw_handler (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  Raw *raw = user_data;
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  GUri *uri = soup_server_message_get_uri (msg);
  const char *reply = "{\"doc\":{\"elem\":[],\"p_elems\":{\"$\":\"0\"},"
                      "\"id\":{\"$\":\"5\"},\"ok\":{}}}";

  raw->hits++;
  g_free (raw->method);
  g_free (raw->path);
  g_free (raw->query);
  g_free (raw->content_type);
  g_free (raw->body);
  raw->method = g_strdup (soup_server_message_get_method (msg));
  raw->path = g_strdup (path);
  raw->query = g_strdup (g_uri_get_query (uri));
  raw->content_type = g_strdup (soup_message_headers_get_content_type (
    soup_server_message_get_request_headers (msg), NULL));
  raw->body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  switch (raw->mode)
    {
    case RAW_DROP:
      {
        GIOStream *stream = soup_server_message_steal_connection (msg);
        g_io_stream_close (stream, NULL, NULL);
        g_object_unref (stream);
      }
      return;
    case RAW_SLOW:
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg),
                                         SOUP_ENCODING_CHUNKED);
      soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_STATIC,
                                "{\"doc\":", 7);
      g_ptr_array_add (raw->held, g_object_ref (msg));
      return;
    case RAW_404:
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    case RAW_REDIRECT:
      soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, "http://127.0.0.1:1/elsewhere");
      return;
    case RAW_FIXTURE:
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, raw->fixture,
                                        strlen (raw->fixture));
      return;
    case RAW_SAME_PAGE:
    case RAW_NO_TOTAL:
      {
        const char *page = raw->mode == RAW_SAME_PAGE
          ? "{\"doc\":{\"elem\":[{\"id\":{\"$\":\"1\"}},{\"id\":{\"$\":\"2\"}}],"
            "\"p_elems\":{\"$\":\"10\"}}}"
          : "{\"doc\":{\"elem\":[{\"id\":{\"$\":\"1\"}},{\"id\":{\"$\":\"2\"}}]}}";
        soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
        soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, page,
                                          strlen (page));
      }
      return;
    case RAW_CAPPED:
      {
        g_autoptr(GHashTable) form = soup_form_decode (raw->body);
        guint64 p_num = g_ascii_strtoull (g_hash_table_lookup (form, "p_num"), NULL, 10);
        GString *page = g_string_new ("{\"doc\":{\"elem\":[");

        for (guint64 id = 2 * p_num - 1; id <= MIN (2 * p_num, 5); id++)
          g_string_append_printf (page, "%s{\"id\":{\"$\":\"%" G_GUINT64_FORMAT "\"}}",
                                  id == 2 * p_num - 1 ? "" : ",", id);
        g_string_append (page, "]}}");
        soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
        soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                          page->str, page->len);
        g_string_free (page, FALSE);
      }
      return;
    case RAW_OK:
    default:
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, reply,
                                        strlen (reply));
      return;
    }
}

static void
request_counter_handler (SoupServer        *server,
                         SoupServerMessage *msg,
                         const char        *path,
                         GHashTable        *query,
                         guint             *hits)
{
  (*hits)++;
  soup_server_message_set_status (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
}

static void
raw_setup (Raw *raw)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;

  memset (raw, 0, sizeof *raw);
  raw->held = g_ptr_array_new_with_free_func (g_object_unref);
  raw->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (raw->server, NULL, raw_handler, raw, NULL);
  g_assert_true (soup_server_listen_local (raw->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (raw->server);
  {
    g_autofree char *base = g_uri_to_string (uris->data);
    /* a query and a fragment in the configured address must not reach the wire */
    raw->url = g_strconcat (base, "manager/billmgr?func=evil&authinfo=x#frag", NULL);
  }
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
}

static void
raw_teardown (Raw *raw)
{
  soup_server_disconnect (raw->server);
  g_clear_object (&raw->server);
  g_ptr_array_unref (raw->held);
  g_free (raw->url);
  g_free (raw->method);
  g_free (raw->path);
  g_free (raw->query);
  g_free (raw->content_type);
  g_free (raw->body);
  g_free (raw->fixture);
}

static void
raw_serve_fixture (Raw        *raw,
                   const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("ISPLIC_TEST_DATA"), name, NULL);
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&raw->fixture, g_free);
  g_file_get_contents (path, &raw->fixture, NULL, &error);
  g_assert_no_error (error);
  raw->mode = RAW_FIXTURE;
}

/* billmgr's refusals travel as HTTP 200 with an error element; real captured shapes. */
static void
test_server_refusals (void)
{
  Raw raw;
  IsplicTestResult done = { 0 };
  g_autoptr(IsplicClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *id = NULL;
  g_autofree char *billorder = NULL;
  g_autoptr(GDateTime) expiry = NULL;
  const char *ids[] = { "1001", NULL };
  IsplicOrderParams params = { .tariff_id = "55227", .period = 1, .name = "x", .ip = "1.2.3.4" };

  raw_setup (&raw);
  client = isplic_client_new (raw.url, "u", "p");

  /* The server says the IP is invalid. */
  raw_serve_fixture (&raw, "error-value.json");
  isplic_client_check_ip_async (client, "1.2.3.4", "55227", 1, NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  g_assert_false (isplic_client_check_ip_finish (client, result, &error));
  g_assert_error (error, ISPLIC_BILLMGR_ERROR, ISPLIC_BILLMGR_ERROR_VALUE);
  g_assert_cmpstr (isplic_billmgr_error_get_field (error), ==, "ip");
  g_assert_cmpstr (error->message, ==, "The value of field 'IP address' is invalid '1.2.3'.");
  g_clear_error (&error);
  g_clear_object (&result);

  /* A refused order is a definite answer, not "outcome unknown". */
  raw_serve_fixture (&raw, "error-group-only.json");
  isplic_client_order_async (client, &params, NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  g_assert_false (isplic_client_order_finish (client, result, &id, NULL, &error));
  g_assert_error (error, ISPLIC_BILLMGR_ERROR, ISPLIC_BILLMGR_ERROR_VALUE);
  g_assert_nonnull (strstr (error->message, "Use a public address"));
  g_clear_error (&error);
  g_clear_object (&result);

  raw_serve_fixture (&raw, "error-other.json");
  isplic_client_renew_async (client, ids, 1, NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  g_assert_false (isplic_client_renew_finish (client, result, &expiry, &error));
  g_assert_error (error, ISPLIC_BILLMGR_ERROR, ISPLIC_BILLMGR_ERROR_OTHER);
  g_assert_cmpstr (isplic_billmgr_error_get_type_name (error), ==, "not_supported");
  g_clear_error (&error);
  g_clear_object (&result);

  /* Nested answers: the key in doc.doc, the new id in doc.doc's item.id, the expiry nested. */
  raw_serve_fixture (&raw, "newkey-nested.json");
  isplic_client_new_key_async (client, "1001", NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  key = isplic_client_new_key_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, "1001-NESTED");
  g_clear_object (&result);

  raw_serve_fixture (&raw, "order-item-id.json");
  isplic_client_order_async (client, &params, NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  g_assert_true (isplic_client_order_finish (client, result, &id, &billorder, &error));
  g_assert_cmpstr (id, ==, "3006");
  g_assert_null (billorder);
  g_clear_object (&result);

  raw_serve_fixture (&raw, "prolong-nested.json");
  isplic_client_renew_async (client, ids, 12, NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  g_assert_true (isplic_client_renew_finish (client, result, &expiry, &error));
  g_assert_no_error (error);
  {
    g_autofree char *text = isplic_date_format (expiry);
    g_assert_cmpstr (text, ==, "2027-01-15");
  }
  g_clear_object (&result);

  /* An order answer without id or confirmation: the order may or may not exist. */
  raw_serve_fixture (&raw, "order-nothing.json");
  g_clear_pointer (&id, g_free);
  isplic_client_order_async (client, &params, NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  g_assert_false (isplic_client_order_finish (client, result, &id, NULL, &error));
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_OUTCOME_UNKNOWN);

  g_clear_object (&client);
  raw_teardown (&raw);
}

static void
test_wire_format (void)
{
  Raw raw;
  IsplicTestResult done = { 0 };
  g_autoptr(IsplicClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) form = NULL;

  raw_setup (&raw);
  client = isplic_client_new (raw.url, "reseller@example.com", SPECIAL_PASSWORD);
  isplic_client_sign_in_async (client, NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  g_assert_true (isplic_client_sign_in_finish (client, result, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (raw.hits, ==, 1);
  g_assert_cmpstr (raw.method, ==, "POST");
  g_assert_cmpstr (raw.path, ==, "/manager/billmgr");
  g_assert_null (raw.query);
  g_assert_cmpstr (raw.content_type, ==, "application/x-www-form-urlencoded");
  g_test_message ("body: %s", raw.body);
  /* Encoded exactly once: ':' '&' '%' '+' '#' '?' ' ' and 'ü' as UTF-8. */
  g_assert_nonnull (strstr (raw.body, "authinfo=reseller%40example.com%3Ap%3Aa%26s%25s%2Bw%23o"
                                      "%3Frd%20%C3%BC"));
  g_assert_null (strstr (raw.body, SPECIAL_PASSWORD));
  form = soup_form_decode (raw.body);
  g_assert_cmpstr (g_hash_table_lookup (form, "authinfo"), ==,
                   "reseller@example.com:" SPECIAL_PASSWORD);
  g_assert_cmpstr (g_hash_table_lookup (form, "func"), ==, "soft");
  g_assert_cmpstr (g_hash_table_lookup (form, "out"), ==, "json");
  g_assert_cmpstr (g_hash_table_lookup (form, "lang"), ==, "en");

  g_clear_object (&client);
  raw_teardown (&raw);
}

static void
request_queued_cb (SoupSession *session,
                   SoupMessage *msg,
                   guint       *count)
{
  (*count)++;
}

static void
test_insecure (void)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(IsplicClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  IsplicTestResult done = { 0 };
  guint queued = 0;
  const char *insecure[] = {
    "http://192.0.2.1/billmgr", "http://billing.example.com/billmgr",
    "http://localhost.example.com/billmgr",
  };

  g_signal_connect (session, "request-queued", G_CALLBACK (request_queued_cb), &queued);
  client = isplic_client_new_with_session (session, insecure[0], "u", "secret");
  g_assert_true (isplic_client_get_session (client) == session);

  for (guint i = 0; i < G_N_ELEMENTS (insecure); i++)
    {
      isplic_client_set_base_url (client, insecure[i]);
      isplic_client_sign_in_async (client, NULL, isplic_test_result_cb, &done);
      result = isplic_test_wait_result (&done);
      g_assert_false (isplic_client_sign_in_finish (client, result, &error));
      g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_INSECURE);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, "https://"));
      g_assert_null (strstr (error->message, "secret"));
      g_clear_error (&error);
      g_clear_object (&result);
    }

  /* Not a URL at all */
  isplic_client_set_base_url (client, "billing example com");
  isplic_client_sign_in_async (client, NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  g_assert_false (isplic_client_sign_in_finish (client, result, &error));
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_INVALID_URL);

  g_assert_cmpuint (queued, ==, 0);
  g_signal_handlers_disconnect_by_func (session, request_queued_cb, &queued);
}

static guint
closed_port (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  guint port;

  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);
  return port;
}

static void
test_connection_refused (void)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/billmgr", closed_port ());
  g_autoptr(IsplicClient) client = isplic_client_new (url, "u", "p");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  IsplicTestResult done = { 0 };
  IsplicOrderParams params = { .tariff_id = "55227", .period = 1, .name = "x", .ip = "1.2.3.4" };

  isplic_client_sign_in_async (client, NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  g_assert_false (isplic_client_sign_in_finish (client, result, &error));
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_NETWORK);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  /* Nothing was sent: a refused order is a plain network error, not "unknown". */
  g_clear_object (&result);
  isplic_client_order_async (client, &params, NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  g_assert_false (isplic_client_order_finish (client, result, &id, NULL, &error));
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_NETWORK);
}

static void
test_dropped_connection (void)
{
  Raw raw;
  IsplicTestResult done = { 0 };
  g_autoptr(IsplicClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  const char *ids[] = { "5", NULL };
  IsplicOrderParams params = { .tariff_id = "55227", .period = 1, .name = "x", .ip = "1.2.3.4" };

  raw_setup (&raw);
  raw.mode = RAW_DROP;
  client = isplic_client_new (raw.url, "u", "p");

  isplic_client_suspend_async (client, ids, NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  g_assert_false (isplic_client_suspend_finish (client, result, &error));
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_NETWORK);
  g_clear_error (&error);
  g_clear_object (&result);

  raw.hits = 0;
  isplic_client_order_async (client, &params, NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  g_assert_false (isplic_client_order_finish (client, result, &id, NULL, &error));
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_OUTCOME_UNKNOWN);
  g_test_message ("%s", error->message);
  /* not retried (libsoup may retry idempotent requests on a dropped keep-alive; not a POST) */
  g_assert_cmpuint (raw.hits, ==, 1);

  g_clear_object (&client);
  raw_teardown (&raw);
}

static void
test_slow_body (void)
{
  Raw raw;
  IsplicTestResult done = { 0 };
  g_autoptr(IsplicClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) licenses = NULL;
  g_autoptr(GDateTime) expiry = NULL;
  const char *ids[] = { "5", NULL };
  gint64 start;

  raw_setup (&raw);
  raw.mode = RAW_SLOW;
  client = isplic_client_new (raw.url, "u", "p");
  isplic_client_set_timeout (client, 1);

  start = g_get_monotonic_time ();
  isplic_client_list_async (client, NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  licenses = isplic_client_list_finish (client, result, &error);
  g_assert_null (licenses);
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_TIMEOUT);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_clear_error (&error);
  g_clear_object (&result);

  isplic_client_renew_async (client, ids, 1, NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  g_assert_false (isplic_client_renew_finish (client, result, &expiry, &error));
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_OUTCOME_UNKNOWN);

  g_clear_object (&client);
  raw_teardown (&raw);
}

static void
test_http_status (void)
{
  Raw raw;
  IsplicTestResult done = { 0 };
  g_autoptr(IsplicClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  IsplicOrderParams params = { .tariff_id = "55227", .period = 1, .name = "x", .ip = "1.2.3.4" };

  raw_setup (&raw);
  client = isplic_client_new (raw.url, "u", "p");

  /* A 404: the request was not taken, even for money. */
  raw.mode = RAW_404;
  isplic_client_order_async (client, &params, NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  g_assert_false (isplic_client_order_finish (client, result, &id, NULL, &error));
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_HTTP);
  g_assert_nonnull (strstr (error->message, "404"));
  g_clear_error (&error);
  g_clear_object (&result);

  /* A redirect is not followed (the credentials would go elsewhere, or be dropped). */
  raw.mode = RAW_REDIRECT;
  raw.hits = 0;
  isplic_client_sign_in_async (client, NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  g_assert_false (isplic_client_sign_in_finish (client, result, &error));
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_HTTP);
  g_assert_cmpuint (raw.hits, ==, 1);
  g_clear_error (&error);
  g_clear_object (&result);

  /* A successful order answer from our server */
  raw.mode = RAW_OK;
  isplic_client_order_async (client, &params, NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  g_assert_true (isplic_client_order_finish (client, result, &id, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (id, ==, "5");

  g_clear_object (&client);
  raw_teardown (&raw);
}

/* An https server whose certificate nobody trusts: a TLS error, never "outcome unknown". */
static void
tls_error_body (void)
{
  g_autofree char *pem = g_build_filename (g_getenv ("ISPLIC_TEST_DATA"), "test-tls.pem", NULL);
  g_autoptr(GTlsCertificate) cert = NULL;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(IsplicClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *id = NULL;
  GSList *uris;
  IsplicTestResult done = { 0 };
  guint hits = 0;
  IsplicOrderParams params = { .tariff_id = "55227", .period = 1, .name = "x", .ip = "1.2.3.4" };

  cert = g_tls_certificate_new_from_file (pem, &error);
  if (cert == NULL && g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_UNAVAILABLE))
    {
      g_test_skip ("no TLS backend (glib-networking)");
      return;
    }
  g_assert_no_error (error);
  server = soup_server_new ("tls-certificate", cert, NULL);
  soup_server_add_handler (server, NULL, (SoupServerCallback) request_counter_handler, &hits,
                           NULL);
  g_assert_true (soup_server_listen_local (server, 0,
                                           SOUP_SERVER_LISTEN_IPV4_ONLY | SOUP_SERVER_LISTEN_HTTPS,
                                           &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  {
    g_autofree char *base = g_uri_to_string (uris->data);
    url = g_strconcat (base, "billmgr", NULL);
  }
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  g_assert_true (g_str_has_prefix (url, "https://"));

  client = isplic_client_new (url, "u", "p");
  isplic_client_sign_in_async (client, NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  g_assert_false (isplic_client_sign_in_finish (client, result, &error));
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_TLS);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_clear_object (&result);

  isplic_client_order_async (client, &params, NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  g_assert_false (isplic_client_order_finish (client, result, &id, NULL, &error));
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_TLS);
  g_assert_cmpuint (hits, ==, 0);

  soup_server_disconnect (server);
}

static void
test_tls_error (void)
{
  g_autofree char *saved = NULL;
  g_autofree char *options = NULL;
  const char *asan;

  if (g_test_subprocess ())
    {
      tls_error_body ();
      return;
    }

  /* Loading the TLS backend (GnuTLS) leaves thread-local storage that LeakSanitizer's check at
   * exit crashes on, now and then. The TLS part runs in a child without that check; memory
   * errors are still caught there. */
  asan = g_getenv ("ASAN_OPTIONS");
  saved = g_strdup (asan);
  options = g_strdup_printf ("%s%sdetect_leaks=0", asan != NULL ? asan : "",
                             asan != NULL && *asan != '\0' ? ":" : "");
  g_setenv ("ASAN_OPTIONS", options, TRUE);
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  if (saved != NULL)
    g_setenv ("ASAN_OPTIONS", saved, TRUE);
  else
    g_unsetenv ("ASAN_OPTIONS");
  g_test_trap_assert_passed ();
}

static void
test_paging_guards (void)
{
  Raw raw;
  IsplicTestResult done = { 0 };
  g_autoptr(IsplicClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) licenses = NULL;

  raw_setup (&raw);
  client = isplic_client_new (raw.url, "u", "p");
  isplic_client_set_page_size (client, 2);

  /* A server that ignores p_num while it says there are 10: the second page brings nothing new,
   * and the list stops with an error, not a silent partial list (issue 7). */
  raw.mode = RAW_SAME_PAGE;
  isplic_client_list_async (client, NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  licenses = isplic_client_list_finish (client, result, &error);
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_PAGING);
  g_assert_null (licenses);
  /* the second page, and perhaps the third, asked ahead while the second came */
  g_assert_cmpuint (raw.hits, >=, 2);
  g_assert_cmpuint (raw.hits, <=, 3);
  g_clear_error (&error);
  g_clear_object (&result);

  /* No p_elems and a first page shorter than p_cnt: the server may page by fewer rows than
   * asked, so the next page is asked for; it brings nothing new, and the list is complete. */
  raw.mode = RAW_NO_TOTAL;
  raw.hits = 0;
  isplic_client_set_page_size (client, 50);
  isplic_client_list_async (client, NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  licenses = isplic_client_list_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (licenses->len, ==, 2);
  g_assert_cmpuint (raw.hits, ==, 2);
  g_clear_pointer (&licenses, g_ptr_array_unref);
  g_clear_object (&result);

  /* No p_elems, pages of two when fifty are asked: every page is fetched, up to the one that
   * is shorter than the first. */
  raw.mode = RAW_CAPPED;
  raw.hits = 0;
  isplic_client_list_async (client, NULL, isplic_test_result_cb, &done);
  result = isplic_test_wait_result (&done);
  licenses = isplic_client_list_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (licenses->len, ==, 5);
  g_assert_cmpstr (isplic_license_get_id (g_ptr_array_index (licenses, 4)), ==, "5");
  g_assert_cmpuint (raw.hits, ==, 3);

  g_clear_object (&client);
  raw_teardown (&raw);
}

static void
test_properties (void)
{
  g_autoptr(IsplicClient) client = isplic_client_new (NULL, NULL, NULL);
  g_autofree char *url = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autofree char *user_agent = NULL;
  guint timeout = 0, page_size = 0;

  g_object_get (client, "base-url", &url, "session", &session, "timeout", &timeout,
                "page-size", &page_size, NULL);
  g_assert_cmpstr (url, ==, ISPLIC_SERVER_EU);
  g_assert_cmpuint (timeout, ==, 60);
  g_assert_cmpuint (page_size, ==, 10000);
  g_assert_cmpstr (isplic_client_get_lang (client), ==, "en");
  g_object_get (session, "user-agent", &user_agent, NULL);
  g_assert_cmpstr (user_agent, ==, "IspLic/" PACKAGE_VERSION);
  g_assert_null (g_object_class_find_property (G_OBJECT_GET_CLASS (client), "password")->flags &
                 G_PARAM_READABLE ? "readable" : NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/client/sim/sign-in", test_sign_in);
  ADD ("/client/sim/list-paged", test_list_paged);
  ADD ("/client/sim/details-edit-key", test_details_edit_key);
  ADD ("/client/sim/unknown-id", test_unknown_id);
  ADD ("/client/sim/order", test_order);
  ADD ("/client/sim/renew", test_renew);
  ADD ("/client/sim/change-tariff", test_change_tariff);
  ADD ("/client/sim/group-actions", test_group_actions);
  ADD ("/client/sim/check-ip", test_check_ip);
  ADD ("/client/sim/http500-malformed", test_http500_malformed);
  ADD ("/client/sim/timeout", test_timeout);
  ADD ("/client/sim/order-timeout-reconcile", test_order_timeout_reconcile);
  ADD ("/client/sim/renew-tariff-timeout-reconcile", test_renew_timeout_reconcile);
  ADD ("/client/sim/cancel", test_cancel);
  ADD ("/client/sim/callbacks-once", test_callbacks_once);
  ADD ("/client/sim/license-list-refresh", test_license_list_refresh);
  ADD ("/client/sim/license-list-big", test_license_list_big);
#undef ADD
  g_test_add_func ("/client/raw/wire-format", test_wire_format);
  g_test_add_func ("/client/raw/insecure", test_insecure);
  g_test_add_func ("/client/raw/connection-refused", test_connection_refused);
  g_test_add_func ("/client/raw/dropped-connection", test_dropped_connection);
  g_test_add_func ("/client/raw/slow-body", test_slow_body);
  g_test_add_func ("/client/raw/http-status", test_http_status);
  g_test_add_func ("/client/raw/paging-guards", test_paging_guards);
  g_test_add_func ("/client/raw/server-refusals", test_server_refusals);
  g_test_add_func ("/client/raw/tls-error", test_tls_error);
  g_test_add_func ("/client/properties", test_properties);

  return g_test_run ();
}
