/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "isplic-client.h"

G_BEGIN_DECLS

/*
 * What needs the reseller's attention in an account, told once: licenses expiring without
 * auto-renewal, a balance that will not cover the renewals due, orders that became active,
 * licenses suspended for 20 days (billmgr deletes them at 30). The background check turns each
 * notice into a desktop notification; a notice is not given again until what it says changes.
 * The state (what was told, since when a license is suspended) is kept per account in a key file
 * under the user's data folder: ids, dates and digests only.
 */

typedef enum {
  ISPLIC_WATCH_EXPIRING        = 1 << 0,
  ISPLIC_WATCH_BALANCE         = 1 << 1,
  ISPLIC_WATCH_ORDER_READY     = 1 << 2,
  ISPLIC_WATCH_LONG_SUSPENDED  = 1 << 3,
} IsplicWatchKind;

#define ISPLIC_WATCH_ALL 0xf
/* billmgr deletes a license suspended for 30 days; we warn at 20. */
#define ISPLIC_WATCH_SUSPENDED_DAYS 20

typedef struct
{
  IsplicWatchKind kind;
  char **ids;          /* owned: the licenses to show when the notice is opened */
  char *title;         /* owned, translated */
  char *body;          /* owned, translated */
} IsplicWatchNotice;

void isplic_watch_notice_free (IsplicWatchNotice *notice);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsplicWatchNotice, isplic_watch_notice_free)

/* Counts, over a list of licenses, those expiring within a window and what renewing the ones
 * without auto-renewal costs: one pass, which can be split across main-loop iterations. */
typedef struct
{
  IsplicExpiryWindow window;
  guint next;          /* the position counted next */
  guint n_expiring;    /* not deleted, expiring within the window */
  guint n_due;         /* of those, the ones without auto-renewal */
  IsplicMoney due;     /* their costs added up (period 0), when due_known */
  gboolean due_known;  /* FALSE: a cost could not be read, or the currencies differ */
} IsplicExpiryTally;

void     isplic_expiry_tally_init (IsplicExpiryTally *tally, guint warning_days, GDateTime *now);
/* Counts at most @max more licenses of @licenses, from tally->next; TRUE when it reached the
 * end. A license list is read in place, without a reference per license. */
gboolean isplic_expiry_tally_step (IsplicExpiryTally *tally, GListModel *licenses, guint max);

/* The cost of renewing, once each, the licenses without auto-renewal that expire within @days:
 * TRUE with *due and *n_due set; FALSE when their costs are in different currencies or cannot
 * be read (nothing can be told). *n_due 0 and TRUE when none is due. */
gboolean isplic_renewals_due (GListModel *licenses, GDateTime *now, guint days,
                              IsplicMoney *due, guint *n_due);

#define ISPLIC_TYPE_WATCH (isplic_watch_get_type ())
G_DECLARE_FINAL_TYPE (IsplicWatch, isplic_watch, ISPLIC, WATCH, GObject)

/* (transfer full) The state file under g_get_user_data_dir(). */
char        *isplic_watch_default_path (void);
/* @account: a stable name for the account ("user @ server"); only its digest is stored. */
IsplicWatch *isplic_watch_new          (const char *path, const char *account);

/* Forgets what was seen and told for @account (its account was removed); no error when
 * nothing was kept. */
gboolean     isplic_watch_forget       (const char *path, const char *account, GError **error);
/* Compares @licenses (a GListModel of IsplicLicense) and @balance (nullable: not known) at @now
 * with what was seen and told before, saves the new state and returns (transfer full) the
 * notices of the @kinds asked for that were not given yet. An unreadable state file starts
 * afresh (and tells again); one that cannot be written is an error (no notices then, so that
 * nothing repeats at every check). */
GPtrArray   *isplic_watch_check        (IsplicWatch *self, GListModel *licenses,
                                        const IsplicBalance *balance, GDateTime *now,
                                        guint warning_days, guint kinds, GError **error);

G_END_DECLS
