/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "isplic-text-safe.h"

G_BEGIN_DECLS

/* The CLI's names for the core's filter (isplic-text-safe.h), which the exports share: what the
 * CLI prints and what the app exports are made safe by the same code. */

static inline gboolean
isplic_cli_unichar_is_unsafe (gunichar c)
{
  return isplic_text_unichar_is_unsafe (c);
}

static inline void
isplic_cli_safe_append (GString    *out,
                        const char *text,
                        gssize      len)
{
  isplic_text_safe_append (out, text, len);
}

static inline char *
isplic_cli_safe (const char *text)
{
  return isplic_text_safe (text);
}

static inline char *
isplic_cli_safe_json (const char *json)
{
  return isplic_text_safe_json (json);
}

G_END_DECLS
