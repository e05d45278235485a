/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ISPLIC_TYPE_PREFERENCES_WINDOW (isplic_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (IsplicPreferencesWindow, isplic_preferences_window, ISPLIC,
                      PREFERENCES_WINDOW, AdwPreferencesWindow)

/* @server and @user describe the account in use (nullable when signed out: the stored ones are
 * shown). @settings is the com.example.IspLic schema. */
GtkWidget *isplic_preferences_window_new (GSettings  *settings,
                                          const char *server,
                                          const char *user,
                                          gboolean    demo);

G_END_DECLS
