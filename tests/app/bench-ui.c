/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The real window with N simulator licenses (argument; 10,000 by default): how long the main loop
 * stalls while the list arrives, per search keystroke, per column sort and per jump of the
 * scrolled list, and how long the app takes to its first paint compared with an empty libadwaita
 * window. The simulator runs in its own thread with its own main context, as a remote server
 * would. "Stall" is the largest gap between two dispatches of a 1 ms repeating timeout, i.e. the
 * longest single main-loop iteration (a frame that could not be drawn). The arrival of the list
 * is read against a bare table window given its rows the same way (bench-ui-table.c): a
 * screenful of them, the floor for that first frame, and as many as the app, in one go.
 *
 * Start-up is measured in child processes of this same program (modes "startup-empty",
 * "startup-table" and "startup-app"), from the parent's g_spawn call to the child's first
 * "after-paint": the reference is an AdwApplication that opens an empty AdwApplicationWindow; a
 * bare table window (a header bar and a screenful of a 7-column GtkColumnView) is the floor for a
 * list at the first paint; the app is the real IsplicApplication with a remembered account
 * (memory settings, file keyring) whose list was saved to the cache by the run before. Medians
 * of several runs, and of each phase of the three start-ups side by side
 * (bench_print_startup_phases()).
 * Prints the numbers; asserts nothing about time. With ISPLIC_BENCH_STALLS=1 it also prints, to
 * stderr, "STALL start end" (monotonic microseconds) for each iteration longer than 12 ms and
 * "MARK time" where a measurement starts, to match the stalls with a profiler's samples.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "isplic-application.h"
#include "isplic-license-view-private.h"
#include "isplic-sim.h"
#include "isplic-window-private.h"

#include "bench-ui.h"

#define ROUNDS 3
#define STARTUP_RUNS 5

static guint n_licenses = 10000;

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
  isplic_sim_generate (st->sim, n_licenses, 7);
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

static BenchFrames frames;
static guint rows_created;
static guint rows_bound;
static gint64 bind_started;
static gint64 bind_usec;

static void
row_setup_cb (void)
{
  rows_created++;
}

static gboolean
bind_hook_cb (GSignalInvocationHint *hint,
              guint                  n_params,
              const GValue          *params,
              gpointer               data)
{
  bind_started = g_get_monotonic_time ();
  return TRUE;
}

static void
bind_done_cb (void)
{
  rows_bound++;
  if (bind_started != 0)
    bind_usec += g_get_monotonic_time () - bind_started;
  bind_started = 0;
}

static void
before_paint_cb (GdkFrameClock *clock,
                 BenchFrames   *watched)
{
  watched->frame_at = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                BenchFrames   *watched)
{
  watched->paints++;
  watched->painted_at = g_get_monotonic_time ();
  watched->work_usec = watched->frame_at != 0 ? watched->painted_at - watched->frame_at : 0;
}

void
bench_frames_watch (GtkWidget   *widget,
                    BenchFrames *watched)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), watched);
  g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb), watched);
}

static gint64 last_tick;
static gint64 max_gap;

gboolean
bench_tick_cb (gpointer data)
{
  gint64 now = g_get_monotonic_time ();

  if (last_tick != 0)
    max_gap = MAX (max_gap, now - last_tick);
  if (last_tick != 0 && now - last_tick > 12000 && g_getenv ("ISPLIC_BENCH_STALLS"))
    fprintf (stderr, "STALL %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n", last_tick, now);
  last_tick = now;
  return G_SOURCE_CONTINUE;
}

/* Starts measuring the longest stall from now. */
void
bench_stall_reset (void)
{
  last_tick = g_get_monotonic_time ();
  max_gap = 0;
  if (g_getenv ("ISPLIC_BENCH_STALLS"))
    fprintf (stderr, "MARK %" G_GINT64_FORMAT "\n", last_tick);
}

/* The longest stall since stall_reset(), in ms, including the time since the last tick. */
double
bench_stall_ms (void)
{
  return MAX (max_gap, g_get_monotonic_time () - last_tick) / 1000.0;
}

static void
wait_for_paint (IsplicWindow *win)
{
  guint before = frames.paints;

  gtk_widget_queue_draw (GTK_WIDGET (win->view->column_view));
  WAIT_FOR (frames.paints > before);
}

/* Runs the main loop until 50 ms passed with no iteration longer than 20 ms (the 1 ms tick
 * keeps the loop busy, so "nothing pending" alone never holds). */
void
bench_settle (void)
{
  gint64 quiet_since = g_get_monotonic_time ();
  gint64 deadline = quiet_since + 20 * G_USEC_PER_SEC;

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

static double
median (GArray *values)
{
  g_array_sort (values, cmp_double);
  return values->len ? g_array_index (values, double, values->len / 2) : 0;
}

double
bench_median (GArray *values)
{
  return median (values);
}

static double
maximum (GArray *values)
{
  double m = 0;

  for (guint i = 0; i < values->len; i++)
    m = MAX (m, g_array_index (values, double, i));
  return m;
}

static void
report (const char *what,
        GArray     *values)
{
  printf ("%-40s median %8.2f ms   max %8.2f ms   (n=%u)\n", what, median (values),
          maximum (values), values->len);
}

static void
add (GArray *values,
     double  value)
{
  g_array_append_val (values, value);
}

/* Whether a part of the benchmark runs: all of them, or those named in ISPLIC_BENCH_ONLY
 * (e.g. "sort,search"; also: jumps, startup). */
static gboolean
phase (const char *name)
{
  const char *only = g_getenv ("ISPLIC_BENCH_ONLY");

  return only == NULL || *only == '\0' || strstr (only, name) != NULL;
}

/* Jump scrolling */

static GtkAdjustment *
view_adjustment (IsplicWindow *win)
{
  return gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (win->view->column_view));
}

/* Sets the scroll position and waits for the frame showing it; returns its time in ms. */
static double
jump_to (IsplicWindow *win,
         double        value,
         GArray       *stalls,
         GArray       *binds)
{
  gint64 start;
  guint before = frames.paints;
  double t;

  bench_settle ();
  bench_stall_reset ();
  bind_usec = 0;
  start = g_get_monotonic_time ();
  gtk_adjustment_set_value (view_adjustment (win), value);
  WAIT_FOR (frames.paints > before);
  t = ms_since (start);
  add (stalls, bench_stall_ms ());
  add (binds, bind_usec / 1000.0);
  return t;
}

typedef struct
{
  IsplicWindow *win;
  guint frames_left;
  double step;
} Drag;

static gboolean
drag_tick_cb (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       data)
{
  Drag *drag = data;
  GtkAdjustment *adj = view_adjustment (drag->win);

  if (drag->frames_left == 0)
    return G_SOURCE_REMOVE;
  drag->frames_left--;
  gtk_adjustment_set_value (adj, gtk_adjustment_get_value (adj) + drag->step);
  return G_SOURCE_CONTINUE;
}

static void
bench_jumps (IsplicWindow *win,
             GArray       *jump_frames,
             GArray       *jump_stalls,
             GArray       *page_frames,
             GArray       *binds,
             GArray       *drag_fps,
             GArray       *drag_frames)
{
  GtkAdjustment *adj = view_adjustment (win);
  g_autoptr(GArray) stalls = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint round = 0; round < ROUNDS; round++)
    {
      Drag drag = { win, 120, 0 };
      gint64 start;
      guint before;
      gint64 previous;

      /* End and Home. */
      add (jump_frames, jump_to (win, gtk_adjustment_get_upper (adj)
                                      - gtk_adjustment_get_page_size (adj), jump_stalls, binds));
      add (jump_frames, jump_to (win, 0, jump_stalls, binds));
      /* Page Down. */
      for (guint i = 0; i < 10; i++)
        add (page_frames, jump_to (win, gtk_adjustment_get_value (adj)
                                        + gtk_adjustment_get_page_size (adj), stalls, binds));

      /* A scrollbar drag: the whole list in 120 frames, each frame a jump of ~1/120th. */
      bench_settle ();
      drag.step = (gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj)) / 120;
      gtk_adjustment_set_value (adj, 0);
      wait_for_paint (win);
      before = frames.paints;
      previous = frames.painted_at;
      start = frames.painted_at;
      gtk_widget_add_tick_callback (GTK_WIDGET (win->view->column_view), drag_tick_cb, &drag,
                                    NULL);
      while (drag.frames_left > 0)
        {
          guint seen = frames.paints;

          g_main_context_iteration (NULL, TRUE);
          if (frames.paints != seen)
            {
              add (drag_frames, (frames.painted_at - previous) / 1000.0);
              previous = frames.painted_at;
            }
        }
      add (drag_fps, (frames.paints - before)
                     / ((frames.painted_at - start) / (double) G_USEC_PER_SEC));
    }
}

/* Sorting */

static void
bench_sort (IsplicWindow        *win,
            GtkColumnViewColumn *column,
            GArray              *stalls,
            GArray              *times)
{
  for (guint round = 0; round < ROUNDS; round++)
    for (int dir = 0; dir < 2; dir++)
      {
        gint64 start;

        bench_settle ();
        bench_stall_reset ();
        start = g_get_monotonic_time ();
        gtk_column_view_sort_by_column (win->view->column_view, column,
                                        dir == 0 ? GTK_SORT_ASCENDING : GTK_SORT_DESCENDING);
        WAIT_FOR (!isplic_license_view_get_pending (win->view));
        wait_for_paint (win);
        add (times, ms_since (start));
        bench_settle ();
        add (stalls, bench_stall_ms ());
      }
}

static void
save_cache_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(GError) error = NULL;

  if (!isplic_license_cache_save_finish (result, &error))
    g_error ("cache: %s", error->message);
  *(gboolean *) data = TRUE;
}

static void
store_password_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_autoptr(GError) error = NULL;

  if (!isplic_account_store_password_finish (result, &error))
    g_error ("keyring: %s", error->message);
  *(gboolean *) data = TRUE;
}

int
main (int   argc,
      char *argv[])
{
  static const char *keystrokes[] = {
    "s", "sr", "srv", "srv-", "srv-1", "srv-12", "srv-1", "srv-", "srv", "sr", "s", "",
    "1", "19", "198", "198.", "198.5", "198.51", "", "example", "exampl", "",
  };
  const char *sort_columns[] = { "IP Address", "Tariff", "Name" };
  SimThread st = { 0 };
  g_autoptr(GThread) thread = NULL;
  g_autoptr(GArray) first_key_stalls = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) later_key_stalls = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) key_frames = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) arrive_stalls = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) refresh_stalls = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) table_first_frames = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) table_frame_works = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) table_stalls = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) screen_first_frames = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) screen_frame_works = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) screen_stalls = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) idle_frames = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) first_frames = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) first_frame_works = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) jump_frames = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) jump_stalls = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) page_frames = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) binds = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) drag_fps = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) drag_frames = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) empty_starts = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) app_starts = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) whole_lists = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) empty_main_cpus = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) app_main_cpus = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) empty_cpus = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) app_cpus = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) table_starts = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) table_main_cpus = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) start_stalls = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) empty_stalls = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) empty_runs = g_array_new (FALSE, FALSE, sizeof (StartupRun));
  g_autoptr(GArray) table_runs = g_array_new (FALSE, FALSE, sizeof (StartupRun));
  g_autoptr(GArray) app_runs = g_array_new (FALSE, FALSE, sizeof (StartupRun));
  g_autofree char *self_exe = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *cache_path = NULL;
  g_autofree char *first_page = NULL;
  guint first_rows = 0;
  IsplicWindow *win;
  GListModel *columns;
  GtkSignalListItemFactory *factories[7];
  guint tick;
  gint64 start;
  double signed_in_ms = 0, rows_ms = 0, painted_ms = 0;
  gboolean done = FALSE;

  if (argc >= 3 && g_str_has_prefix (argv[1], "startup-"))
    {
      gtk_init ();
      adw_init ();
      return bench_startup_child (argv[1], argv[2], argc > 3 ? argv[3] : "");
    }
  if (argc >= 2)
    n_licenses = (guint) g_ascii_strtoull (argv[1], NULL, 10);
  if (n_licenses == 0)
    n_licenses = 10000;

  /* The cache and the keyring of this run, also the start-up children's. */
  tmp = g_dir_make_tmp ("isplic-bench-XXXXXX", NULL);
  g_setenv ("XDG_CACHE_HOME", tmp, TRUE);
  {
    g_autofree char *keyring = g_build_filename (tmp, "keyring", NULL);

    g_setenv ("SECRET_FILE_TEST_PATH", keyring, TRUE);
  }
  self_exe = g_file_read_link ("/proc/self/exe", NULL);

  gtk_init ();
  adw_init ();
  /* An entry focused without a window manager: its blink timer may warn ("did not receive a
   * focus-out event"), which fatal warnings turn into a crash. */
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);
  tick = g_timeout_add (1, bench_tick_cb, NULL);

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
  bench_frames_watch (GTK_WIDGET (win), &frames);

  /* The Name column has one cell per row: its setups and binds count the rows. */
  g_signal_connect (win->view->name_factory, "setup", G_CALLBACK (row_setup_cb), NULL);
  factories[0] = win->view->name_factory;
  factories[1] = win->view->ip_factory;
  factories[2] = win->view->tariff_factory;
  factories[3] = win->view->status_factory;
  factories[4] = win->view->expires_factory;
  factories[5] = win->view->auto_renew_factory;
  factories[6] = win->view->cost_factory;
  g_signal_add_emission_hook (g_signal_lookup ("bind", GTK_TYPE_SIGNAL_LIST_ITEM_FACTORY), 0,
                              bind_hook_cb, NULL, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (factories); i++)
    g_signal_connect_after (factories[i], "bind", G_CALLBACK (bind_done_cb), NULL);

  /* Sign in → the list arrives → first rows on screen; signed out and in again each round. */
  for (guint round = 0; round < ROUNDS; round++)
    {
      double ms;

      if (round > 0)
        {
          isplic_window_sign_out_now (win);
          bench_settle ();
        }
      isplic_window_prefill (win, st.url, ISPLIC_SIM_DEFAULT_USER);
      isplic_sign_in_page_set_password (isplic_window_get_sign_in_page (win),
                                        ISPLIC_SIM_DEFAULT_PASSWORD);
      isplic_sign_in_page_set_remember (isplic_window_get_sign_in_page (win), FALSE);
      start = g_get_monotonic_time ();
      isplic_sign_in_page_submit (isplic_window_get_sign_in_page (win));
      WAIT_FOR (isplic_window_get_signed_in (win));
      ms = ms_since (start);
      if (round == 0)
        signed_in_ms = ms;
      /* The sign-in itself is a network wait: the stall of interest begins with the list. */
      bench_stall_reset ();
      WAIT_FOR (g_list_model_get_n_items (G_LIST_MODEL (win->view->filter_model)) > 0);
      {
        gint64 rows_at = g_get_monotonic_time ();
        guint before = frames.paints;

        WAIT_FOR (frames.paints > before);
        add (first_frames, (frames.painted_at - rows_at) / 1000.0);
        add (first_frame_works, frames.work_usec / 1000.0);
      }
      WAIT_FOR (g_list_model_get_n_items (G_LIST_MODEL (win->view->filter_model)) == n_licenses
                && !isplic_session_get_refreshing (win->session));
      ms = ms_since (start);
      if (round == 0)
        rows_ms = ms;
      wait_for_paint (win);
      ms = ms_since (start);
      if (round == 0)
        painted_ms = ms;
      bench_settle ();
      add (arrive_stalls, bench_stall_ms ());
    }

  /* Later refreshes reconcile the same list in place: the stall while it arrives again. */
  for (guint round = 0; round < ROUNDS; round++)
    {
      bench_settle ();
      isplic_window_refresh (win);
      WAIT_FOR (isplic_session_get_refreshing (win->session));
      bench_stall_reset ();
      WAIT_FOR (!isplic_session_get_refreshing (win->session));
      wait_for_paint (win);
      bench_settle ();
      add (refresh_stalls, bench_stall_ms ());
    }

  /* The same for a bare table window: given a screenful of rows (the floor: the page change
   * and the rows on screen, nothing else), and given as many rows as the app, in one go. */
  bench_table_arrival (36, ROUNDS, screen_first_frames, screen_frame_works, screen_stalls);
  bench_table_arrival (n_licenses, ROUNDS, table_first_frames, table_frame_works, table_stalls);

  printf ("# %u licenses, simulator in its own thread, GSK_RENDERER=%s\n", n_licenses,
          g_getenv ("GSK_RENDERER") ? g_getenv ("GSK_RENDERER") : "default");
  printf ("%-40s %8.1f ms\n", "sign-in accepted", signed_in_ms);
  printf ("%-40s %8.1f ms\n", "all rows in the model", rows_ms);
  printf ("%-40s %8.1f ms\n", "all rows painted", painted_ms);
  report ("list arrives: longest stall", arrive_stalls);
  report ("list arrives: first list frame", first_frames);
  report ("list arrives: that frame's own work", first_frame_works);
  report ("list arrives, bare table, 36: stall", screen_stalls);
  report ("list arrives, bare table, 36: frame", screen_first_frames);
  report ("list arrives, bare table, 36: its work", screen_frame_works);
  report ("list arrives, bare table, all: stall", table_stalls);
  report ("list arrives, bare table, all: frame", table_first_frames);
  report ("list arrives, bare table, all: its work", table_frame_works);
  report ("refresh (in place): longest stall", refresh_stalls);

  /* Search keystrokes: the filter runs as the entry reports a change; no debounce here so the
   * number is the work per keystroke itself. */
  gtk_search_entry_set_search_delay (win->search_entry, 0);
  for (guint round = 0; round < ROUNDS && phase ("search"); round++)
    for (guint i = 0; i < G_N_ELEMENTS (keystrokes); i++)
      {
        const char *text = keystrokes[i];
        gboolean first = i == 0 || *keystrokes[i - 1] == '\0';
        guint created = rows_created;
        double t_frame, t_stall;

        /* Let the previous step's idle work finish, then measure this one alone. */
        bench_settle ();
        bench_stall_reset ();
        start = g_get_monotonic_time ();
        type_text (GTK_EDITABLE (win->search_entry), text);
        WAIT_FOR ((*text == '\0' ? win->view->needle == NULL
                                 : g_strcmp0 (win->view->needle, text) == 0)
                  && !isplic_license_view_get_pending (win->view));
        wait_for_paint (win);
        t_frame = ms_since (start);
        bench_settle ();
        t_stall = bench_stall_ms ();
        add (first ? first_key_stalls : later_key_stalls, t_stall);
        add (key_frames, t_frame);
        if (round == 0)
          printf ("#   search %-10s → %6u rows   settled and painted %7.2f ms   stall %7.2f ms   "
                  "%u rows built\n", *text ? text : "(empty)",
                  g_list_model_get_n_items (G_LIST_MODEL (win->view->filter_model)),
                  t_frame, t_stall, rows_created - created);
      }
  report ("search: first keystroke, longest stall", first_key_stalls);
  report ("search: later keystrokes, longest stall", later_key_stalls);
  report ("search: keystroke to settled paint", key_frames);

  /* Sorting by IP, Tariff and Name, both directions. */
  columns = gtk_column_view_get_columns (win->view->column_view);
  for (guint c = 0; c < G_N_ELEMENTS (sort_columns) && phase ("sort"); c++)
    for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
      {
        g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
        g_autoptr(GArray) stalls = g_array_new (FALSE, FALSE, sizeof (double));
        g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
        g_autofree char *what = NULL;

        if (g_strcmp0 (gtk_column_view_column_get_title (column), sort_columns[c]) != 0)
          continue;
        bench_sort (win, column, stalls, times);
        what = g_strdup_printf ("sort by %s: longest stall", sort_columns[c]);
        report (what, stalls);
        g_free (what);
        what = g_strdup_printf ("sort by %s: to settled paint", sort_columns[c]);
        report (what, times);
      }
  gtk_column_view_sort_by_column (win->view->column_view, NULL, GTK_SORT_ASCENDING);
  bench_settle ();

  /* The frame rate this display gives a window that only redraws: the ceiling for the rest. */
  {
    guint before;
    gint64 previous;

    wait_for_paint (win);
    before = frames.paints;
    previous = frames.painted_at;
    while (frames.paints - before < 60)
      {
        guint seen = frames.paints;

        gtk_widget_queue_draw (GTK_WIDGET (win->view->column_view));
        g_main_context_iteration (NULL, TRUE);
        if (frames.paints != seen)
          {
            add (idle_frames, (frames.painted_at - previous) / 1000.0);
            previous = frames.painted_at;
          }
      }
  }
  report ("redraw only: frame interval", idle_frames);

  /* Jump scrolling. */
  rows_bound = 0;
  if (phase ("jumps"))
    bench_jumps (win, jump_frames, jump_stalls, page_frames, binds, drag_fps, drag_frames);
  report ("End/Home: frame", jump_frames);
  report ("End/Home: longest stall", jump_stalls);
  report ("Page Down: frame", page_frames);
  report ("jump: row binding per frame", binds);
  report ("scrollbar drag: frame interval", drag_frames);
  {
    double fps = median (drag_fps);

    printf ("%-40s median %8.1f fps  min %8.1f fps   (n=%u)\n", "scrollbar drag", fps,
            drag_fps->len ? g_array_index (drag_fps, double, 0) : 0, drag_fps->len);
  }

  /* Start-up: the last list saved for the account, the password in the (file) keyring. */
  cache_path = isplic_license_cache_path (st.url, ISPLIC_SIM_DEFAULT_USER);
  start = g_get_monotonic_time ();
  isplic_license_cache_save_async (cache_path, st.url, ISPLIC_SIM_DEFAULT_USER,
                                   G_LIST_MODEL (isplic_window_get_licenses (win)), NULL,
                                   save_cache_cb, &done);
  printf ("%-40s %8.1f ms\n", "cache save: main-thread part", ms_since (start));
  WAIT_FOR (done);
  done = FALSE;
  isplic_account_store_password_async (st.url, ISPLIC_SIM_DEFAULT_USER,
                                       ISPLIC_SIM_DEFAULT_PASSWORD, NULL, store_password_cb,
                                       &done);
  WAIT_FOR (done);
  for (guint run = 0; run < STARTUP_RUNS && phase ("startup"); run++)
    {
      StartupRun empty = { 0 }, app = { 0 }, table = { 0 };

      bench_run_startup (self_exe, "startup-empty", st.url, &empty);
      bench_run_startup (self_exe, "startup-table", st.url, &table);
      bench_run_startup (self_exe, "startup-app", st.url, &app);
      add (table_starts, table.paint);
      add (table_main_cpus, table.main_cpu);
      g_clear_pointer (&table.page, g_free);
      add (empty_starts, empty.paint);
      add (empty_stalls, empty.stall);
      add (empty_main_cpus, empty.main_cpu);
      add (empty_cpus, empty.cpu);
      add (app_starts, app.paint);
      add (whole_lists, app.whole);
      add (start_stalls, app.stall);
      add (app_main_cpus, app.main_cpu);
      add (app_cpus, app.cpu);
      if (run == 0)
        {
          first_rows = app.rows;
          first_page = g_strdup (app.page);
        }
      g_clear_pointer (&empty.page, g_free);
      g_clear_pointer (&app.page, g_free);
      g_array_append_val (empty_runs, empty);
      g_array_append_val (table_runs, table);
      g_array_append_val (app_runs, app);
    }
  report ("start-up: empty libadwaita window", empty_starts);
  report ("start-up: IspLic, remembered account", app_starts);
  report ("start-up: whole kept list in the view", whole_lists);
  report ("start-up: longest stall until then", start_stalls);
  report ("start-up: empty window, longest stall", empty_stalls);
  report ("start-up: bare table window", table_starts);
  report ("start-up: empty window, main-thread CPU", empty_main_cpus);
  report ("start-up: bare table, main-thread CPU", table_main_cpus);
  report ("start-up: IspLic, main-thread CPU", app_main_cpus);
  report ("start-up: empty window, process CPU", empty_cpus);
  report ("start-up: IspLic, process CPU", app_cpus);
  printf ("%-40s %+8.1f ms (x%.2f); at first paint: page \"%s\", %u rows\n",
          "start-up: IspLic over the empty window", median (app_starts) - median (empty_starts),
          median (app_starts) / median (empty_starts), first_page ? first_page : "", first_rows);
  if (app_runs->len > 0)
    bench_print_startup_phases (empty_runs, table_runs, app_runs);

  /* The table of the issue, one line each. */
  printf ("\n## %u licenses (medians; stall = longest main-loop iteration)\n", n_licenses);
  printf ("list arrives: stall %.1f ms, first list frame %.1f ms (a bare table given 36 rows: "
          "%.1f, %.1f ms; given as many rows: %.1f, %.1f ms); refresh stall %.1f ms\n",
          median (arrive_stalls), median (first_frames), median (screen_stalls),
          median (screen_first_frames), median (table_stalls), median (table_first_frames),
          median (refresh_stalls));
  printf ("search: first keystroke stall %.1f ms, later %.1f ms (max %.1f)\n",
          median (first_key_stalls), median (later_key_stalls), maximum (later_key_stalls));
  printf ("jumps: End/Home %.1f ms, Page Down %.1f ms, drag %.1f fps (binding %.1f ms/frame; "
          "redraw-only frames %.1f ms)\n", median (jump_frames), median (page_frames),
          median (drag_fps), median (binds), median (idle_frames));
  printf ("start-up: %+.1f ms over the empty window (%.1f vs %.1f ms); whole kept list in the "
          "view at %.1f ms, longest stall from the first paint until then %.1f ms (the empty "
          "window's in 0.6 s after its first paint: %.1f ms); CPU to the first paint: main thread "
          "%+.1f ms (%.1f vs %.1f ms), process %+.1f ms; a bare table window (header bar, "
          "36 rows of 7 GtkInscription columns) %+.1f ms, main thread CPU %+.1f ms\n",
          median (app_starts) - median (empty_starts), median (app_starts),
          median (empty_starts), median (whole_lists), median (start_stalls),
          median (empty_stalls), median (app_main_cpus) - median (empty_main_cpus),
          median (app_main_cpus), median (empty_main_cpus),
          median (app_cpus) - median (empty_cpus), median (table_starts) - median (empty_starts),
          median (table_main_cpus) - median (empty_main_cpus));

  isplic_account_clear_password_async (st.url, ISPLIC_SIM_DEFAULT_USER, NULL, NULL, NULL);
  isplic_license_cache_remove (cache_path, NULL);
  gtk_window_destroy (GTK_WINDOW (win));
  g_main_loop_quit (st.loop);
  g_thread_join (g_steal_pointer (&thread));
  g_main_loop_unref (st.loop);
  g_free (st.url);
  g_source_remove (tick);
  {
    g_autofree char *keyring = g_build_filename (tmp, "keyring", NULL);

    g_remove (keyring);
  }
  return 0;
}
