/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "isplic-core.h"
#include "isplic-license-format.h"
#include "isplic-search-provider.h"

/* The Shell shows a handful; more is only work. */
#define MAX_RESULTS 50

static const char interface_xml[] =
  "<node>"
  "  <interface name='org.gnome.Shell.SearchProvider2'>"
  "    <method name='GetInitialResultSet'>"
  "      <arg type='as' name='terms' direction='in'/>"
  "      <arg type='as' name='results' direction='out'/>"
  "    </method>"
  "    <method name='GetSubsearchResultSet'>"
  "      <arg type='as' name='previous_results' direction='in'/>"
  "      <arg type='as' name='terms' direction='in'/>"
  "      <arg type='as' name='results' direction='out'/>"
  "    </method>"
  "    <method name='GetResultMetas'>"
  "      <arg type='as' name='identifiers' direction='in'/>"
  "      <arg type='aa{sv}' name='metas' direction='out'/>"
  "    </method>"
  "    <method name='ActivateResult'>"
  "      <arg type='s' name='identifier' direction='in'/>"
  "      <arg type='as' name='terms' direction='in'/>"
  "      <arg type='u' name='timestamp' direction='in'/>"
  "    </method>"
  "    <method name='LaunchSearch'>"
  "      <arg type='as' name='terms' direction='in'/>"
  "      <arg type='u' name='timestamp' direction='in'/>"
  "    </method>"
  "  </interface>"
  "</node>";

struct _IsplicSearchProvider
{
  GObject parent_instance;

  GApplication *application;   /* weak: the application owns the provider */
  GSettings *settings;         /* owned */
  GDBusConnection *connection; /* owned, nullable: registered on it */
  guint registration_id;

  /* The cache as last read, and what it was read for. */
  GHashTable *by_id;           /* owned: id → IsplicLicense */
  GPtrArray *licenses;         /* owned, nullable */
  char *loaded_path;           /* owned, nullable */
  guint64 loaded_mtime;
};

G_DEFINE_FINAL_TYPE (IsplicSearchProvider, isplic_search_provider, G_TYPE_OBJECT)

/* Reads the account's cache again when the account or the file changed since the last call. */
static void
load_cache (IsplicSearchProvider *self)
{
  g_autofree char *server = g_settings_get_string (self->settings, "server-url");
  g_autofree char *user = g_settings_get_string (self->settings, "user");
  g_autofree char *path = isplic_license_cache_path (server, user);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_TIME_MODIFIED ","
                                                 G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC,
                                                 G_FILE_QUERY_INFO_NONE, NULL, NULL);
  guint64 mtime = 0;

  if (info != NULL)
    mtime = g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED) * 1000000
            + g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC);
  if (g_strcmp0 (path, self->loaded_path) == 0 && mtime == self->loaded_mtime)
    return;

  g_hash_table_remove_all (self->by_id);
  g_clear_pointer (&self->licenses, g_ptr_array_unref);
  g_free (self->loaded_path);
  self->loaded_path = g_steal_pointer (&path);
  self->loaded_mtime = mtime;
  if (info == NULL || *server == '\0')
    return;
  /* A damaged or foreign file finds nothing, as no file does. */
  self->licenses = isplic_license_cache_load (self->loaded_path, server, user, NULL, NULL);
  for (guint i = 0; self->licenses != NULL && i < self->licenses->len; i++)
    g_hash_table_insert (self->by_id,
                         (gpointer) isplic_license_get_id (self->licenses->pdata[i]),
                         self->licenses->pdata[i]);
}

/* (transfer full) The terms, case-folded, without empty ones. */
static GStrv
fold_terms (GVariant *terms)
{
  g_autofree const char **texts = g_variant_get_strv (terms, NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; texts[i] != NULL; i++)
    {
      g_autofree char *folded = isplic_fold_search_text (texts[i]);
      g_autofree char *stripped = g_strstrip (g_strdup (folded));

      if (*stripped != '\0')
        g_strv_builder_add (builder, stripped);
    }
  return g_strv_builder_end (builder);
}

static gboolean
matches_all (IsplicLicense *license,
             GStrv          terms)
{
  if (terms[0] == NULL)
    return FALSE;
  for (guint i = 0; terms[i] != NULL; i++)
    if (!isplic_license_search (license, terms[i]))
      return FALSE;
  return TRUE;
}

static GVariant *
result_set (IsplicSearchProvider *self,
            GVariant             *previous,
            GVariant             *terms)
{
  g_auto(GStrv) folded = fold_terms (terms);
  GVariantBuilder builder;
  guint n = 0;

  load_cache (self);
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("as"));
  if (previous != NULL)
    {
      g_autofree const char **ids = g_variant_get_strv (previous, NULL);

      for (guint i = 0; ids[i] != NULL && n < MAX_RESULTS; i++)
        {
          IsplicLicense *license = g_hash_table_lookup (self->by_id, ids[i]);

          if (license != NULL && matches_all (license, folded))
            {
              g_variant_builder_add (&builder, "s", ids[i]);
              n++;
            }
        }
    }
  else
    {
      for (guint i = 0; self->licenses != NULL && i < self->licenses->len && n < MAX_RESULTS; i++)
        if (matches_all (self->licenses->pdata[i], folded))
          {
            g_variant_builder_add (&builder, "s",
                                   isplic_license_get_id (self->licenses->pdata[i]));
            n++;
          }
    }
  return g_variant_new ("(as)", &builder);
}

/* (transfer full) "198.51.100.7 · ispmanager 6 Lite · Active · expires 1 March 2027". */
static char *
describe (IsplicLicense *license)
{
  g_autoptr(GStrvBuilder) parts = g_strv_builder_new ();
  g_autofree char *expires = NULL;
  g_auto(GStrv) strv = NULL;
  const char *ip = isplic_license_get_ip (license);
  const char *tariff = isplic_license_get_tariff_name (license);

  if (ip != NULL && *ip != '\0')
    g_strv_builder_add (parts, ip);
  if (tariff != NULL && *tariff != '\0')
    g_strv_builder_add (parts, tariff);
  g_strv_builder_add (parts, isplic_license_get_status_label (license));
  if (isplic_license_get_expires (license) != NULL)
    {
      g_autofree char *date = isplic_format_expires (license);

      /* Translators: in a search result; %s is "2027-12-01 (in 5 days)". */
      expires = g_strdup_printf (_("expires %s"), date);
      g_strv_builder_add (parts, expires);
    }
  strv = g_strv_builder_end (parts);
  return g_strjoinv (" · ", strv);
}

static GVariant *
result_metas (IsplicSearchProvider *self,
              GVariant             *identifiers)
{
  g_autofree const char **ids = g_variant_get_strv (identifiers, NULL);
  GVariantBuilder builder;

  load_cache (self);
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; ids[i] != NULL; i++)
    {
      IsplicLicense *license = g_hash_table_lookup (self->by_id, ids[i]);
      const char *name;
      g_autofree char *description = NULL;

      if (license == NULL)
        continue;
      name = isplic_license_get_name (license);
      description = describe (license);
      g_variant_builder_open (&builder, G_VARIANT_TYPE ("a{sv}"));
      g_variant_builder_add (&builder, "{sv}", "id", g_variant_new_string (ids[i]));
      g_variant_builder_add (&builder, "{sv}", "name",
                             g_variant_new_string (name != NULL && *name != '\0' ? name : ids[i]));
      g_variant_builder_add (&builder, "{sv}", "description", g_variant_new_string (description));
      g_variant_builder_close (&builder);
    }
  return g_variant_new ("(aa{sv})", &builder);
}

static void
activate_action (IsplicSearchProvider *self,
                 const char           *action,
                 GVariant             *parameter)
{
  if (self->application != NULL)
    g_action_group_activate_action (G_ACTION_GROUP (self->application), action, parameter);
}

static void
method_call_cb (GDBusConnection       *connection,
                const char            *sender,
                const char            *object_path,
                const char            *interface_name,
                const char            *method_name,
                GVariant              *parameters,
                GDBusMethodInvocation *invocation,
                gpointer               user_data)
{
  IsplicSearchProvider *self = user_data;

  if (self->application != NULL)
    g_application_hold (self->application);

  if (g_strcmp0 (method_name, "GetInitialResultSet") == 0)
    {
      g_autoptr(GVariant) terms = g_variant_get_child_value (parameters, 0);

      g_dbus_method_invocation_return_value (invocation, result_set (self, NULL, terms));
    }
  else if (g_strcmp0 (method_name, "GetSubsearchResultSet") == 0)
    {
      g_autoptr(GVariant) previous = g_variant_get_child_value (parameters, 0);
      g_autoptr(GVariant) terms = g_variant_get_child_value (parameters, 1);

      g_dbus_method_invocation_return_value (invocation, result_set (self, previous, terms));
    }
  else if (g_strcmp0 (method_name, "GetResultMetas") == 0)
    {
      g_autoptr(GVariant) identifiers = g_variant_get_child_value (parameters, 0);

      g_dbus_method_invocation_return_value (invocation, result_metas (self, identifiers));
    }
  else if (g_strcmp0 (method_name, "ActivateResult") == 0)
    {
      const char *id;

      g_variant_get (parameters, "(&sasu)", &id, NULL, NULL);
      activate_action (self, "show-license", g_variant_new_string (id));
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else if (g_strcmp0 (method_name, "LaunchSearch") == 0)
    {
      g_autofree const char **terms = NULL;
      g_autofree char *joined = NULL;

      g_variant_get (parameters, "(^a&su)", &terms, NULL);
      joined = g_strjoinv (" ", (char **) terms);
      activate_action (self, "search", g_variant_new_string (joined));
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else
    g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR,
                                           G_DBUS_ERROR_UNKNOWN_METHOD,
                                           "Unknown method %s", method_name);

  if (self->application != NULL)
    g_application_release (self->application);
}

static const GDBusInterfaceVTable vtable = { method_call_cb, NULL, NULL, { 0 } };

gboolean
isplic_search_provider_register (IsplicSearchProvider  *self,
                                 GDBusConnection       *connection,
                                 const char            *object_path,
                                 GError               **error)
{
  static GDBusNodeInfo *info;

  g_return_val_if_fail (ISPLIC_IS_SEARCH_PROVIDER (self), FALSE);
  g_return_val_if_fail (self->registration_id == 0, FALSE);

  if (g_once_init_enter (&info))
    g_once_init_leave (&info, g_dbus_node_info_new_for_xml (interface_xml, NULL));
  self->registration_id = g_dbus_connection_register_object (connection, object_path,
                                                             info->interfaces[0], &vtable,
                                                             self, NULL, error);
  if (self->registration_id == 0)
    return FALSE;
  self->connection = g_object_ref (connection);
  return TRUE;
}

void
isplic_search_provider_unregister (IsplicSearchProvider *self)
{
  g_return_if_fail (ISPLIC_IS_SEARCH_PROVIDER (self));

  if (self->registration_id != 0)
    g_dbus_connection_unregister_object (self->connection, self->registration_id);
  self->registration_id = 0;
  g_clear_object (&self->connection);
}

static void
isplic_search_provider_dispose (GObject *object)
{
  IsplicSearchProvider *self = ISPLIC_SEARCH_PROVIDER (object);

  isplic_search_provider_unregister (self);
  g_clear_object (&self->settings);
  g_clear_weak_pointer (&self->application);
  G_OBJECT_CLASS (isplic_search_provider_parent_class)->dispose (object);
}

static void
isplic_search_provider_finalize (GObject *object)
{
  IsplicSearchProvider *self = ISPLIC_SEARCH_PROVIDER (object);

  g_hash_table_unref (self->by_id);
  g_clear_pointer (&self->licenses, g_ptr_array_unref);
  g_free (self->loaded_path);
  G_OBJECT_CLASS (isplic_search_provider_parent_class)->finalize (object);
}

static void
isplic_search_provider_class_init (IsplicSearchProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = isplic_search_provider_dispose;
  object_class->finalize = isplic_search_provider_finalize;
}

static void
isplic_search_provider_init (IsplicSearchProvider *self)
{
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
}

IsplicSearchProvider *
isplic_search_provider_new (GApplication *application,
                            GSettings    *settings)
{
  IsplicSearchProvider *self;

  g_return_val_if_fail (application == NULL || G_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (ISPLIC_TYPE_SEARCH_PROVIDER, NULL);
  g_set_weak_pointer (&self->application, application);
  self->settings = g_object_ref (settings);
  return self;
}
