/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * The reseller accounts IspLic knows, stored in GSettings (schema "com.example.IspLic"): the key
 * "accounts" (a(ssss): name, server URL, user, language) and "active-account" (a name). The
 * top-level keys "server-url" and "user" always hold the active account's, so every reader of
 * those keeps working; switching writes them. Passwords stay in the Secret Service
 * (isplic-account.h), keyed by server and user, so each account has its own.
 *
 * A server and user stored before accounts existed become one account on first use
 * (isplic_accounts_migrate()), named after the user.
 *
 * Errors: G_IO_ERROR_INVALID_ARGUMENT (an empty or unprintable name, an empty user),
 * G_IO_ERROR_EXISTS (a name or a server+user pair already taken), G_IO_ERROR_NOT_FOUND (no such
 * account), ISPLIC_CLIENT_ERROR_INVALID_URL / ISPLIC_CLIENT_ERROR_INSECURE (the server address;
 * HTTPS, or plain HTTP to this computer only).
 */

typedef struct
{
  char *name;        /* owned */
  char *server_url;  /* owned */
  char *user;        /* owned */
  char *lang;        /* owned: "en", "ru", or "" for the desktop's language */
} IsplicStoredAccount;

void isplic_stored_account_free (IsplicStoredAccount *account);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsplicStoredAccount, isplic_stored_account_free)

/* Longest account name, in characters. */
#define ISPLIC_ACCOUNT_NAME_MAX_CHARS 60

/* Turns a stored server and user into the one account when "accounts" is empty. TRUE when it
 * did. Every function below calls it first. */
gboolean             isplic_accounts_migrate        (GSettings *settings);
/* (transfer full) IsplicStoredAccount, in the order they were added. */
GPtrArray           *isplic_accounts_list           (GSettings *settings);
/* (transfer full, nullable) the account named @name. */
IsplicStoredAccount *isplic_accounts_lookup         (GSettings *settings, const char *name);
/* (transfer full, nullable) As isplic_accounts_lookup(), with G_IO_ERROR_NOT_FOUND ("There is
 * no account named …") when there is none. */
IsplicStoredAccount *isplic_accounts_get            (GSettings *settings, const char *name,
                                                     GError **error);
/* (transfer full, nullable) the account with this server and user. */
IsplicStoredAccount *isplic_accounts_find           (GSettings *settings, const char *server_url,
                                                     const char *user);
/* (transfer full) the active account's name; "" when there is none. */
char                *isplic_accounts_dup_active     (GSettings *settings);
/* Checks a name (non-empty once trimmed, printable, not too long) and a server address. */
gboolean             isplic_accounts_check_name     (const char *name, GError **error);
gboolean             isplic_accounts_check_server   (const char *server_url, GError **error);
/* Adds an account (@lang nullable: the desktop's). The first account added becomes active. */
gboolean             isplic_accounts_add            (GSettings *settings, const char *name,
                                                     const char *server_url, const char *user,
                                                     const char *lang, GError **error);
gboolean             isplic_accounts_rename         (GSettings *settings, const char *name,
                                                     const char *new_name, GError **error);
/* Sets the language of the server's messages for @name ("en", "ru" or ""). */
gboolean             isplic_accounts_set_lang       (GSettings *settings, const char *name,
                                                     const char *lang, GError **error);
/* Removes the account from the list (its password, list and watch state are the caller's to
 * forget). When it was active, the first remaining one becomes active, or none (and "user" is
 * emptied). */
gboolean             isplic_accounts_remove         (GSettings *settings, const char *name,
                                                     GError **error);
/* Makes @name active: writes "active-account", "server-url" and "user". */
gboolean             isplic_accounts_switch         (GSettings *settings, const char *name,
                                                     GError **error);
/* After a successful sign-in to @server_url as @user: the matching account becomes active, or a
 * new one is added (named after the user, made unique) and becomes active. Returns (transfer
 * full) its name. */
char                *isplic_accounts_signed_in      (GSettings *settings, const char *server_url,
                                                     const char *user);
/* (transfer full) @base, or "@base 2", "@base 3"… whichever no account has. */
char                *isplic_accounts_unique_name    (GSettings *settings, const char *base);
/* (transfer full) "name (user)" for @server_url and @user: the account's name when it is
 * stored, else "user @ host". For the line that names the account money moves on. */
char                *isplic_accounts_describe       (GSettings *settings, const char *server_url,
                                                     const char *user);

G_END_DECLS
