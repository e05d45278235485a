/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once
/*
 * The dialogs' test fixture, shared by the dialog test programs: a real IsplicSim on loopback,
 * a client signed in to it, a parent window, and helpers to reach the dialogs' widgets and the
 * simulator's state and request log.
 */
#include <adwaita.h>

#include "isplic-dialogs.h"
#include "isplic-dialog-util-private.h"
#include "isplic-license-text.h"
#include "isplic-sim.h"
#include "isplic-test-utils.h"

G_BEGIN_DECLS

typedef struct {
  IsplicSim *sim;
  IsplicClient *client;
  GPtrArray *licenses;     /* of IsplicLicense, as the client lists them */

  GtkWidget *parent;       /* the window the dialogs are transient for */
  GtkWidget *dialog;       /* weak */
  guint n_succeeded;
  char *message;
  GStrv ids;
} Fixture;

/* Waiting goes through the shared test library (tests/lib/isplic-test-utils.h). */
#define WAIT_UNTIL(cond) ISPLIC_TEST_WAIT_UNTIL (cond)

void list_cb (GObject *source, GAsyncResult *result, gpointer user_data);
void refresh_licenses (Fixture *f);
void fixture_setup (Fixture *f, gconstpointer data);
void fixture_teardown (Fixture *f, gconstpointer data);
void succeeded_cb (GtkWidget *dialog, const char *message, GStrv ids, Fixture *f);
void present (Fixture *f, GtkWidget *dialog);
gpointer child (Fixture *f, GType type, const char *name);
gboolean sensitive (gpointer widget);
void click (gpointer button);
IsplicLicense *find_license (Fixture *f, gboolean trial, guint skip);
const char *sim_string (Fixture *f, const char *id, const char *field);
gint64 sim_int (Fixture *f, const char *id, const char *field);
IsplicSimRequest *last_request (Fixture *f, const char *func);
guint count_changes (Fixture *f);
guint count_orders (Fixture *f);
IsplicSimRequest *last_order (Fixture *f);
GtkWidget *find_row (GtkWidget *widget, const char *title);
void wait_renew_quote (Fixture *f);
int common_period (IsplicLicense *a, IsplicLicense *b);
void fill_order (Fixture *f, const char *name, const char *ip);
void wait_quote (Fixture *f);
void wait_ip_ok (Fixture *f);
GtkWidget *find_button (GtkWidget *widget, const char *label);
void close_dialog (Fixture *f);

G_END_DECLS
