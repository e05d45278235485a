/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "isplic-accounts.h"
#include "isplic-error.h"
#include "isplic-util.h"

#define ACCOUNTS_TYPE "a(ssss)"

void
isplic_stored_account_free (IsplicStoredAccount *account)
{
  if (account == NULL)
    return;
  g_free (account->name);
  g_free (account->server_url);
  g_free (account->user);
  g_free (account->lang);
  g_free (account);
}

static IsplicStoredAccount *
account_new (const char *name,
             const char *server_url,
             const char *user,
             const char *lang)
{
  IsplicStoredAccount *account = g_new0 (IsplicStoredAccount, 1);

  account->name = g_strdup (name);
  account->server_url = g_strdup (server_url);
  account->user = g_strdup (user);
  account->lang = g_strdup (lang != NULL ? lang : "");
  return account;
}

static IsplicStoredAccount *
account_copy (const IsplicStoredAccount *account)
{
  return account_new (account->name, account->server_url, account->user, account->lang);
}

/* Reads the list as stored, without migrating. */
static GPtrArray *
read_list (GSettings *settings)
{
  g_autoptr(GVariant) value = g_settings_get_value (settings, "accounts");
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) isplic_stored_account_free);
  GVariantIter iter;
  const char *name, *server_url, *user, *lang;

  g_variant_iter_init (&iter, value);
  while (g_variant_iter_next (&iter, "(&s&s&s&s)", &name, &server_url, &user, &lang))
    g_ptr_array_add (list, account_new (name, server_url, user, lang));
  return list;
}

static void
write_list (GSettings *settings,
            GPtrArray *list)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE (ACCOUNTS_TYPE));
  for (guint i = 0; i < list->len; i++)
    {
      IsplicStoredAccount *account = list->pdata[i];

      g_variant_builder_add (&builder, "(ssss)", account->name, account->server_url,
                             account->user, account->lang);
    }
  g_settings_set_value (settings, "accounts", g_variant_builder_end (&builder));
}

static int
find_name (GPtrArray  *list,
           const char *name)
{
  for (guint i = 0; i < list->len; i++)
    if (g_strcmp0 (((IsplicStoredAccount *) list->pdata[i])->name, name) == 0)
      return (int) i;
  return -1;
}

static int
find_pair (GPtrArray  *list,
           const char *server_url,
           const char *user)
{
  for (guint i = 0; i < list->len; i++)
    {
      IsplicStoredAccount *account = list->pdata[i];

      if (g_strcmp0 (account->server_url, server_url) == 0 && g_strcmp0 (account->user, user) == 0)
        return (int) i;
    }
  return -1;
}

static char *
unique_name_in (GPtrArray  *list,
                const char *base)
{
  if (find_name (list, base) < 0)
    return g_strdup (base);
  for (guint n = 2;; n++)
    {
      g_autofree char *name = g_strdup_printf ("%s %u", base, n);

      if (find_name (list, name) < 0)
        return g_steal_pointer (&name);
    }
}

/* Writes the active account's name, server and user, or none. No g_settings_delay(): the
 * object is shared and would stay in delayed mode; the list is written before the keys that
 * point into it. */
static void
make_active (GSettings                 *settings,
             const IsplicStoredAccount *account)
{
  if (account != NULL)
    {
      g_settings_set_string (settings, "active-account", account->name);
      g_settings_set_string (settings, "server-url", account->server_url);
      g_settings_set_string (settings, "user", account->user);
    }
  else
    {
      g_settings_set_string (settings, "active-account", "");
      g_settings_reset (settings, "server-url");
      g_settings_set_string (settings, "user", "");
    }
}

gboolean
isplic_accounts_migrate (GSettings *settings)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *server_url = NULL;
  g_autofree char *user = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (G_IS_SETTINGS (settings), FALSE);

  list = read_list (settings);
  if (list->len > 0)
    return FALSE;
  server_url = g_settings_get_string (settings, "server-url");
  user = g_settings_get_string (settings, "user");
  if (*server_url == '\0' || *user == '\0')
    return FALSE;

  /* A user name is a fine account name; one that could not be a name gets "Default". */
  name = g_strstrip (g_strdup (user));
  if (!isplic_accounts_check_name (name, NULL))
    {
      g_free (name);
      name = g_strdup (_("Default"));
    }
  g_ptr_array_add (list, account_new (name, server_url, user, ""));
  write_list (settings, list);
  g_settings_set_string (settings, "active-account", name);
  return TRUE;
}

GPtrArray *
isplic_accounts_list (GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  isplic_accounts_migrate (settings);
  return read_list (settings);
}

IsplicStoredAccount *
isplic_accounts_lookup (GSettings  *settings,
                        const char *name)
{
  g_autoptr(GPtrArray) list = NULL;
  int i;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  list = isplic_accounts_list (settings);
  i = name != NULL ? find_name (list, name) : -1;
  return i >= 0 ? account_copy (list->pdata[i]) : NULL;
}

IsplicStoredAccount *
isplic_accounts_find (GSettings  *settings,
                      const char *server_url,
                      const char *user)
{
  g_autoptr(GPtrArray) list = NULL;
  int i;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  list = isplic_accounts_list (settings);
  i = find_pair (list, server_url, user);
  return i >= 0 ? account_copy (list->pdata[i]) : NULL;
}

char *
isplic_accounts_dup_active (GSettings *settings)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *active = NULL;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  list = isplic_accounts_list (settings);
  active = g_settings_get_string (settings, "active-account");
  /* A name that no account has any more is no active account. */
  if (find_name (list, active) < 0)
    return g_strdup ("");
  return g_steal_pointer (&active);
}

gboolean
isplic_accounts_check_name (const char *name,
                            GError    **error)
{
  g_autofree char *trimmed = NULL;

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("An account name must be text."));
      return FALSE;
    }
  trimmed = g_strstrip (g_strdup (name));
  if (*trimmed == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("An account needs a name."));
      return FALSE;
    }
  if (strcmp (trimmed, name) != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("An account name cannot begin or end with a space."));
      return FALSE;
    }
  if (g_utf8_strlen (name, -1) > ISPLIC_ACCOUNT_NAME_MAX_CHARS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   ngettext ("An account name can be at most %d character long.",
                             "An account name can be at most %d characters long.",
                             ISPLIC_ACCOUNT_NAME_MAX_CHARS),
                   ISPLIC_ACCOUNT_NAME_MAX_CHARS);
      return FALSE;
    }
  /* The license name rules (no control or bidi characters) keep a name safe to print. */
  {
    g_autofree char *why = isplic_name_check (name);

    if (why != NULL)
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     _("Not a usable account name: %s"), why);
        return FALSE;
      }
  }
  return TRUE;
}

gboolean
isplic_accounts_check_server (const char *server_url,
                              GError    **error)
{
  g_autoptr(GUri) uri = NULL;

  if (server_url != NULL && isplic_url_is_secure (server_url))
    return TRUE;
  if (server_url != NULL)
    uri = g_uri_parse (server_url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL
      || (g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") != 0
          && g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") != 0))
    g_set_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_INVALID_URL,
                 _("“%s” is not a server address; use https://host/manager/billmgr"),
                 server_url != NULL ? server_url : "");
  else
    g_set_error (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_INSECURE,
                 _("Refusing to send the password over plain http:// to a host that is not "
                   "this computer; use https:// for “%s”"), server_url);
  return FALSE;
}

static gboolean
check_lang (const char *lang,
            GError    **error)
{
  if (lang == NULL || *lang == '\0' || strcmp (lang, "en") == 0 || strcmp (lang, "ru") == 0)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               _("Unknown language “%s”: use en or ru"), lang);
  return FALSE;
}

static gboolean
not_found (GError    **error,
           const char *name)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("There is no account named “%s”."),
               name);
  return FALSE;
}

gboolean
isplic_accounts_add (GSettings  *settings,
                     const char *name,
                     const char *server_url,
                     const char *user,
                     const char *lang,
                     GError    **error)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *active = NULL;
  gboolean first;

  g_return_val_if_fail (G_IS_SETTINGS (settings), FALSE);

  if (!isplic_accounts_check_name (name, error) || !isplic_accounts_check_server (server_url, error)
      || !check_lang (lang, error))
    return FALSE;
  if (user == NULL || *user == '\0' || !g_utf8_validate (user, -1, NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("An account needs a user name."));
      return FALSE;
    }

  list = isplic_accounts_list (settings);
  if (find_name (list, name) >= 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("There is already an account named “%s”."), name);
      return FALSE;
    }
  if (find_pair (list, server_url, user) >= 0)
    {
      IsplicStoredAccount *other = list->pdata[find_pair (list, server_url, user)];

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("The account “%s” already signs in as %s on this server."), other->name,
                   user);
      return FALSE;
    }

  active = isplic_accounts_dup_active (settings);
  first = *active == '\0';
  g_ptr_array_add (list, account_new (name, server_url, user, lang));
  write_list (settings, list);
  if (first)
    make_active (settings, list->pdata[list->len - 1]);
  return TRUE;
}

IsplicStoredAccount *
isplic_accounts_get (GSettings   *settings,
                     const char  *name,
                     GError     **error)
{
  IsplicStoredAccount *account = isplic_accounts_lookup (settings, name);

  if (account == NULL)
    not_found (error, name);
  return account;
}

gboolean
isplic_accounts_rename (GSettings  *settings,
                        const char *name,
                        const char *new_name,
                        GError    **error)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *active = NULL;
  IsplicStoredAccount *account;
  int i;

  g_return_val_if_fail (G_IS_SETTINGS (settings), FALSE);

  list = isplic_accounts_list (settings);
  i = find_name (list, name);
  if (i < 0)
    return not_found (error, name);
  if (g_strcmp0 (name, new_name) == 0)
    return TRUE;
  if (!isplic_accounts_check_name (new_name, error))
    return FALSE;
  if (find_name (list, new_name) >= 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("There is already an account named “%s”."), new_name);
      return FALSE;
    }

  active = isplic_accounts_dup_active (settings);
  account = list->pdata[i];
  g_free (account->name);
  account->name = g_strdup (new_name);
  write_list (settings, list);
  if (g_strcmp0 (active, name) == 0)
    g_settings_set_string (settings, "active-account", new_name);
  return TRUE;
}

gboolean
isplic_accounts_set_lang (GSettings  *settings,
                          const char *name,
                          const char *lang,
                          GError    **error)
{
  g_autoptr(GPtrArray) list = NULL;
  IsplicStoredAccount *account;
  int i;

  g_return_val_if_fail (G_IS_SETTINGS (settings), FALSE);

  if (!check_lang (lang, error))
    return FALSE;
  list = isplic_accounts_list (settings);
  i = find_name (list, name);
  if (i < 0)
    return not_found (error, name);
  account = list->pdata[i];
  g_free (account->lang);
  account->lang = g_strdup (lang != NULL ? lang : "");
  write_list (settings, list);
  return TRUE;
}

gboolean
isplic_accounts_remove (GSettings  *settings,
                        const char *name,
                        GError    **error)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *active = NULL;
  int i;

  g_return_val_if_fail (G_IS_SETTINGS (settings), FALSE);

  list = isplic_accounts_list (settings);
  i = find_name (list, name);
  if (i < 0)
    return not_found (error, name);

  active = isplic_accounts_dup_active (settings);
  g_ptr_array_remove_index (list, (guint) i);
  write_list (settings, list);
  if (g_strcmp0 (active, name) == 0)
    make_active (settings, list->len > 0 ? list->pdata[0] : NULL);
  return TRUE;
}

gboolean
isplic_accounts_switch (GSettings  *settings,
                        const char *name,
                        GError    **error)
{
  g_autoptr(GPtrArray) list = NULL;
  int i;

  g_return_val_if_fail (G_IS_SETTINGS (settings), FALSE);

  list = isplic_accounts_list (settings);
  i = find_name (list, name);
  if (i < 0)
    return not_found (error, name);
  make_active (settings, list->pdata[i]);
  return TRUE;
}

char *
isplic_accounts_unique_name (GSettings  *settings,
                             const char *base)
{
  g_autoptr(GPtrArray) list = NULL;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  list = isplic_accounts_list (settings);
  return unique_name_in (list, base);
}

char *
isplic_accounts_signed_in (GSettings  *settings,
                           const char *server_url,
                           const char *user)
{
  g_autoptr(GPtrArray) list = NULL;
  IsplicStoredAccount *account;
  int i;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (server_url != NULL && user != NULL, NULL);

  list = isplic_accounts_list (settings);
  i = find_pair (list, server_url, user);
  if (i < 0)
    {
      g_autofree char *base = g_strstrip (g_strdup (user));
      g_autofree char *name = NULL;

      if (!isplic_accounts_check_name (base, NULL))
        {
          g_free (base);
          base = g_strdup (_("Account"));
        }
      name = unique_name_in (list, base);
      g_ptr_array_add (list, account_new (name, server_url, user, ""));
      i = (int) list->len - 1;
      write_list (settings, list);
    }
  account = list->pdata[i];
  make_active (settings, account);
  return g_strdup (account->name);
}

char *
isplic_accounts_describe (GSettings  *settings,
                          const char *server_url,
                          const char *user)
{
  g_autoptr(IsplicStoredAccount) account = NULL;
  g_autoptr(GUri) uri = NULL;

  if (settings != NULL)
    account = isplic_accounts_find (settings, server_url, user);
  if (account != NULL)
    {
      if (g_strcmp0 (account->name, user) == 0)
        return g_strdup (account->name);
      /* Translators: an account as named on money dialogs: "EU partner (user@example.com)". */
      return g_strdup_printf (_("%s (%s)"), account->name, user);
    }
  uri = server_url != NULL ? g_uri_parse (server_url, G_URI_FLAGS_NONE, NULL) : NULL;
  /* Translators: an account that has no name: "user@example.com on api-eu.ispmanager.com". */
  return g_strdup_printf (_("%s on %s"), user != NULL ? user : "",
                          uri != NULL && g_uri_get_host (uri) != NULL ? g_uri_get_host (uri)
                                                                      : server_url);
}
