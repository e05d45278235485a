/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "isplic-uninstalled.h"

gboolean
isplic_uninstalled_is_build_exe (const char *exe_path)
{
  g_autofree char *own = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *canonical_dir = NULL;
  g_autofree char *build_dir = NULL;

  if (exe_path == NULL)
    {
      /* Linux: the real path of the running binary. Elsewhere: treat as installed. */
      own = g_file_read_link ("/proc/self/exe", NULL);
      exe_path = own;
    }
  if (exe_path == NULL || !g_path_is_absolute (exe_path))
    return FALSE;

  /* Only the binary in the app's own build folder counts: an install into a DESTDIR inside the
   * build tree (the install test) is an installed app. */
  dir = g_path_get_dirname (exe_path);
  canonical_dir = g_canonicalize_filename (dir, NULL);
  build_dir = g_canonicalize_filename (ISPLIC_APP_BUILD_DIR, NULL);
  return strcmp (canonical_dir, build_dir) == 0;
}

const char *
isplic_uninstalled_locale_dir (void)
{
  const char *env = g_getenv ("ISPLIC_LOCALEDIR");

  if (env != NULL && *env != '\0')
    return env;
  if (isplic_uninstalled_is_build_exe (NULL))
    return ISPLIC_BUILD_LOCALEDIR;
  return LOCALEDIR;
}

void
isplic_uninstalled_setup (void)
{
  if (!isplic_uninstalled_is_build_exe (NULL))
    return;
  g_setenv ("GSETTINGS_SCHEMA_DIR", ISPLIC_BUILD_SCHEMA_DIR, FALSE);
}
