/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "isplic-core.h"

G_BEGIN_DECLS

/* License facts and server text as the app shows them; shared by the window and the dialogs. */

/* (transfer full) @text inside a Unicode first-strong isolate (U+2068 … U+2069), for server text
 * (license names) placed inside a sentence: whatever bidi controls it holds cannot reorder the
 * words around it. NULL gives an empty isolate. */
char     *isplic_bidi_isolate      (const char    *text);

/* TRUE for a trial license (trial period or a trial tariff): billmgr cannot renew it. */
gboolean  isplic_license_is_trial  (IsplicLicense *license);

G_END_DECLS
