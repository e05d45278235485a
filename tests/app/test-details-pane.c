/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The details pane's wording and its key box (issue 9), on the real pane built from its
 * template. */
#include "config.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>

#include "isplic-details-pane.h"
#include "isplic-test-utils.h"

typedef struct
{
  GtkWidget *window;
  IsplicDetailsPane *pane;    /* owned by window */
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->window = gtk_window_new ();
  f->pane = ISPLIC_DETAILS_PANE (isplic_details_pane_new ());
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->pane));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 360, 700);
  gtk_window_present (GTK_WINDOW (f->window));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  isplic_test_spin (50);
}

static gpointer
child (Fixture    *f,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (f->pane),
                                                   ISPLIC_TYPE_DETAILS_PANE, name);

  g_assert_nonnull (object);
  return object;
}

/* The key box: monospace, selectable, the key's exact text, and lines that break only between
 * its groups (never in the middle of "0123abcd"), however narrow the pane. */
static void
test_key_box (Fixture       *f,
              gconstpointer  data)
{
  const char *key = "3100001-0123abcd4567ef0189abcdef01234567";
  g_autoptr(IsplicLicense) license = isplic_license_new ("3100001");
  g_autoptr(PangoLayout) layout = NULL;
  GtkLabel *label;
  GSList *lines;
  int char_width;
  guint n_lines = 0;

  isplic_license_set_name (license, "web-01");
  isplic_license_set_key (license, key);
  isplic_details_pane_set_license (f->pane, license);
  label = child (f, "key_label");
  ISPLIC_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (label)));

  g_assert_cmpstr (gtk_label_get_text (label), ==, key);
  g_assert_true (gtk_label_get_selectable (label));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (label), "monospace"));
  g_assert_true (gtk_label_get_wrap (label));
  g_assert_nonnull (gtk_label_get_attributes (label));

  /* The label's own layout, narrowed to 20 characters: the groups end at 8, 16, 24, 32. */
  layout = pango_layout_copy (gtk_label_get_layout (label));
  pango_layout_set_width (layout, -1);
  pango_layout_set_text (layout, "0123456789", -1);
  pango_layout_get_pixel_size (layout, &char_width, NULL);
  char_width = (char_width + 9) / 10;
  pango_layout_set_text (layout, key, -1);
  pango_layout_set_width (layout, 20 * char_width * PANGO_SCALE);
  for (lines = pango_layout_get_lines_readonly (layout); lines != NULL; lines = lines->next)
    {
      PangoLayoutLine *line = lines->data;

      n_lines++;
      if (line->start_index % 8 != 0)
        g_error ("a line of the key starts at %d, inside a group", line->start_index);
    }
  g_assert_cmpuint (n_lines, >=, 2);

  /* A key in no known shape still shows, wrapping anywhere. */
  isplic_license_set_key (license, "ключ с пробелами");
  isplic_details_pane_set_license (f->pane, NULL);
  isplic_details_pane_set_license (f->pane, license);
  g_assert_cmpstr (gtk_label_get_text (label), ==, "ключ с пробелами");
  g_assert_null (gtk_label_get_attributes (label));
  isplic_details_pane_set_license (f->pane, NULL);
}

static void
collect_buttons (GtkWidget  *widget,
                 GHashTable *labels)
{
  if (GTK_IS_BUTTON (widget) && gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)) != NULL
      && gtk_button_get_label (GTK_BUTTON (widget)) != NULL)
    g_hash_table_insert (labels,
                         g_strdup (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget))),
                         g_strdup (gtk_button_get_label (GTK_BUTTON (widget))));

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    collect_buttons (c, labels);
}

/* Every operation that asks before it acts (a dialog or a confirmation) says so with "…",
 * Resume included. */
static void
test_action_labels (Fixture       *f,
                    gconstpointer  data)
{
  static const char * const asking[] = {
    "win.renew", "win.edit", "win.change-tariff", "win.new-key", "win.suspend", "win.resume",
    "win.delete",
  };
  g_autoptr(GHashTable) labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  collect_buttons (GTK_WIDGET (f->pane), labels);
  for (guint i = 0; i < G_N_ELEMENTS (asking); i++)
    {
      const char *label = g_hash_table_lookup (labels, asking[i]);

      if (label == NULL)
        continue;  /* not in the pane */
      if (!g_str_has_suffix (label, "…"))
        g_error ("the button for %s reads “%s”, without “…”", asking[i], label);
    }
  g_assert_cmpstr (g_hash_table_lookup (labels, "win.resume"), ==, "Res_ume…");
}

/* ---- status badges ------------------------------------------------------------------- */

static double
channel (double c)
{
  return c <= 0.03928 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

static double
luminance (double r,
           double g,
           double b)
{
  return 0.2126 * channel (r) + 0.7152 * channel (g) + 0.0722 * channel (b);
}

/* Renders @widget (in a window) and returns the pixel at @x, @y, blended over black when it is
 * not opaque (it always is here: the badge sits on the view's background). */
static void
pixel_at (GtkWidget *widget,
          int        x,
          int        y,
          double     rgb[3])
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autofree guchar *data = g_malloc (width * height * 4);
  guchar *p;

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  gdk_texture_download (texture, data, width * 4);
  /* Cairo's ARGB32, premultiplied, little-endian: B G R A. */
  p = data + (y * width + x) * 4;
  g_assert_cmpuint (p[3], ==, 255);
  rgb[0] = p[2] / 255.0;
  rgb[1] = p[1] / 255.0;
  rgb[2] = p[0] / 255.0;
}

/* Every status badge's text meets WCAG AA (4.5:1) against the badge, in the light and the dark
 * style: the badge is rendered for real and its background read from the pixels. */
static void
test_badge_contrast (void)
{
  static const char * const classes[] = {
    "status-active", "status-suspended", "status-processing", "status-ordered",
    "status-deleted", "status-unknown",
  };
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();
  AdwStyleManager *manager = adw_style_manager_get_default ();

  gtk_css_provider_load_from_resource (provider, "/com/example/IspLic/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  for (guint dark = 0; dark <= 1; dark++)
    {
      adw_style_manager_set_color_scheme (manager, dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                                        : ADW_COLOR_SCHEME_FORCE_LIGHT);
      for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
        {
          GtkWidget *window = gtk_window_new ();
          GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
          GtkWidget *badge = gtk_label_new ("Active");
          GdkRGBA fg;
          double bg[3];
          double l_fg, l_bg, ratio;
          graphene_point_t point;
          graphene_rect_t bounds;

          gtk_widget_add_css_class (box, "view");
          gtk_widget_set_halign (badge, GTK_ALIGN_CENTER);
          gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (badge, "status-badge");
          gtk_widget_add_css_class (badge, classes[i]);
          gtk_box_append (GTK_BOX (box), badge);
          gtk_widget_set_size_request (box, 200, 60);
          gtk_window_set_child (GTK_WINDOW (window), box);
          gtk_window_present (GTK_WINDOW (window));
          ISPLIC_TEST_WAIT_UNTIL (gtk_widget_get_mapped (badge)
                                  && gtk_widget_get_width (badge) > 0);
          isplic_test_spin (50);

          /* Inside the right-hand padding (8 px), level with the middle: badge, not text. */
          g_assert_true (gtk_widget_compute_bounds (badge, box, &bounds));
          point = GRAPHENE_POINT_INIT (bounds.origin.x + bounds.size.width - 4,
                                       bounds.origin.y + bounds.size.height / 2);
          pixel_at (box, (int) point.x, (int) point.y, bg);
          gtk_style_context_get_color (gtk_widget_get_style_context (badge), &fg);
          /* The text colour may be translucent: blend it over the badge. */
          l_fg = luminance (fg.red * fg.alpha + bg[0] * (1 - fg.alpha),
                            fg.green * fg.alpha + bg[1] * (1 - fg.alpha),
                            fg.blue * fg.alpha + bg[2] * (1 - fg.alpha));
          l_bg = luminance (bg[0], bg[1], bg[2]);
          ratio = (MAX (l_fg, l_bg) + 0.05) / (MIN (l_fg, l_bg) + 0.05);
          g_test_message ("%s, %s: %.2f:1", classes[i], dark ? "dark" : "light", ratio);
          if (ratio < 4.5)
            g_error ("%s in the %s style: %.2f:1, below 4.5:1", classes[i],
                     dark ? "dark" : "light", ratio);
          gtk_window_destroy (GTK_WINDOW (window));
        }
    }
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
  gtk_style_context_remove_provider_for_display (gdk_display_get_default (),
                                                 GTK_STYLE_PROVIDER (provider));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  adw_init ();
  /* An entry focused without a window manager: its blink timer may warn ("did not receive a
   * focus-out event"), which fatal warnings turn into a crash. */
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE,
                "gtk-enable-animations", FALSE, NULL);
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  isplic_test_tick_add ();

#define ADD(path, fn) \
  g_test_add ("/app/details-pane/" path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("action-labels", test_action_labels);
  ADD ("key-box", test_key_box);
#undef ADD
  g_test_add_func ("/app/style/badge-contrast", test_badge_contrast);

  return g_test_run ();
}
