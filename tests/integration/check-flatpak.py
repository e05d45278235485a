#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""check-flatpak.py MANIFEST APP_ID: the Flatpak manifest is valid JSON, runs `isplic` on a GNOME
runtime, builds this tree with meson, and asks for no permission beyond what the app needs."""

import json
import sys

path, app_id = sys.argv[1], sys.argv[2]
with open(path, encoding="utf-8") as f:
    manifest = json.load(f)

ALLOWED = {"--share=network", "--share=ipc", "--socket=wayland", "--socket=fallback-x11",
           "--device=dri"}
errors = []


def expect(cond, message):
    if not cond:
        errors.append(message)


expect(manifest.get("app-id") == app_id, f"app-id is not {app_id}")
expect(manifest.get("command") == "isplic", "command is not isplic")
expect(manifest.get("runtime") == "org.gnome.Platform", "runtime is not org.gnome.Platform")
expect(manifest.get("sdk") == "org.gnome.Sdk", "sdk is not org.gnome.Sdk")
expect(str(manifest.get("runtime-version", "")).isdigit(), "runtime-version is not a GNOME release")
finish = set(manifest.get("finish-args", []))
expect(finish == ALLOWED, f"finish-args differ from {sorted(ALLOWED)}: {sorted(finish)}")
expect(not any("secrets" in a or "talk-name" in a for a in finish),
       "no direct Secret Service access: libsecret uses the secret portal")
modules = manifest.get("modules", [])
expect(modules and isinstance(modules[-1], dict), "the last module is not this project")
if modules and isinstance(modules[-1], dict):
    last = modules[-1]
    expect(last.get("buildsystem") == "meson", "the project is not built with meson")
    expect(any(src.get("type") == "dir" and src.get("path") == "../.."
               for src in last.get("sources", [])),
           "the project is not a dir source at ../..")
    expect("-Dwerror=false" in last.get("config-opts", []),
           "the Flatpak build must not turn a new compiler's warnings into errors")

for e in errors:
    print("error:", e, file=sys.stderr)
print("manifest ok" if not errors else f"{len(errors)} problem(s)")
sys.exit(1 if errors else 0)
