/* SPDX-License-Identifier: GPL-3.0-or-later */
/* IsplicSession and the stored accounts (isplic-accounts.h): switching between them, leaving one
 * to add another, removing one with everything kept for it. */
#include "config.h"

#include "isplic-session-private.h"

void
isplic_session_leave_account (IsplicSession *self)
{
  g_return_if_fail (ISPLIC_IS_SESSION (self));

  isplic_session_leave (self, FALSE);
}

gboolean
isplic_session_switch_account (IsplicSession *self,
                               const char    *name,
                               GError       **error)
{
  g_autoptr(IsplicStoredAccount) account = NULL;

  g_return_val_if_fail (ISPLIC_IS_SESSION (self), FALSE);
  g_return_val_if_fail (self->settings != NULL, FALSE);

  account = isplic_accounts_get (self->settings, name, error);
  if (account == NULL)
    return FALSE;

  /* Nothing of the account on show goes across: its client, its list, its kept list on show. */
  isplic_session_leave (self, FALSE);
  if (!isplic_accounts_switch (self->settings, name, error))
    return FALSE;
  isplic_session_restore (self);
  return TRUE;
}

static void
forget_password_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!isplic_account_clear_password_finish (result, &error))
    g_message ("Could not forget the stored password: %s", error->message);
}

gboolean
isplic_session_remove_account (IsplicSession *self,
                               const char    *name,
                               GError       **error)
{
  g_autoptr(IsplicStoredAccount) account = NULL;
  g_autoptr(IsplicStoredAccount) current = NULL;
  g_autofree char *cache = NULL;
  g_autofree char *watch = NULL;
  g_autofree char *journal_name = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (ISPLIC_IS_SESSION (self), FALSE);
  g_return_val_if_fail (self->settings != NULL, FALSE);

  account = isplic_accounts_get (self->settings, name, error);
  if (account == NULL)
    return FALSE;

  current = isplic_session_dup_account (self);
  if (current != NULL && g_strcmp0 (current->name, name) == 0)
    isplic_session_leave (self, TRUE);

  if (!isplic_accounts_remove (self->settings, name, error))
    return FALSE;

  cache = isplic_license_cache_path (account->server_url, account->user);
  if (!isplic_license_cache_remove (cache, &local_error))
    {
      g_message ("Could not remove the kept list: %s", local_error->message);
      g_clear_error (&local_error);
    }
  watch = isplic_watch_default_path ();
  journal_name = isplic_journal_account_name (account->server_url, account->user);
  if (!isplic_watch_forget (watch, journal_name, &local_error))
    g_message ("Could not forget the notification state: %s", local_error->message);
  isplic_account_clear_password_async (account->server_url, account->user, NULL,
                                       forget_password_cb, NULL);
  return TRUE;
}

IsplicStoredAccount *
isplic_session_dup_account (IsplicSession *self)
{
  IsplicClient *client;
  g_autofree char *url = NULL;
  g_autofree char *user = NULL;

  g_return_val_if_fail (ISPLIC_IS_SESSION (self), NULL);

  if (self->settings == NULL || self->demo)
    return NULL;
  client = self->client != NULL ? self->client : self->pending_client;
  if (client != NULL)
    return isplic_accounts_find (self->settings, isplic_client_get_base_url (client),
                                 isplic_client_get_user (client));
  /* The kept list of the active account on show, before its sign-in. */
  if (!self->stale)
    return NULL;
  url = g_settings_get_string (self->settings, "server-url");
  user = g_settings_get_string (self->settings, "user");
  return isplic_accounts_find (self->settings, url, user);
}
