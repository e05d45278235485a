/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "isplic-license.h"

G_BEGIN_DECLS

/*
 * The license list as CSV or JSON: the CLI's `list --csv` / `list --json` and the app's export
 * write the same fields with the same names, made safe the same way (isplic-text-safe.h).
 *
 * Fields, in this order (the model's property names): id, name, ip, tariff-id, tariff, status,
 * status-label, period, created, expires, auto-renew, cost, nodes, key.
 *
 * CSV (RFC 4180): a header line, CRLF line ends; a cell is quoted when it holds a comma, a quote,
 * or starts or ends with a space. Text the server sent is escaped visibly like on a terminal (a
 * line break inside a name is the four characters "\x0a"), so a row is always one line. A text
 * cell that starts with = + - @, TAB or CR gets a leading apostrophe, so that a spreadsheet shows
 * it as text instead of running it as a formula.
 *
 * JSON: an array of objects laid out as json-glib's pretty printer does it, two spaces a level;
 * integers for period, auto-renew and nodes, null for an unknown text. Control characters,
 * bidi marks and separators are \uXXXX escapes, bytes that are not UTF-8 \ufffd.
 *
 * With ISPLIC_EXPORT_WITHOUT_KEY the "key" field is left out altogether (the app's exports:
 * a file saved for a spreadsheet should not carry the activation keys).
 */

typedef enum {
  ISPLIC_EXPORT_CSV,
  ISPLIC_EXPORT_JSON,
} IsplicExportFormat;

typedef enum {
  ISPLIC_EXPORT_FLAGS_NONE = 0,
  ISPLIC_EXPORT_WITHOUT_KEY = 1 << 0,
} IsplicExportFlags;

/* A streaming writer: begin, one add per license, end, each appending to @out, which the
 * caller empties (writes out) whenever it likes. */
typedef struct _IsplicExporter IsplicExporter;

IsplicExporter *isplic_exporter_new   (IsplicExportFormat  format,
                                       IsplicExportFlags   flags);
void            isplic_exporter_free  (IsplicExporter     *self);
void            isplic_exporter_begin (IsplicExporter     *self,
                                       GString            *out);
void            isplic_exporter_add   (IsplicExporter     *self,
                                       GString            *out,
                                       IsplicLicense      *license);
void            isplic_exporter_end   (IsplicExporter     *self,
                                       GString            *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsplicExporter, isplic_exporter_free)

/* (transfer full) The whole document for @licenses (IsplicLicense, in this order). */
char    *isplic_export_to_string          (GPtrArray           *licenses,
                                           IsplicExportFormat   format,
                                           IsplicExportFlags    flags);

/* Writes the document to @stream in pieces of about 64 KiB; does not close it. */
gboolean isplic_export_to_stream          (GPtrArray           *licenses,
                                           IsplicExportFormat   format,
                                           IsplicExportFlags    flags,
                                           GOutputStream       *stream,
                                           GCancellable        *cancellable,
                                           GError             **error);

/* Replaces @file with the document. The text is made at once, in the calling thread (the
 * licenses belong to it), and written asynchronously. A file that was there is replaced only
 * once the new one is written whole (GIO writes beside it and renames): a failed export leaves
 * it as it was. */
void     isplic_export_to_file_async      (GPtrArray           *licenses,
                                           IsplicExportFormat   format,
                                           IsplicExportFlags    flags,
                                           GFile               *file,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean isplic_export_to_file_finish     (GFile               *file,
                                           GAsyncResult        *result,
                                           GError             **error);

/* The format for a file name ending in .csv or .json (any case); FALSE for another. */
gboolean isplic_export_format_for_name    (const char          *name,
                                           IsplicExportFormat  *format);

/* One license as a JSON object at no indentation, with a final newline (the CLI's show --json). */
void     isplic_export_append_license_json (GString            *out,
                                            IsplicLicense      *license,
                                            IsplicExportFlags   flags);

/* Appends @text (NULL: null) as a JSON string made safe like isplic_text_safe_json(). */
void     isplic_export_append_json_string (GString             *out,
                                           const char          *text);

/* (transfer none) The tariff's name as exported and shown by the CLI: the server's, else the
 * catalogue's, else its code. */
const char *isplic_export_tariff_text     (IsplicLicense       *license);

G_END_DECLS
