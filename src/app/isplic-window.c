/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "isplic-application.h"
#include "isplic-license-format.h"
#include "isplic-preferences-window.h"
#include "isplic-window-private.h"

G_DEFINE_FINAL_TYPE (IsplicWindow, isplic_window, ADW_TYPE_APPLICATION_WINDOW)

typedef enum {
  COLUMN_NAME,
  COLUMN_IP,
  COLUMN_TARIFF,
  COLUMN_STATUS,
  COLUMN_EXPIRES,
  COLUMN_AUTO_RENEW,
  COLUMN_COST,
} ColumnKind;

static void update_state (IsplicWindow *self);
static void queue_summary (IsplicWindow *self);

/* Cells */

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
render_cell (IsplicWindow  *self,
             ColumnKind     kind,
             GtkWidget     *cell,
             IsplicLicense *license)
{
  switch (kind)
    {
    case COLUMN_NAME:
      set_cell_text (cell, isplic_license_get_name (license));
      break;
    case COLUMN_IP:
      set_cell_text (cell, isplic_license_get_ip (license));
      break;
    case COLUMN_TARIFF:
      set_cell_text (cell, isplic_license_get_tariff_name (license));
      break;
    case COLUMN_STATUS:
      {
        const char *classes[] = {
          "status-badge", isplic_status_css_class (isplic_license_get_status (license)), NULL
        };

        set_cell_text (cell, isplic_license_get_status_label (license));
        gtk_widget_set_css_classes (cell, classes);
      }
      break;
    case COLUMN_EXPIRES:
      {
        g_autofree char *text = isplic_format_expires (license);
        int days = isplic_format_days_left (license);

        set_cell_text (cell, text);
        if (days != G_MAXINT && days < 0)
          gtk_widget_set_css_classes (cell, (const char *[]) { "expired", NULL });
        else if (isplic_license_is_expiring (license, self->warning_days))
          gtk_widget_set_css_classes (cell, (const char *[]) { "expiring", NULL });
        else
          gtk_widget_set_css_classes (cell, (const char *[]) { NULL });
      }
      break;
    case COLUMN_AUTO_RENEW:
      set_cell_text (cell, isplic_format_auto_renew (isplic_license_get_auto_renew (license)));
      break;
    case COLUMN_COST:
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
cell_attach (IsplicWindow  *self,
             GtkWidget     *cell,
             IsplicLicense *license)
{
  ColumnKind kind = GPOINTER_TO_INT (g_object_get_qdata (G_OBJECT (cell), cell_kind_quark ()));

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
  IsplicWindow *self = g_object_get_data (G_OBJECT (cell), "isplic-window");

  if (self != NULL)
    cell_attach (self, cell, isplic_row_get_license (row));
}

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               IsplicWindow             *self)
{
  /* Natural and minimum widths in characters, per column. */
  static const guint nat_chars[] = { 26, 17, 28, 0, 34, 9, 18 };
  static const guint min_chars[] = { 12, 9, 10, 0, 12, 6, 8 };
  ColumnKind kind = GPOINTER_TO_INT (g_object_get_qdata (G_OBJECT (factory), cell_kind_quark ()));
  GtkWidget *label;

  if (kind == COLUMN_STATUS)
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
  g_object_set_data (G_OBJECT (label), "isplic-window", self);
  g_object_set_data (G_OBJECT (label), "isplic-list-item", item);
  gtk_list_item_set_child (item, label);
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              IsplicWindow             *self)
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
                IsplicWindow             *self)
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

/* Sorting and filtering */

/* Compares @a and @b as strcmp() compares their case-folded forms, if that can be told from
 * their ASCII beginnings (ASCII folds to ASCII lower case, byte for byte); returns FALSE if a
 * non-ASCII byte comes first. Host and tariff names are mostly ASCII: this spares the cached
 * keys' lookups, which were most of a sort's ~280,000 compares. */
static gboolean
ascii_fold_compare (const char *a,
                    const char *b,
                    int        *result)
{
  for (;; a++, b++)
    {
      guchar ca = *a, cb = *b;

      if (ca >= 0x80 || cb >= 0x80)
        return FALSE;
      if (ca == cb && ca != '\0')
        continue;
      ca = g_ascii_tolower (ca);
      cb = g_ascii_tolower (cb);
      if (ca != cb || ca == '\0')
        {
          *result = (ca > cb) - (ca < cb);
          return TRUE;
        }
    }
}

/* Compares @text of two licenses: plain ASCII text directly, anything else through the cached
 * case-folded @key (collation keys are the slow part of a sort). */
static int
folded_text_compare (IsplicLicense *a,
                     IsplicLicense *b,
                     const char *(*text) (IsplicLicense *),
                     const char *(*key) (IsplicLicense *))
{
  const char *ta = text (a);
  const char *tb = text (b);
  int result;

  if (ta != NULL && tb != NULL && ascii_fold_compare (ta, tb, &result))
    return result;
  return strcmp (key (a), key (b));
}

static int
name_sort_func (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  return folded_text_compare ((IsplicLicense *) a, (IsplicLicense *) b,
                              isplic_license_get_name, isplic_license_name_key);
}

static int
tariff_sort_func (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  return folded_text_compare ((IsplicLicense *) a, (IsplicLicense *) b,
                              isplic_license_get_tariff_name, isplic_license_tariff_key);
}

/* A plain dotted IPv4 address ("198.51.100.7"): four parts of 1-3 digits, 0-255, no leading
 * zero, nothing else; only what inet_pton() accepts too. Anything else returns FALSE. */
static gboolean
parse_plain_ipv4 (const char *text,
                  guint32    *out)
{
  guint32 address = 0;

  for (int part = 0; part < 4; part++)
    {
      guint value = 0;
      int digits = 0;

      if (part > 0 && *text++ != '.')
        return FALSE;
      while (g_ascii_isdigit (*text) && digits < 4)
        {
          if (digits == 1 && value == 0)
            return FALSE;
          value = value * 10 + (guint) (*text++ - '0');
          digits++;
        }
      if (digits == 0 || digits > 3 || value > 255)
        return FALSE;
      address = (address << 8) | value;
    }
  if (*text != '\0')
    return FALSE;
  *out = address;
  return TRUE;
}

/* isplic_compare_ip() parses both addresses on each of a sort's ~280,000 compares; plain IPv4
 * addresses are compared here without it. */
static int
ip_sort_func (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const char *ia = isplic_license_get_ip ((IsplicLicense *) a);
  const char *ib = isplic_license_get_ip ((IsplicLicense *) b);
  guint32 va, vb;

  if (ia != NULL && ib != NULL && parse_plain_ipv4 (ia, &va) && parse_plain_ipv4 (ib, &vb))
    return (va > vb) - (va < vb);
  return isplic_compare_ip (ia, ib);
}

static int
status_sort_func (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  int ra = isplic_status_rank (isplic_license_get_status ((IsplicLicense *) a));
  int rb = isplic_status_rank (isplic_license_get_status ((IsplicLicense *) b));

  return (ra > rb) - (ra < rb);
}

static int
expires_sort_func (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  GDateTime *ea = isplic_license_get_expires ((IsplicLicense *) a);
  GDateTime *eb = isplic_license_get_expires ((IsplicLicense *) b);

  /* Unknown dates go last. */
  if (ea == NULL || eb == NULL)
    return (ea == NULL) - (eb == NULL);
  return g_date_time_compare (ea, eb);
}

static int
auto_renew_sort_func (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  int ra = isplic_license_get_auto_renew ((IsplicLicense *) a);
  int rb = isplic_license_get_auto_renew ((IsplicLicense *) b);

  return (ra > rb) - (ra < rb);
}

/* isplic_cost_value() without g_ascii_strtod() for the usual "1234.50 RUB": up to 15 digits
 * with an optional fraction give N / 10^k, which IEEE division rounds exactly as strtod()
 * rounds the decimal. Anything else (exponents, hex, more digits) goes to isplic_cost_value(). */
static double
cost_value (const char *cost)
{
  static const double pow10[] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
  };
  const char *p = cost;
  guint64 n = 0;
  int digits = 0, fraction = 0;

  if (p == NULL)
    return 0.0;
  while (*p != '\0' && !g_ascii_isdigit (*p))
    p++;
  if (*p == '\0')
    return 0.0;
  for (; g_ascii_isdigit (*p); p++, digits++)
    n = n * 10 + (guint64) (*p - '0');
  if (*p == '.' && g_ascii_isdigit (p[1]))
    for (p++; g_ascii_isdigit (*p); p++, digits++, fraction++)
      n = n * 10 + (guint64) (*p - '0');
  if (digits > 15 || *p == '.' || strchr ("eExXpP", *p) != NULL)
    return isplic_cost_value (cost);
  return (double) n / pow10[fraction];
}

static int
cost_sort_func (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  double ca = cost_value (isplic_license_get_cost ((IsplicLicense *) a));
  double cb = cost_value (isplic_license_get_cost ((IsplicLicense *) b));

  return (ca > cb) - (ca < cb);
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  IsplicWindow *self = user_data;
  IsplicLicense *license = item;

  switch (self->status_filter)
    {
    case ISPLIC_STATUS_FILTER_ACTIVE:
      if (isplic_license_get_status (license) != ISPLIC_LICENSE_STATUS_ACTIVE)
        return FALSE;
      break;
    case ISPLIC_STATUS_FILTER_SUSPENDED:
      if (isplic_license_get_status (license) != ISPLIC_LICENSE_STATUS_SUSPENDED)
        return FALSE;
      break;
    case ISPLIC_STATUS_FILTER_EXPIRING:
      if (!isplic_license_is_expiring (license, self->warning_days))
        return FALSE;
      break;
    case ISPLIC_STATUS_FILTER_ALL:
    default:
      break;
    }

  return self->needle == NULL || isplic_license_matches (license, self->needle);
}

static void
search_changed_cb (IsplicWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  g_autofree char *needle = *stripped ? g_utf8_strdown (stripped, -1) : NULL;
  GtkFilterChange change;

  if (g_strcmp0 (needle, self->needle) == 0)
    return;

  /* Typing more only narrows the match: GTK then only re-checks the rows still shown. */
  if (self->needle == NULL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (needle == NULL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  else if (strstr (needle, self->needle) != NULL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (strstr (self->needle, needle) != NULL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  else
    change = GTK_FILTER_CHANGE_DIFFERENT;

  g_free (self->needle);
  self->needle = g_steal_pointer (&needle);
  gtk_filter_changed (GTK_FILTER (self->filter), change);
}

static void
stop_search_cb (IsplicWindow *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

static void
search_activate_cb (IsplicWindow *self)
{
  /* Enter in the search field moves to the results. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->filter_model)) > 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

static void
status_filter_changed_cb (IsplicWindow *self)
{
  IsplicStatusFilter filter = gtk_drop_down_get_selected (self->status_dropdown);
  GtkFilterChange change;

  if (filter > ISPLIC_STATUS_FILTER_EXPIRING)
    filter = ISPLIC_STATUS_FILTER_ALL;
  if (filter == self->status_filter)
    return;

  if (self->status_filter == ISPLIC_STATUS_FILTER_ALL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (filter == ISPLIC_STATUS_FILTER_ALL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  else
    change = GTK_FILTER_CHANGE_DIFFERENT;

  self->status_filter = filter;
  gtk_filter_changed (GTK_FILTER (self->filter), change);
}

/* Typing anywhere in the list starts a search. Not gtk_search_entry_set_key_capture_widget():
 * in GTK 4.8 it forwards every key to the entry first, so Delete never reached win.delete.
 * This runs in the bubble phase and takes only printable characters nobody else handled. */
static gboolean
type_to_search_cb (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   IsplicWindow          *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  gunichar c = gdk_keyval_to_unicode (keyval);
  char text[7];
  int length, position;

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "licenses") != 0)
    return FALSE;
  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK | GDK_META_MASK))
    return FALSE;
  if (c == 0 || !g_unichar_isgraph (c))
    return FALSE;
  if (focus != NULL && (focus == GTK_WIDGET (self->search_entry)
                        || gtk_widget_is_ancestor (focus, GTK_WIDGET (self->search_entry))
                        || GTK_IS_EDITABLE (focus)))
    return FALSE;

  length = g_unichar_to_utf8 (c, text);
  text[length] = '\0';
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  position = g_utf8_strlen (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), -1);
  gtk_editable_insert_text (GTK_EDITABLE (self->search_entry), text, length, &position);
  gtk_editable_set_position (GTK_EDITABLE (self->search_entry), -1);
  return TRUE;
}

/* Summary and states */

static gboolean
summary_idle_cb (gpointer user_data)
{
  IsplicWindow *self = user_data;
  GListModel *model = G_LIST_MODEL (self->licenses);
  guint total = g_list_model_get_n_items (model);
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  g_autofree char *text = NULL;

  self->summary_idle_id = 0;

  /* Only a change of the licenses themselves needs a recount, not a change of filter. */
  if (self->expiring_dirty)
    {
      self->expiring = 0;
      for (guint i = 0; i < total; i++)
        {
          g_autoptr(IsplicLicense) license = g_list_model_get_item (model, i);

          if (isplic_license_is_expiring (license, self->warning_days))
            self->expiring++;
        }
      self->expiring_dirty = FALSE;
    }

  text = isplic_format_summary (total, shown, self->expiring, self->warning_days);
  gtk_label_set_text (self->summary_label, text);
  isplic_window_money_update_warning (self);

  return G_SOURCE_REMOVE;
}

static void
queue_summary (IsplicWindow *self)
{
  if (self->summary_idle_id == 0)
    self->summary_idle_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, summary_idle_cb, self, NULL);
}

static void
update_subtitle (IsplicWindow *self)
{
  GDateTime *last = isplic_license_list_get_last_refresh (self->licenses);
  const GError *error = isplic_license_list_get_error (self->licenses);
  g_autofree char *time = NULL;
  g_autofree char *subtitle = NULL;

  if (last != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (last);

      time = g_date_time_format (local, "%H:%M");
    }

  if (isplic_license_list_get_loading (self->licenses))
    subtitle = g_strdup (_("Updating…"));
  else if (error != NULL && time != NULL)
    /* Translators: the list on screen is older than the server's; %s is a time like 12:03 */
    subtitle = g_strdup_printf (_("Last updated %s — not current"), time);
  else if (error != NULL)
    subtitle = g_strdup (_("Not current"));
  else if (time != NULL)
    subtitle = g_strdup_printf (_("Updated %s"), time);

  adw_window_title_set_subtitle (self->window_title, subtitle ? subtitle : "");
}

static void
update_state (IsplicWindow *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->licenses));
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  gboolean loading = isplic_license_list_get_loading (self->licenses);
  const GError *error = isplic_license_list_get_error (self->licenses);
  const char *page;

  /* "No match" lies over the list rather than replacing it: hiding the list would make GTK
   * rebuild all its row widgets when results come back. */
  gtk_widget_set_visible (GTK_WIDGET (self->no_match_page), n > 0 && shown == 0);

  if (n > 0)
    page = "list";
  else if (loading)
    page = "loading";
  else if (error != NULL)
    page = "error";
  else if (isplic_license_list_get_last_refresh (self->licenses) != NULL)
    page = "empty";
  else
    page = "loading";

  if (error != NULL)
    {
      /* The description is markup; the server's message is text. */
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);

      adw_status_page_set_description (self->error_page, escaped);
    }

  gtk_stack_set_visible_child_name (self->content_stack, page);
  gtk_stack_set_visible_child_name (self->refresh_stack, loading ? "spinner" : "button");
  gtk_spinner_set_spinning (self->refresh_spinner, loading);
  gtk_widget_set_visible (GTK_WIDGET (self->summary_label), n > 0);
  update_subtitle (self);
}

static void
licenses_changed_cb (IsplicWindow *self)
{
  self->expiring_dirty = TRUE;
  update_state (self);
  queue_summary (self);
}

static void
filter_items_changed_cb (IsplicWindow *self)
{
  update_state (self);
  queue_summary (self);
}

/* The selection model keeps positions; the set keeps licenses, so that when the rows show
 * other licenses (search, sort, refresh) the same licenses stay selected. */
static void
remember_selection (IsplicWindow *self)
{
  g_autoptr(GtkBitset) selected = NULL;
  GtkBitsetIter iter;
  guint position;

  g_hash_table_remove_all (self->selected_set);
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  for (gboolean ok = gtk_bitset_iter_init_first (&iter, selected, &position); ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    {
      IsplicLicense *license = isplic_row_model_peek (self->row_model, position);

      if (license != NULL)
        g_hash_table_add (self->selected_set, g_object_ref (license));
    }
}

/* Rows GTK must build widgets for are added a step per frame (see isplic_row_model_set_step). */
#define ROW_GROWTH_STEP 24

static gboolean
grow_tick_cb (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       user_data)
{
  IsplicWindow *self = user_data;

  if (isplic_row_model_grow (self->row_model))
    return G_SOURCE_CONTINUE;
  self->grow_tick_id = 0;
  return G_SOURCE_REMOVE;
}

static void
stop_growing (IsplicWindow *self)
{
  if (self->grow_tick_id != 0 && self->column_view != NULL)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->column_view), self->grow_tick_id);
  self->grow_tick_id = 0;
  /* Also reached while the window is torn down. */
  if (self->row_model != NULL)
    isplic_row_model_flush (self->row_model);
}

static void
rows_pending_cb (IsplicWindow *self)
{
  if (!isplic_row_model_get_pending (self->row_model))
    return;

  /* No frames come to a list that is not on screen: it gets all its rows at once. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self->column_view)))
    stop_growing (self);
  else if (self->grow_tick_id == 0)
    self->grow_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self->column_view),
                                                       grow_tick_cb, self, NULL);
}

static void
rows_changed_cb (IsplicWindow *self)
{
  g_autoptr(GtkBitset) positions = NULL;
  g_autoptr(GtkBitset) current = NULL;
  g_autoptr(GtkBitset) mask = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->row_model));
  gboolean pending;

  positions = gtk_bitset_new_empty ();
  if (g_hash_table_size (self->selected_set) > 0)
    for (guint p = 0; p < n; p++)
      if (g_hash_table_contains (self->selected_set, isplic_row_model_peek (self->row_model, p)))
        gtk_bitset_add (positions, p);

  /* While rows are still being added, selected licenses may be in rows not there yet: the set
   * keeps them until the last step. */
  pending = isplic_row_model_get_pending (self->row_model);
  current = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (gtk_bitset_equals (current, positions))
    {
      /* Same positions, but possibly other licenses in them. */
      if (!pending)
        remember_selection (self);
      isplic_window_update_actions (self);
      return;
    }

  mask = gtk_bitset_new_range (0, n);
  self->keep_selected_set = pending;
  gtk_selection_model_set_selection (GTK_SELECTION_MODEL (self->selection), positions, mask);
  self->keep_selected_set = FALSE;
}

static void
selection_changed_cb (IsplicWindow *self)
{
  if (!self->keep_selected_set)
    remember_selection (self);

  isplic_window_update_actions (self);
  if (adw_flap_get_reveal_flap (self->flap))
    {
      g_autoptr(GPtrArray) selected = isplic_window_get_selected (self);

      isplic_details_pane_set_license (self->details_pane,
                                       selected->len == 1 ? g_ptr_array_index (selected, 0) : NULL);
    }
}

static void
flap_revealed_cb (IsplicWindow *self)
{
  if (adw_flap_get_reveal_flap (self->flap))
    selection_changed_cb (self);
  else
    isplic_details_pane_set_license (self->details_pane, NULL);
}

static void
column_view_activate_cb (IsplicWindow *self,
                         guint         position)
{
  if (!gtk_selection_model_is_selected (GTK_SELECTION_MODEL (self->selection), position))
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
  isplic_window_show_details (self);
}

/* Context menu */

static GtkListItem *
find_list_item (GtkWidget *widget,
                int        depth)
{
  GtkListItem *item;

  if (widget == NULL || depth > 3)
    return NULL;
  item = g_object_get_data (G_OBJECT (widget), "isplic-list-item");
  if (item != NULL)
    return item;
  return find_list_item (gtk_widget_get_first_child (widget), depth + 1);
}

static void
popup_row_menu (IsplicWindow *self,
                double        x,
                double        y)
{
  GdkRectangle rect = { (int) x, (int) y, 1, 1 };

  gtk_popover_set_pointing_to (GTK_POPOVER (self->row_popover), &rect);
  gtk_popover_popup (GTK_POPOVER (self->row_popover));
}

static void
context_click_cb (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  IsplicWindow    *self)
{
  GtkWidget *picked = gtk_widget_pick (GTK_WIDGET (self->column_view), x, y, GTK_PICK_DEFAULT);
  GtkListItem *item = NULL;

  for (GtkWidget *w = picked; w != NULL && item == NULL; w = gtk_widget_get_parent (w))
    {
      item = find_list_item (w, 0);
      if (w == GTK_WIDGET (self->column_view))
        break;
    }

  if (item != NULL && gtk_list_item_get_position (item) != GTK_INVALID_LIST_POSITION)
    {
      guint position = gtk_list_item_get_position (item);

      if (!gtk_selection_model_is_selected (GTK_SELECTION_MODEL (self->selection), position))
        gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
    }

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  popup_row_menu (self, x, y);
}

static gboolean
context_key_cb (GtkWidget *widget,
                GVariant  *args,
                gpointer   user_data)
{
  IsplicWindow *self = ISPLIC_WINDOW (widget);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  graphene_rect_t bounds;

  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->column_view))
      || !gtk_widget_compute_bounds (focus, GTK_WIDGET (self->column_view), &bounds))
    return FALSE;

  popup_row_menu (self, bounds.origin.x + 24, bounds.origin.y + bounds.size.height);
  return TRUE;
}

/* Signing in and out */

static void
set_app_action_enabled (IsplicWindow *self,
                        const char   *name,
                        gboolean      enabled)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  GAction *action;

  if (app == NULL)
    return;
  action = g_action_map_lookup_action (G_ACTION_MAP (app), name);
  if (G_IS_SIMPLE_ACTION (action))
    g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

void
isplic_window_refresh_and_select (IsplicWindow       *self,
                                  const char * const *ids)
{
  isplic_session_refresh (self->session, ids);
}

static void
refresh_started_cb (IsplicWindow *self)
{
  isplic_window_money_refresh (self);
  update_state (self);
}

static void
refresh_retry_cb (IsplicWindow *self)
{
  isplic_window_refresh (self);
}

static void
refresh_finished (IsplicWindow *self)
{
  if (isplic_session_get_signed_in (self->session))
    {
      /* Expiry dates may have changed in place. */
      self->expiring_dirty = TRUE;
      update_state (self);
      queue_summary (self);
      isplic_window_update_actions (self);
    }
}

static void
refreshed_cb (IsplicSession *session,
              GStrv          select_ids,
              IsplicWindow  *self)
{
  if (self->refresh_toast != NULL)
    adw_toast_dismiss (self->refresh_toast);
  if (select_ids != NULL)
    isplic_window_select_ids (self, (const char * const *) select_ids);
  refresh_finished (self);
}

static void
refresh_failed_cb (IsplicSession *session,
                   GError        *error,
                   IsplicWindow  *self)
{
  if (isplic_session_get_signed_in (session)
      && g_list_model_get_n_items (G_LIST_MODEL (self->licenses)) > 0)
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);
      g_autofree char *title = g_strdup_printf (_("Could not refresh: %s"), escaped);
      AdwToast *toast = adw_toast_new (title);

      if (self->refresh_toast != NULL)
        adw_toast_dismiss (self->refresh_toast);
      adw_toast_set_button_label (toast, _("_Retry"));
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      adw_toast_set_timeout (toast, 0);
      g_signal_connect_object (toast, "button-clicked", G_CALLBACK (refresh_retry_cb), self,
                               G_CONNECT_SWAPPED);
      g_set_weak_pointer (&self->refresh_toast, toast);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }
  refresh_finished (self);
}

void
isplic_window_refresh (IsplicWindow *self)
{
  g_return_if_fail (ISPLIC_IS_WINDOW (self));
  isplic_window_refresh_and_select (self, NULL);
}

static void
signed_in_changed_cb (IsplicWindow *self)
{
  if (!isplic_session_get_signed_in (self->session))
    return;

  /* The password now lives in the client only. */
  isplic_sign_in_page_set_busy (self->sign_in_page, FALSE);
  isplic_sign_in_page_set_password (self->sign_in_page, "");
  isplic_sign_in_page_set_error (self->sign_in_page, NULL);

  isplic_details_pane_set_client (self->details_pane, isplic_session_get_client (self->session));
  gtk_widget_set_visible (self->demo_label, isplic_session_get_demo (self->session));
  gtk_stack_set_visible_child_name (self->main_stack, "licenses");
  set_app_action_enabled (self, "sign-out", TRUE);

  isplic_window_update_actions (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

static void
sign_in_failed_cb (IsplicSession *session,
                   GError        *error,
                   IsplicWindow  *self)
{
  isplic_sign_in_page_set_busy (self->sign_in_page, FALSE);
  isplic_sign_in_page_set_error (self->sign_in_page, error->message);
  isplic_sign_in_page_focus (self->sign_in_page);
}

void
isplic_window_sign_in (IsplicWindow *self)
{
  g_autofree char *url = NULL;

  g_return_if_fail (ISPLIC_IS_WINDOW (self));

  url = isplic_sign_in_page_dup_server_url (self->sign_in_page);
  isplic_sign_in_page_set_error (self->sign_in_page, NULL);
  isplic_sign_in_page_set_busy (self->sign_in_page, TRUE);
  isplic_session_sign_in (self->session, url, isplic_sign_in_page_get_user (self->sign_in_page),
                          isplic_sign_in_page_get_password (self->sign_in_page),
                          isplic_sign_in_page_get_remember (self->sign_in_page));
}

static void
sign_in_requested_cb (IsplicWindow *self)
{
  isplic_window_sign_in (self);
}

void
isplic_window_start_demo (IsplicWindow *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (ISPLIC_IS_WINDOW (self));

  if (!isplic_session_start_demo (self->session, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not start the demo: %s"),
                                                  error->message);

      isplic_sign_in_page_set_error (self->sign_in_page, message);
      return;
    }
  isplic_sign_in_page_set_error (self->sign_in_page, NULL);
  isplic_sign_in_page_set_busy (self->sign_in_page, TRUE);
}

static void
demo_requested_cb (IsplicWindow *self)
{
  isplic_window_start_demo (self);
}

static void
restore_finished_cb (IsplicSession *session,
                     gboolean       signing_in,
                     IsplicWindow  *self)
{
  if (signing_in)
    {
      isplic_sign_in_page_set_remember (self->sign_in_page, TRUE);
      isplic_sign_in_page_set_busy (self->sign_in_page, TRUE);
    }
  else
    {
      isplic_sign_in_page_set_busy (self->sign_in_page, FALSE);
      isplic_sign_in_page_focus (self->sign_in_page);
    }
}

void
isplic_window_restore_session (IsplicWindow *self)
{
  g_autofree char *url = NULL;
  g_autofree char *user = NULL;

  g_return_if_fail (ISPLIC_IS_WINDOW (self));

  url = g_settings_get_string (self->settings, "server-url");
  user = g_settings_get_string (self->settings, "user");
  isplic_window_prefill (self, url, user);
  if (isplic_session_restore (self->session))
    isplic_sign_in_page_set_busy (self->sign_in_page, TRUE);
}

void
isplic_window_prefill (IsplicWindow *self,
                       const char   *server_url,
                       const char   *user)
{
  g_return_if_fail (ISPLIC_IS_WINDOW (self));

  if (server_url != NULL)
    isplic_sign_in_page_set_server_url (self->sign_in_page, server_url);
  if (user != NULL)
    isplic_sign_in_page_set_user (self->sign_in_page, user);
  isplic_sign_in_page_focus (self->sign_in_page);
}

void
isplic_window_sign_out_now (IsplicWindow *self)
{
  g_autofree char *url = NULL;
  g_autofree char *user = NULL;

  g_return_if_fail (ISPLIC_IS_WINDOW (self));

  if (self->refresh_toast != NULL)
    adw_toast_dismiss (self->refresh_toast);
  adw_flap_set_reveal_flap (self->flap, FALSE);
  isplic_details_pane_set_license (self->details_pane, NULL);
  isplic_details_pane_set_client (self->details_pane, NULL);
  isplic_window_money_clear (self);
  isplic_session_sign_out (self->session);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_drop_down_set_selected (self->status_dropdown, ISPLIC_STATUS_FILTER_ALL);
  gtk_widget_set_visible (self->demo_label, FALSE);

  url = g_settings_get_string (self->settings, "server-url");
  user = g_settings_get_string (self->settings, "user");
  isplic_window_prefill (self, url, user);
  isplic_sign_in_page_set_password (self->sign_in_page, "");
  isplic_sign_in_page_set_busy (self->sign_in_page, FALSE);
  isplic_sign_in_page_set_error (self->sign_in_page, NULL);

  gtk_stack_set_visible_child_name (self->main_stack, "sign-in");
  set_app_action_enabled (self, "sign-out", FALSE);
  isplic_window_update_actions (self);
  update_state (self);
  isplic_sign_in_page_focus (self->sign_in_page);
}

static void
sign_out_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      IsplicWindow     *self)
{
  if (g_strcmp0 (response, "sign-out") == 0)
    isplic_window_sign_out_now (self);
}

void
isplic_window_sign_out (IsplicWindow *self)
{
  GtkWidget *dialog;
  const char *body;

  g_return_if_fail (ISPLIC_IS_WINDOW (self));

  if (!isplic_session_get_signed_in (self->session))
    return;

  if (isplic_session_get_demo (self->session))
    body = _("The demo server and its sample licenses will be discarded.");
  else
    body = _("IspLic will forget the saved password for this account. You can sign in again at "
             "any time.");

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Sign Out?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "sign-out", _("_Sign Out"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "sign-out",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (sign_out_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Settings */

static void
warning_days_changed_cb (IsplicWindow *self)
{
  GListModel *model;

  self->warning_days = g_settings_get_uint (self->settings, "expiry-warning-days");
  self->expiring_dirty = TRUE;
  if (self->status_filter == ISPLIC_STATUS_FILTER_EXPIRING)
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  queue_summary (self);

  /* Re-bind the visible rows so the highlight follows the new period. */
  model = G_LIST_MODEL (gtk_column_view_get_model (self->column_view));
  if (model != NULL)
    {
      g_object_ref (model);
      gtk_column_view_set_model (self->column_view, NULL);
      gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (model));
      g_object_unref (model);
    }
}

void
isplic_window_show_preferences (IsplicWindow *self)
{
  IsplicClient *client;
  GtkWidget *prefs;

  g_return_if_fail (ISPLIC_IS_WINDOW (self));

  client = isplic_session_get_client (self->session);
  prefs = isplic_preferences_window_new (self->settings,
                                         client ? isplic_client_get_base_url (client) : NULL,
                                         client ? isplic_client_get_user (client) : NULL,
                                         isplic_session_get_demo (self->session));
  gtk_window_set_transient_for (GTK_WINDOW (prefs), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (prefs));
}

/* Selection helpers */

void
isplic_window_select_ids (IsplicWindow       *self,
                          const char * const *ids)
{
  GListModel *model = G_LIST_MODEL (self->filter_model);
  GtkSelectionModel *selection = GTK_SELECTION_MODEL (self->selection);
  guint first = GTK_INVALID_LIST_POSITION;
  guint found = 0;
  guint wanted = 0;
  guint n;

  g_return_if_fail (ISPLIC_IS_WINDOW (self));

  if (ids == NULL)
    return;

  /* Positions are set below for every row the filter shows. */
  stop_growing (self);

  for (guint i = 0; ids[i] != NULL; i++)
    if (isplic_license_list_lookup (self->licenses, ids[i]) != NULL)
      wanted++;
  if (wanted == 0)
    return;

  for (int attempt = 0; attempt < 2; attempt++)
    {
      g_autoptr(GtkBitset) positions = gtk_bitset_new_empty ();
      g_autoptr(GtkBitset) mask = NULL;

      found = 0;
      n = g_list_model_get_n_items (model);
      for (guint pos = 0; pos < n && found < wanted; pos++)
        {
          g_autoptr(IsplicLicense) license = g_list_model_get_item (model, pos);

          if (g_strv_contains (ids, isplic_license_get_id (license)))
            {
              gtk_bitset_add (positions, pos);
              found++;
              if (first == GTK_INVALID_LIST_POSITION)
                first = pos;
            }
        }

      if (found == wanted || attempt == 1)
        {
          mask = gtk_bitset_new_range (0, n);
          gtk_selection_model_set_selection (selection, positions, mask);
          break;
        }

      /* A filter hides one of them: show everything so the person sees the result. */
      first = GTK_INVALID_LIST_POSITION;
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      search_changed_cb (self);
      gtk_drop_down_set_selected (self->status_dropdown, ISPLIC_STATUS_FILTER_ALL);
    }

  if (first != GTK_INVALID_LIST_POSITION)
    {
      /* "list.scroll-to-item" belongs to the column view's inner list view in GTK 4.8;
       * activating it on the column view itself finds nothing and does not scroll. */
      for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
           child != NULL;
           child = gtk_widget_get_next_sibling (child))
        {
          if (GTK_IS_LIST_VIEW (child))
            {
              gtk_widget_activate_action (child, "list.scroll-to-item", "u", first);
              break;
            }
        }
    }
}

/* GObject */

static gboolean
isplic_window_close_request (GtkWindow *window)
{
  IsplicWindow *self = ISPLIC_WINDOW (window);
  int width, height;

  /* Nothing is stored in demo mode. */
  if (!isplic_session_get_demo (self->session))
    {
      gtk_window_get_default_size (window, &width, &height);
      g_settings_delay (self->settings);
      g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
      if (!gtk_window_is_maximized (window) && width > 0 && height > 0)
        {
          g_settings_set_int (self->settings, "window-width", width);
          g_settings_set_int (self->settings, "window-height", height);
        }
      g_settings_apply (self->settings);
    }

  return GTK_WINDOW_CLASS (isplic_window_parent_class)->close_request (window);
}

static void
isplic_window_dispose (GObject *object)
{
  IsplicWindow *self = ISPLIC_WINDOW (object);

  if (self->session != NULL)
    {
      isplic_session_shutdown (self->session);
      g_signal_handlers_disconnect_by_data (self->session, self);
    }
  g_clear_handle_id (&self->summary_idle_id, g_source_remove);
  if (self->grow_tick_id != 0 && self->column_view != NULL)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->column_view), self->grow_tick_id);
  self->grow_tick_id = 0;
  g_clear_weak_pointer (&self->refresh_toast);
  if (self->row_popover != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->row_popover));
      self->row_popover = NULL;
    }

  /* Tearing the models down emits items-changed; nothing of ours should react any more. */
  if (self->licenses != NULL)
    g_signal_handlers_disconnect_by_data (self->licenses, self);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  if (self->filter_model != NULL)
    g_signal_handlers_disconnect_by_data (self->filter_model, self);
  if (self->row_model != NULL)
    g_signal_handlers_disconnect_by_data (self->row_model, self);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), ISPLIC_TYPE_WINDOW);
  g_clear_object (&self->licenses);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->selected_set, g_hash_table_unref);
  g_clear_pointer (&self->balance, isplic_balance_free);
  g_clear_pointer (&self->cart, isplic_cart_free);

  G_OBJECT_CLASS (isplic_window_parent_class)->dispose (object);
}

static void
isplic_window_finalize (GObject *object)
{
  IsplicWindow *self = ISPLIC_WINDOW (object);

  g_free (self->needle);

  G_OBJECT_CLASS (isplic_window_parent_class)->finalize (object);
}

static void
isplic_window_class_init (IsplicWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = isplic_window_dispose;
  object_class->finalize = isplic_window_finalize;
  window_class->close_request = isplic_window_close_request;

  g_type_ensure (ISPLIC_TYPE_LICENSE);
  g_type_ensure (ISPLIC_TYPE_SIGN_IN_PAGE);
  g_type_ensure (ISPLIC_TYPE_DETAILS_PANE);
  g_type_ensure (ISPLIC_TYPE_ROW_MODEL);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/IspLic/isplic-window.ui");
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, sign_in_page);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, order_button);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, renew_button);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, refresh_stack);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, refresh_spinner);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, demo_label);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, sign_in_menu_button);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, details_button);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, details_pane);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, column_view);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, selection);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, row_model);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, filter_model);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, filter);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, sort_model);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, name_sorter);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, tariff_sorter);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, ip_sorter);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, no_match_page);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, status_sorter);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, expires_sorter);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, cost_sorter);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, auto_renew_sorter);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, name_column);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, ip_column);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, tariff_column);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, status_column);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, expires_column);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, auto_renew_column);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, cost_column);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, name_factory);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, ip_factory);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, tariff_factory);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, status_factory);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, expires_factory);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, auto_renew_factory);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, cost_factory);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, cart_button);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, balance_label);
  gtk_widget_class_bind_template_callback (widget_class, isplic_window_show_cart);
  gtk_widget_class_bind_template_child (widget_class, IsplicWindow, row_popover);

  gtk_widget_class_bind_template_callback (widget_class, sign_in_requested_cb);
  gtk_widget_class_bind_template_callback (widget_class, demo_requested_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, status_filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, flap_revealed_cb);
  gtk_widget_class_bind_template_callback (widget_class, column_view_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, rows_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, cell_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, cell_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, cell_unbind_cb);

  /* Delete opens the delete confirmation; a text field with focus handles the key first. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "win.delete", NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, context_key_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Menu, 0, context_key_cb, NULL);
}

static void
name_menu_button (GtkWidget  *button,
                  const char *name)
{
  GtkWidget *inner = gtk_widget_get_first_child (button);

  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  if (inner != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (inner), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

static void
isplic_window_init (IsplicWindow *self)
{
  GtkEventController *key;
  GtkGesture *gesture;
  int width, height;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->selected_set = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  self->settings = g_settings_new (APP_ID);
  self->warning_days = g_settings_get_uint (self->settings, "expiry-warning-days");
  self->expiring_dirty = TRUE;

  self->session = isplic_session_new (self->settings);
  self->licenses = g_object_ref (isplic_session_get_licenses (self->session));
  g_signal_connect_object (self->session, "notify::signed-in", G_CALLBACK (signed_in_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "sign-in-failed", G_CALLBACK (sign_in_failed_cb), self,
                           0);
  g_signal_connect_object (self->session, "restore-finished", G_CALLBACK (restore_finished_cb),
                           self, 0);
  g_signal_connect_object (self->session, "refresh-started", G_CALLBACK (refresh_started_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "refreshed", G_CALLBACK (refreshed_cb), self, 0);
  g_signal_connect_object (self->session, "refresh-failed", G_CALLBACK (refresh_failed_cb), self,
                           0);
  gtk_sort_list_model_set_model (self->sort_model, G_LIST_MODEL (self->licenses));
  g_signal_connect_object (self->licenses, "items-changed", G_CALLBACK (licenses_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->licenses, "notify::loading", G_CALLBACK (update_state), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->licenses, "notify::error", G_CALLBACK (update_state), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->details_pane, "license-changed",
                           G_CALLBACK (isplic_window_money_update_warning), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filter_model, "items-changed",
                           G_CALLBACK (filter_items_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "selection-changed",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);

  isplic_row_model_set_step (self->row_model, ROW_GROWTH_STEP);
  g_signal_connect_object (self->row_model, "notify::pending", G_CALLBACK (rows_pending_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->column_view, "unmap", G_CALLBACK (stop_growing), self,
                           G_CONNECT_SWAPPED);

  gtk_custom_filter_set_filter_func (self->filter, filter_func, self, NULL);
  gtk_custom_sorter_set_sort_func (self->name_sorter, name_sort_func, NULL, NULL);
  gtk_custom_sorter_set_sort_func (self->tariff_sorter, tariff_sort_func, NULL, NULL);
  gtk_custom_sorter_set_sort_func (self->ip_sorter, ip_sort_func, NULL, NULL);
  gtk_custom_sorter_set_sort_func (self->status_sorter, status_sort_func, NULL, NULL);
  gtk_custom_sorter_set_sort_func (self->expires_sorter, expires_sort_func, NULL, NULL);
  gtk_custom_sorter_set_sort_func (self->cost_sorter, cost_sort_func, NULL, NULL);
  gtk_custom_sorter_set_sort_func (self->auto_renew_sorter, auto_renew_sort_func, NULL, NULL);

  g_object_set_qdata (G_OBJECT (self->name_factory), cell_kind_quark (),
                      GINT_TO_POINTER (COLUMN_NAME));
  g_object_set_qdata (G_OBJECT (self->ip_factory), cell_kind_quark (), GINT_TO_POINTER (COLUMN_IP));
  g_object_set_qdata (G_OBJECT (self->tariff_factory), cell_kind_quark (),
                      GINT_TO_POINTER (COLUMN_TARIFF));
  g_object_set_qdata (G_OBJECT (self->status_factory), cell_kind_quark (),
                      GINT_TO_POINTER (COLUMN_STATUS));
  g_object_set_qdata (G_OBJECT (self->expires_factory), cell_kind_quark (),
                      GINT_TO_POINTER (COLUMN_EXPIRES));
  g_object_set_qdata (G_OBJECT (self->auto_renew_factory), cell_kind_quark (),
                      GINT_TO_POINTER (COLUMN_AUTO_RENEW));
  g_object_set_qdata (G_OBJECT (self->cost_factory), cell_kind_quark (),
                      GINT_TO_POINTER (COLUMN_COST));

  key = gtk_event_controller_key_new ();
  g_signal_connect (key, "key-pressed", G_CALLBACK (type_to_search_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);

  gtk_widget_set_parent (GTK_WIDGET (self->row_popover), GTK_WIDGET (self->column_view));
  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect (gesture, "pressed", G_CALLBACK (context_click_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), GTK_EVENT_CONTROLLER (gesture));

  g_object_bind_property (self->details_button, "active", self->flap, "reveal-flap",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);

  g_signal_connect_object (self->settings, "changed::expiry-warning-days",
                           G_CALLBACK (warning_days_changed_cb), self, G_CONNECT_SWAPPED);

  width = g_settings_get_int (self->settings, "window-width");
  height = g_settings_get_int (self->settings, "window-height");
  gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  /* GTK 4.8 drops a GtkMenuButton's accessible label given in .ui; name it and its button. */
  name_menu_button (self->menu_button, _("Main menu"));
  name_menu_button (self->sign_in_menu_button, _("Main menu"));
  /* Likewise GtkDropDown's own button. */
  name_menu_button (GTK_WIDGET (self->status_dropdown), _("Status filter"));

  isplic_window_install_actions (self);
  update_state (self);
  isplic_window_update_actions (self);
}

IsplicWindow *
isplic_window_new (AdwApplication *application)
{
  return g_object_new (ISPLIC_TYPE_WINDOW, "application", application, NULL);
}

gboolean
isplic_window_get_signed_in (IsplicWindow *self)
{
  g_return_val_if_fail (ISPLIC_IS_WINDOW (self), FALSE);
  return isplic_session_get_signed_in (self->session);
}

gboolean
isplic_window_get_demo (IsplicWindow *self)
{
  g_return_val_if_fail (ISPLIC_IS_WINDOW (self), FALSE);
  return isplic_session_get_demo (self->session);
}

IsplicClient *
isplic_window_get_client (IsplicWindow *self)
{
  g_return_val_if_fail (ISPLIC_IS_WINDOW (self), NULL);
  return isplic_session_get_client (self->session);
}

IsplicLicenseList *
isplic_window_get_licenses (IsplicWindow *self)
{
  g_return_val_if_fail (ISPLIC_IS_WINDOW (self), NULL);
  return self->licenses;
}
