/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The session's journal (issue 11): every change and charge of a real account is written before
 * it is sent; at sign-in, what an earlier run sent without seeing the answer is looked into with
 * the server and told once ("journal-told"). The demo writes nothing.
 */
#include "config.h"

#include "isplic-session-private.h"

static void
reconciled_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(IsplicSession) self = user_data;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  entries = isplic_client_reconcile_journal_finish (ISPLIC_CLIENT (source), result, &error);
  if (entries == NULL)
    {
      /* They stay open: looked into again at the next sign-in. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_message ("Could not look into the journal's open entries: %s", error->message);
      return;
    }
  if (entries->len > 0 && ISPLIC_CLIENT (source) == self->client)
    g_signal_emit_by_name (self, "journal-told", entries);
}

void
isplic_session_start_journal (IsplicSession *self,
                              IsplicClient  *client)
{
  g_autofree char *path = NULL;
  g_autoptr(IsplicJournal) journal = NULL;

  if (self->demo)
    return;
  path = isplic_journal_default_path ();
  journal = isplic_journal_new (path);
  isplic_client_set_journal (client, journal);
  isplic_client_reconcile_journal_async (client, self->cancellable, reconciled_cb,
                                         g_object_ref (self));
}
