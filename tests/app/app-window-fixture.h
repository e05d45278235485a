/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once
/*
 * What the window tests share: an in-process simulator on loopback, the real IsplicWindow
 * presented against it, signing in through the sign-in page, and finding the window's actions,
 * its shown licenses, other toplevels and widgets. Tests with more state than AppWindowFixture
 * use the pieces (app_sim_start(), app_window_present(), ...) from their own fixture.
 */
#include <adwaita.h>

#include "isplic-sim.h"
#include "isplic-test-utils.h"
#include "isplic-window-private.h"

G_BEGIN_DECLS

/* Waiting goes through the shared test library (tests/lib/isplic-test-utils.h). */
#define WAIT_FOR(cond) ISPLIC_TEST_WAIT_UNTIL (cond)

typedef enum
{
  APP_FIXTURE_DEFAULT = 0,
  APP_SIM_NO_KEY_DELAY = 1 << 0,      /* the simulator hands out keys at once */
  APP_SIM_LOGGING = 1 << 1,           /* the simulator keeps its request log */
  APP_RESET_SIGN_IN = 1 << 2,         /* "server-url" and "user" are reset first */
  APP_RESET_EXPIRY_WARNING = 1 << 3,  /* "expiry-warning-days" is reset first */
} AppFixtureFlags;

typedef struct
{
  IsplicSim *sim;
  IsplicWindow *win;
  char *url;
} AppWindowFixture;

/* gtk_test_init() and adw_init(), with no animations (a flap halfway through one is laid out from
 * an interpolated width) and no cursor blink (an entry focused without a window manager warns
 * "did not receive a focus-out event", which fatal warnings turn into a crash). With @test_a11y,
 * GTK's test AT context records accessible properties without any accessibility bus. */
void app_test_init (int       *argc,
                    char    ***argv,
                    gboolean   test_a11y);

/* The pieces */
void app_reset_settings (AppFixtureFlags flags);
/* (transfer full) A started simulator with @n_licenses generated from @seed; its URL in @url. */
IsplicSim *app_sim_start (guint             n_licenses,
                          guint32           seed,
                          AppFixtureFlags   flags,
                          char            **url);
/* Stops @sim and asserts that this drops the last reference. */
void app_sim_finish (IsplicSim *sim);
IsplicWindow *app_window_present (void);
/* Destroys *@win and waits until its last reference is gone (*@win is then NULL). */
void app_window_close (IsplicWindow **win);

/* The whole fixture: settings reset as @flags say, the simulator, the window. */
void app_fixture_setup (AppWindowFixture *f,
                        guint             n_licenses,
                        guint32           seed,
                        AppFixtureFlags   flags);
/* Its signature lets g_test_add() take it as it is. */
void app_fixture_teardown (AppWindowFixture *f,
                           gconstpointer     data);

/* Signs in to @url as the simulator's default user through the sign-in page, not remembering the
 * password, and waits until the window is signed in and its list loaded. */
void app_sign_in (IsplicWindow *win,
                  const char   *url);
/* Whether the window's action @name is enabled; fails the test when there is no such action. */
gboolean app_action_enabled (IsplicWindow *win,
                             const char   *name);
/* The licenses the view shows (after the search) and the one at @position (transfer none). */
guint app_n_shown (IsplicWindow *win);
IsplicLicense *app_shown_item (IsplicWindow *win,
                               guint         position);

/* The visible toplevel of @type, or NULL. */
GtkWindow *app_find_toplevel (GType type);
typedef gboolean (*AppWidgetMatch) (GtkWidget *widget, gconstpointer data);

/* The first widget under @root, @root included, that @match accepts, or NULL. */
GtkWidget *app_find_widget (GtkWidget      *root,
                            AppWidgetMatch  match,
                            gconstpointer   data);
/* The child @name of the window's details pane (built if it was not yet); never NULL. */
gpointer   app_pane_child  (IsplicWindow *win,
                            const char   *name);
/* The first widget under @root, @root included, named @name / of @type, or NULL. */
GtkWidget *app_find_named (GtkWidget  *root,
                           const char *name);
GtkWidget *app_find_type (GtkWidget *root,
                          GType      type);
/* The first GtkLabel under @root, @root included, showing @text (markup removed), or NULL. */
GtkWidget *app_find_label (GtkWidget  *root,
                           const char *text);

G_END_DECLS
