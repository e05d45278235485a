/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "isplic-journal-read.h"

typedef struct
{
  char *path;
  char *account;
  char *license_id;  /* nullable */
} ReadData;

static void
read_data_free (ReadData *data)
{
  g_free (data->path);
  g_free (data->account);
  g_free (data->license_id);
  g_free (data);
}

static gboolean
concerns (IsplicJournalEntry *entry,
          const char         *license_id)
{
  return license_id == NULL
         || g_strv_contains ((const char * const *) entry->licenses, license_id);
}

static void
read_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ReadData *data = task_data;
  g_autoptr(IsplicJournal) journal = isplic_journal_new (data->path);
  g_autoptr(GPtrArray) entries = NULL;
  GPtrArray *result;
  GError *error = NULL;

  entries = isplic_journal_read (journal, &error);
  if (entries == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  result = g_ptr_array_new_with_free_func ((GDestroyNotify) isplic_journal_entry_free);
  for (guint i = entries->len; i > 0; i--)
    {
      IsplicJournalEntry *entry = g_ptr_array_index (entries, i - 1);

      if (g_strcmp0 (entry->account, data->account) == 0 && concerns (entry, data->license_id))
        g_ptr_array_add (result, g_ptr_array_steal_index_fast (entries, i - 1));
    }
  g_task_return_pointer (task, result, (GDestroyNotify) g_ptr_array_unref);
}

void
isplic_journal_read_account_async (const char          *journal_path,
                                   const char          *account,
                                   const char          *license_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ReadData *data;

  g_return_if_fail (journal_path != NULL);
  g_return_if_fail (account != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, isplic_journal_read_account_async);
  data = g_new0 (ReadData, 1);
  data->path = g_strdup (journal_path);
  data->account = g_strdup (account);
  data->license_id = g_strdup (license_id);
  g_task_set_task_data (task, data, (GDestroyNotify) read_data_free);
  /* A cancelled read answers at once; the thread's result is dropped. */
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, read_thread);
}

GPtrArray *
isplic_journal_read_account_finish (GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
