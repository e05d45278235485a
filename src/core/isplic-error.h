/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * IsplicBillmgrError:
 * Errors that billmgr itself reported in an `error` element (HTTP 200).
 * The message is the server's own text, trimmed, ready to show to a person.
 * isplic_billmgr_error_get_field() gives the field it names (`$object`), if any.
 */
#define ISPLIC_BILLMGR_ERROR (isplic_billmgr_error_quark ())

typedef enum {
  ISPLIC_BILLMGR_ERROR_AUTH,    /* "auth": wrong user name or password */
  ISPLIC_BILLMGR_ERROR_ACCESS,  /* "access": not allowed */
  ISPLIC_BILLMGR_ERROR_VALUE,   /* "value": a field has an invalid value */
  ISPLIC_BILLMGR_ERROR_MISSED,  /* "missed": a required field or object is missing */
  ISPLIC_BILLMGR_ERROR_EXISTS,  /* "exists": the object already exists */
  ISPLIC_BILLMGR_ERROR_OTHER,   /* any other type */
} IsplicBillmgrError;

GQuark      isplic_billmgr_error_quark      (void);
/* The `$object` of the error (e.g. "ip"), or NULL. */
const char *isplic_billmgr_error_get_field  (const GError *error);
/* The raw `$type` string of the error (e.g. "value", "not_supported"), or NULL. */
const char *isplic_billmgr_error_get_type_name (const GError *error);
/* Builds a billmgr error carrying @type_name and @field (both nullable). */
GError     *isplic_billmgr_error_new        (const char *type_name,
                                             const char *field,
                                             const char *message);

/**
 * IsplicClientError:
 * Problems on the way to and from the server: nothing billmgr said.
 * Cancellation is reported as G_IO_ERROR_CANCELLED.
 */
#define ISPLIC_CLIENT_ERROR (isplic_client_error_quark ())

typedef enum {
  ISPLIC_CLIENT_ERROR_INSECURE,        /* would send credentials over plain http to a non-loopback host */
  ISPLIC_CLIENT_ERROR_INVALID_URL,     /* the server address cannot be parsed */
  ISPLIC_CLIENT_ERROR_NETWORK,         /* connection refused, DNS, connection dropped */
  ISPLIC_CLIENT_ERROR_TLS,             /* certificate or TLS handshake problem */
  ISPLIC_CLIENT_ERROR_TIMEOUT,         /* no answer within the timeout */
  ISPLIC_CLIENT_ERROR_HTTP,            /* an HTTP status other than 200 */
  ISPLIC_CLIENT_ERROR_MALFORMED,       /* the body is not a billmgr JSON document */
  ISPLIC_CLIENT_ERROR_OUTCOME_UNKNOWN, /* a money operation may or may not have reached the server */
  ISPLIC_CLIENT_ERROR_INVALID_INPUT,   /* refused locally before sending (bad IP, unknown tariff…) */
  ISPLIC_CLIENT_ERROR_BUSY,            /* HTTP 403/429/460/503 or billmgr's "Request in process":
                                        * not processed, try later */
  ISPLIC_CLIENT_ERROR_TOO_LARGE,       /* the answer is larger than ISPLIC_MAX_ANSWER_BYTES */
  ISPLIC_CLIENT_ERROR_UNCONFIRMED,     /* the answer neither confirmed nor refused a change */
  ISPLIC_CLIENT_ERROR_PAGING,          /* the list's pages contradict each other or never end */
  ISPLIC_CLIENT_ERROR_NOT_OFFERED,     /* an optional function (balance, prices, cart, history…)
                                        * that this server does not offer or does not let this
                                        * account use (billmgr error "missed" or "access"):
                                        * hide the feature */
} IsplicClientError;

/* The largest answer accepted, after decompression: far above any real account (a list page of
 * 5,000 licenses is about 2.5 MB). */
#define ISPLIC_MAX_ANSWER_BYTES (256 * 1024 * 1024)

GQuark isplic_client_error_quark (void);

G_END_DECLS
