/* SPDX-License-Identifier: GPL-3.0-or-later */
/* IsplicLicenseView on its own: a list of licenses in, filtering, sorting and selection out. */
#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "isplic-license-format.h"
#include "isplic-license-view-private.h"
#include "isplic-test-utils.h"

typedef struct
{
  IsplicLicenseList *licenses;
  IsplicLicenseView *view;
  guint selection_changed;
  guint rows_changed;
  guint row_activated;
  guint shown_changed;
  guint search_notes;
  guint status_notes;
} Fixture;

/* id, name, ip, status, days to expiry (G_MAXINT: none), cost */
typedef struct
{
  const char *id;
  const char *name;
  const char *ip;
  IsplicLicenseStatus status;
  int days;
  const char *cost;
} Row;

static const Row rows[] = {
  { "L01", "web-01", "10.0.0.9", ISPLIC_LICENSE_STATUS_ACTIVE, 3, "9.50 EUR" },
  { "L02", "Mail", "10.0.0.10", ISPLIC_LICENSE_STATUS_ACTIVE, 100, "10.00 EUR" },
  { "L03", "alpha", "192.168.1.1", ISPLIC_LICENSE_STATUS_SUSPENDED, 40, "100.00 EUR" },
  { "L04", "Zeta", "10.0.0.2", ISPLIC_LICENSE_STATUS_ACTIVE, G_MAXINT, "12.00 EUR" },
  { "L05", "beta", "172.16.0.1", ISPLIC_LICENSE_STATUS_SUSPENDED, 7, "11.00 EUR" },
  { "L06", "db-10", "10.1.0.1", ISPLIC_LICENSE_STATUS_ACTIVE, 200, "20.00 EUR" },
  { "L07", "db-9", "10.1.0.2", ISPLIC_LICENSE_STATUS_PROCESSING, 300, "30.00 EUR" },
  { "L08", "Gamma", "8.8.8.8", ISPLIC_LICENSE_STATUS_ACTIVE, 1, "5.00 EUR" },
};

#define N_ROWS G_N_ELEMENTS (rows)

static IsplicLicense *
make_license (const Row  *row,
              const char *name_suffix)
{
  IsplicLicense *license = isplic_license_new (row->id);
  g_autofree char *name = g_strconcat (row->name, name_suffix, NULL);

  isplic_license_set_name (license, name);
  isplic_license_set_ip (license, row->ip);
  isplic_license_set_status (license, row->status);
  isplic_license_set_tariff_name (license, "ispmanager 6 lite");
  /* One Business with nodes, to see the node count in its cell. */
  if (g_str_equal (row->id, "L06"))
    {
      isplic_license_set_tariff_id (license, "55230");
      isplic_license_set_tariff_name (license, "ispmanager 6 Business");
      isplic_license_set_nodes (license, 3);
    }
  isplic_license_set_cost (license, row->cost);
  if (row->days != G_MAXINT)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      /* Midday, so that "in N days" does not depend on the hour the test runs. */
      g_autoptr(GDateTime) day = g_date_time_new_local (g_date_time_get_year (now),
                                                        g_date_time_get_month (now),
                                                        g_date_time_get_day_of_month (now),
                                                        12, 0, 0);
      g_autoptr(GDateTime) expires = g_date_time_add_days (day, row->days);

      isplic_license_set_expires (license, expires);
    }
  return license;
}

static void
fill (IsplicLicenseList *list,
      const char        *name_suffix,
      const char        *skip_id)
{
  g_autoptr(GPtrArray) licenses = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < N_ROWS; i++)
    if (g_strcmp0 (rows[i].id, skip_id) != 0)
      g_ptr_array_add (licenses, make_license (&rows[i], name_suffix));
  isplic_license_list_update (list, licenses);
}

static void
count_cb (gpointer  instance,
          guint    *counter)
{
  (*counter)++;
}

static void
notify_count_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *counter)
{
  (*counter)++;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new ("com.example.IspLic");

  g_settings_reset (settings, "hidden-columns");
  g_settings_reset (settings, "column-widths");
  f->licenses = isplic_license_list_new (NULL);
  fill (f->licenses, "", NULL);
  f->view = g_object_ref_sink (ISPLIC_LICENSE_VIEW (isplic_license_view_new ()));
  g_signal_connect (f->view, "selection-changed", G_CALLBACK (count_cb), &f->selection_changed);
  g_signal_connect (f->view, "rows-changed", G_CALLBACK (count_cb), &f->rows_changed);
  g_signal_connect (f->view, "row-activated", G_CALLBACK (count_cb), &f->row_activated);
  g_signal_connect (f->view, "shown-changed", G_CALLBACK (count_cb), &f->shown_changed);
  g_signal_connect (f->view, "notify::search-text", G_CALLBACK (notify_count_cb), &f->search_notes);
  g_signal_connect (f->view, "notify::status-filter", G_CALLBACK (notify_count_cb),
                    &f->status_notes);
  isplic_license_view_set_licenses (f->view, f->licenses);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_object_run_dispose (G_OBJECT (f->view));
  g_assert_finalize_object (f->view);
  g_assert_finalize_object (f->licenses);
}

/* The ids shown, in view order, joined by spaces. */
static char *
shown_ids (Fixture *f)
{
  GListModel *model = G_LIST_MODEL (f->view->filter_model);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(IsplicLicense) license = g_list_model_get_item (model, i);

      g_string_append_printf (out, "%s%s", i ? " " : "", isplic_license_get_id (license));
    }
  return g_string_free (out, FALSE);
}

static char *
selected_ids (Fixture *f)
{
  g_autoptr(GPtrArray) selected = isplic_license_view_get_selected (f->view);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < selected->len; i++)
    g_string_append_printf (out, "%s%s", i ? " " : "",
                            isplic_license_get_id (g_ptr_array_index (selected, i)));
  return g_string_free (out, FALSE);
}

#define ASSERT_IDS(expr, expected)                 \
  G_STMT_START {                                   \
    g_autofree char *ids_ = (expr);                \
    g_assert_cmpstr (ids_, ==, (expected));        \
  } G_STMT_END

static void
sort_by (Fixture             *f,
         GtkColumnViewColumn *column,
         GtkSortType          order)
{
  gtk_column_view_sort_by_column (f->view->column_view, column, order);
}

static void
test_model_and_counts (Fixture       *f,
                       gconstpointer  data)
{
  guint expiring = 0;

  for (guint i = 0; i < N_ROWS; i++)
    expiring += rows[i].days <= 14;

  g_assert_true (isplic_license_view_get_licenses (f->view) == f->licenses);
  g_assert_cmpuint (isplic_license_view_get_n_total (f->view), ==, N_ROWS);
  g_assert_cmpuint (isplic_license_view_get_n_shown (f->view), ==, N_ROWS);
  g_assert_cmpuint (isplic_license_view_get_warning_days (f->view), ==, 14);
  g_assert_cmpuint (expiring, ==, 3);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f->view->no_match_page)));
  /* Unsorted, the view keeps the list's order. */
  ASSERT_IDS (shown_ids (f), "L01 L02 L03 L04 L05 L06 L07 L08");

  isplic_license_view_set_warning_days (f->view, 45);

  /* Nothing matches: the "no match" page lies over the list. */
  isplic_license_view_set_search_text (f->view, "no-such-license");
  g_assert_cmpuint (isplic_license_view_get_n_shown (f->view), ==, 0);
  g_assert_cmpuint (f->shown_changed, >, 0);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->view->no_match_page)));
  /* The total is the list's, not the filter's. */
  g_assert_cmpuint (isplic_license_view_get_n_total (f->view), ==, N_ROWS);

  /* Another list replaces the first. */
  {
    g_autoptr(IsplicLicenseList) other = isplic_license_list_new (NULL);

    fill (other, "", "L01");
    isplic_license_view_set_search_text (f->view, NULL);
    isplic_license_view_set_licenses (f->view, other);
    g_assert_cmpuint (isplic_license_view_get_n_total (f->view), ==, N_ROWS - 1);
    isplic_license_view_set_licenses (f->view, f->licenses);
  }
  g_assert_cmpuint (isplic_license_view_get_n_shown (f->view), ==, N_ROWS);
}

static void
test_filter (Fixture       *f,
             gconstpointer  data)
{
  /* Search: trimmed, case-insensitive, over names, IP addresses and ids. */
  isplic_license_view_set_search_text (f->view, "  DB-  ");
  g_assert_cmpstr (isplic_license_view_get_search_text (f->view), ==, "db-");
  g_assert_cmpuint (f->search_notes, ==, 1);
  ASSERT_IDS (shown_ids (f), "L06 L07");
  isplic_license_view_set_search_text (f->view, "db-9");
  ASSERT_IDS (shown_ids (f), "L07");
  isplic_license_view_set_search_text (f->view, "192.168");
  ASSERT_IDS (shown_ids (f), "L03");
  isplic_license_view_set_search_text (f->view, "l05");
  ASSERT_IDS (shown_ids (f), "L05");
  /* The same needle changes nothing. */
  isplic_license_view_set_search_text (f->view, "L05 ");
  g_assert_cmpuint (f->search_notes, ==, 4);
  isplic_license_view_set_search_text (f->view, "   ");
  g_assert_null (isplic_license_view_get_search_text (f->view));
  g_assert_cmpuint (isplic_license_view_get_n_shown (f->view), ==, N_ROWS);

  /* Status. */
  isplic_license_view_set_status_filter (f->view, ISPLIC_STATUS_FILTER_ACTIVE);
  g_assert_cmpuint (isplic_license_view_get_status_filter (f->view), ==,
                    ISPLIC_STATUS_FILTER_ACTIVE);
  ASSERT_IDS (shown_ids (f), "L01 L02 L04 L06 L08");
  isplic_license_view_set_status_filter (f->view, ISPLIC_STATUS_FILTER_SUSPENDED);
  ASSERT_IDS (shown_ids (f), "L03 L05");
  isplic_license_view_set_status_filter (f->view, ISPLIC_STATUS_FILTER_EXPIRING);
  ASSERT_IDS (shown_ids (f), "L01 L05 L08");
  /* The expiring filter follows the warning period. */
  isplic_license_view_set_warning_days (f->view, 45);
  ASSERT_IDS (shown_ids (f), "L01 L03 L05 L08");
  isplic_license_view_set_warning_days (f->view, 14);
  g_assert_cmpuint (f->status_notes, ==, 3);

  /* Both at once. */
  isplic_license_view_set_status_filter (f->view, ISPLIC_STATUS_FILTER_ACTIVE);
  isplic_license_view_set_search_text (f->view, "10.0.0");
  ASSERT_IDS (shown_ids (f), "L01 L02 L04");
  isplic_license_view_set_status_filter (f->view, ISPLIC_STATUS_FILTER_ALL);
  isplic_license_view_set_search_text (f->view, NULL);
  g_assert_cmpuint (isplic_license_view_get_n_shown (f->view), ==, N_ROWS);
}

static void
test_sort (Fixture       *f,
           gconstpointer  data)
{
  /* Names without regard to case. */
  sort_by (f, f->view->name_column, GTK_SORT_ASCENDING);
  ASSERT_IDS (shown_ids (f), "L03 L05 L06 L07 L08 L02 L01 L04");
  sort_by (f, f->view->name_column, GTK_SORT_DESCENDING);
  ASSERT_IDS (shown_ids (f), "L04 L01 L02 L08 L07 L06 L05 L03");
  /* Addresses by number: 10.0.0.9 before 10.0.0.10. */
  sort_by (f, f->view->ip_column, GTK_SORT_ASCENDING);
  ASSERT_IDS (shown_ids (f), "L08 L04 L01 L02 L06 L07 L05 L03");
  /* Costs by amount: 9.50 before 10.00 before 100.00. */
  sort_by (f, f->view->cost_column, GTK_SORT_ASCENDING);
  ASSERT_IDS (shown_ids (f), "L08 L01 L02 L05 L04 L06 L07 L03");
  /* Expiry: the license without a date goes last. */
  sort_by (f, f->view->expires_column, GTK_SORT_ASCENDING);
  ASSERT_IDS (shown_ids (f), "L08 L01 L05 L03 L02 L06 L07 L04");

  /* Sorting works with filtering. */
  isplic_license_view_set_status_filter (f->view, ISPLIC_STATUS_FILTER_SUSPENDED);
  ASSERT_IDS (shown_ids (f), "L05 L03");
  isplic_license_view_set_status_filter (f->view, ISPLIC_STATUS_FILTER_ALL);

  /* The compare functions themselves, on the edge cases the list has none of. */
  {
    g_autoptr(IsplicLicense) a = isplic_license_new ("a");
    g_autoptr(IsplicLicense) b = isplic_license_new ("b");

    isplic_license_set_ip (a, "2001:db8::2");
    isplic_license_set_ip (b, "2001:db8::10");
    g_assert_cmpint (isplic_license_compare_ip (a, b), <, 0);
    isplic_license_set_cost (a, "1000 EUR");
    isplic_license_set_cost (b, "999.99 EUR");
    g_assert_cmpint (isplic_license_compare_cost (a, b), >, 0);
    g_assert_cmpint (isplic_license_compare_cost (b, a), <, 0);
    isplic_license_set_name (a, "Émile");
    isplic_license_set_name (b, "émile");
    /* Case aside the names are equal: the IP, then the id decides, so the order is stable. */
    isplic_license_set_ip (b, "2001:db8::2");
    g_assert_cmpint (isplic_license_compare_name (a, b), <, 0);
    g_assert_cmpint (isplic_license_compare_name (b, a), >, 0);
    isplic_license_set_name (b, "ÉMILF");
    g_assert_cmpint (isplic_license_compare_name (a, b), <, 0);
  }
}

static void
test_select_ids (Fixture       *f,
                 gconstpointer  data)
{
  const char *two[] = { "L07", "L03", NULL };
  const char *unknown[] = { "nope", NULL };

  sort_by (f, f->view->name_column, GTK_SORT_ASCENDING);
  isplic_license_view_select_ids (f->view, two);
  /* In view order, not in the order asked. */
  ASSERT_IDS (selected_ids (f), "L03 L07");
  g_assert_cmpuint (f->selection_changed, ==, 1);

  /* Unknown ids change nothing. */
  isplic_license_view_select_ids (f->view, unknown);
  ASSERT_IDS (selected_ids (f), "L03 L07");

  /* A filter that hides one of them is cleared, and says so. */
  isplic_license_view_set_search_text (f->view, "db");
  isplic_license_view_set_status_filter (f->view, ISPLIC_STATUS_FILTER_SUSPENDED);
  g_assert_cmpuint (isplic_license_view_get_n_shown (f->view), ==, 0);
  f->search_notes = f->status_notes = 0;
  isplic_license_view_select_ids (f->view, two);
  g_assert_null (isplic_license_view_get_search_text (f->view));
  g_assert_cmpuint (isplic_license_view_get_status_filter (f->view), ==, ISPLIC_STATUS_FILTER_ALL);
  g_assert_cmpuint (f->search_notes, ==, 1);
  g_assert_cmpuint (f->status_notes, ==, 1);
  g_assert_cmpuint (isplic_license_view_get_n_shown (f->view), ==, N_ROWS);
  ASSERT_IDS (selected_ids (f), "L03 L07");

  /* When the filters show them all, they stay. */
  isplic_license_view_set_search_text (f->view, "db-9");
  f->search_notes = 0;
  isplic_license_view_select_ids (f->view, (const char *[]) { "L07", NULL });
  g_assert_cmpuint (f->search_notes, ==, 0);
  g_assert_cmpstr (isplic_license_view_get_search_text (f->view), ==, "db-9");
  ASSERT_IDS (selected_ids (f), "L07");
}

static void
test_selection_by_identity (Fixture       *f,
                            gconstpointer  data)
{
  GtkSelectionModel *selection = GTK_SELECTION_MODEL (f->view->selection);
  IsplicLicense *l02 = isplic_license_list_lookup (f->licenses, "L02");
  IsplicLicense *l06 = isplic_license_list_lookup (f->licenses, "L06");
  guint changed;

  /* As a person would: click one, Ctrl+click another (positions 1 and 5, unsorted). */
  gtk_selection_model_select_item (selection, 1, TRUE);
  gtk_selection_model_select_item (selection, 5, FALSE);
  ASSERT_IDS (selected_ids (f), "L02 L06");

  /* A sort moves them: the same licenses stay selected, in their new places. */
  sort_by (f, f->view->name_column, GTK_SORT_ASCENDING);
  ASSERT_IDS (selected_ids (f), "L06 L02");
  g_assert_true (gtk_selection_model_is_selected (selection, 2));
  g_assert_true (gtk_selection_model_is_selected (selection, 5));
  sort_by (f, f->view->cost_column, GTK_SORT_DESCENDING);
  ASSERT_IDS (selected_ids (f), "L06 L02");

  /* A refresh: the server renamed everything, dropped L01 and the list reconciled in place. */
  changed = f->selection_changed + f->rows_changed;
  fill (f->licenses, "-renamed", "L01");
  g_assert_cmpuint (isplic_license_view_get_n_total (f->view), ==, N_ROWS - 1);
  g_assert_true (isplic_license_list_lookup (f->licenses, "L02") == l02);
  g_assert_cmpstr (isplic_license_get_name (l02), ==, "Mail-renamed");
  ASSERT_IDS (selected_ids (f), "L06 L02");
  g_assert_cmpuint (f->selection_changed + f->rows_changed, >, changed);
  {
    g_autoptr(GPtrArray) selected = isplic_license_view_get_selected (f->view);

    g_assert_true (g_ptr_array_index (selected, 0) == l06);
    g_assert_true (g_ptr_array_index (selected, 1) == l02);
  }

  /* A search that leaves one of them: only that one stays selected. */
  isplic_license_view_set_search_text (f->view, "mail");
  ASSERT_IDS (selected_ids (f), "L02");
  isplic_license_view_set_search_text (f->view, NULL);
  ASSERT_IDS (selected_ids (f), "L02");

  /* A refresh that drops a selected license drops it from the selection. */
  fill (f->licenses, "", "L02");
  ASSERT_IDS (selected_ids (f), "");
}

/* On screen */

static void
collect_texts (GtkWidget *widget,
               GPtrArray *texts)
{
  if (GTK_IS_INSCRIPTION (widget) && gtk_widget_get_mapped (widget))
    g_ptr_array_add (texts, g_strdup (gtk_inscription_get_text (GTK_INSCRIPTION (widget))));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_texts (child, texts);
}

static gboolean
texts_contain (GPtrArray  *texts,
               const char *text)
{
  for (guint i = 0; i < texts->len; i++)
    if (g_strcmp0 (g_ptr_array_index (texts, i), text) == 0)
      return TRUE;
  return FALSE;
}

static void
wait_frames (guint n)
{
  for (guint i = 0; i < n; i++)
    {
      g_usleep (5000);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
}

/* Shows @f's view in a window @width pixels wide; the caller destroys the window. */
static GtkWindow *
show_view (Fixture *f,
           int      width)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_default_size (window, width, 500);
  gtk_window_set_child (window, GTK_WIDGET (f->view));
  gtk_window_present (window);
  wait_frames (40);
  return window;
}

static void
test_cells (Fixture       *f,
            gconstpointer  data)
{
  GtkWindow *window = show_view (f, 1200);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

  collect_texts (GTK_WIDGET (f->view), texts);
  /* Tariffs by their short names, not "ispmanager 6 …" on every row. */
  g_assert_true (texts_contain (texts, "Lite"));
  g_assert_true (texts_contain (texts, "Business · 3 nodes"));
  g_assert_false (texts_contain (texts, "ispmanager 6 lite"));
  for (guint i = 0; i < texts->len; i++)
    g_assert_null (strstr (g_ptr_array_index (texts, i), "ispmanager"));
  g_assert_true (texts_contain (texts, "web-01"));
  g_assert_true (texts_contain (texts, "9.50 EUR"));

  gtk_window_destroy (window);
}

static IsplicLicenseColumn
cell_kind (GtkWidget *cell)
{
  return GPOINTER_TO_INT (g_object_get_qdata (G_OBJECT (cell),
                                              g_quark_from_static_string ("isplic-column-kind")));
}

/* Counts the cells (all but the name, which takes what is left) and column titles on screen
 * whose text does not fit; @n_cells is set to the number of cells looked at. */
static guint
count_cut (GtkWidget *widget,
           guint     *n_cells)
{
  guint cut = 0;

  if (!gtk_widget_get_mapped (widget))
    return 0;
  if (GTK_IS_INSCRIPTION (widget) && cell_kind (widget) != ISPLIC_LICENSE_COLUMN_NAME)
    {
      const char *text = gtk_inscription_get_text (GTK_INSCRIPTION (widget));
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
      int width;

      /* Bold, as the expiring dates are, to be sure of the widest. */
      {
        PangoAttrList *attrs = pango_attr_list_new ();

        pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
        pango_layout_set_attributes (layout, attrs);
        pango_attr_list_unref (attrs);
      }
      pango_layout_get_pixel_size (layout, &width, NULL);
      (*n_cells)++;
      if (width > gtk_widget_get_width (widget))
        {
          g_test_message ("cut: \"%s\" needs %d, has %d", text, width,
                          gtk_widget_get_width (widget));
          cut++;
        }
    }
  else if (GTK_IS_LABEL (widget) && gtk_widget_get_ancestor (widget, GTK_TYPE_COLUMN_VIEW) != NULL
           && pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (widget))))
    {
      g_test_message ("cut: \"%s\"", gtk_label_get_text (GTK_LABEL (widget)));
      cut++;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    cut += count_cut (child, n_cells);
  return cut;
}

static GtkWidget *
find_cell (GtkWidget           *widget,
           IsplicLicenseColumn  kind)
{
  if (GTK_IS_INSCRIPTION (widget) && gtk_widget_get_mapped (widget) && cell_kind (widget) == kind)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_cell (child, kind);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Whether the table is wider than its scrolled window (cut at the right edge). */
static gboolean
overflows (Fixture *f)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (f->view->column_view),
                                                 GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *h = gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (scrolled));

  return gtk_adjustment_get_upper (h) > gtk_adjustment_get_page_size (h) + 0.5;
}

static void
resize (GtkWindow *window,
        int        width)
{
  gtk_window_set_default_size (window, width, 500);
  wait_frames (30);
}

static void
check_widths (Fixture *f,
              double   scale)
{
  GtkWindow *window;
  guint n_cells = 0;
  guint wide_hidden;

  g_object_set (gtk_settings_get_default (), "gtk-xft-dpi", (int) (96 * 1024 * scale), NULL);
  /* The Russian title of the cost column, the longest of them. */
  gtk_column_view_column_set_title (f->view->cost_column, "Стоимость");
  /* As wide as the test's screen allows. */
  window = show_view (f, 1260);

  /* Wide: every text whole, nothing past the edge, the name takes the rest; at 1× every
   * column is there. */
  g_test_message ("at %.1f×, %d px wide: stepped aside 0x%x", scale,
                  gtk_widget_get_width (GTK_WIDGET (f->view)),
                  isplic_license_view_get_narrow_hidden (f->view));
  if (scale == 1.0)
    g_assert_cmpuint (isplic_license_view_get_narrow_hidden (f->view), ==, 0);
  else
    g_assert_false (isplic_license_view_get_narrow_hidden (f->view)
                    & (1u << ISPLIC_LICENSE_COLUMN_IP));
  g_assert_cmpuint (count_cut (GTK_WIDGET (f->view), &n_cells), ==, 0);
  g_assert_cmpuint (n_cells, >=, N_ROWS * 2);
  g_assert_false (overflows (f));
  {
    GtkWidget *name_cell = find_cell (GTK_WIDGET (f->view), ISPLIC_LICENSE_COLUMN_NAME);

    /* The name has at least its natural width: the slack goes to it. */
    g_assert_nonnull (name_cell);
    g_assert_cmpint (gtk_widget_get_width (name_cell), >=,
                     isplic_license_cells_estimate_width (name_cell, ISPLIC_LICENSE_COLUMN_NAME,
                                                          TRUE)
                     - ISPLIC_LICENSE_CELL_PADDING - 2);
  }
  wide_hidden = isplic_license_view_get_narrow_hidden (f->view);

  /* Narrow: the less important columns step aside, least important first; what stays fits. */
  resize (window, 560);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->view)), <=, 560);
  g_assert_true (isplic_license_view_get_narrow_hidden (f->view)
                 & (1u << ISPLIC_LICENSE_COLUMN_AUTO_RENEW));
  g_assert_false (isplic_license_view_get_narrow_hidden (f->view)
                  & ((1u << ISPLIC_LICENSE_COLUMN_NAME) | (1u << ISPLIC_LICENSE_COLUMN_STATUS)
                     | (1u << ISPLIC_LICENSE_COLUMN_EXPIRES)));
  g_assert_false (gtk_column_view_column_get_visible (f->view->auto_renew_column));
  n_cells = 0;
  g_assert_cmpuint (count_cut (GTK_WIDGET (f->view), &n_cells), ==, 0);
  g_assert_cmpuint (n_cells, >=, N_ROWS);
  g_assert_false (overflows (f));

  /* Wide again: they come back. */
  resize (window, 1260);
  g_assert_cmpuint (isplic_license_view_get_narrow_hidden (f->view), ==, wide_hidden);
  g_assert_cmpint (gtk_column_view_column_get_visible (f->view->auto_renew_column), ==,
                   !(wide_hidden & (1u << ISPLIC_LICENSE_COLUMN_AUTO_RENEW)));
  g_assert_false (overflows (f));

  gtk_window_destroy (window);
  g_object_set (gtk_settings_get_default (), "gtk-xft-dpi", 96 * 1024, NULL);
}

static void
test_widths (Fixture       *f,
             gconstpointer  data)
{
  check_widths (f, 1.0);
}

static void
test_widths_large_text (Fixture       *f,
                        gconstpointer  data)
{
  check_widths (f, 1.5);
}

/* A new view in the same process (the memory settings backend), as at the next start. */
static IsplicLicenseView *
another_view (void)
{
  return g_object_ref_sink (ISPLIC_LICENSE_VIEW (isplic_license_view_new ()));
}

static void
test_columns_remembered (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new ("com.example.IspLic");
  GActionGroup *actions = G_ACTION_GROUP (f->view->column_actions);
  g_autoptr(GVariant) state = NULL;
  g_auto(GStrv) hidden = NULL;
  IsplicLicenseView *next;
  GtkWindow *window = show_view (f, 1400);
  GMenuModel *menu = gtk_column_view_column_get_header_menu (f->view->expires_column);

  /* Every column header offers the same menu: a toggle per column but the name, and reset. */
  g_assert_nonnull (menu);
  g_assert_true (gtk_column_view_column_get_header_menu (f->view->name_column) == menu);
  g_assert_cmpint (g_menu_model_get_n_items (g_menu_model_get_item_link (menu, 0,
                                                                         G_MENU_LINK_SECTION)),
                   ==, ISPLIC_LICENSE_N_COLUMNS - 1);
  g_assert_false (g_action_group_has_action (actions, "show-name"));
  state = g_action_group_get_action_state (actions, "show-tariff");
  g_assert_true (g_variant_get_boolean (state));
  for (IsplicLicenseColumn kind = 0; kind < ISPLIC_LICENSE_N_COLUMNS; kind++)
    g_assert_true (gtk_column_view_column_get_resizable (isplic_license_view_get_column (f->view,
                                                                                        kind)));

  /* Hide the tariff from the menu, resize the address column. */
  g_action_group_change_action_state (actions, "show-tariff", g_variant_new_boolean (FALSE));
  g_assert_false (gtk_column_view_column_get_visible (f->view->tariff_column));
  g_assert_false (isplic_license_view_get_column_shown (f->view, ISPLIC_LICENSE_COLUMN_TARIFF));
  hidden = g_settings_get_strv (settings, "hidden-columns");
  g_assert_cmpstrv (hidden, ((const char *[]) { "tariff", NULL }));
  gtk_column_view_column_set_fixed_width (f->view->ip_column, 211);
  isplic_license_view_flush_column_widths (f->view);
  wait_frames (5);

  /* The next start shows them the same way. */
  next = another_view ();
  g_assert_false (gtk_column_view_column_get_visible (next->tariff_column));
  g_assert_true (gtk_column_view_column_get_visible (next->ip_column));
  g_assert_cmpint (gtk_column_view_column_get_fixed_width (next->ip_column), ==, 211);
  g_assert_cmpint (gtk_column_view_column_get_fixed_width (next->cost_column), ==, -1);
  g_clear_pointer (&state, g_variant_unref);
  state = g_action_group_get_action_state (G_ACTION_GROUP (next->column_actions), "show-tariff");
  g_assert_false (g_variant_get_boolean (state));

  /* Shown again, and reset. */
  g_action_group_change_action_state (actions, "show-tariff", g_variant_new_boolean (TRUE));
  g_assert_true (gtk_column_view_column_get_visible (f->view->tariff_column));
  /* The other window follows the setting. */
  g_assert_true (gtk_column_view_column_get_visible (next->tariff_column));
  g_action_group_change_action_state (actions, "show-cost", g_variant_new_boolean (FALSE));
  g_action_group_activate_action (actions, "reset", NULL);
  g_assert_true (gtk_column_view_column_get_visible (f->view->cost_column));
  g_assert_cmpint (gtk_column_view_column_get_fixed_width (f->view->ip_column), ==, -1);
  g_clear_pointer (&hidden, g_strfreev);
  hidden = g_settings_get_strv (settings, "hidden-columns");
  g_assert_cmpstrv (hidden, ((const char *[]) { NULL }));
  {
    g_autoptr(GVariant) widths = g_settings_get_value (settings, "column-widths");

    g_assert_cmpuint (g_variant_n_children (widths), ==, 0);
  }

  g_object_run_dispose (G_OBJECT (next));
  g_assert_finalize_object (next);
  gtk_window_destroy (window);
}

static GtkEventController *
find_capture_keys (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller)
          && gtk_event_controller_get_propagation_phase (controller) == GTK_PHASE_CAPTURE)
        return controller;
    }
  return NULL;
}

static gboolean
focus_in_list (Fixture   *f,
               GtkWindow *window)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (f->view->column_view));
}

static gboolean
press_key (GtkEventController *keys,
           guint               keyval,
           GdkModifierType     state)
{
  gboolean handled = FALSE;

  g_signal_emit_by_name (keys, "key-pressed", keyval, 0, state, &handled);
  return handled;
}

/* The list is one Tab stop: Tab and Shift+Tab leave it from any row. */
/* From @before, Tab: TRUE when the focus went into the list. */
static gboolean
tab_into_list (Fixture   *f,
               GtkWindow *window,
               GtkWidget *before)
{
  gtk_widget_grab_focus (before);
  return gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD)
         && focus_in_list (f, window);
}

/* TRUE when a row's cell is on screen under @widget. */
static gboolean
has_mapped_cell (GtkWidget *widget)
{
  if (GTK_IS_INSCRIPTION (widget) && gtk_widget_get_mapped (widget)
      && gtk_inscription_get_text (GTK_INSCRIPTION (widget)) != NULL)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_mapped_cell (child))
      return TRUE;
  return FALSE;
}

static void
test_one_tab_stop (Fixture       *f,
                   gconstpointer  data)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *before = gtk_button_new_with_label ("before");
  GtkWidget *after = gtk_button_new_with_label ("after");
  GtkEventController *keys = find_capture_keys (GTK_WIDGET (f->view->column_view));

  g_assert_nonnull (keys);
  gtk_widget_set_vexpand (GTK_WIDGET (f->view), TRUE);
  gtk_box_append (GTK_BOX (box), before);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->view));
  gtk_box_append (GTK_BOX (box), after);
  gtk_window_set_child (window, box);
  gtk_window_set_default_size (window, 1000, 500);
  gtk_window_present (window);
  /* The rows exist (a loaded machine may take more than a few frames to make them). */
  ISPLIC_TEST_WAIT_UNTIL (!isplic_license_view_get_pending (f->view)
                          && gtk_widget_get_mapped (GTK_WIDGET (f->view->column_view))
                          && has_mapped_cell (GTK_WIDGET (f->view->column_view)));
  wait_frames (30);

  /* Into the list from the button before it: a row has the focus. (On a loaded machine the
   * list may still be making its rows for a while: until then Tab passes it by.) */
  ISPLIC_TEST_WAIT_UNTIL (tab_into_list (f, window, before));
  /* Down a row with the arrow (the list's own keys), then Tab: out, to the button after. */
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (f->view->column_view), GTK_DIR_DOWN));
  g_assert_true (focus_in_list (f, window));
  g_assert_true (press_key (keys, GDK_KEY_Tab, 0));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == after);

  /* Back in with Shift+Tab, out again backwards to the button before. */
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_BACKWARD));
  g_assert_true (focus_in_list (f, window));
  g_assert_true (press_key (keys, GDK_KEY_ISO_Left_Tab, GDK_SHIFT_MASK));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == before);
  /* Other keys are the list's. */
  g_assert_false (press_key (keys, GDK_KEY_Down, 0));
  g_assert_false (press_key (keys, GDK_KEY_Tab, GDK_CONTROL_MASK));

  gtk_window_destroy (window);
}

static GtkWidget *
find_cell_with_text (GtkWidget  *widget,
                     const char *text)
{
  if (GTK_IS_INSCRIPTION (widget) && gtk_widget_get_mapped (widget)
      && g_strcmp0 (gtk_inscription_get_text (GTK_INSCRIPTION (widget)), text) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_cell_with_text (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Whether the cell showing @text lies wholly within the scrolled window's view. */
static gboolean
cell_in_view (Fixture    *f,
              const char *text)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (f->view->column_view),
                                                 GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *cell = find_cell_with_text (GTK_WIDGET (f->view), text);
  graphene_rect_t bounds;

  if (cell == NULL || !gtk_widget_compute_bounds (cell, scrolled, &bounds))
    return FALSE;
  return bounds.origin.y >= 0
         && bounds.origin.y + bounds.size.height <= gtk_widget_get_height (scrolled);
}

/* Sorting keeps the selected row in view. */
static void
test_sort_follows_selection (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GPtrArray) licenses = g_ptr_array_new_with_free_func (g_object_unref);
  GtkWindow *window;

  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *id = g_strdup_printf ("M%03u", i);
      g_autofree char *name = g_strdup_printf ("host-%03u", i);
      g_autofree char *ip = g_strdup_printf ("10.%u.%u.1", 299 - i, i);
      IsplicLicense *license = isplic_license_new (id);

      isplic_license_set_name (license, name);
      isplic_license_set_ip (license, ip);
      isplic_license_set_cost (license, "10.00 EUR");
      g_ptr_array_add (licenses, license);
    }
  isplic_license_list_update (f->licenses, licenses);
  window = show_view (f, 1000);
  gtk_window_set_default_size (window, 1000, 400);
  wait_frames (20);

  /* host-010 at the top, selected; sorted by address it is near the end: still in view. */
  sort_by (f, f->view->name_column, GTK_SORT_ASCENDING);
  isplic_license_view_select_ids (f->view, (const char *[]) { "M010", NULL });
  wait_frames (20);
  g_assert_true (cell_in_view (f, "host-010"));
  sort_by (f, f->view->ip_column, GTK_SORT_ASCENDING);
  wait_frames (30);
  ASSERT_IDS (selected_ids (f), "M010");
  g_assert_true (cell_in_view (f, "host-010"));
  /* And back. */
  sort_by (f, f->view->name_column, GTK_SORT_DESCENDING);
  wait_frames (30);
  g_assert_true (cell_in_view (f, "host-010"));

  /* Selecting a license hidden by a search clears the search and scrolls to it. */
  isplic_license_view_set_search_text (f->view, "host-29");
  wait_frames (10);
  isplic_license_view_select_ids (f->view, (const char *[]) { "M003", NULL });
  wait_frames (30);
  g_assert_null (isplic_license_view_get_search_text (f->view));
  g_assert_true (cell_in_view (f, "host-003"));

  gtk_window_destroy (window);
}

static void
test_activate (Fixture       *f,
               gconstpointer  data)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenuModel) got = NULL;

  /* Activating a row (double-click, Enter) selects it and says so. */
  g_signal_emit_by_name (f->view->column_view, "activate", 3);
  g_assert_cmpuint (f->row_activated, ==, 1);
  ASSERT_IDS (selected_ids (f), "L04");
  /* An activated row already in a multiple selection keeps the selection. */
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (f->view->selection), 6, FALSE);
  g_signal_emit_by_name (f->view->column_view, "activate", 6);
  g_assert_cmpuint (f->row_activated, ==, 2);
  ASSERT_IDS (selected_ids (f), "L04 L07");

  /* The context menu is the one given. */
  g_menu_append (menu, "Details", "win.details");
  g_object_set (f->view, "context-menu", menu, NULL);
  g_object_get (f->view, "context-menu", &got, NULL);
  g_assert_true (got == G_MENU_MODEL (menu));
  g_object_unref (menu);
}

/* The context menu's items are made when it is first shown (Shift+F10 or Menu on a row), not
 * with the view; a menu given later is the one shown next. */
static void
test_context_menu (Fixture       *f,
                   gconstpointer  data)
{
  GtkWindow *window = show_view (f, 1200);
  g_autoptr(GMenu) first = g_menu_new ();
  g_autoptr(GMenu) second = g_menu_new ();

  g_menu_append (first, "Details", "win.details");
  g_menu_append (second, "Renew", "win.renew");
  g_object_set (f->view, "context-menu", first, NULL);
  g_assert_null (gtk_popover_menu_get_menu_model (f->view->row_popover));

  /* Without a focused row there is nothing to point at: the key goes on. */
  gtk_root_set_focus (GTK_ROOT (window), NULL);
  g_assert_false (isplic_license_view_context_key_cb (GTK_WIDGET (f->view), NULL, NULL));
  g_assert_null (gtk_popover_menu_get_menu_model (f->view->row_popover));

  gtk_widget_grab_focus (GTK_WIDGET (f->view));
  g_assert_true (isplic_license_view_context_key_cb (GTK_WIDGET (f->view), NULL, NULL));
  g_assert_true (gtk_popover_menu_get_menu_model (f->view->row_popover) == G_MENU_MODEL (first));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->view->row_popover)));
  gtk_popover_popdown (GTK_POPOVER (f->view->row_popover));

  g_object_set (f->view, "context-menu", second, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (f->view));
  g_assert_true (isplic_license_view_context_key_cb (GTK_WIDGET (f->view), NULL, NULL));
  g_assert_true (gtk_popover_menu_get_menu_model (f->view->row_popover) == G_MENU_MODEL (second));
  gtk_popover_popdown (GTK_POPOVER (f->view->row_popover));
  wait_frames (5);

  gtk_window_destroy (window);
}

/* Lists from 2,000 licenses on are sorted and filtered in a worker thread and shown in one
 * change: while that runs the selection stays with its licenses, and at the end the order and
 * the rows shown are exactly those of a sort done at once, searches included. */
#define N_MANY 3000

static void
wait_until_settled (Fixture *f)
{
  while (isplic_license_view_get_pending (f->view))
    g_main_context_iteration (NULL, TRUE);
}

static int
compare_licenses_by_ip (gconstpointer a,
                        gconstpointer b)
{
  return isplic_license_compare_ip (*(IsplicLicense **) a, *(IsplicLicense **) b);
}

static void
test_incremental (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) many = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) expected = g_ptr_array_new ();
  GListModel *shown = G_LIST_MODEL (f->view->filter_model);
  g_autoptr(GRand) rand = g_rand_new_with_seed (10);
  IsplicLicense *chosen;
  guint matching = 0;

  for (guint i = 0; i < N_MANY; i++)
    {
      g_autofree char *id = g_strdup_printf ("M%05u", i);
      g_autofree char *name = g_strdup_printf ("host-%u", g_rand_int_range (rand, 0, 100000));
      g_autofree char *ip = g_strdup_printf ("10.%d.%d.%d", g_rand_int_range (rand, 0, 256),
                                             g_rand_int_range (rand, 0, 256),
                                             g_rand_int_range (rand, 0, 256));
      IsplicLicense *license = isplic_license_new (id);

      isplic_license_set_name (license, name);
      isplic_license_set_ip (license, ip);
      isplic_license_set_status (license, i % 3 ? ISPLIC_LICENSE_STATUS_ACTIVE
                                                : ISPLIC_LICENSE_STATUS_SUSPENDED);
      g_ptr_array_add (many, license);
    }
  isplic_license_list_update (f->licenses, many);
  g_assert_cmpuint (isplic_license_view_get_n_total (f->view), ==, N_MANY);
  /* Not sorted: the list as it is, at once. */
  g_assert_false (isplic_sorted_model_get_pending (f->view->filter_model));
  wait_until_settled (f);

  /* One license selected, then a sort by IP: not done at once. */
  chosen = isplic_license_list_lookup (f->licenses, "M01234");
  isplic_license_view_select_ids (f->view, (const char *[]) { "M01234", NULL });
  ASSERT_IDS (selected_ids (f), "M01234");
  sort_by (f, f->view->ip_column, GTK_SORT_ASCENDING);
  g_assert_true (isplic_license_view_get_pending (f->view));
  /* The set by identity is kept while the rows move. */
  g_assert_true (g_hash_table_contains (f->view->selected_set, chosen));
  while (isplic_license_view_get_pending (f->view))
    {
      g_main_context_iteration (NULL, TRUE);
      g_assert_cmpuint (g_hash_table_size (f->view->selected_set), ==, 1);
      g_assert_true (g_hash_table_contains (f->view->selected_set, chosen));
    }
  ASSERT_IDS (selected_ids (f), "M01234");

  /* The order is that of the compare function, every row. */
  for (guint i = 0; i < many->len; i++)
    g_ptr_array_add (expected, g_ptr_array_index (many, i));
  g_ptr_array_sort (expected, compare_licenses_by_ip);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, N_MANY);
  for (guint i = 0; i < N_MANY; i++)
    {
      g_autoptr(IsplicLicense) license = g_list_model_get_item (shown, i);

      g_assert_cmpint (isplic_license_compare_ip (license, g_ptr_array_index (expected, i)), ==,
                       0);
    }

  /* A search: the rows shown are exactly those that match, in order. */
  for (guint i = 0; i < many->len; i++)
    matching += isplic_license_search (g_ptr_array_index (many, i), "host-12");
  g_assert_cmpuint (matching, >, 0);
  isplic_license_view_set_search_text (f->view, "HOST-12");
  wait_until_settled (f);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, matching);
  for (guint i = 0; i < matching; i++)
    {
      g_autoptr(IsplicLicense) license = g_list_model_get_item (shown, i);

      g_assert_true (isplic_license_search (license, "host-12"));
      if (i > 0)
        {
          g_autoptr(IsplicLicense) previous = g_list_model_get_item (shown, i - 1);

          g_assert_cmpint (isplic_license_compare_ip (previous, license), <=, 0);
        }
    }
  isplic_license_view_set_search_text (f->view, NULL);
  isplic_license_view_set_status_filter (f->view, ISPLIC_STATUS_FILTER_SUSPENDED);
  wait_until_settled (f);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, N_MANY / 3);

  /* Selecting by id in the middle of a sort finishes it first: the positions are final. */
  isplic_license_view_set_status_filter (f->view, ISPLIC_STATUS_FILTER_ALL);
  wait_until_settled (f);
  sort_by (f, f->view->name_column, GTK_SORT_DESCENDING);
  g_assert_true (isplic_license_view_get_pending (f->view));
  isplic_license_view_select_ids (f->view, (const char *[]) { "M00007", NULL });
  g_assert_false (isplic_license_view_get_pending (f->view));
  ASSERT_IDS (selected_ids (f), "M00007");
  {
    g_autoptr(IsplicLicense) first = g_list_model_get_item (shown, 0);
    g_autoptr(IsplicLicense) second = g_list_model_get_item (shown, 1);

    g_assert_cmpint (isplic_license_compare_name (first, second), >=, 0);
  }

  /* A short list again: sorted at once. */
  fill (f->licenses, "", NULL);
  g_assert_false (isplic_license_view_get_pending (f->view));
  sort_by (f, f->view->name_column, GTK_SORT_ASCENDING);
  ASSERT_IDS (shown_ids (f), "L03 L05 L06 L07 L08 L02 L01 L04");
}

static void
row_license_notified_cb (IsplicRow  *row,
                         GParamSpec *pspec,
                         guint      *count)
{
  (*count)++;
}

/* Rows are made when asked for; positions without a row are read from the source; a row keeps
 * its identity when the source changes under it, and a watched one says so. */
static void
test_row_model_on_demand (void)
{
  g_autoptr(GListStore) store = g_list_store_new (ISPLIC_TYPE_LICENSE);
  g_autoptr(IsplicRowModel) row_model = NULL;
  g_autoptr(IsplicRow) row = NULL;
  g_autoptr(IsplicRow) again = NULL;
  g_autoptr(GPtrArray) reversed = g_ptr_array_new_with_free_func (g_object_unref);
  guint notified = 0;
  const guint n = 1000;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", 1000 + i);
      g_autoptr(IsplicLicense) license = isplic_license_new (id);

      g_list_store_append (store, license);
    }
  row_model = isplic_row_model_new (G_LIST_MODEL (store));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (row_model)), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(IsplicLicense) license = g_list_model_get_item (G_LIST_MODEL (store), i);

      g_assert_true (isplic_row_model_peek (row_model, i) == license);
    }
  g_assert_null (isplic_row_model_peek (row_model, n));

  row = g_list_model_get_item (G_LIST_MODEL (row_model), 5);
  again = g_list_model_get_item (G_LIST_MODEL (row_model), 5);
  g_assert_true (row == again);
  g_assert_cmpstr (isplic_license_get_id (isplic_row_get_license (row)), ==, "1005");
  isplic_row_watch (row, NULL, NULL);
  g_signal_connect (row, "notify::license", G_CALLBACK (row_license_notified_cb), &notified);

  /* The same licenses in reverse order, as one change of every position. */
  for (guint i = n; i > 0; i--)
    g_ptr_array_add (reversed, g_list_model_get_item (G_LIST_MODEL (store), i - 1));
  g_list_store_splice (store, 0, n, reversed->pdata, n);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (row_model)), ==, n);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpstr (isplic_license_get_id (isplic_row_get_license (row)), ==, "1994");
  g_assert_cmpstr (isplic_license_get_id (isplic_row_model_peek (row_model, 0)), ==, "1999");
  g_assert_cmpstr (isplic_license_get_id (isplic_row_model_peek (row_model, 5)), ==, "1994");
  isplic_row_unwatch (row, NULL, NULL);

  /* Shorter, then longer again: the row_model past the end are gone, new ones are made on demand. */
  g_list_store_splice (store, 10, n - 10, NULL, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (row_model)), ==, 10);
  g_assert_null (isplic_row_model_peek (row_model, 10));
  g_list_store_splice (store, 10, 0, reversed->pdata, 20);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (row_model)), ==, 30);
  g_assert_cmpstr (isplic_license_get_id (isplic_row_model_peek (row_model, 29)), ==, "1980");
  {
    g_autoptr(IsplicRow) late = g_list_model_get_item (G_LIST_MODEL (row_model), 29);

    g_assert_cmpstr (isplic_license_get_id (isplic_row_get_license (late)), ==, "1980");
  }
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* An entry focused without a window manager: its blink timer may warn ("did not receive a
   * focus-out event"), which fatal warnings turn into a crash. */
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE,
                "gtk-enable-animations", FALSE, NULL);

  g_test_add ("/license-view/model-and-counts", Fixture, NULL, fixture_setup,
              test_model_and_counts, fixture_teardown);
  g_test_add ("/license-view/filter", Fixture, NULL, fixture_setup, test_filter,
              fixture_teardown);
  g_test_add ("/license-view/sort", Fixture, NULL, fixture_setup, test_sort, fixture_teardown);
  g_test_add ("/license-view/select-ids", Fixture, NULL, fixture_setup, test_select_ids,
              fixture_teardown);
  g_test_add ("/license-view/selection-by-identity", Fixture, NULL, fixture_setup,
              test_selection_by_identity, fixture_teardown);
  g_test_add ("/license-view/cells", Fixture, NULL, fixture_setup, test_cells,
              fixture_teardown);
  g_test_add ("/license-view/widths", Fixture, NULL, fixture_setup, test_widths,
              fixture_teardown);
  g_test_add ("/license-view/widths-large-text", Fixture, NULL, fixture_setup,
              test_widths_large_text, fixture_teardown);
  g_test_add ("/license-view/columns-remembered", Fixture, NULL, fixture_setup,
              test_columns_remembered, fixture_teardown);
  g_test_add ("/license-view/one-tab-stop", Fixture, NULL, fixture_setup, test_one_tab_stop,
              fixture_teardown);
  g_test_add ("/license-view/sort-follows-selection", Fixture, NULL, fixture_setup,
              test_sort_follows_selection, fixture_teardown);
  g_test_add ("/license-view/activate", Fixture, NULL, fixture_setup, test_activate,
              fixture_teardown);
  g_test_add ("/license-view/context-menu", Fixture, NULL, fixture_setup, test_context_menu,
              fixture_teardown);
  g_test_add ("/license-view/incremental", Fixture, NULL, fixture_setup, test_incremental,
              fixture_teardown);
  g_test_add_func ("/license-view/row-model-on-demand", test_row_model_on_demand);

  return g_test_run ();
}
