/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * LD_PRELOAD shim for the black-box translation test: the app binds its text domain to the
 * compiled-in install location (LOCALEDIR), which holds nothing before `meson install`. When
 * ISPLIC_TEST_LOCALEDIR is set, the "isplic" domain is bound to that directory instead (the
 * build's po/ folder), so the uninstalled app shows the catalogue built from po/ru.po.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

typedef char *(*BindFunc) (const char *domainname, const char *dirname);

char *bindtextdomain (const char *domainname, const char *dirname);

char *
bindtextdomain (const char *domainname,
                const char *dirname)
{
  static BindFunc real_bindtextdomain;
  const char *override = getenv ("ISPLIC_TEST_LOCALEDIR");

  if (real_bindtextdomain == NULL)
    {
      void *sym = dlsym (RTLD_NEXT, "bindtextdomain");
      memcpy (&real_bindtextdomain, &sym, sizeof sym);
    }

  if (override != NULL && domainname != NULL && dirname != NULL &&
      strcmp (domainname, "isplic") == 0)
    dirname = override;

  return real_bindtextdomain (domainname, dirname);
}
