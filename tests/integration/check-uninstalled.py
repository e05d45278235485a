#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""check-uninstalled.py APP RU_PO BUILD_ROOT LOCALEDIR MESON

The uninstalled app finds the build's translations by itself: `APP --help` with LANGUAGE=ru and
none of the test environment's helpers (no ISPLIC_LOCALEDIR, no GSETTINGS_SCHEMA_DIR) prints the
Russian option texts from po/ru.po. A copy of the binary outside the build folder is an installed
app and looks in LOCALEDIR instead, unless `meson devenv` points it at the build's po/."""

import gettext
import os
import shutil
import subprocess
import sys
import tempfile

app, ru_po, build_root, localedir, meson = sys.argv[1:6]
app = os.path.abspath(app)
OPTION = "Start with the built-in demo server and sample licenses"

with tempfile.TemporaryDirectory() as tmp:
    mo = os.path.join(tmp, "ru.mo")
    subprocess.run(["msgfmt", "-o", mo, ru_po], check=True)
    with open(mo, "rb") as f:
        russian = gettext.GNUTranslations(f).gettext(OPTION)
    if russian == OPTION:
        sys.exit(f"po/ru.po does not translate {OPTION!r}")

    env = {k: v for k, v in os.environ.items()
           if k not in ("ISPLIC_LOCALEDIR", "GSETTINGS_SCHEMA_DIR", "LANG", "LC_MESSAGES")}
    env.update({"LANGUAGE": "ru", "LC_ALL": "C.UTF-8"})

    def help_text(cmd, cwd=tmp):
        out = subprocess.run(cmd + ["--help"], env=env, cwd=cwd, check=True,
                             capture_output=True, text=True).stdout
        return out

    failed = False
    out = help_text([app])
    if russian in out:
        print(f"ok: the uninstalled app shows {russian!r}")
    else:
        print(f"FAIL: the uninstalled app, LANGUAGE=ru, printed:\n{out}", file=sys.stderr)
        failed = True

    # The same binary outside the build folder: an installed app, which reads LOCALEDIR only.
    copy = os.path.join(tmp, "isplic")
    shutil.copy(app, copy)
    installed_mo = os.path.join(localedir, "ru", "LC_MESSAGES", "isplic.mo")
    out = help_text([copy])
    if os.path.exists(installed_mo):
        print(f"skip: {installed_mo} is installed, so a copy shows Russian either way")
    elif OPTION in out and russian not in out:
        print("ok: a copy outside the build folder looks in LOCALEDIR (English)")
    else:
        print(f"FAIL: a copy outside the build folder printed:\n{out}", file=sys.stderr)
        failed = True

    # `meson devenv` sets ISPLIC_LOCALEDIR, so even that copy finds the build's translations.
    out = help_text([meson, "devenv", "-C", build_root, copy])
    if russian in out:
        print("ok: meson devenv points the app at the build's translations")
    else:
        print(f"FAIL: under meson devenv the copy printed:\n{out}", file=sys.stderr)
        failed = True

sys.exit(1 if failed else 0)
