/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The operation dialogs, driven in-process against a real IsplicSim on loopback HTTP.
 * Widgets are reached through their template children; every assertion about the server is
 * made on the simulator's state or its request log.
 */
#include "config.h"

#include <adwaita.h>

#include "isplic-dialogs.h"
#include "isplic-dialog-util-private.h"
#include "isplic-license-text.h"
#include "isplic-sim.h"
#include "isplic-hostile-server.h"
#include "isplic-test-utils.h"
#include "dialogs-fixture.h"

static void
test_order_validation (Fixture       *f,
                       gconstpointer  data)
{
  GtkWidget *order_button;
  GtkLabel *ip_label;
  const char *taken_ip;
  g_autofree char *reason = NULL;

  present (f, isplic_order_dialog_new (f->client));
  order_button = child (f, ISPLIC_TYPE_ORDER_DIALOG, "order_button");
  ip_label = child (f, ISPLIC_TYPE_ORDER_DIALOG, "ip_label");
  g_assert_false (sensitive (order_button));

  /* The tariff pop-up: short names, "trial" said once. */
  {
    GListModel *items = adw_combo_row_get_model (child (f, ISPLIC_TYPE_ORDER_DIALOG,
                                                        "tariff_row"));
    static const char * const expected[] = {
      "Trial", "Business Trial", "Lite", "Pro", "Host", "Business",
    };

    g_assert_cmpuint (g_list_model_get_n_items (items), ==, G_N_ELEMENTS (expected));
    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (items), i), ==,
                       expected[i]);
  }

  /* A malformed IP: an error at once, no request, Order stays insensitive even when clicked. */
  fill_order (f, "srv-new", "203.0.113.");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (ip_label)));
  g_assert_true (gtk_widget_has_css_class (child (f, ISPLIC_TYPE_ORDER_DIALOG, "ip_row"), "error"));
  g_assert_false (sensitive (order_button));
  click (order_button);
  isplic_test_spin (700);
  g_assert_cmpuint (isplic_sim_count_requests (f->sim, "soft.checkip"), ==, 0);
  g_assert_cmpuint (count_orders (f), ==, 0);
  g_assert_cmpuint (count_changes (f), ==, 0);

  /* Typing quickly checks only once the typing stops (debounced). */
  gtk_editable_set_text (child (f, ISPLIC_TYPE_ORDER_DIALOG, "ip_row"), "198.51.100.1");
  gtk_editable_set_text (child (f, ISPLIC_TYPE_ORDER_DIALOG, "ip_row"), "198.51.100.12");
  gtk_editable_set_text (child (f, ISPLIC_TYPE_ORDER_DIALOG, "ip_row"), "198.51.100.123");
  wait_ip_ok (f);
  g_assert_cmpuint (isplic_sim_count_requests (f->sim, "soft.checkip"), ==, 1);
  g_assert_cmpstr (g_hash_table_lookup (last_request (f, "soft.checkip")->params, "ip"), ==,
                   "198.51.100.123");
  g_assert_true (sensitive (order_button));

  /* An IP that already has a license: the server's own reason, and Order is refused. */
  taken_ip = isplic_license_get_ip (find_license (f, FALSE, 0));
  gtk_editable_set_text (child (f, ISPLIC_TYPE_ORDER_DIALOG, "ip_row"), taken_ip);
  WAIT_UNTIL (strstr (gtk_label_get_text (ip_label), "already has") != NULL);
  reason = g_strdup (gtk_label_get_text (ip_label));
  g_assert_nonnull (strstr (reason, taken_ip));
  g_assert_false (sensitive (order_button));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (ip_label), "error"));

  /* Changing the tariff checks again, for the new tariff. */
  adw_combo_row_set_selected (child (f, ISPLIC_TYPE_ORDER_DIALOG, "tariff_row"), 5);
  WAIT_UNTIL (isplic_sim_count_requests (f->sim, "soft.checkip") == 3);
  g_assert_cmpstr (g_hash_table_lookup (last_request (f, "soft.checkip")->params, "pricelist"),
                   ==, "55230");
  g_assert_true (gtk_widget_get_visible (child (f, ISPLIC_TYPE_ORDER_DIALOG, "nodes_row")));

  /* So does changing the period. */
  adw_combo_row_set_selected (child (f, ISPLIC_TYPE_ORDER_DIALOG, "period_row"), 1);
  WAIT_UNTIL (isplic_sim_count_requests (f->sim, "soft.checkip") == 4);
  g_assert_cmpstr (g_hash_table_lookup (last_request (f, "soft.checkip")->params, "period"),
                   ==, "12");

  /* A trial fixes the period. */
  adw_combo_row_set_selected (child (f, ISPLIC_TYPE_ORDER_DIALOG, "tariff_row"), 0);
  g_assert_false (sensitive (child (f, ISPLIC_TYPE_ORDER_DIALOG, "period_row")));
  g_assert_false (gtk_widget_get_visible (child (f, ISPLIC_TYPE_ORDER_DIALOG, "nodes_row")));
  WAIT_UNTIL (isplic_sim_count_requests (f->sim, "soft.checkip") == 5);
  g_assert_cmpstr (g_hash_table_lookup (last_request (f, "soft.checkip")->params, "period"),
                   ==, "-100");

  g_assert_cmpuint (count_orders (f), ==, 0);
  g_assert_cmpuint (f->n_succeeded, ==, 0);
}

static void
test_order_success (Fixture       *f,
                    gconstpointer  data)
{
  GtkWidget *order_button;
  guint n_before = isplic_sim_get_n_licenses (f->sim);
  IsplicSimRequest *request;

  present (f, isplic_order_dialog_new (f->client));
  order_button = child (f, ISPLIC_TYPE_ORDER_DIALOG, "order_button");
  /* ispmanager 6 Pro (index 3), one year, auto-renew yearly. */
  adw_combo_row_set_selected (child (f, ISPLIC_TYPE_ORDER_DIALOG, "tariff_row"), 3);
  adw_combo_row_set_selected (child (f, ISPLIC_TYPE_ORDER_DIALOG, "period_row"), 1);
  adw_combo_row_set_selected (child (f, ISPLIC_TYPE_ORDER_DIALOG, "auto_renew_row"), 2);
  fill_order (f, "srv-ordered", "198.51.100.77");
  wait_ip_ok (f);
  g_assert_true (sensitive (order_button));

  /* Two quick clicks: one order. */
  click (order_button);
  g_assert_false (sensitive (order_button));
  g_assert_false (sensitive (child (f, ISPLIC_TYPE_ORDER_DIALOG, "server_group")));
  click (order_button);
  /* Closing is refused while money is in flight. */
  gtk_window_close (GTK_WINDOW (f->dialog));
  g_assert_nonnull (f->dialog);

  WAIT_UNTIL (f->n_succeeded == 1);
  isplic_test_spin (200);
  g_assert_cmpuint (count_orders (f), ==, 1);
  g_assert_cmpuint (isplic_sim_get_n_licenses (f->sim), ==, n_before + 1);
  g_assert_nonnull (f->ids);
  g_assert_cmpuint (g_strv_length (f->ids), ==, 1);
  g_assert_cmpstr (sim_string (f, f->ids[0], "licname"), ==, "srv-ordered");
  g_assert_cmpstr (sim_string (f, f->ids[0], "ip"), ==, "198.51.100.77");
  g_assert_cmpstr (sim_string (f, f->ids[0], "pricelist"), ==, "55228");
  g_assert_cmpint (sim_int (f, f->ids[0], "period"), ==, 12);
  g_assert_cmpstr (f->message, ==, "License \u2068srv-ordered\u2069 ordered");

  request = last_order (f);
  g_assert_cmpstr (g_hash_table_lookup (request->params, "autoprolong"), ==, "12");

  /* The dialog closed itself. */
  WAIT_UNTIL (f->dialog == NULL);
}

static void
test_order_business_cart (Fixture       *f,
                          gconstpointer  data)
{
  IsplicSimRequest *request;

  present (f, isplic_order_dialog_new (f->client));
  adw_combo_row_set_selected (child (f, ISPLIC_TYPE_ORDER_DIALOG, "tariff_row"), 5);
  gtk_spin_button_set_value (child (f, ISPLIC_TYPE_ORDER_DIALOG, "nodes_spin"), 3);
  gtk_switch_set_active (child (f, ISPLIC_TYPE_ORDER_DIALOG, "cart_switch"), TRUE);
  fill_order (f, "srv-cart", "2001:db8::77");
  wait_ip_ok (f);
  click (child (f, ISPLIC_TYPE_ORDER_DIALOG, "order_button"));
  WAIT_UNTIL (f->n_succeeded == 1);

  request = last_order (f);
  g_assert_cmpstr (g_hash_table_lookup (request->params, "addon_55236"), ==, "3");
  g_assert_cmpstr (g_hash_table_lookup (request->params, "skipbasket"), ==, "off");
  g_assert_cmpstr (f->message, ==, "License \u2068srv-cart\u2069 added to the cart");
  g_assert_cmpuint (count_orders (f), ==, 1);
}

static void
order_elsewhere_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (isplic_client_order_finish (ISPLIC_CLIENT (source), result, NULL, NULL, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
test_order_server_error (Fixture       *f,
                         gconstpointer  data)
{
  GtkLabel *error_label;
  IsplicOrderParams params = { "55227", 1, 0, "srv-elsewhere", "198.51.100.88", 0, FALSE };
  gboolean done = FALSE;

  present (f, isplic_order_dialog_new (f->client));
  error_label = child (f, ISPLIC_TYPE_ORDER_DIALOG, "error_label");
  fill_order (f, "srv-race", "198.51.100.88");
  wait_ip_ok (f);

  /* The IP is taken (elsewhere) between the check and the order: billmgr refuses, inline. */
  isplic_client_order_async (f->client, &params, NULL, order_elsewhere_cb, &done);
  WAIT_UNTIL (done);
  click (child (f, ISPLIC_TYPE_ORDER_DIALOG, "order_button"));
  WAIT_UNTIL (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_nonnull (strstr (gtk_label_get_text (error_label), "198.51.100.88"));
  g_assert_cmpuint (count_orders (f), ==, 2);
  g_assert_cmpuint (f->n_succeeded, ==, 0);
  /* The form is editable again, and the IP is checked again before any new order. */
  g_assert_true (sensitive (child (f, ISPLIC_TYPE_ORDER_DIALOG, "server_group")));
  g_assert_false (sensitive (child (f, ISPLIC_TYPE_ORDER_DIALOG, "order_button")));
  g_assert_nonnull (f->dialog);
}

/* Index in the request log of the last request for @func, G_MAXUINT if none. */
static guint
request_index (Fixture    *f,
               const char *func)
{
  GPtrArray *requests = isplic_sim_get_requests (f->sim);

  for (guint i = requests->len; i > 0; i--)
    if (g_strcmp0 (((IsplicSimRequest *) g_ptr_array_index (requests, i - 1))->func, func) == 0)
      return i - 1;
  return G_MAXUINT;
}

/* Order is available only once the check for the IP, tariff and period now in the form has
 * come back positive: never before it, never for a taken IP, never after a field changed. */
static void
test_order_waits_for_check (Fixture       *f,
                            gconstpointer  data)
{
  GtkWidget *order_button;
  GtkLabel *ip_label;
  const char *taken_ip = isplic_license_get_ip (find_license (f, FALSE, 0));
  IsplicSimRequest *check;
  guint check_index;

  present (f, isplic_order_dialog_new (f->client));
  order_button = child (f, ISPLIC_TYPE_ORDER_DIALOG, "order_button");
  ip_label = child (f, ISPLIC_TYPE_ORDER_DIALOG, "ip_label");

  /* A taken IP, Order pressed at once: nothing is ordered. */
  fill_order (f, "srv-taken", taken_ip);
  g_assert_false (sensitive (order_button));
  g_assert_cmpstr (gtk_label_get_text (ip_label), ==, "Checking the IP address…");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (order_button), ==, "Checking the IP address…");
  click (order_button);
  WAIT_UNTIL (strstr (gtk_label_get_text (ip_label), "already has") != NULL);
  click (order_button);
  isplic_test_spin (200);
  g_assert_false (sensitive (order_button));
  g_assert_cmpuint (count_orders (f), ==, 0);

  /* A free IP: Order only after the check passed. */
  gtk_editable_set_text (child (f, ISPLIC_TYPE_ORDER_DIALOG, "ip_row"), "198.51.100.61");
  g_assert_false (sensitive (order_button));
  click (order_button);
  wait_ip_ok (f);
  g_assert_true (sensitive (order_button));

  /* Changing the period or the tariff after a positive check: insensitive until the new check
   * for the new values returns. */
  adw_combo_row_set_selected (child (f, ISPLIC_TYPE_ORDER_DIALOG, "period_row"), 1);
  g_assert_false (sensitive (order_button));
  g_assert_cmpstr (gtk_label_get_text (ip_label), ==, "Checking the IP address…");
  click (order_button);
  wait_ip_ok (f);
  g_assert_true (sensitive (order_button));
  adw_combo_row_set_selected (child (f, ISPLIC_TYPE_ORDER_DIALOG, "tariff_row"), 3);
  g_assert_false (sensitive (order_button));
  click (order_button);
  g_assert_cmpuint (count_orders (f), ==, 0);
  wait_ip_ok (f);
  g_assert_true (sensitive (order_button));

  click (order_button);
  WAIT_UNTIL (f->n_succeeded == 1);
  g_assert_cmpuint (count_orders (f), ==, 1);
  /* A check for that same ip, tariff and period came before it. */
  check_index = request_index (f, "soft.checkip");
  g_assert_cmpuint (check_index, <, request_index (f, "soft.order.param"));
  check = g_ptr_array_index (isplic_sim_get_requests (f->sim), check_index);
  g_assert_cmpstr (g_hash_table_lookup (check->params, "ip"), ==, "198.51.100.61");
  g_assert_cmpstr (g_hash_table_lookup (check->params, "pricelist"), ==, "55228");
  g_assert_cmpstr (g_hash_table_lookup (check->params, "period"), ==, "12");
  g_assert_cmpstr (g_hash_table_lookup (last_order (f)->params, "ip"), ==,
                   "198.51.100.61");
  g_assert_cmpstr (g_hash_table_lookup (last_order (f)->params, "period"),
                   ==, "12");
}

/* A failed check (not a refusal) does not open the way to ordering; Check Again does. */
static void
test_order_check_failed (Fixture       *f,
                         gconstpointer  data)
{
  GtkWidget *order_button;
  GtkWidget *again;

  isplic_sim_set_fault (f->sim, "soft.checkip", ISPLIC_SIM_FAULT_HTTP500);
  present (f, isplic_order_dialog_new (f->client));
  order_button = child (f, ISPLIC_TYPE_ORDER_DIALOG, "order_button");
  again = child (f, ISPLIC_TYPE_ORDER_DIALOG, "check_again_button");
  fill_order (f, "srv-unchecked", "198.51.100.62");
  WAIT_UNTIL (gtk_widget_get_visible (again));
  g_assert_nonnull (strstr (gtk_label_get_text (child (f, ISPLIC_TYPE_ORDER_DIALOG, "ip_label")),
                            "Could not check"));
  g_assert_false (sensitive (order_button));
  click (order_button);
  isplic_test_spin (100);
  g_assert_cmpuint (count_orders (f), ==, 0);

  isplic_sim_set_fault (f->sim, "soft.checkip", ISPLIC_SIM_FAULT_NONE);
  click (again);
  wait_ip_ok (f);
  g_assert_true (sensitive (order_button));
  g_assert_false (gtk_widget_get_visible (again));
}

/* The name is checked locally, with the reason inline and Order insensitive. */
static void
test_order_name_check (Fixture       *f,
                       gconstpointer  data)
{
  GtkWidget *order_button;
  GtkLabel *name_label;

  present (f, isplic_order_dialog_new (f->client));
  order_button = child (f, ISPLIC_TYPE_ORDER_DIALOG, "order_button");
  name_label = child (f, ISPLIC_TYPE_ORDER_DIALOG, "name_label");
  fill_order (f, "srv-\u202eevil", "198.51.100.63");
  wait_ip_ok (f);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (name_label)));
  g_assert_cmpstr (gtk_label_get_text (name_label), !=, "");
  g_assert_false (sensitive (order_button));
  click (order_button);
  isplic_test_spin (100);
  g_assert_cmpuint (count_orders (f), ==, 0);

  gtk_editable_set_text (child (f, ISPLIC_TYPE_ORDER_DIALOG, "name_row"), "srv-good");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (name_label)));
  g_assert_true (sensitive (order_button));
}

static void
test_order_outcome_unknown_placed (Fixture       *f,
                                   gconstpointer  data)
{
  GtkLabel *status_label;
  guint n_before = isplic_sim_get_n_licenses (f->sim);

  isplic_client_set_timeout (f->client, 1);
  isplic_sim_set_fault (f->sim, "soft.order.param", ISPLIC_SIM_FAULT_TIMEOUT_AFTER);

  present (f, isplic_order_dialog_new (f->client));
  status_label = child (f, ISPLIC_TYPE_ORDER_DIALOG, "status_label");
  fill_order (f, "srv-timeout", "198.51.100.99");
  wait_ip_ok (f);
  click (child (f, ISPLIC_TYPE_ORDER_DIALOG, "order_button"));

  /* The dialog says it is checking, and still cannot be closed. */
  WAIT_UNTIL (strstr (gtk_label_get_text (status_label), "Checking with the server whether")
              != NULL);
  gtk_window_close (GTK_WINDOW (f->dialog));
  g_assert_nonnull (f->dialog);

  WAIT_UNTIL (f->n_succeeded == 1);
  g_assert_cmpuint (count_orders (f), ==, 1);
  g_assert_cmpuint (isplic_sim_get_n_licenses (f->sim), ==, n_before + 1);
  g_assert_cmpstr (sim_string (f, f->ids[0], "ip"), ==, "198.51.100.99");
  g_assert_nonnull (strstr (f->message, "was placed"));
  WAIT_UNTIL (f->dialog == NULL);
}

static void
test_order_outcome_unknown_lost (Fixture       *f,
                                 gconstpointer  data)
{
  GtkLabel *error_label;
  GtkWidget *order_button;
  guint n_before = isplic_sim_get_n_licenses (f->sim);

  isplic_client_set_timeout (f->client, 1);
  isplic_sim_set_fault (f->sim, "soft.order.param", ISPLIC_SIM_FAULT_TIMEOUT);

  present (f, isplic_order_dialog_new (f->client));
  error_label = child (f, ISPLIC_TYPE_ORDER_DIALOG, "error_label");
  order_button = child (f, ISPLIC_TYPE_ORDER_DIALOG, "order_button");
  fill_order (f, "srv-lost", "198.51.100.98");
  wait_ip_ok (f);
  click (order_button);

  WAIT_UNTIL (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_nonnull (strstr (gtk_label_get_text (error_label), "did not go through"));
  g_assert_nonnull (strstr (gtk_label_get_text (error_label),
                            "No license was created and nothing was charged"));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (order_button)), ==, "_Try Again");
  g_assert_cmpuint (count_orders (f), ==, 1);
  g_assert_cmpuint (isplic_sim_get_n_licenses (f->sim), ==, n_before);
  g_assert_cmpuint (f->n_succeeded, ==, 0);

  /* Nothing is resent by itself; trying again is the person's choice, and it works. */
  isplic_test_spin (300);
  g_assert_cmpuint (count_orders (f), ==, 1);
  isplic_sim_set_fault (f->sim, "soft.order.param", ISPLIC_SIM_FAULT_NONE);
  WAIT_UNTIL (sensitive (order_button));
  click (order_button);
  WAIT_UNTIL (f->n_succeeded == 1);
  g_assert_cmpuint (count_orders (f), ==, 2);
  g_assert_cmpstr (sim_string (f, f->ids[0], "licname"), ==, "srv-lost");
}

static void
test_order_outcome_unknown_unreachable (Fixture       *f,
                                        gconstpointer  data)
{
  GtkLabel *error_label;
  GtkWidget *order_button;

  isplic_client_set_timeout (f->client, 1);
  present (f, isplic_order_dialog_new (f->client));
  error_label = child (f, ISPLIC_TYPE_ORDER_DIALOG, "error_label");
  order_button = child (f, ISPLIC_TYPE_ORDER_DIALOG, "order_button");
  fill_order (f, "srv-unknown", "198.51.100.97");
  wait_ip_ok (f);

  /* The order times out after it was placed, and the list cannot be read to find out. */
  isplic_sim_set_fault (f->sim, "soft.order.param", ISPLIC_SIM_FAULT_TIMEOUT_AFTER);
  click (order_button);
  /* The list taken before the order works; once the order has gone, the list fails. */
  WAIT_UNTIL (count_orders (f) == 1);
  isplic_sim_set_fault (f->sim, "soft", ISPLIC_SIM_FAULT_HTTP500);
  isplic_sim_set_fault (f->sim, "soft.edit", ISPLIC_SIM_FAULT_HTTP500);
  WAIT_UNTIL (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_nonnull (strstr (gtk_label_get_text (error_label), "could not tell"));
  g_assert_nonnull (strstr (gtk_label_get_text (error_label), "Check the billing panel"));
  g_assert_cmpuint (f->n_succeeded, ==, 0);
  g_assert_nonnull (f->dialog);

  /* Never resent by itself. */
  isplic_test_spin (1500);
  g_assert_cmpuint (count_orders (f), ==, 1);
}

/* ---- renew ---------------------------------------------------------------------------- */

static void
test_renew_one (Fixture       *f,
                gconstpointer  data)
{
  IsplicLicense *license = find_license (f, FALSE, 0);
  const char *id = isplic_license_get_id (license);
  g_autoptr(GPtrArray) licenses = g_ptr_array_new ();
  g_autofree char *old_expiry = isplic_date_format (isplic_license_get_expires (license));
  g_autoptr(GDateTime) expected = g_date_time_add_months (isplic_license_get_expires (license), 12);
  g_autofree char *expected_text = isplic_date_format (expected);
  g_autofree char *message = NULL;
  AdwActionRow *new_row;

  g_assert_cmpstr (sim_string (f, id, "expiredate"), ==, old_expiry);
  g_ptr_array_add (licenses, license);
  present (f, isplic_renew_dialog_new (f->client, licenses));
  wait_renew_quote (f);
  new_row = child (f, ISPLIC_TYPE_RENEW_DIALOG, "new_row");
  g_assert_cmpstr (adw_action_row_get_subtitle (child (f, ISPLIC_TYPE_RENEW_DIALOG, "current_row")),
                   ==, old_expiry);

  adw_combo_row_set_selected (child (f, ISPLIC_TYPE_RENEW_DIALOG, "period_row"), 1);
  WAIT_UNTIL (isplic_sim_count_requests (f->sim, "service.prolong") >= 1);
  isplic_test_spin (100);
  WAIT_UNTIL (g_strcmp0 (adw_action_row_get_subtitle (new_row), expected_text) == 0);

  click (child (f, ISPLIC_TYPE_RENEW_DIALOG, "renew_button"));
  click (child (f, ISPLIC_TYPE_RENEW_DIALOG, "renew_button"));
  WAIT_UNTIL (f->n_succeeded == 1);

  g_assert_cmpstr (sim_string (f, id, "expiredate"), ==, expected_text);
  message = g_strdup_printf ("\u2068%s\u2069 renewed until %s",
                             isplic_license_get_name (license), expected_text);
  g_assert_cmpstr (f->message, ==, message);
  g_assert_cmpstr (f->ids[0], ==, id);
  g_assert_cmpstr (g_hash_table_lookup (last_request (f, "service.prolong")->params, "sok"),
                   ==, "ok");
  WAIT_UNTIL (f->dialog == NULL);
}

static void
count_renewals (gpointer data,
                gpointer user_data)
{
  IsplicSimRequest *request = data;
  guint *n = user_data;

  if (g_strcmp0 (request->func, "service.prolong") == 0
      && g_strcmp0 (g_hash_table_lookup (request->params, "sok"), "ok") == 0)
    (*n)++;
}

static void
test_renew_many (Fixture       *f,
                 gconstpointer  data)
{
  IsplicLicense *a = find_license (f, FALSE, 0);
  IsplicLicense *b = find_license (f, FALSE, 1);
  g_autoptr(GPtrArray) licenses = g_ptr_array_new ();
  g_autofree char *elid = g_strdup_printf ("%s, %s", isplic_license_get_id (a),
                                           isplic_license_get_id (b));
  g_autoptr(GDateTime) expected_a = g_date_time_add_months (isplic_license_get_expires (a),
                                                            common_period (a, b));
  g_autofree char *expected_a_text = isplic_date_format (expected_a);
  guint n_renewals = 0;
  GtkLabel *error_label;

  g_ptr_array_add (licenses, a);
  g_ptr_array_add (licenses, b);
  present (f, isplic_renew_dialog_new (f->client, licenses));
  wait_renew_quote (f);
  g_assert_false (gtk_widget_get_visible (child (f, ISPLIC_TYPE_RENEW_DIALOG, "current_row")));
  error_label = child (f, ISPLIC_TYPE_RENEW_DIALOG, "error_label");
  click (child (f, ISPLIC_TYPE_RENEW_DIALOG, "renew_button"));
  WAIT_UNTIL (f->n_succeeded == 1 || gtk_widget_get_visible (GTK_WIDGET (error_label)));

  /* One request for both. */
  g_ptr_array_foreach (isplic_sim_get_requests (f->sim), count_renewals, &n_renewals);
  g_assert_cmpuint (n_renewals, ==, 1);
  g_assert_cmpstr (g_hash_table_lookup (last_request (f, "service.prolong")->params, "elid"), ==,
                   elid);

  g_assert_cmpuint (f->n_succeeded, ==, 1);
  g_assert_cmpstr (f->message, ==, "2 licenses renewed");
  g_assert_cmpuint (g_strv_length (f->ids), ==, 2);
  g_assert_cmpstr (sim_string (f, isplic_license_get_id (a), "expiredate"), ==, expected_a_text);
}

static void
test_renew_trial (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(IsplicLicense) trial = isplic_license_new ("4242");
  g_autoptr(GDateTime) expires = g_date_time_new_local (2030, 1, 1, 0, 0, 0);
  g_autoptr(GPtrArray) licenses = g_ptr_array_new ();
  GtkWidget *renew_button;

  isplic_license_set_name (trial, "trial-01");
  isplic_license_set_tariff_id (trial, "55239");
  isplic_license_set_period (trial, ISPLIC_TRIAL_PERIOD);
  isplic_license_set_expires (trial, expires);
  g_ptr_array_add (licenses, trial);

  present (f, isplic_renew_dialog_new (f->client, licenses));
  wait_renew_quote (f);
  renew_button = child (f, ISPLIC_TYPE_RENEW_DIALOG, "renew_button");
  g_assert_false (sensitive (renew_button));
  g_assert_true (gtk_widget_get_visible (child (f, ISPLIC_TYPE_RENEW_DIALOG, "trial_label")));
  click (renew_button);
  isplic_test_spin (300);
  g_assert_cmpuint (isplic_sim_count_requests (f->sim, "service.prolong"), ==, 0);
  g_assert_cmpuint (f->n_succeeded, ==, 0);
}

static void
bool_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (g_async_result_is_tagged (result, isplic_client_renew_async))
    ok = isplic_client_renew_finish (ISPLIC_CLIENT (source), result, NULL, &error);
  else
    ok = isplic_client_suspend_finish (ISPLIC_CLIENT (source), result, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  *done = TRUE;
}

/* Makes @n active licenses suspended with a year and more left: renewing them by a month would
 * (billmgr counts from today) leave them expiring much earlier. Returns them, freshly listed. */
static GPtrArray *
make_suspended_far (Fixture *f,
                    guint    n)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) ids = NULL;
  GPtrArray *result = g_ptr_array_new_with_free_func (g_object_unref);
  gboolean done = FALSE;

  for (guint i = 0; i < n; i++)
    g_strv_builder_add (builder, isplic_license_get_id (find_license (f, FALSE, i)));
  ids = g_strv_builder_end (builder);

  isplic_client_renew_async (f->client, (const char * const *) ids, 12, NULL, bool_done_cb, &done);
  WAIT_UNTIL (done);
  done = FALSE;
  isplic_client_suspend_async (f->client, (const char * const *) ids, NULL, bool_done_cb, &done);
  WAIT_UNTIL (done);
  refresh_licenses (f);
  isplic_sim_clear_requests (f->sim);

  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < f->licenses->len; j++)
      if (g_strcmp0 (isplic_license_get_id (g_ptr_array_index (f->licenses, j)), ids[i]) == 0)
        g_ptr_array_add (result, g_object_ref (g_ptr_array_index (f->licenses, j)));
  g_assert_cmpuint (result->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (isplic_license_get_status (g_ptr_array_index (result, i)), ==,
                     ISPLIC_LICENSE_STATUS_SUSPENDED);
  return result;
}

static char *
today_plus_months (int months)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) today = g_date_time_new_local (g_date_time_get_year (now),
                                                      g_date_time_get_month (now),
                                                      g_date_time_get_day_of_month (now),
                                                      0, 0, 0);
  g_autoptr(GDateTime) later = g_date_time_add_months (today, months);

  return isplic_date_format (later);
}

/* The period the renew dialog starts with: the licenses' own when they share one, else a month. */
static int
own_period (GPtrArray *licenses)
{
  int period = 0;

  for (guint i = 0; i < licenses->len; i++)
    {
      int own = isplic_license_get_period (g_ptr_array_index (licenses, i));

      if (own != 1 && own != 12)
        continue;
      if (period == 0)
        period = own;
      else if (period != own)
        return 1;
    }
  return period == 12 ? 12 : 1;
}

/* A suspended license renews from today: the dialog says it would expire earlier, the primary
 * button is destructive and needs the explicit confirmation. */
static void
test_renew_earlier_one (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) licenses = make_suspended_far (f, 1);
  IsplicLicense *license = g_ptr_array_index (licenses, 0);
  const char *id = isplic_license_get_id (license);
  g_autofree char *old_expiry = isplic_date_format (isplic_license_get_expires (license));
  g_autofree char *expected = today_plus_months (own_period (licenses));
  GtkWidget *renew_button;
  GtkCheckButton *confirm;
  GtkLabel *earlier_label;

  present (f, isplic_renew_dialog_new (f->client, licenses));
  wait_renew_quote (f);
  renew_button = child (f, ISPLIC_TYPE_RENEW_DIALOG, "renew_button");
  confirm = child (f, ISPLIC_TYPE_RENEW_DIALOG, "confirm_check");
  earlier_label = child (f, ISPLIC_TYPE_RENEW_DIALOG, "earlier_label");

  /* Known at once (billmgr's rule), and the server's preview agrees. */
  g_assert_true (gtk_widget_get_visible (child (f, ISPLIC_TYPE_RENEW_DIALOG, "earlier_group")));
  WAIT_UNTIL (isplic_sim_count_requests (f->sim, "service.prolong") == 1);
  isplic_test_spin (200);
  g_assert_cmpstr (adw_action_row_get_subtitle (child (f, ISPLIC_TYPE_RENEW_DIALOG, "new_row")),
                   ==, expected);
  g_assert_cmpstr (adw_action_row_get_subtitle (child (f, ISPLIC_TYPE_RENEW_DIALOG,
                                                       "current_row")), ==, old_expiry);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (earlier_label)));
  g_assert_nonnull (strstr (gtk_label_get_text (earlier_label), isplic_license_get_name (license)));
  g_assert_nonnull (strstr (gtk_label_get_text (earlier_label), "earlier"));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (renew_button)), ==, "Renew _Anyway");
  g_assert_true (gtk_widget_has_css_class (renew_button, "destructive-action"));
  g_assert_false (gtk_widget_has_css_class (renew_button, "suggested-action"));
  g_assert_true (gtk_widget_get_visible (child (f, ISPLIC_TYPE_RENEW_DIALOG, "resume_button")));

  g_assert_cmpstr (gtk_check_button_get_label (confirm), ==,
                   "I _understand this license will expire earlier");

  /* Not without the confirmation. */
  g_assert_false (sensitive (renew_button));
  click (renew_button);
  isplic_test_spin (200);
  g_assert_cmpuint (isplic_sim_count_requests (f->sim, "service.prolong"), ==, 1);

  /* A year from today is still earlier here; the confirmation survives the period change. */
  gtk_check_button_set_active (confirm, TRUE);
  g_assert_true (sensitive (renew_button));
  click (renew_button);
  WAIT_UNTIL (f->n_succeeded == 1);
  g_assert_cmpstr (sim_string (f, id, "expiredate"), ==, expected);
}

/* A group of three suspended licenses: a row per license with both dates, the warning names
 * them, and Resume First resumes them so that the renewal counts from their expiry again. */
static void
test_renew_earlier_group (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) licenses = make_suspended_far (f, 3);
  g_autofree char *expected = today_plus_months (own_period (licenses));
  AdwPreferencesGroup *dates_group;
  GtkWidget *renew_button;
  GtkLabel *earlier_label;
  guint n_rows = 0;

  present (f, isplic_renew_dialog_new (f->client, licenses));
  wait_renew_quote (f);
  renew_button = child (f, ISPLIC_TYPE_RENEW_DIALOG, "renew_button");
  earlier_label = child (f, ISPLIC_TYPE_RENEW_DIALOG, "earlier_label");
  dates_group = child (f, ISPLIC_TYPE_RENEW_DIALOG, "dates_group");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dates_group)));
  WAIT_UNTIL (isplic_sim_count_requests (f->sim, "service.prolong") == 3);
  isplic_test_spin (200);

  /* One row per license: its name, now → after. */
  for (guint i = 0; i < licenses->len; i++)
    {
      IsplicLicense *license = g_ptr_array_index (licenses, i);
      g_autofree char *now = isplic_date_format (isplic_license_get_expires (license));
      g_autofree char *subtitle = g_strdup_printf ("%s → %s, ", now, expected);
      GtkWidget *row = find_row (GTK_WIDGET (dates_group), isplic_license_get_name (license));

      g_assert_nonnull (row);
      /* The dates, then the renewal's cost from the group's quote. */
      g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                                       subtitle));
      g_assert_true (gtk_widget_has_css_class (row, "error"));
      g_assert_nonnull (strstr (gtk_label_get_text (earlier_label),
                                isplic_license_get_name (license)));
      n_rows++;
    }
  g_assert_cmpuint (n_rows, ==, 3);
  g_assert_false (sensitive (renew_button));
  g_assert_true (gtk_widget_has_css_class (renew_button, "destructive-action"));

  /* Resume First: resumed on the server, the preview refreshed, the normal renewal back. */
  click (child (f, ISPLIC_TYPE_RENEW_DIALOG, "resume_button"));
  WAIT_UNTIL (!gtk_widget_get_visible (child (f, ISPLIC_TYPE_RENEW_DIALOG, "earlier_group")));
  g_assert_cmpuint (isplic_sim_count_requests (f->sim, "soft.resume"), ==, 1);
  for (guint i = 0; i < licenses->len; i++)
    g_assert_cmpint (sim_int (f, isplic_license_get_id (g_ptr_array_index (licenses, i)),
                              "status"), ==, 2);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (renew_button)), ==, "_Renew");
  g_assert_true (gtk_widget_has_css_class (renew_button, "suggested-action"));
  WAIT_UNTIL (sensitive (renew_button));
  click (renew_button);
  WAIT_UNTIL (f->n_succeeded == 1);
  for (guint i = 0; i < licenses->len; i++)
    {
      IsplicLicense *license = g_ptr_array_index (licenses, i);
      g_autoptr(GDateTime) after = g_date_time_add_months (isplic_license_get_expires (license),
                                                           own_period (licenses));
      g_autofree char *after_text = isplic_date_format (after);

      g_assert_cmpstr (sim_string (f, isplic_license_get_id (license), "expiredate"), ==,
                       after_text);
    }
}

static void
test_renew_outcome_unknown (Fixture       *f,
                            gconstpointer  data)
{
  IsplicLicense *license = find_license (f, FALSE, 2);
  const char *id = isplic_license_get_id (license);
  g_autoptr(GPtrArray) licenses = g_ptr_array_new ();
  g_autoptr(GDateTime) expected = g_date_time_add_months (isplic_license_get_expires (license),
                                                          common_period (license, NULL));
  g_autofree char *expected_text = isplic_date_format (expected);
  guint n_renewals = 0;

  isplic_client_set_timeout (f->client, 1);
  g_ptr_array_add (licenses, license);
  present (f, isplic_renew_dialog_new (f->client, licenses));
  wait_renew_quote (f);
  WAIT_UNTIL (isplic_sim_count_requests (f->sim, "service.prolong") == 1);
  isplic_test_spin (100);
  isplic_sim_set_fault (f->sim, "service.prolong", ISPLIC_SIM_FAULT_TIMEOUT_AFTER);
  click (child (f, ISPLIC_TYPE_RENEW_DIALOG, "renew_button"));
  WAIT_UNTIL (f->n_succeeded == 1);

  g_ptr_array_foreach (isplic_sim_get_requests (f->sim), count_renewals, &n_renewals);
  g_assert_cmpuint (n_renewals, ==, 1);
  g_assert_cmpstr (sim_string (f, id, "expiredate"), ==, expected_text);
  g_assert_nonnull (strstr (f->message, expected_text));
}

/* An HTTP 500 on a renewal: the dialog says what happened (the server's error, not "did not
 * answer in time"), then what the check found. Nothing is resent. */
static void
test_renew_http500 (Fixture       *f,
                    gconstpointer  data)
{
  IsplicLicense *license = find_license (f, FALSE, 1);
  g_autoptr(GPtrArray) licenses = g_ptr_array_new ();
  g_autofree char *old_expiry = isplic_date_format (isplic_license_get_expires (license));
  GtkLabel *error_label;
  GtkLabel *status_label;
  gboolean saw_cause_while_checking = FALSE;
  guint n_renewals = 0;
  const char *text;

  g_ptr_array_add (licenses, license);
  present (f, isplic_renew_dialog_new (f->client, licenses));
  wait_renew_quote (f);
  error_label = child (f, ISPLIC_TYPE_RENEW_DIALOG, "error_label");
  status_label = child (f, ISPLIC_TYPE_RENEW_DIALOG, "status_label");
  WAIT_UNTIL (isplic_sim_count_requests (f->sim, "service.prolong") == 1);
  isplic_test_spin (100);
  g_assert_true (isplic_sim_parse_fault (f->sim, "service.prolong=http500", NULL));
  click (child (f, ISPLIC_TYPE_RENEW_DIALOG, "renew_button"));
  while (!gtk_widget_get_visible (GTK_WIDGET (error_label)))
    {
      if (strstr (gtk_label_get_text (status_label), "HTTP 500") != NULL)
        saw_cause_while_checking = TRUE;
      g_main_context_iteration (NULL, TRUE);
    }

  text = gtk_label_get_text (error_label);
  g_assert_nonnull (strstr (text, "answered with an error: HTTP 500"));
  g_assert_null (strstr (text, "did not answer in time"));
  g_assert_nonnull (strstr (text, "did not go through"));
  /* The cause comes first, then the finding. */
  g_assert_true (strstr (text, "HTTP 500") < strstr (text, "did not go through"));
  g_assert_true (saw_cause_while_checking || isplic_sim_count_requests (f->sim, "soft.edit") > 0);
  g_assert_cmpuint (f->n_succeeded, ==, 0);
  g_assert_cmpstr (sim_string (f, isplic_license_get_id (license), "expiredate"), ==, old_expiry);
  isplic_test_spin (300);
  g_ptr_array_foreach (isplic_sim_get_requests (f->sim), count_renewals, &n_renewals);
  g_assert_cmpuint (n_renewals, ==, 1);
}

/* The renew dialog against a misbehaving billmgr (tests/lib): the renewal answered with the
 * renewal form (no `ok`) is not "renewed"; the check reads the expiry with a time part and finds
 * it moved; an error given as an array is shown with all its messages; nothing is resent. */
static void
test_renew_hostile (Fixture       *f,
                    gconstpointer  data)
{
  IsplicHostile *server = isplic_hostile_new ();
  IsplicClient *client = isplic_client_new (isplic_hostile_get_url (server), "reseller", "pw");
  IsplicTestResult r = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) licenses = NULL;
  g_autoptr(GError) error = NULL;
  GtkLabel *error_label;
  const char *text;

  isplic_hostile_script (server, "soft", isplic_hostile_body (200,
    "{\"doc\":{\"elem\":{\"id\":{\"$\":\"3100001\"},\"licname\":{\"$\":\"web-1\"},"
    "\"ip\":{\"$\":\"203.0.113.10\"},\"expiredate\":{\"$\":\"2026-08-01\"},"
    "\"status\":{\"$\":\"2\"},\"pricelist_id\":{\"$\":\"55227\"}},"
    "\"p_elems\":{\"$\":\"1\"}}}"), NULL);
  isplic_client_list_async (client, NULL, isplic_test_result_cb, &r);
  result = isplic_test_wait_result (&r);
  licenses = isplic_client_list_finish (client, result, &error);
  g_assert_no_error (error);

  /* The preview, then the renewal answered with the form again: no confirmation. */
  isplic_hostile_script (server, "service.prolong",
                         isplic_hostile_body (200, ISPLIC_HOSTILE_DOC_PROLONG_FORM),
                         isplic_hostile_body (200, ISPLIC_HOSTILE_DOC_PROLONG_FORM), NULL);
  isplic_hostile_script (server, "soft.edit", isplic_hostile_body (200,
    "{\"doc\":{\"id\":{\"$\":\"3100001\"},\"licname\":{\"$\":\"web-1\"},"
    "\"expiredate\":{\"$\":\"2026-09-01 00:00:00\"}}}"), NULL);
  present (f, isplic_renew_dialog_new (client, licenses));
  wait_renew_quote (f);
  WAIT_UNTIL (isplic_hostile_count (server, "service.prolong") >= 1);
  WAIT_UNTIL (sensitive (child (f, ISPLIC_TYPE_RENEW_DIALOG, "renew_button")));
  isplic_test_spin (200);
  click (child (f, ISPLIC_TYPE_RENEW_DIALOG, "renew_button"));
  /* The check finds the expiry moved: renewed after all, said as such. */
  WAIT_UNTIL (f->n_succeeded == 1);
  g_assert_cmpuint (isplic_hostile_count (server, "soft.edit"), ==, 1);
  WAIT_UNTIL (f->dialog == NULL);

  /* An error in the shape of an array: a refusal, every message shown, nothing resent. */
  isplic_hostile_clear_log (server);
  isplic_hostile_script (server, "service.prolong",
                         isplic_hostile_body (200, ISPLIC_HOSTILE_DOC_PROLONG_FORM), NULL);
  present (f, isplic_renew_dialog_new (client, licenses));
  wait_renew_quote (f);
  error_label = child (f, ISPLIC_TYPE_RENEW_DIALOG, "error_label");
  WAIT_UNTIL (sensitive (child (f, ISPLIC_TYPE_RENEW_DIALOG, "renew_button")));
  isplic_test_spin (200);
  /* The previews are in: the next service.prolong is the renewal. */
  isplic_hostile_script (server, "service.prolong",
                         isplic_hostile_body (200, ISPLIC_HOSTILE_DOC_ERROR_ARRAY),
                         isplic_hostile_body (200, ISPLIC_HOSTILE_DOC_PROLONG_FORM), NULL);
  click (child (f, ISPLIC_TYPE_RENEW_DIALOG, "renew_button"));
  WAIT_UNTIL (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  text = gtk_label_get_text (error_label);
  g_assert_nonnull (strstr (text, "Insufficient funds"));
  g_assert_nonnull (strstr (text, "Required amount 10.00"));
  g_assert_cmpuint (f->n_succeeded, ==, 1);
  g_assert_cmpuint (isplic_hostile_count (server, "soft.edit"), ==, 0);
  isplic_test_spin (300);
  {
    /* one preview, one renewal (with sok), perhaps a fresh preview: never a second renewal */
    g_autoptr(GPtrArray) requests = isplic_hostile_get_requests (server);
    guint renewals = 0;

    for (guint i = 0; i < requests->len; i++)
      {
        IsplicHostileRequest *request = g_ptr_array_index (requests, i);
        if (g_str_equal (request->func, "service.prolong") &&
            g_hash_table_contains (request->params, "sok"))
          renewals++;
      }
    g_assert_cmpuint (renewals, ==, 1);
  }

  gtk_window_destroy (GTK_WINDOW (f->dialog));
  WAIT_UNTIL (f->dialog == NULL);
  g_clear_pointer (&licenses, g_ptr_array_unref);
  g_clear_object (&result);
  g_assert_finalize_object (client);
  isplic_hostile_free (server);
}

/* The same for a tariff change and an order. */

/* A new IP is checked with the server before Save, as an order's is: a taken one is refused
 * inline and nothing is sent; a failed check offers Check Again; a free one opens Save. */
static void
test_edit_ip_check (Fixture       *f,
                    gconstpointer  data)
{
  IsplicLicense *license = find_license (f, FALSE, 0);
  const char *taken_ip = isplic_license_get_ip (find_license (f, FALSE, 1));
  const IsplicTariff *tariff = isplic_tariff_lookup (isplic_license_get_tariff_id (license));
  g_autofree char *period = g_strdup_printf ("%d", isplic_license_get_period (license) == 12
                                                   ? 12 : 1);
  GtkWidget *save_button;
  GtkWidget *again;
  GtkLabel *ip_label;
  IsplicSimRequest *check;

  g_assert_nonnull (tariff);
  present (f, isplic_edit_dialog_new (f->client, license));
  save_button = child (f, ISPLIC_TYPE_EDIT_DIALOG, "save_button");
  again = child (f, ISPLIC_TYPE_EDIT_DIALOG, "check_again_button");
  ip_label = child (f, ISPLIC_TYPE_EDIT_DIALOG, "ip_label");
  /* Opening the dialog checks nothing: the IP is the license's own. */
  isplic_test_spin (600);
  g_assert_cmpuint (isplic_sim_count_requests (f->sim, "soft.checkip"), ==, 0);

  gtk_editable_set_text (child (f, ISPLIC_TYPE_EDIT_DIALOG, "ip_row"), taken_ip);
  g_assert_cmpstr (gtk_label_get_text (ip_label), ==, "Checking the IP address…");
  g_assert_false (sensitive (save_button));
  WAIT_UNTIL (strstr (gtk_label_get_text (ip_label), "already has") != NULL);
  g_assert_false (sensitive (save_button));
  click (save_button);
  isplic_test_spin (100);
  g_assert_cmpuint (isplic_sim_count_requests (f->sim, "soft.edit"), ==, 0);
  check = last_request (f, "soft.checkip");
  g_assert_cmpstr (g_hash_table_lookup (check->params, "ip"), ==, taken_ip);
  g_assert_cmpstr (g_hash_table_lookup (check->params, "pricelist"), ==, tariff->id);
  g_assert_cmpstr (g_hash_table_lookup (check->params, "period"), ==, period);

  /* The check itself fails: Save stays off until Check Again passes. */
  isplic_sim_set_fault (f->sim, "soft.checkip", ISPLIC_SIM_FAULT_HTTP500);
  gtk_editable_set_text (child (f, ISPLIC_TYPE_EDIT_DIALOG, "ip_row"), "198.51.100.72");
  WAIT_UNTIL (gtk_widget_get_visible (again));
  g_assert_nonnull (strstr (gtk_label_get_text (ip_label), "Could not check"));
  g_assert_false (sensitive (save_button));
  isplic_sim_set_fault (f->sim, "soft.checkip", ISPLIC_SIM_FAULT_NONE);
  click (again);
  WAIT_UNTIL (sensitive (save_button));
  g_assert_false (gtk_widget_get_visible (again));
  g_assert_nonnull (strstr (gtk_label_get_text (ip_label), "for a month"));

  click (save_button);
  WAIT_UNTIL (f->n_succeeded == 1);
  g_assert_cmpstr (sim_string (f, isplic_license_get_id (license), "ip"), ==, "198.51.100.72");
}

/* A license of a tariff this app does not know: there is nothing to check the IP for, so Save
 * is left to soft.edit's own check, with no "Checking…" that never ends. */
static void
test_edit_ip_unknown_tariff (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(IsplicLicense) license = isplic_license_new ("3100999");
  GtkWidget *save_button;

  isplic_license_set_name (license, "odd-tariff");
  isplic_license_set_ip (license, "198.51.100.80");
  present (f, isplic_edit_dialog_new (f->client, license));
  save_button = child (f, ISPLIC_TYPE_EDIT_DIALOG, "save_button");
  gtk_editable_set_text (child (f, ISPLIC_TYPE_EDIT_DIALOG, "ip_row"), "198.51.100.81");
  g_assert_true (sensitive (save_button));
  g_assert_nonnull (strstr (gtk_label_get_text (child (f, ISPLIC_TYPE_EDIT_DIALOG, "ip_label")),
                            "for a month"));
  isplic_test_spin (600);
  g_assert_cmpuint (isplic_sim_count_requests (f->sim, "soft.checkip"), ==, 0);
}

/* ---- tariff --------------------------------------------------------------------------- */

/* The choices of the tariff dialog: one check button (radio) per tariff, in order. */
static void
collect_checks (GtkWidget *widget,
                GPtrArray *out)
{
  if (GTK_IS_CHECK_BUTTON (widget))
    g_ptr_array_add (out, widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    collect_checks (c, out);
}

static GPtrArray *
tariff_choices (Fixture *f)
{
  GPtrArray *checks = g_ptr_array_new ();

  collect_checks (child (f, ISPLIC_TYPE_TARIFF_DIALOG, "choices_group"), checks);
  return checks;
}

/* Chooses the @n-th tariff and waits for its quote; returns its name. */
static const char *
choose_tariff (Fixture *f,
               guint    n)
{
  g_autoptr(GPtrArray) checks = tariff_choices (f);
  GtkCheckButton *check;
  GtkWidget *row;
  GtkLabel *quote_label = child (f, ISPLIC_TYPE_TARIFF_DIALOG, "quote_label");

  g_assert_cmpuint (n, <, checks->len);
  check = g_ptr_array_index (checks, n);
  gtk_check_button_set_active (check, TRUE);
  WAIT_UNTIL (g_strcmp0 (gtk_label_get_text (quote_label), "Getting the price…") != 0);
  row = gtk_widget_get_ancestor (GTK_WIDGET (check), ADW_TYPE_ACTION_ROW);
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
}

/* The tariff a choice's short name stands for. */
static const IsplicTariff *
tariff_by_short_name (const char *short_name)
{
  guint n;
  const IsplicTariff *tariffs = isplic_tariffs_get (&n);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = isplic_tariff_short_name (&tariffs[i], NULL);

      if (g_strcmp0 (text, short_name) == 0)
        return &tariffs[i];
    }
  return NULL;
}

/* Tariff changes sent: the plain call and the paying one. */
static guint
count_tariff_changes (Fixture *f)
{
  return isplic_sim_count_requests (f->sim, "service.changepricelist")
         + isplic_sim_count_requests (f->sim, "service.changepricelist.getmoney");
}

static void
test_tariff_order_http500 (Fixture       *f,
                           gconstpointer  data)
{
  IsplicLicense *license = find_license (f, FALSE, 0);
  GtkLabel *error_label;

  isplic_sim_set_fault (f->sim, "service.changepricelist", ISPLIC_SIM_FAULT_HTTP500);
  isplic_sim_set_fault (f->sim, "service.changepricelist.getmoney", ISPLIC_SIM_FAULT_HTTP500);
  present (f, isplic_tariff_dialog_new (f->client, license));
  error_label = child (f, ISPLIC_TYPE_TARIFF_DIALOG, "error_label");
  choose_tariff (f, 1);
  click (child (f, ISPLIC_TYPE_TARIFF_DIALOG, "change_button"));
  WAIT_UNTIL (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_nonnull (strstr (gtk_label_get_text (error_label), "HTTP 500"));
  g_assert_nonnull (strstr (gtk_label_get_text (error_label), "was not changed"));
  g_assert_null (strstr (gtk_label_get_text (error_label), "did not answer in time"));
  gtk_window_destroy (GTK_WINDOW (f->dialog));
  WAIT_UNTIL (f->dialog == NULL);

  isplic_sim_set_fault (f->sim, "soft.order.param", ISPLIC_SIM_FAULT_HTTP500);
  present (f, isplic_order_dialog_new (f->client));
  error_label = child (f, ISPLIC_TYPE_ORDER_DIALOG, "error_label");
  fill_order (f, "srv-500", "198.51.100.65");
  wait_ip_ok (f);
  click (child (f, ISPLIC_TYPE_ORDER_DIALOG, "order_button"));
  WAIT_UNTIL (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_nonnull (strstr (gtk_label_get_text (error_label), "HTTP 500"));
  g_assert_nonnull (strstr (gtk_label_get_text (error_label), "did not go through"));
  g_assert_null (strstr (gtk_label_get_text (error_label), "did not answer in time"));
  g_assert_cmpuint (count_orders (f), ==, 1);
}

/* ---- edit ----------------------------------------------------------------------------- */

static void
test_edit (Fixture       *f,
           gconstpointer  data)
{
  IsplicLicense *license = find_license (f, FALSE, 0);
  const char *id = isplic_license_get_id (license);
  g_autofree char *old_ip = g_strdup (isplic_license_get_ip (license));
  GtkWidget *save_button;
  IsplicSimRequest *request;

  present (f, isplic_edit_dialog_new (f->client, license));
  save_button = child (f, ISPLIC_TYPE_EDIT_DIALOG, "save_button");
  g_assert_cmpstr (gtk_editable_get_text (child (f, ISPLIC_TYPE_EDIT_DIALOG, "name_row")), ==,
                   isplic_license_get_name (license));
  g_assert_cmpstr (gtk_editable_get_text (child (f, ISPLIC_TYPE_EDIT_DIALOG, "ip_row")), ==,
                   old_ip);
  /* Nothing changed: nothing to save. */
  g_assert_false (sensitive (save_button));

  /* An invalid IP keeps Save off. */
  gtk_editable_set_text (child (f, ISPLIC_TYPE_EDIT_DIALOG, "ip_row"), "10.0.0.300");
  g_assert_false (sensitive (save_button));
  g_assert_true (gtk_widget_get_visible (child (f, ISPLIC_TYPE_EDIT_DIALOG, "ip_label")));
  /* A valid new IP: allowed once the server's check passed, with the once-a-month warning. */
  gtk_editable_set_text (child (f, ISPLIC_TYPE_EDIT_DIALOG, "ip_row"), "192.0.2.55");
  g_assert_false (sensitive (save_button));
  WAIT_UNTIL (sensitive (save_button));
  g_assert_nonnull (strstr (gtk_label_get_text (child (f, ISPLIC_TYPE_EDIT_DIALOG, "ip_label")),
                            "for a month"));
  gtk_editable_set_text (child (f, ISPLIC_TYPE_EDIT_DIALOG, "ip_row"), old_ip);
  g_assert_false (sensitive (save_button));
  g_assert_false (gtk_widget_get_visible (child (f, ISPLIC_TYPE_EDIT_DIALOG, "ip_label")));

  gtk_editable_set_text (child (f, ISPLIC_TYPE_EDIT_DIALOG, "name_row"), "  renamed-01 ");
  g_assert_true (sensitive (save_button));
  click (save_button);
  click (save_button);
  WAIT_UNTIL (f->n_succeeded == 1);

  g_assert_cmpuint (isplic_sim_count_requests (f->sim, "soft.edit"), ==, 1);
  request = last_request (f, "soft.edit");
  g_assert_cmpstr (g_hash_table_lookup (request->params, "licname"), ==, "renamed-01");
  g_assert_false (g_hash_table_contains (request->params, "ip"));
  g_assert_cmpstr (sim_string (f, id, "licname"), ==, "renamed-01");
  g_assert_cmpstr (sim_string (f, id, "ip"), ==, old_ip);
  g_assert_cmpstr (f->ids[0], ==, id);
  WAIT_UNTIL (f->dialog == NULL);
}

/* A new name is checked locally: control characters and bidi overrides are refused inline. */
static void
test_edit_name_check (Fixture       *f,
                      gconstpointer  data)
{
  IsplicLicense *license = find_license (f, FALSE, 0);
  GtkWidget *save_button;
  GtkLabel *name_label;

  present (f, isplic_edit_dialog_new (f->client, license));
  save_button = child (f, ISPLIC_TYPE_EDIT_DIALOG, "save_button");
  name_label = child (f, ISPLIC_TYPE_EDIT_DIALOG, "name_label");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (name_label)));

  gtk_editable_set_text (child (f, ISPLIC_TYPE_EDIT_DIALOG, "name_row"), "bad\x1b[2Jname");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (name_label)));
  g_assert_false (sensitive (save_button));
  click (save_button);
  isplic_test_spin (100);
  g_assert_cmpuint (isplic_sim_count_requests (f->sim, "soft.edit"), ==, 0);

  gtk_editable_set_text (child (f, ISPLIC_TYPE_EDIT_DIALOG, "name_row"), "good-name");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (name_label)));
  g_assert_true (sensitive (save_button));
}

static void
edit_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  int *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (isplic_client_edit_finish (ISPLIC_CLIENT (source), result, &error));
  g_assert_no_error (error);
  *done = 1;
}

static void
test_edit_server_error (Fixture       *f,
                        gconstpointer  data)
{
  IsplicLicense *license = find_license (f, FALSE, 0);
  IsplicLicense *other = find_license (f, FALSE, 1);
  const char *new_ip = "198.51.100.71";
  GtkLabel *error_label;
  IsplicSimRequest *request;
  int done = 0;

  present (f, isplic_edit_dialog_new (f->client, license));
  error_label = child (f, ISPLIC_TYPE_EDIT_DIALOG, "error_label");
  gtk_editable_set_text (child (f, ISPLIC_TYPE_EDIT_DIALOG, "ip_row"), new_ip);
  WAIT_UNTIL (sensitive (child (f, ISPLIC_TYPE_EDIT_DIALOG, "save_button")));
  /* Between the check and Save, another license takes the IP: the server refuses the edit. */
  isplic_client_edit_async (f->client, isplic_license_get_id (other), NULL, new_ip, NULL,
                            edit_done_cb, &done);
  WAIT_UNTIL (done);
  click (child (f, ISPLIC_TYPE_EDIT_DIALOG, "save_button"));
  WAIT_UNTIL (gtk_widget_get_visible (GTK_WIDGET (error_label)));

  request = last_request (f, "soft.edit");
  g_assert_cmpstr (g_hash_table_lookup (request->params, "ip"), ==, new_ip);
  g_assert_false (g_hash_table_contains (request->params, "licname"));
  g_assert_cmpstr (sim_string (f, isplic_license_get_id (license), "ip"), ==,
                   isplic_license_get_ip (license));
  g_assert_cmpuint (strlen (gtk_label_get_text (error_label)), >, 0);
  g_assert_true (sensitive (child (f, ISPLIC_TYPE_EDIT_DIALOG, "save_button")));
  g_assert_cmpuint (f->n_succeeded, ==, 0);
}

/* ---- tariff --------------------------------------------------------------------------- */

static void
test_tariff (Fixture       *f,
             gconstpointer  data)
{
  IsplicLicense *license = find_license (f, FALSE, 0);
  const char *id = isplic_license_get_id (license);
  g_autoptr(GPtrArray) checks = NULL;
  const IsplicTariff *current = isplic_tariff_lookup (isplic_license_get_tariff_id (license));
  const IsplicTariff *target = NULL;
  g_autofree char *chosen = NULL;
  g_autofree char *current_short = NULL;

  g_assert_nonnull (current);
  present (f, isplic_tariff_dialog_new (f->client, license));
  checks = tariff_choices (f);
  /* The paid tariffs other than the current one, none chosen: the button waits. */
  g_assert_cmpuint (checks->len, ==, 3);
  for (guint i = 0; i < checks->len; i++)
    g_assert_false (gtk_check_button_get_active (g_ptr_array_index (checks, i)));
  g_assert_false (sensitive (child (f, ISPLIC_TYPE_TARIFF_DIALOG, "change_button")));
  /* Short names: "Pro", not "ispmanager 6 Pro". */
  current_short = isplic_tariff_short_name (current, NULL);
  g_assert_cmpstr (adw_action_row_get_subtitle (child (f, ISPLIC_TYPE_TARIFF_DIALOG,
                                                       "current_row")), ==, current_short);

  chosen = g_strdup (choose_tariff (f, 1));
  g_assert_null (strstr (chosen, "ispmanager"));
  target = tariff_by_short_name (chosen);
  g_assert_nonnull (target);
  g_assert_false (target->trial);
  g_assert_true (target != current);
  g_assert_true (sensitive (child (f, ISPLIC_TYPE_TARIFF_DIALOG, "change_button")));

  click (child (f, ISPLIC_TYPE_TARIFF_DIALOG, "change_button"));
  click (child (f, ISPLIC_TYPE_TARIFF_DIALOG, "change_button"));
  WAIT_UNTIL (f->n_succeeded == 1);
  g_assert_cmpuint (count_tariff_changes (f), ==, 1);
  g_assert_cmpstr (sim_string (f, id, "pricelist"), ==, target->id);
  g_assert_nonnull (strstr (f->message, chosen));
  WAIT_UNTIL (f->dialog == NULL);
}

static void
test_tariff_outcome_unknown (Fixture       *f,
                             gconstpointer  data)
{
  IsplicLicense *license = find_license (f, FALSE, 1);
  const char *id = isplic_license_get_id (license);
  g_autofree char *old_tariff = g_strdup (sim_string (f, id, "pricelist"));

  isplic_client_set_timeout (f->client, 1);
  isplic_sim_set_fault (f->sim, "service.changepricelist", ISPLIC_SIM_FAULT_TIMEOUT_AFTER);
  isplic_sim_set_fault (f->sim, "service.changepricelist.getmoney",
                        ISPLIC_SIM_FAULT_TIMEOUT_AFTER);
  present (f, isplic_tariff_dialog_new (f->client, license));
  choose_tariff (f, 0);
  click (child (f, ISPLIC_TYPE_TARIFF_DIALOG, "change_button"));
  WAIT_UNTIL (f->n_succeeded == 1);
  g_assert_cmpuint (count_tariff_changes (f), ==, 1);
  g_assert_cmpstr (sim_string (f, id, "pricelist"), !=, old_tariff);
}

/* ---- key ------------------------------------------------------------------------------ */

static void
test_key (Fixture       *f,
          gconstpointer  data)
{
  IsplicLicense *license = find_license (f, FALSE, 0);
  const char *id = isplic_license_get_id (license);
  g_autofree char *old_key = g_strdup (sim_string (f, id, "lickey"));
  AdwMessageDialog *dialog;
  GtkLabel *key_label;
  GdkContentProvider *content;
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;

  present (f, isplic_key_dialog_new (f->client, license));
  /* A message dialog like Suspend's and Delete's, with a destructive confirmation. */
  g_assert_true (ADW_IS_MESSAGE_DIALOG (f->dialog));
  dialog = ADW_MESSAGE_DIALOG (f->dialog);
  key_label = child (f, ISPLIC_TYPE_KEY_DIALOG, "key_label");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (key_label)));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "confirm"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  click (find_button (f->dialog, "_Regenerate Key"));
  /* A second confirmation while the request runs sends nothing. (A close while busy abandons
   * the request: key/close-cancels.) */
  g_signal_emit_by_name (f->dialog, "response", "confirm");
  WAIT_UNTIL (f->n_succeeded == 1);

  g_assert_cmpuint (isplic_sim_count_requests (f->sim, "soft.edit"), ==, 1);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (key_label)));
  g_assert_cmpstr (gtk_label_get_text (key_label), ==, sim_string (f, id, "lickey"));
  g_assert_cmpstr (gtk_label_get_text (key_label), !=, old_key);
  g_assert_true (gtk_label_get_selectable (key_label));
  g_assert_nonnull (gtk_label_get_attributes (key_label));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (key_label), "monospace"));
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "confirm"), ==, "_Copy Key");
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "cancel"), ==, "_Close");
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "confirm");

  /* Copy Key copies, and the dialog stays until the person closes it. */
  click (find_button (f->dialog, "_Copy Key"));
  isplic_test_spin (100);
  g_assert_nonnull (f->dialog);
  content = gdk_clipboard_get_content (gtk_widget_get_clipboard (f->dialog));
  g_assert_nonnull (content);
  g_value_init (&value, G_TYPE_STRING);
  gdk_content_provider_get_value (content, &value, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_value_get_string (&value), ==, sim_string (f, id, "lickey"));
  g_assert_true (gtk_widget_get_visible (child (f, ISPLIC_TYPE_KEY_DIALOG, "copied_label")));

  click (find_button (f->dialog, "_Close"));
  WAIT_UNTIL (f->dialog == NULL);
  g_assert_cmpuint (isplic_sim_count_requests (f->sim, "soft.edit"), ==, 1);
}

/* A server name with a right-to-left override stays inside its bidi isolate in the heading and
 * in the toast text: it cannot reorder the sentence around it. */
static void
test_key_bidi (Fixture       *f,
               gconstpointer  data)
{
  IsplicLicense *license = find_license (f, FALSE, 0);

  isplic_license_set_name (license, "evil\u202e.exe");
  present (f, isplic_key_dialog_new (f->client, license));
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (f->dialog)), ==,
                   "Regenerate the Key of \u2068evil\u202e.exe\u2069?");
  g_signal_emit_by_name (f->dialog, "response", "confirm");
  WAIT_UNTIL (f->n_succeeded == 1);
  g_assert_cmpstr (f->message, ==, "\u2068evil\u202e.exe\u2069 has a new key");
}

/* Escape or Cancel before confirming: nothing is sent. */
static void
test_key_cancel (Fixture       *f,
                 gconstpointer  data)
{
  present (f, isplic_key_dialog_new (f->client, find_license (f, FALSE, 0)));
  gtk_window_close (GTK_WINDOW (f->dialog));
  WAIT_UNTIL (f->dialog == NULL);
  present (f, isplic_key_dialog_new (f->client, find_license (f, FALSE, 0)));
  click (find_button (f->dialog, "_Cancel"));
  WAIT_UNTIL (f->dialog == NULL);
  isplic_test_spin (100);
  g_assert_cmpuint (isplic_sim_count_requests (f->sim, "soft.edit"), ==, 0);
  g_assert_cmpuint (f->n_succeeded, ==, 0);
}

static void
test_key_server_error (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(IsplicLicense) missing = isplic_license_new ("999999");
  GtkLabel *error_label;

  isplic_license_set_name (missing, "ghost");
  present (f, isplic_key_dialog_new (f->client, missing));
  error_label = child (f, ISPLIC_TYPE_KEY_DIALOG, "error_label");
  click (find_button (f->dialog, "_Regenerate Key"));
  WAIT_UNTIL (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_nonnull (strstr (gtk_label_get_text (error_label), "999999"));
  g_assert_false (gtk_widget_get_visible (child (f, ISPLIC_TYPE_KEY_DIALOG, "key_label")));
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (f->dialog),
                                                          "confirm"));
  g_assert_cmpstr (adw_message_dialog_get_response_label (ADW_MESSAGE_DIALOG (f->dialog),
                                                          "confirm"), ==, "_Try Again");
  g_assert_cmpuint (f->n_succeeded, ==, 0);
}

/* ---- group ---------------------------------------------------------------------------- */

static void
run_group (Fixture           *f,
           IsplicGroupAction  action,
           GPtrArray         *licenses,
           gboolean           real_button)
{
  f->n_succeeded = 0;
  present (f, isplic_group_dialog_new (f->client, action, licenses));
  if (real_button)
    {
      const char *label = action == ISPLIC_GROUP_ACTION_SUSPEND ? "_Suspend"
                          : action == ISPLIC_GROUP_ACTION_RESUME ? "_Resume" : "_Delete";
      GtkWidget *button = find_button (f->dialog, label);

      g_assert_nonnull (button);
      click (button);
      /* AdwMessageDialog would close itself here; this one stays, busy, until the answer. */
      g_assert_nonnull (f->dialog);
      g_assert_true (gtk_widget_get_visible (f->dialog));
      g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (f->dialog),
                                                               "confirm"));
      g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (f->dialog),
                                                               "cancel"));
      /* Escape while busy does not close it either. */
      gtk_window_close (GTK_WINDOW (f->dialog));
      g_assert_nonnull (f->dialog);
      g_assert_true (gtk_widget_get_visible (f->dialog));
    }
  else
    {
      g_signal_emit_by_name (f->dialog, "response", "confirm");
      g_signal_emit_by_name (f->dialog, "response", "confirm");
    }
  WAIT_UNTIL (f->n_succeeded == 1);
  WAIT_UNTIL (f->dialog == NULL);
}

static void
test_group (Fixture       *f,
            gconstpointer  data)
{
  IsplicLicense *a = find_license (f, FALSE, 0);
  IsplicLicense *b = find_license (f, FALSE, 1);
  const char *id_a = isplic_license_get_id (a);
  const char *id_b = isplic_license_get_id (b);
  g_autoptr(GPtrArray) licenses = g_ptr_array_new ();
  g_autofree char *elid = g_strdup_printf ("%s, %s", id_a, id_b);

  g_ptr_array_add (licenses, a);
  g_ptr_array_add (licenses, b);

  run_group (f, ISPLIC_GROUP_ACTION_SUSPEND, licenses, FALSE);
  g_assert_cmpuint (isplic_sim_count_requests (f->sim, "soft.suspend"), ==, 1);
  g_assert_cmpstr (g_hash_table_lookup (last_request (f, "soft.suspend")->params, "elid"),
                   ==, elid);
  g_assert_cmpint (sim_int (f, id_a, "status"), ==, ISPLIC_LICENSE_STATUS_SUSPENDED);
  g_assert_cmpint (sim_int (f, id_b, "status"), ==, ISPLIC_LICENSE_STATUS_SUSPENDED);
  g_assert_cmpstr (f->message, ==, "2 licenses suspended");
  g_assert_cmpuint (g_strv_length (f->ids), ==, 2);

  run_group (f, ISPLIC_GROUP_ACTION_RESUME, licenses, TRUE);
  g_assert_cmpuint (isplic_sim_count_requests (f->sim, "soft.resume"), ==, 1);
  g_assert_cmpstr (g_hash_table_lookup (last_request (f, "soft.resume")->params, "elid"), ==, elid);
  g_assert_cmpint (sim_int (f, id_a, "status"), ==, ISPLIC_LICENSE_STATUS_ACTIVE);
  g_assert_cmpint (sim_int (f, id_b, "status"), ==, ISPLIC_LICENSE_STATUS_ACTIVE);

  run_group (f, ISPLIC_GROUP_ACTION_DELETE, licenses, TRUE);
  g_assert_cmpuint (isplic_sim_count_requests (f->sim, "soft.delete"), ==, 1);
  g_assert_cmpstr (g_hash_table_lookup (last_request (f, "soft.delete")->params, "elid"), ==, elid);
  g_assert_cmpstr (f->message, ==, "2 licenses deleted");
  {
    g_autoptr(JsonObject) o = isplic_sim_lookup (f->sim, id_a);

    g_assert_true (o == NULL
                   || json_object_get_int_member (o, "status") == ISPLIC_LICENSE_STATUS_DELETED);
  }
}

static void
test_group_texts_and_cancel (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GPtrArray) licenses = g_ptr_array_new_with_free_func (g_object_unref);
  const char *body;

  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", 900 + i);
      g_autofree char *name = g_strdup_printf ("host-%02u", i);
      IsplicLicense *license = isplic_license_new (id);

      isplic_license_set_name (license, name);
      g_ptr_array_add (licenses, license);
    }

  present (f, isplic_group_dialog_new (f->client, ISPLIC_GROUP_ACTION_DELETE, licenses));
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (f->dialog)), ==,
                   "Delete 12 Licenses?");
  body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (f->dialog));
  g_assert_nonnull (strstr (body, "“\u2068host-00\u2069”"));
  g_assert_nonnull (strstr (body, "“\u2068host-04\u2069”"));
  g_assert_null (strstr (body, "host-05"));
  g_assert_nonnull (strstr (body, "and 7 more"));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (ADW_MESSAGE_DIALOG (f->dialog),
                                                               "confirm"),
                   ==, ADW_RESPONSE_DESTRUCTIVE);

  /* Cancel (the real button) closes without a request. */
  click (find_button (f->dialog, "_Cancel"));
  WAIT_UNTIL (f->dialog == NULL);
  /* Escape-like close of a fresh dialog also closes it. */
  present (f, isplic_group_dialog_new (f->client, ISPLIC_GROUP_ACTION_SUSPEND, licenses));
  gtk_window_close (GTK_WINDOW (f->dialog));
  WAIT_UNTIL (f->dialog == NULL);
  isplic_test_spin (100);
  g_assert_cmpuint (isplic_sim_get_requests (f->sim)->len, ==, 0);
  g_assert_cmpuint (f->n_succeeded, ==, 0);
}

static void
test_group_server_error (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(IsplicLicense) missing = isplic_license_new ("999999");
  g_autoptr(GPtrArray) licenses = g_ptr_array_new ();
  GtkLabel *error_label;

  isplic_license_set_name (missing, "ghost");
  g_ptr_array_add (licenses, missing);
  present (f, isplic_group_dialog_new (f->client, ISPLIC_GROUP_ACTION_SUSPEND, licenses));
  error_label = child (f, ISPLIC_TYPE_GROUP_DIALOG, "error_label");
  g_signal_emit_by_name (f->dialog, "response", "confirm");
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (f->dialog),
                                                           "confirm"));
  WAIT_UNTIL (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_nonnull (strstr (gtk_label_get_text (error_label), "999999"));
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (f->dialog),
                                                          "confirm"));
  g_assert_nonnull (f->dialog);
  g_assert_cmpuint (f->n_succeeded, ==, 0);
  g_assert_cmpuint (isplic_sim_count_requests (f->sim, "soft.suspend"), ==, 1);
}

/* Closing a dialog while a non-money request runs cancels it. */
static void
test_close_cancels (Fixture       *f,
                    gconstpointer  data)
{
  IsplicLicense *license = find_license (f, FALSE, 0);

  /* The server never answers; only cancelling lets the dialog (held by its request) go
   * before the client's 60 s timeout. */
  isplic_sim_set_fault (f->sim, "soft.edit", ISPLIC_SIM_FAULT_TIMEOUT);
  present (f, isplic_key_dialog_new (f->client, license));
  click (find_button (f->dialog, "_Regenerate Key"));
  WAIT_UNTIL (isplic_sim_count_requests (f->sim, "soft.edit") == 1);
  g_assert_true (gtk_widget_get_visible (child (f, ISPLIC_TYPE_KEY_DIALOG, "busy_box")));
  gtk_window_close (GTK_WINDOW (f->dialog));
  WAIT_UNTIL (f->dialog == NULL);
  g_assert_cmpuint (f->n_succeeded, ==, 0);
}

/* The same license twice in a group (twice the same id, even as different objects): one
 * request naming it once, and the texts count it once. */
static void
test_dedup (Fixture       *f,
            gconstpointer  data)
{
  IsplicLicense *a = find_license (f, FALSE, 0);
  IsplicLicense *b = find_license (f, FALSE, 1);
  g_autoptr(IsplicLicense) a_again = isplic_license_new (isplic_license_get_id (a));
  g_autoptr(GPtrArray) licenses = g_ptr_array_new ();
  g_autofree char *elid = g_strdup_printf ("%s, %s", isplic_license_get_id (a),
                                           isplic_license_get_id (b));
  g_autoptr(GDateTime) expected = g_date_time_add_months (isplic_license_get_expires (a),
                                                          common_period (a, b));
  g_autofree char *expected_text = isplic_date_format (expected);
  guint n_renewals = 0;

  isplic_license_update_from (a_again, a);
  g_ptr_array_add (licenses, a);
  g_ptr_array_add (licenses, b);
  g_ptr_array_add (licenses, a);
  g_ptr_array_add (licenses, a_again);

  present (f, isplic_renew_dialog_new (f->client, licenses));
  wait_renew_quote (f);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->dialog)), ==, "Renew 2 Licenses");
  click (child (f, ISPLIC_TYPE_RENEW_DIALOG, "renew_button"));
  WAIT_UNTIL (f->n_succeeded == 1);
  g_ptr_array_foreach (isplic_sim_get_requests (f->sim), count_renewals, &n_renewals);
  g_assert_cmpuint (n_renewals, ==, 1);
  g_assert_cmpstr (g_hash_table_lookup (last_request (f, "service.prolong")->params, "elid"), ==,
                   elid);
  g_assert_cmpstr (f->message, ==, "2 licenses renewed");
  g_assert_cmpuint (g_strv_length (f->ids), ==, 2);
  /* Renewed once, not three times. */
  g_assert_cmpstr (sim_string (f, isplic_license_get_id (a), "expiredate"), ==, expected_text);
  WAIT_UNTIL (f->dialog == NULL);

  g_ptr_array_set_size (licenses, 0);
  g_ptr_array_add (licenses, a);
  g_ptr_array_add (licenses, a_again);
  run_group (f, ISPLIC_GROUP_ACTION_SUSPEND, licenses, FALSE);
  g_assert_cmpstr (g_hash_table_lookup (last_request (f, "soft.suspend")->params, "elid"), ==,
                   isplic_license_get_id (a));
  g_assert_cmpuint (g_strv_length (f->ids), ==, 1);
}

/* ---- counts -------------------------------------------------------------------------- */

/* Counts in the dialogs' texts are grouped as the locale groups numbers ("1,997"). */
static void
test_group_counts (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) many = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *names = NULL;
  GtkWidget *dialog;

  for (guint i = 0; i < 1997; i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", 500000 + i);

      g_ptr_array_add (many, isplic_license_new (id));
    }

  names = isplic_dialog_format_names (many, 5);
  g_assert_true (g_str_has_suffix (names, " and 1,992 more"));

  dialog = g_object_ref_sink (isplic_group_dialog_new (f->client, ISPLIC_GROUP_ACTION_SUSPEND,
                                                       many));
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "Suspend 1,997 Licenses?");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);

  dialog = g_object_ref_sink (isplic_renew_dialog_new (f->client, many));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Renew 1,997 Licenses");
  /* Its price requests hold it (and the client) until they return. */
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);
  WAIT_UNTIL (dialog == NULL);
}

/* ---- titles -------------------------------------------------------------------------- */

/* Opens @dialog and checks its header: @title over the license's name, while the window's
 * own title (what a screen reader reads) keeps the whole sentence with the name. */
static void
expect_titles (Fixture    *f,
               GtkWidget  *dialog,
               GType       type,
               const char *title,
               const char *name)
{
  AdwWindowTitle *header;

  present (f, dialog);
  header = child (f, type, "window_title");
  g_assert_cmpstr (adw_window_title_get_title (header), ==, title);
  g_assert_cmpstr (adw_window_title_get_subtitle (header), ==, name);
  g_assert_nonnull (strstr (gtk_window_get_title (GTK_WINDOW (f->dialog)), name));
  close_dialog (f);
}

/* A long license name goes to the subtitle, so the title ("Edit License") is never cut. */
static void
test_titles (Fixture       *f,
             gconstpointer  data)
{
  const char *name = "customer-with-a-very-long-server-name-01.example.com";
  IsplicLicense *license = find_license (f, FALSE, 0);
  g_autoptr(GPtrArray) one = g_ptr_array_new ();

  isplic_license_set_name (license, name);
  g_ptr_array_add (one, license);
  expect_titles (f, isplic_edit_dialog_new (f->client, license), ISPLIC_TYPE_EDIT_DIALOG,
                 "Edit License", name);
  expect_titles (f, isplic_tariff_dialog_new (f->client, license), ISPLIC_TYPE_TARIFF_DIALOG,
                 "Change Tariff", name);
  expect_titles (f, isplic_nodes_dialog_new (f->client, license), ISPLIC_TYPE_NODES_DIALOG,
                 "Change Nodes", name);
  expect_titles (f, isplic_renew_dialog_new (f->client, one), ISPLIC_TYPE_RENEW_DIALOG,
                 "Renew License", name);
}

/* ---- focus on open ------------------------------------------------------------------- */

/* TRUE when the dialog's focus is @widget or inside it (an entry row focuses its text). */
static gboolean
focus_in (Fixture   *f,
          GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->dialog));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static const char *
focus_label (Fixture *f)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->dialog));

  return GTK_IS_BUTTON (focus) ? gtk_button_get_label (GTK_BUTTON (focus)) : NULL;
}

/* Opens @dialog and waits until the template child @name has the focus. */
static void
expect_focus_on (Fixture    *f,
                 GtkWidget  *dialog,
                 GType       type,
                 const char *name)
{
  if (type == ISPLIC_TYPE_CART_DIALOG)
    {
      /* Not an operation dialog: no "succeeded" signal. */
      f->dialog = dialog;
      g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &f->dialog);
      gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (f->parent));
      gtk_window_present (GTK_WINDOW (dialog));
    }
  else
    present (f, dialog);
  WAIT_UNTIL (gtk_widget_get_mapped (f->dialog));
  isplic_test_spin (50);
  if (!focus_in (f, child (f, type, name)))
    g_error ("%s opened with the focus on %s, not %s", G_OBJECT_TYPE_NAME (dialog),
             G_OBJECT_TYPE_NAME (gtk_root_get_focus (GTK_ROOT (f->dialog))), name);
  close_dialog (f);
}

/* Every dialog opens on its first field, or on its default action when it has none; never on
 * the Cancel button at the start of the header bar. */
static void
test_initial_focus (Fixture       *f,
                    gconstpointer  data)
{
  IsplicLicense *license = find_license (f, FALSE, 0);
  g_autoptr(GPtrArray) one = g_ptr_array_new ();

  g_ptr_array_add (one, license);
  expect_focus_on (f, isplic_order_dialog_new (f->client), ISPLIC_TYPE_ORDER_DIALOG,
                   "tariff_row");
  expect_focus_on (f, isplic_edit_dialog_new (f->client, license), ISPLIC_TYPE_EDIT_DIALOG,
                   "name_row");
  expect_focus_on (f, isplic_renew_dialog_new (f->client, one), ISPLIC_TYPE_RENEW_DIALOG,
                   "period_row");
  expect_focus_on (f, isplic_nodes_dialog_new (f->client, license), ISPLIC_TYPE_NODES_DIALOG,
                   "nodes_spin");
  expect_focus_on (f, isplic_cart_dialog_new (f->client), ISPLIC_TYPE_CART_DIALOG, "pay_row");

  /* The tariff dialog: the first tariff to choose. */
  present (f, isplic_tariff_dialog_new (f->client, license));
  WAIT_UNTIL (gtk_widget_get_mapped (f->dialog));
  isplic_test_spin (50);
  g_assert_true (GTK_IS_CHECK_BUTTON (gtk_root_get_focus (GTK_ROOT (f->dialog))));
  close_dialog (f);

  /* Confirmations have no field: their default response. Resuming is harmless, so that is
   * Resume; for suspend and delete it stays Cancel, so that Enter destroys nothing. */
  present (f, isplic_group_dialog_new (f->client, ISPLIC_GROUP_ACTION_RESUME, one));
  WAIT_UNTIL (gtk_widget_get_mapped (f->dialog));
  isplic_test_spin (50);
  g_assert_cmpstr (focus_label (f), ==, "_Resume");
  close_dialog (f);
  present (f, isplic_group_dialog_new (f->client, ISPLIC_GROUP_ACTION_DELETE, one));
  WAIT_UNTIL (gtk_widget_get_mapped (f->dialog));
  isplic_test_spin (50);
  g_assert_cmpstr (focus_label (f), ==, "_Cancel");
  close_dialog (f);
  present (f, isplic_key_dialog_new (f->client, license));
  WAIT_UNTIL (gtk_widget_get_mapped (f->dialog));
  isplic_test_spin (50);
  g_assert_cmpstr (focus_label (f), ==, "_Cancel");
  close_dialog (f);
}

/* ---- money (issue 8) ------------------------------------------------------------------ */

static char *
eur (gint64 cents)
{
  IsplicMoney money = { cents, g_intern_static_string ("EUR"), 0 };

  return isplic_money_format_amount (&money);
}

/* The quote shown is what the simulator charges: the balance drops by exactly that. */
static void
test_money_order_quote (Fixture       *f,
                        gconstpointer  data)
{
  GtkLabel *quote_label;
  GtkWidget *order_button;
  gint64 before = 100000;
  g_autofree char *total = eur (56000);   /* Business, a year, 3 nodes: 400 + 2 × 80 */
  g_autofree char *balance = eur (before);
  g_autofree char *expected = NULL;
  g_autofree char *button = NULL;

  isplic_sim_set_balance (f->sim, before);
  present (f, isplic_order_dialog_new (f->client));
  quote_label = child (f, ISPLIC_TYPE_ORDER_DIALOG, "quote_label");
  order_button = child (f, ISPLIC_TYPE_ORDER_DIALOG, "order_button");
  adw_combo_row_set_selected (child (f, ISPLIC_TYPE_ORDER_DIALOG, "tariff_row"), 5);
  adw_combo_row_set_selected (child (f, ISPLIC_TYPE_ORDER_DIALOG, "period_row"), 1);
  gtk_spin_button_set_value (child (f, ISPLIC_TYPE_ORDER_DIALOG, "nodes_spin"), 3);
  fill_order (f, "srv-priced", "198.51.100.78");
  wait_ip_ok (f);

  expected = g_strdup_printf ("Total: %s, charged now from your balance of %s", total, balance);
  WAIT_UNTIL (g_strcmp0 (gtk_label_get_text (quote_label), expected) == 0);
  /* The catalogue's prices beside the choices. */
  {
    IsplicMoney year = { 40000, g_intern_static_string ("EUR"), 12 };
    IsplicMoney node = { 8000, g_intern_static_string ("EUR"), 12 };
    g_autofree char *year_text = isplic_money_format (&year);
    g_autofree char *node_text = isplic_money_format (&node);

    WAIT_UNTIL (adw_action_row_get_subtitle (child (f, ISPLIC_TYPE_ORDER_DIALOG, "tariff_row"))
                != NULL
                && strstr (adw_action_row_get_subtitle (child (f, ISPLIC_TYPE_ORDER_DIALOG,
                                                               "tariff_row")), year_text));
    g_assert_nonnull (strstr (adw_action_row_get_subtitle (child (f, ISPLIC_TYPE_ORDER_DIALOG,
                                                                  "nodes_row")), node_text));
  }
  button = g_strdup_printf ("_Order for %s", total);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (order_button)), ==, button);
  g_assert_false (gtk_widget_get_visible (child (f, ISPLIC_TYPE_ORDER_DIALOG,
                                                 "money_warning_label")));
  g_assert_true (sensitive (order_button));

  click (order_button);
  WAIT_UNTIL (f->n_succeeded == 1);
  g_assert_cmpint (isplic_sim_get_balance (f->sim), ==, before - 56000);

  /* To the cart: nothing is charged, and the dialog says so. */
  g_clear_pointer (&expected, g_free);
  WAIT_UNTIL (f->dialog == NULL);
  present (f, isplic_order_dialog_new (f->client));
  quote_label = child (f, ISPLIC_TYPE_ORDER_DIALOG, "quote_label");
  order_button = child (f, ISPLIC_TYPE_ORDER_DIALOG, "order_button");
  gtk_switch_set_active (child (f, ISPLIC_TYPE_ORDER_DIALOG, "cart_switch"), TRUE);
  fill_order (f, "srv-carted", "198.51.100.79");
  wait_ip_ok (f);
  WAIT_UNTIL (strstr (gtk_label_get_text (quote_label), "added to the cart, not charged") != NULL);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (order_button)), ==, "Add to _Cart");
  click (order_button);
  WAIT_UNTIL (f->n_succeeded == 2);
  g_assert_cmpint (isplic_sim_get_balance (f->sim), ==, before - 56000);
}

/* A balance that does not cover the order: said before sending, and sent only when the person
 * confirms it. */
static void
test_money_order_short (Fixture       *f,
                        gconstpointer  data)
{
  GtkWidget *order_button;
  GtkWidget *warning;
  GtkCheckButton *confirm;

  isplic_sim_set_balance (f->sim, 1000);
  present (f, isplic_order_dialog_new (f->client));
  order_button = child (f, ISPLIC_TYPE_ORDER_DIALOG, "order_button");
  warning = child (f, ISPLIC_TYPE_ORDER_DIALOG, "money_warning_label");
  confirm = child (f, ISPLIC_TYPE_ORDER_DIALOG, "confirm_check");
  adw_combo_row_set_selected (child (f, ISPLIC_TYPE_ORDER_DIALOG, "tariff_row"), 3);
  adw_combo_row_set_selected (child (f, ISPLIC_TYPE_ORDER_DIALOG, "period_row"), 1);
  fill_order (f, "srv-short", "198.51.100.80");
  wait_ip_ok (f);
  WAIT_UNTIL (gtk_widget_get_visible (warning));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (warning)), "does not cover"));
  g_assert_true (gtk_widget_has_css_class (warning, "warning"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (confirm)));
  g_assert_false (sensitive (order_button));
  click (order_button);
  isplic_test_spin (200);
  g_assert_cmpuint (count_orders (f), ==, 0);

  /* The cart costs nothing now: no warning. */
  gtk_switch_set_active (child (f, ISPLIC_TYPE_ORDER_DIALOG, "cart_switch"), TRUE);
  wait_quote (f);
  WAIT_UNTIL (!gtk_widget_get_visible (warning));
  g_assert_true (sensitive (order_button));
  gtk_switch_set_active (child (f, ISPLIC_TYPE_ORDER_DIALOG, "cart_switch"), FALSE);
  wait_quote (f);
  WAIT_UNTIL (gtk_widget_get_visible (warning));

  /* Confirmed: sent, and the server's refusal is shown; nothing was charged. */
  gtk_check_button_set_active (confirm, TRUE);
  g_assert_true (sensitive (order_button));
  click (order_button);
  WAIT_UNTIL (gtk_widget_get_visible (child (f, ISPLIC_TYPE_ORDER_DIALOG, "error_label")));
  g_assert_nonnull (strstr (gtk_label_get_text (child (f, ISPLIC_TYPE_ORDER_DIALOG,
                                                       "error_label")),
                            "insufficient funds"));
  g_assert_cmpuint (count_orders (f), ==, 1);
  g_assert_cmpint (isplic_sim_get_balance (f->sim), ==, 1000);
}

/* Without a balance from the server the total still shows, and ordering works as before. */
static void
test_money_order_no_balance (Fixture       *f,
                             gconstpointer  data)
{
  GtkLabel *quote_label;
  g_autofree char *expected = NULL;
  g_autofree char *total = eur (10000);

  isplic_sim_set_function_enabled (f->sim, "dashboard.info", FALSE);
  isplic_sim_set_function_enabled (f->sim, "notify", FALSE);
  isplic_sim_set_function_enabled (f->sim, "pricelist.export", FALSE);
  present (f, isplic_order_dialog_new (f->client));
  quote_label = child (f, ISPLIC_TYPE_ORDER_DIALOG, "quote_label");
  adw_combo_row_set_selected (child (f, ISPLIC_TYPE_ORDER_DIALOG, "tariff_row"), 3);
  adw_combo_row_set_selected (child (f, ISPLIC_TYPE_ORDER_DIALOG, "period_row"), 1);
  fill_order (f, "srv-nobalance", "198.51.100.81");
  wait_ip_ok (f);
  expected = g_strdup_printf ("Total: %s, charged now", total);
  WAIT_UNTIL (g_strcmp0 (gtk_label_get_text (quote_label), expected) == 0);
  /* No catalogue: no prices beside the choices. */
  {
    const char *subtitle = adw_action_row_get_subtitle (child (f, ISPLIC_TYPE_ORDER_DIALOG,
                                                               "tariff_row"));

    g_assert_true (subtitle == NULL || *subtitle == '\0');
  }
  click (child (f, ISPLIC_TYPE_ORDER_DIALOG, "order_button"));
  WAIT_UNTIL (f->n_succeeded == 1);
  g_assert_cmpuint (count_orders (f), ==, 1);
}

static void
renew_quote_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  IsplicRenewalQuote **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = isplic_client_renew_quote_finish (ISPLIC_CLIENT (source), result, &error);
  g_assert_no_error (error);
}

/* The renewal of a group: one quote, its total on screen, and the balance drops by exactly
 * that total. */
static void
test_money_renew (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) licenses = g_ptr_array_new ();
  g_autoptr(IsplicRenewalQuote) quote = NULL;
  const char *ids[3];
  gint64 before = 100000;
  g_autofree char *balance = eur (before);
  g_autofree char *total = NULL;
  g_autofree char *expected = NULL;
  GtkLabel *quote_label;

  isplic_sim_set_balance (f->sim, before);
  g_ptr_array_add (licenses, find_license (f, FALSE, 0));
  g_ptr_array_add (licenses, find_license (f, FALSE, 1));
  ids[0] = isplic_license_get_id (g_ptr_array_index (licenses, 0));
  ids[1] = isplic_license_get_id (g_ptr_array_index (licenses, 1));
  ids[2] = NULL;
  isplic_client_renew_quote_async (f->client, ids, 12, NULL, renew_quote_cb, &quote);
  WAIT_UNTIL (quote != NULL);
  g_assert_nonnull (quote->total);
  g_assert_cmpint (quote->total->amount, >, 0);
  total = isplic_money_format_amount (quote->total);

  present (f, isplic_renew_dialog_new (f->client, licenses));
  quote_label = child (f, ISPLIC_TYPE_RENEW_DIALOG, "quote_label");
  adw_combo_row_set_selected (child (f, ISPLIC_TYPE_RENEW_DIALOG, "period_row"), 1);
  expected = g_strdup_printf ("Total: %s, charged now from your balance of %s", total, balance);
  WAIT_UNTIL (g_strcmp0 (gtk_label_get_text (quote_label), expected) == 0);
  g_assert_false (gtk_widget_get_visible (child (f, ISPLIC_TYPE_RENEW_DIALOG,
                                                 "money_warning_label")));
  WAIT_UNTIL (sensitive (child (f, ISPLIC_TYPE_RENEW_DIALOG, "renew_button")));
  click (child (f, ISPLIC_TYPE_RENEW_DIALOG, "renew_button"));
  WAIT_UNTIL (f->n_succeeded == 1);
  g_assert_cmpint (isplic_sim_get_balance (f->sim), ==, before - quote->total->amount);
}

/* A renewal the balance does not cover: a warning and a confirmation before it is sent. Without
 * a balance from the server the total still shows and renewing works. */
static void
test_money_renew_short (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) licenses = g_ptr_array_new ();
  GtkWidget *renew_button;
  GtkWidget *warning;
  GtkCheckButton *confirm;
  guint n_renewals = 0;

  isplic_sim_set_balance (f->sim, 100);
  g_ptr_array_add (licenses, find_license (f, FALSE, 2));
  present (f, isplic_renew_dialog_new (f->client, licenses));
  renew_button = child (f, ISPLIC_TYPE_RENEW_DIALOG, "renew_button");
  warning = child (f, ISPLIC_TYPE_RENEW_DIALOG, "money_warning_label");
  confirm = child (f, ISPLIC_TYPE_RENEW_DIALOG, "money_confirm_check");
  WAIT_UNTIL (gtk_widget_get_visible (warning));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (warning)), "does not cover"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (confirm)));
  g_assert_false (sensitive (renew_button));
  click (renew_button);
  isplic_test_spin (200);
  g_ptr_array_foreach (isplic_sim_get_requests (f->sim), count_renewals, &n_renewals);
  g_assert_cmpuint (n_renewals, ==, 0);
  gtk_check_button_set_active (confirm, TRUE);
  g_assert_true (sensitive (renew_button));
  gtk_window_destroy (GTK_WINDOW (f->dialog));
  WAIT_UNTIL (f->dialog == NULL);

  /* No balance: the total alone, and the renewal goes through. */
  isplic_sim_set_balance (f->sim, 100000);
  isplic_sim_set_function_enabled (f->sim, "dashboard.info", FALSE);
  isplic_sim_set_function_enabled (f->sim, "notify", FALSE);
  present (f, isplic_renew_dialog_new (f->client, licenses));
  wait_renew_quote (f);
  WAIT_UNTIL (g_str_has_suffix (gtk_label_get_text (child (f, ISPLIC_TYPE_RENEW_DIALOG,
                                                           "quote_label")), ", charged now"));
  click (child (f, ISPLIC_TYPE_RENEW_DIALOG, "renew_button"));
  WAIT_UNTIL (f->n_succeeded == 1);
}

static void
tariff_quote_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  IsplicTariffQuote **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = isplic_client_change_tariff_quote_finish (ISPLIC_CLIENT (source), result, &error);
  g_assert_no_error (error);
}

/* A paid license on a cheaper tariff than @target_id, active. */
static IsplicLicense *
find_cheaper_license (Fixture    *f,
                      const char *target_id)
{
  for (guint i = 0; i < f->licenses->len; i++)
    {
      IsplicLicense *license = g_ptr_array_index (f->licenses, i);
      const char *tariff = isplic_license_get_tariff_id (license);

      if (isplic_license_get_status (license) == ISPLIC_LICENSE_STATUS_ACTIVE
          && isplic_license_get_expires (license) != NULL
          && (g_strcmp0 (tariff, "55227") == 0 || g_strcmp0 (tariff, "55228") == 0)
          && g_strcmp0 (tariff, target_id) != 0)
        return license;
    }
  g_error ("no Lite or Pro license in the generated state");
  return NULL;
}

static guint
choice_index (Fixture    *f,
              const char *name)
{
  g_autoptr(GPtrArray) checks = tariff_choices (f);

  for (guint i = 0; i < checks->len; i++)
    {
      GtkWidget *row = gtk_widget_get_ancestor (g_ptr_array_index (checks, i),
                                                ADW_TYPE_ACTION_ROW);

      if (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), name) == 0)
        return i;
    }
  g_error ("no choice %s", name);
  return 0;
}

/* An upgrade: the old and new price, the charge now; confirmed by paying (getmoney), and the
 * balance drops by exactly the charge shown. */
static void
test_money_tariff (Fixture       *f,
                   gconstpointer  data)
{
  const IsplicTariff *business = isplic_tariff_lookup ("55230");
  IsplicLicense *license = find_cheaper_license (f, business->id);
  const char *id = isplic_license_get_id (license);
  g_autoptr(IsplicTariffQuote) quote = NULL;
  g_autofree char *charge = NULL;
  gint64 before = 1000000;
  const char *shown;

  isplic_client_change_tariff_quote_async (f->client, id, business->id, 0, NULL, tariff_quote_cb,
                                           &quote);
  WAIT_UNTIL (quote != NULL);
  g_assert_nonnull (quote->charge);
  g_assert_cmpint (quote->charge->amount, >, 0);
  charge = isplic_money_format_amount (quote->charge);
  isplic_sim_clear_requests (f->sim);

  present (f, isplic_tariff_dialog_new (f->client, license));
  choose_tariff (f, choice_index (f, "Business"));
  WAIT_UNTIL (gtk_widget_get_visible (child (f, ISPLIC_TYPE_TARIFF_DIALOG, "quote_group")));
  shown = adw_action_row_get_subtitle (child (f, ISPLIC_TYPE_TARIFF_DIALOG, "charge_row"));
  g_assert_true (g_str_has_prefix (shown, charge));
  g_assert_nonnull (adw_action_row_get_subtitle (child (f, ISPLIC_TYPE_TARIFF_DIALOG,
                                                        "new_price_row")));
  WAIT_UNTIL (strstr (adw_action_row_get_subtitle (child (f, ISPLIC_TYPE_TARIFF_DIALOG,
                                                           "charge_row")), "from your balance")
              != NULL);
  click (child (f, ISPLIC_TYPE_TARIFF_DIALOG, "change_button"));
  WAIT_UNTIL (f->n_succeeded == 1);
  g_assert_cmpuint (isplic_sim_count_requests (f->sim, "service.changepricelist.getmoney"), ==, 1);
  g_assert_cmpuint (isplic_sim_count_requests (f->sim, "service.changepricelist"), ==, 0);
  g_assert_cmpint (isplic_sim_get_balance (f->sim), ==, before - quote->charge->amount);
  g_assert_cmpstr (sim_string (f, id, "pricelist"), ==, business->id);
}

/* Not enough money: a warning and a confirmation. Without quotes and prices from the server the
 * change still works, by the plain call. */
static void
test_money_tariff_short_and_hidden (Fixture       *f,
                                    gconstpointer  data)
{
  const IsplicTariff *business = isplic_tariff_lookup ("55230");
  IsplicLicense *license = find_cheaper_license (f, business->id);
  const char *id = isplic_license_get_id (license);
  GtkWidget *change_button;
  GtkCheckButton *confirm;

  isplic_sim_set_balance (f->sim, 100);
  present (f, isplic_tariff_dialog_new (f->client, license));
  change_button = child (f, ISPLIC_TYPE_TARIFF_DIALOG, "change_button");
  confirm = child (f, ISPLIC_TYPE_TARIFF_DIALOG, "money_confirm_check");
  choose_tariff (f, choice_index (f, "Business"));
  WAIT_UNTIL (gtk_widget_get_visible (child (f, ISPLIC_TYPE_TARIFF_DIALOG,
                                             "money_warning_label")));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (confirm)));
  g_assert_false (sensitive (change_button));
  gtk_check_button_set_active (confirm, TRUE);
  g_assert_true (sensitive (change_button));
  gtk_window_destroy (GTK_WINDOW (f->dialog));
  WAIT_UNTIL (f->dialog == NULL);

  isplic_sim_set_function_enabled (f->sim, "service.changepricelist.pricelist", FALSE);
  isplic_sim_set_function_enabled (f->sim, "pricelist.export", FALSE);
  isplic_sim_set_balance (f->sim, 1000000);
  present (f, isplic_tariff_dialog_new (f->client, license));
  choose_tariff (f, choice_index (f, "Business"));
  isplic_test_spin (200);
  g_assert_false (gtk_widget_get_visible (child (f, ISPLIC_TYPE_TARIFF_DIALOG, "quote_group")));
  g_assert_false (gtk_widget_get_visible (child (f, ISPLIC_TYPE_TARIFF_DIALOG, "quote_label")));
  click (child (f, ISPLIC_TYPE_TARIFF_DIALOG, "change_button"));
  WAIT_UNTIL (f->n_succeeded == 1);
  g_assert_cmpuint (isplic_sim_count_requests (f->sim, "service.changepricelist"), ==, 1);
  g_assert_cmpstr (sim_string (f, id, "pricelist"), ==, business->id);
}

/* To Business with nodes: the nodes row appears only for Business, starts at the license's
 * count, and a new count asks the quote again; the quote on screen is what the balance loses and
 * the license gets that many nodes. */
static void
test_money_tariff_nodes (Fixture       *f,
                         gconstpointer  data)
{
  const IsplicTariff *business = isplic_tariff_lookup ("55230");
  IsplicLicense *license = find_cheaper_license (f, business->id);
  const char *id = isplic_license_get_id (license);
  g_autoptr(IsplicTariffQuote) one = NULL;
  g_autoptr(IsplicTariffQuote) three = NULL;
  g_autofree char *charge_one = NULL;
  g_autofree char *charge_three = NULL;
  GtkWidget *nodes_group;
  GtkSpinButton *spin;
  gint64 before = 1000000;
  const IsplicTariff *host = isplic_tariff_lookup ("55229");
  g_autofree char *host_short = isplic_tariff_short_name (host, NULL);
  g_autofree char *business_short = isplic_tariff_short_name (business, NULL);

  isplic_client_change_tariff_quote_async (f->client, id, business->id, 1, NULL, tariff_quote_cb,
                                           &one);
  isplic_client_change_tariff_quote_async (f->client, id, business->id, 3, NULL, tariff_quote_cb,
                                           &three);
  WAIT_UNTIL (one != NULL && three != NULL);
  g_assert_cmpint (three->charge->amount, >, one->charge->amount);
  charge_one = isplic_money_format_amount (one->charge);
  charge_three = isplic_money_format_amount (three->charge);
  isplic_sim_clear_requests (f->sim);

  present (f, isplic_tariff_dialog_new (f->client, license));
  nodes_group = child (f, ISPLIC_TYPE_TARIFF_DIALOG, "nodes_group");
  spin = child (f, ISPLIC_TYPE_TARIFF_DIALOG, "nodes_spin");
  g_assert_false (gtk_widget_get_visible (nodes_group));
  /* The choices are titled with the short names ("Host", "Business"). */
  choose_tariff (f, choice_index (f, host_short));
  g_assert_false (gtk_widget_get_visible (nodes_group));
  choose_tariff (f, choice_index (f, business_short));
  g_assert_true (gtk_widget_get_visible (nodes_group));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==,
                   MAX (isplic_license_get_nodes (license), 1));
  WAIT_UNTIL (gtk_widget_get_visible (child (f, ISPLIC_TYPE_TARIFF_DIALOG, "quote_group"))
              && g_str_has_prefix (adw_action_row_get_subtitle (
                                     child (f, ISPLIC_TYPE_TARIFF_DIALOG, "charge_row")),
                                   charge_one));

  gtk_spin_button_set_value (spin, 3);
  /* Asked again: the button waits for the new price. */
  g_assert_false (sensitive (child (f, ISPLIC_TYPE_TARIFF_DIALOG, "change_button")));
  WAIT_UNTIL (gtk_widget_get_visible (child (f, ISPLIC_TYPE_TARIFF_DIALOG, "quote_group"))
              && g_str_has_prefix (adw_action_row_get_subtitle (
                                     child (f, ISPLIC_TYPE_TARIFF_DIALOG, "charge_row")),
                                   charge_three));
  WAIT_UNTIL (sensitive (child (f, ISPLIC_TYPE_TARIFF_DIALOG, "change_button")));
  click (child (f, ISPLIC_TYPE_TARIFF_DIALOG, "change_button"));
  WAIT_UNTIL (f->n_succeeded == 1);
  g_assert_cmpuint (isplic_sim_count_requests (f->sim, "service.changepricelist.getmoney"), ==, 1);
  g_assert_cmpint (isplic_sim_get_balance (f->sim), ==, before - three->charge->amount);
  g_assert_cmpstr (sim_string (f, id, "pricelist"), ==, business->id);
  g_assert_cmpint (sim_int (f, id, "nodes"), ==, 3);
}

static void
nodes_quote_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  IsplicQuote **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = isplic_client_nodes_quote_finish (ISPLIC_CLIENT (source), result, &error);
  g_assert_no_error (error);
}

/* More nodes for a Business license: the quote on screen is what the balance loses. */
static void
test_money_nodes (Fixture       *f,
                  gconstpointer  data)
{
  IsplicLicense *license = NULL;
  g_autoptr(IsplicQuote) quote = NULL;
  g_autofree char *total = NULL;
  g_autofree char *balance = NULL;
  g_autofree char *expected = NULL;
  GtkWidget *apply;
  guint nodes;
  gint64 before = 1000000;

  for (guint i = 0; i < f->licenses->len && license == NULL; i++)
    {
      IsplicLicense *l = g_ptr_array_index (f->licenses, i);

      if (g_strcmp0 (isplic_license_get_tariff_id (l), "55230") == 0
          && isplic_license_get_status (l) == ISPLIC_LICENSE_STATUS_ACTIVE)
        license = l;
    }
  if (license == NULL)
    {
      g_test_skip ("no active Business license in the generated state");
      return;
    }
  nodes = (guint) MAX (isplic_license_get_nodes (license), 1) + 2;
  isplic_client_nodes_quote_async (f->client, isplic_license_get_id (license), nodes, NULL,
                                   nodes_quote_cb, &quote);
  WAIT_UNTIL (quote != NULL);
  g_assert_nonnull (quote->total);
  g_assert_cmpint (quote->total->amount, >, 0);
  total = isplic_money_format_amount (quote->total);
  balance = eur (before);

  present (f, isplic_nodes_dialog_new (f->client, license));
  apply = child (f, ISPLIC_TYPE_NODES_DIALOG, "apply_button");
  /* The count it has: nothing to apply, nothing asked. */
  g_assert_false (sensitive (apply));
  gtk_spin_button_set_value (child (f, ISPLIC_TYPE_NODES_DIALOG, "nodes_spin"), nodes);
  expected = g_strdup_printf ("Total: %s, charged now from your balance of %s", total, balance);
  WAIT_UNTIL (g_strcmp0 (gtk_label_get_text (child (f, ISPLIC_TYPE_NODES_DIALOG, "quote_label")),
                         expected) == 0);
  WAIT_UNTIL (sensitive (apply));
  click (apply);
  WAIT_UNTIL (f->n_succeeded == 1);
  g_assert_cmpint (isplic_sim_get_balance (f->sim), ==, before - quote->total->amount);
  g_assert_cmpint (sim_int (f, isplic_license_get_id (license), "nodes"), ==, nodes);
}

static void
status_said_unknown_cb (GtkLabel   *label,
                        GParamSpec *pspec,
                        gboolean   *said)
{
  const char *text = gtk_label_get_text (label);

  if (strstr (text, "may or may not have gone through") != NULL
      && strstr (text, "Checking with the server") != NULL)
    *said = TRUE;
}

/* The charge alone is lost (soft.edit=timeout-after,sok-only): the quote shows, then the dialog
 * says the outcome is unknown, reads the license and finds the change made — sent once, and the
 * balance dropped by exactly the quote. */
static void
test_money_nodes_charge_lost (Fixture       *f,
                              gconstpointer  data)
{
  IsplicLicense *license = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(IsplicQuote) quote = NULL;
  g_autofree char *total = NULL;
  GPtrArray *requests;
  GtkLabel *status_label;
  GtkLabel *quote_label;
  gboolean said_unknown = FALSE;
  guint nodes;
  guint n_sent = 0;
  gint64 before = 1000000;

  for (guint i = 0; i < f->licenses->len && license == NULL; i++)
    {
      IsplicLicense *l = g_ptr_array_index (f->licenses, i);

      if (g_strcmp0 (isplic_license_get_tariff_id (l), "55230") == 0
          && isplic_license_get_status (l) == ISPLIC_LICENSE_STATUS_ACTIVE)
        license = l;
    }
  if (license == NULL)
    {
      g_test_skip ("no active Business license in the generated state");
      return;
    }
  nodes = (guint) MAX (isplic_license_get_nodes (license), 1) + 1;
  isplic_client_set_timeout (f->client, 1);
  g_assert_true (isplic_sim_parse_fault (f->sim, "soft.edit=timeout-after,sok-only", &error));
  g_assert_no_error (error);
  isplic_client_nodes_quote_async (f->client, isplic_license_get_id (license), nodes, NULL,
                                   nodes_quote_cb, &quote);
  WAIT_UNTIL (quote != NULL);
  g_assert_nonnull (quote->total);
  total = isplic_money_format_amount (quote->total);
  isplic_sim_clear_requests (f->sim);

  present (f, isplic_nodes_dialog_new (f->client, license));
  quote_label = child (f, ISPLIC_TYPE_NODES_DIALOG, "quote_label");
  status_label = child (f, ISPLIC_TYPE_NODES_DIALOG, "status_label");
  /* The check's status may last less than one turn of the main loop: every text it shows. */
  g_signal_connect (status_label, "notify::label", G_CALLBACK (status_said_unknown_cb),
                    &said_unknown);
  gtk_spin_button_set_value (child (f, ISPLIC_TYPE_NODES_DIALOG, "nodes_spin"), nodes);
  WAIT_UNTIL (g_str_has_prefix (gtk_label_get_text (quote_label), "Total: ")
              && strstr (gtk_label_get_text (quote_label), total) != NULL);
  WAIT_UNTIL (sensitive (child (f, ISPLIC_TYPE_NODES_DIALOG, "apply_button")));
  click (child (f, ISPLIC_TYPE_NODES_DIALOG, "apply_button"));
  WAIT_UNTIL (f->n_succeeded == 1);
  g_assert_true (said_unknown);
  g_assert_cmpint (sim_int (f, isplic_license_get_id (license), "nodes"), ==, nodes);
  g_assert_cmpint (before - isplic_sim_get_balance (f->sim), ==, quote->total->amount);
  requests = isplic_sim_get_requests (f->sim);
  for (guint i = 0; i < requests->len; i++)
    {
      IsplicSimRequest *request = g_ptr_array_index (requests, i);

      if (g_strcmp0 (request->func, "soft.edit") == 0
          && g_hash_table_contains (request->params, "sok"))
        n_sent++;
    }
  g_assert_cmpuint (n_sent, ==, 1);
}

/* The renewal period starts as the licenses' own: a year for yearly ones, a month when they
 * differ. */
static void
test_renew_own_period (Fixture       *f,
                       gconstpointer  data)
{
  IsplicLicense *yearly = NULL, *monthly = NULL;
  g_autoptr(GPtrArray) licenses = g_ptr_array_new ();

  for (guint i = 0; i < f->licenses->len; i++)
    {
      IsplicLicense *l = g_ptr_array_index (f->licenses, i);

      if (isplic_license_get_period (l) == ISPLIC_TRIAL_PERIOD
          || isplic_license_get_expires (l) == NULL)
        continue;
      if (isplic_license_get_period (l) == 12 && yearly == NULL)
        yearly = l;
      else if (isplic_license_get_period (l) == 1 && monthly == NULL)
        monthly = l;
    }
  if (yearly == NULL || monthly == NULL)
    {
      g_test_skip ("the generated state lacks a monthly or a yearly license");
      return;
    }

  g_ptr_array_add (licenses, yearly);
  present (f, isplic_renew_dialog_new (f->client, licenses));
  g_assert_cmpuint (adw_combo_row_get_selected (child (f, ISPLIC_TYPE_RENEW_DIALOG,
                                                       "period_row")), ==, 1);
  wait_renew_quote (f);
  gtk_window_destroy (GTK_WINDOW (f->dialog));
  WAIT_UNTIL (f->dialog == NULL);

  g_ptr_array_add (licenses, monthly);
  present (f, isplic_renew_dialog_new (f->client, licenses));
  g_assert_cmpuint (adw_combo_row_get_selected (child (f, ISPLIC_TYPE_RENEW_DIALOG,
                                                       "period_row")), ==, 0);
  wait_renew_quote (f);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  adw_init ();
  /* The dialogs now open with the focus in an entry; without a window manager the entry's
   * cursor-blink timer can fire after the window lost its focus and GtkText warns ("did not
   * receive a focus-out event"), which the fatal warnings turn into a crash. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE,
                "gtk-cursor-blink", FALSE, NULL);
  isplic_test_tick_add ();  /* keeps the main context waking while a test waits */

#define ADD(path, func) \
  g_test_add ("/dialogs/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("order/validation", test_order_validation);
  ADD ("money/order-quote", test_money_order_quote);
  ADD ("money/order-short", test_money_order_short);
  ADD ("money/order-no-balance", test_money_order_no_balance);
  ADD ("money/renew", test_money_renew);
  ADD ("money/renew-short", test_money_renew_short);
  ADD ("money/tariff", test_money_tariff);
  ADD ("money/tariff-short-and-hidden", test_money_tariff_short_and_hidden);
  ADD ("money/nodes", test_money_nodes);
  ADD ("money/tariff-nodes", test_money_tariff_nodes);
  ADD ("money/nodes-charge-lost", test_money_nodes_charge_lost);
  ADD ("renew/own-period", test_renew_own_period);
  ADD ("renew/hostile", test_renew_hostile);
  ADD ("order/success", test_order_success);
  ADD ("order/business-cart", test_order_business_cart);
  ADD ("order/server-error", test_order_server_error);
  ADD ("order/waits-for-check", test_order_waits_for_check);
  ADD ("order/check-failed", test_order_check_failed);
  ADD ("order/name-check", test_order_name_check);
  ADD ("order/outcome-unknown-placed", test_order_outcome_unknown_placed);
  ADD ("order/outcome-unknown-lost", test_order_outcome_unknown_lost);
  ADD ("order/outcome-unknown-unreachable", test_order_outcome_unknown_unreachable);
  ADD ("renew/one", test_renew_one);
  ADD ("renew/many", test_renew_many);
  ADD ("renew/trial", test_renew_trial);
  ADD ("renew/earlier-one", test_renew_earlier_one);
  ADD ("renew/earlier-group", test_renew_earlier_group);
  ADD ("renew/outcome-unknown", test_renew_outcome_unknown);
  ADD ("renew/http500", test_renew_http500);
  ADD ("tariff-order/http500", test_tariff_order_http500);
  ADD ("edit/name-only", test_edit);
  ADD ("edit/server-error", test_edit_server_error);
  ADD ("edit/name-check", test_edit_name_check);
  ADD ("edit/ip-check", test_edit_ip_check);
  ADD ("edit/ip-unknown-tariff", test_edit_ip_unknown_tariff);
  ADD ("tariff/change", test_tariff);
  ADD ("tariff/outcome-unknown", test_tariff_outcome_unknown);
  ADD ("key/regenerate", test_key);
  ADD ("key/close-cancels", test_close_cancels);
  ADD ("key/server-error", test_key_server_error);
  ADD ("key/bidi", test_key_bidi);
  ADD ("key/cancel", test_key_cancel);
  ADD ("group/suspend-resume-delete", test_group);
  ADD ("group/texts-and-cancel", test_group_texts_and_cancel);
  ADD ("group/server-error", test_group_server_error);
  ADD ("group/dedup", test_dedup);
  ADD ("focus/on-open", test_initial_focus);
  ADD ("counts/grouped", test_group_counts);
  ADD ("titles/subtitle", test_titles);
#undef ADD

  return g_test_run ();
}
