/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Benchmark: list 10,000 and 100,000 licenses from the simulator through IsplicClient into an
 * IsplicLicenseList. The simulator (isplic-billmgr-sim) runs as a process of its own, so neither
 * its work nor its memory is counted as the client's. Prints total time, time in the list update, the longest
 * main-loop stall (a 1 ms repeating timeout tracks the largest gap between its dispatches) and
 * memory per license (VmRSS/VmHWM from /proc/self/status).
 *
 *   meson test -C BUILD --benchmark --suite core -v  (or run bench-list ISPLIC_BILLMGR_SIM [N...])
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "isplic-core.h"
#include "isplic-sim.h"

/* The simulator as a process of its own (isplic-billmgr-sim), so that neither its memory nor its
 * CPU is counted as the client's. */
static GSubprocess *
start_sim (const char  *sim_path,
           guint        n,
           char       **url)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *licenses = g_strdup_printf ("%u", n);
  GSubprocess *sim;

  sim = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, sim_path, "--port", "0",
                          "--seed", "42", "--licenses", licenses, NULL);
  if (sim == NULL)
    g_error ("simulator: %s", error->message);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sim));
  *url = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  if (*url == NULL)
    g_error ("simulator: no URL (%s)", error ? error->message : "end of output");
  return sim;
}

static gsize
proc_status_kib (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, field);
  if (line == NULL)
    return 0;
  return g_ascii_strtoull (line + strlen (field) + 1, NULL, 10);
}

static void
reset_peak_rss (void)
{
  /* "5" resets VmHWM to the current RSS (Linux ≥ 4.0); harmless where unsupported. */
  g_file_set_contents ("/proc/self/clear_refs", "5", 1, NULL);
}

typedef struct
{
  gint64 last_tick;
  gint64 max_gap;
  gboolean measuring;
} Stall;

static gboolean
tick_cb (gpointer user_data)
{
  Stall *stall = user_data;
  gint64 now = g_get_monotonic_time ();

  if (stall->measuring && stall->last_tick != 0)
    stall->max_gap = MAX (stall->max_gap, now - stall->last_tick);
  stall->last_tick = now;
  return G_SOURCE_CONTINUE;
}

typedef struct
{
  gboolean done;
  GError *error;
  GPtrArray *licenses;
} Wait;

static void
refreshed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Wait *wait = user_data;

  isplic_license_list_refresh_finish (ISPLIC_LICENSE_LIST (source), result, &wait->error);
  wait->done = TRUE;
}

static void
signed_in_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Wait *wait = user_data;

  isplic_client_sign_in_finish (ISPLIC_CLIENT (source), result, &wait->error);
  wait->done = TRUE;
}

static void
listed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Wait *wait = user_data;

  wait->licenses = isplic_client_list_finish (ISPLIC_CLIENT (source), result, &wait->error);
  wait->done = TRUE;
}

/* One refresh of @list; returns its duration in µs and the longest stall in *stall_us. */
static gint64
timed_refresh (IsplicLicenseList *list,
               Stall             *stall)
{
  Wait wait = { 0 };
  gint64 start;

  stall->max_gap = 0;
  stall->measuring = TRUE;
  stall->last_tick = g_get_monotonic_time ();
  start = g_get_monotonic_time ();
  isplic_license_list_refresh_async (list, NULL, refreshed_cb, &wait);
  while (!wait.done)
    g_main_context_iteration (NULL, TRUE);
  start = g_get_monotonic_time () - start;
  /* one more tick after the last dispatch counts a stall at the very end */
  g_main_context_iteration (NULL, TRUE);
  stall->measuring = FALSE;
  if (wait.error != NULL)
    g_error ("refresh failed: %s", wait.error->message);
  return start;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Wait *wait = user_data;

  isplic_license_cache_save_finish (result, &wait->error);
  wait->done = TRUE;
}

/* Reading the kept list back, in the calling thread: the median of 5 reads. */
static void
bench_cache (IsplicLicenseList *list,
             const char        *url,
             guint              n)
{
  g_autofree char *dir = g_dir_make_tmp ("bench-list-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "kept", NULL);
  Wait saved = { 0 };
  gint64 reads[5];
  GStatBuf st;

  isplic_license_cache_save_async (path, url, ISPLIC_SIM_DEFAULT_USER, G_LIST_MODEL (list), NULL,
                                   saved_cb, &saved);
  while (!saved.done)
    g_main_context_iteration (NULL, TRUE);
  if (saved.error != NULL)
    g_error ("saving the kept list failed: %s", saved.error->message);
  for (guint i = 0; i < G_N_ELEMENTS (reads); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) licenses = NULL;

      reads[i] = g_get_monotonic_time ();
      licenses = isplic_license_cache_load (path, url, ISPLIC_SIM_DEFAULT_USER, NULL, &error);
      reads[i] = g_get_monotonic_time () - reads[i];
      if (licenses == NULL)
        g_error ("reading the kept list failed: %s", error->message);
      g_assert_cmpuint (licenses->len, ==, n);
    }
  qsort (reads, G_N_ELEMENTS (reads), sizeof reads[0], compare_gint64);
  g_stat (path, &st);
  printf ("# %u licenses: kept list read %.1f ms (%.2f us/license, %.1f MB file)\n",
          n, reads[2] / 1000.0, (double) reads[2] / n, st.st_size / 1e6);
  fflush (stdout);
  isplic_license_cache_remove (path, NULL);
  g_rmdir (dir);
}

static void
bench (const char *sim_path,
       guint       n)
{
  g_autoptr(GSubprocess) sim = NULL;
  g_autofree char *url = NULL;
  g_autoptr(IsplicClient) client = NULL;
  g_autoptr(IsplicLicenseList) list = NULL;
  g_autoptr(IsplicLicenseList) direct = NULL;
  Stall stall = { 0 };
  Wait listed = { 0 };
  gint64 total_us, list_us, update_us, stall_us;
  gsize rss_before, rss_after, hwm_after;
  guint tick;

  sim = start_sim (sim_path, n, &url);
  client = isplic_client_new (url, ISPLIC_SIM_DEFAULT_USER, ISPLIC_SIM_DEFAULT_PASSWORD);
  isplic_client_set_timeout (client, 120);
  list = isplic_license_list_new (client);

  tick = g_timeout_add (1, tick_cb, &stall);
  for (int i = 0; i < 5; i++)
    g_main_context_iteration (NULL, TRUE);

  /* One request first, so that what GIO and libsoup set up once per process (proxy resolver,
   * TLS backend, modules, the connection) is not counted as memory per license. */
  {
    Wait signed_in = { 0 };

    isplic_client_sign_in_async (client, NULL, signed_in_cb, &signed_in);
    while (!signed_in.done)
      g_main_context_iteration (NULL, TRUE);
    if (signed_in.error != NULL)
      g_error ("sign-in failed: %s", signed_in.error->message);
  }

  /* 1. A refresh into an empty list: everything arrives. */
  reset_peak_rss ();
  rss_before = proc_status_kib ("VmRSS:");
  total_us = timed_refresh (list, &stall);
  stall_us = stall.max_gap;
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n);
  rss_after = proc_status_kib ("VmRSS:");
  hwm_after = proc_status_kib ("VmHWM:");

  printf ("# %u licenses: refresh into an empty list %.1f ms, longest main-loop stall %.1f ms\n",
          n, total_us / 1000.0, stall_us / 1000.0);
  printf ("# %u licenses: memory kept %.0f B/license (RSS +%zu KiB), "
          "peak %.0f B/license (HWM +%zu KiB)\n",
          n, rss_after > rss_before ? (rss_after - rss_before) * 1024.0 / n : 0.0,
          rss_after > rss_before ? rss_after - rss_before : 0,
          hwm_after > rss_before ? (hwm_after - rss_before) * 1024.0 / n : 0.0,
          hwm_after > rss_before ? hwm_after - rss_before : 0);

  /* 2. Nothing changed: every license is compared, none replaced. */
  total_us = timed_refresh (list, &stall);
  printf ("# %u licenses: unchanged refresh %.1f ms, longest main-loop stall %.1f ms\n",
          n, total_us / 1000.0, stall.max_gap / 1000.0);

  /* 3. The parts on their own: listing (HTTP + parsing in a worker) and the merge into a list
   *    when done in one go (the refresh above spreads it over slices of the main loop). */
  list_us = g_get_monotonic_time ();
  isplic_client_list_async (client, NULL, listed_cb, &listed);
  while (!listed.done)
    g_main_context_iteration (NULL, TRUE);
  list_us = g_get_monotonic_time () - list_us;
  if (listed.error != NULL)
    g_error ("list failed: %s", listed.error->message);
  direct = isplic_license_list_new (NULL);
  update_us = g_get_monotonic_time ();
  isplic_license_list_update (direct, listed.licenses);
  update_us = g_get_monotonic_time () - update_us;
  printf ("# %u licenses: client list %.1f ms; list update in one go %.1f ms (new), ",
          n, list_us / 1000.0, update_us / 1000.0);
  update_us = g_get_monotonic_time ();
  isplic_license_list_update (list, listed.licenses);
  update_us = g_get_monotonic_time () - update_us;
  printf ("%.1f ms (unchanged)\n", update_us / 1000.0);
  g_clear_pointer (&listed.licenses, g_ptr_array_unref);
  fflush (stdout);

  /* 4. The kept list (what the app shows at start): written once, then read 5 times. */
  bench_cache (list, url, n);

  g_source_remove (tick);
  g_clear_object (&direct);
  g_clear_object (&list);
  g_clear_object (&client);

  g_subprocess_send_signal (sim, SIGTERM);
  g_subprocess_wait (sim, NULL, NULL);
}

int
main (int   argc,
      char *argv[])
{
  printf ("TAP version 13\n");
  if (argc < 2)
    g_error ("usage: bench-list ISPLIC_BILLMGR_SIM [N...]");
  if (argc > 2)
    {
      for (int i = 2; i < argc; i++)
        bench (argv[1], (guint) g_ascii_strtoull (argv[i], NULL, 10));
    }
  else
    {
      bench (argv[1], 10000);
      bench (argv[1], 100000);
    }
  printf ("1..1\nok 1 bench-list\n");
  return 0;
}
