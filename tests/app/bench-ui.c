/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The real window with 10,000 simulator licenses: time from sign-in to the first rows on
 * screen, per search keystroke, and per column sort. The simulator runs in its own thread with
 * its own main context, as a remote server would. Besides the time until a change is settled and
 * painted, each step reports the longest stall: the largest gap between two dispatches of a 1 ms
 * repeating timeout, i.e. the longest single main-loop iteration (a frame that could not be drawn).
 * Prints the numbers; asserts nothing about time.
 */
#include "config.h"

#include <stdio.h>

#include <adwaita.h>

#include "isplic-sim.h"
#include "isplic-window-private.h"

#define N_LICENSES 10000

typedef struct
{
  GMutex mutex;
  GCond cond;
  char *url;
  GMainLoop *loop;
  IsplicSim *sim;
} SimThread;

static gpointer
sim_thread_func (gpointer data)
{
  SimThread *st = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (context);
  st->sim = isplic_sim_new ();
  isplic_sim_generate (st->sim, N_LICENSES, 7);
  if (!isplic_sim_start (st->sim, 0, &error))
    g_error ("simulator: %s", error->message);
  st->loop = g_main_loop_new (context, FALSE);

  g_mutex_lock (&st->mutex);
  st->url = isplic_sim_get_url (st->sim);
  g_cond_signal (&st->cond);
  g_mutex_unlock (&st->mutex);

  g_main_loop_run (st->loop);

  isplic_sim_stop (st->sim);
  g_clear_object (&st->sim);
  g_main_context_pop_thread_default (context);
  return NULL;
}

static guint paints;
static guint rows_created;

static void
row_setup_cb (void)
{
  rows_created++;
}

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       data)
{
  paints++;
}

static gint64 last_tick;
static gint64 max_gap;

static gboolean
tick_cb (gpointer data)
{
  gint64 now = g_get_monotonic_time ();

  if (last_tick != 0)
    max_gap = MAX (max_gap, now - last_tick);
  last_tick = now;
  return G_SOURCE_CONTINUE;
}

/* Starts measuring the longest stall from now. */
static void
stall_reset (void)
{
  last_tick = g_get_monotonic_time ();
  max_gap = 0;
}

/* The longest stall since stall_reset(), in ms, including the time since the last tick. */
static double
stall_ms (void)
{
  return MAX (max_gap, g_get_monotonic_time () - last_tick) / 1000.0;
}

#define WAIT_FOR(cond)                                                               \
  G_STMT_START {                                                                     \
    gint64 deadline_ = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;               \
    while (!(cond))                                                                  \
      {                                                                              \
        if (g_get_monotonic_time () > deadline_)                                     \
          g_error ("Timed out waiting for: %s", #cond);                              \
        g_main_context_iteration (NULL, TRUE);                                       \
      }                                                                              \
  } G_STMT_END

static void
wait_for_paint (IsplicWindow *win)
{
  guint before = paints;

  gtk_widget_queue_draw (GTK_WIDGET (win->view->column_view));
  WAIT_FOR (paints > before);
}

/* Runs the main loop until nothing is pending, no idle left and 50 ms passed with no stall
 * longer than 20 ms (the 1 ms tick keeps the loop busy, so "nothing pending" alone never holds). */
static void
settle (void)
{
  gint64 quiet_since = g_get_monotonic_time ();
  gint64 deadline = quiet_since + 10 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      gint64 before = g_get_monotonic_time ();

      g_main_context_iteration (NULL, TRUE);
      if (g_get_monotonic_time () - before > 20000)
        quiet_since = g_get_monotonic_time ();
      else if (g_get_monotonic_time () - quiet_since > 50000)
        break;
    }
}

/* Edits the entry as typing would: deletes back to the common prefix, then inserts the rest.
 * (gtk_editable_set_text() would clear the entry first, and GtkSearchEntry reports an empty
 * text at once: every step would pass through the full list.) */
static void
type_text (GtkEditable *editable,
           const char  *text)
{
  const char *current = gtk_editable_get_text (editable);
  int common = 0, position;

  while (current[common] != '\0' && current[common] == text[common])
    common++;
  if (current[common] != '\0')
    gtk_editable_delete_text (editable, common, -1);
  position = common;
  if (text[common] != '\0')
    gtk_editable_insert_text (editable, text + common, -1, &position);
}

static int
compare_with_sorter (gconstpointer a,
                     gconstpointer b,
                     gpointer      sorter)
{
  return gtk_sorter_compare (sorter, *(gpointer *) a, *(gpointer *) b);
}

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

static int
cmp_double (gconstpointer a,
            gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
report (const char *what,
        GArray     *values)
{
  double sum = 0;

  g_array_sort (values, cmp_double);
  for (guint i = 0; i < values->len; i++)
    sum += g_array_index (values, double, i);
  printf ("%-34s median %7.2f ms   max %7.2f ms   mean %7.2f ms   (n=%u)\n", what,
          g_array_index (values, double, values->len / 2),
          g_array_index (values, double, values->len - 1), sum / values->len, values->len);
}

int
main (int   argc,
      char *argv[])
{
  static const char *keystrokes[] = {
    "s", "sr", "srv", "srv-", "srv-1", "srv-12", "srv-1", "srv-", "srv", "sr", "s", "",
    "1", "19", "198", "198.", "198.5", "198.51", "", "example", "exampl", "",
  };
  SimThread st = { 0 };
  g_autoptr(GThread) thread = NULL;
  g_autoptr(GArray) filter_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) frame_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) stall_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) sort_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) sort_stalls = g_array_new (FALSE, FALSE, sizeof (double));
  IsplicWindow *win;
  GListModel *columns;
  guint tick;
  gint64 start;
  double signed_in_ms, rows_ms, painted_ms;

  gtk_init ();
  adw_init ();
  /* An entry focused without a window manager: its blink timer may warn ("did not receive a
   * focus-out event"), which fatal warnings turn into a crash. */
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);
  tick = g_timeout_add (1, tick_cb, NULL);

  g_mutex_init (&st.mutex);
  g_cond_init (&st.cond);
  thread = g_thread_new ("simulator", sim_thread_func, &st);
  g_mutex_lock (&st.mutex);
  while (st.url == NULL)
    g_cond_wait (&st.cond, &st.mutex);
  g_mutex_unlock (&st.mutex);

  win = isplic_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (win), 1280, 900);
  gtk_window_present (GTK_WINDOW (win));
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (win)));
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (win)), "after-paint",
                    G_CALLBACK (after_paint_cb), NULL);

  /* The Name column has one cell per row: its setups count the row widgets created. */
  g_signal_connect (win->view->name_factory, "setup", G_CALLBACK (row_setup_cb), NULL);

  /* Sign in → first rows on screen. */
  isplic_window_prefill (win, st.url, ISPLIC_SIM_DEFAULT_USER);
  isplic_sign_in_page_set_password (win->sign_in_page, ISPLIC_SIM_DEFAULT_PASSWORD);
  isplic_sign_in_page_set_remember (win->sign_in_page, FALSE);
  start = g_get_monotonic_time ();
  isplic_sign_in_page_submit (win->sign_in_page);
  WAIT_FOR (isplic_window_get_signed_in (win));
  signed_in_ms = ms_since (start);
  WAIT_FOR (g_list_model_get_n_items (G_LIST_MODEL (win->view->filter_model)) == N_LICENSES);
  rows_ms = ms_since (start);
  wait_for_paint (win);
  painted_ms = ms_since (start);
  printf ("# %u licenses, simulator in its own thread, GSK_RENDERER=%s\n", N_LICENSES,
          g_getenv ("GSK_RENDERER") ? g_getenv ("GSK_RENDERER") : "default");
  printf ("%-34s %7.1f ms\n", "sign-in accepted", signed_in_ms);
  printf ("%-34s %7.1f ms\n", "all rows in the model", rows_ms);
  printf ("%-34s %7.1f ms\n", "first rows painted", painted_ms);

  /* Search keystrokes: the filter runs as the entry reports a change; no debounce here so the
   * number is the work per keystroke itself. */
  gtk_search_entry_set_search_delay (win->search_entry, 0);
  for (guint i = 0; i < G_N_ELEMENTS (keystrokes); i++)
    {
      const char *text = keystrokes[i];
      double t_filter, t_frame, t_stall;
      guint created = rows_created;

      /* Let the previous step's idle work finish, then measure this one alone. */
      settle ();
      stall_reset ();
      start = g_get_monotonic_time ();
      type_text (GTK_EDITABLE (win->search_entry), text);
      WAIT_FOR (*text == '\0' ? win->view->needle == NULL
                               : g_strcmp0 (win->view->needle, text) == 0);
      t_filter = ms_since (start);
      wait_for_paint (win);
      t_frame = ms_since (start);
      settle ();
      t_stall = stall_ms ();
      g_array_append_val (filter_times, t_filter);
      g_array_append_val (frame_times, t_frame);
      g_array_append_val (stall_times, t_stall);
      printf ("#   search %-10s → %5u rows   filter %6.2f ms   painted %6.2f ms   stall %6.2f ms   "
              "%u rows built\n",
              *text ? text : "(empty)",
              g_list_model_get_n_items (G_LIST_MODEL (win->view->filter_model)),
              t_filter, t_frame, t_stall, rows_created - created);
    }
  report ("search keystroke (filter)", filter_times);
  report ("search keystroke (to paint)", frame_times);
  report ("search keystroke (longest stall)", stall_times);

  /* Sorting each column, both directions. */
  columns = gtk_column_view_get_columns (win->view->column_view);
  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      for (int dir = 0; dir < 2; dir++)
        {
          double t_sort, t_frame, t_stall;

          settle ();
          stall_reset ();
          start = g_get_monotonic_time ();
          gtk_column_view_sort_by_column (win->view->column_view, column,
                                          dir == 0 ? GTK_SORT_ASCENDING : GTK_SORT_DESCENDING);
          WAIT_FOR (!gtk_sort_list_model_get_pending (win->view->sort_model));
          t_sort = ms_since (start);
          wait_for_paint (win);
          t_frame = ms_since (start);
          settle ();
          t_stall = stall_ms ();
          g_array_append_val (sort_times, t_frame);
          g_array_append_val (sort_stalls, t_stall);
          printf ("sort %-12s %-10s  sort %7.2f ms   painted %7.2f ms   stall %7.2f ms\n",
                  gtk_column_view_column_get_title (column), dir == 0 ? "ascending" : "descending",
                  t_sort, t_frame, t_stall);
        }
    }
  report ("sort (to paint)", sort_times);
  /* The comparators alone: sorting the licenses with each column's sorter, no models. */
  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      GtkSorter *sorter = gtk_column_view_column_get_sorter (column);
      g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
      GListModel *all = G_LIST_MODEL (isplic_window_get_licenses (win));

      for (guint p = 0; p < g_list_model_get_n_items (all); p++)
        g_ptr_array_add (items, g_list_model_get_item (all, p));
      start = g_get_monotonic_time ();
      g_ptr_array_sort_with_data (items, compare_with_sorter, sorter);
      printf ("#   comparator %-12s %7.2f ms\n", gtk_column_view_column_get_title (column), ms_since (start));
    }
  report ("sort (longest stall)", sort_stalls);

  gtk_window_destroy (GTK_WINDOW (win));
  g_main_loop_quit (st.loop);
  g_thread_join (g_steal_pointer (&thread));
  g_main_loop_unref (st.loop);
  g_free (st.url);
  g_source_remove (tick);
  return 0;
}
