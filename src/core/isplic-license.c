/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "isplic-license.h"
#include "isplic-license-private.h"

struct _IsplicLicense
{
  GObject parent_instance;

  char *id;            /* owned */
  char *name;          /* owned, nullable */
  char *ip;            /* owned, nullable */
  /* Few distinct values across thousands of licenses: interned GRefStrings, shared. */
  char *tariff_id;     /* owned GRefString, nullable */
  char *tariff_name;   /* owned GRefString, nullable */
  char *status_label;  /* owned GRefString, nullable: the server's label */
  char *cost;          /* owned GRefString, nullable */
  char *key;           /* owned, nullable */
  GDateTime *created;  /* owned, nullable */
  GDateTime *expires;  /* owned, nullable */
  GDateTime *ip_change_date;   /* owned, nullable: known from the details only */
  GDateTime *key_change_date;  /* owned, nullable: known from the details only */
  int period;
  int auto_renew;
  int nodes;
  IsplicLicenseStatus status;
  IsplicLicenseKeys keys;
};

G_DEFINE_FINAL_TYPE (IsplicLicense, isplic_license, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_IP,
  PROP_TARIFF_ID,
  PROP_TARIFF_NAME,
  PROP_PERIOD,
  PROP_STATUS,
  PROP_STATUS_LABEL,
  PROP_CREATED,
  PROP_EXPIRES,
  PROP_AUTO_RENEW,
  PROP_COST,
  PROP_NODES,
  PROP_KEY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const GEnumValue status_values[] = {
  { ISPLIC_LICENSE_STATUS_UNKNOWN, "ISPLIC_LICENSE_STATUS_UNKNOWN", "unknown" },
  { ISPLIC_LICENSE_STATUS_ORDERED, "ISPLIC_LICENSE_STATUS_ORDERED", "ordered" },
  { ISPLIC_LICENSE_STATUS_ACTIVE, "ISPLIC_LICENSE_STATUS_ACTIVE", "active" },
  { ISPLIC_LICENSE_STATUS_SUSPENDED, "ISPLIC_LICENSE_STATUS_SUSPENDED", "suspended" },
  { ISPLIC_LICENSE_STATUS_DELETED, "ISPLIC_LICENSE_STATUS_DELETED", "deleted" },
  { ISPLIC_LICENSE_STATUS_PROCESSING, "ISPLIC_LICENSE_STATUS_PROCESSING", "processing" },
  { 0, NULL, NULL }
};

GType
isplic_license_status_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      GType type = g_enum_register_static (g_intern_static_string ("IsplicLicenseStatus"),
                                           status_values);
      g_once_init_leave (&type_id, type);
    }
  return type_id;
}

const char *
isplic_license_status_to_label (IsplicLicenseStatus status)
{
  switch (status)
    {
    case ISPLIC_LICENSE_STATUS_ORDERED:
      return _("Ordered");
    case ISPLIC_LICENSE_STATUS_ACTIVE:
      return _("Active");
    case ISPLIC_LICENSE_STATUS_SUSPENDED:
      return _("Suspended");
    case ISPLIC_LICENSE_STATUS_DELETED:
      return _("Deleted");
    case ISPLIC_LICENSE_STATUS_PROCESSING:
      return _("Processing");
    case ISPLIC_LICENSE_STATUS_UNKNOWN:
    default:
      return _("Unknown");
    }
}

const char *
isplic_license_status_to_nick (IsplicLicenseStatus status)
{
  if ((int) status < 0 || status > ISPLIC_LICENSE_STATUS_PROCESSING)
    status = ISPLIC_LICENSE_STATUS_UNKNOWN;
  return status_values[status].value_nick;
}

static gboolean
set_string (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static gboolean
set_shared_string (char       **field,
                   const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_clear_pointer (field, g_ref_string_release);
  if (value != NULL)
    *field = g_ref_string_new_intern (value);
  return TRUE;
}

static gboolean
set_date (GDateTime **field,
          GDateTime  *value)
{
  if (*field == value)
    return FALSE;
  if (*field != NULL && value != NULL && g_date_time_equal (*field, value))
    return FALSE;
  g_clear_pointer (field, g_date_time_unref);
  if (value != NULL)
    *field = g_date_time_ref (value);
  return TRUE;
}

static void
isplic_license_finalize (GObject *object)
{
  IsplicLicense *self = ISPLIC_LICENSE (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->ip);
  g_clear_pointer (&self->tariff_id, g_ref_string_release);
  g_clear_pointer (&self->tariff_name, g_ref_string_release);
  g_clear_pointer (&self->status_label, g_ref_string_release);
  g_clear_pointer (&self->cost, g_ref_string_release);
  if (self->key != NULL)
    memset (self->key, 0, strlen (self->key));
  g_free (self->key);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_clear_pointer (&self->expires, g_date_time_unref);
  g_clear_pointer (&self->ip_change_date, g_date_time_unref);
  g_clear_pointer (&self->key_change_date, g_date_time_unref);
  isplic_license_keys_clear (&self->keys);

  G_OBJECT_CLASS (isplic_license_parent_class)->finalize (object);
}

static void
isplic_license_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  IsplicLicense *self = ISPLIC_LICENSE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_IP:
      g_value_set_string (value, self->ip);
      break;
    case PROP_TARIFF_ID:
      g_value_set_string (value, self->tariff_id);
      break;
    case PROP_TARIFF_NAME:
      g_value_set_string (value, self->tariff_name);
      break;
    case PROP_PERIOD:
      g_value_set_int (value, self->period);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_STATUS_LABEL:
      g_value_set_string (value, isplic_license_get_status_label (self));
      break;
    case PROP_CREATED:
      g_value_set_boxed (value, self->created);
      break;
    case PROP_EXPIRES:
      g_value_set_boxed (value, self->expires);
      break;
    case PROP_AUTO_RENEW:
      g_value_set_int (value, self->auto_renew);
      break;
    case PROP_COST:
      g_value_set_string (value, self->cost);
      break;
    case PROP_NODES:
      g_value_set_int (value, self->nodes);
      break;
    case PROP_KEY:
      g_value_set_string (value, self->key);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isplic_license_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  IsplicLicense *self = ISPLIC_LICENSE (object);

  switch (prop_id)
    {
    case PROP_ID:
      /* construct-only */
      g_free (self->id);
      self->id = g_value_dup_string (value);
      isplic_license_keys_set_text (&self->keys, self->id, self->name, self->ip);
      break;
    case PROP_NAME:
      isplic_license_set_name (self, g_value_get_string (value));
      break;
    case PROP_IP:
      isplic_license_set_ip (self, g_value_get_string (value));
      break;
    case PROP_TARIFF_ID:
      isplic_license_set_tariff_id (self, g_value_get_string (value));
      break;
    case PROP_TARIFF_NAME:
      isplic_license_set_tariff_name (self, g_value_get_string (value));
      break;
    case PROP_PERIOD:
      isplic_license_set_period (self, g_value_get_int (value));
      break;
    case PROP_STATUS:
      isplic_license_set_status (self, g_value_get_enum (value));
      break;
    case PROP_STATUS_LABEL:
      isplic_license_set_status_label (self, g_value_get_string (value));
      break;
    case PROP_CREATED:
      isplic_license_set_created (self, g_value_get_boxed (value));
      break;
    case PROP_EXPIRES:
      isplic_license_set_expires (self, g_value_get_boxed (value));
      break;
    case PROP_AUTO_RENEW:
      isplic_license_set_auto_renew (self, g_value_get_int (value));
      break;
    case PROP_COST:
      isplic_license_set_cost (self, g_value_get_string (value));
      break;
    case PROP_NODES:
      isplic_license_set_nodes (self, g_value_get_int (value));
      break;
    case PROP_KEY:
      isplic_license_set_key (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isplic_license_class_init (IsplicLicenseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = isplic_license_finalize;
  object_class->get_property = isplic_license_get_property;
  object_class->set_property = isplic_license_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, rw);
  properties[PROP_IP] = g_param_spec_string ("ip", NULL, NULL, NULL, rw);
  properties[PROP_TARIFF_ID] = g_param_spec_string ("tariff-id", NULL, NULL, NULL, rw);
  properties[PROP_TARIFF_NAME] = g_param_spec_string ("tariff-name", NULL, NULL, NULL, rw);
  properties[PROP_PERIOD] = g_param_spec_int ("period", NULL, NULL,
                                              G_MININT, G_MAXINT, 0, rw);
  properties[PROP_STATUS] = g_param_spec_enum ("status", NULL, NULL,
                                               ISPLIC_TYPE_LICENSE_STATUS,
                                               ISPLIC_LICENSE_STATUS_UNKNOWN, rw);
  properties[PROP_STATUS_LABEL] =
    g_param_spec_string ("status-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CREATED] = g_param_spec_boxed ("created", NULL, NULL, G_TYPE_DATE_TIME, rw);
  properties[PROP_EXPIRES] = g_param_spec_boxed ("expires", NULL, NULL, G_TYPE_DATE_TIME, rw);
  properties[PROP_AUTO_RENEW] = g_param_spec_int ("auto-renew", NULL, NULL,
                                                  0, G_MAXINT, 0, rw);
  properties[PROP_COST] = g_param_spec_string ("cost", NULL, NULL, NULL, rw);
  properties[PROP_NODES] = g_param_spec_int ("nodes", NULL, NULL, 0, G_MAXINT, 0, rw);
  properties[PROP_KEY] = g_param_spec_string ("key", NULL, NULL, NULL, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
isplic_license_init (IsplicLicense *self)
{
  self->keys.expires = G_MAXINT64;
  self->keys.ip_rank = 3;
}

static void
init_keys (IsplicLicense *self)
{
  isplic_license_keys_set_text (&self->keys, self->id, self->name, self->ip);
  isplic_license_keys_set_tariff (&self->keys, self->tariff_name);
  isplic_license_keys_set_expires (&self->keys, self->expires);
  isplic_license_keys_set_cost (&self->keys, self->cost);
}

IsplicLicense *
isplic_license_new (const char *id)
{
  g_return_val_if_fail (id != NULL, NULL);

  return g_object_new (ISPLIC_TYPE_LICENSE, "id", id, NULL);
}

const char *
isplic_license_get_id (IsplicLicense *self)
{
  g_return_val_if_fail (ISPLIC_IS_LICENSE (self), NULL);
  return self->id;
}

const char *
isplic_license_get_name (IsplicLicense *self)
{
  g_return_val_if_fail (ISPLIC_IS_LICENSE (self), NULL);
  return self->name;
}

const char *
isplic_license_get_ip (IsplicLicense *self)
{
  g_return_val_if_fail (ISPLIC_IS_LICENSE (self), NULL);
  return self->ip;
}

const char *
isplic_license_get_tariff_id (IsplicLicense *self)
{
  g_return_val_if_fail (ISPLIC_IS_LICENSE (self), NULL);
  return self->tariff_id;
}

const char *
isplic_license_get_tariff_name (IsplicLicense *self)
{
  g_return_val_if_fail (ISPLIC_IS_LICENSE (self), NULL);
  return self->tariff_name;
}

int
isplic_license_get_period (IsplicLicense *self)
{
  g_return_val_if_fail (ISPLIC_IS_LICENSE (self), 0);
  return self->period;
}

IsplicLicenseStatus
isplic_license_get_status (IsplicLicense *self)
{
  g_return_val_if_fail (ISPLIC_IS_LICENSE (self), ISPLIC_LICENSE_STATUS_UNKNOWN);
  return self->status;
}

GDateTime *
isplic_license_get_ip_change_date (IsplicLicense *self)
{
  g_return_val_if_fail (ISPLIC_IS_LICENSE (self), NULL);
  return self->ip_change_date;
}

GDateTime *
isplic_license_get_key_change_date (IsplicLicense *self)
{
  g_return_val_if_fail (ISPLIC_IS_LICENSE (self), NULL);
  return self->key_change_date;
}

const char *
isplic_license_get_server_status_label (IsplicLicense *self)
{
  g_return_val_if_fail (ISPLIC_IS_LICENSE (self), NULL);
  return self->status_label;
}

const char *
isplic_license_get_status_label (IsplicLicense *self)
{
  g_return_val_if_fail (ISPLIC_IS_LICENSE (self), NULL);
  if (self->status_label != NULL && *self->status_label != '\0')
    return self->status_label;
  return isplic_license_status_to_label (self->status);
}

GDateTime *
isplic_license_get_created (IsplicLicense *self)
{
  g_return_val_if_fail (ISPLIC_IS_LICENSE (self), NULL);
  return self->created;
}

GDateTime *
isplic_license_get_expires (IsplicLicense *self)
{
  g_return_val_if_fail (ISPLIC_IS_LICENSE (self), NULL);
  return self->expires;
}

int
isplic_license_get_auto_renew (IsplicLicense *self)
{
  g_return_val_if_fail (ISPLIC_IS_LICENSE (self), 0);
  return self->auto_renew;
}

const char *
isplic_license_get_cost (IsplicLicense *self)
{
  g_return_val_if_fail (ISPLIC_IS_LICENSE (self), NULL);
  return self->cost;
}

int
isplic_license_get_nodes (IsplicLicense *self)
{
  g_return_val_if_fail (ISPLIC_IS_LICENSE (self), 0);
  return self->nodes;
}

const char *
isplic_license_get_key (IsplicLicense *self)
{
  g_return_val_if_fail (ISPLIC_IS_LICENSE (self), NULL);
  return self->key;
}

#define DEFINE_STRING_SETTER(field, PROP, after)                        \
  void                                                                  \
  isplic_license_set_##field (IsplicLicense *self, const char *value)   \
  {                                                                     \
    g_return_if_fail (ISPLIC_IS_LICENSE (self));                        \
    if (!set_string (&self->field, value))                              \
      return;                                                           \
    after;                                                              \
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP]);       \
  }

#define DEFINE_SHARED_SETTER(field, PROP, after)                        \
  void                                                                  \
  isplic_license_set_##field (IsplicLicense *self, const char *value)   \
  {                                                                     \
    g_return_if_fail (ISPLIC_IS_LICENSE (self));                        \
    if (!set_shared_string (&self->field, value))                       \
      return;                                                           \
    after;                                                              \
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP]);       \
  }

#define DEFINE_INT_SETTER(field, PROP)                                  \
  void                                                                  \
  isplic_license_set_##field (IsplicLicense *self, int value)           \
  {                                                                     \
    g_return_if_fail (ISPLIC_IS_LICENSE (self));                        \
    if (self->field == value)                                           \
      return;                                                           \
    self->field = value;                                                \
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP]);       \
  }

#define TEXT_KEYS                                                               \
  (isplic_license_keys_set_text (&self->keys, self->id, self->name, self->ip),  \
   isplic_license_keys_changed ())

DEFINE_STRING_SETTER (name, PROP_NAME, TEXT_KEYS)
DEFINE_STRING_SETTER (ip, PROP_IP, TEXT_KEYS)
DEFINE_SHARED_SETTER (tariff_id, PROP_TARIFF_ID, (void) 0)
DEFINE_SHARED_SETTER (tariff_name, PROP_TARIFF_NAME,
                      (isplic_license_keys_set_tariff (&self->keys, self->tariff_name),
                       isplic_license_keys_changed ()))
DEFINE_SHARED_SETTER (cost, PROP_COST,
                      (isplic_license_keys_set_cost (&self->keys, self->cost),
                       isplic_license_keys_changed ()))
DEFINE_STRING_SETTER (key, PROP_KEY, (void) 0)
DEFINE_INT_SETTER (period, PROP_PERIOD)

void
isplic_license_set_nodes (IsplicLicense *self,
                          int            nodes)
{
  g_return_if_fail (ISPLIC_IS_LICENSE (self));
  if (self->nodes == nodes)
    return;
  self->nodes = nodes;
  isplic_license_keys_changed ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NODES]);
}

void
isplic_license_set_auto_renew (IsplicLicense *self,
                               int            auto_renew)
{
  g_return_if_fail (ISPLIC_IS_LICENSE (self));
  auto_renew = MAX (auto_renew, 0);
  if (self->auto_renew == auto_renew)
    return;
  self->auto_renew = auto_renew;
  isplic_license_keys_changed ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTO_RENEW]);
}

void
isplic_license_set_status (IsplicLicense       *self,
                           IsplicLicenseStatus  status)
{
  const char *old_label;

  g_return_if_fail (ISPLIC_IS_LICENSE (self));
  if ((int) status < 0 || status > ISPLIC_LICENSE_STATUS_PROCESSING)
    status = ISPLIC_LICENSE_STATUS_UNKNOWN;
  if (self->status == status)
    return;
  old_label = isplic_license_get_status_label (self);
  self->status = status;
  isplic_license_keys_changed ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
  if (g_strcmp0 (old_label, isplic_license_get_status_label (self)) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_LABEL]);
}

void
isplic_license_set_status_label (IsplicLicense *self,
                                 const char    *label)
{
  g_autofree char *old_label = NULL;

  g_return_if_fail (ISPLIC_IS_LICENSE (self));
  if (g_strcmp0 (self->status_label, label) == 0)
    return;
  old_label = g_strdup (isplic_license_get_status_label (self));
  set_shared_string (&self->status_label, label);
  if (g_strcmp0 (old_label, isplic_license_get_status_label (self)) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_LABEL]);
}

void
isplic_license_set_created (IsplicLicense *self,
                            GDateTime     *created)
{
  g_return_if_fail (ISPLIC_IS_LICENSE (self));
  if (set_date (&self->created, created))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREATED]);
}

void
isplic_license_set_expires (IsplicLicense *self,
                            GDateTime     *expires)
{
  g_return_if_fail (ISPLIC_IS_LICENSE (self));
  if (!set_date (&self->expires, expires))
    return;
  isplic_license_keys_set_expires (&self->keys, self->expires);
  isplic_license_keys_changed ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPIRES]);
}

static gboolean
dates_equal (GDateTime *a,
             GDateTime *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_date_time_equal (a, b);
}

/* The common case of a refresh: nothing changed. Checked first so that it costs no notify
 * freeze/thaw per license. */
static gboolean
same_data (IsplicLicense *a,
           IsplicLicense *b)
{
  /* Interned strings are equal exactly when they are the same pointer: no need to read them. */
  return a->tariff_id == b->tariff_id &&
         a->tariff_name == b->tariff_name &&
         a->status_label == b->status_label &&
         a->cost == b->cost &&
         g_strcmp0 (a->name, b->name) == 0 &&
         g_strcmp0 (a->ip, b->ip) == 0 &&
         (b->key == NULL || g_strcmp0 (a->key, b->key) == 0) &&
         (b->ip_change_date == NULL || dates_equal (a->ip_change_date, b->ip_change_date)) &&
         (b->key_change_date == NULL || dates_equal (a->key_change_date, b->key_change_date)) &&
         a->period == b->period &&
         a->status == b->status &&
         a->auto_renew == b->auto_renew &&
         a->nodes == b->nodes &&
         dates_equal (a->created, b->created) &&
         dates_equal (a->expires, b->expires);
}

void
isplic_license_update_from (IsplicLicense *self,
                            IsplicLicense *from)
{
  g_return_if_fail (ISPLIC_IS_LICENSE (self));
  g_return_if_fail (ISPLIC_IS_LICENSE (from));
  g_return_if_fail (g_strcmp0 (self->id, from->id) == 0);

  if (self == from || same_data (self, from))
    return;

  g_object_freeze_notify (G_OBJECT (self));
  isplic_license_set_name (self, from->name);
  isplic_license_set_ip (self, from->ip);
  isplic_license_set_tariff_id (self, from->tariff_id);
  isplic_license_set_tariff_name (self, from->tariff_name);
  isplic_license_set_period (self, from->period);
  isplic_license_set_status_label (self, from->status_label);
  isplic_license_set_status (self, from->status);
  isplic_license_set_created (self, from->created);
  isplic_license_set_expires (self, from->expires);
  isplic_license_set_auto_renew (self, from->auto_renew);
  isplic_license_set_cost (self, from->cost);
  isplic_license_set_nodes (self, from->nodes);
  if (from->key != NULL)
    isplic_license_set_key (self, from->key);
  /* Like the key, only the details know these: a list row does not forget them. */
  if (from->ip_change_date != NULL)
    set_date (&self->ip_change_date, from->ip_change_date);
  if (from->key_change_date != NULL)
    set_date (&self->key_change_date, from->key_change_date);
  g_object_thaw_notify (G_OBJECT (self));
}

int
isplic_license_days_left (IsplicLicense *self,
                          GDateTime     *now)
{
  g_autoptr(GDateTime) local_now = NULL;
  g_autoptr(GDateTime) local_expires = NULL;
  GDate today, expiry;

  g_return_val_if_fail (ISPLIC_IS_LICENSE (self), G_MAXINT);

  if (self->expires == NULL)
    return G_MAXINT;

  if (now != NULL)
    local_now = g_date_time_to_local (now);
  else
    local_now = g_date_time_new_now_local ();
  if (local_now == NULL)
    return G_MAXINT;

  g_date_clear (&today, 1);
  g_date_clear (&expiry, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (local_now),
                  g_date_time_get_month (local_now), g_date_time_get_year (local_now));
  local_expires = g_date_time_to_local (self->expires);
  if (local_expires == NULL)
    return G_MAXINT;
  g_date_set_dmy (&expiry, g_date_time_get_day_of_month (local_expires),
                  g_date_time_get_month (local_expires), g_date_time_get_year (local_expires));
  return g_date_days_between (&today, &expiry);
}

/* The most days a window reaches (a century): GDateTime stops at the year 9999. */
#define MAX_WINDOW_DAYS 36500

void
isplic_expiry_window_init (IsplicExpiryWindow *window,
                           guint               warning_days,
                           GDateTime          *now)
{
  g_autoptr(GDateTime) local_now = NULL;
  g_autoptr(GDateTime) midnight = NULL;
  g_autoptr(GDateTime) after = NULL;
  int y, m, d;

  g_return_if_fail (window != NULL);

  /* Nothing counts when the time is unknown. */
  window->from = G_MAXINT64;
  window->until = G_MININT64;
  local_now = now != NULL ? g_date_time_to_local (now) : g_date_time_new_now_local ();
  if (local_now == NULL)
    return;
  g_date_time_get_ymd (local_now, &y, &m, &d);
  midnight = g_date_time_new_local (y, m, d, 0, 0, 0);
  if (midnight == NULL)
    return;
  /* Days, not 24-hour steps: a local midnight stays a midnight across a change of clocks. */
  after = g_date_time_add_days (midnight, (int) MIN (warning_days, MAX_WINDOW_DAYS) + 1);
  window->from = g_date_time_to_unix (midnight);
  window->until = after != NULL ? g_date_time_to_unix (after) : G_MAXINT64;
}

gboolean
isplic_license_peek_cost_money (IsplicLicense *self,
                                IsplicMoney   *out)
{
  if (!self->keys.cost_known)
    return FALSE;
  *out = self->keys.cost_money;
  return TRUE;
}

static char *
intern_take (char *text)
{
  char *shared;

  if (text == NULL)
    return NULL;
  shared = g_ref_string_new_intern (text);
  g_free (text);
  return shared;
}

IsplicLicense *
isplic_license_new_take (char              *id,
                         IsplicLicenseData *data)
{
  IsplicLicense *self;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (data != NULL, NULL);

  self = g_object_new (ISPLIC_TYPE_LICENSE, NULL);
  self->id = id;
  self->name = g_steal_pointer (&data->name);
  self->ip = g_steal_pointer (&data->ip);
  self->tariff_id = intern_take (g_steal_pointer (&data->tariff_id));
  self->tariff_name = intern_take (g_steal_pointer (&data->tariff_name));
  self->status_label = intern_take (g_steal_pointer (&data->status_label));
  self->cost = intern_take (g_steal_pointer (&data->cost));
  self->key = g_steal_pointer (&data->key);
  self->created = g_steal_pointer (&data->created);
  self->expires = g_steal_pointer (&data->expires);
  self->ip_change_date = g_steal_pointer (&data->ip_change_date);
  self->key_change_date = g_steal_pointer (&data->key_change_date);
  self->period = data->period;
  self->auto_renew = MAX (data->auto_renew, 0);
  self->nodes = MAX (data->nodes, 0);
  self->status = (int) data->status < 0 || data->status > ISPLIC_LICENSE_STATUS_PROCESSING
                 ? ISPLIC_LICENSE_STATUS_UNKNOWN : data->status;
  isplic_license_data_clear (data);
  init_keys (self);
  return self;
}

void
isplic_license_data_clear (IsplicLicenseData *data)
{
  g_clear_pointer (&data->name, g_free);
  g_clear_pointer (&data->ip, g_free);
  g_clear_pointer (&data->tariff_id, g_free);
  g_clear_pointer (&data->tariff_name, g_free);
  g_clear_pointer (&data->status_label, g_free);
  g_clear_pointer (&data->cost, g_free);
  if (data->key != NULL)
    memset (data->key, 0, strlen (data->key));
  g_clear_pointer (&data->key, g_free);
  g_clear_pointer (&data->created, g_date_time_unref);
  g_clear_pointer (&data->expires, g_date_time_unref);
  g_clear_pointer (&data->ip_change_date, g_date_time_unref);
  g_clear_pointer (&data->key_change_date, g_date_time_unref);
  memset (data, 0, sizeof *data);
}

/* Sorting and searching: direct reads of the keys, no type checks (these run ~2 million times
 * per sort of 100,000 rows). */

static const char *
folded (IsplicLicense *self)
{
  return self->keys.folded != NULL ? self->keys.folded : "";
}

/* The keys as a copy would hold them, borrowed (no references taken): valid while the license
 * does not change, as during one comparison on its own thread. */
static void
view_keys (IsplicLicense        *self,
           IsplicLicenseKeyCopy *view)
{
  view->folded = folded (self);
  view->tariff = self->keys.tariff;
  view->expires = self->keys.expires;
  view->cost = self->keys.cost;
  view->nodes = self->nodes;
  view->auto_renew = self->auto_renew;
  view->status_rank = isplic_license_status_rank (self->status);
  view->ip_rank = self->keys.ip_rank;
  memcpy (view->ip, self->keys.ip, sizeof view->ip);
}

void
isplic_license_copy_keys (IsplicLicense        *self,
                          IsplicLicenseKeyCopy *copy)
{
  /* Runs 100,000 times per sort request: no type check. */
  view_keys (self, copy);
  /* Its own references to the texts: it is read in another thread, where the license may have
   * changed (and let go of its texts) meanwhile. */
  copy->folded = self->keys.folded != NULL ? g_ref_string_acquire (self->keys.folded)
                                           : g_ref_string_new_intern ("");
  copy->tariff = self->keys.tariff != NULL ? g_ref_string_acquire (self->keys.tariff) : NULL;
}

const char *
isplic_license_get_search_text (IsplicLicense *self)
{
  g_return_val_if_fail (ISPLIC_IS_LICENSE (self), "");
  return folded (self);
}

gboolean
isplic_license_search (IsplicLicense *self,
                       const char    *folded_needle)
{
  return folded_needle == NULL || *folded_needle == '\0'
         || strstr (folded (self), folded_needle) != NULL;
}

int
isplic_license_status_rank (IsplicLicenseStatus status)
{
  /* Active first, then what becomes active, then what is out of use. */
  static const int rank[] = {
    [ISPLIC_LICENSE_STATUS_ACTIVE] = 0,
    [ISPLIC_LICENSE_STATUS_PROCESSING] = 1,
    [ISPLIC_LICENSE_STATUS_ORDERED] = 2,
    [ISPLIC_LICENSE_STATUS_SUSPENDED] = 3,
    [ISPLIC_LICENSE_STATUS_DELETED] = 4,
    [ISPLIC_LICENSE_STATUS_UNKNOWN] = 5,
  };

  if ((int) status < 0 || status > ISPLIC_LICENSE_STATUS_PROCESSING)
    return 5;
  return rank[status];
}

/* As its copy would tell (isplic_key_copy_is_expiring_in()). */
gboolean
isplic_license_is_expiring_in (IsplicLicense            *self,
                               const IsplicExpiryWindow *window)
{
  IsplicLicenseKeyCopy view;

  g_return_val_if_fail (ISPLIC_IS_LICENSE (self), FALSE);
  g_return_val_if_fail (window != NULL, FALSE);

  view_keys (self, &view);
  return isplic_key_copy_is_expiring_in (&view, window);
}

/* One order for both: a license compares exactly as its copy does (isplic-license-keys.c). */
#define COMPARE_BY_KEYS(column)                                                              \
  int                                                                                        \
  isplic_license_compare_##column (IsplicLicense *a,                                         \
                                   IsplicLicense *b)                                         \
  {                                                                                          \
    IsplicLicenseKeyCopy ka, kb;                                                             \
                                                                                             \
    view_keys (a, &ka);                                                                      \
    view_keys (b, &kb);                                                                      \
    return isplic_key_copy_compare_##column (&ka, &kb);                                      \
  }

COMPARE_BY_KEYS (name)
COMPARE_BY_KEYS (ip)
COMPARE_BY_KEYS (tariff)
COMPARE_BY_KEYS (status)
COMPARE_BY_KEYS (expires)
COMPARE_BY_KEYS (cost)
COMPARE_BY_KEYS (auto_renew)
