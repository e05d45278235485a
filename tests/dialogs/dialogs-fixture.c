/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dialogs-fixture.h"

/* ---- fixture -------------------------------------------------------------------------- */

void
list_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Fixture *f = user_data;
  g_autoptr(GError) error = NULL;

  f->licenses = isplic_client_list_finish (ISPLIC_CLIENT (source), result, &error);
  g_assert_no_error (error);
}

void
refresh_licenses (Fixture *f)
{
  g_clear_pointer (&f->licenses, g_ptr_array_unref);
  isplic_client_list_async (f->client, NULL, list_cb, f);
  WAIT_UNTIL (f->licenses != NULL);
}

void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  f->sim = isplic_sim_new ();
  isplic_sim_generate (f->sim, 12, 7);
  isplic_sim_set_key_delay (f->sim, 0);
  isplic_sim_set_logging (f->sim, TRUE);
  /* Enough for any operation; the money tests set their own balance. */
  isplic_sim_set_balance (f->sim, 1000000);
  isplic_sim_start (f->sim, 0, &error);
  g_assert_no_error (error);
  url = isplic_sim_get_url (f->sim);
  f->client = isplic_client_new (url, ISPLIC_SIM_DEFAULT_USER, ISPLIC_SIM_DEFAULT_PASSWORD);
  refresh_licenses (f);
  isplic_sim_clear_requests (f->sim);

  f->parent = gtk_window_new ();
  gtk_window_present (GTK_WINDOW (f->parent));
}

void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (f->dialog));
  /* Cancelled requests still hold the dialog until their callbacks ran: it must then go. */
  WAIT_UNTIL (f->dialog == NULL);
  gtk_window_destroy (GTK_WINDOW (f->parent));
  isplic_test_spin (50);

  g_clear_pointer (&f->licenses, g_ptr_array_unref);
  g_clear_pointer (&f->message, g_free);
  g_clear_pointer (&f->ids, g_strfreev);
  g_assert_finalize_object (f->client);
  isplic_sim_stop (f->sim);
  g_assert_finalize_object (f->sim);
}

void
succeeded_cb (GtkWidget   *dialog,
              const char  *message,
              GStrv        ids,
              Fixture     *f)
{
  f->n_succeeded++;
  g_free (f->message);
  f->message = g_strdup (message);
  g_strfreev (f->ids);
  f->ids = g_strdupv (ids);
}

/* Shows @dialog as the window would, and tracks its lifetime. */
void
present (Fixture   *f,
         GtkWidget *dialog)
{
  f->dialog = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &f->dialog);
  g_signal_connect (dialog, "succeeded", G_CALLBACK (succeeded_cb), f);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (f->parent));
  gtk_window_present (GTK_WINDOW (dialog));
}

gpointer
child (Fixture    *f,
       GType       type,
       const char *name)
{
  GObject *object;

  g_assert_nonnull (f->dialog);
  object = gtk_widget_get_template_child (f->dialog, type, name);
  if (object == NULL)
    g_error ("no template child %s", name);
  return object;
}

gboolean
sensitive (gpointer widget)
{
  return gtk_widget_is_sensitive (GTK_WIDGET (widget));
}

void
click (gpointer button)
{
  g_signal_emit_by_name (button, "clicked");
}


IsplicLicense *
find_license (Fixture  *f,
              gboolean  trial,
              guint     skip)
{
  for (guint i = 0; i < f->licenses->len; i++)
    {
      IsplicLicense *license = g_ptr_array_index (f->licenses, i);
      const IsplicTariff *tariff = isplic_tariff_lookup (isplic_license_get_tariff_id (license));
      gboolean is_trial = isplic_license_get_period (license) == ISPLIC_TRIAL_PERIOD
                          || (tariff != NULL && tariff->trial);

      if (is_trial != trial || isplic_license_get_expires (license) == NULL)
        continue;
      if (!trial && isplic_license_get_status (license) != ISPLIC_LICENSE_STATUS_ACTIVE)
        continue;
      if (skip-- == 0)
        return license;
    }
  g_error ("the generated state has no suitable license");
  return NULL;
}

const char *
sim_string (Fixture    *f,
            const char *id,
            const char *field)
{
  static char buf[256];
  g_autoptr(JsonObject) o = isplic_sim_lookup (f->sim, id);

  g_assert_nonnull (o);
  g_strlcpy (buf, json_object_get_string_member (o, field), sizeof buf);
  return buf;
}

gint64
sim_int (Fixture    *f,
         const char *id,
         const char *field)
{
  g_autoptr(JsonObject) o = isplic_sim_lookup (f->sim, id);

  g_assert_nonnull (o);
  return json_object_get_int_member (o, field);
}

/* The last logged request for @func. */
IsplicSimRequest *
last_request (Fixture    *f,
              const char *func)
{
  GPtrArray *requests = isplic_sim_get_requests (f->sim);

  for (guint i = requests->len; i > 0; i--)
    {
      IsplicSimRequest *request = g_ptr_array_index (requests, i - 1);

      if (g_strcmp0 (request->func, func) == 0)
        return request;
    }
  g_error ("no %s request was logged", func);
  return NULL;
}

/* Requests other than reads of money (balance, quotes): what a dialog may ask while the form
 * is being filled. */
guint
count_changes (Fixture *f)
{
  static const char * const reads[] = {
    "dashboard.info", "notify", "dashboard.subaccount_credit", "pricelist.export", NULL,
  };
  GPtrArray *requests = isplic_sim_get_requests (f->sim);
  guint n = 0;

  for (guint i = 0; i < requests->len; i++)
    {
      IsplicSimRequest *request = g_ptr_array_index (requests, i);

      if (g_strv_contains (reads, request->func))
        continue;
      if (g_strcmp0 (request->func, "soft.order.param") == 0
          && !g_hash_table_contains (request->params, "sok"))
        continue;
      n++;
    }
  return n;
}

/* Orders sent (soft.order.param with sok; without it the request is a quote). */
guint
count_orders (Fixture *f)
{
  GPtrArray *requests = isplic_sim_get_requests (f->sim);
  guint n = 0;

  for (guint i = 0; i < requests->len; i++)
    {
      IsplicSimRequest *request = g_ptr_array_index (requests, i);

      if (g_strcmp0 (request->func, "soft.order.param") == 0
          && g_hash_table_contains (request->params, "sok"))
        n++;
    }
  return n;
}

IsplicSimRequest *
last_order (Fixture *f)
{
  GPtrArray *requests = isplic_sim_get_requests (f->sim);

  for (guint i = requests->len; i > 0; i--)
    {
      IsplicSimRequest *request = g_ptr_array_index (requests, i - 1);

      if (g_strcmp0 (request->func, "soft.order.param") == 0
          && g_hash_table_contains (request->params, "sok"))
        return request;
    }
  g_error ("no order was logged");
  return NULL;
}

/* The AdwPreferencesRow under @widget whose title is @title. */
GtkWidget *
find_row (GtkWidget  *widget,
          const char *title)
{
  if (ADW_IS_PREFERENCES_ROW (widget)
      && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_row (c, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Until the renewal's price has come (or failed, or is not asked for): Renew waits for it. */
void
wait_renew_quote (Fixture *f)
{
  GtkLabel *quote_label = child (f, ISPLIC_TYPE_RENEW_DIALOG, "quote_label");

  WAIT_UNTIL (g_strcmp0 (gtk_label_get_text (quote_label), "Getting the price…") != 0);
}

/* The period the renew dialog starts with for @a and @b (nullable): their own when they share
 * one, else a month. */
int
common_period (IsplicLicense *a,
               IsplicLicense *b)
{
  int pa = isplic_license_get_period (a);

  if (b != NULL && isplic_license_get_period (b) != pa)
    return 1;
  return pa == 12 ? 12 : 1;
}

/* ---- order ---------------------------------------------------------------------------- */

void
fill_order (Fixture    *f,
            const char *name,
            const char *ip)
{
  gtk_editable_set_text (child (f, ISPLIC_TYPE_ORDER_DIALOG, "name_row"), name);
  gtk_editable_set_text (child (f, ISPLIC_TYPE_ORDER_DIALOG, "ip_row"), ip);
}

/* Until the order's price has come (or failed): the button waits for it. */
void
wait_quote (Fixture *f)
{
  GtkLabel *quote_label = child (f, ISPLIC_TYPE_ORDER_DIALOG, "quote_label");

  WAIT_UNTIL (g_strcmp0 (gtk_label_get_text (quote_label), "Getting the price…") != 0);
}

void
wait_ip_ok (Fixture *f)
{
  GtkLabel *ip_label = child (f, ISPLIC_TYPE_ORDER_DIALOG, "ip_label");

  WAIT_UNTIL (g_strcmp0 (gtk_label_get_text (ip_label), "IP can take this license") == 0);
  wait_quote (f);
}


GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_button (c, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

void
close_dialog (Fixture *f)
{
  gtk_window_destroy (GTK_WINDOW (f->dialog));
  WAIT_UNTIL (f->dialog == NULL);
}
