/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The license list as CSV or JSON, formatted as it is written: no document tree, each cell made
 * safe once. Moved from the CLI (isplic-cli-list-output.c) so that the app exports the same bytes
 * the CLI prints. */
#include "config.h"

#include <string.h>

#include "isplic-export.h"
#include "isplic-tariff.h"
#include "isplic-text-safe.h"
#include "isplic-util.h"

/* Output is handed to a stream in pieces of about this size. */
#define STREAM_CHUNK (64 * 1024)

struct _IsplicExporter
{
  IsplicExportFormat format;
  IsplicExportFlags flags;
  guint n_added;
  GString *scratch;  /* owned: one CSV cell made safe */
};

/* The machine-readable field names, shared by CSV and JSON (the model's property names). */
enum {
  F_ID, F_NAME, F_IP, F_TARIFF_ID, F_TARIFF, F_STATUS, F_STATUS_LABEL, F_PERIOD, F_CREATED,
  F_EXPIRES, F_AUTO_RENEW, F_COST, F_NODES, F_KEY, N_FIELDS
};

static const char * const field_names[N_FIELDS] = {
  "id", "name", "ip", "tariff-id", "tariff", "status", "status-label", "period", "created",
  "expires", "auto-renew", "cost", "nodes", "key",
};

const char *
isplic_export_tariff_text (IsplicLicense *license)
{
  const char *name;
  const IsplicTariff *tariff;

  g_return_val_if_fail (ISPLIC_IS_LICENSE (license), NULL);

  name = isplic_license_get_tariff_name (license);
  if (name != NULL && *name != '\0')
    return name;
  tariff = isplic_tariff_lookup (isplic_license_get_tariff_id (license));
  if (tariff != NULL)
    return tariff->name;
  return isplic_license_get_tariff_id (license);
}

static guint
n_fields (IsplicExportFlags flags)
{
  /* The key is the last field: without it, one fewer. */
  return (flags & ISPLIC_EXPORT_WITHOUT_KEY) ? N_FIELDS - 1 : N_FIELDS;
}

/* ---- JSON -------------------------------------------------------------------------------- */

void
isplic_export_append_json_string (GString    *out,
                                  const char *text)
{
  const guchar *p = (const guchar *) text;

  g_return_if_fail (out != NULL);

  if (text == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  g_string_append_c (out, '"');
  while (*p != '\0')
    {
      const guchar *run = p;

      /* printable ASCII but the two that need a backslash, in one go */
      while (*p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\')
        p++;
      if (p > run)
        g_string_append_len (out, (const char *) run, p - run);
      if (*p == '\0')
        break;

      if (*p < 0x80)
        {
          switch (*p)
            {
            case '"': g_string_append (out, "\\\""); break;
            case '\\': g_string_append (out, "\\\\"); break;
            case '\b': g_string_append (out, "\\b"); break;
            case '\f': g_string_append (out, "\\f"); break;
            case '\n': g_string_append (out, "\\n"); break;
            case '\r': g_string_append (out, "\\r"); break;
            case '\t': g_string_append (out, "\\t"); break;
            default: g_string_append_printf (out, "\\u%04x", (guint) *p); break;
            }
          p++;
        }
      else
        {
          gunichar c = g_utf8_get_char_validated ((const char *) p, -1);

          if (c == (gunichar) -1 || c == (gunichar) -2)
            {
              g_string_append (out, "\\ufffd");
              p++;
            }
          else
            {
              const guchar *next = (const guchar *) g_utf8_next_char (p);

              if (isplic_text_unichar_is_unsafe (c))
                g_string_append_printf (out, "\\u%04x", (guint) c);
              else
                g_string_append_len (out, (const char *) p, next - p);
              p = next;
            }
        }
    }
  g_string_append_c (out, '"');
}

static void
json_member (GString    *out,
             const char *indent,
             guint       field)
{
  if (field != F_ID)
    g_string_append_c (out, ',');
  g_string_append_c (out, '\n');
  g_string_append (out, indent);
  g_string_append (out, "  \"");
  g_string_append (out, field_names[field]);
  g_string_append (out, "\" : ");
}

static void
json_string (GString    *out,
             const char *indent,
             guint       field,
             const char *value)
{
  json_member (out, indent, field);
  isplic_export_append_json_string (out, value);
}

static void
json_int (GString    *out,
          const char *indent,
          guint       field,
          int         value)
{
  json_member (out, indent, field);
  g_string_append_printf (out, "%d", value);
}

static void
json_date (GString    *out,
           const char *indent,
           guint       field,
           GDateTime  *date)
{
  g_autofree char *text = isplic_date_format (date);

  json_string (out, indent, field, text);
}

/* One license as a JSON object in the layout of json-glib's pretty printer (two spaces a
 * level), at the nesting given by @indent. */
static void
json_license (GString           *out,
              const char        *indent,
              IsplicLicense     *license,
              IsplicExportFlags  flags)
{
  g_string_append (out, indent);
  g_string_append_c (out, '{');
  json_string (out, indent, F_ID, isplic_license_get_id (license));
  json_string (out, indent, F_NAME, isplic_license_get_name (license));
  json_string (out, indent, F_IP, isplic_license_get_ip (license));
  json_string (out, indent, F_TARIFF_ID, isplic_license_get_tariff_id (license));
  json_string (out, indent, F_TARIFF, isplic_export_tariff_text (license));
  json_string (out, indent, F_STATUS,
               isplic_license_status_to_nick (isplic_license_get_status (license)));
  json_string (out, indent, F_STATUS_LABEL, isplic_license_get_status_label (license));
  json_int (out, indent, F_PERIOD, isplic_license_get_period (license));
  json_date (out, indent, F_CREATED, isplic_license_get_created (license));
  json_date (out, indent, F_EXPIRES, isplic_license_get_expires (license));
  json_int (out, indent, F_AUTO_RENEW, isplic_license_get_auto_renew (license));
  json_string (out, indent, F_COST, isplic_license_get_cost (license));
  json_int (out, indent, F_NODES, isplic_license_get_nodes (license));
  if (!(flags & ISPLIC_EXPORT_WITHOUT_KEY))
    json_string (out, indent, F_KEY, isplic_license_get_key (license));
  g_string_append_c (out, '\n');
  g_string_append (out, indent);
  g_string_append_c (out, '}');
}

void
isplic_export_append_license_json (GString           *out,
                                   IsplicLicense     *license,
                                   IsplicExportFlags  flags)
{
  g_return_if_fail (out != NULL);
  g_return_if_fail (ISPLIC_IS_LICENSE (license));

  json_license (out, "", license, flags);
  g_string_append_c (out, '\n');
}

/* ---- CSV --------------------------------------------------------------------------------- */

/* A spreadsheet runs a cell that starts with one of these as a formula (or, for TAB and CR,
 * strips them and then may). */
static gboolean
starts_like_formula (const char *value)
{
  return value[0] != '\0' && strchr ("=+-@\t\r", value[0]) != NULL;
}

/* @guard: @raw_value is text from the server, and a formula-like start is defused. */
static void
csv_append (GString    *out,
            GString    *scratch,
            const char *raw_value,
            gboolean    guard)
{
  const char *value;

  if (raw_value == NULL)
    return;
  g_string_truncate (scratch, 0);
  if (guard && starts_like_formula (raw_value))
    g_string_append_c (scratch, '\'');
  isplic_text_safe_append (scratch, raw_value, -1);
  value = scratch->str;
  if (strpbrk (value, ",\"\r\n") == NULL && value[0] != ' ' &&
      (scratch->len == 0 || value[scratch->len - 1] != ' '))
    {
      g_string_append_len (out, value, scratch->len);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
csv_license (IsplicExporter *self,
             GString        *out,
             IsplicLicense  *license)
{
  g_autofree char *created = isplic_date_format (isplic_license_get_created (license));
  g_autofree char *expires = isplic_date_format (isplic_license_get_expires (license));
  char period[16], auto_renew[16], nodes[16];
  const char *values[N_FIELDS];
  guint n = n_fields (self->flags);

  g_snprintf (period, sizeof period, "%d", isplic_license_get_period (license));
  g_snprintf (auto_renew, sizeof auto_renew, "%d", isplic_license_get_auto_renew (license));
  g_snprintf (nodes, sizeof nodes, "%d", isplic_license_get_nodes (license));
  values[F_ID] = isplic_license_get_id (license);
  values[F_NAME] = isplic_license_get_name (license);
  values[F_IP] = isplic_license_get_ip (license);
  values[F_TARIFF_ID] = isplic_license_get_tariff_id (license);
  values[F_TARIFF] = isplic_export_tariff_text (license);
  values[F_STATUS] = isplic_license_status_to_nick (isplic_license_get_status (license));
  values[F_STATUS_LABEL] = isplic_license_get_status_label (license);
  values[F_PERIOD] = period;
  values[F_CREATED] = created;
  values[F_EXPIRES] = expires;
  values[F_AUTO_RENEW] = auto_renew;
  values[F_COST] = isplic_license_get_cost (license);
  values[F_NODES] = nodes;
  values[F_KEY] = isplic_license_get_key (license);

  for (guint f = 0; f < n; f++)
    {
      /* The numbers, dates and the status nick are our own text; the rest is the server's. */
      gboolean from_server = f != F_STATUS && f != F_PERIOD && f != F_CREATED
                             && f != F_EXPIRES && f != F_AUTO_RENEW && f != F_NODES;

      if (f > 0)
        g_string_append_c (out, ',');
      csv_append (out, self->scratch, values[f], from_server);
    }
  g_string_append (out, "\r\n");
}

/* ---- the writer -------------------------------------------------------------------------- */

IsplicExporter *
isplic_exporter_new (IsplicExportFormat format,
                     IsplicExportFlags  flags)
{
  IsplicExporter *self;

  g_return_val_if_fail (format == ISPLIC_EXPORT_CSV || format == ISPLIC_EXPORT_JSON, NULL);

  self = g_new0 (IsplicExporter, 1);
  self->format = format;
  self->flags = flags;
  self->scratch = g_string_new (NULL);
  return self;
}

void
isplic_exporter_free (IsplicExporter *self)
{
  if (self == NULL)
    return;
  g_string_free (self->scratch, TRUE);
  g_free (self);
}

void
isplic_exporter_begin (IsplicExporter *self,
                       GString        *out)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (out != NULL);

  self->n_added = 0;
  if (self->format == ISPLIC_EXPORT_JSON)
    return;

  for (guint f = 0; f < n_fields (self->flags); f++)
    {
      if (f > 0)
        g_string_append_c (out, ',');
      csv_append (out, self->scratch, field_names[f], FALSE);
    }
  g_string_append (out, "\r\n");
}

void
isplic_exporter_add (IsplicExporter *self,
                     GString        *out,
                     IsplicLicense  *license)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (out != NULL);
  g_return_if_fail (ISPLIC_IS_LICENSE (license));

  if (self->format == ISPLIC_EXPORT_JSON)
    {
      g_string_append (out, self->n_added == 0 ? "[\n" : ",\n");
      json_license (out, "  ", license, self->flags);
    }
  else
    csv_license (self, out, license);
  self->n_added++;
}

void
isplic_exporter_end (IsplicExporter *self,
                     GString        *out)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (out != NULL);

  if (self->format == ISPLIC_EXPORT_JSON)
    g_string_append (out, self->n_added == 0 ? "[]\n" : "\n]\n");
}

/* ---- whole documents --------------------------------------------------------------------- */

char *
isplic_export_to_string (GPtrArray          *licenses,
                         IsplicExportFormat  format,
                         IsplicExportFlags   flags)
{
  g_autoptr(IsplicExporter) exporter = NULL;
  GString *out;

  g_return_val_if_fail (licenses != NULL, NULL);

  exporter = isplic_exporter_new (format, flags);
  out = g_string_sized_new (256 + licenses->len * 256);
  isplic_exporter_begin (exporter, out);
  for (guint i = 0; i < licenses->len; i++)
    isplic_exporter_add (exporter, out, g_ptr_array_index (licenses, i));
  isplic_exporter_end (exporter, out);
  return g_string_free (out, FALSE);
}

static gboolean
write_out (GOutputStream  *stream,
           GString        *out,
           GCancellable   *cancellable,
           GError        **error)
{
  gboolean ok = g_output_stream_write_all (stream, out->str, out->len, NULL, cancellable, error);

  g_string_truncate (out, 0);
  return ok;
}

gboolean
isplic_export_to_stream (GPtrArray           *licenses,
                         IsplicExportFormat   format,
                         IsplicExportFlags    flags,
                         GOutputStream       *stream,
                         GCancellable        *cancellable,
                         GError             **error)
{
  g_autoptr(IsplicExporter) exporter = NULL;
  g_autoptr(GString) out = NULL;

  g_return_val_if_fail (licenses != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  exporter = isplic_exporter_new (format, flags);
  out = g_string_sized_new (STREAM_CHUNK + 4096);
  isplic_exporter_begin (exporter, out);
  for (guint i = 0; i < licenses->len; i++)
    {
      isplic_exporter_add (exporter, out, g_ptr_array_index (licenses, i));
      if (out->len >= STREAM_CHUNK && !write_out (stream, out, cancellable, error))
        return FALSE;
    }
  isplic_exporter_end (exporter, out);
  return write_out (stream, out, cancellable, error);
}

static void
replace_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
isplic_export_to_file_async (GPtrArray           *licenses,
                             IsplicExportFormat   format,
                             IsplicExportFlags    flags,
                             GFile               *file,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *text;

  g_return_if_fail (licenses != NULL);
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (file, cancellable, callback, user_data);
  g_task_set_source_tag (task, isplic_export_to_file_async);

  /* The licenses may change under a refresh in this thread: the text is taken now. */
  text = isplic_export_to_string (licenses, format, flags);
  bytes = g_bytes_new_take (text, strlen (text));
  /* An existing file is replaced by renaming the new one over it once written. */
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_NONE, cancellable,
                                       replace_cb, g_steal_pointer (&task));
}

gboolean
isplic_export_to_file_finish (GFile         *file,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, file), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == isplic_export_to_file_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
isplic_export_format_for_name (const char         *name,
                               IsplicExportFormat *format)
{
  g_autofree char *lower = NULL;

  g_return_val_if_fail (format != NULL, FALSE);

  if (name == NULL)
    return FALSE;
  lower = g_ascii_strdown (name, -1);
  if (g_str_has_suffix (lower, ".csv"))
    *format = ISPLIC_EXPORT_CSV;
  else if (g_str_has_suffix (lower, ".json"))
    *format = ISPLIC_EXPORT_JSON;
  else
    return FALSE;
  return TRUE;
}
