/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <pango/pango.h>

#include "isplic-core.h"

G_BEGIN_DECLS

/* License facts and server text as the app shows them; shared by the window and the dialogs. */

/* (transfer full) @text inside a Unicode first-strong isolate (U+2068 … U+2069), for server text
 * (license names) placed inside a sentence: whatever bidi controls it holds cannot reorder the
 * words around it. NULL gives an empty isolate. */
char     *isplic_bidi_isolate      (const char    *text);

/* (transfer full) The tariff's short name as lists and pop-ups show it: "Lite", "Pro", "Host",
 * "Business", "Trial", "Business Trial" — without "ispmanager 6 " and saying "trial" once. From
 * @tariff, or when it is NULL from the server's @name ("Unknown" when that is NULL too). */
char     *isplic_tariff_short_name (const IsplicTariff *tariff,
                                    const char         *name);

/* Characters of a license key kept together on one line. */
#define ISPLIC_KEY_GROUP 8

/* (transfer full) Attributes for a label showing @key (wrap mode "char"): lines break only
 * between groups — after a "-" or every ISPLIC_KEY_GROUP characters of a part — never inside
 * one, and the text stays the key exactly (nothing inserted, so a copy by hand is clean).
 * NULL when @key is NULL or not plain ASCII (the label then wraps anywhere). */
PangoAttrList *isplic_key_wrap_attributes (const char *key);

/* TRUE for a trial license (trial period or a trial tariff): billmgr cannot renew it. */
gboolean  isplic_license_is_trial  (IsplicLicense *license);

G_END_DECLS
