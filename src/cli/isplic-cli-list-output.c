/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The list of licenses as a table, CSV or JSON, written out as it is formatted: no document tree,
 * no copy of the whole output, each cell measured once, and (when asked) each license let go as
 * soon as it has been written. CSV and JSON come from the core (isplic-export.h), which the
 * app's export shares. */
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

/* ---- CSV and JSON (isplic-export.h) ------------------------------------------------------ */

void
isplic_cli_json_append_string (GString    *out,
                               const char *text)
{
  isplic_export_append_json_string (out, text);
}

static char *
write_export (GPtrArray          *licenses,
              IsplicExportFormat  format,
              FILE               *file,
              gboolean            release)
{
  g_autoptr(IsplicExporter) exporter = isplic_exporter_new (format, ISPLIC_EXPORT_FLAGS_NONE);
  Sink sink;

  sink_init (&sink, file);
  isplic_exporter_begin (exporter, sink.buf);
  for (guint i = 0; i < licenses->len; i++)
    {
      isplic_exporter_add (exporter, sink.buf, g_ptr_array_index (licenses, i));
      if (release)
        release_license (licenses, i);
      sink_flush (&sink, FALSE);
    }
  isplic_exporter_end (exporter, sink.buf);
  if (release)
    release_array (licenses);
  return sink_finish (&sink);
}

char *
isplic_cli_format_json (GPtrArray *licenses)
{
  return write_export (licenses, ISPLIC_EXPORT_JSON, NULL, FALSE);
}

void
isplic_cli_write_json (GPtrArray *licenses,
                       FILE      *file)
{
  write_export (licenses, ISPLIC_EXPORT_JSON, file, TRUE);
}

char *
isplic_cli_format_license_json (IsplicLicense *license)
{
  GString *out = g_string_new (NULL);

  isplic_export_append_license_json (out, license, ISPLIC_EXPORT_FLAGS_NONE);
  return g_string_free (out, FALSE);
}

char *
isplic_cli_format_csv (GPtrArray *licenses)
{
  return write_export (licenses, ISPLIC_EXPORT_CSV, NULL, FALSE);
}

void
isplic_cli_write_csv (GPtrArray *licenses,
                      FILE      *file)
{
  write_export (licenses, ISPLIC_EXPORT_CSV, file, TRUE);
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
