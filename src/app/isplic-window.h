/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "isplic-core.h"

G_BEGIN_DECLS

#define ISPLIC_TYPE_WINDOW (isplic_window_get_type ())
G_DECLARE_FINAL_TYPE (IsplicWindow, isplic_window, ISPLIC, WINDOW, AdwApplicationWindow)

IsplicWindow      *isplic_window_new              (AdwApplication *application);
/* Fills the sign-in page (either may be NULL). */
void               isplic_window_prefill          (IsplicWindow   *self,
                                                   const char     *server_url,
                                                   const char     *user);
/* Looks up a remembered password for the stored server and user and, if there is one, signs in
 * straight away. */
void               isplic_window_restore_session  (IsplicWindow   *self);
/* Starts the built-in simulator in-process and signs in to it. */
void               isplic_window_start_demo       (IsplicWindow   *self);
/* Signs in with the sign-in page's fields. */
void               isplic_window_sign_in          (IsplicWindow   *self);
/* Asks for confirmation, then forgets the stored password and shows the sign-in page. */
void               isplic_window_sign_out         (IsplicWindow   *self);
/* Signs out without asking. */
void               isplic_window_sign_out_now     (IsplicWindow   *self);
gboolean           isplic_window_get_signed_in    (IsplicWindow   *self);
gboolean           isplic_window_get_demo         (IsplicWindow   *self);
/* (transfer none, nullable) */
IsplicClient      *isplic_window_get_client       (IsplicWindow   *self);
IsplicLicenseList *isplic_window_get_licenses     (IsplicWindow   *self);
void               isplic_window_refresh          (IsplicWindow   *self);
/* Selects the licenses with these ids (clearing the filters if they hide one) and scrolls to
 * the first. */
void               isplic_window_select_ids       (IsplicWindow   *self,
                                                   const char * const *ids);
void               isplic_window_show_preferences (IsplicWindow   *self);
/* The keyboard shortcuts window, built the first time it is shown. */
void               isplic_window_show_shortcuts   (IsplicWindow   *self);
/* Puts @text in the search field and focuses it. */
void               isplic_window_search           (IsplicWindow   *self,
                                                   const char     *text);

G_END_DECLS
