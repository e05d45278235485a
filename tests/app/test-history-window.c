/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The History window (issue 11): the journal's entries of the signed-in account, written to a real
 * journal file, shown newest first with their outcomes, filtered by the search; the server's
 * history of the selected entry's license beside them, from an in-process simulator on loopback,
 * and what shows when the server does not offer it. */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <adwaita.h>

#include "app-window-fixture.h"
#include "isplic-history-window.h"

#define N_LICENSES 12
#define SEED 7

typedef struct
{
  IsplicSim *sim;
  IsplicWindow *win;
  char *url;
  char *account;
  GtkWidget *history;          /* nullable, weak */
  GPtrArray *server;           /* of IsplicHistoryEntry, nullable: fetched by the test itself */
  GError *server_error;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  app_reset_settings (APP_RESET_SIGN_IN);
  f->sim = app_sim_start (N_LICENSES, SEED, APP_SIM_NO_KEY_DELAY, &f->url);
  f->account = isplic_journal_account_name (f->url, ISPLIC_SIM_DEFAULT_USER);
  f->win = app_window_present ();
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *path = isplic_journal_default_path ();

  if (f->history != NULL)
    gtk_window_destroy (GTK_WINDOW (f->history));
  g_assert_null (f->history);
  app_window_close (&f->win);
  app_sim_finish (f->sim);
  g_clear_pointer (&f->server, g_ptr_array_unref);
  g_clear_error (&f->server_error);
  g_free (f->url);
  g_free (f->account);
  /* The next test starts with no journal. */
  g_unlink (path);
}

static IsplicJournal *
journal (Fixture *f)
{
  IsplicJournal *journal = isplic_client_get_journal (isplic_window_client (f->win));

  g_assert_nonnull (journal);
  return journal;
}

static IsplicLicense *
license (Fixture *f,
         guint    position)
{
  g_autoptr(IsplicLicense) l = g_list_model_get_item (G_LIST_MODEL (f->win->licenses), position);

  g_assert_nonnull (l);
  return l;  /* the list keeps it */
}

/* Writes one entry of @account with @outcome (OPEN: left open). */
static void
write_entry (Fixture              *f,
             const char           *account,
             const char           *operation,
             const char * const   *ids,
             const char           *what,
             gboolean              money,
             IsplicJournalOutcome  outcome,
             const char           *message)
{
  g_autoptr(GError) error = NULL;
  guint64 id = isplic_journal_begin (journal (f), account, operation, ids, what, money, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (id, >, 0);
  if (outcome != ISPLIC_JOURNAL_OPEN)
    {
      g_assert_true (isplic_journal_end (journal (f), id, outcome, message, &error));
      g_assert_no_error (error);
    }
}

static gpointer
child (Fixture    *f,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (f->history, ISPLIC_TYPE_HISTORY_WINDOW, name);

  g_assert_nonnull (object);
  return object;
}

static void
open_history (Fixture *f)
{
  g_action_group_activate_action (G_ACTION_GROUP (f->win), "history", NULL);
  f->history = g_object_get_data (G_OBJECT (f->win), "isplic-history-window");
  g_assert_true (ISPLIC_IS_HISTORY_WINDOW (f->history));
  g_object_add_weak_pointer (G_OBJECT (f->history), (gpointer *) &f->history);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (f->history)) == GTK_WINDOW (f->win));
  WAIT_FOR (!isplic_history_window_get_loading (ISPLIC_HISTORY_WINDOW (f->history)));
}

static const char *
entries_page (Fixture *f)
{
  return gtk_stack_get_visible_child_name (child (f, "entries_stack"));
}

static GtkSingleSelection *
selection (Fixture *f)
{
  return GTK_SINGLE_SELECTION (gtk_list_view_get_model (child (f, "list_view")));
}

static guint
n_shown (Fixture *f)
{
  return g_list_model_get_n_items (G_LIST_MODEL (selection (f)));
}

/* The texts of the labels on screen under @widget, in widget order. */
static void
collect_labels (GtkWidget *widget,
                GPtrArray *texts)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LABEL (widget))
    {
      g_assert_false (gtk_label_get_use_markup (GTK_LABEL (widget)));
      g_ptr_array_add (texts, g_strdup (gtk_label_get_text (GTK_LABEL (widget))));
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    collect_labels (c, texts);
}

static GPtrArray *
row_labels (Fixture *f)
{
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);

  collect_labels (child (f, "list_view"), texts);
  return texts;
}

static gboolean
has_text (GPtrArray  *texts,
          const char *text)
{
  return g_ptr_array_find_with_equal_func (texts, text, g_str_equal, NULL);
}

/* Where @text is among @texts, or -1. */
static int
index_of (GPtrArray  *texts,
          const char *text)
{
  guint index;

  return g_ptr_array_find_with_equal_func (texts, text, g_str_equal, &index) ? (int) index : -1;
}

static void
search (Fixture    *f,
        const char *text)
{
  /* The search entry waits a moment before it says the text changed: callers wait for it. */
  gtk_editable_set_text (GTK_EDITABLE (child (f, "search_entry")), text);
}

static gboolean
rows_show (Fixture    *f,
           const char *text)
{
  g_autoptr(GPtrArray) texts = row_labels (f);

  return has_text (texts, text);
}

static void
server_history_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Fixture *f = user_data;

  f->server = isplic_client_get_history_finish (ISPLIC_CLIENT (source), result, &f->server_error);
}

static guint
n_server_rows (Fixture *f)
{
  guint n = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (child (f, "server_list")); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    n++;
  return n;
}

/* Fetches the server's history of @l into f->server, with a client of the test's own. */
static void
assert_server_history_len (Fixture       *f,
                           IsplicLicense *l)
{
  g_autoptr(IsplicClient) client = isplic_client_new (f->url, ISPLIC_SIM_DEFAULT_USER,
                                                      ISPLIC_SIM_DEFAULT_PASSWORD);

  g_clear_pointer (&f->server, g_ptr_array_unref);
  isplic_client_get_history_async (client, isplic_license_get_id (l), NULL, server_history_cb, f);
  WAIT_FOR (f->server != NULL || f->server_error != NULL);
  g_assert_no_error (f->server_error);
  g_assert_cmpuint (f->server->len, >, 0);
}

/* The History window shows the server's own history of @l, row by row. */
static void
assert_server_history (Fixture       *f,
                       IsplicLicense *l)
{
  GtkWidget *row;
  guint i = 0;

  assert_server_history_len (f, l);

  WAIT_FOR (!gtk_widget_get_visible (child (f, "server_spinner"))
            && n_server_rows (f) == f->server->len);
  g_assert_true (gtk_widget_get_visible (child (f, "server_list")));
  g_assert_false (gtk_widget_get_visible (child (f, "server_label")));
  for (row = gtk_widget_get_first_child (child (f, "server_list")); row != NULL;
       row = gtk_widget_get_next_sibling (row), i++)
    {
      IsplicHistoryEntry *entry = g_ptr_array_index (f->server, i);

      g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                       entry->desc != NULL ? entry->desc : "—");
      g_assert_false (adw_preferences_row_get_use_markup (ADW_PREFERENCES_ROW (row)));
    }
}

static void
test_entries (Fixture       *f,
              gconstpointer  data)
{
  IsplicLicense *a, *b, *c;
  const char *ids_a[2], *ids_b[2], *ids_c[2], *ids_ac[3];
  g_autoptr(GPtrArray) texts = NULL;
  g_autofree char *c_text = NULL;

  app_sign_in (f->win, f->url);
  a = license (f, 0);
  b = license (f, 1);
  c = license (f, 2);
  ids_a[0] = isplic_license_get_id (a), ids_a[1] = NULL;
  ids_b[0] = isplic_license_get_id (b), ids_b[1] = NULL;
  ids_c[0] = isplic_license_get_id (c), ids_c[1] = NULL;
  ids_ac[0] = ids_a[0], ids_ac[1] = ids_c[0], ids_ac[2] = NULL;

  /* Oldest first; the window shows them newest first. */
  write_entry (f, f->account, "service.prolong", ids_a, "Renew 1 license for 1 month", TRUE,
               ISPLIC_JOURNAL_DONE, "Renewed");
  write_entry (f, f->account, "groupsuspend", ids_b, "Suspend 1 license", FALSE,
               ISPLIC_JOURNAL_NOT_DONE, "<b>Refused</b> by the server");
  write_entry (f, f->account, "soft.edit", ids_ac, "Change 2 licenses", FALSE,
               ISPLIC_JOURNAL_UNKNOWN, "No answer came");
  write_entry (f, "someone @ https://elsewhere.example", "service.prolong", ids_a,
               "Another account's renewal", TRUE, ISPLIC_JOURNAL_DONE, NULL);
  /* Sent after the sign-in's reconcile: still open. */
  write_entry (f, f->account, "groupdelete", ids_c, "Delete 1 license", FALSE,
               ISPLIC_JOURNAL_OPEN, NULL);

  open_history (f);
  g_assert_cmpstr (entries_page (f), ==, "list");
  g_assert_cmpuint (n_shown (f), ==, 4);
  /* Nothing is selected at first: the right side says so. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (f, "detail_stack")), ==, "none");

  WAIT_FOR (rows_show (f, "Renew 1 license for 1 month"));
  texts = row_labels (f);
  /* Newest first, each with its outcome; the other account's entry is not there. */
  g_assert_cmpint (index_of (texts, "Delete 1 license"), <, index_of (texts, "Change 2 licenses"));
  g_assert_cmpint (index_of (texts, "Change 2 licenses"), <, index_of (texts, "Suspend 1 license"));
  g_assert_cmpint (index_of (texts, "Suspend 1 license"), <,
                   index_of (texts, "Renew 1 license for 1 month"));
  g_assert_false (has_text (texts, "Another account's renewal"));
  g_assert_true (has_text (texts, "Done"));
  g_assert_true (has_text (texts, "Not done"));
  g_assert_true (has_text (texts, "Outcome unknown — check before repeating"));
  g_assert_true (has_text (texts, "Open"));
  /* The server's text as it came, not as markup. */
  g_assert_true (has_text (texts, "<b>Refused</b> by the server"));
  /* One money marker: the renewal's. */
  {
    guint n_charge = 0;

    for (guint i = 0; i < texts->len; i++)
      n_charge += g_str_equal (texts->pdata[i], "Charge");
    g_assert_cmpuint (n_charge, ==, 1);
  }
  c_text = g_strdup_printf ("%s (%s)", isplic_license_get_name (c), isplic_license_get_id (c));
  g_assert_true (has_text (texts, c_text));

  /* The search looks in the licenses' numbers and names and in what was done. */
  search (f, isplic_license_get_id (b));
  WAIT_FOR (n_shown (f) == 1);
  g_assert_cmpstr (entries_page (f), ==, "list");
  search (f, isplic_license_get_name (c));
  WAIT_FOR (n_shown (f) == 2);
  search (f, "RENEW");
  WAIT_FOR (n_shown (f) == 1);
  search (f, "no entry has these words");
  WAIT_FOR (n_shown (f) == 0);
  WAIT_FOR (g_strcmp0 (entries_page (f), "no-match") == 0);
  search (f, "");
  WAIT_FOR (n_shown (f) == 4);
  g_assert_cmpstr (entries_page (f), ==, "list");

  /* The suspension (license b): its answer, and b's own history from the server. */
  gtk_single_selection_set_selected (selection (f), 2);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (f, "detail_stack")), ==, "entry");
  g_assert_cmpstr (adw_action_row_get_subtitle (child (f, "outcome_row")), ==, "Not done");
  g_assert_cmpstr (adw_action_row_get_subtitle (child (f, "message_row")), ==,
                   "<b>Refused</b> by the server");
  g_assert_false (gtk_widget_get_visible (child (f, "license_list")));
  assert_server_history (f, b);

  /* Two licenses: a's history first, then c's when picked. */
  gtk_single_selection_set_selected (selection (f), 1);
  g_assert_cmpstr (adw_action_row_get_subtitle (child (f, "outcome_row")), ==,
                   "Outcome unknown — check before repeating");
  g_assert_true (gtk_widget_get_visible (child (f, "license_list")));
  assert_server_history (f, a);
  adw_combo_row_set_selected (child (f, "license_row"), 1);
  assert_server_history (f, c);

  /* Escape in the search: clears the text first, then closes the window. */
  search (f, "renew");
  WAIT_FOR (n_shown (f) == 1);
  g_signal_emit_by_name (child (f, "search_entry"), "stop-search");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (f, "search_entry"))), ==, "");
  g_assert_nonnull (f->history);
  g_signal_emit_by_name (child (f, "search_entry"), "stop-search");
  WAIT_FOR (f->history == NULL);
  g_assert_null (g_object_get_data (G_OBJECT (f->win), "isplic-history-window"));
}

/* Selecting entries quickly: only the last one's history is shown (the others are cancelled). */
static void
test_selection_changes (Fixture       *f,
                        gconstpointer  data)
{
  const char *ids[2] = { NULL, NULL };

  app_sign_in (f->win, f->url);
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *what = g_strdup_printf ("Edit license %u", i);

      ids[0] = isplic_license_get_id (license (f, i));
      write_entry (f, f->account, "soft.edit", ids, what, FALSE, ISPLIC_JOURNAL_DONE, NULL);
    }
  open_history (f);
  g_assert_cmpuint (n_shown (f), ==, 4);
  for (guint i = 0; i < 4; i++)
    gtk_single_selection_set_selected (selection (f), i);
  /* The last selected (the oldest entry) concerns license 0. */
  assert_server_history (f, license (f, 0));
  isplic_test_spin (200);
  assert_server_history (f, license (f, 0));
}

static void
test_not_offered (Fixture       *f,
                  gconstpointer  data)
{
  const char *ids[2] = { NULL, NULL };

  app_sign_in (f->win, f->url);
  ids[0] = isplic_license_get_id (license (f, 3));
  write_entry (f, f->account, "soft.edit", ids, "Change the name", FALSE, ISPLIC_JOURNAL_DONE,
               NULL);
  isplic_sim_set_function_enabled (f->sim, "service.history", FALSE);
  open_history (f);
  g_assert_cmpuint (n_shown (f), ==, 1);
  gtk_single_selection_set_selected (selection (f), 0);
  WAIT_FOR (gtk_widget_get_visible (child (f, "server_label")));
  g_assert_cmpstr (gtk_label_get_text (child (f, "server_label")), ==,
                   "The billing server does not offer history");
  g_assert_false (gtk_widget_get_visible (child (f, "server_list")));
  g_assert_false (gtk_widget_get_visible (child (f, "server_spinner")));
  /* The entry itself is still shown. */
  g_assert_cmpstr (adw_action_row_get_subtitle (child (f, "outcome_row")), ==, "Done");

  /* Signed out: the account's History closes with it, and cannot be opened again. */
  isplic_session_sign_out (f->win->session);
  WAIT_FOR (f->history == NULL);
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (f->win), "history"));
}

/* A journal that holds nothing of this account: the empty state; after a change, opening the
 * window again reads the journal again. */
static void
test_empty (Fixture       *f,
            gconstpointer  data)
{
  const char *ids[2] = { NULL, NULL };

  app_sign_in (f->win, f->url);
  ids[0] = isplic_license_get_id (license (f, 0));
  write_entry (f, "someone @ https://elsewhere.example", "soft.edit", ids, "Not ours", FALSE,
               ISPLIC_JOURNAL_DONE, NULL);
  open_history (f);
  g_assert_cmpstr (entries_page (f), ==, "empty");
  g_assert_cmpuint (n_shown (f), ==, 0);

  /* Five licenses: three named, the others counted. */
  {
    const char *five[6] = { NULL };
    g_autofree char *expected = NULL;
    char *first[3] = { NULL };

    for (guint i = 0; i < 5; i++)
      five[i] = isplic_license_get_id (license (f, i));
    for (guint i = 0; i < 3; i++)
      first[i] = g_strdup_printf ("%s (%s)", isplic_license_get_name (license (f, i)), five[i]);
    expected = g_strdup_printf ("%s, %s, %s and 2 more", first[0], first[1], first[2]);
    for (guint i = 0; i < 3; i++)
      g_free (first[i]);
    write_entry (f, f->account, "groupsuspend", five, "Ours", FALSE, ISPLIC_JOURNAL_DONE, NULL);
    open_history (f);
    g_assert_cmpstr (entries_page (f), ==, "list");
    g_assert_cmpuint (n_shown (f), ==, 1);
    WAIT_FOR (rows_show (f, expected));
  }
}

/* Narrow: the two panes stack; a click opens the entry, the back button returns to the list. */
static void
test_narrow (Fixture       *f,
             gconstpointer  data)
{
  const char *ids[2] = { NULL, NULL };
  AdwLeaflet *leaflet;

  app_sign_in (f->win, f->url);
  ids[0] = isplic_license_get_id (license (f, 0));
  write_entry (f, f->account, "soft.edit", ids, "Change the name", FALSE, ISPLIC_JOURNAL_DONE,
               NULL);
  /* Made narrow from the start: without a window manager a mapped transient window keeps its
   * size. */
  f->history = isplic_history_window_new (isplic_window_client (f->win), f->win->licenses);
  g_object_add_weak_pointer (G_OBJECT (f->history), (gpointer *) &f->history);
  gtk_window_set_default_size (GTK_WINDOW (f->history), 380, 600);
  gtk_window_present (GTK_WINDOW (f->history));
  WAIT_FOR (!isplic_history_window_get_loading (ISPLIC_HISTORY_WINDOW (f->history)));
  leaflet = child (f, "leaflet");
  WAIT_FOR (adw_leaflet_get_folded (leaflet));
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "entries");
  g_assert_true (gtk_list_view_get_single_click_activate (child (f, "list_view")));
  g_signal_emit_by_name (child (f, "list_view"), "activate", 0);
  WAIT_FOR (g_strcmp0 (adw_leaflet_get_visible_child_name (leaflet), "detail") == 0);
  g_assert_true (gtk_widget_get_visible (child (f, "back_button")));
  assert_server_history (f, license (f, 0));
  g_signal_emit_by_name (child (f, "back_button"), "clicked");
  WAIT_FOR (g_strcmp0 (adw_leaflet_get_visible_child_name (leaflet), "entries") == 0);
}

static guint
count_list_items (GtkWidget *widget)
{
  guint n = g_str_equal (G_OBJECT_TYPE_NAME (widget), "GtkListItemWidget");

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    n += count_list_items (c);
  return n;
}

/* A thousand entries: all in the model, rows made only for those on screen, the search still
 * finds one. */
static void
test_many (Fixture       *f,
           gconstpointer  data)
{
  const char *ids[2] = { NULL, NULL };
  /* Each entry is flushed to disk as it is written: a thousand is enough to need scrolling. */
  guint n = 1000;

  app_sign_in (f->win, f->url);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *what = g_strdup_printf ("Edit number %u", i);

      ids[0] = isplic_license_get_id (license (f, i % N_LICENSES));
      write_entry (f, f->account, "soft.edit", ids, what, i % 7 == 0,
                   i % 5 == 0 ? ISPLIC_JOURNAL_DONE : ISPLIC_JOURNAL_OPEN, NULL);
    }
  open_history (f);
  g_assert_cmpuint (n_shown (f), ==, n);
  WAIT_FOR (rows_show (f, "Edit number 999"));
  g_assert_cmpuint (count_list_items (child (f, "list_view")), <, 300);
  search (f, "number 123");
  WAIT_FOR (n_shown (f) == 1);
  WAIT_FOR (rows_show (f, "Edit number 123"));
}

/* Open while IspLic sends more: after the window's refresh the new entry is on top and the open
 * one shows its outcome, the selected entry still selected. */
static void
test_live (Fixture       *f,
           gconstpointer  data)
{
  const char *ids[2] = { NULL, NULL };
  g_autoptr(GError) error = NULL;
  GtkSingleSelection *sel;
  guint64 open_id;

  app_sign_in (f->win, f->url);
  ids[0] = isplic_license_get_id (license (f, 0));
  write_entry (f, f->account, "soft.edit", ids, "First change", FALSE, ISPLIC_JOURNAL_DONE,
               NULL);
  open_id = isplic_journal_begin (journal (f), f->account, "groupdelete", ids, "Second change",
                                  FALSE, &error);
  g_assert_no_error (error);
  open_history (f);
  sel = selection (f);
  g_assert_cmpuint (n_shown (f), ==, 2);
  gtk_single_selection_set_selected (sel, 0);
  g_assert_cmpstr (adw_action_row_get_subtitle (child (f, "outcome_row")), ==, "Open");
  WAIT_FOR (rows_show (f, "Open"));

  g_assert_true (isplic_journal_end (journal (f), open_id, ISPLIC_JOURNAL_NOT_DONE, "Refused",
                                     &error));
  g_assert_no_error (error);
  write_entry (f, f->account, "soft.edit", ids, "Third change", FALSE, ISPLIC_JOURNAL_DONE, NULL);
  isplic_window_refresh (f->win);
  WAIT_FOR (n_shown (f) == 3);
  WAIT_FOR (rows_show (f, "Third change") && rows_show (f, "Not done") && !rows_show (f, "Open"));
  /* Still the second change selected, now at position 1, with its new outcome. */
  g_assert_cmpuint (gtk_single_selection_get_selected (sel), ==, 1);
  g_assert_cmpstr (adw_action_row_get_subtitle (child (f, "outcome_row")), ==, "Not done");
  g_assert_cmpstr (adw_action_row_get_subtitle (child (f, "message_row")), ==, "Refused");
  assert_server_history (f, license (f, 0));
}

static void
collect_rows (GtkWidget *widget,
              GPtrArray *rows)
{
  if (ADW_IS_ACTION_ROW (widget))
    {
      g_ptr_array_add (rows, widget);
      return;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    collect_rows (c, rows);
}

/* The details pane's History lists IspLic's own entries for the license, marked as IspLic's with
 * their outcome, merged by time with the server's; none of another license or account. */
static void
test_details_pane (Fixture       *f,
                   gconstpointer  data)
{
  IsplicLicense *a;
  const char *ids[2] = { NULL, NULL };
  const char *others[2] = { NULL, NULL };
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  GtkWidget *group;
  GtkWidget *spinner;

  app_sign_in (f->win, f->url);
  a = license (f, 0);
  ids[0] = isplic_license_get_id (a);
  others[0] = isplic_license_get_id (license (f, 1));
  write_entry (f, f->account, "groupsuspend", ids, "Suspend 1 license", FALSE,
               ISPLIC_JOURNAL_NOT_DONE, "Refused");
  write_entry (f, f->account, "groupsuspend", others, "Suspend another license", FALSE,
               ISPLIC_JOURNAL_DONE, NULL);
  write_entry (f, "someone @ https://elsewhere.example", "soft.edit", ids, "Not ours", FALSE,
               ISPLIC_JOURNAL_DONE, NULL);

  group = GTK_WIDGET (app_pane_child (f->win, "history_group"));
  spinner = GTK_WIDGET (app_pane_child (f->win, "history_spinner"));
  isplic_details_pane_set_license (isplic_window_get_details_pane (f->win), a);
  assert_server_history_len (f, a);
  WAIT_FOR (!gtk_widget_get_visible (spinner));
  collect_rows (group, rows);
  g_assert_cmpuint (rows->len, ==, f->server->len + 1);
  /* Sent now: newer than anything the simulator's generated license went through. */
  g_assert_cmpstr (adw_preferences_row_get_title (rows->pdata[0]), ==, "Suspend 1 license");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (rows->pdata[0]),
                            "sent by IspLic: Not done"));
  for (guint i = 1; i < rows->len; i++)
    {
      IsplicHistoryEntry *entry = g_ptr_array_index (f->server, i - 1);

      g_assert_cmpstr (adw_preferences_row_get_title (rows->pdata[i]), ==,
                       entry->desc != NULL ? entry->desc : "—");
    }
}

int
main (int   argc,
      char *argv[])
{
  /* The journal under a folder of this program's own, not the other tests'. */
  g_autofree char *home = isplic_test_private_home ();
  int status;

  app_test_init (&argc, &argv, TRUE);

#define ADD(path, fn) \
  g_test_add ("/app/history/" path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("entries", test_entries);
  ADD ("selection-changes", test_selection_changes);
  ADD ("not-offered", test_not_offered);
  ADD ("empty", test_empty);
  ADD ("narrow", test_narrow);
  ADD ("details-pane", test_details_pane);
  ADD ("many", test_many);
  ADD ("live", test_live);
#undef ADD

  status = g_test_run ();
  isplic_test_remove_tree (home);
  return status;
}
