/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "isplic-license-list.h"
#include "isplic-watch.h"

/* Names listed in a notice before "and N more". */
#define MAX_NAMES 3

struct _IsplicWatch
{
  GObject parent_instance;

  char *path;
  char *group;   /* the account's digest */
};

G_DEFINE_FINAL_TYPE (IsplicWatch, isplic_watch, G_TYPE_OBJECT)

void
isplic_watch_notice_free (IsplicWatchNotice *notice)
{
  if (notice == NULL)
    return;
  g_strfreev (notice->ids);
  g_free (notice->title);
  g_free (notice->body);
  g_free (notice);
}

void
isplic_expiry_tally_init (IsplicExpiryTally *tally,
                          guint              warning_days,
                          GDateTime         *now)
{
  g_return_if_fail (tally != NULL);

  *tally = (IsplicExpiryTally) { .due_known = TRUE };
  isplic_expiry_window_init (&tally->window, warning_days, now);
}

static void
tally_one (IsplicExpiryTally *tally,
           IsplicLicense     *license)
{
  IsplicMoney cost;

  if (!isplic_license_is_expiring_in (license, &tally->window))
    return;
  tally->n_expiring++;
  if (isplic_license_get_auto_renew (license) != 0)
    return;
  tally->n_due++;
  if (!tally->due_known)
    return;
  if (!isplic_license_get_cost_money (license, &cost))
    {
      tally->due_known = FALSE;
      return;
    }
  cost.period = 0;
  if (tally->n_due == 1)
    tally->due = cost;
  else if (!isplic_money_add (&tally->due, &cost, &tally->due))
    tally->due_known = FALSE;
}

gboolean
isplic_expiry_tally_step (IsplicExpiryTally *tally,
                          GListModel        *licenses,
                          guint              max)
{
  IsplicLicenseList *list;
  guint n, end;

  g_return_val_if_fail (tally != NULL, TRUE);
  g_return_val_if_fail (G_IS_LIST_MODEL (licenses), TRUE);

  list = ISPLIC_IS_LICENSE_LIST (licenses) ? ISPLIC_LICENSE_LIST (licenses) : NULL;
  n = g_list_model_get_n_items (licenses);
  end = tally->next + MIN (max, n - MIN (tally->next, n));
  for (; tally->next < end; tally->next++)
    {
      g_autoptr(IsplicLicense) owned = NULL;

      if (list != NULL)
        tally_one (tally, isplic_license_list_peek (list, tally->next));
      else
        {
          owned = g_list_model_get_item (licenses, tally->next);
          tally_one (tally, owned);
        }
    }
  return tally->next >= n;
}

gboolean
isplic_renewals_due (GListModel  *licenses,
                     GDateTime   *now,
                     guint        days,
                     IsplicMoney *due,
                     guint       *n_due)
{
  IsplicExpiryTally tally;

  g_return_val_if_fail (G_IS_LIST_MODEL (licenses), FALSE);

  isplic_expiry_tally_init (&tally, days, now);
  isplic_expiry_tally_step (&tally, licenses, G_MAXUINT);
  *due = tally.due;
  *n_due = tally.n_due;
  return tally.due_known;
}

static void
isplic_watch_finalize (GObject *object)
{
  IsplicWatch *self = ISPLIC_WATCH (object);

  g_free (self->path);
  g_free (self->group);
  G_OBJECT_CLASS (isplic_watch_parent_class)->finalize (object);
}

static void
isplic_watch_class_init (IsplicWatchClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = isplic_watch_finalize;
}

static void
isplic_watch_init (IsplicWatch *self)
{
}

char *
isplic_watch_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "isplic", "watch.ini", NULL);
}

IsplicWatch *
isplic_watch_new (const char *path,
                  const char *account)
{
  IsplicWatch *self;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (ISPLIC_TYPE_WATCH, NULL);
  self->path = g_strdup (path);
  self->group = g_compute_checksum_for_string (G_CHECKSUM_SHA256, account ? account : "", -1);
  return self;
}

/* "web-01, web-02 and 3 more" */
static char *
list_names (GPtrArray *licenses)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint shown = MIN (licenses->len, MAX_NAMES);

  for (guint i = 0; i < shown; i++)
    {
      const char *name = isplic_license_get_name (licenses->pdata[i]);

      if (i > 0)
        g_string_append (text, i + 1 == licenses->len ? _(" and ") : ", ");
      g_string_append (text, name != NULL && *name != '\0'
                             ? name : isplic_license_get_id (licenses->pdata[i]));
    }
  if (licenses->len > shown)
    {
      guint more = licenses->len - shown;

      /* Translators: ends a list of license names: "web-01, web-02, mail and 5 more". */
      g_string_append_printf (text, ngettext (" and %u more", " and %u more", more), more);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  return g_strcmp0 (isplic_license_get_id (*(IsplicLicense **) a),
                    isplic_license_get_id (*(IsplicLicense **) b));
}

/* The sorted ids, joined: what a notice is about, to tell it only once. */
static char *
fingerprint (GPtrArray *licenses)
{
  /* Not g_ptr_array_copy(): that would take @licenses' free function along. */
  g_autoptr(GPtrArray) sorted = g_ptr_array_sized_new (licenses->len);
  g_autoptr(GString) text = g_string_new (NULL);

  g_ptr_array_extend (sorted, licenses, NULL, NULL);

  g_ptr_array_sort (sorted, compare_ids);
  for (guint i = 0; i < sorted->len; i++)
    g_string_append_printf (text, "%s%s", i ? "," : "", isplic_license_get_id (sorted->pdata[i]));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char **
ids_of (GPtrArray *licenses)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < licenses->len; i++)
    g_strv_builder_add (builder, isplic_license_get_id (licenses->pdata[i]));
  return g_strv_builder_end (builder);
}

/* Gives @title/@body unless the same @print was told last time; remembers @print under @key
 * (an empty @licenses forgets it, so that the next occurrence is told). */
static void
tell_once (GKeyFile        *state,
           const char      *group,
           const char      *key,
           const char      *print,
           GPtrArray       *licenses,
           IsplicWatchKind  kind,
           char            *title,
           char            *body,
           GPtrArray       *notices)
{
  g_autofree char *told = g_key_file_get_string (state, group, key, NULL);
  IsplicWatchNotice *notice;

  if (licenses->len == 0)
    {
      g_key_file_remove_key (state, group, key, NULL);
      g_free (title);
      g_free (body);
      return;
    }
  if (g_strcmp0 (told, print) == 0)
    {
      g_free (title);
      g_free (body);
      return;
    }
  g_key_file_set_string (state, group, key, print);
  notice = g_new0 (IsplicWatchNotice, 1);
  notice->kind = kind;
  notice->ids = ids_of (licenses);
  notice->title = title;
  notice->body = body;
  g_ptr_array_add (notices, notice);
}

static void
check_expiring (IsplicWatch *self,
                GKeyFile    *state,
                GPtrArray   *expiring,
                guint        warning_days,
                GPtrArray   *notices)
{
  g_autofree char *print = fingerprint (expiring);
  g_autofree char *count = g_strdup_printf ("%u", expiring->len);
  g_autofree char *names = list_names (expiring);

  tell_once (state, self->group, "told-expiring", print, expiring, ISPLIC_WATCH_EXPIRING,
             /* Translators: a notification; %s is a number of licenses, %u a number of days. */
             g_strdup_printf (ngettext ("%s license expires within %u days",
                                        "%s licenses expire within %u days", expiring->len),
                              count, warning_days),
             /* Translators: a notification's text; %s is the names of the licenses. */
             g_strdup_printf (_("%s: auto-renewal is off. Renew…"), names),
             notices);
}

static void
check_balance (IsplicWatch         *self,
               GKeyFile            *state,
               GListModel          *licenses,
               GPtrArray           *expiring,
               const IsplicBalance *balance,
               GDateTime           *now,
               guint                warning_days,
               GPtrArray           *notices)
{
  g_autoptr(GPtrArray) due_licenses = g_ptr_array_new ();
  IsplicMoney due;
  guint n_due = 0;
  gboolean covers = TRUE;

  if (isplic_renewals_due (licenses, now, warning_days, &due, &n_due) && n_due > 0
      && isplic_balance_covers (balance, &due, &covers) && !covers)
    g_ptr_array_extend (due_licenses, expiring, NULL, NULL);

  {
    g_autofree char *ids = fingerprint (due_licenses);
    g_autofree char *print = g_strdup_printf ("%" G_GINT64_FORMAT " %s %s", due.amount,
                                              due.currency ? due.currency : "", ids);
    g_autofree char *due_text = n_due > 0 ? isplic_money_format_amount (&due) : NULL;
    g_autofree char *balance_text = isplic_money_format_amount (&balance->balance);
    g_autofree char *count = g_strdup_printf ("%u", n_due);

    tell_once (state, self->group, "told-balance", print, due_licenses, ISPLIC_WATCH_BALANCE,
               g_strdup (_("The balance does not cover the renewals due")),
               /* Translators: a notification; "Renewing 3 licenses due within 7 days costs
                * 150.00 EUR; the balance is 20.00 EUR." */
               g_strdup_printf (ngettext ("Renewing %s license due within %u days costs %s; the "
                                          "balance is %s.",
                                          "Renewing %s licenses due within %u days costs %s; "
                                          "the balance is %s.", n_due),
                                count, warning_days, due_text ? due_text : "", balance_text),
               notices);
  }
}

static void
check_orders (IsplicWatch *self,
              GKeyFile    *state,
              GListModel  *licenses,
              GPtrArray   *notices)
{
  g_auto(GStrv) before = g_key_file_get_string_list (state, self->group, "processing", NULL,
                                                     NULL);
  gboolean seen = g_key_file_get_boolean (state, self->group, "seen", NULL);
  g_autoptr(GPtrArray) ready = g_ptr_array_new ();
  g_autoptr(GStrvBuilder) now_processing = g_strv_builder_new ();
  g_auto(GStrv) processing = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (licenses); i++)
    {
      g_autoptr(IsplicLicense) license = g_list_model_get_item (licenses, i);
      IsplicLicenseStatus status = isplic_license_get_status (license);
      const char *id = isplic_license_get_id (license);

      if (status == ISPLIC_LICENSE_STATUS_PROCESSING || status == ISPLIC_LICENSE_STATUS_ORDERED)
        g_strv_builder_add (now_processing, id);
      else if (status == ISPLIC_LICENSE_STATUS_ACTIVE && seen && before != NULL
               && g_strv_contains ((const char * const *) before, id))
        g_ptr_array_add (ready, license);
    }
  processing = g_strv_builder_end (now_processing);
  g_key_file_set_string_list (state, self->group, "processing",
                              (const char * const *) processing, g_strv_length (processing));
  g_key_file_set_boolean (state, self->group, "seen", TRUE);

  if (ready->len > 0)
    {
      IsplicWatchNotice *notice = g_new0 (IsplicWatchNotice, 1);
      g_autofree char *names = list_names (ready);

      notice->kind = ISPLIC_WATCH_ORDER_READY;
      notice->ids = ids_of (ready);
      /* Translators: a notification; %s is a license name, or several. */
      notice->title = g_strdup_printf (ngettext ("%s is active", "%s are active", ready->len),
                                       names);
      notice->body = g_strdup (ngettext ("Its license key is ready in IspLic.",
                                         "Their license keys are ready in IspLic.", ready->len));
      g_ptr_array_add (notices, notice);
    }
}

static void
check_suspended (IsplicWatch *self,
                 GKeyFile    *state,
                 GListModel  *licenses,
                 GDateTime   *now,
                 GPtrArray   *notices)
{
  g_autofree char *group = g_strconcat (self->group, "-suspended-since", NULL);
  g_autoptr(GKeyFile) since = g_key_file_new ();
  g_autoptr(GPtrArray) long_suspended = g_ptr_array_new ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

  for (guint i = 0; i < g_list_model_get_n_items (licenses); i++)
    {
      g_autoptr(IsplicLicense) license = g_list_model_get_item (licenses, i);
      const char *id = isplic_license_get_id (license);
      g_autofree char *first = NULL;
      g_autoptr(GDateTime) first_date = NULL;
      g_autofree char *iso = NULL;

      if (isplic_license_get_status (license) != ISPLIC_LICENSE_STATUS_SUSPENDED)
        continue;
      /* billmgr does not say since when: since we first saw it suspended. */
      first = g_key_file_get_string (state, group, id, NULL);
      if (first == NULL || strlen (first) != 10)
        {
          g_free (first);
          first = g_strdup (today);
        }
      g_key_file_set_string (since, group, id, first);
      iso = g_strconcat (first, "T00:00:00Z", NULL);
      first_date = g_date_time_new_from_iso8601 (iso, NULL);
      if (first_date != NULL
          && g_date_time_difference (now, first_date) / G_TIME_SPAN_DAY >= ISPLIC_WATCH_SUSPENDED_DAYS)
        g_ptr_array_add (long_suspended, license);
    }
  /* Only the licenses suspended now are kept. */
  g_key_file_remove_group (state, group, NULL);
  {
    g_auto(GStrv) keys = g_key_file_get_keys (since, group, NULL, NULL);

    for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
      {
        g_autofree char *value = g_key_file_get_string (since, group, keys[i], NULL);

        g_key_file_set_string (state, group, keys[i], value);
      }
  }

  {
    g_autofree char *print = fingerprint (long_suspended);
    g_autofree char *names = list_names (long_suspended);
    g_autofree char *count = g_strdup_printf ("%u", long_suspended->len);

    tell_once (state, self->group, "told-suspended", print, long_suspended,
               ISPLIC_WATCH_LONG_SUSPENDED,
               /* Translators: a notification; %s is a number of licenses. */
               g_strdup_printf (ngettext ("%s license has been suspended for 20 days",
                                          "%s licenses have been suspended for 20 days",
                                          long_suspended->len), count),
               /* Translators: %s is the names of the licenses. */
               g_strdup_printf (_("%s: billmgr deletes a license suspended for 30 days. Renew or "
                                  "resume it to keep it."), names),
               notices);
  }
}

GPtrArray *
isplic_watch_check (IsplicWatch          *self,
                    GListModel           *licenses,
                    const IsplicBalance  *balance,
                    GDateTime            *now,
                    guint                 warning_days,
                    guint                 kinds,
                    GError              **error)
{
  g_autoptr(GKeyFile) state = g_key_file_new ();
  g_autoptr(GPtrArray) notices = g_ptr_array_new_with_free_func (
    (GDestroyNotify) isplic_watch_notice_free);
  g_autoptr(GPtrArray) expiring = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *dir = NULL;
  g_autofree char *data = NULL;
  IsplicExpiryWindow window;
  gsize length;

  g_return_val_if_fail (ISPLIC_IS_WATCH (self), NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (licenses), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  /* A missing or damaged state starts afresh. */
  g_key_file_load_from_file (state, self->path, G_KEY_FILE_NONE, NULL);

  isplic_expiry_window_init (&window, warning_days, now);
  for (guint i = 0; i < g_list_model_get_n_items (licenses); i++)
    {
      IsplicLicense *license = g_list_model_get_item (licenses, i);

      if (isplic_license_get_auto_renew (license) == 0
          && isplic_license_is_expiring_in (license, &window))
        g_ptr_array_add (expiring, license);
      else
        g_object_unref (license);
    }

  if (kinds & ISPLIC_WATCH_EXPIRING)
    check_expiring (self, state, expiring, warning_days, notices);
  if ((kinds & ISPLIC_WATCH_BALANCE) && balance != NULL)
    check_balance (self, state, licenses, expiring, balance, now, warning_days, notices);
  /* These two keep their state up to date even when not told, so that turning them on later
   * does not tell of the past. */
  {
    g_autoptr(GPtrArray) ignored = g_ptr_array_new_with_free_func (
      (GDestroyNotify) isplic_watch_notice_free);

    check_orders (self, state, licenses, (kinds & ISPLIC_WATCH_ORDER_READY) ? notices : ignored);
    check_suspended (self, state, licenses, now,
                     (kinds & ISPLIC_WATCH_LONG_SUSPENDED) ? notices : ignored);
  }

  dir = g_path_get_dirname (self->path);
  data = g_key_file_to_data (state, &length, NULL);
  if (g_mkdir_with_parents (dir, 0700) != 0
      || !g_file_set_contents_full (self->path, data, (gssize) length,
                                    G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", dir, g_strerror (errno));
      return NULL;
    }
  return g_steal_pointer (&notices);
}

gboolean
isplic_watch_forget (const char *path,
                     const char *account,
                     GError    **error)
{
  g_autoptr(GKeyFile) state = g_key_file_new ();
  g_autofree char *group = NULL;
  g_autofree char *since = NULL;
  g_autofree char *data = NULL;
  gboolean had;
  gsize length;

  g_return_val_if_fail (path != NULL, FALSE);

  if (!g_key_file_load_from_file (state, path, G_KEY_FILE_NONE, NULL))
    return TRUE;
  group = g_compute_checksum_for_string (G_CHECKSUM_SHA256, account ? account : "", -1);
  since = g_strconcat (group, "-suspended-since", NULL);
  had = g_key_file_remove_group (state, group, NULL);
  had |= g_key_file_remove_group (state, since, NULL);
  if (!had)
    return TRUE;
  data = g_key_file_to_data (state, &length, NULL);
  return g_file_set_contents_full (path, data, (gssize) length, G_FILE_SET_CONTENTS_CONSISTENT,
                                   0600, error);
}
