/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "app-window-fixture.h"

void
app_test_init (int       *argc,
               char    ***argv,
               gboolean   test_a11y)
{
  if (test_a11y)
    g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (argc, argv, NULL);
  isplic_test_own_keyring ();
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE,
                "gtk-enable-animations", FALSE, NULL);
}

void
app_reset_settings (AppFixtureFlags flags)
{
  g_autoptr(GSettings) settings = NULL;

  if ((flags & (APP_RESET_SIGN_IN | APP_RESET_EXPIRY_WARNING)) == 0)
    return;
  settings = g_settings_new (APP_ID);
  if (flags & APP_RESET_SIGN_IN)
    {
      g_settings_reset (settings, "server-url");
      g_settings_reset (settings, "user");
    }
  if (flags & APP_RESET_EXPIRY_WARNING)
    g_settings_reset (settings, "expiry-warning-days");
}

IsplicSim *
app_sim_start (guint             n_licenses,
               guint32           seed,
               AppFixtureFlags   flags,
               char            **url)
{
  g_autoptr(GError) error = NULL;
  IsplicSim *sim = isplic_sim_new ();

  isplic_sim_generate (sim, n_licenses, seed);
  if (flags & APP_SIM_NO_KEY_DELAY)
    isplic_sim_set_key_delay (sim, 0);
  if (flags & APP_SIM_LOGGING)
    isplic_sim_set_logging (sim, TRUE);
  g_assert_true (isplic_sim_start (sim, 0, &error));
  g_assert_no_error (error);
  *url = isplic_sim_get_url (sim);
  return sim;
}

void
app_sim_finish (IsplicSim *sim)
{
  isplic_sim_stop (sim);
  g_assert_finalize_object (sim);
}

IsplicWindow *
app_window_present (void)
{
  IsplicWindow *win = isplic_window_new (NULL);

  gtk_window_present (GTK_WINDOW (win));
  return win;
}

void
app_window_close (IsplicWindow **win)
{
  GtkWindow *window = GTK_WINDOW (*win);

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) win);
  gtk_window_destroy (window);
  WAIT_FOR (*win == NULL);
}

void
app_fixture_setup (AppWindowFixture *f,
                   guint             n_licenses,
                   guint32           seed,
                   AppFixtureFlags   flags)
{
  app_reset_settings (flags);
  f->sim = app_sim_start (n_licenses, seed, flags, &f->url);
  f->win = app_window_present ();
}

void
app_fixture_teardown (AppWindowFixture *f,
                      gconstpointer     data)
{
  app_window_close (&f->win);
  app_sim_finish (f->sim);
  g_free (f->url);
}

void
app_sign_in (IsplicWindow *win,
             const char   *url)
{
  IsplicSignInPage *page = isplic_window_get_sign_in_page (win);

  isplic_window_prefill (win, url, ISPLIC_SIM_DEFAULT_USER);
  isplic_sign_in_page_set_password (page, ISPLIC_SIM_DEFAULT_PASSWORD);
  isplic_sign_in_page_set_remember (page, FALSE);
  g_assert_true (isplic_sign_in_page_submit (page));
  WAIT_FOR (isplic_window_get_signed_in (win)
            && !isplic_license_list_get_loading (win->licenses)
            && isplic_license_list_get_last_refresh (win->licenses) != NULL);
  /* The rows grow a step per frame: tests select by position among all of them. */
  WAIT_FOR (!isplic_license_view_get_pending (win->view));
}

gboolean
app_action_enabled (IsplicWindow *win,
                    const char   *name)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (win), name);

  g_assert_nonnull (action);
  return g_action_get_enabled (action);
}

guint
app_n_shown (IsplicWindow *win)
{
  return g_list_model_get_n_items (G_LIST_MODEL (win->view->filter_model));
}

IsplicLicense *
app_shown_item (IsplicWindow *win,
                guint         position)
{
  g_autoptr(IsplicLicense) license =
    g_list_model_get_item (G_LIST_MODEL (win->view->filter_model), position);

  return license; /* the list keeps it alive */
}

GtkWindow *
app_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

gpointer
app_pane_child (IsplicWindow *win,
                const char   *name)
{
  GtkWidget *pane = GTK_WIDGET (isplic_window_get_details_pane (win));
  GObject *child = gtk_widget_get_template_child (pane, ISPLIC_TYPE_DETAILS_PANE, name);

  g_assert_nonnull (child);
  return child;
}

GtkWidget *
app_find_widget (GtkWidget      *root,
                 AppWidgetMatch  match,
                 gconstpointer   data)
{
  if (match (root, data))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = app_find_widget (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_named (GtkWidget     *widget,
          gconstpointer  name)
{
  return g_strcmp0 (gtk_widget_get_name (widget), name) == 0;
}

GtkWidget *
app_find_named (GtkWidget  *root,
                const char *name)
{
  return app_find_widget (root, is_named, name);
}

static gboolean
is_of_type (GtkWidget     *widget,
            gconstpointer  type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, *(const GType *) type);
}

GtkWidget *
app_find_type (GtkWidget *root,
               GType      type)
{
  return app_find_widget (root, is_of_type, &type);
}

static gboolean
is_label_of (GtkWidget     *widget,
             gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

GtkWidget *
app_find_label (GtkWidget  *root,
                const char *text)
{
  return app_find_widget (root, is_label_of, text);
}
