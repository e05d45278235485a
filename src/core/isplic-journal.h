/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * A local journal of every change IspLic sent: when, on which account, what, and what the server
 * answered. A money operation is written (and flushed to disk) before it is sent, so after a crash
 * or a power cut between sending and the answer the next start finds the entry still open and
 * reconciles it. One file of JSON lines under the user's data folder, mode 0600; it never holds a
 * password or a license key (callers pass a description, not the request).
 */

typedef enum {
  ISPLIC_JOURNAL_OPEN = 0,       /* sent (or about to be); no answer written yet */
  ISPLIC_JOURNAL_DONE,           /* the server confirmed it */
  ISPLIC_JOURNAL_NOT_DONE,       /* refused, or proven not made */
  ISPLIC_JOURNAL_UNKNOWN,        /* outcome unknown after the reconcile */
} IsplicJournalOutcome;

typedef struct
{
  guint64 id;                    /* unique within the journal, increasing */
  GDateTime *sent;               /* owned */
  GDateTime *ended;              /* owned, nullable: still open */
  char *account;                 /* owned: "user @ server" */
  char *operation;               /* owned: "order", "renew", "change-tariff", … */
  char **licenses;               /* owned, NULL-terminated: the license ids concerned */
  char *what;                    /* owned: a one-line description ("Renew 3 licenses for 12 months") */
  gboolean money;                /* the operation may charge the account */
  GHashTable *params;            /* owned: the request's parameters (none secret), name → value */
  IsplicJournalOutcome outcome;
  char *message;                 /* owned, nullable: the server's answer or the reconcile's */
} IsplicJournalEntry;

void        isplic_journal_entry_free   (IsplicJournalEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsplicJournalEntry, isplic_journal_entry_free)
const char *isplic_journal_outcome_to_nick (IsplicJournalOutcome outcome);
/* (transfer full) The entry as a sentence in the locale's language ("Renew license 3100234 for
 * 12 months"); what it was written as when it cannot be told that way. */
char       *isplic_journal_entry_describe  (const IsplicJournalEntry *entry);

#define ISPLIC_TYPE_JOURNAL (isplic_journal_get_type ())
G_DECLARE_FINAL_TYPE (IsplicJournal, isplic_journal, ISPLIC, JOURNAL, GObject)

/* (transfer full) The journal file under g_get_user_data_dir(). */
char          *isplic_journal_default_path (void);
IsplicJournal *isplic_journal_new          (const char *path);
const char    *isplic_journal_get_path     (IsplicJournal *self);

/* Appends an open entry and flushes it to disk before returning. Returns its id, or 0 with
 * @error set when it could not be written (a money operation must then not be sent). */
guint64    isplic_journal_begin    (IsplicJournal *self, const char *account,
                                    const char *operation, const char * const *licenses,
                                    const char *what, gboolean money, GError **error);
/* The same with the request's parameters (@params: names and values alternately, @n_params
 * strings; nullable), kept for the reconcile. Never pass a secret. */
guint64    isplic_journal_begin_full (IsplicJournal *self, const char *account,
                                      const char *operation, const char * const *licenses,
                                      const char *what, gboolean money,
                                      const char * const *params, gsize n_params,
                                      GError **error);
/* (transfer full) The account as the journal names it: "user @ server". */
char      *isplic_journal_account_name (const char *server_url, const char *user);
/* Appends the outcome of entry @id. @message (nullable) is kept to 1,000 characters. */
gboolean   isplic_journal_end      (IsplicJournal *self, guint64 id, IsplicJournalOutcome outcome,
                                    const char *message, GError **error);
/* (transfer full, element-type IsplicJournalEntry) Every entry, oldest first, with its outcome
 * folded in. Unreadable lines are skipped; a missing file is an empty journal. */
GPtrArray *isplic_journal_read     (IsplicJournal *self, GError **error);
/* (transfer full) The entries still open, oldest first (those of @account only when not NULL). */
GPtrArray *isplic_journal_open_entries (IsplicJournal *self, const char *account, GError **error);

G_END_DECLS
