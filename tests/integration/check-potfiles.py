#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fails when a source file with translatable strings is missing from po/POTFILES.in,
or when POTFILES.in names a file that does not exist.

With --update, rewrites POTFILES.in instead: its entries outside src/ are kept, the src/ ones are
replaced by the files found."""

import os
import re
import sys

update = "--update" in sys.argv[1:]
srcroot = [a for a in sys.argv[1:] if a != "--update"][0]
potfiles_path = os.path.join(srcroot, "po", "POTFILES.in")

# _( N_( C_( NC_( ngettext( g_dngettext( … in C; translatable="yes" in GtkBuilder files.
C_PATTERN = re.compile(r"(?<![A-Za-z0-9_])(_|N_|C_|NC_|ngettext|g_dngettext|g_dpgettext2|g_dcgettext)\s*\(")
UI_PATTERN = re.compile(r"translatable\s*=\s*[\"'](yes|true|1)[\"']")

listed = []
with open(potfiles_path, encoding="utf-8") as f:
    for line in f:
        line = line.strip()
        if line and not line.startswith("#"):
            listed.append(line)

errors = []
for path in listed:
    if not os.path.isfile(os.path.join(srcroot, path)):
        errors.append(f"po/POTFILES.in lists {path}, which does not exist")

needed = []
for dirpath, dirnames, filenames in os.walk(os.path.join(srcroot, "src")):
    dirnames.sort()
    for name in sorted(filenames):
        full = os.path.join(dirpath, name)
        rel = os.path.relpath(full, srcroot)
        if name.endswith(".c"):
            pattern = C_PATTERN
        elif name.endswith(".ui"):
            pattern = UI_PATTERN
        else:
            continue
        with open(full, encoding="utf-8", errors="replace") as f:
            if pattern.search(f.read()):
                needed.append(rel)

if update:
    header = []
    with open(potfiles_path, encoding="utf-8") as f:
        header = [line.rstrip("\n") for line in f if line.startswith("#")]
    others = [p for p in listed if not p.startswith("src/")
              and os.path.isfile(os.path.join(srcroot, p))]
    with open(potfiles_path, "w", encoding="utf-8") as f:
        f.write("\n".join(header + others + needed) + "\n")
    print(f"po/POTFILES.in: {len(others) + len(needed)} files")
    sys.exit(0)

missing = [p for p in needed if p not in listed]
for path in missing:
    errors.append(f"{path} has translatable strings but is missing from po/POTFILES.in")

print(f"{len(needed)} source files with translatable strings, {len(listed)} files in POTFILES.in")
for e in errors:
    print("error:", e, file=sys.stderr)
sys.exit(1 if errors else 0)
