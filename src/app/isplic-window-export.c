/* SPDX-License-Identifier: GPL-3.0-or-later */
/* IsplicWindow: exporting the list as shown, or the selection, to CSV or JSON (isplic-export.h,
 * the same fields and bytes as `isplic-cli list --csv/--json`, without the keys). The save
 * dialog is a GtkFileChooserNative: in the Flatpak it is the portal's, and the file it returns
 * is the one the app may write, so the name is used as given (no extension added). */
#include "config.h"

#include <glib/gi18n.h>

#include "isplic-license-format.h"
#include "isplic-window-private.h"

#define SCOPE_CHOICE "scope"

static IsplicExportScope
default_scope (IsplicWindow *self)
{
  return isplic_window_export_n_selected (self) >= 2 ? ISPLIC_EXPORT_SCOPE_SELECTED
                                                     : ISPLIC_EXPORT_SCOPE_SHOWN;
}

guint
isplic_window_export_n_selected (IsplicWindow *self)
{
  g_autoptr(GtkBitset) selected =
    gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->view->selection));

  return (guint) gtk_bitset_get_size (selected);
}

GPtrArray *
isplic_window_export_rows (IsplicWindow      *self,
                           IsplicExportScope  scope)
{
  GListModel *shown = G_LIST_MODEL (self->view->filter_model);
  GPtrArray *rows;
  guint n;

  /* A long list may still be sorting (or its rows growing) by steps: the export has the final
   * order, as the view will show it a moment later. */
  isplic_license_view_finish_pending (self->view);
  if (scope == ISPLIC_EXPORT_SCOPE_SELECTED)
    return isplic_license_view_get_selected (self->view);

  n = g_list_model_get_n_items (shown);
  rows = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (rows, g_list_model_get_item (shown, i));
  return rows;
}

void
isplic_window_export_update (IsplicWindow *self)
{
  GAction *export = g_action_map_lookup_action (G_ACTION_MAP (self), "export");
  GAction *export_selected = g_action_map_lookup_action (G_ACTION_MAP (self), "export-selected");

  /* Called while the window is built, before the actions exist. */
  if (export == NULL || export_selected == NULL)
    return;
  g_simple_action_set_enabled (G_SIMPLE_ACTION (export),
                               isplic_license_view_get_n_shown (self->view) > 0);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (export_selected),
                               isplic_window_export_n_selected (self) > 0);
}

/* Writing */

typedef struct
{
  IsplicWindow *self;           /* owned */
  GFile *file;                  /* owned */
  guint n;
  GAsyncReadyCallback callback; /* nullable: for tests */
  gpointer user_data;
} Export;

static void
export_free (Export *export)
{
  g_clear_object (&export->self);
  g_clear_object (&export->file);
  g_free (export);
}

static void
open_export_cb (AdwToast *toast,
                GFile    *file)
{
  GtkWidget *window = g_object_get_data (G_OBJECT (toast), "isplic-window");
  g_autofree char *uri = g_file_get_uri (file);

  /* The OpenURI portal in the Flatpak. */
  gtk_show_uri (GTK_WINDOW (window), uri, GDK_CURRENT_TIME);
}

static char *
display_name (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);

  return g_filename_display_name (basename);
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Export *export = user_data;
  IsplicWindow *self = export->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = display_name (export->file);
  g_autofree char *message = NULL;
  AdwToast *toast;

  if (isplic_export_to_file_finish (export->file, result, &error))
    {
      g_autofree char *count = isplic_format_count (export->n);

      /* Translators: %s is a number, e.g. "1,997" */
      message = g_strdup_printf (ngettext ("Exported %s license", "Exported %s licenses",
                                           export->n), count);
    }
  else
    /* Translators: the first %s is a file name, the second says why, e.g. "Permission denied".
     * The list is unchanged; the person can export again elsewhere. */
    message = g_strdup_printf (_("Could not export to “%s”: %s"), name, error->message);

  /* The window may have been closed meanwhile. */
  if (self->toast_overlay != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (message, -1);

      toast = adw_toast_new (escaped);
      if (error == NULL)
        {
          adw_toast_set_timeout (toast, 5);
          adw_toast_set_button_label (toast, _("_Open"));
          g_object_set_data (G_OBJECT (toast), "isplic-window", self);
          g_signal_connect_data (toast, "button-clicked", G_CALLBACK (open_export_cb),
                                 g_object_ref (export->file), (GClosureNotify) g_object_unref, 0);
        }
      else
        /* Stays until dismissed: nothing was written and it must not pass unseen. */
        adw_toast_set_timeout (toast, 0);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }

  if (export->callback != NULL)
    {
      g_autoptr(GTask) task = g_task_new (self, NULL, export->callback, export->user_data);

      g_task_set_source_tag (task, isplic_window_export_to_file);
      if (error != NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_boolean (task, TRUE);
    }
  export_free (export);
}

void
isplic_window_export_to_file (IsplicWindow        *self,
                              GFile               *file,
                              IsplicExportFormat   format,
                              IsplicExportScope    scope,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GPtrArray) rows = isplic_window_export_rows (self, scope);
  Export *export = g_new0 (Export, 1);

  export->self = g_object_ref (self);
  export->file = g_object_ref (file);
  export->n = rows->len;
  export->callback = callback;
  export->user_data = user_data;
  /* The rows are formatted now; only the writing waits. Never the keys: an export is made to be
   * passed around. */
  isplic_export_to_file_async (rows, format, ISPLIC_EXPORT_WITHOUT_KEY, file, NULL,
                               export_done_cb, export);
}

gboolean
isplic_window_export_to_file_finish (IsplicWindow  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The dialog */

static void
chooser_response_cb (GtkNativeDialog *native,
                     int              response,
                     IsplicWindow    *self)
{
  GtkFileChooser *chooser = GTK_FILE_CHOOSER (native);
  g_autoptr(GFile) file = NULL;
  g_autofree char *basename = NULL;
  IsplicExportFormat format = ISPLIC_EXPORT_CSV;
  IsplicExportScope scope = ISPLIC_EXPORT_SCOPE_SHOWN;

  if (response != GTK_RESPONSE_ACCEPT)
    goto out;
  file = gtk_file_chooser_get_file (chooser);
  if (file == NULL)
    goto out;

  /* The name's extension decides, else the filter chosen. */
  basename = g_file_get_basename (file);
  if (!isplic_export_format_for_name (basename, &format))
    {
      /* By name: the portal hands back a copy of the filter chosen (or none: CSV then). */
      GtkFileFilter *filter = gtk_file_chooser_get_filter (chooser);

      if (filter != NULL && g_strcmp0 (gtk_file_filter_get_name (filter), "JSON") == 0)
        format = ISPLIC_EXPORT_JSON;
    }
  /* Asking for a choice that was not offered warns. */
  if (g_object_get_data (G_OBJECT (native), "isplic-scope-offered") != NULL)
    {
      const char *choice = gtk_file_chooser_get_choice (chooser, SCOPE_CHOICE);

      if (g_strcmp0 (choice, "selected") == 0)
        scope = ISPLIC_EXPORT_SCOPE_SELECTED;
    }

  isplic_window_export_to_file (self, file, format, scope, NULL, NULL);

out:
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

/* Named by the format's own name, not translated: the response tells them apart by it. */
static GtkFileFilter *
make_filter (const char *name,
             const char *pattern,
             const char *mime_type)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_pattern (filter, pattern);
  gtk_file_filter_add_mime_type (filter, mime_type);
  return filter;
}

GtkFileChooserNative *
isplic_window_export_chooser_new (IsplicWindow      *self,
                                  IsplicExportScope  scope)
{
  GtkFileChooserNative *native;
  GtkFileChooser *chooser;
  g_autoptr(GtkFileFilter) csv = NULL;
  g_autoptr(GtkFileFilter) json = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  /* Translators: the suggested file name; keep the date and the extension */
  g_autofree char *name = g_strdup_printf (_("licenses-%s.csv"), date);
  guint n_selected = isplic_window_export_n_selected (self);

  native = gtk_file_chooser_native_new (_("Export Licenses"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
  chooser = GTK_FILE_CHOOSER (native);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);

  csv = make_filter ("CSV", "*.csv", "text/csv");
  json = make_filter ("JSON", "*.json", "application/json");
  gtk_file_chooser_add_filter (chooser, csv);
  gtk_file_chooser_add_filter (chooser, json);
  gtk_file_chooser_set_filter (chooser, csv);
  gtk_file_chooser_set_current_name (chooser, name);

  if (n_selected > 0)
    {
      g_autofree char *n_shown_text = isplic_format_count (isplic_license_view_get_n_shown (
                                                             self->view));
      g_autofree char *n_selected_text = isplic_format_count (n_selected);
      /* Translators: %s is the number of licenses the list shows now (search and filter applied) */
      g_autofree char *shown_label = g_strdup_printf (_("All shown (%s)"), n_shown_text);
      /* Translators: %s is the number of licenses selected */
      g_autofree char *selected_label = g_strdup_printf (_("Selected (%s)"), n_selected_text);
      gboolean selected_first = scope == ISPLIC_EXPORT_SCOPE_SELECTED;
      const char *options[] = { "shown", "selected", NULL };
      const char *labels[] = { shown_label, selected_label, NULL };

      /* The default goes first: GTK 4.8's own dialog (used outside the Flatpak) ignores
       * gtk_file_chooser_set_choice() for a list of options and shows the first. */
      if (selected_first)
        {
          options[0] = "selected";
          options[1] = "shown";
          labels[0] = selected_label;
          labels[1] = shown_label;
        }
      gtk_file_chooser_add_choice (chooser, SCOPE_CHOICE, _("Licenses"), options, labels);
      g_object_set_data (G_OBJECT (native), "isplic-scope-offered", GINT_TO_POINTER (TRUE));
      gtk_file_chooser_set_choice (chooser, SCOPE_CHOICE, options[0]);
    }

  g_signal_connect_object (native, "response", G_CALLBACK (chooser_response_cb), self, 0);
  return native;
}

static void
export_action (GSimpleAction *action,
               GVariant      *param,
               gpointer       user_data)
{
  IsplicWindow *self = user_data;

  if (isplic_license_view_get_n_shown (self->view) == 0)
    return;
  /* Owned by its response handler. */
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (isplic_window_export_chooser_new (
                                               self, default_scope (self))));
}

static void
export_selected_action (GSimpleAction *action,
                        GVariant      *param,
                        gpointer       user_data)
{
  IsplicWindow *self = user_data;

  if (isplic_window_export_n_selected (self) == 0)
    return;
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (isplic_window_export_chooser_new (
                                               self, ISPLIC_EXPORT_SCOPE_SELECTED)));
}

static const GActionEntry export_entries[] = {
  { "export", export_action },
  { "export-selected", export_selected_action },
};

void
isplic_window_install_export_actions (IsplicWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), export_entries,
                                   G_N_ELEMENTS (export_entries), self);
  isplic_window_export_update (self);
}
