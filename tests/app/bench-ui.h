/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What bench-ui.c (the in-process measurements) and bench-ui-startup.c (the start-up children)
 * share. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The longest main-loop stall: bench_tick_cb() runs as a 1 ms timeout; bench_stall_reset()
 * starts a measurement, bench_stall_ms() gives the longest gap since, in ms. */
gboolean bench_tick_cb     (gpointer data);
void     bench_stall_reset (void);
double   bench_stall_ms    (void);

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
} StartupRun;

/* Runs a start-up child of @self_exe in @mode and reads what it reported into @run
 * (run->page to be freed). */
void bench_run_startup   (const char *self_exe,
                          const char *mode,
                          const char *url,
                          StartupRun *run);
/* The start-up child's own main: @mode "startup-empty", "startup-table" or "startup-app",
 * @spawned the parent's monotonic time at the spawn, @url the simulator's. */
int  bench_startup_child (const char *mode,
                          const char *spawned,
                          const char *url);

G_END_DECLS
