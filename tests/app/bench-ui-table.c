/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-ui's bare table (see bench-ui.c): GTK's own list widgets with nothing of the app, the
 * floor the app's figures are read against. The start-up child "startup-table" shows it; the
 * reference for "list arrives" gives it its rows the way the app's list page gets them. */
#include "config.h"

#include <adwaita.h>

#include "bench-ui.h"

static void
table_setup_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item)
{
  gtk_list_item_set_child (item, gtk_inscription_new (NULL));
}

static void
table_bind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item)
{
  gtk_inscription_set_text (GTK_INSCRIPTION (gtk_list_item_get_child (item)),
                            gtk_string_object_get_string (gtk_list_item_get_item (item)));
}

GtkWidget *
bench_table_new (GtkSelectionModel *rows)
{
  GtkWidget *view = gtk_column_view_new (rows);
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  for (guint i = 0; i < 7; i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      g_signal_connect (factory, "setup", G_CALLBACK (table_setup_cb), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (table_bind_cb), NULL);
      column = gtk_column_view_column_new ("Column", factory);
      gtk_column_view_column_set_expand (column, i == 0);
      gtk_column_view_append_column (GTK_COLUMN_VIEW (view), column);
    }
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  return scrolled;
}

GtkStringList *
bench_table_rows (guint n)
{
  GtkStringList *rows = gtk_string_list_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      char text[32];

      g_snprintf (text, sizeof text, "server-%05u.example.com", i);
      gtk_string_list_append (rows, text);
    }
  return rows;
}

/* A page as the app's: a header bar over @content. */
static GtkWidget *
page_new (GtkWidget *content)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), content);
  return box;
}

/* The app's list arrives after a sign-in: the window goes from a page with a spinner to the
 * list page, its rows all in one go. Here the same for the bare table: the model of its @n rows
 * (built beforehand, off the clock) is set while the page changes, and what bench-ui measures
 * for the app is measured the same way: from the rows being in until the end of the next
 * frame; that frame's own work; the longest stall from the change until all is quiet. */
void
bench_table_arrival (guint   n,
                     guint   rounds,
                     GArray *first_frames,
                     GArray *frame_works,
                     GArray *stalls)
{
  g_autoptr(GtkStringList) rows = bench_table_rows (n);
  GtkNoSelection *selection = gtk_no_selection_new (NULL);
  GtkWidget *window = adw_window_new ();
  GtkWidget *stack = gtk_stack_new ();
  GtkWidget *status = adw_status_page_new ();
  GtkWidget *spinner = gtk_spinner_new ();
  BenchFrames frames = { 0 };

  gtk_spinner_start (GTK_SPINNER (spinner));
  adw_status_page_set_title (ADW_STATUS_PAGE (status), "Signing In…");
  adw_status_page_set_child (ADW_STATUS_PAGE (status), spinner);
  gtk_widget_set_vexpand (status, TRUE);
  gtk_stack_add_named (GTK_STACK (stack), page_new (status), "waiting");
  gtk_stack_add_named (GTK_STACK (stack),
                       page_new (bench_table_new (g_object_ref (GTK_SELECTION_MODEL (selection)))),
                       "list");
  adw_window_set_content (ADW_WINDOW (window), stack);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 900);
  gtk_window_present (GTK_WINDOW (window));
  WAIT_FOR (gtk_widget_get_mapped (window));
  bench_frames_watch (window, &frames);

  for (guint round = 0; round < rounds; round++)
    {
      gint64 rows_at;
      guint before;
      double value;

      gtk_stack_set_visible_child_name (GTK_STACK (stack), "waiting");
      gtk_no_selection_set_model (selection, NULL);
      before = frames.paints;
      WAIT_FOR (frames.paints > before);
      bench_settle ();

      bench_stall_reset ();
      gtk_no_selection_set_model (selection, G_LIST_MODEL (rows));
      gtk_stack_set_visible_child_name (GTK_STACK (stack), "list");
      rows_at = g_get_monotonic_time ();
      before = frames.paints;
      WAIT_FOR (frames.paints > before);
      value = (frames.painted_at - rows_at) / 1000.0;
      g_array_append_val (first_frames, value);
      value = frames.work_usec / 1000.0;
      g_array_append_val (frame_works, value);
      bench_settle ();
      value = bench_stall_ms ();
      g_array_append_val (stalls, value);
    }

  g_signal_handlers_disconnect_by_data (gtk_widget_get_frame_clock (window), &frames);
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (selection);
}
