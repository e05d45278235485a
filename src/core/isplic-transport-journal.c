/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The journal's record of a change or charge: written before it is sent (a charge that cannot be
 * written is not sent), ended with its outcome. */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "isplic-client-private.h"
#include "isplic-transport-call-private.h"
#include "isplic-util.h"

/* The journal's entry of a change or charge gets its outcome: done only on the server's word;
 * not done when nothing left or the server refused; unknown otherwise. */
void
isplic_call_journal_end (Call         *call,
                         const GError *error)
{
  IsplicJournalOutcome outcome;

  if (call->journal == NULL || call->journal_id == 0)
    return;
  if (error == NULL)
    outcome = ISPLIC_JOURNAL_DONE;
  else if (g_error_matches (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_OUTCOME_UNKNOWN)
           || g_error_matches (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_UNCONFIRMED))
    outcome = ISPLIC_JOURNAL_UNKNOWN;
  else if (!call->body_written || error->domain == ISPLIC_BILLMGR_ERROR
           || g_error_matches (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_BUSY))
    outcome = ISPLIC_JOURNAL_NOT_DONE;
  else
    outcome = ISPLIC_JOURNAL_UNKNOWN;
  /* A journal that cannot be written now loses only this line; the entry stays open and is
   * reconciled at the next start. */
  isplic_journal_end (call->journal, call->journal_id, outcome,
                      error != NULL ? error->message : NULL, NULL);
  call->journal_id = 0;
}

/* Parameters that may go into the journal: what identifies the operation, never a secret. */
static gboolean
journal_param (const char *name)
{
  static const char * const kept[] = {
    "elid", "ip", "licname", "pricelist", "period", "autoprolong", "addon_55236", "clicked_button",
    "sok", "skipbasket", "faction", NULL,
  };

  return g_strv_contains (kept, name) || g_str_has_prefix (name, ISPLIC_JOURNAL_ONLY_PREFIX);
}

/* Writes the journal's entry for a change or charge, before it is sent. FALSE only when a
 * charge's entry could not be written. */
gboolean
isplic_call_journal_begin (IsplicClient        *self,
                           Call                *call,
                           const char * const  *pairs,
                           gsize                n_pairs,
                           GError             **error)
{
  g_autofree char *account = isplic_journal_account_name (self->base_url, self->user);
  g_autoptr(GPtrArray) params = g_ptr_array_new ();
  g_autoptr(GString) what = g_string_new (call->desc->func);
  g_auto(GStrv) ids = NULL;
  gboolean money = call->desc->kind == ISPLIC_CALL_MONEY;

  for (gsize i = 0; i + 1 < n_pairs; i += 2)
    {
      if (!journal_param (pairs[i]))
        continue;
      g_ptr_array_add (params, (gpointer) pairs[i]);
      g_ptr_array_add (params, (gpointer) pairs[i + 1]);
      if (g_str_equal (pairs[i], "elid"))
        {
          g_strfreev (ids);
          ids = g_strsplit (pairs[i + 1], ", ", -1);
        }
      else if (!g_str_equal (pairs[i], "sok") && !g_str_equal (pairs[i], "clicked_button")
               && !g_str_has_prefix (pairs[i], ISPLIC_JOURNAL_ONLY_PREFIX))
        g_string_append_printf (what, " %s=%.100s", pairs[i], pairs[i + 1]);
    }
  call->journal_id = isplic_journal_begin_full (self->journal, account, call->desc->func,
                                                (const char * const *) ids, what->str, money,
                                                (const char * const *) params->pdata, params->len,
                                                error);
  if (call->journal_id == 0)
    {
      if (money)
        return FALSE;
      /* A change without a line in the journal is still made: say so in the log only. */
      g_message ("%s", (*error)->message);
      g_clear_error (error);
      return TRUE;
    }
  call->journal = g_object_ref (self->journal);
  return TRUE;
}

