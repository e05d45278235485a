/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "isplic-license-cells.h"
#include "isplic-license-format.h"
#include "isplic-row-model.h"

static GQuark
cell_kind_quark (void)
{
  return g_quark_from_static_string ("isplic-column-kind");
}

/* Cells are GtkInscriptions (made for list cells: their size does not depend on the text, so
 * a changed row does not re-measure the column), except the status badge. */
static void
set_cell_text (GtkWidget  *cell,
               const char *text)
{
  if (GTK_IS_INSCRIPTION (cell))
    {
      gtk_inscription_set_text (GTK_INSCRIPTION (cell), text);
      gtk_accessible_update_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      text ? text : "", -1);
    }
  else
    gtk_label_set_text (GTK_LABEL (cell), text ? text : "");
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
      {
        const char *classes[] = {
          "status-badge", isplic_status_css_class (isplic_license_get_status (license)), NULL
        };

        set_cell_text (cell, isplic_license_get_status_label (license));
        gtk_widget_set_css_classes (cell, classes);
      }
      break;
    case ISPLIC_LICENSE_COLUMN_EXPIRES:
      {
        g_autofree char *text = isplic_format_expires (license);
        int days = isplic_format_days_left (license);

        set_cell_text (cell, text);
        if (days != G_MAXINT && days < 0)
          gtk_widget_set_css_classes (cell, (const char *[]) { "expired", NULL });
        else if (isplic_license_is_expiring (license, isplic_license_view_get_warning_days (self)))
          gtk_widget_set_css_classes (cell, (const char *[]) { "expiring", NULL });
        else
          gtk_widget_set_css_classes (cell, (const char *[]) { NULL });
      }
      break;
    case ISPLIC_LICENSE_COLUMN_AUTO_RENEW:
      set_cell_text (cell, isplic_format_auto_renew (isplic_license_get_auto_renew (license)));
      break;
    case ISPLIC_LICENSE_COLUMN_COST:
      set_cell_text (cell, isplic_license_get_cost (license));
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
cell_row_notify_cb (IsplicRow  *row,
                    GParamSpec *pspec,
                    GtkWidget  *cell)
{
  IsplicLicenseView *self = g_object_get_data (G_OBJECT (cell), "isplic-license-view");

  if (self != NULL)
    cell_attach (self, cell, isplic_row_get_license (row));
}

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               IsplicLicenseView        *self)
{
  /* Natural and minimum widths in characters, per column. */
  static const guint nat_chars[] = { 26, 17, 28, 0, 34, 9, 18 };
  static const guint min_chars[] = { 12, 9, 10, 0, 12, 6, 8 };
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
      gtk_inscription_set_nat_chars (GTK_INSCRIPTION (label), nat_chars[kind]);
      gtk_inscription_set_min_chars (GTK_INSCRIPTION (label), min_chars[kind]);
      gtk_inscription_set_text_overflow (GTK_INSCRIPTION (label),
                                         GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
    }

  g_object_set_qdata (G_OBJECT (label), cell_kind_quark (), GINT_TO_POINTER (kind));
  g_object_set_data (G_OBJECT (label), "isplic-license-view", self);
  g_object_set_data (G_OBJECT (label), "isplic-list-item", item);
  gtk_list_item_set_child (item, label);
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              IsplicLicenseView        *self)
{
  GtkWidget *cell = gtk_list_item_get_child (item);
  IsplicRow *row = gtk_list_item_get_item (item);
  gulong id;

  /* The row stays while the search or sort changes; only its license does. */
  isplic_row_watch (row);
  cell_attach (self, cell, isplic_row_get_license (row));
  id = g_signal_connect_object (row, "notify::license", G_CALLBACK (cell_row_notify_cb), cell, 0);
  g_object_set_data (G_OBJECT (cell), "isplic-row-notify-id", GSIZE_TO_POINTER (id));
}

static void
cell_unbind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                IsplicLicenseView        *self)
{
  GtkWidget *cell = gtk_list_item_get_child (item);
  IsplicRow *row = gtk_list_item_get_item (item);
  gulong id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (cell), "isplic-row-notify-id"));

  if (id != 0 && row != NULL)
    {
      g_signal_handler_disconnect (row, id);
      isplic_row_unwatch (row);
    }
  g_object_set_data (G_OBJECT (cell), "isplic-row-notify-id", NULL);
  cell_attach (self, cell, NULL);
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
