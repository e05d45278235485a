/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The simulator's state file: the state as JSON text (and back), and the file's safety rules.
 *  - Bounded before parsing: a file larger than SIM_STATE_MAX_BYTES or nested deeper than
 *    SIM_STATE_MAX_DEPTH levels is refused (json-glib's parser is recursive; a file of a million
 *    '[' would overflow the stack). The real state is three levels deep.
 *  - One simulator per state file: "FILE.lock" next to it is flock()ed for as long as the
 *    simulator uses the file and holds the owner's pid; a second simulator (in this or another
 *    process) is refused with G_IO_ERROR_BUSY. The lock file is removed when the file is let go.
 *  - Atomic saves: the text goes to ".FILE.tmp-PID-XXXXXX" in the same directory, is synced and
 *    renamed over FILE. A simulator killed mid-save leaves that temporary file; the next one to
 *    take the lock removes such files whose PID is no longer running.
 */
#include "config.h"

#include "isplic-sim-private.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

void
sim_state_clear (IsplicSim *self)
{
  g_hash_table_remove_all (self->by_id);
  g_hash_table_remove_all (self->by_ip);
  g_ptr_array_set_size (self->pending, 0);
  g_ptr_array_set_size (self->licenses, 0);
  g_ptr_array_set_size (self->deleted, 0);
  g_ptr_array_set_size (self->basket, 0);
  g_ptr_array_set_size (self->history, 0);
  self->next_id = SIM_FIRST_ID;
  self->next_billorder = SIM_FIRST_BILLORDER;
}

static gint
compare_license_id (gconstpointer a,
                    gconstpointer b)
{
  const SimLicense *la = *(SimLicense **) a;
  const SimLicense *lb = *(SimLicense **) b;

  return la->id < lb->id ? -1 : la->id > lb->id;
}

JsonNode *
sim_state_build (IsplicSim *self,
                 gboolean   for_file)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  JsonObject *root = json_object_new ();
  JsonArray *lics = json_array_new ();
  JsonArray *basket = json_array_new ();
  JsonArray *history = json_array_new ();
  JsonNode *node;

  for (guint i = 0; i < self->licenses->len; i++)
    g_ptr_array_add (all, self->licenses->pdata[i]);
  for (guint i = 0; i < self->deleted->len; i++)
    g_ptr_array_add (all, self->deleted->pdata[i]);
  g_ptr_array_sort (all, compare_license_id);
  for (guint i = 0; i < all->len; i++)
    json_array_add_object_element (lics, sim_license_to_json (all->pdata[i]));
  for (guint i = 0; i < self->basket->len; i++)
    json_array_add_object_element (basket, sim_license_to_json (self->basket->pdata[i]));

  if (for_file)
    {
      json_object_set_int_member (root, "version", 1);
      json_object_set_int_member (root, "next_id", (gint64) self->next_id);
      json_object_set_int_member (root, "next_billorder", (gint64) self->next_billorder);
    }
  json_object_set_array_member (root, "licenses", lics);
  json_object_set_array_member (root, "basket", basket);
  json_object_set_int_member (root, "balance", self->balance);
  json_object_set_int_member (root, "credit_limit", self->credit_limit);
  for (guint i = 0; i < self->history->len; i++)
    json_array_add_object_element (history, sim_history_to_json (self->history->pdata[i]));
  json_object_set_array_member (root, "history", history);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, root);
  return node;
}

/* The state as JSON text, written directly (json-glib takes seconds for 100,000 licenses);
 * the same shape as sim_state_build(), one license per line. */
GString *
sim_state_to_text (IsplicSim *self,
                   gboolean   for_file)
{
  g_autoptr(GPtrArray) all = g_ptr_array_sized_new (self->licenses->len + self->deleted->len);
  gsize n = self->licenses->len + self->deleted->len;
  GString *out = g_string_sized_new (512 + 480 * n);

  for (guint i = 0; i < self->licenses->len; i++)
    g_ptr_array_add (all, self->licenses->pdata[i]);
  for (guint i = 0; i < self->deleted->len; i++)
    g_ptr_array_add (all, self->deleted->pdata[i]);
  g_ptr_array_sort (all, compare_license_id);

  g_string_append_c (out, '{');
  if (for_file)
    g_string_append_printf (out, "\"version\":1,\"next_id\":%" G_GUINT64_FORMAT
                            ",\"next_billorder\":%" G_GUINT64_FORMAT ",",
                            self->next_id, self->next_billorder);
  g_string_append (out, "\"licenses\":[");
  for (guint i = 0; i < all->len; i++)
    {
      g_string_append (out, i ? ",\n" : "\n");
      sim_license_write_json (all->pdata[i], out);
    }
  g_string_append (out, "\n],\"basket\":[");
  for (guint i = 0; i < self->basket->len; i++)
    {
      g_string_append (out, i ? ",\n" : "\n");
      sim_license_write_json (self->basket->pdata[i], out);
    }
  g_string_append_printf (out, "\n],\"balance\":%" G_GINT64_FORMAT ",\"credit_limit\":%"
                          G_GINT64_FORMAT ",\"history\":[", self->balance, self->credit_limit);
  for (guint i = 0; i < self->history->len; i++)
    {
      g_string_append (out, i ? ",\n" : "\n");
      sim_history_write_json (self->history->pdata[i], out);
    }
  g_string_append (out, "\n]}\n");
  return out;
}

/* What a state file holds besides the licenses and the cart. */
typedef struct {
  GPtrArray *history;       /* SimHistory* (owned) */
  gint64     balance;
  gint64     credit_limit;
  gboolean   has_balance;
  gboolean   has_credit_limit;
} Extras;

/* ---- loading: a fast reader for the files sim_state_to_text() writes, json-glib for the rest ---- */

static void
skip_ws (const char **p)
{
  while (**p == ' ' || **p == '\n' || **p == '\r' || **p == '\t')
    (*p)++;
}

/* A JSON string as written by sim_json_escape(); FALSE for anything else (e.g. non-ASCII \u). */
static gboolean
fast_string (const char **pp,
             GString     *out)
{
  const char *p = *pp;

  if (*p != '"')
    return FALSE;
  p++;
  g_string_truncate (out, 0);
  for (;;)
    {
      const char *run = p;

      while (*p && *p != '"' && *p != '\\')
        p++;
      g_string_append_len (out, run, p - run);
      if (*p == '"')
        break;
      if (*p == '\0')
        return FALSE;
      p++;
      switch (*p)
        {
        case '"': case '\\': case '/': g_string_append_c (out, *p); break;
        case 'n': g_string_append_c (out, '\n'); break;
        case 'r': g_string_append_c (out, '\r'); break;
        case 't': g_string_append_c (out, '\t'); break;
        case 'b': g_string_append_c (out, '\b'); break;
        case 'f': g_string_append_c (out, '\f'); break;
        case 'u':
          {
            char hex[5] = { 0, };
            guint64 v;

            if (strlen (p + 1) < 4)
              return FALSE;
            memcpy (hex, p + 1, 4);
            if (!g_ascii_string_to_unsigned (hex, 16, 1, 0x7f, &v, NULL))
              return FALSE;
            g_string_append_c (out, (char) v);
            p += 4;
          }
          break;
        default:
          return FALSE;
        }
      p++;
    }
  *pp = p + 1;
  return TRUE;
}

static gboolean
fast_int (const char **pp,
          gint64      *out)
{
  char *end = NULL;

  if (!(g_ascii_isdigit (**pp) || (**pp == '-' && g_ascii_isdigit ((*pp)[1]))))
    return FALSE;
  *out = g_ascii_strtoll (*pp, &end, 10);
  if (*end == '.' || *end == 'e' || *end == 'E')
    return FALSE;
  *pp = end;
  return TRUE;
}

static SimLicense *
fast_license (const char **pp,
              GString     *key,
              GString     *val)
{
  const char *p = *pp;
  g_autoptr(SimLicense) lic = sim_license_new_for_load ();

  if (*p != '{')
    return NULL;
  p++;
  skip_ws (&p);
  if (*p == '}')
    return NULL;
  for (;;)
    {
      gint64 n;

      skip_ws (&p);
      if (!fast_string (&p, key))
        return NULL;
      skip_ws (&p);
      if (*p++ != ':')
        return NULL;
      skip_ws (&p);
      if (*p == '"')
        {
          if (!fast_string (&p, val) || !sim_license_set_field (lic, key->str, val->str, 0, FALSE))
            return NULL;
        }
      else if (!fast_int (&p, &n) || !sim_license_set_field (lic, key->str, NULL, n, TRUE))
        return NULL;
      skip_ws (&p);
      if (*p == '}')
        break;
      if (*p++ != ',')
        return NULL;
    }
  if (!sim_license_check_loaded (lic, NULL))
    return NULL;
  *pp = p + 1;
  return g_steal_pointer (&lic);
}

static SimHistory *
fast_history (const char **pp,
              GString     *key,
              GString     *val)
{
  const char *p = *pp;
  SimHistory *h = sim_history_new_for_load ();

  if (*p++ != '{')
    goto fail;
  for (;;)
    {
      gint64 n;

      skip_ws (&p);
      if (!fast_string (&p, key))
        goto fail;
      skip_ws (&p);
      if (*p++ != ':')
        goto fail;
      skip_ws (&p);
      if (*p == '"')
        {
          if (!fast_string (&p, val) || !sim_history_set_field (h, key->str, val->str, 0, FALSE))
            goto fail;
        }
      else if (!fast_int (&p, &n) || !sim_history_set_field (h, key->str, NULL, n, TRUE))
        goto fail;
      skip_ws (&p);
      if (*p == '}')
        break;
      if (*p++ != ',')
        goto fail;
    }
  if (!sim_history_check_loaded (h))
    goto fail;
  *pp = p + 1;
  return h;

fail:
  sim_history_free (h);
  return NULL;
}

static gboolean
state_parse_fast (const char *text,
                  GPtrArray  *lics,
                  GPtrArray  *basket,
                  gint64     *next_id,
                  gint64     *next_bo,
                  Extras     *extras)
{
  const char *p = text;
  g_autoptr(GString) key = g_string_new (NULL);
  g_autoptr(GString) val = g_string_new (NULL);

  skip_ws (&p);
  if (*p++ != '{')
    return FALSE;
  for (;;)
    {
      skip_ws (&p);
      if (!fast_string (&p, key))
        return FALSE;
      skip_ws (&p);
      if (*p++ != ':')
        return FALSE;
      skip_ws (&p);
      if (strcmp (key->str, "licenses") == 0 || strcmp (key->str, "basket") == 0)
        {
          GPtrArray *into = key->str[0] == 'l' ? lics : basket;

          if (*p++ != '[')
            return FALSE;
          skip_ws (&p);
          while (*p != ']')
            {
              SimLicense *lic = fast_license (&p, key, val);

              if (lic == NULL)
                return FALSE;
              g_ptr_array_add (into, lic);
              skip_ws (&p);
              if (*p == ',')
                p++;
              else if (*p != ']')
                return FALSE;
              skip_ws (&p);
            }
          p++;
        }
      else if (strcmp (key->str, "history") == 0)
        {
          if (*p++ != '[')
            return FALSE;
          skip_ws (&p);
          while (*p != ']')
            {
              SimHistory *h = fast_history (&p, key, val);

              if (h == NULL)
                return FALSE;
              g_ptr_array_add (extras->history, h);
              skip_ws (&p);
              if (*p == ',')
                p++;
              else if (*p != ']')
                return FALSE;
              skip_ws (&p);
            }
          p++;
        }
      else if (strcmp (key->str, "version") == 0 || strcmp (key->str, "next_id") == 0
               || strcmp (key->str, "next_billorder") == 0 || strcmp (key->str, "balance") == 0
               || strcmp (key->str, "credit_limit") == 0)
        {
          gint64 n;

          if (!fast_int (&p, &n))
            return FALSE;
          if (strcmp (key->str, "next_id") == 0)
            *next_id = n;
          else if (strcmp (key->str, "next_billorder") == 0)
            *next_bo = n;
          else if (strcmp (key->str, "balance") == 0)
            {
              extras->balance = n;
              extras->has_balance = TRUE;
            }
          else if (strcmp (key->str, "credit_limit") == 0)
            {
              extras->credit_limit = n;
              extras->has_credit_limit = TRUE;
            }
        }
      else
        return FALSE;
      skip_ws (&p);
      if (*p == '}')
        break;
      if (*p++ != ',')
        return FALSE;
    }
  p++;
  skip_ws (&p);
  return *p == '\0';
}

static gboolean
state_parse_json (const char  *text,
                  gsize        len,
                  const char  *path,
                  GPtrArray   *lics,
                  GPtrArray   *basket,
                  gint64      *next_id,
                  gint64      *next_bo,
                  Extras      *extras,
                  GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonObject *obj;
  JsonNode *hist;

  if (!json_parser_load_from_data (parser, text, (gssize) len, error))
    return FALSE;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s is not a simulator state file", path);
      return FALSE;
    }
  obj = json_node_get_object (root);
  for (int k = 0; k < 2; k++)
    {
      JsonNode *member = json_object_get_member (obj, k == 0 ? "licenses" : "basket");
      JsonArray *arr;

      if (member == NULL)
        continue;
      if (!JSON_NODE_HOLDS_ARRAY (member))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "%s is not a simulator state file", path);
          return FALSE;
        }
      arr = json_node_get_array (member);
      for (guint i = 0; i < json_array_get_length (arr); i++)
        {
          JsonNode *n = json_array_get_element (arr, i);
          SimLicense *lic;

          if (!JSON_NODE_HOLDS_OBJECT (n))
            continue;
          lic = sim_license_from_json (json_node_get_object (n), error);
          if (lic == NULL)
            return FALSE;
          g_ptr_array_add (k == 0 ? lics : basket, lic);
        }
    }
  *next_id = json_object_get_int_member_with_default (obj, "next_id", 0);
  *next_bo = json_object_get_int_member_with_default (obj, "next_billorder", 0);
  extras->has_balance = json_object_has_member (obj, "balance");
  extras->balance = json_object_get_int_member_with_default (obj, "balance", 0);
  extras->has_credit_limit = json_object_has_member (obj, "credit_limit");
  extras->credit_limit = MAX (json_object_get_int_member_with_default (obj, "credit_limit", 0), 0);
  hist = json_object_get_member (obj, "history");
  if (hist != NULL && JSON_NODE_HOLDS_ARRAY (hist))
    {
      JsonArray *arr = json_node_get_array (hist);

      for (guint i = 0; i < json_array_get_length (arr); i++)
        {
          JsonNode *n = json_array_get_element (arr, i);
          SimHistory *h;
          JsonObjectIter iter;
          const char *key;
          JsonNode *v;
          gboolean ok = TRUE;

          if (!JSON_NODE_HOLDS_OBJECT (n))
            continue;
          h = sim_history_new_for_load ();
          json_object_iter_init (&iter, json_node_get_object (n));
          while (ok && json_object_iter_next (&iter, &key, &v))
            {
              if (JSON_NODE_HOLDS_VALUE (v) && json_node_get_value_type (v) == G_TYPE_STRING)
                ok = sim_history_set_field (h, key, json_node_get_string (v), 0, FALSE);
              else if (JSON_NODE_HOLDS_VALUE (v) && json_node_get_value_type (v) == G_TYPE_INT64)
                ok = sim_history_set_field (h, key, NULL, json_node_get_int (v), TRUE);
            }
          /* A damaged entry is dropped, not the whole state. */
          if (ok && sim_history_check_loaded (h))
            g_ptr_array_add (extras->history, h);
          else
            sim_history_free (h);
        }
    }
  return TRUE;
}


/* FALSE when @text nests arrays and objects deeper than @max_depth (strings are skipped). */
gboolean
sim_json_depth_ok (const char *text,
                   gsize       len,
                   guint       max_depth)
{
  guint depth = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char ch = text[i];

      if (in_string)
        {
          if (ch == '\\')
            i++;
          else if (ch == '"')
            in_string = FALSE;
        }
      else if (ch == '"')
        in_string = TRUE;
      else if (ch == '[' || ch == '{')
        {
          if (++depth > max_depth)
            return FALSE;
        }
      else if ((ch == ']' || ch == '}') && depth > 0)
        depth--;
    }
  return TRUE;
}

/* Reads @path whole, refusing files too large or too deeply nested to parse safely. */
static gboolean
state_read (const char  *path,
            char       **text,
            gsize       *len,
            GError     **error)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", path,
                   g_strerror (saved));
      return FALSE;
    }
  if ((guint64) st.st_size > SIM_STATE_MAX_BYTES)
    {
      char size[32];

      g_snprintf (size, sizeof size, "%" G_GUINT64_FORMAT, (guint64) st.st_size / (1024 * 1024));
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s is too large for a simulator state file (%s MiB; the limit is %u MiB)"),
                   path, size, (guint) (SIM_STATE_MAX_BYTES / (1024 * 1024)));
      return FALSE;
    }
  if (!g_file_get_contents (path, text, len, error))
    return FALSE;
  if (*len > SIM_STATE_MAX_BYTES || !sim_json_depth_ok (*text, *len, SIM_STATE_MAX_DEPTH))
    {
      if (*len > SIM_STATE_MAX_BYTES)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                     _("%s is too large for a simulator state file"), path);
      else
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                     _("%s is not a simulator state file: it is nested more than %u levels "
                       "deep"), path, SIM_STATE_MAX_DEPTH);
      g_clear_pointer (text, g_free);
      return FALSE;
    }
  return TRUE;
}

static gboolean
state_load (IsplicSim   *self,
            const char  *path,
            GError     **error)
{
  g_autofree char *text = NULL;
  gsize len;
  g_autoptr(GPtrArray) lics = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_license_free);
  g_autoptr(GPtrArray) basket = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_license_free);
  g_autoptr(GHashTable) ips = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  gint64 next_id = 0, next_bo = 0;
  Extras extras = { 0, };
  g_autoptr(GPtrArray) history = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_history_free);
  guint64 max_id = SIM_FIRST_ID - 1;
  guint64 max_bo = SIM_FIRST_BILLORDER - 1;

  if (!state_read (path, &text, &len, error))
    return FALSE;
  extras.history = history;
  if (strlen (text) != len
      || !state_parse_fast (text, lics, basket, &next_id, &next_bo, &extras))
    {
      g_ptr_array_set_size (lics, 0);
      g_ptr_array_set_size (basket, 0);
      g_ptr_array_set_size (history, 0);
      memset (&extras, 0, sizeof extras);
      extras.history = history;
      next_id = next_bo = 0;
      if (!state_parse_json (text, len, path, lics, basket, &next_id, &next_bo, &extras, error))
        return FALSE;
    }

  /* The invariants the rest relies on: unique ids, one live license per IP. */
  for (guint i = 0; i < lics->len; i++)
    {
      SimLicense *lic = lics->pdata[i];

      if (!g_hash_table_add (ids, lic->id_str)
          || (lic->status != SIM_STATUS_DELETED && !g_hash_table_add (ips, lic->ip)))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "%s: license %s repeats an id or an IP address", path, lic->id_str);
          return FALSE;
        }
      max_id = MAX (max_id, lic->id);
    }
  /* Cart items take ids from the same sequence as licenses (as billmgr's items do). */
  for (guint i = 0; i < basket->len; i++)
    {
      SimLicense *item = basket->pdata[i];

      max_bo = MAX (max_bo, item->billorder);
      max_id = MAX (max_id, item->id);
    }

  sim_state_clear (self);
  g_ptr_array_sort (lics, compare_license_id);
  for (guint i = 0; i < lics->len; i++)
    {
      SimLicense *lic = lics->pdata[i];

      lics->pdata[i] = NULL;
      if (lic->status == SIM_STATUS_DELETED)
        g_ptr_array_add (self->deleted, lic);
      else
        g_ptr_array_add (self->licenses, lic);
      sim_index_add (self, lic);
    }
  for (guint i = 0; i < basket->len; i++)
    {
      g_ptr_array_add (self->basket, basket->pdata[i]);
      basket->pdata[i] = NULL;
    }
  for (guint i = 0; i < history->len; i++)
    {
      g_ptr_array_add (self->history, history->pdata[i]);
      history->pdata[i] = NULL;
    }
  /* An older file without them keeps the simulator's own. */
  if (extras.has_balance)
    self->balance = extras.balance;
  if (extras.has_credit_limit)
    self->credit_limit = MAX (extras.credit_limit, 0);
  self->next_id = MAX ((guint64) MAX (next_id, 0), max_id + 1);
  self->next_billorder = MAX ((guint64) MAX (next_bo, 0), max_bo + 1);
  return TRUE;
}

/* ---- saving ---- */

static char *
temp_prefix (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);

  return g_strdup_printf (".%s.tmp-", base);
}

static gboolean
write_all (int          fd,
           const char  *data,
           gsize        len)
{
  while (len > 0)
    {
      gssize n = write (fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      len -= (gsize) n;
    }
  return TRUE;
}

/* Writes @text to a temporary file next to @path, syncs it and renames it over @path. */
static gboolean
save_atomically (const char  *path,
                 const char  *text,
                 gsize        len,
                 GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *prefix = temp_prefix (path);
  g_autofree char *name = g_strdup_printf ("%s%d-XXXXXX", prefix, (int) getpid ());
  g_autofree char *tmp = g_build_filename (dir, name, NULL);
  int fd;
  int saved;

  /* The state holds license keys: only its owner reads it. */
  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", tmp,
                   g_strerror (saved));
      return FALSE;
    }
  if (!write_all (fd, text, len) || fsync (fd) != 0)
    {
      saved = errno;
      close (fd);
      g_unlink (tmp);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", tmp,
                   g_strerror (saved));
      return FALSE;
    }
  if (close (fd) != 0 || g_rename (tmp, path) != 0)
    {
      saved = errno;
      g_unlink (tmp);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", path,
                   g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

void
sim_state_save (IsplicSim *self)
{
  g_autoptr(GError) error = NULL;
  GString *text;

  if (self->state_file == NULL)
    return;
  text = sim_state_to_text (self, TRUE);
  if (!save_atomically (self->state_file, text->str, text->len, &error))
    g_printerr ("isplic-billmgr-sim: cannot save the state: %s\n", error->message);
  g_string_free (text, TRUE);
}

/* Removes ".FILE.tmp-PID-XXXXXX" files left next to @path by a simulator (PID) that is gone.
 * Called with the lock held, so no live simulator is writing one of them. Returns how many. */
guint
sim_state_remove_stale_temps (const char *path)
{
  g_autofree char *dirname = g_path_get_dirname (path);
  g_autofree char *prefix = temp_prefix (path);
  g_autoptr(GDir) dir = g_dir_open (dirname, 0, NULL);
  gsize plen = strlen (prefix);
  const char *name;
  guint removed = 0;

  if (dir == NULL)
    return 0;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      const char *p = name + plen;
      const char *dash;
      g_autofree char *pid_text = NULL;
      guint64 pid;
      g_autofree char *full = NULL;

      if (strncmp (name, prefix, plen) != 0 || (dash = strchr (p, '-')) == NULL
          || strlen (dash + 1) != 6)
        continue;
      pid_text = g_strndup (p, dash - p);
      if (!g_ascii_string_to_unsigned (pid_text, 10, 1, G_MAXINT32, &pid, NULL))
        continue;
      /* Only files of processes that no longer run (our own pid cannot be mid-save here). */
      if ((pid_t) pid != getpid () && !(kill ((pid_t) pid, 0) != 0 && errno == ESRCH))
        continue;
      full = g_build_filename (dirname, name, NULL);
      if (g_unlink (full) == 0)
        removed++;
    }
  return removed;
}

/* ---- the lock ---- */

void
sim_state_unlock (IsplicSim *self)
{
  if (self->lock_fd < 0)
    return;
  /* Removed while still locked, so that nobody can lock the old file after we let it go. */
  g_unlink (self->lock_path);
  close (self->lock_fd);
  self->lock_fd = -1;
  g_clear_pointer (&self->lock_path, g_free);
}

static gboolean
set_errno_error (GError     **error,
                 const char  *path)
{
  int saved = errno;

  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", path,
               g_strerror (saved));
  return FALSE;
}

gboolean
sim_state_lock (IsplicSim   *self,
                const char  *path,
                GError     **error)
{
  g_autofree char *lock_path = g_strconcat (path, ".lock", NULL);
  char pid[32];

  g_return_val_if_fail (self->lock_fd < 0, FALSE);

  /* A holder that lets go removes the file; if it did so between our open and our flock, we
   * hold a lock on a file nobody else will see: open the new one and try again. */
  for (int attempt = 0; attempt < 10; attempt++)
    {
      int fd = g_open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
      GStatBuf a, b;

      if (fd < 0)
        return set_errno_error (error, lock_path);
      if (flock (fd, LOCK_EX | LOCK_NB) != 0)
        {
          char owner[32] = { 0, };
          gssize n;

          if (errno != EWOULDBLOCK)
            {
              set_errno_error (error, lock_path);
              close (fd);
              return FALSE;
            }
          n = pread (fd, owner, sizeof owner - 1, 0);
          close (fd);
          owner[MAX (n, 0)] = '\0';
          g_strstrip (owner);
          if (owner[0] != '\0')
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                         _("%s is in use by another simulator (pid %s)"), path, owner);
          else
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                         _("%s is in use by another simulator"), path);
          return FALSE;
        }
      if (fstat (fd, &a) == 0 && g_stat (lock_path, &b) == 0 && a.st_dev == b.st_dev
          && a.st_ino == b.st_ino)
        {
          g_snprintf (pid, sizeof pid, "%d\n", (int) getpid ());
          if (ftruncate (fd, 0) != 0 || pwrite (fd, pid, strlen (pid), 0) < 0)
            {
              set_errno_error (error, lock_path);
              g_unlink (lock_path);
              close (fd);
              return FALSE;
            }
          self->lock_fd = fd;
          self->lock_path = g_steal_pointer (&lock_path);
          return TRUE;
        }
      close (fd);
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY, _("%s is in use by another simulator"), path);
  return FALSE;
}

/* Takes the lock, clears stale temporary files and loads @path if it exists. */
gboolean
sim_state_open (IsplicSim   *self,
                const char  *path,
                GError     **error)
{
  if (!sim_state_lock (self, path, error))
    return FALSE;
  sim_state_remove_stale_temps (path);
  if (g_file_test (path, G_FILE_TEST_EXISTS) && !state_load (self, path, error))
    {
      sim_state_unlock (self);
      return FALSE;
    }
  return TRUE;
}
