/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define ISPLIC_SEARCH_PROVIDER_PATH "/com/example/IspLic/SearchProvider"

/*
 * GNOME Shell's search provider (org.gnome.Shell.SearchProvider2): finds licenses by name, IP or
 * id in the account's cached list (isplic-license-cache.h) — no network, no password. Choosing a
 * result activates the application's "app.show-license" action with the license id; "Search in
 * the app" activates "app.search" with the terms.
 */
#define ISPLIC_TYPE_SEARCH_PROVIDER (isplic_search_provider_get_type ())
G_DECLARE_FINAL_TYPE (IsplicSearchProvider, isplic_search_provider, ISPLIC, SEARCH_PROVIDER,
                      GObject)

/* @application receives the actions and is held while a call is served. @settings (of schema
 * com.example.IspLic) names the account whose cache is searched. */
IsplicSearchProvider *isplic_search_provider_new        (GApplication *application,
                                                         GSettings    *settings);
gboolean              isplic_search_provider_register   (IsplicSearchProvider *self,
                                                         GDBusConnection      *connection,
                                                         const char           *object_path,
                                                         GError              **error);
void                  isplic_search_provider_unregister (IsplicSearchProvider *self);

G_END_DECLS
