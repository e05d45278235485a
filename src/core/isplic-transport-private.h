/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * The transport: one billmgr request from start to a parsed result. This is the one place where
 * "bounded" and "confirmed" are enforced for every operation:
 *   - every call is a POST with a form body (func, out=json, lang, the parameters, authinfo last);
 *     credentials only over https:// or to loopback;
 *   - the timeout bounds the request as a whole (connect, headers and body), not each read;
 *   - the answer is read by chunks and refused past ISPLIC_MAX_ANSWER_BYTES after decompression,
 *     into one buffer of the declared Content-Length when there is one (freed once parsed);
 *   - reads may reuse a kept-alive connection; changes and money calls always open a new one,
 *     so that libsoup never sends them again by itself;
 *   - HTTP 403/429/460/503 and billmgr's "Request in process" are ISPLIC_CLIENT_ERROR_BUSY: read
 *     calls wait and try again a few times, changes and money calls never;
 *   - a money call that may have reached the server and did not come back with a confirmation or
 *     a refusal fails with ISPLIC_CLIENT_ERROR_OUTCOME_UNKNOWN; a change without a confirmation
 *     fails with ISPLIC_CLIENT_ERROR_UNCONFIRMED.
 * Parsing runs in a worker thread.
 */

#include "isplic-client.h"
#include "isplic-journal.h"

G_BEGIN_DECLS

struct _IsplicClient
{
  GObject parent_instance;

  SoupSession *session;   /* owned */
  char *base_url;         /* owned */
  char *user;             /* owned, nullable */
  char *password;         /* owned, nullable; wiped on free */
  char *lang;             /* owned */
  guint timeout;          /* seconds for a whole request; 0 = none */
  guint page_size;
  guint retry_delay;      /* milliseconds before the first retry of a busy read */
  gsize max_answer;       /* bytes, after decompression */
  IsplicJournal *journal; /* owned, nullable: changes and charges are written here first */
};

typedef enum {
  ISPLIC_CALL_READ,    /* reads: a busy server is asked again, up to ISPLIC_CALL_RETRIES times */
  ISPLIC_CALL_CHANGE,  /* changes without charge: never retried; needs billmgr's confirmation */
  ISPLIC_CALL_MONEY,   /* charges: never retried; an uncertain end is OUTCOME_UNKNOWN */
} IsplicCallKind;

#define ISPLIC_CALL_RETRIES 3

/* Turns the answer (@data, @length bytes, not NUL-terminated) into the call's result in a worker
 * thread. NULL with @error on failure; a parser that has nothing to return returns
 * GINT_TO_POINTER (TRUE). */
typedef gpointer (*IsplicParseFunc) (const char  *data,
                                     gsize        length,
                                     gpointer     parse_data,
                                     GError     **error);

/* What one operation sends and how its answer is judged; one static const per operation. */
typedef struct
{
  gpointer         source_tag;
  const char      *func;         /* billmgr's function */
  IsplicCallKind   kind;
  const char      *uncertain;    /* MONEY: N_("The order may or may not have been placed.") */
  IsplicParseFunc  parse;
  GDestroyNotify   result_free;  /* nullable */
  gboolean         optional;     /* a function billmgr may not offer (§10): its "missed" or
                                  * "access" refusal is ISPLIC_CLIENT_ERROR_NOT_OFFERED */
} IsplicCallDesc;

/* Starts one request. @pairs holds parameter names and values alternately (borrowed, copied into
 * the body at once); @parse_data (nullable) goes to the parser and is freed with
 * @parse_data_free. The task completes exactly once. */
/* Request pairs whose name starts with this are evidence for the journal (what a license was
 * like before the change, to judge an entry a crash left open): written there, never sent. */
#define ISPLIC_JOURNAL_ONLY_PREFIX "journal."

void     isplic_call_start  (IsplicClient          *self,
                             const IsplicCallDesc  *desc,
                             const char * const    *pairs,
                             gsize                  n_pairs,
                             gpointer               parse_data,
                             GDestroyNotify         parse_data_free,
                             GCancellable          *cancellable,
                             GAsyncReadyCallback    callback,
                             gpointer               user_data);
/* What a caller may want to know while its call runs, on the caller's context; each may be NULL.
 * @data must stay valid until the call completes. */
typedef struct
{
  /* The whole answer has arrived and is being parsed, and libsoup is done with the request: no
   * request of this call is in flight. At most once per attempt (a busy answer is asked
   * again); not at all when the parse was quicker than libsoup. */
  void     (*received) (gpointer data);
  /* The server said it is busy (before the call waits and asks again, or fails). */
  void     (*busy)     (gpointer data);
  gpointer   data;
} IsplicCallHooks;

/* isplic_call_start() with @hooks (nullable, copied). */
void     isplic_call_start_hooked (IsplicClient          *self,
                                   const IsplicCallDesc  *desc,
                                   const char * const    *pairs,
                                   gsize                  n_pairs,
                                   gpointer               parse_data,
                                   GDestroyNotify         parse_data_free,
                                   const IsplicCallHooks *hooks,
                                   GCancellable          *cancellable,
                                   GAsyncReadyCallback    callback,
                                   gpointer               user_data);
/* Success with *out (nullable) or failure. */
gboolean isplic_call_finish (IsplicClient          *self,
                             GAsyncResult          *result,
                             gpointer               source_tag,
                             gpointer              *out,
                             GError               **error);

/* Fails a call before anything is sent: ISPLIC_CLIENT_ERROR_INVALID_INPUT with @message. */
void     isplic_call_return_invalid_input (IsplicClient        *self,
                                           gpointer             source_tag,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data,
                                           const char          *message);

/* The same for a missing or invalid license id. */
const char *isplic_call_no_id_message (void);
void     isplic_call_return_no_id         (IsplicClient        *self,
                                           gpointer             source_tag,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);

/* A tariff change call (service.changepricelist[.pricelist|.getmoney]) for @id to @tariff_id,
 * with sok=ok when @confirm. @nodes (0: not given) is sent as the tariff's node add-on when the
 * tariff takes nodes and ignored otherwise. An unknown tariff, a bad id or a node count above
 * ISPLIC_NODES_MAX completes the call with INVALID_INPUT. (isplic-client-money.c) */
void     isplic_call_start_tariff_change  (IsplicClient          *self,
                                           const IsplicCallDesc  *desc,
                                           const char            *id,
                                           const char            *tariff_id,
                                           guint                  nodes,
                                           gboolean               confirm,
                                           GCancellable          *cancellable,
                                           GAsyncReadyCallback    callback,
                                           gpointer               user_data);

/* TRUE for billmgr's "Request in process, please wait" refusal. */
gboolean isplic_error_is_busy (const GError *error);

/* Overwrites @text with NULs (the password, the request body). */
void     isplic_wipe_string   (char     *text);
void     isplic_wipe_free     (gpointer  text);

G_END_DECLS
