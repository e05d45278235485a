/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Making text from the server safe to print on a terminal or to put in an exported file.
 * Everything the CLI prints that came from the server (or from the command line) goes through
 * here, and so does every cell of an export (isplic-export.h).
 *
 * Shown visibly escaped:
 *   - C0 controls (also TAB, CR and LF inside a value), ESC and DEL: "\x1b", "\x0a", "\x7f";
 *   - bytes that are not UTF-8: "\xff";
 *   - C1 controls encoded as UTF-8 (U+0080–U+009F): "\u009b";
 *   - bidi embeddings, overrides, isolates and marks (U+202A–U+202E, U+2066–U+2069, U+200E,
 *     U+200F, U+061C) and the line/paragraph separators U+2028/U+2029: "\u202e".
 * A backslash is left as it is: the escapes are for reading, not for decoding, and ordinary
 * names with a backslash print unchanged. */

/* TRUE when the code point @c is shown escaped. */
gboolean isplic_text_unichar_is_unsafe (gunichar c);

/* Appends @text (@len bytes, or up to its NUL when -1) to @out with the characters above
 * escaped. */
void     isplic_text_safe_append       (GString    *out,
                                        const char *text,
                                        gssize      len);

/* (transfer full) @text made safe; NULL for NULL. The result is valid UTF-8. */
char    *isplic_text_safe              (const char *text);

/* (transfer full) The JSON document @json with every unsafe character inside its strings written
 * as a \uXXXX escape (bytes that are not UTF-8 as \ufffd), so that it stays valid JSON with the
 * same values and prints safely. Structure (newlines, indentation) is kept. */
char    *isplic_text_safe_json         (const char *json);

G_END_DECLS
