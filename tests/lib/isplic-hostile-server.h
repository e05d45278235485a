/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A misbehaving billmgr for the tests: an HTTP/1.1 server on 127.0.0.1 that answers each billmgr
 * `func` with a scripted behaviour — odd shapes, endless and compressed bodies, never-ending
 * pages, lost answers, escape sequences. It runs in a thread of its own with its own main
 * context, so a test that iterates its main context for the client never starves it; every
 * function here may be called from any thread.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _IsplicHostile IsplicHostile;
typedef struct _IsplicHostileBehaviour IsplicHostileBehaviour;

typedef enum {
  ISPLIC_HOSTILE_BODY,            /* status (default 200), extra headers, the body verbatim */
  ISPLIC_HOSTILE_ENDLESS,         /* chunked; `{"doc":{"elem":[` then rows until the client goes */
  ISPLIC_HOSTILE_ENDLESS_LENGTH,  /* the same rows under an 8 GiB Content-Length */
  ISPLIC_HOSTILE_GZIP_BOMB,       /* ~1 MB of gzip that inflates to more than 1 GiB of JSON */
  ISPLIC_HOSTILE_DRIP,            /* headers at once, then one body byte every interval */
  ISPLIC_HOSTILE_HANG,            /* reads the request, never answers */
  ISPLIC_HOSTILE_DROP,            /* reads the request, closes without a byte */
  ISPLIC_HOSTILE_STATUS,          /* a bare status (default 503), optional Retry-After and body */
  ISPLIC_HOSTILE_PAGES_LIAR,      /* func=soft: full pages of new ids for every p_num */
  ISPLIC_HOSTILE_PAGES_REPEAT,    /* func=soft: the first page for every p_num */
} IsplicHostileKind;

/* One request as the server saw it. Secrets (authinfo, password, passwd) are redacted. */
typedef struct {
  guint index;           /* 0-based, in arrival order */
  char *method;
  char *path;
  char *func;            /* "" when the request named none */
  GHashTable *params;    /* name → value, query and urlencoded body merged */
  double time;           /* seconds since the server started */
  guint64 body_bytes;    /* bytes written after the header block (as on the wire) */
  gboolean done;         /* the server has finished with this request's connection */
} IsplicHostileRequest;

#define ISPLIC_HOSTILE_REDACTED "[redacted]"

/* Answers that billmgr gives or that a broken one might, for `body` scripts (issue 7 §1, API
 * notes §10.6). None of them but OK confirms an operation. */
#define ISPLIC_HOSTILE_DOC_OK "{\"doc\":{\"ok\":{}}}"
#define ISPLIC_HOSTILE_DOC_EMPTY "{\"doc\":{}}"
/* the renewal form: a preview with the new date and no ok */
#define ISPLIC_HOSTILE_DOC_PROLONG_FORM                                                      \
  "{\"doc\":{\"expiredate\":{\"$\":\"2026-08-01\"},\"newexpiredate\":{\"$\":\"2026-09-01\"},"  \
  "\"period\":{\"$\":\"1\"}}}"
#define ISPLIC_HOSTILE_DOC_ERROR_ARRAY                                                       \
  "{\"doc\":{\"error\":[{\"$type\":\"money\",\"msg\":{\"$\":\"Insufficient funds\"}},"          \
  "{\"$type\":\"value\",\"msg\":{\"$\":\"Required amount 10.00\"}}]}}"
#define ISPLIC_HOSTILE_DOC_ERROR_STRING "{\"doc\":{\"error\":\"Insufficient funds\"}}"
#define ISPLIC_HOSTILE_DOC_ERROR_EMPTY "{\"doc\":{\"error\":{}}}"
#define ISPLIC_HOSTILE_DOC_BUSY                                                              \
  "{\"doc\":{\"error\":{\"$type\":\"busy\",\"msg\":{\"$\":\"Request in process, please wait\"}}}}"

/* behaviours */

IsplicHostileBehaviour *isplic_hostile_behaviour_new (IsplicHostileKind kind);
IsplicHostileBehaviour *isplic_hostile_behaviour_ref (IsplicHostileBehaviour *behaviour);
void isplic_hostile_behaviour_unref (IsplicHostileBehaviour *behaviour);
void isplic_hostile_behaviour_set_status (IsplicHostileBehaviour *behaviour,
                                          guint                   status);
void isplic_hostile_behaviour_add_header (IsplicHostileBehaviour *behaviour,
                                          const char             *name,
                                          const char             *value);
void isplic_hostile_behaviour_set_body (IsplicHostileBehaviour *behaviour,
                                        const char             *body);
void isplic_hostile_behaviour_set_gzip (IsplicHostileBehaviour *behaviour,
                                        gboolean                gzip);
void isplic_hostile_behaviour_set_interval (IsplicHostileBehaviour *behaviour,
                                            guint                   interval_ms);
/* pages-liar with this p_elems announces one license more than it has sent so far, for ever. */
#define ISPLIC_HOSTILE_P_ELEMS_GROWING G_MAXUINT
void isplic_hostile_behaviour_set_p_elems (IsplicHostileBehaviour *behaviour,
                                           guint                   p_elems);

IsplicHostileBehaviour *isplic_hostile_body (guint       status,
                                             const char *body);
IsplicHostileBehaviour *isplic_hostile_status (guint       status,
                                               const char *retry_after,
                                               const char *body);
IsplicHostileBehaviour *isplic_hostile_drip (guint interval_ms);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsplicHostileBehaviour, isplic_hostile_behaviour_unref)

/* the server */

IsplicHostile *isplic_hostile_new (void);
void isplic_hostile_free (IsplicHostile *hostile);
const char *isplic_hostile_get_url (IsplicHostile *hostile);
const char *isplic_hostile_get_base_url (IsplicHostile *hostile);

void isplic_hostile_script (IsplicHostile          *hostile,
                            const char             *func,
                            IsplicHostileBehaviour *first,
                            ...) G_GNUC_NULL_TERMINATED;
gboolean isplic_hostile_load_script (IsplicHostile  *hostile,
                                     const char     *json_text,
                                     GError        **error);
gboolean isplic_hostile_load_script_file (IsplicHostile  *hostile,
                                          const char     *path,
                                          GError        **error);

/* the request log */

guint isplic_hostile_count (IsplicHostile *hostile,
                            const char    *func);
GPtrArray *isplic_hostile_get_requests (IsplicHostile *hostile);
IsplicHostileRequest *isplic_hostile_get_request (IsplicHostile *hostile,
                                                  guint          index);
IsplicHostileRequest *isplic_hostile_wait_request (IsplicHostile *hostile,
                                                   const char    *func,
                                                   guint          n,
                                                   guint          timeout_ms);
IsplicHostileRequest *isplic_hostile_wait_done (IsplicHostile *hostile,
                                                guint          index,
                                                guint          timeout_ms);
void isplic_hostile_clear_log (IsplicHostile *hostile);
void isplic_hostile_request_free (IsplicHostileRequest *request);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsplicHostileRequest, isplic_hostile_request_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsplicHostile, isplic_hostile_free)

G_END_DECLS
