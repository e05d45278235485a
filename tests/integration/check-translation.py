#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""check-translation.py SRCROOT LANG

Checks po/LANG.po twice with `msgfmt --check --statistics`: as it is in git, and merged with a
template extracted from the current sources (so a new string that nobody translated yet fails
here, not in front of a user). Fails on any untranslated or fuzzy message and lists them."""

import os
import re
import subprocess
import sys
import tempfile

srcroot, lang = sys.argv[1], sys.argv[2]
podir = os.path.join(srcroot, "po")
po = os.path.join(podir, lang + ".po")

# The same keywords and flags as meson's i18n 'glib' preset.
XGETTEXT_ARGS = [
    "--from-code=UTF-8", "--add-comments", "--package-name=isplic",
    "--keyword=_", "--keyword=N_", "--keyword=C_:1c,2", "--keyword=NC_:1c,2",
    "--keyword=g_dcgettext:2", "--keyword=g_dngettext:2,3", "--keyword=g_dpgettext2:2c,3",
    "--flag=N_:1:pass-c-format", "--flag=C_:2:pass-c-format", "--flag=NC_:2:pass-c-format",
    "--flag=g_dngettext:2:pass-c-format", "--flag=g_strdup_printf:1:c-format",
    "--flag=g_string_printf:2:c-format", "--flag=g_string_append_printf:2:c-format",
    "--flag=g_error_new:3:c-format", "--flag=g_set_error:4:c-format",
    "--flag=g_markup_printf_escaped:1:c-format", "--flag=g_log:3:c-format",
    "--flag=g_print:1:c-format", "--flag=g_printerr:1:c-format", "--flag=g_printf:1:c-format",
    "--flag=g_fprintf:2:c-format", "--flag=g_sprintf:2:c-format", "--flag=g_snprintf:3:c-format",
]

STATS = re.compile(r"(\d+) translated messages?(?:, (\d+) fuzzy translations?)?(?:, (\d+) untranslated messages?)?")


def check(path, label):
    proc = subprocess.run(["msgfmt", "--check", "--statistics", "-o", os.devnull, path],
                          capture_output=True, text=True)
    out = (proc.stdout + proc.stderr).strip()
    print(f"{label}: {out}")
    if proc.returncode != 0:
        return False
    m = STATS.search(out)
    if not m:
        print(f"{label}: cannot read msgfmt's statistics", file=sys.stderr)
        return False
    fuzzy = int(m.group(2) or 0)
    untranslated = int(m.group(3) or 0)
    if fuzzy or untranslated:
        listing = subprocess.run(["msgattrib", "--no-wrap", "--no-obsolete", "--only-fuzzy", path],
                                 capture_output=True, text=True).stdout
        listing += subprocess.run(["msgattrib", "--no-wrap", "--no-obsolete", "--untranslated", path],
                                  capture_output=True, text=True).stdout
        ids = [line for line in listing.splitlines() if line.startswith("msgid ") and line != 'msgid ""']
        for line in ids[:40]:
            print(f"{label}: not translated: {line[6:]}", file=sys.stderr)
        if len(ids) > 40:
            print(f"{label}: … and {len(ids) - 40} more", file=sys.stderr)
        return False
    return True


if not os.path.isfile(po):
    print(f"po/{lang}.po does not exist", file=sys.stderr)
    sys.exit(1)

ok = check(po, f"po/{lang}.po")

with tempfile.TemporaryDirectory() as tmp:
    pot = os.path.join(tmp, "isplic.pot")
    subprocess.run(["xgettext", "--files-from=" + os.path.join(podir, "POTFILES.in"),
                    "--directory=" + srcroot, "--output=" + pot] + XGETTEXT_ARGS, check=True)
    merged = os.path.join(tmp, lang + ".po")
    subprocess.run(["msgmerge", "--quiet", "--no-fuzzy-matching", "--output-file=" + merged, po, pot],
                   check=True)
    ok = check(merged, f"po/{lang}.po merged with the current sources") and ok

sys.exit(0 if ok else 1)
