/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The cache file: a small binary format of our own, read with a bounds check on every field.
 *
 *   "ISPLICLC" · u32 format · str app version · str account digest · i64 saved (Unix time) ·
 *   u32 count · count × record · SHA-256 of everything before it (32 bytes)
 *   record: str id, name, ip, tariff id, tariff name, status label, cost · i64 created,
 *           expires (INT64_MIN: none) · i32 period, auto-renew, nodes, status
 *   str: u32 length (0xFFFFFFFF: none) · UTF-8 bytes, no NUL
 *
 * Integers are little-endian. Saving copies the list into this form on the calling thread (a
 * memcpy per field), a slice of licenses per main-loop iteration, each slice into a buffer of its
 * own; joining, checksumming and writing happen in a worker thread.
 *
 * A list longer than ISPLIC_LICENSE_CACHE_HEAD also gets its head: a file of the same form,
 * beside it, with its first ISPLIC_LICENSE_CACHE_HEAD licenses (isplic_license_cache_head_path()):
 * read in well under a millisecond, it puts the top of a long list on screen at once.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "isplic-license-cache.h"
#include "isplic-license-private.h"
#include "isplic-util.h"

#define MAGIC "ISPLICLC"
#define FORMAT 1
#define NO_STRING G_MAXUINT32
#define NO_DATE G_MININT64
#define DIGEST_LENGTH 32
/* A record's smallest size: 7 empty strings, 2 dates, 4 ints. */
#define MIN_RECORD (7 * 4 + 2 * 8 + 4 * 4)
/* 100,000 licenses take ~15 MB; anything beyond this is not ours. */
#define MAX_FILE_SIZE (512 * 1024 * 1024)

static char *
account_digest (const char *server_url,
                const char *user)
{
  g_autofree char *joined = g_strconcat ("isplic-account\n", server_url ? server_url : "", "\n",
                                         user ? user : "", NULL);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, joined, -1);
}

char *
isplic_license_cache_path (const char *server_url,
                           const char *user)
{
  g_autofree char *digest = account_digest (server_url, user);
  g_autofree char *name = NULL;

  digest[24] = '\0';
  name = g_strdup_printf ("licenses-%s.cache", digest);
  return g_build_filename (g_get_user_cache_dir (), "isplic", name, NULL);
}

/* Writing */

static void
put_u32 (GByteArray *out,
         guint32     value)
{
  guint32 le = GUINT32_TO_LE (value);

  g_byte_array_append (out, (const guint8 *) &le, 4);
}

static void
put_i64 (GByteArray *out,
         gint64      value)
{
  guint64 le = GUINT64_TO_LE ((guint64) value);

  g_byte_array_append (out, (const guint8 *) &le, 8);
}

static void
put_str (GByteArray *out,
         const char *text)
{
  if (text == NULL)
    {
      put_u32 (out, NO_STRING);
      return;
    }
  put_u32 (out, (guint32) strlen (text));
  g_byte_array_append (out, (const guint8 *) text, (guint) strlen (text));
}

static void
put_date (GByteArray *out,
          GDateTime  *date)
{
  put_i64 (out, date != NULL ? g_date_time_to_unix (date) : NO_DATE);
}

/* The header, then the licenses a slice at a time (put_license). */
static GByteArray *
serialize_header (const char *server_url,
                  const char *user,
                  guint       n)
{
  GByteArray *out = g_byte_array_sized_new (256);
  g_autofree char *digest = account_digest (server_url, user);

  g_byte_array_append (out, (const guint8 *) MAGIC, 8);
  put_u32 (out, FORMAT);
  put_str (out, PACKAGE_VERSION);
  put_str (out, digest);
  put_i64 (out, g_get_real_time () / G_USEC_PER_SEC);
  put_u32 (out, n);
  return out;
}

static void
put_license (GByteArray    *out,
             IsplicLicense *license)
{
  put_str (out, isplic_license_get_id (license));
  put_str (out, isplic_license_get_name (license));
  put_str (out, isplic_license_get_ip (license));
  put_str (out, isplic_license_get_tariff_id (license));
  put_str (out, isplic_license_get_tariff_name (license));
  /* The server's own label only: the translated fallback is made at display time. */
  put_str (out, isplic_license_get_server_status_label (license));
  put_str (out, isplic_license_get_cost (license));
  put_date (out, isplic_license_get_created (license));
  put_date (out, isplic_license_get_expires (license));
  put_u32 (out, (guint32) isplic_license_get_period (license));
  put_u32 (out, (guint32) isplic_license_get_auto_renew (license));
  put_u32 (out, (guint32) isplic_license_get_nodes (license));
  put_u32 (out, (guint32) isplic_license_get_status (license));
}

/* A slice's buffer starts this large; it grows (by doubling) within the slice. */
#define CHUNK_SIZE (64 * 1024)

typedef struct
{
  char *path;
  char *server_url;
  char *user;
  GListModel *model;   /* until the first slice takes its licenses */
  GByteArray *head;    /* nullable: the head file's contents, for a long list */
  GPtrArray *chunks;   /* GByteArray: the header, then one per slice */
  GPtrArray *licenses; /* the list as the first slice found it; the objects are read later */
  guint next;          /* the next license to write */
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_free (data->path);
  g_free (data->server_url);
  g_free (data->user);
  g_clear_object (&data->model);
  g_clear_pointer (&data->head, g_byte_array_unref);
  g_ptr_array_unref (data->chunks);
  /* Only a save cancelled between slices still holds them (main thread): a sign-out. */
  isplic_release_in_slices (g_steal_pointer (&data->licenses));
  g_free (data);
}

char *
isplic_license_cache_head_path (const char *path)
{
  g_return_val_if_fail (path != NULL, NULL);
  return g_strconcat (path, ".head", NULL);
}

/* Appends the checksum to @contents and writes it to @path, atomically, mode 0600. */
static gboolean
write_file (const char  *path,
            GByteArray  *contents,
            GError     **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[DIGEST_LENGTH];
  gsize digest_length = sizeof digest;

  g_checksum_update (checksum, contents->data, contents->len);
  g_checksum_get_digest (checksum, digest, &digest_length);
  g_byte_array_append (contents, digest, DIGEST_LENGTH);
  return g_file_set_contents_full (path, (const char *) contents->data, contents->len,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

static void
save_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveData *data = task_data;
  g_autofree char *dir = g_path_get_dirname (data->path);
  g_autofree char *head_path = isplic_license_cache_head_path (data->path);
  g_autoptr(GByteArray) contents = NULL;
  gsize total = DIGEST_LENGTH;
  GError *error = NULL;

  /* Cancelled (a sign-out): nothing is written. */
  if (g_task_return_error_if_cancelled (task))
    return;

  for (guint i = 0; i < data->chunks->len; i++)
    total += ((GByteArray *) g_ptr_array_index (data->chunks, i))->len;
  contents = g_byte_array_sized_new ((guint) total);
  for (guint i = 0; i < data->chunks->len; i++)
    {
      GByteArray *chunk = g_ptr_array_index (data->chunks, i);

      g_byte_array_append (contents, chunk->data, chunk->len);
    }

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               "%s: %s", dir, g_strerror (saved_errno));
      return;
    }
  if (!write_file (data->path, contents, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  /* The whole list first: a head left from an older list is replaced right after, or, for a
   * short list, removed (the whole file is read at once then). */
  if (data->head != NULL ? !write_file (head_path, data->head, &error)
                         : !isplic_remove_file (head_path, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

/* Licenses are read on the thread that owns them (their fields change there), but at most for
 * this long per main-loop iteration: 100,000 of them take longer than a frame. */
#define SAVE_SLICE_USEC 4000

static gboolean
save_slice_cb (gpointer user_data)
{
  GTask *task = user_data;
  SaveData *data = g_task_get_task_data (task);
  gint64 deadline = g_get_monotonic_time () + SAVE_SLICE_USEC;
  GByteArray *chunk;

  if (g_task_return_error_if_cancelled (task))
    return G_SOURCE_REMOVE;

  /* The first slice takes which licenses to save (a reference each: ~5 ms at 100,000), in an
   * iteration of its own rather than in the caller's, which is often busy with the list. */
  if (data->model != NULL)
    {
      guint n = g_list_model_get_n_items (data->model);

      g_ptr_array_add (data->chunks, serialize_header (data->server_url, data->user, n));
      data->licenses = g_ptr_array_new_full (n, g_object_unref);
      for (guint i = 0; i < n; i++)
        g_ptr_array_add (data->licenses, g_list_model_get_item (data->model, i));
      g_clear_object (&data->model);
      if (n > ISPLIC_LICENSE_CACHE_HEAD)
        {
          data->head = serialize_header (data->server_url, data->user, ISPLIC_LICENSE_CACHE_HEAD);
          for (guint i = 0; i < ISPLIC_LICENSE_CACHE_HEAD; i++)
            put_license (data->head, g_ptr_array_index (data->licenses, i));
        }
      return G_SOURCE_CONTINUE;
    }

  chunk = g_byte_array_sized_new (CHUNK_SIZE);
  g_ptr_array_add (data->chunks, chunk);
  while (data->next < data->licenses->len)
    {
      put_license (chunk, g_ptr_array_index (data->licenses, data->next++));
      if ((data->next & 255) == 0 && g_get_monotonic_time () > deadline)
        return G_SOURCE_CONTINUE;
    }

  g_clear_pointer (&data->licenses, g_ptr_array_unref);
  g_task_run_in_thread (task, save_thread);
  return G_SOURCE_REMOVE;
}

void
isplic_license_cache_save_async (const char          *path,
                                 const char          *server_url,
                                 const char          *user,
                                 GListModel          *licenses,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GSource) idle = NULL;
  GTask *task;
  SaveData *data;

  g_return_if_fail (path != NULL);
  g_return_if_fail (G_IS_LIST_MODEL (licenses));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, isplic_license_cache_save_async);
  data = g_new0 (SaveData, 1);
  data->path = g_strdup (path);
  data->server_url = g_strdup (server_url);
  data->user = g_strdup (user);
  data->model = g_object_ref (licenses);
  data->chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) g_byte_array_unref);
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);
  /* The slices run in the caller's context and hold the task until the thread has it. */
  idle = g_idle_source_new ();
  g_source_set_callback (idle, save_slice_cb, task, g_object_unref);
  g_source_set_static_name (idle, "[isplic] cache save");
  g_source_attach (idle, g_main_context_get_thread_default ());
}

gboolean
isplic_license_cache_save_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Reading */

typedef struct
{
  const guint8 *p;
  gsize left;
  gboolean bad;
} Reader;

static gboolean
take (Reader       *r,
      gsize         n,
      const guint8 **out)
{
  if (r->bad || n > r->left)
    {
      r->bad = TRUE;
      return FALSE;
    }
  *out = r->p;
  r->p += n;
  r->left -= n;
  return TRUE;
}

static guint32
get_u32 (Reader *r)
{
  const guint8 *p;
  guint32 le;

  if (!take (r, 4, &p))
    return 0;
  memcpy (&le, p, 4);
  return GUINT32_FROM_LE (le);
}

static gint64
get_i64 (Reader *r)
{
  const guint8 *p;
  guint64 le;

  if (!take (r, 8, &p))
    return 0;
  memcpy (&le, p, 8);
  return (gint64) GUINT64_FROM_LE (le);
}

/* (transfer full, nullable) A string; marks the reader bad when it is cut, not UTF-8 or holds
 * a NUL. */
static char *
get_str (Reader *r)
{
  guint32 length = get_u32 (r);
  const guint8 *p;

  if (r->bad || length == NO_STRING)
    return NULL;
  if (!take (r, length, &p) || !g_utf8_validate_len ((const char *) p, length, NULL))
    {
      r->bad = TRUE;
      return NULL;
    }
  return g_strndup ((const char *) p, length);
}

static GDateTime *
get_date (Reader *r)
{
  gint64 value = get_i64 (r);

  if (r->bad || value == NO_DATE)
    return NULL;
  /* NULL for a time out of range: a date the list does not know. */
  return g_date_time_new_from_unix_utc (value);
}

static gboolean
expect_str (Reader     *r,
            const char *expected)
{
  g_autofree char *text = get_str (r);

  return !r->bad && g_strcmp0 (text, expected) == 0;
}

static GPtrArray *
parse (const guint8  *bytes,
       gsize          length,
       const char    *server_url,
       const char    *user,
       GDateTime    **saved,
       GError       **error)
{
  g_autoptr(GPtrArray) licenses = NULL;
  g_autofree char *digest = account_digest (server_url, user);
  guint8 sum[DIGEST_LENGTH];
  gsize sum_length = sizeof sum;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  Reader r;
  const guint8 *magic;
  gint64 saved_time;
  guint32 count;

  if (length < 8 + DIGEST_LENGTH)
    goto bad;
  g_checksum_update (checksum, bytes, length - DIGEST_LENGTH);
  g_checksum_get_digest (checksum, sum, &sum_length);
  if (memcmp (sum, bytes + length - DIGEST_LENGTH, DIGEST_LENGTH) != 0)
    goto bad;

  r = (Reader) { bytes, length - DIGEST_LENGTH, FALSE };
  if (!take (&r, 8, &magic) || memcmp (magic, MAGIC, 8) != 0 || get_u32 (&r) != FORMAT)
    goto bad;
  /* Another version may mean other fields; another account, other licenses. */
  if (!expect_str (&r, PACKAGE_VERSION) || !expect_str (&r, digest))
    goto bad;
  saved_time = get_i64 (&r);
  count = get_u32 (&r);
  if (r.bad || count > r.left / MIN_RECORD)
    goto bad;

  licenses = g_ptr_array_new_full (count, g_object_unref);
  for (guint32 i = 0; i < count; i++)
    {
      IsplicLicenseData data = { 0 };
      char *id = get_str (&r);

      data.name = get_str (&r);
      data.ip = get_str (&r);
      data.tariff_id = get_str (&r);
      data.tariff_name = get_str (&r);
      data.status_label = get_str (&r);
      data.cost = get_str (&r);
      data.created = get_date (&r);
      data.expires = get_date (&r);
      data.period = (int) get_u32 (&r);
      data.auto_renew = (int) get_u32 (&r);
      data.nodes = (int) get_u32 (&r);
      data.status = (IsplicLicenseStatus) get_u32 (&r);
      if (r.bad || id == NULL || !isplic_id_is_valid (id))
        {
          g_free (id);
          isplic_license_data_clear (&data);
          goto bad;
        }
      g_ptr_array_add (licenses, isplic_license_new_take (id, &data));
    }
  if (r.left != 0)
    goto bad;

  if (saved != NULL)
    *saved = g_date_time_new_from_unix_utc (saved_time);
  return g_steal_pointer (&licenses);

bad:
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("The saved list is damaged or from another account or version"));
  return NULL;
}

GPtrArray *
isplic_license_cache_load (const char  *path,
                           const char  *server_url,
                           const char  *user,
                           GDateTime  **saved,
                           GError     **error)
{
  g_autoptr(GMappedFile) file = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (saved != NULL)
    *saved = NULL;
  file = g_mapped_file_new (path, FALSE, &local_error);
  if (file == NULL)
    {
      /* GFileError to GIOError: the callers tell "none" from "damaged". */
      g_set_error_literal (error, G_IO_ERROR,
                           g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT)
                           ? G_IO_ERROR_NOT_FOUND : G_IO_ERROR_FAILED,
                           local_error->message);
      g_error_free (local_error);
      return NULL;
    }
  if (g_mapped_file_get_length (file) > MAX_FILE_SIZE)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The saved list is damaged or from another account or version"));
      return NULL;
    }
  return parse ((const guint8 *) g_mapped_file_get_contents (file),
                g_mapped_file_get_length (file), server_url, user, saved, error);
}

typedef struct
{
  char *path;
  char *server_url;
  char *user;
} LoadData;

typedef struct
{
  GPtrArray *licenses;
  GDateTime *saved;
} LoadResult;

static void
load_data_free (LoadData *data)
{
  g_free (data->path);
  g_free (data->server_url);
  g_free (data->user);
  g_free (data);
}

static void
load_result_free (LoadResult *result)
{
  g_clear_pointer (&result->licenses, g_ptr_array_unref);
  g_clear_pointer (&result->saved, g_date_time_unref);
  g_free (result);
}

static void
load_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  LoadResult *result = g_new0 (LoadResult, 1);
  GError *error = NULL;

  result->licenses = isplic_license_cache_load (data->path, data->server_url, data->user,
                                                &result->saved, &error);
  if (result->licenses == NULL)
    {
      load_result_free (result);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, result, (GDestroyNotify) load_result_free);
}

void
isplic_license_cache_load_async (const char          *path,
                                 const char          *server_url,
                                 const char          *user,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  g_return_if_fail (path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, isplic_license_cache_load_async);
  data = g_new0 (LoadData, 1);
  data->path = g_strdup (path);
  data->server_url = g_strdup (server_url);
  data->user = g_strdup (user);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_thread);
}

GPtrArray *
isplic_license_cache_load_finish (GAsyncResult  *result,
                                  GDateTime    **saved,
                                  GError       **error)
{
  LoadResult *loaded;
  GPtrArray *licenses;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  if (saved != NULL)
    *saved = NULL;
  loaded = g_task_propagate_pointer (G_TASK (result), error);
  if (loaded == NULL)
    return NULL;
  licenses = g_steal_pointer (&loaded->licenses);
  if (saved != NULL)
    *saved = g_steal_pointer (&loaded->saved);
  load_result_free (loaded);
  return licenses;
}

gboolean
isplic_license_cache_remove (const char  *path,
                             GError     **error)
{
  g_autofree char *head_path = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  head_path = isplic_license_cache_head_path (path);
  return isplic_remove_file (head_path, error) && isplic_remove_file (path, error);
}
