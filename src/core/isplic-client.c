/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "isplic-client.h"
#include "isplic-client-private.h"
#include "isplic-transport-private.h"
#include "isplic-util.h"

#define DEFAULT_TIMEOUT 60
#define DEFAULT_PAGE_SIZE 10000
#define DEFAULT_RETRY_DELAY 1000

G_DEFINE_FINAL_TYPE (IsplicClient, isplic_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_USER,
  PROP_PASSWORD,
  PROP_LANG,
  PROP_SESSION,
  PROP_TIMEOUT,
  PROP_PAGE_SIZE,
  PROP_RETRY_DELAY,
  PROP_MAX_ANSWER_SIZE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------------------------------ */
/* GObject                                                                                     */

static void
isplic_client_finalize (GObject *object)
{
  IsplicClient *self = ISPLIC_CLIENT (object);

  g_clear_object (&self->session);
  g_clear_object (&self->journal);
  g_free (self->base_url);
  g_free (self->user);
  isplic_wipe_free (self->password);
  g_free (self->lang);

  G_OBJECT_CLASS (isplic_client_parent_class)->finalize (object);
}

static void
isplic_client_constructed (GObject *object)
{
  IsplicClient *self = ISPLIC_CLIENT (object);

  G_OBJECT_CLASS (isplic_client_parent_class)->constructed (object);

  if (self->session == NULL)
    self->session = soup_session_new_with_options ("user-agent", "IspLic/" PACKAGE_VERSION,
                                                   NULL);
}

static void
isplic_client_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  IsplicClient *self = ISPLIC_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;
    case PROP_USER:
      g_value_set_string (value, self->user);
      break;
    case PROP_LANG:
      g_value_set_string (value, self->lang);
      break;
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;
    case PROP_PAGE_SIZE:
      g_value_set_uint (value, self->page_size);
      break;
    case PROP_RETRY_DELAY:
      g_value_set_uint (value, self->retry_delay);
      break;
    case PROP_MAX_ANSWER_SIZE:
      g_value_set_uint64 (value, self->max_answer);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isplic_client_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  IsplicClient *self = ISPLIC_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      isplic_client_set_base_url (self, g_value_get_string (value));
      break;
    case PROP_USER:
      isplic_client_set_user (self, g_value_get_string (value));
      break;
    case PROP_PASSWORD:
      isplic_client_set_password (self, g_value_get_string (value));
      break;
    case PROP_LANG:
      isplic_client_set_lang (self, g_value_get_string (value));
      break;
    case PROP_SESSION:
      g_set_object (&self->session, g_value_get_object (value));
      break;
    case PROP_TIMEOUT:
      isplic_client_set_timeout (self, g_value_get_uint (value));
      break;
    case PROP_PAGE_SIZE:
      isplic_client_set_page_size (self, g_value_get_uint (value));
      break;
    case PROP_RETRY_DELAY:
      if (self->retry_delay != g_value_get_uint (value))
        {
          self->retry_delay = g_value_get_uint (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_MAX_ANSWER_SIZE:
      if (self->max_answer != g_value_get_uint64 (value))
        {
          self->max_answer = g_value_get_uint64 (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isplic_client_class_init (IsplicClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = isplic_client_finalize;
  object_class->constructed = isplic_client_constructed;
  object_class->get_property = isplic_client_get_property;
  object_class->set_property = isplic_client_set_property;

  properties[PROP_BASE_URL] = g_param_spec_string ("base-url", NULL, NULL, ISPLIC_SERVER_EU, rw);
  properties[PROP_USER] = g_param_spec_string ("user", NULL, NULL, NULL, rw);
  properties[PROP_PASSWORD] =
    g_param_spec_string ("password", NULL, NULL, NULL,
                         G_PARAM_WRITABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LANG] = g_param_spec_string ("lang", NULL, NULL, "en", rw);
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, SOUP_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMEOUT] = g_param_spec_uint ("timeout", NULL, NULL, 0, G_MAXUINT / 1000,
                                                DEFAULT_TIMEOUT, rw);
  properties[PROP_PAGE_SIZE] = g_param_spec_uint ("page-size", NULL, NULL, 1, G_MAXINT,
                                                  DEFAULT_PAGE_SIZE, rw);
  /* Milliseconds before a busy server is asked again (doubling each time); tests shorten it. */
  properties[PROP_RETRY_DELAY] = g_param_spec_uint ("retry-delay", NULL, NULL, 0, 30000,
                                                    DEFAULT_RETRY_DELAY, rw);
  /* The largest answer read, after decompression. */
  properties[PROP_MAX_ANSWER_SIZE] = g_param_spec_uint64 ("max-answer-size", NULL, NULL, 1,
                                                          ISPLIC_MAX_ANSWER_BYTES,
                                                          ISPLIC_MAX_ANSWER_BYTES, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
isplic_client_init (IsplicClient *self)
{
  self->base_url = g_strdup (ISPLIC_SERVER_EU);
  self->lang = g_strdup ("en");
  self->timeout = DEFAULT_TIMEOUT;
  self->page_size = DEFAULT_PAGE_SIZE;
  self->retry_delay = DEFAULT_RETRY_DELAY;
  self->max_answer = ISPLIC_MAX_ANSWER_BYTES;
}

IsplicClient *
isplic_client_new (const char *base_url,
                   const char *user,
                   const char *password)
{
  return isplic_client_new_with_session (NULL, base_url, user, password);
}

IsplicClient *
isplic_client_new_with_session (SoupSession *session,
                                const char  *base_url,
                                const char  *user,
                                const char  *password)
{
  g_return_val_if_fail (session == NULL || SOUP_IS_SESSION (session), NULL);

  return g_object_new (ISPLIC_TYPE_CLIENT,
                       "session", session,
                       "base-url", base_url != NULL ? base_url : ISPLIC_SERVER_EU,
                       "user", user,
                       "password", password,
                       NULL);
}

const char *
isplic_client_get_base_url (IsplicClient *self)
{
  g_return_val_if_fail (ISPLIC_IS_CLIENT (self), NULL);
  return self->base_url;
}

void
isplic_client_set_base_url (IsplicClient *self,
                            const char   *base_url)
{
  g_return_if_fail (ISPLIC_IS_CLIENT (self));

  if (base_url == NULL)
    base_url = ISPLIC_SERVER_EU;
  if (g_strcmp0 (self->base_url, base_url) == 0)
    return;
  g_free (self->base_url);
  self->base_url = g_strdup (base_url);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BASE_URL]);
}

const char *
isplic_client_get_user (IsplicClient *self)
{
  g_return_val_if_fail (ISPLIC_IS_CLIENT (self), NULL);
  return self->user;
}

void
isplic_client_set_user (IsplicClient *self,
                        const char   *user)
{
  g_return_if_fail (ISPLIC_IS_CLIENT (self));

  if (g_strcmp0 (self->user, user) == 0)
    return;
  g_free (self->user);
  self->user = g_strdup (user);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER]);
}

void
isplic_client_set_password (IsplicClient *self,
                            const char   *password)
{
  g_return_if_fail (ISPLIC_IS_CLIENT (self));

  if (g_strcmp0 (self->password, password) == 0)
    return;
  isplic_wipe_free (self->password);
  self->password = g_strdup (password);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PASSWORD]);
}

const char *
isplic_client_get_lang (IsplicClient *self)
{
  g_return_val_if_fail (ISPLIC_IS_CLIENT (self), NULL);
  return self->lang;
}

void
isplic_client_set_lang (IsplicClient *self,
                        const char   *lang)
{
  g_return_if_fail (ISPLIC_IS_CLIENT (self));

  if (lang == NULL || *lang == '\0')
    lang = "en";
  if (g_strcmp0 (self->lang, lang) == 0)
    return;
  g_free (self->lang);
  self->lang = g_strdup (lang);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANG]);
}

guint
isplic_client_get_timeout (IsplicClient *self)
{
  g_return_val_if_fail (ISPLIC_IS_CLIENT (self), 0);
  return self->timeout;
}

void
isplic_client_set_timeout (IsplicClient *self,
                           guint         seconds)
{
  g_return_if_fail (ISPLIC_IS_CLIENT (self));

  seconds = MIN (seconds, G_MAXUINT / 1000);
  if (self->timeout == seconds)
    return;
  self->timeout = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

guint
isplic_client_get_page_size (IsplicClient *self)
{
  g_return_val_if_fail (ISPLIC_IS_CLIENT (self), 0);
  return self->page_size;
}

void
isplic_client_set_journal (IsplicClient  *self,
                           IsplicJournal *journal)
{
  g_return_if_fail (ISPLIC_IS_CLIENT (self));
  g_return_if_fail (journal == NULL || ISPLIC_IS_JOURNAL (journal));

  g_set_object (&self->journal, journal);
}

IsplicJournal *
isplic_client_get_journal (IsplicClient *self)
{
  g_return_val_if_fail (ISPLIC_IS_CLIENT (self), NULL);
  return self->journal;
}

void
isplic_client_set_page_size (IsplicClient *self,
                             guint         page_size)
{
  g_return_if_fail (ISPLIC_IS_CLIENT (self));

  page_size = CLAMP (page_size, 1, G_MAXINT);
  if (self->page_size == page_size)
    return;
  self->page_size = page_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE_SIZE]);
}

SoupSession *
isplic_client_get_session (IsplicClient *self)
{
  g_return_val_if_fail (ISPLIC_IS_CLIENT (self), NULL);
  return self->session;
}

/* ------------------------------------------------------------------------------------------ */
/* Parsers run in the worker thread                                                            */

static gpointer
parse_answer (const char  *data,
              gsize        length,
              gpointer     parse_data,
              GError     **error)
{

  if (!isplic_parse_answer (data, length, error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

static gpointer
parse_details (const char  *data,
               gsize        length,
               gpointer     parse_data,
               GError     **error)
{

  return isplic_parse_license_details (data, length, parse_data, error);
}

/* ------------------------------------------------------------------------------------------ */
/* What each operation sends                                                                   */

static const IsplicCallDesc sign_in_call = {
  isplic_client_sign_in_async, "soft", ISPLIC_CALL_READ, NULL, parse_answer, NULL,
};
static const IsplicCallDesc details_call = {
  isplic_client_get_details_async, "soft.edit", ISPLIC_CALL_READ, NULL, parse_details,
  g_object_unref,
};

/* ------------------------------------------------------------------------------------------ */
/* Sign in                                                                                     */

void
isplic_client_sign_in_async (IsplicClient        *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  const char * const pairs[] = { "p_cnt", "1", "p_num", "1" };

  g_return_if_fail (ISPLIC_IS_CLIENT (self));

  isplic_call_start (self, &sign_in_call, pairs, G_N_ELEMENTS (pairs), NULL, NULL,
                     cancellable, callback, user_data);
}

gboolean
isplic_client_sign_in_finish (IsplicClient  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return isplic_call_finish (self, result, isplic_client_sign_in_async, NULL, error);
}

/* ------------------------------------------------------------------------------------------ */
/* Details                                                                                     */

void
isplic_client_get_details_async (IsplicClient        *self,
                                 const char          *id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (ISPLIC_IS_CLIENT (self));

  if (!isplic_id_is_valid (id))
    {
      isplic_call_return_no_id (self, isplic_client_get_details_async, cancellable, callback, user_data);
      return;
    }

  {
    const char * const pairs[] = { "elid", id };
    isplic_call_start (self, &details_call, pairs, G_N_ELEMENTS (pairs), g_strdup (id), g_free,
                       cancellable, callback, user_data);
  }
}

IsplicLicense *
isplic_client_get_details_finish (IsplicClient  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  gpointer license = NULL;

  if (!isplic_call_finish (self, result, isplic_client_get_details_async, &license, error))
    return NULL;
  return license;
}

