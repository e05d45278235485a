/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window's export (issue 11): the actions' states, the list as shown (search applied, in the
 * view's sort order) and the selection written to real files and read back, the save dialog's
 * filters and choice and its response, and a failed write; against an in-process simulator on
 * loopback. */
#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "app-window-fixture.h"

#define N_LICENSES 40
#define SEED 11

typedef struct
{
  IsplicSim *sim;
  IsplicWindow *win;
  char *url;
  char *dir;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  app_reset_settings (APP_RESET_SIGN_IN);
  f->sim = app_sim_start (N_LICENSES, SEED, APP_SIM_NO_KEY_DELAY, &f->url);
  f->dir = isplic_test_make_temp_dir ();
  f->win = app_window_present ();
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  app_window_close (&f->win);
  app_sim_finish (f->sim);
  isplic_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->url);
}

static void
search (Fixture    *f,
        const char *text)
{
  isplic_window_search (f->win, text);
  WAIT_FOR (g_strcmp0 (isplic_license_view_get_search_text (f->win->view),
                       *text != '\0' ? text : NULL) == 0);
}

/* A search that leaves some licenses out but shows several. */
static void
search_some (Fixture *f)
{
  static const char * const needles[] = { "1", "2", "3", "4", "5", "6", "7", "8", "9", "0" };

  for (guint i = 0; i < G_N_ELEMENTS (needles); i++)
    {
      search (f, needles[i]);
      if (app_n_shown (f->win) >= 3 && app_n_shown (f->win) < N_LICENSES)
        return;
    }
  g_assert_not_reached ();
}

/* Runs the export the dialog's response runs; returns the file's contents, or NULL with
 * @error. */
static char *
export (Fixture             *f,
        const char          *name,
        IsplicExportFormat   format,
        IsplicExportScope    scope,
        GError             **error)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  IsplicTestResult r = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  char *contents = NULL;

  isplic_window_export_to_file (f->win, file, format, scope, isplic_test_result_cb, &r);
  /* Exactly one completion */
  result = isplic_test_wait_result (&r);
  if (!isplic_window_export_to_file_finish (f->win, result, error))
    return NULL;
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}

/* The ids of a CSV export (the first field of each row; ids need no quoting). */
static GStrv
csv_ids (const char *csv)
{
  g_auto(GStrv) lines = g_strsplit (csv, "\r\n", -1);
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  guint n = g_strv_length (lines);

  g_assert_cmpuint (n, >=, 2);
  g_assert_cmpstr (lines[n - 1], ==, "");
  g_assert_true (g_str_has_prefix (lines[0], "id,name,ip,"));
  /* Never the keys */
  g_assert_true (g_str_has_suffix (lines[0], ",cost,nodes"));
  for (guint i = 1; i + 1 < n; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], ",", 2);

      g_strv_builder_add (ids, fields[0]);
    }
  return g_strv_builder_end (ids);
}

/* The list does not carry the keys; the details pane fetches one and the license in the list
 * keeps it. Gives the license shown at @position its key, so that an export could leak it. */
static void
fetch_key (Fixture *f,
           guint    position)
{
  IsplicLicense *license = app_shown_item (f->win, position);

  gtk_selection_model_select_item (GTK_SELECTION_MODEL (f->win->view->selection), position,
                                   TRUE);
  g_action_group_activate_action (G_ACTION_GROUP (f->win), "details", NULL);
  WAIT_FOR (isplic_license_get_key (license) != NULL);
  g_assert_cmpstr (isplic_license_get_key (license), !=, "");
}

static void
assert_no_keys (Fixture    *f,
                const char *text)
{
  guint n_keys = 0;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (f->win->licenses)); i++)
    {
      g_autoptr(IsplicLicense) license = g_list_model_get_item (G_LIST_MODEL (f->win->licenses),
                                                                i);
      const char *key = isplic_license_get_key (license);

      if (key == NULL || *key == '\0')
        continue;
      n_keys++;
      g_assert_null (strstr (text, key));
    }
  /* fetch_key() gave one: the check above checked something. */
  g_assert_cmpuint (n_keys, >, 0);
}

static void
test_actions (Fixture       *f,
              gconstpointer  data)
{
  g_assert_false (app_action_enabled (f->win, "export"));
  g_assert_false (app_action_enabled (f->win, "export-selected"));
  app_sign_in (f->win, f->url);
  WAIT_FOR (app_n_shown (f->win) == N_LICENSES);
  g_assert_true (app_action_enabled (f->win, "export"));
  g_assert_false (app_action_enabled (f->win, "export-selected"));

  gtk_selection_model_select_item (GTK_SELECTION_MODEL (f->win->view->selection), 2, TRUE);
  g_assert_true (app_action_enabled (f->win, "export-selected"));

  /* Nothing shown, nothing to export */
  search (f, "no license is called this");
  WAIT_FOR (app_n_shown (f->win) == 0);
  g_assert_false (app_action_enabled (f->win, "export"));
  g_assert_false (app_action_enabled (f->win, "export-selected"));
  search (f, "");
  WAIT_FOR (app_n_shown (f->win) == N_LICENSES);
  g_assert_true (app_action_enabled (f->win, "export"));
}

static void
test_shown (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *json = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(GStrv) ids = NULL;
  JsonArray *array;
  guint shown;

  app_sign_in (f->win, f->url);
  WAIT_FOR (app_n_shown (f->win) == N_LICENSES);
  /* Sorted by name, descending: not the list's own order */
  gtk_column_view_sort_by_column (f->win->view->column_view, f->win->view->name_column,
                                  GTK_SORT_DESCENDING);
  search_some (f);
  shown = app_n_shown (f->win);
  fetch_key (f, shown - 1);
  g_test_message ("%u of %u shown", shown, N_LICENSES);

  csv = export (f, "shown.csv", ISPLIC_EXPORT_CSV, ISPLIC_EXPORT_SCOPE_SHOWN, &error);
  g_assert_no_error (error);
  g_test_message ("%s", csv);
  ids = csv_ids (csv);
  g_assert_cmpuint (g_strv_length (ids), ==, shown);
  for (guint i = 0; i < shown; i++)
    g_assert_cmpstr (ids[i], ==, isplic_license_get_id (app_shown_item (f->win, i)));
  for (guint i = 1; i < shown; i++)
    g_assert_cmpint (g_utf8_collate (isplic_license_get_name (app_shown_item (f->win, i - 1)),
                                     isplic_license_get_name (app_shown_item (f->win, i))), >=, 0);
  assert_no_keys (f, csv);

  /* The same rows as JSON, with the names as the list has them */
  json = export (f, "shown.json", ISPLIC_EXPORT_JSON, ISPLIC_EXPORT_SCOPE_SHOWN, &error);
  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, shown);
  for (guint i = 0; i < shown; i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);

      g_assert_cmpstr (json_object_get_string_member (object, "id"), ==,
                       isplic_license_get_id (app_shown_item (f->win, i)));
      g_assert_cmpstr (json_object_get_string_member (object, "name"), ==,
                       isplic_license_get_name (app_shown_item (f->win, i)));
      g_assert_false (json_object_has_member (object, "key"));
    }
  assert_no_keys (f, json);
}

static void
test_selected (Fixture       *f,
               gconstpointer  data)
{
  GtkSelectionModel *selection = GTK_SELECTION_MODEL (f->win->view->selection);
  const guint positions[] = { 7, 1, 4 };
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  g_auto(GStrv) ids = NULL;

  app_sign_in (f->win, f->url);
  WAIT_FOR (app_n_shown (f->win) == N_LICENSES);
  gtk_column_view_sort_by_column (f->win->view->column_view, f->win->view->expires_column,
                                  GTK_SORT_ASCENDING);
  fetch_key (f, 4);
  gtk_selection_model_unselect_all (selection);
  for (guint i = 0; i < G_N_ELEMENTS (positions); i++)
    gtk_selection_model_select_item (selection, positions[i], FALSE);
  g_assert_cmpuint (isplic_window_export_n_selected (f->win), ==, 3);

  csv = export (f, "selected.csv", ISPLIC_EXPORT_CSV, ISPLIC_EXPORT_SCOPE_SELECTED, &error);
  g_assert_no_error (error);
  ids = csv_ids (csv);
  /* In view order, not in the order they were picked */
  g_assert_cmpuint (g_strv_length (ids), ==, 3);
  g_assert_cmpstr (ids[0], ==, isplic_license_get_id (app_shown_item (f->win, 1)));
  g_assert_cmpstr (ids[1], ==, isplic_license_get_id (app_shown_item (f->win, 4)));
  g_assert_cmpstr (ids[2], ==, isplic_license_get_id (app_shown_item (f->win, 7)));
  assert_no_keys (f, csv);
}

static void
test_failure (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  app_sign_in (f->win, f->url);
  WAIT_FOR (app_n_shown (f->win) == N_LICENSES);
  text = export (f, "no-such-folder/licenses.csv", ISPLIC_EXPORT_CSV, ISPLIC_EXPORT_SCOPE_SHOWN,
                 &error);
  g_assert_null (text);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  /* Nothing lost: the list and the actions are as they were */
  g_assert_cmpuint (app_n_shown (f->win), ==, N_LICENSES);
  g_assert_true (app_action_enabled (f->win, "export"));
}

/* @path holds @n lines (@n times @line_end) and ends with one. */
static gboolean
written_whole (const char *path,
               const char *line_end,
               guint       n)
{
  g_autofree char *text = NULL;
  guint found = 0;

  if (!g_file_get_contents (path, &text, NULL, NULL) || !g_str_has_suffix (text, line_end))
    return FALSE;
  for (const char *p = strstr (text, line_end); p != NULL; p = strstr (p + 1, line_end))
    found++;
  return found == n;
}

static gboolean
picked (GtkFileChooserNative *native,
        GFile                *file)
{
  g_autoptr(GFile) current = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

  return current != NULL && g_file_equal (current, file);
}

/* What the person does in the dialog before pressing Export. (Without a portal the native
 * chooser answers get_file() from its fallback dialog, once that has loaded the folder.) */
static void
pick_file (GtkFileChooserNative *native,
           GFile                *file)
{
  g_autoptr(GFile) folder = g_file_get_parent (file);
  g_autofree char *name = g_file_get_basename (file);
  g_autoptr(GError) error = NULL;

  g_assert_true (gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), folder, &error));
  g_assert_no_error (error);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
  WAIT_FOR (picked (native, file));
}

static void
test_chooser (Fixture       *f,
              gconstpointer  data)
{
  GtkSelectionModel *selection = GTK_SELECTION_MODEL (f->win->view->selection);
  GtkFileChooserNative *native;
  GtkFileChooser *chooser;
  g_autoptr(GListModel) filters = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "licenses-%Y-%m-%d.csv");
  g_autofree char *current = NULL;
  g_autofree char *path = g_build_filename (f->dir, "from-dialog", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();

  app_sign_in (f->win, f->url);
  WAIT_FOR (app_n_shown (f->win) == N_LICENSES);

  /* Nothing selected (no choice offered): accepting writes all shown, as CSV by the name */
  {
    g_autofree char *all_path = g_build_filename (f->dir, "all.CSV", NULL);
    g_autoptr(GFile) all_file = g_file_new_for_path (all_path);
    g_autofree char *csv = NULL;
    g_auto(GStrv) ids = NULL;

    native = isplic_window_export_chooser_new (f->win, ISPLIC_EXPORT_SCOPE_SHOWN);
    /* JSON chosen, but the name says CSV */
    {
      g_autoptr(GListModel) all_filters = gtk_file_chooser_get_filters (GTK_FILE_CHOOSER (native));
      g_autoptr(GtkFileFilter) json = g_list_model_get_item (all_filters, 1);

      gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (native), json);
    }
    pick_file (native, all_file);
    g_signal_emit_by_name (native, "response", GTK_RESPONSE_ACCEPT);
    /* A new file is written in place: wait for all of it */
    WAIT_FOR (written_whole (all_path, "\r\n", N_LICENSES + 1));
    g_assert_true (g_file_get_contents (all_path, &csv, NULL, NULL));
    ids = csv_ids (csv);
    g_assert_cmpuint (g_strv_length (ids), ==, N_LICENSES);
  }

  gtk_selection_model_select_item (selection, 0, FALSE);
  gtk_selection_model_select_item (selection, 5, FALSE);
  native = isplic_window_export_chooser_new (f->win, ISPLIC_EXPORT_SCOPE_SELECTED);
  chooser = GTK_FILE_CHOOSER (native);
  g_assert_cmpint (gtk_file_chooser_get_action (chooser), ==, GTK_FILE_CHOOSER_ACTION_SAVE);
  filters = gtk_file_chooser_get_filters (chooser);
  g_assert_cmpuint (g_list_model_get_n_items (filters), ==, 2);
  {
    g_autoptr(GtkFileFilter) csv = g_list_model_get_item (filters, 0);
    g_autoptr(GtkFileFilter) json = g_list_model_get_item (filters, 1);

    g_assert_cmpstr (gtk_file_filter_get_name (csv), ==, "CSV");
    g_assert_cmpstr (gtk_file_filter_get_name (json), ==, "JSON");
    g_assert_true (gtk_file_chooser_get_filter (chooser) == csv);
    /* The person picks JSON; the name has no extension */
    gtk_file_chooser_set_filter (chooser, json);
  }
  g_assert_cmpstr (gtk_file_chooser_get_choice (chooser, "scope"), ==, "selected");
  current = gtk_file_chooser_get_current_name (chooser);
  g_assert_cmpstr (current, ==, date);

  /* Accepting writes the selection, as JSON by the filter */
  pick_file (native, file);
  g_signal_emit_by_name (native, "response", GTK_RESPONSE_ACCEPT);
  WAIT_FOR (written_whole (path, "\n]\n", 1));
  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  {
    JsonArray *array = json_node_get_array (json_parser_get_root (parser));

    g_assert_cmpuint (json_array_get_length (array), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 1),
                                                    "id"),
                     ==, isplic_license_get_id (app_shown_item (f->win, 5)));
  }
}

int
main (int argc, char **argv)
{
  g_autofree char *home = isplic_test_private_home ();
  int status;

  app_test_init (&argc, &argv, FALSE);

#define ADD(path, func) \
  g_test_add ("/window-export/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("actions", test_actions);
  ADD ("shown", test_shown);
  ADD ("selected", test_selected);
  ADD ("failure", test_failure);
  ADD ("chooser", test_chooser);
#undef ADD

  status = g_test_run ();
  isplic_test_remove_tree (home);
  return status;
}
