/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What bench-ui.c (the in-process measurements) and bench-ui-startup.c (the start-up children)
 * share. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The longest main-loop stall: bench_tick_cb() runs as a 1 ms timeout; bench_stall_reset()
 * starts a measurement, bench_stall_ms() gives the longest gap since, in ms. */
gboolean bench_tick_cb     (gpointer data);
void     bench_stall_reset (void);
double   bench_stall_ms    (void);

/* Iterates the main loop until @cond holds; fails after 300 s. */
#define WAIT_FOR(cond)                                                               \
  G_STMT_START {                                                                     \
    gint64 deadline_ = g_get_monotonic_time () + 300 * G_USEC_PER_SEC;               \
    while (!(cond))                                                                  \
      {                                                                              \
        if (g_get_monotonic_time () > deadline_)                                     \
          g_error ("Timed out waiting for: %s", #cond);                              \
        g_main_context_iteration (NULL, TRUE);                                       \
      }                                                                              \
  } G_STMT_END

/* The frames of a window, counted from its frame clock once bench_frames_watch() is called. */
typedef struct
{
  guint paints;      /* frames painted */
  gint64 frame_at;   /* the last frame's "before-paint" */
  gint64 painted_at; /* its "after-paint" */
  gint64 work_usec;  /* the last frame, from "before-paint" to "after-paint" (0: unknown) */
} BenchFrames;

void     bench_frames_watch (GtkWidget   *widget,
                             BenchFrames *frames);

/* Runs the main loop until it is quiet: 50 ms with no iteration longer than 20 ms. */
void     bench_settle      (void);

/* Where a start-up child's time went, in ms: from the spawn until the application's startup
 * (GTK and libadwaita initialized) ended; then until the window was built; until it was mapped
 * (most of presenting it); until its first frame began (for the app, joining the kept list);
 * that frame's layout; its paint. */
typedef enum
{
  STARTUP_PHASE_STARTED,
  STARTUP_PHASE_BUILT,
  STARTUP_PHASE_MAPPED,
  STARTUP_PHASE_FRAME,
  STARTUP_PHASE_LAYOUT,
  STARTUP_PHASE_PAINT,
  STARTUP_N_PHASES
} StartupPhase;

/* What a start-up child reported. */
typedef struct
{
  double paint;        /* ms from the spawn to the first paint */
  double main_cpu;     /* CPU ms of its main thread at the first paint */
  double cpu;          /* CPU ms of the whole process (its threads too) at the first paint */
  guint rows;          /* rows in the view at the first paint */
  char *page;          /* the page on show then */
  double whole;        /* ms from the spawn until the whole kept list was in the view */
  double stall;        /* longest main-loop stall from the first paint until then */
  double phases[STARTUP_N_PHASES];
} StartupRun;

/* Runs a start-up child of @self_exe in @mode and reads what it reported into @run
 * (run->page to be freed). */
void bench_run_startup   (const char *self_exe,
                          const char *mode,
                          const char *url,
                          StartupRun *run);
/* Prints the median of each phase (StartupPhase) of the runs (StartupRun) of each child side by
 * side, with the app's difference from the bare table. */
void bench_print_startup_phases (GArray *empty_runs,
                                 GArray *table_runs,
                                 GArray *app_runs);
/* The bare table (bench-ui-table.c): a scrolled GtkColumnView of 7 columns of GtkInscription
 * showing @rows (taken, as by gtk_column_view_new()); a list of @n rows of text; and the
 * reference for "list arrives", @rounds times, in ms: from the rows being in until the end of
 * the next frame, that frame's own work, the longest stall. */
GtkWidget     *bench_table_new     (GtkSelectionModel *rows);
GtkStringList *bench_table_rows    (guint              n);
void           bench_table_arrival (guint              n,
                                    guint              rounds,
                                    GArray            *first_frames,
                                    GArray            *frame_works,
                                    GArray            *stalls);
/* The median of @values (doubles; sorts them). */
double bench_median (GArray *values);
/* The start-up child's own main: @mode "startup-empty", "startup-table" or "startup-app",
 * @spawned the parent's monotonic time at the spawn, @url the simulator's. */
int  bench_startup_child (const char *mode,
                          const char *spawned,
                          const char *url);

G_END_DECLS
