/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window with several licenses selected (issue 9): the action bar and the footer's count, the
 * details pane's summary, the pane following the selection (a search, a delete, a license that
 * changes in place), group actions that leave some alone, the copy actions; against an
 * in-process simulator on loopback. */
#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "app-window-fixture.h"
#include "isplic-dialogs.h"
#include "isplic-license-format.h"
#include "isplic-license-text.h"
#include "isplic-selection-summary.h"

#define N_LICENSES 48
#define SEED 42

typedef AppWindowFixture Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  app_fixture_setup (f, N_LICENSES, SEED,
                     APP_RESET_SIGN_IN | APP_RESET_EXPIRY_WARNING | APP_SIM_NO_KEY_DELAY
                     | APP_SIM_LOGGING);
}

static guint
find_shown_with_status (Fixture             *f,
                        IsplicLicenseStatus  status,
                        guint                skip)
{
  for (guint i = 0; i < app_n_shown (f->win); i++)
    if (isplic_license_get_status (app_shown_item (f->win, i)) == status
        && !isplic_license_is_trial (app_shown_item (f->win, i)) && skip-- == 0)
      return i;
  g_assert_not_reached ();
  return G_MAXUINT;
}

static void
select_positions (Fixture     *f,
                  const guint *positions,
                  guint        n)
{
  GtkSelectionModel *sel = GTK_SELECTION_MODEL (f->win->view->selection);

  gtk_selection_model_unselect_all (sel);
  for (guint i = 0; i < n; i++)
    gtk_selection_model_select_item (sel, positions[i], FALSE);
}

static const char *
pane_page (Fixture *f)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (app_pane_child (f->win, "stack")));
}

static const char *
pane_row (Fixture    *f,
          const char *name)
{
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (app_pane_child (f->win, name)));
}

static IsplicLicense *
make_license (const char *id,
              const char *cost,
              const char *expires)
{
  IsplicLicense *license = isplic_license_new (id);

  isplic_license_set_name (license, id);
  isplic_license_set_period (license, 1);
  isplic_license_set_cost (license, cost);
  if (expires != NULL)
    {
      g_autoptr(GDateTime) date = g_date_time_new_from_iso8601 (expires, NULL);

      isplic_license_set_expires (license, date);
    }
  return license;
}

/* What several cost together: by currency and period, "n × each = total" when they are alike. */
static void
test_cost_summary (void)
{
  g_autoptr(GPtrArray) licenses = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *text = NULL;
  g_autofree char *empty = NULL;
  g_autoptr(GPtrArray) none = g_ptr_array_new ();

  g_ptr_array_add (licenses, make_license ("a", "10.00 EUR / Month", "2027-05-01T00:00:00Z"));
  g_ptr_array_add (licenses, make_license ("b", "10.00 EUR / Month", "2027-03-01T00:00:00Z"));
  g_ptr_array_add (licenses, make_license ("c", "10.00 EUR / Month", NULL));
  g_ptr_array_add (licenses, make_license ("d", "100.00 EUR / Year", "2027-04-01T00:00:00Z"));
  g_ptr_array_add (licenses, make_license ("e", "120.00 EUR / Year", NULL));
  g_ptr_array_add (licenses, make_license ("f", "500.00 RUB / Month", NULL));
  g_ptr_array_add (licenses, make_license ("g", "", NULL));

  text = isplic_selection_format_cost (licenses);
  g_assert_cmpstr (text, ==,
                   "3 × 10.00 EUR per month = 30.00 EUR per month\n"
                   "2 licenses: 220.00 EUR per year\n"
                   "1 × 500.00 RUB per month = 500.00 RUB per month\n"
                   "1 without a known cost");
  g_assert_true (isplic_selection_earliest_expiry (licenses) == g_ptr_array_index (licenses, 1));

  empty = isplic_selection_format_cost (none);
  g_assert_null (empty);
  g_assert_null (isplic_selection_earliest_expiry (none));
}

/* Two or more selected: the bar at the bottom names the count, the footer too, and the pane
 * sums them up with the group actions. */
static void
test_action_bar_and_summary (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GPtrArray) selected = NULL;
  g_autofree char *cost = NULL;
  guint positions[3];
  IsplicLicense *earliest;

  app_sign_in (f->win, f->url);
  positions[0] = find_shown_with_status (f, ISPLIC_LICENSE_STATUS_ACTIVE, 0);
  positions[1] = find_shown_with_status (f, ISPLIC_LICENSE_STATUS_ACTIVE, 1);
  positions[2] = find_shown_with_status (f, ISPLIC_LICENSE_STATUS_SUSPENDED, 0);

  select_positions (f, positions, 1);
  g_assert_false (gtk_action_bar_get_revealed (f->win->action_bar));

  select_positions (f, positions, 3);
  g_assert_true (gtk_action_bar_get_revealed (f->win->action_bar));
  g_assert_cmpstr (gtk_label_get_text (f->win->selected_label), ==, "3 selected");
  WAIT_FOR (g_str_has_suffix (gtk_label_get_text (f->win->summary_label), " · 3 selected"));
  g_assert_true (app_action_enabled (f->win, "renew") && app_action_enabled (f->win, "suspend")
                 && app_action_enabled (f->win, "resume") && app_action_enabled (f->win, "delete"));

  /* The pane shows the three, not "No License Selected". */
  g_action_group_activate_action (G_ACTION_GROUP (f->win), "details", NULL);
  g_assert_true (adw_flap_get_reveal_flap (f->win->flap));
  g_assert_cmpstr (pane_page (f), ==, "several");
  g_assert_cmpuint (isplic_details_pane_get_n_licenses (f->win->details_pane), ==, 3);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (app_pane_child (f->win, "heading_label"))), ==,
                   "3 Licenses Selected");
  g_assert_cmpstr (pane_row (f, "count_row"), ==, "3");
  selected = isplic_window_get_selected (f->win);
  cost = isplic_selection_format_cost (selected);
  g_assert_cmpstr (pane_row (f, "total_row"), ==, cost);
  g_assert_true (strstr (cost, "EUR") != NULL);
  earliest = isplic_selection_earliest_expiry (selected);
  g_assert_nonnull (earliest);
  g_assert_nonnull (strstr (pane_row (f, "earliest_row"), isplic_license_get_name (earliest)));

  /* Down to one: its details; none: the bar goes. */
  select_positions (f, positions, 1);
  g_assert_cmpstr (pane_page (f), ==, "license");
  g_assert_false (gtk_action_bar_get_revealed (f->win->action_bar));
  WAIT_FOR (strstr (gtk_label_get_text (f->win->summary_label), "selected") == NULL);
  select_positions (f, positions, 0);
  g_assert_cmpstr (pane_page (f), ==, "none");
}

/* The pane never keeps showing a license that is no longer selected and shown. */
static void
test_pane_follows (Fixture       *f,
                   gconstpointer  data)
{
  IsplicLicense *license;
  GtkWindow *dialog;
  g_autofree char *id = NULL;
  guint position;

  app_sign_in (f->win, f->url);
  position = find_shown_with_status (f, ISPLIC_LICENSE_STATUS_ACTIVE, 0);
  license = app_shown_item (f->win, position);
  id = g_strdup (isplic_license_get_id (license));
  select_positions (f, &position, 1);
  g_action_group_activate_action (G_ACTION_GROUP (f->win), "details", NULL);
  g_assert_true (isplic_details_pane_get_license (f->win->details_pane) == license);
  WAIT_FOR (isplic_details_pane_get_key (f->win->details_pane) != NULL);
  g_assert_true (app_action_enabled (f->win, "copy-key"));

  /* A search that leaves it out: the pane and the actions let go of it. */
  isplic_window_search (f->win, "no license is called this");
  WAIT_FOR (app_n_shown (f->win) == 0);
  g_assert_null (isplic_details_pane_get_license (f->win->details_pane));
  g_assert_cmpstr (pane_page (f), ==, "none");
  g_assert_false (app_action_enabled (f->win, "copy-key"));
  g_assert_false (app_action_enabled (f->win, "delete"));

  /* Back, selected again, then deleted. */
  isplic_window_search (f->win, "");
  WAIT_FOR (app_n_shown (f->win) == N_LICENSES);
  isplic_window_select_ids (f->win, (const char *[]) { id, NULL });
  g_assert_true (isplic_details_pane_get_license (f->win->details_pane) == license);
  g_action_group_activate_action (G_ACTION_GROUP (f->win), "delete", NULL);
  dialog = app_find_toplevel (ISPLIC_TYPE_GROUP_DIALOG);
  g_assert_nonnull (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "confirm");
  WAIT_FOR (isplic_license_list_lookup (f->win->licenses, id) == NULL
            && !isplic_license_list_get_loading (f->win->licenses));
  WAIT_FOR (app_find_toplevel (ISPLIC_TYPE_GROUP_DIALOG) == NULL);
  g_assert_null (isplic_details_pane_get_license (f->win->details_pane));
  g_assert_cmpstr (pane_page (f), ==, "none");
  g_assert_null (isplic_details_pane_get_key (f->win->details_pane));
  g_assert_false (app_action_enabled (f->win, "copy-key"));
  g_assert_false (app_action_enabled (f->win, "copy-ip"));
}

/* A license that changes in place (its key fetched turns it Active) enables what now applies
 * without being selected again. */
static void
test_actions_follow_license (Fixture       *f,
                             gconstpointer  data)
{
  IsplicLicense *license;
  guint position;

  app_sign_in (f->win, f->url);
  position = find_shown_with_status (f, ISPLIC_LICENSE_STATUS_ACTIVE, 0);
  license = app_shown_item (f->win, position);
  select_positions (f, &position, 1);
  g_assert_true (app_action_enabled (f->win, "suspend"));

  isplic_license_set_status (license, ISPLIC_LICENSE_STATUS_PROCESSING);
  g_assert_false (app_action_enabled (f->win, "suspend"));
  isplic_license_set_status (license, ISPLIC_LICENSE_STATUS_ACTIVE);
  g_assert_true (app_action_enabled (f->win, "suspend"));
  g_assert_false (app_action_enabled (f->win, "resume"));
}

/* Suspending a selection of which some are suspended already: the question says how many are
 * left alone, only the active ones are sent, and all stay selected. */
static void
test_group_leaves_some_alone (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GPtrArray) selected = NULL;
  guint positions[3];
  IsplicLicense *a, *b, *c, *s;
  GtkWindow *dialog;

  app_sign_in (f->win, f->url);
  positions[0] = find_shown_with_status (f, ISPLIC_LICENSE_STATUS_ACTIVE, 0);
  positions[1] = find_shown_with_status (f, ISPLIC_LICENSE_STATUS_ACTIVE, 1);
  positions[2] = find_shown_with_status (f, ISPLIC_LICENSE_STATUS_SUSPENDED, 0);
  a = app_shown_item (f->win, positions[0]);
  b = app_shown_item (f->win, positions[1]);
  s = app_shown_item (f->win, positions[2]);
  select_positions (f, positions, 3);

  g_action_group_activate_action (G_ACTION_GROUP (f->win), "suspend", NULL);
  dialog = app_find_toplevel (ISPLIC_TYPE_GROUP_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "Suspend 2 Licenses?");
  g_assert_true (g_str_has_suffix (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                                   "\n\n1 of the 3 selected is already suspended and is left "
                                   "alone."));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "confirm");

  WAIT_FOR (isplic_license_get_status (a) == ISPLIC_LICENSE_STATUS_SUSPENDED
            && isplic_license_get_status (b) == ISPLIC_LICENSE_STATUS_SUSPENDED);
  WAIT_FOR (app_find_toplevel (ISPLIC_TYPE_GROUP_DIALOG) == NULL
            && !isplic_license_list_get_loading (f->win->licenses));
  g_assert_cmpuint (isplic_sim_count_requests (f->sim, "soft.suspend"), ==, 1);

  /* The same three stay selected, the one left alone too. */
  WAIT_FOR (app_action_enabled (f->win, "resume") && !app_action_enabled (f->win, "suspend"));
  selected = isplic_window_get_selected (f->win);
  g_assert_cmpuint (selected->len, ==, 3);
  g_assert_true (g_ptr_array_find (selected, a, NULL) && g_ptr_array_find (selected, b, NULL)
                 && g_ptr_array_find (selected, s, NULL));
  g_assert_cmpstr (gtk_label_get_text (f->win->selected_label), ==, "3 selected");

  /* Resume with an active one among them: that one is named as left alone; all three
   * suspended: nothing is. */
  c = app_shown_item (f->win, find_shown_with_status (f, ISPLIC_LICENSE_STATUS_ACTIVE, 0));
  isplic_window_select_ids (f->win, (const char *[]) { isplic_license_get_id (a),
                                                       isplic_license_get_id (c), NULL });
  g_action_group_activate_action (G_ACTION_GROUP (f->win), "resume", NULL);
  dialog = app_find_toplevel (ISPLIC_TYPE_GROUP_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_true (g_str_has_suffix (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                                   "\n\n1 of the 2 selected is already active and is left "
                                   "alone."));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  WAIT_FOR (app_find_toplevel (ISPLIC_TYPE_GROUP_DIALOG) == NULL);

  isplic_window_select_ids (f->win, (const char *[]) { isplic_license_get_id (a),
                                                       isplic_license_get_id (s), NULL });
  g_action_group_activate_action (G_ACTION_GROUP (f->win), "resume", NULL);
  dialog = app_find_toplevel (ISPLIC_TYPE_GROUP_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_null (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "left alone"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  WAIT_FOR (app_find_toplevel (ISPLIC_TYPE_GROUP_DIALOG) == NULL);
}

typedef struct {
  char *text;
  gboolean done;
} ClipboardRead;

static void
read_text_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  ClipboardRead *read = user_data;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  read->done = TRUE;
}

static char *
clipboard_text (Fixture *f)
{
  ClipboardRead read = { NULL, FALSE };

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (f->win)), NULL,
                                 read_text_cb, &read);
  WAIT_FOR (read.done);
  return read.text;
}

/* Copy IP and Copy Key put the selected license's own values on the clipboard; F9's action
 * opens and closes the pane. */
static void
test_copy_and_toggle (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *ip = NULL;
  g_autofree char *key = NULL;
  IsplicLicense *license;
  guint position;

  app_sign_in (f->win, f->url);
  position = find_shown_with_status (f, ISPLIC_LICENSE_STATUS_ACTIVE, 2);
  license = app_shown_item (f->win, position);
  select_positions (f, &position, 1);

  g_action_group_activate_action (G_ACTION_GROUP (f->win), "copy-ip", NULL);
  ip = clipboard_text (f);
  g_assert_cmpstr (ip, ==, isplic_license_get_ip (license));

  /* The key is known once the pane fetched it. */
  g_assert_false (adw_flap_get_reveal_flap (f->win->flap));
  g_action_group_activate_action (G_ACTION_GROUP (f->win), "toggle-details", NULL);
  g_assert_true (adw_flap_get_reveal_flap (f->win->flap));
  WAIT_FOR (app_action_enabled (f->win, "copy-key"));
  g_action_group_activate_action (G_ACTION_GROUP (f->win), "copy-key", NULL);
  key = clipboard_text (f);
  g_assert_nonnull (key);
  g_assert_cmpstr (key, ==, isplic_license_get_key (license));
  g_action_group_activate_action (G_ACTION_GROUP (f->win), "toggle-details", NULL);
  g_assert_false (adw_flap_get_reveal_flap (f->win->flap));
}

static gboolean
label_shows (GtkWidget     *widget,
             gconstpointer  part)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget)
         && strstr (gtk_label_get_text (GTK_LABEL (widget)), part) != NULL;
}


static void
order_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  char **id = user_data;
  g_autofree char *billorder = NULL;

  g_assert_true (isplic_client_order_finish (ISPLIC_CLIENT (source), result, id, &billorder,
                                             NULL));
}

/* A fresh order from the order dialog is watched: without a refresh, its row turns Active with
 * its key, and a toast says so. */
static void
test_order_watched (Fixture       *f,
                    gconstpointer  data)
{
  IsplicOrderParams params = { "55227", 1, 0, "web-01", "198.51.100.77", 0, FALSE };
  g_autofree char *id = NULL;
  IsplicLicense *license;
  GtkWidget *dialog;
  guint lists;

  isplic_sim_set_key_delay (f->sim, 1500);
  app_sign_in (f->win, f->url);
  /* Looks again after 200 ms, 400 ms… instead of 10 s, 20 s… */
  isplic_session_set_order_poll_interval (f->win->session, 200);
  isplic_client_order_async (isplic_window_get_client (f->win), &params, NULL, order_cb, &id);
  WAIT_FOR (id != NULL);

  /* The window's order dialog reports what the order placed above would. */
  g_action_group_activate_action (G_ACTION_GROUP (f->win), "order", NULL);
  dialog = GTK_WIDGET (app_find_toplevel (ISPLIC_TYPE_ORDER_DIALOG));
  g_assert_nonnull (dialog);
  g_signal_emit_by_name (dialog, "succeeded", "web-01 ordered", (const char *[]) { id, NULL });
  gtk_window_destroy (GTK_WINDOW (dialog));

  WAIT_FOR ((license = isplic_license_list_lookup (f->win->licenses, id)) != NULL
            && !isplic_license_list_get_loading (f->win->licenses));
  g_assert_cmpint (isplic_license_get_status (license), ==, ISPLIC_LICENSE_STATUS_PROCESSING);
  lists = isplic_sim_count_requests (f->sim, "soft");

  WAIT_FOR (isplic_license_get_status (license) == ISPLIC_LICENSE_STATUS_ACTIVE
            && isplic_license_get_key (license) != NULL);
  WAIT_FOR (app_find_widget (GTK_WIDGET (f->win), label_shows, "is active; its key is ready")
            != NULL);
  g_assert_cmpuint (isplic_sim_count_requests (f->sim, "soft"), ==, lists);
}

int
main (int   argc,
      char *argv[])
{
  app_test_init (&argc, &argv, FALSE);

  g_test_add_func ("/app/selection/cost-summary", test_cost_summary);
#define ADD(path, fn) \
  g_test_add ("/app/selection/" path, Fixture, NULL, fixture_setup, fn, app_fixture_teardown)
  ADD ("action-bar-and-summary", test_action_bar_and_summary);
  ADD ("pane-follows", test_pane_follows);
  ADD ("actions-follow-license", test_actions_follow_license);
  ADD ("group-leaves-some-alone", test_group_leaves_some_alone);
  ADD ("copy-and-toggle", test_copy_and_toggle);
  ADD ("order-watched", test_order_watched);
#undef ADD

  return g_test_run ();
}
