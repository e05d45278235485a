/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * One call to billmgr as the transport runs it (isplic-transport.c), shared with what a failure
 * means (isplic-transport-errors.c) and the journal's record of it (isplic-transport-journal.c).
 * Private to those three files.
 */

#include <libsoup/soup.h>

#include "isplic-transport-private.h"

typedef struct
{
  const IsplicCallDesc *desc;
  char *host;                  /* owned: for messages */
  char *url;                   /* owned */
  GBytes *request;             /* owned: the form body (holds the password; wiped on free) */
  SoupMessage *message;        /* owned, nullable: the current attempt's */
  GInputStream *stream;        /* owned, nullable: the answer's body */
  guint8 *buffer;              /* owned, nullable: the answer read so far */
  gsize length;                /* bytes of it filled */
  gsize capacity;              /* bytes allocated; never more than max_answer + 1 */
  gsize expected;              /* the declared Content-Length, 0 when not known */
  IsplicCallHooks hooks;       /* borrowed data */
  gboolean answer_read;        /* the whole answer is in the buffer */
  gboolean message_finished;   /* libsoup is done with the message (its connection is free) */
  gboolean received_told;      /* hooks.received has been called */
  GCancellable *cancellable;   /* owned: the current attempt's, cancelled by the outer one or
                                * by the timeout */
  GCancellable *outer;         /* owned, nullable: the caller's */
  gulong outer_handler;
  GSource *timeout_source;     /* owned, nullable */
  GSource *retry_source;       /* owned, nullable */
  gpointer parse_data;         /* owned by parse_data_free */
  GDestroyNotify parse_data_free;
  GBytes *body;                /* owned, nullable: the whole answer */
  gsize max_answer;
  gsize reading;               /* bytes asked of the current read */
  guint timeout;
  guint retry_delay;
  guint attempt;               /* 0 for the first */
  guint retry_after;           /* seconds the server asked us to wait, 0 if it did not say */
  gboolean timed_out;
  gboolean body_written;
  IsplicJournal *journal;      /* owned, nullable: where a change or charge is written */
  guint64 journal_id;          /* its entry, 0 when none is open */
} Call;

static inline gboolean
isplic_call_is_money (Call *call)
{
  return call->desc->kind == ISPLIC_CALL_MONEY;
}

/* isplic-transport-errors.c: each returns the error to report (transfer full). */
GError  *isplic_call_uncertain_error      (Call *call, const char *cause);
GError  *isplic_call_after_sending_error  (Call *call, int code, const char *cause);
GError  *isplic_call_map_transport_error  (Call *call, const GError *error);
GError  *isplic_call_too_large_error      (Call *call);
/* Takes @error. */
GError  *isplic_call_map_not_offered      (GError *error);
gboolean isplic_call_status_is_busy       (guint status);

/* isplic-transport-journal.c */
void     isplic_call_journal_end          (Call *call, const GError *error);
gboolean isplic_call_journal_begin        (IsplicClient *self, Call *call,
                                           const char * const *pairs, gsize n_pairs,
                                           GError **error);
