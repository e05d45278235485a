/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Several accounts in the real window (issue 11), against two in-process simulators with
 * different users, passwords and licenses: adding one through the sign-in page, switching (its
 * kept list at once, then its own sign-in with its stored password; nothing of the other
 * account left), the account named in the header and on the money dialogs, renaming and
 * removing from "Manage Accounts". */
#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "app-window-fixture.h"
#include "isplic-accounts-window.h"
#include "isplic-dialogs.h"

#define USER_A "eu@example.com"
#define PASSWORD_A "first secret"
#define USER_B "ru@example.ru"
#define PASSWORD_B "second secret"
#define N_A 14
#define N_B 6

typedef struct
{
  IsplicSim *sim_a;
  IsplicSim *sim_b;
  char *url_a;
  char *url_b;
  GSettings *settings;
  IsplicWindow *win;
} Fixture;

static IsplicSim *
start_sim (const char *user,
           const char *password,
           guint       n,
           guint32     seed,
           char      **url)
{
  IsplicSim *sim = app_sim_start (n, seed, APP_SIM_NO_KEY_DELAY | APP_SIM_LOGGING, url);

  isplic_sim_set_account (sim, user, password);
  return sim;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  f->settings = g_settings_new (APP_ID);
  g_object_get (f->settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (f->settings, keys[i]);

  f->sim_a = start_sim (USER_A, PASSWORD_A, N_A, 3, &f->url_a);
  f->sim_b = start_sim (USER_B, PASSWORD_B, N_B, 11, &f->url_b);
  f->win = app_window_present ();
}

static void
forget_password (const char *url,
                 const char *user)
{
  IsplicTestResult r = { 0 };
  g_autoptr(GAsyncResult) result = NULL;

  isplic_account_clear_password_async (url, user, NULL, isplic_test_result_cb, &r);
  result = isplic_test_wait_result (&r);
  g_assert_true (isplic_account_clear_password_finish (result, NULL));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  app_window_close (&f->win);
  forget_password (f->url_a, USER_A);
  forget_password (f->url_b, USER_B);
  app_sim_finish (f->sim_a);
  app_sim_finish (f->sim_b);
  g_free (f->url_a);
  g_free (f->url_b);
  g_clear_object (&f->settings);
}

static gboolean
list_is_current (Fixture *f)
{
  return isplic_window_get_signed_in (f->win)
         && !isplic_session_get_stale (f->win->session)
         && !isplic_license_list_get_loading (f->win->licenses)
         && isplic_license_list_get_last_refresh (f->win->licenses) != NULL;
}

static void
sign_in (Fixture    *f,
         const char *url,
         const char *user,
         const char *password,
         gboolean    remember)
{
  isplic_window_prefill (f->win, url, user);
  isplic_sign_in_page_set_password (isplic_window_get_sign_in_page (f->win), password);
  isplic_sign_in_page_set_remember (isplic_window_get_sign_in_page (f->win), remember);
  g_assert_true (isplic_sign_in_page_submit (isplic_window_get_sign_in_page (f->win)));
  WAIT_FOR (list_is_current (f)
            && g_strcmp0 (isplic_client_get_user (isplic_window_get_client (f->win)), user) == 0);
  if (remember)
    {
      g_autofree char *stored = NULL;

      /* The keyring is written after the sign-in, asynchronously. */
      WAIT_FOR ((g_free (stored), stored = isplic_test_stored_password (url, user)) != NULL);
      g_assert_cmpstr (stored, ==, password);
    }
}

/* TRUE when the window's list is exactly the licenses of @sim (ids, names and IPs). */
static gboolean
list_is_of (Fixture   *f,
            IsplicSim *sim)
{
  GListModel *model = G_LIST_MODEL (f->win->licenses);
  guint n = g_list_model_get_n_items (model);

  if (n != isplic_sim_get_n_licenses (sim))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(IsplicLicense) license = g_list_model_get_item (model, i);
      g_autoptr(JsonObject) row = isplic_sim_lookup (sim, isplic_license_get_id (license));

      if (row == NULL
          || g_strcmp0 (json_object_get_string_member_with_default (row, "licname", ""),
                        isplic_license_get_name (license)) != 0
          || g_strcmp0 (json_object_get_string_member_with_default (row, "ip", ""),
                        isplic_license_get_ip (license)) != 0)
        return FALSE;
    }
  return TRUE;
}

static void
switch_to (Fixture    *f,
           const char *name)
{
  g_action_group_activate_action (G_ACTION_GROUP (f->win), "switch-account",
                                  g_variant_new_string (name));
}

static char *
active_state (Fixture *f)
{
  g_autoptr(GVariant) state = g_action_group_get_action_state (G_ACTION_GROUP (f->win),
                                                               "switch-account");

  return g_variant_dup_string (state, NULL);
}

/* The widget of @type that carries the account name @account (the Manage window's rows and
 * buttons). */
static GtkWidget *
find_for_account (GtkWidget  *root,
                  GType       type,
                  const char *account)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type)
      && g_strcmp0 (g_object_get_data (G_OBJECT (root), "account-name"), account) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_for_account (child, type, account);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The "Account: …" line of the money dialog that @action opens on the selection. */
static char *
dialog_account_line (Fixture    *f,
                     const char *action,
                     GType       type)
{
  GtkWindow *dialog;
  GtkWidget *label;
  char *text;

  g_action_group_activate_action (G_ACTION_GROUP (f->win), action, NULL);
  dialog = app_find_toplevel (type);
  g_assert_nonnull (dialog);
  label = app_find_named (GTK_WIDGET (dialog), "account-line");
  g_assert_nonnull (label);
  g_assert_true (gtk_widget_get_visible (label));
  text = g_strdup (gtk_label_get_text (GTK_LABEL (label)));
  gtk_window_destroy (dialog);
  return text;
}

static guint
n_selected (Fixture *f)
{
  g_autoptr(GPtrArray) selected = isplic_window_get_selected (f->win);

  return selected->len;
}

static void
select_first (Fixture *f)
{
  g_autoptr(IsplicLicense) first = g_list_model_get_item (G_LIST_MODEL (f->win->licenses), 0);
  const char *ids[] = { isplic_license_get_id (first), NULL };

  isplic_window_select_ids (f->win, ids);
  WAIT_FOR (n_selected (f) == 1);
}

/* The main menu's items are made when it is first opened, from the menu both buttons share;
 * the accounts are in it. */
static void
assert_main_menu_lists (Fixture    *f,
                        const char *first,
                        const char *second)
{
  GtkMenuButton *button = GTK_MENU_BUTTON (f->win->menu_button);
  GtkPopover *popover;

  g_assert_null (gtk_menu_button_get_popover (GTK_MENU_BUTTON (f->win->sign_in_menu_button)));
  g_assert_null (gtk_menu_button_get_popover (button));
  gtk_menu_button_popup (button);
  popover = gtk_menu_button_get_popover (button);
  g_assert_true (GTK_IS_POPOVER_MENU (popover));
  g_assert_true (gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (popover))
                 == f->win->primary_menu);
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (popover)));
  g_assert_nonnull (app_find_label (GTK_WIDGET (popover), first));
  g_assert_nonnull (app_find_label (GTK_WIDGET (popover), second));
  gtk_menu_button_popdown (button);
  /* Opened again, it is the same popover. */
  gtk_menu_button_popup (button);
  g_assert_true (gtk_menu_button_get_popover (button) == popover);
  gtk_menu_button_popdown (button);
}

static void
test_add_and_switch (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *active = NULL;
  g_autofree char *line = NULL;
  g_autofree char *cache_b = isplic_license_cache_path (f->url_b, USER_B);
  g_autoptr(GError) error = NULL;
  guint lists_a;

  /* The first sign-in makes the first account. */
  sign_in (f, f->url_a, USER_A, PASSWORD_A, TRUE);
  g_assert_true (list_is_of (f, f->sim_a));
  active = active_state (f);
  g_assert_cmpstr (active, ==, USER_A);
  g_assert_true (isplic_accounts_rename (f->settings, USER_A, "EU partner", &error));
  g_assert_no_error (error);
  g_clear_pointer (&active, g_free);
  active = active_state (f);
  g_assert_cmpstr (active, ==, "EU partner");
  g_assert_nonnull (strstr (adw_window_title_get_title (f->win->window_title), "EU partner"));
  g_assert_nonnull (strstr (gtk_window_get_title (GTK_WINDOW (f->win)), "EU partner"));
  select_first (f);
  WAIT_FOR (gtk_widget_get_visible (GTK_WIDGET (f->win->balance_label)));
  gtk_editable_set_text (GTK_EDITABLE (f->win->search_entry), "srv");

  /* Add Account: the sign-in page, empty, with nothing of A on show and A's password kept. */
  g_action_group_activate_action (G_ACTION_GROUP (f->win), "add-account", NULL);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (f->win->main_stack), ==, "sign-in");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->win->licenses)), ==, 0);
  g_assert_cmpstr (isplic_sign_in_page_get_user (isplic_window_get_sign_in_page (f->win)), ==, "");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f->win->balance_label)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f->win->search_entry)), ==, "");
  {
    g_autofree char *kept = isplic_test_stored_password (f->url_a, USER_A);

    g_assert_cmpstr (kept, ==, PASSWORD_A);
  }

  sign_in (f, f->url_b, USER_B, PASSWORD_B, TRUE);
  g_assert_true (list_is_of (f, f->sim_b));
  {
    g_autoptr(GPtrArray) list = isplic_accounts_list (f->settings);

    g_assert_cmpuint (list->len, ==, 2);
  }
  g_clear_pointer (&active, g_free);
  active = active_state (f);
  g_assert_cmpstr (active, ==, USER_B);
  g_assert_nonnull (strstr (adw_window_title_get_title (f->win->window_title), USER_B));
  select_first (f);
  line = dialog_account_line (f, "renew", ISPLIC_TYPE_RENEW_DIALOG);
  g_assert_cmpstr (line, ==, "Account: " USER_B);
  g_clear_pointer (&line, g_free);
  WAIT_FOR (g_file_test (cache_b, G_FILE_TEST_EXISTS));
  assert_main_menu_lists (f, "EU partner", USER_B);

  /* Switch to A: signed in with its stored password, its list only; no selection, details or
   * balance of B's left. */
  lists_a = isplic_sim_count_requests (f->sim_a, "soft");
  switch_to (f, "EU partner");
  g_assert_false (list_is_of (f, f->sim_b));
  g_assert_cmpuint (n_selected (f), ==, 0);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f->win->balance_label)));
  WAIT_FOR (list_is_current (f)
            && g_strcmp0 (isplic_client_get_user (isplic_window_get_client (f->win)), USER_A)
               == 0);
  g_assert_true (list_is_of (f, f->sim_a));
  g_assert_cmpuint (isplic_sim_count_requests (f->sim_a, "soft"), >, lists_a);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (f->win->main_stack), ==, "licenses");
  g_assert_cmpuint (n_selected (f), ==, 0);
  g_assert_nonnull (strstr (adw_window_title_get_title (f->win->window_title), "EU partner"));
  g_clear_pointer (&active, g_free);
  active = active_state (f);
  g_assert_cmpstr (active, ==, "EU partner");

  /* Money dialogs name the account they would charge. */
  select_first (f);
  line = dialog_account_line (f, "renew", ISPLIC_TYPE_RENEW_DIALOG);
  g_assert_cmpstr (line, ==, "Account: EU partner (" USER_A ")");
  g_clear_pointer (&line, g_free);
  line = dialog_account_line (f, "order", ISPLIC_TYPE_ORDER_DIALOG);
  g_assert_cmpstr (line, ==, "Account: EU partner (" USER_A ")");
  g_clear_pointer (&line, g_free);
  line = dialog_account_line (f, "change-tariff", ISPLIC_TYPE_TARIFF_DIALOG);
  g_assert_cmpstr (line, ==, "Account: EU partner (" USER_A ")");
  g_clear_pointer (&line, g_free);
  line = dialog_account_line (f, "delete", ISPLIC_TYPE_GROUP_DIALOG);
  g_assert_cmpstr (line, ==, "Account: EU partner (" USER_A ")");
  g_clear_pointer (&line, g_free);

  /* Back to B: its kept list is on show at once, before any answer, then the server's. */
  switch_to (f, USER_B);
  /* The kept list is read in a thread and shown in the next main-loop iteration. */
  WAIT_FOR (isplic_session_get_stale (f->win->session));
  g_assert_true (list_is_of (f, f->sim_b));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (f->win->main_stack), ==, "licenses");
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (f->win), "order"));
  WAIT_FOR (list_is_current (f)
            && g_strcmp0 (isplic_client_get_user (isplic_window_get_client (f->win)), USER_B)
               == 0);
  g_assert_true (list_is_of (f, f->sim_b));
}

static void
test_no_password (Fixture       *f,
                  gconstpointer  data)
{
  /* A without its password remembered, then B. */
  sign_in (f, f->url_a, USER_A, PASSWORD_A, FALSE);
  g_action_group_activate_action (G_ACTION_GROUP (f->win), "add-account", NULL);
  sign_in (f, f->url_b, USER_B, PASSWORD_B, TRUE);

  /* Switching to A asks for its password on the sign-in page, filled in with A's server and
   * user; nothing of B's stays. */
  switch_to (f, USER_A);
  WAIT_FOR (!isplic_sign_in_page_get_busy (isplic_window_get_sign_in_page (f->win)));
  g_assert_false (isplic_window_get_signed_in (f->win));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (f->win->main_stack), ==, "sign-in");
  g_assert_cmpstr (isplic_sign_in_page_get_user (isplic_window_get_sign_in_page (f->win)), ==,
                   USER_A);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->win->licenses)), ==, 0);
  sign_in (f, f->url_a, USER_A, PASSWORD_A, FALSE);
  g_assert_true (list_is_of (f, f->sim_a));
  {
    g_autoptr(GPtrArray) list = isplic_accounts_list (f->settings);

    /* Signing in to a known account adds none. */
    g_assert_cmpuint (list->len, ==, 2);
  }
}

static void
test_manage (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *cache_b = isplic_license_cache_path (f->url_b, USER_B);
  g_autofree char *password_b = NULL;
  GtkWindow *manage;
  GtkWidget *row;
  GtkWidget *remove;
  AdwMessageDialog *confirm;

  sign_in (f, f->url_a, USER_A, PASSWORD_A, TRUE);
  g_action_group_activate_action (G_ACTION_GROUP (f->win), "add-account", NULL);
  sign_in (f, f->url_b, USER_B, PASSWORD_B, TRUE);
  WAIT_FOR (g_file_test (cache_b, G_FILE_TEST_EXISTS));

  g_action_group_activate_action (G_ACTION_GROUP (f->win), "manage-accounts", NULL);
  manage = app_find_toplevel (ISPLIC_TYPE_ACCOUNTS_WINDOW);
  g_assert_nonnull (manage);

  /* Rename A in place. */
  row = find_for_account (GTK_WIDGET (manage), ADW_TYPE_ENTRY_ROW, USER_A);
  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), "EU partner");
  g_signal_emit_by_name (row, "apply");
  {
    g_autoptr(IsplicStoredAccount) renamed = isplic_accounts_lookup (f->settings, "EU partner");

    g_assert_nonnull (renamed);
    g_assert_cmpstr (renamed->user, ==, USER_A);
  }
  /* A name taken is refused, marked on the row. */
  row = find_for_account (GTK_WIDGET (manage), ADW_TYPE_ENTRY_ROW, USER_B);
  gtk_editable_set_text (GTK_EDITABLE (row), "EU partner");
  g_signal_emit_by_name (row, "apply");
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  {
    g_autoptr(IsplicStoredAccount) kept = isplic_accounts_lookup (f->settings, USER_B);

    g_assert_nonnull (kept);
  }

  /* A's server messages in Russian, from its language row (once the rows show the new name). */
  WAIT_FOR (find_for_account (GTK_WIDGET (manage), ADW_TYPE_COMBO_ROW, "EU partner") != NULL);
  row = find_for_account (GTK_WIDGET (manage), ADW_TYPE_COMBO_ROW, "EU partner");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (row)), ==, 0);
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), 2);
  {
    g_autoptr(IsplicStoredAccount) a = isplic_accounts_lookup (f->settings, "EU partner");

    g_assert_cmpstr (a->lang, ==, "ru");
  }

  /* Remove B, the account on show: asked first, then its password and kept list are gone and
   * the window moves to A. */
  remove = find_for_account (GTK_WIDGET (manage), GTK_TYPE_BUTTON, USER_B);
  g_assert_nonnull (remove);
  g_assert_true (gtk_widget_get_focusable (remove) || gtk_widget_get_can_focus (remove));
  g_signal_emit_by_name (remove, "clicked");
  confirm = ADW_MESSAGE_DIALOG (app_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (confirm);
  g_assert_cmpstr (adw_message_dialog_get_close_response (confirm), ==, "cancel");
  adw_message_dialog_response (confirm, "remove");
  gtk_window_destroy (GTK_WINDOW (confirm));

  g_assert_null (isplic_accounts_lookup (f->settings, USER_B));
  g_assert_false (g_file_test (cache_b, G_FILE_TEST_EXISTS));
  WAIT_FOR ((password_b = isplic_test_stored_password (f->url_b, USER_B)) == NULL);
  WAIT_FOR (list_is_current (f)
            && g_strcmp0 (isplic_client_get_user (isplic_window_get_client (f->win)), USER_A)
               == 0);
  g_assert_true (list_is_of (f, f->sim_a));
  g_assert_cmpstr (isplic_client_get_lang (isplic_window_get_client (f->win)), ==, "ru");
  /* The window's menu follows. */
  {
    g_autofree char *active = active_state (f);

    g_assert_cmpstr (active, ==, "EU partner");
  }
  WAIT_FOR (find_for_account (GTK_WIDGET (manage), ADW_TYPE_ENTRY_ROW, USER_B) == NULL);
  gtk_window_destroy (manage);
}

/* The demo is no account of the person's: its dialogs say so, and it adds no account. */
static void
test_demo (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *line = NULL;
  g_autoptr(GVariant) accounts = NULL;

  isplic_window_start_demo (f->win);
  WAIT_FOR (isplic_window_get_signed_in (f->win) && list_is_current (f));
  line = dialog_account_line (f, "order", ISPLIC_TYPE_ORDER_DIALOG);
  g_assert_cmpstr (line, ==, "Account: the demo (nothing is charged)");
  accounts = g_settings_get_value (f->settings, "accounts");
  g_assert_cmpuint (g_variant_n_children (accounts), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  isplic_test_own_keyring ();
  adw_init ();

  g_test_add ("/window-accounts/add-and-switch", Fixture, NULL, fixture_setup,
              test_add_and_switch, fixture_teardown);
  g_test_add ("/window-accounts/no-password", Fixture, NULL, fixture_setup, test_no_password,
              fixture_teardown);
  g_test_add ("/window-accounts/manage", Fixture, NULL, fixture_setup, test_manage,
              fixture_teardown);
  g_test_add ("/window-accounts/demo", Fixture, NULL, fixture_setup, test_demo,
              fixture_teardown);

  return g_test_run ();
}
