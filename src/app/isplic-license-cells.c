/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "isplic-license-cells.h"
#include "isplic-license-format.h"
#include "isplic-license-view-private.h"
#include "isplic-row-model.h"

static GQuark
cell_kind_quark (void)
{
  return g_quark_from_static_string ("isplic-column-kind");
}

/* Cells are GtkInscriptions (made for list cells: their size does not depend on the text, so
 * a changed row does not re-measure the column), except the status badge. */
/* A sort step or keystroke shows other licenses in the ~200 rows on screen, many with the
 * same text in a column (tariff, status, auto-renewal): an unchanged cell is left alone, with
 * no new accessible label (a D-Bus update per cell with a screen reader on). */
static void
set_cell_text (GtkWidget  *cell,
               const char *text)
{
  if (GTK_IS_INSCRIPTION (cell))
    {
      if (g_strcmp0 (gtk_inscription_get_text (GTK_INSCRIPTION (cell)), text) == 0)
        return;
      gtk_inscription_set_text (GTK_INSCRIPTION (cell), text);
      gtk_accessible_update_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      text ? text : "", -1);
    }
  else if (strcmp (gtk_label_get_text (GTK_LABEL (cell)), text ? text : "") != 0)
    gtk_label_set_text (GTK_LABEL (cell), text ? text : "");
}

/* The cell's style classes are @first (nullable) and @second (nullable) only. Setting them
 * anew invalidates the cell's style even when they are the same. */
static void
set_cell_classes (GtkWidget  *cell,
                  const char *first,
                  const char *second)
{
  g_auto(GStrv) current = gtk_widget_get_css_classes (cell);
  const char *wanted[] = { first != NULL ? first : second, first != NULL ? second : NULL, NULL };
  guint n_wanted = g_strv_length ((char **) wanted);

  if (g_strv_length (current) == n_wanted
      && (n_wanted < 1 || gtk_widget_has_css_class (cell, wanted[0]))
      && (n_wanted < 2 || gtk_widget_has_css_class (cell, wanted[1])))
    return;
  gtk_widget_set_css_classes (cell, wanted);
}

static void
render_cell (IsplicLicenseView   *self,
             IsplicLicenseColumn  kind,
             GtkWidget           *cell,
             IsplicLicense       *license)
{
  switch (kind)
    {
    case ISPLIC_LICENSE_COLUMN_NAME:
      set_cell_text (cell, isplic_license_get_name (license));
      break;
    case ISPLIC_LICENSE_COLUMN_IP:
      set_cell_text (cell, isplic_license_get_ip (license));
      break;
    case ISPLIC_LICENSE_COLUMN_TARIFF:
      {
        /* "Pro", not "ispmanager 6 Pro" on every row; the details pane has the full name. */
        g_autofree char *text = isplic_license_format_tariff_short (license);

        set_cell_text (cell, text);
      }
      break;
    case ISPLIC_LICENSE_COLUMN_STATUS:
      set_cell_text (cell, isplic_license_get_status_label (license));
      set_cell_classes (cell, "status-badge",
                        isplic_status_css_class (isplic_license_get_status (license)));
      break;
    case ISPLIC_LICENSE_COLUMN_EXPIRES:
      {
        g_autofree char *text = NULL;
        int days = isplic_format_days_left (license);

        /* A narrow view shows the date alone ("2027-12-01", not "… (in 5 days)"). */
        if (self->compact_expires && isplic_license_get_expires (license) != NULL)
          text = isplic_date_format (isplic_license_get_expires (license));
        else
          text = isplic_format_expires (license);
        set_cell_text (cell, text);
        if (GTK_IS_INSCRIPTION (cell))
          {
            IsplicLicenseColumn shown = self->compact_expires ? ISPLIC_LICENSE_COLUMN_EXPIRES_DATE
                                                              : kind;

            gtk_inscription_set_nat_chars (GTK_INSCRIPTION (cell),
                                           isplic_license_cells_get_nat_chars (cell, shown));
          }
        if (days != G_MAXINT && days < 0)
          set_cell_classes (cell, "expired", NULL);
        else if (isplic_license_is_expiring (license, isplic_license_view_get_warning_days (self)))
          set_cell_classes (cell, "expiring", NULL);
        else
          set_cell_classes (cell, NULL, NULL);
      }
      break;
    case ISPLIC_LICENSE_COLUMN_AUTO_RENEW:
      set_cell_text (cell, isplic_format_auto_renew (isplic_license_get_auto_renew (license)));
      break;
    case ISPLIC_LICENSE_COLUMN_COST:
      {
        /* In the locale's own words ("10,00 EUR в месяц"), not the server's ("EUR / Месяц"). */
        g_autofree char *text = isplic_format_cost (license);

        set_cell_text (cell, text);
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Shows @license (nullable) in @cell. Changes come through the row (see isplic_row_watch()):
 * one handler per row on the license instead of one per cell, which a sort or keystroke
 * moved for ~1,400 cells. */
static void
cell_attach (IsplicLicenseView *self,
             GtkWidget         *cell,
             IsplicLicense     *license)
{
  IsplicLicenseColumn kind = GPOINTER_TO_INT (g_object_get_qdata (G_OBJECT (cell),
                                                                  cell_kind_quark ()));

  if (license == NULL)
    set_cell_text (cell, NULL);
  else
    render_cell (self, kind, cell, license);
}

static void
cell_row_changed_cb (IsplicRow *row,
                     gpointer   data)
{
  GtkWidget *cell = data;
  IsplicLicenseView *self = g_object_get_data (G_OBJECT (cell), "isplic-license-view");

  if (self != NULL)
    cell_attach (self, cell, isplic_row_get_license (row));
}

/* The widest text a cell of @kind shows in practice, in the current language; NULL for the
 * name, which takes whatever room is left. */
static char *
widest_text (IsplicLicenseColumn kind)
{
  switch (kind)
    {
    case ISPLIC_LICENSE_COLUMN_IP:
      return g_strdup ("255.255.255.255");
    case ISPLIC_LICENSE_COLUMN_TARIFF:
      {
        g_autofree char *nodes = g_strdup_printf (ngettext ("%s · %d node", "%s · %d nodes", 10),
                                                  "Business", 10);
        const char *trial = "Business Trial";

        return g_strdup (g_utf8_strlen (nodes, -1) > g_utf8_strlen (trial, -1) ? nodes : trial);
      }
    case ISPLIC_LICENSE_COLUMN_EXPIRES_DATE:
      {
        g_autoptr(GDateTime) date = g_date_time_new_utc (2027, 12, 28, 12, 0, 0);

        return isplic_date_format (date);
      }
    case ISPLIC_LICENSE_COLUMN_EXPIRES:
      {
        g_autoptr(GDateTime) date = g_date_time_new_utc (2027, 12, 28, 12, 0, 0);
        g_autofree char *day = isplic_date_format (date);
        g_autofree char *ahead = isplic_format_relative_days (365);
        g_autofree char *behind = isplic_format_relative_days (-365);
        const char *relative = g_utf8_strlen (ahead, -1) > g_utf8_strlen (behind, -1)
                               ? ahead : behind;

        return g_strdup_printf (_("%s (%s)"), day, relative);
      }
    case ISPLIC_LICENSE_COLUMN_AUTO_RENEW:
      {
        const char *texts[] = { isplic_format_auto_renew (0), isplic_format_auto_renew (1),
                                isplic_format_auto_renew (-1) };
        const char *widest = texts[0];

        for (guint i = 1; i < G_N_ELEMENTS (texts); i++)
          if (g_utf8_strlen (texts[i], -1) > g_utf8_strlen (widest, -1))
            widest = texts[i];
        return g_strdup (widest);
      }
    case ISPLIC_LICENSE_COLUMN_COST:
      {
        /* As the cells write it: the longer of a month's and a year's price. */
        IsplicMoney month = { 999999, g_intern_static_string ("EUR"), 1 };
        IsplicMoney year = { 999999, g_intern_static_string ("EUR"), 12 };
        g_autofree char *per_month = isplic_money_format (&month);
        g_autofree char *per_year = isplic_money_format (&year);

        return g_strdup (g_utf8_strlen (per_month, -1) >= g_utf8_strlen (per_year, -1)
                         ? per_month : per_year);
      }
    case ISPLIC_LICENSE_COLUMN_STATUS:
      {
        const char *widest = "";

        for (int status = 0; status <= ISPLIC_LICENSE_STATUS_PROCESSING; status++)
          if (g_utf8_strlen (isplic_license_status_to_label (status), -1)
              > g_utf8_strlen (widest, -1))
            widest = isplic_license_status_to_label (status);
        return g_strdup (widest);
      }
    case ISPLIC_LICENSE_COLUMN_NAME:
    default:
      return NULL;
    }
}

/* GtkInscription sizes itself in characters of this width (pango units). Asked at every
 * allocation of the view: kept for the last font and resolution (getting the metrics lays
 * out a sample text). */
static int
char_width (GtkWidget *widget)
{
  static guint last_font;
  static double last_resolution;
  static int last_width;
  PangoContext *context = gtk_widget_get_pango_context (widget);
  guint font = pango_font_description_hash (pango_context_get_font_description (context));
  double resolution = pango_cairo_context_get_resolution (context);
  PangoFontMetrics *metrics;

  if (last_width > 0 && font == last_font && resolution == last_resolution)
    return last_width;

  metrics = pango_context_get_metrics (context, NULL, NULL);
  last_width = MAX (MAX (pango_font_metrics_get_approximate_char_width (metrics),
                         pango_font_metrics_get_approximate_digit_width (metrics)), 1);
  last_font = font;
  last_resolution = resolution;
  pango_font_metrics_unref (metrics);
  return last_width;
}

guint
isplic_license_cells_get_nat_chars (GtkWidget           *widget,
                                    IsplicLicenseColumn  kind)
{
  /* In characters, so the same count holds at any text scale; counted once per run. */
  static guint cache[ISPLIC_LICENSE_COLUMN_EXPIRES_DATE + 1];
  g_autofree char *text = NULL;
  g_autoptr(PangoLayout) layout = NULL;
  int width;

  g_return_val_if_fail (kind <= ISPLIC_LICENSE_COLUMN_EXPIRES_DATE, 0);

  if (cache[kind] != 0)
    return cache[kind];
  text = widest_text (kind);
  if (text == NULL)
    return cache[kind] = 18;

  layout = gtk_widget_create_pango_layout (widget, text);
  pango_layout_get_size (layout, &width, NULL);
  /* Expiry dates within the warning period are bold: a seventh more. */
  if (kind == ISPLIC_LICENSE_COLUMN_EXPIRES || kind == ISPLIC_LICENSE_COLUMN_EXPIRES_DATE)
    width += width / 7;
  cache[kind] = (width + char_width (widget) - 1) / char_width (widget) + 1;
  return cache[kind];
}

guint
isplic_license_cells_get_min_chars (IsplicLicenseColumn kind)
{
  /* A name stays recognisable, a date stays whole. */
  static const guint min_chars[] = { 10, 9, 6, 0, 11, 4, 8, 11 };

  g_return_val_if_fail (kind <= ISPLIC_LICENSE_COLUMN_EXPIRES_DATE, 0);
  return min_chars[kind];
}

int
isplic_license_cells_estimate_width (GtkWidget           *widget,
                                     IsplicLicenseColumn  kind,
                                     gboolean             natural)
{
  guint chars = natural ? isplic_license_cells_get_nat_chars (widget, kind)
                        : isplic_license_cells_get_min_chars (kind);

  /* The status badge: its label plus the badge's own padding. */
  if (kind == ISPLIC_LICENSE_COLUMN_STATUS)
    chars = isplic_license_cells_get_nat_chars (widget, kind);
  return (int) chars * char_width (widget) / PANGO_SCALE + ISPLIC_LICENSE_CELL_PADDING
         + (kind == ISPLIC_LICENSE_COLUMN_STATUS ? 16 : 0);
}

static void
expires_cell_gone_cb (gpointer  data,
                      GObject  *cell)
{
  g_hash_table_remove (data, cell);
}

void
isplic_license_cells_set_compact_expires (IsplicLicenseView *view,
                                          gboolean           compact)
{
  GHashTableIter iter;
  gpointer cell;

  if (view->compact_expires == compact)
    return;
  view->compact_expires = compact;
  g_hash_table_iter_init (&iter, view->expires_cells);
  while (g_hash_table_iter_next (&iter, &cell, NULL))
    {
      GtkListItem *item = g_object_get_data (cell, "isplic-list-item");
      IsplicRow *row = item != NULL ? gtk_list_item_get_item (item) : NULL;

      cell_attach (view, cell, row != NULL ? isplic_row_get_license (row) : NULL);
    }
}

void
isplic_license_cells_forget (IsplicLicenseView *view)
{
  GHashTableIter iter;
  gpointer cell;

  g_hash_table_iter_init (&iter, view->expires_cells);
  while (g_hash_table_iter_next (&iter, &cell, NULL))
    g_object_weak_unref (cell, expires_cell_gone_cb, view->expires_cells);
  g_hash_table_remove_all (view->expires_cells);
}

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               IsplicLicenseView        *self)
{
  IsplicLicenseColumn kind = GPOINTER_TO_INT (g_object_get_qdata (G_OBJECT (factory),
                                                                  cell_kind_quark ()));
  GtkWidget *label;

  if (kind == ISPLIC_LICENSE_COLUMN_STATUS)
    {
      label = gtk_label_new (NULL);
      gtk_widget_set_halign (label, GTK_ALIGN_START);
    }
  else
    {
      label = gtk_inscription_new (NULL);
      /* Wide enough for the widest text of the column (the name takes what is left). */
      gtk_inscription_set_nat_chars (GTK_INSCRIPTION (label),
                                     isplic_license_cells_get_nat_chars (label, kind));
      gtk_inscription_set_min_chars (GTK_INSCRIPTION (label),
                                     isplic_license_cells_get_min_chars (kind));
      gtk_inscription_set_text_overflow (GTK_INSCRIPTION (label),
                                         GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
    }

  g_object_set_qdata (G_OBJECT (label), cell_kind_quark (), GINT_TO_POINTER (kind));
  g_object_set_data (G_OBJECT (label), "isplic-license-view", self);
  g_object_set_data (G_OBJECT (label), "isplic-list-item", item);
  gtk_list_item_set_child (item, label);
  if (kind == ISPLIC_LICENSE_COLUMN_EXPIRES)
    {
      /* Kept so that a change between full and compact dates reaches the cells on screen. */
      g_hash_table_add (self->expires_cells, label);
      g_object_weak_ref (G_OBJECT (label), expires_cell_gone_cb, self->expires_cells);
    }
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              IsplicLicenseView        *self)
{
  GtkWidget *cell = gtk_list_item_get_child (item);
  IsplicRow *row = gtk_list_item_get_item (item);

  /* The row stays while the search or sort changes; only its license does. A plain function
   * rather than a "notify::license" handler: a drag of the scrollbar binds and unbinds ~1,400
   * cells a frame, and connecting and disconnecting handlers was a fifth of that. */
  isplic_row_watch (row, cell_row_changed_cb, cell);
  cell_attach (self, cell, isplic_row_get_license (row));
}

static void
cell_unbind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                IsplicLicenseView        *self)
{
  GtkWidget *cell = gtk_list_item_get_child (item);
  IsplicRow *row = gtk_list_item_get_item (item);

  if (row != NULL)
    isplic_row_unwatch (row, cell_row_changed_cb, cell);
  /* The text stays until the next bind replaces it (an unbound cell is not shown): clearing it
   * here made every rebind lay out two texts. */
}

void
isplic_license_cells_init_factory (GtkSignalListItemFactory *factory,
                                   IsplicLicenseColumn       column,
                                   IsplicLicenseView        *view)
{
  g_object_set_qdata (G_OBJECT (factory), cell_kind_quark (), GINT_TO_POINTER (column));
  g_signal_connect_object (factory, "setup", G_CALLBACK (cell_setup_cb), view, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (cell_bind_cb), view, 0);
  g_signal_connect_object (factory, "unbind", G_CALLBACK (cell_unbind_cb), view, 0);
}

static GtkListItem *
find_item (GtkWidget *widget,
           int        depth)
{
  GtkListItem *item;

  if (widget == NULL || depth > 3)
    return NULL;
  item = g_object_get_data (G_OBJECT (widget), "isplic-list-item");
  if (item != NULL)
    return item;
  return find_item (gtk_widget_get_first_child (widget), depth + 1);
}

GtkListItem *
isplic_license_cells_find_item (GtkWidget *widget)
{
  return find_item (widget, 0);
}
