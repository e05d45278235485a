/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/*
 * The sign-in form. It does no network work itself: it emits "sign-in" when the person asks
 * to sign in (button or Enter, with a user and a password filled in) and "demo" for the demo;
 * the window signs in and reports back with set_busy() and set_error().
 */
#define ISPLIC_TYPE_SIGN_IN_PAGE (isplic_sign_in_page_get_type ())
G_DECLARE_FINAL_TYPE (IsplicSignInPage, isplic_sign_in_page, ISPLIC, SIGN_IN_PAGE, AdwBin)

/* The chosen server: the EU or Russian endpoint or the custom URL (trimmed). */
char       *isplic_sign_in_page_dup_server_url (IsplicSignInPage *self);
void        isplic_sign_in_page_set_server_url (IsplicSignInPage *self, const char *url);
const char *isplic_sign_in_page_get_user       (IsplicSignInPage *self);
void        isplic_sign_in_page_set_user       (IsplicSignInPage *self, const char *user);
const char *isplic_sign_in_page_get_password   (IsplicSignInPage *self);
void        isplic_sign_in_page_set_password   (IsplicSignInPage *self, const char *password);
gboolean    isplic_sign_in_page_get_remember   (IsplicSignInPage *self);
void        isplic_sign_in_page_set_remember   (IsplicSignInPage *self, gboolean remember);
void        isplic_sign_in_page_set_busy       (IsplicSignInPage *self, gboolean busy);
gboolean    isplic_sign_in_page_get_busy       (IsplicSignInPage *self);
/* The message under the fields; NULL hides it. */
void        isplic_sign_in_page_set_error      (IsplicSignInPage *self, const char *message);
const char *isplic_sign_in_page_get_error      (IsplicSignInPage *self);
/* Emits "sign-in" when the form is complete and not busy; returns whether it did. */
gboolean    isplic_sign_in_page_submit         (IsplicSignInPage *self);
/* Focuses the first empty field. */
void        isplic_sign_in_page_focus          (IsplicSignInPage *self);
GtkWidget  *isplic_sign_in_page_get_sign_in_button (IsplicSignInPage *self);

G_END_DECLS
