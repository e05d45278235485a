/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What the background check tells, on a controllable clock: each notice once, again only when
 * what it says changes; the state file private and without names.
 */
#include "config.h"

#include <sys/stat.h>

#include <glib/gstdio.h>

#include "isplic-core.h"
#include "isplic-test-utils.h"

static IsplicLicense *
add (GListStore          *store,
     const char          *id,
     const char          *name,
     GDateTime           *now,
     int                  days,
     int                  auto_renew,
     const char          *cost,
     IsplicLicenseStatus  status)
{
  g_autoptr(IsplicLicense) license = isplic_license_new (id);
  g_autoptr(GDateTime) expires = g_date_time_add_days (now, days);

  isplic_license_set_name (license, name);
  isplic_license_set_expires (license, expires);
  isplic_license_set_auto_renew (license, auto_renew);
  isplic_license_set_cost (license, cost);
  isplic_license_set_period (license, 1);
  isplic_license_set_status (license, status);
  g_list_store_append (store, license);
  return license;
}

static GPtrArray *
check (IsplicWatch         *watch,
       GListStore          *store,
       const IsplicBalance *balance,
       GDateTime           *now,
       guint                kinds)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *notices = isplic_watch_check (watch, G_LIST_MODEL (store), balance, now, 7, kinds,
                                           &error);

  g_assert_no_error (error);
  g_assert_nonnull (notices);
  return notices;
}

static IsplicWatchNotice *
find (GPtrArray       *notices,
      IsplicWatchKind  kind)
{
  for (guint i = 0; i < notices->len; i++)
    if (((IsplicWatchNotice *) notices->pdata[i])->kind == kind)
      return notices->pdata[i];
  return NULL;
}

static void
test_watch (void)
{
  g_autofree char *path = isplic_watch_default_path ();
  g_autoptr(IsplicWatch) watch = isplic_watch_new (path, "reseller @ https://billing.example");
  g_autoptr(GListStore) store = g_list_store_new (ISPLIC_TYPE_LICENSE);
  g_autoptr(GDateTime) now = g_date_time_new_local (2027, 3, 1, 10, 0, 0);
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 21);
  IsplicBalance balance = { { 1500, g_intern_string ("EUR"), 0 }, NULL, NULL };
  IsplicBalance rich = { { 100000, g_intern_string ("EUR"), 0 }, NULL, NULL };
  g_autoptr(GPtrArray) notices = NULL;
  g_autofree char *state = NULL;
  IsplicWatchNotice *notice;
  IsplicLicense *order;
  GStatBuf st;

  add (store, "1", "Сервер-1", now, 3, 0, "10.00 EUR / Month", ISPLIC_LICENSE_STATUS_ACTIVE);
  add (store, "2", "web-02", now, 5, 0, "20.00 EUR / Month", ISPLIC_LICENSE_STATUS_ACTIVE);
  add (store, "3", "auto", now, 3, 12, "20.00 EUR / Month", ISPLIC_LICENSE_STATUS_ACTIVE);
  add (store, "4", "far", now, 60, 0, "20.00 EUR / Month", ISPLIC_LICENSE_STATUS_ACTIVE);
  add (store, "5", "expired", now, -2, 0, "20.00 EUR / Month", ISPLIC_LICENSE_STATUS_ACTIVE);
  order = add (store, "6", "new-order", now, 30, 0, "20.00 EUR / Month",
               ISPLIC_LICENSE_STATUS_PROCESSING);
  add (store, "7", "pool", now, 40, 0, "20.00 EUR / Month", ISPLIC_LICENSE_STATUS_SUSPENDED);

  /* First check: the two expiring without auto-renewal, and the balance short of 30 EUR. A
   * license processing at the first look is not told as "ready" (it may have been for days). */
  notices = check (watch, store, &balance, now, ISPLIC_WATCH_ALL);
  g_assert_cmpuint (notices->len, ==, 2);
  notice = find (notices, ISPLIC_WATCH_EXPIRING);
  g_assert_nonnull (notice);
  g_assert_cmpuint (g_strv_length (notice->ids), ==, 2);
  g_assert_true (g_strv_contains ((const char * const *) notice->ids, "1"));
  g_assert_true (g_strv_contains ((const char * const *) notice->ids, "2"));
  g_assert_nonnull (strstr (notice->title, "2 licenses expire within 7 days"));
  g_assert_nonnull (strstr (notice->body, "Сервер-1"));
  notice = find (notices, ISPLIC_WATCH_BALANCE);
  g_assert_nonnull (notice);
  g_assert_nonnull (strstr (notice->body, "30.00 EUR"));
  g_assert_nonnull (strstr (notice->body, "15.00 EUR"));
  g_clear_pointer (&notices, g_ptr_array_unref);

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (path, &state, NULL, NULL));
  g_assert_null (strstr (state, "Сервер"));
  g_assert_null (strstr (state, "billing.example"));

  /* Nothing changed: nothing told. */
  notices = check (watch, store, &balance, now, ISPLIC_WATCH_ALL);
  g_assert_cmpuint (notices->len, ==, 0);
  g_clear_pointer (&notices, g_ptr_array_unref);

  /* The order became active: told once; enough money now: no balance notice. */
  isplic_license_set_status (order, ISPLIC_LICENSE_STATUS_ACTIVE);
  notices = check (watch, store, &rich, now, ISPLIC_WATCH_ALL);
  g_assert_cmpuint (notices->len, ==, 1);
  notice = find (notices, ISPLIC_WATCH_ORDER_READY);
  g_assert_nonnull (notice);
  g_assert_cmpstr (notice->ids[0], ==, "6");
  g_assert_nonnull (strstr (notice->title, "new-order is active"));
  g_clear_pointer (&notices, g_ptr_array_unref);

  /* Another license comes into the warning period: told again, with all three. */
  add (store, "8", "third", now, 6, 0, "5.00 EUR / Month", ISPLIC_LICENSE_STATUS_ACTIVE);
  notices = check (watch, store, &rich, now, ISPLIC_WATCH_ALL);
  g_assert_cmpuint (notices->len, ==, 1);
  g_assert_cmpuint (g_strv_length (find (notices, ISPLIC_WATCH_EXPIRING)->ids), ==, 3);
  g_clear_pointer (&notices, g_ptr_array_unref);

  /* Three weeks on, the suspended license is near deletion: told once. (By then the others have
   * expired and left the warning period.) */
  notices = check (watch, store, &rich, later, ISPLIC_WATCH_LONG_SUSPENDED);
  g_assert_cmpuint (notices->len, ==, 1);
  notice = find (notices, ISPLIC_WATCH_LONG_SUSPENDED);
  g_assert_cmpstr (notice->ids[0], ==, "7");
  g_assert_nonnull (strstr (notice->body, "pool"));
  g_clear_pointer (&notices, g_ptr_array_unref);
  notices = check (watch, store, &rich, later, ISPLIC_WATCH_LONG_SUSPENDED);
  g_assert_cmpuint (notices->len, ==, 0);
  g_clear_pointer (&notices, g_ptr_array_unref);

  /* A damaged state file starts afresh: told again. */
  g_assert_true (g_file_set_contents (path, "\x01garbage[[[", -1, NULL));
  notices = check (watch, store, &balance, now, ISPLIC_WATCH_EXPIRING);
  g_assert_cmpuint (notices->len, ==, 1);
}

static void
test_renewals_due (void)
{
  g_autoptr(GListStore) store = g_list_store_new (ISPLIC_TYPE_LICENSE);
  g_autoptr(GDateTime) now = g_date_time_new_local (2027, 3, 1, 10, 0, 0);
  IsplicMoney due;
  guint n;

  g_assert_true (isplic_renewals_due (G_LIST_MODEL (store), now, 7, &due, &n));
  g_assert_cmpuint (n, ==, 0);
  add (store, "1", "a", now, 0, 0, "10.00 EUR / Month", ISPLIC_LICENSE_STATUS_ACTIVE);
  add (store, "2", "b", now, 7, 0, "400.00 EUR / Year", ISPLIC_LICENSE_STATUS_ACTIVE);
  add (store, "3", "c", now, 8, 0, "1.00 EUR / Month", ISPLIC_LICENSE_STATUS_ACTIVE);
  g_assert_true (isplic_renewals_due (G_LIST_MODEL (store), now, 7, &due, &n));
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpint (due.amount, ==, 41000);
  g_assert_cmpstr (due.currency, ==, "EUR");
  /* Two currencies: nothing can be told. */
  add (store, "4", "d", now, 1, 0, "100.00 RUB / Month", ISPLIC_LICENSE_STATUS_ACTIVE);
  g_assert_false (isplic_renewals_due (G_LIST_MODEL (store), now, 7, &due, &n));
}

/* The tally counts the same in one pass and in steps of any size, over a store and in place over
 * a license list; an unreadable cost stops the sum, not the counts. */
static void
test_expiry_tally (void)
{
  g_autoptr(GListStore) store = g_list_store_new (ISPLIC_TYPE_LICENSE);
  g_autoptr(IsplicLicenseList) list = isplic_license_list_new (NULL);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GDateTime) now = g_date_time_new_local (2027, 3, 1, 10, 0, 0);
  const guint steps[] = { 1, 7, 1000 };
  guint expiring = 0, due = 0;
  gint64 due_amount = 0;

  for (int i = 0; i < 60; i++)
    {
      g_autofree char *id = g_strdup_printf ("%d", i + 1);
      int days = i % 25 - 3;
      int auto_renew = i % 3 == 0;
      IsplicLicenseStatus status = i % 11 == 0 ? ISPLIC_LICENSE_STATUS_DELETED
                                               : ISPLIC_LICENSE_STATUS_ACTIVE;
      IsplicLicense *license = add (store, id, id, now, days, auto_renew, "2.50 EUR / Month",
                                    status);

      g_ptr_array_add (items, g_object_ref (license));
      if (days >= 0 && days <= 14 && status != ISPLIC_LICENSE_STATUS_DELETED)
        {
          expiring++;
          if (!auto_renew)
            {
              due++;
              due_amount += 250;
            }
        }
    }
  isplic_license_list_update (list, items);
  g_assert_cmpuint (expiring, >, 10);

  for (guint s = 0; s < G_N_ELEMENTS (steps); s++)
    for (int in_list = 0; in_list < 2; in_list++)
      {
        GListModel *model = in_list ? G_LIST_MODEL (list) : G_LIST_MODEL (store);
        IsplicExpiryTally tally;
        guint calls = 0;

        isplic_expiry_tally_init (&tally, 14, now);
        while (!isplic_expiry_tally_step (&tally, model, steps[s]))
          calls++;
        g_assert_cmpuint (calls, ==, (60 + steps[s] - 1) / steps[s] - 1);
        g_assert_cmpuint (tally.n_expiring, ==, expiring);
        g_assert_cmpuint (tally.n_due, ==, due);
        g_assert_true (tally.due_known);
        g_assert_cmpint (tally.due.amount, ==, due_amount);
        g_assert_cmpstr (tally.due.currency, ==, "EUR");
        /* A finished tally stays finished. */
        g_assert_true (isplic_expiry_tally_step (&tally, model, steps[s]));
        g_assert_cmpuint (tally.n_expiring, ==, expiring);
      }

  /* A cost that is not money: the sum is unknown, the counts still hold. */
  {
    IsplicExpiryTally tally;

    add (store, "x", "x", now, 2, 0, "ask your manager", ISPLIC_LICENSE_STATUS_ACTIVE);
    isplic_expiry_tally_init (&tally, 14, now);
    g_assert_true (isplic_expiry_tally_step (&tally, G_LIST_MODEL (store), G_MAXUINT));
    g_assert_cmpuint (tally.n_expiring, ==, expiring + 1);
    g_assert_cmpuint (tally.n_due, ==, due + 1);
    g_assert_false (tally.due_known);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = isplic_test_private_home ();
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/watch/notices", test_watch);
  g_test_add_func ("/watch/expiry-tally", test_expiry_tally);
  g_test_add_func ("/watch/renewals-due", test_renewals_due);
  status = g_test_run ();
  isplic_test_remove_tree (home);
  return status;
}
