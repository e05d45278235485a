/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "isplic-core.h"

G_BEGIN_DECLS

/* For class_init: registers the resources, gives the class the dialog accessible role (screen
 * readers announce a dialog, not a plain window) and sets its template from @ui_file, a file
 * name in the dialogs' resource folder. */
void       isplic_dialog_class_set_template       (GtkWidgetClass *widget_class,
                                                   const char     *ui_file);

/* Gives @widget the keyboard focus when @dialog opens, instead of the first button of the header
 * bar (Cancel): the dialogs open on their first field, or on their default action when they
 * have none. Does nothing when @widget is hidden or insensitive by then. */
void       isplic_dialog_set_initial_focus        (GtkWindow      *dialog,
                                                   GtkWidget      *widget);

/* Titles for a dialog about one license: @title ("Edit License") over @subtitle (the license's
 * name, nullable) in the header bar's @title_widget, so a long name is cut on its own line and
 * never takes the title with it; the window's own title (read by screen readers and the window
 * list) is the whole sentence @window_title. */
void       isplic_dialog_set_titles               (GtkWindow      *dialog,
                                                   AdwWindowTitle *title_widget,
                                                   const char     *title,
                                                   const char     *subtitle,
                                                   const char     *window_title);

/* Names the account @client works on, on a line under @dialog's header bar (an AdwWindow whose
 * content is a vertical box) or at the top of its extra child (an AdwMessageDialog): "Account:
 * EU partner (user@example.com)", the name stored in the app's accounts when there is one. Money
 * never moves on an account the person did not pick. Returns (transfer none) the label. */
GtkWidget *isplic_dialog_add_account_line         (GtkWindow      *dialog,
                                                   IsplicClient   *client);

/* Adds the shared "succeeded" (const char *message, GStrv ids) signal to @type. */
guint      isplic_dialog_add_succeeded_signal     (GType         type);

/* TRUE for G_IO_ERROR_CANCELLED. */
gboolean   isplic_dialog_error_is_cancelled       (const GError *error);

/* Shows @text in @label (visible) or hides it when @text is NULL. */
void       isplic_dialog_set_message              (GtkLabel     *label,
                                                   const char   *text);

/* Shows @spinner, spinning, while @busy (hides it otherwise) and @status in @status_label
 * (nullable: a dialog without a status line). */
void       isplic_dialog_show_progress            (GtkWidget    *spinner,
                                                   GtkLabel     *status_label,
                                                   gboolean      busy,
                                                   const char   *status);

/* Shows @message in @error_label and relabels @button "Try Again". */
void       isplic_dialog_offer_retry              (GtkLabel     *error_label,
                                                   GtkWidget    *button,
                                                   const char   *message);

/* Emits @signal_id ("succeeded") on @dialog, then closes it unless a handler disposed it
 * (*@disposed, the dialog's own flag, read after the emission). */
void       isplic_dialog_succeed                  (GtkWindow          *dialog,
                                                   guint               signal_id,
                                                   const char         *message,
                                                   const char * const *ids,
                                                   const gboolean     *disposed);

/* (transfer full) what happened to a money request whose outcome is unknown, then what the
 * check with the server found: @cause is the error's own message (it starts with what went
 * wrong: no answer, an HTTP error…), @finding a sentence. */
char      *isplic_dialog_uncertain_message        (const char   *cause,
                                                   const char   *finding);

/* Adds or removes the "error" style class. */
void       isplic_dialog_set_error_style          (GtkWidget    *widget,
                                                   gboolean      error);

/* A person's name for the license: its name, or its id when it has none. */
const char *isplic_dialog_license_label           (IsplicLicense *license);

/* (transfer full) the license's label in a bidi isolate (isplic_bidi_isolate()), for use
 * inside a sentence: a name with bidi controls cannot reorder the words around it. */
char      *isplic_dialog_license_in_text          (IsplicLicense *license);

/* "“a”, “b”, “c” and 7 more" — at most @max names, each in a bidi isolate. */
char      *isplic_dialog_format_names             (GPtrArray    *licenses,
                                                   guint         max);

/* (transfer full) a new array holding a reference to each license, each id once (the first
 * license of an id kept, in order). */
GPtrArray *isplic_dialog_copy_licenses            (GPtrArray    *licenses);

/* (transfer full) a NULL-terminated array of the licenses' ids, each once. */
GStrv      isplic_dialog_license_ids              (GPtrArray    *licenses);

/* "YYYY-MM-DD", or a translated "unknown" for NULL. */
char      *isplic_dialog_format_date              (GDateTime    *date);

/* Text of an editable with surrounding white space removed. */
char      *isplic_dialog_get_stripped_text        (GtkEditable  *editable);

/* A GListModel of strings for an AdwComboRow. */
GListModel *isplic_dialog_string_model_new        (const char * const *strings);

G_END_DECLS
