/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The details pane's wording and its key box (issue 9), on the real pane built from its
 * template. */
#include "config.h"

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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  isplic_test_tick_add ();

#define ADD(path, fn) \
  g_test_add ("/app/details-pane/" path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("action-labels", test_action_labels);
#undef ADD

  return g_test_run ();
}
