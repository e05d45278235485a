/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "isplic-dialog-util-private.h"
#include "isplic-dialogs-resources.h"
#include "isplic-license-text.h"

/* Registers the dialogs' GResource bundle once. */
static void
isplic_dialogs_ensure_resources (void)
{
  static gsize registered = 0;

  if (g_once_init_enter (&registered))
    {
      isplic_dialogs_register_resource ();
      g_once_init_leave (&registered, 1);
    }
}

void
isplic_dialog_class_set_template (GtkWidgetClass *widget_class,
                                  const char     *ui_file)
{
  g_autofree char *path = g_strconcat ("/com/example/IspLic/dialogs/", ui_file, NULL);

  isplic_dialogs_ensure_resources ();
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_DIALOG);
  gtk_widget_class_set_template_from_resource (widget_class, path);
}

guint
isplic_dialog_add_succeeded_signal (GType type)
{
  return g_signal_new ("succeeded",
                       type,
                       G_SIGNAL_RUN_LAST,
                       0,
                       NULL, NULL,
                       NULL,
                       G_TYPE_NONE,
                       2,
                       G_TYPE_STRING,
                       G_TYPE_STRV);
}

gboolean
isplic_dialog_error_is_cancelled (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

void
isplic_dialog_set_message (GtkLabel   *label,
                           const char *text)
{
  g_return_if_fail (GTK_IS_LABEL (label));

  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
}

void
isplic_dialog_show_progress (GtkWidget  *spinner,
                             GtkLabel   *status_label,
                             gboolean    busy,
                             const char *status)
{
  gtk_widget_set_visible (spinner, busy);
  gtk_spinner_set_spinning (GTK_SPINNER (spinner), busy);
  if (status_label != NULL)
    isplic_dialog_set_message (status_label, status);
}

void
isplic_dialog_offer_retry (GtkLabel   *error_label,
                           GtkWidget  *button,
                           const char *message)
{
  isplic_dialog_set_message (error_label, message);
  gtk_button_set_label (GTK_BUTTON (button), _("_Try Again"));
}

void
isplic_dialog_succeed (GtkWindow          *dialog,
                       guint               signal_id,
                       const char         *message,
                       const char * const *ids,
                       const gboolean     *disposed)
{
  g_signal_emit (dialog, signal_id, 0, message, (GStrv) ids);
  if (!*disposed)
    gtk_window_close (dialog);
}

char *
isplic_dialog_uncertain_message (const char *cause,
                                 const char *finding)
{
  if (cause == NULL || *cause == '\0')
    return g_strdup (finding);
  /* Two paragraphs: what happened, then what the check found. */
  return g_strconcat (cause, "\n\n", finding, NULL);
}

void
isplic_dialog_set_error_style (GtkWidget *widget,
                               gboolean   error)
{
  if (error)
    gtk_widget_add_css_class (widget, "error");
  else
    gtk_widget_remove_css_class (widget, "error");
}

const char *
isplic_dialog_license_label (IsplicLicense *license)
{
  const char *name = isplic_license_get_name (license);

  if (name != NULL && *name != '\0')
    return name;
  return isplic_license_get_id (license);
}

char *
isplic_dialog_license_in_text (IsplicLicense *license)
{
  return isplic_bidi_isolate (isplic_dialog_license_label (license));
}

char *
isplic_dialog_format_names (GPtrArray *licenses,
                            guint      max)
{
  g_autoptr(GString) names = g_string_new (NULL);
  guint shown = MIN (licenses->len, max);

  for (guint i = 0; i < shown; i++)
    {
      g_autofree char *name = isplic_dialog_license_in_text (g_ptr_array_index (licenses, i));

      if (i > 0)
        g_string_append (names, _(", "));
      g_string_append_printf (names, _("“%s”"), name);
    }

  if (licenses->len > shown)
    {
      guint rest = licenses->len - shown;
      g_autofree char *count = isplic_count_format (rest);

      g_string_append (names, " ");
      g_string_append_printf (names, ngettext ("and %s more", "and %s more", rest), count);
    }

  return g_string_free (g_steal_pointer (&names), FALSE);
}

GPtrArray *
isplic_dialog_copy_licenses (GPtrArray *licenses)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  /* A group operation sends every id once: the same license twice would be paid twice. */
  for (guint i = 0; licenses != NULL && i < licenses->len; i++)
    {
      IsplicLicense *license = g_ptr_array_index (licenses, i);

      if (!g_hash_table_add (seen, (gpointer) isplic_license_get_id (license)))
        {
          g_debug ("License %s is in the group twice: once is enough",
                   isplic_license_get_id (license));
          continue;
        }
      g_ptr_array_add (copy, g_object_ref (license));
    }

  return copy;
}

GStrv
isplic_dialog_license_ids (GPtrArray *licenses)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) ids = NULL;

  for (guint i = 0; i < licenses->len; i++)
    g_strv_builder_add (builder, isplic_license_get_id (g_ptr_array_index (licenses, i)));
  ids = g_strv_builder_end (builder);

  /* Defensive: the dialogs' arrays are de-duplicated already. */
  return isplic_ids_dedup ((const char * const *) ids, NULL);
}

static void
initial_focus_map_cb (GtkWidget *dialog,
                      GtkWidget *widget)
{
  /* After GtkWindow's own map: the window only picks a focus widget when it has none. */
  if (gtk_widget_is_visible (widget) && gtk_widget_is_sensitive (widget))
    gtk_widget_grab_focus (widget);
}

void
isplic_dialog_set_initial_focus (GtkWindow *dialog,
                                 GtkWidget *widget)
{
  g_return_if_fail (GTK_IS_WINDOW (dialog));
  g_return_if_fail (GTK_IS_WIDGET (widget));

  g_signal_connect_object (dialog, "map", G_CALLBACK (initial_focus_map_cb), widget,
                           G_CONNECT_AFTER);
}

void
isplic_dialog_set_titles (GtkWindow      *dialog,
                          AdwWindowTitle *title_widget,
                          const char     *title,
                          const char     *subtitle,
                          const char     *window_title)
{
  g_return_if_fail (GTK_IS_WINDOW (dialog));
  g_return_if_fail (ADW_IS_WINDOW_TITLE (title_widget));

  gtk_window_set_title (dialog, window_title);
  adw_window_title_set_title (title_widget, title);
  adw_window_title_set_subtitle (title_widget, subtitle);
  gtk_widget_set_tooltip_text (GTK_WIDGET (title_widget), subtitle);
}

char *
isplic_dialog_format_date (GDateTime *date)
{
  if (date == NULL)
    return g_strdup (_("Unknown"));
  return isplic_date_format (date);
}

char *
isplic_dialog_get_stripped_text (GtkEditable *editable)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (editable)));
}

GListModel *
isplic_dialog_string_model_new (const char * const *strings)
{
  return G_LIST_MODEL (gtk_string_list_new (strings));
}

static GSettings *
app_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source == NULL)
    return NULL;
  schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "accounts"))
    return NULL;
  return g_settings_new_full (schema, NULL, NULL);
}

GtkWidget *
isplic_dialog_add_account_line (GtkWindow    *dialog,
                                IsplicClient *client)
{
  g_autoptr(GSettings) settings = app_settings ();
  g_autofree char *account = NULL;
  g_autofree char *text = NULL;
  GtkWidget *label;
  GtkWidget *box = NULL;

  g_return_val_if_fail (GTK_IS_WINDOW (dialog), NULL);
  g_return_val_if_fail (ISPLIC_IS_CLIENT (client), NULL);

  if (g_object_get_data (G_OBJECT (client), "isplic-demo") != NULL)
    /* Translators: the account of the demo, in "Account: %s" */
    account = g_strdup (_("the demo (nothing is charged)"));
  else
    account = isplic_accounts_describe (settings, isplic_client_get_base_url (client),
                                        isplic_client_get_user (client));
  /* Translators: the account an order, renewal or change is made on. */
  text = g_strdup_printf (_("Account: %s"), account);
  label = gtk_label_new (text);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_widget_set_tooltip_text (label, text);
  gtk_widget_add_css_class (label, "account-line");
  gtk_widget_set_name (label, "account-line");

  if (ADW_IS_MESSAGE_DIALOG (dialog))
    box = adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog));
  else if (ADW_IS_WINDOW (dialog))
    box = adw_window_get_content (ADW_WINDOW (dialog));
  g_return_val_if_fail (GTK_IS_BOX (box), NULL);

  if (ADW_IS_MESSAGE_DIALOG (dialog))
    gtk_box_prepend (GTK_BOX (box), label);
  else
    {
      /* Under the header bar, lined up with the page's groups. */
      gtk_widget_set_margin_top (label, 12);
      gtk_widget_set_margin_start (label, 21);
      gtk_widget_set_margin_end (label, 21);
      gtk_box_insert_child_after (GTK_BOX (box), label, gtk_widget_get_first_child (box));
    }
  return label;
}
