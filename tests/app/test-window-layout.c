/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The main window's layout: narrow windows, columns, focus. */
#include "config.h"

#include <adwaita.h>

#include "app-window-fixture.h"
#include "isplic-license-view-private.h"

typedef AppWindowFixture Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  app_fixture_setup (f, 60, 42, APP_FIXTURE_DEFAULT);
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

static void
set_text_scale (double scale)
{
  g_object_set (gtk_settings_get_default (), "gtk-xft-dpi", (int) (96 * 1024 * scale), NULL);
}

static int
min_width (GtkWidget *widget)
{
  int min = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  return min;
}

/* Labels on screen under @widget showing @text, and how many of them are cut short. */
static guint
count_labels (GtkWidget  *widget,
              const char *text,
              guint      *cut)
{
  guint n = 0;

  if (!gtk_widget_get_mapped (widget))
    return 0;
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    {
      n++;
      if (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (widget))))
        (*cut)++;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_labels (child, text, cut);
  return n;
}

/* The server choice on the sign-in page is whole, in the row and in its pop-up. */
static void
test_sign_in_server (Fixture       *f,
                     gconstpointer  data)
{
  const char *europe = "Europe (api-eu.ispmanager.com)";
  GtkWidget *row = app_find_type (GTK_WIDGET (isplic_window_get_sign_in_page (f->win)),
                                  ADW_TYPE_COMBO_ROW);
  guint cut = 0;

  gtk_window_set_default_size (GTK_WINDOW (f->win), 600, 600);
  isplic_sign_in_page_set_server_url (isplic_window_get_sign_in_page (f->win),
                                      "https://api-eu.ispmanager.com/manager/billmgr");
  wait_frames (30);
  g_assert_nonnull (row);
  g_assert_true (adw_combo_row_get_use_subtitle (ADW_COMBO_ROW (row)));
  g_assert_cmpuint (count_labels (row, europe, &cut), >=, 1);
  g_assert_cmpuint (cut, ==, 0);

  /* The pop-up. */
  g_assert_true (gtk_widget_activate (row));
  wait_frames (30);
  {
    GtkWidget *popover = app_find_type (row, GTK_TYPE_POPOVER);

    g_assert_nonnull (popover);
    g_assert_true (gtk_widget_get_mapped (popover));
    cut = 0;
    g_assert_cmpuint (count_labels (popover, europe, &cut), ==, 1);
    g_assert_cmpuint (cut, ==, 0);
    cut = 0;
    g_assert_cmpuint (count_labels (popover, "Russia (api.ispmanager.ru)", &cut), ==, 1);
    g_assert_cmpuint (cut, ==, 0);
    gtk_popover_popdown (GTK_POPOVER (popover));
  }
}

static gboolean
table_overflows (Fixture *f)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (f->win->view->column_view),
                                                 GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *h = gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (scrolled));

  return gtk_adjustment_get_upper (h) > gtk_adjustment_get_page_size (h) + 0.5;
}

/* A narrow window: the details pane lies over the list instead of squeezing it, the list drops
 * what does not fit, and neither asks for more than 600 pixels. */
static void
check_narrow (Fixture *f,
              double   scale)
{
  GtkWidget *view = GTK_WIDGET (f->win->view);
  int window_min;

  set_text_scale (scale);
  app_sign_in (f->win, f->url);
  gtk_window_set_default_size (GTK_WINDOW (f->win), 1260, 700);
  wait_frames (30);
  {
    g_autoptr(IsplicLicense) first = g_list_model_get_item (G_LIST_MODEL (f->win->licenses), 0);

    isplic_license_view_select_ids (f->win->view,
                                    (const char *[]) { isplic_license_get_id (first), NULL });
  }
  adw_flap_set_reveal_flap (f->win->flap, TRUE);
  wait_frames (40);

  /* Wide: the pane beside the list. */
  if (scale == 1.0)
    g_assert_false (adw_flap_get_folded (f->win->flap));
  g_assert_false (table_overflows (f));

  /* What the list and the pane need: at most 600 pixels. */
  g_assert_cmpint (min_width (view), <=, 600);
  g_assert_cmpint (min_width (GTK_WIDGET (f->win->flap)), <=, 600);
  window_min = min_width (GTK_WIDGET (f->win));
  /* The window tiles on half of a 1366-pixel screen. */
  g_assert_cmpint (window_min, <=, 600);
  g_test_message ("at %.1f×: window minimum %d px, list %d px, pane and list %d px", scale,
                  window_min, min_width (view), min_width (GTK_WIDGET (f->win->flap)));

  /* Narrow (as narrow as the rest of the window allows, 600 at most): the pane lies over the
   * list, which keeps the whole width and shows what fits without a horizontal cut. */
  gtk_window_set_default_size (GTK_WINDOW (f->win), MAX (window_min, 600), 700);
  wait_frames (40);
  g_assert_true (adw_flap_get_folded (f->win->flap));
  g_assert_true (adw_flap_get_reveal_flap (f->win->flap));
  g_assert_cmpint (gtk_widget_get_width (view), >=, gtk_widget_get_width (GTK_WIDGET (f->win)) - 2);
  g_assert_false (table_overflows (f));
  g_assert_true (isplic_license_view_get_narrow_hidden (f->win->view)
                 & (1u << ISPLIC_LICENSE_COLUMN_AUTO_RENEW));

  /* Wide again. */
  gtk_window_set_default_size (GTK_WINDOW (f->win), 1260, 700);
  wait_frames (40);
  if (scale == 1.0)
    {
      g_assert_false (adw_flap_get_folded (f->win->flap));
      g_assert_cmpint (gtk_widget_get_width (view), <,
                       gtk_widget_get_width (GTK_WIDGET (f->win)) - 300);
    }
  g_assert_false (table_overflows (f));
  set_text_scale (1.0);
}

static void
test_narrow (Fixture       *f,
             gconstpointer  data)
{
  check_narrow (f, 1.0);
}

static void
test_narrow_large_text (Fixture       *f,
                        gconstpointer  data)
{
  check_narrow (f, 1.5);
}

static gboolean
is_read_only_row (GtkWidget *widget)
{
  return ADW_IS_ACTION_ROW (widget)
         && adw_action_row_get_activatable_widget (ADW_ACTION_ROW (widget)) == NULL;
}

static guint
count_read_only_rows (GtkWidget *widget,
                      guint     *focusable)
{
  guint n = is_read_only_row (widget);

  if (n > 0 && gtk_widget_get_focusable (widget))
    {
      g_test_message ("focusable: %s",
                      adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)));
      (*focusable)++;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_read_only_rows (child, focusable);
  return n;
}

/* The details pane's read-only rows are no Tab stops; its buttons are. */
static void
test_pane_tab_stops (Fixture       *f,
                     gconstpointer  data)
{
  GtkWidget *pane = GTK_WIDGET (isplic_window_get_details_pane (f->win));
  guint focusable = 0;
  guint stops = 0;

  app_sign_in (f->win, f->url);
  gtk_window_set_default_size (GTK_WINDOW (f->win), 1260, 900);
  {
    g_autoptr(IsplicLicense) first = g_list_model_get_item (G_LIST_MODEL (f->win->licenses), 0);

    isplic_license_view_select_ids (f->win->view,
                                    (const char *[]) { isplic_license_get_id (first), NULL });
  }
  adw_flap_set_reveal_flap (f->win->flap, TRUE);
  wait_frames (40);

  g_assert_cmpuint (count_read_only_rows (pane, &focusable), >=, 8);
  g_assert_cmpuint (focusable, ==, 0);

  /* Walk the pane's focus chain: only buttons, switches and the like. */
  gtk_widget_grab_focus (GTK_WIDGET (f->win->view));
  while (gtk_widget_child_focus (pane, GTK_DIR_TAB_FORWARD) && stops < 100)
    {
      GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->win));

      g_assert_nonnull (focus);
      g_assert_false (is_read_only_row (focus));
      stops++;
    }
  g_test_message ("%u Tab stops in the pane", stops);
  g_assert_cmpuint (stops, >, 0);
  g_assert_cmpuint (stops, <, 100);
}

int
main (int   argc,
      char *argv[])
{
  app_test_init (&argc, &argv, FALSE);

  g_test_add ("/window-layout/sign-in-server", Fixture, NULL, fixture_setup,
              test_sign_in_server, app_fixture_teardown);
  g_test_add ("/window-layout/pane-tab-stops", Fixture, NULL, fixture_setup,
              test_pane_tab_stops, app_fixture_teardown);
  g_test_add ("/window-layout/narrow", Fixture, NULL, fixture_setup, test_narrow,
              app_fixture_teardown);
  g_test_add ("/window-layout/narrow-large-text", Fixture, NULL, fixture_setup,
              test_narrow_large_text, app_fixture_teardown);

  return g_test_run ();
}
