/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * The core against a misbehaving billmgr (tests/lib/isplic-hostile-server): the rules of issue 7.
 * Done only on the server's explicit word; an error in any shape is a refusal; anything else
 * after a money request is "outcome unknown" and the request is never sent again; answers are
 * bounded in size and time; paging lies end with an error; a busy server is asked again only by
 * reads; reconcile never guesses.
 */

#include "config.h"

#include <string.h>
#include <sys/resource.h>

#include "isplic-client.h"
#include "isplic-hostile-server.h"
#include "isplic-test-utils.h"
#include "isplic-util.h"

typedef struct
{
  IsplicHostile *server;
  IsplicClient *client;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->server = isplic_hostile_new ();
  f->client = isplic_client_new (isplic_hostile_get_url (f->server), "reseller@example.com",
                                 "p:a&s%s+w#o?rd");
  isplic_client_set_timeout (f->client, 10);
  g_object_set (f->client, "retry-delay", 20, NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->client);
  g_clear_pointer (&f->server, isplic_hostile_free);
}

static void
script (Fixture    *f,
        const char *func,
        guint       status,
        const char *body)
{
  isplic_hostile_script (f->server, func, isplic_hostile_body (status, body), NULL);
}

static gint64
max_rss_kib (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

/* ------------------------------------------------------------------------------------------ */
/* 1. Success only on the server's explicit word                                               */

static GError *
renew_with (Fixture    *f,
            const char *body)
{
  const char * const ids[] = { "3100001", NULL };
  IsplicTestResult r = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GDateTime) expiry = NULL;
  GError *error = NULL;

  isplic_hostile_clear_log (f->server);
  script (f, "service.prolong", 200, body);
  isplic_client_renew_async (f->client, ids, 12, NULL, isplic_test_result_cb, &r);
  result = isplic_test_wait_result (&r);
  g_assert_false (isplic_client_renew_finish (f->client, result, &expiry, &error));
  g_assert_null (expiry);
  g_assert_cmpuint (isplic_hostile_count (f->server, "service.prolong"), ==, 1);
  return error;
}

static GError *
change_tariff_with (Fixture    *f,
                    const char *body)
{
  IsplicTestResult r = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  GError *error = NULL;

  isplic_hostile_clear_log (f->server);
  script (f, "service.changepricelist", 200, body);
  isplic_client_change_tariff_async (f->client, "3100001", "55230", 0, NULL,
                                     isplic_test_result_cb, &r);
  result = isplic_test_wait_result (&r);
  g_assert_false (isplic_client_change_tariff_finish (f->client, result, &error));
  g_assert_cmpuint (isplic_hostile_count (f->server, "service.changepricelist"), ==, 1);
  return error;
}

static void
test_money_needs_ok (Fixture       *f,
                     gconstpointer  data)
{
  const char *unconfirmed[] = {
    "{\"doc\":{}}",
    /* the renewal form: a preview with newexpiredate, no ok */
    "{\"doc\":{\"elid\":{\"$\":\"3100001\"},\"expiredate\":{\"$\":\"2026-08-01\"},"
    "\"newexpiredate\":{\"$\":\"2027-08-01\"},\"period\":{\"$\":\"12\"}}}",
    "{\"doc\":{\"doc\":{\"newexpiredate\":{\"$\":\"2027-08-01\"}}}}",
    "{\"doc\":{\"ok\":null}}x",
    "{\"doc\":[]}",
    "<html>Bad gateway</html>",
  };
  const char *refused[] = {
    "{\"doc\":{\"error\":[{\"$type\":\"value\",\"msg\":{\"$\":\"Insufficient funds\"}},"
    "{\"msg\":{\"$\":\"Required amount 400.00 EUR\"}}]}}",
    "{\"doc\":{\"error\":\"Insufficient funds\"}}",
    "{\"doc\":{\"error\":{}}}",
    "{\"doc\":{\"error\":\"\"}}",
    "{\"doc\":{\"error\":[]}}",
    "{\"doc\":{\"ok\":{},\"error\":{\"msg\":{\"$\":\"Insufficient funds\"}}}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (unconfirmed); i++)
    {
      g_autoptr(GError) renew = renew_with (f, unconfirmed[i]);
      g_autoptr(GError) tariff = change_tariff_with (f, unconfirmed[i]);

      g_test_message ("unconfirmed %u: %s", i, renew->message);
      g_assert_error (renew, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_OUTCOME_UNKNOWN);
      g_assert_error (tariff, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_OUTCOME_UNKNOWN);
      g_assert_nonnull (strstr (renew->message, "may or may not"));
    }

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) renew = renew_with (f, refused[i]);
      g_autoptr(GError) tariff = change_tariff_with (f, refused[i]);

      g_test_message ("refused %u: %s", i, renew->message);
      g_assert_true (renew->domain == ISPLIC_BILLMGR_ERROR);
      g_assert_true (tariff->domain == ISPLIC_BILLMGR_ERROR);
      g_assert_true (renew->message[0] != '\0');
    }
  {
    /* every message of an array is shown */
    g_autoptr(GError) renew = renew_with (f, refused[0]);
    g_assert_nonnull (strstr (renew->message, "Insufficient funds"));
    g_assert_nonnull (strstr (renew->message, "Required amount 400.00 EUR"));
  }

  /* Confirmed: ok, with the new date nested as billmgr sends it, a time part read as its date. */
  {
    const char * const ids[] = { "3100001", NULL };
    IsplicTestResult r = { 0 };
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GDateTime) expiry = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *day = NULL;

    script (f, "service.prolong", 200,
            "{\"doc\":{\"ok\":{},\"doc\":{\"newexpiredate\":{\"$\":\"2027-08-01 00:00:00\"}}}}");
    isplic_client_renew_async (f->client, ids, 12, NULL, isplic_test_result_cb, &r);
    result = isplic_test_wait_result (&r);
    g_assert_true (isplic_client_renew_finish (f->client, result, &expiry, &error));
    g_assert_no_error (error);
    day = isplic_date_format (expiry);
    g_assert_cmpstr (day, ==, "2027-08-01");
  }
}

static void
test_order_needs_id (Fixture       *f,
                     gconstpointer  data)
{
  const char *unconfirmed[] = {
    "{\"doc\":{\"ok\":{}}}", "{\"doc\":{}}", "{\"doc\":{\"id\":{\"$\":\"abc\"}}}",
    "{\"doc\":{\"id\":{\"$\":\"0\"},\"ok\":{}}}",
  };
  IsplicOrderParams params = { .tariff_id = "55227", .period = 1, .name = "web-1",
                               .ip = "203.0.113.10" };

  for (guint i = 0; i < G_N_ELEMENTS (unconfirmed); i++)
    {
      IsplicTestResult r = { 0 };
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *id = NULL;

      isplic_hostile_clear_log (f->server);
      script (f, "soft.order.param", 200, unconfirmed[i]);
      isplic_client_order_async (f->client, &params, NULL, isplic_test_result_cb, &r);
      result = isplic_test_wait_result (&r);
      g_assert_false (isplic_client_order_finish (f->client, result, &id, NULL, &error));
      g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_OUTCOME_UNKNOWN);
      g_assert_null (id);
      g_assert_cmpuint (isplic_hostile_count (f->server, "soft.order.param"), ==, 1);
    }

  /* The renewal form instead of a confirmation, and the answer lost after charging: unknown. An
   * error given as an array: a refusal with all its messages. Each sent once. */
  {
    IsplicHostileBehaviour *behaviours[] = {
      isplic_hostile_body (200, ISPLIC_HOSTILE_DOC_PROLONG_FORM),
      isplic_hostile_behaviour_new (ISPLIC_HOSTILE_DROP),
      isplic_hostile_body (200, ISPLIC_HOSTILE_DOC_ERROR_ARRAY),
    };

    for (guint i = 0; i < G_N_ELEMENTS (behaviours); i++)
      {
        IsplicTestResult r = { 0 };
        g_autoptr(GAsyncResult) result = NULL;
        g_autoptr(GError) error = NULL;

        isplic_hostile_clear_log (f->server);
        isplic_hostile_script (f->server, "soft.order.param", behaviours[i], NULL);
        isplic_client_order_async (f->client, &params, NULL, isplic_test_result_cb, &r);
        result = isplic_test_wait_result (&r);
        g_assert_false (isplic_client_order_finish (f->client, result, NULL, NULL, &error));
        if (i < 2)
          g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_OUTCOME_UNKNOWN);
        else
          {
            g_assert_true (error->domain == ISPLIC_BILLMGR_ERROR);
            g_assert_nonnull (strstr (error->message, "Required amount 10.00"));
          }
        isplic_test_spin (100);
        g_assert_cmpuint (isplic_hostile_count (f->server, "soft.order.param"), ==, 1);
      }
  }
}

static void
test_changes_need_ok (Fixture       *f,
                      gconstpointer  data)
{
  IsplicTestResult r = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  const char * const ids[] = { "3100001", "3100002", NULL };

  script (f, "soft.edit", 200, "{\"doc\":{\"licname\":{\"$\":\"web-1\"}}}");
  isplic_client_edit_async (f->client, "3100001", "web-2", NULL, NULL, isplic_test_result_cb,
                            &r);
  result = isplic_test_wait_result (&r);
  g_assert_false (isplic_client_edit_finish (f->client, result, &error));
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_UNCONFIRMED);
  g_assert_nonnull (strstr (error->message, "did not confirm"));
  g_clear_error (&error);
  g_clear_object (&result);

  /* A new key only with the key: the old one must not be shown as new. */
  isplic_client_new_key_async (f->client, "3100001", NULL, isplic_test_result_cb, &r);
  result = isplic_test_wait_result (&r);
  key = isplic_client_new_key_finish (f->client, result, &error);
  g_assert_null (key);
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_UNCONFIRMED);
  g_clear_error (&error);
  g_clear_object (&result);

  script (f, "soft.suspend", 200, "{\"doc\":{}}");
  isplic_client_suspend_async (f->client, ids, NULL, isplic_test_result_cb, &r);
  result = isplic_test_wait_result (&r);
  g_assert_false (isplic_client_suspend_finish (f->client, result, &error));
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_UNCONFIRMED);
}

/* ------------------------------------------------------------------------------------------ */
/* 3. Bounded, whatever the server sends                                                       */

static GError *
list_error (Fixture *f)
{
  IsplicTestResult r = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) licenses = NULL;
  GError *error = NULL;

  isplic_client_list_async (f->client, NULL, isplic_test_result_cb, &r);
  result = isplic_test_wait_result (&r);
  licenses = isplic_client_list_finish (f->client, result, &error);
  g_assert_null (licenses);
  g_assert_nonnull (error);
  return error;
}

static void
test_endless_and_bombs (Fixture       *f,
                        gconstpointer  data)
{
  const IsplicHostileKind kinds[] = {
    ISPLIC_HOSTILE_ENDLESS, ISPLIC_HOSTILE_ENDLESS_LENGTH, ISPLIC_HOSTILE_GZIP_BOMB,
  };
  const gsize limit = 16 * 1024 * 1024;

  /* A smaller limit than the default keeps the test quick; the default is tested below. */
  g_object_set (f->client, "max-answer-size", (guint64) limit, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();

      isplic_hostile_clear_log (f->server);
      isplic_hostile_script (f->server, "soft", isplic_hostile_behaviour_new (kinds[i]), NULL);
      error = list_error (f);
      g_test_message ("kind %d: %s (%.2f s, max RSS %" G_GINT64_FORMAT " KiB)", kinds[i],
                      error->message, (g_get_monotonic_time () - start) / 1e6, max_rss_kib ());
      g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_TOO_LARGE);
      g_assert_cmpuint (isplic_hostile_count (f->server, "soft"), ==, 1);
    }

  /* A money call with an endless answer: it was sent, so its outcome is unknown. */
  {
    g_autoptr(GError) error = NULL;
    const char * const ids[] = { "3100001", NULL };
    IsplicTestResult r = { 0 };
    g_autoptr(GAsyncResult) result = NULL;

    isplic_hostile_clear_log (f->server);
    isplic_hostile_script (f->server, "service.prolong",
                           isplic_hostile_behaviour_new (ISPLIC_HOSTILE_ENDLESS), NULL);
    isplic_client_renew_async (f->client, ids, 1, NULL, isplic_test_result_cb, &r);
    result = isplic_test_wait_result (&r);
    g_assert_false (isplic_client_renew_finish (f->client, result, NULL, &error));
    g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_OUTCOME_UNKNOWN);
    g_assert_cmpuint (isplic_hostile_count (f->server, "service.prolong"), ==, 1);
  }
}

static void
test_default_limit (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  gint64 rss_before = max_rss_kib ();

  /* The documented limit itself, against the gzip bomb (1 GiB after inflating). */
  isplic_hostile_script (f->server, "soft",
                         isplic_hostile_behaviour_new (ISPLIC_HOSTILE_GZIP_BOMB), NULL);
  error = list_error (f);
  g_test_message ("gzip bomb at the default limit: %.2f s, max RSS %" G_GINT64_FORMAT " KiB "
                  "(before %" G_GINT64_FORMAT " KiB)", (g_get_monotonic_time () - start) / 1e6,
                  max_rss_kib (), rss_before);
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_TOO_LARGE);
  /* The answer held at most the limit: far below the 1 GiB the bomb inflates to. (Under
   * AddressSanitizer freed memory sits in quarantine and every byte has a shadow.) */
#if defined(__SANITIZE_ADDRESS__)
  g_assert_cmpint (max_rss_kib () - rss_before, <, 4 * (gint64) ISPLIC_MAX_ANSWER_BYTES / 1024);
#else
  g_assert_cmpint (max_rss_kib () - rss_before, <, 2 * (gint64) ISPLIC_MAX_ANSWER_BYTES / 1024);
#endif
}

static void
test_whole_request_timeout (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 start;
  double took;

  /* One byte every 100 ms never trips a per-read timeout; the request as a whole must end. */
  isplic_client_set_timeout (f->client, 2);
  isplic_hostile_script (f->server, "soft", isplic_hostile_drip (100), NULL);
  start = g_get_monotonic_time ();
  error = list_error (f);
  took = (g_get_monotonic_time () - start) / 1e6;
  g_test_message ("drip ended after %.2f s: %s", took, error->message);
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_TIMEOUT);
  /* A loose bound (the machine may be loaded): not the minutes a per-read timeout allows. */
  g_assert_cmpfloat (took, <, 8.0);

  /* A server that never answers: the same. */
  g_clear_error (&error);
  isplic_hostile_script (f->server, "soft", isplic_hostile_behaviour_new (ISPLIC_HOSTILE_HANG),
                         NULL);
  error = list_error (f);
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_TIMEOUT);
}

static void
test_paging_lies (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* Every page brings new ids while p_elems says 3. */
  isplic_client_set_page_size (f->client, 20);
  isplic_hostile_script (f->server, "soft",
                         isplic_hostile_behaviour_new (ISPLIC_HOSTILE_PAGES_LIAR), NULL);
  error = list_error (f);
  g_test_message ("liar: %s after %u requests", error->message,
                  isplic_hostile_count (f->server, "soft"));
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_PAGING);
  g_assert_cmpuint (isplic_hostile_count (f->server, "soft"), <=, 3);
  g_clear_error (&error);

  /* A count that agrees with what was sent is believed. */
  {
    g_autoptr(IsplicHostileBehaviour) liar =
      isplic_hostile_behaviour_new (ISPLIC_HOSTILE_PAGES_LIAR);
    IsplicTestResult r = { 0 };
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GPtrArray) licenses = NULL;

    isplic_hostile_behaviour_set_p_elems (liar, 100);
    isplic_hostile_clear_log (f->server);
    isplic_hostile_script (f->server, "soft", isplic_hostile_behaviour_ref (liar), NULL);
    isplic_client_list_async (f->client, NULL, isplic_test_result_cb, &r);
    result = isplic_test_wait_result (&r);
    licenses = isplic_client_list_finish (f->client, result, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (licenses->len, ==, 100);
    g_assert_cmpuint (isplic_hostile_count (f->server, "soft"), ==, 5);
  }

  /* A liar whose count keeps one ahead of what it sends: the page count the first page's total
   * explains bounds it (16,000 requests in 30 s before issue 7). */
  {
    g_autoptr(IsplicHostileBehaviour) liar =
      isplic_hostile_behaviour_new (ISPLIC_HOSTILE_PAGES_LIAR);
    isplic_hostile_behaviour_set_p_elems (liar, ISPLIC_HOSTILE_P_ELEMS_GROWING);
    isplic_hostile_clear_log (f->server);
    isplic_hostile_script (f->server, "soft", isplic_hostile_behaviour_ref (liar), NULL);
    error = list_error (f);
    g_test_message ("growing liar: %s after %u requests", error->message,
                    isplic_hostile_count (f->server, "soft"));
    g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_PAGING);
    g_assert_cmpuint (isplic_hostile_count (f->server, "soft"), <=, 3);
    g_clear_error (&error);
  }

  /* The same first page for every p_num. */
  isplic_hostile_clear_log (f->server);
  isplic_hostile_script (f->server, "soft",
                         isplic_hostile_behaviour_new (ISPLIC_HOSTILE_PAGES_REPEAT), NULL);
  error = list_error (f);
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_PAGING);
  /* the second page, and the third that was asked ahead while it came (issue 10) */
  g_assert_cmpuint (isplic_hostile_count (f->server, "soft"), >=, 2);
  g_assert_cmpuint (isplic_hostile_count (f->server, "soft"), <=, 3);
}

/* ------------------------------------------------------------------------------------------ */
/* Busy: 403/429/460/503 and "Request in process"                                              */

static const char *list_one =
  "{\"doc\":{\"elem\":[{\"id\":{\"$\":\"3100001\"},\"licname\":{\"$\":\"web-1\"},"
  "\"ip\":{\"$\":\"203.0.113.10\"},\"expiredate\":{\"$\":\"2026-08-01\"},"
  "\"status\":{\"$\":\"2\"}}],\"p_elems\":{\"$\":\"1\"}}}";

static void
test_busy (Fixture       *f,
           gconstpointer  data)
{
  const guint statuses[] = { 403, 429, 460, 503 };
  const char *busy_body = "{\"doc\":{\"error\":{\"$type\":\"busy\","
                          "\"msg\":{\"$\":\"Request in process, please wait\"}}}}";

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      IsplicTestResult r = { 0 };
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GPtrArray) licenses = NULL;
      g_autoptr(GError) error = NULL;
      const char * const ids[] = { "3100001", NULL };

      /* A read waits and asks again. */
      isplic_hostile_clear_log (f->server);
      isplic_hostile_script (f->server, "soft", isplic_hostile_status (statuses[i], "0", NULL),
                             isplic_hostile_body (200, list_one), NULL);
      isplic_client_list_async (f->client, NULL, isplic_test_result_cb, &r);
      result = isplic_test_wait_result (&r);
      licenses = isplic_client_list_finish (f->client, result, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (licenses->len, ==, 1);
      g_assert_cmpuint (isplic_hostile_count (f->server, "soft"), ==, 2);
      g_clear_object (&result);

      /* A money call reports it and is never sent again. */
      isplic_hostile_script (f->server, "service.prolong",
                             isplic_hostile_status (statuses[i], "1", NULL), NULL);
      isplic_client_renew_async (f->client, ids, 1, NULL, isplic_test_result_cb, &r);
      result = isplic_test_wait_result (&r);
      g_assert_false (isplic_client_renew_finish (f->client, result, NULL, &error));
      g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_BUSY);
      isplic_test_spin (200);
      g_assert_cmpuint (isplic_hostile_count (f->server, "service.prolong"), ==, 1);
    }

  /* A server that stays busy: a read gives up after a few tries. */
  {
    g_autoptr(GError) error = NULL;

    isplic_hostile_clear_log (f->server);
    isplic_hostile_script (f->server, "soft", isplic_hostile_status (503, NULL, NULL), NULL);
    error = list_error (f);
    g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_BUSY);
    g_assert_cmpuint (isplic_hostile_count (f->server, "soft"), ==, 4);
  }

  /* billmgr's own "Request in process": the same rules. */
  {
    IsplicTestResult r = { 0 };
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    IsplicOrderParams params = { .tariff_id = "55227", .period = 1, .name = "web-9",
                                 .ip = "203.0.113.19" };

    isplic_hostile_clear_log (f->server);
    isplic_hostile_script (f->server, "soft", isplic_hostile_body (200, busy_body),
                           isplic_hostile_body (200, list_one), NULL);
    g_clear_pointer (&error, g_error_free);
    {
      g_autoptr(GPtrArray) licenses = NULL;
      isplic_client_list_async (f->client, NULL, isplic_test_result_cb, &r);
      result = isplic_test_wait_result (&r);
      licenses = isplic_client_list_finish (f->client, result, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (isplic_hostile_count (f->server, "soft"), ==, 2);
      g_clear_object (&result);
    }

    script (f, "soft.order.param", 200, busy_body);
    isplic_client_order_async (f->client, &params, NULL, isplic_test_result_cb, &r);
    result = isplic_test_wait_result (&r);
    g_assert_false (isplic_client_order_finish (f->client, result, NULL, NULL, &error));
    g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_BUSY);
    g_assert_cmpuint (isplic_hostile_count (f->server, "soft.order.param"), ==, 1);
  }
}

/* ------------------------------------------------------------------------------------------ */
/* 2. Reconcile never guesses                                                                  */

static void
test_lost_renewal (Fixture       *f,
                   gconstpointer  data)
{
  const char * const ids[] = { "3100001", NULL };
  IsplicTestResult r = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) old_expiry = isplic_date_parse ("2026-07-01");
  g_autoptr(GDateTime) expiry = NULL;
  g_autofree char *day = NULL;
  IsplicVerdict verdict = ISPLIC_VERDICT_UNKNOWN;

  /* The renewal is charged, the answer lost. */
  isplic_hostile_script (f->server, "service.prolong",
                         isplic_hostile_behaviour_new (ISPLIC_HOSTILE_DROP), NULL);
  isplic_client_renew_async (f->client, ids, 1, NULL, isplic_test_result_cb, &r);
  result = isplic_test_wait_result (&r);
  g_assert_false (isplic_client_renew_finish (f->client, result, NULL, &error));
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_OUTCOME_UNKNOWN);
  g_clear_error (&error);
  g_clear_object (&result);

  /* The expiry now comes with a time part: it is a date, and it moved. */
  script (f, "soft.edit", 200,
          "{\"doc\":{\"id\":{\"$\":\"3100001\"},\"licname\":{\"$\":\"web-1\"},"
          "\"expiredate\":{\"$\":\"2026-08-01 00:00:00\"}}}");
  isplic_client_reconcile_renew_async (f->client, "3100001", old_expiry, NULL,
                                       isplic_test_result_cb, &r);
  result = isplic_test_wait_result (&r);
  g_assert_true (isplic_client_reconcile_renew_finish (f->client, result, &verdict, &expiry,
                                                       &error));
  g_assert_cmpint (verdict, ==, ISPLIC_VERDICT_DONE);
  day = isplic_date_format (expiry);
  g_assert_cmpstr (day, ==, "2026-08-01");
  g_clear_object (&result);
  g_clear_pointer (&expiry, g_date_time_unref);

  /* An expiry the server does not give (or not as a date): cannot tell, never "not renewed". */
  script (f, "soft.edit", 200,
          "{\"doc\":{\"id\":{\"$\":\"3100001\"},\"licname\":{\"$\":\"web-1\"},"
          "\"expiredate\":{\"$\":\"Ежедневное списание\"}}}");
  isplic_client_reconcile_renew_async (f->client, "3100001", old_expiry, NULL,
                                       isplic_test_result_cb, &r);
  result = isplic_test_wait_result (&r);
  g_assert_true (isplic_client_reconcile_renew_finish (f->client, result, &verdict, &expiry,
                                                       &error));
  g_assert_cmpint (verdict, ==, ISPLIC_VERDICT_UNKNOWN);
  g_clear_object (&result);

  /* The same day as before: proven not renewed. */
  script (f, "soft.edit", 200,
          "{\"doc\":{\"id\":{\"$\":\"3100001\"},\"licname\":{\"$\":\"web-1\"},"
          "\"expiredate\":{\"$\":\"2026-07-01T00:00:00\"}}}");
  isplic_client_reconcile_renew_async (f->client, "3100001", old_expiry, NULL,
                                       isplic_test_result_cb, &r);
  result = isplic_test_wait_result (&r);
  g_assert_true (isplic_client_reconcile_renew_finish (f->client, result, &verdict, NULL,
                                                       &error));
  g_assert_cmpint (verdict, ==, ISPLIC_VERDICT_NOT_DONE);

  /* Nothing in all this sent a second renewal. */
  g_assert_cmpuint (isplic_hostile_count (f->server, "service.prolong"), ==, 1);
}

static void
test_lost_cart_order (Fixture       *f,
                      gconstpointer  data)
{
  IsplicOrderParams params = { .tariff_id = "55227", .period = 1, .name = "cart-1",
                               .ip = "203.0.113.8", .to_cart = TRUE };
  IsplicTestResult r = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *item = NULL;
  g_autofree char *basket = NULL;
  IsplicVerdict verdict = ISPLIC_VERDICT_UNKNOWN;

  isplic_hostile_script (f->server, "soft.order.param",
                         isplic_hostile_behaviour_new (ISPLIC_HOSTILE_DROP), NULL);
  isplic_client_order_async (f->client, &params, NULL, isplic_test_result_cb, &r);
  result = isplic_test_wait_result (&r);
  g_assert_false (isplic_client_order_finish (f->client, result, NULL, NULL, &error));
  g_assert_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_OUTCOME_UNKNOWN);
  g_clear_error (&error);
  g_clear_object (&result);

  /* The item is in the cart (named by its description, as some billmgr show it). */
  basket = isplic_test_read_data ("basket-desc.json");
  script (f, "basket", 200, basket);
  isplic_client_reconcile_order_async (f->client, &params, NULL, NULL, isplic_test_result_cb,
                                       &r);
  result = isplic_test_wait_result (&r);
  g_assert_true (isplic_client_reconcile_order_finish (f->client, result, &verdict, NULL, &item,
                                                       &error));
  g_assert_cmpint (verdict, ==, ISPLIC_VERDICT_DONE);
  g_assert_cmpstr (item, ==, "56");
  g_clear_object (&result);
  g_clear_pointer (&item, g_free);

  /* 203.0.113.80 is not 203.0.113.8: another address in the cart proves the order is not. */
  params.ip = "203.0.113.81";
  isplic_client_reconcile_order_async (f->client, &params, NULL, NULL, isplic_test_result_cb,
                                       &r);
  result = isplic_test_wait_result (&r);
  g_assert_true (isplic_client_reconcile_order_finish (f->client, result, &verdict, NULL, &item,
                                                       &error));
  g_assert_cmpint (verdict, ==, ISPLIC_VERDICT_NOT_DONE);
  g_clear_object (&result);

  /* A billmgr without a cart function: cannot tell. */
  script (f, "basket", 200, "{\"doc\":{\"error\":{\"$type\":\"missed\",\"$object\":\"func\","
                            "\"msg\":{\"$\":\"Unknown function\"}}}}");
  isplic_client_reconcile_order_async (f->client, &params, NULL, NULL, isplic_test_result_cb,
                                       &r);
  result = isplic_test_wait_result (&r);
  g_assert_false (isplic_client_reconcile_order_finish (f->client, result, &verdict, NULL, &item,
                                                        &error));
  g_assert_cmpint (verdict, ==, ISPLIC_VERDICT_UNKNOWN);
  g_assert_nonnull (strstr (error->message, "cart"));

  g_assert_cmpuint (isplic_hostile_count (f->server, "soft.order.param"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/hostile/money-needs-ok", test_money_needs_ok);
  ADD ("/hostile/order-needs-id", test_order_needs_id);
  ADD ("/hostile/changes-need-ok", test_changes_need_ok);
  ADD ("/hostile/endless-and-bombs", test_endless_and_bombs);
  ADD ("/hostile/default-limit", test_default_limit);
  ADD ("/hostile/whole-request-timeout", test_whole_request_timeout);
  ADD ("/hostile/paging-lies", test_paging_lies);
  ADD ("/hostile/busy", test_busy);
  ADD ("/hostile/lost-renewal", test_lost_renewal);
  ADD ("/hostile/lost-cart-order", test_lost_cart_order);
#undef ADD

  return g_test_run ();
}
