/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "isplic-ip-check-private.h"

/* How long the IP must stay unchanged before it is checked with the server. */
#define CHECK_DELAY_MS 400

struct _IsplicIpCheck
{
  GObject parent_instance;

  IsplicIpCheckState state;
  char *error;                 /* owned, nullable */

  /* The check waiting for its pause, or in flight. */
  IsplicClient *client;        /* owned, nullable */
  char *ip;                    /* owned, nullable */
  const char *tariff_id;       /* static, nullable */
  int period;
  guint source;
  GCancellable *cancellable;   /* owned, nullable */
  guint serial;

  /* What the last positive answer was for. */
  char *checked_ip;            /* owned, nullable */
  const char *checked_tariff_id;
  int checked_period;
};

G_DEFINE_FINAL_TYPE (IsplicIpCheck, isplic_ip_check, G_TYPE_OBJECT)

static guint changed_signal;

static void
cancel_pending (IsplicIpCheck *self)
{
  g_clear_handle_id (&self->source, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->serial++;
  g_clear_pointer (&self->checked_ip, g_free);
  self->checked_tariff_id = NULL;
  self->checked_period = 0;
  g_clear_pointer (&self->error, g_free);
}

typedef struct {
  IsplicIpCheck *self;  /* owned */
  guint serial;
  char *ip;             /* owned */
  const char *tariff_id;
  int period;
} CheckData;

static void
check_data_free (CheckData *data)
{
  g_object_unref (data->self);
  g_free (data->ip);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CheckData, check_data_free)

static void
check_ip_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(CheckData) data = user_data;
  IsplicIpCheck *self = data->self;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = isplic_client_check_ip_finish (ISPLIC_CLIENT (source), result, &error);
  if (data->serial != self->serial
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);

  if (ok)
    {
      self->state = ISPLIC_IP_CHECK_OK;
      self->checked_ip = g_steal_pointer (&data->ip);
      self->checked_tariff_id = data->tariff_id;
      self->checked_period = data->period;
    }
  else
    {
      self->state = error->domain == ISPLIC_BILLMGR_ERROR ? ISPLIC_IP_CHECK_REFUSED
                                                          : ISPLIC_IP_CHECK_FAILED;
      self->error = g_strdup (error->message);
    }
  g_signal_emit (self, changed_signal, 0);
}

static gboolean
check_timeout_cb (gpointer user_data)
{
  IsplicIpCheck *self = user_data;
  CheckData *data;

  self->source = 0;
  self->cancellable = g_cancellable_new ();
  data = g_new0 (CheckData, 1);
  data->self = g_object_ref (self);
  data->serial = self->serial;
  data->ip = g_strdup (self->ip);
  data->tariff_id = self->tariff_id;
  data->period = self->period;
  isplic_client_check_ip_async (self->client, data->ip, data->tariff_id, data->period,
                                self->cancellable, check_ip_cb, data);

  return G_SOURCE_REMOVE;
}

void
isplic_ip_check_update (IsplicIpCheck *self,
                        IsplicClient  *client,
                        const char    *ip,
                        const char    *tariff_id,
                        int            period,
                        gboolean       schedule)
{
  g_return_if_fail (ISPLIC_IS_IP_CHECK (self));

  cancel_pending (self);
  g_set_object (&self->client, client);
  g_free (self->ip);
  self->ip = g_strdup (ip != NULL ? ip : "");
  self->tariff_id = tariff_id;
  self->period = period;

  if (*self->ip == '\0')
    self->state = ISPLIC_IP_CHECK_EMPTY;
  else if (!isplic_ip_is_valid (self->ip))
    self->state = ISPLIC_IP_CHECK_INVALID;
  else
    {
      self->state = ISPLIC_IP_CHECK_PENDING;
      if (schedule && client != NULL && tariff_id != NULL)
        self->source = g_timeout_add (CHECK_DELAY_MS, check_timeout_cb, self);
    }
}

void
isplic_ip_check_cancel (IsplicIpCheck *self)
{
  g_return_if_fail (ISPLIC_IS_IP_CHECK (self));

  cancel_pending (self);
}

IsplicIpCheckState
isplic_ip_check_get_state (IsplicIpCheck *self)
{
  g_return_val_if_fail (ISPLIC_IS_IP_CHECK (self), ISPLIC_IP_CHECK_EMPTY);

  return self->state;
}

const char *
isplic_ip_check_get_error (IsplicIpCheck *self)
{
  g_return_val_if_fail (ISPLIC_IS_IP_CHECK (self), NULL);

  return self->error;
}

gboolean
isplic_ip_check_passed (IsplicIpCheck *self,
                        const char    *ip,
                        const char    *tariff_id,
                        int            period)
{
  g_return_val_if_fail (ISPLIC_IS_IP_CHECK (self), FALSE);

  return self->state == ISPLIC_IP_CHECK_OK && self->checked_ip != NULL && tariff_id != NULL
         && g_strcmp0 (ip, self->checked_ip) == 0
         && g_strcmp0 (tariff_id, self->checked_tariff_id) == 0
         && period == self->checked_period;
}

static void
isplic_ip_check_dispose (GObject *object)
{
  IsplicIpCheck *self = ISPLIC_IP_CHECK (object);

  cancel_pending (self);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (isplic_ip_check_parent_class)->dispose (object);
}

static void
isplic_ip_check_finalize (GObject *object)
{
  IsplicIpCheck *self = ISPLIC_IP_CHECK (object);

  g_free (self->ip);
  g_free (self->checked_ip);
  g_free (self->error);

  G_OBJECT_CLASS (isplic_ip_check_parent_class)->finalize (object);
}

static void
isplic_ip_check_class_init (IsplicIpCheckClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = isplic_ip_check_dispose;
  object_class->finalize = isplic_ip_check_finalize;

  changed_signal = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
isplic_ip_check_init (IsplicIpCheck *self)
{
}

/**
 * isplic_ip_check_new:
 *
 * Returns: (transfer full) a check with no IP (EMPTY)
 */
IsplicIpCheck *
isplic_ip_check_new (void)
{
  return g_object_new (ISPLIC_TYPE_IP_CHECK, NULL);
}
