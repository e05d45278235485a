#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""test-russian-ui.py APP RU_PO

Black-box: starts the real, uninstalled app in demo mode with LANGUAGE=ru and nothing pointing it
at the build's translations or schema (it finds both by itself), and reads its main window through
the accessibility tree, as a screen reader would. Passes when labels translated in po/ru.po show
up in Russian, and no label from the app's .ui files is left in English."""

import gettext
import os
import re
import subprocess
import sys
import tempfile
import time

# The meson test environment makes GLib warnings fatal. In this driver process they come from
# libatspi while the app's tree changes (e.g. "Object does not exist at path …"), which is normal
# for a live UI: keep them non-fatal here, before GLib is loaded. The app keeps its own G_DEBUG.
_app_g_debug = os.environ.get("G_DEBUG", "")
os.environ["G_DEBUG"] = ",".join(
    f for f in _app_g_debug.split(",") if f and f not in ("fatal-warnings", "fatal-criticals"))

import gi  # noqa: E402

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi  # noqa: E402

app_path, ru_po = sys.argv[1:3]


def catalogue(po_path, location=None):
    """msgid → msgstr of the translated, singular entries of a .po file (optionally only those
    extracted from files matching the wildcard @location), through the gettext tools."""
    with tempfile.TemporaryDirectory() as tmp:
        src = po_path
        if location is not None:
            src = os.path.join(tmp, "subset.po")
            subprocess.run(["msggrep", "--location=" + location, "-o", src, po_path], check=True)
            if not os.path.exists(src):
                return {}
        mo = os.path.join(tmp, "c.mo")
        subprocess.run(["msgfmt", "-o", mo, src], check=True)
        with open(mo, "rb") as f:
            cat = gettext.GNUTranslations(f)._catalog
    return {k: v for k, v in cat.items() if isinstance(k, str) and k and "\x04" not in k}


def clean(s):
    # Mnemonics and surrounding space do not count.
    return s.replace("_", "").strip()


everything = catalogue(ru_po)
russian = {clean(s) for i, s in everything.items() if clean(s) != clean(i) and "%" not in i}
ui_english = {clean(i) for i, s in catalogue(ru_po, "src/app/*.ui").items()
              if clean(s) != clean(i) and "%" not in i and len(clean(i)) > 2}
ui_english |= {clean(i) for i, s in catalogue(ru_po, "src/app/dialogs/*.ui").items()
               if clean(s) != clean(i) and "%" not in i and len(clean(i)) > 2}

env = dict(os.environ)
env["G_DEBUG"] = _app_g_debug
env.update({
    "LANGUAGE": "ru",
    "LC_ALL": "C.UTF-8",
    "GDK_BACKEND": "x11",
    "GSK_RENDERER": "cairo",
    "GSETTINGS_BACKEND": "memory",
})
env.pop("GTK_A11Y", None)
env.pop("GSETTINGS_SCHEMA_DIR", None)
env.pop("ISPLIC_LOCALEDIR", None)
env.pop("NO_AT_BRIDGE", None)

proc = subprocess.Popen([app_path, "--demo"], env=env)


def find_app():
    desktop = Atspi.get_desktop(0)
    for i in range(desktop.get_child_count()):
        child = desktop.get_child_at_index(i)
        if child is None:
            continue
        try:
            if child.get_process_id() == proc.pid:
                return child
        except gi.repository.GLib.Error:
            continue
    return None


def collect(node, names, depth=0):
    if node is None or depth > 40 or len(names) > 5000:
        return
    try:
        name = node.get_name()
        role = node.get_role_name()
        n = node.get_child_count()
    except gi.repository.GLib.Error:
        return
    if name:
        names.add(clean(name))
    if role in ("label", "text"):
        try:
            count = Atspi.Text.get_character_count(node)
            names.add(clean(Atspi.Text.get_text(node, 0, count)))
        except (gi.repository.GLib.Error, TypeError, AttributeError):
            pass
    # Big lists: a few rows are enough.
    limit = 30 if role in ("list", "tree table", "table", "list box") else n
    for i in range(min(n, limit)):
        try:
            collect(node.get_child_at_index(i), names, depth + 1)
        except gi.repository.GLib.Error:
            pass


status = 1
try:
    deadline = time.monotonic() + 45
    found = set()
    good = set()
    loaded = False
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            print(f"the app exited with status {proc.returncode}", file=sys.stderr)
            break
        app = find_app()
        if app is not None:
            names = set()
            collect(app, names)
            good = names & russian
            found = names
            # Wait until the demo licenses are on screen (their expiry dates are in the rows),
            # so that labels filled in from the server's answers are checked too.
            loaded = any(re.search(r"\d{4}-\d{2}-\d{2}", n) for n in names)
            if len(good) >= 3 and loaded:
                time.sleep(1.0)
                names = set()
                collect(app, names)
                good = names & russian
                found = names
                break
        time.sleep(0.5)

    english = sorted(found & ui_english)
    print(f"{len(found)} accessible names; Russian from po/ru.po: {sorted(good)[:25]}")
    cyrillic = [n for n in found if re.search("[А-Яа-яЁё]", n)]
    rows = sorted(n for n in found if re.search(r"\d{4}-\d{2}-\d{2}", n))
    print(f"license rows seen (expiry cells): {len(rows)}, e.g. {rows[:3]}")
    if not loaded:
        print("the demo licenses never appeared in the window", file=sys.stderr)
    elif len(good) < 3:
        print(f"fewer than 3 translated labels found (Cyrillic names: {cyrillic[:10]})",
              file=sys.stderr)
    elif english:
        print(f"labels from the app's .ui files still in English: {english}", file=sys.stderr)
    else:
        status = 0
finally:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()

sys.exit(status)
