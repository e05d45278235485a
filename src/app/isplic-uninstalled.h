/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Running the app from its build folder, as `build-aux/dev run` and the tests do: the uninstalled
 * binary finds the build's compiled translations and GSettings schema by itself, so it shows the
 * desktop's language before anything is installed. */

/* TRUE when @exe_path (NULL: this process's executable) is the binary in the build folder. */
gboolean     isplic_uninstalled_is_build_exe (const char *exe_path);
/* The folder to bind the text domain to: $ISPLIC_LOCALEDIR when set (`meson devenv`), the
 * build's po/ folder when running uninstalled, else the installed LOCALEDIR. */
const char  *isplic_uninstalled_locale_dir   (void);
/* When running uninstalled and GSETTINGS_SCHEMA_DIR is unset, points it at the build's compiled
 * schema. Call first thing in main(), before any thread or GSettings exists. */
void         isplic_uninstalled_setup        (void);

G_END_DECLS
