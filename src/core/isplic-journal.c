/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The journal file: one JSON object per line, appended under an exclusive lock and flushed with
 * fdatasync() before the call returns.
 *   {"v":1,"type":"begin","id":N,"time":"…","account":"…","operation":"…","licenses":["…"],
 *    "what":"…","money":true}
 *   {"v":1,"type":"end","id":N,"time":"…","outcome":"done","message":"…"}
 * Reading folds each "end" into its "begin". Lines that are not such objects are skipped: a line
 * cut by a crash costs that line only.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "isplic-journal.h"

#define FORMAT 1
#define MAX_MESSAGE 1000
/* Only the newest part of a journal that grew this large is read. */
#define MAX_READ (32 * 1024 * 1024)

struct _IsplicJournal
{
  GObject parent_instance;

  char *path;
  guint64 last_id;
};

G_DEFINE_FINAL_TYPE (IsplicJournal, isplic_journal, G_TYPE_OBJECT)

static const char *const outcome_nicks[] = { "open", "done", "not-done", "unknown" };

const char *
isplic_journal_outcome_to_nick (IsplicJournalOutcome outcome)
{
  if ((guint) outcome >= G_N_ELEMENTS (outcome_nicks))
    outcome = ISPLIC_JOURNAL_UNKNOWN;
  return outcome_nicks[outcome];
}

static gboolean
outcome_from_nick (const char           *nick,
                   IsplicJournalOutcome *out)
{
  for (guint i = 1; i < G_N_ELEMENTS (outcome_nicks); i++)
    if (g_strcmp0 (nick, outcome_nicks[i]) == 0)
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

void
isplic_journal_entry_free (IsplicJournalEntry *entry)
{
  if (entry == NULL)
    return;
  g_clear_pointer (&entry->sent, g_date_time_unref);
  g_clear_pointer (&entry->ended, g_date_time_unref);
  g_free (entry->account);
  g_free (entry->operation);
  g_strfreev (entry->licenses);
  g_free (entry->what);
  g_free (entry->message);
  g_clear_pointer (&entry->params, g_hash_table_unref);
  g_free (entry);
}

char *
isplic_journal_account_name (const char *server_url,
                             const char *user)
{
  return g_strdup_printf ("%s @ %s", user ? user : "", server_url ? server_url : "");
}

static void
isplic_journal_finalize (GObject *object)
{
  IsplicJournal *self = ISPLIC_JOURNAL (object);

  g_free (self->path);
  G_OBJECT_CLASS (isplic_journal_parent_class)->finalize (object);
}

static void
isplic_journal_class_init (IsplicJournalClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = isplic_journal_finalize;
}

static void
isplic_journal_init (IsplicJournal *self)
{
}

char *
isplic_journal_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "isplic", "journal.jsonl", NULL);
}

IsplicJournal *
isplic_journal_new (const char *path)
{
  IsplicJournal *self;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (ISPLIC_TYPE_JOURNAL, NULL);
  self->path = g_strdup (path);
  return self;
}

const char *
isplic_journal_get_path (IsplicJournal *self)
{
  g_return_val_if_fail (ISPLIC_IS_JOURNAL (self), NULL);
  return self->path;
}

static gboolean
set_errno_error (GError     **error,
                 int          saved_errno,
                 const char  *path)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               _("Could not write the journal %s: %s"), path, g_strerror (saved_errno));
  return FALSE;
}

/* Appends @builder's object as one line, under a lock, flushed to disk. */
static gboolean
append_line (IsplicJournal  *self,
             JsonBuilder    *builder,
             GError        **error)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *dir = g_path_get_dirname (self->path);
  g_autofree char *text = NULL;
  g_autofree char *line = NULL;
  gsize length, written = 0;
  int fd;

  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  line = g_strconcat (text, "\n", NULL);
  length = strlen (line);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    return set_errno_error (error, errno, dir);
  fd = g_open (self->path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    return set_errno_error (error, errno, self->path);
  /* The app and the CLI may write at once: one whole line each. */
  while (flock (fd, LOCK_EX) != 0 && errno == EINTR)
    ;
  while (written < length)
    {
      gssize n = write (fd, line + written, length - written);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved_errno = n < 0 ? errno : ENOSPC;

          close (fd);
          return set_errno_error (error, saved_errno, self->path);
        }
      written += (gsize) n;
    }
  if (fdatasync (fd) != 0)
    {
      int saved_errno = errno;

      close (fd);
      return set_errno_error (error, saved_errno, self->path);
    }
  close (fd);
  return TRUE;
}

static void
add_header (JsonBuilder *builder,
            const char  *type,
            guint64      id)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *time = g_date_time_format_iso8601 (now);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "v");
  json_builder_add_int_value (builder, FORMAT);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, (gint64) id);
  json_builder_set_member_name (builder, "time");
  json_builder_add_string_value (builder, time);
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  g_autofree char *valid = g_utf8_make_valid (value ? value : "", -1);

  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, valid);
}

guint64
isplic_journal_begin (IsplicJournal       *self,
                      const char          *account,
                      const char          *operation,
                      const char * const  *licenses,
                      const char          *what,
                      gboolean             money,
                      GError             **error)
{
  return isplic_journal_begin_full (self, account, operation, licenses, what, money, NULL, 0,
                                    error);
}

guint64
isplic_journal_begin_full (IsplicJournal       *self,
                           const char          *account,
                           const char          *operation,
                           const char * const  *licenses,
                           const char          *what,
                           gboolean             money,
                           const char * const  *params,
                           gsize                n_params,
                           GError             **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint64 id;

  g_return_val_if_fail (ISPLIC_IS_JOURNAL (self), 0);
  g_return_val_if_fail (operation != NULL, 0);

  /* Microseconds since 1970: increasing across runs, and within one run by construction. */
  id = MAX ((guint64) g_get_real_time (), self->last_id + 1);
  self->last_id = id;

  add_header (builder, "begin", id);
  add_string (builder, "account", account);
  add_string (builder, "operation", operation);
  json_builder_set_member_name (builder, "licenses");
  json_builder_begin_array (builder);
  for (guint i = 0; licenses != NULL && licenses[i] != NULL; i++)
    {
      g_autofree char *valid = g_utf8_make_valid (licenses[i], -1);

      json_builder_add_string_value (builder, valid);
    }
  json_builder_end_array (builder);
  add_string (builder, "what", what);
  json_builder_set_member_name (builder, "money");
  json_builder_add_boolean_value (builder, money);
  json_builder_set_member_name (builder, "params");
  json_builder_begin_object (builder);
  for (gsize i = 0; params != NULL && i + 1 < n_params; i += 2)
    if (params[i] != NULL && params[i + 1] != NULL)
      add_string (builder, params[i], params[i + 1]);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  if (!append_line (self, builder, error))
    return 0;
  return id;
}

gboolean
isplic_journal_end (IsplicJournal         *self,
                    guint64                id,
                    IsplicJournalOutcome   outcome,
                    const char            *message,
                    GError               **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *short_message = NULL;

  g_return_val_if_fail (ISPLIC_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (id != 0, FALSE);

  if (message != NULL)
    {
      g_autofree char *valid = g_utf8_make_valid (message, -1);

      short_message = g_utf8_substring (valid, 0, MIN (g_utf8_strlen (valid, -1), MAX_MESSAGE));
    }
  add_header (builder, "end", id);
  json_builder_set_member_name (builder, "outcome");
  json_builder_add_string_value (builder, isplic_journal_outcome_to_nick (outcome));
  if (short_message != NULL)
    add_string (builder, "message", short_message);
  json_builder_end_object (builder);
  return append_line (self, builder, error);
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gint64
member_id (JsonObject *object)
{
  JsonNode *node = json_object_get_member (object, "id");

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_INT64)
    return 0;
  return json_node_get_int (node);
}

static GDateTime *
member_time (JsonObject *object)
{
  const char *text = member_string (object, "time");

  return text != NULL ? g_date_time_new_from_iso8601 (text, NULL) : NULL;
}

static IsplicJournalEntry *
entry_from_begin (JsonObject *object,
                  gint64      id)
{
  IsplicJournalEntry *entry;
  JsonNode *licenses = json_object_get_member (object, "licenses");
  JsonNode *money = json_object_get_member (object, "money");
  JsonNode *params = json_object_get_member (object, "params");
  GDateTime *sent = member_time (object);
  GPtrArray *ids = g_ptr_array_new ();

  if (sent == NULL || member_string (object, "operation") == NULL)
    {
      g_clear_pointer (&sent, g_date_time_unref);
      g_ptr_array_unref (ids);
      return NULL;
    }
  entry = g_new0 (IsplicJournalEntry, 1);
  entry->id = (guint64) id;
  entry->sent = sent;
  entry->account = g_strdup (member_string (object, "account"));
  entry->operation = g_strdup (member_string (object, "operation"));
  entry->what = g_strdup (member_string (object, "what"));
  entry->money = money != NULL && JSON_NODE_HOLDS_VALUE (money)
                 && json_node_get_value_type (money) == G_TYPE_BOOLEAN
                 && json_node_get_boolean (money);
  if (licenses != NULL && JSON_NODE_HOLDS_ARRAY (licenses))
    {
      JsonArray *array = json_node_get_array (licenses);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (element)
              && json_node_get_value_type (element) == G_TYPE_STRING)
            g_ptr_array_add (ids, g_strdup (json_node_get_string (element)));
        }
    }
  g_ptr_array_add (ids, NULL);
  entry->licenses = (char **) g_ptr_array_free (ids, FALSE);
  entry->params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (params != NULL && JSON_NODE_HOLDS_OBJECT (params))
    {
      JsonObject *members = json_node_get_object (params);
      g_autoptr(GList) names = json_object_get_members (members);

      for (GList *l = names; l != NULL; l = l->next)
        {
          const char *value = member_string (members, l->data);

          if (value != NULL)
            g_hash_table_replace (entry->params, g_strdup (l->data), g_strdup (value));
        }
    }
  entry->outcome = ISPLIC_JOURNAL_OPEN;
  return entry;
}

static void
apply_end (GHashTable *by_id,
           JsonObject *object,
           gint64      id)
{
  IsplicJournalEntry *entry = g_hash_table_lookup (by_id, &id);
  IsplicJournalOutcome outcome;

  if (entry == NULL || !outcome_from_nick (member_string (object, "outcome"), &outcome))
    return;
  entry->outcome = outcome;
  g_clear_pointer (&entry->ended, g_date_time_unref);
  entry->ended = member_time (object);
  g_free (entry->message);
  entry->message = g_strdup (member_string (object, "message"));
}

GPtrArray *
isplic_journal_read (IsplicJournal  *self,
                     GError        **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (
    (GDestroyNotify) isplic_journal_entry_free);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *data, *end, *line;

  g_return_val_if_fail (ISPLIC_IS_JOURNAL (self), NULL);

  file = g_mapped_file_new (self->path, FALSE, &local_error);
  if (file == NULL)
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&entries);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, local_error->message);
      return NULL;
    }
  data = g_mapped_file_get_contents (file);
  end = data + g_mapped_file_get_length (file);
  if (end - data > MAX_READ)
    {
      data = end - MAX_READ;
      /* Start at a whole line. */
      while (data < end && *data != '\n')
        data++;
    }

  for (line = data; line < end;)
    {
      const char *newline = memchr (line, '\n', (gsize) (end - line));
      const char *line_end = newline != NULL ? newline : end;
      JsonNode *root;
      JsonObject *object;
      const char *type;
      gint64 id;

      if (line_end > line
          && json_parser_load_from_data (parser, line, line_end - line, NULL)
          && (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root)
          && (id = member_id ((object = json_node_get_object (root)))) > 0
          && (type = member_string (object, "type")) != NULL)
        {
          if (strcmp (type, "begin") == 0 && !g_hash_table_contains (by_id, &id))
            {
              IsplicJournalEntry *entry = entry_from_begin (object, id);

              if (entry != NULL)
                {
                  g_ptr_array_add (entries, entry);
                  g_hash_table_insert (by_id, &entry->id, entry);
                }
            }
          else if (strcmp (type, "end") == 0)
            apply_end (by_id, object, id);
        }
      line = line_end + 1;
    }
  return g_steal_pointer (&entries);
}

GPtrArray *
isplic_journal_open_entries (IsplicJournal  *self,
                             const char     *account,
                             GError        **error)
{
  g_autoptr(GPtrArray) all = isplic_journal_read (self, error);
  GPtrArray *open;

  if (all == NULL)
    return NULL;
  open = g_ptr_array_new_with_free_func ((GDestroyNotify) isplic_journal_entry_free);
  for (guint i = 0; i < all->len; i++)
    {
      IsplicJournalEntry *entry = all->pdata[i];

      if (entry->outcome == ISPLIC_JOURNAL_OPEN
          && (account == NULL || g_strcmp0 (entry->account, account) == 0))
        g_ptr_array_add (open, g_ptr_array_steal_index (all, i--));
    }
  return open;
}
