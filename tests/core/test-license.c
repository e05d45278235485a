/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "isplic-core.h"
#include "isplic-license-private.h"
#include "isplic-test-utils.h"

typedef struct
{
  GPtrArray *names;  /* property names notified, in order */
} NotifyLog;

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           NotifyLog  *log)
{
  g_ptr_array_add (log->names, g_strdup (pspec->name));
}

static guint
count_notifies (NotifyLog  *log,
                const char *name)
{
  guint n = 0;

  for (guint i = 0; i < log->names->len; i++)
    if (g_str_equal (g_ptr_array_index (log->names, i), name))
      n++;
  return n;
}

static void
test_license_properties (void)
{
  g_autoptr(IsplicLicense) license = isplic_license_new ("42");
  g_autoptr(GDateTime) expires = isplic_date_parse ("2030-05-06");
  g_autofree char *id = NULL;
  g_autofree char *label = NULL;
  IsplicLicenseStatus status;
  GDateTime *got = NULL;

  g_object_set (license, "name", "srv", "ip", "192.0.2.1", "tariff-id", "55227",
                "status", ISPLIC_LICENSE_STATUS_ACTIVE, "expires", expires, "period", 12,
                "auto-renew", 12, "nodes", 0, "cost", "1 EUR", "key", "42-abc", NULL);
  g_object_get (license, "id", &id, "status", &status, "status-label", &label, "expires", &got,
                NULL);
  g_assert_cmpstr (id, ==, "42");
  g_assert_cmpint (status, ==, ISPLIC_LICENSE_STATUS_ACTIVE);
  g_assert_cmpstr (label, ==, "Active");
  g_assert_true (g_date_time_equal (got, expires));
  g_date_time_unref (got);
  g_assert_cmpstr (isplic_license_get_key (license), ==, "42-abc");
  g_assert_cmpint (isplic_license_get_period (license), ==, 12);

  /* Enum type and nicks */
  g_assert_true (G_TYPE_IS_ENUM (ISPLIC_TYPE_LICENSE_STATUS));
  g_assert_cmpstr (isplic_license_status_to_nick (ISPLIC_LICENSE_STATUS_SUSPENDED), ==,
                   "suspended");
  g_assert_cmpstr (isplic_license_status_to_nick (ISPLIC_LICENSE_STATUS_PROCESSING), ==,
                   "processing");
  g_assert_cmpstr (isplic_license_status_to_nick (99), ==, "unknown");
  g_assert_cmpstr (isplic_license_status_to_label (ISPLIC_LICENSE_STATUS_ORDERED), ==, "Ordered");
  g_assert_cmpstr (isplic_license_status_to_label (ISPLIC_LICENSE_STATUS_DELETED), ==, "Deleted");

  /* The server's label wins over the built-in one. */
  isplic_license_set_status_label (license, "Активен");
  g_assert_cmpstr (isplic_license_get_status_label (license), ==, "Активен");
  isplic_license_set_status_label (license, NULL);
  g_assert_cmpstr (isplic_license_get_status_label (license), ==, "Active");
}

static void
test_license_notify_only_on_change (void)
{
  g_autoptr(IsplicLicense) license = isplic_license_new ("1");
  g_autoptr(GDateTime) d1 = isplic_date_parse ("2030-01-01");
  g_autoptr(GDateTime) d1_again = isplic_date_parse ("2030-01-01");
  g_autoptr(GDateTime) d2 = isplic_date_parse ("2030-01-02");
  g_autofree char *name = g_strdup ("web");
  NotifyLog log = { g_ptr_array_new_with_free_func (g_free) };

  g_signal_connect (license, "notify", G_CALLBACK (notify_cb), &log);

  isplic_license_set_name (license, "web");
  g_assert_cmpuint (log.names->len, ==, 1);
  isplic_license_set_name (license, name);   /* equal text, different pointer */
  g_assert_cmpuint (log.names->len, ==, 1);
  isplic_license_set_expires (license, d1);
  isplic_license_set_expires (license, d1_again);   /* equal date, different object */
  g_assert_cmpuint (count_notifies (&log, "expires"), ==, 1);
  isplic_license_set_expires (license, d2);
  g_assert_cmpuint (count_notifies (&log, "expires"), ==, 2);
  isplic_license_set_expires (license, NULL);
  isplic_license_set_expires (license, NULL);
  g_assert_cmpuint (count_notifies (&log, "expires"), ==, 3);

  isplic_license_set_status (license, ISPLIC_LICENSE_STATUS_ACTIVE);
  isplic_license_set_status (license, ISPLIC_LICENSE_STATUS_ACTIVE);
  g_assert_cmpuint (count_notifies (&log, "status"), ==, 1);
  g_assert_cmpuint (count_notifies (&log, "status-label"), ==, 1);

  isplic_license_set_period (license, 12);
  isplic_license_set_period (license, 12);
  g_assert_cmpuint (count_notifies (&log, "period"), ==, 1);

  /* g_object_set with the same value: still no notify (explicit notify). */
  g_ptr_array_set_size (log.names, 0);
  g_object_set (license, "name", "web", "period", 12, "status", ISPLIC_LICENSE_STATUS_ACTIVE,
                NULL);
  g_assert_cmpuint (log.names->len, ==, 0);

  g_signal_handlers_disconnect_by_func (license, notify_cb, &log);
  g_ptr_array_unref (log.names);
}

static IsplicLicense *
make_license (const char *id,
              const char *name,
              const char *expires)
{
  IsplicLicense *license = isplic_license_new (id);
  g_autoptr(GDateTime) date = isplic_date_parse (expires);

  isplic_license_set_name (license, name);
  isplic_license_set_ip (license, "192.0.2.1");
  isplic_license_set_status (license, ISPLIC_LICENSE_STATUS_ACTIVE);
  isplic_license_set_expires (license, date);
  return license;
}

static void
test_license_update_from (void)
{
  g_autoptr(IsplicLicense) a = make_license ("7", "a", "2030-01-01");
  g_autoptr(IsplicLicense) b = make_license ("7", "a", "2030-01-01");
  NotifyLog log = { g_ptr_array_new_with_free_func (g_free) };

  isplic_license_set_key (a, "7-key");
  g_signal_connect (a, "notify", G_CALLBACK (notify_cb), &log);

  isplic_license_update_from (a, b);
  g_assert_cmpuint (log.names->len, ==, 0);
  g_assert_cmpstr (isplic_license_get_key (a), ==, "7-key");   /* NULL key keeps the known one */

  isplic_license_set_name (b, "renamed");
  isplic_license_set_status (b, ISPLIC_LICENSE_STATUS_SUSPENDED);
  isplic_license_update_from (a, b);
  g_assert_cmpuint (count_notifies (&log, "name"), ==, 1);
  g_assert_cmpuint (count_notifies (&log, "status"), ==, 1);
  g_assert_cmpuint (count_notifies (&log, "expires"), ==, 0);
  g_assert_cmpuint (count_notifies (&log, "ip"), ==, 0);
  g_assert_cmpstr (isplic_license_get_name (a), ==, "renamed");

  isplic_license_set_key (b, "7-new");
  isplic_license_update_from (a, b);
  g_assert_cmpstr (isplic_license_get_key (a), ==, "7-new");

  g_signal_handlers_disconnect_by_func (a, notify_cb, &log);
  g_ptr_array_unref (log.names);
}

static void
test_license_days_left (void)
{
  g_autoptr(IsplicLicense) license = isplic_license_new ("1");
  g_autoptr(GDateTime) now = g_date_time_new_local (2030, 1, 10, 15, 30, 0);
  g_autoptr(GDateTime) in_ten = isplic_date_parse ("2030-01-20");
  g_autoptr(GDateTime) past = isplic_date_parse ("2030-01-07");
  g_autoptr(GDateTime) today = isplic_date_parse ("2030-01-10");

  g_assert_cmpint (isplic_license_days_left (license, now), ==, G_MAXINT);
  isplic_license_set_expires (license, in_ten);
  g_assert_cmpint (isplic_license_days_left (license, now), ==, 10);
  isplic_license_set_expires (license, past);
  g_assert_cmpint (isplic_license_days_left (license, now), ==, -3);
  isplic_license_set_expires (license, today);
  g_assert_cmpint (isplic_license_days_left (license, now), ==, 0);
}

/* The window agrees with isplic_license_days_left() on every day around its edges, and with the
 * key copy a sort's worker reads. */
static void
test_license_expiry_window (void)
{
  g_autoptr(IsplicLicense) license = isplic_license_new ("1");
  g_autoptr(GDateTime) now = g_date_time_new_local (2030, 3, 28, 23, 59, 0);
  IsplicExpiryWindow window;

  isplic_expiry_window_init (&window, 14, now);
  g_assert_false (isplic_license_is_expiring_in (license, &window));
  for (int offset = -3; offset <= 17; offset++)
    {
      g_autoptr(GDateTime) base = g_date_time_new_local (2030, 3, 28, 0, 0, 0);
      g_autoptr(GDateTime) day = g_date_time_add_days (base, offset);
      g_autofree char *text = g_date_time_format (day, "%Y-%m-%d");
      g_autoptr(GDateTime) expires = isplic_date_parse (text);
      int days;
      IsplicLicenseKeyCopy copy;

      isplic_license_set_status (license, ISPLIC_LICENSE_STATUS_ACTIVE);
      isplic_license_set_expires (license, expires);
      days = isplic_license_days_left (license, now);
      g_assert_cmpint (days, ==, offset);
      g_assert_cmpint (isplic_license_is_expiring_in (license, &window), ==,
                       days >= 0 && days <= 14);
      isplic_license_copy_keys (license, &copy);
      g_assert_cmpint (isplic_key_copy_is_expiring_in (&copy, &window), ==,
                       days >= 0 && days <= 14);
      isplic_license_key_copy_clear (&copy);

      /* A deleted license is never expiring. */
      isplic_license_set_status (license, ISPLIC_LICENSE_STATUS_DELETED);
      g_assert_false (isplic_license_is_expiring_in (license, &window));
      isplic_license_copy_keys (license, &copy);
      g_assert_false (isplic_key_copy_is_expiring_in (&copy, &window));
      isplic_license_key_copy_clear (&copy);
    }

  /* Zero days: today only. */
  isplic_expiry_window_init (&window, 0, now);
  isplic_license_set_status (license, ISPLIC_LICENSE_STATUS_ACTIVE);
  {
    g_autoptr(GDateTime) today = isplic_date_parse ("2030-03-28");
    g_autoptr(GDateTime) tomorrow = isplic_date_parse ("2030-03-29");

    isplic_license_set_expires (license, today);
    g_assert_true (isplic_license_is_expiring_in (license, &window));
    isplic_license_set_expires (license, tomorrow);
    g_assert_false (isplic_license_is_expiring_in (license, &window));
  }
  /* A huge warning period does not overflow. */
  isplic_expiry_window_init (&window, G_MAXUINT, now);
  g_assert_true (isplic_license_is_expiring_in (license, &window));
}

/* ---- list ---- */

static void
finalized_cb (gpointer  data,
              GObject  *where_the_object_was)
{
  (*(guint *) data)++;
}

/* A cleared list is empty at once and says so; the licenses it held are let go of over the
 * next main-loop iterations, a slice at a time, and all of them in the end. */
static void
test_list_clear_releases_later (void)
{
  g_autoptr(IsplicLicenseList) list = isplic_license_list_new (NULL);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  const guint n = 20000;
  guint finalized = 0, iterations = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", i + 1);
      IsplicLicense *license = isplic_license_new (id);

      g_object_weak_ref (G_OBJECT (license), finalized_cb, &finalized);
      g_ptr_array_add (batch, license);
    }
  isplic_license_list_update (list, batch);
  g_clear_pointer (&batch, g_ptr_array_unref);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n);

  isplic_license_list_clear (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_null (isplic_license_list_lookup (list, "1"));
  g_assert_null (isplic_license_list_peek (list, 0));
  g_assert_cmpuint (finalized, ==, 0);
  while (finalized < n && iterations < 100000)
    {
      g_main_context_iteration (NULL, FALSE);
      iterations++;
    }
  g_assert_cmpuint (finalized, ==, n);
  g_assert_cmpuint (iterations, >=, 1);
}

typedef struct
{
  guint position, removed, added;
} Change;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  GArray     *changes)
{
  Change change = { position, removed, added };

  /* The model already shows the new state when it announces it. */
  g_assert_cmpuint (g_list_model_get_n_items (model), >=, position + added);
  g_array_append_val (changes, change);
}

static GPtrArray *
make_batch (const char * const *ids)
{
  GPtrArray *batch = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autofree char *name = g_strdup_printf ("name-%s", ids[i]);
      g_ptr_array_add (batch, make_license (ids[i], name, "2030-01-01"));
    }
  return batch;
}

static void
assert_ids (GListModel         *model,
            const char * const *ids)
{
  guint n = g_strv_length ((char **) ids);

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(IsplicLicense) license = g_list_model_get_item (model, i);
      g_assert_cmpstr (isplic_license_get_id (license), ==, ids[i]);
    }
}

/* Applies the recorded changes to a shadow copy of the old ids and checks the result. Proves
 * that the emissions describe the transformation exactly. */
static void
replay_changes (const char * const *old_ids,
                const char * const *new_ids,
                GArray             *changes)
{
  g_autoptr(GPtrArray) shadow = g_ptr_array_new ();
  guint new_pos = 0;

  for (guint i = 0; old_ids[i] != NULL; i++)
    g_ptr_array_add (shadow, (gpointer) old_ids[i]);

  for (guint c = 0; c < changes->len; c++)
    {
      Change *change = &g_array_index (changes, Change, c);

      g_ptr_array_remove_range (shadow, change->position, change->removed);
      for (guint k = 0; k < change->added; k++)
        g_ptr_array_insert (shadow, change->position + k, (gpointer) "NEW");
    }
  g_assert_cmpuint (shadow->len, ==, g_strv_length ((char **) new_ids));
  for (guint i = 0; i < shadow->len; i++, new_pos++)
    if (!g_str_equal (shadow->pdata[i], "NEW"))
      g_assert_cmpstr (shadow->pdata[i], ==, new_ids[i]);
}

static void
test_list_reconcile (void)
{
  static const char * const first[] = { "1", "2", "3", "4", "5", NULL };
  static const char * const same[] = { "1", "2", "3", "4", "5", NULL };
  static const char * const appended[] = { "1", "2", "3", "4", "5", "6", "7", NULL };
  static const char * const removed_mid[] = { "1", "2", "5", "6", "7", NULL };
  static const char * const mixed[] = { "0", "1", "5", "8", "6", "7", "9", NULL };
  static const char * const reordered[] = { "7", "6", "9", "0", "1", "5", "8", NULL };
  g_autoptr(IsplicLicenseList) list = isplic_license_list_new (NULL);
  GListModel *model = G_LIST_MODEL (list);
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (Change));
  g_autoptr(GPtrArray) batch = NULL;
  g_autoptr(IsplicLicense) kept = NULL;
  g_autoptr(IsplicLicense) kept_again = NULL;
  NotifyLog log = { g_ptr_array_new_with_free_func (g_free) };

  g_assert_true (g_list_model_get_item_type (model) == ISPLIC_TYPE_LICENSE);
  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), changes);

  /* Initial fill: one emission. */
  batch = make_batch (first);
  isplic_license_list_update (list, batch);
  assert_ids (model, first);
  g_assert_cmpuint (changes->len, ==, 1);
  g_assert_cmpuint (g_array_index (changes, Change, 0).added, ==, 5);
  {
    g_autoptr(IsplicLicense) third = g_list_model_get_item (model, 2);
    g_assert_true (third == g_ptr_array_index (batch, 2));
  }
  kept = g_list_model_get_item (model, 1);
  g_clear_pointer (&batch, g_ptr_array_unref);

  /* Same content again, fresh objects: no emission, identity kept, no notifications. */
  g_signal_connect (kept, "notify", G_CALLBACK (notify_cb), &log);
  g_array_set_size (changes, 0);
  batch = make_batch (same);
  isplic_license_list_update (list, batch);
  g_assert_cmpuint (changes->len, ==, 0);
  g_assert_cmpuint (log.names->len, ==, 0);
  kept_again = g_list_model_get_item (model, 1);
  g_assert_true (kept == kept_again);
  g_clear_object (&kept_again);
  g_clear_pointer (&batch, g_ptr_array_unref);

  /* A changed field notifies only that property, on the same object. */
  batch = make_batch (same);
  isplic_license_set_name (g_ptr_array_index (batch, 1), "renamed");
  isplic_license_list_update (list, batch);
  g_assert_cmpuint (changes->len, ==, 0);
  g_assert_cmpuint (log.names->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (log.names, 0), ==, "name");
  g_assert_cmpstr (isplic_license_get_name (kept), ==, "renamed");
  g_clear_pointer (&batch, g_ptr_array_unref);

  /* Appends: one emission at the end. */
  batch = make_batch (appended);
  isplic_license_list_update (list, batch);
  assert_ids (model, appended);
  g_assert_cmpuint (changes->len, ==, 1);
  g_assert_cmpuint (g_array_index (changes, Change, 0).position, ==, 5);
  g_assert_cmpuint (g_array_index (changes, Change, 0).removed, ==, 0);
  g_assert_cmpuint (g_array_index (changes, Change, 0).added, ==, 2);
  g_clear_pointer (&batch, g_ptr_array_unref);

  /* A removal in the middle: one emission. */
  g_array_set_size (changes, 0);
  batch = make_batch (removed_mid);
  isplic_license_list_update (list, batch);
  assert_ids (model, removed_mid);
  g_assert_cmpuint (changes->len, ==, 1);
  g_assert_cmpuint (g_array_index (changes, Change, 0).position, ==, 2);
  g_assert_cmpuint (g_array_index (changes, Change, 0).removed, ==, 2);
  g_assert_cmpuint (g_array_index (changes, Change, 0).added, ==, 0);
  g_assert_true (isplic_license_list_lookup (list, "3") == NULL);
  g_assert_cmpuint (isplic_license_list_find (list, "5"), ==, 2);
  g_assert_cmpuint (isplic_license_list_find (list, "3"), ==, G_MAXUINT);
  g_clear_pointer (&batch, g_ptr_array_unref);

  /* Insertions and removals in several places, order kept: one emission per run, and the
   * emissions replay to the new order. */
  g_array_set_size (changes, 0);
  batch = make_batch (mixed);
  isplic_license_list_update (list, batch);
  assert_ids (model, mixed);
  g_assert_cmpuint (changes->len, ==, 4);  /* +0 at top, -2 at 2, +8 after 5, +9 at end */
  replay_changes (removed_mid, mixed, changes);
  g_assert_true (isplic_license_list_lookup (list, "2") == NULL);
  g_assert_true (isplic_license_list_lookup (list, "1") == kept ||
                 isplic_license_list_lookup (list, "1") != NULL);
  g_clear_pointer (&batch, g_ptr_array_unref);

  /* A reorder: a single emission, objects still the same. */
  {
    IsplicLicense *five = isplic_license_list_lookup (list, "5");

    g_array_set_size (changes, 0);
    batch = make_batch (reordered);
    isplic_license_list_update (list, batch);
    assert_ids (model, reordered);
    g_assert_cmpuint (changes->len, ==, 1);
    g_assert_true (isplic_license_list_lookup (list, "5") == five);
    g_clear_pointer (&batch, g_ptr_array_unref);
  }

  /* Duplicated ids in the input are kept once. */
  {
    static const char * const dup[] = { "1", "1", "2", NULL };
    static const char * const dedup[] = { "1", "2", NULL };

    batch = make_batch (dup);
    isplic_license_list_update (list, batch);
    assert_ids (model, dedup);
    g_clear_pointer (&batch, g_ptr_array_unref);
  }

  /* Clear */
  g_array_set_size (changes, 0);
  isplic_license_list_clear (list);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_cmpuint (changes->len, ==, 1);
  g_assert_null (isplic_license_list_lookup (list, "1"));
  g_assert_null (g_list_model_get_item (model, 0));

  g_signal_handlers_disconnect_by_func (kept, notify_cb, &log);
  g_signal_handlers_disconnect_by_func (list, items_changed_cb, changes);
  g_ptr_array_unref (log.names);
  g_assert_finalize_object (g_steal_pointer (&list));
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_list_scattered (void)
{
  g_autoptr(IsplicLicenseList) list = isplic_license_list_new (NULL);
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (Change));
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) fewer = g_ptr_array_new_with_free_func (g_object_unref);
  guint n_items_notifies = 0;

  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", i);
      g_ptr_array_add (batch, make_license (id, id, "2030-01-01"));
      if (i % 10 != 3)
        g_ptr_array_add (fewer, make_license (id, id, "2030-01-01"));
    }
  isplic_license_list_update (list, batch);
  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), changes);
  g_signal_connect (list, "notify::n-items", G_CALLBACK (count_notify_cb), &n_items_notifies);

  /* 100 scattered removals: collapsed into a single emission. */
  isplic_license_list_update (list, fewer);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 900);
  g_assert_cmpuint (changes->len, ==, 1);
  g_assert_cmpuint (g_array_index (changes, Change, 0).position, ==, 3);
  g_assert_cmpuint (g_array_index (changes, Change, 0).removed, ==, 1000 - 3 - 6);
  g_assert_cmpuint (g_array_index (changes, Change, 0).added, ==, 900 - 3 - 6);
  g_assert_cmpuint (n_items_notifies, ==, 1);
  /* identity */
  g_assert_true (isplic_license_list_lookup (list, "4") == g_ptr_array_index (batch, 4));

  g_signal_handlers_disconnect_by_func (list, items_changed_cb, changes);
  g_assert_finalize_object (g_steal_pointer (&list));
}

/* The answer of the update_async() that @r was passed to, once it has come (exactly once). */
static gboolean
wait_update (IsplicLicenseList  *list,
             IsplicTestResult   *r,
             GError            **error)
{
  g_autoptr(GAsyncResult) result = isplic_test_wait_result (r);

  return isplic_license_list_update_finish (list, result, error);
}

static GPtrArray *
numbered_batch (guint first,
                guint n)
{
  GPtrArray *batch = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", first + i);
      g_ptr_array_add (batch, make_license (id, id, "2030-01-01"));
    }
  return batch;
}

/* An update of the empty @list with @whole, stopped after its first slice by @cancellable
 * (or, NULL, by clearing the list): answered "cancelled", nothing of it applied. */
static void
assert_update_dropped (IsplicLicenseList *list,
                       GPtrArray         *whole,
                       GCancellable      *cancellable)
{
  IsplicTestResult r = { 0 };
  g_autoptr(GError) error = NULL;

  isplic_license_list_update_async (list, whole, cancellable, isplic_test_result_cb, &r);
  g_main_context_iteration (NULL, FALSE);
  if (cancellable != NULL)
    g_cancellable_cancel (cancellable);
  else
    isplic_license_list_clear (list);
  g_assert_false (wait_update (list, &r, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
}

/* A long list merged by update_async(): over several main-loop iterations, the head already
 * on show updated in place, the rest appended in one emission, the callback once it is in. A
 * direct change meanwhile finishes it first; clear() and the cancellable drop it. */
static void
test_list_update_async (void)
{
  g_autoptr(IsplicLicenseList) list = isplic_license_list_new (NULL);
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (Change));
  g_autoptr(GPtrArray) head = numbered_batch (0, 200);
  g_autoptr(GPtrArray) whole = numbered_batch (0, 100000);
  g_autoptr(GCancellable) cancellable = NULL;
  g_autoptr(GError) error = NULL;
  IsplicTestResult r = { 0 };
  IsplicLicense *first;
  guint iterations = 0;

  isplic_license_list_update (list, head);
  first = isplic_license_list_lookup (list, "0");
  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), changes);

  isplic_license_list_update_async (list, whole, NULL, isplic_test_result_cb, &r);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 200);
  while (r.calls == 0)
    {
      g_main_context_iteration (NULL, TRUE);
      iterations++;
    }
  /* Told when it is in. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 100000);
  g_assert_true (wait_update (list, &r, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (iterations, >, 1);
  g_assert_cmpuint (changes->len, ==, 1);
  g_assert_cmpuint (g_array_index (changes, Change, 0).position, ==, 200);
  g_assert_cmpuint (g_array_index (changes, Change, 0).added, ==, 99800);
  /* The head's objects stay, updated in place. */
  g_assert_true (isplic_license_list_lookup (list, "0") == first);
  g_assert_true (isplic_license_list_lookup (list, "99999") == g_ptr_array_index (whole, 99999));

  /* A direct update while one is merged: that one is applied first, then this. */
  isplic_license_list_update_async (list, head, NULL, isplic_test_result_cb, &r);
  isplic_license_list_update (list, whole);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 100000);
  g_assert_true (wait_update (list, &r, &error));
  g_assert_no_error (error);

  /* Cleared while merged: dropped, nothing of it applied. */
  isplic_license_list_clear (list);
  assert_update_dropped (list, whole, NULL);
  /* Cancelled while merged: likewise. */
  cancellable = g_cancellable_new ();
  assert_update_dropped (list, whole, cancellable);

  /* A short list: merged at once, the callback still comes from the main loop. */
  isplic_license_list_update_async (list, head, NULL, isplic_test_result_cb, &r);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 200);
  g_assert_cmpuint (r.calls, ==, 0);
  g_assert_true (wait_update (list, &r, &error));
  g_assert_no_error (error);

  g_signal_handlers_disconnect_by_func (list, items_changed_cb, changes);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (g_steal_pointer (&list));
}

static IsplicLicense *
keyed_license (const char *id,
               const char *name,
               const char *ip,
               const char *tariff,
               const char *expires,
               const char *cost)
{
  IsplicLicense *license = isplic_license_new (id);

  isplic_license_set_name (license, name);
  isplic_license_set_ip (license, ip);
  isplic_license_set_tariff_name (license, tariff);
  isplic_license_set_cost (license, cost);
  if (expires != NULL)
    {
      g_autoptr(GDateTime) date = g_date_time_new_from_iso8601 (expires, NULL);

      g_assert_nonnull (date);
      isplic_license_set_expires (license, date);
    }
  return license;
}

/* The kept keys order as the displayed values do, and follow every change of the fields. */
static void
test_license_sort_keys (void)
{
  g_autoptr(IsplicLicense) a = keyed_license ("1", "Web-01", "10.0.0.9", "ispmanager 6 Lite",
                                              "2027-01-02T00:00:00Z", "9.50 EUR / Month");
  g_autoptr(IsplicLicense) b = keyed_license ("2", "web-01-backup", "10.0.0.10",
                                              "ispmanager 6 Business", "2026-12-31T00:00:00Z",
                                              "10.00 EUR / Month");
  g_autoptr(IsplicLicense) c = keyed_license ("3", "Ärzte", "2001:db8::1", NULL, NULL, NULL);
  g_autoptr(IsplicLicense) d = keyed_license ("4", "ÄRZTE", "not an address", NULL, NULL,
                                              "garbage");

  /* Name: case-insensitive, a name before its extensions, ties broken by IP then id. */
  g_assert_cmpint (isplic_license_compare_name (a, b), <, 0);
  g_assert_cmpint (isplic_license_compare_name (b, a), >, 0);
  g_assert_cmpint (isplic_license_compare_name (a, a), ==, 0);
  g_assert_cmpint (isplic_license_compare_name (c, d), !=, 0);
  g_assert_cmpint (isplic_license_compare_name (b, c), <, 0);

  /* IP: numerically (10.0.0.9 < 10.0.0.10, which text order gets wrong), IPv4, IPv6, text. */
  g_assert_cmpint (isplic_license_compare_ip (a, b), <, 0);
  g_assert_cmpint (isplic_license_compare_ip (b, c), <, 0);
  g_assert_cmpint (isplic_license_compare_ip (c, d), <, 0);
  g_assert_cmpint (isplic_license_compare_ip (d, d), ==, 0);

  /* Tariff: folded text; unknown first (empty); then nodes. */
  g_assert_cmpint (isplic_license_compare_tariff (b, a), <, 0);
  g_assert_cmpint (isplic_license_compare_tariff (c, a), <, 0);
  g_assert_cmpint (isplic_license_compare_tariff (c, d), ==, 0);

  /* Expires: by date, unknown last. Cost: by number, no number as 0. */
  g_assert_cmpint (isplic_license_compare_expires (b, a), <, 0);
  g_assert_cmpint (isplic_license_compare_expires (a, c), <, 0);
  g_assert_cmpint (isplic_license_compare_expires (c, d), ==, 0);
  g_assert_cmpint (isplic_license_compare_cost (a, b), <, 0);
  g_assert_cmpint (isplic_license_compare_cost (c, d), ==, 0);
  g_assert_cmpint (isplic_license_compare_cost (d, a), <, 0);

  /* Status and auto-renewal by rank. */
  isplic_license_set_status (a, ISPLIC_LICENSE_STATUS_SUSPENDED);
  isplic_license_set_status (b, ISPLIC_LICENSE_STATUS_ACTIVE);
  g_assert_cmpint (isplic_license_compare_status (b, a), <, 0);
  isplic_license_set_auto_renew (a, 12);
  g_assert_cmpint (isplic_license_compare_auto_renew (b, a), <, 0);

  /* Every change moves the keys along. */
  isplic_license_set_name (a, "zz");
  g_assert_cmpint (isplic_license_compare_name (a, b), >, 0);
  isplic_license_set_ip (a, "192.168.1.1");
  g_assert_cmpint (isplic_license_compare_ip (a, b), >, 0);
  isplic_license_set_tariff_name (a, "A tariff");
  g_assert_cmpint (isplic_license_compare_tariff (a, b), <, 0);
  {
    g_autoptr(GDateTime) later = g_date_time_new_utc (2030, 1, 1, 0, 0, 0);

    isplic_license_set_expires (a, later);
    g_assert_cmpint (isplic_license_compare_expires (a, b), >, 0);
    isplic_license_set_expires (a, NULL);
    g_assert_cmpint (isplic_license_compare_expires (a, c), ==, 0);
  }
  isplic_license_set_cost (a, "1 EUR");
  g_assert_cmpint (isplic_license_compare_cost (a, b), <, 0);
}

static void
test_license_search (void)
{
  g_autoptr(IsplicLicense) a = keyed_license ("4711", "Ärzte-Web", "10.0.0.9", NULL, NULL, NULL);
  g_autoptr(IsplicLicense) b = isplic_license_new ("5");
  g_autofree char *needle = isplic_fold_search_text ("ÄRZTE");
  g_autofree char *bad = isplic_fold_search_text ("\xff\xfe");

  g_assert_true (isplic_license_search (a, needle));
  g_assert_true (isplic_license_search (a, "10.0.0"));
  g_assert_true (isplic_license_search (a, "471"));
  g_assert_true (isplic_license_search (a, NULL));
  g_assert_true (isplic_license_search (a, ""));
  g_assert_false (isplic_license_search (a, "web01"));
  /* The parts do not run into each other. */
  g_assert_false (isplic_license_search (a, "web10"));
  g_assert_false (isplic_license_search (a, bad));
  /* A license with nothing but an id. */
  g_assert_true (isplic_license_search (b, "5"));
  g_assert_false (isplic_license_search (b, "ärzte"));
  isplic_license_set_name (b, "ÄRZTE");
  g_assert_true (isplic_license_search (b, needle));
  g_assert_true (g_utf8_validate (isplic_license_get_search_text (b), -1, NULL));
}

/* Plain ASCII takes a shortcut past g_utf8_casefold(): it must give what case folding gives,
 * for every character, alone and next to text that takes the long way. */
static void
test_license_fold (void)
{
  char ascii[128];
  g_autofree char *folded = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *mixed = NULL;

  for (guint i = 1; i < 128; i++)
    ascii[i - 1] = (char) i;
  ascii[127] = '\0';
  folded = isplic_fold_search_text (ascii);
  expected = g_utf8_casefold (ascii, -1);
  g_assert_cmpstr (folded, ==, expected);
  mixed = isplic_fold_search_text ("Web-01 ÄRZTE \xff");
  g_assert_true (g_utf8_validate (mixed, -1, NULL));
  g_assert_true (g_str_has_prefix (mixed, "web-01 ärzte "));
  g_free (folded);
  folded = isplic_fold_search_text (NULL);
  g_assert_cmpstr (folded, ==, "");
}

/* The search text and tariff key of plain ASCII short enough for a buffer on the stack are made
 * without allocating; longer or non-ASCII text takes the general way. Both give the same: the
 * folded name, IP and id between separators, and the folded tariff name. */
static void
test_license_fold_ways (void)
{
  g_autofree char *long_name = g_strnfill (300, 'N');
  g_autofree char *long_tariff = g_strnfill (200, 'T');
  g_autofree char *long_tariff_lower = g_strnfill (200, 't');
  const char *names[] = { "Web-01.Example.COM", long_name, "Ärzte-Web", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(IsplicLicense) license = keyed_license ("4711", names[i], "10.0.0.9", NULL,
                                                        NULL, NULL);
      g_autofree char *name = isplic_fold_search_text (names[i]);
      g_autofree char *expected = g_strconcat (name, "\001", "10.0.0.9", "\001", "4711", NULL);

      g_assert_cmpstr (isplic_license_get_search_text (license), ==, expected);
    }
  {
    g_autoptr(IsplicLicense) upper = keyed_license ("1", NULL, NULL, long_tariff, NULL, NULL);
    g_autoptr(IsplicLicense) lower = keyed_license ("2", NULL, NULL, long_tariff_lower, NULL,
                                                    NULL);
    g_autoptr(IsplicLicense) short_upper = keyed_license ("3", NULL, NULL, "ISP Pro", NULL,
                                                          NULL);
    g_autoptr(IsplicLicense) short_lower = keyed_license ("4", NULL, NULL, "isp pro", NULL,
                                                          NULL);
    g_autoptr(IsplicLicense) cyrillic = keyed_license ("5", NULL, NULL, "ТАРИФ", NULL, NULL);
    g_autoptr(IsplicLicense) cyrillic_lower = keyed_license ("6", NULL, NULL, "тариф", NULL,
                                                             NULL);

    g_assert_cmpint (isplic_license_compare_tariff (upper, lower), ==, 0);
    g_assert_cmpint (isplic_license_compare_tariff (short_upper, short_lower), ==, 0);
    g_assert_cmpint (isplic_license_compare_tariff (cyrillic, cyrillic_lower), ==, 0);
    g_assert_cmpint (isplic_license_compare_tariff (short_upper, upper), <, 0);
  }
}

/* Costs are parsed once per text and thread, and kept by their text: after many others (more
 * than are kept, several sharing a slot), each text still gives its own amount. */
static void
test_license_cost_memo (void)
{
  g_autoptr(IsplicLicense) license = isplic_license_new ("1");
  IsplicMoney money;

  for (guint round = 0; round < 3; round++)
    for (guint cents = 100; cents < 400; cents += 3)
      {
        g_autofree char *text = g_strdup_printf ("%u.%02u EUR / Month", cents / 100,
                                                 cents % 100);

        isplic_license_set_cost (license, text);
        g_assert_true (isplic_license_peek_cost_money (license, &money));
        g_assert_cmpint (money.amount, ==, cents);
        g_assert_cmpint (money.period, ==, 1);
        g_assert_cmpstr (money.currency, ==, "EUR");
      }
  isplic_license_set_cost (license, "12.00 EUR / Year");
  g_assert_true (isplic_license_peek_cost_money (license, &money));
  g_assert_cmpint (money.period, ==, 12);
  /* Unreadable, and then readable again: neither is taken for the other. */
  isplic_license_set_cost (license, "twelve EUR");
  g_assert_false (isplic_license_peek_cost_money (license, &money));
  isplic_license_set_cost (license, "12.00 EUR / Year");
  g_assert_true (isplic_license_peek_cost_money (license, &money));
  g_assert_cmpint (money.amount, ==, 1200);
  /* Longer than is kept: parsed each time. */
  for (guint i = 0; i < 2; i++)
    {
      isplic_license_set_cost (license, "1 234 567.89 EUR / 12 months, all paid in advance");
      g_assert_true (isplic_license_peek_cost_money (license, &money));
      g_assert_cmpint (money.amount, ==, 123456789);
      g_assert_cmpint (money.period, ==, 12);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/license/properties", test_license_properties);
  g_test_add_func ("/license/notify-only-on-change", test_license_notify_only_on_change);
  g_test_add_func ("/license/update-from", test_license_update_from);
  g_test_add_func ("/license/days-left", test_license_days_left);
  g_test_add_func ("/license/expiry-window", test_license_expiry_window);
  g_test_add_func ("/license/sort-keys", test_license_sort_keys);
  g_test_add_func ("/license/search", test_license_search);
  g_test_add_func ("/license/fold", test_license_fold);
  g_test_add_func ("/license/fold-ways", test_license_fold_ways);
  g_test_add_func ("/license/cost-memo", test_license_cost_memo);
  g_test_add_func ("/license-list/reconcile", test_list_reconcile);
  g_test_add_func ("/license-list/clear-releases-later", test_list_clear_releases_later);
  g_test_add_func ("/license-list/scattered", test_list_scattered);
  g_test_add_func ("/license-list/update-async", test_list_update_async);

  return g_test_run ();
}
