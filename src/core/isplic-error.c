/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>

#include "isplic-error.h"

typedef struct
{
  char *type_name; /* owned, nullable: the raw `$type` */
  char *field;     /* owned, nullable: the `$object` */
} IsplicBillmgrErrorPrivate;

static void
isplic_billmgr_error_private_init (IsplicBillmgrErrorPrivate *priv)
{
  priv->type_name = NULL;
  priv->field = NULL;
}

static void
isplic_billmgr_error_private_copy (const IsplicBillmgrErrorPrivate *src,
                                   IsplicBillmgrErrorPrivate       *dest)
{
  dest->type_name = g_strdup (src->type_name);
  dest->field = g_strdup (src->field);
}

static void
isplic_billmgr_error_private_clear (IsplicBillmgrErrorPrivate *priv)
{
  g_clear_pointer (&priv->type_name, g_free);
  g_clear_pointer (&priv->field, g_free);
}

/* GLib's macro casts the error's trailing bytes to our struct; clang's -Wcast-align objects. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wcast-align"
G_DEFINE_EXTENDED_ERROR (IsplicBillmgrError, isplic_billmgr_error)
#pragma GCC diagnostic pop

G_DEFINE_QUARK (isplic-client-error-quark, isplic_client_error)

const char *
isplic_billmgr_error_get_field (const GError *error)
{
  IsplicBillmgrErrorPrivate *priv;

  if (error == NULL || error->domain != ISPLIC_BILLMGR_ERROR)
    return NULL;
  priv = isplic_billmgr_error_get_private (error);
  return priv != NULL ? priv->field : NULL;
}

const char *
isplic_billmgr_error_get_type_name (const GError *error)
{
  IsplicBillmgrErrorPrivate *priv;

  if (error == NULL || error->domain != ISPLIC_BILLMGR_ERROR)
    return NULL;
  priv = isplic_billmgr_error_get_private (error);
  return priv != NULL ? priv->type_name : NULL;
}

static IsplicBillmgrError
code_for_type (const char *type_name)
{
  if (g_strcmp0 (type_name, "auth") == 0)
    return ISPLIC_BILLMGR_ERROR_AUTH;
  if (g_strcmp0 (type_name, "access") == 0)
    return ISPLIC_BILLMGR_ERROR_ACCESS;
  if (g_strcmp0 (type_name, "value") == 0)
    return ISPLIC_BILLMGR_ERROR_VALUE;
  if (g_strcmp0 (type_name, "missed") == 0)
    return ISPLIC_BILLMGR_ERROR_MISSED;
  if (g_strcmp0 (type_name, "exists") == 0)
    return ISPLIC_BILLMGR_ERROR_EXISTS;
  return ISPLIC_BILLMGR_ERROR_OTHER;
}

GError *
isplic_billmgr_error_new (const char *type_name,
                          const char *field,
                          const char *message)
{
  GError *error;
  IsplicBillmgrErrorPrivate *priv;

  error = g_error_new_literal (ISPLIC_BILLMGR_ERROR, code_for_type (type_name),
                               message != NULL ? message : "");
  priv = isplic_billmgr_error_get_private (error);
  if (priv != NULL)
    {
      priv->type_name = g_strdup (type_name);
      priv->field = g_strdup (field);
    }
  return error;
}
