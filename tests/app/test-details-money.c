/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The details pane's money pieces (issue 8): auto-renewal switched in place and the History
 * section, against an in-process simulator on loopback; each hides when the server lacks it. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <adwaita.h>

#include "app-window-fixture.h"
#include "isplic-details-pane.h"

typedef struct
{
  IsplicSim *sim;
  IsplicClient *client;
  GPtrArray *licenses;        /* of IsplicLicense */
  GtkWidget *window;
  IsplicDetailsPane *pane;    /* owned by window */
  GPtrArray *history;         /* of IsplicHistoryEntry, nullable: fetched by the test itself */
  GError *history_error;
} Fixture;

static void
list_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Fixture *f = user_data;
  g_autoptr(GError) error = NULL;

  f->licenses = isplic_client_list_finish (ISPLIC_CLIENT (source), result, &error);
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *url = NULL;
  GtkWidget *overlay = adw_toast_overlay_new ();

  f->sim = app_sim_start (12, 7, APP_SIM_NO_KEY_DELAY, &url);
  f->client = isplic_client_new (url, ISPLIC_SIM_DEFAULT_USER, ISPLIC_SIM_DEFAULT_PASSWORD);
  isplic_client_list_async (f->client, NULL, list_cb, f);
  WAIT_FOR (f->licenses != NULL);

  f->window = gtk_window_new ();
  f->pane = ISPLIC_DETAILS_PANE (isplic_details_pane_new ());
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (f->pane));
  gtk_window_set_child (GTK_WINDOW (f->window), overlay);
  gtk_window_present (GTK_WINDOW (f->window));
  isplic_details_pane_set_client (f->pane, f->client);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  isplic_test_spin (100);
  g_clear_pointer (&f->licenses, g_ptr_array_unref);
  g_clear_pointer (&f->history, g_ptr_array_unref);
  g_clear_error (&f->history_error);
  g_assert_finalize_object (f->client);
  app_sim_finish (f->sim);
}

static gpointer
child (Fixture    *f,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (f->pane),
                                                   ISPLIC_TYPE_DETAILS_PANE, name);

  g_assert_nonnull (object);
  return object;
}

/* An active paid license without auto-renewal. */
static IsplicLicense *
find_license (Fixture *f)
{
  for (guint i = 0; i < f->licenses->len; i++)
    {
      IsplicLicense *license = g_ptr_array_index (f->licenses, i);
      int period = isplic_license_get_period (license);

      if (isplic_license_get_status (license) == ISPLIC_LICENSE_STATUS_ACTIVE
          && (period == 1 || period == 12) && isplic_license_get_auto_renew (license) == 0)
        return license;
    }
  g_error ("the generated state has no active paid license without auto-renewal");
  return NULL;
}

static const char *
sim_autoprolong (Fixture    *f,
                 const char *id)
{
  static char buf[32];
  g_autoptr(JsonObject) o = isplic_sim_lookup (f->sim, id);

  g_assert_nonnull (o);
  g_strlcpy (buf, json_object_get_string_member (o, "autoprolong"), sizeof buf);
  return buf;
}

static void
collect_titles (GtkWidget *widget,
                GPtrArray *titles)
{
  if (ADW_IS_ACTION_ROW (widget))
    {
      g_ptr_array_add (titles,
                       g_strdup (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget))));
      return;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    collect_titles (c, titles);
}

/* (transfer full) the titles of the History section's rows, in order. */
static GPtrArray *
history_titles (Fixture *f)
{
  GPtrArray *titles = g_ptr_array_new_with_free_func (g_free);

  collect_titles (child (f, "history_group"), titles);
  return titles;
}

static gboolean
history_loaded (Fixture *f)
{
  return !gtk_widget_get_visible (child (f, "history_spinner"));
}

static void
history_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Fixture *f = user_data;

  f->history = isplic_client_get_history_finish (ISPLIC_CLIENT (source), result,
                                                 &f->history_error);
}

/* The History section lists exactly the server's entries, in its order. */
static void
assert_history_matches (Fixture       *f,
                        IsplicLicense *license)
{
  g_autoptr(GPtrArray) titles = NULL;

  g_clear_pointer (&f->history, g_ptr_array_unref);
  isplic_client_get_history_async (f->client, isplic_license_get_id (license), NULL, history_cb,
                                   f);
  WAIT_FOR (f->history != NULL || f->history_error != NULL);
  g_assert_no_error (f->history_error);
  WAIT_FOR (history_loaded (f));
  titles = history_titles (f);
  g_assert_cmpuint (titles->len, ==, f->history->len);
  g_assert_cmpuint (titles->len, >, 0);
  for (guint i = 0; i < titles->len; i++)
    {
      IsplicHistoryEntry *entry = g_ptr_array_index (f->history, i);

      g_assert_cmpstr (g_ptr_array_index (titles, i), ==, entry->desc);
    }
}

static void
test_auto_renew (Fixture       *f,
                 gconstpointer  data)
{
  IsplicLicense *license = find_license (f);
  const char *id = isplic_license_get_id (license);
  GtkSwitch *sw;
  const char *expected = isplic_license_get_period (license) == 12 ? "12" : "1";

  isplic_details_pane_set_license (f->pane, license);
  sw = child (f, "auto_renew_switch");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (sw)));
  g_assert_false (gtk_switch_get_active (sw));
  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (sw)));
  g_assert_cmpstr (sim_autoprolong (f, id), ==, "null");
  WAIT_FOR (history_loaded (f));

  /* On: the license's own period reaches the server, the shared license object follows. */
  gtk_switch_set_active (sw, TRUE);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (sw)));
  WAIT_FOR (gtk_widget_get_sensitive (GTK_WIDGET (sw)));
  g_assert_cmpstr (sim_autoprolong (f, id), ==, expected);
  g_assert_cmpint (isplic_license_get_auto_renew (license), ==, atoi (expected));
  g_assert_true (gtk_switch_get_active (sw));
  /* The change is in the history at once. */
  assert_history_matches (f, license);
  {
    g_autoptr(GPtrArray) titles = history_titles (f);

    g_assert_nonnull (strstr (g_ptr_array_index (titles, 0), "Auto-renewal period is set"));
  }

  /* Off. */
  gtk_switch_set_active (sw, FALSE);
  WAIT_FOR (gtk_widget_get_sensitive (GTK_WIDGET (sw)));
  g_assert_cmpstr (sim_autoprolong (f, id), ==, "null");
  g_assert_cmpint (isplic_license_get_auto_renew (license), ==, 0);
  assert_history_matches (f, license);
}

static void
renew_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (isplic_client_renew_finish (ISPLIC_CLIENT (source), result, NULL, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

/* What the window does on a refresh: the shared license objects take the server's values. */
static void
refresh_licenses (Fixture *f)
{
  g_autoptr(GPtrArray) old = g_steal_pointer (&f->licenses);

  isplic_client_list_async (f->client, NULL, list_cb, f);
  WAIT_FOR (f->licenses != NULL);
  for (guint i = 0; i < old->len; i++)
    for (guint j = 0; j < f->licenses->len; j++)
      {
        IsplicLicense *a = g_ptr_array_index (old, i);
        IsplicLicense *b = g_ptr_array_index (f->licenses, j);

        if (g_strcmp0 (isplic_license_get_id (a), isplic_license_get_id (b)) == 0)
          isplic_license_update_from (a, b);
      }
  g_ptr_array_unref (f->licenses);
  f->licenses = g_steal_pointer (&old);
}

static gboolean
history_has (Fixture    *f,
             const char *text)
{
  g_autoptr(GPtrArray) titles = history_titles (f);

  for (guint i = 0; i < titles->len; i++)
    if (strstr (g_ptr_array_index (titles, i), text) != NULL)
      return TRUE;
  return FALSE;
}

static void
test_history (Fixture       *f,
              gconstpointer  data)
{
  IsplicLicense *a = g_ptr_array_index (f->licenses, 0);
  IsplicLicense *b = g_ptr_array_index (f->licenses, 1);

  g_assert_true (gtk_widget_get_visible (child (f, "history_group")) == FALSE);
  isplic_details_pane_set_license (f->pane, a);
  g_assert_true (gtk_widget_get_visible (child (f, "history_group")));
  assert_history_matches (f, a);

  /* Another license: its own history, none of the first one's rows left over. */
  isplic_details_pane_set_license (f->pane, b);
  assert_history_matches (f, b);

  /* Renewed elsewhere (another dialog, the CLI): the list's refresh brings it to the pane. */
  {
    IsplicLicense *license = find_license (f);
    const char *ids[] = { isplic_license_get_id (license), NULL };
    gboolean done = FALSE;

    isplic_details_pane_set_license (f->pane, license);
    WAIT_FOR (history_loaded (f) && history_has (f, "has been ordered"));
    g_assert_false (history_has (f, "renewed until"));
    isplic_client_renew_async (f->client, ids, 1, NULL, renew_cb, &done);
    WAIT_FOR (done);
    refresh_licenses (f);
    WAIT_FOR (history_has (f, "renewed until"));
    assert_history_matches (f, license);
  }
}

/* A server without history or auto-renewal changes: the pieces hide, the pane still works. */
static void
test_not_offered (Fixture       *f,
                  gconstpointer  data)
{
  IsplicLicense *license = find_license (f);
  const char *id = isplic_license_get_id (license);
  GtkSwitch *sw;

  isplic_sim_set_function_enabled (f->sim, "service.history", FALSE);
  isplic_details_pane_set_license (f->pane, license);
  WAIT_FOR (!gtk_widget_get_visible (child (f, "history_group")));
  g_assert_cmpstr (adw_action_row_get_subtitle (child (f, "id_row")), ==, id);
  /* Hidden for the next license too, without asking again. */
  isplic_details_pane_set_license (f->pane, NULL);
  isplic_details_pane_set_license (f->pane, license);
  g_assert_false (gtk_widget_get_visible (child (f, "history_group")));

  /* Auto-renewal goes through soft.edit: the switch reverts and hides, nothing changed. */
  WAIT_FOR (isplic_details_pane_get_key (f->pane) != NULL);
  isplic_sim_set_function_enabled (f->sim, "soft.edit", FALSE);
  sw = child (f, "auto_renew_switch");
  gtk_switch_set_active (sw, TRUE);
  WAIT_FOR (!gtk_widget_get_visible (GTK_WIDGET (sw)));
  g_assert_false (gtk_switch_get_active (sw));
  g_assert_cmpint (isplic_license_get_auto_renew (license), ==, 0);
  g_assert_cmpstr (sim_autoprolong (f, id), ==, "null");
  g_assert_cmpstr (adw_action_row_get_subtitle (child (f, "id_row")), ==, id);
}

static void
change_nodes_cb (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  (*(guint *) user_data)++;
}

/* A license by tariff: @nodes TRUE one whose tariff takes nodes (Business), else one whose
 * tariff does not. */
static IsplicLicense *
find_by_nodes (Fixture  *f,
               gboolean  nodes)
{
  for (guint i = 0; i < f->licenses->len; i++)
    {
      IsplicLicense *license = g_ptr_array_index (f->licenses, i);
      const IsplicTariff *tariff = isplic_tariff_lookup (isplic_license_get_tariff_id (license));

      if (tariff != NULL && tariff->has_nodes == nodes)
        return license;
    }
  g_error ("the generated state has no license %s nodes", nodes ? "with" : "without");
  return NULL;
}

/* Business: the node count with a Change button that runs the window's change-nodes (its dialog
 * shows the price first); other tariffs and a signed-out pane have no button. */
static void
test_nodes (Fixture       *f,
            gconstpointer  data)
{
  IsplicLicense *business = find_by_nodes (f, TRUE);
  IsplicLicense *other = find_by_nodes (f, FALSE);
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) action = g_simple_action_new ("change-nodes", NULL);
  g_autofree char *count = g_strdup_printf ("%d", MAX (isplic_license_get_nodes (business), 1));
  GtkWidget *button = child (f, "nodes_button");
  AdwActionRow *row = child (f, "nodes_row");
  guint activated = 0;

  g_signal_connect (action, "activate", G_CALLBACK (change_nodes_cb), &activated);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (action));
  gtk_widget_insert_action_group (f->window, "win", G_ACTION_GROUP (group));

  isplic_details_pane_set_license (f->pane, business);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (row)));
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, count);
  g_assert_true (gtk_widget_get_visible (button));
  WAIT_FOR (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpuint (activated, ==, 1);

  /* The window disables the action (no single license selected): the button follows. */
  g_simple_action_set_enabled (action, FALSE);
  WAIT_FOR (!gtk_widget_is_sensitive (button));

  isplic_details_pane_set_license (f->pane, other);
  g_assert_false (gtk_widget_get_visible (button));

  isplic_details_pane_set_license (f->pane, business);
  g_assert_true (gtk_widget_get_visible (button));
  isplic_details_pane_set_client (f->pane, NULL);
  g_assert_false (gtk_widget_get_visible (button));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (row)));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  adw_init ();
  /* An entry focused without a window manager: its blink timer may warn ("did not receive a
   * focus-out event"), which fatal warnings turn into a crash. */
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE,
                "gtk-enable-animations", FALSE, NULL);
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  isplic_test_tick_add ();

#define ADD(path, fn) \
  g_test_add ("/app/details/" path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("auto-renew", test_auto_renew);
  ADD ("history", test_history);
  ADD ("not-offered", test_not_offered);
  ADD ("nodes", test_nodes);
#undef ADD

  return g_test_run ();
}
