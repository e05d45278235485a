/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-ui's start-up children (see bench-ui.c): an empty libadwaita window, a bare table window
 * and the app with a remembered account, each timed from the parent's spawn to its first paint,
 * then until the whole kept list is in the view; and where each one's time went, phase by phase. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <adwaita.h>

#include "isplic-application.h"
#include "isplic-license-view-private.h"
#include "isplic-sim.h"
#include "isplic-window-private.h"

#include "bench-ui.h"

static gint64 spawned_at;
static gboolean first_paint_done;
/* When the application's startup ended, the window was added (built) and mapped, and the
 * first frame began, was laid out and painted. */
static gint64 started_at, added_at, mapped_at, frame_at, laid_out_at, painted_frame_at;

static IsplicWindow *settling;
static gint64 painted_at;
static gint64 settled_at;

/* A start-up child after its first paint: done 50 ms after the whole kept list is in the view
 * (the empty window: 600 ms after its first paint); prints when that was, and the longest
 * main-loop stall since the first paint. */
static gboolean
settled_cb (gpointer data)
{
  if (settled_at == 0)
    {
      if (settling == NULL ? g_get_monotonic_time () - painted_at < 550000
                           : (isplic_session_get_cache_partial (settling->session)
                              || isplic_license_view_get_pending (settling->view)))
        return G_SOURCE_CONTINUE;
      settled_at = g_get_monotonic_time ();
    }
  if (g_get_monotonic_time () - settled_at < 50000)
    return G_SOURCE_CONTINUE;
  printf ("%.3f %.3f\n", (settled_at - spawned_at) / 1000.0, bench_stall_ms ());
  fflush (stdout);
  exit (0);
}

/* CPU time used so far by this thread or process, in ms (steadier than wall time on a noisy
 * machine: it leaves out waiting for the CPU, though not for the X server). */
static double
cpu_ms (clockid_t clock)
{
  struct timespec ts;

  clock_gettime (clock, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static void
startup_paint_cb (GdkFrameClock *clock,
                  GtkWindow     *window)
{
  guint rows = 0;
  const char *page = "-";

  if (first_paint_done)
    return;
  first_paint_done = TRUE;
  if (ISPLIC_IS_WINDOW (window))
    {
      IsplicWindow *win = ISPLIC_WINDOW (window);

      rows = g_list_model_get_n_items (G_LIST_MODEL (win->view->filter_model));
      page = gtk_stack_get_visible_child_name (win->main_stack);
      if (g_strcmp0 (page, "licenses") == 0)
        page = gtk_stack_get_visible_child_name (win->content_stack);
    }
  printf ("%.3f %u %.3f %.3f %s\n", (g_get_monotonic_time () - spawned_at) / 1000.0, rows,
          cpu_ms (CLOCK_THREAD_CPUTIME_ID), cpu_ms (CLOCK_PROCESS_CPUTIME_ID), page);
  printf ("%.3f %.3f %.3f %.3f %.3f %.3f\n", (started_at - spawned_at) / 1000.0,
          (added_at - started_at) / 1000.0, (mapped_at - added_at) / 1000.0,
          (frame_at - mapped_at) / 1000.0, (laid_out_at - frame_at) / 1000.0,
          (painted_frame_at - laid_out_at) / 1000.0);
  fflush (stdout);
  /* On until the whole kept list is on show in the view (at 100k its head is shown first);
   * the empty window for 600 ms, to compare the stalls after a first paint with its own. */
  settling = ISPLIC_IS_WINDOW (window) ? ISPLIC_WINDOW (window) : NULL;
  painted_at = g_get_monotonic_time ();
  bench_stall_reset ();
  g_timeout_add (1, bench_tick_cb, NULL);
  g_timeout_add (5, settled_cb, NULL);
}

/* Sets *@stamp to the time, the first time only. */
static void
stamp_once_cb (gpointer instance,
               gint64  *stamp)
{
  if (*stamp == 0)
    *stamp = g_get_monotonic_time ();
}

static void
startup_window_added_cb (GtkApplication *app,
                         GtkWindow      *window)
{
  GdkFrameClock *clock;

  added_at = g_get_monotonic_time ();
  if (!gtk_widget_get_realized (GTK_WIDGET (window)))
    gtk_widget_realize (GTK_WIDGET (window));
  g_signal_connect_after (window, "map", G_CALLBACK (stamp_once_cb), &mapped_at);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  /* After GDK's own handlers, connected when the window was realized. */
  g_signal_connect (clock, "before-paint", G_CALLBACK (stamp_once_cb), &frame_at);
  g_signal_connect_after (clock, "layout", G_CALLBACK (stamp_once_cb), &laid_out_at);
  g_signal_connect_after (clock, "paint", G_CALLBACK (stamp_once_cb), &painted_frame_at);
  g_signal_connect (clock, "after-paint", G_CALLBACK (startup_paint_cb), window);
}

static void
empty_activate_cb (GApplication *app)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (app));

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 900);
  gtk_window_present (GTK_WINDOW (window));
}

/* The floor for "the list on screen at the first paint" with GTK's own widgets: a header bar
 * and a GtkColumnView of the app's 7 columns, its 36 rows (a screenful at 1280x900) filled
 * before the window is shown, one GtkInscription a cell (bench-ui-table.c). */
static void
table_activate_cb (GApplication *app)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (app));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkMultiSelection *rows = gtk_multi_selection_new (G_LIST_MODEL (bench_table_rows (36)));

  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), bench_table_new (GTK_SELECTION_MODEL (rows)));
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 900);
  gtk_window_present (GTK_WINDOW (window));
}

int
bench_startup_child (const char *mode,
               const char *spawned,
               const char *url)
{
  g_autoptr(GApplication) app = NULL;
  char *args[] = { (char *) "isplic", NULL };

  spawned_at = g_ascii_strtoll (spawned, NULL, 10);
  if (g_strcmp0 (mode, "startup-empty") == 0)
    {
      app = G_APPLICATION (adw_application_new ("com.example.IspLicBenchEmpty",
                                                G_APPLICATION_NON_UNIQUE));
      g_signal_connect (app, "activate", G_CALLBACK (empty_activate_cb), NULL);
    }
  else if (g_strcmp0 (mode, "startup-table") == 0)
    {
      app = G_APPLICATION (adw_application_new ("com.example.IspLicBenchTable",
                                                G_APPLICATION_NON_UNIQUE));
      g_signal_connect (app, "activate", G_CALLBACK (table_activate_cb), NULL);
    }
  else
    {
      g_autoptr(GSettings) settings = g_settings_new (APP_ID);

      /* The memory backend is this process's: the app's own GSettings see these. */
      g_settings_set_string (settings, "server-url", url);
      g_settings_set_string (settings, "user", ISPLIC_SIM_DEFAULT_USER);
      g_settings_set_int (settings, "window-width", 1280);
      g_settings_set_int (settings, "window-height", 900);
      app = G_APPLICATION (isplic_application_new ());
      g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);
    }
  /* After the class handler: GTK and libadwaita are initialized. */
  g_signal_connect (app, "startup", G_CALLBACK (stamp_once_cb), &started_at);
  g_signal_connect (app, "window-added", G_CALLBACK (startup_window_added_cb), NULL);
  return g_application_run (app, 1, args);
}


/* Runs a start-up child and reads what it reported into @run (run->page to be freed). */
void
bench_run_startup (const char *self_exe,
             const char *mode,
             const char *url,
             StartupRun *run)
{
  g_autofree char *stamp = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) fields = NULL;
  g_auto(GStrv) phases = NULL;
  g_auto(GStrv) settled = NULL;
  int status;
  char *argv[6];

  stamp = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_monotonic_time ());
  argv[0] = (char *) self_exe;
  argv[1] = (char *) mode;
  argv[2] = stamp;
  argv[3] = (char *) url;
  argv[4] = NULL;
  if (!g_spawn_sync (NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error))
    g_error ("start-up child: %s", error->message);
  lines = g_strsplit (g_strstrip (out), "\n", 3);
  fields = g_strsplit (lines[0], " ", 5);
  if (g_strv_length (fields) < 5)
    g_error ("start-up child %s said: %s", mode, out);
  run->paint = g_ascii_strtod (fields[0], NULL);
  run->rows = (guint) g_ascii_strtoull (fields[1], NULL, 10);
  run->main_cpu = g_ascii_strtod (fields[2], NULL);
  run->cpu = g_ascii_strtod (fields[3], NULL);
  run->page = g_strdup (fields[4]);
  phases = lines[1] != NULL ? g_strsplit (lines[1], " ", STARTUP_N_PHASES) : NULL;
  if (phases == NULL || g_strv_length (phases) < STARTUP_N_PHASES)
    g_error ("start-up child %s said: %s", mode, out);
  for (guint i = 0; i < STARTUP_N_PHASES; i++)
    run->phases[i] = g_ascii_strtod (phases[i], NULL);
  settled = lines[2] != NULL ? g_strsplit (lines[2], " ", 2) : NULL;
  if (settled == NULL || g_strv_length (settled) < 2)
    g_error ("start-up child %s said: %s", mode, out);
  run->whole = g_ascii_strtod (settled[0], NULL);
  run->stall = g_ascii_strtod (settled[1], NULL);
}

static double
phase_median (GArray      *runs,
              StartupPhase phase)
{
  g_autoptr(GArray) values = g_array_sized_new (FALSE, FALSE, sizeof (double), runs->len);

  for (guint i = 0; i < runs->len; i++)
    g_array_append_val (values, g_array_index (runs, StartupRun, i).phases[phase]);
  return bench_median (values);
}

void
bench_print_startup_phases (GArray *empty_runs,
                            GArray *table_runs,
                            GArray *app_runs)
{
  static const char *names[STARTUP_N_PHASES] = {
    [STARTUP_PHASE_STARTED] = "spawn to the end of startup",
    [STARTUP_PHASE_BUILT] = "then: the window built",
    [STARTUP_PHASE_MAPPED] = "then: mapped (most of presenting it)",
    [STARTUP_PHASE_FRAME] = "then: its first frame begins",
    [STARTUP_PHASE_LAYOUT] = "first frame: layout",
    [STARTUP_PHASE_PAINT] = "first frame: paint",
  };

  printf ("%-40s %8s %8s %8s %8s\n", "start-up phases (medians, ms)", "empty", "table", "IspLic",
          "vs table");
  for (StartupPhase phase = 0; phase < STARTUP_N_PHASES; phase++)
    {
      double app = phase_median (app_runs, phase);
      double table = phase_median (table_runs, phase);

      printf ("  %-38s %8.1f %8.1f %8.1f %+8.1f\n", names[phase],
              phase_median (empty_runs, phase), table, app, app - table);
    }
}
