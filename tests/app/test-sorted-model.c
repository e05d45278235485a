/* SPDX-License-Identifier: GPL-3.0-or-later */
/* IsplicSortedModel: the order of every column both ways (ties in the source's order, as
 * GtkSortListModel kept them), secondary columns, filter and sort together, the worker's result
 * shown in one items-changed, a newer request superseding an older one, and the source's
 * changes followed. The same checks run at once and in the worker thread. */
#include "config.h"

#include "isplic-license-format.h"
#include "isplic-sorted-model.h"

#define N_LICENSES 120

typedef struct
{
  GListStore *store;
  IsplicSortedModel *model;
  guint changes;        /* items-changed emissions */
  gboolean threaded;
} Fixture;

typedef int (*LicenseCompareFunc) (IsplicLicense *a, IsplicLicense *b);

static const LicenseCompareFunc compare_funcs[ISPLIC_LICENSE_N_COLUMNS] = {
  [ISPLIC_LICENSE_COLUMN_NAME] = isplic_license_compare_name,
  [ISPLIC_LICENSE_COLUMN_IP] = isplic_license_compare_ip,
  [ISPLIC_LICENSE_COLUMN_TARIFF] = isplic_license_compare_tariff,
  [ISPLIC_LICENSE_COLUMN_STATUS] = isplic_license_compare_status,
  [ISPLIC_LICENSE_COLUMN_EXPIRES] = isplic_license_compare_expires,
  [ISPLIC_LICENSE_COLUMN_AUTO_RENEW] = isplic_license_compare_auto_renew,
  [ISPLIC_LICENSE_COLUMN_COST] = isplic_license_compare_cost,
};

static IsplicLicense *
make_license (GRand *rand,
              guint  i)
{
  static const char * const names[] = { "web", "Web-01", "db", "mail", "Ёлка", "web-01", NULL };
  static const char * const tariffs[] = { "Lite", "Pro", "Business", NULL };
  static const char * const costs[] = { "10.00 RUB", "9.5", "", "100 RUB", NULL };
  g_autofree char *id = g_strdup_printf ("S%03u", i);
  IsplicLicense *license = isplic_license_new (id);
  guint kind = g_rand_int_range (rand, 0, 5);
  g_autofree char *ip = NULL;
  g_autoptr(GDateTime) expires = NULL;

  /* Few distinct values, so that most columns have ties. */
  isplic_license_set_name (license, names[g_rand_int_range (rand, 0, G_N_ELEMENTS (names))]);
  if (kind == 0)
    ip = g_strdup_printf ("2001:db8::%x", g_rand_int_range (rand, 0, 4));
  else if (kind == 1)
    ip = g_strdup ("not an address");
  else if (kind < 4)
    ip = g_strdup_printf ("10.0.%d.%d", g_rand_int_range (rand, 0, 3),
                          g_rand_int_range (rand, 0, 3));
  isplic_license_set_ip (license, ip);
  isplic_license_set_tariff_name (license,
                                  tariffs[g_rand_int_range (rand, 0, G_N_ELEMENTS (tariffs))]);
  isplic_license_set_nodes (license, g_rand_int_range (rand, 0, 3));
  isplic_license_set_status (license, g_rand_int_range (rand, 0, 6));
  isplic_license_set_auto_renew (license, g_rand_int_range (rand, 0, 2));
  isplic_license_set_cost (license, costs[g_rand_int_range (rand, 0, G_N_ELEMENTS (costs))]);
  if (g_rand_int_range (rand, 0, 4) > 0)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autoptr(GDateTime) day = g_date_time_new_local (g_date_time_get_year (now),
                                                        g_date_time_get_month (now),
                                                        g_date_time_get_day_of_month (now),
                                                        0, 0, 0);

      expires = g_date_time_add_days (day, g_rand_int_range (rand, -3, 30));
      isplic_license_set_expires (license, expires);
    }
  return license;
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Fixture    *f)
{
  f->changes++;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);

  f->threaded = GPOINTER_TO_INT (data);
  f->store = g_list_store_new (ISPLIC_TYPE_LICENSE);
  for (guint i = 0; i < N_LICENSES; i++)
    {
      g_autoptr(IsplicLicense) license = make_license (rand, i);

      g_list_store_append (f->store, license);
    }
  f->model = isplic_sorted_model_new (G_LIST_MODEL (f->store));
  /* Threaded: every request goes to the worker. */
  isplic_sorted_model_set_threaded_min (f->model, f->threaded ? 0 : G_MAXUINT);
  g_signal_connect (f->model, "items-changed", G_CALLBACK (items_changed_cb), f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;

  /* A superseded worker still holds the model until its result is dropped. */
  while (G_OBJECT (f->model)->ref_count > 1 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_finalize_object (f->model);
  g_clear_object (&f->store);
  /* The old results are freed in an idle. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
settle (Fixture *f)
{
  while (isplic_sorted_model_get_pending (f->model))
    g_main_context_iteration (NULL, TRUE);
}

/* What the model must show: the source's licenses that pass, ordered by @keys, ties in the
 * source's order. */
typedef struct
{
  const IsplicSortKey *keys;
  guint n_keys;
} Order;

typedef struct
{
  IsplicLicense *license;
  guint position;
} Item;

static int
compare_items (gconstpointer a,
               gconstpointer b,
               gpointer      data)
{
  const Item *ia = a;
  const Item *ib = b;
  const Order *order = data;

  for (guint k = 0; k < order->n_keys; k++)
    {
      int cmp = compare_funcs[order->keys[k].column] (ia->license, ib->license);

      if (cmp != 0)
        return order->keys[k].descending ? -cmp : cmp;
    }
  return (ia->position > ib->position) - (ia->position < ib->position);
}

static gboolean
passes (IsplicLicense      *license,
        const char         *needle,
        IsplicStatusFilter  status)
{
  switch (status)
    {
    case ISPLIC_STATUS_FILTER_ACTIVE:
      if (isplic_license_get_status (license) != ISPLIC_LICENSE_STATUS_ACTIVE)
        return FALSE;
      break;
    case ISPLIC_STATUS_FILTER_SUSPENDED:
      if (isplic_license_get_status (license) != ISPLIC_LICENSE_STATUS_SUSPENDED)
        return FALSE;
      break;
    case ISPLIC_STATUS_FILTER_EXPIRING:
      if (!isplic_license_is_expiring (license, 14))
        return FALSE;
      break;
    case ISPLIC_STATUS_FILTER_ALL:
    default:
      break;
    }
  return isplic_license_search (license, needle);
}

static void
assert_shown (Fixture             *f,
              const IsplicSortKey *keys,
              guint                n_keys,
              const char          *needle,
              IsplicStatusFilter   status)
{
  g_autoptr(GArray) expected = g_array_new (FALSE, FALSE, sizeof (Item));
  GListModel *source = G_LIST_MODEL (f->store);
  Order order = { keys, n_keys };

  for (guint i = 0; i < g_list_model_get_n_items (source); i++)
    {
      Item item = { g_list_model_get_item (source, i), i };

      g_object_unref (item.license);
      if (passes (item.license, needle, status))
        g_array_append_val (expected, item);
    }
  g_array_sort_with_data (expected, compare_items, &order);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    {
      g_autoptr(IsplicLicense) shown = g_list_model_get_item (G_LIST_MODEL (f->model), i);

      g_assert_true (shown == g_array_index (expected, Item, i).license);
    }
}

static void
test_each_column (Fixture       *f,
                  gconstpointer  data)
{
  /* Not sorted: the source as it is. */
  assert_shown (f, NULL, 0, NULL, ISPLIC_STATUS_FILTER_ALL);

  for (IsplicLicenseColumn column = 0; column < ISPLIC_LICENSE_N_COLUMNS; column++)
    for (int descending = 0; descending < 2; descending++)
      {
        IsplicSortKey key = { column, descending };
        guint before = f->changes;

        isplic_sorted_model_set_sort (f->model, &key, 1);
        /* In the worker, the old order stays until the result comes. */
        g_assert_true (isplic_sorted_model_get_pending (f->model) == f->threaded);
        if (f->threaded)
          g_assert_cmpuint (f->changes, ==, before);
        settle (f);
        assert_shown (f, &key, 1, NULL, ISPLIC_STATUS_FILTER_ALL);
        /* One change at most: the new order in one splice. */
        g_assert_cmpuint (f->changes - before, <=, 1);
      }

  /* Back to the source's order. */
  isplic_sorted_model_set_sort (f->model, NULL, 0);
  g_assert_false (isplic_sorted_model_get_pending (f->model));
  assert_shown (f, NULL, 0, NULL, ISPLIC_STATUS_FILTER_ALL);
}

static void
test_secondary (Fixture       *f,
                gconstpointer  data)
{
  const IsplicSortKey keys[] = {
    { ISPLIC_LICENSE_COLUMN_STATUS, FALSE },
    { ISPLIC_LICENSE_COLUMN_NAME, TRUE },
    { ISPLIC_LICENSE_COLUMN_COST, FALSE },
  };

  isplic_sorted_model_set_sort (f->model, keys, G_N_ELEMENTS (keys));
  settle (f);
  assert_shown (f, keys, G_N_ELEMENTS (keys), NULL, ISPLIC_STATUS_FILTER_ALL);
}

static void
test_filter_and_sort (Fixture       *f,
                      gconstpointer  data)
{
  const IsplicSortKey key = { ISPLIC_LICENSE_COLUMN_IP, TRUE };
  g_autofree char *needle = isplic_fold_search_text ("WEB");

  /* A filter alone, in the source's order. */
  isplic_sorted_model_set_filter (f->model, needle, ISPLIC_STATUS_FILTER_ALL, 14);
  settle (f);
  assert_shown (f, NULL, 0, needle, ISPLIC_STATUS_FILTER_ALL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), <, N_LICENSES);

  isplic_sorted_model_set_sort (f->model, &key, 1);
  settle (f);
  assert_shown (f, &key, 1, needle, ISPLIC_STATUS_FILTER_ALL);

  for (IsplicStatusFilter status = ISPLIC_STATUS_FILTER_ACTIVE;
       status <= ISPLIC_STATUS_FILTER_EXPIRING; status++)
    {
      isplic_sorted_model_set_filter (f->model, needle, status, 14);
      settle (f);
      assert_shown (f, &key, 1, needle, status);
      isplic_sorted_model_set_filter (f->model, NULL, status, 14);
      settle (f);
      assert_shown (f, &key, 1, NULL, status);
    }

  /* A search that matches nothing, then none at all. */
  isplic_sorted_model_set_filter (f->model, "no such thing", ISPLIC_STATUS_FILTER_ALL, 14);
  settle (f);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, 0);
  isplic_sorted_model_set_filter (f->model, NULL, ISPLIC_STATUS_FILTER_ALL, 14);
  settle (f);
  assert_shown (f, &key, 1, NULL, ISPLIC_STATUS_FILTER_ALL);
}

/* A newer request supersedes an older one still in the worker: only the newer result is shown,
 * in one items-changed; and finishing by hand shows the result at once, with the worker's late
 * result dropped. */
static void
test_supersede (Fixture       *f,
                gconstpointer  data)
{
  const IsplicSortKey by_name = { ISPLIC_LICENSE_COLUMN_NAME, FALSE };
  const IsplicSortKey by_ip = { ISPLIC_LICENSE_COLUMN_IP, TRUE };
  g_autoptr(IsplicLicense) first = g_list_model_get_item (G_LIST_MODEL (f->model), 0);
  g_autoptr(IsplicLicense) still = NULL;
  guint before = f->changes;
  gint64 deadline;

  isplic_sorted_model_set_sort (f->model, &by_name, 1);
  /* The worker for the name sort starts on the next iteration. */
  g_main_context_iteration (NULL, FALSE);
  isplic_sorted_model_set_sort (f->model, &by_ip, 1);
  g_assert_true (isplic_sorted_model_get_pending (f->model));
  still = g_list_model_get_item (G_LIST_MODEL (f->model), 0);
  g_assert_true (still == first);
  settle (f);
  assert_shown (f, &by_ip, 1, NULL, ISPLIC_STATUS_FILTER_ALL);
  /* Any result of the name sort still on its way is not shown either. */
  deadline = g_get_monotonic_time () + 200 * G_TIME_SPAN_MILLISECOND;
  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  assert_shown (f, &by_ip, 1, NULL, ISPLIC_STATUS_FILTER_ALL);
  g_assert_cmpuint (f->changes - before, ==, 1);

  before = f->changes;
  isplic_sorted_model_set_sort (f->model, &by_name, 1);
  g_main_context_iteration (NULL, FALSE);
  isplic_sorted_model_finish (f->model);
  g_assert_false (isplic_sorted_model_get_pending (f->model));
  assert_shown (f, &by_name, 1, NULL, ISPLIC_STATUS_FILTER_ALL);
  deadline = g_get_monotonic_time () + 200 * G_TIME_SPAN_MILLISECOND;
  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (f->changes - before, ==, 1);
  assert_shown (f, &by_name, 1, NULL, ISPLIC_STATUS_FILTER_ALL);
}

/* Licenses that arrive, leave or change in the source are sorted into place. */
static void
test_source_changes (Fixture       *f,
                     gconstpointer  data)
{
  const IsplicSortKey key = { ISPLIC_LICENSE_COLUMN_NAME, FALSE };
  g_autoptr(IsplicLicense) added = isplic_license_new ("NEW");
  g_autoptr(IsplicLicense) renamed = g_list_model_get_item (G_LIST_MODEL (f->store), 7);

  isplic_sorted_model_set_sort (f->model, &key, 1);
  settle (f);

  isplic_license_set_name (added, "aardvark");
  g_list_store_insert (f->store, 50, added);
  settle (f);
  assert_shown (f, &key, 1, NULL, ISPLIC_STATUS_FILTER_ALL);
  /* First after the licenses without a name. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (f->model)); i++)
    {
      g_autoptr(IsplicLicense) shown = g_list_model_get_item (G_LIST_MODEL (f->model), i);

      if (isplic_license_get_name (shown) != NULL)
        {
          g_assert_true (shown == added);
          break;
        }
    }

  g_list_store_remove (f->store, 3);
  g_list_store_remove (f->store, 3);
  settle (f);
  assert_shown (f, &key, 1, NULL, ISPLIC_STATUS_FILTER_ALL);

  /* A change of a license that the source announces (as the license list does). */
  isplic_license_set_name (renamed, "zzz");
  g_list_model_items_changed (G_LIST_MODEL (f->store), 7, 1, 1);
  settle (f);
  assert_shown (f, &key, 1, NULL, ISPLIC_STATUS_FILTER_ALL);

  /* A license changed in place, unannounced (as a refresh does): the next request reads its
   * new keys, as a filter reading the licenses did. */
  isplic_license_set_name (renamed, "In-Place");
  isplic_sorted_model_set_filter (f->model, "in-place", ISPLIC_STATUS_FILTER_ALL, 14);
  settle (f);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, 1);
  isplic_sorted_model_set_filter (f->model, NULL, ISPLIC_STATUS_FILTER_ALL, 14);
  settle (f);
  assert_shown (f, &key, 1, NULL, ISPLIC_STATUS_FILTER_ALL);

  /* Another source: shown at once, sorted. */
  {
    g_autoptr(GListStore) other = g_list_store_new (ISPLIC_TYPE_LICENSE);

    g_list_store_append (other, renamed);
    g_list_store_append (other, added);
    isplic_sorted_model_set_source (f->model, G_LIST_MODEL (other));
    g_assert_false (isplic_sorted_model_get_pending (f->model));
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, 2);
    {
      g_autoptr(IsplicLicense) shown = g_list_model_get_item (G_LIST_MODEL (f->model), 0);

      g_assert_true (shown == added);
    }
    isplic_sorted_model_set_source (f->model, NULL);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, 0);
  }
}

/* The worker's copy of the keys stays valid while the licenses change under it. */
static void
test_change_while_sorting (Fixture       *f,
                           gconstpointer  data)
{
  const IsplicSortKey key = { ISPLIC_LICENSE_COLUMN_NAME, FALSE };

  for (guint round = 0; round < 5; round++)
    {
      isplic_sorted_model_set_sort (f->model, &key, 1);
      g_main_context_iteration (NULL, FALSE);
      for (guint i = 0; i < N_LICENSES; i++)
        {
          g_autoptr(IsplicLicense) license = g_list_model_get_item (G_LIST_MODEL (f->store), i);
          g_autofree char *name = g_strdup_printf ("host-%u-%u", round, (i * 37) % N_LICENSES);

          isplic_license_set_name (license, name);
          isplic_license_set_tariff_name (license, name);
        }
      g_list_model_items_changed (G_LIST_MODEL (f->store), 0, N_LICENSES, N_LICENSES);
      settle (f);
      assert_shown (f, &key, 1, NULL, ISPLIC_STATUS_FILTER_ALL);
      isplic_sorted_model_set_sort (f->model, NULL, 0);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (int threaded = 0; threaded < 2; threaded++)
    {
      const char *mode = threaded ? "worker" : "at-once";
      struct
      {
        const char *name;
        void (*func) (Fixture *, gconstpointer);
      } tests[] = {
        { "each-column", test_each_column },
        { "secondary", test_secondary },
        { "filter-and-sort", test_filter_and_sort },
        { "source-changes", test_source_changes },
      };

      for (guint i = 0; i < G_N_ELEMENTS (tests); i++)
        {
          g_autofree char *path = g_strdup_printf ("/sorted-model/%s/%s", mode, tests[i].name);

          g_test_add (path, Fixture, GINT_TO_POINTER (threaded), fixture_set_up, tests[i].func,
                      fixture_tear_down);
        }
    }
  g_test_add ("/sorted-model/worker/supersede", Fixture, GINT_TO_POINTER (TRUE), fixture_set_up,
              test_supersede, fixture_tear_down);
  g_test_add ("/sorted-model/worker/change-while-sorting", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_change_while_sorting, fixture_tear_down);

  return g_test_run ();
}
