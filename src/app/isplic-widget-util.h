/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* gtk_widget_set_tooltip_text(), but only when the text differs: GTK 4.8 sets it again anyway
 * and queries the tooltip, which asks the X server where the pointer is (a round trip). The
 * actions are updated on every search keystroke and sort step. */
static inline void
isplic_set_tooltip_text (GtkWidget  *widget,
                         const char *text)
{
  const char *current = gtk_widget_get_tooltip_text (widget);

  if (text != NULL && *text == '\0')
    text = NULL;
  if (g_strcmp0 (current, text) != 0)
    gtk_widget_set_tooltip_text (widget, text);
}

G_END_DECLS
