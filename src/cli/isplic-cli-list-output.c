/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The list of licenses as a table, CSV or JSON, written out as it is formatted: no document tree,
 * no copy of the whole output, each cell measured once, and (when asked) each license let go as
 * soon as it has been written. */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "isplic-cli-private.h"
#include "isplic-cli-safe.h"

/* Output is handed to the FILE in pieces of about this size. */
#define SINK_FLUSH (64 * 1024)

typedef struct
{
  GString *buf;  /* owned */
  FILE *file;    /* nullable: then everything stays in @buf */
} Sink;

static void
sink_init (Sink *sink,
           FILE *file)
{
  sink->buf = g_string_sized_new (file != NULL ? SINK_FLUSH + 4096 : 4096);
  sink->file = file;
}

static void
sink_flush (Sink    *sink,
            gboolean all)
{
  if (sink->file == NULL || (!all && sink->buf->len < SINK_FLUSH))
    return;
  if (sink->buf->len > 0)
    fwrite (sink->buf->str, 1, sink->buf->len, sink->file);
  g_string_truncate (sink->buf, 0);
}

/* Flushes what is left; returns the text when there is no FILE, else NULL. */
static char *
sink_finish (Sink *sink)
{
  sink_flush (sink, TRUE);
  if (sink->file != NULL)
    {
      g_string_free (sink->buf, TRUE);
      return NULL;
    }
  return g_string_free (sink->buf, FALSE);
}

/* With @release, the license at @i is let go once written; the array is freed at the end. */
static void
release_license (GPtrArray *licenses,
                 guint      i)
{
  g_clear_object ((IsplicLicense **) &g_ptr_array_index (licenses, i));
}

static void
release_array (GPtrArray *licenses)
{
  /* every slot is NULL now: nothing left for the free function */
  g_ptr_array_set_free_func (licenses, NULL);
  g_ptr_array_unref (licenses);
}

/* ---- JSON -------------------------------------------------------------------------------- */

/* Appends @text as a JSON string: quotes and backslashes escaped, control characters as \b \f \n
 * \r \t or \u00XX, every other character that is unsafe on a terminal (isplic-cli-safe.h) as
 * \uXXXX and every byte that is not UTF-8 as \ufffd, so that the document is valid JSON with the
 * server's values and prints safely. NULL is null. */
void
isplic_cli_json_append_string (GString    *out,
                               const char *text)
{
  const guchar *p = (const guchar *) text;

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

              if (isplic_cli_unichar_is_unsafe (c))
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
             const char *key,
             gboolean    first)
{
  if (!first)
    g_string_append_c (out, ',');
  g_string_append_c (out, '\n');
  g_string_append (out, indent);
  g_string_append (out, "  \"");
  g_string_append (out, key);
  g_string_append (out, "\" : ");
}

static void
json_string (GString    *out,
             const char *indent,
             const char *key,
             const char *value)
{
  json_member (out, indent, key, FALSE);
  isplic_cli_json_append_string (out, value);
}

static void
json_int (GString    *out,
          const char *indent,
          const char *key,
          int         value)
{
  json_member (out, indent, key, FALSE);
  g_string_append_printf (out, "%d", value);
}

static void
json_date (GString    *out,
           const char *indent,
           const char *key,
           GDateTime  *date)
{
  g_autofree char *text = isplic_date_format (date);

  json_string (out, indent, key, text);
}

/* One license as a JSON object in the layout of json-glib's pretty printer (two spaces a
 * level), at the nesting given by @indent. */
static void
json_license (GString       *out,
              const char    *indent,
              IsplicLicense *license)
{
  g_string_append (out, indent);
  g_string_append_c (out, '{');
  json_member (out, indent, "id", TRUE);
  isplic_cli_json_append_string (out, isplic_license_get_id (license));
  json_string (out, indent, "name", isplic_license_get_name (license));
  json_string (out, indent, "ip", isplic_license_get_ip (license));
  json_string (out, indent, "tariff-id", isplic_license_get_tariff_id (license));
  json_string (out, indent, "tariff", isplic_cli_tariff_text (license));
  json_string (out, indent, "status",
               isplic_license_status_to_nick (isplic_license_get_status (license)));
  json_string (out, indent, "status-label", isplic_license_get_status_label (license));
  json_int (out, indent, "period", isplic_license_get_period (license));
  json_date (out, indent, "created", isplic_license_get_created (license));
  json_date (out, indent, "expires", isplic_license_get_expires (license));
  json_int (out, indent, "auto-renew", isplic_license_get_auto_renew (license));
  json_string (out, indent, "cost", isplic_license_get_cost (license));
  json_int (out, indent, "nodes", isplic_license_get_nodes (license));
  json_string (out, indent, "key", isplic_license_get_key (license));
  g_string_append_c (out, '\n');
  g_string_append (out, indent);
  g_string_append_c (out, '}');
}

static char *
write_json (GPtrArray *licenses,
            FILE      *file,
            gboolean   release)
{
  Sink sink;

  sink_init (&sink, file);
  if (licenses->len == 0)
    g_string_append (sink.buf, "[]");
  else
    g_string_append_c (sink.buf, '[');
  for (guint i = 0; i < licenses->len; i++)
    {
      g_string_append (sink.buf, i == 0 ? "\n" : ",\n");
      json_license (sink.buf, "  ", g_ptr_array_index (licenses, i));
      if (release)
        release_license (licenses, i);
      sink_flush (&sink, FALSE);
    }
  if (licenses->len > 0)
    g_string_append (sink.buf, "\n]");
  g_string_append_c (sink.buf, '\n');
  if (release)
    release_array (licenses);
  return sink_finish (&sink);
}

char *
isplic_cli_format_json (GPtrArray *licenses)
{
  return write_json (licenses, NULL, FALSE);
}

void
isplic_cli_write_json (GPtrArray *licenses,
                       FILE      *file)
{
  write_json (licenses, file, TRUE);
}

char *
isplic_cli_format_license_json (IsplicLicense *license)
{
  GString *out = g_string_new (NULL);

  json_license (out, "", license);
  g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}

/* ---- CSV --------------------------------------------------------------------------------- */

/* The machine-readable field names, shared by --json and --csv (the model's property names). */
static const char * const field_names[] = {
  "id", "name", "ip", "tariff-id", "tariff", "status", "status-label", "period", "created",
  "expires", "auto-renew", "cost", "nodes", "key",
};

static void
csv_append (GString    *out,
            GString    *scratch,
            const char *raw_value)
{
  const char *value;

  if (raw_value == NULL)
    return;
  g_string_truncate (scratch, 0);
  isplic_cli_safe_append (scratch, raw_value, -1);
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

static char *
write_csv (GPtrArray *licenses,
           FILE      *file,
           gboolean   release)
{
  g_autoptr(GString) scratch = g_string_new (NULL);
  Sink sink;

  sink_init (&sink, file);
  for (guint f = 0; f < G_N_ELEMENTS (field_names); f++)
    {
      if (f > 0)
        g_string_append_c (sink.buf, ',');
      csv_append (sink.buf, scratch, field_names[f]);
    }
  g_string_append (sink.buf, "\r\n");

  for (guint i = 0; i < licenses->len; i++)
    {
      IsplicLicense *license = g_ptr_array_index (licenses, i);
      g_autofree char *created = isplic_date_format (isplic_license_get_created (license));
      g_autofree char *expires = isplic_date_format (isplic_license_get_expires (license));
      char period[16], auto_renew[16], nodes[16];
      const char *values[G_N_ELEMENTS (field_names)];

      g_snprintf (period, sizeof period, "%d", isplic_license_get_period (license));
      g_snprintf (auto_renew, sizeof auto_renew, "%d", isplic_license_get_auto_renew (license));
      g_snprintf (nodes, sizeof nodes, "%d", isplic_license_get_nodes (license));
      values[0] = isplic_license_get_id (license);
      values[1] = isplic_license_get_name (license);
      values[2] = isplic_license_get_ip (license);
      values[3] = isplic_license_get_tariff_id (license);
      values[4] = isplic_cli_tariff_text (license);
      values[5] = isplic_license_status_to_nick (isplic_license_get_status (license));
      values[6] = isplic_license_get_status_label (license);
      values[7] = period;
      values[8] = created;
      values[9] = expires;
      values[10] = auto_renew;
      values[11] = isplic_license_get_cost (license);
      values[12] = nodes;
      values[13] = isplic_license_get_key (license);

      for (guint f = 0; f < G_N_ELEMENTS (values); f++)
        {
          if (f > 0)
            g_string_append_c (sink.buf, ',');
          csv_append (sink.buf, scratch, values[f]);
        }
      g_string_append (sink.buf, "\r\n");
      if (release)
        release_license (licenses, i);
      sink_flush (&sink, FALSE);
    }
  if (release)
    release_array (licenses);
  return sink_finish (&sink);
}

char *
isplic_cli_format_csv (GPtrArray *licenses)
{
  return write_csv (licenses, NULL, FALSE);
}

void
isplic_cli_write_csv (GPtrArray *licenses,
                      FILE      *file)
{
  write_csv (licenses, file, TRUE);
}

/* ---- the table --------------------------------------------------------------------------- */

enum { COL_ID, COL_NAME, COL_IP, COL_TARIFF, COL_STATUS, COL_EXPIRES, COL_AUTO_RENEW, N_COLS };

/* One row, made safe: the cells back to back, each ending in NUL, and their widths. */
typedef struct
{
  char *cells;  /* owned */
  guint widths[N_COLS];
} Row;

static void
row_add_cell (GString    *scratch,
              Row        *row,
              guint       col,
              const char *text)
{
  gsize start = scratch->len;

  isplic_cli_safe_append (scratch, (text == NULL || *text == '\0') ? "-" : text, -1);
  row->widths[col] = isplic_cli_display_width (scratch->str + start);
  g_string_append_c (scratch, '\0');
}

static void
table_line (GString            *out,
            const char * const *cells,
            const guint        *cell_widths,
            const guint        *widths)
{
  for (guint c = 0; c < N_COLS; c++)
    {
      g_string_append (out, cells[c]);
      if (c + 1 < N_COLS)
        {
          guint pad = widths[c] - cell_widths[c] + 2;

          for (guint k = 0; k < pad; k++)
            g_string_append_c (out, ' ');
        }
    }
  g_string_append_c (out, '\n');
}

static char *
write_table (GPtrArray *licenses,
             FILE      *file,
             gboolean   release)
{
  const char *headers[N_COLS] = {
    C_("column", "ID"), C_("column", "NAME"), C_("column", "IP"), C_("column", "TARIFF"),
    C_("column", "STATUS"), C_("column", "EXPIRES"), C_("column", "AUTO-RENEW"),
  };
  g_autoptr(GString) scratch = g_string_new (NULL);
  guint header_widths[N_COLS];
  guint widths[N_COLS];
  guint n = licenses->len;
  Row *rows = g_new (Row, n);
  Sink sink;

  for (guint c = 0; c < N_COLS; c++)
    widths[c] = header_widths[c] = isplic_cli_display_width (headers[c]);

  /* The widths need every row before the first is printed: the rows are kept, made safe and
   * measured once, and the licenses let go. */
  for (guint i = 0; i < n; i++)
    {
      IsplicLicense *license = g_ptr_array_index (licenses, i);
      g_autofree char *expires = isplic_date_format (isplic_license_get_expires (license));
      Row *row = &rows[i];

      g_string_truncate (scratch, 0);
      row_add_cell (scratch, row, COL_ID, isplic_license_get_id (license));
      row_add_cell (scratch, row, COL_NAME, isplic_license_get_name (license));
      row_add_cell (scratch, row, COL_IP, isplic_license_get_ip (license));
      row_add_cell (scratch, row, COL_TARIFF, isplic_cli_tariff_text (license));
      row_add_cell (scratch, row, COL_STATUS, isplic_license_get_status_label (license));
      row_add_cell (scratch, row, COL_EXPIRES, expires);
      row_add_cell (scratch, row, COL_AUTO_RENEW,
                    isplic_cli_auto_renew_text (isplic_license_get_auto_renew (license)));
      row->cells = g_memdup2 (scratch->str, scratch->len);
      for (guint c = 0; c < N_COLS; c++)
        widths[c] = MAX (widths[c], row->widths[c]);
      if (release)
        release_license (licenses, i);
    }
  if (release)
    release_array (licenses);

  sink_init (&sink, file);
  table_line (sink.buf, headers, header_widths, widths);
  for (guint i = 0; i < n; i++)
    {
      const char *cells[N_COLS];
      const char *p = rows[i].cells;

      for (guint c = 0; c < N_COLS; c++)
        {
          cells[c] = p;
          p += strlen (p) + 1;
        }
      table_line (sink.buf, cells, rows[i].widths, widths);
      g_clear_pointer (&rows[i].cells, g_free);
      sink_flush (&sink, FALSE);
    }
  g_free (rows);
  return sink_finish (&sink);
}

char *
isplic_cli_format_table (GPtrArray *licenses)
{
  return write_table (licenses, NULL, FALSE);
}

void
isplic_cli_write_table (GPtrArray *licenses,
                        FILE      *file)
{
  write_table (licenses, file, TRUE);
}
