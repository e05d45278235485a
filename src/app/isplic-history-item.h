/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "isplic-core.h"

G_BEGIN_DECLS

/* One journal entry in the History window's list (a GListModel item), with the licenses named
 * from the account's list and the text the search looks in. */
#define ISPLIC_TYPE_HISTORY_ITEM (isplic_history_item_get_type ())
G_DECLARE_FINAL_TYPE (IsplicHistoryItem, isplic_history_item, ISPLIC, HISTORY_ITEM, GObject)

struct _IsplicHistoryItem
{
  GObject parent_instance;

  IsplicJournalEntry *entry;  /* owned */
  char *licenses_text;        /* owned: "web-01 (1234), 1235" */
  char *description;          /* owned: the entry as a sentence */
  char *key;                  /* owned: what the search looks in, case-folded */
};

/* @entry: (transfer full); @licenses (nullable): for the licenses' names. Main thread. */
IsplicHistoryItem  *isplic_history_item_new        (IsplicJournalEntry *entry,
                                                    IsplicLicenseList  *licenses);
/* Replaces the entry (the same one read again, with its outcome): (transfer full). */
void                isplic_history_item_set_entry  (IsplicHistoryItem  *self,
                                                    IsplicJournalEntry *entry,
                                                    IsplicLicenseList  *licenses);
/* (transfer full) "web-01 (1234)", or the id alone when the list does not know the license. */
char               *isplic_history_license_text    (IsplicLicenseList  *licenses,
                                                    const char         *id);
/* How IspLic names an outcome, e.g. "Outcome unknown — check before repeating". */
const char         *isplic_history_outcome_label   (IsplicJournalOutcome outcome);
/* (transfer full, nullable) the locale's date with the time of day. */
char               *isplic_history_format_time     (GDateTime          *time);
/* (transfer full) The rows of IsplicHistoryItem: what, when, licenses, a money marker, the
 * outcome badge and the server's message; plain text throughout. */
GtkListItemFactory *isplic_history_row_factory_new (void);

G_END_DECLS
