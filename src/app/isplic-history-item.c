/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One journal entry in the History window's list: the item, and the row that shows it. */
#include "config.h"

#include <glib/gi18n.h>

#include "isplic-history-item.h"

G_DEFINE_FINAL_TYPE (IsplicHistoryItem, isplic_history_item, G_TYPE_OBJECT)

static void
isplic_history_item_finalize (GObject *object)
{
  IsplicHistoryItem *self = ISPLIC_HISTORY_ITEM (object);

  g_clear_pointer (&self->entry, isplic_journal_entry_free);
  g_free (self->licenses_text);
  g_free (self->description);
  g_free (self->key);
  G_OBJECT_CLASS (isplic_history_item_parent_class)->finalize (object);
}

static void
isplic_history_item_class_init (IsplicHistoryItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = isplic_history_item_finalize;
}

static void
isplic_history_item_init (IsplicHistoryItem *self)
{
}

/* The license's name from the list when it is there, and its id. */
char *
isplic_history_license_text (IsplicLicenseList *licenses,
                             const char        *id)
{
  IsplicLicense *license = licenses != NULL ? isplic_license_list_lookup (licenses, id) : NULL;
  const char *name = license != NULL ? isplic_license_get_name (license) : NULL;

  if (name == NULL || *name == '\0' || g_strcmp0 (name, id) == 0)
    return g_strdup (id);
  /* Translators: a license's name and its number, e.g. "web-01 (1234)" */
  return g_strdup_printf (_("%s (%s)"), name, id);
}

/* Names the licenses (with the list's names) and builds the search key: in the main thread. */
static void
describe (IsplicHistoryItem *self,
          IsplicLicenseList *licenses)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) key = g_string_new (self->entry->what);
  guint n = g_strv_length (self->entry->licenses);

  for (guint i = 0; i < n && i < 3; i++)
    {
      g_autofree char *one = isplic_history_license_text (licenses, self->entry->licenses[i]);

      if (text->len > 0)
        g_string_append (text, ", ");
      g_string_append (text, one);
    }
  if (n > 3)
    {
      /* Translators: the first three licenses' names, then how many more: "web-01, web-02,
       * web-03 and 5 more" */
      g_autofree char *more = g_strdup_printf (ngettext ("%s and %u more", "%s and %u more",
                                                         n - 3), text->str, n - 3);

      g_string_assign (text, more);
    }
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *one = isplic_history_license_text (licenses, self->entry->licenses[i]);

      g_string_append_c (key, '\n');
      g_string_append (key, one);
    }
  g_string_append_c (key, '\n');
  g_string_append (key, self->entry->operation);
  g_free (self->description);
  self->description = isplic_journal_entry_describe (self->entry);
  g_string_append_c (key, '\n');
  g_string_append (key, self->description);
  g_free (self->licenses_text);
  g_free (self->key);
  self->licenses_text = g_string_free (g_steal_pointer (&text), FALSE);
  self->key = g_utf8_casefold (key->str, -1);
}


IsplicHistoryItem *
isplic_history_item_new (IsplicJournalEntry *entry,
                         IsplicLicenseList  *licenses)
{
  IsplicHistoryItem *self = g_object_new (ISPLIC_TYPE_HISTORY_ITEM, NULL);

  self->entry = entry;
  describe (self, licenses);
  return self;
}

void
isplic_history_item_set_entry (IsplicHistoryItem  *self,
                               IsplicJournalEntry *entry,
                               IsplicLicenseList  *licenses)
{
  isplic_journal_entry_free (self->entry);
  self->entry = entry;
  describe (self, licenses);
}

const char *
isplic_history_outcome_label (IsplicJournalOutcome outcome)
{
  switch (outcome)
    {
    case ISPLIC_JOURNAL_DONE:
      return C_("journal", "Done");
    case ISPLIC_JOURNAL_NOT_DONE:
      return C_("journal", "Not done");
    case ISPLIC_JOURNAL_UNKNOWN:
      return C_("journal", "Outcome unknown — check before repeating");
    case ISPLIC_JOURNAL_OPEN:
    default:
      return C_("journal", "Open");
    }
}

static const char *
outcome_css_class (IsplicJournalOutcome outcome)
{
  switch (outcome)
    {
    case ISPLIC_JOURNAL_DONE:
      return "status-active";
    case ISPLIC_JOURNAL_NOT_DONE:
      return "status-suspended";
    case ISPLIC_JOURNAL_UNKNOWN:
      return "outcome-unknown";
    case ISPLIC_JOURNAL_OPEN:
    default:
      return "status-processing";
    }
}

char *
isplic_history_format_time (GDateTime *time)
{
  g_autoptr(GDateTime) local = NULL;

  if (time == NULL)
    return NULL;
  local = g_date_time_to_local (time);
  /* The locale's date with the time of day, as in the details pane. */
  return g_date_time_format (local, "%x %H:%M");
}

static GtkWidget *
make_label (const char *css_class,
            gboolean    ellipsize)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_use_markup (GTK_LABEL (label), FALSE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (ellipsize)
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *bottom = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *what = make_label ("heading", TRUE);
  GtkWidget *money = make_label ("caption-heading", FALSE);
  GtkWidget *when = make_label ("dim-label", TRUE);
  GtkWidget *licenses = make_label ("dim-label", TRUE);
  /* The outcome is read whole; the server's message beside it gives way. */
  GtkWidget *badge = make_label ("status-badge", FALSE);
  GtkWidget *message = make_label ("dim-label", TRUE);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_hexpand (what, TRUE);
  /* Translators: marks a journal entry that may have charged the account */
  gtk_label_set_text (GTK_LABEL (money), _("Charge"));
  gtk_widget_add_css_class (money, "accent");
  gtk_widget_set_tooltip_text (money, _("This operation may charge the account"));
  gtk_box_append (GTK_BOX (top), what);
  gtk_box_append (GTK_BOX (top), money);
  gtk_box_append (GTK_BOX (box), top);
  gtk_box_append (GTK_BOX (box), when);
  gtk_box_append (GTK_BOX (box), licenses);
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (message, TRUE);
  gtk_box_append (GTK_BOX (bottom), badge);
  gtk_box_append (GTK_BOX (bottom), message);
  gtk_box_append (GTK_BOX (box), bottom);

  g_object_set_data (G_OBJECT (box), "what", what);
  g_object_set_data (G_OBJECT (box), "money", money);
  g_object_set_data (G_OBJECT (box), "when", when);
  g_object_set_data (G_OBJECT (box), "licenses", licenses);
  g_object_set_data (G_OBJECT (box), "badge", badge);
  g_object_set_data (G_OBJECT (box), "message", message);
  gtk_list_item_set_child (list_item, box);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  IsplicHistoryItem *item = gtk_list_item_get_item (list_item);
  IsplicJournalEntry *entry = item->entry;
  GtkWidget *badge = g_object_get_data (G_OBJECT (box), "badge");
  GtkLabel *message = g_object_get_data (G_OBJECT (box), "message");
  g_autofree char *when = isplic_history_format_time (entry->sent);
  const char *outcome = isplic_history_outcome_label (entry->outcome);
  g_autofree char *name = NULL;
  static const char *classes[] = {
    "status-active", "status-suspended", "status-processing", "outcome-unknown",
  };

  gtk_label_set_text (g_object_get_data (G_OBJECT (box), "what"), item->description);
  gtk_widget_set_tooltip_text (g_object_get_data (G_OBJECT (box), "what"), entry->what);
  gtk_widget_set_visible (g_object_get_data (G_OBJECT (box), "money"), entry->money);
  gtk_label_set_text (g_object_get_data (G_OBJECT (box), "when"), when);
  gtk_label_set_text (g_object_get_data (G_OBJECT (box), "licenses"), item->licenses_text);
  gtk_widget_set_visible (g_object_get_data (G_OBJECT (box), "licenses"),
                          *item->licenses_text != '\0');
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (badge, classes[i]);
  gtk_widget_add_css_class (badge, outcome_css_class (entry->outcome));
  gtk_label_set_text (GTK_LABEL (badge), outcome);
  gtk_widget_set_tooltip_text (badge, outcome);
  gtk_label_set_text (message, entry->message != NULL ? entry->message : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (message), entry->message);
  gtk_widget_set_visible (GTK_WIDGET (message), entry->message != NULL && *entry->message != '\0');

  /* Read as one by a screen reader: what, when, the outcome. The list item itself is named (GTK
   * 4.8 has no API for it: it is the child's parent), else it reads as nothing. */
  /* Translators: a journal entry read aloud: what was sent, when, and the outcome */
  name = g_strdup_printf (_("%s, %s: %s"), item->description, when, outcome);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  if (gtk_widget_get_parent (box) != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_parent (box)),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}


GtkListItemFactory *
isplic_history_row_factory_new (void)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  return factory;
}
