/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The order dialog offers a suspended, paid license of the chosen tariff instead of buying one:
 * reusing it gives it the form's IP address and name and resumes it, with nothing charged and no
 * order placed; when its IP changed less than a month ago the offer says when it may change and
 * cannot be taken.
 */
#include "config.h"

#include <string.h>

#include "dialogs-fixture.h"

#define LITE_INDEX 2  /* Trial, Business Trial, Lite, Pro, Host, Business */

static char *
order_and_suspend (Fixture    *f,
                   const char *name,
                   const char *ip)
{
  IsplicOrderParams params = { .tariff_id = "55227", .period = 12, .name = name, .ip = ip };
  IsplicTestResult r = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *id = NULL;
  const char *ids[2] = { NULL, NULL };

  isplic_client_order_async (f->client, &params, NULL, isplic_test_result_cb, &r);
  result = isplic_test_wait_result (&r);
  g_assert_true (isplic_client_order_finish (f->client, result, &id, NULL, &error));
  g_clear_object (&result);
  memset (&r, 0, sizeof r);
  ids[0] = id;
  isplic_client_suspend_async (f->client, ids, NULL, isplic_test_result_cb, &r);
  result = isplic_test_wait_result (&r);
  g_assert_true (isplic_client_suspend_finish (f->client, result, &error));
  return id;
}

static GListModel *
licenses_model (Fixture *f)
{
  GListStore *store = g_list_store_new (ISPLIC_TYPE_LICENSE);

  refresh_licenses (f);
  g_list_store_splice (store, 0, 0, f->licenses->pdata, f->licenses->len);
  return G_LIST_MODEL (store);
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* (transfer none) */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static void
test_reuse (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *id = order_and_suspend (f, "pool-1", "198.51.100.210");
  g_autoptr(GListModel) licenses = licenses_model (f);
  gint64 balance = isplic_sim_get_balance (f->sim);
  guint orders;
  GtkWidget *group, *button;
  AdwActionRow *row;
  AdwMessageDialog *confirm;

  present (f, isplic_order_dialog_new (f->client));
  isplic_order_dialog_set_licenses (ISPLIC_ORDER_DIALOG (f->dialog), licenses);
  group = child (f, ISPLIC_TYPE_ORDER_DIALOG, "reuse_group");
  row = child (f, ISPLIC_TYPE_ORDER_DIALOG, "reuse_row");
  button = child (f, ISPLIC_TYPE_ORDER_DIALOG, "reuse_button");
  adw_combo_row_set_selected (child (f, ISPLIC_TYPE_ORDER_DIALOG, "tariff_row"), LITE_INDEX);

  /* Offered, with when it is paid until, and takeable now. */
  WAIT_UNTIL (gtk_widget_get_visible (group) && sensitive (button));
  g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "pool-1"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), "paid until"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), "nothing is charged"));

  /* Without a name and IP the offer asks for them first; nothing is sent. */
  click (button);
  isplic_test_spin (50);
  g_assert_null (find_message_dialog ());

  fill_order (f, "web-reused", "203.0.113.55");
  click (button);
  WAIT_UNTIL ((confirm = find_message_dialog ()) != NULL);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (confirm), "203.0.113.55"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (confirm), "Nothing is charged"));
  orders = count_orders (f);
  adw_message_dialog_response (confirm, "reuse");

  WAIT_UNTIL (f->n_succeeded == 1);
  g_assert_cmpstr (f->ids[0], ==, id);
  g_assert_nonnull (strstr (f->message, "reused"));
  g_assert_cmpstr (sim_string (f, id, "ip"), ==, "203.0.113.55");
  g_assert_cmpstr (sim_string (f, id, "licname"), ==, "web-reused");
  g_assert_cmpint (sim_int (f, id, "status"), ==, ISPLIC_LICENSE_STATUS_ACTIVE);
  g_assert_cmpint (isplic_sim_get_balance (f->sim), ==, balance);
  g_assert_cmpuint (count_orders (f), ==, orders);
  WAIT_UNTIL (f->dialog == NULL);
}

/* Its IP changed today: the offer says when it may change next, and cannot be taken. */
static void
test_reuse_ip_rule (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *id = order_and_suspend (f, "pool-2", "198.51.100.211");
  g_autoptr(GListModel) licenses = NULL;
  IsplicTestResult r = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  AdwActionRow *row;

  /* Reused once already (today), then suspended again. */
  isplic_client_reuse_async (f->client, id, "203.0.113.56", "web-56", NULL,
                             isplic_test_result_cb, &r);
  result = isplic_test_wait_result (&r);
  g_assert_true (isplic_client_reuse_finish (f->client, result, &error));
  g_clear_object (&result);
  memset (&r, 0, sizeof r);
  isplic_client_suspend_async (f->client, (const char *[]) { id, NULL }, NULL,
                               isplic_test_result_cb, &r);
  result = isplic_test_wait_result (&r);
  g_assert_true (isplic_client_suspend_finish (f->client, result, &error));
  licenses = licenses_model (f);

  present (f, isplic_order_dialog_new (f->client));
  isplic_order_dialog_set_licenses (ISPLIC_ORDER_DIALOG (f->dialog), licenses);
  row = child (f, ISPLIC_TYPE_ORDER_DIALOG, "reuse_row");
  adw_combo_row_set_selected (child (f, ISPLIC_TYPE_ORDER_DIALOG, "tariff_row"), LITE_INDEX);
  /* The one paid the longest is offered: ours, just ordered for a year. */
  WAIT_UNTIL (gtk_widget_get_visible (child (f, ISPLIC_TYPE_ORDER_DIALOG, "reuse_group")));
  g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "web-56"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), "the next change is possible on"));
  g_assert_false (sensitive (child (f, ISPLIC_TYPE_ORDER_DIALOG, "reuse_button")));
  close_dialog (f);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE,
                "gtk-cursor-blink", FALSE, NULL);
  isplic_test_tick_add ();

  g_test_add ("/dialogs/order/reuse", Fixture, NULL, fixture_setup, test_reuse,
              fixture_teardown);
  g_test_add ("/dialogs/order/reuse-ip-rule", Fixture, NULL, fixture_setup, test_reuse_ip_rule,
              fixture_teardown);
  return g_test_run ();
}
