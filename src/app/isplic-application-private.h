/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "isplic-application.h"
#include "isplic-background.h"
#include "isplic-search-provider.h"
#include "isplic-window.h"

G_BEGIN_DECLS

struct _IsplicApplication
{
  AdwApplication parent_instance;

  IsplicSearchProvider *search_provider;  /* owned, nullable: while on the bus */
  GSettings *settings;                    /* owned, from startup */
  IsplicBackground *background;           /* owned, nullable: running in the background */
  GCancellable *background_cancellable;   /* owned, nullable */
  guint background_timer;
  gboolean background_hold;               /* the application is held for the background */
};
/* isplic-application-background.c: running in the background with the person's consent. */
void isplic_application_background_start (IsplicApplication *self);
void isplic_application_background_stop  (IsplicApplication *self);
/* Asks once, when a signed-in window is first closed, whether to run in the background. */
void isplic_application_watch_window     (IsplicApplication *self, IsplicWindow *window);
/* Runs a check now (tests and the first check after start). */
void isplic_application_background_check (IsplicApplication *self);

G_END_DECLS
