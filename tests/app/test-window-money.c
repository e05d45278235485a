/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window's money (issue 8): the balance in the footer, its warning, the cart indicator and
 * the cart dialog, against an in-process simulator on loopback. */
#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "app-window-fixture.h"
#include "isplic-dialogs.h"
#include "isplic-license-format.h"
#include "isplic-money-util-private.h"

#define N_LICENSES 48
#define SEED 42

typedef AppWindowFixture Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  app_fixture_setup (f, N_LICENSES, SEED,
                     APP_RESET_SIGN_IN | APP_RESET_EXPIRY_WARNING | APP_SIM_NO_KEY_DELAY);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  app_window_close (&f->win);
  app_reset_settings (APP_RESET_EXPIRY_WARNING);
  app_sim_finish (f->sim);
  g_free (f->url);
}

/* "Balance: 500.00 EUR" as the window must show @cents, in this locale's format. */
static char *
balance_text (gint64 cents)
{
  IsplicMoney money = { cents, g_intern_static_string ("EUR"), 0 };
  g_autofree char *amount = isplic_money_format_amount (&money);

  return g_strdup_printf ("Balance: %s", amount);
}

static void
refresh (Fixture *f)
{
  isplic_window_refresh (f->win);
  WAIT_FOR (!isplic_license_list_get_loading (f->win->licenses));
}

static void
test_balance (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *expected = NULL;
  g_autofree char *expected2 = NULL;

  isplic_sim_set_balance (f->sim, 123456);
  app_sign_in (f->win, f->url);
  expected = balance_text (123456);
  WAIT_FOR (gtk_widget_get_visible (GTK_WIDGET (f->win->balance_label)));
  g_assert_cmpstr (gtk_label_get_text (f->win->balance_label), ==, expected);

  /* The same refresh brings a changed balance. */
  isplic_sim_set_balance (f->sim, 4200);
  expected2 = balance_text (4200);
  refresh (f);
  WAIT_FOR (g_strcmp0 (gtk_label_get_text (f->win->balance_label), expected2) == 0);
}

static void
test_balance_not_offered (Fixture       *f,
                          gconstpointer  data)
{
  isplic_sim_set_function_enabled (f->sim, "dashboard.info", FALSE);
  isplic_sim_set_function_enabled (f->sim, "notify", FALSE);
  isplic_sim_set_function_enabled (f->sim, "basket", FALSE);
  app_sign_in (f->win, f->url);
  /* Let the money requests come back: nothing shows, nothing complains, the list works. */
  isplic_test_spin (300);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f->win->balance_label)));
  g_assert_false (gtk_widget_get_visible (f->win->cart_button));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->win->licenses)), ==, N_LICENSES);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->win->summary_label)));
}

/* What the licenses without auto-renewal due within @days cost, in cents. */
static gint64
due_cents (Fixture *f,
           guint    days,
           guint   *n)
{
  GListModel *model = G_LIST_MODEL (f->win->licenses);
  gint64 sum = 0;

  *n = 0;
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(IsplicLicense) license = g_list_model_get_item (model, i);
      IsplicMoney cost;

      if (isplic_license_get_auto_renew (license) == 0 && isplic_license_is_expiring (license, days)
          && isplic_license_get_cost_money (license, &cost))
        {
          sum += cost.amount;
          (*n)++;
        }
    }
  return sum;
}

static void
test_balance_warning (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkWidget *label;
  gint64 due;
  guint n;

  g_settings_set_uint (settings, "expiry-warning-days", 365);
  app_sign_in (f->win, f->url);
  label = GTK_WIDGET (f->win->balance_label);
  due = due_cents (f, 365, &n);
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpint (due, >, 0);

  /* Exactly enough: no mark. */
  isplic_sim_set_balance (f->sim, due);
  refresh (f);
  WAIT_FOR (gtk_widget_get_visible (label));
  isplic_test_spin (100);
  g_assert_false (gtk_widget_has_css_class (label, "warning"));
  g_assert_null (gtk_widget_get_tooltip_text (label));

  /* A cent short: marked, and the tooltip says why. */
  isplic_sim_set_balance (f->sim, due - 1);
  refresh (f);
  WAIT_FOR (gtk_widget_has_css_class (label, "warning"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (label), "does not cover"));

  /* Auto-renewal switched on in the details for one of the licenses due: it no longer counts,
   * and the balance covers the rest. */
  {
    GListModel *model = G_LIST_MODEL (f->win->licenses);
    IsplicLicense *due_license = NULL;
    GtkSwitch *sw;

    for (guint i = 0; i < g_list_model_get_n_items (model) && due_license == NULL; i++)
      {
        g_autoptr(IsplicLicense) license = g_list_model_get_item (model, i);
        IsplicMoney cost;

        if (isplic_license_get_auto_renew (license) == 0
            && isplic_license_is_expiring (license, 365)
            && isplic_license_get_status (license) == ISPLIC_LICENSE_STATUS_ACTIVE
            && isplic_license_get_cost_money (license, &cost) && cost.amount > 0)
          due_license = license;
      }
    g_assert_nonnull (due_license);
    isplic_details_pane_set_license (isplic_window_get_details_pane (f->win), due_license);
    sw = GTK_SWITCH (app_pane_child (f->win, "auto_renew_switch"));
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (sw)));
    gtk_switch_set_active (sw, TRUE);
    WAIT_FOR (!gtk_widget_has_css_class (label, "warning"));
    g_assert_cmpint (isplic_license_get_auto_renew (due_license), !=, 0);
    isplic_details_pane_set_license (isplic_window_get_details_pane (f->win), NULL);
  }

  /* A shorter warning period with nothing due: the mark goes. */
  g_settings_set_uint (settings, "expiry-warning-days", 1);
  due = due_cents (f, 1, &n);
  if (due < isplic_sim_get_balance (f->sim))
    WAIT_FOR (!gtk_widget_has_css_class (label, "warning"));
}

static void
order_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  isplic_client_order_finish (ISPLIC_CLIENT (source), result, NULL, NULL, &error);
  g_assert_no_error (error);
  *done = TRUE;
}

static void
order_to_cart (Fixture    *f,
               const char *name,
               const char *ip)
{
  IsplicOrderParams params = { "55228", 12, 0, name, ip, 0, TRUE };
  gboolean done = FALSE;

  isplic_client_order_async (isplic_window_get_client (f->win), &params, NULL, order_cb, &done);
  WAIT_FOR (done);
}

static guint
count_rows (GtkWidget *list)
{
  guint n = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (list); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    if (ADW_IS_ACTION_ROW (c) && adw_action_row_get_subtitle (ADW_ACTION_ROW (c)) != NULL
        && *adw_action_row_get_subtitle (ADW_ACTION_ROW (c)) != '\0')
      n++;
  return n;
}

/* The first Remove button in the cart list. */
static GtkWidget *
find_remove_button (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget) && g_object_get_data (G_OBJECT (widget), "isplic-item-id") != NULL)
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_remove_button (c);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_cart (Fixture       *f,
           gconstpointer  data)
{
  GtkWindow *dialog;
  GtkWidget *list;
  GtkWidget *remove;
  GtkWidget *clear;
  GtkWindow *confirm;
  const char *label;

  app_sign_in (f->win, f->url);
  isplic_test_spin (200);
  g_assert_false (gtk_widget_get_visible (f->win->cart_button));

  order_to_cart (f, "cart-one", "2001:db8::c201");
  order_to_cart (f, "cart-two", "2001:db8::c202");
  refresh (f);
  WAIT_FOR (gtk_widget_get_visible (f->win->cart_button));
  label = gtk_button_get_label (GTK_BUTTON (f->win->cart_button));
  /* Two Pro licenses for a year, 100.00 EUR each. */
  g_assert_nonnull (strstr (label, "Cart: 2 items, "));
  g_assert_nonnull (strstr (label, "200"));

  g_signal_emit_by_name (f->win->cart_button, "clicked");
  WAIT_FOR ((dialog = app_find_toplevel (ISPLIC_TYPE_CART_DIALOG)) != NULL);
  list = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                    ISPLIC_TYPE_CART_DIALOG, "items_list"));
  WAIT_FOR (count_rows (list) == 2);

  remove = find_remove_button (list);
  g_assert_nonnull (remove);
  g_signal_emit_by_name (remove, "clicked");
  WAIT_FOR (count_rows (list) == 1);
  clear = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                    ISPLIC_TYPE_CART_DIALOG, "clear_button"));
  WAIT_FOR (gtk_widget_get_sensitive (clear));
  /* Emptying asks first: Cancel keeps the item. */
  g_signal_emit_by_name (clear, "clicked");
  WAIT_FOR ((confirm = app_find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL);
  g_assert_cmpstr (adw_message_dialog_get_default_response (ADW_MESSAGE_DIALOG (confirm)), ==,
                   "cancel");
  /* As a button press does: the response, then the dialog closes. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (confirm), "cancel");
  gtk_window_destroy (confirm);
  isplic_test_spin (200);
  g_assert_cmpuint (count_rows (list), ==, 1);
  g_signal_emit_by_name (clear, "clicked");
  WAIT_FOR ((confirm = app_find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (confirm), "empty");
  gtk_window_destroy (confirm);
  WAIT_FOR (count_rows (list) == 0);

  /* Closing the cart refreshes the indicator: the cart is empty now. */
  gtk_window_close (dialog);
  WAIT_FOR (!gtk_widget_get_visible (f->win->cart_button));
}

/* "Pay in the billing panel" opens the server's address and nothing that could hold a secret. */
static void
test_panel_uri (void)
{
  static const struct {
    const char *base;
    const char *expected;
  } cases[] = {
    { "https://billing.example.com/billmgr", "https://billing.example.com/billmgr" },
    { "https://reseller:s3cret@billing.example.com:1500/billmgr?authinfo=a:b&x=1#top",
      "https://billing.example.com:1500/billmgr" },
    { "http://[2001:db8::1]:8080/billmgr", "http://[2001:db8::1]:8080/billmgr" },
    { "ftp://billing.example.com/billmgr", NULL },
    { "billing.example.com/billmgr", NULL },
    { "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *uri = isplic_billing_panel_uri (cases[i].base);

      g_assert_cmpstr (uri, ==, cases[i].expected);
    }
  g_assert_null (isplic_billing_panel_uri (NULL));
}


/* Change Nodes is offered for one license whose tariff takes nodes, and opens its dialog. */
static void
test_nodes_action (Fixture       *f,
                   gconstpointer  data)
{
  GListModel *model;
  const char *business = NULL, *other = NULL;
  const char *ids[2] = { NULL, NULL };
  GtkWindow *dialog;

  app_sign_in (f->win, f->url);
  model = G_LIST_MODEL (f->win->licenses);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(IsplicLicense) license = g_list_model_get_item (model, i);
      const IsplicTariff *tariff = isplic_tariff_lookup (isplic_license_get_tariff_id (license));

      if (tariff != NULL && tariff->has_nodes && business == NULL)
        business = g_intern_string (isplic_license_get_id (license));
      else if (tariff != NULL && !tariff->has_nodes && other == NULL)
        other = g_intern_string (isplic_license_get_id (license));
    }
  g_assert_nonnull (business);
  g_assert_nonnull (other);

  ids[0] = other;
  isplic_window_select_ids (f->win, ids);
  WAIT_FOR (!app_action_enabled (f->win, "change-nodes")
            && app_action_enabled (f->win, "change-tariff"));

  ids[0] = business;
  isplic_window_select_ids (f->win, ids);
  WAIT_FOR (app_action_enabled (f->win, "change-nodes"));
  g_action_group_activate_action (G_ACTION_GROUP (f->win), "change-nodes", NULL);
  WAIT_FOR ((dialog = app_find_toplevel (ISPLIC_TYPE_NODES_DIALOG)) != NULL);
  gtk_window_close (dialog);
  WAIT_FOR (app_find_toplevel (ISPLIC_TYPE_NODES_DIALOG) == NULL);
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

/* The details pane's Change button beside the node count opens the nodes dialog for the license
 * shown; its quote is what the balance loses, and the pane then shows the new count. */
static void
test_nodes_in_details (Fixture       *f,
                       gconstpointer  data)
{
  GListModel *model;
  IsplicLicense *business = NULL;
  const char *ids[2] = { NULL, NULL };
  g_autoptr(IsplicQuote) quote = NULL;
  g_autofree char *total = NULL;
  g_autofree char *count = NULL;
  GtkWidget *button;
  GtkWindow *dialog;
  GtkLabel *quote_label;
  guint nodes;
  gint64 before;

  app_sign_in (f->win, f->url);
  model = G_LIST_MODEL (f->win->licenses);
  for (guint i = 0; i < g_list_model_get_n_items (model) && business == NULL; i++)
    {
      g_autoptr(IsplicLicense) license = g_list_model_get_item (model, i);
      const IsplicTariff *tariff = isplic_tariff_lookup (isplic_license_get_tariff_id (license));

      if (tariff != NULL && tariff->has_nodes
          && isplic_license_get_status (license) == ISPLIC_LICENSE_STATUS_ACTIVE)
        business = license;
    }
  g_assert_nonnull (business);
  nodes = (guint) MAX (isplic_license_get_nodes (business), 1) + 1;
  isplic_client_nodes_quote_async (isplic_window_get_client (f->win),
                                   isplic_license_get_id (business), nodes, NULL, nodes_quote_cb,
                                   &quote);
  WAIT_FOR (quote != NULL);
  g_assert_nonnull (quote->total);
  total = isplic_money_format_amount (quote->total);
  before = isplic_sim_get_balance (f->sim);

  ids[0] = isplic_license_get_id (business);
  isplic_window_select_ids (f->win, ids);
  WAIT_FOR (app_action_enabled (f->win, "details"));
  g_action_group_activate_action (G_ACTION_GROUP (f->win), "details", NULL);
  WAIT_FOR (isplic_details_pane_get_license (f->win->details_pane) == business);
  button = GTK_WIDGET (app_pane_child (f->win, "nodes_button"));
  WAIT_FOR (gtk_widget_get_visible (button) && gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  WAIT_FOR ((dialog = app_find_toplevel (ISPLIC_TYPE_NODES_DIALOG)) != NULL);
  quote_label = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                          ISPLIC_TYPE_NODES_DIALOG,
                                                          "quote_label"));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (gtk_widget_get_template_child (
                               GTK_WIDGET (dialog), ISPLIC_TYPE_NODES_DIALOG, "nodes_spin")),
                             nodes);
  WAIT_FOR (strstr (gtk_label_get_text (quote_label), total) != NULL);
  button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                      ISPLIC_TYPE_NODES_DIALOG, "apply_button"));
  WAIT_FOR (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  WAIT_FOR (app_find_toplevel (ISPLIC_TYPE_NODES_DIALOG) == NULL);
  g_assert_cmpint (before - isplic_sim_get_balance (f->sim), ==, quote->total->amount);

  /* The window refreshes after the change: the pane shows the new count. */
  count = g_strdup_printf ("%u", nodes);
  WAIT_FOR (g_strcmp0 (adw_action_row_get_subtitle (ADW_ACTION_ROW (
                         app_pane_child (f->win, "nodes_row"))), count) == 0);
}

int
main (int   argc,
      char *argv[])
{
  app_test_init (&argc, &argv, TRUE);

  g_test_add_func ("/app/money/panel-uri", test_panel_uri);
#define ADD(path, fn) \
  g_test_add ("/app/money/" path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("balance", test_balance);
  ADD ("balance-not-offered", test_balance_not_offered);
  ADD ("balance-warning", test_balance_warning);
  ADD ("cart", test_cart);
  ADD ("nodes-action", test_nodes_action);
  ADD ("nodes-in-details", test_nodes_in_details);
#undef ADD

  return g_test_run ();
}
