/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "isplic-application.h"
#include "isplic-uninstalled.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(IsplicApplication) app = NULL;

  isplic_uninstalled_setup ();
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, isplic_uninstalled_locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("IspLic"));
  app = isplic_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
