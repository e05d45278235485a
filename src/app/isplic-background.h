/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "isplic-core.h"

G_BEGIN_DECLS

/*
 * The background check: with no window, sign in with the remembered password, read the list and
 * the balance, keep the Shell search's cache current, and say what needs attention
 * (isplic-watch.h) — each notice once. Not a widget: the application turns the notices into
 * desktop notifications.
 */
#define ISPLIC_TYPE_BACKGROUND (isplic_background_get_type ())
G_DECLARE_FINAL_TYPE (IsplicBackground, isplic_background, ISPLIC, BACKGROUND, GObject)

/* @settings: the account, the warning period and which notices are wanted. */
IsplicBackground *isplic_background_new          (GSettings *settings);
/* Tests: the time the check takes as "now" (nullable: the real time). */
void              isplic_background_set_now      (IsplicBackground *self, GDateTime *now);
/* Runs one check. Returns (transfer full) the notices to give (IsplicWatchNotice), possibly
 * none; an error when there is no remembered account or it could not be read. */
void              isplic_background_check_async  (IsplicBackground *self,
                                                  GCancellable *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer user_data);
GPtrArray        *isplic_background_check_finish (IsplicBackground *self, GAsyncResult *result,
                                                  GError **error);

/* The autostart entry outside a sandbox (~/.config/autostart): written with TRUE, removed with
 * FALSE. In Flatpak the Background portal is used instead (isplic-application.c). */
gboolean          isplic_background_set_autostart (gboolean enabled, GError **error);
/* (transfer full) The autostart entry's path. */
char             *isplic_background_autostart_path (void);

G_END_DECLS
