/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "isplic-core.h"

G_BEGIN_DECLS

/*
 * The journal read in a worker thread for the app: a journal may hold thousands of lines, which
 * must not stop the window. A fresh IsplicJournal on the same file is read there: reading only
 * parses the file, and an entry the transport writes meanwhile shows at the next read.
 */

/* The entries of @account (those concerning @license_id only, when not NULL), newest first.
 * @journal_path: isplic_journal_get_path() of the client's journal. */
void       isplic_journal_read_account_async  (const char          *journal_path,
                                               const char          *account,
                                               const char          *license_id,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
/* (transfer full, element-type IsplicJournalEntry) */
GPtrArray *isplic_journal_read_account_finish (GAsyncResult        *result,
                                               GError             **error);

G_END_DECLS
